"""The transactions root: an RFC 6962 / CometBFT "simple" Merkle tree with inclusion proofs."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from node.core.errors import DecodeError, InvalidProof, InvalidValue
from node.core.hashing import HASH_SIZE

__all__ = [
    "EMPTY_ROOT",
    "InclusionProof",
    "aunt_count",
    "inner_hash",
    "leaf_hash",
    "merkle_root",
    "prove",
    "prove_all",
    "verify_inclusion",
]

_sha256 = hashlib.sha256
_LEAF_PREFIX = b"\x00"
_INNER_PREFIX = b"\x01"
_HEADER = struct.Struct(">III")
_U32_MAX = 0xFFFF_FFFF

EMPTY_ROOT = _sha256(b"").digest()
"""The root of a tree with no leaves: SHA-256 of the empty string (RFC 6962)."""


def leaf_hash(data: bytes) -> bytes:
    """``SHA256(0x00 || data)``: the hash of one leaf."""
    return _sha256(_LEAF_PREFIX + data).digest()


def inner_hash(left: bytes, right: bytes) -> bytes:
    """``SHA256(0x01 || left || right)``: the hash of an inner node."""
    return _sha256(_INNER_PREFIX + left + right).digest()


def _leaf_hashes(leaves: Sequence[bytes]) -> list[bytes]:
    sha = _sha256
    return [sha(b"\x00" + leaf).digest() for leaf in leaves]


def _next_level(level: list[bytes]) -> list[bytes]:
    # Pairing neighbours level by level and carrying an odd last node up
    # unchanged builds exactly the RFC 6962 tree (split at the largest power
    # of two below n), without recursion.
    sha = _sha256
    up = [sha(b"\x01" + a + b).digest() for a, b in zip(level[0::2], level[1::2], strict=False)]
    if len(level) & 1:
        up.append(level[-1])
    return up


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle root of ``leaves`` (each leaf is raw bytes, hashed here)."""
    if not leaves:
        return EMPTY_ROOT
    level = _leaf_hashes(leaves)
    while len(level) > 1:
        level = _next_level(level)
    return level[0]


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    levels = [_leaf_hashes(leaves)]
    while len(levels[-1]) > 1:
        levels.append(_next_level(levels[-1]))
    return levels


def _aunts(levels: list[list[bytes]], index: int) -> tuple[bytes, ...]:
    aunts = []
    for level in levels[:-1]:
        sibling = index ^ 1
        # A node without a sibling is carried up: no aunt at this level.
        if sibling < len(level):
            aunts.append(level[sibling])
        index >>= 1
    return tuple(aunts)


