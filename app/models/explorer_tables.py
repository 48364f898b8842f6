"""Lazily loaded explorer tables: blocks, transactions, accounts, records and events over keyset pages.

``KeysetTableModel`` holds the rows loaded so far and the cursor of the next
page.  The view asks for more as it scrolls (``canFetchMore`` /
``fetchMore``); each page is one index query run in the executor
(``ExplorerSource.query``) and applied on the GUI thread, one page in
flight at a time, so a table over a million transactions costs what the
rows on screen and above cost, never the whole chain.  Past ``max_rows``
loading stops and the page says how to narrow the listing (filters, go to
height).  Newest-first tables take newer rows at the top as the index grows
(``refresh_newer``), without a reset, so a person reading further down does
not lose their place.

A filter change bumps ``generation``: a page still in flight for the old
filter is dropped when it arrives.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFontDatabase

from app.formatting import format_count, format_time_ms, short_id
from app.models.explorer_source import ExplorerSource
from app.node_bridge import spawn
from app.tx_text import amount_text, kind_text
from node.core.errors import DepotError

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

_Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints: data() compares them for every cell at every repaint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ROW = int(Qt.ItemDataRole.UserRole.value) + 1
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

#: Rows asked for per page.
PAGE_SIZE = 200
#: Rows a table keeps at most (about 1.3 KB each with their display text); past it, the page asks the
#: person to narrow the listing with the filters or go to a height, so memory stays bounded.
MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, how a row shows in it, and its alignment and font."""

    header: Callable[[], str]
    display: Callable[[Any], str]
    tooltip: Callable[[Any], str | None] | None = None
    align: int = _LEFT
    mono: bool = False


