"""A table delegate that draws a tank's level as a bar with its warning and critical lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.models.tanks_model import TankRow, TanksModel

OK_COLOUR = QColor("#2e9d5b")
WARNING_COLOUR = QColor("#e0a21b")
CRITICAL_COLOUR = QColor("#d64541")


def state_colour(state: str) -> QColor:
    """Green, amber or red for ``TankRow.state``."""
    return {"warning": WARNING_COLOUR, "critical": CRITICAL_COLOUR}.get(state, OK_COLOUR)


def paint_level_bar(painter: QPainter, rect: QRect, row: TankRow, palette: QPalette, *, text: bool = True) -> None:
    """Draw ``row``'s level in ``rect``: the fill, the lines as ticks, the percentage to the right."""
    label = "—" if row.fraction is None else f"{int(row.fraction * 100)} %"
    label_width = painter.fontMetrics().horizontalAdvance("100 %") + 6 if text else 0
    r = QRectF(rect).adjusted(4, 5, -4 - label_width, -5)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
    painter.setBrush(palette.color(QPalette.ColorRole.Base))
    painter.drawRoundedRect(r, 3, 3)
    fraction = row.fraction
    top = max(1, row.max_level_mm)
    if fraction is not None:
        fill = QRectF(r.left(), r.top(), r.width() * fraction, r.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(state_colour(row.state))
        painter.drawRoundedRect(fill.adjusted(0.5, 0.5, -0.5, -0.5), 2.5, 2.5)
    for line_mm, colour in ((row.warning_mm, WARNING_COLOUR.darker(150)), (row.critical_mm, CRITICAL_COLOUR.darker(130))):
        x = r.left() + r.width() * min(1.0, line_mm / top)
        painter.setPen(QPen(colour, 2))
        painter.drawLine(QPointF(x, r.top() - 2), QPointF(x, r.bottom() + 2))
    if text:
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        text_rect = QRectF(r.right() + 4, rect.top(), label_width - 4, rect.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)
    painter.restore()


class LevelBarDelegate(QStyledItemDelegate):
    """Paints the Level column of ``TanksModel`` (or any index whose ``RowRole`` is a ``TankRow``)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.data(TanksModel.RowRole)
        if not isinstance(row, TankRow):
            super().paint(painter, option, index)
            return
        widget: QWidget | None = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # selection background
        paint_level_bar(painter, option.rect, row, option.palette)  # type: ignore[attr-defined]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 140), size.height())

    def helpEvent(self, *args: Any) -> bool:  # tooltips come from the model's ToolTipRole
        return bool(super().helpEvent(*args))
