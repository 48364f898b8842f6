"""The history's filter (like Bitcoin Core's transaction filter proxy): by type, direction and date range."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QTime,
)

from app.models.history_model import EntryRole, HistoryEntry, SortRole


class HistoryFilter(QSortFilterProxyModel):
    """Rows of a ``HistoryModel`` of one kind, one direction and within [from, to] (local dates, inclusive)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.direction: str | None = None
        self.date_from: QDate | None = None
        self.date_to: QDate | None = None
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_kind(self, kind: str | None) -> None:
        self.beginFilterChange()
        self.kind = kind or None
        self.endFilterChange()

    def set_direction(self, direction: str | None) -> None:
        self.beginFilterChange()
        self.direction = direction or None
        self.endFilterChange()

    def set_date_range(self, date_from: QDate | None, date_to: QDate | None) -> None:
        self.beginFilterChange()
        self.date_from = date_from if date_from is not None and date_from.isValid() else None
        self.date_to = date_to if date_to is not None and date_to.isValid() else None
        self.endFilterChange()

    def _bounds_ms(self) -> tuple[int | None, int | None]:
        lo = QDateTime(self.date_from, QTime(0, 0)).toMSecsSinceEpoch() if self.date_from else None
        hi = QDateTime(self.date_to.addDays(1), QTime(0, 0)).toMSecsSinceEpoch() if self.date_to else None
        return lo, hi

    def accepts(self, e: HistoryEntry) -> bool:
        if self.kind is not None and e.kind != self.kind:
            return False
        if self.direction is not None and e.direction != self.direction:
            return False
        lo, hi = self._bounds_ms()
        if lo is not None or hi is not None:
            if e.time_ms is None:
                return False  # unknown time: not provably inside the range
            if lo is not None and e.time_ms < lo:
                return False
            if hi is not None and e.time_ms >= hi:
                return False
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if model is None:
            return False
        e = model.index(source_row, 0, source_parent).data(EntryRole)
        return isinstance(e, HistoryEntry) and self.accepts(e)

    def lessThan(
        self,
        left: QModelIndex | QPersistentModelIndex,
        right: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        # Compared in Python: Qt cannot order the tuples and exact integers the model keeps.
        a, b = left.data(SortRole), right.data(SortRole)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)

    def visible_entries(self) -> list[HistoryEntry]:
        """The rows as shown (filtered and in the view's order), for the CSV export."""
        return [self.index(r, 0).data(EntryRole) for r in range(self.rowCount())]