class KeysetTableModel(QAbstractTableModel):
    """Rows of one explorer listing, loaded page by page as the view scrolls."""

    RowRole = Qt.ItemDataRole.UserRole + 1
    """The row's view object (``explorer.Block``, ``Tx``, ``AddressSummary``, ``Record``, ``Event``)."""

    loadingChanged = Signal(bool)
    loadFailed = Signal(str)
    """A page could not be loaded; a translated sentence."""
    limitReached = Signal(int)
    """``max_rows`` rows are loaded; the listing stops growing at the bottom."""
    staleChanged = Signal(bool)
    """More new rows arrived than fit above the top: a reload shows them."""

    newest_first = True
    """Whether the listing runs from the newest row down (new rows come at the top)."""

    def __init__(
        self,
        source: ExplorerSource,
        *,
        page_size: int = PAGE_SIZE,
        max_rows: int = MAX_ROWS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.page_size = page_size
        self.max_rows = max_rows
        self.filters: dict[str, Any] = {}
        self.start_after: Any = None
        """A cursor to start from (go to height); None: the newest."""
        self._rows: list[Any] = []
        self._cells: list[tuple[str, ...]] = []
        """Each row's display text per column, made with its page in the executor: painting only looks it up."""
        self._next: Any = None
        self._more = False
        self._loading = False
        self._newer_loading = False
        self._stale = False
        self.generation = 0
        self._source_generation = -1
        self.columns: tuple[Column, ...] = self.make_columns()
        self._aligns = tuple(c.align for c in self.columns)
        self._mono_cols = frozenset(i for i, c in enumerate(self.columns) if c.mono)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    # --- what subclasses give -------------------------------------------------------------------

    def make_columns(self) -> tuple[Column, ...]:
        raise NotImplementedError

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        """Blocking: one ``explorer.Page`` of this listing after the cursor ``after``."""
        raise NotImplementedError

    def newer(self, ex: Any, top: Any, limit: int) -> Any:
        """Blocking: a page of rows newer than ``top`` in ascending order (None: not supported)."""
        return None

    def key(self, row: Any) -> Any:
        """The row's cursor value (what ``after`` takes)."""
        raise NotImplementedError

    # --- state ---------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def stale(self) -> bool:
        return self._stale

    @property
    def has_more(self) -> bool:
        """More rows exist below the last one loaded."""
        return self._more

    @property
    def at_limit(self) -> bool:
        return len(self._rows) >= self.max_rows

    def row(self, i: int) -> Any:
        return self._rows[i]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def cells_at(self, i: int) -> tuple[str, ...]:
        """Row ``i``'s display text per column."""
        return self._cells[i]

    def set_filters(self, start_after: Any = None, **filters: Any) -> None:
        """Show the listing with these filters (``None`` values are dropped), from the start."""
        self.filters = {k: v for k, v in filters.items() if v is not None}
        self.start_after = start_after
        self.reload()

    def reload(self) -> None:
        """Drop every row and load the first page again."""
        self.beginResetModel()
        self._rows = []
        self._cells = []
        self._next = None
        self._more = self.source.is_open
        self.generation += 1
        self._source_generation = self.source.generation
        self._set_stale(False)
        self.endResetModel()
        if self.source.is_open:
            self._fetch(first=True)

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._cells = []
        self._next = None
        self._more = False
        self.generation += 1
        self.endResetModel()

    # --- Qt model interface -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.columns[section].align
        return None

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # Called for every cell and role at every repaint: look up, never compute.
        r, c = index.row(), index.column()
        if r < 0 or c < 0:
            return None
        try:
            if role == _DISPLAY:
                return self._cells[r][c]
            if role == _ALIGN:
                return self._aligns[c]
            if role == _FONT:
                return self._mono if c in self._mono_cols else None
            if role == _FOREGROUND:
                return self.foreground(self._rows[r])
            if role == _TOOLTIP:
                col = self.columns[c]
                return col.tooltip(self._rows[r]) if col.tooltip is not None else None
            if role == _ROW:
                return self._rows[r]
        except IndexError:
            return None
        return None

    def cells(self, row: Any) -> tuple[str, ...]:
        """A row's display text per column (pure; run in the executor with its page)."""
        return tuple(col.display(row) for col in self.columns)

    def _page_with_cells(self, ex: Any, after: Any, limit: int) -> tuple[Any, list[tuple[str, ...]]]:
        page = self.page(ex, after, limit)
        return page, [self.cells(r) for r in page.items]

    def _newer_with_cells(self, ex: Any, top: Any, limit: int) -> tuple[Any, list[tuple[str, ...]]] | None:
        page = self.newer(ex, top, limit)
        return None if page is None else (page, [self.cells(r) for r in page.items])

    def foreground(self, row: Any) -> Any:
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid():
            return False
        return self._more and not self._loading and self._next is not None and not self.at_limit

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self._fetch(first=False)

    # --- loading ----------------------------------------------------------------------------------------

    def _set_loading(self, on: bool) -> None:
        if on != self._loading:
            self._loading = on
            self.loadingChanged.emit(on)

    def _set_stale(self, on: bool) -> None:
        if on != self._stale:
            self._stale = on
            self.staleChanged.emit(on)

    def _fetch(self, *, first: bool) -> None:
        self._set_loading(True)
        spawn(self._load(first, self.generation, self.start_after if first else self._next), name=f"{type(self).__name__}-page")

    async def _load(self, first: bool, generation: int, after: Any) -> None:
        try:
            page, cells = await self.source.query(self._page_with_cells, after, self.page_size)
        except DepotError as e:
            if shiboken6.isValid(self) and generation == self.generation:
                self._more = False
                self._set_loading(False)
                self.loadFailed.emit(describe_explorer_error(e))
            return
        except Exception:  # a bug: keep the table usable and the trace in the log
            log.exception("loading an explorer page failed")
            if shiboken6.isValid(self) and generation == self.generation:
                self._more = False
                self._set_loading(False)
            return
        if not shiboken6.isValid(self) or generation != self.generation:
            return  # the filters changed (or the table closed) while it loaded
        self.append(list(page.items), page.next, cells)
        self._set_loading(False)

    def append(self, items: list[Any], next_cursor: Any, cells: list[tuple[str, ...]] | None = None) -> None:
        """Add a page at the bottom (pure bookkeeping; ``next_cursor`` None: the last page)."""
        room = max(0, self.max_rows - len(self._rows))
        items = items[:room]
        cells = [self.cells(r) for r in items] if cells is None else cells[:room]
        if items:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._rows.extend(items)
            self._cells.extend(cells)
            self.endInsertRows()
        self._next = next_cursor
        self._more = next_cursor is not None
        if self.at_limit and self._more:
            self.limitReached.emit(len(self._rows))

    def prepend(self, items_ascending: list[Any], cells_ascending: list[tuple[str, ...]] | None = None) -> int:
        """Add rows newer than the top (given oldest first); returns how many were added."""
        if not items_ascending:
            return 0
        items = list(reversed(items_ascending))
        cells = [self.cells(r) for r in items] if cells_ascending is None else list(reversed(cells_ascending))
        self.beginInsertRows(QModelIndex(), 0, len(items) - 1)
        self._rows[0:0] = items
        self._cells[0:0] = cells
        self.endInsertRows()
        if len(self._rows) > self.max_rows:
            self.beginRemoveRows(QModelIndex(), self.max_rows, len(self._rows) - 1)
            del self._rows[self.max_rows :]
            del self._cells[self.max_rows :]
            self.endRemoveRows()
            self._next = self.key(self._rows[-1])
            self._more = True
        return len(items)

    def refresh_newer(self) -> None:
        """Take rows that arrived since the top row was loaded (newest-first listings started at the newest)."""
        if not self.source.is_open or self._newer_loading:
            return
        if self._source_generation != self.source.generation:
            self.reload()
            return
        if self.start_after is not None or not self.newest_first:
            if not self.newest_first and not self._more and not self._loading and self._rows:
                self._next = self.key(self._rows[-1])  # an oldest-first listing grows at the end
                self._more = True
                self._fetch(first=False)
            return
        if not self._rows:
            if not self._loading:
                self.reload()
            return
        self._newer_loading = True
        spawn(self._load_newer(self.generation, self.key(self._rows[0])), name=f"{type(self).__name__}-newer")

    async def _load_newer(self, generation: int, top: Any) -> None:
        try:
            got = await self.source.query(self._newer_with_cells, top, self.page_size + 1)
        except DepotError as e:
            log.info("newer rows: %s", e)
            return
        finally:
            if shiboken6.isValid(self):
                self._newer_loading = False
        if got is None or not shiboken6.isValid(self) or generation != self.generation:
            return
        page, cells = got
        items = list(page.items)
        if len(items) > self.page_size:
            self._set_stale(True)  # too many to slide in: the page offers to show the newest
            return
        self.prepend(items, cells)


def describe_explorer_error(e: BaseException) -> str:
    """The explorer's expected failures as translated sentences (by code)."""
    return describe_failure(getattr(e, "code", ""), getattr(e, "message", str(e)), getattr(e, "data", {}) or {}, e)


def describe_failure(code: str, message: str, data: dict[str, Any] | None = None, error: BaseException | None = None) -> str:
    """A failure's stable ``code`` (and English ``message``) as a translated sentence."""
    data = data or {}
    if code == "invalid_address":
        reason = str(data.get("reason") or message)
        if "checksum" in reason:
            return translate("ExplorerTables", "This address has a wrong checksum: a character is mistyped.")
        return translate("ExplorerTables", "This is not a valid address: {0}").format(reason)
    sentences = {
        "prefix_too_short": translate("ExplorerTables", "Type at least 8 characters of an id."),
        "ambiguous_prefix": translate("ExplorerTables", "Several ids start like this; type more characters."),
        "not_found": translate("ExplorerTables", "Nothing with this id is in the index."),
        "bad_query": translate("ExplorerTables", "This cannot be searched for: {0}"),
        "index_mismatch": translate(
            "ExplorerTables", "The index does not match this node's data (another chain or history); rebuild it."
        ),
        "node_data_missing": translate("ExplorerTables", "This folder holds no node data."),
        "node_schema_unknown": translate(
            "ExplorerTables", "This node data was written by a newer Depot; update Depot to read it."
        ),
        "index_schema_too_new": translate(
            "ExplorerTables", "The index was written by a newer Depot; rebuild it or update Depot."
        ),
        "explorer_not_open": translate("ExplorerTables", "No node data folder is open."),
        "explorer_error": translate("ExplorerTables", "The explorer cannot read this data: {0}"),
    }
    text = sentences.get(code)
    if text is None:
        if error is None:
            return message
        from app.formatting import describe_error

        return describe_error(error)
    return text.format(message) if "{0}" in text else text


# --- formatting helpers ----------------------------------------------------------------------------------


def _dash(v: Any) -> str:
    return "—" if v is None else str(v)


def tx_summary(tx: Any) -> str:
    """A few words on what a transaction does: its kind in people's words and its main fields."""
    what = kind_text(tx.kind, tx.kind)
    payload = tx.payload if tx.payload_json else None
    parts: list[str] = []
    if isinstance(payload, dict):
        amount = payload.get("amount")
        if isinstance(amount, int) and not isinstance(amount, bool):
            parts.append(amount_text(amount))
        to = payload.get("to")
        if isinstance(to, str) and to.startswith("depot1"):
            parts.append(translate("ExplorerTables", "to {0}").format(short_id(to, 10, 6)))
        for k, v in payload.items():
            if k.endswith("_id") and isinstance(v, str) and len(parts) < 3:
                parts.append(v)
    elif tx.decode_error:
        parts.append(translate("ExplorerTables", "not decoded ({0})").format(tx.decode_error))
    return what + (" · " + ", ".join(parts) if parts else "")


def tx_result(tx: Any) -> str:
    return translate("ExplorerTables", "OK") if tx.ok else translate("ExplorerTables", "Failed: {0}").format(tx.code)


def record_summary(rec: Any, limit: int = 120) -> str:
    if rec.data_json is None:
        return translate("ExplorerTables", "not decoded ({0})").format(rec.decode_error or "?")
    data = rec.data
    if isinstance(data, dict):
        bits = []
        for k, v in data.items():
            if isinstance(v, (dict, list)):
                continue
            bits.append(f"{k}={v}")
            if sum(len(b) for b in bits) > limit:
                break
        text = ", ".join(bits)
    else:
        text = json.dumps(data, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_type_text(type_name: str | None) -> str:
    return type_name if type_name else translate("ExplorerTables", "(unknown type)")


_FAILED = QColor("#c62828")
_brushes: list[QBrush] = []


def _failed_brush() -> QBrush:
    if not _brushes:
        _brushes.append(QBrush(_FAILED))
    return _brushes[0]


# --- the listings -------------------------------------------------------------------------------------------


class BlocksTableModel(KeysetTableModel):
    """Blocks, newest first; filters: ``from_ms``/``to_ms``; ``start_after``: height + 1 to go to a height."""

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column(lambda: translate("ExplorerTables", "Height"), lambda b: format_count(b.height), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Time"), lambda b: format_time_ms(b.time_ms)),
            Column(lambda: translate("ExplorerTables", "Transactions"), lambda b: format_count(b.num_txs), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Failed"), lambda b: format_count(b.num_failed) if b.num_failed else "", align=_RIGHT),
            Column(
                lambda: translate("ExplorerTables", "Signed"),
                lambda b: f"{b.signed}/{b.validators}" if b.validators else "—",
                lambda b: translate("ExplorerTables", "Validators that signed this block's commit: {0} of {1}").format(b.signed, b.validators),
                align=_RIGHT,
            ),
            Column(lambda: translate("ExplorerTables", "Proposer"), lambda b: short_id(b.proposer, 12, 6), lambda b: b.proposer, mono=True),
            Column(lambda: translate("ExplorerTables", "Block ID"), lambda b: short_id(b.block_id_hex, 12, 8), lambda b: b.block_id_hex, mono=True),
        )

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        return ex.blocks(after=after, limit=limit, **self.filters)

    def newer(self, ex: Any, top: Any, limit: int) -> Any:
        return ex.blocks(after=top, limit=limit, newest_first=False, **self.filters)

    def key(self, row: Any) -> Any:
        return row.height

    def go_to_height(self, height: int | None) -> None:
        self.set_filters(start_after=None if height is None else height + 1, **self.filters)


class TxsTableModel(KeysetTableModel):
    """Transactions, newest first; filters as ``Explorer.txs`` (party, kind, ref, height, time, failed)."""

    def __init__(self, source: ExplorerSource, *, newest_first: bool = True, **kw: Any) -> None:
        super().__init__(source, **kw)
        self.newest_first = newest_first

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column(
                lambda: translate("ExplorerTables", "Block"),
                lambda t: f"{format_count(t.height)} · {t.index}",
                lambda t: translate("ExplorerTables", "Block {0}, transaction {1}").format(t.height, t.index),
                align=_RIGHT,
            ),
            Column(lambda: translate("ExplorerTables", "Time"), lambda t: format_time_ms(t.time_ms)),
            Column(lambda: translate("ExplorerTables", "Kind"), lambda t: t.kind, lambda t: kind_text(t.kind, t.kind)),
            Column(lambda: translate("ExplorerTables", "Sender"), lambda t: short_id(t.sender, 12, 6), lambda t: t.sender, mono=True),
            Column(lambda: translate("ExplorerTables", "Result"), tx_result),
            Column(lambda: translate("ExplorerTables", "What"), tx_summary, tx_summary),
            Column(lambda: translate("ExplorerTables", "Transaction ID"), lambda t: short_id(t.tx_id_hex, 12, 8), lambda t: t.tx_id_hex, mono=True),
        )

    def foreground(self, row: Any) -> Any:
        return None if row.ok else _failed_brush()

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        return ex.txs(after=after, limit=limit, newest_first=self.newest_first, **self.filters)

    def newer(self, ex: Any, top: Any, limit: int) -> Any:
        return ex.txs(after=top, limit=limit, newest_first=False, **self.filters)

    def key(self, row: Any) -> Any:
        return row.pos

    def go_to_height(self, height: int | None) -> None:
        from explorer.schema import TX_INDEX_BITS

        self.set_filters(start_after=None if height is None else (height + 1) << TX_INDEX_BITS, **self.filters)


class AccountsTableModel(KeysetTableModel):
    """Every address seen, by address; how active each is."""

    newest_first = False

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column(lambda: translate("ExplorerTables", "Address"), lambda a: a.address, lambda a: a.address, mono=True),
            Column(lambda: translate("ExplorerTables", "Transactions"), lambda a: format_count(a.n_txs), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Sent"), lambda a: format_count(a.n_sent), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Events"), lambda a: format_count(a.n_events), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "First block"), lambda a: _dash(a.first_height), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Last block"), lambda a: _dash(a.last_height), align=_RIGHT),
        )

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        return ex.addresses(after=after, limit=limit)

    def key(self, row: Any) -> Any:
        from node.core.address import parse_address

        return bytes(parse_address(row.address))


