"""Tests for the authenticated state tree: roots, compression, history, proofs and encodings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node.core.errors import DecodeError, DepotError, InvalidProof, InvalidValue
from node.core.state_tree import (
    EMPTY,
    InvalidStateKey,
    StateProof,
    StateTree,
    UnknownStateNode,
    internal_node_hash,
    key_hash,
    leaf_node_hash,
    verify_membership,
    verify_non_membership,
    verify_state_proof,
)


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def bit(digest: bytes, i: int) -> int:
    return (digest[i // 8] >> (7 - i % 8)) & 1


def reference_root(state: Mapping[bytes, bytes]) -> bytes:
    """The root from its definition, recomputed from scratch with no tree code."""

    def build(items: list[tuple[bytes, bytes]], depth: int) -> bytes:
        if not items:
            return bytes(32)
        if len(items) == 1:
            kh, value = items[0]
            return h(b"\x00" + kh + h(value))
        left = [it for it in items if bit(it[0], depth) == 0]
        right = [it for it in items if bit(it[0], depth) == 1]
        return h(b"\x01" + build(left, depth + 1) + build(right, depth + 1))

    return build([(h(k), v) for k, v in state.items()], 0)


class MemoryStore:
    """A dict standing in for the database."""

    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}
        self.reads = 0

    def get_node(self, node_hash: bytes) -> bytes | None:
        self.reads += 1
        return self.nodes.get(node_hash)


class Chain:
    """A tree plus its store, persisting each block's nodes like a node would."""

    def __init__(self, cache_size: int = 200_000) -> None:
        self.store = MemoryStore()
        self.tree = StateTree(self.store, cache_size=cache_size)
        self.root = EMPTY

    def apply(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        self.root, new_nodes = self.tree.update(self.root, changes)
        self.store.nodes.update(new_nodes)
        self.tree.mark_persisted(new_nodes)
        return self.root


def shared_prefix_keys(bits: int, prefix: bytes = b"k") -> tuple[bytes, bytes]:
    """Two keys whose hashes agree on exactly their first ``bits`` bits (birthday search)."""
    seen: dict[int, bytes] = {}
    i = 0
    while True:
        key = prefix + i.to_bytes(4, "big")
        top = int.from_bytes(h(key), "big") >> (255 - bits)  # first bits+1 bits
        partner = top ^ 1  # same first `bits` bits, differs at bit `bits`
        if partner in seen:
            return seen[partner], key
        seen[top] = key
        i += 1


KEYS = [f"key-{i}".encode() for i in range(40)]
keys_st = st.sampled_from(KEYS)
values_st = st.binary(min_size=1, max_size=8)
states_st = st.dictionaries(keys_st, values_st, max_size=30)
changes_st = st.dictionaries(keys_st, st.one_of(st.none(), values_st), max_size=30)


# --- roots worked by hand -------------------------------------------------------


def test_empty_tree_root_is_zero() -> None:
    assert EMPTY == bytes(32)
    tree = StateTree(MemoryStore())
    assert tree.update(EMPTY, {}) == (EMPTY, {})
    assert tree.get(EMPTY, b"a") is None


def test_one_key_root_is_its_leaf() -> None:
    chain = Chain()
    root = chain.apply({b"a": b"1"})
    assert root == h(b"\x00" + h(b"a") + h(b"1")) == leaf_node_hash(key_hash(b"a"), h(b"1"))
    assert chain.store.nodes == {root: b"\x00" + h(b"a") + b"1"}


def test_two_keys_differing_at_first_bit() -> None:
    a, b = shared_prefix_keys(0)
    la, lb = (h(b"\x00" + h(k) + h(b"v")) for k in (a, b))
    left, right = (la, lb) if bit(h(a), 0) == 0 else (lb, la)
    root = Chain().apply({a: b"v", b: b"v"})
    assert root == h(b"\x01" + left + right) == internal_node_hash(left, right)


def test_two_keys_sharing_three_bits_hang_under_a_chain() -> None:
    a, b = shared_prefix_keys(3)
    la, lb = (h(b"\x00" + h(k) + h(b"v")) for k in (a, b))
    node = h(b"\x01" + la + lb) if bit(h(a), 3) == 0 else h(b"\x01" + lb + la)
    for depth in (2, 1, 0):
        node = h(b"\x01" + node + EMPTY) if bit(h(a), depth) == 0 else h(b"\x01" + EMPTY + node)
    chain = Chain()
    assert chain.apply({a: b"v", b: b"v"}) == node
    assert len(chain.store.nodes) == 2 + 4
    # Deleting one re-compresses the chain away: the survivor is the root.
    assert chain.apply({b: None}) == la


def test_records_are_content_addressed() -> None:
    chain = Chain()
    chain.apply({k: k * 3 for k in KEYS})
    for node_hash, record in chain.store.nodes.items():
        if record[0] == 1:
            assert len(record) == 65 and h(record) == node_hash
        else:
            assert record[0] == 0
            kh, value = record[1:33], record[33:]
            assert h(b"\x00" + kh + h(value)) == node_hash


def test_no_internal_node_has_a_lone_leaf() -> None:
    chain = Chain()
    chain.apply({k: b"v" for k in KEYS})
    chain.apply({k: None for k in KEYS[::3]})
    nodes = chain.store.nodes
    stack = [chain.root]
    while stack:
        record = nodes[stack.pop()]
        if record[0] == 0:
            continue
        children = [record[1:33], record[33:65]]
        kinds = [
            "empty" if c == EMPTY else ("leaf" if nodes[c][0] == 0 else "internal")
            for c in children
        ]
        assert sorted(kinds) not in (["empty", "leaf"], ["empty", "empty"])
        stack.extend(c for c in children if c != EMPTY)


def test_deep_shared_prefix() -> None:
    a, b = shared_prefix_keys(26)
    chain = Chain()
    root = chain.apply({a: b"1", b: b"2"})
    assert root == reference_root({a: b"1", b: b"2"})
    value, proof = chain.tree.prove(root, a)
    assert value == b"1" and proof.depth == 27
    verify_membership(root, a, b"1", proof)
    assert chain.apply({a: None}) == reference_root({b: b"2"})
    assert chain.apply({a: b"1", b"other": b"3"}) == reference_root(
        {a: b"1", b: b"2", b"other": b"3"}
    )


# --- update semantics -----------------------------------------------------------


def test_no_op_changes_create_nothing() -> None:
    chain = Chain()
    root = chain.apply({k: b"v" for k in KEYS[:10]})
    assert chain.tree.update(root, {b"absent": None}) == (root, {})
    assert chain.tree.update(root, {KEYS[3]: b"v"}) == (root, {})
    assert chain.tree.update(root, {KEYS[3]: b"v", b"absent": None, b"gone": None}) == (root, {})


def test_setting_a_value_back_recreates_the_old_root() -> None:
    chain = Chain()
    first = chain.apply({k: b"v" for k in KEYS})
    chain.apply({KEYS[0]: b"other"})
    assert chain.apply({KEYS[0]: b"v"}) == first


@pytest.mark.parametrize("key", [b"", b"x" * 257, "text", None, 5], ids=repr)
def test_rejects_invalid_keys(key: object) -> None:
    tree = StateTree(MemoryStore())
    with pytest.raises(InvalidStateKey) as info:
        tree.update(EMPTY, {key: b"v"})  # type: ignore[dict-item]
    assert info.value.code == "invalid_state_key"
    assert isinstance(info.value, InvalidValue)
    with pytest.raises(InvalidStateKey):
        tree.get(EMPTY, key)  # type: ignore[arg-type]
    with pytest.raises(InvalidStateKey):
        verify_non_membership(EMPTY, key, StateProof((), None))  # type: ignore[arg-type]


def test_accepts_keys_of_one_to_256_bytes() -> None:
    chain = Chain()
    root = chain.apply({b"k": b"1", b"K" * 256: b"2"})
    assert chain.tree.get(root, b"K" * 256) == b"2"


@pytest.mark.parametrize("value", [b"", "text", 0, bytearray(b"v")], ids=repr)
def test_rejects_invalid_values(value: object) -> None:
    with pytest.raises(InvalidValue):
        StateTree(MemoryStore()).update(EMPTY, {b"k": value})  # type: ignore[dict-item]


def test_rejects_malformed_root() -> None:
    tree = StateTree(MemoryStore())
    for root in (b"", bytes(31), bytes(33)):
        with pytest.raises(InvalidValue):
            tree.get(root, b"k")
        with pytest.raises(InvalidValue):
            tree.update(root, {b"k": b"v"})


def test_unknown_root_is_a_typed_error() -> None:
    tree = StateTree(MemoryStore())
    with pytest.raises(UnknownStateNode) as info:
        tree.get(b"\x42" * 32, b"k")
    assert info.value.http_status == 404
    with pytest.raises(UnknownStateNode):
        tree.prove(b"\x42" * 32, b"k")
    with pytest.raises(UnknownStateNode):
        tree.update(b"\x42" * 32, {b"k": b"v"})


def test_corrupted_record_is_a_decode_error() -> None:
    store = MemoryStore()
    store.nodes[b"\x42" * 32] = b"\x02" + bytes(64)
    with pytest.raises(DecodeError):
        StateTree(store).get(b"\x42" * 32, b"k")


# --- pinning of unpersisted nodes -----------------------------------------------


def test_unpersisted_blocks_stay_readable_until_marked() -> None:
    store = MemoryStore()
    tree = StateTree(store, cache_size=0)  # no cache: only pinning keeps them
    root = EMPTY
    model: dict[bytes, bytes] = {}
    batches = []
    for i in range(5):
        changes = {k: bytes([i + 1]) for k in KEYS[i::3]}
        root, new_nodes = tree.update(root, changes)
        model.update(changes)
        batches.append(new_nodes)
    assert store.nodes == {}
    assert tree.pending_count == len(set().union(*batches))
    assert all(tree.get(root, k) == model.get(k) for k in KEYS)
    for new_nodes in batches:
        store.nodes.update(new_nodes)
        tree.mark_persisted(new_nodes)
    assert tree.pending_count == 0
    reads = store.reads
    assert all(tree.get(root, k) == model.get(k) for k in KEYS)
    assert store.reads > reads


def test_abandoned_nodes_can_be_released() -> None:
    tree = StateTree(MemoryStore(), cache_size=0)
    root, new_nodes = tree.update(EMPTY, {b"a": b"1", b"b": b"2"})
    tree.mark_persisted(new_nodes)  # never stored: the block was abandoned
    tree.mark_persisted([b"\x00" * 32, b"unknown"])
    with pytest.raises(UnknownStateNode):
        tree.get(root, b"a")


def test_competing_blocks_sharing_nodes_stay_pinned() -> None:
    # Two proposals at one height set the same key: both create its leaf.
    # Abandoning one must not unpin the leaf the other still needs.
    tree = StateTree(MemoryStore(), cache_size=0)
    parent, parent_nodes = tree.update(EMPTY, {b"a": b"1"})
    root_1, nodes_1 = tree.update(parent, {b"b": b"2"})
    root_2, nodes_2 = tree.update(parent, {b"b": b"2", b"c": b"3"})
    assert set(nodes_1) & set(nodes_2)
    tree.mark_persisted(nodes_1)  # proposal 1 abandoned
    assert tree.get(root_2, b"b") == b"2"
    assert tree.get(root_2, b"a") == b"1"
    tree.mark_persisted(nodes_2)
    tree.mark_persisted(parent_nodes)
    assert tree.pending_count == 0


def test_cache_is_bounded_and_still_correct() -> None:
    chain = Chain(cache_size=8)
    model: dict[bytes, bytes] = {}
    for i in range(6):
        changes = {k: bytes([i + 1]) for k in KEYS[i::2]}
        chain.apply(changes)
        model.update(changes)
    assert chain.root == reference_root(model)
    fresh = StateTree(chain.store, cache_size=8)
    assert all(fresh.get(chain.root, k) == model.get(k) for k in KEYS)


# --- properties -----------------------------------------------------------------


@given(states_st, st.randoms(use_true_random=False))
def test_root_is_independent_of_order_and_batching(state: dict[bytes, bytes], rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    expected = reference_root(state)

    assert Chain().apply(state) == expected

    items = list(state.items())
    rnd.shuffle(items)
    single = Chain()
    for k, v in items:
        single.apply({k: v})
    assert single.root == expected

    batched = Chain()
    i = 0
    while i < len(items):
        step = rnd.randint(1, 5)
        batched.apply(dict(items[i : i + step]))
        i += step
    assert batched.root == expected


@given(states_st, st.dictionaries(keys_st, values_st, max_size=20), st.booleans())
def test_inserting_then_deleting_extras_restores_the_root(
    state: dict[bytes, bytes], extra: dict[bytes, bytes], one_by_one: bool
) -> None:
    extra = {k: v for k, v in extra.items() if k not in state}
    chain = Chain()
    chain.apply(state)
    chain.apply(extra)
    if one_by_one:
        for k in extra:
            chain.apply({k: None})
    else:
        chain.apply(dict.fromkeys(extra))
    assert chain.root == reference_root(state)


@given(st.lists(changes_st, min_size=1, max_size=8))
@settings(max_examples=60)
def test_updates_match_model_and_history_stays_provable(blocks: list[dict]) -> None:
    chain = Chain()
    model: dict[bytes, bytes] = {}
    history = []
    for changes in blocks:
        chain.apply(changes)
        for k, v in changes.items():
            if v is None:
                model.pop(k, None)
            else:
                model[k] = v
        assert chain.root == reference_root(model)
        history.append((chain.root, dict(model)))
    # Every historical root still answers and proves, after later blocks.
    for root, state in history:
        for key in KEYS:
            value, proof = chain.tree.prove(root, key)
            assert value == state.get(key) == chain.tree.get(root, key)
            verify_state_proof(root, key, value, proof)
            assert StateProof.decode(proof.encode()) == proof
            assert StateProof.from_json(json.loads(json.dumps(proof.to_json()))) == proof
            if value is None:
                verify_non_membership(root, key, proof)
                with pytest.raises(InvalidProof):
                    verify_membership(root, key, b"anything", proof)
            else:
                verify_membership(root, key, value, proof)
                with pytest.raises(InvalidProof):
                    verify_membership(root, key, value + b"!", proof)
                with pytest.raises(InvalidProof):
                    verify_non_membership(root, key, proof)


@given(states_st.filter(lambda s: len(s) >= 2))
def test_a_proof_for_one_key_does_not_prove_another(state: dict[bytes, bytes]) -> None:
    chain = Chain()
    root = chain.apply(state)
    for a in KEYS[:12]:
        value_a, proof_a = chain.tree.prove(root, a)
        for b in KEYS[:12]:
            value_b = state.get(b)
            if b == a:
                continue
            if value_a is not None:
                with pytest.raises(InvalidProof):
                    verify_membership(root, b, value_a, proof_a)
            if value_b is not None:
                # Whatever a's proof shows, it never shows the present key b absent.
                with pytest.raises(InvalidProof):
                    verify_non_membership(root, b, proof_a)
                # An absence proof for a may end on b's leaf: then, and only
                # then, it is also b's membership proof.
                if proof_a.leaf is not None and proof_a.leaf[0] == h(b):
                    verify_membership(root, b, value_b, proof_a)
                else:
                    with pytest.raises(InvalidProof):
                        verify_membership(root, b, value_b, proof_a)


@given(states_st.filter(bool))
def test_present_keys_have_no_non_membership_proof(state: dict[bytes, bytes]) -> None:
    chain = Chain()
    root = chain.apply(state)
    for key in state:
        _, honest = chain.tree.prove(root, key)
        assert honest.leaf is not None
        # Every way of stopping early or swapping the leaf for EMPTY fails.
        forged = [StateProof(honest.siblings, None)]
        for depth in range(honest.depth):
            forged.append(StateProof(honest.siblings[:depth], None))
        for bad in forged:
            with pytest.raises(InvalidProof):
                verify_non_membership(root, key, bad)


@given(states_st)
def test_truncated_or_extended_encodings_are_rejected(state: dict[bytes, bytes]) -> None:
    chain = Chain()
    root = chain.apply(state)
    for key in KEYS[:6]:
        _, proof = chain.tree.prove(root, key)
        data = proof.encode()
        for cut in range(len(data)):
            with pytest.raises(DecodeError):
                StateProof.decode(data[:cut])
        with pytest.raises(DecodeError):
            StateProof.decode(data + b"\x00")


# --- verifier rejections, one by one ---------------------------------------------


@pytest.fixture
def proven() -> tuple[bytes, StateProof, StateProof, bytes]:
    """A root, a membership proof for KEYS[0], a non-membership proof for an absent key."""
    chain = Chain()
    root = chain.apply({k: k + b"-value" for k in KEYS[:20]})
    _, member = chain.tree.prove(root, KEYS[0])
    absent = next(k for k in KEYS[20:] if chain.tree.prove(root, k)[1].leaf is not None)
    _, non_member = chain.tree.prove(root, absent)
    return root, member, non_member, absent


def test_membership_rejections(proven: tuple[bytes, StateProof, StateProof, bytes]) -> None:
    root, member, non_member, _ = proven
    key, value = KEYS[0], KEYS[0] + b"-value"
    verify_membership(root, key, value, member)
    assert member.leaf is not None
    cases: list[tuple[StateProof, bytes, str]] = [
        (StateProof(member.siblings, None), value, "empty subtree"),
        (StateProof(member.siblings, (h(b"x"), member.leaf[1])), value, "another key"),
        (member, value + b"x", "value does not match"),
        (member, b"", "never empty"),
        (StateProof(member.siblings[:-1], member.leaf), value, "does not match the root"),
        (
            StateProof((member.siblings[0][:31], *member.siblings[1:]), member.leaf),
            value,
            "32 bytes",
        ),
        (StateProof((bytes(32),) * 257, member.leaf), value, "deeper than 256"),
        (StateProof(member.siblings, (member.leaf[0][:31], member.leaf[1])), value, "32 bytes"),
    ]
    for bad, v, message in cases:
        with pytest.raises(InvalidProof, match=message):
            verify_membership(root, key, v, bad)
    with pytest.raises(InvalidProof, match="does not match the root"):
        verify_membership(h(b"other root"), key, value, member)
    flipped = bytes([member.siblings[-1][0] ^ 1]) + member.siblings[-1][1:]
    with pytest.raises(InvalidProof, match="does not match the root"):
        verify_membership(
            root, key, value, StateProof((*member.siblings[:-1], flipped), member.leaf)
        )


def test_non_membership_rejections(proven: tuple[bytes, StateProof, StateProof, bytes]) -> None:
    root, member, non_member, absent = proven
    verify_non_membership(root, absent, non_member)
    assert non_member.leaf is not None
    # The key's own leaf cannot prove it absent.
    with pytest.raises(InvalidProof, match="own leaf"):
        verify_non_membership(root, KEYS[0], member)
    # A leaf off the key's path is refused before any hashing.
    off_path = next(k for k in KEYS if bit(h(k), 0) != bit(h(absent), 0))
    bad_leaf = StateProof(non_member.siblings, (h(off_path), non_member.leaf[1]))
    if non_member.depth > 0:
        with pytest.raises(InvalidProof, match="path prefix"):
            verify_non_membership(root, absent, bad_leaf)
    with pytest.raises(InvalidProof, match="does not match the root"):
        verify_non_membership(root, absent, StateProof(non_member.siblings, None))
    with pytest.raises(InvalidProof, match="deeper than 256"):
        verify_non_membership(root, absent, StateProof((bytes(32),) * 257, None))
    with pytest.raises(InvalidProof, match="32 bytes"):
        verify_non_membership(root, absent, StateProof((b"\x00",), None))


def test_verify_dispatch(proven: tuple[bytes, StateProof, StateProof, bytes]) -> None:
    root, member, non_member, absent = proven
    verify_state_proof(root, KEYS[0], KEYS[0] + b"-value", member)
    verify_state_proof(root, absent, None, non_member)
    with pytest.raises(InvalidProof):
        verify_state_proof(root, KEYS[0], None, member)
    with pytest.raises(InvalidProof):
        verify_state_proof(root, absent, b"v", non_member)


def test_empty_tree_proof() -> None:
    value, proof = StateTree(MemoryStore()).prove(EMPTY, b"k")
    assert value is None and proof == StateProof((), None)
    assert proof.encode() == b"\x00\x00\x00"
    verify_non_membership(EMPTY, b"k", proof)
    with pytest.raises(InvalidProof):
        verify_non_membership(h(b"x"), b"k", proof)


def test_single_leaf_tree_proves_other_keys_absent_at_depth_zero() -> None:
    chain = Chain()
    root = chain.apply({b"a": b"1"})
    value, proof = chain.tree.prove(root, b"b")
    assert value is None and proof == StateProof((), (h(b"a"), h(b"1")))
    verify_non_membership(root, b"b", proof)


# --- encodings ------------------------------------------------------------------


def test_encoding_is_exact() -> None:
    proof = StateProof((b"\x11" * 32, b"\x22" * 32), (b"\x33" * 32, b"\x44" * 32))
    data = proof.encode()
    assert data == b"\x00\x02" + b"\x11" * 32 + b"\x22" * 32 + b"\x01" + b"\x33" * 32 + b"\x44" * 32
    assert StateProof.decode(data) == proof
    assert proof.to_json() == {
        "siblings": ["11" * 32, "22" * 32],
        "leaf": {"key_hash": "33" * 32, "value_hash": "44" * 32},
    }
    assert StateProof((b"\x11" * 32,), None).encode() == b"\x00\x01" + b"\x11" * 32 + b"\x00"
    assert StateProof((), None).to_json() == {"siblings": [], "leaf": None}


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",
        b"\x00\x00",
        b"\x00\x00\x02",
        b"\x00\x00\x01" + bytes(63),
        b"\x00\x00\x00\x00",
        b"\x00\x01" + bytes(32),
        b"\x01\x01" + bytes(257 * 32) + b"\x00",
        b"\xff\xff",
    ],
    ids=lambda d: d[:4].hex() + f"..{len(d)}",
)
def test_decode_rejects(data: bytes) -> None:
    with pytest.raises(DecodeError):
        StateProof.decode(data)


