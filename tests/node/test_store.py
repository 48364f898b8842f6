"""Tests of the node's store on SQLite and PostgreSQL: reads, atomicity, migrations, crashes.

Run as a script (``python test_store.py URL REPORT``) this module is the child
process of the SIGKILL test: it commits blocks in a loop and appends each
height to REPORT once ``commit_block`` has returned.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # child of the crash test: make `node` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from node.core.errors import DepotError
from node.storage import (
    BlockRecord,
    EventRow,
    GenesisMismatch,
    HeightGap,
    HeightUnavailable,
    NoGenesis,
    SchemaTooNew,
    Store,
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreUnavailable,
    TxLocation,
    TxRow,
    migrate,
)
from node.storage.bulk import SQLITE_IN_CHUNK, SQLITE_MAX_VARIABLES
from node.storage.engine import make_engines
from node.storage.schema import VERSION_TABLE, metadata

REPO = Path(__file__).resolve().parents[2]

GENESIS = b"genesis document"
GENESIS_HASH = hashlib.sha256(GENESIS).digest()
GENESIS_ROOT = b"\x01" * 32
GENESIS_VSET = b"validators@0"
GENESIS_STATE: dict[bytes, bytes | None] = {b"acct/genesis/%d" % i: b"g%d" % i for i in range(5)}
GENESIS_NODES = {b"N" * 31 + bytes([i]): b"genesis node %d" % i for i in range(3)}

ALL_TABLES = {
    "meta",
    "blocks",
    "commits",
    "txs",
    "events",
    "state",
    "state_nodes",
    "validator_sets",
}


def h32(*parts: object) -> bytes:
    """A deterministic 32-byte value from ``parts``."""
    return hashlib.sha256(repr(parts).encode()).digest()


def state_key(height: int, i: int) -> bytes:
    return b"acct/%08d/%05d" % (height, i)


def make_block(
    height: int,
    n_txs: int = 4,
    n_changes: int = 6,
    n_nodes: int = 5,
    n_deletes: int = 2,
    vset_every: int = 3,
) -> BlockRecord:
    """A deterministic block: everything in it is derived from ``height``.

    It writes keys ``state_key(height, i)``, deletes the first ``n_deletes``
    keys written by the block before it, repeats one node of the previous
    block (nodes are content-addressed) and changes the validator set at
    every ``vset_every``-th height.
    """
    txs = [
        TxRow(
            tx_id=h32("tx", height, i),
            index=i,
            sender=h32("sender", i)[:20],
            kind="token.transfer" if i % 2 == 0 else "tank.reading",
            ok=i % 3 != 2,
            result_code="ok" if i % 3 != 2 else "insufficient_funds",
        )
        for i in range(n_txs)
    ]
    events = [
        EventRow(i, "token.transferred", json.dumps({"h": height, "i": i}, sort_keys=True))
        for i in range(n_txs)
    ] + [EventRow(None, "block.rewarded", json.dumps({"h": height}))]
    changes: dict[bytes, bytes | None] = {
        state_key(height, i): b"v/%d/%d" % (height, i) for i in range(n_changes)
    }
    if height > 1:
        for i in range(n_deletes):
            changes[state_key(height - 1, i)] = None
    nodes = {h32("node", height, i): b"node %d/%d" % (height, i) for i in range(n_nodes)}
    if height > 1:
        nodes[h32("node", height - 1, 0)] = b"node %d/%d" % (height - 1, 0)
    return BlockRecord(
        height=height,
        block_id=h32("block", height),
        time_ms=1_700_000_000_000 + height * 2_000,
        header=b"header %d" % height,
        block=b"block %d " % height + b"x" * 50,
        commit=b"commit %d" % height,
        state_root=h32("root", height),
        txs=txs,
        events=events,
        state_changes=changes,
        tree_nodes=nodes,
        validator_set=(b"validators@%d" % height) if height % vset_every == 0 else None,
    )


def init_genesis(store: Store) -> None:
    store.init_genesis(
        GENESIS, GENESIS_HASH, GENESIS_STATE, GENESIS_NODES, GENESIS_ROOT, GENESIS_VSET
    )


@pytest.fixture
def store(storage_url: str) -> Iterator[Store]:
    s = Store.open(storage_url)
    try:
        yield s
    finally:
        s.close()


def assert_block_complete(
    store: Store,
    rec: BlockRecord,
    latest: int,
    params: Mapping[str, int] | None = None,
) -> None:
    """Everything ``commit_block(rec)`` writes is there (what later blocks change aside).

    ``params`` are the ``make_block`` arguments ``rec`` was made with.
    """
    h = rec.height
    assert store.block(h) == rec.block
    assert store.header(h) == rec.header
    assert store.commit(h) == rec.commit
    assert store.height_of_block(rec.block_id) == h
    assert store.state_root(h) == rec.state_root
    meta = store.block_meta(h)
    assert meta is not None and meta["num_txs"] == len(rec.txs)
    assert store.tx_ids_in_block(h) == [t.tx_id for t in rec.txs]
    assert [e.attrs for e in store.events(h, h, limit=100_000)] == [e.attrs for e in rec.events]
    # keys the next block deletes are gone only once that block is there
    next_rec = make_block(h + 1, **(params or {}))
    deleted_later = {k for k, v in next_rec.state_changes.items() if v is None}
    present = store.get_state_many(k for k in rec.state_changes)
    for key, value in rec.state_changes.items():
        if value is None:
            assert key not in present
        elif key in deleted_later and h < latest:
            assert key not in present
        else:
            assert present.get(key) == value
    assert store.get_nodes_many(rec.tree_nodes) == dict(rec.tree_nodes)
    first_node = next(iter(rec.tree_nodes))
    assert store.get_node(first_node) == rec.tree_nodes[first_node]
    if rec.validator_set is not None:
        assert store.validator_set_at(h + 1) == rec.validator_set


def assert_block_absent(store: Store, rec: BlockRecord) -> None:
    """Nothing of ``rec`` is stored (its height is above the latest)."""
    h = rec.height
    assert store.latest_height() < h
    assert store.block(h) is None and store.header(h) is None and store.commit(h) is None
    assert store.block_meta(h) is None and store.state_root(h) is None
    assert store.height_of_block(rec.block_id) is None
    assert store.tx_ids_in_block(h) == []
    assert all(store.tx_location(t.tx_id) is None for t in rec.txs)
    assert store.events(h, h) == []
    for key, value in rec.state_changes.items():
        if value is not None:
            assert store.get_state(key) is None
    new_nodes = [n for n in rec.tree_nodes if n != h32("node", h - 1, 0)]
    assert all(store.get_node(n) is None for n in new_nodes)
    with pytest.raises(HeightUnavailable):
        store.validator_set_at(h + 1)


# --- basics ---------------------------------------------------------------------------------


def test_empty_store_answers_nothing(store: Store) -> None:
    assert store.latest_height() == -1
    assert store.genesis() is None
    assert store.state_root(0) is None
    assert store.block(1) is None and store.block_meta(1) is None
    assert store.recent_blocks(None, 10) == []
    assert store.get_state(b"x") is None and store.get_state_many([b"x"]) == {}
    assert store.iter_state(b"") == []
    with pytest.raises(HeightUnavailable):
        store.validator_set_at(0)


def test_round_trip_of_every_read(store: Store) -> None:
    init_genesis(store)
    assert store.latest_height() == 0
    assert store.genesis() == (GENESIS, GENESIS_HASH)
    assert store.state_root(0) == GENESIS_ROOT
    assert store.validator_set_at(0) == GENESIS_VSET
    assert store.validator_set_at(1) == GENESIS_VSET
    for key, value in GENESIS_STATE.items():
        assert store.get_state(key) == value
    for node_hash, node in GENESIS_NODES.items():
        assert store.get_node(node_hash) == node

    recs = [make_block(h) for h in range(1, 5)]
    for rec in recs:
        store.commit_block(rec)
    assert store.latest_height() == 4
    for rec in recs:
        assert_block_complete(store, rec, latest=4)

    rec = recs[1]
    assert store.block_meta(2) == {
        "height": 2,
        "block_id": rec.block_id,
        "time_ms": rec.time_ms,
        "num_txs": len(rec.txs),
        "state_root": rec.state_root,
    }
    t = rec.txs[2]
    assert store.tx_location(t.tx_id) == TxLocation(
        height=2, index=2, ok=False, result_code="insufficient_funds", kind=t.kind, sender=t.sender
    )
    assert store.tx_location(b"\x00" * 32) is None
    assert store.height_of_block(b"\x00" * 32) is None
    assert store.commit(5) is None and store.header(0) is None

    events = store.events(2, 2)
    assert [(e.height, e.seq, e.tx_index, e.kind) for e in events] == [
        (2, i, i, "token.transferred") for i in range(4)
    ] + [(2, 4, None, "block.rewarded")]
    assert events[0].attrs == json.dumps({"h": 2, "i": 0}, sort_keys=True)

    # state: later writes win, deletes remove
    assert store.get_state(state_key(1, 0)) is None  # deleted by block 2
    assert store.get_state(state_key(1, 5)) == b"v/1/5"
    assert store.get_state_many([state_key(4, 0), state_key(1, 0), b"nope", state_key(4, 0)]) == {
        state_key(4, 0): b"v/4/0"
    }

    # validator sets: block 3 changed it, effective from 4
    assert store.validator_set_at(3) == GENESIS_VSET
    assert store.validator_set_at(4) == b"validators@3"
    assert store.validator_set_at(5) == b"validators@3"
    with pytest.raises(HeightUnavailable):
        store.validator_set_at(6)
    with pytest.raises(HeightUnavailable):
        store.validator_set_at(-1)


def test_in_memory_sqlite_works_too() -> None:
    with Store.open("sqlite://") as s:
        init_genesis(s)
        s.commit_block(make_block(1))
        assert_block_complete(s, make_block(1), latest=1)


# --- genesis and heights -----------------------------------------------------------------------


def test_genesis_is_idempotent_and_a_different_one_refused(store: Store) -> None:
    init_genesis(store)
    store.commit_block(make_block(1))
    init_genesis(store)  # same genesis: a no-op, block 1 untouched
    assert store.latest_height() == 1
    with pytest.raises(GenesisMismatch) as err:
        store.init_genesis(b"other", h32("other"), {}, {}, GENESIS_ROOT, GENESIS_VSET)
    assert err.value.code == "store_genesis_mismatch"
    assert err.value.data["stored_hash"] == GENESIS_HASH
    with pytest.raises(GenesisMismatch):  # same hash, other bytes
        store.init_genesis(b"other", GENESIS_HASH, {}, {}, GENESIS_ROOT, GENESIS_VSET)
    assert store.genesis() == (GENESIS, GENESIS_HASH)


def test_block_before_genesis_refused(store: Store) -> None:
    with pytest.raises(NoGenesis):
        store.commit_block(make_block(1))
    assert store.latest_height() == -1


def test_height_gap_refused(store: Store) -> None:
    init_genesis(store)
    store.commit_block(make_block(1))
    for bad in (make_block(3), make_block(1), make_block(0)):
        with pytest.raises(HeightGap) as err:
            store.commit_block(bad)
        assert err.value.code == "store_height_gap"
        assert err.value.data == {"expected": 2, "got": bad.height}
    assert store.latest_height() == 1
    assert_block_absent(store, make_block(3))
    assert_block_complete(store, make_block(1), latest=1)


# --- atomicity ---------------------------------------------------------------------------------


class Boom(Exception):
    """Raised from inside commit_block by a mapping that fails half-way."""


class FailingMapping(Mapping[bytes, Any]):
    """A mapping whose iteration raises after yielding half of its items."""

    def __init__(self, items: Mapping[bytes, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: bytes) -> Any:
        return self._items[key]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.keys())

    def items(self) -> Any:
        def gen() -> Iterator[tuple[bytes, Any]]:
            for n, item in enumerate(self._items.items()):
                if n == len(self._items) // 2:
                    raise Boom("injected failure half-way through the mapping")
                yield item

        return gen()


@pytest.mark.parametrize("field", ["state_changes", "tree_nodes"])
def test_failure_inside_commit_block_leaves_nothing(store: Store, field: str) -> None:
    init_genesis(store)
    store.commit_block(make_block(1))
    good = make_block(2, vset_every=2)
    broken = BlockRecord(
        **{
            **{f: getattr(good, f) for f in BlockRecord.__dataclass_fields__},
            field: FailingMapping(getattr(good, field)),
        }
    )
    with pytest.raises(Boom):
        store.commit_block(broken)
    assert store.latest_height() == 1
    assert_block_absent(store, good)
    # block 1 is intact, including the keys block 2 would have deleted
    assert_block_complete(store, make_block(1), latest=1)
    # and the same height can be committed properly afterwards
    store.commit_block(good)
    assert_block_complete(store, good, latest=2)


def test_duplicate_tx_id_is_a_conflict_and_leaves_nothing(store: Store) -> None:
    init_genesis(store)
    first = make_block(1)
    store.commit_block(first)
    good = make_block(2)
    replay = BlockRecord(
        **{
            **{f: getattr(good, f) for f in BlockRecord.__dataclass_fields__},
            "txs": [
                *good.txs,
                TxRow(first.txs[0].tx_id, len(good.txs), b"s" * 20, "k", True, "ok"),
            ],
        }
    )
    with pytest.raises(StoreConflict) as err:
        store.commit_block(replay)
    assert isinstance(err.value, StoreError) and err.value.code == "store_conflict"
    assert_block_absent(store, good)
    assert store.tx_location(first.txs[0].tx_id) is not None


def test_duplicate_block_id_is_a_conflict(store: Store) -> None:
    init_genesis(store)
    store.commit_block(make_block(1))
    good = make_block(2)
    same_id = BlockRecord(
        **{
            **{f: getattr(good, f) for f in BlockRecord.__dataclass_fields__},
            "block_id": make_block(1).block_id,
        }
    )
    with pytest.raises(StoreConflict):
        store.commit_block(same_id)
    assert_block_absent(store, good)


# --- tree nodes ----------------------------------------------------------------------------------


def test_tree_nodes_are_insert_if_absent(store: Store) -> None:
    init_genesis(store)
    shared = dict(GENESIS_NODES)
    store.commit_block(make_block(1))
    # block 2 repeats every genesis node and a node of block 1: stored once, no error
    b2 = make_block(2)
    repeat = {**b2.tree_nodes, **shared, h32("node", 1, 1): b"node 1/1"}
    store.commit_block(
        BlockRecord(
            **{
                **{f: getattr(b2, f) for f in BlockRecord.__dataclass_fields__},
                "tree_nodes": repeat,
            }
        )
    )
    for node_hash, node in repeat.items():
        assert store.get_node(node_hash) == node
    with store._read() as conn:  # one row per hash
        count = conn.execute(text("SELECT count(*) FROM state_nodes")).scalar()
    assert count == len(GENESIS_NODES) + 5 + 5


# --- paging ----------------------------------------------------------------------------------------


def test_recent_blocks_keyset_pagination(store: Store) -> None:
    init_genesis(store)
    for h in range(1, 12):
        store.commit_block(make_block(h))
    seen: list[int] = []
    before: int | None = None
    while True:
        page = store.recent_blocks(before, 4)
        if not page:
            break
        assert len(page) <= 4
        seen += [m["height"] for m in page]
        before = page[-1]["height"]
    assert seen == list(range(11, 0, -1))
    assert [m["height"] for m in store.recent_blocks(3, 10)] == [2, 1]
    assert store.recent_blocks(None, 0) == []


def test_iter_state_prefix_scan_and_pages(store: Store) -> None:
    init_genesis(store)
    keys = {
        b"tank/": b"0",
        b"tank/a": b"1",
        b"tank/b": b"2",
        b"tank/b\x00": b"3",
        b"tank/\xff": b"4",
        b"tank0": b"no",  # '0' is the byte after '/': outside the prefix
        b"tanj": b"no",
        b"\xff\xff": b"ff",
        b"\xff\xff\x01": b"ff1",
    }
    rec = make_block(1)
    store.commit_block(
        BlockRecord(
            **{
                **{f: getattr(rec, f) for f in BlockRecord.__dataclass_fields__},
                "state_changes": keys,
            }
        )
    )
    expected = [(k, keys[k]) for k in sorted(keys) if k.startswith(b"tank/")]
    assert store.iter_state(b"tank/") == expected
    pages: list[tuple[bytes, bytes]] = []
    after: bytes | None = None
    while page := store.iter_state(b"tank/", after=after, limit=2):
        pages += page
        after = page[-1][0]
    assert pages == expected
    # a prefix of all 0xff bytes has no upper bound
    assert store.iter_state(b"\xff") == [(b"\xff\xff", b"ff"), (b"\xff\xff\x01", b"ff1")]
    assert store.iter_state(b"\xff\xff", after=b"\xff\xff") == [(b"\xff\xff\x01", b"ff1")]
    assert len(store.iter_state(b"")) == len(keys) + len(GENESIS_STATE)


def test_events_filters_and_pages(store: Store) -> None:
    init_genesis(store)
    for h in range(1, 7):
        store.commit_block(make_block(h))
    everything = store.events(1)
    assert len(everything) == 6 * 5
    assert [(e.height, e.seq) for e in everything] == sorted((e.height, e.seq) for e in everything)
    assert {e.height for e in store.events(2, 3)} == {2, 3}
    rewards = store.events(1, kind="block.rewarded")
    assert [(e.height, e.tx_index) for e in rewards] == [(h, None) for h in range(1, 7)]
    assert store.events(4, 5, kind="block.rewarded", limit=1)[0].height == 4
    # keyset pages through (height, seq), cutting blocks in the middle
    paged = []
    after: tuple[int, int] | None = None
    while page := store.events(2, 5, limit=3, after=after):
        paged += page
        after = (page[-1].height, page[-1].seq)
    assert paged == store.events(2, 5)


def test_many_keys_beyond_one_statement(store: Store) -> None:
    init_genesis(store)
    n = SQLITE_IN_CHUNK * 2 + 7
    first = make_block(1, n_changes=n, n_txs=1, n_nodes=1)
    store.commit_block(first)
    keys = [state_key(1, i) for i in range(n)]
    assert len(store.get_state_many(keys)) == n
    # block 2 deletes them all
    second = make_block(2, n_changes=1, n_txs=1, n_nodes=1, n_deletes=n)
    store.commit_block(second)
    assert store.get_state_many(keys) == {}
    assert store.get_state(state_key(2, 0)) == b"v/2/0"


def test_rows_beyond_one_insert_statement(store: Store) -> None:
    """SQLite packs rows into multi-row INSERTs up to its variable limit; every row still lands once.

    Sized past one statement for each table's width: state and tree nodes
    (2 columns), transactions (7) and events (5).  The second block rewrites
    every key of the first (upsert), repeats every tree node (kept, not
    doubled) and carries as many transactions again.
    """
    init_genesis(store)
    n = SQLITE_MAX_VARIABLES // 2 + 9
    n_txs = SQLITE_MAX_VARIABLES // 7 + 3
    first = make_block(1, n_txs=n_txs, n_changes=n, n_nodes=n, n_deletes=0)
    store.commit_block(first)
    assert_block_complete(store, first, latest=1, params={"n_txs": n_txs, "n_changes": n, "n_nodes": n, "n_deletes": 0})
    rewritten = {k: b"again " + (v or b"") for k, v in first.state_changes.items()}
    second = dataclasses.replace(
        make_block(2, n_txs=n_txs, n_changes=1, n_nodes=1, n_deletes=0),
        state_changes=rewritten,
        tree_nodes={**first.tree_nodes, h32("node", 2, "new"): b"new node"},
    )
    store.commit_block(second)
    assert store.get_state_many(list(rewritten)) == rewritten
    assert store.get_nodes_many(list(second.tree_nodes)) == second.tree_nodes
    assert store.tx_ids_in_block(2) == [t.tx_id for t in second.txs]
    assert len(store.events(2, 2, limit=100_000)) == len(second.events)


# --- concurrency -------------------------------------------------------------------------------


def test_readers_never_see_half_a_block(store: Store) -> None:
    init_genesis(store)
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                h = store.latest_height()
                if h < 1:
                    continue
                meta = store.block_meta(h)
                rec = make_block(h, n_txs=50, n_changes=200, n_nodes=300, n_deletes=0)
                assert meta is not None and meta["num_txs"] == 50
                assert store.commit(h) is not None
                assert len(store.tx_ids_in_block(h)) == 50
                assert len(store.events(h, h, limit=1000)) == 51
                keys = [k for k, v in rec.state_changes.items() if v is not None]
                assert len(store.get_state_many(keys)) == len(keys)
                nxt = store.block_meta(h + 1)
                if nxt is not None:  # committed meanwhile: then wholly
                    assert len(store.tx_ids_in_block(h + 1)) == 50
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    try:
        for h in range(1, 31):
            store.commit_block(make_block(h, n_txs=50, n_changes=200, n_nodes=300, n_deletes=0))
    finally:
        done.set()
        for t in readers:
            t.join()
    assert not errors, errors[0]
    assert store.latest_height() == 30


# --- migrations and opening --------------------------------------------------------------------


def test_migrations_up_down_up(storage_url: str) -> None:
    engines = make_engines(storage_url)
    try:
        with engines.writer.begin() as conn:
            assert migrate.current_revision(conn) is None
            migrate.upgrade(conn, "head")
        with engines.writer.begin() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
            assert ALL_TABLES <= set(inspect(conn).get_table_names())
            # the migrations build exactly the schema the code uses
            ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(ctx, metadata) == []
            migrate.downgrade(conn, "base")
        with engines.writer.begin() as conn:
            assert migrate.current_revision(conn) is None
            assert not (ALL_TABLES & set(inspect(conn).get_table_names()))
            migrate.upgrade(conn, "head")
    finally:
        engines.dispose()
    with Store.open(storage_url) as s:  # a store opens on the re-created schema
        init_genesis(s)
        s.commit_block(make_block(1))


def test_reopening_is_a_no_op_upgrade(storage_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(storage_url) as s:
        init_genesis(s)
        s.commit_block(make_block(1))

    def no_upgrade(*_args: Any, **_kw: Any) -> None:
        raise AssertionError("an up-to-date database must not be migrated again")

    monkeypatch.setattr(migrate, "upgrade", no_upgrade)
    with Store.open(storage_url) as s:
        assert s.latest_height() == 1
        assert_block_complete(s, make_block(1), latest=1)


def test_schema_from_a_newer_release_refused(storage_url: str) -> None:
    Store.open(storage_url).close()
    engines = make_engines(storage_url)
    try:
        with engines.writer.begin() as conn:
            conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
    finally:
        engines.dispose()
    with pytest.raises(SchemaTooNew) as err:
        Store.open(storage_url)
    assert err.value.code == "store_schema_unknown"


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE meta SET num = 7 WHERE name = 'latest_height'",
        "UPDATE meta SET num = 1 WHERE name = 'latest_height'",
        "DELETE FROM commits WHERE height = 2",
        "DELETE FROM meta WHERE name = 'genesis_state_root'",
        "DELETE FROM meta WHERE name = 'latest_height'",
        "DELETE FROM validator_sets WHERE height = 0",
    ],
)
def test_open_refuses_broken_invariants(storage_url: str, damage: str) -> None:
    with Store.open(storage_url) as s:
        init_genesis(s)
        s.commit_block(make_block(1))
        s.commit_block(make_block(2))
    engines = make_engines(storage_url)
    try:
        with engines.writer.begin() as conn:
            conn.execute(text(damage))
    finally:
        engines.dispose()
    with pytest.raises(StoreCorrupt) as err:
        Store.open(storage_url)
    assert err.value.code == "store_corrupt"


def test_unreachable_database_is_store_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable):
        Store.open(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'x.db'}")


def test_error_codes_are_stable() -> None:
    codes = {
        GenesisMismatch: "store_genesis_mismatch",
        NoGenesis: "store_no_genesis",
        HeightGap: "store_height_gap",
        HeightUnavailable: "store_height_unavailable",
        StoreConflict: "store_conflict",
        StoreCorrupt: "store_corrupt",
        SchemaTooNew: "store_schema_unknown",
        StoreUnavailable: "store_unavailable",
    }
    for cls, code in codes.items():
        assert issubclass(cls, StoreError) and issubclass(cls, DepotError)
        assert cls.code == code
        assert cls("m", x=b"\x01").to_json() == {"code": code, "message": "m", "data": {"x": "01"}}


# --- crash safety --------------------------------------------------------------------------------

CRASH_BLOCK = {"n_txs": 200, "n_changes": 800, "n_nodes": 2_000, "n_deletes": 50, "vset_every": 5}


def crash_child(url: str, report: str) -> None:
    """Commit blocks forever, noting in ``report`` each height before and after commit_block."""
    store = Store.open(url)
    if store.latest_height() < 0:
        init_genesis(store)
    print("open", flush=True)
    with open(report, "a", encoding="ascii") as out:
        h = store.latest_height() + 1
        while True:
            rec = make_block(h, **CRASH_BLOCK)
            out.write(f"begin {h}\n")
            out.flush()  # in the OS's hands now: a SIGKILL cannot lose it
            store.commit_block(rec)
            out.write(f"done {h}\n")
            out.flush()
            h += 1


def test_sigkill_at_random_moments_loses_no_finished_block(
    storage_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20240611)
    report = tmp_path / "finished.txt"
    report.touch()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kills = 10
    verified = 0
    expected_bytes: dict[int, bytes] = {}
    checking = 0.0
    inside_commit = 0  # kills that landed while commit_block was running
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, __file__, storage_url, str(report)],
            stdout=subprocess.PIPE,
            cwd=REPO,
            env=env,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == b"open", "child failed to open the store"
            time.sleep(rng.uniform(0.05, 0.8))
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert child.returncode == -signal.SIGKILL, "the child died before it was killed"

        lines = report.read_text().splitlines()
        finished = [int(line.split()[1]) for line in lines if line.startswith("done ")]
        if lines and lines[-1].startswith("begin "):
            inside_commit += 1
        t0 = time.monotonic()
        with Store.open(storage_url) as s:  # the invariant check runs here
            latest = s.latest_height()
            assert latest >= max(finished, default=0)
            # Every finished block is there, and so is any block whose COMMIT landed before
            # the kill but whose return the child did not live to report.  Blocks new since
            # the last round (and the one before them, whose keys the next block deletes)
            # are checked in full; older ones by their bytes, commit and index counts.
            for h in range(1, latest + 1):
                if h >= verified:
                    rec = make_block(h, **CRASH_BLOCK)
                    assert_block_complete(s, rec, latest, CRASH_BLOCK)
                else:
                    meta = s.block_meta(h)
                    assert meta is not None and meta["num_txs"] == CRASH_BLOCK["n_txs"]
                    assert s.block(h) == expected_bytes[h]
                    assert s.commit(h) == b"commit %d" % h
                    assert len(s.events(h, h, limit=10_000)) == CRASH_BLOCK["n_txs"] + 1
            for h in range(verified, latest + 1):
                expected_bytes[h] = make_block(h, n_txs=0, n_changes=0, n_nodes=0).block
            assert_block_absent(s, make_block(latest + 1, **CRASH_BLOCK))
            verified = latest
        checking += time.monotonic() - t0
    print(
        f"{len(finished)} blocks finished, {verified} stored, {inside_commit}/{kills} kills "
        f"inside commit_block, {checking:.1f} s checking"
    )
    assert len(finished) > kills
    assert inside_commit > 0, "no kill landed inside commit_block"


if __name__ == "__main__":
    crash_child(sys.argv[1], sys.argv[2])
