"""The authenticated state tree: a path-compressed binary sparse Merkle tree keyed by SHA-256(key).

Every key sits on the 256-bit path ``SHA256(key)`` (bit 0 is the most
significant bit of byte 0; 0 goes left).  A subtree holding one leaf *is* that
leaf and an empty subtree is ``EMPTY`` (32 zero bytes), so an update rehashes
about log2(n) nodes, not 256.  Nodes are stored under their hash and never
overwritten, so every historical root stays readable and provable.
"""

from __future__ import annotations

import hashlib
import struct
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Protocol

from node.core.errors import DecodeError, DepotError, InvalidProof, InvalidValue
from node.core.hashing import HASH_SIZE, ZERO_HASH

__all__ = [
    "EMPTY",
    "MAX_DEPTH",
    "MAX_KEY_SIZE",
    "InvalidStateKey",
    "NodeReader",
    "StateProof",
    "StateTree",
    "UnknownStateNode",
    "internal_node_hash",
    "key_hash",
    "leaf_node_hash",
    "verify_membership",
    "verify_non_membership",
    "verify_state_proof",
]

_sha256 = hashlib.sha256

EMPTY = ZERO_HASH
"""The hash of an empty subtree, and the root of the empty tree."""

MAX_KEY_SIZE = 256
"""Longest key, in bytes."""

MAX_DEPTH = 256
"""Deepest a leaf can sit: the length of a path in bits."""

_LEAF = 0x00
_INTERNAL = 0x01
_INTERNAL_RECORD_SIZE = 1 + 2 * HASH_SIZE
_DEPTH = struct.Struct(">H")


class InvalidStateKey(InvalidValue):
    """A state key that is not 1 to 256 bytes."""

    code = "invalid_state_key"


class UnknownStateNode(DepotError):
    """A root or node that neither the cache nor the reader holds (e.g. a root never committed)."""

    code = "unknown_state_node"
    http_status = 404


class NodeReader(Protocol):
    """Where node records live, usually the database: ``node_hash -> record``."""

    def get_node(self, node_hash: bytes) -> bytes | None: ...


# --- hashing --------------------------------------------------------------------


def key_hash(key: bytes) -> bytes:
    """``SHA256(key)``: the key's path in the tree; rejects keys that are not 1..256 bytes."""
    if type(key) is not bytes or not 1 <= len(key) <= MAX_KEY_SIZE:
        raise InvalidStateKey("state key must be 1 to 256 bytes")
    return _sha256(key).digest()


def leaf_node_hash(key_hash: bytes, value_hash: bytes) -> bytes:
    """``SHA256(0x00 || key_hash || value_hash)`` with ``value_hash = SHA256(value)``."""
    return _sha256(b"\x00" + key_hash + value_hash).digest()


