"""The light client's verification rules, pure: no I/O, no clock (``now_ms`` is passed in).

Follows the CometBFT light-client specification (``VerifyAdjacent``,
``VerifyNonAdjacent``, bisection in ``verifySkipping``) over Depot's headers
and commits (docs/protocol.md §8, §9), and checks state and inclusion proofs
(§10) against verified headers.

* Adjacent (height ``h + 1`` after trusted ``h``): the header names the
  trusted header as its previous block, is signed by the set the trusted
  header named as next, and more than 2/3 of that set's power signed it.
* Skipping (height ``> h + 1``): the trusted header is within the trusting
  period; more than 2/3 of the new header's own set signed it, and more than
  the trust level (default 1/3) of the *trusted* set signed it too, so at
  least one honest validator the client already trusts vouches for it.
  When the trusted set's share is too small (``NotEnoughTrust``), bisection
  verifies a header half-way first (``skipping_steps``).

Commit tallies stop once the needed power is reached (CometBFT's
``VerifyCommitLight``): a light client needs to know that enough power signed
the block, not that every other signature is also valid.  The structure of
the whole commit (one entry per validator, in set order, known flags) is
always checked.  Block validity for full nodes (§8.6) still checks every
signature; that is ``node.core.blocks.verify_commit``.
"""

from __future__ import annotations

import struct
from collections.abc import Generator, Iterable
from functools import lru_cache
from typing import Any

from node.core import crypto
from node.core.blocks import (
    CommitFlag,
    Header,
    VoteType,
)
from node.core.encoding import decode, encode
from node.core.errors import DecodeError, DepotError, InvalidProof
from node.core.hashing import tagged_hash
from node.core.merkle import InclusionProof, verify_inclusion
from node.core.registry import Registry
from node.core.state_tree import StateProof, key_hash, verify_membership, verify_non_membership
from node.core.transactions import Transaction, decode_transaction
from node.core.types import Hash32
from node.core.validators import ValidatorSet
from node.light.errors import (
    AnswerHeightMismatch,
    FalseAbsence,
    ForgedHeader,
    HeaderFromFuture,
    HeaderHashLinkBroken,
    HeaderTimeNotMonotonic,
    HeightMismatch,
    InsufficientVotingPower,
    InvalidCommitSignature,
    MalformedCommit,
    MalformedProof,
    NotAfterTrusted,
    NotEnoughTrust,
    ProofForOtherKey,
    StateProofInvalid,
    TrustedHeaderExpired,
    TxMismatch,
    TxProofInvalid,
    UnexpectedValidatorSet,
    UnknownSigner,
    ValidatorSetMismatch,
    WrongChain,
)
from node.light.types import LightBlock, TrustedState, TrustOptions

__all__ = [
    "check_light_block",
    "decode_record",
    "is_expired",
    "skipping_steps",
    "verify",
    "verify_adjacent",
    "verify_backwards",
    "verify_commit_light",
    "verify_commit_light_trusting",
    "verify_non_adjacent",
    "verify_sequential",
    "verify_state_answer",
    "verify_tx_answer",
]

_TWO_THIRDS = (2, 3)


# --- commits ----------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _vote_prefix(chain_id: str) -> bytes:
    """The signed-message bytes before the digest for votes on ``chain_id`` (§5.3)."""
    return crypto.signing_message(crypto.Domain.VOTE, chain_id, bytes(32))[:-32]


_VOTE_HEAD = struct.Struct(">BQI")  # enc(Vote) = u8 vote_type || u64 height || u32 round || block_id (§8.3)
_PRECOMMIT = int(VoteType.PRECOMMIT)


def _precommit_message(chain_id: str, height: int, round_: int, block_id: bytes) -> bytes:
    """``vote_signing_message(chain_id, Vote(PRECOMMIT, height, round, block_id))``, without building a Vote.

    This runs for every header verified; a test pins it to the core's function.
    """
    enc_vote = _VOTE_HEAD.pack(_PRECOMMIT, height, round_) + bytes(block_id)
    return _vote_prefix(chain_id) + tagged_hash(b"DEPOT/VOTE", enc_vote)


