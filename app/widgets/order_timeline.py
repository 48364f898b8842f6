"""An order's status timeline drawn as steps: created → (awaiting) → confirmed → dispatched → delivered → settled, or its branch."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.formatting import format_time_ms
from app.models.orders_model import Step, StepState, timeline

_COLOURS = {
    StepState.DONE: QColor("#2e9d5b"),
    StepState.CURRENT: QColor("#2f7fd8"),
    StepState.FAILED: QColor("#d64541"),
}


class OrderTimeline(QWidget):
    """Steps of one order with their times; the current step stands out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: list[Step] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("orderTimeline")

    @property
    def steps(self) -> list[Step]:
        return self._steps

    def set_order(self, order: dict[str, Any] | None) -> None:
        self._steps = timeline(order) if order is not None else []
        # The current step is the first CURRENT one, else the last done one.
        self.setAccessibleDescription(" → ".join(f"{s.title} ({s.state.value})" for s in self._steps))
        self.update()

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(560, 26 + 2 * fm.height() + 10)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._steps:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        muted = pal.color(QPalette.ColorRole.PlaceholderText)  # readable on light and dark palettes
        text = pal.color(QPalette.ColorRole.Text)
        n = len(self._steps)
        width = self.width()
        slot = width / n
        y = 12.0
        r = 7.0
        current = next((i for i, s in enumerate(self._steps) if s.state is StepState.CURRENT), None)
        if current is None:
            done = [i for i, s in enumerate(self._steps) if s.state in (StepState.DONE, StepState.FAILED)]
            current = done[-1] if done else 0
        for i in range(n - 1):
            x0, x1 = slot * (i + 0.5) + r, slot * (i + 1.5) - r
            reached = self._steps[i + 1].state is not StepState.FUTURE
            p.setPen(QPen(_COLOURS[StepState.DONE] if reached else muted, 2,
                          Qt.PenStyle.SolidLine if reached else Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x0, y), QPointF(x1, y))
        fm = QFontMetrics(self.font())
        bold = self.font()
        bold.setBold(True)
        for i, s in enumerate(self._steps):
            cx = slot * (i + 0.5)
            colour = _COLOURS.get(s.state, muted)
            p.setPen(QPen(colour, 2))
            p.setBrush(colour if s.state is not StepState.FUTURE else pal.color(QPalette.ColorRole.Base))
            p.drawEllipse(QPointF(cx, y), r if i != current else r + 2, r if i != current else r + 2)
            p.setFont(bold if i == current else self.font())
            p.setPen(text if s.state is not StepState.FUTURE else muted)
            box = QRectF(slot * i + 2, y + r + 4, slot - 4, fm.height())
            p.drawText(box, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                       fm.elidedText(s.title, Qt.TextElideMode.ElideRight, int(slot - 4)))
            if s.time_ms:
                p.setFont(self.font())
                p.setPen(muted)
                tbox = QRectF(slot * i + 2, y + r + 4 + fm.height(), slot - 4, fm.height())
                stamp = format_time_ms(s.time_ms)[5:16]  # MM-dd HH:mm
                p.drawText(tbox, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                           fm.elidedText(stamp, Qt.TextElideMode.ElideRight, int(slot - 4)))
        p.end()
