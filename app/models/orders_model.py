"""Tank orders as a table, paged from the node and kept current by order events; what each role may do with an order.

Rows are ``order`` records (``GET /v1/records?prefix=order/item/``), loaded a
page at a time as the view scrolls.  Order events (``order.created``,
``order.confirmed``, ...) name the order; the ids are queued, and a timer
re-reads just those records and replaces their rows (or inserts a new order
where it belongs), so a busy chain costs a few small requests per second and
never a reload.
"""

from __future__ import annotations

import asyncio
import enum
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
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor

from app.formatting import describe_error, format_amount_locale, format_time_ms
from app.models.dapp_common import (
    Identity,
    PartyNames,
    format_duration_ms,
    format_litres,
    is_int,
    spawn_for,
)
from node.core.errors import DepotError
from node.modules.tanks.records import ORDER_PREFIX, OrderStatus, order_key

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate

OPEN = {1, 2, 3, 4, 5, 8}
CLOSED = {6, 7, 9}


def status_name(status: int) -> str:
    """An order status (``OrderStatus``) as clerks read it."""
    names = {
        OrderStatus.AWAITING_FUNDS: translate("orders", "Awaiting funds"),
        OrderStatus.AWAITING_STOCK: translate("orders", "Awaiting stock"),
        OrderStatus.CONFIRMED: translate("orders", "Confirmed"),
        OrderStatus.DISPATCHED: translate("orders", "Dispatched"),
        OrderStatus.DELIVERED: translate("orders", "Delivered"),
        OrderStatus.SETTLED: translate("orders", "Settled"),
        OrderStatus.CANCELLED: translate("orders", "Cancelled"),
        OrderStatus.DISPUTED: translate("orders", "Disputed"),
        OrderStatus.RESOLVED: translate("orders", "Resolved"),
    }
    try:
        return names[OrderStatus(status)]
    except ValueError:
        return translate("orders", "Unknown ({0})").format(status)


def status_colour(status: int) -> QColor | None:
    if status in (OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK, OrderStatus.DISPUTED):
        return QColor("#c0392b")
    if status in (OrderStatus.CONFIRMED, OrderStatus.DISPATCHED, OrderStatus.DELIVERED):
        return QColor("#b7791f")
    return None


def evidence_name(evidence: int) -> str:
    return {
        0: "—",
        1: translate("orders", "fill seen in the readings"),
        2: translate("orders", "confirmed by the buyer"),
        3: translate("orders", "decided by the arbiter"),
    }.get(evidence, str(evidence))


def valid_order(rec: Any) -> bool:
    """An ``order`` record with the fields the app reads."""
    if not isinstance(rec, dict) or not isinstance(rec.get("order_id"), str):
        return False
    ints = ("status", "quantity_l", "unit_price", "estimated_cost", "escrow", "created_ms", "deadline_ms",
            "dispatched_l", "delivered_l", "paid", "released")
    return all(is_int(rec.get(k)) for k in ints) and isinstance(rec.get("buyer"), str) and \
        isinstance(rec.get("supplier"), str)


def actual_cost(order: dict[str, Any]) -> int | None:
    """What was paid, once the order is settled or resolved; None before."""
    if order["status"] in (OrderStatus.SETTLED, OrderStatus.RESOLVED):
        return int(order["paid"])
    return None


# --- the status timeline --------------------------------------------------------------------------


class StepState(enum.Enum):
    DONE = "done"
    CURRENT = "current"
    FUTURE = "future"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    title: str
    state: StepState
    time_ms: int | None = None


