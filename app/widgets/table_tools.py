"""Small helpers for the DApp's table views."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHeaderView, QTableView


def autosize_columns(view: QTableView, *, stretch_last: bool = True, max_width: int = 420) -> None:
    """Fit the columns to their contents whenever rows arrive or change (deferred, once per burst).

    ``ResizeToContents`` on the header would re-measure on every change; this
    measures once per event-loop turn, and only the rows Qt samples
    (``resizeContentsPrecision``), so long tables stay cheap.
    """
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_last)
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(0)

    def fit() -> None:
        view.resizeColumnsToContents()
        for col in range(header.count()):
            if header.sectionSize(col) > max_width:
                header.resizeSection(col, max_width)

    timer.timeout.connect(fit)
    model = view.model()
    for sig in (model.modelReset, model.rowsInserted, model.layoutChanged):
        sig.connect(timer.start)
    timer.start()
