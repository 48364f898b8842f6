"""The indexer over a real node store: every transaction present and decoded, histories complete and
ordered, resumable after an interruption, idempotent, robust to kinds it does not know, offline."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from explorer import Event, Explorer, Indexer, IndexMismatch, NodeDataMissing, Progress
from explorer.db import INDEX_FILE
from explorer.extract import UNKNOWN_KIND
from node.core.address import format_address
from node.core.encoding import decode, encode, to_json
from node.core.registry import Module, Registry
from node.modules import MODULES, default_registry
from node.storage import Store
from tests.explorer.chains import Driver

TABLES = (
    "blocks", "commit_sigs", "txs", "address_txs", "ref_txs", "events", "address_events",
    "ref_events", "addresses", "records", "address_records", "ref_records", "kinds",
)  # fmt: skip


def dump(index: Path) -> dict[str, list[Any]]:
    """Every row of every table of the index, in primary-key order (to compare two indexes)."""
    con = sqlite3.connect(index)
    try:
        out = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
        out["meta"] = con.execute(
            "SELECT name, num, blob, text FROM explorer_meta WHERE name NOT LIKE 'records_%' ORDER BY name"
        ).fetchall()
        return out
    finally:
        con.close()


def copy_db(src: Path, dst: Path, name: str) -> None:
    """Copy a SQLite database with its WAL (what is committed may still be only in the WAL)."""
    dst.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        if (src / (name + suffix)).exists():
            shutil.copy(src / (name + suffix), dst / (name + suffix))


def build_mixed(home: Path, blocks: int = 6) -> Driver:
    """Transfers, issues, a redeem and a failed transfer over ``blocks`` blocks."""
    d = Driver.new(home)
    names = ["alice", "bob", "carol", "dave"]
    for b in range(blocks):
        txs = [d.transfer(names[(b + i) % 3], names[(b + 2 * i + 1) % 4], 10 + b + i, memo=f"m{b}{i}") for i in range(3)]
        if b % 2 == 0:
            txs.append(d.issue(names[b % 4], 1000 + b))
        if b == 3:
            txs.append(d.transfer("dave", "alice", 10**9))  # fails: dave has nothing
            txs.append(d.redeem(5))
        d.block(txs)
    d.block([])  # an empty block too
    return d


@pytest.fixture
def mixed(tmp_path: Path) -> Iterator[Driver]:
    d = build_mixed(tmp_path / "node")
    yield d
    d.close()


def index(home: Path, **kw: Any) -> Any:
    with Indexer.open_home(home, kw.pop("registry", None)) as ix:
        return ix.run(**kw)


def node_txs(d: Driver) -> list[tuple[int, int, Any, Any]]:
    """(height, index, tx, outcome) of every transaction the driver committed."""
    out = []
    for ex in d.blocks:
        h = int(ex.block.header.height)
        for i, (tx, o) in enumerate(zip(ex.block.txs, ex.outcomes, strict=True)):
            out.append((h, i, tx, o))
    return out


def test_every_transaction_indexed_and_decoded(mixed: Driver) -> None:
    rep = index(mixed.home)
    expected = node_txs(mixed)
    assert rep.height == rep.node_height == len(mixed.blocks)
    assert rep.txs == len(expected) and not rep.cancelled
    reg = default_registry()
    with Explorer.open_home(mixed.home) as ex:
        assert ex.status().txs == len(expected)
        for h, i, tx, o in expected:
            got = ex.tx(tx.tx_id().hex())
            assert (got.height, got.index, got.kind, got.ok, got.code) == (h, i, tx.body.kind, o.ok, o.code)
            assert got.sender == format_address(tx.body.sender) and got.nonce == int(tx.body.nonce)
            assert got.payload == to_json(reg.decode_payload(tx.body.kind, tx.body.payload))
            assert got.decoded and got.known_kind and got.raw_payload is None
            assert ex.tx_at(h, i) == got
        failed = ex.txs(failed=True, limit=100).items
        assert [(t.code, t.tx_id) for t in failed] == [
            (o.code, bytes(tx.tx_id())) for *_, tx, o in reversed(expected) if not o.ok
        ]
        assert "insufficient_funds" in {t.code for t in failed}
        for ex_block in mixed.blocks:
            b = ex.block(int(ex_block.block.header.height))
            assert b is not None and b.block_id == bytes(ex_block.block_id)
            assert b.num_txs == len(ex_block.block.txs)
            assert b.num_events == sum(len(o.events) for o in ex_block.outcomes) + len(ex_block.block_events)
            assert ex.block_by_id(b.block_id_hex) == b == ex.block_by_id(b.block_id_hex[:10])


def test_tx_detail_has_signatures_raw_bytes_and_events(mixed: Driver) -> None:
    index(mixed.home)
    h, i, tx, o = node_txs(mixed)[0]
    with Explorer.open_home(mixed.home) as ex:
        d = ex.tx_detail(tx.tx_id())
        assert d.raw == encode(tx)
        assert d.expires_at == int(tx.body.expires_at)
        assert [(s.scheme, s.public_key, s.signature) for s in d.signatures] == [
            (int(s.scheme), s.public_key, bytes(s.signature)) for s in tx.signatures
        ]
        to = decode(type(default_registry().decode_payload(tx.body.kind, tx.body.payload)), tx.body.payload).to
        assert d.parties == (format_address(tx.body.sender), format_address(to))
        assert [e.kind for e in d.events] == [e.kind for e in o.events]
        assert all(e.tx_id == bytes(tx.tx_id()) and e.tx_index == i and e.height == h for e in d.events)
    with Explorer.open(mixed.home / INDEX_FILE) as ex:  # the index alone: no raw bytes, the rest is there
        d = ex.tx_detail(tx.tx_id())
        assert d.raw is None and d.signatures == () and d.events


def test_history_per_address_complete_and_newest_first(mixed: Driver) -> None:
    index(mixed.home)
    reg = default_registry()
    with Explorer.open_home(mixed.home) as ex:
        for name in ("alice", "bob", "carol", "dave", "bank"):
            a = mixed.addr(name)
            want = [
                bytes(tx.tx_id())
                for h, i, tx, _ in node_txs(mixed)
                if tx.body.sender == a or getattr(reg.decode_payload(tx.body.kind, tx.body.payload), "to", None) == a
            ][::-1]
            got: list[bytes] = []
            after = None
            while True:
                page = ex.history(format_address(a), limit=2, after=after)
                got += [t.tx_id for t in page.items]
                if page.next is None:
                    break
                after = page.next
            assert got == want, name
            summary = ex.address(format_address(a))
            assert summary.n_txs == len(want)
            assert summary.n_sent == sum(1 for *_, tx, _ in node_txs(mixed) if tx.body.sender == a)
            assert summary.account is not None and summary.account.data["name"] == name
            # the kind filter walks its own index and agrees with filtering by hand
            transfers = [t.tx_id for t in ex.history(a, kind="token.transfer", limit=100).items]
            assert transfers == [t for t in want if ex.tx(t).kind == "token.transfer"]


def test_records_follow_the_latest_state(mixed: Driver) -> None:
    index(mixed.home)
    with Explorer.open_home(mixed.home) as ex:
        for name in ("alice", "bob", "carol", "dave", "bank"):
            rec = ex.account(mixed.addr(name))
            assert rec is not None and rec.type == "account"
            raw = mixed.chain.store.get_state(rec.key)
            assert rec.value == raw
            assert rec.key_text == "acct/" + format_address(mixed.addr(name))
        params = ex.record(b"chain/params")
        assert params is not None and params.type == "chain parameters"
        accounts = ex.records(type="account", limit=100).items
        assert len(accounts) == 5
        before = ex.account(mixed.addr("dave"))
    mixed.block([mixed.transfer("alice", "dave", 77)])
    rep = index(mixed.home)
    assert rep.records_changed == 2  # alice's and dave's accounts
    with Explorer.open_home(mixed.home) as ex:
        after = ex.account(mixed.addr("dave"))
        assert before is not None and after is not None
        assert after.data["balance"] == before.data["balance"] + 77
        assert after.changed_height == rep.height
    assert index(mixed.home).records_changed == 0  # state root unchanged: nothing to compare


def test_resumes_after_cancel_and_after_a_crash(mixed: Driver, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    copy_db(mixed.home, fresh, "node.db")
    index(fresh)

    seen: list[Progress] = []
    rep = index(mixed.home, batch_txs=1, progress=seen.append, cancel=lambda: len(seen) >= 2)
    assert rep.cancelled and 0 < rep.height < rep.node_height
    assert [p.blocks_done for p in seen] == [1, 2]
    assert seen[-1].blocks_left == rep.node_height - 2 and seen[-1].height == rep.height

    def crash(p: Progress) -> None:
        if p.height >= 4:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        index(mixed.home, batch_txs=1, progress=crash)
    with Explorer.open_home(mixed.home) as ex:
        assert ex.status().height == 4  # every whole batch written before the crash is kept
    rep = index(mixed.home, batch_txs=1)
    assert rep.from_height == 4 and rep.height == rep.node_height
    assert dump(mixed.home / INDEX_FILE) == dump(fresh / INDEX_FILE)


def test_idempotent(mixed: Driver) -> None:
    index(mixed.home)
    first = dump(mixed.home / INDEX_FILE)
    rep = index(mixed.home)
    assert (rep.blocks, rep.txs, rep.records_changed) == (0, 0, 0)
    assert dump(mixed.home / INDEX_FILE) == first


def test_unknown_kinds_are_kept_raw(mixed: Driver) -> None:
    """An explorer that does not know ``token.issue`` (a newer node's kind) keeps those undecoded."""
    older = Registry(
        tuple(
            Module(m.name, tuple(k for k in m.tx_kinds if k.name != "token.issue"), m.actions, m.records, m.errors,
                   m.genesis_type, m.init_genesis, m.end_block, m.authorizer)
            for m in MODULES
        )
    )
    rep = index(mixed.home, registry=older)
    assert rep.txs == len(node_txs(mixed))
    issues = [(tx, o) for _, _, tx, o in node_txs(mixed) if tx.body.kind == "token.issue"]
    assert issues
    with Explorer.open_home(mixed.home, older) as ex:
        for tx, o in issues:
            t = ex.tx(tx.tx_id())
            assert t.kind == "token.issue" and not t.known_kind and not t.decoded
            assert t.decode_error == UNKNOWN_KIND and t.payload is None
            assert t.raw_payload == tx.body.payload and t.ok == o.ok
        kinds = {k.name: k for k in ex.kinds()}
        assert not kinds["token.issue"].known and kinds["token.issue"].n_txs == len(issues)
        assert kinds["token.transfer"].known
        # still in the sender's history, found by kind, and searchable by its name
        assert any(t.kind == "token.issue" for t in ex.history(issues[0][0].body.sender, limit=100).items)
        assert len(ex.txs(kind="token.issue", limit=100).items) == len(issues)
        hit = ex.search("token.issue").best
        assert hit is not None and hit.kind.name == "token.issue" and not hit.kind.known  # type: ignore[union-attr]


def test_offline_on_a_copied_data_folder_never_touching_it(mixed: Driver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An auditor's copy of a full node's folder, no node process, no network: index and browse it."""
    mixed.close()
    copy = tmp_path / "audit-copy"
    shutil.copytree(mixed.home, copy)
    digest = hashlib.sha256((copy / "node.db").read_bytes()).hexdigest()

    def no_network(*_a: Any, **_k: Any) -> None:
        raise AssertionError("the explorer must not use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    rep = index(copy)
    assert rep.height == len(mixed.blocks)
    with Explorer.open_home(copy) as ex:
        assert ex.history(mixed.addr("alice")).items
        assert ex.search("1").best is not None
    assert hashlib.sha256((copy / "node.db").read_bytes()).hexdigest() == digest
    assert not list(copy.glob("node.db-journal"))


def test_another_chain_is_refused(mixed: Driver, tmp_path: Path) -> None:
    index(mixed.home)
    other = Driver.new(tmp_path / "other", chain_id="depot-other")
    other.block([other.transfer("alice", "bob", 1)])
    other.close()
    copy_db(mixed.home, other.home, INDEX_FILE)
    with pytest.raises(IndexMismatch, match="another chain"):
        index(other.home)


def test_a_shorter_node_history_is_refused(mixed: Driver, tmp_path: Path) -> None:
    index(mixed.home)
    shorter = tmp_path / "shorter"
    d = Driver(shorter, mixed.genesis, mixed.keys, list(mixed.vkeys.values()))
    d.close()
    copy_db(mixed.home, shorter, INDEX_FILE)
    with pytest.raises(IndexMismatch, match="rebuild"):
        index(shorter)


def test_no_node_store(tmp_path: Path) -> None:
    with pytest.raises(NodeDataMissing):
        Indexer.open_home(tmp_path)
    (tmp_path / "node.db").write_bytes(b"")
    with pytest.raises(NodeDataMissing):
        Indexer.open_home(tmp_path)


def test_events_with_parties_and_block_level_events(mixed: Driver) -> None:
    index(mixed.home)
    with Explorer.open_home(mixed.home) as ex:
        carol = format_address(mixed.addr("carol"))
        evs: list[Event] = []
        after = None
        while True:
            page = ex.events(party=carol, limit=3, after=after)
            evs += page.items
            if page.next is None:
                break
            after = page.next
        want = [
            (int(ex_.block.header.height), e.kind, json.dumps(e.attrs, sort_keys=True))
            for ex_ in mixed.blocks
            for o in ex_.outcomes
            for e in o.events
            if carol in json.dumps(e.attrs)
        ][::-1]
        assert [(e.height, e.kind, json.dumps(e.attrs, sort_keys=True)) for e in evs] == want
        assert ex.address(carol).n_events == len(want)
        transferred = ex.events(kind="token.transferred", limit=1000).items
        assert len(transferred) == sum(1 for *_, tx, o in node_txs(mixed) if tx.body.kind == "token.transfer" and o.ok)
        assert "token.transferred" in ex.event_kinds()


def test_store_still_opens_for_the_node(mixed: Driver) -> None:
    """Indexing reads the node's store read-only: the node opens it as before, mid-run included."""
    mixed.close()
    index(mixed.home)
    with Store.open(f"sqlite:///{mixed.home / 'node.db'}") as s:
        assert s.latest_height() == len(mixed.blocks)


def test_a_node_store_on_postgresql_or_sqlite(storage_url: str, tmp_path: Path) -> None:
    """A validator or archive node keeps its store in PostgreSQL: the index reads it the same way."""
    d = Driver.new(tmp_path / "node", url=storage_url)
    try:
        d.block([d.transfer("alice", "bob", 5), d.issue("carol", 7)])
        d.block([d.transfer("bob", "carol", 2)])
        with Indexer.open(storage_url, tmp_path / INDEX_FILE) as ix:
            rep = ix.run()
        assert (rep.height, rep.txs) == (2, 3) and rep.records_changed > 5
        with Explorer.open(tmp_path / INDEX_FILE, storage_url) as ex:
            tx = d.blocks[0].block.txs[0]
            detail = ex.tx_detail(tx.tx_id())
            assert detail.raw == encode(tx) and detail.tx.payload["amount"] == 5
            assert [t.tx_id for t in ex.history(d.addr("bob")).items] == [
                bytes(d.blocks[1].tx_ids[0]), bytes(d.blocks[0].tx_ids[0])
            ]
            bob = ex.account(d.addr("bob"))
            assert bob is not None and bob.value == d.chain.store.get_state(bob.key)
    finally:
        d.close()
