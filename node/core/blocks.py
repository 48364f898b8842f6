"""Headers, votes, commits and blocks, and the checks that bind them together.

A header commits to everything a light client needs (PRODUCT.md §4): chain
id, height, time, previous block id, transactions root, state root (after
this block's transactions), this and the next validator set, the proposer,
the previous block's commit and the evidence carried.  The block id is a
tagged hash of the header.

A commit is the set of precommit signatures, in validator-set order, that
finalised a block: the format is the final one for BFT consensus.  Votes
carry no timestamp, so every precommit for a block signs the same bytes.
"""

from __future__ import annotations

import enum
import functools
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from node.core import crypto
from node.core.encoding import MaxLen, decode_at, decode_items_with_spans, encode
from node.core.errors import DecodeError, DepotError
from node.core.hashing import tagged_hash
from node.core.merkle import merkle_root
from node.core.transactions import Transaction
from node.core.types import (
    U8,
    U16,
    ZERO_HASH32,
    Address,
    Hash32,
    Height,
    Round,
    TimestampMs,
)
from node.core.validators import MAX_VALIDATORS, Validator, ValidatorSet

HEADER_VERSION = 1
MAX_BLOCK_TXS = 20_000
MAX_EVIDENCE = 64


class InvalidBlock(DepotError):
    code = "invalid_block"


class InvalidCommit(DepotError):
    code = "invalid_commit"


class VoteType(enum.IntEnum):
    PREVOTE = 1
    PRECOMMIT = 2


class CommitFlag(enum.IntEnum):
    """How a validator appears in a commit (CometBFT's BlockIDFlag)."""

    ABSENT = 1
    COMMIT = 2
    NIL = 3


@dataclass(frozen=True, slots=True)
class Header:
    """A block header."""

    version: U16
    """Header format version; 1."""
    chain_id: Annotated[str, MaxLen(64)]
    height: Height
    """1 for the first block; genesis is height 0 and has no header."""
    time_ms: TimestampMs
    """Block time; strictly increases from block to block."""
    prev_block_id: Hash32
    """Id of block ``height - 1``; for block 1, the genesis hash."""
    last_commit_hash: Hash32
    """Hash of the commit that finalised block ``height - 1``; zero for block 1."""
    txs_root: Hash32
    """Merkle root of the full encodings of the block's transactions."""
    state_root: Hash32
    """Root of the state tree after applying this block."""
    validators_hash: Hash32
    """Hash of the validator set that signs this block's commit."""
    next_validators_hash: Hash32
    """Hash of the validator set for block ``height + 1``."""
    evidence_hash: Hash32
    """Merkle root of the evidence items in this block."""
    proposer: Address
    """Address of the validator that proposed the block."""

    def block_id(self) -> Hash32:
        return block_id_of(self)


def block_id_of(header: Header) -> Hash32:
    return Hash32(tagged_hash(b"DEPOT/BLOCK", encode(header)))


@dataclass(frozen=True, slots=True)
class Vote:
    """What a validator signs in a round: a prevote or precommit for a block id (zero = nil)."""

    vote_type: U8
    height: Height
    round: Round
    block_id: Hash32


def vote_signing_message(chain_id: str, vote: Vote) -> bytes:
    digest = tagged_hash(b"DEPOT/VOTE", encode(vote))
    return crypto.signing_message(crypto.Domain.VOTE, chain_id, digest)


@dataclass(frozen=True, slots=True)
class SignedVote:
    """A vote with the validator that cast it and its signature."""

    vote: Vote
    validator: Address
    signature: Annotated[bytes, MaxLen(64)]


@dataclass(frozen=True, slots=True)
class CommitSig:
    """One validator's entry in a commit, in validator-set order."""

    flag: U8
    """``CommitFlag``."""
    validator: Address
    signature: Annotated[bytes, MaxLen(64)]
    """64 bytes for COMMIT and NIL; empty for ABSENT."""


@dataclass(frozen=True, slots=True)
class Commit:
    """The precommits that finalised block ``block_id`` at ``height`` in ``round``."""

    height: Height
    round: Round
    block_id: Hash32
    signatures: Annotated[tuple[CommitSig, ...], MaxLen(MAX_VALIDATORS)]

    def hash(self) -> Hash32:
        return Hash32(tagged_hash(b"DEPOT/COMMIT", encode(self)))


