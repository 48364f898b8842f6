"""The signing dialog: the decoded view of the exact bytes about to be signed, Cancel first, Confirm after a pause.

Built on ``wallet.view.DecodedView``: the action, every field in people's
words (amounts in units and minor units, parties with their address-book
names), the first-time-recipient warning, the signing key and its backend, and
the digest fingerprint a second device can show for comparison.  Cancel is
the default button; Confirm is enabled only after ``confirm_delay_ms`` so a
double-click or a held Enter key cannot sign unseen.  When the view refuses
the bytes, the dialog says why and offers nothing but Cancel.

The dialog does no work itself: Confirm emits ``confirmed(secret)`` and the
caller (``AppServices.sign_and_submit``) unlocks, signs and submits off the
GUI thread, then calls ``set_busy``, ``show_secret_error``, ``show_error`` or
``finish``.  ``run()`` opens it window-modal (never ``exec``) and awaits it.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.dialogs import until_finished
from app.error_text import unlock_reason_text
from app.tx_text import amount_text, backend_text, field_text, kind_text, warning_text
from node.core import crypto
from wallet.keystore import KeyEntry
from wallet.view import DecodedView


def _selectable(text: str, *, mono: bool = False, wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if mono:
        label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return label


class SigningDialog(QDialog):
    """Review and sign one transaction."""

    confirmed = Signal(str)
    """Confirm was pressed: the password or PIN typed ("" when none is needed)."""

    def __init__(
        self,
        view: DecodedView | None,
        *,
        entry: KeyEntry | None = None,
        unlock: Any = None,
        refused: str = "",
        confirm_delay_ms: int = 1500,
        sender_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signingDialog")
        self.setWindowTitle(self.tr("Review and sign"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        self.view = view
        self.result_view: dict[str, Any] | None = None
        self._sent = False
        self._busy = False
        self._delay_over = False
        method = getattr(unlock, "method", "none") if unlock is not None else "none"

        layout = QVBoxLayout(self)

        heading = QLabel()
        heading.setObjectName("actionHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.action_label = heading

        self.refused_label = QLabel(refused)
        self.refused_label.setObjectName("refusedLabel")
        self.refused_label.setProperty("role", "errorBanner")
        self.refused_label.setWordWrap(True)
        self.refused_label.setVisible(bool(refused))
        layout.addWidget(self.refused_label)

        self.warning_labels: list[QLabel] = []
        self.field_labels: dict[str, QLabel] = {}
        self.fingerprint_label = _selectable("", mono=True)
        self.fingerprint_label.setObjectName("fingerprintLabel")
        self.signing_key_label = _selectable("")
        self.signing_key_label.setObjectName("signingKeyLabel")

        if view is not None:
            heading.setText(kind_text(view.kind, view.action))
            for w in view.warnings:
                banner = QLabel("⚠ " + warning_text(w.split(": ", 1)[-1] if ": " in w else w))
                banner.setObjectName("warningBanner")
                banner.setProperty("role", "warningBanner")
                banner.setWordWrap(True)
                layout.addWidget(banner)
                self.warning_labels.append(banner)

            details = QGroupBox(self.tr("What you are signing"))
            form = QFormLayout(details)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            sender = view.sender_label
            if sender_name and "<" not in sender:  # not already named by the address book
                sender = f"{sender_name} <{sender}>"
            self.sender_label = _selectable(sender, mono=True)
            form.addRow(self.tr("From:"), self.sender_label)
            if view.value_minor:
                moves = _selectable(amount_text(view.value_minor))
                moves.setObjectName("valueLabel")
                bold = moves.font()
                bold.setBold(True)
                moves.setFont(bold)
                form.addRow(self.tr("Moves:"), moves)
            for line in view.lines:
                text = amount_text(line.raw) if _is_amount_line(line) else line.text
                value = _selectable(text, mono=_is_address_like(line))
                if line.warning:
                    value.setText(text + "\n⚠ " + warning_text(line.warning))
                self.field_labels[line.path] = value
                form.addRow(field_text(line.path, line.label) + ":", value)
            form.addRow(self.tr("Network:"), _selectable(view.chain_id))
            form.addRow(self.tr("Sequence number:"), _selectable(str(view.nonce)))
            form.addRow(self.tr("Valid until:"), _selectable(view.expires_at))
            if view.signatures_needed is not None and view.signatures_needed > 1:
                form.addRow(
                    self.tr("Signatures:"),
                    _selectable(
                        self.tr("This account needs {0} signatures; this is one of them.").format(
                            view.signatures_needed
                        )
                    ),
                )
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(details)
            layout.addWidget(scroll, 1)

            key_box = QGroupBox(self.tr("Signing"))
            key_form = QFormLayout(key_box)
            if view.signing_key:
                key_text = view.signing_key
            elif entry is not None:
                key_text = self.tr("{0} — {1}, {2}").format(
                    entry.label or entry.name,
                    backend_text(entry.backend),
                    self.key_text(int(entry.scheme_enum), entry.public_key_bytes) if entry.public_key else "",
                )
            else:
                key_text = "—"
            self.signing_key_label.setText(key_text)
            key_form.addRow(self.tr("Key:"), self.signing_key_label)
            self.fingerprint_label.setText(view.fingerprint)
            self.fingerprint_label.setToolTip(
                self.tr("Transaction id {0}. A second device shows the same fingerprint.").format(
                    view.tx_id
                )
            )
            key_form.addRow(self.tr("Digest fingerprint:"), self.fingerprint_label)
            layout.addWidget(key_box)
        else:
            heading.setText(self.tr("This transaction cannot be signed"))

        # Unlocking: a password (file key) or PIN (token), asked here, checked off the GUI thread.
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("secretEdit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_error = QLabel("")
        self.secret_error.setObjectName("secretError")
        self.secret_error.setProperty("role", "fieldError")
        self.secret_error.setWordWrap(True)
        self.secret_error.hide()
        self.needs_secret = view is not None and method in ("password", "pin")
        if self.needs_secret:
            unlock_box = QGroupBox(self.tr("Unlock the key"))
            unlock_form = QFormLayout(unlock_box)
            label = self.tr("Token PIN:") if method == "pin" else self.tr("Password:")
            prefill = getattr(unlock, "prefill", "")
            if prefill:
                self.secret_edit.setText(prefill)
                note = QLabel(self.tr("Demo account: its published demo password is filled in."))
                note.setProperty("role", "hint")
                note.setWordWrap(True)
                unlock_form.addRow(note)
            reason = unlock_reason_text(getattr(unlock, "reason", ""))
            if reason and not prefill:
                why = QLabel(reason)
                why.setProperty("role", "hint")
                why.setWordWrap(True)
                unlock_form.addRow(why)
            unlock_form.addRow(label, self.secret_edit)
            unlock_form.addRow("", self.secret_error)
            layout.addWidget(unlock_box)
            # Enter in the field must not press the default button (Cancel): it moves to Confirm.
            self.secret_edit.returnPressed.connect(self._focus_confirm)

        self.status_label = QLabel("")
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout.addWidget(self.status_label)
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorLabel")
        self.error_label.setProperty("role", "errorBanner")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox()
        self.cancel_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.confirm_button = QPushButton(self.tr("Confirm and send"))
        self.confirm_button.setObjectName("confirmButton")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setDefault(False)
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.setDefault(True)
        self.confirm_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._on_confirm)
        layout.addWidget(self.buttons)
        self.cancel_button.setFocus()

        self.confirm_timer = QTimer(self)
        self.confirm_timer.setSingleShot(True)
        self.confirm_timer.setInterval(max(0, confirm_delay_ms))
        self.confirm_timer.timeout.connect(self._delay_elapsed)
        if view is not None and not refused:
            self.confirm_timer.start()

    def key_text(self, scheme: int, public_key: bytes) -> str:
        """"Ed25519 key 1a2b3c4d-5e6f7a8b": the scheme and the key's fingerprint, as the CLI shows it."""
        fp = crypto.key_fingerprint(scheme, public_key).hex()[:16]
        name = {1: "Ed25519", 2: "P-256"}.get(scheme, str(scheme))
        return self.tr("{0} key {1}").format(name, f"{fp[:8]}-{fp[8:]}")

    # --- state ---------------------------------------------------------------------------

    def _delay_elapsed(self) -> None:
        self._delay_over = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        can_confirm = (
            self.view is not None
            and self._delay_over
            and not self._busy
            and not self._sent
            and not self.refused_label.text()
        )
        self.confirm_button.setEnabled(can_confirm)
        self.cancel_button.setEnabled(not self._busy)
        self.secret_edit.setEnabled(not self._busy and not self._sent)
        if self._sent:
            self.cancel_button.setText(self.tr("Close"))

    def _focus_confirm(self) -> None:
        if self.confirm_button.isEnabled():
            self.confirm_button.setFocus()

    def _on_confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        secret = self.secret_edit.text() if self.needs_secret else ""
        if self.needs_secret and not secret:
            self.show_secret_error(self.tr("Enter the password to unlock the key."))
            return
        self.secret_error.hide()
        self.error_label.hide()
        self.confirmed.emit(secret)

    def set_busy(self, text: str) -> None:
        """Working (unlocking, signing, waiting for the block): buttons off, ``text`` shown."""
        self._busy = True
        self.status_label.setText(text)
        self.status_label.show()
        self._update_buttons()

    def _idle(self) -> None:
        self._busy = False
        self.status_label.hide()
        self._update_buttons()

    def show_secret_error(self, text: str) -> None:
        """The password or PIN was refused: say so under the field, let the person retry."""
        self._idle()
        self.secret_error.setText(text)
        self.secret_error.show()
        self.secret_edit.selectAll()
        self.secret_edit.setFocus()

    def show_error(self, text: str, *, sent: bool = False) -> None:
        """Signing or sending failed; with ``sent`` the transaction left and Confirm stays off."""
        self._sent = self._sent or sent
        self._idle()
        self.error_label.setText(text)
        self.error_label.show()

    def finish(self, committed: dict[str, Any]) -> None:
        """The transaction is final: close with its view as the result."""
        self.result_view = committed
        self._busy = False
        self.accept()

    def reject(self) -> None:
        if self._busy:
            return  # the work in flight decides; Cancel is disabled meanwhile
        super().reject()

    async def run(self) -> dict[str, Any] | None:
        """Open (window-modal, non-blocking) and await the outcome: the committed view or None."""
        waiting = until_finished(self)
        self.open()
        self.cancel_button.setFocus()
        try:
            await waiting
        finally:
            if shiboken6.isValid(self):  # its parent may have gone first (the window closed)
                self.deleteLater()
        return self.result_view


def _is_amount_line(line: Any) -> bool:
    return isinstance(line.raw, int) and not isinstance(line.raw, bool) and "minor units" in line.text


def _is_address_like(line: Any) -> bool:
    return isinstance(line.raw, str) and line.raw.startswith("depot1")
