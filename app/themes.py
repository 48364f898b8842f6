"""Light, dark or the system's theme: a Fusion palette plus the few style touches in resources/styles.

"system" follows the desktop's colour scheme (``QStyleHints.colorScheme``)
and switches live when the desktop does.  The palette does the work so that
every page, including the other engineers', follows without its own code;
``depot.qss`` adds layout touches and ``<theme>.qss`` the colours of
Depot's own roles (field errors, warnings, the lock badge).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

log = logging.getLogger(__name__)

_STYLES = Path(__file__).resolve().parent.parent / "resources" / "styles"
_following_system = False
_connected = False


def effective_theme(theme: str) -> str:
    """"light" or "dark": what ``theme`` ("system", "light", "dark") means on this desktop now."""
    if theme in ("light", "dark"):
        return theme
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def _palette(kind: str) -> QPalette:
    p = QPalette()
    if kind == "dark":
        colours = {
            QPalette.ColorRole.Window: "#202124",
            QPalette.ColorRole.WindowText: "#e8eaed",
            QPalette.ColorRole.Base: "#17181a",
            QPalette.ColorRole.AlternateBase: "#26282b",
            QPalette.ColorRole.ToolTipBase: "#303134",
            QPalette.ColorRole.ToolTipText: "#e8eaed",
            QPalette.ColorRole.PlaceholderText: "#8f9399",
            QPalette.ColorRole.Text: "#e8eaed",
            QPalette.ColorRole.Button: "#2d2f33",
            QPalette.ColorRole.ButtonText: "#e8eaed",
            QPalette.ColorRole.BrightText: "#ff6b6b",
            QPalette.ColorRole.Highlight: "#3b82f6",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Link: "#8ab4f8",
            QPalette.ColorRole.Light: "#3c4043",
            QPalette.ColorRole.Midlight: "#34363a",
            QPalette.ColorRole.Mid: "#2a2c30",
            QPalette.ColorRole.Dark: "#111214",
            QPalette.ColorRole.Shadow: "#000000",
        }
        disabled = "#6f7378"
    else:
        colours = {
            QPalette.ColorRole.Window: "#f5f6f8",
            QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f0f2f5",
            QPalette.ColorRole.ToolTipBase: "#ffffee",
            QPalette.ColorRole.ToolTipText: "#1f2328",
            QPalette.ColorRole.PlaceholderText: "#8c959f",
            QPalette.ColorRole.Text: "#1f2328",
            QPalette.ColorRole.Button: "#eceef1",
            QPalette.ColorRole.ButtonText: "#1f2328",
            QPalette.ColorRole.BrightText: "#cf222e",
            QPalette.ColorRole.Highlight: "#2563eb",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.Link: "#0b57d0",
            QPalette.ColorRole.Light: "#ffffff",
            QPalette.ColorRole.Midlight: "#e3e6ea",
            QPalette.ColorRole.Mid: "#c9ced4",
            QPalette.ColorRole.Dark: "#9aa1a9",
            QPalette.ColorRole.Shadow: "#6e7781",
        }
        disabled = "#9aa1a9"
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


def _read_qss(name: str) -> str:
    with contextlib.suppress(OSError):
        return (_STYLES / name).read_text(encoding="utf-8")
    return ""


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply ``theme`` to the whole app; returns the effective "light" or "dark"."""
    global _following_system, _connected
    kind = effective_theme(theme)
    if "fusion" in QStyleFactory.keys() or "Fusion" in QStyleFactory.keys():
        app.setStyle("Fusion")  # the same palette-driven look on Windows, macOS and Linux
    app.setPalette(_palette(kind))
    app.setStyleSheet(_read_qss("depot.qss") + "\n" + _read_qss(f"{kind}.qss"))
    app.setProperty("depotTheme", kind)
    _following_system = theme == "system"
    hints = QGuiApplication.styleHints()
    if hints is not None and not _connected:
        hints.colorSchemeChanged.connect(lambda _scheme: _follow_system(app))
        _connected = True
    log.debug("theme %s (%s)", theme, kind)
    return kind


def _follow_system(app: QApplication) -> None:
    if _following_system:
        apply_theme(app, "system")


def current_theme(app: QApplication | None = None) -> str:
    """"light" or "dark" as last applied (for widgets that draw their own colours)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    value = app.property("depotTheme") if app is not None else None
    return str(value) if value in ("light", "dark") else "light"
