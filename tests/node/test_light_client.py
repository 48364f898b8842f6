"""The light client over its SQLite store: bootstrap from the pinned genesis, sync, resume, witnesses, forks, verified reads."""

from __future__ import annotations

import dataclasses
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from node.core.encoding import encode
from node.core.types import U8, U64, Amount, FixedBytes, Hash32, Height, Power, TimestampMs, UInt
from node.core.validators import ValidatorSet
from node.devgenesis import AccountSpec
from node.light.client import LightClient
from node.light.errors import (
    AccountNotFound,
    ForkDetected,
    GenesisMismatch,
    HeaderWithheld,
    LightClientHalted,
    PeerUnavailable,
    WrongChain,
)
from node.light.network import NetworkConfig
from node.light.schema import VERSION_TABLE, metadata
from node.light.store import LightStore
from node.light.synthetic import SyntheticChain, SyntheticProvider
from node.light.types import DAY_MS, LightBlock, TrustOptions
from node.modules import default_registry
from node.modules.accounts.records import ACCOUNT_PREFIX, Account
from node.modules.governance.records import Ballot, Proposal, proposal_key
from tests.kit import make_kit

T0 = 1_767_225_600_000


class Tampered(SyntheticProvider):
    """A provider that serves other light blocks at some heights."""

    def __init__(self, chain: SyntheticChain, url: str, swap: dict[int, LightBlock] | None = None, down: bool = False) -> None:
        super().__init__(chain, url)
        self.swap = swap or {}
        self.down = down
        self.asked: list[int] = []

    def light_block(self, height: int) -> LightBlock:
        self.asked.append(height)
        if self.down:
            raise PeerUnavailable(f"{self.url} is down")
        return self.swap.get(height) or super().light_block(height)


def make_chain(n: int = 50, **kw) -> SyntheticChain:
    c = SyntheticChain(default_registry(), genesis_time_ms=T0, **kw)
    c.extend(n)
    return c


def clock_after(c: SyntheticChain, extra: int = 1000):
    return lambda: int(c.header(c.height).time_ms) + extra


def client(c: SyntheticChain, store: LightStore, *, primary=None, witnesses=(), trust: TrustOptions | None = None, clock=None, **kw) -> LightClient:
    net = NetworkConfig(c.chain_id, c.genesis_hash, trust=trust or TrustOptions())
    return LightClient(
        store, net, primary or SyntheticProvider(c, "http://primary"), list(witnesses),
        registry=default_registry(), clock=clock or clock_after(c), **kw,
    )  # fmt: skip


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'light.db'}"


def test_skipping_sync_stores_and_a_restart_resumes(store_url):
    c = make_chain(500)
    with LightStore.open(store_url) as store:
        r = client(c, store).sync()
        assert (r.height, r.verified_headers, r.mode) == (500, 1, "skipping")
        assert store.heights() == [500]
    c.extend(100)
    p = Tampered(c, "http://primary")
    with LightStore.open(store_url) as store:
        r = client(c, store, primary=p).sync()
        assert r.height == 600 and r.verified_headers == 1
        assert p.asked == [600], "resumed from 500, not from genesis"
        assert store.heights() == [500, 600]


def test_sequential_sync_follows_validator_set_changes(store_url):
    c = make_chain(10)
    new = [c.add_validator() for _ in range(3)]
    c.change_validators(40, new)
    c.extend(60)
    keep = [c.known[bytes(v.address)] for v in c.vsets[c.height].validators[:1]]
    c.change_validators(c.height + 2, keep + [c.add_validator(30)])
    c.extend(20)
    with LightStore.open(store_url) as store:
        r = client(c, store).sync(mode="sequential")
        assert r.height == c.height and r.verified_headers == c.height
        assert store.count() == c.height
        assert store.light_block(45).validators.hash() == c.vsets[45].hash()


