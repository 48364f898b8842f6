"""Monthly statements per counterparty and the settlement bills in them, from the bills module's records, live on ``bill.issued``.

``StatementsModel`` lists one party's statements (``bill/month/ || party``),
one row per counterparty and month, or every party's (auditors).
``BillsModel`` lists the bills of one statement, fetched by number a chunk at
a time as the view scrolls.  A ``bill.issued`` event names payer, payee and
month: only the two statements it touched are re-read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from app.formatting import describe_error, format_amount_locale, format_count, format_time_ms
from app.models.dapp_common import PartyNames, format_litres, is_int, spawn_for
from node.core.address import parse_address
from node.core.errors import DepotError
from node.modules.bills.records import PAGE_PREFIX, STATEMENT_PREFIX, bill_key, statement_key

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


def valid_statement(rec: Any) -> bool:
    return (isinstance(rec, dict) and all(isinstance(rec.get(k), str) for k in ("party", "counterparty", "month"))
            and all(is_int(rec.get(k)) for k in ("count", "paid", "received", "total", "pages"))
            and isinstance(rec.get("bill_nos"), list))


def valid_bill(rec: Any) -> bool:
    return (isinstance(rec, dict) and all(is_int(rec.get(k)) for k in ("bill_no", "quantity", "unit_price", "amount",
                                                                         "time_ms", "height"))
            and all(isinstance(rec.get(k), str) for k in ("payer", "payee", "reference", "month")))


@dataclass(frozen=True, slots=True)
class StatementRef:
    """Which statement: ``party``'s bills with ``counterparty`` in ``month`` (``YYYY-MM``, UTC)."""

    party: str
    counterparty: str
    month: str

    @property
    def key(self) -> bytes:
        return statement_key(parse_address(self.party), parse_address(self.counterparty), self.month)

    @classmethod
    def of(cls, rec: dict[str, Any]) -> StatementRef:
        return cls(rec["party"], rec["counterparty"], rec["month"])


def _statement_sort(rec: dict[str, Any]) -> tuple[str, str, str]:
    # Newest month first, then counterparty.
    month = rec["month"]
    inverted = "".join(chr(0x7F - ord(ch)) if ch.isdigit() else ch for ch in month)
    return (inverted, rec["counterparty"], rec["party"])


