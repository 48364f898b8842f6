"""Screenshots of the shell, wallet, adding keys, backup and restore, signing dialog, settings, first run and unlock dialog, in English and
Simplified Chinese, light and dark, taken under Xvfb against the real devnet and kept in artifacts/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.test_translations import _tool

REPO = Path(__file__).resolve().parents[2]
SCREENS = (
    "wallet_send",
    "wallet_send_errors",
    "wallet_receive",
    "wallet_history",
    "wallet_contacts",
    "wallet_approvals",
    "wallet_keys",
    "add_key_new",
    "add_key_import_error",
    "add_key_busy",
    "add_key_import_token",
    "backup_dialog_errors",
    "backup_dialog_busy",
    "restore_dialog_plan",
    "restore_dialog_wrong_passphrase",
    "signing_dialog",
    "signing_dialog_first_time",
    "settings",
    "overview",
    "unlock_dialog",
    "first_run_network",
    "first_run_network_error",
    "first_run_key",
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every area's catalogue, compiled afresh (the .qm files are build output, not in git)."""
    out = tmp_path_factory.mktemp("qm")
    for ts in sorted((REPO / "resources" / "translations").glob("*_zh_CN.ts")):
        subprocess.run([_tool("pyside6-lrelease"), str(ts), "-qm", str(out / f"{ts.stem}.qm")], check=True, capture_output=True)
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshots(lang: str, theme: str, xvfb_display: str, devnet, chain, qm_dir: Path, artifacts_dir: Path) -> None:
    chain.make_blocks(2)  # the supplier's history has payments to show
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb_display, "LANG": "C.UTF-8"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.app.shoot_wallet_screens",
            "--rpc",
            devnet.rpc,
            "--devnet-home",
            str(devnet.home),
            "--out",
            str(artifacts_dir),
            "--qm",
            str(qm_dir),
            "--lang",
            lang,
            "--theme",
            theme,
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-5000:]
    for screen in SCREENS:
        png = artifacts_dir / f"{screen}_{lang}_{theme}.png"
        assert png.exists() and png.stat().st_size > 5000, png
