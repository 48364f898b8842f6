"""The GUI on the real embedded demo network: ``depot devnet`` as a child, blocks arriving live.

Skipped only while app/cli.py has no ``devnet`` command; once it has one, a
failure here is a real failure.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from app.demo import DemoNetwork  # noqa: E402
from app.gui import build_main_window, open_session  # noqa: E402

CLI = Path(__file__).resolve().parents[2] / "app" / "cli.py"


def _cli_has_devnet() -> bool:
    return CLI.exists() and "devnet" in CLI.read_text(encoding="utf-8")


pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not _cli_has_devnet(), reason="app/cli.py has no devnet command yet"),
]


def test_overview_follows_the_demo_network(
    tmp_path: Path, qtbot, run_async, english_locale, artifacts_dir: Path
) -> None:
    network = DemoNetwork(tmp_path / "demo", start_timeout_s=120)
    session = run_async(open_session(demo=network, rpc=None), timeout_s=150)
    try:
        assert network.running
        settings = QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat)
        window = build_main_window(session, settings)
        qtbot.addWidget(window)
        window.show()
        session.bridge.start()
        model = window.overview.blocks_model
        qtbot.waitUntil(
            lambda: (model.tip_height or 0) >= 2 and model.rowCount() > 0, timeout=90_000
        )
        qtbot.waitUntil(window.overview.has_data, timeout=30_000)
        assert window.overview.chain_id_label.text() == network.info.chain_id
        assert window.connection_status.text() == "Connected"
        if session.account is not None:
            assert window.overview.address_label.text() == session.account.address
        window.grab().save(str(artifacts_dir / "gui_demo_overview.png"))
    finally:
        run_async(session.aclose(), timeout_s=60)
    assert not network.running