class StatementsModel(QAbstractTableModel):
    """Statements: month, party, counterparty, bills, paid, received, total; newest month first."""

    MONTH, PARTY, COUNTERPARTY, COUNT, PAID, RECEIVED, TOTAL = range(7)
    COLUMN_COUNT = 7
    StatementRole = Qt.ItemDataRole.UserRole + 1

    loadingChanged = Signal(bool)
    fetchFailed = Signal(str)
    statementChanged = Signal(object)
    """A ``StatementRef`` whose record was re-read after a new bill."""

    def __init__(self, client: Any, *, names: PartyNames | None = None, page_size: int = 500,
                 flush_interval_ms: int = 400, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._names = names
        self._page_size = page_size
        self._party = ""
        self._rows: list[dict[str, Any]] = []
        self._by_ref: dict[StatementRef, int] = {}
        self._next: bytes | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._dirty: set[StatementRef] = set()
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(flush_interval_ms)
        self._flush.timeout.connect(self.flush)
        if names is not None:
            names.changed.connect(self._names_changed)

    @property
    def party(self) -> str:
        """Whose statements ("" for every party's)."""
        return self._party

    @property
    def loading(self) -> bool:
        return self._loading

    def statement_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, ref: StatementRef) -> int | None:
        return self._by_ref.get(ref)

    def set_party(self, party: str) -> None:
        """Show ``party``'s statements ("" for all) and load them."""
        self._party = party
        self.set_statements([])
        self.reload()

    def set_statements(self, recs: Iterable[dict[str, Any]], *, more: bool = False, stale_fetches: bool = True) -> None:
        rows = sorted((r for r in recs if valid_statement(r)), key=_statement_sort)
        self.beginResetModel()
        self._rows = rows
        self._reindex()
        self._more = more
        if stale_fetches:  # pages requested before this reset no longer fit
            self._generation += 1
        self.endResetModel()

    def upsert(self, rec: dict[str, Any]) -> None:
        if not valid_statement(rec):
            return
        if self._party and rec["party"] != self._party:
            return
        ref = StatementRef.of(rec)
        i = self._by_ref.get(ref)
        if i is not None:
            self._rows[i] = rec
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMN_COUNT - 1))
            return
        key = _statement_sort(rec)
        pos = 0
        while pos < len(self._rows) and _statement_sort(self._rows[pos]) < key:
            pos += 1
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, rec)
        self._reindex()
        self.endInsertRows()

    def _reindex(self) -> None:
        self._by_ref = {StatementRef.of(r): i for i, r in enumerate(self._rows)}

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Month"), self.tr("Party"), self.tr("Counterparty"), self.tr("Bills"), self.tr("Paid"),
                  self.tr("Received"), self.tr("Total"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < self.COLUMN_COUNT):
            return None
        s = self._rows[r]
        if role == self.StatementRole:
            return s
        if role == Qt.ItemDataRole.DisplayRole:
            if c == self.MONTH:
                return s["month"]
            if c == self.PARTY:
                return self._names.name(s["party"]) if self._names else s["party"]
            if c == self.COUNTERPARTY:
                return self._names.name(s["counterparty"]) if self._names else s["counterparty"]
            if c == self.COUNT:
                return format_count(int(s["count"]))
            if c == self.PAID:
                return format_amount_locale(int(s["paid"]))
            if c == self.RECEIVED:
                return format_amount_locale(int(s["received"]))
            if c == self.TOTAL:
                return format_amount_locale(int(s["total"]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == self.PARTY:
                return s["party"]
            if c == self.COUNTERPARTY:
                return s["counterparty"]
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _names_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, self.PARTY), self.index(len(self._rows) - 1, self.COUNTERPARTY),
                                  [Qt.ItemDataRole.DisplayRole])

    # --- loading --------------------------------------------------------------------------

    def _prefix(self) -> bytes:
        return STATEMENT_PREFIX + (bytes(parse_address(self._party)) if self._party else b"")

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more and not self._loading and self._client is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._set_loading(True)
            spawn_for(self, self._fetch(self._generation, first=False), name="statements-page")

    def reload(self) -> None:
        if self._client is None:
            return
        self._generation += 1
        self._next = None
        self._set_loading(True)
        spawn_for(self, self._fetch(self._generation, first=True), name="statements-first-page")

    async def _fetch(self, generation: int, *, first: bool) -> None:
        try:
            answer = await self._client.records(self._prefix(), after=None if first else self._next,
                                                limit=self._page_size)
            recs = answer.get("records", [])
            statements = [r["record"] for r in recs if isinstance(r, dict) and isinstance(r.get("record"), dict)]
            nxt = answer.get("next") if len(recs) >= self._page_size else None
            if generation != self._generation:
                return
            self._next = bytes.fromhex(nxt) if isinstance(nxt, str) and nxt else None
            if first:
                self.set_statements(statements, more=self._next is not None, stale_fetches=False)
            else:
                for s in statements:
                    self.upsert(s)
                self._more = self._next is not None
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            if generation == self._generation:
                self._set_loading(False)

    def _set_loading(self, on: bool) -> None:
        if on != self._loading:
            self._loading = on
            self.loadingChanged.emit(on)

    # --- live -------------------------------------------------------------------------------

    def on_chain_event(self, event: dict[str, Any]) -> None:
        """Slot for ``NodeBridge.chainEvent``: a ``bill.issued`` touching this party marks two statements."""
        if event.get("kind") != "bill.issued" or not isinstance(event.get("attrs"), dict):
            return
        a = event["attrs"]
        payer, payee, month = a.get("payer"), a.get("payee"), a.get("month")
        if not all(isinstance(x, str) for x in (payer, payee, month)):
            return
        for party, cp in ((payer, payee), (payee, payer)):
            if not self._party or party == self._party:
                self._dirty.add(StatementRef(party, cp, month))
        if self._dirty and not self._flush.isActive():
            self._flush.start()

    def flush(self) -> None:
        if not self._dirty or self._client is None:
            return
        refs, self._dirty = list(self._dirty), set()
        spawn_for(self, self._refresh(refs, self._generation), name="statements-refresh")

    async def _refresh(self, refs: list[StatementRef], generation: int) -> None:
        for ref in refs:
            try:
                answer = await self._client.records(ref.key, limit=1)
            except DepotError as e:
                self.fetchFailed.emit(describe_error(e))
                return
            if generation != self._generation:
                return
            for r in answer.get("records", []):
                rec = r.get("record") if isinstance(r, dict) else None
                if valid_statement(rec) and StatementRef.of(rec) == ref:
                    self.upsert(rec)
                    self.statementChanged.emit(ref)


