"""The wallet's Receive tab: the account's address as text and as a QR code, with a copy button."""

from __future__ import annotations

from typing import Any

import qrcode
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import AppServices


def qr_pixmap(text: str, *, size_px: int = 240) -> QPixmap:
    """``text`` as a QR code (error correction M, quiet zone of 4 modules), black on white, square."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(text.upper() if text.startswith("depot1") else text)  # upper case: QR's compact alphanumeric mode
    qr.make(fit=True)
    matrix = qr.get_matrix()
    n = len(matrix)
    scale = max(1, size_px // n)
    image = QImage(n * scale, n * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * scale, y * scale, scale, scale, black)
    painter.end()
    return QPixmap.fromImage(image)


class ReceiveTab(QWidget):
    """Show the current account's address to whoever pays it."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.intro = QLabel(
            self.tr("Give this address to whoever pays you. It carries a checksum, so a mistyped copy is refused.")
        )
        self.intro.setWordWrap(True)
        self.qr_label = QLabel()
        self.qr_label.setObjectName("qrLabel")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(260, 260)
        self.address_label = QLabel("—")
        self.address_label.setObjectName("addressText")
        self.address_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.copy_button = QPushButton(self.tr("Copy address"))
        self.copy_button.setObjectName("copyButton")
        self.copy_button.clicked.connect(self.copy)
        self.copied_label = QLabel("")
        self.copied_label.setObjectName("copiedLabel")
        self.copied_label.setProperty("role", "hint")
        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(2500)
        self._copied_timer.timeout.connect(lambda: self.copied_label.setText(""))

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.copied_label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.qr_label)
        layout.addWidget(self.address_label)
        layout.addLayout(row)
        layout.addStretch(1)
        services.accountChanged.connect(self.show_account)
        self.show_account(services.account)

    def show_account(self, account: Any) -> None:
        address = getattr(account, "address", None)
        self.copy_button.setEnabled(bool(address))
        if not address:
            self.address_label.setText("—")
            self.qr_label.clear()
            return
        self.address_label.setText(address)
        self.qr_label.setPixmap(qr_pixmap(address))
        self.qr_label.setToolTip(address)

    def copy(self) -> None:
        address = getattr(self._services.account, "address", None)
        if not address:
            return
        QGuiApplication.clipboard().setText(address)
        self.copied_label.setText(self.tr("Copied."))
        self._copied_timer.start()
