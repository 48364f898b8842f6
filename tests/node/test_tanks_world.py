"""A small in-memory chain for the tanks and bills tests: accounts for every party, signed readings.

Imported by the ``test_tanks*`` and ``test_bills*`` modules; it holds no tests itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import pytest

from node.core.address import address_of_key
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.execution import BlockEnv, Event, TxOutcome, execute_block, execute_tx
from node.core.genesis import DEFAULT_PARAMS, genesis_state
from node.core.state import DictReader, State
from node.core.transactions import Transaction, TxBody, sign_body, tx_id_of
from node.core.types import U8, U32, U64, Address, Amount, Hash32, Nonce, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules import default_registry
from node.modules.accounts import ledger
from node.modules.accounts.records import Account, account_key
from node.modules.tanks.geometry import Shape
from node.modules.tanks.readings import LevelReading, Report, SignedReading, sign_reading
from node.modules.tanks.records import (
    DeviceKey,
    Geometry,
    Order,
    StorageTank,
    StrapPoint,
    Tank,
    TankLive,
    TankTerms,
    live_key,
    order_key,
    storage_key,
    tank_key,
)
from node.modules.tanks.registration import terms_hash

REG = default_registry()
CHAIN = "depot-tanks"
T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
NOW = T0 + 60_000
TTL = int(DEFAULT_PARAMS.max_tx_ttl_ms)
MIN = 60_000


def _key(name: str, scheme: Scheme = Scheme.ED25519) -> PrivateKey:
    return PrivateKey.from_secret(scheme, hashlib.sha256(b"tanks/" + name.encode()).digest())


# name -> (organisation, roles, opening balance)
ACCOUNTS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "bank": ("city-bank", ("bank", "governor"), 10_000_000),
    "alice": ("northmill", ("customer",), 10_000_000),  # tank owner, the buyer
    "bob": ("acme-fuel", ("supplier",), 0),  # the supplier
    "gw": ("acme-fuel", ("gateway",), 0),  # relays readings
    "judge": ("core-corp", ("arbiter",), 0),
    "mallory": ("northmill", ("customer", "supplier"), 1_000_000),  # a third party
    "poor": ("northmill", ("customer",), 100),  # owner who cannot pay
}
K: dict[str, PrivateKey] = {name: _key(name) for name in ACCOUNTS}
K["op"] = _key("op")
K["validator"] = _key("validator")
DEV = {name: _key("device-" + name) for name in ("d1", "d2", "rogue")}
DEV["p256"] = _key("device-p256", Scheme.P256)


def addr(name: str) -> Address:
    k = K[name]
    return address_of_key(k.scheme, k.public_key)


def device(name: str) -> DeviceKey:
    k = DEV[name]
    return DeviceKey(U8(int(k.scheme)), k.public_key)


def _genesis_data() -> dict[bytes, bytes]:
    specs = [
        AccountSpec(n, org, roles, 1, K[n].public_key, bal) for n, (org, roles, bal) in ACCOUNTS.items()
    ] + [AccountSpec("op", "core-corp", (), 1, K["op"].public_key, 0)]
    g = build_genesis(CHAIN, T0, [ValidatorSpec(1, K["validator"].public_key, 10, K["op"].public_key)], specs)
    return {k: v for k, v in genesis_state(REG, g).diff().items() if v is not None}


BASE = _genesis_data()


def env(time_ms: int = NOW, height: int = 1) -> BlockEnv:
    return BlockEnv(CHAIN, height, time_ms, bytes(addr("op")), TTL)


VERTICAL = Geometry(U8(Shape.VERTICAL_CYLINDER), U32(2000), U32(3000), ())
"""2 m wide, 3 m high: π litres per millimetre, 9,424 litres full."""


def terms(**changes: Any) -> TankTerms:
    t = TankTerms(
        tank_id="T1",
        owner=addr("alice"),
        supplier=addr("bob"),
        storage_id="S1",
        product="diesel",
        geometry=VERTICAL,
        capacity_l=U64(9000),
        warning_mm=U32(1000),
        critical_mm=U32(500),
        reorder_l=U64(5000),
        debounce=U8(3),
        max_rise_mm_per_min=U32(2000),
        max_fall_mm_per_min=U32(100),
        unit_price=Amount(800),
        delivery_deadline_ms=U64(24 * 3600 * 1000),
        dispute_window_ms=U64(0),
        device_keys=(device("d1"),),
    )
    return replace(t, **changes)


STRAPPING = Geometry(
    U8(Shape.STRAPPING_TABLE),
    U32(0),
    U32(0),
    (StrapPoint(U32(0), U64(0)), StrapPoint(U32(1000), U64(2000)), StrapPoint(U32(2000), U64(6000))),
)


class World:
    """Committed state (encoded records) plus a working ``State``; helpers to sign and run transactions."""

    def __init__(self) -> None:
        self.data = dict(BASE)
        self.state = State(DictReader(self.data))
        self.time = NOW
        self.height = 1
        self.seqs: dict[str, int] = {}

    # --- state ---------------------------------------------------------------------------

    def commit(self) -> None:
        for k, v in self.state.diff().items():
            if v is None:
                self.data.pop(k, None)
            else:
                self.data[k] = v
        self.state = State(DictReader(self.data))

    def account(self, who: str) -> Account:
        a = ledger.get_account(self.state, addr(who))
        assert a is not None
        return a

    def balance(self, who: str) -> int:
        return int(self.account(who).balance)

    def frozen(self, who: str) -> int:
        return int(self.account(who).frozen)

    def tank(self, tank_id: str = "T1") -> Tank:
        t = self.state.get(tank_key(tank_id), Tank)
        assert t is not None
        return t

    def live(self, tank_id: str = "T1") -> TankLive:
        t = self.state.get(live_key(tank_id), TankLive)
        assert t is not None
        return t

    def order(self, order_id: str = "T1#00000001") -> Order:
        o = self.state.get(order_key(order_id), Order)
        assert o is not None
        return o

    def storage(self, storage_id: str = "S1") -> StorageTank:
        s = self.state.get(storage_key(storage_id), StorageTank)
        assert s is not None
        return s

    # --- transactions -------------------------------------------------------------------------

    def env(self) -> BlockEnv:
        return env(self.time, self.height)

    def tx(self, who: str, kind: str, payload: Any) -> tuple[Transaction, Hash32]:
        acct = ledger.get_account(self.state, addr(who))
        nonce = int(acct.nonce) if acct else 0
        body = TxBody(U8(1), CHAIN, addr(who), Nonce(nonce), TimestampMs(self.time + MIN), kind, encode(payload))
        return sign_body(body, [Signer(K[who])]), tx_id_of(body)

    def send(self, who: str, kind: str, payload: Any) -> TxOutcome:
        tx, tid = self.tx(who, kind, payload)
        return execute_tx(REG, self.state, tx, tid, self.env(), 0)

    def ok(self, who: str, kind: str, payload: Any) -> list[Event]:
        out = self.send(who, kind, payload)
        assert out.ok, (out.code, out.message)
        return out.events

    def refused(self, who: str, kind: str, payload: Any, error: type[DepotError]) -> DepotError:
        """Fails with exactly ``error``: included as failed with its code, and only the nonce moved."""
        self.commit()
        tx, tid = self.tx(who, kind, payload)
        trial = self.state.child()
        with pytest.raises(DepotError) as info:
            execute_tx(REG, trial, tx, tid, self.env(), 0, strict=True)
        assert type(info.value) is error, (type(info.value), info.value.message)
        before = self.account(who)
        out = execute_tx(REG, self.state, tx, tid, self.env(), 0)
        assert not out.ok and out.code == error.code and out.events == []
        assert self.state.diff() == {
            account_key(addr(who)): encode(replace(before, nonce=Nonce(before.nonce + 1)))
        }
        self.commit()
        return info.value

    def end_block(self) -> list[Event]:
        _, events = execute_block(REG, self.state, [], [], self.env())
        return events

    def advance(self, ms: int) -> list[Event]:
        """Move block time on by ``ms`` and run an empty block's end-of-block hooks."""
        self.time += ms
        self.height += 1
        return self.end_block()

    # --- tanks -----------------------------------------------------------------------------

    def register(self, t: TankTerms | None = None, *, inventory: int = 50_000, storage: bool = True) -> TankTerms:
        t = t or terms()
        if storage and self.state.get(storage_key(t.storage_id), StorageTank) is None:
            self.ok("bob", "tank.register_storage", _storage(t.storage_id, t.product, inventory))
        owner = next(n for n in ACCOUNTS if addr(n) == t.owner)
        supplier = next(n for n in ACCOUNTS if addr(n) == t.supplier)
        self.ok(owner, "tank.propose", t)
        self.ok(supplier, "tank.accept", _accept(t))
        self.commit()
        return t

    def reading(
        self,
        level: int,
        *,
        tank_id: str = "T1",
        seq: int | None = None,
        at: int | None = None,
        current_ua: int = 12_000,
        fault: int = 0,
        dev: str = "d1",
        chain: str = CHAIN,
    ) -> SignedReading:
        if seq is None:
            seq = self.seqs.get(tank_id, 0) + 1
        self.seqs[tank_id] = max(seq, self.seqs.get(tank_id, 0))
        r = LevelReading(
            tank_id, U64(seq), TimestampMs(self.time if at is None else at), U32(level), U32(current_ua), U8(fault)
        )
        return sign_reading(chain, r, Signer(DEV[dev]))

    def report(self, *readings: SignedReading) -> list[Event]:
        return self.ok("gw", "tank.report", Report(tuple(readings)))

    def levels(self, *levels: int, step_ms: int = 10_000, tank_id: str = "T1") -> list[Event]:
        """One report per level, each in its own block ``step_ms`` apart."""
        events: list[Event] = []
        for level in levels:
            self.time += step_ms
            self.height += 1
            events += self.report(self.reading(level, tank_id=tank_id))
            events += self.end_block()
            self.commit()
        return events


def _storage(storage_id: str, product: str, inventory: int) -> Any:
    from node.modules.tanks.payloads import RegisterStorage

    return RegisterStorage(storage_id, product, U64(1_000_000), U64(inventory))


def _accept(t: TankTerms) -> Any:
    from node.modules.tanks.payloads import AcceptTank

    return AcceptTank(t.tank_id, terms_hash(t))


def kinds(events: list[Event]) -> list[str]:
    return [e.kind for e in events]


def find(events: list[Event], kind: str) -> dict[str, Any]:
    matches = [e.attrs for e in events if e.kind == kind]
    assert matches, f"no {kind} event in {kinds(events)}"
    return matches[-1]