@pytest.mark.parametrize(
    "obj",
    [
        None,
        {"siblings": []},
        {"siblings": [], "leaf": None, "depth": 0},
        {"siblings": "", "leaf": None},
        {"siblings": ["AA" * 32], "leaf": None},
        {"siblings": ["aa" * 33], "leaf": None},
        {"siblings": [], "leaf": {"key_hash": "aa" * 32}},
        {"siblings": [], "leaf": {"key_hash": "aa" * 32, "value_hash": 5}},
        {"siblings": [], "leaf": ["aa" * 32, "bb" * 32]},
        {"siblings": ["00" * 32] * 257, "leaf": None},
    ],
)
def test_from_json_rejects(obj: object) -> None:
    with pytest.raises(DecodeError):
        StateProof.from_json(obj)


def test_encode_rejects_unencodable() -> None:
    with pytest.raises(InvalidValue):
        StateProof((b"\x00" * 31,), None).encode()
    with pytest.raises(InvalidValue):
        StateProof((bytes(32),) * 257, None).encode()


def test_errors_are_depot_errors() -> None:
    assert issubclass(InvalidStateKey, DepotError)
    assert issubclass(UnknownStateNode, DepotError)
    assert UnknownStateNode.code == "unknown_state_node"


@pytest.mark.parametrize("seed", range(3))
def test_large_mixed_blocks_match_the_definition(seed: int) -> None:
    import random

    rnd = random.Random(seed)
    pool = [f"acct/{seed}/{i}".encode() for i in range(3000)]
    chain = Chain(cache_size=500)
    model: dict[bytes, bytes] = {}
    for _ in range(6):
        changes: dict[bytes, bytes | None] = {}
        for key in rnd.sample(pool, rnd.randint(1, 1500)):
            changes[key] = None if rnd.random() < 0.3 else rnd.randbytes(rnd.randint(1, 40))
        chain.apply(changes)
        for k, v in changes.items():
            if v is None:
                model.pop(k, None)
            else:
                model[k] = v
        assert chain.root == reference_root(model)
    for key in rnd.sample(pool, 200):
        value, proof = chain.tree.prove(chain.root, key)
        assert value == model.get(key)
        verify_state_proof(chain.root, key, value, proof)