class BillsModel(QAbstractTableModel):
    """The bills of one statement: number, date, order, site, item, quantity, unit price, amount, direction."""

    NUMBER, DATE, ORDER, SITE, ITEM, QUANTITY, UNIT_PRICE, AMOUNT, DIRECTION = range(9)
    COLUMN_COUNT = 9
    BillRole = Qt.ItemDataRole.UserRole + 1

    loadingChanged = Signal(bool)
    fetchFailed = Signal(str)

    def __init__(self, client: Any, *, chunk: int = 50, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._chunk = chunk
        self._statement: dict[str, Any] | None = None
        self._numbers: list[int] = []
        self._rows: list[dict[str, Any]] = []
        self._loading = False
        self._generation = 0

    @property
    def statement(self) -> dict[str, Any] | None:
        return self._statement

    @property
    def numbers(self) -> list[int]:
        """Every bill number of the statement (loaded ones and those still to load)."""
        return self._numbers

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def bills(self) -> list[dict[str, Any]]:
        return self._rows

    def bill_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def set_statement(self, statement: dict[str, Any] | None) -> None:
        """Show ``statement``'s bills (None: nothing); the first chunk is loaded at once."""
        self.beginResetModel()
        self._statement = statement if valid_statement(statement) else None
        self._numbers = [int(n) for n in (statement or {}).get("bill_nos", []) if is_int(n)]
        self._rows = []
        self._generation += 1
        self.endResetModel()
        if self._statement is not None and self._client is not None:
            self._set_loading(True)
            spawn_for(self, self._load(self._generation, pages=int(self._statement["pages"])), name="bills-first")

    def set_bills(self, bills: Iterable[dict[str, Any]]) -> None:
        """Rows without a node (tests, offline documents)."""
        self.beginResetModel()
        self._rows = [b for b in bills if valid_bill(b)]
        self._numbers = [int(b["bill_no"]) for b in self._rows]
        self._generation += 1
        self.endResetModel()

    def update_statement(self, statement: dict[str, Any]) -> None:
        """The shown statement got new bills: load the new numbers (rows stay)."""
        if self._statement is None or not valid_statement(statement) or \
                StatementRef.of(statement) != StatementRef.of(self._statement):
            return
        have = set(self._numbers)
        self._statement = statement
        self._numbers.extend(int(n) for n in statement["bill_nos"] if is_int(n) and int(n) not in have)
        if self.canFetchMore():
            self.fetchMore()

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Bill"), self.tr("Date"), self.tr("Order"), self.tr("Site"), self.tr("Item"),
                  self.tr("Quantity"), self.tr("Unit price"), self.tr("Amount"), self.tr("Direction"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < self.COLUMN_COUNT):
            return None
        b = self._rows[r]
        if role == self.BillRole:
            return b
        if role == Qt.ItemDataRole.DisplayRole:
            return bill_cells(b, self._party())[c]
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (self.NUMBER, self.QUANTITY, self.UNIT_PRICE,
                                                                 self.AMOUNT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _party(self) -> str:
        return str(self._statement["party"]) if self._statement else ""

    # --- loading ---------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return (not parent.isValid() and not self._loading and self._client is not None
                and self._statement is not None and len(self._rows) < len(self._numbers))

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._set_loading(True)
            spawn_for(self, self._load(self._generation, pages=0), name="bills-more")

    async def load_all(self) -> None:
        """Every bill of the statement (before printing it)."""
        while self._statement is not None and (self._loading or len(self._rows) < len(self._numbers)):
            if not self._loading:
                self._set_loading(True)
                await self._load(self._generation, pages=0)
            else:
                await asyncio.sleep(0.05)

    async def _load(self, generation: int, *, pages: int) -> None:
        try:
            if pages and self._statement is not None:
                ref = StatementRef.of(self._statement)
                prefix = PAGE_PREFIX + ref.key[len(STATEMENT_PREFIX):]
                after = None
                while True:
                    answer = await self._client.records(prefix, after=after, limit=100)
                    recs = answer.get("records", [])
                    for r in recs:
                        rec = r.get("record") if isinstance(r, dict) else None
                        if isinstance(rec, dict):
                            self._numbers.extend(int(n) for n in rec.get("bill_nos", []) if is_int(n))
                    if len(recs) < 100 or not answer.get("next"):
                        break
                    after = bytes.fromhex(answer["next"])
            todo = self._numbers[len(self._rows): len(self._rows) + self._chunk]
            bills = await asyncio.gather(*(fetch_bill(self._client, n) for n in todo))
            if generation != self._generation:
                return
            new = [b for b in bills if b is not None]
            if new:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
                self._rows.extend(new)
                self.endInsertRows()
            missing = len(todo) - len(new)
            if missing:  # never expected: a statement names only issued bills
                log.warning("%d bills of the statement could not be read", missing)
                self._numbers = [n for n in self._numbers if n not in set(todo) or
                                 any(b["bill_no"] == n for b in new)]
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            if generation == self._generation:
                self._set_loading(False)

    def _set_loading(self, on: bool) -> None:
        if on != self._loading:
            self._loading = on
            self.loadingChanged.emit(on)


async def fetch_bill(client: Any, bill_no: int) -> dict[str, Any] | None:
    answer = await client.records(bill_key(bill_no), limit=1)
    for r in answer.get("records", []):
        rec = r.get("record") if isinstance(r, dict) else None
        if valid_bill(rec) and int(rec["bill_no"]) == bill_no:  # type: ignore[index]
            return rec  # type: ignore[return-value]
    return None


def bill_cells(b: dict[str, Any], party: str) -> list[str]:
    """A bill's cells as shown and exported, from ``party``'s side."""
    unit = str(b.get("unit") or "L")
    if party and party == b["payer"]:
        direction = translate("bills", "paid")
    elif party and party == b["payee"]:
        direction = translate("bills", "received")
    else:
        direction = "—"
    return [
        format_count(int(b["bill_no"])),
        format_time_ms(int(b["time_ms"])),
        str(b["reference"]),
        str(b.get("site", "")),
        str(b.get("item", "")),
        format_litres(int(b["quantity"])) if unit == "L" else f"{format_count(int(b['quantity']))} {unit}",
        translate("bills", "{0} per litre").format(format_amount_locale(int(b["unit_price"]))) if unit == "L"
        else translate("bills", "{0} per {1}").format(format_amount_locale(int(b["unit_price"])), unit),
        format_amount_locale(int(b["amount"])),
        direction,
    ]