def timeline(order: dict[str, Any]) -> list[Step]:
    """The order's way so far and ahead: created → awaiting → confirmed → dispatched → delivered → settled, or its branch."""
    s = int(order["status"])
    reached = int(order.get("disputed_status") or 0) if s in (OrderStatus.DISPUTED, OrderStatus.RESOLVED) else s
    dispatched = int(order.get("dispatched_ms") or 0) or None
    delivered = int(order.get("delivered_ms") or 0) or None
    closed = int(order.get("closed_ms") or 0) or None
    steps = [Step("created", translate("orders", "Created"), StepState.DONE, int(order["created_ms"]))]
    if s in (OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK):
        steps.append(Step("waiting", status_name(s), StepState.CURRENT))
    elif reached in (OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK):
        steps.append(Step("waiting", status_name(reached), StepState.DONE))

    def state_of(step_status: int, at: int | None) -> StepState:
        if s == OrderStatus.CANCELLED:
            return StepState.DONE if at else StepState.FUTURE
        if reached > step_status or at:
            return StepState.DONE
        if reached == step_status:
            return StepState.CURRENT if s not in (OrderStatus.DISPUTED, OrderStatus.RESOLVED) else StepState.DONE
        return StepState.FUTURE

    confirmed_done = reached >= OrderStatus.CONFIRMED and reached not in (OrderStatus.CANCELLED,) or dispatched
    steps.append(Step("confirmed", translate("orders", "Confirmed"),
                      StepState.DONE if confirmed_done else StepState.FUTURE))
    steps.append(Step("dispatched", translate("orders", "Dispatched"), state_of(OrderStatus.DISPATCHED, dispatched),
                      dispatched))
    steps.append(Step("delivered", translate("orders", "Delivered"), state_of(OrderStatus.DELIVERED, delivered),
                      delivered))
    if s == OrderStatus.CANCELLED:
        return [*[st for st in steps if st.state is StepState.DONE],
                Step("cancelled", translate("orders", "Cancelled"), StepState.FAILED, closed)]
    if s in (OrderStatus.DISPUTED, OrderStatus.RESOLVED):
        done = [st for st in steps if st.state is StepState.DONE]
        disputed = Step("disputed", translate("orders", "Disputed"),
                        StepState.CURRENT if s == OrderStatus.DISPUTED else StepState.DONE)
        resolved = Step("resolved", translate("orders", "Resolved"),
                        StepState.DONE if s == OrderStatus.RESOLVED else StepState.FUTURE, closed)
        return [*done, disputed, resolved]
    steps.append(Step("settled", translate("orders", "Settled"),
                      StepState.DONE if s == OrderStatus.SETTLED else StepState.FUTURE, closed))
    return steps


# --- what a clerk may do ---------------------------------------------------------------------------


class Action(enum.Enum):
    TOP_UP = "order.top_up"
    CONFIRM = "order.confirm"
    DISPATCH = "order.dispatch"
    CONFIRM_DELIVERY = "order.confirm_delivery"
    SETTLE = "order.settle"
    DISPUTE = "order.dispute"
    RESOLVE = "order.resolve"

    @property
    def kind(self) -> str:
        """The transaction kind."""
        return self.value


def action_title(action: Action) -> str:
    return {
        Action.TOP_UP: translate("orders", "Top up escrow…"),
        Action.CONFIRM: translate("orders", "Confirm with stock…"),
        Action.DISPATCH: translate("orders", "Dispatch…"),
        Action.CONFIRM_DELIVERY: translate("orders", "Confirm delivery…"),
        Action.SETTLE: translate("orders", "Settle now…"),
        Action.DISPUTE: translate("orders", "Dispute…"),
        Action.RESOLVE: translate("orders", "Resolve dispute…"),
    }[action]


def available_actions(order: dict[str, Any], who: Identity, now_ms: int) -> list[Action]:
    """What ``who`` may do with ``order`` now, by the tanks contract (tanks.md §6)."""
    if not who.signed_in:
        return []
    s = int(order["status"])
    out: list[Action] = []
    buyer, supplier = who.address == order["buyer"], who.address == order["supplier"]
    if s in CLOSED:
        return out
    if buyer:
        if s == OrderStatus.AWAITING_FUNDS:
            out.append(Action.TOP_UP)
        if s == OrderStatus.DISPATCHED:
            out.append(Action.CONFIRM_DELIVERY)
        if s == OrderStatus.DELIVERED:
            out.append(Action.SETTLE)
    if supplier:
        if s == OrderStatus.AWAITING_STOCK:
            out.append(Action.CONFIRM)
        if s == OrderStatus.CONFIRMED:
            out.append(Action.DISPATCH)
        if s == OrderStatus.DELIVERED and now_ms >= int(order.get("settle_after_ms") or 0):
            out.append(Action.SETTLE)
    if (buyer or supplier) and s != OrderStatus.DISPUTED:
        out.append(Action.DISPUTE)
    if who.role == "arbiter" and not (buyer or supplier) and s == OrderStatus.DISPUTED:
        out.append(Action.RESOLVE)
    return out


