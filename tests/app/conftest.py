"""Fixtures for the app's tests: the qasync loop inside pytest-qt, and a stub node over real HTTP."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Coroutine, Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QLocale  # noqa: E402
from stub_node import StubNode  # noqa: E402

from app.gui import make_event_loop  # noqa: E402


@pytest.fixture(scope="session")
def _session_loop(qapp: Any) -> Iterator[asyncio.AbstractEventLoop]:
    # One qasync loop for the whole session: creating and closing one per test crashes Qt
    # (notifiers and timers of a closed loop outlive it).
    loop = make_event_loop(qapp, already_running=True)
    yield loop
    # Not loop.stop(): it calls QApplication.exit(), which with no exec() running makes
    # every later Qt wait return at once. Mark the loop stopped by hand instead.
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]
    asyncio.events._set_running_loop(None)
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def aloop(
    qapp: Any, _session_loop: asyncio.AbstractEventLoop
) -> Iterator[asyncio.AbstractEventLoop]:
    """The app's one asyncio loop (qasync) on the GUI thread, driven by qtbot's waits.

    Tasks a test leaves behind are cancelled (and allowed to finish) when it ends.
    """
    before = set(asyncio.all_tasks(_session_loop))
    yield _session_loop
    pending = [t for t in asyncio.all_tasks(_session_loop) - before if not t.done()]
    for task in pending:
        task.cancel()
    deadline = time.monotonic() + 5
    while any(not t.done() for t in pending) and time.monotonic() < deadline:
        qapp.processEvents()


RunAsync = Callable[..., Any]


@pytest.fixture
def run_async(qtbot: Any, aloop: asyncio.AbstractEventLoop) -> RunAsync:
    """``run_async(coro, timeout_s=10)``: run a coroutine on the qasync loop and return its result."""

    def run(coro: Coroutine[Any, Any, Any], timeout_s: float = 10.0) -> Any:
        task = aloop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout_s * 1000))
        return task.result()

    return run


@pytest.fixture
def stub_node() -> Iterator[StubNode]:
    node = StubNode().start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture
def english_locale() -> Iterator[None]:
    """Numbers formatted the English way (``1,234.56``) whatever the machine's locale."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        yield
    finally:
        QLocale.setDefault(before)
