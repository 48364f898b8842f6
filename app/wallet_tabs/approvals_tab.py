"""The wallet's Approvals tab: organisation-account requests waiting for this signer, and approving one.

Approving sends ``approval.sign`` from the current account through the
signing dialog; the request's proposed transaction is decoded in the details
below the table so the signer sees what they approve.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.account_watch import AccountWatch
from app.formatting import format_count
from app.models.approvals_model import ApprovalsModel
from app.node_bridge import spawn
from app.services import AppServices
from app.tx_text import amount_text, field_text, kind_text
from node.modules import default_registry


class ApprovalsTab(QWidget):
    """Requests to approve, their details, and the Approve button."""

    def __init__(self, services: AppServices, watch: AccountWatch, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._watch = watch
        self.model = ApprovalsModel(services.client, self)
        self.table = QTableView()
        self.table.setObjectName("approvalsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.details = QLabel("")
        self.details.setObjectName("approvalDetails")
        self.details.setWordWrap(True)
        self.status_label = QLabel("")
        self.status_label.setObjectName("approvalsStatus")
        self.status_label.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setEnabled(False)
        self.approve_button.clicked.connect(self.on_approve)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Transactions proposed for an organisation account you sign for. "
                "Each runs once enough signers approved it."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        self.model.modelReset.connect(self._after_reload)
        self.model.loadFailed.connect(self.status_label.setText)
        watch.changed.connect(lambda _a: self.reload())
        services.bridge.chainEvent.connect(self._on_chain_event)
        self._busy = False

    def my_keys(self) -> set[bytes]:
        rec = self._watch.record
        keys = rec.get("keys", []) if rec else []
        out = set()
        for k in keys:
            if isinstance(k, dict) and isinstance(k.get("public_key"), str):
                out.add(bytes.fromhex(k["public_key"]))
        return out

    def reload(self) -> None:
        names = {a.address: a.name for a in self._services.accounts}
        self.model.names = names
        self.model.load(self.my_keys())

    def _on_chain_event(self, event: dict[str, Any]) -> None:
        if str(event.get("kind", "")).startswith("approval.") and self.isVisible():
            self.reload()

    def _after_reload(self) -> None:
        n = self.model.rowCount()
        self.status_label.setText(
            self.tr("{0} request(s) waiting for your approval.").format(format_count(n))
            if n
            else self.tr("Nothing is waiting for your approval.")
        )
        self._show_selected()

    def _selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.approval(rows[0].row()) if rows else None

    def _show_selected(self) -> None:
        a = self._selected()
        self.approve_button.setEnabled(a is not None and not a.mine_approved and not self._busy)
        if a is None:
            self.details.setText("")
            return
        lines = [self.tr("Request #{0}: {1}").format(a.approval_id, kind_text(a.kind))]
        try:
            reg = default_registry()
            inner = reg.decode_payload(a.kind, bytes.fromhex(a.payload_hex))
            from node.core.encoding import to_json

            for name, value in to_json(inner).items():
                if name == "amount" and isinstance(value, int):
                    value = amount_text(value)
                lines.append(f"  {field_text(name, name)}: {value}")
        except Exception:  # noqa: BLE001 - an undecodable proposal is shown as such, never approved blindly
            lines.append(self.tr("  (this wallet cannot decode the proposed transaction)"))
        if a.memo:
            lines.append(self.tr("Note: {0}").format(a.memo))
        self.details.setText("\n".join(lines))

    def on_approve(self) -> None:
        a = self._selected()
        if a is None or self._busy:
            return
        self._busy = True
        self.approve_button.setEnabled(False)
        spawn(self._approve(a.approval_id), name="approval-sign")

    async def _approve(self, approval_id: int) -> None:
        try:
            committed = await self._services.sign_and_submit(
                "approval.sign", {"approval_id": approval_id}, self
            )
        finally:
            self._busy = False
        if committed is not None:
            self.status_label.setText(
                self.tr("Approved request #{0} in block {1}.").format(
                    approval_id, format_count(int(committed.get("height", 0)))
                )
            )
        self.reload()
