"""Tests for the transactions Merkle tree (RFC 6962 / CometBFT simple Merkle) and its proofs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.core.errors import DecodeError, InvalidProof, InvalidValue
from node.core.merkle import (
    EMPTY_ROOT,
    InclusionProof,
    aunt_count,
    inner_hash,
    leaf_hash,
    merkle_root,
    prove,
    prove_all,
    verify_inclusion,
)


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def reference_root(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962 section 2.1 written out recursively, as the definition."""
    n = len(leaves)
    if n == 0:
        return h(b"")
    if n == 1:
        return h(b"\x00" + leaves[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return h(b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:]))


def leaves_of(n: int) -> list[bytes]:
    return [f"tx-{i}".encode() for i in range(n)]


# --- roots worked by hand -------------------------------------------------------


def test_root_of_no_leaves_is_hash_of_empty_string() -> None:
    assert merkle_root([]) == EMPTY_ROOT == h(b"")


def test_root_of_one_leaf_is_its_leaf_hash() -> None:
    assert merkle_root([b"a"]) == h(b"\x00a") == leaf_hash(b"a")


def test_root_of_two_leaves() -> None:
    assert merkle_root([b"a", b"b"]) == h(b"\x01" + h(b"\x00a") + h(b"\x00b"))


def test_root_of_three_leaves_splits_two_and_one() -> None:
    a, b, c = h(b"\x00a"), h(b"\x00b"), h(b"\x00c")
    assert merkle_root([b"a", b"b", b"c"]) == h(b"\x01" + h(b"\x01" + a + b) + c)


def test_root_of_five_leaves_splits_four_and_one() -> None:
    a, b, c, d, e = (h(b"\x00" + x) for x in (b"a", b"b", b"c", b"d", b"e"))
    left = h(b"\x01" + h(b"\x01" + a + b) + h(b"\x01" + c + d))
    assert merkle_root([b"a", b"b", b"c", b"d", b"e"]) == h(b"\x01" + left + e)


def test_inner_hash_prefix() -> None:
    assert inner_hash(b"L" * 32, b"R" * 32) == h(b"\x01" + b"L" * 32 + b"R" * 32)