def _split_point(n: int) -> int:
    """The largest power of two strictly less than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def _path(index: int, total: int) -> list[bool]:
    """For each level from the root down, whether the leaf lies in the right subtree."""
    path = []
    while total > 1:
        k = _split_point(total)
        if index < k:
            path.append(False)
            total = k
        else:
            path.append(True)
            index -= k
            total -= k
    return path


def aunt_count(index: int, total: int) -> int:
    """How many aunts a proof for leaf ``index`` of ``total`` must carry (its depth)."""
    return len(_path(index, total))


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """Proof that one leaf sits at ``index`` in a tree of ``total`` leaves.

    The dataclass does not check itself: a proof is only trusted after
    :func:`verify_inclusion` (or decoding) has checked it.
    """

    index: int
    """Position of the leaf, counted from 0."""
    total: int
    """Number of leaves in the tree."""
    aunts: tuple[bytes, ...]
    """Sibling hashes from the leaf's sibling up to the root's child."""

    def encode(self) -> bytes:
        """u32 BE index || u32 BE total || u32 BE count || count x 32-byte aunts."""
        if not (0 <= self.index <= _U32_MAX and 0 <= self.total <= _U32_MAX):
            raise InvalidValue("proof index or total does not fit in u32")
        if any(len(a) != HASH_SIZE for a in self.aunts):
            raise InvalidValue("proof aunt is not 32 bytes")
        return _HEADER.pack(self.index, self.total, len(self.aunts)) + b"".join(self.aunts)

    @classmethod
    def decode(cls, data: bytes) -> InclusionProof:
        """Strict inverse of :meth:`encode`; raises :class:`DecodeError`."""
        if len(data) < _HEADER.size:
            raise DecodeError("inclusion proof shorter than its 12-byte header")
        index, total, count = _HEADER.unpack_from(data)
        _check_shape(index, total, count, DecodeError)
        if len(data) != _HEADER.size + count * HASH_SIZE:
            raise DecodeError(
                "inclusion proof length does not match its aunt count",
                expected=_HEADER.size + count * HASH_SIZE,
                actual=len(data),
            )
        body = memoryview(data)[_HEADER.size :]
        aunts = tuple(
            bytes(body[i : i + HASH_SIZE]) for i in range(0, count * HASH_SIZE, HASH_SIZE)
        )
        return cls(index=index, total=total, aunts=aunts)

    def to_json(self) -> dict[str, Any]:
        """``{"index": int, "total": int, "aunts": [lowercase hex, ...]}``."""
        return {"index": self.index, "total": self.total, "aunts": [a.hex() for a in self.aunts]}

    @classmethod
    def from_json(cls, obj: Any) -> InclusionProof:
        """Strict inverse of :meth:`to_json`; raises :class:`DecodeError`."""
        if not isinstance(obj, dict) or set(obj) != {"index", "total", "aunts"}:
            raise DecodeError("inclusion proof must be an object with index, total and aunts")
        index, total, aunts = obj["index"], obj["total"], obj["aunts"]
        if not _is_u32(index) or not _is_u32(total):
            raise DecodeError("inclusion proof index and total must be u32 integers")
        if not isinstance(aunts, list):
            raise DecodeError("inclusion proof aunts must be a list")
        _check_shape(index, total, len(aunts), DecodeError)
        return cls(index=index, total=total, aunts=tuple(_hex32(a) for a in aunts))


def _is_u32(v: Any) -> bool:
    return type(v) is int and 0 <= v <= _U32_MAX


def _hex32(s: Any) -> bytes:
    # bytes.fromhex alone would accept spaces and upper case; JSON hashes are
    # canonical lowercase so the same proof has one JSON form.
    if not isinstance(s, str) or len(s) != 2 * HASH_SIZE or s.strip("0123456789abcdef"):
        raise DecodeError("expected 64 lowercase hex characters")
    return bytes.fromhex(s)


def _check_shape(
    index: int, total: int, count: int, error: type[DecodeError] | type[InvalidProof]
) -> None:
    if total == 0:
        raise error("inclusion proof for an empty tree", total=total)
    if index >= total:
        raise error("inclusion proof index out of range", index=index, total=total)
    expected = aunt_count(index, total)
    if count != expected:
        raise error(
            "inclusion proof has the wrong number of aunts", expected=expected, actual=count
        )


def prove(leaves: Sequence[bytes], index: int) -> InclusionProof:
    """The inclusion proof for ``leaves[index]``."""
    if not 0 <= index < len(leaves):
        raise InvalidValue("leaf index out of range", index=index, total=len(leaves))
    return InclusionProof(index=index, total=len(leaves), aunts=_aunts(_levels(leaves), index))


def prove_all(leaves: Sequence[bytes]) -> list[InclusionProof]:
    """Inclusion proofs for every leaf, building the tree only once."""
    if not leaves:
        return []
    levels = _levels(leaves)
    total = len(leaves)
    return [InclusionProof(index=i, total=total, aunts=_aunts(levels, i)) for i in range(total)]


def verify_inclusion(
    root: bytes, leaf: bytes, proof: InclusionProof, *, total: int | None = None
) -> None:
    """Check that ``leaf`` is at ``proof.index`` in the tree with ``root``; raise :class:`InvalidProof` if not.

    The root commits to the leaves and their order but not to their number:
    proofs for different ``(index, total)`` pairs that take the same left/right
    turns verify alike.  Pass ``total`` (e.g. the block's transaction count)
    when the exact index matters.
    """
    if not (_is_u32(proof.index) and _is_u32(proof.total)):
        raise InvalidProof("inclusion proof index and total must be u32 integers")
    if total is not None and proof.total != total:
        raise InvalidProof(
            "inclusion proof is for a tree of another size", expected=total, actual=proof.total
        )
    _check_shape(proof.index, proof.total, len(proof.aunts), InvalidProof)
    if any(type(a) is not bytes or len(a) != HASH_SIZE for a in proof.aunts):
        raise InvalidProof("inclusion proof aunt is not 32 bytes")
    sha = _sha256
    h = sha(b"\x00" + leaf).digest()
    # Aunts run from the leaf upward, the path from the root downward.
    for is_right, aunt in zip(reversed(_path(proof.index, proof.total)), proof.aunts, strict=True):
        h = sha(b"\x01" + aunt + h).digest() if is_right else sha(b"\x01" + h + aunt).digest()
    if h != root:
        raise InvalidProof("inclusion proof does not match the root", expected=root, computed=h)
