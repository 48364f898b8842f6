"""Tanks as a table: the agreed terms and the last level of every tank, live from chain events, with a recent trend and the time to the warning line.

The rows come from two listings of the node (``tank/reg/`` for the terms,
``tank/live/`` for the last reading), page by page as the view scrolls
(``canFetchMore``/``fetchMore``).  After that, chain events keep them current
without reloading: a ``reading.accepted`` carries the new level, an
``order.*`` event the tank's open order.  Events are queued and applied by a
timer a few times a second, with one ``dataChanged`` per batch.

Each row keeps its last ``TREND_POINTS`` levels, seeded from recent
``reading.accepted`` events and grown by new ones; ``estimate_ms_to_line``
turns them into the estimated time until the warning line.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)

from app.formatting import describe_error, format_time_ms
from app.models.dapp_common import (
    PartyNames,
    format_litres,
    format_time_to_line,
    is_int,
    spawn_for,
)
from node.core.errors import DepotError
from node.modules.tanks.records import LIVE_PREFIX, TANK_PREFIX, live_key, tank_key

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex

TREND_POINTS = 48
"""Levels kept per tank for its trend (a few hours of readings)."""
EVENTS_PAGE = 1000
"""The node answers at most this many events per ``/v1/events`` page."""


# --- one tank ------------------------------------------------------------------------------------


@dataclass(slots=True)
class TankRow:
    """A tank's terms in force and its last valid reading."""

    tank_id: str
    owner: str
    """The customer (buyer of its orders)."""
    supplier: str
    storage_id: str
    product: str
    capacity_l: int
    full_l: int
    max_level_mm: int
    warning_mm: int
    critical_mm: int
    reorder_l: int
    unit_price: int
    """Minor units per litre."""
    delivery_deadline_ms: int
    dispute_window_ms: int
    level_mm: int | None = None
    volume_l: int | None = None
    level_time_ms: int | None = None
    below_warning: int = 0
    """Consecutive valid readings below the warning line."""
    readings: int = 0
    faults: int = 0
    last_fault: str = ""
    open_order: str = ""
    orders: int = 0
    trend: deque[tuple[int, int]] = field(default_factory=lambda: deque(maxlen=TREND_POINTS))
    """``(time_ms, level_mm)`` of recent valid readings, oldest first."""

    @property
    def state(self) -> str:
        """``"none"`` (no reading yet), ``"ok"``, ``"warning"`` or ``"critical"``."""
        if self.level_mm is None:
            return "none"
        if self.level_mm < self.critical_mm:
            return "critical"
        if self.level_mm < self.warning_mm:
            return "warning"
        return "ok"

    @property
    def fraction(self) -> float | None:
        """Level as a fraction of the tank's height (for bars), or None."""
        if self.level_mm is None or self.max_level_mm <= 0:
            return None
        return max(0.0, min(1.0, self.level_mm / self.max_level_mm))

    def time_to_warning_ms(self, now_ms: int | None = None) -> int | None:
        """Estimated ms until the level reaches the warning line (0: below it; None: not falling)."""
        if self.level_mm is not None and self.level_mm < self.warning_mm:
            return 0
        return estimate_ms_to_line(list(self.trend), self.warning_mm, tolerance_mm=self.noise_tolerance_mm)

    @property
    def noise_tolerance_mm(self) -> int:
        return max(5, self.max_level_mm // 100)

    def is_party(self, address: str) -> bool:
        return bool(address) and address in (self.owner, self.supplier)


def _int(d: dict[str, Any], key: str, default: int | None = None) -> int:
    v = d.get(key, default)
    if not is_int(v):
        raise ValueError(key)
    return int(v)


def row_from_records(reg: Any, live: Any) -> TankRow | None:
    """A row from a ``tank`` record and its ``tank live`` record (or None); None if malformed."""
    try:
        if not isinstance(reg, dict) or not isinstance(reg.get("terms"), dict):
            raise ValueError("terms")
        t = reg["terms"]
        row = TankRow(
            tank_id=str(t["tank_id"]),
            owner=str(t["owner"]),
            supplier=str(t["supplier"]),
            storage_id=str(t.get("storage_id", "")),
            product=str(t.get("product", "")),
            capacity_l=_int(t, "capacity_l"),
            full_l=_int(reg, "full_l", 0),
            max_level_mm=_int(reg, "max_level_mm", 0),
            warning_mm=_int(t, "warning_mm"),
            critical_mm=_int(t, "critical_mm"),
            reorder_l=_int(t, "reorder_l", 0),
            unit_price=_int(t, "unit_price", 0),
            delivery_deadline_ms=_int(t, "delivery_deadline_ms", 0),
            dispute_window_ms=_int(t, "dispute_window_ms", 0),
        )
    except (KeyError, ValueError) as e:
        log.warning("ignoring a malformed tank record (%s): %.200r", e, reg)
        return None
    if isinstance(live, dict):
        apply_live(row, live)
    return row


def apply_live(row: TankRow, live: dict[str, Any]) -> None:
    """Copy a ``tank live`` record into the row."""
    if live.get("has_level") and is_int(live.get("level_mm")):
        row.level_mm = int(live["level_mm"])
        row.volume_l = int(live["volume_l"]) if is_int(live.get("volume_l")) else None
        row.level_time_ms = int(live["level_time_ms"]) if is_int(live.get("level_time_ms")) else None
        if row.level_time_ms is not None and (not row.trend or row.trend[-1][0] < row.level_time_ms):
            row.trend.append((row.level_time_ms, row.level_mm))
    for name in ("below_warning", "readings", "faults", "orders"):
        if is_int(live.get(name)):
            setattr(row, name, int(live[name]))
    row.last_fault = str(live.get("last_fault") or "")
    row.open_order = str(live.get("open_order") or "")


def apply_event(row: TankRow, kind: str, attrs: dict[str, Any]) -> bool:
    """Apply one chain event about this tank; True if the row changed."""
    if kind == "reading.accepted":
        t, level = attrs.get("time_ms"), attrs.get("level_mm")
        if not is_int(t) or not is_int(level):
            return False
        if row.level_time_ms is not None and t < row.level_time_ms:
            return False  # older than what we show (a catch-up page): keep the newer level
        row.level_mm, row.level_time_ms = int(level), int(t)
        if is_int(attrs.get("volume_l")):
            row.volume_l = int(attrs["volume_l"])
        if is_int(attrs.get("below_warning")):
            row.below_warning = int(attrs["below_warning"])
        row.readings += 1
        add_trend_point(row, int(t), int(level))
        return True
    if kind == "reading.fault":
        row.faults += 1
        row.last_fault = str(attrs.get("code") or "")
        return True
    order_id = attrs.get("order_id")
    if kind == "order.created" and isinstance(order_id, str):
        row.open_order = order_id
        row.orders += 1
        return True
    if kind in ("order.settled", "order.cancelled", "order.resolved") and order_id == row.open_order:
        row.open_order = ""
        return True
    return False


def add_trend_point(row: TankRow, time_ms: int, level_mm: int) -> None:
    """Append a level to the row's trend, keeping it in time order (duplicates dropped)."""
    if row.trend and time_ms <= row.trend[-1][0]:
        if any(t == time_ms for t, _ in row.trend):
            return
        points = sorted([*row.trend, (time_ms, level_mm)])
        row.trend.clear()
        row.trend.extend(points[-TREND_POINTS:])
        return
    row.trend.append((time_ms, level_mm))


# --- the trend -----------------------------------------------------------------------------------


def falling_segment(points: Sequence[tuple[int, int]], tolerance_mm: int = 5) -> list[tuple[int, int]]:
    """The readings since the last fill: going back from the newest, stop at a rise above ``tolerance_mm``."""
    pts = sorted(points)
    start = 0
    for i in range(len(pts) - 1, 0, -1):
        if pts[i][1] - pts[i - 1][1] > tolerance_mm:
            start = i
            break
    return pts[start:]


def estimate_ms_to_line(
    points: Sequence[tuple[int, int]],
    line_mm: int,
    *,
    tolerance_mm: int = 5,
    min_points: int = 3,
    min_span_ms: int = 1000,
) -> int | None:
    """Estimated ms until the level falls to ``line_mm``, from a least-squares line through the readings since the last fill.

    ``points`` are ``(time_ms, level_mm)``.  0 when the last level is already
    below the line; None when there are too few readings, they span too
    little time, or the level is not falling.
    """
    seg = falling_segment(points, tolerance_mm)
    if not seg:
        return None
    last_t, last_level = seg[-1]
    if last_level < line_mm:
        return 0
    if len(seg) < min_points or seg[-1][0] - seg[0][0] < min_span_ms:
        return None
    n = len(seg)
    t0 = seg[0][0]
    mean_t = sum(t - t0 for t, _ in seg) / n
    mean_l = sum(level for _, level in seg) / n
    sxx = sum((t - t0 - mean_t) ** 2 for t, _ in seg)
    sxy = sum((t - t0 - mean_t) * (level - mean_l) for t, level in seg)
    if sxx <= 0:
        return None
    slope = sxy / sxx  # mm per ms
    if slope >= -1e-12:
        return None
    return max(0, int((last_level - line_mm) / -slope))


# --- reading events from the node ----------------------------------------------------------------


async def events_forward(
    client: Any, kind: str | None, lo: int, hi: int, *, page: int = EVENTS_PAGE
) -> AsyncIterator[list[dict[str, Any]]]:
    """Pages of events of ``kind`` in heights ``lo``..``hi``, in chain order, each event once.

    A full page of ``/v1/events`` carries a cursor (``next``) to go on after
    its last event, inside one block too.
    """
    after: str | None = None
    while True:
        answer = await client.events(from_height=lo, to_height=hi, kind=kind, limit=page, after=after)
        raw = answer.get("events", []) if isinstance(answer, dict) else []
        events = [e for e in raw if isinstance(e, dict) and is_int(e.get("height"))] if isinstance(raw, list) else []
        if events:
            yield events
        after = answer.get("next") if isinstance(answer, dict) else None
        if not isinstance(after, str) or not after:
            return


async def events_backwards(
    client: Any,
    kind: str,
    tip: int,
    *,
    chunk_blocks: int = 256,
    max_events: int = 50_000,
) -> AsyncIterator[tuple[int, list[dict[str, Any]]]]:
    """``(lowest height, events)`` of ``kind`` in chunks of heights going back from ``tip``, newest chunk first.

    Events inside a chunk are in chain order.  The chunk size adapts to how
    many events the chain holds; at most ``max_events`` are read in all (a
    chunk that would pass the limit is dropped whole, so no gap is left).
    """
    hi, chunk, total = tip, max(1, chunk_blocks), 0
    while hi >= 0:
        lo = max(0, hi - chunk + 1)
        events: list[dict[str, Any]] = []
        over = False
        async for page in events_forward(client, kind, lo, hi):
            events.extend(page)
            if total + len(events) > max_events:
                over = True
                break
        if over:
            return
        total += len(events)
        yield lo, events
        if lo == 0:
            return
        hi = lo - 1
        if len(events) < EVENTS_PAGE // 4:
            chunk = min(chunk * 2, 1 << 20)
        elif len(events) > 2 * EVENTS_PAGE:
            chunk = max(8, chunk // 2)


async def _all_records(client: Any, prefix: bytes, *, after: bytes | None, limit: int) -> tuple[list[dict[str, Any]], bytes | None]:
    """One page of decoded records under ``prefix`` and the key to continue after (None: the end)."""
    answer = await client.records(prefix, after=after, limit=limit)
    records = [r["record"] for r in answer.get("records", []) if isinstance(r, dict) and "record" in r]
    nxt = answer.get("next")
    if len(answer.get("records", [])) < limit:
        nxt = None
    return records, bytes.fromhex(nxt) if isinstance(nxt, str) and nxt else None


# --- the table -----------------------------------------------------------------------------------


class TanksModel(QAbstractTableModel):
    """Every tank: level bar, volume, warning line, time to it, open order, parties, last reading."""

    TANK, PRODUCT, LEVEL, VOLUME, WARNING, TO_WARNING, OPEN_ORDER, CUSTOMER, SUPPLIER, LAST_READING = range(10)
    COLUMN_COUNT = 10
    RowRole = Qt.ItemDataRole.UserRole + 1
    """The row's ``TankRow``."""
    SortRole = Qt.ItemDataRole.UserRole + 2

    loadingChanged = Signal(bool)
    fetchFailed = Signal(str)
    """A page could not be loaded; a translated sentence."""
    readingsApplied = Signal(list)
    """``[(tank_id, time_ms, level_mm), ...]`` of the readings applied in one batch (charts follow them)."""
    batchApplied = Signal()
    """A batch of events changed some rows (dashboards recompute)."""

    def __init__(
        self,
        client: Any,
        *,
        names: PartyNames | None = None,
        page_size: int = 500,
        flush_interval_ms: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._names = names
        self._page_size = page_size
        self._rows: list[TankRow] = []
        self._by_id: dict[str, int] = {}
        self._next: bytes | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._was_down = False
        self._pending: list[dict[str, Any]] = []
        self._refetch: set[str] = set()
        self._trends_seeded = False
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(flush_interval_ms)
        self._flush.timeout.connect(self.flush)
        if names is not None:
            names.changed.connect(self._names_changed)

    # --- rows ------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def rows(self) -> list[TankRow]:
        return self._rows

    def row_of(self, tank_id: str) -> TankRow | None:
        i = self._by_id.get(tank_id)
        return self._rows[i] if i is not None else None

    def row_number(self, tank_id: str) -> int | None:
        return self._by_id.get(tank_id)

    def set_rows(self, rows: Iterable[TankRow], *, more: bool = False, stale_fetches: bool = True) -> None:
        """Replace every row (sorted by tank id); ``more``: further pages exist."""
        ordered = sorted(rows, key=lambda r: r.tank_id.encode())
        for r in ordered:  # a reload keeps what the trends learnt
            old = self.row_of(r.tank_id)
            if old is not None and len(old.trend) > len(r.trend):
                for t, level in old.trend:
                    add_trend_point(r, t, level)
        self.beginResetModel()
        self._rows = ordered
        self._reindex()
        self._more = more
        if stale_fetches:  # pages requested before this reset no longer fit
            self._generation += 1
        self.endResetModel()

    def add_rows(self, rows: Iterable[TankRow], *, more: bool) -> None:
        """Append a page of rows after the last one (keys ascending)."""
        last = self._rows[-1].tank_id.encode() if self._rows else b""
        new = sorted((r for r in rows if r.tank_id.encode() > last and r.tank_id not in self._by_id),
                     key=lambda r: r.tank_id.encode())
        self._more = more
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._reindex()
        self.endInsertRows()

    def upsert(self, row: TankRow) -> None:
        """Insert a new tank in key order (if it falls within what is loaded) or replace an existing one."""
        i = self._by_id.get(row.tank_id)
        if i is not None:
            old = self._rows[i]
            row.trend = old.trend if not row.trend else row.trend
            self._rows[i] = row
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMN_COUNT - 1))
            return
        key = row.tank_id.encode()
        if self._more and self._rows and key > self._rows[-1].tank_id.encode():
            return  # beyond the loaded pages: it comes with fetchMore
        pos = 0
        while pos < len(self._rows) and self._rows[pos].tank_id.encode() < key:
            pos += 1
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, row)
        self._reindex()
        self.endInsertRows()

    def _reindex(self) -> None:
        self._by_id = {r.tank_id: i for i, r in enumerate(self._rows)}

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Tank"), self.tr("Product"), self.tr("Level"), self.tr("Volume"), self.tr("Warning line"),
            self.tr("To warning line"), self.tr("Open order"), self.tr("Customer"), self.tr("Supplier"),
            self.tr("Last reading"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < self.COLUMN_COUNT):
            return None
        row = self._rows[r]
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, c)
        if role == self.SortRole:
            return self._sort_key(row, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, c)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if c in (self.VOLUME, self.WARNING, self.LEVEL):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, row: TankRow, c: int) -> str:
        if c == self.TANK:
            return row.tank_id
        if c == self.PRODUCT:
            return row.product
        if c == self.LEVEL:
            f = row.fraction
            return "—" if f is None else self.tr("{0} %").format(int(f * 100))
        if c == self.VOLUME:
            return format_litres(row.volume_l)
        if c == self.WARNING:
            return self.tr("{0} mm").format(row.warning_mm)
        if c == self.TO_WARNING:
            if row.level_mm is None:
                return "—"
            return format_time_to_line(row.time_to_warning_ms())
        if c == self.OPEN_ORDER:
            return row.open_order or "—"
        if c == self.CUSTOMER:
            return self._names.name(row.owner) if self._names else row.owner
        if c == self.SUPPLIER:
            return self._names.name(row.supplier) if self._names else row.supplier
        if c == self.LAST_READING:
            return format_time_ms(row.level_time_ms) if row.level_time_ms is not None else self.tr("no reading yet")
        return ""

    def _sort_key(self, row: TankRow, c: int) -> Any:
        if c == self.LEVEL:
            return row.fraction if row.fraction is not None else -1.0
        if c == self.VOLUME:
            return row.volume_l if row.volume_l is not None else -1
        if c == self.WARNING:
            return row.warning_mm
        if c == self.TO_WARNING:
            t = row.time_to_warning_ms()
            return float("inf") if t is None else float(t)
        if c == self.LAST_READING:
            return row.level_time_ms or 0
        return self._display(row, c)

    def _tooltip(self, row: TankRow, c: int) -> str | None:
        if c == self.LEVEL and row.level_mm is not None:
            return self.tr("{0} mm of {1} mm; warning line {2} mm, critical line {3} mm").format(
                row.level_mm, row.max_level_mm, row.warning_mm, row.critical_mm)
        if c == self.TO_WARNING:
            return self.tr("Estimated from the level trend since the last delivery")
        if c == self.CUSTOMER:
            return row.owner
        if c == self.SUPPLIER:
            return row.supplier
        if c == self.LAST_READING and row.faults:
            return self.tr("Sensor faults: {0}; the last: {1}").format(row.faults, row.last_fault or "—")
        return None

    def _names_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, self.CUSTOMER), self.index(len(self._rows) - 1, self.SUPPLIER),
                                  [Qt.ItemDataRole.DisplayRole])

    # --- paging ---------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more and not self._loading and self._client is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._set_loading(True)
            spawn_for(self, self._fetch_page(self._generation), name="tanks-page")

    def reload(self) -> None:
        """Start again from the first page (after a reconnect, or on request)."""
        if self._client is None:
            return
        self._generation += 1
        self._next = None
        self._set_loading(True)
        spawn_for(self, self._fetch_page(self._generation, first=True), name="tanks-first-page")

    async def fetch_all(self, max_rows: int = 50_000) -> None:
        """Load every page (the dashboard needs every tank of its account), up to ``max_rows``."""
        if not self._rows and not self._loading:
            self.reload()
        while self._loading:
            await asyncio.sleep(0.05)
        while self._more and len(self._rows) < max_rows:
            self._set_loading(True)
            await self._fetch_page(self._generation)

    async def _fetch_page(self, generation: int, *, first: bool = False) -> None:
        try:
            after = None if first else self._next
            regs, nxt = await _all_records(self._client, TANK_PREFIX, after=after, limit=self._page_size)
            live_after = LIVE_PREFIX + after[len(TANK_PREFIX):] if after is not None else None
            lives, _ = await _all_records(self._client, LIVE_PREFIX, after=live_after, limit=self._page_size)
            if generation != self._generation:
                return
            by_id = {lv.get("tank_id"): lv for lv in lives if isinstance(lv, dict)}
            rows = [r for r in (row_from_records(reg, by_id.get((reg.get("terms") or {}).get("tank_id")))
                                for reg in regs) if r is not None]
            missing = [r for r in rows if r.tank_id not in by_id]
            for r in missing:  # the live listing ended earlier than the terms listing
                lv = await self._one(live_key(r.tank_id), "tank_id", r.tank_id)
                if lv is not None:
                    apply_live(r, lv)
            self._next = nxt
            if first:
                self.set_rows(rows, more=nxt is not None, stale_fetches=False)
            else:
                self.add_rows(rows, more=nxt is not None)
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            if generation == self._generation:
                self._set_loading(False)
        if first and not self._trends_seeded:
            self._trends_seeded = True
            spawn_for(self, self.seed_trends(), name="tanks-trends")

    async def _one(self, key: bytes, field_name: str, value: str) -> dict[str, Any] | None:
        answer = await self._client.records(key, limit=1)
        for r in answer.get("records", []):
            rec = r.get("record") if isinstance(r, dict) else None
            if isinstance(rec, dict) and (rec.get(field_name) == value or
                                          (rec.get("terms") or {}).get(field_name) == value):
                return rec
        return None

    def _set_loading(self, on: bool) -> None:
        if on != self._loading:
            self._loading = on
            self.loadingChanged.emit(on)

    async def seed_trends(self, *, window_ms: int = 6 * 3600_000, max_events: int = 20_000) -> None:
        """Fill each loaded tank's trend from recent ``reading.accepted`` events (newest first, bounded)."""
        try:
            status = await self._client.status()
            tip = int(status.get("height", 0))
            since = int(time.time() * 1000) - window_ms
            async for _lo, events in events_backwards(self._client, "reading.accepted", tip, max_events=max_events):
                oldest = None
                for e in events:
                    a = e.get("attrs") or {}
                    row = self.row_of(str(a.get("tank_id")))
                    if row is not None and is_int(a.get("time_ms")) and is_int(a.get("level_mm")):
                        add_trend_point(row, int(a["time_ms"]), int(a["level_mm"]))
                        oldest = a["time_ms"] if oldest is None else min(oldest, a["time_ms"])
                full = all(len(r.trend) >= TREND_POINTS for r in self._rows)
                if full or (oldest is not None and oldest < since):
                    break
        except DepotError as e:
            log.info("tank trends not seeded: %s", e)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.TO_WARNING), self.index(len(self._rows) - 1, self.TO_WARNING))
            self.batchApplied.emit()

    # --- live updates ------------------------------------------------------------------------

    def on_chain_event(self, event: dict[str, Any]) -> None:
        """Slot for ``NodeBridge.chainEvent``: queue it; the flush timer applies the batch."""
        kind = event.get("kind")
        if not isinstance(kind, str) or not kind.startswith(("reading.", "order.", "tank.")):
            return
        self._pending.append(event)
        if not self._flush.isActive():
            self._flush.start()

    def on_connection_changed(self, up: bool) -> None:
        """After a reconnect the stream missed events: reload (not on the first connection)."""
        if not up:
            self._was_down = True
        elif self._was_down:
            self._was_down = False
            self.reload()

    def flush(self) -> None:
        """Apply the queued events: one ``dataChanged`` over the rows they touched."""
        events, self._pending = self._pending, []
        lo, hi = None, None
        readings: list[tuple[str, int, int]] = []
        for e in events:
            kind, attrs = e.get("kind"), e.get("attrs")
            if not isinstance(attrs, dict):
                continue
            tank_id = attrs.get("tank_id")
            if not isinstance(tank_id, str):
                continue
            if kind in ("tank.registered", "tank.amended", "tank.key_revoked"):
                self._refetch.add(tank_id)
                continue
            i = self._by_id.get(tank_id)
            if i is None:
                continue
            if apply_event(self._rows[i], str(kind), attrs):
                lo = i if lo is None else min(lo, i)
                hi = i if hi is None else max(hi, i)
                if kind == "reading.accepted":
                    readings.append((tank_id, int(attrs["time_ms"]), int(attrs["level_mm"])))
        if lo is not None and hi is not None:
            self.dataChanged.emit(self.index(lo, 0), self.index(hi, self.COLUMN_COUNT - 1))
        if readings:
            self.readingsApplied.emit(readings)
        if lo is not None:
            self.batchApplied.emit()
        if self._refetch and self._client is not None:
            ids, self._refetch = sorted(self._refetch), set()
            spawn_for(self, self._fetch_tanks(ids, self._generation), name="tanks-refetch")

    async def _fetch_tanks(self, ids: list[str], generation: int) -> None:
        for tank_id in ids:
            try:
                reg = await self._one(tank_key(tank_id), "tank_id", tank_id)
                live = await self._one(live_key(tank_id), "tank_id", tank_id)
            except DepotError as e:
                self.fetchFailed.emit(describe_error(e))
                return
            if generation != self._generation:
                return
            row = row_from_records(reg, live) if reg is not None else None
            if row is not None:
                self.upsert(row)
        self.batchApplied.emit()


