"""A tank's level history chart (QtCharts): levels over time, the warning and critical lines, orders and deliveries marked, and the estimated time to the warning line."""

from __future__ import annotations

import bisect
import time
from typing import Any

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QEvent, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import describe_error, format_time_ms
from app.models.dapp_common import format_litres, format_time_to_line, is_int, spawn_for
from app.models.tanks_model import (
    LevelHistoryLoader,
    TankRow,
    estimate_ms_to_line,
    thin,
)
from app.widgets.level_bar import CRITICAL_COLOUR, OK_COLOUR, WARNING_COLOUR
from node.core.errors import DepotError
from node.modules.tanks.records import ORDER_PREFIX

HOUR_MS = 3600_000
WINDOWS_MS = (HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS, 30 * 24 * HOUR_MS)
MAX_MARKED_ORDERS = 500
ORDER_COLOUR = QColor("#8e5bd0")


class LevelChart(QWidget):
    """Level history of one tank, loaded from the chain's readings, live while shown."""

    loadingChanged = Signal(bool)

    def __init__(self, client: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._row: TankRow | None = None
        self._points: list[tuple[int, int]] = []
        self._orders: list[dict[str, Any]] = []
        self._window_ms = WINDOWS_MS[1]
        self._now_ms = 0
        self._loader = LevelHistoryLoader(client, self)
        self._loader.chunkLoaded.connect(self._prepend)
        self._loader.progress.connect(self._on_progress)
        self._loader.finished.connect(self._on_finished)
        self._loader.failed.connect(self._on_failed)
        self._orders_generation = 0
        self._fit_start: int | None = None

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.level_series = QLineSeries()
        self.level_series.setName(self.tr("Level"))
        self.warning_series = QLineSeries()
        self.warning_series.setName(self.tr("Warning line"))
        self.critical_series = QLineSeries()
        self.critical_series.setName(self.tr("Critical line"))
        self.order_series = QScatterSeries()
        self.order_series.setName(self.tr("Order created"))
        self.order_series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeTriangle)
        self.order_series.setMarkerSize(11)
        self.delivery_series = QScatterSeries()
        self.delivery_series.setName(self.tr("Delivery"))
        self.delivery_series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        self.delivery_series.setMarkerSize(10)
        for s in (self.level_series, self.warning_series, self.critical_series, self.order_series,
                  self.delivery_series):
            self.chart.addSeries(s)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("HH:mm")
        self.x_axis.setTickCount(6)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%d")
        self.y_axis.setTitleText(self.tr("Level (mm)"))
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        for s in (self.level_series, self.warning_series, self.critical_series, self.order_series,
                  self.delivery_series):
            s.attachAxis(self.x_axis)
            s.attachAxis(self.y_axis)
        self._style_series()
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)

        self.title_label = QLabel(self.tr("Select a tank to see its level history."))
        self.title_label.setObjectName("levelChartTitle")
        self.eta_label = QLabel("")
        self.eta_label.setObjectName("etaLabel")
        self.eta_label.setWordWrap(True)
        self.range_combo = QComboBox()
        for text, window in zip(
            (self.tr("Last hour"), self.tr("Last 24 hours"), self.tr("Last 7 days"), self.tr("Last 30 days")),
            WINDOWS_MS, strict=True,
        ):
            self.range_combo.addItem(text, window)
        self.range_combo.setCurrentIndex(WINDOWS_MS.index(self._window_ms))
        self.range_combo.currentIndexChanged.connect(self._range_changed)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFormat(self.tr("Loading readings… %p%"))
        self.progress.setMaximumWidth(260)
        self.cancel_button = QPushButton(self.tr("Stop loading"))
        self.cancel_button.clicked.connect(self._loader.cancel)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self._show_progress(False)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.range_combo)
        loading = QHBoxLayout()
        loading.addWidget(self.progress)
        loading.addWidget(self.cancel_button)
        loading.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.eta_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(loading)
        self._apply_palette()

    # --- what is shown ---------------------------------------------------------------------

    @property
    def tank(self) -> TankRow | None:
        return self._row

    @property
    def points(self) -> list[tuple[int, int]]:
        return self._points

    @property
    def loading(self) -> bool:
        return self._loader.running

    def set_tank(self, row: TankRow | None, *, now_ms: int | None = None) -> None:
        """Show ``row``'s history over the selected window (loads it from the chain)."""
        self._loader.cancel()
        self._row = row
        self._points = []
        self._orders = []
        self._orders_generation += 1
        self._now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
        self._fit_start = None
        self.level_series.clear()
        self.order_series.clear()
        self.delivery_series.clear()
        self.status_label.setText("")
        if row is None:
            self.title_label.setText(self.tr("Select a tank to see its level history."))
            self.eta_label.setText("")
            self.warning_series.clear()
            self.critical_series.clear()
            return
        self.title_label.setText(self.tr("Level history of {0}").format(row.tank_id))
        self.y_axis.setRange(0, max(1, row.max_level_mm))
        self._set_x_range()
        self._update_lines()
        self._update_eta()
        if self._client is not None:
            self._show_progress(True)
            self.progress.setValue(0)
            self.loadingChanged.emit(True)
            self._loader.start(row.tank_id, self._window_ms, now_ms=self._now_ms)
            spawn_for(self, self._load_orders(row.tank_id, self._orders_generation), name=f"tank-orders-{row.tank_id}")

    def update_tank(self, row: TankRow) -> None:
        """The row's terms or level changed (same tank): redraw the lines and the estimate."""
        if self._row is None or row.tank_id != self._row.tank_id:
            return
        self._row = row
        self.y_axis.setRange(0, max(1, row.max_level_mm))
        self._update_lines()
        self._update_eta()

    def add_points(self, points: list[tuple[int, int]]) -> None:
        """New readings of the shown tank (live): appended, the window slides."""
        if not points:
            return
        last = self._points[-1][0] if self._points else -1
        new = sorted(p for p in points if p[0] > last)
        if not new:
            return
        self._points.extend(new)
        self._now_ms = max(self._now_ms, new[-1][0])
        start = self._now_ms - self._window_ms
        cut = bisect.bisect_left(self._points, (start, -1))
        if cut > 0:
            del self._points[:cut]
        self._points = thin(self._points)
        self._replace_level_series()
        self._set_x_range()
        self._update_lines()
        self._update_eta()
        self._update_markers()

    def on_readings(self, readings: list[tuple[str, int, int]]) -> None:
        """Slot for ``TanksModel.readingsApplied``."""
        if self._row is None:
            return
        mine = [(t, level) for tank_id, t, level in readings if tank_id == self._row.tank_id]
        if mine:
            self.add_points(mine)

    def on_order_event(self, event: dict[str, Any]) -> None:
        """An order event: reload the markers if it is about the shown tank."""
        attrs = event.get("attrs") or {}
        if self._row is not None and attrs.get("tank_id") == self._row.tank_id and \
                event.get("kind") in ("order.created", "order.delivered", "order.settled"):
            self._orders_generation += 1
            spawn_for(self, self._load_orders(self._row.tank_id, self._orders_generation), name="tank-orders")

    # --- loading ------------------------------------------------------------------------------

    def _prepend(self, chunk: list[tuple[int, int]]) -> None:
        first = self._points[0][0] if self._points else None
        older = [p for p in chunk if first is None or p[0] < first]
        self._points = thin(older + self._points)
        self._replace_level_series()
        self._update_eta()
        self._update_markers()

    async def _load_orders(self, tank_id: str, generation: int) -> None:
        orders: list[dict[str, Any]] = []
        after = None
        prefix = ORDER_PREFIX + f"{tank_id}#".encode()
        try:
            while True:
                answer = await self._client.records(prefix, after=after, limit=200)
                recs = answer.get("records", [])
                orders.extend(r["record"] for r in recs if isinstance(r, dict) and isinstance(r.get("record"), dict))
                orders = orders[-MAX_MARKED_ORDERS:]
                nxt = answer.get("next")
                if not nxt or len(recs) < 200:
                    break
                after = bytes.fromhex(nxt)
        except DepotError as e:
            self.status_label.setText(describe_error(e))
            return
        if generation != self._orders_generation:
            return
        self._orders = orders
        self._update_markers()

    def _on_progress(self, value: int) -> None:
        self.progress.setValue(value)

    def _on_finished(self, complete: bool) -> None:
        self._show_progress(False)
        if complete and self._points:
            self._fit_start = self._points[0][0]
            self._set_x_range()
            self._update_lines()
        self.loadingChanged.emit(False)
        if not self._points and self._row is not None:
            self.status_label.setText(self.tr("No readings of this tank in this period."))
        elif not complete:
            self.status_label.setText(self.tr("Showing the readings loaded so far."))

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _show_progress(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setVisible(on)

    def _range_changed(self, _index: int) -> None:
        window = self.range_combo.currentData()
        if isinstance(window, int) and window != self._window_ms:
            self._window_ms = window
            self.set_tank(self._row)

    # --- drawing ---------------------------------------------------------------------------------

    def _replace_level_series(self) -> None:
        self.level_series.replace([QPointF(float(t), float(level)) for t, level in self._points])

    def _set_x_range(self) -> None:
        end = self._now_ms
        start = end - self._window_ms
        if self._fit_start is not None and self._fit_start > start:
            # The chain holds nothing older: start at the first reading rather than show empty space.
            start = max(start, self._fit_start - max(60_000, (end - self._fit_start) // 20))
        self.x_axis.setRange(QDateTime.fromMSecsSinceEpoch(start), QDateTime.fromMSecsSinceEpoch(end))
        span = end - start
        self.x_axis.setFormat("HH:mm:ss" if span <= 20 * 60_000 else "HH:mm" if span <= 24 * HOUR_MS else
                              "MM-dd HH:mm" if span <= 3 * 24 * HOUR_MS else "MM-dd")

    def _update_lines(self) -> None:
        if self._row is None:
            return
        start, end = self.x_axis.min().toMSecsSinceEpoch(), self.x_axis.max().toMSecsSinceEpoch()
        self.warning_series.replace([QPointF(start, self._row.warning_mm), QPointF(end, self._row.warning_mm)])
        self.critical_series.replace([QPointF(start, self._row.critical_mm), QPointF(end, self._row.critical_mm)])

    def _level_near(self, t: int) -> int | None:
        if not self._points:
            return None
        i = bisect.bisect_left(self._points, (t, -1))
        if i >= len(self._points):
            return self._points[-1][1]
        return self._points[i][1]

    def _update_markers(self) -> None:
        start = self._now_ms - self._window_ms
        created, delivered = [], []
        for o in self._orders:
            c = o.get("created_ms")
            if is_int(c) and c >= start and is_int(o.get("trigger_level_mm")):
                created.append(QPointF(float(c), float(o["trigger_level_mm"])))
            d = o.get("delivered_ms")
            if is_int(d) and d and d >= start:
                level = self._level_near(int(d))
                if level is not None:
                    delivered.append(QPointF(float(d), float(level)))
        self.order_series.replace(created)
        self.delivery_series.replace(delivered)
        tips = []
        for o in self._orders[-3:]:
            if is_int(o.get("delivered_ms")) and o["delivered_ms"]:
                tips.append(self.tr("{0}: {1} delivered {2}").format(
                    o.get("order_id", ""), format_litres(o.get("delivered_l")), format_time_ms(o["delivered_ms"])))
        self.delivery_series.setName(self.tr("Delivery"))
        self.view.setToolTip("\n".join(tips))

    def estimate_ms(self) -> int | None:
        """Time to the warning line from the loaded history (0: below it; None: not falling)."""
        if self._row is None:
            return None
        pts = self._points[-64:] if self._points else list(self._row.trend)
        if self._row.level_mm is not None and self._row.level_mm < self._row.warning_mm:
            return 0
        return estimate_ms_to_line(pts, self._row.warning_mm, tolerance_mm=self._row.noise_tolerance_mm)

    def _update_eta(self) -> None:
        if self._row is None:
            self.eta_label.setText("")
            return
        if self._row.level_mm is None and not self._points:
            self.eta_label.setText(self.tr("No reading yet."))
            return
        eta = self.estimate_ms()
        if eta is None:
            text = self.tr("Not falling towards the warning line (or too few readings since the last delivery).")
        elif eta <= 0:
            text = self.tr("Below the warning line now.")
        else:
            text = self.tr("Estimated time to the warning line: {0}, from the trend since the last delivery.").format(
                format_time_to_line(eta))
        self.eta_label.setText(text)

    # --- theme --------------------------------------------------------------------------------

    def _style_series(self) -> None:
        pen = QPen(QColor("#2f7fd8"), 2)
        self.level_series.setPen(pen)
        for series, colour in ((self.warning_series, WARNING_COLOUR), (self.critical_series, CRITICAL_COLOUR)):
            p = QPen(colour, 1.5)
            p.setStyle(Qt.PenStyle.DashLine)
            series.setPen(p)
        self.order_series.setColor(ORDER_COLOUR)
        self.order_series.setBorderColor(ORDER_COLOUR.darker(140))
        self.delivery_series.setColor(OK_COLOUR)
        self.delivery_series.setBorderColor(OK_COLOUR.darker(140))

    def _apply_palette(self) -> None:
        pal = self.palette()
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        self.chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        self.chart.setBackgroundBrush(pal.color(QPalette.ColorRole.Base))
        self.chart.setBackgroundRoundness(0)
        text = pal.color(QPalette.ColorRole.Text)
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsColor(text)
            axis.setTitleBrush(text)
        self.chart.legend().setLabelColor(text)
        self._style_series()  # the theme resets series pens

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_palette()
        elif event.type() == QEvent.Type.LanguageChange:
            self.level_series.setName(self.tr("Level"))
        super().changeEvent(event)

