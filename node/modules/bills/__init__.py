"""Bills: a settlement bill per order for both parties, monthly statements per counterparty."""

from __future__ import annotations

from node.core.registry import Module, RecordType
from node.modules.bills.records import (
    BILL_PREFIX,
    NEXT_BILL_KEY,
    PAGE_PREFIX,
    STATEMENT_PREFIX,
    Bill,
    BillCounter,
    MonthlyStatement,
    StatementPage,
)

MODULE = Module(
    name="bills",
    records=(
        RecordType(BILL_PREFIX, Bill, "bill"),
        RecordType(STATEMENT_PREFIX, MonthlyStatement, "monthly statement"),
        RecordType(PAGE_PREFIX, StatementPage, "monthly statement page"),
        RecordType(NEXT_BILL_KEY, BillCounter, "bill counter"),
    ),
)
