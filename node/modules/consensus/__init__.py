"""Validator membership by governance (add, remove, change power; effective at H+2) and evidence records."""

from __future__ import annotations

from node.core.evidence import EVIDENCE_PREFIX, EvidenceRecord, InvalidEvidence
from node.core.registry import GovernanceAction, Module, RecordType
from node.modules.consensus.validators import (
    PENDING_PREFIX,
    AddValidator,
    InvalidValidatorChange,
    PendingValidators,
    RemoveValidator,
    SetPower,
    action_add,
    action_remove,
    action_set_power,
    end_block,
)

MODULE = Module(
    name="consensus",
    actions=(
        GovernanceAction("validator.add", AddValidator, action_add, "Add a validator (effective two blocks later)"),
        GovernanceAction("validator.remove", RemoveValidator, action_remove, "Remove a validator (effective two blocks later)"),
        GovernanceAction("validator.set_power", SetPower, action_set_power, "Change a validator's voting power"),
    ),
    records=(
        RecordType(PENDING_PREFIX, PendingValidators, "pending validator set"),
        RecordType(EVIDENCE_PREFIX, EvidenceRecord, "evidence"),
    ),
    errors=(InvalidValidatorChange, InvalidEvidence),
    end_block=end_block,
)