# --- filtering -----------------------------------------------------------------------------------


class TanksFilterModel(QSortFilterProxyModel):
    """Tanks by text (id, product), by party (only the signed-in account's) and by state."""

    ALL, NEED_ATTENTION, BELOW_WARNING, BELOW_CRITICAL, WITH_ORDER, NO_READING = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._party = ""
        self._state = self.ALL
        self.setSortRole(TanksModel.SortRole)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_party(self, address: str) -> None:
        """Only tanks this address owns or supplies ("" for every tank)."""
        self.beginFilterChange()
        self._party = address
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: int) -> None:
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        row = model.data(model.index(source_row, 0, source_parent), TanksModel.RowRole)
        if not isinstance(row, TankRow):
            return False
        if self._party and not row.is_party(self._party):
            return False
        if self._text and self._text not in row.tank_id.lower() and self._text not in row.product.lower() \
                and self._text not in row.open_order.lower():
            return False
        s = self._state
        if s == self.NEED_ATTENTION:
            return row.state in ("warning", "critical") or bool(row.open_order) or bool(row.last_fault) and \
                row.state == "none"
        if s == self.BELOW_WARNING:
            return row.state in ("warning", "critical")
        if s == self.BELOW_CRITICAL:
            return row.state == "critical"
        if s == self.WITH_ORDER:
            return bool(row.open_order)
        if s == self.NO_READING:
            return row.state == "none"
        return True


