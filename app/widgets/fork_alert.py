"""The loud fork/attack alert: a red banner and a dialog with the evidence, shown when the light client detects a fork.

A fork on a BFT chain means more than the trust level of the validators
signed two different blocks at one height: an attack on this computer's view
of the chain, or on the chain itself.  Syncing has stopped (the light client
refuses to continue until a person acknowledges the alert), and nothing
shown since the common height can be trusted.  The banner stays until the
alert is acknowledged; the dialog says what happened, what it means and
what to do, with both signed block ids to hand to the consortium operator.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import format_count, format_time_ms

_RED = "#c62828"


def alert_facts(alert: Any) -> list[tuple[str, str]]:
    """The alert's fields as (English key, value) for copying; ``alert`` is a ``node.light.types.ForkAlert``."""
    return [
        ("evidence", f"#{alert.evidence_id}"),
        ("height", str(alert.height)),
        ("common trusted height", str(alert.common_height)),
        ("primary node", alert.primary),
        ("primary block id", bytes(alert.primary_block_id).hex()),
        ("witness node", alert.witness),
        ("witness block id", bytes(alert.witness_block_id).hex()),
        ("detected at (ms)", str(alert.detected_at_ms)),
    ]


class ForkAlertBanner(QFrame):
    """A red strip across the top of a page: "Security alert: conflicting blocks at height N"."""

    detailsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forkAlertBanner")
        self.setStyleSheet(
            f"QFrame#forkAlertBanner {{ background: {_RED}; border-radius: 4px; }}"
            " QFrame#forkAlertBanner QLabel { color: white; }"
        )
        self.alert: Any = None
        self.icon = QLabel("⚠")
        f = self.icon.font()
        f.setPointSizeF(f.pointSizeF() * 2.0)
        self.icon.setFont(f)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        tf = self.text.font()
        tf.setBold(True)
        self.text.setFont(tf)
        self.details_button = QPushButton(self.tr("What happened?"))
        self.details_button.setObjectName("forkAlertDetails")
        self.details_button.clicked.connect(self.detailsRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        row.addWidget(self.details_button)
        self.setVisible(False)

    def show_alert(self, alert: Any) -> None:
        self.alert = alert
        self.text.setText(
            self.tr(
                "Security alert: two nodes served different signed blocks at height {0}. "
                "Syncing has stopped; do not rely on balances or records until this is resolved."
            ).format(format_count(alert.height))
        )
        self.setVisible(True)

    def clear(self) -> None:
        self.alert = None
        self.setVisible(False)


class ForkAlertDialog(QDialog):
    """The evidence of a detected fork, what it means, and Acknowledge (after a confirmation)."""

    acknowledged = Signal(int)
    """The person acknowledged the alert with this evidence id (the light client may sync again)."""

    def __init__(self, alert: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alert = alert
        self.setObjectName("forkAlertDialog")
        self.setWindowTitle(self.tr("Security alert: fork detected"))
        self.setMinimumWidth(640)
        head = QLabel(self.tr("Two nodes served different blocks for the same height"))
        head.setObjectName("forkAlertHeadline")
        hf = head.font()
        hf.setPointSizeF(hf.pointSizeF() * 1.4)
        hf.setBold(True)
        head.setFont(hf)
        head.setStyleSheet(f"color: {_RED};")
        head.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "Both blocks carry the signatures of validators this computer trusts. On this chain a "
                "block is final once signed, so this can only happen if validators signed twice or "
                "someone is attacking this computer's connection. The light client has stopped "
                "syncing and will not accept new blocks until you acknowledge this alert.\n\n"
                "What to do: do not approve payments or releases that depend on recent data. Send "
                "the details below to your consortium operator. Acknowledge only after they have "
                "explained it."
            )
        )
        explain.setWordWrap(True)
        mono_flags = Qt.TextInteractionFlag.TextSelectableByMouse
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}

        def add(key: str, label: str, value: str, mono: bool = False) -> None:
            w = QLabel(value)
            w.setTextInteractionFlags(mono_flags)
            w.setWordWrap(True)
            if mono:
                from PySide6.QtGui import QFontDatabase

                w.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.labels[key] = w
            form.addRow(label, w)

        add("height", self.tr("Height:"), format_count(alert.height))
        add("common", self.tr("Last height both agree on:"), format_count(alert.common_height))
        add("primary", self.tr("Node this computer syncs from:"), alert.primary)
        add("primary_block", self.tr("Its block:"), bytes(alert.primary_block_id).hex(), True)
        add("witness", self.tr("Node that disagrees:"), alert.witness)
        add("witness_block", self.tr("Its block:"), bytes(alert.witness_block_id).hex(), True)
        add("detected", self.tr("Detected:"), format_time_ms(alert.detected_at_ms))
        add("evidence", self.tr("Evidence number:"), f"#{alert.evidence_id}")

        self.copy_button = QPushButton(self.tr("Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        self.ack_button = QPushButton(self.tr("Acknowledge…"))
        self.ack_button.setObjectName("acknowledgeFork")
        self.ack_button.clicked.connect(self._confirm_acknowledge)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.ack_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        self.confirm_box: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def details_text(self) -> str:
        return "Depot fork alert\n" + "\n".join(f"{k}: {v}" for k, v in alert_facts(self.alert))

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.details_text())

    def _confirm_acknowledge(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Acknowledge the fork alert?"),
            self.tr(
                "The light client will sync again from the last height both nodes agree on. "
                "Acknowledge only after your consortium operator has explained the conflict."
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        ack = box.addButton(self.tr("Acknowledge"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.confirm_box = box

        def done(_r: int) -> None:
            if box.clickedButton() is ack:
                self.acknowledged.emit(int(self.alert.evidence_id))
                self.accept()
            box.deleteLater()
            self.confirm_box = None

        box.finished.connect(done)
        box.open()

    async def run(self) -> int:
        """Show without blocking (``open``) and await the result."""
        fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.finished.connect(lambda r: fut.done() or fut.set_result(r))
        self.open()
        return await fut
