"""A block-time range for explorer filters: "between" a start and an end date and time, or any time.

The range is ``[from, to)`` in milliseconds since the epoch, as the explorer
takes it; a range that ends before it starts is refused with a message next
to the fields, and nothing is filtered until it is corrected.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QLabel, QWidget


class TimeRangeFilter(QWidget):
    """Checkbox "Between", two date-time fields, and an error label."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled_check = QCheckBox(self.tr("Between"))
        self.enabled_check.setObjectName("timeRangeEnabled")
        now = QDateTime.currentDateTime()
        self.from_edit = QDateTimeEdit(now.addDays(-1))
        self.to_edit = QDateTimeEdit(now.addSecs(3600))
        for e in (self.from_edit, self.to_edit):
            e.setCalendarPopup(True)
            e.setDisplayFormat("yyyy-MM-dd HH:mm")
            e.setEnabled(False)
            e.dateTimeChanged.connect(self._edited)
        self.and_label = QLabel(self.tr("and"))
        self.error_label = QLabel("")
        self.error_label.setObjectName("fieldError")
        self.error_label.setStyleSheet("color: #c62828;")
        self.enabled_check.toggled.connect(self._toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled_check)
        row.addWidget(self.from_edit)
        row.addWidget(self.and_label)
        row.addWidget(self.to_edit)
        row.addWidget(self.error_label)

    def _toggled(self, on: bool) -> None:
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self._edited()

    def _edited(self) -> None:
        if self.enabled_check.isChecked() and self.from_edit.dateTime() >= self.to_edit.dateTime():
            self.error_label.setText(self.tr("The end must be after the start."))
            return
        self.error_label.setText("")
        self.changed.emit()

    def valid(self) -> bool:
        return not self.error_label.text()

    def range_ms(self) -> tuple[int | None, int | None]:
        """``(from_ms, to_ms)``, both None when no range is chosen (or the range is invalid)."""
        if not self.enabled_check.isChecked() or not self.valid():
            return None, None
        return self.from_edit.dateTime().toMSecsSinceEpoch(), self.to_edit.dateTime().toMSecsSinceEpoch()

    def set_range_ms(self, from_ms: int | None, to_ms: int | None) -> None:
        if from_ms is None and to_ms is None:
            self.enabled_check.setChecked(False)
            return
        if from_ms is not None:
            self.from_edit.setDateTime(QDateTime.fromMSecsSinceEpoch(from_ms))
        if to_ms is not None:
            self.to_edit.setDateTime(QDateTime.fromMSecsSinceEpoch(to_ms))
        self.enabled_check.setChecked(True)
