"""The one way forms show a refused field: a specific message right under it, and the field marked."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout, QWidget


def error_label(object_name: str) -> QLabel:
    """An empty, hidden message label for under a field (styled by the theme's ``fieldError`` role)."""
    label = QLabel("")
    label.setObjectName(object_name)
    label.setProperty("role", "fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def set_field_error(field: QWidget, label: QLabel, text: str) -> None:
    """Show ``text`` under ``field`` (or clear it with ""), and mark the field for the style sheet."""
    label.setText(text)
    label.setVisible(bool(text))
    # A string, not a bool: the style sheet matches [invalid="true"] (and PySide6 6.12 miscounts
    # references of Python bools stored in QVariant properties).
    field.setProperty("invalid", "true" if text else "false")
    field.style().unpolish(field)
    field.style().polish(field)
    if text:
        field.setToolTip(text)
    else:
        field.setToolTip("")


def field_block(field: QWidget | QLayout, *labels: QLabel) -> QWidget:
    """The field with its hint and error labels right under it, as one form cell (no gaps when empty)."""
    block = QWidget()
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    if isinstance(field, QLayout):
        layout.addLayout(field)
    else:
        layout.addWidget(field)
    for label in labels:
        layout.addWidget(label)
    return block
