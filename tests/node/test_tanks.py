"""The tanks module: registration by both parties, readings, automatic orders, escrow, settlement.

Every bad input is checked twice: its own error class (and code), and a state
diff holding nothing but the sender's consumed nonce (``World.refused``).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from node.core.errors import InvalidAmount
from node.core.types import U8, U32, U64, Amount, Hash32
from node.modules.accounts.errors import MissingRole
from node.modules.accounts.transitions import Issue
from node.modules.bills import ledger as bills
from node.modules.bills.records import Bill
from node.modules.tanks import errors as E
from node.modules.tanks.geometry import Shape, volume_l
from node.modules.tanks.payloads import (
    AcceptTank,
    AdjustStorage,
    ConfirmDelivery,
    Dispatch,
    DisputeOrder,
    OrderRef,
    RegisterStorage,
    ResolveOrder,
    RevokeDeviceKey,
    WithdrawTankOffer,
)
from node.modules.tanks.readings import Fault, LevelReading, Report, SignedReading
from node.modules.tanks.records import (
    Geometry,
    OrderStatus,
    TankOffer,
    live_key,
    offer_key,
    tank_key,
)
from node.modules.tanks.registration import terms_hash
from tests.node.test_tanks_world import (
    CHAIN,
    DEV,
    MIN,
    STRAPPING,
    VERTICAL,
    World,
    addr,
    device,
    find,
    kinds,
    terms,
)

OID = "T1#00000001"
HOUR = 3_600_000


def vol(level_mm: int) -> int:
    return volume_l(VERTICAL, level_mm)


@pytest.fixture
def w() -> World:
    return World()


@pytest.fixture
def reg(w: World) -> World:
    """A registered tank T1 (alice's, supplied by bob from S1), level 1005 mm, just above the warning line."""
    w.register()
    w.levels(1005)
    return w


def low(w: World, n: int = 3, level: int = 995) -> list:
    """``n`` readings below the warning line, falling slowly (within the plausible rate): 995, 994, 993."""
    return w.levels(*[level - i for i in range(n)])


# --- registration ------------------------------------------------------------------------


def test_registration_needs_both_parties(w: World) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    t = terms()
    ev = w.ok("alice", "tank.propose", t)
    assert find(ev, "tank.proposed")["terms_hash"] == terms_hash(t).hex()
    assert w.state.get(tank_key("T1"), type(w.tank)) is None  # nothing registered on one signature
    w.commit()
    ev = w.ok("bob", "tank.accept", AcceptTank("T1", terms_hash(t)))
    a = find(ev, "tank.registered")
    assert a["owner"] == str(addr("alice")) and a["supplier"] == str(addr("bob")) and a["unit_price"] == 800
    w.commit()
    assert w.tank().terms == t and w.tank().full_l == 9424 and w.tank().max_level_mm == 3000
    assert w.live().last_seq == 0 and not w.live().has_level
    assert w.state.get(offer_key("T1"), TankOffer) is None


def test_supplier_may_propose_and_owner_accept(w: World) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    t = terms()
    w.ok("bob", "tank.propose", t)
    w.ok("alice", "tank.accept", AcceptTank("T1", terms_hash(t)))
    assert w.tank().terms.owner == addr("alice")


def test_acceptance_refusals(w: World) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    t = terms()
    w.refused("alice", "tank.accept", AcceptTank("T1", terms_hash(t)), E.NoTankOffer)
    w.ok("alice", "tank.propose", t)
    w.refused("alice", "tank.accept", AcceptTank("T1", terms_hash(t)), E.OwnOfferAccepted)
    w.refused("mallory", "tank.accept", AcceptTank("T1", terms_hash(t)), E.NotTankParty)
    w.refused("bob", "tank.accept", AcceptTank("T1", Hash32(bytes(32))), E.TermsMismatch)
    w.refused("alice", "tank.propose", replace(t, unit_price=Amount(900)), E.TankOfferPending)
    w.refused("mallory", "tank.withdraw", WithdrawTankOffer("T1"), E.NotTankParty)


def test_withdraw_and_decline(w: World) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    t = terms()
    w.ok("alice", "tank.propose", t)
    assert kinds(w.ok("bob", "tank.withdraw", WithdrawTankOffer("T1"))) == ["tank.offer_withdrawn"]
    w.commit()
    w.refused("bob", "tank.accept", AcceptTank("T1", terms_hash(t)), E.NoTankOffer)


def test_proposal_by_a_third_party_refused(w: World) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    w.refused("mallory", "tank.propose", terms(), E.NotTankParty)


BAD_TERMS = [
    ({"tank_id": "bad id"}, E.InvalidTankTerms),
    ({"tank_id": "T#1"}, E.InvalidTankTerms),
    ({"tank_id": ""}, E.InvalidTankTerms),
    ({"product": " "}, E.InvalidTankTerms),
    ({"supplier": addr("alice")}, E.InvalidTankTerms),
    ({"capacity_l": U64(0)}, E.InvalidTankTerms),
    ({"capacity_l": U64(9425)}, E.InvalidTankTerms),  # above the geometry's 9,424 litres
    ({"warning_mm": U32(3001)}, E.InvalidTankTerms),
    ({"critical_mm": U32(1001)}, E.InvalidTankTerms),
    ({"critical_mm": U32(0)}, E.InvalidTankTerms),
    ({"reorder_l": U64(0)}, E.InvalidTankTerms),
    ({"reorder_l": U64(9001)}, E.InvalidTankTerms),
    ({"debounce": U8(0)}, E.InvalidTankTerms),
    ({"max_fall_mm_per_min": U32(0)}, E.InvalidTankTerms),
    ({"unit_price": Amount(0)}, InvalidAmount),
    ({"unit_price": Amount(Amount.MAX)}, E.InvalidTankTerms),  # × 5000 litres overflows
    ({"delivery_deadline_ms": U64(0)}, E.InvalidTankTerms),
    ({"delivery_deadline_ms": U64(91 * 24 * HOUR)}, E.InvalidTankTerms),
    ({"dispute_window_ms": U64(31 * 24 * HOUR)}, E.InvalidTankTerms),
    ({"device_keys": ()}, E.InvalidTankTerms),
    ({"device_keys": (device("d1"), device("d1"))}, E.InvalidTankTerms),
    ({"device_keys": (replace(device("d1"), public_key=bytes(31)),)}, E.InvalidTankTerms),
    ({"storage_id": "S9"}, E.UnknownStorage),
    ({"storage_id": "S2"}, E.StorageMismatch),  # holds petrol
    ({"geometry": Geometry(U8(Shape.VERTICAL_CYLINDER), U32(0), U32(3000), ())}, E.InvalidGeometry),
    ({"geometry": Geometry(U8(9), U32(2000), U32(3000), ())}, E.InvalidGeometry),
    ({"geometry": replace(STRAPPING, table=STRAPPING.table[::-1])}, E.InvalidGeometry),
]


@pytest.mark.parametrize(("changes", "error"), BAD_TERMS)
def test_bad_terms_refused(w: World, changes: dict, error: type) -> None:
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    w.ok("bob", "tank.register_storage", RegisterStorage("S2", "petrol", U64(100_000), U64(50_000)))
    w.refused("alice", "tank.propose", terms(**changes), error)


def test_supplier_needs_the_supplier_role(w: World) -> None:
    w.ok("mallory", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(50_000)))
    # alice as supplier: she lacks the role (the storage check never runs)
    w.refused("mallory", "tank.propose", terms(owner=addr("mallory"), supplier=addr("alice")), MissingRole)