def needs_action(order: dict[str, Any], who: Identity, now_ms: int) -> tuple[Action, str] | None:
    """The one thing ``who`` should do about ``order`` now, with a sentence saying why; None if nothing."""
    s = int(order["status"])
    if not who.signed_in or s in CLOSED:
        return None
    buyer, supplier = who.address == order["buyer"], who.address == order["supplier"]
    if buyer and s == OrderStatus.AWAITING_FUNDS:
        return Action.TOP_UP, translate("orders", "Waiting for funds: {0} must be frozen in escrow").format(
            format_amount_locale(int(order["estimated_cost"])))
    if buyer and s == OrderStatus.DELIVERED:
        left = int(order.get("settle_after_ms") or 0) - now_ms
        # Acting on it opens "Settle now" with the figures; the Orders page also offers the dispute.
        return Action.SETTLE, translate("orders", "Delivered {0}: check it; it settles by itself in {1}").format(
            format_litres(int(order["delivered_l"])), format_duration_ms(max(0, left)))
    if supplier and s == OrderStatus.AWAITING_STOCK:
        return Action.CONFIRM, translate("orders", "Waiting for stock: {0} to reserve").format(
            format_litres(int(order["quantity_l"])))
    if supplier and s == OrderStatus.CONFIRMED:
        return Action.DISPATCH, translate("orders", "Confirmed: dispatch {0} before {1}").format(
            format_litres(int(order["quantity_l"])), format_time_ms(int(order["deadline_ms"])))
    if who.role == "arbiter" and not (buyer or supplier) and s == OrderStatus.DISPUTED:
        return Action.RESOLVE, translate("orders", "Disputed: {0}").format(order.get("dispute_reason") or "—")
    return None


# --- the table -----------------------------------------------------------------------------------


