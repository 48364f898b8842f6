"""A decoded payload or record as a tree of fields, with addresses, ids and amounts written for people.

Amounts (``amount``, ``balance``, ``frozen``, ``*_amount``, ``*_cost``...)
show in major units with the exact minor units beside them; times
(``*_ms``) as local date and time; addresses, 64-hex ids and ``*_id``
references are links: activating one emits ``linkActivated(kind, value)``
so the detail dialog can open what it names.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.formatting import format_amount_locale, format_count, format_time_ms
from app.tx_text import field_text

LinkRole = Qt.ItemDataRole.UserRole + 1
"""``(kind, value)`` of a link item: kind is ``address``, ``id`` or ``ref``."""

_AMOUNT_KEYS = frozenset(
    {"amount", "balance", "frozen", "escrow", "escrowed", "issued", "redeemed", "high_amount", "fee", "total", "paid", "refund"}
)
_AMOUNT_SUFFIXES = ("_amount", "_cost", "_total", "_paid", "_refund", "_escrow", "_balance")
_HEX = frozenset("0123456789abcdef")


def is_amount_key(key: str) -> bool:
    return key in _AMOUNT_KEYS or key.endswith(_AMOUNT_SUFFIXES)


def is_time_key(key: str) -> bool:
    return key.endswith("_ms") and not key.endswith(("ttl_ms", "interval_ms", "period_ms", "time_ms_delta")) or key in ("time_ms", "deadline_ms")


def link_of(key: str, value: Any) -> tuple[str, str] | None:
    """The link a value is, if any: ``("address", text)``, ``("id", hex)`` or ``("ref", text)``."""
    if not isinstance(value, str):
        return None
    if value.startswith("depot1") and len(value) >= 40:
        return ("address", value)
    if len(value) == 64 and set(value) <= _HEX and key not in ("public_key", "signature", "state_root", "txs_root"):
        return ("id", value)
    if (key.endswith("_id") or key == "ref") and value and key not in ("org_id", "chain_id"):
        return ("ref", value)
    return None


class DecodedTree(QTreeWidget):
    """Field / value tree of JSON-like data."""

    linkActivated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decodedTree")
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.itemActivated.connect(self._activated)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def set_data(self, data: Any, *, expand_depth: int = 2) -> None:
        self.clear()
        if isinstance(data, dict):
            for k, v in data.items():
                self._add(None, str(k), v)
        elif isinstance(data, list):
            for i, v in enumerate(data):
                self._add(None, f"[{i}]", v)
        else:
            self._add(None, "", data)
        self.expandToDepth(expand_depth - 1)

    def _add(self, parent: QTreeWidgetItem | None, key: str, value: Any, field: str | None = None) -> QTreeWidgetItem:
        """Add ``key: value``; ``field`` is the name that says what the value is (a list item's: its list's)."""
        shown = key if key.startswith("[") or not key else field_text(key, key)
        item = QTreeWidgetItem([shown, ""]) if parent is None else QTreeWidgetItem(parent, [shown, ""])
        if shown != key:
            item.setToolTip(0, key)
        if parent is None:
            self.addTopLevelItem(item)
        if isinstance(value, dict):
            item.setText(1, self.tr("{0} fields").format(len(value)) if value else "{}")
            for k, v in value.items():
                self._add(item, str(k), v)
            return item
        if isinstance(value, list):
            item.setText(1, self.tr("{0} items").format(len(value)) if value else "[]")
            singular = key[:-1] if key.endswith("s") else key  # "order_ids" items are order ids
            for i, v in enumerate(value):
                self._add(item, f"[{i}]", v, singular)
            return item
        base = field if field is not None else key
        item.setText(1, self.value_text(base, value))
        item.setToolTip(1, "" if value is None else str(value))
        link = link_of(base, value)
        if link is not None:
            item.setData(1, LinkRole, link)
            item.setForeground(1, QBrush(self.palette().color(QPalette.ColorRole.Link)))
            f = QFont(self._mono) if link[0] in ("address", "id") else item.font(1)
            f.setUnderline(True)
            item.setFont(1, f)
            item.setToolTip(1, self.tr("Double-click to open {0}").format(value))
        elif isinstance(value, str) and len(value) >= 32 and set(value) <= _HEX:
            item.setFont(1, self._mono)
        return item

    def value_text(self, key: str, value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, int):
            if is_amount_key(key):
                return self.tr("{0} ({1} minor units)").format(format_amount_locale(value), format_count(value))
            if is_time_key(key) and value > 10**11:
                return f"{format_time_ms(value)}  ({value})"
            return str(value)
        return str(value)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        link = item.data(1, LinkRole)
        if link:
            self.linkActivated.emit(str(link[0]), str(link[1]))

    def links(self) -> list[tuple[str, str]]:
        """Every link in the tree (tests, and keyboard users who tab through them)."""
        out: list[tuple[str, str]] = []

        def walk(it: QTreeWidgetItem) -> None:
            link = it.data(1, LinkRole)
            if link:
                out.append((str(link[0]), str(link[1])))
            for i in range(it.childCount()):
                walk(it.child(i))

        for i in range(self.topLevelItemCount()):
            walk(self.topLevelItem(i))
        return out
