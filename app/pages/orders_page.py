"""The Orders page: tank orders with their status timeline, costs, escrow and both parties' balances, and the actions the signed-in role may take."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dialogs.order_action_dialog import run_order_action
from app.formatting import describe_error, format_amount_locale, format_time_ms
from app.models.dapp_common import (
    connect_account_changed,
    format_litres,
    identity_of,
    party_names,
    spawn_for,
)
from app.models.orders_model import (
    Action,
    OrdersFilterModel,
    OrdersModel,
    action_title,
    actual_cost,
    available_actions,
    evidence_name,
    fetch_order,
    needs_action,
    shared_orders_model,
    status_name,
)
from app.widgets.order_timeline import OrderTimeline
from node.core.errors import DepotError


def now_ms() -> int:
    return int(time.time() * 1000)


class OrdersPage(QWidget):
    """Orders, the signed-in account's first; the selected order's timeline, figures, balances and actions."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("OrdersPage", "Orders")

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model: OrdersModel = shared_orders_model(services)
        self.names = party_names(services)
        self.proxy = OrdersFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._selected: str | None = None
        self._balances_loading = False
        self._balances_stale = False
        self.action_buttons: dict[Action, QPushButton] = {}
        self._acting = False

        # Filters.
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("orderSearch")
        self.search_edit.setPlaceholderText(self.tr("Search order or product…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("orderStateFilter")
        for text, value in (
            (self.tr("All orders"), OrdersFilterModel.ALL),
            (self.tr("Open"), OrdersFilterModel.OPEN_ONLY),
            (self.tr("Needing my action"), OrdersFilterModel.NEEDS_ME),
            (self.tr("Disputed"), OrdersFilterModel.DISPUTED_ONLY),
            (self.tr("Closed"), OrdersFilterModel.CLOSED_ONLY),
        ):
            self.state_combo.addItem(text, value)
        self.state_combo.currentIndexChanged.connect(lambda _i: self._apply_state())
        self.mine_check = QCheckBox(self.tr("Only my orders"))
        self.mine_check.setObjectName("onlyMyOrders")
        self.mine_check.toggled.connect(self._apply_party)
        self.count_label = QLabel("")
        self.count_label.setObjectName("orderCount")
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.state_combo, 1)
        filters.addWidget(self.mine_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        # The table.
        self.view = QTableView()
        self.view.setObjectName("ordersView")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(OrdersModel.CREATED, Qt.SortOrder.DescendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for col in (OrdersModel.SUPPLIER, OrdersModel.DEADLINE, OrdersModel.DELIVERED):
            self.view.setColumnHidden(col, True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.status_label = QLabel("")
        self.status_label.setObjectName("ordersStatus")
        self.status_label.setWordWrap(True)

        # The selected order.
        self.heading = QLabel(self.tr("Select an order."))
        self.heading.setObjectName("orderHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.timeline = OrderTimeline()
        self.next_label = QLabel("")
        self.next_label.setObjectName("orderNext")
        self.next_label.setWordWrap(True)
        self.next_label.setProperty("role", "warningBanner")
        self.next_label.hide()
        figures = QGroupBox(self.tr("Order"))
        fform = QFormLayout(figures)
        self.labels: dict[str, QLabel] = {}
        for key, title in (
            ("tank", self.tr("Tank:")), ("buyer", self.tr("Buyer:")), ("supplier", self.tr("Supplier:")),
            ("created", self.tr("Created:")), ("deadline", self.tr("Deliver by:")),
            ("quantity", self.tr("Quantity:")), ("delivery", self.tr("Delivered:")),
            ("price", self.tr("Agreed price:")), ("estimated", self.tr("Estimated cost:")),
            ("actual", self.tr("Actual cost:")), ("escrow", self.tr("In escrow:")),
            ("settlement", self.tr("Settlement:")), ("dispute", self.tr("Dispute:")),
        ):
            label = QLabel("—")
            label.setObjectName(f"order_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            fform.addRow(title, label)
        balances = QGroupBox(self.tr("Balances"))
        bform = QFormLayout(balances)
        self.buyer_balance = QLabel("—")
        self.buyer_balance.setObjectName("buyerBalance")
        self.supplier_balance = QLabel("—")
        self.supplier_balance.setObjectName("supplierBalance")
        bform.addRow(self.tr("Buyer:"), self.buyer_balance)
        bform.addRow(self.tr("Supplier:"), self.supplier_balance)
        self.actions_box = QGroupBox(self.tr("Actions"))
        self.actions_layout = QHBoxLayout(self.actions_box)
        self.no_action_label = QLabel(self.tr("Nothing to do for you on this order."))
        self.no_action_label.setWordWrap(True)
        self.actions_layout.addWidget(self.no_action_label)
        for action in Action:
            button = QPushButton(action_title(action))
            button.setObjectName(f"action_{action.name.lower()}")
            button.clicked.connect(lambda _checked=False, a=action: self.start_action(a))
            button.hide()
            self.action_buttons[action] = button
            self.actions_layout.addWidget(button)
        self.actions_layout.addStretch(1)
        self.action_status = QLabel("")
        self.action_status.setObjectName("actionStatus")
        self.action_status.setWordWrap(True)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.addWidget(self.heading)
        dl.addWidget(self.timeline)
        dl.addWidget(self.next_label)
        dl.addWidget(self.actions_box)
        dl.addWidget(self.action_status)
        dl.addWidget(figures)
        dl.addWidget(balances)
        dl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.view, 1)
        ll.addWidget(self.status_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        # Deadlines and dispute windows run by the clock: refresh the shown order's sentence.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh_next)

        self.model.dataChanged.connect(self._model_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.fetchFailed.connect(self.status_label.setText)
        self.model.loadingChanged.connect(self._loading_changed)
        self.model.ordersChanged.connect(self._orders_changed)
        for sig in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                    self.proxy.layoutChanged):
            sig.connect(self._update_count)
        self.names.changed.connect(self._refresh_names)
        connect_account_changed(services, self._account_changed)
        self._account_changed()

    # --- account and filters -----------------------------------------------------------------

    def _account_changed(self, *_: Any) -> None:
        self.action_status.setText("")
        who = identity_of(self.services)
        party = who.role in ("customer", "supplier")
        self.mine_check.blockSignals(True)
        self.mine_check.setChecked(party)
        self.mine_check.setEnabled(who.signed_in)
        self.mine_check.blockSignals(False)
        self._apply_party()
        self._apply_state()
        self._show(self.selected_order())

    def _apply_party(self) -> None:
        who = identity_of(self.services)
        self.proxy.set_party(who.address if self.mine_check.isChecked() else "")
        self._update_count()

    def _apply_state(self) -> None:
        self.proxy.set_state(int(self.state_combo.currentData()), identity_of(self.services), now_ms())
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        more = self.tr(" (more on scrolling)") if self.model.canFetchMore() else ""
        self.count_label.setText(self.tr("Orders: {0} of {1}").format(self.proxy.rowCount(), self.model.rowCount())
                                 + more)
        if self._selected is None and self.proxy.rowCount() and self.isVisible():
            self.view.selectRow(0)

    def _loading_changed(self, on: bool) -> None:
        if on and self.model.rowCount() == 0:
            self.status_label.setText(self.tr("Loading orders…"))
        elif not on and self.status_label.text() == self.tr("Loading orders…"):
            self.status_label.setText("" if self.model.rowCount() else self.tr("No orders yet."))

    # --- selection -------------------------------------------------------------------------------

    def selected_order(self) -> dict[str, Any] | None:
        return self.model.order(self._selected) if self._selected else None

    def select_order(self, order_id: str) -> bool:
        """Select ``order_id`` (clearing filters that hide it); False if it is not loaded."""
        src = self.model.row_of(order_id)
        if src is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(src, 0))
        if not idx.isValid():
            self.search_edit.clear()
            self.state_combo.setCurrentIndex(0)
            self.mine_check.setChecked(False)
            idx = self.proxy.mapFromSource(self.model.index(src, 0))
        self.view.selectRow(idx.row())
        self.view.scrollTo(idx)
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        order = self.proxy.data(rows[0], OrdersModel.OrderRole) if rows else None
        oid = order["order_id"] if isinstance(order, dict) else None
        if oid == self._selected:
            return
        self._selected = oid
        self.action_status.setText("")
        self._show(order if isinstance(order, dict) else None)
        self.refresh_balances()

    def _model_changed(self, top: QModelIndex, bottom: QModelIndex, *_: Any) -> None:
        o = self.selected_order()
        if o is None:
            return
        i = self.model.row_of(o["order_id"])
        if i is not None and top.row() <= i <= bottom.row():
            self._show(o)

    def _orders_changed(self, ids: list[str]) -> None:
        if self._selected in ids:
            self.refresh_balances()
        self._update_count()

    def _after_reset(self) -> None:
        o = self.selected_order()
        self._update_count()
        if o is not None:
            self.select_order(o["order_id"])
            self._show(o)
        else:
            self._selected = None
            self._show(None)

    def _refresh_names(self) -> None:
        self._show(self.selected_order(), keep_balances=True)

    # --- the order ----------------------------------------------------------------------------

    def _show(self, o: dict[str, Any] | None, *, keep_balances: bool = False) -> None:
        self.timeline.set_order(o)
        L = self.labels
        if o is None:
            self.heading.setText(self.tr("Select an order."))
            for label in L.values():
                label.setText("—")
            self.next_label.hide()
            self._show_actions(None)
            self._tick.stop()
            if not keep_balances:
                self.buyer_balance.setText("—")
                self.supplier_balance.setText("—")
            return
        status = int(o["status"])
        urgent = self.tr(" · urgent") if o.get("urgent") and status not in (6, 7, 9) else ""
        self.heading.setText(self.tr("{0} — {1}").format(o["order_id"], status_name(status)) + urgent)
        L["tank"].setText(self.tr("{0} ({1})").format(o.get("tank_id", ""), o.get("product", "")))
        L["buyer"].setText(self.names.name(o["buyer"]))
        L["buyer"].setToolTip(o["buyer"])
        L["supplier"].setText(self.names.name(o["supplier"]))
        L["supplier"].setToolTip(o["supplier"])
        L["created"].setText(self.tr("{0}, at a level of {1} mm").format(
            format_time_ms(int(o["created_ms"])), o.get("trigger_level_mm", "—")))
        L["deadline"].setText(format_time_ms(int(o["deadline_ms"])))
        L["quantity"].setText(self.tr("{0} ordered, {1} dispatched").format(
            format_litres(int(o["quantity_l"])), format_litres(int(o["dispatched_l"]))))
        if o.get("delivered_ms"):
            L["delivery"].setText(self.tr("{0} on {1} ({2})").format(
                format_litres(int(o["delivered_l"])), format_time_ms(int(o["delivered_ms"])),
                evidence_name(int(o.get("evidence") or 0))))
        else:
            L["delivery"].setText(self.tr("not yet"))
        L["price"].setText(self.tr("{0} per litre").format(format_amount_locale(int(o["unit_price"]))))
        L["estimated"].setText(format_amount_locale(int(o["estimated_cost"])))
        cost = actual_cost(o)
        L["actual"].setText(format_amount_locale(cost) if cost is not None else self.tr("not settled yet"))
        L["escrow"].setText(self.tr("{0} frozen").format(format_amount_locale(int(o["escrow"]))) if o["escrow"]
                            else self.tr("nothing frozen"))
        if status in (6, 9):
            L["settlement"].setText(self.tr("paid {0}, released {1}, bill no. {2}").format(
                format_amount_locale(int(o["paid"])), format_amount_locale(int(o["released"])),
                o.get("bill_no") or "—"))
        elif status == 7:
            L["settlement"].setText(self.tr("cancelled ({0}), refunded {1}").format(
                o.get("close_reason") or "—", format_amount_locale(int(o["released"]))))
        else:
            L["settlement"].setText("—")
        if o.get("disputed_by"):
            text = self.tr("by {0}: {1}").format(self.names.name(o["disputed_by"]), o.get("dispute_reason") or "—")
            if o.get("resolution_note") or status == 9:
                text += self.tr("; resolved: {0}").format(o.get("resolution_note") or "—")
            L["dispute"].setText(text)
        else:
            L["dispute"].setText("—")
        self._show_actions(o)
        self._refresh_next()
        if status in (1, 2, 3, 4, 5, 8):
            self._tick.start()
        else:
            self._tick.stop()

    def _refresh_next(self) -> None:
        o = self.selected_order()
        if o is None:
            self.next_label.hide()
            return
        need = needs_action(o, identity_of(self.services), now_ms())
        self.next_label.setText(need[1] if need else "")
        self.next_label.setVisible(need is not None)
        self._show_actions(o)

    def _show_actions(self, o: dict[str, Any] | None) -> None:
        actions = available_actions(o, identity_of(self.services), now_ms()) if o is not None else []
        for action, button in self.action_buttons.items():
            button.setVisible(action in actions)
            button.setEnabled(not self._acting)
        self.no_action_label.setVisible(not actions)

    # --- balances ------------------------------------------------------------------------------

    def refresh_balances(self) -> None:
        """Reload both parties' balances of the selected order (one request pair in flight, latest wins)."""
        if self._balances_loading:
            self._balances_stale = True
            return
        self._balances_loading = True
        spawn_for(self, self._load_balances(), name="order-balances")

    async def _load_balances(self) -> None:
        try:
            while True:
                self._balances_stale = False
                o = self.selected_order()
                if o is None:
                    break
                for address, label in ((o["buyer"], self.buyer_balance), (o["supplier"], self.supplier_balance)):
                    try:
                        answer = await self.services.client.account(address)
                    except DepotError as e:
                        label.setText(describe_error(e))
                        continue
                    if self._selected != o["order_id"]:
                        break
                    rec = answer.get("account") if isinstance(answer, dict) else None
                    if isinstance(rec, dict):
                        frozen = int(rec.get("frozen", rec.get("escrow", 0)) or 0)
                        label.setText(self.tr("{0} available, {1} in escrow").format(
                            format_amount_locale(int(rec.get("balance", 0))), format_amount_locale(frozen)))
                    else:
                        label.setText(self.tr("not on the chain"))
                if not self._balances_stale:
                    break
        finally:
            self._balances_loading = False

    # --- actions -----------------------------------------------------------------------------

    def start_action(self, action: Action) -> None:
        """Open the action's dialog for the selected order, then sign and submit (never blocks)."""
        o = self.selected_order()
        if o is None or self._acting:
            return
        self._acting = True
        self._show_actions(o)
        spawn_for(self, self._act(o, action), name=f"order-{action.name.lower()}")

    async def _act(self, o: dict[str, Any], action: Action) -> None:
        try:
            # The latest record: the order may have moved on since it was listed.
            fresh = await fetch_order(self.services.client, o["order_id"]) or o
            if action not in available_actions(fresh, identity_of(self.services), now_ms()):
                self.model.upsert(fresh)
                self.action_status.setText(self.tr("The order has moved on ({0}); nothing was sent.").format(
                    status_name(int(fresh["status"]))))
                return
            result = await run_order_action(self.services, fresh, action.kind, self)
            if result is None:
                self.action_status.setText("")
                return
            self.action_status.setText(self.tr("Done: {0} in block {1}.").format(
                action_title(action).rstrip("…"), result.get("height", "—")))
            again = await fetch_order(self.services.client, o["order_id"])
            if again is not None:
                self.model.upsert(again)
            self.refresh_balances()
        except DepotError as e:
            self.action_status.setText(describe_error(e))
        finally:
            self._acting = False
            self._show_actions(self.selected_order())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._selected is None and self.proxy.rowCount():
            self.view.selectRow(0)

    def hideEvent(self, event: Any) -> None:
        self._tick.stop()
        super().hideEvent(event)