class OrdersModel(QAbstractTableModel):
    """Orders: id, tank, status, buyer, supplier, created, quantity, delivered, estimated and actual cost, escrow, deadline."""

    ORDER, TANK, STATUS, BUYER, SUPPLIER, CREATED, QUANTITY, DELIVERED, ESTIMATED, ACTUAL, ESCROW, DEADLINE = range(12)
    COLUMN_COUNT = 12
    OrderRole = Qt.ItemDataRole.UserRole + 1
    """The row's ``order`` record (dict)."""
    SortRole = Qt.ItemDataRole.UserRole + 2

    loadingChanged = Signal(bool)
    fetchFailed = Signal(str)
    ordersChanged = Signal(list)
    """Order ids whose rows were replaced or inserted by live updates."""

    def __init__(
        self,
        client: Any,
        *,
        names: PartyNames | None = None,
        prefix: bytes = ORDER_PREFIX,
        page_size: int = 200,
        flush_interval_ms: int = 300,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._names = names
        self._prefix = prefix
        self._page_size = page_size
        self._rows: list[dict[str, Any]] = []
        self._by_id: dict[str, int] = {}
        self._next: bytes | None = None
        self._more = False
        self._loading = False
        self._generation = 0
        self._was_down = False
        self._dirty: set[str] = set()
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(flush_interval_ms)
        self._flush.timeout.connect(self.flush)
        if names is not None:
            names.changed.connect(self._names_changed)

    # --- rows -----------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._more

    def order_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def order(self, order_id: str) -> dict[str, Any] | None:
        i = self._by_id.get(order_id)
        return self._rows[i] if i is not None else None

    def row_of(self, order_id: str) -> int | None:
        return self._by_id.get(order_id)

    def set_orders(self, orders: Iterable[dict[str, Any]], *, more: bool = False, stale_fetches: bool = True) -> None:
        rows = sorted((o for o in orders if valid_order(o)), key=lambda o: o["order_id"].encode())
        self.beginResetModel()
        self._rows = rows
        self._reindex()
        self._more = more
        if stale_fetches:  # pages requested before this reset no longer fit
            self._generation += 1
        self.endResetModel()

    def add_orders(self, orders: Iterable[dict[str, Any]], *, more: bool) -> None:
        last = self._rows[-1]["order_id"].encode() if self._rows else b""
        new = sorted((o for o in orders if valid_order(o) and o["order_id"].encode() > last
                      and o["order_id"] not in self._by_id), key=lambda o: o["order_id"].encode())
        self._more = more
        if not new:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._reindex()
        self.endInsertRows()

    def upsert(self, order: dict[str, Any]) -> bool:
        """Replace an order's row, or insert a new one where it belongs; False if outside the loaded pages."""
        if not valid_order(order):
            return False
        oid = order["order_id"]
        i = self._by_id.get(oid)
        if i is not None:
            self._rows[i] = order
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMN_COUNT - 1))
            return True
        key = oid.encode()
        if not key.startswith(self._prefix[len(ORDER_PREFIX):]):
            return False
        if self._more and self._rows and key > self._rows[-1]["order_id"].encode():
            return False
        pos = 0
        while pos < len(self._rows) and self._rows[pos]["order_id"].encode() < key:
            pos += 1
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, order)
        self._reindex()
        self.endInsertRows()
        return True

    def _reindex(self) -> None:
        self._by_id = {o["order_id"]: i for i, o in enumerate(self._rows)}

    # --- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Order"), self.tr("Tank"), self.tr("Status"), self.tr("Buyer"), self.tr("Supplier"),
            self.tr("Created"), self.tr("Quantity"), self.tr("Delivered"), self.tr("Estimated cost"),
            self.tr("Actual cost"), self.tr("Escrow"), self.tr("Deadline"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < self.COLUMN_COUNT):
            return None
        o = self._rows[r]
        if role == self.OrderRole:
            return o
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(o, c)
        if role == self.SortRole:
            return self._sort_key(o, c)
        if role == Qt.ItemDataRole.ForegroundRole and c == self.STATUS:
            return status_colour(int(o["status"]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == self.BUYER:
                return o["buyer"]
            if c == self.SUPPLIER:
                return o["supplier"]
            if c == self.STATUS and o.get("urgent"):
                return self.tr("Urgent: the level fell below the critical line")
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= self.QUANTITY and c != self.DEADLINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, o: dict[str, Any], c: int) -> str:
        if c == self.ORDER:
            return str(o["order_id"])
        if c == self.TANK:
            return str(o.get("tank_id", ""))
        if c == self.STATUS:
            text = status_name(int(o["status"]))
            return self.tr("{0} · urgent").format(text) if o.get("urgent") and int(o["status"]) in OPEN else text
        if c == self.BUYER:
            return self._names.name(o["buyer"]) if self._names else str(o["buyer"])
        if c == self.SUPPLIER:
            return self._names.name(o["supplier"]) if self._names else str(o["supplier"])
        if c == self.CREATED:
            return format_time_ms(int(o["created_ms"]))
        if c == self.QUANTITY:
            return format_litres(int(o["quantity_l"]))
        if c == self.DELIVERED:
            return format_litres(int(o["delivered_l"])) if o.get("delivered_ms") else "—"
        if c == self.ESTIMATED:
            return format_amount_locale(int(o["estimated_cost"]))
        if c == self.ACTUAL:
            cost = actual_cost(o)
            return format_amount_locale(cost) if cost is not None else "—"
        if c == self.ESCROW:
            return format_amount_locale(int(o["escrow"]))
        if c == self.DEADLINE:
            return format_time_ms(int(o["deadline_ms"])) if int(o["status"]) in OPEN else "—"
        return ""

    def _sort_key(self, o: dict[str, Any], c: int) -> Any:
        numeric = {
            self.STATUS: int(o["status"]), self.CREATED: int(o["created_ms"]), self.QUANTITY: int(o["quantity_l"]),
            self.DELIVERED: int(o["delivered_l"]), self.ESTIMATED: int(o["estimated_cost"]),
            self.ACTUAL: actual_cost(o) if actual_cost(o) is not None else -1, self.ESCROW: int(o["escrow"]),
            self.DEADLINE: int(o["deadline_ms"]),
        }
        return numeric.get(c, self._display(o, c))

    def _names_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, self.BUYER), self.index(len(self._rows) - 1, self.SUPPLIER),
                                  [Qt.ItemDataRole.DisplayRole])

    # --- paging ---------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more and not self._loading and self._client is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if self.canFetchMore(parent):
            self._set_loading(True)
            spawn_for(self, self._fetch_page(self._generation), name="orders-page")

    def reload(self) -> None:
        if self._client is None:
            return
        self._generation += 1
        self._next = None
        self._set_loading(True)
        spawn_for(self, self._fetch_page(self._generation, first=True), name="orders-first-page")

    async def _fetch_page(self, generation: int, *, first: bool = False) -> None:
        try:
            answer = await self._client.records(self._prefix, after=None if first else self._next,
                                                limit=self._page_size)
            recs = answer.get("records", [])
            orders = [r["record"] for r in recs if isinstance(r, dict) and isinstance(r.get("record"), dict)]
            nxt = answer.get("next") if len(recs) >= self._page_size else None
            if generation != self._generation:
                return
            self._next = bytes.fromhex(nxt) if isinstance(nxt, str) and nxt else None
            if first:
                self.set_orders(orders, more=self._next is not None, stale_fetches=False)
            else:
                self.add_orders(orders, more=self._next is not None)
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            if generation == self._generation:
                self._set_loading(False)

    def _set_loading(self, on: bool) -> None:
        if on != self._loading:
            self._loading = on
            self.loadingChanged.emit(on)

    # --- live updates -------------------------------------------------------------------------

    def on_chain_event(self, event: dict[str, Any]) -> None:
        """Slot for ``NodeBridge.chainEvent``: note the order; the flush timer re-reads it."""
        kind = event.get("kind")
        attrs = event.get("attrs")
        if not isinstance(kind, str) or not kind.startswith("order.") or not isinstance(attrs, dict):
            return
        oid = attrs.get("order_id")
        if isinstance(oid, str):
            self._dirty.add(oid)
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
        if not self._dirty or self._client is None:
            return
        ids, self._dirty = sorted(self._dirty), set()
        spawn_for(self, self._refresh(ids, self._generation), name="orders-refresh")

    async def _refresh(self, ids: list[str], generation: int) -> None:
        changed = []
        for oid in ids:
            try:
                rec = await fetch_order(self._client, oid)
            except DepotError as e:
                self.fetchFailed.emit(describe_error(e))
                return
            if generation != self._generation:
                return
            if rec is not None and self.upsert(rec):
                changed.append(oid)
        if changed:
            self.ordersChanged.emit(changed)


