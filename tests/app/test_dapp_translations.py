"""The DApp catalogue (dapp_zh_CN.ts): complete, placeholders kept, glossary terms used, and it loads."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "dapp_zh_CN.ts"
FILES = [
    "app/pages/dashboard_page.py", "app/pages/tanks_page.py", "app/pages/orders_page.py", "app/pages/bills_page.py",
    "app/models/tanks_model.py", "app/models/orders_model.py", "app/models/bills_model.py",
    "app/models/dapp_common.py", "app/notifications.py", "app/demo_tanks.py",
    *sorted(str(p.relative_to(REPO)) for p in (REPO / "app" / "dialogs").glob("order_*.py")),
    "app/widgets/level_bar.py", "app/widgets/level_chart.py", "app/widgets/order_timeline.py",
    "app/widgets/statement_document.py", "app/widgets/table_tools.py",
]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    path = str(exe) if exe.exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found (it comes with PySide6)")
    return path


def messages() -> list[tuple[str, str, str]]:
    root = ET.parse(TS).getroot()
    return [(ctx.findtext("name") or "", m.findtext("source") or "", m.findtext("translation") or "")
            for ctx in root.findall("context") for m in ctx.findall("message")]


def test_every_dapp_string_is_translated(tmp_path: Path) -> None:
    ts = tmp_path / TS.name
    shutil.copy(TS, ts)
    subprocess.run([_tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", *[str(REPO / f) for f in FILES],
                    "-ts", str(ts)], capture_output=True, text=True, check=True, cwd=REPO)
    text = ts.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "dapp strings without a zh_CN translation: run pyside6-lupdate"
    assert len(messages()) > 300


def test_placeholders_survive_translation() -> None:
    for ctx, src, tr in messages():
        assert tr.strip(), (ctx, src)
        assert sorted(re.findall(r"\{\d\}|%p%", src)) == sorted(re.findall(r"\{\d\}|%p%", tr)), (ctx, src, tr)


def test_glossary_terms() -> None:
    by_source = {src: tr for _ctx, src, tr in messages()}
    assert by_source["Warning line"] == "预警线"
    assert "冻结" in by_source["In escrow:"] and "冻结" in by_source["Escrow"]
    assert "结算" in by_source["Settled"]
    assert "对账单" in by_source["Monthly statement {0}"]


def test_compiled_catalogue_translates(qapp, tmp_path: Path) -> None:
    qm = tmp_path / "dapp_zh_CN.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(QLocale("zh_CN"), "dapp", "_", str(tmp_path))
    QCoreApplication.installTranslator(translator)
    try:
        from app.models.dapp_common import format_litres
        from app.models.orders_model import status_name

        assert QCoreApplication.translate("TanksPage", "Tanks") == "储罐"
        assert status_name(3) == "已确认"
        assert format_litres(8550) == "8,550 升"
    finally:
        QCoreApplication.removeTranslator(translator)
