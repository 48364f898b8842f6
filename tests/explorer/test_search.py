"""The search box recognises each kind of input, and the index follows ids (tanks, orders) generically.

The tank chain is real: storage and tank registered by both parties, signed
gateway readings falling below the warning line, and the order the chain
creates by itself, all executed by the tanks module through ``Chain``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer import (
    AddressHit,
    AmbiguousPrefix,
    BlockHit,
    Explorer,
    Indexer,
    KindHit,
    MistypedAddress,
    NotFound,
    PrefixTooShort,
    Recognised,
    RecordHit,
    RefHit,
    TxHit,
)
from explorer.db import INDEX_FILE
from explorer.extract import Extractor, Found
from node.core.address import format_address
from node.core.crypto import Signer
from node.core.encoding import encode
from node.core.types import U8, U32, U64, Address, Amount, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules import default_registry
from node.modules.accounts.transitions import Transfer
from node.modules.approvals.transitions import Propose
from node.modules.tanks.readings import LevelReading, Report, sign_reading
from tests.explorer.chains import Driver
from tests.node.test_tanks_world import ACCOUNTS, CHAIN, DEV, T0, K, _accept, _storage, terms

ORDER = "T1#00000001"


def index(home: Path) -> None:
    with Indexer.open_home(home) as ix:
        ix.run()


@pytest.fixture(scope="module")
def tank_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tank T1 of alice's supplied by bob from S1; three low readings make the chain order fuel."""
    home = tmp_path_factory.mktemp("tanks") / "node"
    specs = [AccountSpec(n, org, roles, 1, K[n].public_key, bal) for n, (org, roles, bal) in ACCOUNTS.items()]
    specs.append(AccountSpec("op", "core-corp", (), 1, K["op"].public_key, 0))
    g = build_genesis(CHAIN, T0, [ValidatorSpec(1, K["validator"].public_key, 10, K["op"].public_key)], specs)
    d = Driver(home, g, dict(K), [K["validator"]])
    t = terms()
    d.block([d.tx("bob", "tank.register_storage", _storage("S1", "diesel", 50_000))], step_ms=60_000)
    d.block([d.tx("alice", "tank.propose", t)])
    d.block([d.tx("bob", "tank.accept", _accept(t))])
    for seq, level in enumerate((1005, 995, 994, 993), start=1):
        at = d.time + 10_000
        r = sign_reading(CHAIN, LevelReading("T1", U64(seq), TimestampMs(at), U32(level), U32(12_000), U8(0)),
                         _signer("d1"))
        d.block([d.tx("gw", "tank.report", Report((r,)))], at=at)
    d.block([d.transfer("alice", "bob", 5)])
    d.close()
    index(home)
    return home


def _signer(name: str) -> Signer:
    return Signer(DEV[name])


@pytest.fixture
def ex(tank_home: Path) -> Iterator[Explorer]:
    e = Explorer.open_home(tank_home)
    yield e
    e.close()


def test_a_tank_id_finds_the_tank_and_everything_naming_it(ex: Explorer) -> None:
    res = ex.search("T1")
    assert Recognised.REF in res.recognised
    records = [h for h in res.hits if isinstance(h, RecordHit)]
    primaries = {h.record.type for h in records if h.primary}
    assert {"tank", "tank live"} <= primaries
    assert records[0].primary  # the tank's own records come first
    assert any(h.record.type == "order" and not h.primary for h in records)  # the order refers to it
    assert any(isinstance(h, RefHit) and h.in_txs and h.in_events for h in res.hits)
    kinds = [t.kind for t in ex.txs(ref="T1", limit=100, newest_first=False).items]
    assert kinds[:2] == ["tank.propose", "tank.accept"] and kinds.count("tank.report") == 4
    assert ex.ref_fields("T1") == ("tank_id",)
    report = ex.txs(ref="T1", kind="tank.report", limit=1).items[0]
    assert ex.tx_detail(report.tx_id).refs == (("T1", "tank_id"),)
    propose = ex.tx_detail(ex.txs(kind="tank.propose", limit=1).items[0].tx_id)
    alice, bob = format_address(K_addr("alice")), format_address(K_addr("bob"))
    assert propose.parties == (alice, bob) and ("S1", "storage_id") in propose.refs


def test_an_order_id_finds_the_order_its_events_and_its_parties(ex: Explorer) -> None:
    res = ex.search(ORDER)
    assert isinstance(res.best, RecordHit) and res.best.primary and res.best.record.type == "order"
    order = res.best.record.data
    assert order["order_id"] == ORDER and order["tank_id"] == "T1"
    events = ex.events(ref=ORDER, limit=100, newest_first=False).items
    assert events and events[0].kind == "order.created"
    # created by a reading, not by a clerk: the event belongs to the gateway's tank.report
    assert events[0].tx_id is not None and ex.tx(events[0].tx_id).kind == "tank.report"
    alice, bob = format_address(K_addr("alice")), format_address(K_addr("bob"))
    assert order["buyer"] == alice and order["supplier"] == bob
    assert [r.key for r in ex.records(party=bob, ref=ORDER).items] == [res.best.record.key]
    assert any(e.kind == "order.created" for e in ex.events(party=alice, limit=100).items)
    assert ex.records(type="order", limit=10).items[0].key_text == "order/item/" + ORDER