@dataclass(frozen=True, slots=True)
class DuplicateVoteEvidence:
    """Two different signed votes by one validator for the same height, round and type."""

    vote_a: SignedVote
    vote_b: SignedVote


@dataclass(frozen=True, slots=True)
class Block:
    """A header, its transactions, the previous block's commit and evidence of misbehaviour."""

    header: Header
    txs: Annotated[tuple[Transaction, ...], MaxLen(MAX_BLOCK_TXS)]
    last_commit: Commit | None
    """The commit for block ``height - 1``; absent only in block 1."""
    evidence: Annotated[tuple[DuplicateVoteEvidence, ...], MaxLen(MAX_EVIDENCE)]


def encode_block(block: Block, encoded_txs: list[bytes]) -> bytes:
    """``encode(block)`` from transactions already encoded (as submitted), without re-encoding them.

    Follows the canonical rules exactly: header, u32 count and the
    transactions, the optional last commit, the evidence list.
    """
    if len(encoded_txs) != len(block.txs):
        raise ValueError("one encoding per transaction is needed")
    parts = [encode(block.header), len(encoded_txs).to_bytes(4, "big"), *encoded_txs]
    parts.append(b"\x00" if block.last_commit is None else b"\x01" + encode(block.last_commit))
    parts.append(len(block.evidence).to_bytes(4, "big"))
    parts.extend(encode(e) for e in block.evidence)
    return b"".join(parts)