class RecordsTableModel(KeysetTableModel):
    """Latest-state records by key; filters: ``type``, ``party``, ``ref``."""

    newest_first = False

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column(lambda: translate("ExplorerTables", "Type"), lambda r: record_type_text(r.type)),
            Column(lambda: translate("ExplorerTables", "Key"), lambda r: r.key_text, lambda r: r.key_text, mono=True),
            Column(lambda: translate("ExplorerTables", "Changed at"), lambda r: format_count(r.changed_height), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Contents"), record_summary, lambda r: record_summary(r, 1000)),
        )

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        return ex.records(after=after, limit=limit, **self.filters)

    def key(self, row: Any) -> Any:
        return row.key


class EventsTableModel(KeysetTableModel):
    """Events, newest first; filters as ``Explorer.events``."""

    def __init__(self, source: ExplorerSource, *, newest_first: bool = True, **kw: Any) -> None:
        super().__init__(source, **kw)
        self.newest_first = newest_first

    def make_columns(self) -> tuple[Column, ...]:
        return (
            Column(lambda: translate("ExplorerTables", "Block"), lambda e: format_count(e.height), align=_RIGHT),
            Column(lambda: translate("ExplorerTables", "Event"), lambda e: e.kind),
            Column(
                lambda: translate("ExplorerTables", "Attributes"),
                lambda e: _short_json(e.attrs_json, 160),
                lambda e: _short_json(e.attrs_json, 2000),
            ),
        )

    def page(self, ex: Any, after: Any, limit: int) -> Any:
        return ex.events(after=after, limit=limit, newest_first=self.newest_first, **self.filters)

    def newer(self, ex: Any, top: Any, limit: int) -> Any:
        return ex.events(after=top, limit=limit, newest_first=False, **self.filters)

    def key(self, row: Any) -> Any:
        return row.epos


def _short_json(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
