"""The app's dialogs, one module each; ``until_finished`` awaits one opened without ``exec``."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog


def until_finished(dialog: QDialog) -> asyncio.Future[int]:
    """A future of the dialog's result code, set when it emits ``finished`` (connected at once)."""
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finish(result: int) -> None:
        if not done.done():
            done.set_result(result)

    dialog.finished.connect(finish)
    return done