def _check_commit_target(lb: LightBlock, chain_id: str) -> None:
    h = lb.header
    if h.chain_id != chain_id:
        raise WrongChain(
            f"header {int(h.height)} is for chain {h.chain_id!r}, not {chain_id!r}",
            expected=chain_id,
            got=h.chain_id,
        )
    c = lb.commit
    if int(c.height) != int(h.height):
        raise ForgedHeader(
            f"the commit served with header {int(h.height)} is for height {int(c.height)}",
            height=int(h.height),
        )
    if c.block_id != lb.block_id:
        raise ForgedHeader(
            f"header {int(h.height)} is not the block its commit finalised "
            "(the header was altered after signing)",
            height=int(h.height),
            header_block_id=bytes(lb.block_id),
            commit_block_id=bytes(c.block_id),
        )


def verify_commit_light(
    chain_id: str,
    vset: ValidatorSet,
    lb: LightBlock,
    *,
    trust: tuple[int, int] = _TWO_THIRDS,
    verified: set[bytes] | None = None,
) -> int:
    """Check ``lb.commit`` is signed by more than ``trust`` of ``vset``, the header's own set.

    The whole commit must have one entry per validator of ``vset``, in set
    order, with known flags and no signature on ABSENT entries; COMMIT
    signatures are verified until the power is reached.  Addresses whose
    signature verified are added to ``verified``.  Returns the power counted.
    """
    num, den = trust
    height = lb.height
    sigs = lb.commit.signatures
    vals = vset.validators
    commit_flag, absent, nil = CommitFlag.COMMIT, CommitFlag.ABSENT, CommitFlag.NIL
    in_order = len(sigs) == len(vals)
    if in_order:
        for cs, v in zip(sigs, vals, strict=True):
            if cs.validator != v.address:
                in_order = False
                break
            flag = cs.flag
            if flag == absent:
                if cs.signature:
                    raise MalformedCommit(f"an absent validator carries a signature in commit {height}")
            elif flag != commit_flag and flag != nil:
                raise MalformedCommit(f"unknown commit flag {int(flag)} in commit {height}")
    if not in_order:
        members = {bytes(v.address) for v in vals}
        outsiders = [bytes(cs.validator) for cs in sigs if bytes(cs.validator) not in members]
        if outsiders:
            raise UnknownSigner(
                f"the commit for header {height} carries {len(outsiders)} entr"
                f"{'y' if len(outsiders) == 1 else 'ies'} of validators outside its validator set",
                height=height,
                outsiders=outsiders,
            )
        raise MalformedCommit(
            f"the commit for header {height} does not list the {len(vals)} validators in set order",
            height=height,
        )
    total = vset.total_power()
    msg = _precommit_message(chain_id, height, int(lb.commit.round), lb.block_id)
    signed = 0
    verify_sig = crypto.verify
    for cs, v in zip(sigs, vals, strict=True):
        if cs.flag != commit_flag:
            continue
        try:
            verify_sig(v.scheme, v.public_key, msg, cs.signature)
        except DepotError as exc:
            raise InvalidCommitSignature(
                f"the precommit of validator {v.address.hex()} for header {height} does not verify",
                height=height,
                validator=bytes(v.address),
            ) from exc
        if verified is not None:
            verified.add(bytes(v.address))
        signed += int(v.power)
        if signed * den > total * num:
            return signed
    raise InsufficientVotingPower(
        f"header {height} is signed by {signed} of {total} voting power; more than "
        f"{num}/{den} is needed",
        height=height,
        signed=signed,
        total=total,
    )


