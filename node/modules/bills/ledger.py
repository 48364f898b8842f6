"""Issuing settlement bills and keeping the monthly statements: the function settling modules call."""

from __future__ import annotations

from collections.abc import Callable

from node.core.state import State
from node.core.types import U32, U64, Address, Amount, Height, TimestampMs
from node.modules.bills.calendar import month_of
from node.modules.bills.records import (
    BILLS_PER_PAGE,
    NEXT_BILL_KEY,
    Bill,
    BillCounter,
    MonthlyStatement,
    StatementPage,
    bill_key,
    page_key,
    statement_key,
)

Emit = Callable[..., None]


def issue_bill(
    state: State,
    emit: Emit,
    *,
    kind: str,
    reference: str,
    payer: Address,
    payee: Address,
    item: str,
    site: str,
    quantity: int,
    unit: str,
    unit_price: int,
    amount: int,
    time_ms: int,
    height: int,
) -> Bill:
    """Write bill number ``bill/next`` and add it to both parties' statements for the month.

    Emits ``bill.issued``.  The same bill record serves both parties; each sees
    it in its own statement with the other as counterparty.
    """
    counter = state.get(NEXT_BILL_KEY, BillCounter)
    no = int(counter.next_no) if counter else 1
    state.put(NEXT_BILL_KEY, BillCounter(U64(no + 1)))
    month = month_of(time_ms)
    bill = Bill(
        bill_no=U64(no),
        kind=kind,
        reference=reference,
        payer=payer,
        payee=payee,
        item=item,
        site=site,
        quantity=U64(quantity),
        unit=unit,
        unit_price=Amount(unit_price),
        amount=Amount(amount),
        time_ms=TimestampMs(time_ms),
        height=Height(height),
        month=month,
    )
    state.put(bill_key(no), bill)
    _add_to_statement(state, payer, payee, month, no, paid=amount, received=0)
    _add_to_statement(state, payee, payer, month, no, paid=0, received=amount)
    emit(
        "bill.issued",
        bill_no=no,
        kind=kind,
        reference=reference,
        payer=payer,
        payee=payee,
        quantity=quantity,
        unit=unit,
        unit_price=unit_price,
        amount=amount,
        month=month,
    )
    return bill


def _add_to_statement(
    state: State, party: Address, counterparty: Address, month: str, bill_no: int, *, paid: int, received: int
) -> None:
    key = statement_key(party, counterparty, month)
    st = state.get(key, MonthlyStatement)
    if st is None:
        st = MonthlyStatement(party, counterparty, month, U32(0), Amount(0), Amount(0), Amount(0), (), U32(0))
    count = int(st.count)
    nos = st.bill_nos
    pages = int(st.pages)
    if count < BILLS_PER_PAGE:
        nos = nos + (U64(bill_no),)
    else:
        page = (count - BILLS_PER_PAGE) // BILLS_PER_PAGE + 1
        pkey = page_key(party, counterparty, month, page)
        pg = state.get(pkey, StatementPage) or StatementPage(())
        state.put(pkey, StatementPage(pg.bill_nos + (U64(bill_no),)))
        pages = max(pages, page)
    state.put(
        key,
        MonthlyStatement(
            party=party,
            counterparty=counterparty,
            month=month,
            count=U32(count + 1),
            paid=Amount(st.paid + paid),
            received=Amount(st.received + received),
            total=Amount(st.total + paid + received),
            bill_nos=nos,
            pages=U32(pages),
        ),
    )


def statement(state: State, party: bytes, counterparty: bytes, month: str) -> MonthlyStatement | None:
    return state.get(statement_key(party, counterparty, month), MonthlyStatement)


def statement_bills(state: State, party: bytes, counterparty: bytes, month: str) -> list[int]:
    """Every bill number of a statement, in issue order (the record, then its overflow pages)."""
    st = statement(state, party, counterparty, month)
    if st is None:
        return []
    out = [int(n) for n in st.bill_nos]
    for page in range(1, int(st.pages) + 1):
        pg = state.get(page_key(party, counterparty, month, page), StatementPage)
        if pg is not None:
            out.extend(int(n) for n in pg.bill_nos)
    return out


def get_bill(state: State, bill_no: int) -> Bill | None:
    return state.get(bill_key(bill_no), Bill)