def test_skipping_sync_follows_validator_set_changes_by_bisection(store_url):
    c = make_chain(10)
    c.change_validators(40, [c.add_validator() for _ in range(4)])
    c.extend(60)
    c.change_validators(c.height + 2, [c.add_validator() for _ in range(4)])
    c.extend(60)
    p = Tampered(c, "http://primary")
    with LightStore.open(store_url) as store:
        r = client(c, store, primary=p).sync()
        assert r.height == c.height and 2 < r.verified_headers < 20
        assert r.mode == "skipping"
        assert len(p.asked) > 2  # pivots


def test_expired_trust_falls_back_to_sequential(store_url):
    c = make_chain(20)
    with LightStore.open(store_url) as store:
        client(c, store).sync()
        c.extend(30)
        late = lambda: int(c.header(20).time_ms) + TrustOptions().trusting_period_ms + 1  # noqa: E731
        # Headers 21.. are dated just after 20; the clock says two weeks later: still not "from the future".
        r = client(c, store, clock=late).sync()
        assert (r.mode, r.verified_headers, r.height) == ("sequential", 30, 50)


def test_genesis_is_checked_against_the_pin(store_url):
    c = make_chain(3)
    other = make_chain(3)
    with LightStore.open(store_url) as store:
        lc = LightClient(
            store, NetworkConfig(c.chain_id, c.genesis_hash), SyntheticProvider(other),
            registry=default_registry(), clock=clock_after(c),
        )  # fmt: skip
        with pytest.raises(GenesisMismatch):
            lc.bootstrap()
        assert store.root() is None
        # Pinned to c, talking to a node of another chain: refused before any header.
        client(c, store).bootstrap()
        lc2 = client(c, store, primary=SyntheticProvider(other))
        with pytest.raises(WrongChain):
            lc2.sync()
    with LightStore.open(store_url) as store:
        # The store remembers which network it belongs to.
        with pytest.raises(GenesisMismatch):
            client(other, store).bootstrap()


def test_witness_agreeing_faulty_and_down(store_url):
    c = make_chain(100)
    good = Tampered(c, "http://good")
    rogue = [c.add_validator() for _ in range(4)]
    liar = Tampered(c, "http://liar", {100: c.forged_light_block(100, signers=rogue, validators=rogue)})
    down = Tampered(c, "http://down", down=True)
    with LightStore.open(store_url) as store:
        r = client(c, store, witnesses=[good, liar, down]).sync()
        assert r.witnesses_checked == 1 and r.faulty_witnesses == ("http://liar",)
        assert not store.halted()


def test_no_witness_answering_stores_nothing(store_url):
    c = make_chain(100)
    with LightStore.open(store_url) as store:
        with pytest.raises(PeerUnavailable):
            client(c, store, witnesses=[Tampered(c, "http://down", down=True)]).sync()
        assert store.count() == 0


def test_fork_detected_halts_and_stores_evidence(store_url):
    c = make_chain(100)
    two = [c.known[bytes(v.address)] for v in c.vsets[100].validators[:2]]
    other_side = c.forged_light_block(100, signers=two, validators=two, state_root=Hash32(b"\x99" * 32))
    witness = Tampered(c, "http://witness", {100: other_side})
    with LightStore.open(store_url) as store:
        with pytest.raises(ForkDetected) as e:
            client(c, store, witnesses=[witness]).sync()
        alert = e.value.alert
        assert e.value.code == "fork_detected"
        assert (alert.height, alert.primary, alert.witness) == (100, "http://primary", "http://witness")
        assert alert.primary_block_id == c.block_ids[100] and alert.witness_block_id == other_side.block_id
        assert store.count() == 0, "neither side was accepted"
        assert store.alerts() == [alert]
        evidence = store.evidence(alert.evidence_id)
        assert evidence is not None and evidence[1].header.state_root == b"\x99" * 32
    with LightStore.open(store_url) as store:
        # Still halted after a restart, until someone acknowledges it.
        with pytest.raises(LightClientHalted):
            client(c, store, witnesses=[witness]).sync()
        store.acknowledge(alert.evidence_id)
        assert not store.halted() and store.alerts(include_acknowledged=True)[0].evidence_id == alert.evidence_id