def verify_commit_light_trusting(
    chain_id: str,
    trusted: ValidatorSet,
    lb: LightBlock,
    trust: tuple[int, int],
    *,
    verified: set[bytes] | None = None,
) -> int:
    """Check more than ``trust`` of an older, trusted set signed ``lb.commit`` (CometBFT's VerifyCommitLightTrusting).

    Entries are matched to the trusted set by address; validators that left
    or joined in between count nothing.  A signature already verified for the
    same commit (``verified``: same address, hence the same key) is not
    checked again.  Raises ``NotEnoughTrust`` when the trusted share is too
    small, which bisection answers.
    """
    num, den = trust
    height = lb.height
    total = trusted.total_power()
    by_address = {bytes(v.address): v for v in trusted.validators}
    msg: bytes | None = None
    seen: set[bytes] = set()
    signed = 0
    for cs in lb.commit.signatures:
        if cs.flag != CommitFlag.COMMIT:
            continue
        addr = bytes(cs.validator)
        v = by_address.get(addr)
        if v is None:
            continue
        if addr in seen:
            raise MalformedCommit(f"validator {addr.hex()} appears twice in commit {height}")
        seen.add(addr)
        if verified is None or addr not in verified:
            if msg is None:
                msg = _precommit_message(chain_id, height, int(lb.commit.round), lb.block_id)
            try:
                crypto.verify(v.scheme, v.public_key, msg, cs.signature)
            except DepotError as exc:
                raise InvalidCommitSignature(
                    f"the precommit of trusted validator {addr.hex()} for header {height} does not verify",
                    height=height,
                    validator=addr,
                ) from exc
        signed += int(v.power)
        if signed * den > total * num:
            return signed
    raise NotEnoughTrust(
        f"trusted validators signed {signed} of {total} power of header {height}; more than "
        f"{num}/{den} is needed to skip to it",
        height=height,
        signed=signed,
        total=total,
    )


# --- headers ----------------------------------------------------------------------------


def is_expired(trusted: TrustedState, now_ms: int, opts: TrustOptions) -> bool:
    """Whether the trusted header is too old to skip from."""
    return trusted.time_ms + opts.trusting_period_ms <= now_ms


def check_light_block(
    lb: LightBlock, chain_id: str, height: int | None = None, *, known: TrustedState | None = None
) -> None:
    """Checks a light block against itself: chain, height, commit made for this header, set matches.

    ``known``: a trusted state whose validator set object, already checked
    against its hash, may be the same one (no need to hash it again).
    """
    if height is not None and lb.height != height:
        raise HeightMismatch(
            f"asked for header {height}, got header {lb.height}", asked=height, got=lb.height
        )
    _check_commit_target(lb, chain_id)
    if (
        known is not None
        and lb.validators is known.validators
        and lb.header.validators_hash == known.validators_hash
    ):
        return
    if lb.validators.hash() != lb.header.validators_hash:
        raise ValidatorSetMismatch(
            f"the validator set served for header {lb.height} is not the one the header names",
            height=lb.height,
        )


def _check_against_trusted(
    trusted: TrustedState, untrusted: LightBlock, now_ms: int, opts: TrustOptions
) -> None:
    if untrusted.height <= trusted.height:
        raise NotAfterTrusted(
            f"header {untrusted.height} is not above the trusted height {trusted.height}"
        )
    if untrusted.time_ms <= trusted.time_ms:
        raise HeaderTimeNotMonotonic(
            f"header {untrusted.height} time {untrusted.time_ms} is not after the trusted "
            f"header {trusted.height} time {trusted.time_ms}",
            height=untrusted.height,
        )
    if untrusted.time_ms > now_ms + opts.max_clock_drift_ms:
        raise HeaderFromFuture(
            f"header {untrusted.height} is dated {untrusted.time_ms - now_ms} ms ahead of this "
            f"computer's clock (at most {opts.max_clock_drift_ms} ms tolerated)",
            height=untrusted.height,
            header_time_ms=untrusted.time_ms,
            now_ms=now_ms,
        )


