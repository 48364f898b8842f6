"""The Bills page: monthly statements per counterparty and their settlement bills, saved as PDF or CSV."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.formatting import describe_error, format_amount_locale
from app.models.bills_model import BillsModel, StatementRef, StatementsModel
from app.models.dapp_common import connect_account_changed, identity_of, party_names, spawn_for
from app.widgets.statement_document import (
    bill_html,
    statement_csv_rows,
    statement_html,
    write_csv,
    write_pdf,
)
from app.widgets.table_tools import autosize_columns
from node.core.errors import DepotError


def now_ms() -> int:
    return int(time.time() * 1000)


class BillsPage(QWidget):
    """Statements newest month first; the selected statement's bills; PDF and CSV."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("BillsPage", "Bills")

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.names = party_names(services)
        self.statements = StatementsModel(services.client, names=self.names, parent=self)
        self.bills = BillsModel(services.client, parent=self)
        self._busy = False
        self.last_export: Path | None = None
        self._file_dialog: QFileDialog | None = None

        self.all_check = QCheckBox(self.tr("Every party's statements"))
        self.all_check.setObjectName("allParties")
        self.all_check.setToolTip(self.tr("For auditors and arbiters: the statements of every member, not only yours"))
        self.all_check.toggled.connect(lambda _on: self._load())
        self.count_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.all_check)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.statements_view = QTableView()
        self.statements_view.setObjectName("statementsView")
        self.statements_view.setModel(self.statements)
        self._table_defaults(self.statements_view)
        self.statements_view.setColumnHidden(StatementsModel.PARTY, True)
        self.statements_view.selectionModel().selectionChanged.connect(self._statement_selected)

        self.summary_label = QLabel(self.tr("Select a statement."))
        self.summary_label.setObjectName("statementSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bills_view = QTableView()
        self.bills_view.setObjectName("billsView")
        self.bills_view.setModel(self.bills)
        self._table_defaults(self.bills_view)
        self.pdf_button = QPushButton(self.tr("Save statement as PDF…"))
        self.pdf_button.setObjectName("statementPdf")
        self.pdf_button.clicked.connect(lambda: self._ask_path("statement_pdf"))
        self.csv_button = QPushButton(self.tr("Export statement as CSV…"))
        self.csv_button.setObjectName("statementCsv")
        self.csv_button.clicked.connect(lambda: self._ask_path("statement_csv"))
        self.bill_button = QPushButton(self.tr("Save bill as PDF…"))
        self.bill_button.setObjectName("billPdf")
        self.bill_button.clicked.connect(lambda: self._ask_path("bill_pdf"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(self.bill_button)
        self.status_label = QLabel("")
        self.status_label.setObjectName("billsStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary_label)
        rl.addWidget(self.bills_view, 1)
        rl.addLayout(buttons)
        rl.addWidget(self.status_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.statements_view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 840])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        self.names.changed.connect(self._names_changed)
        self.statements.fetchFailed.connect(self.status_label.setText)
        self.bills.fetchFailed.connect(self.status_label.setText)
        self.statements.modelReset.connect(self._statements_reset)
        self.statements.rowsInserted.connect(self._statements_inserted)
        self.statements.statementChanged.connect(self._statement_changed)
        self.bills_view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.bills.modelReset.connect(self._update_buttons)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(self.statements.on_chain_event)
        connect_account_changed(services, self._account_changed)
        self._account_changed()

    @staticmethod
    def _table_defaults(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
        autosize_columns(view)

    # --- what is listed ---------------------------------------------------------------------

    def _account_changed(self, *_: Any) -> None:
        who = identity_of(self.services)
        self.all_check.blockSignals(True)
        self.all_check.setChecked(not who.signed_in or who.role not in ("customer", "supplier"))
        self.all_check.blockSignals(False)
        self._load()

    def _load(self) -> None:
        who = identity_of(self.services)
        every = self.all_check.isChecked() or not who.signed_in
        self.statements_view.setColumnHidden(StatementsModel.PARTY, not every)
        self.bills.set_statement(None)
        self.statements.set_party("" if every else who.address)
        self._show_summary(None)

    def _statements_reset(self) -> None:
        self._update_count()
        if self.statements.rowCount():
            self.statements_view.selectRow(0)

    def _statements_inserted(self, *_: Any) -> None:
        self._update_count()
        if not self.statements_view.selectionModel().hasSelection():
            self.statements_view.selectRow(0)  # a first bill arrived: show it

    def _update_count(self, *_: Any) -> None:
        self.count_label.setText(self.tr("Statements: {0}").format(self.statements.rowCount()))

    def _statement_selected(self, _s: QItemSelection, _d: QItemSelection) -> None:
        rows = self.statements_view.selectionModel().selectedRows()
        st = self.statements.statement_at(rows[0].row()) if rows else None
        self.bills.set_statement(st)
        self._show_summary(st)
        self._update_buttons()

    def _statement_changed(self, ref: StatementRef) -> None:
        row = self.statements.row_of(ref)
        if row is None:
            return
        st = self.statements.statement_at(row)
        if self.bills.statement is not None and StatementRef.of(self.bills.statement) == ref:
            self.bills.update_statement(st)
            self._show_summary(st)
        self._update_count()

    def selected_statement(self) -> dict[str, Any] | None:
        return self.bills.statement

    def selected_bill(self) -> dict[str, Any] | None:
        rows = self.bills_view.selectionModel().selectedRows()
        return self.bills.bill_at(rows[0].row()) if rows else None

    def _show_summary(self, st: dict[str, Any] | None) -> None:
        if st is None:
            self.summary_label.setText(self.tr("Select a statement.") if self.statements.rowCount() else
                                       self.tr("No bills yet: a bill is issued when an order settles."))
            return
        self.summary_label.setText(self.tr(
            "{0} with {1}, {2} (UTC). Bills: {3}; paid {4}, received {5}.").format(
            self.names.name(st["party"]), self.names.name(st["counterparty"]), st["month"], st["count"],
            format_amount_locale(int(st["paid"])), format_amount_locale(int(st["received"]))))

    def _names_changed(self) -> None:
        self._show_summary(self.bills.statement)

    def _update_buttons(self, *_: Any) -> None:
        has_statement = self.bills.statement is not None
        self.pdf_button.setEnabled(has_statement and not self._busy)
        self.csv_button.setEnabled(has_statement and not self._busy)
        self.bill_button.setEnabled(self.selected_bill() is not None and not self._busy)

    # --- saving ----------------------------------------------------------------------------------

    def _ask_path(self, what: str) -> None:
        """A non-blocking save dialog; the export starts when a file is chosen."""
        st, bill = self.bills.statement, self.selected_bill()
        if what == "bill_pdf" and bill is not None:
            name, filt = f"bill-{bill['bill_no']}.pdf", self.tr("PDF documents (*.pdf)")
        elif st is not None:
            suffix = "pdf" if what == "statement_pdf" else "csv"
            name = f"statement-{st['month']}-{st['counterparty'][-6:]}.{suffix}"
            filt = self.tr("PDF documents (*.pdf)") if suffix == "pdf" else self.tr("CSV files (*.csv)")
        else:
            return
        dialog = QFileDialog(self, self.tr("Save as"), str(Path.home() / name), filt)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(name.rsplit(".", 1)[1])
        dialog.fileSelected.connect(lambda path: self.start_export(what, Path(path)))
        self._file_dialog = dialog
        dialog.open()

    def start_export(self, what: str, path: Path) -> None:
        if self._busy:
            return
        spawn_for(self, self.export(what, path), name=f"bills-export-{what}")

    async def export(self, what: str, path: Path) -> Path | None:
        """Write the selected statement (PDF or CSV) or bill (PDF) to ``path``, with progress and Cancel."""
        self._busy = True
        self._update_buttons()
        progress = QProgressDialog(self.tr("Preparing the document…"), self.tr("Cancel"), 0, 0, self)
        progress.setObjectName("exportProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        job = asyncio.ensure_future(self._export(what, path, progress))
        progress.canceled.connect(job.cancel)
        try:
            written = await job
            self.last_export = written
            self.status_label.setText(self.tr("Saved {0}").format(written))
            return written
        except asyncio.CancelledError:
            self.status_label.setText(self.tr("Cancelled; nothing was saved."))
            return None
        except (DepotError, OSError, ValueError) as e:
            text = describe_error(e) if isinstance(e, DepotError) else str(e)
            self.status_label.setText(self.tr("Could not save {0}: {1}").format(path, text))
            return None
        finally:
            progress.canceled.disconnect()
            progress.close()
            progress.deleteLater()
            self._busy = False
            self._update_buttons()

    async def _export(self, what: str, path: Path, progress: QProgressDialog) -> Path:
        if what == "bill_pdf":
            bill = self.selected_bill()
            if bill is None:
                raise ValueError(self.tr("no bill is selected"))
            html = bill_html(bill, payer_name=self.names.name(bill["payer"]), payee_name=self.names.name(bill["payee"]),
                             generated_ms=now_ms())
            return await self._run(write_pdf, html, path, title=self.tr("Settlement bill {0}").format(bill["bill_no"]))
        st = self.bills.statement
        if st is None:
            raise ValueError(self.tr("no statement is selected"))
        total = max(1, len(self.bills.numbers))
        progress.setRange(0, total)
        progress.setLabelText(self.tr("Reading the bills from the chain…"))
        while len(self.bills.bills) < len(self.bills.numbers) or self.bills.loading:
            if not self.bills.loading:
                self.bills.fetchMore()
                if not self.bills.loading:
                    break  # nothing more can be read (an error is shown in the status line)
            progress.setValue(len(self.bills.bills))
            await asyncio.sleep(0.05)
        progress.setValue(total)
        bills = list(self.bills.bills)
        if what == "statement_csv":
            progress.setLabelText(self.tr("Writing the file…"))
            return await self._run(write_csv, statement_csv_rows(st, bills), path)
        height = None
        status = getattr(getattr(self.services, "bridge", None), "last_status", None)
        if isinstance(status, dict) and isinstance(status.get("height"), int):
            height = status["height"]
        html = statement_html(st, bills, party_name=self.names.name(st["party"]),
                              counterparty_name=self.names.name(st["counterparty"]), height=height,
                              generated_ms=now_ms())
        progress.setLabelText(self.tr("Writing the PDF…"))
        progress.setRange(0, 0)
        return await self._run(write_pdf, html, path, title=self.tr("Monthly statement {0}").format(st["month"]))

    async def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Path:
        run_blocking = getattr(self.services, "run_blocking", None)
        if run_blocking is not None:
            return await run_blocking(fn, *args, **kwargs)  # type: ignore[no-any-return]
        return await asyncio.to_thread(fn, *args, **kwargs)