# --- one tank's level history --------------------------------------------------------------------


MAX_HISTORY_POINTS = 4000
"""Levels kept for one tank's chart; older halves are thinned out beyond this."""


def thin(points: list[tuple[int, int]], limit: int = MAX_HISTORY_POINTS) -> list[tuple[int, int]]:
    """Keep at most ``limit`` points: every other one of the older part goes, the newest quarter stays whole."""
    while len(points) > limit:
        keep = len(points) // 4
        old, new = points[: len(points) - keep], points[len(points) - keep :]
        points = old[::2] + new
    return points


class LevelHistoryLoader(QObject):
    """Loads one tank's levels over a time window from ``reading.accepted`` events, newest first, cancellable.

    The node lists events by height for every tank at once, so the loader
    walks back from the tip in chunks, keeps only this tank's readings
    (thinned to ``MAX_HISTORY_POINTS``) and reports progress as the share of
    the window covered.  ``chunkLoaded`` delivers each chunk's points (older
    than everything delivered before) so the chart fills in while it loads.
    """

    chunkLoaded = Signal(list)
    """``[(time_ms, level_mm), ...]`` in time order, all older than earlier chunks."""
    progress = Signal(int)
    """0..100: how much of the window is covered."""
    finished = Signal(bool)
    """True: the whole window (or the chain's start) was read; False: stopped early (cancelled, limit)."""
    failed = Signal(str)

    def __init__(self, client: Any, parent: QObject | None = None, *, max_events: int = 500_000) -> None:
        super().__init__(parent)
        self._client = client
        self._task: Any = None
        self._max_events = max_events
        self.running = False

    def start(self, tank_id: str, window_ms: int, *, now_ms: int | None = None) -> None:
        self.cancel()
        self.running = True
        self._task = spawn_for(self, self._load(tank_id, window_ms, now_ms), name=f"level-history-{tank_id}")

    def cancel(self) -> None:
        """Stop loading; what was delivered stays on the chart."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            if self.running:
                self.running = False
                self.finished.emit(False)
        self._task = None

    async def _load(self, tank_id: str, window_ms: int, now_ms: int | None) -> None:
        complete = False
        try:
            now = now_ms if now_ms is not None else int(time.time() * 1000)
            since = now - window_ms
            tip = int((await self._client.status()).get("height", 0))
            complete = True
            async for lo, events in events_backwards(self._client, "reading.accepted", tip,
                                                     max_events=self._max_events):
                pts = []
                oldest_seen = None
                for e in events:
                    a = e.get("attrs") or {}
                    t = a.get("time_ms")
                    if is_int(t):
                        oldest_seen = t if oldest_seen is None else min(oldest_seen, t)
                    if a.get("tank_id") == tank_id and is_int(t) and is_int(a.get("level_mm")) and t >= since:
                        pts.append((int(t), int(a["level_mm"])))
                if pts:
                    pts.sort()
                    self.chunkLoaded.emit(pts)
                if oldest_seen is not None:
                    covered = max(0, min(window_ms, now - oldest_seen))
                    self.progress.emit(int(covered * 100 // max(1, window_ms)))
                if (oldest_seen is not None and oldest_seen < since) or lo == 0:
                    break
                await asyncio.sleep(0)  # let the GUI paint between chunks
            else:
                complete = False  # the event limit ended the walk
            self.progress.emit(100)
        except DepotError as e:
            complete = False
            self.failed.emit(describe_error(e))
        finally:
            if self.running:
                self.running = False
                self.finished.emit(complete)


def shared_tanks_model(services: Any) -> TanksModel:
    """The session's one ``TanksModel`` (dashboard and tanks page share it), fed by the bridge."""
    from app.models.dapp_common import party_names, shared

    def make() -> TanksModel:
        parent = services if isinstance(services, QObject) else None
        model = TanksModel(services.client, names=party_names(services), parent=parent)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(model.on_chain_event)
            bridge.connectionChanged.connect(model.on_connection_changed)
        model.reload()
        return model

    return shared(services, "tanks_model", make)