def test_amendment_changes_terms_with_both_signatures(reg: World) -> None:
    w = reg
    new = terms(unit_price=Amount(850), device_keys=(device("d2"),))
    ev = w.ok("bob", "tank.propose", new)
    assert find(ev, "tank.proposed")["amendment"] is True
    w.commit()
    w.ok("alice", "tank.accept", AcceptTank("T1", terms_hash(new)))
    w.commit()
    assert w.tank().terms.unit_price == 850 and w.tank().registered_height == 1
    # rebinding: the old key's readings are refused, the new key's accepted
    w.time += 10_000
    w.refused("gw", "tank.report", Report((w.reading(1000, dev="d1"),)), E.ReadingUnboundKey)
    w.report(w.reading(1000, dev="d2", seq=w.live().last_seq + 1))


def test_amendment_cannot_change_parties(reg: World) -> None:
    reg.refused("alice", "tank.propose", terms(supplier=addr("mallory")), E.InvalidTankTerms)


def test_revoke_key(reg: World) -> None:
    w = reg
    w.refused("mallory", "tank.revoke_key", RevokeDeviceKey("T1", U8(1), DEV["d1"].public_key), E.NotTankParty)
    w.refused("alice", "tank.revoke_key", RevokeDeviceKey("T1", U8(1), DEV["d2"].public_key), E.UnknownDeviceKey)
    ev = w.ok("alice", "tank.revoke_key", RevokeDeviceKey("T1", U8(1), DEV["d1"].public_key))
    assert find(ev, "tank.key_revoked")["remaining"] == 0
    w.commit()
    assert w.tank().terms_hash == terms_hash(w.tank().terms)
    w.time += 10_000
    w.refused("gw", "tank.report", Report((w.reading(1000),)), E.ReadingUnboundKey)


# --- storage -----------------------------------------------------------------------------


