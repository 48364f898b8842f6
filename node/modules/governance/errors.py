"""Errors of the governance module."""

from __future__ import annotations

from node.core.errors import DepotError


class GovernanceError(DepotError):
    code = "governance_error"


class NotGovernor(GovernanceError):
    code = "not_governor"


class NotVoter(GovernanceError):
    """Only operators of current validators vote, with their validators' power."""

    code = "not_voter"


class UnknownProposal(GovernanceError):
    code = "unknown_proposal"
    http_status = 404


class ProposalClosed(GovernanceError):
    code = "proposal_closed"


class AlreadyVoted(GovernanceError):
    code = "already_voted"


class InvalidProposal(GovernanceError):
    code = "invalid_proposal"
