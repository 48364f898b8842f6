"""Auto-lock: an application event filter that notes the person's input and locks unlocked keys after N idle minutes.

Only input counts (keys, clicks, wheel, touch): a page refreshing itself or
a block arriving does not keep keys unlocked.  The check runs on a coarse
timer and only while a key is unlocked, so an idle app costs nothing.
Unlocking again happens where it is needed: the signing dialog asks the
password, or the wallet page's "Unlock…" button opens the unlock dialog.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from app.services import AppServices

log = logging.getLogger(__name__)

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
        QEvent.Type.Shortcut,
    }
)


class IdleLock(QObject):
    """Locks ``services.unlocked`` after ``minutes`` without input (0: never)."""

    def __init__(
        self,
        services: AppServices,
        minutes: int,
        *,
        check_interval_ms: int = 5000,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._clock = clock
        self.timeout_s = max(0, int(minutes)) * 60.0
        self.last_input = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(check_interval_ms)
        self._timer.timeout.connect(self.check)
        services.lockedChanged.connect(self._on_locked_changed)
        self._on_locked_changed(not services.unlocked.any_unlocked())

    def set_minutes(self, minutes: int) -> None:
        self.timeout_s = max(0, int(minutes)) * 60.0
        self._on_locked_changed(not self._services.unlocked.any_unlocked())

    def _on_locked_changed(self, locked: bool) -> None:
        if locked or self.timeout_s <= 0:
            self._timer.stop()
        else:
            self.last_input = self._clock()  # the unlock itself was input
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.last_input = self._clock()
        return False

    def idle_s(self) -> float:
        return self._clock() - self.last_input

    def check(self) -> bool:
        """Lock if idle long enough; True when it locked."""
        if self.timeout_s <= 0 or not self._services.unlocked.any_unlocked():
            return False
        if self.idle_s() < self.timeout_s:
            return False
        n = self._services.unlocked.lock_all()
        log.info("auto-lock: locked %d key(s) after %.0f s without input", n, self.idle_s())
        return True