def test_storage_registration_and_adjustment(w: World) -> None:
    w.refused("alice", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100), U64(0)), MissingRole)
    w.refused("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100), U64(101)), E.StorageOverfull)
    w.refused("bob", "tank.register_storage", RegisterStorage("S 1", "diesel", U64(100), U64(1)), E.InvalidTankTerms)
    w.ok("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100_000), U64(10_000)))
    w.commit()
    w.refused("bob", "tank.register_storage", RegisterStorage("S1", "diesel", U64(100), U64(1)), E.DuplicateStorage)
    w.refused("mallory", "tank.adjust_storage", AdjustStorage("S1", U64(1), U64(0), ""), E.NotStorageOwner)
    w.refused("bob", "tank.adjust_storage", AdjustStorage("S9", U64(1), U64(0), ""), E.UnknownStorage)
    w.refused("bob", "tank.adjust_storage", AdjustStorage("S1", U64(0), U64(0), ""), E.InvalidQuantity)
    w.refused("bob", "tank.adjust_storage", AdjustStorage("S1", U64(0), U64(10_001), ""), E.InsufficientInventory)
    w.refused("bob", "tank.adjust_storage", AdjustStorage("S1", U64(90_001), U64(0), ""), E.StorageOverfull)
    ev = w.ok("bob", "tank.adjust_storage", AdjustStorage("S1", U64(500), U64(200), "truck 7"))
    assert find(ev, "storage.adjusted")["inventory_l"] == 10_300


def test_inventory_never_below_reservations(reg: World) -> None:
    w = reg
    low(w)
    assert w.storage().reserved_l == 5000
    w.refused("bob", "tank.adjust_storage", AdjustStorage("S1", U64(0), U64(45_001), ""), E.InsufficientInventory)
    w.ok("bob", "tank.adjust_storage", AdjustStorage("S1", U64(0), U64(45_000), ""))


# --- readings ------------------------------------------------------------------------------


def test_reading_accepted(reg: World) -> None:
    w = reg
    w.time += 10_000
    ev = w.report(w.reading(999))
    a = find(ev, "reading.accepted")
    assert a == {"tank_id": "T1", "seq": 2, "time_ms": w.time, "level_mm": 999, "volume_l": 3138, "below_warning": 1}
    w.commit()
    live = w.live()
    assert (live.last_seq, live.level_mm, live.volume_l, live.readings) == (2, 999, 3138, 2)


def test_p256_device_key(w: World) -> None:
    w.register(terms(device_keys=(device("p256"),)))
    w.report(w.reading(2000, dev="p256"))


def test_report_needs_the_gateway_role(reg: World) -> None:
    reg.refused("alice", "tank.report", Report((reg.reading(1000),)), MissingRole)


def test_empty_report(reg: World) -> None:
    reg.refused("gw", "tank.report", Report(()), E.EmptyReport)


def test_reading_for_unknown_tank(reg: World) -> None:
    reg.refused("gw", "tank.report", Report((reg.reading(1000, tank_id="T9"),)), E.UnknownTank)


def test_reading_by_unbound_key(reg: World) -> None:
    reg.refused("gw", "tank.report", Report((reg.reading(1000, dev="rogue"),)), E.ReadingUnboundKey)


def test_reading_with_bad_signature(reg: World) -> None:
    w = reg
    other_chain = w.reading(1000, chain="depot-other")
    w.refused("gw", "tank.report", Report((other_chain,)), E.ReadingBadSignature)
    good = w.reading(1000)
    tampered = SignedReading(replace(good.reading, level_mm=U32(10)), good.scheme, good.public_key, good.signature)
    w.refused("gw", "tank.report", Report((tampered,)), E.ReadingBadSignature)


def test_replayed_and_lower_sequence(reg: World) -> None:
    w = reg
    w.time += 10_000
    first = w.reading(1000)
    w.report(first)
    w.commit()
    w.time += 10_000
    w.refused("gw", "tank.report", Report((first,)), E.ReadingReplayed)  # the same signed reading again
    w.refused("gw", "tank.report", Report((w.reading(1980, seq=1),)), E.ReadingReplayed)  # lower
    err = w.refused("gw", "tank.report", Report((w.reading(1980, seq=2),)), E.ReadingReplayed)  # equal
    assert err.data["last_seq"] == 2 and err.data["index"] == 0


def test_timestamp_outside_window(reg: World) -> None:
    from node.modules.tanks.records import DEFAULT_PARAMS

    w = reg
    age = int(DEFAULT_PARAMS.reading_max_age_ms)
    w.time += age + HOUR
    # Older than the maximum age (a gateway's buffer may hold readings that long), or ahead of block time.
    w.refused("gw", "tank.report", Report((w.reading(1000, at=w.time - age - 1),)), E.ReadingTimeOutsideWindow)
    w.refused("gw", "tank.report", Report((w.reading(1000, at=w.time + 10 * MIN + 1, seq=9),)), E.ReadingTimeOutsideWindow)
    w.report(w.reading(1000, at=w.time - age, seq=10))  # the window's edges are inside
    w.report(w.reading(1000, at=w.time + 10 * MIN, seq=11))


def test_reading_measured_before_the_last(reg: World) -> None:
    w = reg
    w.time += 60_000
    w.report(w.reading(1000))
    w.commit()
    w.refused("gw", "tank.report", Report((w.reading(1000, at=w.time - 1),)), E.ReadingOutOfOrder)


def test_one_bad_reading_fails_the_whole_report(reg: World) -> None:
    w = reg
    w.time += 10_000
    good = w.reading(1000)
    bad = w.reading(1980, dev="rogue")
    err = w.refused("gw", "tank.report", Report((good, bad)), E.ReadingUnboundKey)
    assert err.data["index"] == 1
    assert w.live().last_seq == 1  # the good reading was not kept either


FAULTS = [
    ({"current_ua": 3_799}, "ne43_low"),
    ({"current_ua": 20_501}, "ne43_high"),
    ({"fault": Fault.NE43_LOW}, "ne43_low"),
    ({"fault": Fault.STUCK}, "sensor_stuck"),
    ({"fault": Fault.OTHER}, "sensor_fault"),
    ({"fault": 200}, "sensor_fault"),
    ({"level": 3001}, "level_out_of_range"),  # an absurd level: above the top of the tank
    ({"level": 905}, "implausible_jump"),  # 100 mm down in 10 s; at most 100 mm/min is plausible
    ({"level": 1405}, "implausible_jump"),  # 400 mm up in 10 s; at most 2000 mm/min
]


@pytest.mark.parametrize(("kw", "code"), FAULTS)
def test_faults_recorded_never_as_levels(reg: World, kw: dict, code: str) -> None:
    w = reg
    before = w.live()
    w.time += 10_000
    level = kw.pop("level", 1000)
    ev = w.report(w.reading(level, **kw))
    assert kinds(ev) == ["reading.fault"]
    assert find(ev, "reading.fault")["code"] == code
    w.commit()
    live = w.live()
    assert (live.level_mm, live.volume_l, live.level_time_ms, live.readings) == (
        before.level_mm, before.volume_l, before.level_time_ms, before.readings
    )
    assert (live.last_seq, live.faults, live.last_fault) == (2, 1, code)
    # the faulted sequence number is consumed: it cannot be replayed as a level
    w.time += 10_000
    w.refused("gw", "tank.report", Report((w.reading(1000, seq=2),)), E.ReadingReplayed)


def test_fault_codes_are_error_classes() -> None:
    codes = {c.code for c in (E.Ne43Low, E.Ne43High, E.SensorStuck, E.ReadingFault, E.LevelOutOfRange, E.ImplausibleJump)}
    assert codes == {"ne43_low", "ne43_high", "sensor_stuck", "sensor_fault", "level_out_of_range", "implausible_jump"}


def test_current_zero_means_a_digital_sensor(reg: World) -> None:
    reg.time += 10_000
    assert kinds(reg.report(reg.reading(1000, current_ua=0))) == ["reading.accepted"]


def test_slow_change_over_a_long_gap_is_plausible(reg: World) -> None:
    w = reg
    w.time += 5 * MIN
    assert kinds(w.report(w.reading(505))) == ["reading.accepted"]  # 500 mm in 5 min = 100 mm/min


# --- automatic orders ------------------------------------------------------------------------


def test_debounced_low_readings_create_one_confirmed_order(reg: World) -> None:
    w = reg
    ev = w.levels(995, 994)
    assert "order.created" not in kinds(ev)
    ev = w.levels(993)
    assert kinds(ev) == ["reading.accepted", "order.created", "order.confirmed"]
    created = find(ev, "order.created")
    assert created["order_id"] == OID and created["tank_id"] == "T1"
    assert created["buyer"] == str(addr("alice")) and created["supplier"] == str(addr("bob"))
    assert created["quantity_l"] == 5000 and created["estimated_cost"] == 4_000_000 and not created["urgent"]
    o = w.order()
    assert o.status == OrderStatus.CONFIRMED and o.escrow == 4_000_000 and o.reserved
    assert w.frozen("alice") == 4_000_000 and w.balance("alice") == 6_000_000
    assert w.storage().reserved_l == 5000 and w.storage().inventory_l == 50_000
    assert w.live().open_order == OID
    # at most one open automatic order: more low readings create nothing
    ev = w.levels(992, 991, 990, 989)
    assert "order.created" not in kinds(ev)


def test_a_reading_above_the_warning_line_resets_the_debounce(reg: World) -> None:
    w = reg
    w.levels(999, 998, 1001, 999, 998)
    assert w.live().below_warning == 2 and not w.live().open_order


def test_faults_do_not_count_towards_the_debounce(reg: World) -> None:
    w = reg
    w.levels(999, 998)
    w.time += 10_000
    w.report(w.reading(100, current_ua=3_000))  # a broken wire reads as an empty tank
    w.commit()
    assert w.live().below_warning == 2 and not w.live().open_order


def test_critical_line_marks_the_order_urgent(reg: World) -> None:
    w = reg
    w.register(terms(tank_id="T2", debounce=U8(1)), storage=False)
    w.levels(2000, tank_id="T2")
    w.levels(450, step_ms=20 * MIN, tank_id="T2")
    assert w.order("T2#00000001").urgent


def test_order_becomes_urgent_when_the_level_crosses_the_critical_line(reg: World) -> None:
    w = reg
    low(w)
    assert not w.order().urgent
    ev = w.levels(499, step_ms=5 * MIN)
    assert find(ev, "order.urgent")["order_id"] == OID
    assert w.order().urgent and w.live().open_urgent
    assert "order.urgent" not in kinds(w.levels(498))


def test_no_funds_the_order_waits_and_top_up_resumes(w: World) -> None:
    w.register(terms(owner=addr("poor")))
    w.levels(1005)
    ev = low(w)
    assert "order.awaiting_funds" in kinds(ev) and "order.confirmed" not in kinds(ev)
    a = find(ev, "order.awaiting_funds")
    assert a["buyer"] == str(addr("poor")) and a["supplier"] == str(addr("bob"))
    assert a["needed"] == 4_000_000 and a["available"] == 100
    o = w.order()
    assert o.status == OrderStatus.AWAITING_FUNDS and o.escrow == 0 and o.reserved
    w.refused("poor", "order.top_up", OrderRef(OID), type(_insufficient()))
    w.refused("bob", "order.top_up", OrderRef(OID), E.NotBuyer)
    w.refused("mallory", "order.top_up", OrderRef(OID), E.NotOrderParty)
    w.refused("bob", "order.dispatch", Dispatch(OID, U64(5000)), E.OrderNotConfirmed)
    w.ok("bank", "token.issue", Issue(addr("poor"), Amount(4_000_000)))
    w.commit()
    ev = w.ok("poor", "order.top_up", OrderRef(OID))
    assert kinds(ev) == ["order.confirmed"]
    w.commit()
    assert w.order().status == OrderStatus.CONFIRMED and w.frozen("poor") == 4_000_000
    w.refused("poor", "order.top_up", OrderRef(OID), E.OrderNotWaiting)


def _insufficient() -> Exception:
    from node.modules.accounts.errors import InsufficientFunds

    return InsufficientFunds("")


def test_no_stock_the_order_waits_and_the_supplier_confirms(w: World) -> None:
    w.register(inventory=1000)
    w.levels(1005)
    ev = low(w)
    a = find(ev, "order.awaiting_stock")
    assert a["available_l"] == 1000 and a["needed_l"] == 5000
    o = w.order()
    assert o.status == OrderStatus.AWAITING_STOCK and o.escrow == 4_000_000 and not o.reserved
    w.refused("bob", "order.confirm", OrderRef(OID), E.InsufficientInventory)
    w.refused("alice", "order.confirm", OrderRef(OID), E.NotSupplier)
    w.ok("bob", "tank.adjust_storage", AdjustStorage("S1", U64(10_000), U64(0), "tanker arrived"))
    w.commit()
    assert kinds(w.ok("bob", "order.confirm", OrderRef(OID))) == ["order.confirmed"]
    w.commit()
    assert w.order().status == OrderStatus.CONFIRMED and w.storage().reserved_l == 5000


# --- dispatch, delivery, settlement -------------------------------------------------------------


def confirmed(w: World) -> World:
    low(w)
    assert w.order().status == OrderStatus.CONFIRMED
    return w


def test_dispatch(reg: World) -> None:
    w = confirmed(reg)
    w.refused("alice", "order.dispatch", Dispatch(OID, U64(5000)), E.NotSupplier)
    w.refused("mallory", "order.dispatch", Dispatch(OID, U64(5000)), E.NotOrderParty)
    w.refused("bob", "order.dispatch", Dispatch("T1#00000009", U64(5000)), E.UnknownOrder)
    w.refused("bob", "order.dispatch", Dispatch(OID, U64(0)), E.InvalidQuantity)
    w.refused("bob", "order.dispatch", Dispatch(OID, U64(5001)), E.InvalidQuantity)
    ev = w.ok("bob", "order.dispatch", Dispatch(OID, U64(4800)))
    d = find(ev, "order.dispatched")
    assert (d["order_id"], d["tank_id"], d["quantity_l"]) == (OID, "T1", 4800)  # what the tank simulator reads
    w.commit()
    assert w.order().status == OrderStatus.DISPATCHED and w.live().fill_watch
    w.refused("bob", "order.dispatch", Dispatch(OID, U64(4800)), E.OrderNotConfirmed)


def test_settlement_before_delivery_refused(reg: World) -> None:
    w = confirmed(reg)
    w.refused("bob", "order.settle", OrderRef(OID), E.OrderNotDelivered)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(5000)))
    w.commit()
    w.refused("bob", "order.settle", OrderRef(OID), E.OrderNotDelivered)
    w.refused("alice", "order.settle", OrderRef(OID), E.OrderNotDelivered)
    w.refused("mallory", "order.settle", OrderRef(OID), E.NotOrderParty)