def K_addr(name: str) -> Address:
    from node.core.address import address_of_key

    return address_of_key(1, K[name].public_key)


def test_heights_ids_and_prefixes(ex: Explorer) -> None:
    b2 = ex.block(2)
    assert b2 is not None
    res = ex.search("2")
    assert res.recognised[0] is Recognised.HEIGHT and res.best == BlockHit(b2)
    assert ex.search("999999").hits == () and ex.search("999999").recognised == (Recognised.HEIGHT,)
    tx = ex.txs(limit=1).items[0]
    res = ex.search(tx.tx_id_hex)
    assert res.recognised == (Recognised.ID,) and res.hits == (TxHit(tx),)
    assert ex.search(tx.tx_id_hex.upper()).hits == (TxHit(tx),)
    res = ex.search(tx.tx_id_hex[:9])
    assert res.recognised == (Recognised.ID_PREFIX,) and res.hits == (TxHit(tx),)
    assert ex.search(b2.block_id_hex).hits == (BlockHit(b2),)
    assert ex.search("0x" + b2.block_id_hex[:12]).hits == (BlockHit(b2),)
    assert ex.tx(tx.tx_id_hex[:8]) == tx
    with pytest.raises(PrefixTooShort):
        ex.tx(tx.tx_id_hex[:7])
    with pytest.raises(NotFound):
        ex.tx("00" * 32)
    assert ex.search(tx.tx_id_hex[:5]).recognised == (Recognised.UNKNOWN,)


def test_an_address_and_a_mistyped_one(ex: Explorer) -> None:
    alice = format_address(K_addr("alice"))
    res = ex.search(alice)
    assert res.recognised == (Recognised.ADDRESS,)
    hit = res.best
    assert isinstance(hit, AddressHit) and hit.summary.address == alice and hit.summary.n_txs > 0
    assert hit.summary.account is not None and hit.summary.account.data["name"] == "alice"
    assert ex.search("  " + alice.upper() + " ").best == hit
    wrong = alice[:-1] + ("q" if alice[-1] != "q" else "p")
    with pytest.raises(MistypedAddress, match="checksum") as info:
        ex.search(wrong)
    assert info.value.code == "invalid_address" and "mistyped" in info.value.message
    with pytest.raises(MistypedAddress, match="44 characters"):
        ex.search(alice[:-2])
    with pytest.raises(MistypedAddress):
        ex.history(wrong)
    never = format_address(bytes(20))
    assert ex.search(never).best == AddressHit(ex.address(never))
    assert ex.address(never).n_txs == 0 and ex.address(never).account is None


def test_kinds_and_nothing(ex: Explorer) -> None:
    res = ex.search("tank.report")
    assert res.recognised == (Recognised.KIND,)
    assert isinstance(res.best, KindHit) and res.best.kind.name == "tank.report" and res.best.kind.n_txs == 4
    names = {h.kind.name for h in ex.search("order").hits if isinstance(h, KindHit)}
    assert {"order.settle", "order.dispute"} <= names
    assert ex.search("").recognised == (Recognised.EMPTY,)
    nothing = ex.search("no such thing")
    assert nothing.recognised == (Recognised.UNKNOWN,) and nothing.best is None


def test_an_ambiguous_prefix_names_the_candidates(tank_home: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copy(tank_home / INDEX_FILE, tmp_path / INDEX_FILE)
    con = sqlite3.connect(tmp_path / INDEX_FILE)
    row = con.execute("SELECT * FROM txs ORDER BY pos LIMIT 1").fetchone()
    twin = bytes(row[1][:6]) + bytes(26)
    con.execute("UPDATE txs SET tx_id = ? WHERE pos = ?", (bytes(row[1][:6]) + b"\xff" * 26, row[0]))
    con.execute("INSERT INTO txs VALUES (" + ",".join("?" * len(row)) + ")", (row[0] + 999, twin, *row[2:]))
    con.commit()
    con.close()
    with Explorer.open(tmp_path / INDEX_FILE) as ex:
        with pytest.raises(AmbiguousPrefix) as info:
            ex.tx(twin.hex()[:12])
        assert len(info.value.data["matches"]) == 2
        assert len([h for h in ex.search(twin.hex()[:12]).hits if isinstance(h, TxHit)]) == 2


def test_nested_payloads_are_walked_too() -> None:
    """An approval of a transfer names the transfer's recipient (decoded through the registry)."""
    ext = Extractor(default_registry())
    to = K_addr("bob")
    p = Propose(K_addr("alice"), "token.transfer", encode(Transfer(to, Amount(5), "x")), "rent", TimestampMs(1))
    found = Found()
    out = ext.walk(p, found)
    assert out["payload_decoded"] == {"to": format_address(to), "amount": 5, "memo": "x"}
    assert found.parties == {bytes(K_addr("alice")), bytes(to)}
    found = ext.event(json.dumps({"order_id": 'T"1#2', "who": format_address(to), "ids_list": 1}))
    assert found.refs == {'T"1#2': "order_id"} and found.parties == {bytes(to)}
    assert ext.event('{"tank_ids":["A","B"]}').refs == {"A": "tank_ids", "B": "tank_ids"}
    assert ext.payload("tank.accept", b"\x00")[2] == "invalid_payload"
    assert ext.key_text(b"bill/item/" + (7).to_bytes(8, "big")) == "bill/item/7"

