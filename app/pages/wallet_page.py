"""The Wallet page: the current account at the top (balance, escrow, key), and tabs to send, receive,
see the history, keep the address book, approve organisation requests and manage keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase, QHideEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.account_watch import AccountWatch
from app.error_text import describe
from app.formatting import format_amount_locale, role_name
from app.role_switcher import account_name
from app.services import AppServices
from app.wallet_tabs.approvals_tab import ApprovalsTab
from app.wallet_tabs.contacts_tab import ContactsTab
from app.wallet_tabs.history_tab import HistoryTab
from app.wallet_tabs.keys_tab import KeysTab
from app.wallet_tabs.receive_tab import ReceiveTab
from app.wallet_tabs.send_tab import SendTab


class WalletPage(QWidget):
    """The person's money and keys."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("WalletPage", "Wallet")

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.watch = AccountWatch(services, self)
        self.watch.active = False

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.name_label = QLabel("—")
        self.name_label.setObjectName("accountName")
        bold = self.name_label.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.2)
        self.name_label.setFont(bold)
        self.address_label = QLabel("—")
        self.address_label.setFont(mono)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance_label = QLabel("—")
        self.balance_label.setObjectName("walletBalance")
        big = self.balance_label.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.6)
        self.balance_label.setFont(big)
        self.escrow_label = QLabel("—")
        self.escrow_label.setObjectName("walletEscrow")
        self.note_label = QLabel("")
        self.note_label.setObjectName("walletNote")
        self.note_label.setWordWrap(True)

        header = QGroupBox()
        grid = QGridLayout(header)
        grid.addWidget(self.name_label, 0, 0)
        grid.addWidget(self.address_label, 1, 0)
        grid.addWidget(self.note_label, 2, 0)
        balance_caption = QLabel(self.tr("Available"))
        balance_caption.setProperty("role", "hint")
        escrow_caption = QLabel(self.tr("In escrow"))
        escrow_caption.setProperty("role", "hint")
        grid.addWidget(balance_caption, 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.balance_label, 1, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(escrow_caption, 0, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.escrow_label, 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(0, 1)
        grid.setColumnMinimumWidth(2, 120)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("walletTabs")
        self.send_tab = SendTab(services, self.watch)
        self.receive_tab = ReceiveTab(services)
        self.history_tab = HistoryTab(services)
        self.contacts_tab = ContactsTab(services)
        self.approvals_tab = ApprovalsTab(services, self.watch)
        self.keys_tab = KeysTab(services)
        self.tabs.addTab(self.send_tab, self.tr("Send"))
        self.tabs.addTab(self.receive_tab, self.tr("Receive"))
        self.tabs.addTab(self.history_tab, self.tr("History"))
        self.tabs.addTab(self.contacts_tab, self.tr("Address book"))
        self.tabs.addTab(self.approvals_tab, self.tr("Approvals"))
        self.tabs.addTab(self.keys_tab, self.tr("Keys"))
        self.tabs.currentChanged.connect(self._tab_shown)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

        self.contacts_tab.payRequested.connect(self.pay)
        self.contacts_tab.contactsChanged.connect(self.send_tab.refresh_completer)
        self.keys_tab.restored.connect(lambda _r: self.contacts_tab.model.reload())
        self.keys_tab.restored.connect(lambda _r: self.send_tab.refresh_completer())
        self.send_tab.sent.connect(lambda _v: self.history_tab.model.reload() if self.history_tab.isVisible() else None)
        self.watch.changed.connect(self.show_answer)
        self.watch.failed.connect(lambda e: self.note_label.setText(describe(e)))
        services.accountChanged.connect(self.show_account)
        self.show_account(services.account)

    def pay(self, address: str) -> None:
        self.tabs.setCurrentWidget(self.send_tab)
        self.send_tab.to_edit.setText(address)
        self.send_tab.amount_edit.setFocus()

    def show_account(self, account: Any) -> None:
        if account is None:
            self.name_label.setText(self.tr("No account"))
            self.address_label.setText("—")
            self.note_label.setText(self.tr("Add or import a key in the Keys tab."))
            return
        role = getattr(account, "role", "")
        name = account_name(account)
        self.name_label.setText(f"{name} · {role_name(role)}" if role else name)
        self.address_label.setText(account.address)
        self.note_label.setText("")

    def show_answer(self, answer: Any) -> None:
        if answer is None:
            self.balance_label.setText("—")
            self.escrow_label.setText("—")
            return
        if answer.get("exists") is False:
            self.balance_label.setText(format_amount_locale(0))
            self.escrow_label.setText(format_amount_locale(0))
            self.note_label.setText(self.tr("This account is not registered on the chain yet."))
            return
        balance, escrow = self.watch.balance, self.watch.escrow
        self.balance_label.setText(format_amount_locale(balance) if balance is not None else "—")
        self.escrow_label.setText(format_amount_locale(escrow) if escrow is not None else "—")
        self.note_label.setText("" if balance is not None else self.tr("The node sent an unreadable balance."))

    def _tab_shown(self, _index: int) -> None:
        current = self.tabs.currentWidget()
        if current is self.history_tab:
            self.history_tab.ensure_loaded()
        elif current is self.approvals_tab:
            self.approvals_tab.reload()
        elif current is self.contacts_tab:
            self.contacts_tab.model.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.watch.set_active(True)
        if self.watch.answer is None:
            self.watch.refresh()
        self._tab_shown(self.tabs.currentIndex())

    def hideEvent(self, event: QHideEvent) -> None:
        self.watch.set_active(False)
        super().hideEvent(event)
