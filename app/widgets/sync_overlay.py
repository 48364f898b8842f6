"""The sync overlay, after Bitcoin Core's: while the node is behind, a panel over the page says how far behind and for how long.

It shows blocks left, the time of the newest block the node has, the
progress, the progress made per hour and the time remaining, measured from
the samples it is fed (the full sync's progress, or the gap between the
head the peers report and the local height).  The person can hide it; it
comes back with the next sync.  Time is passed in (``now_s``), never read
inside the arithmetic, so the estimates are testable.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.formatting import format_count, format_time_ms

translate = QCoreApplication.translate

#: Behind by at most this many blocks counts as in sync (a block may be in flight).
IN_SYNC_BLOCKS = 2
#: Samples kept for the rate (Bitcoin Core keeps 500).
MAX_SAMPLES = 500
#: The rate is measured over at most this long a window.
RATE_WINDOW_S = 600.0


@dataclass(frozen=True, slots=True)
class SyncEstimate:
    """What the overlay shows, computed from the samples."""

    height: int
    target: int
    blocks_left: int
    fraction: float
    """0..1: the local height over the target (of the whole chain)."""
    percent_per_hour: float | None
    """Progress made per hour, in percent of the whole chain; None until two samples are apart."""
    eta_s: float | None


class SyncRate:
    """Progress samples and the estimates drawn from them (pure; no Qt, no clock)."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, int, int]] = deque(maxlen=MAX_SAMPLES)
        self.start_height: int | None = None

    def reset(self) -> None:
        self.samples.clear()
        self.start_height = None

    def add(self, now_s: float, height: int, target: int) -> SyncEstimate:
        if self.start_height is None or height < self.start_height:
            self.start_height = height
        self.samples.append((now_s, height, target))
        while len(self.samples) > 2 and now_s - self.samples[0][0] > RATE_WINDOW_S:
            self.samples.popleft()
        return self.estimate(eta_hint_s=None)

    def estimate(self, eta_hint_s: float | None) -> SyncEstimate:
        now_s, height, target = self.samples[-1]
        left = max(0, target - height)
        # Of the whole chain, as Bitcoin Core shows it: a resumed sync starts part of the way.
        fraction = 1.0 if target <= 0 else min(1.0, max(0.0, height / target))
        per_hour: float | None = None
        eta: float | None = eta_hint_s
        t0, h0, _ = self.samples[0]
        if now_s - t0 >= 1.0 and height > h0:
            blocks_per_s = (height - h0) / (now_s - t0)
            per_hour = blocks_per_s * 3600 / max(1, target) * 100
            if eta is None:
                eta = left / blocks_per_s
        return SyncEstimate(height, target, left, fraction, per_hour, eta)


