"""run_gui end to end in a child process: attach to a node, show data, save a screenshot, exit 0."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtGui import QImage  # noqa: E402

from node.core.address import format_address  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _run_gui(tmp_path: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    code = (
        f"from pathlib import Path\nfrom app.gui import run_gui\nraise SystemExit(run_gui({args}))"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        # QSettings of this run stay in the test's folder.
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_attaches_to_a_node_and_takes_a_screenshot(tmp_path: Path, devnet) -> None:
    shot = tmp_path / "overview.png"
    # The devnet's own folder: run_gui reads the demo accounts from its devnet.json.
    result = _run_gui(
        tmp_path, rpc=devnet.rpc, home=str(devnet.home), screenshot=str(shot), quit_after_s=30.0
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert not image.isNull() and image.width() > 400 and image.height() > 300


def test_no_node_and_no_demo_is_a_usage_error(tmp_path: Path) -> None:
    result = _run_gui(tmp_path, demo=False)
    assert result.returncode == 2
    assert "--rpc" in result.stderr


def test_cancelling_the_startup_dialog_stops_the_demo_network(
    tmp_path: Path, qtbot, run_async
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from app.demo import DemoNetwork
    from app.gui import _open_session_with_progress

    fake = Path(__file__).with_name("fake_devnet.py")
    home = tmp_path / "demo"
    network = DemoNetwork(
        home,
        command=[
            sys.executable,
            str(fake),
            "silent",
            "http://127.0.0.1:9",
            str(home),
            format_address(bytes(range(1, 21))),
        ],
    )
    task = asyncio.ensure_future(_open_session_with_progress(network, home))

    def dialog() -> QProgressDialog | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        return found[0] if found and found[0].isVisible() else None

    def child_ready() -> bool:
        return network.log_path.exists() and "starting" in network.log_path.read_text()

    qtbot.waitUntil(lambda: dialog() is not None and child_ready(), timeout=10_000)
    qtbot.mouseClick(dialog().findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=20_000)
    assert task.result() is None
    assert not network.running
    assert (home / "stopped").read_text() == "signal"


def test_start_failure_is_shown_and_dismissed(tmp_path: Path, qtbot, aloop) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.demo import DemoError, DemoNetwork
    from app.gui import _report_start_failure

    network = DemoNetwork(tmp_path / "demo")
    error = DemoError("the demo network exited with code 3\n\nerror: port in use")
    task = asyncio.ensure_future(_report_start_failure(error, network, automated=False))

    def box() -> QMessageBox | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: box() is not None, timeout=5000)
    assert box().text() == "The demo network could not be started."
    assert "port in use" in box().detailedText()
    assert str(network.log_path) in box().informativeText()
    box().accept()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.result() is None
