"""Every visible string of the app is in the Simplified Chinese catalogue, and the catalogue loads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "depot_zh_CN.ts"


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    path = str(exe) if exe.exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return path


def test_catalogue_covers_every_string_of_the_app(tmp_path: Path) -> None:
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    out = subprocess.run(
        [
            _tool("pyside6-lupdate"),
            "-extensions",
            "py",
            "-no-obsolete",
            str(REPO / "app"),
            "-ts",
            str(ts),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, (
        "strings without a zh_CN translation; run pyside6-lupdate and translate them:\n"
        + out.stdout
    )


def test_compiled_catalogue_translates(qapp, tmp_path: Path) -> None:
    qm = tmp_path / "depot_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True
    )
    translator = QTranslator()
    assert translator.load(QLocale("zh_CN"), "depot", "_", str(tmp_path))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "Overview") == "概览"
        assert QCoreApplication.translate("formatting", "{0} s ago").format(5) == "5 秒前"
    finally:
        QCoreApplication.removeTranslator(translator)
