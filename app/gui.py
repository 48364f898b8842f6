"""Starts the desktop app: QApplication, translators, the one qasync loop, the services and the main window.

Everything runs on one asyncio loop (qasync) on the GUI thread.  ``run_gui``
is the entry point; ``open_session`` and ``build_main_window`` are the pieces
it composes, public so that end-to-end tests can run them without
``QApplication.exec``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from app.demo import (
    DemoAccount,
    DemoNetwork,
    default_demo_home,
    pick_overview_account,
    read_devnet_info,
)
from app.main_window import MainWindow
from app.node_bridge import NodeBridge, cancel_background_tasks, spawn
from node.client import AsyncNodeClient
from node.core.errors import DepotError

log = logging.getLogger(__name__)

_PROJECT_ROOT = Path(__file__).resolve().parent.parent
_SCREENSHOT_WAIT_S = 60.0


# Module-level strings: lupdate finds translate("context", "literal") calls.
translate = QCoreApplication.translate


def resources_dir() -> Path:
    """The ``resources`` folder (translations, styles, icons) next to the packages."""
    return _PROJECT_ROOT / "resources"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def install_translators(app: QCoreApplication, language: str | None = None) -> list[QTranslator]:
    """Install Qt's own and Depot's translations for ``language`` (e.g. ``"zh_CN"``; None: the system's).

    Depot's catalogue is ``resources/translations/depot_<lang>.qm``, compiled
    from the ``.ts`` by ``pyside6-lrelease``; a missing file leaves English.
    """
    locale = QLocale(language) if language else QLocale.system()
    if language:
        QLocale.setDefault(locale)  # numbers and dates follow the chosen language too
    installed = []
    catalogues = [
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("depot", str(translations_dir())),
    ]
    for name, directory in catalogues:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
            installed.append(translator)
        elif name == "depot" and locale.language() != QLocale.Language.English:
            log.info("no %s translation for %s in %s", name, locale.name(), directory)
    return installed


def _apply_style(app: QApplication) -> None:
    qss = resources_dir() / "styles" / "depot.qss"
    with contextlib.suppress(OSError):
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def make_event_loop(app: QCoreApplication, *, already_running: bool = False) -> qasync.QEventLoop:
    """The app's one asyncio loop: qasync on the GUI thread, made the current loop.

    qasync does not install asyncio's async-generator hooks, so an async
    generator dropped half-way (httpx's response iterators when a stream is
    closed) would be finalised by the garbage collector outside any task.
    The finaliser below closes it in a task on this loop, as asyncio does.
    """
    loop = qasync.QEventLoop(app, already_running=already_running)
    asyncio.set_event_loop(loop)

    def finalize(agen: Any) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.create_task, agen.aclose())

    sys.set_asyncgen_hooks(finalizer=finalize)
    return loop


# --- services ----------------------------------------------------------------------------


@dataclass
class Session:
    """The services of one run: the node client, the event bridge and, in demo mode, the child network."""

    client: AsyncNodeClient
    bridge: NodeBridge
    account: DemoAccount | None
    demo: DemoNetwork | None = None
    accounts: tuple[DemoAccount, ...] = field(default_factory=tuple)

    async def aclose(self) -> None:
        """Stop the bridge and pending loads, close the client, stop the demo network (in that order)."""
        await self.bridge.stop()
        await cancel_background_tasks()  # page and model loads still in flight
        await self.client.aclose()
        if self.demo is not None:
            await self.demo.stop()


async def open_session(
    *,
    demo: DemoNetwork | None,
    rpc: str | None,
    home: Path | None = None,
) -> Session:
    """Start ``demo`` (if given) and connect to its node, or connect to ``rpc``.

    With ``rpc``, the accounts come from ``home/devnet.json`` if there is one
    (so the GUI can attach to a ``depot devnet`` started by hand).
    """
    accounts: tuple[DemoAccount, ...] = ()
    if demo is not None:
        info = await demo.start()
        rpc, accounts = info.rpc, info.accounts
    elif rpc is None:
        raise ValueError("either a demo network or an rpc URL is needed")
    elif home is not None:
        with contextlib.suppress(DepotError):
            info_on_disk = read_devnet_info(home)
            if info_on_disk is not None:
                accounts = info_on_disk.accounts
    client = AsyncNodeClient(rpc)
    bridge = NodeBridge(client)
    return Session(
        client=client,
        bridge=bridge,
        account=pick_overview_account(accounts),
        demo=demo,
        accounts=accounts,
    )


def build_main_window(session: Session, settings: QSettings | None = None) -> MainWindow:
    return MainWindow(
        client=session.client, bridge=session.bridge, account=session.account, settings=settings
    )


# --- the run ---------------------------------------------------------------------------------


def run_gui(
    *,
    demo: bool = True,
    home: Path | None = None,
    rpc: str | None = None,
    language: str | None = None,
    screenshot: Path | None = None,
    quit_after_s: float | None = None,
) -> int:
    """Run the desktop app until its window closes; returns the process exit code.

    ``demo``: start the embedded demo network (ignored when ``rpc`` is given).
    ``home``: the demo network's folder (default ``user_data_dir("Depot")/demo``).
    ``rpc``: connect to this node instead.  ``language``: e.g. ``"zh_CN"``.
    ``screenshot``: once the overview shows data, save the window as PNG and quit.
    ``quit_after_s``: quit after this long (with ``screenshot``: the longest
    wait for data before the picture is taken anyway).
    """
    if not demo and rpc is None:
        print("depot gui: give a node URL (--rpc) or use --demo", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "depot"])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Depot")
    app.setApplicationName("Depot")
    install_translators(app, language)
    _apply_style(app)
    app.setQuitOnLastWindowClosed(False)  # closing the window runs the async shutdown first

    home = Path(home) if home is not None else default_demo_home()
    screenshot = Path(screenshot) if screenshot is not None else None
    network = DemoNetwork(home) if rpc is None else None
    loop = make_event_loop(app)
    try:
        return loop.run_until_complete(
            _main(
                network=network,
                rpc=rpc,
                home=home,
                automated=screenshot is not None or quit_after_s is not None,
                screenshot=screenshot,
                quit_after_s=quit_after_s,
            )
        )
    except RuntimeError as e:
        if "stopped before Future completed" not in str(e):
            raise
        # Qt's loop ended under us (e.g. the desktop session is ending): the finally below
        # stops the child without the loop.
        log.warning("the event loop stopped early: %s", e)
        return 1
    finally:
        if network is not None:
            network.stop_now()
        asyncio.set_event_loop(None)
        loop.close()


async def _main(
    *,
    network: DemoNetwork | None,
    rpc: str | None,
    home: Path,
    automated: bool,
    screenshot: Path | None,
    quit_after_s: float | None,
) -> int:
    try:
        if network is not None and not automated:
            session = await _open_session_with_progress(network, home)
            if session is None:
                return 1  # cancelled by the user
        else:
            session = await open_session(demo=network, rpc=rpc, home=home)
    except DepotError as e:
        await _report_start_failure(e, network, automated)
        return 1

    window = build_main_window(session)
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    _close_on_interrupt(window)
    window.show()
    session.bridge.start()
    result = [0]
    if automated:
        spawn(_automate(window, screenshot, quit_after_s, result), name="automation")
    try:
        await closed.wait()
    finally:
        for sig in _CLOSE_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(sig)
        await session.aclose()
    return result[0]


async def _open_session_with_progress(network: DemoNetwork, home: Path) -> Session | None:
    """``open_session`` behind a cancellable busy dialog (starting the chain takes seconds)."""
    dialog = QProgressDialog(
        translate("gui", "Starting the demo network…"), translate("gui", "Cancel"), 0, 0
    )
    dialog.setWindowTitle(translate("gui", "Depot"))
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task = asyncio.ensure_future(open_session(demo=network, rpc=None, home=home))
    dialog.canceled.connect(task.cancel)
    dialog.show()
    try:
        return await task
    except asyncio.CancelledError:
        if dialog.wasCanceled():
            return None
        raise
    finally:
        dialog.canceled.disconnect()
        dialog.close()
        dialog.deleteLater()


async def _report_start_failure(
    error: DepotError, network: DemoNetwork | None, automated: bool
) -> None:
    summary = (
        translate("gui", "The demo network could not be started.")
        if network is not None
        else translate("gui", "Could not connect to the node.")
    )
    log.error("%s %s", summary, error.message)
    if automated:
        print(f"{summary}\n{error.message}", file=sys.stderr)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, translate("gui", "Depot"), summary)
    if network is not None:
        box.setInformativeText(translate("gui", "Its log is in {0}").format(network.log_path))
    box.setDetailedText(error.message)
    closed = asyncio.Event()
    box.finished.connect(lambda _result: closed.set())
    box.open()  # window-modal and non-blocking; exec() would nest an event loop
    await closed.wait()


_CLOSE_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _close_on_interrupt(window: MainWindow) -> None:
    """Ctrl+C, SIGTERM or a closed terminal close the window, so the demo network stops properly."""
    loop = asyncio.get_running_loop()
    for sig in _CLOSE_SIGNALS:
        try:
            loop.add_signal_handler(sig, window.close)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # Windows loops have no signal handlers; the Job object still ends the child


async def _automate(
    window: MainWindow, screenshot: Path | None, quit_after_s: float | None, result: list[int]
) -> None:
    """Screenshot mode: wait for data, grab the window to a PNG, close it."""
    try:
        if screenshot is None:
            await asyncio.sleep(quit_after_s or 0)
            return
        wait_s = quit_after_s if quit_after_s is not None else _SCREENSHOT_WAIT_S
        deadline = asyncio.get_running_loop().time() + wait_s
        while not window.overview.has_data():
            if asyncio.get_running_loop().time() > deadline:
                log.warning("no data after %.0f s; taking the screenshot anyway", wait_s)
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # let the labels and the table repaint
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        if window.grab().save(str(screenshot), "PNG"):
            log.info("screenshot saved to %s", screenshot)
        else:
            log.error("could not save the screenshot to %s", screenshot)
            result[0] = 1
    except Exception:
        log.exception("screenshot mode failed")
        result[0] = 1
        raise
    finally:
        window.close()
