"""Themes: light, dark, and "follow the system", which changes with the desktop's colour scheme while it runs."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.themes import apply_theme, current_theme  # noqa: E402


def window_lightness() -> int:
    return int(QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness())  # type: ignore[union-attr]


@pytest.fixture
def scheme(qapp: Any) -> Iterator[Any]:
    hints = QGuiApplication.styleHints()
    yield hints
    hints.unsetColorScheme()
    apply_theme(qapp, "light")


def test_light_and_dark_are_applied_whatever_the_desktop_says(qapp, scheme) -> None:
    scheme.setColorScheme(Qt.ColorScheme.Dark)
    assert apply_theme(qapp, "light") == "light" and window_lightness() > 180
    scheme.setColorScheme(Qt.ColorScheme.Light)
    assert apply_theme(qapp, "dark") == "dark" and window_lightness() < 80
    assert current_theme(qapp) == "dark"


def test_follow_the_system_reads_the_desktop_and_is_dropped_by_a_fixed_choice(qapp, scheme, qtbot) -> None:
    """Offscreen and under Xvfb there is no platform theme: the desktop's scheme is Unknown, which reads as
    light, and a change cannot be made from here (``setColorScheme`` is only a request to the platform).
    What can be checked: "system" follows ``colorSchemeChanged`` and a fixed choice does not."""
    assert scheme.colorScheme() in (Qt.ColorScheme.Unknown, Qt.ColorScheme.Light)
    apply_theme(qapp, "dark")
    assert apply_theme(qapp, "system") == "light" and window_lightness() > 180
    apply_theme(qapp, "dark")
    scheme.colorSchemeChanged.emit(Qt.ColorScheme.Light)  # a fixed choice ignores the desktop
    qtbot.wait(50)
    assert current_theme(qapp) == "dark"
