"""Consensus messages between validators: signed proposals and votes, in the canonical encoding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core import crypto
from node.core.blocks import SignedVote, Vote, vote_signing_message
from node.core.encoding import MaxLen, encode
from node.core.errors import DepotError
from node.core.hashing import tagged_hash
from node.core.types import U32, Address, Hash32, Height, Round
from node.core.validators import ValidatorSet

MAX_PROPOSAL_BYTES = 32 << 20


class InvalidMessage(DepotError):
    code = "invalid_consensus_message"


@dataclass(frozen=True, slots=True)
class ProposalHeader:
    """What a proposer signs: the block it proposes for a height and round."""

    height: Height
    round: Round
    pol_round_plus_one: U32
    """The proof-of-lock round + 1 (0 = none), so it stays unsigned on the wire."""
    block_id: Hash32


@dataclass(frozen=True, slots=True)
class SignedProposal:
    header: ProposalHeader
    proposer: Address
    signature: Annotated[bytes, MaxLen(64)]
    block: Annotated[bytes, MaxLen(MAX_PROPOSAL_BYTES)]
    """The canonical encoding of the proposed block."""

    @property
    def pol_round(self) -> int:
        return int(self.header.pol_round_plus_one) - 1


def proposal_signing_message(chain_id: str, ph: ProposalHeader) -> bytes:
    digest = tagged_hash(b"DEPOT/PROPOSAL", encode(ph))
    return crypto.signing_message(crypto.Domain.PROPOSAL, chain_id, digest)


def verify_vote(chain_id: str, vset: ValidatorSet, sv: SignedVote) -> None:
    v = vset.by_address(sv.validator)
    if v is None:
        raise InvalidMessage("vote from a validator outside the set")
    try:
        crypto.verify(v.scheme, v.public_key, vote_signing_message(chain_id, sv.vote), sv.signature)
    except DepotError as exc:
        raise InvalidMessage(f"vote signature: {exc.message}") from exc


def verify_proposal(chain_id: str, vset: ValidatorSet, sp: SignedProposal) -> None:
    v = vset.by_address(sp.proposer)
    if v is None:
        raise InvalidMessage("proposal from a validator outside the set")
    try:
        crypto.verify(v.scheme, v.public_key, proposal_signing_message(chain_id, sp.header), sp.signature)
    except DepotError as exc:
        raise InvalidMessage(f"proposal signature: {exc.message}") from exc


@dataclass(frozen=True, slots=True)
class TxBatch:
    """Transactions gossiped between validators' mempools (canonical encodings)."""

    txs: Annotated[tuple[Annotated[bytes, MaxLen(64 * 1024)], ...], MaxLen(10_000)]


__all__ = [
    "InvalidMessage",
    "ProposalHeader",
    "SignedProposal",
    "SignedVote",
    "TxBatch",
    "Vote",
    "proposal_signing_message",
    "verify_proposal",
    "verify_vote",
]