async def fetch_order(client: Any, order_id: str) -> dict[str, Any] | None:
    """The current ``order`` record of ``order_id`` (None if there is none)."""
    answer = await client.records(order_key(order_id), limit=2)
    for r in answer.get("records", []):
        rec = r.get("record") if isinstance(r, dict) else None
        if isinstance(rec, dict) and rec.get("order_id") == order_id and valid_order(rec):
            return rec
    return None


# --- filtering -----------------------------------------------------------------------------------


class OrdersFilterModel(QSortFilterProxyModel):
    """Orders by text, by party (the signed-in account's) and by state (open, needing action, closed)."""

    ALL, OPEN_ONLY, NEEDS_ME, CLOSED_ONLY, DISPUTED_ONLY = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._party = ""
        self._state = self.ALL
        self._who = Identity("", "")
        self._now_ms = 0
        self.setSortRole(OrdersModel.SortRole)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_party(self, address: str) -> None:
        self.beginFilterChange()
        self._party = address
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: int, who: Identity | None = None, now_ms: int = 0) -> None:
        self.beginFilterChange()
        self._state = state
        if who is not None:
            self._who = who
        self._now_ms = now_ms
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        o = model.data(model.index(source_row, 0, source_parent), OrdersModel.OrderRole)
        if not isinstance(o, dict):
            return False
        if self._party and self._party not in (o["buyer"], o["supplier"]):
            return False
        if self._text and self._text not in o["order_id"].lower() and \
                self._text not in str(o.get("product", "")).lower():
            return False
        s = int(o["status"])
        if self._state == self.OPEN_ONLY:
            return s in OPEN
        if self._state == self.CLOSED_ONLY:
            return s in CLOSED
        if self._state == self.DISPUTED_ONLY:
            return s in (OrderStatus.DISPUTED, OrderStatus.RESOLVED)
        if self._state == self.NEEDS_ME:
            return needs_action(o, self._who, self._now_ms) is not None
        return True


def shared_orders_model(services: Any) -> OrdersModel:
    """The session's ``OrdersModel`` of every order, fed by the bridge."""
    from app.models.dapp_common import party_names, shared

    def make() -> OrdersModel:
        parent = services if isinstance(services, QObject) else None
        model = OrdersModel(services.client, names=party_names(services), parent=parent)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(model.on_chain_event)
            bridge.connectionChanged.connect(model.on_connection_changed)
        model.reload()
        return model

    return shared(services, "orders_model", make)


# --- the open orders a clerk cares about, and what to do about them ---------------------------------