def test_fill_seen_in_readings_settles(reg: World) -> None:
    w = confirmed(reg)
    supplier_before = w.balance("bob")
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(4000)))
    w.commit()
    # consumption continues (a new low is the fill's base), then the truck pumps for two minutes
    ev = w.levels(994, 992, step_ms=MIN)
    assert "order.delivered" not in kinds(ev)
    assert w.live().fill_base_l == vol(992)
    ev = w.levels(1500, step_ms=MIN)
    assert "order.delivered" not in kinds(ev)  # still rising
    ev = w.levels(2094, step_ms=MIN)
    assert "order.delivered" not in kinds(ev)  # still rising, and less than dispatched
    ev = w.levels(2093, step_ms=MIN)  # a pause (pump stopped, or noise): not complete yet
    assert "order.delivered" not in kinds(ev)
    ev = w.levels(2094, step_ms=MIN)  # still no higher than the peak, two minutes after it: complete
    delivered = find(ev, "order.delivered")
    assert delivered["evidence"] == "fill"
    rise = vol(2094) - vol(992)
    assert delivered["quantity_l"] == rise == 3462
    settled = find(ev, "order.settled")
    amount = rise * 800
    assert settled["amount"] == amount and settled["released"] == 4_000_000 - amount
    assert settled["buyer"] == str(addr("alice")) and settled["supplier"] == str(addr("bob"))
    assert w.balance("bob") == supplier_before + amount
    assert w.frozen("alice") == 0 and w.balance("alice") == 10_000_000 - amount
    o = w.order()
    assert o.status == OrderStatus.SETTLED and o.delivered_l == rise and o.paid == amount and o.bill_no == 1
    assert w.storage().inventory_l == 50_000 - rise and w.storage().reserved_l == 0
    assert not w.live().open_order and not w.live().fill_watch
    bill = w.state.get(b"bill/item/" + (1).to_bytes(8, "big"), Bill)
    assert bill is not None and bill.reference == OID and bill.amount == amount and bill.quantity == rise
    assert find(ev, "bill.issued")["bill_no"] == 1
    for party, other in (("alice", "bob"), ("bob", "alice")):
        assert bills.statement_bills(w.state, addr(party), addr(other), "2026-01") == [1]


