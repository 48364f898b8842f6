"""Every visible string of the app is in its area's Simplified Chinese catalogue, and the catalogues load.

Each area of the app keeps its own catalogue so the engineers never overwrite
each other: ``AREAS`` maps a .ts file to the app/ files it covers.  Every
app/ module with a translatable string must belong to exactly one area.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"

# .ts file -> the app/ files (globs relative to the repository) whose strings it carries.
AREAS: dict[str, tuple[str, ...]] = {
    # Shell, wallet, signing, settings, first run (and the overview).
    "depot_zh_CN.ts": (
        "app/account_watch.py",
        "app/address_input.py",
        "app/amount_input.py",
        "app/error_text.py",
        "app/formatting.py",
        "app/gui.py",
        "app/main_window.py",
        "app/network_file.py",
        "app/role_switcher.py",
        "app/services.py",
        "app/tx_text.py",
        "app/pages/overview_page.py",
        "app/pages/wallet_page.py",
        "app/pages/settings_page.py",
        "app/dialogs/signing_dialog.py",
        "app/dialogs/unlock_dialog.py",
        "app/dialogs/rotate_key_dialog.py",
        "app/dialogs/first_run_dialog.py",
        "app/dialogs/add_key_dialog.py",
        "app/dialogs/backup_dialog.py",
        "app/dialogs/restore_dialog.py",
        "app/widgets/key_source_form.py",
        "app/wallet_tabs/*.py",
        "app/models/blocks_model.py",
        "app/models/history_model.py",
        "app/models/history_filter.py",
        "app/models/contacts_model.py",
        "app/models/keys_model.py",
        "app/models/approvals_model.py",
    ),
    # Dashboard, tanks and orders, bills, notifications, demo tanks.
    "dapp_zh_CN.ts": (
        "app/pages/dashboard_page.py",
        "app/pages/tanks_page.py",
        "app/pages/orders_page.py",
        "app/pages/bills_page.py",
        "app/dialogs/order_*.py",
        "app/models/tanks_model.py",
        "app/models/orders_model.py",
        "app/models/bills_model.py",
        "app/models/dapp_common.py",
        "app/widgets/level_bar.py",
        "app/widgets/level_chart.py",
        "app/widgets/order_timeline.py",
        "app/widgets/statement_document.py",
        "app/widgets/table_tools.py",
        "app/notifications.py",
        "app/demo_tanks.py",
    ),
    # Explorer and node pages.
    "explorer_zh_CN.ts": (
        "app/pages/explorer_page.py",
        "app/pages/node_page.py",
        "app/dialogs/explorer_*.py",
        "app/dialogs/node_*.py",
        "app/models/explorer_*.py",
        "app/models/node_*.py",
        "app/widgets/decoded_tree.py",
        "app/widgets/fork_alert.py",
        "app/widgets/sync_overlay.py",
        "app/widgets/time_range_filter.py",
        "app/widgets/verified_mark.py",
    ),
}

_TRANSLATABLE = re.compile(r"\bself\.tr\(|\btranslate\(|QCoreApplication\.translate\(")


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    path = str(exe) if exe.exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return path


def area_files(ts_name: str) -> list[Path]:
    files: set[Path] = set()
    for pattern in AREAS[ts_name]:
        files.update(p for p in REPO.glob(pattern) if p.is_file())
    return sorted(files)


def _has_strings(path: Path) -> bool:
    return bool(_TRANSLATABLE.search(path.read_text(encoding="utf-8")))


def test_every_module_with_strings_belongs_to_exactly_one_area() -> None:
    owners: dict[Path, list[str]] = {}
    for ts_name in AREAS:
        for f in area_files(ts_name):
            owners.setdefault(f, []).append(ts_name)
    twice = {str(f.relative_to(REPO)): o for f, o in owners.items() if len(o) > 1}
    assert not twice, f"modules in two areas: {twice}"
    orphans = [
        str(p.relative_to(REPO))
        for p in sorted((REPO / "app").rglob("*.py"))
        if _has_strings(p) and p not in owners
    ]
    assert not orphans, f"modules with visible strings in no area (add them to AREAS): {orphans}"


@pytest.mark.parametrize("ts_name", sorted(AREAS))
def test_area_catalogue_covers_every_string(ts_name: str, tmp_path: Path) -> None:
    files = [f for f in area_files(ts_name) if _has_strings(f)]
    if not files:
        pytest.skip(f"no module of {ts_name} has visible strings yet")
    source = TRANSLATIONS / ts_name
    assert source.exists(), f"{ts_name} is missing; create it with pyside6-lupdate and translate it"
    ts = tmp_path / ts_name
    shutil.copy(source, ts)
    out = subprocess.run(
        [_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", *map(str, files), "-ts", str(ts)],
        capture_output=True,
        text=True,
        check=True,
    )
    text = ts.read_text(encoding="utf-8")
    unfinished = re.findall(r"<source>(.*?)</source>\s*<translation type=\"unfinished\"", text, re.S)
    assert not unfinished, (
        f"strings of {ts_name}'s area without a zh_CN translation; run pyside6-lupdate and translate them:\n"
        + "\n".join(unfinished[:40])
        + "\n"
        + out.stdout
    )


@pytest.mark.parametrize("ts_name", sorted(AREAS))
def test_compiled_catalogue_loads(ts_name: str, qapp, tmp_path: Path) -> None:
    source = TRANSLATIONS / ts_name
    if not source.exists():
        pytest.skip(f"{ts_name} does not exist yet")
    area = ts_name.split("_", 1)[0]
    subprocess.run(
        [_tool("pyside6-lrelease"), str(source), "-qm", str(tmp_path / f"{area}_zh_CN.qm")],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(QLocale("zh_CN"), area, "_", str(tmp_path))
    assert not translator.isEmpty()


def test_depot_catalogue_translates(qapp, tmp_path: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TRANSLATIONS / "depot_zh_CN.ts"), "-qm", str(tmp_path / "depot_zh_CN.qm")],
        check=True,
        capture_output=True,
    )
    translator = QTranslator()
    assert translator.load(QLocale("zh_CN"), "depot", "_", str(tmp_path))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("OverviewPage", "Overview") == "概览"
        assert QCoreApplication.translate("WalletPage", "Wallet") == "钱包"
        assert QCoreApplication.translate("formatting", "{0} s ago").format(5) == "5 秒前"
        assert QCoreApplication.translate("amount_input", "Enter an amount.") == "请输入金额。"
        assert QCoreApplication.translate("SigningDialog", "Confirm and send") == "确认并发送"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_the_app_installs_every_areas_catalogue(qapp, tmp_path: Path, monkeypatch) -> None:
    import app.gui as gui

    for name in ("depot", "dapp"):
        (tmp_path / f"{name}_zh_CN.qm").write_bytes(b"")
    monkeypatch.setattr(gui, "translations_dir", lambda: tmp_path)
    assert gui.translation_areas(tmp_path) == ["dapp", "depot"]
