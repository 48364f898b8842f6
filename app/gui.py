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
import os
import re
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
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
from app.idle_lock import IdleLock
from app.main_window import MainWindow
from app.node_bridge import NodeBridge, cancel_background_tasks, set_app_loop, spawn
from app.qt_compat import guard_bool_refcounts
from app.services import AppServices, WalletAccount, adopt_demo_keys
from app.settings_store import AppSettings, SettingsStore
from app.themes import apply_theme
from node.client import AsyncNodeClient
from node.core.errors import DepotError
from wallet.keystore import Wallet

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


def translation_areas(directory: Path | None = None) -> list[str]:
    """The catalogue names in ``directory`` (``depot``, ``dapp``, ``explorer``, ...), from their .qm files."""
    directory = directory or translations_dir()
    areas = set()
    for qm in directory.glob("*.qm"):
        m = re.match(r"^(?P<area>[A-Za-z0-9]+)_[a-z]{2,3}(_[A-Z]{2})?$", qm.stem)
        if m:
            areas.add(m.group("area"))
    return sorted(areas)


def install_translators(
    app: QCoreApplication, language: str | None = None, directory: Path | None = None
) -> list[QTranslator]:
    """Install Qt's own and every Depot catalogue for ``language`` (e.g. ``"zh_CN"``; None: the system's).

    Each area of the app has its catalogue (``depot_zh_CN.qm`` for the shell and
    wallet, ``dapp_zh_CN.qm``, ``explorer_zh_CN.qm``, ...) in
    ``resources/translations``, compiled from the ``.ts`` by ``pyside6-lrelease``
    (``make translations``); a missing one leaves that area in English.
    """
    locale = QLocale(language) if language else QLocale.system()
    if language:
        QLocale.setDefault(locale)  # numbers and dates follow the chosen language too
    installed = []
    catalogues = [("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    ours = directory or translations_dir()
    catalogues += [(area, str(ours)) for area in translation_areas(ours)]
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        elif name != "qtbase" and locale.language() != QLocale.Language.English:
            log.info("no %s translation for %s in %s", name, locale.name(), folder)
    return installed


def make_event_loop(app: QCoreApplication, *, already_running: bool = False) -> qasync.QEventLoop:
    """The app's one asyncio loop: qasync on the GUI thread, made the current loop.

    qasync does not install asyncio's async-generator hooks, so an async
    generator dropped half-way (httpx's response iterators when a stream is
    closed) would be finalised by the garbage collector outside any task.
    The finaliser below closes it in a task on this loop, as asyncio does.
    """
    guard_bool_refcounts()  # before the first signal of the session (see app/qt_compat.py)
    loop = qasync.QEventLoop(app, already_running=already_running)
    asyncio.set_event_loop(loop)
    set_app_loop(loop)

    def finalize(agen: Any) -> None:
        if not loop.is_closed():
            loop.call_soon_threadsafe(loop.create_task, agen.aclose())

    sys.set_asyncgen_hooks(finalizer=finalize)
    return loop


# --- services ----------------------------------------------------------------------------


@dataclass
class Session:
    """The services of one run: the node client, the event bridge, the keys and, in demo mode, the child network."""

    client: AsyncNodeClient
    bridge: NodeBridge
    account: DemoAccount | None
    demo: DemoNetwork | None = None
    accounts: tuple[Any, ...] = field(default_factory=tuple)
    key_manager: Wallet | None = None
    home: Path | None = None
    services: AppServices | None = None

    async def aclose(self) -> None:
        """Lock keys, stop the bridge and pending loads, close the client, stop the demo network."""
        if self.services is not None:
            self.services.shutdown()
        await self.bridge.stop()
        await cancel_background_tasks()  # page and model loads still in flight
        await self.client.aclose()
        if self.demo is not None:
            await self.demo.stop()


def wallet_home(app_settings: AppSettings | None = None) -> Path:
    """Where the person's own wallet lives: ``$DEPOT_WALLET_HOME``, the chosen data folder, or the default."""
    env = os.environ.get("DEPOT_WALLET_HOME", "").strip()
    if env:
        return Path(env)
    if app_settings is not None and app_settings.data_dir:
        return Path(app_settings.data_dir) / "wallet"
    return Path(platformdirs.user_data_dir("Depot", appauthor=False)) / "wallet"


def _wallet_accounts(wallet: Wallet) -> tuple[WalletAccount, ...]:
    return tuple(
        WalletAccount(name=e.label or e.name, address=e.address, key_name=e.name, backend=e.backend)
        for e in wallet.entries(include_retired=False)
    )


async def open_session(
    *,
    demo: DemoNetwork | None,
    rpc: str | None,
    home: Path | None = None,
    wallet_dir: Path | None = None,
) -> Session:
    """Start ``demo`` (if given) and connect to its node, or connect to ``rpc``.

    With ``rpc``, the accounts come from ``home/devnet.json`` if there is one
    (so the GUI can attach to a ``depot devnet`` started by hand), else from
    the wallet in ``wallet_dir``.  In demo mode the demo accounts' key files
    are copied once into a wallet in ``<demo home>/wallet``, so signing works
    the same way as with one's own keys.
    """
    accounts: tuple[Any, ...] = ()
    if demo is not None:
        info = await demo.start()
        rpc, accounts = info.rpc, info.accounts
        home = demo.home
    elif rpc is None:
        raise ValueError("either a demo network or an rpc URL is needed")
    elif home is not None:
        with contextlib.suppress(DepotError):
            info_on_disk = read_devnet_info(home)
            if info_on_disk is not None:
                accounts = info_on_disk.accounts
    loop = asyncio.get_running_loop()
    key_manager: Wallet | None = None
    if accounts and home is not None:
        key_manager = await loop.run_in_executor(None, Wallet, Path(home) / "wallet")
        await loop.run_in_executor(None, adopt_demo_keys, key_manager, accounts)
    elif wallet_dir is not None:
        key_manager = await loop.run_in_executor(None, Wallet, wallet_dir)
        accounts = _wallet_accounts(key_manager)
    client = AsyncNodeClient(rpc)
    bridge = NodeBridge(client)
    return Session(
        client=client,
        bridge=bridge,
        account=pick_overview_account(a for a in accounts if isinstance(a, DemoAccount))
        or (accounts[0] if accounts else None),
        demo=demo,
        accounts=accounts,
        key_manager=key_manager,
        home=home,
    )


async def pick_peer(spec: Any, timeout_s: float = 3.0) -> str:
    """The first of the network file's peers (in its order) that answers as this network.

    Peers are asked at once; one on another chain or genesis is passed over
    (logged).  If none answers, the first is used: the app starts, says it is
    not connected, and the bridge keeps trying.
    """
    peers: tuple[str, ...] = tuple(spec.peers)

    async def probe(url: str) -> bool:
        try:
            async with AsyncNodeClient(url, timeout_s=timeout_s) as c:
                status = await c.status()
        except DepotError as e:
            log.info("peer %s: %s", url, e.message)
            return False
        if status.get("chain_id") != spec.chain_id or (
            spec.genesis_hash and status.get("genesis_hash") != spec.genesis_hash
        ):
            log.warning("peer %s serves chain %r (genesis %s), not %r; passed over",
                        url, status.get("chain_id"), status.get("genesis_hash"), spec.chain_id)
            return False
        return True

    answers = await asyncio.gather(*(probe(p) for p in peers))
    for url, ok in zip(peers, answers, strict=True):
        if ok:
            return url
    log.warning("no peer of %s answers; starting with %s", spec.chain_id, peers[0])
    return peers[0]


def build_services(
    session: Session,
    settings: QSettings | None = None,
    *,
    store: SettingsStore | None = None,
    app_settings: AppSettings | None = None,
) -> AppServices:
    """The ``AppServices`` of ``session`` (kept on it, so closing the session locks the keys)."""
    demo_mode = session.demo is not None or any(isinstance(a, DemoAccount) for a in session.accounts)
    services = AppServices(
        client=session.client,
        bridge=session.bridge,
        accounts=session.accounts,
        account=session.account,
        key_manager=session.key_manager,
        settings=settings,
        store=store,
        app_settings=app_settings,
        home=session.home,
        demo=demo_mode,
    )
    session.services = services
    return services


def build_main_window(
    session: Session,
    settings: QSettings | None = None,
    *,
    store: SettingsStore | None = None,
    app_settings: AppSettings | None = None,
) -> MainWindow:
    services = build_services(session, settings, store=store, app_settings=app_settings)
    window = MainWindow(services)
    return window


# --- the run ---------------------------------------------------------------------------------


def run_gui(
    *,
    demo: bool = True,
    home: Path | None = None,
    rpc: str | None = None,
    language: str | None = None,
    screenshot: Path | None = None,
    quit_after_s: float | None = None,
    demo_only: bool = False,
) -> int:
    """Run the desktop app until its window closes; returns the process exit code.

    ``demo``: start the embedded demo network (ignored when ``rpc`` is given).
    ``demo_only``: the demo network whatever was chosen before, without the
    first-run questions (``depot gui --demo``, what ``make run`` opens).
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
    store = SettingsStore()
    app_settings = store.load_or_default()
    install_translators(app, language or app_settings.language or None)
    apply_theme(app, app_settings.theme)
    app.setQuitOnLastWindowClosed(False)  # closing the window runs the async shutdown first

    automated = screenshot is not None or quit_after_s is not None
    home = Path(home) if home is not None else default_demo_home()
    screenshot = Path(screenshot) if screenshot is not None else None
    loop = make_event_loop(app)
    networks: list[DemoNetwork] = []
    try:
        return loop.run_until_complete(
            _main(
                rpc=rpc,
                home=home,
                store=store,
                app_settings=app_settings,
                automated=automated,
                screenshot=screenshot,
                quit_after_s=quit_after_s,
                networks=networks,
                demo_only=demo_only,
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
        for network in networks:
            network.stop_now()
        asyncio.set_event_loop(None)
        loop.close()


async def _main(
    *,
    rpc: str | None,
    home: Path,
    store: SettingsStore,
    app_settings: AppSettings,
    automated: bool,
    screenshot: Path | None,
    quit_after_s: float | None,
    networks: list[DemoNetwork],
    demo_only: bool = False,
) -> int:
    wallet_dir: Path | None = None
    if rpc is None and not automated and not demo_only and not app_settings.first_run_done:
        from app.dialogs.first_run_dialog import FirstRunDialog

        dialog = FirstRunDialog(app_settings, wallet_home=wallet_home(app_settings))
        chosen = await dialog.run()
        if chosen is None:
            return 1  # closed without choosing
        app_settings = chosen
        try:
            store.save(app_settings)
        except DepotError as e:
            log.error("could not save the first-run choices: %s", e.message)
    session_home: Path | None = home
    if rpc is None and not demo_only and app_settings.network == "consortium" and app_settings.consortium.peers:
        # A peer of the consortium serves the API (the first in the file's order that answers as
        # this network); the person's own wallet signs (never the demo's keys).
        rpc = await pick_peer(app_settings.consortium)
        wallet_dir = wallet_home(app_settings)
        session_home = None
    elif rpc is not None:
        wallet_dir = wallet_home(app_settings)
    network = DemoNetwork(home) if rpc is None else None
    if network is not None:
        networks.append(network)
    try:
        if network is not None and not automated:
            session = await _open_session_with_progress(network, home)
            if session is None:
                return 1  # cancelled by the user
        else:
            session = await open_session(demo=network, rpc=rpc, home=session_home, wallet_dir=wallet_dir)
    except DepotError as e:
        await _report_start_failure(e, network, automated)
        return 1

    window = build_main_window(session, store=store, app_settings=app_settings)
    services = window.services
    app = QApplication.instance()
    idle_lock = IdleLock(services, app_settings.auto_lock_minutes, parent=window)
    if app is not None:
        app.installEventFilter(idle_lock)
    services.settingsChanged.connect(lambda s: idle_lock.set_minutes(s.auto_lock_minutes))
    closed = asyncio.Event()
    window.closed.connect(closed.set)
    _close_on_interrupt(window)
    window.show()
    session.bridge.start()
    spawn(_refresh_roles(window), name="account-roles")
    result = [0]
    if automated:
        spawn(_automate(window, screenshot, quit_after_s, result), name="automation")
    try:
        await closed.wait()
    finally:
        if app is not None:
            app.removeEventFilter(idle_lock)
        for sig in _CLOSE_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().remove_signal_handler(sig)
        await session.aclose()
    return result[0]


async def _refresh_roles(window: MainWindow) -> None:
    if await window.services.refresh_roles():
        window.role_switcher.reload()


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
        while window.overview is not None and not window.overview.has_data():
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