def test_full_fill_settles_at_once_capped_at_the_dispatched_quantity(reg: World) -> None:
    w = confirmed(reg)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(3000)))
    w.commit()
    ev = w.levels(2500, step_ms=2 * MIN)  # 993 -> 2500 mm: 4734 litres seen, 3000 dispatched
    assert find(ev, "order.settled")["quantity_l"] == 3000
    assert w.order().paid == 3000 * 800


def test_readings_measured_before_dispatch_do_not_count(reg: World) -> None:
    w = confirmed(reg)
    w.time += 30_000
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(3000)))
    w.commit()
    w.time += 10_000
    ev = w.report(w.reading(990, at=w.time - 20_000))
    assert "order.delivered" not in kinds(ev)
    assert w.live().fill_base_l == vol(993)  # unchanged: the volume at dispatch


def test_buyer_confirms_delivery(reg: World) -> None:
    w = confirmed(reg)
    w.refused("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(100)), E.OrderNotDispatched)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(4000)))
    w.commit()
    w.refused("mallory", "order.confirm_delivery", ConfirmDelivery(OID, U64(4000)), E.NotBuyer)  # a third party
    w.refused("bob", "order.confirm_delivery", ConfirmDelivery(OID, U64(4000)), E.NotBuyer)  # the supplier
    w.refused("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(4001)), E.InvalidQuantity)
    w.refused("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(0)), E.InvalidQuantity)
    ev = w.ok("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(3900)))
    assert kinds(ev) == ["order.delivered", "bill.issued", "order.settled"]
    assert find(ev, "order.delivered")["evidence"] == "buyer"
    w.commit()
    assert w.order().paid == 3900 * 800 and w.frozen("alice") == 0
    w.refused("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(1)), E.OrderClosed)
    w.refused("alice", "order.dispute", DisputeOrder(OID, "late"), E.OrderClosed)


def test_dispute_window_then_automatic_settlement(w: World) -> None:
    w.register(terms(dispute_window_ms=U64(HOUR)))
    w.levels(1005)
    confirmed(w)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(3000)))
    w.commit()
    ev = w.levels(2500, step_ms=2 * MIN)
    assert "order.delivered" in kinds(ev) and "order.settled" not in kinds(ev)
    assert w.order().status == OrderStatus.DELIVERED
    w.refused("bob", "order.settle", OrderRef(OID), E.DisputeWindowOpen)
    w.refused("alice", "order.confirm_delivery", ConfirmDelivery(OID, U64(3000)), E.OrderAlreadyDelivered)
    assert "order.settled" not in kinds(w.advance(HOUR - 1))
    w.commit()
    ev = w.advance(1)
    s = find(ev, "order.settled")
    assert s["automatic"] is True and s["amount"] == 3000 * 800
    w.commit()
    assert w.order().status == OrderStatus.SETTLED


def test_buyer_may_settle_within_the_window(w: World) -> None:
    w.register(terms(dispute_window_ms=U64(HOUR)))
    w.levels(1005)
    confirmed(w)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(3000)))
    w.commit()
    w.levels(2500, step_ms=2 * MIN)
    assert "order.settled" in kinds(w.ok("alice", "order.settle", OrderRef(OID)))
    w.commit()
    assert w.advance(HOUR) == []  # the stale due entry does nothing


def test_deadline_cancels_and_refunds(reg: World) -> None:
    w = confirmed(reg)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(3000)))
    w.commit()
    o = w.order()
    assert w.advance(o.deadline_ms - w.time - 1) == []
    w.commit()
    ev = w.advance(1)
    c = find(ev, "order.cancelled")
    assert c == {"order_id": OID, "tank_id": "T1", "buyer": str(addr("alice")), "supplier": str(addr("bob")),
                 "reason": "deadline", "refunded": 4_000_000}
    w.commit()
    assert w.order().status == OrderStatus.CANCELLED and w.frozen("alice") == 0
    assert w.balance("alice") == 10_000_000 and w.storage().reserved_l == 0 and w.storage().inventory_l == 50_000
    assert not w.live().open_order and not w.live().fill_watch
    w.refused("bob", "order.dispatch", Dispatch(OID, U64(3000)), E.OrderClosed)
    # still low: the next reading orders again
    ev = w.levels(992, step_ms=MIN)
    assert find(ev, "order.created")["order_id"] == "T1#00000002"