class OpenOrders(QObject):
    """The open order of every tank the clerk cares about (its own; every tank for arbiters and others), kept current.

    Tanks name their open order (``TankLive.open_order``, at most one each),
    so this needs no listing of all orders: it reads just those records, and
    re-reads one when an order event names it.
    """

    changed = Signal()

    def __init__(self, client: Any, tanks: Any, who: Any, *, flush_interval_ms: int = 300,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._tanks = tanks
        self._who = who
        self.orders: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._wanted: set[str] = set()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(flush_interval_ms)
        self._timer.timeout.connect(self._flush)
        for sig in (tanks.batchApplied, tanks.modelReset, tanks.rowsInserted):
            sig.connect(self.recompute)

    def relevant(self, row: Any) -> bool:
        who: Identity = self._who()
        if who.role in ("customer", "supplier"):
            return bool(row.is_party(who.address))
        return who.signed_in

    def recompute(self, *_: Any) -> None:
        """Which orders to hold: the open orders of the relevant tanks (fetched on the next flush)."""
        self._wanted = {r.open_order for r in self._tanks.rows if r.open_order and self.relevant(r)}
        gone = [oid for oid in self.orders if oid not in self._wanted]
        for oid in gone:
            del self.orders[oid]
        self._dirty |= {oid for oid in self._wanted if oid not in self.orders}
        if gone:
            self.changed.emit()
        self._schedule()

    def on_chain_event(self, event: dict[str, Any]) -> None:
        kind, a = event.get("kind"), event.get("attrs")
        if not isinstance(kind, str) or not kind.startswith("order.") or not isinstance(a, dict):
            return
        oid = a.get("order_id")
        if isinstance(oid, str) and (oid in self.orders or oid in self._wanted or kind == "order.created"):
            self._dirty.add(oid)
            self._schedule()

    def _schedule(self) -> None:
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        if self._running or self._client is None:
            self._schedule()
            return
        self._running = True
        ids, self._dirty = sorted(self._dirty), set()
        spawn_for(self, self._fetch(ids), name="open-orders")

    async def _fetch(self, ids: list[str]) -> None:
        changed = False
        try:
            for start in range(0, len(ids), 16):
                chunk = ids[start:start + 16]
                recs = await asyncio.gather(*(fetch_order(self._client, oid) for oid in chunk),
                                            return_exceptions=True)
                for oid, rec in zip(chunk, recs, strict=True):
                    if isinstance(rec, BaseException):
                        if not isinstance(rec, DepotError):
                            raise rec
                        continue
                    if rec is None or int(rec["status"]) in CLOSED:
                        changed |= self.orders.pop(oid, None) is not None
                        continue
                    row = self._tanks.row_of(str(rec.get("tank_id")))
                    if row is not None and not self.relevant(row):
                        continue
                    if self.orders.get(oid) != rec:
                        self.orders[oid] = rec
                        changed = True
        finally:
            self._running = False
            self._schedule()
        if changed:
            self.changed.emit()


class ActionItemsModel(QAbstractTableModel):
    """What the clerk should do now: one row per open order needing this role's action."""

    TODO, ORDER, TANK, STATUS, CREATED = range(5)
    COLUMN_COUNT = 5
    OrderRole = Qt.ItemDataRole.UserRole + 1
    ActionRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[dict[str, Any], Action, str]] = []

    def set_items(self, orders: Iterable[dict[str, Any]], who: Identity, now_ms: int) -> None:
        """Recompute the rows; rows of the same orders in the same order are updated in place."""
        items = []
        for o in orders:
            need = needs_action(o, who, now_ms)
            if need is not None:
                items.append((o, need[0], need[1]))
        items.sort(key=lambda it: (int(it[0].get("urgent", False)) * -1, int(it[0]["created_ms"])))
        same = [o["order_id"] for o, _, _ in items] == [o["order_id"] for o, _, _ in self._rows]
        if same:
            self._rows = items
            if items:
                self.dataChanged.emit(self.index(0, 0), self.index(len(items) - 1, self.COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._rows = items
        self.endResetModel()

    def item(self, row: int) -> tuple[dict[str, Any], Action, str]:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("What to do"), self.tr("Order"), self.tr("Tank"), self.tr("Status"), self.tr("Created"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < self.COLUMN_COUNT):
            return None
        o, action, text = self._rows[r]
        if role == self.OrderRole:
            return o
        if role == self.ActionRole:
            return action.value
        if role == Qt.ItemDataRole.DisplayRole:
            return (text, str(o["order_id"]), str(o.get("tank_id", "")), status_name(int(o["status"])),
                    format_time_ms(int(o["created_ms"])))[c]
        if role == Qt.ItemDataRole.ForegroundRole and c == self.STATUS:
            return status_colour(int(o["status"]))
        return None