@pytest.mark.parametrize(
    ("leaves", "root_hex"),
    [
        # From CometBFT crypto/merkle/tree_test.go (TestHashFromByteSlices).
        ([], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ([b"\x01\x02\x03"], "054edec1d0211f624fed0cbca9d4f9400b0e491c43742af2c5b0abebf0c990d8"),
        ([b""], "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        (
            [b"\x01\x02\x03", b"\x04\x05\x06"],
            "82e6cfce00453804379b53962939eaa7906b39904be0813fcadd31b100773c4b",
        ),
        (
            [b"\x01\x02", b"\x03\x04", b"\x05\x06", b"\x07\x08", b"\x09\x0a"],
            "f326493eceab4f2d9ffbc78c59432a0a005d6ea98392045c74df5d14a113be18",
        ),
    ],
)
def test_matches_cometbft(leaves: list[bytes], root_hex: str) -> None:
    assert merkle_root(leaves).hex() == root_hex


@pytest.mark.parametrize("n", range(0, 70))
def test_iterative_root_matches_recursive_definition(n: int) -> None:
    assert merkle_root(leaves_of(n)) == reference_root(leaves_of(n))


@given(st.lists(st.binary(max_size=40), max_size=80))
def test_root_matches_definition_for_any_leaves(leaves: list[bytes]) -> None:
    assert merkle_root(leaves) == reference_root(leaves)


def test_order_matters() -> None:
    assert merkle_root([b"a", b"b"]) != merkle_root([b"b", b"a"])


def test_leaf_and_inner_domains_do_not_collide() -> None:
    # A one-leaf tree whose leaf is an inner pre-image is not the two-leaf tree.
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert merkle_root([b"\x01" + a + b]) != merkle_root([b"a", b"b"])


# --- proofs ---------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 34))
def test_every_proof_verifies(n: int) -> None:
    leaves = leaves_of(n)
    root = merkle_root(leaves)
    proofs = prove_all(leaves)
    assert len(proofs) == n
    for i, proof in enumerate(proofs):
        assert proof == prove(leaves, i)
        assert proof.index == i and proof.total == n
        assert len(proof.aunts) == aunt_count(i, n)
        verify_inclusion(root, leaves[i], proof)


def _tampered(proof: InclusionProof) -> list[InclusionProof]:
    out = []
    for k in range(len(proof.aunts)):
        for bit in (0, 7, 255):
            aunt = bytearray(proof.aunts[k])
            aunt[bit // 8] ^= 1 << (bit % 8)
            out.append(
                InclusionProof(
                    proof.index, proof.total, (*proof.aunts[:k], bytes(aunt), *proof.aunts[k + 1 :])
                )
            )
        out.append(InclusionProof(proof.index, proof.total, proof.aunts[:k] + proof.aunts[k + 1 :]))
        out.append(
            InclusionProof(
                proof.index,
                proof.total,
                (*proof.aunts[:k], proof.aunts[k][:31], *proof.aunts[k + 1 :]),
            )
        )
    if len(proof.aunts) > 1:
        out.append(InclusionProof(proof.index, proof.total, proof.aunts[::-1]))
    out.append(InclusionProof(proof.index, proof.total, (*proof.aunts, b"\x00" * 32)))
    for index in {proof.index - 1, proof.index + 1, proof.total, proof.total + 5}:
        if index >= 0:
            out.append(InclusionProof(index, proof.total, proof.aunts))
    for total in {proof.total - 1, proof.total + 1, 0, 2 * proof.total}:
        if total >= 0:
            out.append(InclusionProof(proof.index, total, proof.aunts))
    return [p for p in out if p != proof]


@pytest.mark.parametrize("n", range(1, 34))
def test_tampered_proofs_fail(n: int) -> None:
    leaves = leaves_of(n)
    root = merkle_root(leaves)
    for i, proof in enumerate(prove_all(leaves)):
        for bad in _tampered(proof):
            with pytest.raises(InvalidProof):
                verify_inclusion(root, leaves[i], bad, total=n)
            if bad.aunts != proof.aunts:
                with pytest.raises(InvalidProof):
                    verify_inclusion(root, leaves[i], bad)
        with pytest.raises(InvalidProof):
            verify_inclusion(root, leaves[i] + b"!", proof)
        with pytest.raises(InvalidProof):
            verify_inclusion(merkle_root([*leaves, b"x"]), leaves[i], proof)
        if n > 1:
            with pytest.raises(InvalidProof):
                verify_inclusion(root, leaves[(i + 1) % n], proof)


def test_root_does_not_commit_to_total() -> None:
    # Documented limit shared with CometBFT: the same turns verify for another
    # (index, total); a verifier that needs the exact index passes `total`.
    leaves = leaves_of(5)
    root = merkle_root(leaves)
    proof = prove(leaves, 4)
    shorter = InclusionProof(1, 2, proof.aunts)
    verify_inclusion(root, leaves[4], shorter)
    with pytest.raises(InvalidProof, match="another size"):
        verify_inclusion(root, leaves[4], shorter, total=5)
    verify_inclusion(root, leaves[4], proof, total=5)


def test_verify_messages_are_specific() -> None:
    leaves = leaves_of(5)
    root = merkle_root(leaves)
    proof = prove(leaves, 2)
    cases = [
        (InclusionProof(5, 5, proof.aunts), "index out of range"),
        (InclusionProof(0, 0, ()), "empty tree"),
        (InclusionProof(2, 5, proof.aunts[:-1]), "wrong number of aunts"),
        (InclusionProof(2, 5, (proof.aunts[0][:31], *proof.aunts[1:])), "not 32 bytes"),
        (InclusionProof(2, 5, (bytes(32), *proof.aunts[1:])), "does not match the root"),
        (InclusionProof(-1, 5, proof.aunts), "u32"),
    ]
    for bad, message in cases:
        with pytest.raises(InvalidProof, match=message):
            verify_inclusion(root, leaves[2], bad)


def test_prove_rejects_bad_index() -> None:
    with pytest.raises(InvalidValue):
        prove(leaves_of(3), 3)
    with pytest.raises(InvalidValue):
        prove([], 0)
    assert prove_all([]) == []


def test_single_leaf_proof_has_no_aunts() -> None:
    proof = prove([b"only"], 0)
    assert proof == InclusionProof(0, 1, ())
    verify_inclusion(leaf_hash(b"only"), b"only", proof)


def test_aunts_run_from_sibling_upward() -> None:
    leaves = [b"a", b"b", b"c", b"d", b"e"]
    la, lb, lc, ld, le = (leaf_hash(x) for x in leaves)
    assert prove(leaves, 0).aunts == (lb, inner_hash(lc, ld), le)
    # The fifth leaf has no sibling until the root's split.
    assert prove(leaves, 4).aunts == (inner_hash(inner_hash(la, lb), inner_hash(lc, ld)),)


@given(st.lists(st.binary(max_size=20), min_size=1, max_size=60), st.data())
def test_proofs_verify_for_any_leaves(leaves: list[bytes], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(leaves) - 1))
    root = merkle_root(leaves)
    verify_inclusion(root, leaves[i], prove(leaves, i))


# --- encodings ------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 34))
def test_encoding_round_trips(n: int) -> None:
    for proof in prove_all(leaves_of(n)):
        data = proof.encode()
        assert len(data) == 12 + 32 * len(proof.aunts)
        assert data[:4] == proof.index.to_bytes(4, "big")
        assert data[4:8] == proof.total.to_bytes(4, "big")
        assert data[8:12] == len(proof.aunts).to_bytes(4, "big")
        assert InclusionProof.decode(data) == proof
        as_json = json.loads(json.dumps(proof.to_json()))
        assert InclusionProof.from_json(as_json) == proof


def test_encoding_is_exact() -> None:
    proof = InclusionProof(1, 2, (b"\xab" * 32,))
    assert proof.encode() == bytes.fromhex("000000010000000200000001") + b"\xab" * 32
    assert proof.to_json() == {"index": 1, "total": 2, "aunts": ["ab" * 32]}


def test_decode_rejects_truncated_and_trailing() -> None:
    data = prove(leaves_of(9), 4).encode()
    for cut in range(len(data)):
        with pytest.raises(DecodeError):
            InclusionProof.decode(data[:cut])
    with pytest.raises(DecodeError):
        InclusionProof.decode(data + b"\x00")


@pytest.mark.parametrize(
    ("index", "total", "count"),
    [(0, 0, 0), (3, 3, 2), (0, 5, 2), (4, 5, 3), (0, 1, 1), (0, 2, 0), (0xFFFFFFFF, 1, 0)],
)
def test_decode_rejects_inconsistent_header(index: int, total: int, count: int) -> None:
    data = index.to_bytes(4, "big") + total.to_bytes(4, "big") + count.to_bytes(4, "big")
    with pytest.raises(DecodeError):
        InclusionProof.decode(data + b"\x11" * 32 * count)


def test_decode_rejects_huge_count_without_allocating() -> None:
    with pytest.raises(DecodeError):
        InclusionProof.decode((0).to_bytes(4, "big") + (2).to_bytes(4, "big") + b"\xff\xff\xff\xff")


@pytest.mark.parametrize(
    "obj",
    [
        None,
        [],
        {"index": 0, "total": 1},
        {"index": 0, "total": 1, "aunts": [], "extra": 1},
        {"index": True, "total": 1, "aunts": []},
        {"index": 0, "total": "1", "aunts": []},
        {"index": -1, "total": 1, "aunts": []},
        {"index": 0, "total": 2, "aunts": []},
        {"index": 0, "total": 2, "aunts": "ab" * 32},
        {"index": 0, "total": 2, "aunts": ["AB" * 32]},
        {"index": 0, "total": 2, "aunts": ["ab" * 31]},
        {"index": 0, "total": 2, "aunts": ["zz" * 32]},
        {"index": 0, "total": 2, "aunts": [" " + "ab" * 31 + "a"]},
        {"index": 0, "total": 2, "aunts": [None]},
        {"index": 2, "total": 2, "aunts": ["ab" * 32]},
    ],
)
def test_from_json_rejects(obj: object) -> None:
    with pytest.raises(DecodeError):
        InclusionProof.from_json(obj)


def test_encode_rejects_unencodable() -> None:
    with pytest.raises(InvalidValue):
        InclusionProof(0, 2**32, (b"\x00" * 32,)).encode()
    with pytest.raises(InvalidValue):
        InclusionProof(0, 2, (b"\x00" * 31,)).encode()
