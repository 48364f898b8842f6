"""Evidence of misbehaviour: two conflicting signed votes by one validator, checked and recorded on chain."""

from __future__ import annotations

from dataclasses import dataclass

from node.core import crypto
from node.core.blocks import DuplicateVoteEvidence, vote_signing_message
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.execution import Event
from node.core.hashing import tagged_hash
from node.core.state import State
from node.core.types import U8, Address, Hash32, Height, Round
from node.core.validators import ValidatorSet

EVIDENCE_PREFIX = b"evidence/"
MAX_EVIDENCE_AGE_BLOCKS = 10_000


class InvalidEvidence(DepotError):
    code = "invalid_evidence"


@dataclass(frozen=True, slots=True)
class EvidenceRecord:
    """Committed proof that ``validator`` signed two different votes for one height, round and type."""

    validator: Address
    height: Height
    round: Round
    vote_type: U8
    committed_height: Height
    evidence: DuplicateVoteEvidence


def evidence_hash(ev: DuplicateVoteEvidence) -> Hash32:
    return Hash32(tagged_hash(b"DEPOT/EVIDENCE", encode(ev)))


def evidence_key(ev: DuplicateVoteEvidence) -> bytes:
    return EVIDENCE_PREFIX + evidence_hash(ev)


def canonical_pair(a: object, b: object) -> tuple[object, object]:
    """Order the two votes by their encoding, so both orders give one piece of evidence."""
    return (a, b) if encode(a) <= encode(b) else (b, a)


def check_duplicate_vote(chain_id: str, vset: ValidatorSet, ev: DuplicateVoteEvidence, current_height: int) -> None:
    """Both votes by one member of ``vset`` (the set at their height), same slot, different blocks, both signed."""
    a, b = ev.vote_a, ev.vote_b
    if a.validator != b.validator:
        raise InvalidEvidence("the two votes are by different validators")
    va, vb = a.vote, b.vote
    if (va.vote_type, va.height, va.round) != (vb.vote_type, vb.height, vb.round):
        raise InvalidEvidence("the two votes are for different heights, rounds or types")
    if va.block_id == vb.block_id:
        raise InvalidEvidence("the two votes do not conflict")
    if encode(a) > encode(b):
        raise InvalidEvidence("evidence votes must be in canonical order")
    if not 0 < int(va.height) <= current_height or current_height - int(va.height) > MAX_EVIDENCE_AGE_BLOCKS:
        raise InvalidEvidence("evidence is from the future or too old")
    v = vset.by_address(a.validator)
    if v is None:
        raise InvalidEvidence("the accused was not a validator at that height")
    for sv in (a, b):
        try:
            crypto.verify(v.scheme, v.public_key, vote_signing_message(chain_id, sv.vote), sv.signature)
        except DepotError as exc:
            raise InvalidEvidence(f"an evidence vote does not verify: {exc.message}") from exc


def record_evidence(state: State, ev: DuplicateVoteEvidence, height: int) -> Event:
    """Write the evidence record (refusing a duplicate) and return its event."""
    key = evidence_key(ev)
    if state.get(key, EvidenceRecord) is not None:
        raise InvalidEvidence("this evidence is already on chain")
    v = ev.vote_a.vote
    state.put(key, EvidenceRecord(ev.vote_a.validator, v.height, v.round, v.vote_type, Height(height), ev))
    return Event(
        "evidence.duplicate_vote",
        {
            "validator": ev.vote_a.validator,
            "height": int(v.height),
            "round": int(v.round),
            "vote_type": int(v.vote_type),
            "evidence": evidence_hash(ev).hex(),
        },
    )
