"""Governance: proposals to register organisations and accounts, change roles (and, later, validators)."""

from __future__ import annotations

from node.core.registry import Module, RecordType, TxKind
from node.modules.governance import errors
from node.modules.governance.records import PROPOSAL_PREFIX, Proposal
from node.modules.governance.transitions import Propose, Vote, apply_propose, apply_vote, end_block

MODULE = Module(
    name="governance",
    tx_kinds=(
        TxKind("gov.propose", Propose, apply_propose, "Propose a governance action"),
        TxKind("gov.vote", Vote, apply_vote, "Vote on a governance proposal"),
    ),
    records=(RecordType(PROPOSAL_PREFIX, Proposal, "proposal"),),
    errors=(
        errors.NotGovernor,
        errors.NotVoter,
        errors.UnknownProposal,
        errors.ProposalClosed,
        errors.AlreadyVoted,
        errors.InvalidProposal,
    ),
    end_block=end_block,
)