def decode_block(data: bytes) -> tuple[Block, list[bytes]]:
    """``decode(Block, data)``, also returning each transaction's encoding as it appears in ``data``.

    Full sync and followers need the encodings for the transactions root
    and the store; slicing them here saves encoding every transaction again.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError("expected bytes to decode Block")
    data = bytes(data)
    hints = _block_hints()
    header, pos = decode_at(Header, data, 0)
    txs, spans, pos = decode_items_with_spans(Transaction, data, pos, MAX_BLOCK_TXS)
    last_commit, pos = decode_at(hints["last_commit"], data, pos)
    evidence, pos = decode_at(hints["evidence"], data, pos)
    if pos != len(data):
        raise DecodeError(f"{len(data) - pos} trailing bytes after Block")
    return Block(header, tuple(txs), last_commit, evidence), spans


@functools.cache
def _block_hints() -> dict[str, Any]:
    return typing.get_type_hints(Block, include_extras=True)


def txs_root(encoded_txs: list[bytes]) -> Hash32:
    return Hash32(merkle_root(encoded_txs))


def evidence_root(evidence: tuple[DuplicateVoteEvidence, ...]) -> Hash32:
    return Hash32(merkle_root([encode(e) for e in evidence]))


def commit_hash(commit: Commit | None) -> Hash32:
    return ZERO_HASH32 if commit is None else commit.hash()


def check_block_shape(block: Block, encoded_txs: list[bytes] | None = None) -> None:
    """Checks a block against its own header: roots of its contents, commit linkage."""
    h = block.header
    if h.version != HEADER_VERSION:
        raise InvalidBlock(f"header version {h.version} is not supported")
    enc = encoded_txs if encoded_txs is not None else [encode(t) for t in block.txs]
    if txs_root(enc) != h.txs_root:
        raise InvalidBlock("transactions root does not match the block's transactions")
    if evidence_root(block.evidence) != h.evidence_hash:
        raise InvalidBlock("evidence hash does not match the block's evidence")
    if h.height == 1:
        if block.last_commit is not None or h.last_commit_hash != ZERO_HASH32:
            raise InvalidBlock("block 1 carries no previous commit")
    else:
        if block.last_commit is None:
            raise InvalidBlock("block is missing the previous block's commit")
        if block.last_commit.hash() != h.last_commit_hash:
            raise InvalidBlock("last commit hash does not match the included commit")
        if block.last_commit.height != h.height - 1:
            raise InvalidBlock("included commit is not for the previous height")
        if block.last_commit.block_id != h.prev_block_id:
            raise InvalidBlock("included commit is not for the previous block")


def _check_entry(
    chain_id: str, v: Validator, cs: CommitSig, height: int, round_: int, block_id: bytes
) -> bool:
    """Verify one commit entry; True if it is a precommit for the block (it counts)."""
    if cs.flag == CommitFlag.ABSENT:
        if cs.signature:
            raise InvalidCommit("an absent validator's entry must carry no signature")
        return False
    if cs.flag == CommitFlag.COMMIT:
        target = Hash32(block_id)
    elif cs.flag == CommitFlag.NIL:
        # Nil precommits count for nothing, but are verified too: nothing unsigned enters a commit hash.
        target = ZERO_HASH32
    else:
        raise InvalidCommit(f"unknown commit flag {cs.flag}")
    msg = vote_signing_message(
        chain_id, Vote(U8(VoteType.PRECOMMIT), Height(height), Round(round_), target)
    )
    try:
        crypto.verify(v.scheme, v.public_key, msg, cs.signature)
    except DepotError as exc:
        raise InvalidCommit(
            f"precommit of validator {v.address.hex()} does not verify: {exc.message}"
        ) from exc
    return cs.flag == CommitFlag.COMMIT


def verify_commit_trusting(
    chain_id: str,
    trusted: ValidatorSet,
    block_id: bytes,
    height: int,
    commit: Commit,
    *,
    trust_numerator: int = 1,
    trust_denominator: int = 3,
) -> int:
    """Skipping verification: did more than ``trust`` of an older, *trusted* set sign this commit?

    The commit lists the new height's validators; entries are matched to the
    trusted set by address, so validators that left or joined in between are
    simply not counted (CometBFT's VerifyCommitLightTrusting).  Returns the
    trusted power that signed.
    """
    if commit.height != height:
        raise InvalidCommit(f"commit is for height {commit.height}, expected {height}")
    if commit.block_id != block_id:
        raise InvalidCommit("commit is for a different block")
    seen: set[bytes] = set()
    signed = 0
    for cs in commit.signatures:
        if cs.flag == CommitFlag.ABSENT:
            continue
        v = trusted.by_address(cs.validator)
        if v is None:
            continue
        if bytes(cs.validator) in seen:
            raise InvalidCommit("a validator appears twice in the commit")
        seen.add(bytes(cs.validator))
        if _check_entry(chain_id, v, cs, height, commit.round, block_id):
            signed += int(v.power)
    total = trusted.total_power()
    if signed * trust_denominator <= total * trust_numerator:
        raise InvalidCommit(
            f"trusted validators signed {signed} of {total} power; more than "
            f"{trust_numerator}/{trust_denominator} is needed",
            signed=signed,
            total=total,
        )
    return signed


def verify_commit(
    chain_id: str,
    vset: ValidatorSet,
    block_id: bytes,
    height: int,
    commit: Commit,
    *,
    trust_numerator: int = 2,
    trust_denominator: int = 3,
) -> int:
    """Verify a commit for ``block_id`` by ``vset``; return the power that signed it.

    Requires strictly more than ``trust_numerator/trust_denominator`` of the
    set's power to have precommitted this block (2/3 for adjacent headers; a
    light client's skipping verification passes 1/3 for the old set).
    Signatures from the set are checked in order; every COMMIT signature
    present must verify, so a commit cannot be padded with garbage.
    """
    if commit.height != height:
        raise InvalidCommit(f"commit is for height {commit.height}, expected {height}")
    if commit.block_id != block_id:
        raise InvalidCommit("commit is for a different block")
    if len(commit.signatures) != len(vset.validators):
        raise InvalidCommit(
            f"commit has {len(commit.signatures)} entries for {len(vset.validators)} validators"
        )
    signed = 0
    for cs, v in zip(commit.signatures, vset.validators, strict=True):
        if cs.validator != v.address:
            raise InvalidCommit("commit signatures are not in validator-set order")
        if _check_entry(chain_id, v, cs, height, commit.round, block_id):
            signed += int(v.power)
    total = vset.total_power()
    if signed * trust_denominator <= total * trust_numerator:
        raise InvalidCommit(
            f"commit carries {signed} of {total} voting power; more than "
            f"{trust_numerator}/{trust_denominator} is needed",
            signed=signed,
            total=total,
        )
    return signed