def test_awaiting_funds_order_cancelled_at_the_deadline(w: World) -> None:
    w.register(terms(owner=addr("poor"), delivery_deadline_ms=U64(HOUR)))
    w.levels(1005)
    low(w)
    ev = w.advance(HOUR)
    assert find(ev, "order.cancelled")["refunded"] == 0
    w.commit()
    assert w.storage().reserved_l == 0


def test_dispute_and_resolution(reg: World) -> None:
    w = confirmed(reg)
    w.ok("bob", "order.dispatch", Dispatch(OID, U64(5000)))
    w.commit()
    w.refused("mallory", "order.dispute", DisputeOrder(OID, "?"), E.NotOrderParty)
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(0), Amount(0), ""), E.OrderNotDisputed)
    ev = w.ok("alice", "order.dispute", DisputeOrder(OID, "short delivery"))
    d = find(ev, "order.disputed")
    assert d["by"] == str(addr("alice")) and d["prior_status"] == "dispatched"
    w.commit()
    w.refused("bob", "order.dispute", DisputeOrder(OID, "again"), E.OrderDisputed)
    w.refused("bob", "order.settle", OrderRef(OID), E.OrderDisputed)
    # neither the deadline nor a fill moves a disputed order
    assert "order.cancelled" not in kinds(w.advance(25 * HOUR))
    w.commit()
    ev = w.levels(2500, step_ms=20 * MIN)
    assert "order.delivered" not in kinds(ev)
    assert "order.created" not in kinds(w.levels(2499))  # still the tank's open order
    w.refused("alice", "order.resolve", ResolveOrder(OID, U64(0), Amount(0), ""), MissingRole)
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(5001), Amount(0), ""), E.InvalidQuantity)
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(4000), Amount(4_000_001), ""), E.InvalidResolution)
    ev = w.ok("judge", "order.resolve", ResolveOrder(OID, U64(4000), Amount(3_000_000), "4000 L, late: 25% off"))
    r = find(ev, "order.resolved")
    assert r["amount"] == 3_000_000 and r["released"] == 1_000_000 and r["bill_no"] == 1
    w.commit()
    assert w.order().status == OrderStatus.RESOLVED and w.frozen("alice") == 0
    assert w.balance("alice") == 7_000_000 and w.balance("bob") == 3_000_000
    assert w.storage().inventory_l == 46_000 and w.storage().reserved_l == 0
    assert not w.live().open_order
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(0), Amount(0), ""), E.OrderClosed)


