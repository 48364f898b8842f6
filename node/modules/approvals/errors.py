"""Errors of the approvals module (pending approvals for multi-signer organisation accounts)."""

from __future__ import annotations

from node.core.errors import DepotError


class ApprovalsError(DepotError):
    code = "approvals_error"


class NotASigner(ApprovalsError):
    """None of the keys that signed this transaction is a signer of the organisation account."""

    code = "not_a_signer"


class UnknownApproval(ApprovalsError):
    code = "unknown_approval"
    http_status = 404


class ApprovalClosed(ApprovalsError):
    """The approval was executed, failed, cancelled or expired: it takes no more signatures."""

    code = "approval_closed"


class AlreadyApproved(ApprovalsError):
    """Every key that signed this transaction has already approved this request."""

    code = "already_approved"


class InvalidApproval(ApprovalsError):
    """The proposed transaction cannot be an approval (unknown kind, bad payload, deadline, limit)."""

    code = "invalid_approval"


class NotProposer(ApprovalsError):
    """Only the account that opened an approval may cancel it."""

    code = "not_proposer"
