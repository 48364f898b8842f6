"""Screenshots of the Dashboard, Tanks, Orders and Bills pages in English and Simplified Chinese, light and dark,
taken under Xvfb (the xcb platform, as on a desktop) from a devnet with tanks, orders and bills; saved to artifacts/.

The test prepares the chain (tank histories, an open order waiting to be dispatched, a delivered one, settled ones
with bills), then runs this module as a child process per language and theme with ``QT_QPA_PLATFORM=xcb`` on the
test Xvfb display; the child opens the main window, shows each page, waits until it shows its data, and saves it.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PAGES = ("dashboard", "tanks", "orders", "bills")
COMBOS = (("en", "light"), ("en", "dark"), ("zh_CN", "light"), ("zh_CN", "dark"))

pytestmark = pytest.mark.e2e


def _compile_catalogues() -> None:
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in (REPO / "resources" / "translations").glob("*.ts"):
        qm = ts.with_suffix(".qm")
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            subprocess.run([str(tool), str(ts), "-qm", str(qm)], check=True, capture_output=True)


@pytest.fixture
def tanks(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.app.test_dapp_kit import tank_chain

    return tank_chain(request, tmp_path_factory)


def _prepare(tanks: Any) -> dict[str, str]:
    """Tanks with histories and orders in several states; the ids the screenshots select."""
    from node.modules.tanks.payloads import ConfirmDelivery, Dispatch
    from tests.app.test_dapp_kit import now_ms

    ids: dict[str, str] = {}
    hour = 3_600_000
    # Two and a half days of hourly readings (the chain takes readings up to three days old).
    for n, (start, fall) in enumerate(((2900, 18), (2500, 9), (2700, 21))):
        tank_id = tanks.new_tank(f"site{n + 1}", warning_mm=1500, reorder_l=5000, dispute_window_ms=3_600_000)
        tanks.report(tank_id, [start - fall * i + (i * 7919 % 11) - 5 for i in range(60)], step_ms=hour,
                     end_ms=now_ms() - 60_000)
        ids.setdefault("tank", tank_id)
    settled = tanks.new_tank("north", warning_mm=1500, reorder_l=4000)
    for quantity in (3900, 3700):
        tanks.report(settled, [1800, 1700, 1450])
        oid = tanks.open_order(settled)
        tanks.send("supplier", "order.dispatch", Dispatch(oid, 4000))
        tanks.send("customer", "order.confirm_delivery", ConfirmDelivery(oid, quantity))
        tanks.report(settled, [2600, 2500])
    waiting = tanks.new_tank("east", warning_mm=1500, reorder_l=6000)
    tanks.report(waiting, [1900, 1700, 1400])
    ids["order"] = tanks.open_order(waiting)
    return ids


def test_pages_in_both_languages_and_themes(tanks: Any, xvfb_display: str, artifacts_dir: Path,
                                            tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    ids = _prepare(tanks)
    _compile_catalogues()
    for lang, theme in COMBOS:
        out = artifacts_dir / "dapp"
        out.mkdir(exist_ok=True)
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb_display, "HOME": str(tmp_path),
               "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(REPO)}
        args = json.dumps({"home": str(tanks.devnet.home), "rpc": tanks.rpc, "lang": lang, "theme": theme,
                           "out": str(out), "tmp": str(tmp_path / f"{lang}-{theme}"), **ids})
        result = subprocess.run([sys.executable, "-m", "tests.app.test_dapp_screenshots", args], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=240)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
        for page in PAGES:
            image = QImage(str(out / f"{page}_{lang}_{theme}.png"))
            assert not image.isNull() and image.width() >= 1200, (page, lang, theme)
            if theme == "dark":  # the window background really is dark
                assert image.pixelColor(5, image.height() // 2).lightness() < 100, (page, lang)


# --- the child process -------------------------------------------------------------------------


def _ready(key: str, page: Any, ids: dict[str, str]) -> bool:
    if key == "dashboard":
        return bool(page.has_data() and page.tank_proxy.rowCount() > 0)
    if key == "tanks":
        return bool(page.select_tank(ids["tank"]) and len(page.chart.points) >= 20 and not page.chart.loading)
    if key == "orders":
        balance = page.supplier_balance.text()
        return bool(page.select_order(ids["order"]) and ("escrow" in balance or "冻结" in balance))
    if key == "bills":
        return bool(page.bills.rowCount() > 0 and page.statements.rowCount() > 0)
    return True


def child_main(args: dict[str, Any]) -> int:
    import asyncio

    from PySide6.QtWidgets import QApplication

    from app.demo import parse_devnet_info
    from app.gui import install_translators, make_event_loop
    from app.main_window import MainWindow
    from app.themes import apply_theme
    from tests.app.services_kit import close_services, make_services

    app = QApplication([sys.argv[0]])
    install_translators(app, None if args["lang"] == "en" else args["lang"])
    apply_theme(app, args["theme"])
    loop = make_event_loop(app)

    class Net:  # what make_services reads of a DevnetProcess
        home = Path(args["home"])
        rpc = args["rpc"]
        info = json.loads((Path(args["home"]) / "devnet.json").read_text())

    assert parse_devnet_info(Net.info, Net.home).accounts

    async def main() -> int:
        services = make_services(Net, Path(args["tmp"]), account="customer")  # type: ignore[arg-type]
        window = MainWindow(services)
        window.resize(1280, 800)
        window.show()
        services.bridge.start()
        nav = window.navigation
        try:
            for key in PAGES:
                # The supplier's view of the orders (a confirmed order waits for its dispatch).
                who = "supplier" if key == "orders" else "customer"
                services.set_account(next(a for a in services.accounts if a.name == who))
                row = next(r for r in range(nav.count()) if nav.item(r).data(256) == key)
                nav.setCurrentRow(row)
                page = window.page(key)
                deadline = loop.time() + 60
                while not _ready(key, page, args):
                    if loop.time() > deadline:
                        print(f"{key}: no data after 60 s; saving anyway", file=sys.stderr)
                        break
                    await asyncio.sleep(0.1)
                await asyncio.sleep(0.8)  # let the labels, the chart and the bars repaint
                path = Path(args["out"]) / f"{key}_{args['lang']}_{args['theme']}.png"
                if not window.grab().save(str(path)):
                    return 1
            return 0
        finally:
            await close_services(services)
            window.close()

    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


if __name__ == "__main__":
    sys.exit(child_main(json.loads(sys.argv[1])))
