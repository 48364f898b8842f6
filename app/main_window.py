"""The main window: navigation on the left, one page at a time on the right, node and key state around them.

It only composes: each page listed in ``app.pages.PAGES`` is imported and
constructed as ``Page(services)`` (a module not written yet is skipped), the
tool bar carries the demo's role switcher and the lock button, the status bar
the node's height and connection.  QSettings holds nothing but the window's
geometry.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.formatting import format_count
from app.pages import PAGES
from app.role_switcher import RoleSwitcher
from app.services import AppServices

log = logging.getLogger(__name__)

_GEOMETRY_KEY = "MainWindow/geometry"
_STATE_KEY = "MainWindow/state"


def load_page_class(spec: str) -> Any:
    """Import ``"module:Class"``; None when the module does not exist yet (pages land in parallel)."""
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name == module_name:
            return None
        raise  # the page exists but something it imports does not: a real bug
    return getattr(module, class_name)  # a QWidget subclass with a static title()


class MainWindow(QMainWindow):
    """Depot's main window."""

    closed = Signal()
    """The window was closed: the app shuts down its services and quits."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._settings = services.settings
        self.setWindowTitle(self.tr("Depot"))
        self.setObjectName("MainWindow")

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.pages = QStackedWidget()
        self.page_by_key: dict[str, QWidget] = {}
        for key, spec in PAGES:
            cls = load_page_class(spec)
            if cls is None:
                continue
            page = cls(services)
            page.setObjectName(f"{key}Page")
            self.page_by_key[key] = page
            self.pages.addWidget(page)
            QListWidgetItem(cls.title(), self.navigation).setData(Qt.ItemDataRole.UserRole, key)
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.lock_action = QAction(self.tr("&Lock keys"), self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(self.tr("Lock every unlocked key now"))
        self.lock_action.triggered.connect(services.unlocked.lock_all)
        file_menu.addAction(self.lock_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.tool_bar = QToolBar(self.tr("Account"))
        self.tool_bar.setObjectName("accountToolBar")
        self.tool_bar.setMovable(False)
        self.role_switcher = RoleSwitcher(services)
        self.tool_bar.addWidget(self.role_switcher)
        services.accountsChanged.connect(self.role_switcher.reload)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.tool_bar.addWidget(spacer)
        self.lock_status = QLabel()
        self.lock_status.setObjectName("lockStatus")
        self.tool_bar.addWidget(self.lock_status)
        self.tool_bar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.tool_bar)
        services.lockedChanged.connect(self._show_lock_state)
        self._show_lock_state(not services.unlocked.any_unlocked())

        self.height_status = QLabel(self.tr("Height: —"))
        self.connection_status = QLabel(self.tr("Connecting…"))
        for label in (self.height_status, self.connection_status):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

        services.bridge.blockAdded.connect(self._on_block_added)
        services.bridge.statusChanged.connect(self._on_status_changed)
        services.bridge.connectionChanged.connect(self._on_connection_changed)

        self.resize(QSize(1180, 760))
        self._restore_window_state()

    # --- pages ------------------------------------------------------------------------

    @property
    def overview(self) -> Any:
        """The Overview page (the screenshot mode waits for its data)."""
        return self.page_by_key.get("overview")

    def page(self, key: str) -> QWidget | None:
        return self.page_by_key.get(key)

    def show_page(self, key: str) -> bool:
        """Switch to the page registered as ``key``; False if it is not there."""
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigation.setCurrentRow(row)
                return True
        return False

    # --- tool bar and status bar --------------------------------------------------------

    def _show_lock_state(self, locked: bool) -> None:
        self.lock_status.setText(self.tr("Keys locked") if locked else self.tr("Key unlocked"))
        self.lock_action.setEnabled(not locked)

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
