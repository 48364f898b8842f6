"""State records of the bills module: settlement bills and monthly statements per counterparty.

A clerk reads a month's statement with one state proof: the statement record
for (party, counterparty, month) carries the count, the totals and the bill
numbers (the first 256; later ones in overflow pages, each its own record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.types import U32, U64, Address, Amount, Height, TimestampMs

BILL_PREFIX = b"bill/item/"
NEXT_BILL_KEY = b"bill/next"
STATEMENT_PREFIX = b"bill/month/"
PAGE_PREFIX = b"bill/mpage/"

BILLS_PER_PAGE = 256
"""Bill numbers kept in a statement record, and in each overflow page."""


def bill_key(bill_no: int) -> bytes:
    return BILL_PREFIX + int(bill_no).to_bytes(8, "big")


def statement_key(party: bytes, counterparty: bytes, month: str) -> bytes:
    """``bill/month/ || party (20) || counterparty (20) || "YYYY-MM"``."""
    return STATEMENT_PREFIX + bytes(party) + bytes(counterparty) + month.encode("ascii")


def page_key(party: bytes, counterparty: bytes, month: str, page: int) -> bytes:
    """Overflow page ``page`` (1, 2, ...) of a statement."""
    return PAGE_PREFIX + bytes(party) + bytes(counterparty) + month.encode("ascii") + int(page).to_bytes(4, "big")


@dataclass(frozen=True, slots=True)
class Bill:
    """A settlement bill: one per settled order, the same record for both parties."""

    bill_no: U64
    """Chain-wide bill number, from 1."""
    kind: Annotated[str, MaxLen(32)]
    """What was settled: ``tank_order`` (an automatic tank order) or ``tank_order_resolved`` (by an arbiter)."""
    reference: Annotated[str, MaxLen(96)]
    """The settled order's id."""
    payer: Address
    """The buyer."""
    payee: Address
    """The supplier."""
    item: Annotated[str, MaxLen(64)]
    """The product."""
    site: Annotated[str, MaxLen(64)]
    """Where it was delivered (the tank id)."""
    quantity: U64
    unit: Annotated[str, MaxLen(8)]
    """Unit of ``quantity`` and of ``unit_price``'s denominator: ``L`` (litres)."""
    unit_price: Amount
    """Minor units per unit."""
    amount: Amount
    """Paid, in minor units."""
    time_ms: TimestampMs
    """Block time of the settlement."""
    height: Height
    month: Annotated[str, MaxLen(7)]
    """``YYYY-MM`` of ``time_ms`` in UTC: the statement month it belongs to."""


@dataclass(frozen=True, slots=True)
class BillCounter:
    next_no: U64


@dataclass(frozen=True, slots=True)
class MonthlyStatement:
    """One party's bills with one counterparty in one month (UTC)."""

    party: Address
    counterparty: Address
    month: Annotated[str, MaxLen(7)]
    count: U32
    """Bills in the month."""
    paid: Amount
    """Sum of the bills where ``party`` paid."""
    received: Amount
    """Sum of the bills where ``party`` was paid."""
    total: Amount
    """``paid + received``."""
    bill_nos: Annotated[tuple[U64, ...], MaxLen(BILLS_PER_PAGE)]
    """The first 256 bill numbers, in issue order."""
    pages: U32
    """Overflow pages holding the rest (``bill/mpage/``), 256 numbers each."""


@dataclass(frozen=True, slots=True)
class StatementPage:
    bill_nos: Annotated[tuple[U64, ...], MaxLen(BILLS_PER_PAGE)]
