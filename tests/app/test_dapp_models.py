"""The DApp's models without a node: Qt model rules, paging, batched live updates, the trend, the timeline, the role rules."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402

from app.models.bills_model import BillsModel, StatementsModel, bill_cells  # noqa: E402
from app.models.dapp_common import Identity, format_duration_ms, format_time_to_line  # noqa: E402
from app.models.orders_model import (  # noqa: E402
    Action,
    ActionItemsModel,
    OrdersFilterModel,
    OrdersModel,
    StepState,
    available_actions,
    needs_action,
    timeline,
)
from app.models.tanks_model import (  # noqa: E402
    TREND_POINTS,
    TankRow,
    TanksFilterModel,
    TanksModel,
    estimate_ms_to_line,
    events_backwards,
    events_forward,
    falling_segment,
    row_from_records,
    thin,
)
from node.core.address import format_address  # noqa: E402
from node.modules.tanks.records import LIVE_PREFIX, ORDER_PREFIX, TANK_PREFIX  # noqa: E402
from tests.app.test_dapp_kit import FakeNode  # noqa: E402

BUYER = format_address(bytes([1] * 20))
SUPPLIER = format_address(bytes([2] * 20))
ARBITER = format_address(bytes([3] * 20))
OTHER = format_address(bytes([4] * 20))


def tank_record(tank_id: str, owner: str = BUYER, supplier: str = SUPPLIER, warning: int = 1500) -> dict[str, Any]:
    return {
        "terms": {"tank_id": tank_id, "owner": owner, "supplier": supplier, "storage_id": "s1", "product": "diesel",
                  "capacity_l": 19000, "warning_mm": warning, "critical_mm": 800, "reorder_l": 6000,
                  "unit_price": 120, "delivery_deadline_ms": 3_600_000, "dispute_window_ms": 0},
        "max_level_mm": 3000, "full_l": 19000,
    }


def live_record(tank_id: str, level: int | None = 2500, t: int = 1_000_000, open_order: str = "") -> dict[str, Any]:
    return {"tank_id": tank_id, "has_level": level is not None, "level_mm": level or 0, "volume_l": (level or 0) * 6,
            "level_time_ms": t, "below_warning": 0, "readings": 5, "faults": 0, "last_fault": "", "orders": 0,
            "open_order": open_order}


def order(status: int, order_id: str = "t1#00000001", **kw: Any) -> dict[str, Any]:
    o = {"order_id": order_id, "tank_id": order_id.split("#")[0], "buyer": BUYER, "supplier": SUPPLIER,
         "storage_id": "s1", "product": "diesel", "status": status, "urgent": False, "quantity_l": 6000,
         "unit_price": 120, "estimated_cost": 720_000, "escrow": 720_000 if status in (3, 4, 5, 8) else 0,
         "reserved": True, "created_ms": 1_000, "created_height": 1, "deadline_ms": 3_601_000, "trigger_seq": 1,
         "trigger_level_mm": 1400, "dispatched_l": 0, "dispatched_ms": 0, "delivered_l": 0, "delivered_ms": 0,
         "evidence": 0, "settle_after_ms": 0, "paid": 0, "released": 0, "closed_ms": 0, "close_reason": "",
         "disputed_by": None, "dispute_reason": "", "disputed_status": 0, "arbiter": None, "resolution_note": "",
         "bill_no": 0}
    o.update(kw)
    return o


def bill(no: int, payer: str = BUYER, payee: str = SUPPLIER) -> dict[str, Any]:
    return {"bill_no": no, "kind": "tank_order", "reference": f"t1#{no:08d}", "payer": payer, "payee": payee,
            "item": "diesel", "site": "t1", "quantity": 5000, "unit": "L", "unit_price": 120, "amount": 600_000,
            "time_ms": 1_795_000_000_000, "height": 10, "month": "2026-11"}


def statement(party: str, cp: str, month: str, nos: list[int]) -> dict[str, Any]:
    return {"party": party, "counterparty": cp, "month": month, "count": len(nos), "paid": 600_000 * len(nos),
            "received": 0, "total": 600_000 * len(nos), "bill_nos": nos, "pages": 0}


# --- the trend --------------------------------------------------------------------------------


def test_time_to_the_warning_line_from_a_falling_trend() -> None:
    # 10 mm per minute, from 2000 mm: 500 mm above a line at 1500 mm is 50 minutes away.
    points = [(i * 60_000, 2000 + 100 - 10 * i) for i in range(11)]
    eta = estimate_ms_to_line(points, 1500)
    assert eta is not None and abs(eta - 50 * 60_000) < 1000


def test_the_trend_starts_after_the_last_fill_and_ignores_noise() -> None:
    before = [(i * 1000, 1600 - i * 10) for i in range(10)]
    fill = [(10_000 + i * 1000, 2800 - i * 5 + (2 if i % 2 else -2)) for i in range(10)]
    seg = falling_segment(before + fill, tolerance_mm=5)
    assert seg[0][0] == 10_000 and len(seg) == 10
    eta = estimate_ms_to_line(before + fill, 1500)
    assert eta is not None and eta > 200_000  # falls ~5 mm/s from ~2755 mm: ~250 s


def test_no_estimate_without_a_fall_or_with_too_few_readings() -> None:
    assert estimate_ms_to_line([(0, 2000), (1000, 2001), (2000, 2003)], 1500) is None
    assert estimate_ms_to_line([(0, 2000), (1000, 1990)], 1500) is None
    assert estimate_ms_to_line([(0, 1400)], 1500) == 0
    assert format_time_to_line(None) == "not falling"
    assert format_time_to_line(0) == "below the line"
    assert format_time_to_line(3 * 86_400_000 + 43_200_000) == "in 3.5 days"
    assert format_duration_ms(45_000) == "45 s"


def test_history_is_thinned_to_a_bound_keeping_the_newest() -> None:
    points = [(i, i) for i in range(20_000)]
    out = thin(points, 4000)
    assert len(out) <= 4000 and out[-1] == points[-1] and out == sorted(out)
    assert out[-1000:] == points[-1000:]


# --- events paging ------------------------------------------------------------------------------


def test_events_forward_continues_a_full_page_inside_a_block(run_async) -> None:
    node = FakeNode()
    # 13 per block, pages of 10: pages end inside blocks, and a block holds more than a page.
    node.events_list = [{"height": h, "kind": "reading.accepted", "attrs": {"i": h * 100 + j}}
                        for h in range(1, 6) for j in range(13)]

    async def collect() -> list[int]:
        out = []
        async for page in events_forward(node, "reading.accepted", 1, 5, page=10):
            out += [e["attrs"]["i"] for e in page]
        return out

    got = run_async(collect())
    assert got == [e["attrs"]["i"] for e in node.events_list]


def test_events_backwards_walks_from_the_tip_and_stops_at_the_limit(run_async) -> None:
    node = FakeNode()
    node.events_list = [{"height": h, "kind": "k", "attrs": {"h": h}} for h in range(0, 3000)]

    async def collect(limit: int) -> list[list[int]]:
        chunks = []
        async for _lo, events in events_backwards(node, "k", 2999, chunk_blocks=100, max_events=limit):
            chunks.append([e["attrs"]["h"] for e in events])
        return chunks

    chunks = run_async(collect(100_000))
    assert chunks[0][-1] == 2999 and chunks[-1][0] == 0
    assert sorted(h for c in chunks for h in c) == list(range(3000))
    limited = run_async(collect(250))
    assert sum(len(c) for c in limited) <= 250


# --- tanks ------------------------------------------------------------------------------------


def test_tanks_model_passes_the_model_tester_and_pages(qtmodeltester, run_async, english_locale) -> None:
    node = FakeNode()
    for i in range(7):
        tid = f"t{i}"
        node.put(TANK_PREFIX + tid.encode(), tank_record(tid))
        node.put(LIVE_PREFIX + tid.encode(), live_record(tid, 2500 - 200 * i))
    model = TanksModel(node, page_size=3)
    model.reload()
    run_async(_until(lambda: model.rowCount() == 3 and not model.loading))
    assert model.canFetchMore()
    model.fetchMore()
    run_async(_until(lambda: model.rowCount() == 6 and not model.loading))
    qtmodeltester.check(model)  # (the tester itself may fetch more)
    run_async(model.fetch_all())
    assert [r.tank_id for r in model.rows] == [f"t{i}" for i in range(7)]
    assert not model.canFetchMore()
    qtmodeltester.check(model)
    assert model.row_of("t5").state == "ok"  # type: ignore[union-attr]  # 1500 mm: on the line, not below
    assert model.row_of("t6").state == "warning"  # type: ignore[union-attr]  # 1300 mm
    assert model.data(model.index(0, TanksModel.LEVEL)) == "83 %"
    assert model.data(model.index(0, TanksModel.VOLUME)) == "15,000 L"


async def _until(cond: Any, timeout_s: float = 5.0) -> None:
    import asyncio
    import time

    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.01)


def test_live_readings_are_applied_in_one_batch(qtbot, english_locale) -> None:
    model = TanksModel(None, flush_interval_ms=20)
    rows = [row_from_records(tank_record(f"t{i}"), live_record(f"t{i}")) for i in range(5)]
    model.set_rows([r for r in rows if r is not None])
    changes: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changes.append((a.row(), b.row())))
    readings: list[list[Any]] = []
    model.readingsApplied.connect(readings.append)
    for t in range(30):
        for tid in ("t1", "t3"):
            model.on_chain_event({"kind": "reading.accepted", "attrs": {
                "tank_id": tid, "time_ms": 2_000_000 + t * 1000, "level_mm": 1600 - t * 5, "volume_l": 9000,
                "below_warning": 0, "seq": t}})
    model.on_chain_event({"kind": "order.created", "attrs": {"tank_id": "t3", "order_id": "t3#00000001"}})
    model.on_chain_event({"kind": "reading.accepted", "attrs": {"tank_id": "unknown", "time_ms": 1, "level_mm": 1}})
    qtbot.waitUntil(lambda: bool(changes), timeout=2000)
    assert changes == [(1, 3)]  # one dataChanged for the whole burst
    assert len(readings) == 1 and len(readings[0]) == 60
    t1 = model.row_of("t1")
    assert t1 is not None and t1.level_mm == 1600 - 29 * 5 and len(t1.trend) == min(TREND_POINTS, 31)
    assert t1.state == "warning"
    assert model.row_of("t3").open_order == "t3#00000001"  # type: ignore[union-attr]
    model.on_chain_event({"kind": "order.settled", "attrs": {"tank_id": "t3", "order_id": "t3#00000001"}})
    qtbot.waitUntil(lambda: model.row_of("t3").open_order == "", timeout=2000)  # type: ignore[union-attr]


def test_tank_filters(qtmodeltester) -> None:
    model = TanksModel(None)
    rows = [
        row_from_records(tank_record("mine-ok"), live_record("mine-ok", 2500)),
        row_from_records(tank_record("mine-low"), live_record("mine-low", 1000, open_order="mine-low#00000001")),
        row_from_records(tank_record("other", owner=OTHER), live_record("other", 700)),
        row_from_records(tank_record("fresh"), None),
    ]
    model.set_rows([r for r in rows if r is not None])
    proxy = TanksFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> set[str]:
        return {proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount())}

    assert shown() == {"mine-ok", "mine-low", "other", "fresh"}
    proxy.set_party(BUYER)
    assert shown() == {"mine-ok", "mine-low", "fresh"}
    proxy.set_state(TanksFilterModel.BELOW_WARNING)
    assert shown() == {"mine-low"}
    proxy.set_party("")
    proxy.set_state(TanksFilterModel.BELOW_CRITICAL)
    assert shown() == {"other"}
    proxy.set_state(TanksFilterModel.NO_READING)
    assert shown() == {"fresh"}
    proxy.set_state(TanksFilterModel.ALL)
    proxy.set_text("LOW")
    assert shown() == {"mine-low"}


def test_malformed_records_are_skipped() -> None:
    assert row_from_records({"terms": {"tank_id": "x"}}, None) is None
    assert row_from_records("nonsense", None) is None
    row = row_from_records(tank_record("x"), {"tank_id": "x", "has_level": True, "level_mm": "high"})
    assert isinstance(row, TankRow) and row.level_mm is None


# --- orders -------------------------------------------------------------------------------------


def test_orders_model_pages_and_replaces_rows_from_events(qtmodeltester, run_async, english_locale) -> None:
    node = FakeNode()
    for i in range(1, 6):
        o = order(3, f"t1#{i:08d}")
        node.put(ORDER_PREFIX + o["order_id"].encode(), o)
    model = OrdersModel(node, page_size=2, flush_interval_ms=10)
    model.reload()
    run_async(_until(lambda: model.rowCount() == 2 and not model.loading))
    model.fetchMore()
    run_async(_until(lambda: model.rowCount() == 4 and not model.loading))
    # A confirmed order is dispatched: only that record is read again.
    dispatched = order(4, "t1#00000002", dispatched_l=6000, dispatched_ms=5_000)
    node.put(ORDER_PREFIX + b"t1#00000002", dispatched)
    node.calls.clear()
    model.on_chain_event({"kind": "order.dispatched", "attrs": {"order_id": "t1#00000002", "tank_id": "t1"}})
    run_async(_until(lambda: model.order("t1#00000002")["status"] == 4))  # type: ignore[index]
    assert [c for c in node.calls if c[0] == "records"] == [("records", (ORDER_PREFIX + b"t1#00000002", None, 2))]
    assert model.data(model.index(1, OrdersModel.STATUS)) == "Dispatched"
    assert model.data(model.index(1, OrdersModel.ESTIMATED)) == "7,200.00"
    assert model.data(model.index(1, OrdersModel.ACTUAL)) == "—"
    # A new order beyond the loaded pages waits for fetchMore; one inside them is inserted in place.
    node.put(ORDER_PREFIX + b"t0#00000001", order(1, "t0#00000001"))
    model.on_chain_event({"kind": "order.created", "attrs": {"order_id": "t0#00000001", "tank_id": "t0"}})
    run_async(_until(lambda: model.order("t0#00000001") is not None))
    assert model.order_at(0)["order_id"] == "t0#00000001"
    qtmodeltester.check(model)
    run_async(_until(lambda: not model.loading))


def test_order_filter_by_party_and_state(qtmodeltester) -> None:
    model = OrdersModel(None)
    model.set_orders([order(1, "a#00000001"), order(6, "b#00000001", paid=1), order(8, "c#00000001"),
                      order(3, "d#00000001", buyer=OTHER)])
    proxy = OrdersFilterModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)

    def shown() -> list[str]:
        return sorted(proxy.data(proxy.index(r, 0)) for r in range(proxy.rowCount()))

    proxy.set_party(BUYER)
    assert shown() == ["a#00000001", "b#00000001", "c#00000001"]
    proxy.set_state(OrdersFilterModel.OPEN_ONLY)
    assert shown() == ["a#00000001", "c#00000001"]
    proxy.set_state(OrdersFilterModel.NEEDS_ME, Identity(BUYER, "customer"), 0)
    assert shown() == ["a#00000001"]
    proxy.set_state(OrdersFilterModel.CLOSED_ONLY)
    assert shown() == ["b#00000001"]


def test_timeline_of_each_path() -> None:
    def states(o: dict[str, Any]) -> list[tuple[str, str]]:
        return [(s.key, s.state.value) for s in timeline(o)]

    assert states(order(1)) == [("created", "done"), ("waiting", "current"), ("confirmed", "future"),
                                ("dispatched", "future"), ("delivered", "future"), ("settled", "future")]
    assert states(order(4, dispatched_ms=5)) == [("created", "done"), ("confirmed", "done"), ("dispatched", "done"),
                                                 ("delivered", "future"), ("settled", "future")]
    assert states(order(6, dispatched_ms=5, delivered_ms=6, closed_ms=7))[-1] == ("settled", "done")
    assert states(order(7, closed_ms=9))[-1] == ("cancelled", "failed")
    disputed = states(order(8, dispatched_ms=5, disputed_status=4))
    assert disputed[-2:] == [("disputed", "current"), ("resolved", "future")]
    assert ("dispatched", "done") in disputed
    resolved = timeline(order(9, dispatched_ms=5, disputed_status=4, closed_ms=8))
    assert resolved[-1].state is StepState.DONE and resolved[-1].time_ms == 8


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        (1, Identity(BUYER, "customer"), [Action.TOP_UP, Action.DISPUTE]),
        (2, Identity(SUPPLIER, "supplier"), [Action.CONFIRM, Action.DISPUTE]),
        (3, Identity(SUPPLIER, "supplier"), [Action.DISPATCH, Action.DISPUTE]),
        (3, Identity(BUYER, "customer"), [Action.DISPUTE]),
        (4, Identity(BUYER, "customer"), [Action.CONFIRM_DELIVERY, Action.DISPUTE]),
        (5, Identity(BUYER, "customer"), [Action.SETTLE, Action.DISPUTE]),
        (8, Identity(ARBITER, "arbiter"), [Action.RESOLVE]),
        (8, Identity(BUYER, "customer"), []),
        (6, Identity(BUYER, "customer"), []),
        (3, Identity(OTHER, "bank"), []),
        (3, Identity("", ""), []),
    ],
)
def test_actions_by_role(status: int, who: Identity, expected: list[Action]) -> None:
    assert available_actions(order(status), who, 0) == expected


def test_supplier_settles_only_after_the_dispute_window() -> None:
    o = order(5, delivered_ms=10, delivered_l=5000, settle_after_ms=1_000)
    sup = Identity(SUPPLIER, "supplier")
    assert Action.SETTLE not in available_actions(o, sup, 999)
    assert Action.SETTLE in available_actions(o, sup, 1_000)


def test_what_needs_action(english_locale) -> None:
    assert needs_action(order(1), Identity(BUYER, "customer"), 0)[0] is Action.TOP_UP  # type: ignore[index]
    assert needs_action(order(3), Identity(SUPPLIER, "supplier"), 0)[0] is Action.DISPATCH  # type: ignore[index]
    text = needs_action(order(5, delivered_l=5000, settle_after_ms=30_000), Identity(BUYER, "customer"), 0)
    assert text is not None and "30 s" in text[1] and "5,000 L" in text[1]
    assert needs_action(order(5, delivered_l=1, settle_after_ms=9), Identity(BUYER, "customer"), 0)[0] is Action.SETTLE  # type: ignore[index]
    assert needs_action(order(4), Identity(BUYER, "customer"), 0) is None
    assert needs_action(order(8, dispute_reason="short"), Identity(ARBITER, "arbiter"), 0)[0] is Action.RESOLVE  # type: ignore[index]


def test_action_items_model(qtmodeltester) -> None:
    model = ActionItemsModel()
    qtmodeltester.check(model)
    who = Identity(SUPPLIER, "supplier")
    model.set_items([order(3, "a#00000001"), order(4, "b#00000001"), order(2, "c#00000001", urgent=True)], who, 0)
    assert model.rowCount() == 2
    assert model.item(0)[0]["order_id"] == "c#00000001"  # urgent first
    qtmodeltester.check(model)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_items([order(3, "a#00000001"), order(2, "c#00000001", urgent=True)], who, 5)
    assert resets == []  # same rows: updated in place


# --- bills ---------------------------------------------------------------------------------------


def test_statements_and_bills_models(qtmodeltester, run_async, english_locale) -> None:
    from node.core.address import parse_address
    from node.modules.bills.records import bill_key, statement_key

    node = FakeNode()
    for month, nos in (("2026-10", [1, 2]), ("2026-11", [3, 4, 5])):
        node.put(statement_key(parse_address(BUYER), parse_address(SUPPLIER), month),
                 statement(BUYER, SUPPLIER, month, nos))
    for n in range(1, 6):
        node.put(bill_key(n), bill(n))
    statements = StatementsModel(node, flush_interval_ms=10)
    qtmodeltester.check(statements)
    statements.set_party(BUYER)
    run_async(_until(lambda: statements.rowCount() == 2 and not statements.loading))
    assert statements.statement_at(0)["month"] == "2026-11"  # newest month first
    assert statements.data(statements.index(0, StatementsModel.PAID)) == "18,000.00"
    bills = BillsModel(node, chunk=2)
    bills.set_statement(statements.statement_at(0))
    run_async(_until(lambda: bills.rowCount() == 2 and not bills.loading))
    assert bills.canFetchMore()  # a chunk at a time
    qtmodeltester.check(bills)
    run_async(bills.load_all())
    assert [b["bill_no"] for b in bills.bills] == [3, 4, 5]
    qtmodeltester.check(bills)
    assert bill_cells(bills.bill_at(0), BUYER)[-1] == "paid"
    assert bill_cells(bills.bill_at(0), SUPPLIER)[-1] == "received"
    # A new bill: only the two statements it touches are read again, and the shown one grows.
    node.put(bill_key(6), bill(6))
    node.put(statement_key(parse_address(BUYER), parse_address(SUPPLIER), "2026-11"),
             statement(BUYER, SUPPLIER, "2026-11", [3, 4, 5, 6]))
    changed: list[Any] = []
    statements.statementChanged.connect(changed.append)
    statements.on_chain_event({"kind": "bill.issued", "attrs": {"payer": BUYER, "payee": SUPPLIER, "month": "2026-11"}})
    run_async(_until(lambda: bool(changed)))
    bills.update_statement(statements.statement_at(0))
    run_async(_until(lambda: bills.rowCount() == 4 and not bills.loading))
    qtmodeltester.check(statements)


def test_models_ignore_junk_events(qtbot) -> None:
    tanks, orders, statements = TanksModel(None), OrdersModel(None), StatementsModel(None)
    for m in (tanks, orders, statements):
        m.on_chain_event({"kind": 5})
        m.on_chain_event({"kind": "order.created", "attrs": "x"})
        m.on_chain_event({"kind": "bill.issued", "attrs": {"payer": 1}})
    tanks.flush()
    orders.flush()
    statements.flush()
    assert tanks.rowCount(QModelIndex()) == 0 and orders.rowCount() == 0 and statements.rowCount() == 0
    assert orders.headerData(0, Qt.Orientation.Horizontal) == "Order"
