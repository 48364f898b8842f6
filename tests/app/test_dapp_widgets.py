"""The DApp's widgets without a node: level chart, level bar, order timeline, statement documents."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QTableView  # noqa: E402

from app.models.tanks_model import TanksModel, row_from_records  # noqa: E402
from app.widgets.level_bar import LevelBarDelegate  # noqa: E402
from app.widgets.level_chart import LevelChart  # noqa: E402
from app.widgets.order_timeline import OrderTimeline  # noqa: E402
from app.widgets.statement_document import (  # noqa: E402
    bill_html,
    statement_csv_rows,
    statement_html,
    write_csv,
    write_pdf,
)
from tests.app.test_dapp_models import (  # noqa: E402
    BUYER,
    SUPPLIER,
    bill,
    live_record,
    order,
    statement,
    tank_record,
)

NOW = 1_795_000_000_000


def test_chart_follows_live_readings_and_estimates(qtbot, english_locale) -> None:
    row = row_from_records(tank_record("t1"), live_record("t1", 2500, NOW - 600_000))
    assert row is not None
    chart = LevelChart(None)
    qtbot.addWidget(chart)
    chart.set_tank(row, now_ms=NOW)
    assert chart.title_label.text() == "Level history of t1"
    assert chart.warning_series.count() == 2 and chart.warning_series.at(0).y() == 1500
    # 10 mm a minute down from 2000 mm: the warning line at 1500 mm is 50 minutes away.
    chart.add_points([(NOW - 600_000 + i * 60_000, 2100 - 10 * i) for i in range(11)])
    assert chart.level_series.count() == 11
    assert chart.eta_label.text() == "Estimated time to the warning line: in 50 min, from the trend since the last delivery."
    chart.on_readings([("other", NOW + 1, 100), ("t1", NOW + 60_000, 1990)])
    assert chart.points[-1] == (NOW + 60_000, 1990) and chart.level_series.count() == 12
    chart.add_points([(NOW - 5, 1)])  # older than what is shown: ignored
    assert chart.level_series.count() == 12
    chart.set_tank(None)
    assert chart.level_series.count() == 0 and chart.eta_label.text() == ""


def test_chart_thins_a_long_history(qtbot) -> None:
    row = row_from_records(tank_record("t1"), None)
    chart = LevelChart(None)
    qtbot.addWidget(chart)
    chart.set_tank(row, now_ms=NOW)
    chart._prepend([(NOW - 3_000_000 + i * 500, 2000) for i in range(6000)])  # the loader's path
    assert len(chart.points) <= 4000 and chart.points == sorted(chart.points)


def test_level_bars_and_timeline_paint(qtbot) -> None:
    model = TanksModel(None)
    rows = [row_from_records(tank_record(f"t{i}"), live_record(f"t{i}", level)) for i, level in
            enumerate((2800, 1400, 500, None))]
    model.set_rows([r for r in rows if r is not None])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(TanksModel.LEVEL, LevelBarDelegate(view))
    view.resize(900, 300)
    view.show()
    assert not view.grab().isNull()
    timeline = OrderTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(QSize(600, 60))
    for status in (1, 4, 6, 7, 8, 9):
        timeline.set_order(order(status, dispatched_ms=5, closed_ms=9, disputed_status=4))
        assert not timeline.grab().isNull()
    assert "Resolved" in timeline.accessibleDescription()


def test_statement_documents(tmp_path: Path, english_locale) -> None:
    st = statement(BUYER, SUPPLIER, "2026-11", [1, 2])
    bills = [bill(1), bill(2)]
    html = statement_html(st, bills, party_name="northmill · customer", counterparty_name="acme-fuel · supplier",
                          height=42, generated_ms=NOW)
    assert "Monthly statement 2026-11" in html and "12,000.00" in html and "<script" not in html
    hostile = dict(bill(3), reference="<b>x</b>")
    assert "&lt;b&gt;x&lt;/b&gt;" in statement_html(st, [hostile], party_name="<i>", counterparty_name="c",
                                                   height=None, generated_ms=NOW)
    pdf = write_pdf(html, tmp_path / "s.pdf", title="s")
    assert pdf.read_bytes().startswith(b"%PDF") and not (tmp_path / "s.pdf.part").exists()
    one = write_pdf(bill_html(bills[0], payer_name="p", payee_name="q", generated_ms=NOW), tmp_path / "b.pdf")
    assert one.stat().st_size > 500
    rows = statement_csv_rows(st, bills)
    path = write_csv(rows, tmp_path / "s.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        back = list(csv.reader(f))
    assert back == rows and back[1][9] == "600000" and back[1][10] == "6000.00" and back[1][11] == "paid"