def format_duration(seconds: float) -> str:
    """A coarse, translated duration: "45 s", "12 min", "3 h 20 min", "2 days"."""
    s = max(0, int(seconds))
    if s < 90:
        return translate("SyncOverlay", "{0} s").format(s)
    if s < 90 * 60:
        return translate("SyncOverlay", "{0} min").format(round(s / 60))
    if s < 48 * 3600:
        return translate("SyncOverlay", "{0} h {1} min").format(s // 3600, (s % 3600) // 60)
    return translate("SyncOverlay", "{0} days").format(round(s / 86400))


class SyncOverlay(QWidget):
    """A translucent layer over its parent with the sync panel in the middle."""

    hidden_by_user = Signal()
    stopRequested = Signal()
    """The person asked to stop the full sync (the button shows only while one runs)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("syncOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.rate = SyncRate()
        self.estimate: SyncEstimate | None = None
        self.dismissed = False
        self.source = ""
        """``"full_sync"`` or ``"peers"``: what the numbers are measured from."""

        self.panel = QFrame(self)
        self.panel.setObjectName("syncPanel")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel.setAutoFillBackground(True)
        self.panel.setMaximumWidth(620)
        self.title = QLabel(self.tr("Synchronising with the network"))
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title.setFont(f)
        self.note = QLabel(
            self.tr(
                "This computer does not have the newest blocks yet. Balances, orders and records "
                "shown may be out of date until synchronisation finishes."
            )
        )
        self.note.setWordWrap(True)
        self.blocks_left_label = QLabel("—")
        self.blocks_left_label.setObjectName("blocksLeft")
        self.last_block_label = QLabel("—")
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("0.0 %")
        self.per_hour_label = QLabel("—")
        self.per_hour_label.setObjectName("progressPerHour")
        self.eta_label = QLabel("—")
        self.eta_label.setObjectName("timeRemaining")
        self.source_label = QLabel("")
        self.source_label.setWordWrap(True)
        self.source_label.setEnabled(False)
        form = QFormLayout()
        form.addRow(self.tr("Blocks left:"), self.blocks_left_label)
        form.addRow(self.tr("Last block time:"), self.last_block_label)
        form.addRow(self.tr("Progress:"), self.progress_bar)
        form.addRow(self.tr("Progress increase per hour:"), self.per_hour_label)
        form.addRow(self.tr("Estimated time left until synced:"), self.eta_label)
        self.hide_button = QPushButton(self.tr("Hide"))
        self.hide_button.setObjectName("hideSyncOverlay")
        self.hide_button.clicked.connect(self._hide_by_user)
        self.stop_button = QPushButton(self.tr("Stop sync"))
        self.stop_button.setObjectName("stopSyncOverlay")
        self.stop_button.clicked.connect(self.stopRequested)
        self.stop_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.source_label, 1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.hide_button)
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(22, 18, 22, 16)
        box.addWidget(self.title)
        box.addWidget(self.note)
        box.addLayout(form)
        box.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())
        self.setVisible(False)

    # --- feeding -----------------------------------------------------------------------------

    def update_progress(
        self,
        height: int,
        target: int,
        *,
        now_s: float | None = None,
        eta_s: float | None = None,
        last_block_ms: int | None = None,
        source: str = "peers",
    ) -> SyncEstimate:
        """A new sample: the local ``height`` against the ``target`` (the head the network reports)."""
        now_s = time.monotonic() if now_s is None else now_s
        if source != self.source:
            self.rate.reset()
            self.source = source
            self.last_block_label.setText("—")
        self.stop_button.setVisible(source == "full_sync")
        self.rate.add(now_s, height, target)
        est = self.rate.estimate(eta_hint_s=eta_s)
        self.estimate = est
        self._show(est, last_block_ms)
        behind = est.blocks_left > IN_SYNC_BLOCKS
        if not behind:
            self.dismissed = False  # the next time it falls behind, show it again
            self.rate.reset()
        self.setVisible(behind and not self.dismissed)
        if self.isVisible():
            self.raise_()
        return est

    def finish(self) -> None:
        """The sync is done (or stopped): hide and forget the samples."""
        self.rate.reset()
        self.estimate = None
        self.dismissed = False
        self.setVisible(False)

    def _show(self, est: SyncEstimate, last_block_ms: int | None) -> None:
        self.blocks_left_label.setText(
            self.tr("{0} (at block {1} of {2})").format(
                format_count(est.blocks_left), format_count(est.height), format_count(est.target)
            )
        )
        if last_block_ms is not None:
            self.last_block_label.setText(format_time_ms(last_block_ms))
        value = int(est.fraction * 1000)
        if value != self.progress_bar.value():  # QProgressBar repaints at once on every change
            self.progress_bar.setValue(value)
            self.progress_bar.setFormat(f"{est.fraction * 100:.1f} %")
        if est.percent_per_hour is None:
            self.per_hour_label.setText(self.tr("calculating…"))
        else:
            self.per_hour_label.setText(f"{est.percent_per_hour:.2f} %")
        if est.blocks_left <= IN_SYNC_BLOCKS:
            self.eta_label.setText(self.tr("synced"))
        elif est.eta_s is None:
            self.eta_label.setText(self.tr("calculating…"))
        else:
            self.eta_label.setText(format_duration(est.eta_s))
        self.source_label.setText(
            self.tr("Re-executing every block (full sync).")
            if self.source == "full_sync"
            else self.tr("Measured against the newest block the network's nodes report.")
        )

    def _hide_by_user(self) -> None:
        self.dismissed = True
        self.setVisible(False)
        self.hidden_by_user.emit()

    # --- layout ---------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        dark = self.palette().window().color().lightness() < 128
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150) if dark else QColor(40, 40, 40, 110))
        painter.end()