def verify_adjacent(
    chain_id: str, trusted: TrustedState, untrusted: LightBlock, now_ms: int, opts: TrustOptions
) -> None:
    """Verify header ``trusted.height + 1``: hash link, the named next set, more than 2/3 of it signed.

    No trusting period applies: this is the check a full node makes on every
    block, relying only on the set the previous verified header named.
    """
    if untrusted.height != trusted.height + 1:
        raise NotAfterTrusted(
            f"header {untrusted.height} is not adjacent to trusted {trusted.height}"
        )
    check_light_block(untrusted, chain_id, known=trusted)
    _check_against_trusted(trusted, untrusted, now_ms, opts)
    if untrusted.header.prev_block_id != trusted.block_id:
        raise HeaderHashLinkBroken(
            f"header {untrusted.height} does not follow the trusted header {trusted.height}",
            height=untrusted.height,
        )
    if untrusted.header.validators_hash != trusted.next_validators_hash:
        raise UnexpectedValidatorSet(
            f"header {untrusted.height} is signed by another validator set than header "
            f"{trusted.height} named as next",
            height=untrusted.height,
        )
    verify_commit_light(chain_id, untrusted.validators, untrusted)


def verify_non_adjacent(
    chain_id: str, trusted: TrustedState, untrusted: LightBlock, now_ms: int, opts: TrustOptions
) -> None:
    """Skipping verification of a header more than one above the trusted one."""
    if untrusted.height <= trusted.height + 1:
        raise NotAfterTrusted(
            f"header {untrusted.height} is not above trusted {trusted.height} + 1"
        )
    if is_expired(trusted, now_ms, opts):
        raise TrustedHeaderExpired(
            f"the trusted header {trusted.height} is older than the trusting period "
            f"({opts.trusting_period_ms // 3_600_000} h)",
            height=trusted.height,
            time_ms=trusted.time_ms,
        )
    check_light_block(untrusted, chain_id)
    _check_against_trusted(trusted, untrusted, now_ms, opts)
    verified: set[bytes] = set()
    verify_commit_light(chain_id, untrusted.validators, untrusted, verified=verified)
    verify_commit_light_trusting(
        chain_id,
        trusted.validators,
        untrusted,
        (opts.trust_numerator, opts.trust_denominator),
        verified=verified,
    )


def verify(
    chain_id: str, trusted: TrustedState, untrusted: LightBlock, now_ms: int, opts: TrustOptions
) -> None:
    """Adjacent or skipping verification, by height."""
    if untrusted.height == trusted.height + 1:
        verify_adjacent(chain_id, trusted, untrusted, now_ms, opts)
    else:
        verify_non_adjacent(chain_id, trusted, untrusted, now_ms, opts)


def verify_sequential(
    chain_id: str,
    trusted: TrustedState,
    blocks: Iterable[LightBlock],
    now_ms: int,
    opts: TrustOptions,
) -> TrustedState:
    """Verify consecutive headers one by one from ``trusted``; returns the last as the new trusted state."""
    for lb in blocks:
        verify_adjacent(chain_id, trusted, lb, now_ms, opts)
        trusted = TrustedState.of(lb)
    return trusted


def skipping_steps(
    chain_id: str,
    trusted: TrustedState,
    target: LightBlock,
    now_ms: int,
    opts: TrustOptions,
) -> Generator[int, LightBlock, list[LightBlock]]:
    """Bisection (CometBFT ``verifySkipping``) as a generator: it yields heights it needs, you send their light blocks.

    Returns the trace: every light block verified on the way, ending with
    ``target``.  Raises the first verification failure other than
    ``NotEnoughTrust``, and ``TrustedHeaderExpired`` if the root is too old.
    """
    cache = [target]
    depth = 0
    verified = trusted
    trace: list[LightBlock] = []
    while True:
        candidate = cache[depth]
        try:
            verify(chain_id, verified, candidate, now_ms, opts)
        except NotEnoughTrust:
            if depth == len(cache) - 1:
                pivot = verified.height + (candidate.height - verified.height) // 2
                lb = yield pivot
                if lb.height != pivot:
                    raise HeightMismatch(
                        f"asked for header {pivot}, got header {lb.height}",
                        asked=pivot,
                        got=lb.height,
                    ) from None
                cache.append(lb)
            depth += 1
            continue
        trace.append(candidate)
        if depth == 0:
            return trace
        verified = TrustedState.of(candidate)
        del cache[depth:]
        depth = 0