def test_arbiter_cannot_resolve_its_own_order(w: World) -> None:
    from node.modules.accounts.transitions import Transfer

    # the arbiter owns a tank itself: it may dispute its own order, not resolve it
    w.ok("alice", "token.transfer", Transfer(addr("judge"), Amount(5_000_000), ""))
    w.commit()
    w.register(terms(owner=addr("judge")))
    w.levels(1005)
    confirmed(w)
    w.ok("judge", "order.dispute", DisputeOrder(OID, "mine"))
    w.commit()
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(0), Amount(0), ""), E.ArbiterIsParty)


def test_resolution_of_an_unfunded_order_pays_nothing(w: World) -> None:
    w.register(terms(owner=addr("poor")))
    w.levels(1005)
    low(w)
    w.ok("bob", "order.dispute", DisputeOrder(OID, "no funds for weeks"))
    w.commit()
    w.refused("judge", "order.resolve", ResolveOrder(OID, U64(0), Amount(1), ""), E.InvalidResolution)
    ev = w.ok("judge", "order.resolve", ResolveOrder(OID, U64(0), Amount(0), "cancelled"))
    assert find(ev, "order.resolved")["bill_no"] == 0 and "bill.issued" not in kinds(ev)


def test_strapping_table_tank(w: World) -> None:
    w.register(terms(tank_id="ST", geometry=STRAPPING, capacity_l=U64(6000), warning_mm=U32(500),
                     critical_mm=U32(100), reorder_l=U64(3000)))
    ev = w.levels(1500, tank_id="ST")
    assert find(ev, "reading.accepted")["volume_l"] == 4000


