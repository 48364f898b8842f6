"""Screenshots of the Explorer and Node pages, their detail views, the sync overlay and the fork alert, in English
and Simplified Chinese, light and dark, taken under Xvfb against the real devnet and kept in artifacts/.

The test runs this module as a child process (``python -m tests.app.test_explorer_screenshots --rpc ...``)
because the test process renders offscreen and these pictures need the real X platform.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENS = (
    "explorer_blocks",
    "explorer_transactions",
    "explorer_search_error",
    "explorer_tx_detail",
    "explorer_account_detail",
    "explorer_block_detail",
    "explorer_empty",
    "node",
    "node_sync_overlay",
    "node_fork_alert",
    "node_fork_alert_dialog",
)
LIGHT_SCREENS = (
    "explorer_light_blocks",
    "explorer_light_block",
    "explorer_light_block_header",
    "explorer_light_block_tx",
    "explorer_light_block_failed",
    "explorer_light_block_failed_tx",
    "explorer_light_tx",
    "explorer_light_account",
    "explorer_light_failed",
)


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.app.test_translations import _tool

    out = tmp_path_factory.mktemp("qm")
    for ts in sorted((REPO / "resources" / "translations").glob("*_zh_CN.ts")):
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(out / f"{ts.stem}.qm")], check=True, capture_output=True)
    return out


@pytest.mark.e2e
@pytest.mark.timeout(600)
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_explorer_and_node_screenshots(lang: str, theme: str, xvfb_display: str, devnet: Any, chain: Any, qm_dir: Path, artifacts_dir: Path) -> None:
    chain.make_blocks(3)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb_display, "LANG": "C.UTF-8"}
    out = subprocess.run(
        [sys.executable, "-m", "tests.app.test_explorer_screenshots", "--rpc", devnet.rpc, "--devnet-home", str(devnet.home),
         "--out", str(artifacts_dir), "--qm", str(qm_dir), "--lang", lang, "--theme", theme],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=400,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-5000:]
    for screen in SCREENS:
        png = artifacts_dir / f"{screen}_{lang}_{theme}.png"
        assert png.exists() and png.stat().st_size > 5000, png


@pytest.mark.e2e
@pytest.mark.timeout(300)
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_explorer_light_mode_screenshots(lang: str, theme: str, xvfb_display: str, devnet: Any, chain: Any, qm_dir: Path, artifacts_dir: Path) -> None:
    """Light mode (no node data on this computer): the verified blocks table, a block's proven transactions
    (and one forged by the node, in red), a verified transaction and account, and the red mark of a tampered
    answer."""
    from tests.app.test_explorer_light_mode import make_block_with_txs

    chain.make_blocks(2)
    make_block_with_txs(chain, 3)  # a block of several transactions, newest
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb_display, "LANG": "C.UTF-8"}
    out = subprocess.run(
        [sys.executable, "-m", "tests.app.test_explorer_screenshots", "--rpc", devnet.rpc, "--devnet-home", str(devnet.home),
         "--out", str(artifacts_dir), "--qm", str(qm_dir), "--lang", lang, "--theme", theme, "--light"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-5000:]
    for screen in LIGHT_SCREENS:
        png = artifacts_dir / f"{screen}_{lang}_{theme}.png"
        assert png.exists() and png.stat().st_size > 5000, png


# --- the child ------------------------------------------------------------------------------------------


async def wait_for(cond: Callable[[], bool], timeout_s: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not cond():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def settle(ms: int = 500) -> None:
    await asyncio.sleep(ms / 1000)


def open_window(args: argparse.Namespace, info: Any, home: Path, tmp: Path) -> tuple[Any, Any]:
    """The app's main window on ``args.rpc`` as the demo's auditor, shown, its bridge started."""
    from PySide6.QtCore import QSettings

    from app.main_window import MainWindow
    from app.node_bridge import NodeBridge
    from app.services import AppServices
    from app.settings_store import AppSettings, SettingsStore
    from node.client import AsyncNodeClient

    client = AsyncNodeClient(args.rpc)
    bridge = NodeBridge(client, status_interval_s=0.5)
    by_name = {a.name: a for a in info.accounts}
    services = AppServices(
        client=client, bridge=bridge, accounts=info.accounts, account=by_name.get("auditor"),
        settings=QSettings(str(tmp / "w.ini"), QSettings.Format.IniFormat), store=SettingsStore(tmp / "config"),
        app_settings=AppSettings(first_run_done=True, theme=args.theme, language=args.lang), home=home, demo=True,
    )
    window = MainWindow(services)
    window.resize(1280, 820)
    window.show()
    bridge.start()
    return services, window


async def close_window(services: Any, window: Any) -> None:
    from app.models.explorer_source import source_for

    await source_for(services).close()
    await services.bridge.stop()
    await services.client.aclose()
    services.shutdown()
    window.close()


async def shoot(args: argparse.Namespace) -> list[str]:

    from app.demo import read_devnet_info
    from app.models.explorer_source import source_for
    from node.core.types import Hash32
    from node.light.types import ForkAlert

    out, lang, theme = Path(args.out), args.lang, args.theme
    shots: list[str] = []
    if args.light:
        return await shoot_light(args)

    def save(widget: Any, name: str) -> None:
        path = out / f"{name}_{lang}_{theme}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise RuntimeError(f"could not save {path}")
        shots.append(path.name)

    home = Path(args.devnet_home)
    info = read_devnet_info(home)
    assert info is not None
    tmp = Path(tempfile.mkdtemp(prefix="depot-explorer-shots-"))
    services, window = open_window(args, info, home, tmp)
    try:
        window.show_page("explorer")
        page: Any = window.page("explorer")
        if not await wait_for(lambda: page.source.is_open and page.blocks_model.rowCount() > 0, 60):
            raise RuntimeError("the explorer shows no blocks")
        await settle(800)
        save(window, "explorer_blocks")

        page.tabs.setCurrentWidget(page.txs_tab)
        await wait_for(lambda: page.txs_kind.count() > 1, 10)
        page.txs_kind.setCurrentIndex(page.txs_kind.findData("token.transfer"))
        await wait_for(lambda: page.txs_model.rowCount() > 0 and not page.txs_model.loading, 10)
        await settle()
        save(window, "explorer_transactions")

        address = next(a for a in info.accounts if a.name == "supplier").address
        typo = address[:12] + ("q" if address[12] != "q" else "p") + address[13:]
        page.search_edit.setText(typo)
        page.search()
        await settle()
        save(window, "explorer_search_error")
        page.search_edit.clear()
        page.search()

        tx = page.txs_model.row(0)
        for name, target in (
            ("explorer_tx_detail", ("tx", tx.tx_id_hex)),
            ("explorer_account_detail", ("address", address)),
            ("explorer_block_detail", ("block", tx.height)),
        ):
            d = page.open_target(target)
            await wait_for(lambda d=d: d.loaded is not None, 20)
            await wait_for(lambda d=d: d.mark.provenance.kind in ("verified", "failed"), 30)
            if name == "explorer_block_detail":
                tabs = d.content.findChildren(type(page.tabs))
                if tabs:
                    tabs[0].setCurrentIndex(1)  # the commit signatures
            await settle(600)
            save(d, name)
            d.close()

        window.show_page("node")
        node: Any = window.page("node")
        await wait_for(lambda: node.light_mark.provenance.kind == "verified", 30)
        await wait_for(lambda: bool(node.validators_model.rows()) and node.validators_model.rows()[0].expected is not None, 30)
        await wait_for(lambda: any(r.reachable for r in node.peers_model.rows()), 10)
        await settle(800)
        save(window, "node")

        # A real full sync of the devnet into a fresh folder: the overlay while it runs.
        node.sync_folder = tmp / "full-node"
        node.toggle_full_sync()
        seen = False
        deadline = time.monotonic() + 120
        while (node.sync_job.running or time.monotonic() < deadline - 115) and time.monotonic() < deadline:
            if node.overlay.isVisible() and not seen:
                save(window, "node_sync_overlay")  # at once: a short chain syncs in moments
                seen = True
            await asyncio.sleep(0.02)
        if not seen:
            # The test chain is too short for the sync to report before it is done: show the overlay
            # as two progress reports of a longer sync would (the widget, fed as the job feeds it).
            from app.models.explorer_jobs import JobProgress

            target = max(node._primary_height or 0, 2_000) * 50
            now = time.monotonic()
            node.overlay.update_progress(target // 5, target, now_s=now - 60, source="full_sync")
            node.overlay.update_progress(target // 4, target, now_s=now, source="full_sync", eta_s=None)
            node.on_sync_progress(JobProgress("sync", target // 4, target, target - target // 4, target // 4 * 40, 2_000.0, 50.0, None))
            await settle(300)
            save(window, "node_sync_overlay")
            node.overlay.finish()

        alert = ForkAlert(
            evidence_id=3, height=4812, primary=args.rpc, witness="https://node.city-bank.example",
            primary_block_id=Hash32(bytes.fromhex("5f" * 32)), witness_block_id=Hash32(bytes.fromhex("c4" * 32)),
            common_height=4790, detected_at_ms=int(time.time() * 1000),
        )
        node.show_fork_alert(alert)
        await settle(600)
        dialog = node.alert_dialog
        save(window, "node_fork_alert")
        dialog.adjustSize()
        await settle(300)
        save(dialog, "node_fork_alert_dialog")
        dialog.reject()

        # The explorer with no node data (a light node's computer, before a folder is opened).
        await source_for(services).close()
        window.show_page("explorer")
        await settle(600)
        save(window, "explorer_empty")
    finally:
        await close_window(services, window)
    return shots


async def shoot_light(args: argparse.Namespace) -> list[str]:
    """The Explorer in light mode: a demo folder with the network's files but no node data."""
    import dataclasses
    import json
    import shutil

    from app.demo import read_devnet_info
    from node.core.encoding import decode, encode
    from node.light.provider import HttpProvider
    from node.modules.accounts.records import Account

    out, lang, theme = Path(args.out), args.lang, args.theme
    shots: list[str] = []

    def save(widget: Any, name: str) -> None:
        path = out / f"{name}_{lang}_{theme}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise RuntimeError(f"could not save {path}")
        shots.append(path.name)

    devnet_home = Path(args.devnet_home)
    info = read_devnet_info(devnet_home)
    assert info is not None
    tmp = Path(tempfile.mkdtemp(prefix="depot-explorer-light-shots-"))
    home = tmp / "demo"
    home.mkdir()
    doc = json.loads((devnet_home / "devnet.json").read_text(encoding="utf-8"))
    node_home = Path(doc["nodes"][0]["home"])
    genesis = devnet_home / "genesis.json"
    shutil.copy(genesis if genesis.is_file() else node_home / "genesis.json", home / "genesis.json")
    doc["nodes"][0]["home"] = str(home / "no-node-data")
    (home / "devnet.json").write_text(json.dumps(doc), encoding="utf-8")
    services, window = open_window(args, info, home, tmp)
    try:
        window.show_page("explorer")
        page: Any = window.page("explorer")
        model = page.light_model
        if not await wait_for(lambda: model.rowCount() > 0 and model.row(0).status == "verified", 60):
            raise RuntimeError("light mode shows no verified block")
        await wait_for(lambda: not model._queue and model.row(min(8, model.rowCount() - 1)).status != "checking", 30)
        await settle(600)
        save(window, "explorer_light_blocks")

        await shoot_light_block(page, model, save)

        tx_id = None
        for r in range(model.rowCount()):
            if model.row(r).num_txs:
                block = await services.client.block(model.row(r).height)
                tx_id = block["txs"][0]["tx_id"]
                break
        if tx_id is None:
            raise RuntimeError("no block with a transaction in the first page")
        address = next(a for a in info.accounts if a.name == "logistics").address
        for name, text in (("explorer_light_tx", tx_id), ("explorer_light_account", address)):
            page.search_edit.setText(text)
            page.search()
            await wait_for(lambda: page.light.mark.provenance.kind in ("verified", "failed"), 30)
            await settle(600)
            save(window, name)

        real_state = HttpProvider.state

        def lying_state(self: Any, key: bytes, height: int) -> Any:
            answer = real_state(self, key, height)
            if answer.value is None:
                return answer
            acc = decode(Account, answer.value)
            forged = dataclasses.replace(acc, balance=type(acc.balance)(int(acc.balance) + 1_000_000))
            return dataclasses.replace(answer, value=encode(forged))

        HttpProvider.state = lying_state  # type: ignore[method-assign]
        page.search_edit.setText(address)
        page.search()
        await wait_for(lambda: page.light.mark.provenance.kind == "failed", 30)
        await settle(600)
        save(window, "explorer_light_failed")
        HttpProvider.state = real_state  # type: ignore[method-assign]
    finally:
        await close_window(services, window)
    return shots


