"""Measure ``Store.commit_block`` on big blocks: seconds per block on SQLite (and PostgreSQL).

Each block carries 5,000 txs (and one event each), 10,000 state changes (a
tenth of them deletes of earlier keys) and 60,000 new tree nodes.  Data are
generated before each commit and not timed.  PostgreSQL is measured too when
``DEPOT_TEST_PG_URL`` is set; a scratch database is created on that server
(the role needs CREATEDB) and dropped afterwards.

    python scripts/bench_store.py [--blocks 20] [--txs 5000] [--changes 10000] [--nodes 60000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.storage import BlockRecord, EventRow, Store, TxRow  # noqa: E402


def make_block(height: int, n_txs: int, n_changes: int, n_nodes: int) -> BlockRecord:
    """A block of random bytes with the requested sizes."""
    rnd = os.urandom
    txs = [
        TxRow(
            tx_id=rnd(32),
            index=i,
            sender=rnd(20),
            kind="token.transfer",
            ok=i % 50 != 0,
            result_code="ok" if i % 50 else "insufficient_funds",
        )
        for i in range(n_txs)
    ]
    events = [
        EventRow(i, "token.transferred", f'{{"amount":"{i}","to":"{rnd(20).hex()}"}}')
        for i in range(n_txs)
    ]
    n_deletes = n_changes // 10 if height > 1 else 0
    changes: dict[bytes, bytes | None] = {}
    for i in range(n_changes - n_deletes):
        changes[b"acct/" + height.to_bytes(8, "big") + i.to_bytes(4, "big")] = rnd(64)
    for i in range(n_deletes):
        # keys written by the previous block
        changes[b"acct/" + (height - 1).to_bytes(8, "big") + i.to_bytes(4, "big")] = None
    nodes = {rnd(32): rnd(100) for _ in range(n_nodes)}
    return BlockRecord(
        height=height,
        block_id=rnd(32),
        time_ms=1_700_000_000_000 + height * 1000,
        header=rnd(300),
        block=rnd(n_txs * 200),
        commit=rnd(4 * 100),
        state_root=rnd(32),
        txs=txs,
        events=events,
        state_changes=changes,
        tree_nodes=nodes,
        validator_set=None,
    )


def bench(url: str, args: argparse.Namespace) -> list[float]:
    """Commit ``args.blocks`` blocks to a fresh store at ``url``; seconds per commit."""
    store = Store.open(url)
    try:
        store.init_genesis(b"genesis", b"\x00" * 32, {}, {}, b"\x00" * 32, b"vset")
        times = []
        for h in range(1, args.blocks + 1):
            rec = make_block(h, args.txs, args.changes, args.nodes)
            t0 = time.perf_counter()
            store.commit_block(rec)
            times.append(time.perf_counter() - t0)
        return times
    finally:
        store.close()


@contextmanager
def scratch_pg_database(server_url: str) -> Iterator[str]:
    """A new empty database on the server of ``server_url``, dropped on exit."""
    base = make_url(server_url)
    if base.drivername in ("postgresql", "postgres"):
        base = base.set(drivername="postgresql+psycopg")
    name = "depot_bench_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(label: str, times: list[float], args: argparse.Namespace) -> None:
    """Print the per-block timings."""
    rows = args.txs * 2 + args.changes + args.nodes
    mean = statistics.mean(times)
    print(
        f"{label:10s} {len(times)} blocks: mean {mean:.3f} s/block, "
        f"median {statistics.median(times):.3f}, min {min(times):.3f}, max {max(times):.3f} "
        f"(~{rows / mean:,.0f} rows/s, ~{args.txs / mean:,.0f} tx/s)"
    )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=20)
    parser.add_argument("--txs", type=int, default=5_000)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--nodes", type=int, default=60_000)
    args = parser.parse_args()
    print(
        f"{args.blocks} blocks x ({args.txs} txs + events, {args.changes} state changes, "
        f"{args.nodes} tree nodes)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        report("sqlite", bench(f"sqlite:///{tmp}/bench.db", args), args)
    pg_url = os.environ.get("DEPOT_TEST_PG_URL")
    if pg_url:
        with scratch_pg_database(pg_url) as url:
            report("postgresql", bench(url, args), args)
    else:
        print("postgresql skipped (set DEPOT_TEST_PG_URL)")


if __name__ == "__main__":
    main()
