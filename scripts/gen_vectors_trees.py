"""Write tests/vectors/merkle.json and tests/vectors/state_tree.json from the reference implementation.

Usage: python scripts/gen_vectors_trees.py [--check]

The files are checked in; tests/node/test_tree_vectors.py re-checks them
against the implementation, and docs/protocol/merkle_and_state_tree.md
describes their format for other implementations.  ``--check`` exits non-zero
if the files on disk differ from what this script would write.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from node.core.merkle import InclusionProof, merkle_root, prove_all  # noqa: E402
from node.core.state_tree import EMPTY, StateProof, StateTree  # noqa: E402

VECTORS = ROOT / "tests" / "vectors"


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


# --- transactions Merkle tree ---------------------------------------------------


def _tx_leaves(n: int) -> list[bytes]:
    return [f"tx-{i}".encode() for i in range(n)]


def merkle_vectors() -> dict[str, Any]:
    roots = []
    # The first five come from CometBFT's crypto/merkle tests.
    cometbft = [
        [],
        [b"\x01\x02\x03"],
        [b""],
        [b"\x01\x02\x03", b"\x04\x05\x06"],
        [b"\x01\x02", b"\x03\x04", b"\x05\x06", b"\x07\x08", b"\x09\x0a"],
    ]
    for leaves in cometbft + [_tx_leaves(n) for n in (3, 4, 6, 7, 8, 9, 16, 17, 33)]:
        roots.append({"leaves": [x.hex() for x in leaves], "root": merkle_root(leaves).hex()})

    proofs = []
    for n in (1, 2, 3, 5, 7, 8, 9, 13):
        leaves = _tx_leaves(n)
        root = merkle_root(leaves)
        for i, proof in enumerate(prove_all(leaves)):
            proofs.append(
                {
                    "root": root.hex(),
                    "leaf": leaves[i].hex(),
                    "total": n,
                    "proof": proof.to_json(),
                    "proof_hex": proof.encode().hex(),
                    "result": "valid",
                }
            )

    leaves = _tx_leaves(7)
    root = merkle_root(leaves)
    good = prove_all(leaves)[5]
    enc = good.encode()

    def bad(note: str, leaf: bytes, proof_bytes: bytes, result: str) -> dict[str, Any]:
        return {
            "note": note,
            "root": root.hex(),
            "leaf": leaf.hex(),
            "total": 7,
            "proof_hex": proof_bytes.hex(),
            "result": result,
        }

    invalid = [
        bad("the honest proof, for reference", leaves[5], enc, "valid"),
        bad("another leaf's bytes", leaves[4], enc, "invalid_proof"),
        bad("first aunt with one bit flipped", leaves[5], _flip(enc, 12), "invalid_proof"),
        bad("last aunt with one bit flipped", leaves[5], _flip(enc, len(enc) - 1), "invalid_proof"),
        bad(
            "index 4 instead of 5 (count still consistent)",
            leaves[5],
            InclusionProof(4, 7, good.aunts).encode(),
            "invalid_proof",
        ),
        bad(
            "aunts in reverse order",
            leaves[5],
            InclusionProof(5, 7, good.aunts[::-1]).encode(),
            "invalid_proof",
        ),
        bad("truncated by one byte", leaves[5], enc[:-1], "decode_error"),
        bad("one trailing byte", leaves[5], enc + b"\x00", "decode_error"),
        bad("header only", leaves[5], enc[:12], "decode_error"),
        bad("shorter than the header", leaves[5], enc[:11], "decode_error"),
        bad(
            "count 2 where index 5 of 7 needs 3",
            leaves[5],
            (5).to_bytes(4, "big") + (7).to_bytes(4, "big") + (2).to_bytes(4, "big") + enc[12:76],
            "decode_error",
        ),
        bad(
            "index equal to total",
            leaves[5],
            (7).to_bytes(4, "big") + (7).to_bytes(4, "big") + (3).to_bytes(4, "big") + enc[12:],
            "decode_error",
        ),
        bad(
            "total zero",
            leaves[5],
            bytes(8) + (0).to_bytes(4, "big"),
            "decode_error",
        ),
    ]
    return {
        "description": (
            "Depot transactions root (RFC 6962 / CometBFT simple Merkle). "
            "See docs/protocol/merkle_and_state_tree.md."
        ),
        "roots": roots,
        "proofs": proofs,
        "proof_checks": invalid,
    }


# --- state tree -----------------------------------------------------------------


class _Store:
    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


def _deep_pair(bits: int) -> tuple[bytes, bytes]:
    """The first two keys ``deep/<n>`` whose hashes share exactly ``bits`` leading bits."""
    seen: dict[int, bytes] = {}
    n = 0
    while True:
        key = f"deep/{n}".encode()
        top = int.from_bytes(_sha(key), "big") >> (255 - bits)
        if top ^ 1 in seen:
            return seen[top ^ 1], key
        seen[top] = key
        n += 1


def _reachable_records(store: _Store, root: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    stack = [root] if root != EMPTY else []
    while stack:
        node_hash = stack.pop()
        record = store.nodes[node_hash]
        out[node_hash.hex()] = record.hex()
        if record[0] == 1:
            stack.extend(c for c in (record[1:33], record[33:65]) if c != EMPTY)
    return dict(sorted(out.items()))


# Proofs of every key are written after these steps (JSON form too for some),
# enough to cover each case without a huge file.
_PROOF_STEPS = (1, 3, 5, 6, 7, 8)
_JSON_STEPS = (1, 6)


def state_tree_vectors() -> dict[str, Any]:
    deep_a, deep_b = _deep_pair(20)
    accounts = [f"acct/{i}".encode() for i in range(24)]
    big_key = b"K" * 256
    steps_changes: list[tuple[str, list[tuple[bytes, bytes | None]]]] = [
        ("one key into the empty tree", [(b"alice", b"100")]),
        ("two more keys", [(b"bob", b"50"), (b"carol", b"7")]),
        ("a batch of 24 keys", [(k, f"balance {i}".encode()) for i, k in enumerate(accounts)]),
        (
            "updates, deletes, and a delete of an absent key in one batch",
            [(k, b"updated" if i < 6 else None) for i, k in enumerate(accounts[:12])]
            + [(b"alice", b"101"), (b"never-set", None)],
        ),
        ("a value set back to what it was", [(b"alice", b"100")]),
        ("two keys whose hashes share their first 20 bits", [(deep_a, b"a"), (deep_b, b"b")]),
        ("delete one of them: the chain above the survivor collapses", [(deep_b, None)]),
        ("a 256-byte key and a 1000-byte value", [(big_key, bytes(range(250)) * 4)]),
        (
            "delete everything",
            [(k, None) for k in [b"alice", b"bob", b"carol", deep_a, big_key, *accounts]],
        ),
        ("one key again", [(b"zed", b"\x00")]),
    ]
    # Every key ever touched except two thirds of the accounts, plus two never set.
    universe = sorted(
        {k for _, changes in steps_changes for k, _ in changes}
        - set(accounts[1::3])
        - set(accounts[2::3])
        | {b"absent-1", b"absent-2"}
    )

    store = _Store()
    tree = StateTree(store)
    root = EMPTY
    steps = []
    proofs = []
    for i, (note, changes) in enumerate(steps_changes):
        root, new_nodes = tree.update(root, dict(changes))
        store.nodes.update(new_nodes)
        tree.mark_persisted(new_nodes)
        step: dict[str, Any] = {
            "note": note,
            "changes": [
                {"key": k.hex(), "value": None if v is None else v.hex()} for k, v in changes
            ],
            "root": root.hex(),
        }
        if i < 2:
            step["nodes"] = _reachable_records(store, root)
        steps.append(step)
        if i not in _PROOF_STEPS:
            continue
        for key in universe:
            value, proof = tree.prove(root, key)
            entry = {
                "step": i,
                "root": root.hex(),
                "key": key.hex(),
                "key_hash": _sha(key).hex(),
                "value": None if value is None else value.hex(),
                "proof_hex": proof.encode().hex(),
                "result": "valid",
            }
            if i in _JSON_STEPS:
                entry["proof"] = proof.to_json()
            proofs.append(entry)

    # Checks against the state after step 3 (a tree of some 21 keys).
    checks_root = bytes.fromhex(steps[3]["root"])
    tree_at = StateTree(store)
    present = b"alice"
    absent_on_leaf = next(
        k
        for k in (f"probe/{n}".encode() for n in range(1000))
        if tree_at.prove(checks_root, k)[1].leaf is not None
    )
    absent_on_empty = next(
        k
        for k in (f"probe/{n}".encode() for n in range(1000))
        if tree_at.get(checks_root, k) is None and tree_at.prove(checks_root, k)[1].leaf is None
    )
    value, member = tree_at.prove(checks_root, present)
    _, non_member = tree_at.prove(checks_root, absent_on_leaf)
    if value is None or member.leaf is None or non_member.leaf is None:
        raise SystemExit("vector setup: expected a present key and an absence proof on a leaf")
    _, non_member_empty = tree_at.prove(checks_root, absent_on_empty)
    off_path = next(k for k in accounts if (_sha(k)[0] >> 7) != (_sha(absent_on_leaf)[0] >> 7))

    def check(
        note: str, key: bytes, val: bytes | None, proof_bytes: bytes, result: str
    ) -> dict[str, Any]:
        return {
            "note": note,
            "root": checks_root.hex(),
            "key": key.hex(),
            "value": None if val is None else val.hex(),
            "proof_hex": proof_bytes.hex(),
            "result": result,
        }

    member_enc = member.encode()
    checks = [
        check("membership, for reference", present, value, member_enc, "valid"),
        check(
            "non-membership ending on another key's leaf",
            absent_on_leaf,
            None,
            non_member.encode(),
            "valid",
        ),
        check(
            "non-membership ending on EMPTY",
            absent_on_empty,
            None,
            non_member_empty.encode(),
            "valid",
        ),
        check("wrong value", present, value + b"!", member_enc, "invalid_proof"),
        check("membership proof used for another key", b"bob", value, member_enc, "invalid_proof"),
        check(
            "present key claimed absent with its own leaf",
            present,
            None,
            member_enc,
            "invalid_proof",
        ),
        check(
            "present key claimed absent by stopping on EMPTY",
            present,
            None,
            StateProof(member.siblings, None).encode(),
            "invalid_proof",
        ),
        check(
            "absent key claimed present",
            absent_on_leaf,
            b"x",
            non_member.encode(),
            "invalid_proof",
        ),
        check(
            "non-membership leaf not on the key's path",
            absent_on_leaf,
            None,
            StateProof(non_member.siblings, (_sha(off_path), non_member.leaf[1])).encode(),
            "invalid_proof",
        ),
        check(
            "first sibling with one bit flipped",
            present,
            value,
            _flip(member_enc, 2),
            "invalid_proof",
        ),
        check(
            "one sibling dropped",
            present,
            value,
            StateProof(member.siblings[1:], member.leaf).encode(),
            "invalid_proof",
        ),
        check("truncated by one byte", present, value, member_enc[:-1], "decode_error"),
        check("one trailing byte", present, value, member_enc + b"\x00", "decode_error"),
        check(
            "leaf flag 2",
            present,
            value,
            member_enc[: 2 + 32 * member.depth] + b"\x02" + member_enc[3 + 32 * member.depth :],
            "decode_error",
        ),
        check(
            "depth 257",
            present,
            value,
            (257).to_bytes(2, "big") + bytes(32 * 257) + b"\x00",
            "decode_error",
        ),
        check("empty input", present, value, b"", "decode_error"),
    ]
    return {
        "description": (
            "Depot authenticated state tree (path-compressed binary sparse Merkle tree). "
            "Apply the steps in order, each to the root of the previous one. "
            "See docs/protocol/merkle_and_state_tree.md."
        ),
        "steps": steps,
        "proofs": proofs,
        "proof_checks": checks,
    }


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, indent=1) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    outputs = {
        VECTORS / "merkle.json": _dump(merkle_vectors()),
        VECTORS / "state_tree.json": _dump(state_tree_vectors()),
    }
    stale = []
    for path, text in outputs.items():
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path)
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)} ({len(text):,} bytes)")
    if stale:
        sys.exit("stale vectors: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))


if __name__ == "__main__":
    main()