def verify_backwards(newer: Header, older: Header) -> None:
    """Trust an older header through the hash link from a verified newer one (one step down)."""
    if int(older.height) + 1 != int(newer.height):
        raise HeightMismatch(
            f"header {int(older.height)} is not just below header {int(newer.height)}",
            asked=int(newer.height) - 1,
            got=int(older.height),
        )
    if Hash32(tagged_hash(b"DEPOT/BLOCK", encode(older))) != newer.prev_block_id:
        raise HeaderHashLinkBroken(
            f"header {int(older.height)} is not the previous block of verified header "
            f"{int(newer.height)}",
            height=int(older.height),
        )
    if older.time_ms >= newer.time_ms:
        raise HeaderTimeNotMonotonic(
            f"header {int(older.height)} is not earlier than header {int(newer.height)}",
            height=int(older.height),
        )


# --- proofs -----------------------------------------------------------------------------


def verify_state_answer(
    header: Header,
    key: bytes,
    *,
    answer_key: bytes,
    answer_height: int,
    value: bytes | None,
    proof: bytes,
) -> None:
    """Check a node's answer for state ``key`` against the verified ``header``'s state root.

    ``value`` None is the node's claim that the key is absent.
    """
    height = int(header.height)
    if answer_key != key:
        raise ProofForOtherKey(
            f"asked for key {key.hex()}, the node answered for {answer_key.hex()}",
            key=key,
            answered=answer_key,
        )
    if answer_height != height:
        raise AnswerHeightMismatch(
            f"asked for the state at block {height}, the node answered for {answer_height}",
            asked=height,
            got=answer_height,
        )
    try:
        p = StateProof.decode(proof)
    except DecodeError as exc:
        raise MalformedProof(f"the state proof is not well formed: {exc.message}") from exc
    kh = key_hash(key)
    root = bytes(header.state_root)
    if value is None:
        if p.leaf is not None and p.leaf[0] == kh:
            raise FalseAbsence(
                "the node claims the record is absent, but its proof ends on the record itself",
                key=key,
                height=height,
            )
        try:
            verify_non_membership(root, key, p)
        except InvalidProof as exc:
            raise FalseAbsence(
                f"the node claims the record is absent, but its proof does not show it: {exc.message}",
                key=key,
                height=height,
            ) from exc
        return
    if p.leaf is not None and p.leaf[0] != kh:
        raise ProofForOtherKey(
            "the membership proof is for another key", key=key, height=height
        )
    try:
        verify_membership(root, key, value, p)
    except InvalidProof as exc:
        raise StateProofInvalid(
            f"the state proof does not lead to the state root of block {height}: {exc.message}",
            key=key,
            height=height,
        ) from exc


def decode_record(registry: Registry, key: bytes, value: bytes) -> tuple[str | None, Any]:
    """``(record type name, decoded record)`` for a proven value; unknown prefixes give ``(None, None)``."""
    rt = registry.record_type_for(key)
    if rt is None:
        return None, None
    return rt.name, decode(rt.record_type, value)


def verify_tx_answer(
    header: Header, tx_id: bytes, raw: bytes, proof: InclusionProof
) -> Transaction:
    """Check a served transaction is ``tx_id`` and is in the verified block ``header``."""
    try:
        tx = decode_transaction(raw)
    except DepotError as exc:
        raise TxMismatch(f"the transaction served is not well formed: {exc.message}") from exc
    if tx.tx_id() != tx_id:
        raise TxMismatch(
            f"asked for transaction {bytes(tx_id).hex()}, the node served {tx.tx_id().hex()}",
            asked=bytes(tx_id),
            got=bytes(tx.tx_id()),
        )
    try:
        verify_inclusion(bytes(header.txs_root), raw, proof)
    except InvalidProof as exc:
        raise TxProofInvalid(
            f"transaction {bytes(tx_id).hex()} is not proven to be in block {int(header.height)}: "
            f"{exc.message}",
            height=int(header.height),
        ) from exc
    return tx




