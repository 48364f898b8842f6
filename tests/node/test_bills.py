"""Bills: one bill per settlement for both parties, monthly statements per counterparty (UTC months)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from node.core.encoding import decode, encode
from node.core.execution import Event
from node.core.state import State
from node.core.types import Address
from node.modules import default_registry
from node.modules.bills import ledger
from node.modules.bills.calendar import civil_from_days, month_of
from node.modules.bills.records import (
    BILLS_PER_PAGE,
    Bill,
    MonthlyStatement,
    StatementPage,
    bill_key,
    page_key,
    statement_key,
)

A = Address(bytes([1]) * 20)
B = Address(bytes([2]) * 20)
C = Address(bytes([3]) * 20)
JAN = 1_767_225_600_000  # 2026-01-01T00:00:00Z
FEB = 1_769_904_000_000  # 2026-02-01T00:00:00Z


@given(st.integers(-719_162, 2_932_896))  # 0001-01-01 .. 9999-12-31
def test_civil_from_days_matches_the_gregorian_calendar(days: int) -> None:
    d = dt.date(1970, 1, 1) + dt.timedelta(days=days)
    assert civil_from_days(days) == (d.year, d.month, d.day)


def test_month_boundaries_in_utc() -> None:
    assert month_of(JAN) == "2026-01"
    assert month_of(FEB - 1) == "2026-01"
    assert month_of(FEB) == "2026-02"
    assert month_of(0) == "1970-01"
    assert month_of(951_782_400_000) == "2000-02"  # 2000-02-29, a leap day
    assert month_of(1_709_251_199_999) == "2024-02"  # 2024-02-29T23:59:59.999Z


def _issue(state: State, events: list[Event], payer: Address, payee: Address, amount: int, t: int) -> Bill:
    def emit(kind: str, /, **attrs: object) -> None:
        events.append(Event(kind, dict(attrs)))

    return ledger.issue_bill(
        state, emit, kind="tank_order", reference=f"T1#{amount}", payer=payer, payee=payee, item="diesel",
        site="T1", quantity=amount // 10, unit="L", unit_price=10, amount=amount, time_ms=t, height=7,
    )


def test_bill_for_both_parties_and_statements() -> None:
    s = State()
    events: list[Event] = []
    b1 = _issue(s, events, A, B, 1000, JAN + 5)
    b2 = _issue(s, events, A, B, 2500, JAN + 6)
    b3 = _issue(s, events, B, A, 70, JAN + 7)  # the other way round
    _issue(s, events, A, C, 400, JAN + 8)  # another counterparty
    b5 = _issue(s, events, A, B, 9, FEB)  # next month
    assert [int(b.bill_no) for b in (b1, b2, b3, b5)] == [1, 2, 3, 5]
    assert s.get(bill_key(2), Bill) == b2 and b2.month == "2026-01" and b2.payer == A and b2.payee == B
    ab = ledger.statement(s, A, B, "2026-01")
    assert ab is not None
    assert (int(ab.count), int(ab.paid), int(ab.received), int(ab.total)) == (3, 3500, 70, 3570)
    assert ledger.statement_bills(s, A, B, "2026-01") == [1, 2, 3]
    ba = ledger.statement(s, B, A, "2026-01")
    assert ba is not None and (int(ba.paid), int(ba.received), int(ba.count)) == (70, 3500, 3)
    assert ledger.statement_bills(s, A, C, "2026-01") == [4]
    assert ledger.statement_bills(s, A, B, "2026-02") == [5]
    assert ledger.statement(s, B, C, "2026-01") is None
    issued = [e.attrs for e in events if e.kind == "bill.issued"]
    assert issued[0] == {
        "bill_no": 1, "kind": "tank_order", "reference": "T1#1000", "payer": str(A), "payee": str(B),
        "quantity": 100, "unit": "L", "unit_price": 10, "amount": 1000, "month": "2026-01",
    }
    # the statement is one record under a key a clerk can compute, and proves with one state proof
    raw = s.diff()[statement_key(A, B, "2026-01")]
    assert raw is not None and decode(MonthlyStatement, raw) == ab


def test_statement_overflow_pages() -> None:
    s = State()
    events: list[Event] = []
    n = 2 * BILLS_PER_PAGE + 10
    for i in range(n):
        _issue(s, events, A, B, 10 + i, JAN + i)
    st_ = ledger.statement(s, A, B, "2026-01")
    assert st_ is not None and int(st_.count) == n and int(st_.pages) == 2
    assert len(st_.bill_nos) == BILLS_PER_PAGE
    assert ledger.statement_bills(s, A, B, "2026-01") == list(range(1, n + 1))
    assert int(st_.paid) == sum(10 + i for i in range(n))
    page2 = s.get(page_key(A, B, "2026-01", 2), StatementPage)
    assert page2 is not None and len(page2.bill_nos) == 10


def test_record_types_for_explorers() -> None:
    reg = default_registry()
    names = {
        bill_key(1): "bill",
        statement_key(A, B, "2026-01"): "monthly statement",
        page_key(A, B, "2026-01", 1): "monthly statement page",
        b"bill/next": "bill counter",
    }
    for key, name in names.items():
        rt = reg.record_type_for(key)
        assert rt is not None and rt.name == name
    s = State()
    _issue(s, [], A, B, 5, JAN)
    for key, raw in s.diff().items():
        rt = reg.record_type_for(key)
        assert rt is not None and raw is not None and encode(decode(rt.record_type, raw)) == raw
