"""A hypothesis state machine over readings, top-ups, dispatches, deliveries, deadlines and disputes.

Invariants after every step: token supply conserved, every account's escrow
equals the escrow its orders hold, storage inventory covers its reservations,
at most one open order per tank.  At the end, once disputes are resolved and
time passes every deadline and dispute window, every order is closed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from node.core.encoding import decode
from node.core.execution import Event
from node.core.types import U8, U32, U64, Amount
from node.modules.accounts import ledger
from node.modules.accounts.records import ACCOUNT_PREFIX, Account
from node.modules.accounts.transitions import Issue
from node.modules.tanks.payloads import (
    AdjustStorage,
    ConfirmDelivery,
    Dispatch,
    DisputeOrder,
    OrderRef,
    RegisterStorage,
    ResolveOrder,
)
from node.modules.tanks.readings import Fault, Report
from node.modules.tanks.records import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Order,
    OrderStatus,
    StorageTank,
    TankLive,
    live_key,
    order_key,
    storage_key,
)
from tests.node.test_tanks_world import MIN, World, addr, terms

HOUR = 60 * MIN
TANKS = ("T1", "T2")
PARTIES = {"T1": ("alice", "bob"), "T2": ("poor", "bob")}


class TanksMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        w = self.w = World()
        w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(1_000_000), U64(8000)))
        common = {"debounce": U8(2), "reorder_l": U64(3000), "max_fall_mm_per_min": U32(100)}
        w.register(terms(tank_id="T1", dispute_window_ms=U64(0), **common), storage=False)
        w.register(
            terms(tank_id="T2", owner=addr("poor"), delivery_deadline_ms=U64(6 * HOUR),
                  dispute_window_ms=U64(HOUR), **common),
            storage=False,
        )
        self.orders: list[str] = []
        self.level = {"T1": 994, "T2": 994}
        for t in TANKS:  # two readings below the warning line: each tank starts with an order
            for level in (995, 994):
                self._block(lambda t=t, lv=level: self._send("gw", "tank.report", Report((w.reading(lv, tank_id=t),))))
        assert len(self.orders) == 2

    # --- plumbing -------------------------------------------------------------------------

    def _send(self, who: str, kind: str, payload: Any) -> bool:
        """Run one transaction; a failed one must leave nothing but the sender's nonce."""
        w = self.w
        w.commit()
        out = w.send(who, kind, payload)
        if not out.ok:
            assert set(w.state.diff()) == {ACCOUNT_PREFIX + bytes(addr(who))}, out.code
        self._collect(out.events)
        return out.ok

    def _collect(self, events: list[Event]) -> None:
        for e in events:
            if e.kind == "order.created":
                self.orders.append(e.attrs["order_id"])

    def _block(self, *steps: Any, dt: int = 10_000) -> None:
        w = self.w
        w.time += dt
        w.height += 1
        for step in steps:
            step()
        w.commit()
        self._collect(w.end_block())
        w.commit()

    def _orders(self) -> list[Order]:
        out = []
        for oid in self.orders:
            o = self.w.state.get(order_key(oid), Order)
            assert o is not None
            out.append(o)
        return out

    def _has(self, statuses: set[OrderStatus]) -> bool:
        return any(o.status in statuses for o in self._orders())

    def _pick(self, data: st.DataObject, statuses: set[OrderStatus]) -> Order | None:
        candidates = [o for o in self._orders() if o.status in statuses]
        return data.draw(st.sampled_from(candidates)) if candidates else None

    # --- rules ------------------------------------------------------------------------------

    @rule(tank=st.sampled_from(TANKS), mm=st.integers(0, 200), dt=st.integers(2 * MIN, 30 * MIN))
    def drain(self, tank: str, mm: int, dt: int) -> None:
        self.level[tank] = max(0, self.level[tank] - mm)
        reading = self.w.reading(self.level[tank], tank_id=tank)
        self._block(lambda: self._send("gw", "tank.report", Report((reading,))), dt=dt)

    @rule(tank=st.sampled_from(TANKS), mm=st.integers(1, 2500))
    def fill(self, tank: str, mm: int) -> None:
        """A truck pumps for two minutes, then the level settles a millimetre lower."""
        w = self.w
        top = min(3000, self.level[tank] + mm)
        self._block(lambda: self._send("gw", "tank.report", Report((w.reading(top, tank_id=tank),))), dt=2 * MIN)
        self.level[tank] = max(0, top - 1)
        self._block(lambda: self._send("gw", "tank.report", Report((w.reading(self.level[tank], tank_id=tank),))), dt=MIN)

    @rule(tank=st.sampled_from(TANKS), kind=st.sampled_from(["ne43", "flag", "absurd", "jump"]))
    def fault(self, tank: str, kind: str) -> None:
        w = self.w
        lv = self.level[tank]
        before = self.w.state.get(live_key(tank), TankLive)
        assert before is not None
        since = w.time + MIN - int(before.level_time_ms)
        fall = 100 * since // MIN + 1  # beyond the plausible fall rate (or rise rate, or the top)
        jump = lv - fall if lv >= fall else lv + 2000 * since // MIN + 1
        r = {
            "ne43": lambda: w.reading(lv, tank_id=tank, current_ua=3000),
            "flag": lambda: w.reading(lv, tank_id=tank, fault=Fault.STUCK),
            "absurd": lambda: w.reading(3001, tank_id=tank),
            "jump": lambda: w.reading(min(jump, 2**32 - 1), tank_id=tank),
        }[kind]
        self._block(lambda: self._send("gw", "tank.report", Report((r(),))), dt=MIN)
        after = self.w.state.get(live_key(tank), TankLive)
        assert before is not None and after is not None
        assert (after.level_mm, after.readings, after.below_warning) == (before.level_mm, before.readings, before.below_warning)

    @rule(tank=st.sampled_from(TANKS), kind=st.sampled_from(["replay", "rogue", "late"]))
    def bad_reading(self, tank: str, kind: str) -> None:
        w = self.w
        live = w.state.get(live_key(tank), TankLive)
        assert live is not None
        r = {
            "replay": lambda: w.reading(self.level[tank], tank_id=tank, seq=int(live.last_seq)),
            "rogue": lambda: w.reading(self.level[tank], tank_id=tank, dev="rogue"),
            "late": lambda: w.reading(self.level[tank], tank_id=tank, at=w.time + 11 * MIN),
        }[kind]
        self._block(lambda: _refused(self._send("gw", "tank.report", Report((r(),)))), dt=1000)

    @precondition(lambda m: m._has({OrderStatus.CONFIRMED}))
    @rule(data=st.data(), share=st.integers(1, 100))
    def dispatch(self, data: st.DataObject, share: int) -> None:
        o = self._pick(data, {OrderStatus.CONFIRMED})
        if o is not None:
            q = max(1, int(o.quantity_l) * share // 100)
            self._block(lambda: _ok(self._send("bob", "order.dispatch", Dispatch(o.order_id, U64(q)))))

    @precondition(lambda m: m._has({OrderStatus.DISPATCHED}))
    @rule(data=st.data(), share=st.integers(1, 100))
    def confirm_delivery(self, data: st.DataObject, share: int) -> None:
        o = self._pick(data, {OrderStatus.DISPATCHED})
        if o is not None:
            q = max(1, int(o.dispatched_l) * share // 100)
            buyer = PARTIES[o.tank_id][0]
            self._block(lambda: _ok(self._send(buyer, "order.confirm_delivery", ConfirmDelivery(o.order_id, U64(q)))))

    @precondition(lambda m: m._has({OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK}))
    @rule(data=st.data(), amount=st.integers(1, 5_000_000))
    def top_up(self, data: st.DataObject, amount: int) -> None:
        self._block(lambda: _ok(self._send("bank", "token.issue", Issue(addr("poor"), Amount(amount)))))
        o = self._pick(data, {OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK})
        if o is not None:
            self._block(lambda: self._send(PARTIES[o.tank_id][0], "order.top_up", OrderRef(o.order_id)))

    @rule(data=st.data(), litres=st.integers(1, 6000))
    def restock(self, data: st.DataObject, litres: int) -> None:
        self._block(lambda: _ok(self._send("bob", "tank.adjust_storage", AdjustStorage("S1", U64(litres), U64(0), ""))))
        o = self._pick(data, {OrderStatus.AWAITING_STOCK, OrderStatus.AWAITING_FUNDS})
        if o is not None:
            self._block(lambda: self._send("bob", "order.confirm", OrderRef(o.order_id)))

    @precondition(lambda m: m._has(set(OPEN_STATUSES) - {OrderStatus.DISPUTED}))
    @rule(data=st.data(), who=st.sampled_from(["buyer", "supplier", "mallory"]))
    def dispute(self, data: st.DataObject, who: str) -> None:
        o = self._pick(data, set(OPEN_STATUSES) - {OrderStatus.DISPUTED})
        if o is not None:
            name = {"buyer": PARTIES[o.tank_id][0], "supplier": "bob", "mallory": "mallory"}[who]
            ok = self._send(name, "order.dispute", DisputeOrder(o.order_id, "hypothesis"))
            assert ok == (who != "mallory")
            self._block()

    @precondition(lambda m: m._has({OrderStatus.DISPUTED}))
    @rule(data=st.data(), share=st.integers(0, 100), pay=st.integers(0, 100))
    def resolve(self, data: st.DataObject, share: int, pay: int) -> None:
        o = self._pick(data, {OrderStatus.DISPUTED})
        if o is not None:
            q = int(o.quantity_l) * share // 100 if o.reserved else 0
            amount = int(o.escrow) * pay // 100
            self._block(lambda: _ok(self._send("judge", "order.resolve", ResolveOrder(o.order_id, U64(q), Amount(amount), ""))))

    @precondition(lambda m: m._has({OrderStatus.DELIVERED, OrderStatus.DISPATCHED}))
    @rule(data=st.data(), who=st.sampled_from(["buyer", "supplier"]))
    def settle(self, data: st.DataObject, who: str) -> None:
        o = self._pick(data, {OrderStatus.DELIVERED, OrderStatus.DISPATCHED})
        if o is not None:
            name = PARTIES[o.tank_id][0] if who == "buyer" else "bob"
            self._block(lambda: self._send(name, "order.settle", OrderRef(o.order_id)))

    @rule(dt=st.integers(MIN, 30 * HOUR))
    def wait(self, dt: int) -> None:
        self._block(dt=dt)

    # --- invariants ----------------------------------------------------------------------------

    def _accounts(self) -> list[Account]:
        return [decode(Account, v) for k, v in self.w.data.items() if k.startswith(ACCOUNT_PREFIX)]

    @invariant()
    def supply_conserved(self) -> None:
        sup = ledger.supply(self.w.state)
        assert sum(int(a.balance) + int(a.frozen) for a in self._accounts()) == int(sup.issued) - int(sup.redeemed)

    @invariant()
    def escrow_matches_orders(self) -> None:
        orders = self._orders()
        for a in self._accounts():
            held = sum(int(o.escrow) for o in orders if o.buyer == a.address)
            assert int(a.frozen) == held >= 0
        for o in orders:
            assert int(o.escrow) in (0, int(o.estimated_cost))
            if o.status in CLOSED_STATUSES:
                assert o.escrow == 0 and not o.reserved
                assert int(o.paid) + int(o.released) in (0, int(o.estimated_cost))
                assert int(o.paid) <= int(o.estimated_cost)

    @invariant()
    def inventory_covers_reservations(self) -> None:
        st_ = self.w.state.get(storage_key("S1"), StorageTank)
        assert st_ is not None
        reserved = sum(int(o.quantity_l) for o in self._orders() if o.reserved)
        assert int(st_.reserved_l) == reserved <= int(st_.inventory_l)

    @invariant()
    def one_open_order_per_tank(self) -> None:
        for t in TANKS:
            open_ = [o.order_id for o in self._orders() if o.tank_id == t and o.status in OPEN_STATUSES]
            assert len(open_) <= 1
            live = self.w.state.get(live_key(t), TankLive)
            assert live is not None and live.open_order == (open_[0] if open_ else "")

    def teardown(self) -> None:
        """Disputes resolved and time past every deadline and window: every order is closed."""
        for o in self._orders():
            if o.status == OrderStatus.DISPUTED:
                self._block(lambda o=o: _ok(self._send("judge", "order.resolve", ResolveOrder(o.order_id, U64(0), Amount(0), ""))))
        self._block(dt=30 * HOUR)
        self._block(dt=30 * HOUR)
        for o in self._orders():
            assert o.status in CLOSED_STATUSES, (o.order_id, OrderStatus(o.status).name)
        self.supply_conserved()
        self.escrow_matches_orders()


def _ok(ok: bool) -> None:
    assert ok


def _refused(ok: bool) -> None:
    assert not ok


TanksMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_tanks_machine = TanksMachine.TestCase
