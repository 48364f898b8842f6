"""The wallet's History tab: the account's payments with filters (type, direction, dates) and CSV export.

The export writes exactly the rows shown, in a file chosen with a
non-blocking ``QFileDialog``; the file is written in an executor.  Amounts
are exact decimal text of the minor units (and the minor units themselves).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.form_errors import error_label, set_field_error
from app.formatting import format_amount, format_count, format_time_ms
from app.models.explorer_source import source_for
from app.models.history_filter import HistoryFilter
from app.models.history_model import HistoryEntry, HistoryModel
from app.node_bridge import spawn
from app.services import AppServices
from node.keyfile import write_bytes_atomically

CSV_HEADER = (
    "date",
    "type",
    "direction",
    "counterparty",
    "amount",
    "amount_minor_units",
    "note",
    "transaction_id",
    "block",
)


def history_csv(entries: list[HistoryEntry]) -> bytes:
    """The CSV bytes (UTF-8 with BOM so spreadsheet programs read Chinese text) of ``entries``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for e in entries:
        w.writerow(
            (
                format_time_ms(e.time_ms) if e.time_ms is not None else "",
                e.kind,
                e.direction,
                e.counterparty,
                format_amount(e.signed_amount, group=""),
                e.signed_amount,
                _csv_safe(e.note),
                e.tx_id,
                e.height,
            )
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_safe(text: str) -> str:
    # A note that a spreadsheet would run as a formula ("=HYPERLINK(...)") is quoted as text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class HistoryTab(QWidget):
    """Filters on top, the table, and the export button."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.index = source_for(services)
        self.model = HistoryModel(services.client, self, index=self.index, chain_id=self._chain_id)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)

        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindFilter")
        for text, value in (
            (self.tr("All types"), ""),
            (self.tr("Payments"), "transfer"),
            (self.tr("Order settlements"), "settlement"),
            (self.tr("Issued by the bank"), "issue"),
            (self.tr("Redeemed"), "redeem"),
        ):
            self.kind_combo.addItem(text, value)
        self.direction_combo = QComboBox()
        self.direction_combo.setObjectName("directionFilter")
        for text, value in ((self.tr("In and out"), ""), (self.tr("Received"), "in"), (self.tr("Sent"), "out")):
            self.direction_combo.addItem(text, value)

        today = QDate.currentDate()
        self.use_dates = QCheckBox(self.tr("Dates:"))
        self.use_dates.setObjectName("useDates")
        self.date_from = QDateEdit(today.addMonths(-1))
        self.date_from.setObjectName("dateFrom")
        self.date_to = QDateEdit(today)
        self.date_to.setObjectName("dateTo")
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.date_error = error_label("dateError")

        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.direction_combo)
        filters.addSpacing(12)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.date_to)
        filters.addStretch(1)

        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.status_label = QLabel("")
        self.status_label.setObjectName("historyStatus")
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.choose_export_file)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        form = QFormLayout()
        form.addRow(self.date_error)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self.proxy.set_kind(self.kind_combo.currentData()))
        self.direction_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_direction(self.direction_combo.currentData())
        )
        self.use_dates.toggled.connect(self.apply_dates)
        self.date_from.dateChanged.connect(lambda _d: self.apply_dates())
        self.date_to.dateChanged.connect(lambda _d: self.apply_dates())
        self.model.loadingChanged.connect(self._show_count)
        self.model.loadFailed.connect(lambda _text: self._show_count())
        self.model.rowsInserted.connect(lambda *_a: self._show_count())
        self.proxy.layoutChanged.connect(self._show_count)
        self.index.changed.connect(self._on_index_changed)
        services.accountChanged.connect(self._on_account)
        services.bridge.chainEvent.connect(self._on_chain_event)
        self._dialog: QFileDialog | None = None
        self._loaded_for: str | None = None

    # --- loading --------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Load the current account's history once (the page calls this when the tab is shown)."""
        address = getattr(self._services.account, "address", None)
        if address != self._loaded_for:
            self._loaded_for = address
            self._refresh_names()
            self.model.set_address(address)

    def _chain_id(self) -> str | None:
        last = getattr(self._services.bridge, "last_status", None)
        chain_id = last.get("chain_id") if isinstance(last, dict) else None
        return str(chain_id) if chain_id else None

    def _on_index_changed(self) -> None:
        """A data folder was opened: a history the node could not give is read from its index now."""
        if self._loaded_for is not None and self.model.error and not self.model.loading and self.model.index_usable():
            self.model.reload()

    def _on_account(self, _account: Any) -> None:
        self._loaded_for = None
        if self.isVisible():
            self.ensure_loaded()
        else:
            self.model.set_address(None)

    def _refresh_names(self) -> None:
        km = self._services.key_manager
        names: dict[str, str] = {}
        if km is not None:
            from node.core.address import format_address

            names = {format_address(c.address): c.label for c in km.addressbook.contacts()}
        for a in self._services.accounts:
            names.setdefault(a.address, a.name)
        self.model.names = names

    def _on_chain_event(self, event: dict[str, Any]) -> None:
        if self._loaded_for is None:
            return
        last = self._services.bridge.last_block
        t = last.get("time") if isinstance(last, dict) and last.get("height") == event.get("height") else None
        self.model.on_chain_event(event, t if isinstance(t, int) else None)

    def _show_count(self, *_args: Any) -> None:
        if self.model.loading:
            self.status_label.setText(self.tr("Loading the history…"))
            return
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            text = self.tr("No payments yet.") if not self.model.error else ""
        elif shown == total:
            text = self.tr("Payments: {0}.").format(format_count(total))
        else:
            text = self.tr("Payments matching the filters: {0} of {1}.").format(format_count(shown), format_count(total))
        if self.model.source == "index":
            if self.model.error:
                text += " " + self.tr(
                    "Read from this computer's explorer index up to block {0}; newer blocks could not be "
                    "asked for: {1}"
                ).format(format_count(self.model.indexed_height), self.model.error)
            else:
                text += " " + self.tr("Read from this computer's explorer index.")
        elif self.model.error:
            text = (text + " " + self.model.error).strip()
        self.status_label.setText(text)

    # --- filters --------------------------------------------------------------------------

    def apply_dates(self) -> bool:
        """Apply the date range; a range that ends before it starts is refused next to the fields."""
        on = self.use_dates.isChecked()
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if not on:
            set_field_error(self.date_from, self.date_error, "")
            self.proxy.set_date_range(None, None)
            self._show_count()
            return True
        if self.date_to.date() < self.date_from.date():
            set_field_error(
                self.date_from, self.date_error, self.tr("The end date is before the start date.")
            )
            return False
        set_field_error(self.date_from, self.date_error, "")
        self.proxy.set_date_range(self.date_from.date(), self.date_to.date())
        self._show_count()
        return True

    # --- export ---------------------------------------------------------------------------

    def choose_export_file(self) -> None:
        """Ask where to save (non-blocking dialog); the file is written when one is chosen."""
        dialog = QFileDialog(self, self.tr("Export the history"))
        dialog.setObjectName("exportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile("depot-history.csv")
        dialog.fileSelected.connect(lambda path: spawn(self.export_csv(Path(path)), name="history-export"))
        self._dialog = dialog
        dialog.open()

    async def export_csv(self, path: Path) -> bool:
        """Write the rows shown to ``path`` off the GUI thread; the outcome is shown below the table."""
        entries = self.proxy.visible_entries()
        data = history_csv(entries)
        self.export_button.setEnabled(False)
        try:
            await self._services.run_blocking(write_bytes_atomically, path, data, 0o644)
        except OSError as e:
            self.status_label.setText(self.tr("Could not write {0}: {1}").format(str(path), e.strerror or str(e)))
            return False
        finally:
            self.export_button.setEnabled(True)
        self.status_label.setText(self.tr("Rows exported to {1}: {0}.").format(format_count(len(entries)), str(path)))
        return True