def test_fork_where_the_primary_lies(store_url):
    c = make_chain(100)
    two = [c.known[bytes(v.address)] for v in c.vsets[100].validators[:2]]
    lunatic = c.forged_light_block(100, signers=two, validators=two, state_root=Hash32(b"\x77" * 32))
    with LightStore.open(store_url) as store:
        with pytest.raises(ForkDetected) as e:
            client(c, store, primary=Tampered(c, "http://primary", {100: lunatic}), witnesses=[Tampered(c, "http://honest")]).sync()
        assert e.value.alert.primary_block_id == lunatic.block_id
        assert store.count() == 0 and store.halted()


# --- verified reads ------------------------------------------------------------------------------


def example(tp: Any, vset: ValidatorSet) -> Any:
    """A small valid instance of any encodable type (one item per list, no optional values)."""
    base = typing.get_args(tp)[0] if typing.get_origin(tp) is typing.Annotated else tp
    origin = typing.get_origin(base)
    if base is ValidatorSet:
        return vset
    if origin in (typing.Union, types.UnionType):
        return None
    if origin is tuple:
        return (example(typing.get_args(base)[0], vset),)
    if base is bool:
        return True
    if isinstance(base, type) and issubclass(base, UInt):
        return base(1)
    if isinstance(base, type) and issubclass(base, FixedBytes):
        return base(bytes([7]) * base.SIZE)
    if base is bytes:
        return b"\x01"
    if base is str:
        return "x"
    hints = typing.get_type_hints(base, include_extras=True)
    return base(*(example(hints[f.name], vset) for f in dataclasses.fields(base) if f.init))


def _rich_chain() -> tuple[SyntheticChain, object]:
    """Every kind of record the registry knows, each proven through the same API."""
    kit = make_kit()
    alice = kit.actors["alice"]
    c = SyntheticChain(
        default_registry(), genesis_time_ms=T0,
        accounts=[AccountSpec("alice", "northmill", ("customer",), 1, alice.key.public_key, 500)],
    )  # fmt: skip
    proposal = Proposal(
        U64(1), alice.address, "register acme", "org.register", b"", Height(1),
        TimestampMs(T0 + 10**9), U8(1), (Ballot(alice.address, True, Power(10)),), "",
    )  # fmt: skip
    changes = {proposal_key(1): encode(proposal)}
    for rt in default_registry().records:
        if not any(k.startswith(rt.prefix) for k in [*c.state, *changes]):
            key = rt.prefix + b"example" if rt.prefix.endswith(b"/") else rt.prefix
            changes[key] = encode(example(rt.record_type, c.vsets[0]))
    c.extend(5, changes=changes)
    txs = [kit.transfer("alice", "bob", 7), kit.transfer("bob", "carol", 1)]
    c.extend(5, txs=txs)
    return c, kit


def test_every_record_kind_is_read_verified(store_url):
    c, _kit = _rich_chain()
    reg = default_registry()
    covered = set()
    with LightStore.open(store_url) as store:
        lc = client(c, store)
        lc.sync()
        for key in sorted(c.state):
            r = lc.get_record(key)
            assert r.value == c.state[key] and r.height == c.height
            assert r.verified_against == f"verified against block {c.height}"
            rt = reg.record_type_for(key)
            if rt is not None:
                assert isinstance(r.record, rt.record_type) and r.record_type == rt.name
                covered.add(rt.prefix)
    known = {rt.prefix for rt in reg.records}
    assert {ACCOUNT_PREFIX, b"org/", b"token/supply", b"gov/proposal/"} <= covered
    missing = known - covered
    assert not missing, f"record kinds the test chain does not hold yet: {missing}"


def test_get_account_and_proven_absence(store_url):
    c, kit = _rich_chain()
    with LightStore.open(store_url) as store:
        lc = client(c, store)
        r = lc.get_account(kit.actors["alice"].address)
        assert isinstance(r.record, Account) and r.record.balance == Amount(500)
        with pytest.raises(AccountNotFound) as e:
            lc.get_account(b"\x42" * 20)
        assert e.value.data["height"] == c.height
        # Older verified heights are provable too (verified on demand by skipping from genesis).
        old = lc.get_record(proposal_key(1), height=3)
        assert old.height == 3 and old.exists


