"""State records of governance: proposals and their ballots."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.types import U8, U64, Address, Height, Power, TimestampMs

PROPOSAL_PREFIX = b"gov/proposal/"
NEXT_ID_KEY = b"gov/next_id"
OPEN_KEY = b"gov/open"

MAX_OPEN_PROPOSALS = 256


class ProposalStatus(enum.IntEnum):
    OPEN = 1
    PASSED = 2
    """Approved by more than 2/3 of voting power and applied."""
    REJECTED = 3
    """Enough power voted no that approval became impossible."""
    EXPIRED = 4
    FAILED = 5
    """Approved, but the action could not be applied (its error code is kept)."""


def proposal_key(proposal_id: int) -> bytes:
    return PROPOSAL_PREFIX + int(proposal_id).to_bytes(8, "big")


@dataclass(frozen=True, slots=True)
class Ballot:
    voter: Address
    approve: bool
    power: Power
    """Voting power of the voter's validators when the ballot was cast."""


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed governance action and the votes on it."""

    proposal_id: U64
    proposer: Address
    title: Annotated[str, MaxLen(256)]
    action_kind: Annotated[str, MaxLen(64)]
    action_payload: Annotated[bytes, MaxLen(16 * 1024)]
    created_height: Height
    deadline_ms: TimestampMs
    status: U8
    ballots: Annotated[tuple[Ballot, ...], MaxLen(150)]
    result_code: Annotated[str, MaxLen(64)]
    """"ok" once applied, or the error code if the action failed."""


@dataclass(frozen=True, slots=True)
class Counter:
    value: U64


@dataclass(frozen=True, slots=True)
class OpenProposals:
    ids: Annotated[tuple[U64, ...], MaxLen(MAX_OPEN_PROPOSALS)]
