"""The Overview page: the chain at a glance, one account's balance and the recent blocks, all live."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.demo import DemoAccount
from app.formatting import (
    describe_error,
    format_age,
    format_amount_locale,
    format_count,
    role_name,
)
from app.models.blocks_model import BlocksModel
from app.node_bridge import spawn
from app.services import AppServices
from node.core.errors import DepotError


class OverviewPage(QWidget):
    """Chain id, height, time since the last block, connection, an account and the recent blocks."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("OverviewPage", "Overview")

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        client, bridge, account = services.client, services.bridge, services.account
        self._services = services
        self._client = client
        self._account = account
        self._last_block_time_ms: int | None = None
        self._account_loading = False
        self._account_stale = False
        self._account_answer: dict[str, Any] | None = None

        self.blocks_model = BlocksModel(client, parent=self)

        # Chain box.
        self.chain_id_label = QLabel("—")
        self.chain_id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.height_label = QLabel("—")
        self.height_label.setObjectName("heightLabel")
        big = self.height_label.font()
        big.setPointSizeF(big.pointSizeF() * 2.4)
        big.setBold(True)
        self.height_label.setFont(big)
        self.last_block_label = QLabel("—")
        self.connection_label = QLabel(self.tr("Connecting…"))
        chain_box = QGroupBox(self.tr("Chain"))
        chain_form = QFormLayout(chain_box)
        chain_form.addRow(self.tr("Chain ID:"), self.chain_id_label)
        chain_form.addRow(self.tr("Height:"), self.height_label)
        chain_form.addRow(self.tr("Last block:"), self.last_block_label)
        chain_form.addRow(self.tr("Node:"), self.connection_label)

        # Account box.
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.account_name_label = QLabel("—")
        self.account_role_label = QLabel("—")
        self.organisation_label = QLabel("—")
        self.address_label = QLabel("—")
        self.address_label.setFont(mono)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_label = QLabel("—")
        self.balance_label.setObjectName("balanceLabel")
        bold = self.balance_label.font()
        bold.setPointSizeF(bold.pointSizeF() * 1.6)
        bold.setBold(True)
        self.balance_label.setFont(bold)
        self.balance_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.minor_units_label = QLabel("")
        self.escrow_label = QLabel("—")
        self.account_note_label = QLabel("")
        self.account_note_label.setWordWrap(True)
        account_box = QGroupBox(self.tr("Account"))
        account_form = QFormLayout(account_box)
        account_form.addRow(self.tr("Name:"), self.account_name_label)
        account_form.addRow(self.tr("Role:"), self.account_role_label)
        account_form.addRow(self.tr("Organisation:"), self.organisation_label)
        account_form.addRow(self.tr("Address:"), self.address_label)
        account_form.addRow(self.tr("Balance:"), self.balance_label)
        account_form.addRow("", self.minor_units_label)
        account_form.addRow(self.tr("In escrow:"), self.escrow_label)
        account_form.addRow(self.account_note_label)

        # Recent blocks.
        self.blocks_view = QTableView()
        self.blocks_view.setModel(self.blocks_model)
        self.blocks_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.blocks_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.blocks_view.setAlternatingRowColors(True)
        self.blocks_view.verticalHeader().setVisible(False)
        self.blocks_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.blocks_view.horizontalHeader().setStretchLastSection(True)
        self.blocks_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.blocks_status_label = QLabel("")
        blocks_box = QGroupBox(self.tr("Recent blocks"))
        blocks_layout = QVBoxLayout(blocks_box)
        blocks_layout.addWidget(self.blocks_view)
        blocks_layout.addWidget(self.blocks_status_label)

        top = QHBoxLayout()
        top.addWidget(chain_box, 1)
        top.addWidget(account_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(blocks_box, 1)

        # The age ticker only runs while the page is visible (see showEvent/hideEvent).
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self._update_age)

        bridge.blockAdded.connect(self.on_block_added)
        bridge.statusChanged.connect(self.on_status_changed)
        bridge.connectionChanged.connect(self.on_connection_changed)
        self.blocks_model.fetchFailed.connect(self.blocks_status_label.setText)
        self.blocks_model.modelReset.connect(lambda: self.blocks_status_label.setText(""))
        self.show_account_ref(account)
        services.accountChanged.connect(self.set_account)

    # --- live updates -------------------------------------------------------------

    def on_block_added(self, block: dict[str, Any]) -> None:
        height = block.get("height")
        if isinstance(height, int):
            self.height_label.setText(format_count(height))
        t = block.get("time")
        if isinstance(t, int):
            self._last_block_time_ms = t
            self._update_age()
        self.blocks_model.on_block_added(block)
        self.refresh_account()

    def on_status_changed(self, status: dict[str, Any]) -> None:
        self.chain_id_label.setText(str(status.get("chain_id", "—")))
        height = status.get("height")
        if isinstance(height, int):
            self.height_label.setText(format_count(height))
            self.blocks_model.on_block_added({"height": height})
        t = status.get("time")
        if isinstance(t, int) and (self._last_block_time_ms or 0) < t:
            self._last_block_time_ms = t
            self._update_age()
        if self._account_answer is None:
            self.refresh_account()

    def on_connection_changed(self, up: bool) -> None:
        self.connection_label.setText(self.tr("Connected") if up else self.tr("Not connected"))

    def _update_age(self) -> None:
        if self._last_block_time_ms is None:
            return
        seconds = int(time.time() - self._last_block_time_ms / 1000)
        self.last_block_label.setText(format_age(seconds))

    def showEvent(self, event: QShowEvent) -> None:
        self._update_age()
        self._age_timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._age_timer.stop()
        super().hideEvent(event)

    # --- the account ---------------------------------------------------------------

    def set_account(self, account: DemoAccount | None) -> None:
        """Show another account (the role switcher changed it) and load its balance."""
        self._account = account
        self._account_answer = None
        for label in (self.balance_label, self.escrow_label):
            label.setText("—")
        self.minor_units_label.setText("")
        self.account_note_label.setText("")
        self.show_account_ref(account)
        self.refresh_account()

    def show_account_ref(self, account: DemoAccount | None) -> None:
        """Name, role and address of the account (before its balance is known)."""
        if account is None:
            self.account_name_label.setText("—")
            self.account_role_label.setText("—")
            self.address_label.setText("—")
            self.account_note_label.setText(self.tr("No account to show."))
            return
        self.account_name_label.setText(account.name)
        self.account_role_label.setText(role_name(account.role) if account.role else "—")
        self.organisation_label.setText(account.organisation or "—")
        self.address_label.setText(account.address)

    def show_account(self, answer: dict[str, Any]) -> None:
        """Show a ``/v1/accounts/{address}`` answer: balance and escrow in exact minor units."""
        self._account_answer = answer
        record = answer.get("account")
        if answer.get("exists") is False or ("exists" in answer and record is None):
            self.balance_label.setText(format_amount_locale(0))
            self.minor_units_label.setText("")
            self.escrow_label.setText(format_amount_locale(0))
            self.account_note_label.setText(self.tr("This account is not on the chain yet."))
            return
        balance = record.get("balance") if isinstance(record, dict) else None
        escrow = record.get("escrow", 0) if isinstance(record, dict) else None
        if not _is_int(balance) or not _is_int(escrow):
            self.balance_label.setText("—")
            self.minor_units_label.setText("")
            self.escrow_label.setText("—")
            self.account_note_label.setText(self.tr("The node sent an unreadable balance."))
            return
        assert isinstance(balance, int) and isinstance(escrow, int)
        self.balance_label.setText(format_amount_locale(balance))
        self.minor_units_label.setText(self.tr("In minor units: {0}").format(format_count(balance)))
        self.escrow_label.setText(format_amount_locale(escrow))
        self.account_note_label.setText("")

    def refresh_account(self) -> None:
        """Reload the account from the node; at most one request in flight, the latest wins."""
        if self._account is None:
            return
        if self._account_loading:
            self._account_stale = True
            return
        self._account_loading = True
        spawn(self._load_account(), name="overview-account")

    async def _load_account(self) -> None:
        try:
            while self._account is not None:
                self._account_stale = False
                address = self._account.address
                try:
                    answer = await self._client.account(address)
                    if self._account is not None and self._account.address == address:
                        self.show_account(answer)
                except DepotError as e:
                    self.account_note_label.setText(describe_error(e))
                if not self._account_stale:
                    break
        finally:
            self._account_loading = False

    def has_data(self) -> bool:
        """True once height, blocks and (if any) the account are shown: ready for a screenshot."""
        return (
            self.height_label.text() != "—"
            and self.blocks_model.rowCount() > 0
            and (self._account is None or self._account_answer is not None)
        )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