def internal_node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA256(0x01 || left || right)``."""
    return _sha256(b"\x01" + left + right).digest()


def _check_value(value: Any) -> None:
    if type(value) is not bytes or not value:
        raise InvalidValue("state value must be non-empty bytes (None deletes)")


def _check_root(root: Any) -> None:
    if type(root) is not bytes or len(root) != HASH_SIZE:
        raise InvalidValue("state root must be 32 bytes")


# Decoded nodes are plain tuples, cheapest in CPython:
#   internal: (left_hash, right_hash)
#   leaf:     (key_hash, value, path) where path = int(key_hash) for bit tests
_Node = tuple[Any, ...]


def _decode_record(node_hash: bytes, record: bytes) -> _Node:
    # Drivers may hand back memoryview or bytearray; slices must be hashable bytes.
    record = bytes(record)
    if len(record) == _INTERNAL_RECORD_SIZE and record[0] == _INTERNAL:
        return (record[1:33], record[33:65])
    if len(record) > 1 + HASH_SIZE and record[0] == _LEAF:
        kh = record[1:33]
        return (kh, record[33:], int.from_bytes(kh, "big"))
    raise DecodeError("stored state node is not a valid record", node_hash=node_hash)


# --- the tree -------------------------------------------------------------------


class StateTree:
    """Reads, updates and proves state roots over a content-addressed node store.

    The tree never writes: :meth:`update` returns the records it created and
    the caller persists them with the block.  Until the caller says so with
    :meth:`mark_persisted`, those nodes are *pinned* in memory (never evicted),
    so the next block can be executed on top of a root that is not yet on
    disk.  Call :meth:`mark_persisted` once they are committed, or once the
    block is abandoned, so memory is freed.  Read nodes go into an LRU cache of
    ``cache_size`` decoded nodes.  Not thread-safe: use one instance per thread
    or a lock.
    """

    __slots__ = ("_cache", "_cache_size", "_extra_pins", "_pending", "_reader")

    def __init__(self, reader: NodeReader, cache_size: int = 200_000) -> None:
        self._reader = reader
        self._cache_size = cache_size
        self._cache: OrderedDict[bytes, _Node] = OrderedDict()
        self._pending: dict[bytes, _Node] = {}
        # Competing blocks at one height can create the same node: it stays
        # pinned until every update that returned it has been marked.
        self._extra_pins: dict[bytes, int] = {}

    # --- node access ---------------------------------------------------------

    def _node(self, node_hash: bytes) -> _Node:
        node = self._pending.get(node_hash)
        if node is not None:
            return node
        cache = self._cache
        node = cache.get(node_hash)
        if node is not None:
            cache.move_to_end(node_hash)
            return node
        record = self._reader.get_node(node_hash)
        if record is None:
            raise UnknownStateNode("state node not found", node_hash=node_hash)
        node = _decode_record(node_hash, record)
        self._remember(node_hash, node)
        return node

    def _remember(self, node_hash: bytes, node: _Node) -> None:
        if self._cache_size <= 0:
            return
        cache = self._cache
        cache[node_hash] = node
        if len(cache) > self._cache_size:
            cache.popitem(last=False)

    def mark_persisted(self, node_hashes: Iterable[bytes]) -> None:
        """Unpin nodes returned by :meth:`update` that are now stored (or abandoned).

        They move to the LRU cache; unknown hashes are ignored.
        """
        pending = self._pending
        extra_pins = self._extra_pins
        for h in node_hashes:
            pins = extra_pins.get(h)
            if pins is not None:
                if pins == 1:
                    del extra_pins[h]
                else:
                    extra_pins[h] = pins - 1
                continue
            node = pending.pop(h, None)
            if node is not None:
                self._remember(h, node)

    @property
    def pending_count(self) -> int:
        """How many created nodes are pinned waiting for :meth:`mark_persisted`."""
        return len(self._pending)

    # --- reads ---------------------------------------------------------------

    def get(self, root: bytes, key: bytes) -> bytes | None:
        """The value of ``key`` in the state with ``root``, or None if absent."""
        _check_root(root)
        kh = key_hash(key)
        path = int.from_bytes(kh, "big")
        node_hash = root
        depth = 0
        while node_hash != EMPTY:
            node = self._node(node_hash)
            if len(node) == 3:
                return node[1] if node[0] == kh else None
            _check_depth(depth, node_hash)
            node_hash = node[(path >> (255 - depth)) & 1]
            depth += 1
        return None

    def prove(self, root: bytes, key: bytes) -> tuple[bytes | None, StateProof]:
        """The value of ``key`` (None if absent) and a proof of it against ``root``."""
        _check_root(root)
        kh = key_hash(key)
        path = int.from_bytes(kh, "big")
        siblings: list[bytes] = []
        node_hash = root
        depth = 0
        while node_hash != EMPTY:
            node = self._node(node_hash)
            if len(node) == 3:
                leaf_kh, value = node[0], node[1]
                proof = StateProof(tuple(siblings), (leaf_kh, _sha256(value).digest()))
                return (value if leaf_kh == kh else None), proof
            _check_depth(depth, node_hash)
            bit = (path >> (255 - depth)) & 1
            siblings.append(node[bit ^ 1])
            node_hash = node[bit]
            depth += 1
        return None, StateProof(tuple(siblings), None)

    # --- update --------------------------------------------------------------

    def update(
        self, root: bytes, changes: Mapping[bytes, bytes | None]
    ) -> tuple[bytes, dict[bytes, bytes]]:
        """Apply ``changes`` (``key -> value``, None deletes) on top of ``root``.

        Returns ``(new_root, new_nodes)`` where ``new_nodes`` maps the hash of
        every node created to its record, for the caller to persist.  A record
        may already be stored (a value set back to an old one recreates the old
        leaf), so storage must insert-if-absent.  Deleting an absent key is a
        no-op.  The changes are sorted by key hash and the tree is walked once,
        so a node shared by many changed keys is rehashed once.
        """
        _check_root(root)
        if not changes:
            return root, {}
        entries = []
        for key, value in changes.items():
            kh = key_hash(key)
            if value is not None:
                _check_value(value)
            entries.append((kh, value))
        entries.sort(key=itemgetter(0))
        khs = [e[0] for e in entries]
        values = [e[1] for e in entries]
        paths = [int.from_bytes(kh, "big") for kh in khs]

        new_nodes: dict[bytes, bytes] = {}
        pending = self._pending
        extra_pins = self._extra_pins
        pending_get = pending.get
        cache = self._cache
        cache_get = cache.get
        cache_touch = cache.move_to_end
        load = self._node
        sha = _sha256

        # Nested functions keep the hot path on fast local/closure lookups.

        def node_of(h: bytes) -> _Node:
            node = pending_get(h)
            if node is None:
                node = cache_get(h)
                if node is None:
                    return load(h)
                cache_touch(h)
            return node

        def make_leaf(i: int, value: bytes) -> bytes:
            kh = khs[i]
            h = sha(b"\x00" + kh + sha(value).digest()).digest()
            new_nodes[h] = b"\x00" + kh + value
            if h in pending:
                extra_pins[h] = extra_pins.get(h, 0) + 1
            else:
                pending[h] = (kh, value, paths[i])
            return h

        def make_internal(left: bytes, right: bytes) -> bytes:
            record = b"\x01" + left + right
            h = sha(record).digest()
            new_nodes[h] = record
            if h in pending:
                extra_pins[h] = extra_pins.get(h, 0) + 1
            else:
                pending[h] = (left, right)
            return h

        def combine(left: bytes, right: bytes) -> bytes:
            # Compression: a subtree with one leaf is that leaf, with none EMPTY.
            if left == EMPTY:
                if right == EMPTY or len(node_of(right)) == 3:
                    return right
            elif right == EMPTY and len(node_of(left)) == 3:
                return left
            return make_internal(left, right)

        def apply_one(top: bytes, depth: int, i: int) -> bytes:
            # One change left in this subtree: walk down to where its path ends,
            # then rehash back up, without recursion.
            kh, value, path = khs[i], values[i], paths[i]
            siblings = []
            h = top
            d = depth
            node: _Node = ()
            while h != EMPTY:
                node = node_of(h)
                if len(node) == 3:
                    break
                bit = (path >> (255 - d)) & 1
                siblings.append(node[bit ^ 1])
                h = node[bit]
                d += 1
            if h == EMPTY:
                if value is None:
                    return top
                new = make_leaf(i, value)
                new_is_leaf = True
            elif node[0] == kh:
                if value is None:
                    new = EMPTY
                    new_is_leaf = False
                elif value == node[1]:
                    return top
                else:
                    new = make_leaf(i, value)
                    new_is_leaf = True
            else:
                if value is None:
                    return top
                # Another key's leaf: both go down to the first bit where
                # their paths differ, under a chain of one-sided nodes.
                fresh = make_leaf(i, value)
                fork = 256 - (path ^ node[2]).bit_length()
                if (path >> (255 - fork)) & 1:
                    new = make_internal(h, fresh)
                else:
                    new = make_internal(fresh, h)
                for dd in range(fork - 1, d - 1, -1):
                    if (path >> (255 - dd)) & 1:
                        new = make_internal(EMPTY, new)
                    else:
                        new = make_internal(new, EMPTY)
                new_is_leaf = False
            for dd in range(d - 1, depth - 1, -1):
                sibling = siblings[dd - depth]
                if sibling == EMPTY:
                    if new_is_leaf or new == EMPTY:
                        continue  # a lone leaf (or nothing) moves up
                elif new == EMPTY and len(node_of(sibling)) == 3:
                    new = sibling
                    new_is_leaf = True
                    continue
                if (path >> (255 - dd)) & 1:
                    new = make_internal(sibling, new)
                else:
                    new = make_internal(new, sibling)
                new_is_leaf = False
            return new

        def apply(node_hash: bytes, depth: int, lo: int, hi: int) -> bytes:
            # Changes [lo, hi) (at least one) all fall under `node_hash` at `depth`.
            if hi - lo == 1:
                return apply_one(node_hash, depth, lo)
            # Entries in [lo, hi) share their first `depth` bits and are sorted,
            # so those going right (bit `depth` set) are a suffix.
            shift = 256 - depth
            mid = bisect_left(paths, ((paths[lo] >> shift) << shift) | (1 << (shift - 1)), lo, hi)
            if node_hash == EMPTY:
                left = apply(EMPTY, depth + 1, lo, mid) if mid > lo else EMPTY
                right = apply(EMPTY, depth + 1, mid, hi) if hi > mid else EMPTY
                return combine(left, right)
            node = node_of(node_hash)
            if len(node) == 2:
                left, right = node
                new_left = apply(left, depth + 1, lo, mid) if mid > lo else left
                new_right = apply(right, depth + 1, mid, hi) if hi > mid else right
                if new_left == left and new_right == right:
                    return node_hash
                return combine(new_left, new_right)
            # A leaf with several changes under it: push it one level down (as
            # if it were an internal node with an EMPTY sibling) and let
            # combine() re-compress whatever does not need splitting.
            if (node[2] >> (255 - depth)) & 1:
                left, right = EMPTY, node_hash
            else:
                left, right = node_hash, EMPTY
            new_left = apply(left, depth + 1, lo, mid) if mid > lo else left
            new_right = apply(right, depth + 1, mid, hi) if hi > mid else right
            return combine(new_left, new_right)

        new_root = apply(root, 0, 0, len(entries))
        return new_root, new_nodes


def _check_depth(depth: int, node_hash: bytes) -> None:
    if depth >= MAX_DEPTH:
        # Only a corrupted store can have an internal node below 255 levels.
        raise DecodeError("state tree deeper than 256 levels", node_hash=node_hash)


# --- proofs ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StateProof:
    """The path to where the search for a key ended, and what it ended on.

    The dataclass does not check itself; the ``verify_*`` functions do.
    """

    siblings: tuple[bytes, ...]
    """Sibling hashes from the root downward; their count is the depth reached."""
    leaf: tuple[bytes, bytes] | None
    """``(key_hash, value_hash)`` of the leaf the path ended on, or None for EMPTY."""

    @property
    def depth(self) -> int:
        """How many levels the path went down."""
        return len(self.siblings)

    def encode(self) -> bytes:
        """u16 BE depth || depth x 32-byte siblings || u8 flag || [key_hash || value_hash]."""
        _check_shape(self, InvalidValue)
        out = _DEPTH.pack(len(self.siblings)) + b"".join(self.siblings)
        if self.leaf is None:
            return out + b"\x00"
        return out + b"\x01" + self.leaf[0] + self.leaf[1]

    @classmethod
    def decode(cls, data: bytes) -> StateProof:
        """Strict inverse of :meth:`encode`; raises :class:`DecodeError`."""
        data = bytes(data)
        if len(data) < _DEPTH.size + 1:
            raise DecodeError("state proof too short")
        (depth,) = _DEPTH.unpack_from(data)
        if depth > MAX_DEPTH:
            raise DecodeError("state proof deeper than 256", depth=depth)
        flag_at = _DEPTH.size + depth * HASH_SIZE
        if len(data) <= flag_at:
            raise DecodeError("state proof truncated in its siblings")
        flag = data[flag_at]
        if flag not in (0, 1):
            raise DecodeError("state proof leaf flag must be 0 or 1", flag=flag)
        expected = flag_at + 1 + flag * 2 * HASH_SIZE
        if len(data) != expected:
            raise DecodeError(
                "state proof has the wrong length", expected=expected, actual=len(data)
            )
        siblings = tuple(data[i : i + HASH_SIZE] for i in range(_DEPTH.size, flag_at, HASH_SIZE))
        leaf = None
        if flag:
            leaf = (data[flag_at + 1 : flag_at + 33], data[flag_at + 33 : flag_at + 65])
        return cls(siblings=siblings, leaf=leaf)

    def to_json(self) -> dict[str, Any]:
        """``{"siblings": [hex, ...], "leaf": null | {"key_hash": hex, "value_hash": hex}}``."""
        leaf = None
        if self.leaf is not None:
            leaf = {"key_hash": self.leaf[0].hex(), "value_hash": self.leaf[1].hex()}
        return {"siblings": [s.hex() for s in self.siblings], "leaf": leaf}

    @classmethod
    def from_json(cls, obj: Any) -> StateProof:
        """Strict inverse of :meth:`to_json`; raises :class:`DecodeError`."""
        if not isinstance(obj, dict) or set(obj) != {"siblings", "leaf"}:
            raise DecodeError("state proof must be an object with siblings and leaf")
        siblings, leaf = obj["siblings"], obj["leaf"]
        if not isinstance(siblings, list) or len(siblings) > MAX_DEPTH:
            raise DecodeError("state proof siblings must be a list of at most 256 hashes")
        decoded_leaf = None
        if leaf is not None:
            if not isinstance(leaf, dict) or set(leaf) != {"key_hash", "value_hash"}:
                raise DecodeError("state proof leaf must be null or {key_hash, value_hash}")
            decoded_leaf = (_hex32(leaf["key_hash"]), _hex32(leaf["value_hash"]))
        return cls(siblings=tuple(_hex32(s) for s in siblings), leaf=decoded_leaf)


def _hex32(s: Any) -> bytes:
    # Lowercase only, so one proof has exactly one JSON form.
    if not isinstance(s, str) or len(s) != 2 * HASH_SIZE or s.strip("0123456789abcdef"):
        raise DecodeError("expected 64 lowercase hex characters")
    return bytes.fromhex(s)


def _check_shape(proof: StateProof, error: type[DepotError]) -> None:
    if len(proof.siblings) > MAX_DEPTH:
        raise error("state proof deeper than 256", depth=len(proof.siblings))
    for s in proof.siblings:
        if type(s) is not bytes or len(s) != HASH_SIZE:
            raise error("state proof sibling is not 32 bytes")
    if proof.leaf is not None:
        if len(proof.leaf) != 2 or any(
            type(h) is not bytes or len(h) != HASH_SIZE for h in proof.leaf
        ):
            raise error("state proof leaf hashes are not 32 bytes")


def _root_from(path: int, siblings: tuple[bytes, ...], h: bytes) -> bytes:
    sha = _sha256
    for depth in range(len(siblings) - 1, -1, -1):
        sibling = siblings[depth]
        if (path >> (255 - depth)) & 1:
            h = sha(b"\x01" + sibling + h).digest()
        else:
            h = sha(b"\x01" + h + sibling).digest()
    return h


def verify_membership(root: bytes, key: bytes, value: bytes, proof: StateProof) -> None:
    """Check that ``key`` holds ``value`` under ``root``; raise :class:`InvalidProof` if not."""
    kh = key_hash(key)
    _check_shape(proof, InvalidProof)
    if type(value) is not bytes or not value:
        raise InvalidProof("a state value is never empty")
    if proof.leaf is None:
        raise InvalidProof("membership proof ends in an empty subtree")
    leaf_kh, leaf_vh = proof.leaf
    if leaf_kh != kh:
        raise InvalidProof("membership proof ends on a leaf for another key")
    if leaf_vh != _sha256(value).digest():
        raise InvalidProof("value does not match the proven leaf")
    computed = _root_from(
        int.from_bytes(kh, "big"), proof.siblings, leaf_node_hash(leaf_kh, leaf_vh)
    )
    if computed != root:
        raise InvalidProof("state proof does not match the root", expected=root, computed=computed)


def verify_non_membership(root: bytes, key: bytes, proof: StateProof) -> None:
    """Check that ``key`` is absent under ``root``; raise :class:`InvalidProof` if not."""
    kh = key_hash(key)
    _check_shape(proof, InvalidProof)
    path = int.from_bytes(kh, "big")
    if proof.leaf is None:
        start = EMPTY
    else:
        leaf_kh, leaf_vh = proof.leaf
        if leaf_kh == kh:
            raise InvalidProof("non-membership proof ends on the key's own leaf")
        depth = len(proof.siblings)
        if (path ^ int.from_bytes(leaf_kh, "big")) >> (256 - depth):
            raise InvalidProof("proof leaf does not share the key's path prefix", depth=depth)
        start = leaf_node_hash(leaf_kh, leaf_vh)
    computed = _root_from(path, proof.siblings, start)
    if computed != root:
        raise InvalidProof("state proof does not match the root", expected=root, computed=computed)


def verify_state_proof(root: bytes, key: bytes, value: bytes | None, proof: StateProof) -> None:
    """Membership if ``value`` is bytes, non-membership if it is None."""
    if value is None:
        verify_non_membership(root, key, proof)
    else:
        verify_membership(root, key, value, proof)