def test_live_record_is_the_only_write_of_a_plain_reading(reg: World) -> None:
    w = reg
    w.time += 10_000
    w.report(w.reading(1000))
    written = {k for k in w.state.diff() if not k.startswith(b"acct/")}
    assert written == {live_key("T1")}


def test_reading_format_is_the_shared_one() -> None:
    # tank.report's payload is readings.Report, unchanged (the gateway signs exactly this)
    from node.modules import default_registry

    assert default_registry().kind("tank.report").payload_type is Report
    assert [f for f in LevelReading.__dataclass_fields__] == ["tank_id", "seq", "time_ms", "level_mm", "current_ua", "fault"]
    assert CHAIN


# --- parameters, genesis, end of block --------------------------------------------------------


def test_params_from_genesis() -> None:
    from node.core.encoding import encode
    from node.core.genesis import GenesisSection, InvalidGenesis, genesis_state
    from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
    from node.modules import default_registry
    from node.modules.tanks.params import get_params
    from node.modules.tanks.records import DEFAULT_PARAMS, TanksGenesis
    from tests.node.test_tanks_world import K

    reg = default_registry()
    g = build_genesis(CHAIN, 0, [ValidatorSpec(1, K["validator"].public_key, 10, K["op"].public_key)],
                      [AccountSpec("op", "core-corp", (), 1, K["op"].public_key, 0)])
    params = replace(DEFAULT_PARAMS, reading_window_ms=U64(30_000))
    ok = replace(g, sections=g.sections + (GenesisSection("tanks", encode(TanksGenesis(params))),))
    assert get_params(genesis_state(reg, ok)) == params
    bad = replace(params, fill_min_percent=U8(0))
    with pytest.raises(InvalidGenesis):
        genesis_state(reg, replace(g, sections=g.sections + (GenesisSection("tanks", encode(TanksGenesis(bad))),)))


def test_params_by_governance(reg: World) -> None:
    from node.core.encoding import encode
    from node.modules.governance.transitions import Propose
    from node.modules.tanks.records import DEFAULT_PARAMS

    w = reg
    params = replace(DEFAULT_PARAMS, reading_window_ms=U64(MIN))
    ev = w.ok("op", "gov.propose", Propose("shorter window", "tank.set_params", encode(params), w.time + HOUR))
    assert "tank.params_changed" in kinds(ev) and "gov.passed" in kinds(ev)
    w.commit()
    w.time += 10 * MIN
    w.refused("gw", "tank.report", Report((w.reading(1000, at=w.time + 2 * MIN),)), E.ReadingTimeOutsideWindow)


def test_end_of_block_writes_nothing_when_nothing_is_due(reg: World) -> None:
    w = reg
    w.advance(HOUR)
    assert w.state.diff() == {}
    low(w)  # an order is due at its deadline now
    w.advance(MIN)
    assert set(w.state.diff()) <= {b"order/due_cursor"}


def test_catch_up_after_a_long_halt_is_bounded(reg: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from node.modules.tanks import orders

    w = confirmed(reg)
    monkeypatch.setattr(orders, "MAX_BUCKETS_PER_BLOCK", 1000)  # 10,000 s of buckets per block
    w.advance(30 * HOUR)  # the 24 h deadline lies beyond the first 10,000 s
    w.commit()
    assert w.order().status == OrderStatus.CONFIRMED
    blocks = 0
    while w.order().status == OrderStatus.CONFIRMED:
        w.advance(1)
        w.commit()
        blocks += 1
    assert w.order().status == OrderStatus.CANCELLED and blocks == 8
    w.advance(1)
    assert w.state.diff() == {}  # the due index is empty again: the cursor is gone
