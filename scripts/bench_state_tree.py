"""Measure state-tree batch updates: a block of random inserts into an already large tree.

Usage: python scripts/bench_state_tree.py [--base 100000] [--batch 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.core.merkle import merkle_root  # noqa: E402
from node.core.state_tree import EMPTY, StateTree  # noqa: E402


class _DictStore:
    """In-memory node store standing in for the database."""

    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


def _random_changes(n: int) -> dict[bytes, bytes | None]:
    return {os.urandom(20): os.urandom(64) for _ in range(n)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=int, default=100_000, help="keys already in the tree")
    parser.add_argument("--batch", type=int, default=10_000, help="keys inserted per block")
    parser.add_argument("--rounds", type=int, default=3, help="blocks to time")
    args = parser.parse_args()

    store = _DictStore()
    tree = StateTree(store)
    root = EMPTY
    t0 = time.perf_counter()
    for _ in range(0, args.base, 20_000):
        root, new_nodes = tree.update(root, _random_changes(min(20_000, args.base)))
        store.nodes.update(new_nodes)
        tree.mark_persisted(new_nodes)
    print(
        f"built base tree of {args.base} keys in {time.perf_counter() - t0:.2f}s "
        f"({len(store.nodes)} stored nodes)"
    )

    for r in range(args.rounds):
        changes = _random_changes(args.batch)
        t0 = time.perf_counter()
        new_root, new_nodes = tree.update(root, changes)
        elapsed = time.perf_counter() - t0
        leaves = sum(1 for rec in new_nodes.values() if rec[0] == 0)
        internals = len(new_nodes) - leaves
        # Per key: SHA256(key); per new leaf: SHA256(value) and the leaf hash;
        # per new internal node: one hash.
        hashes = args.batch + 2 * leaves + internals
        print(
            f"round {r}: {args.batch} inserts in {elapsed * 1000:.0f} ms = "
            f"{args.batch / elapsed:,.0f} inserts/s; {len(new_nodes)} new nodes "
            f"({internals} internal), {hashes / args.batch:.2f} SHA-256 per key "
            f"({internals / args.batch:.2f} internal-node hashes per key)"
        )
        store.nodes.update(new_nodes)
        tree.mark_persisted(new_nodes)
        root = new_root

    # Cold cache: every node read from the store (the database in a real node).
    cold = StateTree(store)
    changes = _random_changes(args.batch)
    t0 = time.perf_counter()
    cold.update(root, changes)
    elapsed = time.perf_counter() - t0
    print(
        f"cold cache: {args.batch} inserts in {elapsed * 1000:.0f} ms = "
        f"{args.batch / elapsed:,.0f} inserts/s"
    )

    # Updates of existing keys (the common case: balances changing).
    keys = list(_random_changes(args.batch))
    root, new_nodes = tree.update(root, dict.fromkeys(keys, b"v0"))
    store.nodes.update(new_nodes)
    tree.mark_persisted(new_nodes)
    t0 = time.perf_counter()
    tree.update(root, dict.fromkeys(keys, b"v1"))
    elapsed = time.perf_counter() - t0
    print(f"updating {args.batch} existing keys: {args.batch / elapsed:,.0f} updates/s")

    # A block touching one key: the per-key cost without batch sharing.
    n_single = 2000
    t0 = time.perf_counter()
    internal_hashes = 0
    for k in keys[:n_single]:
        _, new_nodes = tree.update(root, {k: b"v2"})
        internal_hashes += sum(1 for rec in new_nodes.values() if rec[0] == 1)
        tree.mark_persisted(new_nodes)  # discarded: keep memory flat
    elapsed = time.perf_counter() - t0
    print(
        f"single-key blocks: {n_single / elapsed:,.0f} updates/s, "
        f"{internal_hashes / n_single:.1f} internal-node hashes per update"
    )

    t0 = time.perf_counter()
    for k in keys[:2000]:
        tree.prove(root, k)
    elapsed = time.perf_counter() - t0
    print(f"proofs: {2000 / elapsed:,.0f} proofs/s")

    txs = [os.urandom(250) for _ in range(20_000)]
    t0 = time.perf_counter()
    merkle_root(txs)
    print(f"transactions root of 20,000 leaves: {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
