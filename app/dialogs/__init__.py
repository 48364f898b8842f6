"""The app's dialogs, one module each; ``until_finished`` awaits one opened without ``exec``; ``WorkDialog``
is the base of those that run blocking work behind a busy bar."""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QWidget


def until_finished(dialog: QDialog) -> asyncio.Future[int]:
    """A future of the dialog's result code, set when it emits ``finished`` (connected at once)."""
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finish(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finish)
    return done


class WorkDialog(QDialog):
    """A dialog that does one piece of blocking work at a time (in the executor) and stays live meanwhile.

    While busy its busy bar (``self.progress``) shows with a sentence in
    ``self.status_label``, its inputs are disabled (``enable_inputs``), and
    it cannot be cancelled or closed.  A subclass creates ``progress`` and
    ``status_label`` and says which inputs to disable.
    """

    progress: QProgressBar
    status_label: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = False
        self._busy_shown = ""
        """The busy sentence on show, so ending the work clears it but not a refusal said meanwhile."""

    def enable_inputs(self, enabled: bool) -> None:
        raise NotImplementedError

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.status_label.setText(text)
            self._busy_shown = text
        elif self.status_label.text() == self._busy_shown:
            self.status_label.setText("")  # a refusal said meanwhile stays
        self.enable_inputs(not busy)

    def reject(self) -> None:
        if not self.busy:  # the work in flight finishes first
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)

    async def show_until_finished(self) -> None:
        """Open (window-modal, non-blocking), await the dialog's end, then delete it."""
        waiting = until_finished(self)
        self.open()
        try:
            await waiting
        finally:
            if shiboken6.isValid(self):  # its parent may have gone first (the window closed)
                self.deleteLater()
