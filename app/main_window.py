"""The main window: navigation on the left, one page at a time on the right, node state in the status bar.

It only composes pages and forwards services to them; each page owns its
widgets and models.  QSettings holds nothing but the window's geometry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.demo import DemoAccount
from app.formatting import format_count
from app.node_bridge import NodeBridge
from app.pages.overview_page import OverviewPage
from node.client import AsyncNodeClient

_GEOMETRY_KEY = "MainWindow/geometry"
_STATE_KEY = "MainWindow/state"


class MainWindow(QMainWindow):
    """Depot's main window."""

    closed = Signal()
    """The window was closed: the app shuts down its services and quits."""

    def __init__(
        self,
        *,
        client: AsyncNodeClient,
        bridge: NodeBridge,
        account: DemoAccount | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._bridge = bridge  # held so its signals outlive the caller's reference
        self.setWindowTitle(self.tr("Depot"))
        self.setObjectName("MainWindow")

        self.overview = OverviewPage(client=client, bridge=bridge, account=account)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.pages = QStackedWidget()
        # Wallet, Tanks & orders, Explorer, Node and Settings join here as they are written.
        self._add_page(self.tr("Overview"), self.overview)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.height_status = QLabel(self.tr("Height: —"))
        self.connection_status = QLabel(self.tr("Connecting…"))
        for label in (self.height_status, self.connection_status):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

        bridge.blockAdded.connect(self._on_block_added)
        bridge.statusChanged.connect(self._on_status_changed)
        bridge.connectionChanged.connect(self._on_connection_changed)

        self.resize(QSize(1100, 720))
        self._restore_window_state()

    def _add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        QListWidgetItem(title, self.navigation)

    # --- status bar -----------------------------------------------------------------

    def _show_height(self, height: Any) -> None:
        if isinstance(height, int) and not isinstance(height, bool):
            self.height_status.setText(self.tr("Height: {0}").format(format_count(height)))

    def _on_block_added(self, block: dict[str, Any]) -> None:
        self._show_height(block.get("height"))

    def _on_status_changed(self, status: dict[str, Any]) -> None:
        self._show_height(status.get("height"))

    def _on_connection_changed(self, up: bool) -> None:
        self.connection_status.setText(self.tr("Connected") if up else self.tr("Not connected"))

    # --- window state ------------------------------------------------------------------

    def _restore_window_state(self) -> None:
        geometry = self._settings.value(_GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._settings.value(_STATE_KEY)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(_STATE_KEY, self.saveState())
        self._settings.sync()
        super().closeEvent(event)
        self.closed.emit()