def test_get_tx_verified_against_its_block(store_url):
    c, kit = _rich_chain()
    tx = kit.transfer("alice", "carol", 3)
    c.extend(1, txs=[tx])
    c.extend(4)
    with LightStore.open(store_url) as store:
        lc = client(c, store)
        lc.sync()
        v = lc.get_tx(tx.tx_id())
        assert v.tx == tx and v.height == c.height - 4 and v.verified_against.endswith(str(v.height))


def test_header_below_an_expired_base_is_reached_by_hash_links(store_url):
    c = make_chain(40)
    with LightStore.open(store_url) as store:
        lc = client(c, store)
        lc.sync(20)
        lc.sync(40)
        late = int(c.header(40).time_ms) + 13 * DAY_MS
        lc2 = client(c, store, clock=lambda: late)
        # 20 is within the trusting period at `late`: 30 is verified by skipping from 20.
        lb = lc2.verified_header(30)
        assert lb.block_id == c.block_ids[30]
        # Later, 20 has expired: 25 is reached from 30 down the hash links.
        much_later = int(c.header(20).time_ms) + 15 * DAY_MS
        lc3 = client(c, store, clock=lambda: much_later)
        lb = lc3.verified_header(25)
        assert lb.block_id == c.block_ids[25]
        assert {25, 26, 27, 28, 29} <= set(store.heights()), "walked down from 30 by hash links"


def test_withheld_header_is_named(store_url):
    c = make_chain(30)
    from tests.e2e.evil_node import EvilNode  # noqa: F401 - the HTTP variant is in tests/e2e

    class Withholding(SyntheticProvider):
        def light_block(self, height: int) -> LightBlock:
            if height == 30:
                raise HeaderWithheld("withheld", height=30)
            return super().light_block(height)

    with LightStore.open(store_url) as store:
        with pytest.raises(HeaderWithheld):
            client(c, store, primary=Withholding(c)).sync()


# --- the store's schema ------------------------------------------------------------------------------


def test_migrations_create_the_schema_with_their_own_version_table(store_url, tmp_path):
    LightStore.open(store_url).close()
    engine = create_engine(store_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        assert ctx.get_current_revision() == "light0001"
        assert compare_metadata(ctx, metadata) == []
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert VERSION_TABLE in tables and "alembic_version" not in tables
    # Shares a database with the node's store without touching its migrations.
    from node.storage import Store

    shared = f"sqlite:///{tmp_path / 'shared.db'}"
    Store.open(shared).close()
    LightStore.open(shared).close()
    Store.open(shared).close()


def test_light_store_on_both_backends(storage_url):
    """The store the desktop keeps in SQLite also runs on PostgreSQL (an archive's light client)."""
    c = make_chain(30)
    two = [c.known[bytes(v.address)] for v in c.vsets[30].validators[:2]]
    other = c.forged_light_block(30, signers=two, validators=two, state_root=Hash32(b"\x42" * 32))
    with LightStore.open(storage_url) as store:
        assert store.root() is None and store.latest() is None and not store.halted()
        store.set_root(c.chain_id, c.genesis_hash, encode(c.genesis))
        blocks = [c.light_block(h) for h in range(1, 31)]
        store.save(blocks[:10], now_ms=1, source="a")
        store.save(blocks[5:], now_ms=2, source="b")  # overlapping heights are kept once
        assert store.count() == 30 and store.heights() == list(range(1, 31))
        assert store.nearest_below(100).height == 30 and store.nearest_above(0).height == 1
        alert = store.add_evidence(primary=blocks[-1], witness=other, primary_url="p", witness_url="w", common_height=1, now_ms=3)
        assert store.halted() and store.alerts() == [alert]
    with LightStore.open(storage_url) as store:
        assert store.root() == (c.chain_id, c.genesis_hash, encode(c.genesis))
        assert store.latest() == blocks[-1] and store.light_block(7) == blocks[6]
        assert store.evidence(alert.evidence_id) == (blocks[-1], other)
        store.acknowledge(alert.evidence_id)
        assert not store.halted()
