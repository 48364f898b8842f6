"""State records of the approvals module: one record per pending (or closed) approval request."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.types import U8, U64, Address, Height, TimestampMs
from node.modules.accounts.records import AccountKey

APPROVAL_PREFIX = b"approval/item/"
NEXT_ID_KEY = b"approval/next_id"
OPEN_KEY = b"approval/open"

MAX_OPEN_APPROVALS = 1024
MAX_INNER_PAYLOAD = 32 * 1024
MAX_APPROVAL_PERIOD_MS = 7 * 24 * 3600 * 1000


class ApprovalStatus(enum.IntEnum):
    OPEN = 1
    EXECUTED = 2
    """Enough signers approved; the transaction ran as the organisation account and succeeded."""
    FAILED = 3
    """Enough signers approved, but the transaction's transition failed (its code is kept)."""
    EXPIRED = 4
    CANCELLED = 5


def approval_key(approval_id: int) -> bytes:
    return APPROVAL_PREFIX + int(approval_id).to_bytes(8, "big")


@dataclass(frozen=True, slots=True)
class Approval:
    """A transaction proposed for an organisation account, and the signer keys that approved it."""

    approval_id: U64
    account: Address
    """The multi-signer account the transaction will act as."""
    proposer: Address
    """The member's own account that opened the request."""
    kind: Annotated[str, MaxLen(64)]
    """The proposed transaction kind (any registered kind except ``approval.*``)."""
    payload: Annotated[bytes, MaxLen(MAX_INNER_PAYLOAD)]
    """Canonical encoding of that kind's payload."""
    memo: Annotated[str, MaxLen(256)]
    created_height: Height
    deadline_ms: TimestampMs
    status: U8
    """``ApprovalStatus``."""
    approvals: Annotated[tuple[AccountKey, ...], MaxLen(16)]
    """Keys of the account that approved, in the order they did."""
    result_code: Annotated[str, MaxLen(64)]
    """"" while open; "ok" once executed, or the transition's error code."""
    closed_height: Height
    """Height at which it stopped being open (0 while open)."""


@dataclass(frozen=True, slots=True)
class Counter:
    value: U64


@dataclass(frozen=True, slots=True)
class OpenApprovals:
    ids: Annotated[tuple[U64, ...], MaxLen(MAX_OPEN_APPROVALS)]
