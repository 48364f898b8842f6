"""Re-check tests/vectors/merkle.json and state_tree.json against the implementation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from node.core.errors import DecodeError, InvalidProof
from node.core.merkle import InclusionProof, merkle_root, prove, verify_inclusion
from node.core.state_tree import EMPTY, StateProof, StateTree, verify_state_proof

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
MERKLE = json.loads((VECTORS / "merkle.json").read_text())
STATE = json.loads((VECTORS / "state_tree.json").read_text())


def _opt(hex_or_none: str | None) -> bytes | None:
    return None if hex_or_none is None else bytes.fromhex(hex_or_none)


# --- merkle ---------------------------------------------------------------------


@pytest.mark.parametrize("case", MERKLE["roots"], ids=lambda c: f"{len(c['leaves'])}-leaves")
def test_merkle_roots(case: dict[str, Any]) -> None:
    leaves = [bytes.fromhex(x) for x in case["leaves"]]
    assert merkle_root(leaves).hex() == case["root"]


def test_merkle_proofs() -> None:
    assert MERKLE["proofs"]
    for case in MERKLE["proofs"]:
        root, leaf = bytes.fromhex(case["root"]), bytes.fromhex(case["leaf"])
        proof = InclusionProof.decode(bytes.fromhex(case["proof_hex"]))
        assert InclusionProof.from_json(case["proof"]) == proof
        assert proof.to_json() == case["proof"]
        verify_inclusion(root, leaf, proof, total=case["total"])
        # The prover produces exactly this proof.
        leaves = [f"tx-{i}".encode() for i in range(case["total"])]
        assert prove(leaves, proof.index).encode().hex() == case["proof_hex"]


@pytest.mark.parametrize("case", MERKLE["proof_checks"], ids=lambda c: c["note"])
def test_merkle_proof_checks(case: dict[str, Any]) -> None:
    root, leaf = bytes.fromhex(case["root"]), bytes.fromhex(case["leaf"])
    data = bytes.fromhex(case["proof_hex"])
    _expect(
        case["result"],
        lambda: verify_inclusion(root, leaf, InclusionProof.decode(data), total=case["total"]),
    )


# --- state tree -----------------------------------------------------------------


class _Store:
    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


@pytest.fixture(scope="module")
def replayed() -> tuple[StateTree, list[bytes]]:
    """The steps applied in order; the roots after each."""
    store = _Store()
    tree = StateTree(store)
    root = EMPTY
    roots = []
    for step in STATE["steps"]:
        changes = {bytes.fromhex(c["key"]): _opt(c["value"]) for c in step["changes"]}
        root, new_nodes = tree.update(root, changes)
        store.nodes.update(new_nodes)
        tree.mark_persisted(new_nodes)
        roots.append(root)
        if "nodes" in step:
            # The step lists every node of the tree after it, by hash.
            for node_hash, record in step["nodes"].items():
                assert store.nodes[bytes.fromhex(node_hash)].hex() == record
    return tree, roots


def test_state_roots(replayed: tuple[StateTree, list[bytes]]) -> None:
    _, roots = replayed
    assert [r.hex() for r in roots] == [s["root"] for s in STATE["steps"]]


def test_state_proofs(replayed: tuple[StateTree, list[bytes]]) -> None:
    tree, roots = replayed
    assert STATE["proofs"]
    for case in STATE["proofs"]:
        root, key, value = (
            bytes.fromhex(case["root"]),
            bytes.fromhex(case["key"]),
            _opt(case["value"]),
        )
        assert roots[case["step"]] == root
        proof = StateProof.decode(bytes.fromhex(case["proof_hex"]))
        if "proof" in case:
            assert StateProof.from_json(case["proof"]) == proof
            assert proof.to_json() == case["proof"]
        verify_state_proof(root, key, value, proof)
        # History is kept: the prover still gives this exact proof at this old root.
        assert tree.prove(root, key) == (value, proof)


@pytest.mark.parametrize("case", STATE["proof_checks"], ids=lambda c: c["note"])
def test_state_proof_checks(case: dict[str, Any]) -> None:
    root, key, value = bytes.fromhex(case["root"]), bytes.fromhex(case["key"]), _opt(case["value"])
    data = bytes.fromhex(case["proof_hex"])
    _expect(case["result"], lambda: verify_state_proof(root, key, value, StateProof.decode(data)))


def _expect(result: str, run: Any) -> None:
    if result == "valid":
        run()
    elif result == "invalid_proof":
        with pytest.raises(InvalidProof):
            run()
    elif result == "decode_error":
        with pytest.raises(DecodeError):
            run()
    else:
        raise AssertionError(f"unknown expected result {result!r}")