async def shoot_light_block(page: Any, model: Any, save: Callable[[Any, str], None]) -> None:
    """A double-clicked block: its transactions proven one by one, its header, one transaction's detail, and
    the same block when the node forges one of its transactions."""
    import dataclasses

    from app.models import explorer_block_txs as bt
    from node.core.encoding import decode, encode
    from node.core.transactions import decode_transaction
    from node.light.provider import HttpProvider
    from node.modules.accounts.transitions import Transfer

    window = page.window()
    light = page.light
    r = max(range(min(model.rowCount(), 50)), key=lambda r: (model.row(r).num_txs, model.row(r).height))
    height = model.row(r).height
    light.view.selectRow(r)
    light.view.doubleClicked.emit(model.index(r, 0))
    if not await wait_for(lambda: light.txs_model.height == height and light.txs_model.state == bt.DONE, 60):
        raise RuntimeError(f"block {height}'s transactions were not proven: {light.txs_model.state}")
    await settle(600)
    save(window, "explorer_light_block")
    light.block_tabs.setCurrentIndex(1)
    await settle(300)
    save(window, "explorer_light_block_header")
    light.block_tabs.setCurrentIndex(0)
    light.txs_view.selectRow(0)
    light.open_block_tx(0)
    await settle(400)
    save(window, "explorer_light_block_tx")

    forged_id = light.txs_model.row(min(1, light.txs_model.rowCount() - 1)).tx_id_hex
    real_tx = HttpProvider.tx

    def lying_tx(self: Any, tx_id: bytes) -> Any:
        answer = real_tx(self, tx_id)
        if bytes(tx_id).hex() != forged_id:
            return answer
        tx = decode_transaction(answer.raw)
        pay = decode(Transfer, bytes(tx.body.payload))
        body = dataclasses.replace(tx.body, payload=encode(dataclasses.replace(pay, amount=type(pay.amount)(777_000_001))))
        return dataclasses.replace(answer, raw=encode(dataclasses.replace(tx, body=body)))

    HttpProvider.tx = lying_tx  # type: ignore[method-assign]
    try:
        light.back_to_block()
        light.txs_retry.setVisible(False)
        light._retry_block_txs()
        if not await wait_for(lambda: light.txs_model.state == bt.INCOMPLETE, 60):
            raise RuntimeError(f"the forged transaction was not caught: {light.txs_model.state}")
        light.txs_view.clearSelection()  # the red mark, not the selection's colours
        await settle(600)
        save(window, "explorer_light_block_failed")
        light.open_block_tx(min(1, light.txs_model.rowCount() - 1))
        await settle(400)
        save(window, "explorer_light_block_failed_tx")
    finally:
        HttpProvider.tx = real_tx  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--rpc", "--devnet-home", "--out", "--qm", "--lang", "--theme"):
        parser.add_argument(name, required=True)
    parser.add_argument("--light", action="store_true", help="only the light mode's screens")
    args = parser.parse_args()
    from tests.app.test_explorer_models import protect_bools

    protect_bools()
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from app.gui import install_translators, make_event_loop
    from app.themes import apply_theme

    install_translators(app, args.lang, Path(args.qm))
    apply_theme(app, args.theme)
    loop = make_event_loop(app)
    try:
        shots = loop.run_until_complete(shoot(args))
    finally:
        loop.close()
    print("\n".join(shots))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
