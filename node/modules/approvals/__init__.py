"""Pending approvals for multi-signer organisation accounts, collected on chain."""

from __future__ import annotations

from node.core.registry import Module, RecordType, TxKind
from node.modules.approvals import errors
from node.modules.approvals.records import APPROVAL_PREFIX, Approval
from node.modules.approvals.transitions import (
    Cancel,
    Propose,
    Sign,
    apply_cancel,
    apply_propose,
    apply_sign,
    end_block,
)

MODULE = Module(
    name="approvals",
    tx_kinds=(
        TxKind("approval.propose", Propose, apply_propose, "Propose a transaction for an organisation account"),
        TxKind("approval.sign", Sign, apply_sign, "Approve a pending organisation-account transaction"),
        TxKind("approval.cancel", Cancel, apply_cancel, "Withdraw a pending approval request"),
    ),
    records=(RecordType(APPROVAL_PREFIX, Approval, "approval"),),
    errors=(
        errors.NotASigner,
        errors.UnknownApproval,
        errors.ApprovalClosed,
        errors.AlreadyApproved,
        errors.InvalidApproval,
        errors.NotProposer,
    ),
    end_block=end_block,
)
