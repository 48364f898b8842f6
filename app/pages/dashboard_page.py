"""The Dashboard for the signed-in role: balances (available and in escrow), orders needing action, tanks nearing their warning line, alerts."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dialogs.order_action_dialog import run_order_action
from app.formatting import (
    describe_error,
    format_amount_locale,
    format_count,
    format_time_ms,
    role_name,
)
from app.models.dapp_common import connect_account_changed, identity_of, party_names, spawn_for
from app.models.orders_model import (
    Action,
    ActionItemsModel,
    OpenOrders,
    action_title,
    available_actions,
    fetch_order,
    status_name,
)
from app.models.tanks_model import TanksFilterModel, TanksModel, shared_tanks_model
from app.notifications import CRITICAL, WARNING, Alert, shared_alerts
from app.widgets.level_bar import CRITICAL_COLOUR, WARNING_COLOUR, LevelBarDelegate
from node.core.errors import DepotError

MAX_ALERT_ROWS = 100


def now_ms() -> int:
    return int(time.time() * 1000)


class DashboardPage(QWidget):
    """What the clerk needs first: money, what to do, which tanks need fuel soon, what happened."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("DashboardPage", "Dashboard")

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.tanks: TanksModel = shared_tanks_model(services)
        self.names = party_names(services)
        self.alerts = shared_alerts(services)
        self.open_orders = OpenOrders(services.client, self.tanks, lambda: identity_of(services), parent=self)
        self._account_answer: dict[str, Any] | None = None
        self._balance_loading = False
        self._balance_stale = False
        self._acting = False
        self._seeded_for = ""

        # Who is signed in.
        self.who_label = QLabel("")
        self.who_label.setObjectName("dashboardWho")
        font = self.who_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.who_label.setFont(font)

        # Balances.
        self.available_label = QLabel("—")
        self.available_label.setObjectName("availableBalance")
        self.escrow_label = QLabel("—")
        self.escrow_label.setObjectName("escrowBalance")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        for label in (self.available_label, self.escrow_label):
            label.setFont(big)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_note = QLabel("")
        self.balance_note.setObjectName("balanceNote")
        self.balance_note.setWordWrap(True)
        balances = QGroupBox(self.tr("Balances"))
        bform = QFormLayout(balances)
        bform.addRow(self.tr("Available:"), self.available_label)
        bform.addRow(self.tr("In escrow:"), self.escrow_label)
        bform.addRow(self.balance_note)

        # At a glance.
        self.summary_labels: dict[str, QLabel] = {}
        summary = QGroupBox(self.tr("At a glance"))
        sform = QFormLayout(summary)
        for key, title in (("tanks", self.tr("Tanks:")), ("orders", self.tr("Open orders:")),
                           ("escrowed", self.tr("Escrow in open orders:"))):
            label = QLabel("—")
            label.setObjectName(f"summary_{key}")
            self.summary_labels[key] = label
            sform.addRow(title, label)

        # Needs your action.
        self.actions_model = ActionItemsModel(self)
        self.actions_view = QTableView()
        self.actions_view.setObjectName("actionsView")
        self.actions_view.setModel(self.actions_model)
        self._table_defaults(self.actions_view)
        self.actions_view.horizontalHeader().setSectionResizeMode(ActionItemsModel.TODO, QHeaderView.ResizeMode.Stretch)
        self.actions_view.doubleClicked.connect(self._act_on_index)
        self.act_button = QPushButton(self.tr("Act on the selected order…"))
        self.act_button.setObjectName("actButton")
        self.act_button.clicked.connect(lambda: self._act_on_index(self.actions_view.currentIndex()))
        self.actions_empty = QLabel(self.tr("Nothing needs your action."))
        self.actions_empty.setObjectName("actionsEmpty")
        self.action_status = QLabel("")
        self.action_status.setObjectName("dashboardActionStatus")
        self.action_status.setWordWrap(True)
        actions_box = QGroupBox(self.tr("Orders needing your action"))
        al = QVBoxLayout(actions_box)
        al.addWidget(self.actions_view)
        al.addWidget(self.actions_empty)
        row = QHBoxLayout()
        row.addWidget(self.action_status, 1)
        row.addWidget(self.act_button)
        al.addLayout(row)

        # Tanks nearing their warning line.
        self.tank_proxy = TanksFilterModel(self)
        self.tank_proxy.setSourceModel(self.tanks)
        self.tank_view = QTableView()
        self.tank_view.setObjectName("nearingView")
        self.tank_view.setModel(self.tank_proxy)
        self._table_defaults(self.tank_view)
        self.tank_view.setItemDelegateForColumn(TanksModel.LEVEL, LevelBarDelegate(self.tank_view))
        self.tank_view.setSortingEnabled(True)
        self.tank_view.sortByColumn(TanksModel.TO_WARNING, Qt.SortOrder.AscendingOrder)
        self._show_tank_columns("")
        self.tank_view.horizontalHeader().resizeSection(TanksModel.LEVEL, 160)
        tanks_box = QGroupBox(self.tr("Tanks nearing their warning line"))
        tl = QVBoxLayout(tanks_box)
        tl.addWidget(self.tank_view)
        self.tanks_note = QLabel(self.tr("Soonest first; the time is estimated from each tank's level trend."))
        self.tanks_note.setWordWrap(True)
        tl.addWidget(self.tanks_note)

        # Alerts.
        self.alert_list = QListWidget()
        self.alert_list.setObjectName("alertList")
        self.alert_list.setWordWrap(True)
        self.alert_list.setAlternatingRowColors(True)
        alerts_box = QGroupBox(self.tr("Alerts"))
        alerts_layout = QVBoxLayout(alerts_box)
        alerts_layout.addWidget(self.alert_list)

        grid = QGridLayout(self)
        self._grid = grid
        grid.addWidget(self.who_label, 0, 0, 1, 2)
        grid.addWidget(balances, 1, 0)
        grid.addWidget(summary, 1, 1)
        grid.addWidget(actions_box, 2, 0, 1, 2)
        grid.addWidget(tanks_box, 3, 0)
        grid.addWidget(alerts_box, 3, 1)
        grid.setRowStretch(2, 2)
        grid.setRowStretch(3, 4)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        self._tick = QTimer(self)
        self._tick.setInterval(2000)
        self._tick.timeout.connect(self._refresh_actions)

        self.open_orders.changed.connect(self._refresh_actions)
        self.open_orders.changed.connect(self._refresh_summary)
        self.tanks.batchApplied.connect(self._refresh_summary)
        self.tanks.modelReset.connect(self._refresh_summary)
        self.tanks.rowsInserted.connect(self._refresh_summary)
        self.alerts.alertAdded.connect(self._add_alert)
        self.alerts.cleared.connect(self.alert_list.clear)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(self.open_orders.on_chain_event)
            bridge.blockAdded.connect(self._on_block)
        connect_account_changed(services, self._account_changed)
        self.names.changed.connect(self._show_who)
        for alert in list(self.alerts.alerts):
            self._add_alert(alert)
        spawn_for(self, self.tanks.fetch_all(), name="dashboard-all-tanks")
        self._account_changed()

    @staticmethod
    def _table_defaults(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)

    # --- account -----------------------------------------------------------------------------

    def _account_changed(self, *_: Any) -> None:
        who = identity_of(self.services)
        self._show_who()
        party = who.role in ("customer", "supplier")
        self.tank_proxy.set_party(who.address if party else "")
        self._show_tank_columns(who.role)
        self._account_answer = None
        self.available_label.setText("—")
        self.escrow_label.setText("—")
        self.balance_note.setText("")
        self.open_orders.orders.clear()
        self.open_orders.recompute()
        self._refresh_actions()
        self._refresh_summary()
        self.refresh_balance()

    def _show_tank_columns(self, role: str) -> None:
        """The tank, its level, the time to the line, its order and the other party (a customer sees the supplier)."""
        other = TanksModel.SUPPLIER if role == "customer" else TanksModel.CUSTOMER
        for col in range(TanksModel.COLUMN_COUNT):
            self.tank_view.setColumnHidden(col, col not in (TanksModel.TANK, TanksModel.LEVEL, TanksModel.TO_WARNING,
                                                            TanksModel.OPEN_ORDER, other))

    def _show_who(self, *_: Any) -> None:
        who = identity_of(self.services)
        if not who.signed_in:
            self.who_label.setText(self.tr("No account is signed in."))
            return
        self.who_label.setText(self.tr("{0} — {1}").format(
            self.names.name(who.address), role_name(who.role) if who.role else "—"))
        self.who_label.setToolTip(who.address)

    # --- balances ----------------------------------------------------------------------------

    def _on_block(self, _block: dict[str, Any]) -> None:
        self.refresh_balance()

    def refresh_balance(self) -> None:
        """Reload the account's balance and escrow; one request in flight, the latest wins."""
        who = identity_of(self.services)
        if not who.signed_in:
            return
        if self._balance_loading:
            self._balance_stale = True
            return
        self._balance_loading = True
        spawn_for(self, self._load_balance(), name="dashboard-balance")

    async def _load_balance(self) -> None:
        try:
            while True:
                self._balance_stale = False
                address = identity_of(self.services).address
                try:
                    answer = await self.services.client.account(address)
                except DepotError as e:
                    self.balance_note.setText(describe_error(e))
                    answer = None
                if answer is not None and address == identity_of(self.services).address:
                    self._show_balance(answer)
                if not self._balance_stale:
                    break
        finally:
            self._balance_loading = False

    def _show_balance(self, answer: dict[str, Any]) -> None:
        self._account_answer = answer
        rec = answer.get("account")
        if not isinstance(rec, dict):
            self.available_label.setText(format_amount_locale(0))
            self.escrow_label.setText(format_amount_locale(0))
            self.balance_note.setText(self.tr("This account is not on the chain yet."))
            return
        balance = rec.get("balance")
        frozen = rec.get("frozen", rec.get("escrow", 0))
        if not isinstance(balance, int) or not isinstance(frozen, int):
            self.balance_note.setText(self.tr("The node sent an unreadable balance."))
            return
        self.available_label.setText(format_amount_locale(balance))
        self.escrow_label.setText(format_amount_locale(frozen))
        self.balance_note.setText(self.tr("Available in minor units: {0}; escrow is frozen for open orders.").format(
            format_count(balance)))

    def has_data(self) -> bool:
        """True once the balance and the tanks are shown (screenshots wait for it)."""
        return self._account_answer is not None and not self.tanks.loading

    # --- orders needing action -------------------------------------------------------------------

    def _refresh_actions(self) -> None:
        who = identity_of(self.services)
        self.actions_model.set_items(self.open_orders.orders.values(), who, now_ms())
        empty = self.actions_model.rowCount() == 0
        self.actions_empty.setVisible(empty)
        self.actions_view.setVisible(not empty)
        self._grid.setRowStretch(2, 0 if empty else 2)  # nothing to do: give the room to the tanks
        self.act_button.setEnabled(not empty and not self._acting)

    def _act_on_index(self, index: QModelIndex) -> None:
        if not index.isValid() or self._acting:
            return
        order, action, _text = self.actions_model.item(index.row())
        self._acting = True
        self.act_button.setEnabled(False)
        spawn_for(self, self._act(order, action), name="dashboard-act")

    async def _act(self, order: dict[str, Any], action: Action) -> None:
        try:
            fresh = await fetch_order(self.services.client, order["order_id"]) or order
            who = identity_of(self.services)
            if action not in available_actions(fresh, who, now_ms()):
                self.action_status.setText(self.tr("{0} has moved on ({1}); nothing was sent.").format(
                    fresh["order_id"], status_name(int(fresh["status"]))))
                return
            result = await run_order_action(self.services, fresh, action.kind, self)
            if result is not None:
                self.action_status.setText(self.tr("Done: {0} for {1} in block {2}.").format(
                    action_title(action).rstrip("…"), fresh["order_id"], result.get("height", "—")))
                self.open_orders.on_chain_event({"kind": "order.changed", "attrs": {"order_id": fresh["order_id"]}})
                self.refresh_balance()
        except DepotError as e:
            self.action_status.setText(describe_error(e))
        finally:
            self._acting = False
            self._refresh_actions()

    # --- tanks and summary -------------------------------------------------------------------------

    def _refresh_summary(self, *_: Any) -> None:
        who = identity_of(self.services)
        party = who.role in ("customer", "supplier")
        rows = [r for r in self.tanks.rows if not party or r.is_party(who.address)]
        below = sum(1 for r in rows if r.state in ("warning", "critical"))
        self.summary_labels["tanks"].setText(self.tr("{0} ({1} below the warning line)").format(len(rows), below))
        orders = list(self.open_orders.orders.values())
        waiting = sum(1 for o in orders if int(o["status"]) in (1, 2))
        self.summary_labels["orders"].setText(self.tr("{0} ({1} waiting for funds or stock)").format(
            len(orders), waiting))
        self.summary_labels["escrowed"].setText(format_amount_locale(sum(int(o["escrow"]) for o in orders)))
        self._seed_alerts(rows, orders, who)

    def _seed_alerts(self, rows: list[Any], orders: list[dict[str, Any]], who: Any) -> None:
        """Alerts for what is already so when the dashboard opens (no tray message for those)."""
        if not who.signed_in or self._seeded_for == who.address or self.tanks.loading or not rows:
            return
        self._seeded_for = who.address
        for r in rows:
            if r.state == "critical":
                self.alerts.add(Alert("tank_below_critical", r.tank_id, self.tr(
                    "Tank {0} is below its critical line ({1} mm)").format(r.tank_id, r.level_mm), CRITICAL))
            elif r.state == "warning":
                self.alerts.add(Alert("tank_below_warning", r.tank_id, self.tr(
                    "Tank {0} is below its warning line ({1} mm)").format(r.tank_id, r.level_mm), WARNING))

    # --- alerts ------------------------------------------------------------------------------------

    def _add_alert(self, alert: Alert) -> None:
        item = QListWidgetItem(self.tr("{0}  {1}").format(format_time_ms(alert.time_ms)[11:], alert.text))
        item.setData(Qt.ItemDataRole.UserRole, alert.subject)
        item.setToolTip(alert.text)
        if alert.severity == CRITICAL:
            item.setForeground(QBrush(CRITICAL_COLOUR))
        elif alert.severity == WARNING:
            item.setForeground(QBrush(WARNING_COLOUR.darker(120)))
        self.alert_list.insertItem(0, item)
        while self.alert_list.count() > MAX_ALERT_ROWS:
            self.alert_list.takeItem(self.alert_list.count() - 1)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tick.start()
        self._refresh_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()
        super().hideEvent(event)
