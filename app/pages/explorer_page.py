"""The Explorer page: blocks, transactions, accounts, records and events of the chain, one search box, filters.

It reads the explorer index of a node data folder on this computer (the
demo's first node, Depot's own full node, or a folder an auditor opens) and
says so beside the tables.  Tables load page by page as they scroll; every
query runs in the executor; the index is built and caught up by a job with a
progress bar and Cancel.  Double-clicking a row, or a search that names one
thing, opens the decoded detail view, where the light client proves what it
can ("verified against block N").
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QFontMetrics, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.address_input import AddressInputError, parse_address_text
from app.dialogs.explorer_detail_dialog import ExplorerDetailDialog, Target, open_detail
from app.form_errors import error_label, set_field_error
from app.formatting import format_count, format_time_ms, short_id
from app.models.explorer_jobs import JobFailure, JobProgress
from app.models.explorer_source import DATA_FOLDER, FULL_NODE, ExplorerSource, source_for
from app.models.explorer_tables import (
    AccountsTableModel,
    BlocksTableModel,
    EventsTableModel,
    KeysetTableModel,
    RecordsTableModel,
    TxsTableModel,
    describe_explorer_error,
    describe_failure,
    record_type_text,
)
from app.node_bridge import spawn
from app.services import AppServices
from app.widgets.sync_overlay import format_duration
from app.widgets.time_range_filter import TimeRangeFilter
from app.widgets.verified_mark import CHECKING, FAILED, NONE, VERIFIED, Provenance, VerifiedMark
from app.widgets.verified_mark import DATA_FOLDER as MARK_DATA_FOLDER
from app.widgets.verified_mark import FULL_NODE as MARK_FULL_NODE
from node.core.errors import DepotError

log = logging.getLogger(__name__)

#: How often, at most, the tables take new rows while the index grows.
REFRESH_MS = 1000


def _row_table(name: str, model: Any, row_height: int) -> QTableView:
    """A read-only table of rows, one selectable at a time, with fixed row heights: the view
    never measures rows, so a long table scrolls at the same cost as a short one."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class ListingTab(QWidget):
    """One listing: its filter row, the lazily loaded table and a status line."""

    def __init__(self, model: KeysetTableModel, filters: QWidget | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = _row_table("explorerTable", model, self.fontMetrics().height() + 8)
        self.view.verticalHeader().setResizeContentsPrecision(60)  # columns fit the first rows, not all
        self.status = QLabel("")
        self.status.setObjectName("listingStatus")
        self.newest_button = QPushButton(self.tr("New rows arrived: show the newest"))
        self.newest_button.setObjectName("showNewest")
        self.newest_button.setVisible(False)
        self.newest_button.clicked.connect(model.reload)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.newest_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        if filters is not None:
            layout.addWidget(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self._sized = False
        model.loadingChanged.connect(self._show_status)
        model.rowsInserted.connect(self._on_rows_inserted)
        model.modelReset.connect(self._show_status)
        model.loadFailed.connect(self.status.setText)
        model.limitReached.connect(self._show_status)
        model.staleChanged.connect(self._on_stale)

    def _on_stale(self, stale: bool) -> None:
        """Too many new rows to slide in: reload at once if the person is at the top, else offer it."""
        if stale and self.view.verticalScrollBar().value() == 0:
            self.model.reload()
            return
        self.newest_button.setVisible(stale)

    def _on_rows_inserted(self, _parent: Any, first: int, last: int) -> None:
        if not self._sized and self.model.rowCount() > 0:
            self._sized = True
            self.fit_columns()
        if first == 0 and self.model.rowCount() > last + 1:
            # Rows slid in above: keep what the person is reading where it was.
            bar = self.view.verticalScrollBar()
            if bar.value() > 0:
                bar.setValue(bar.value() + (last - first + 1) * self.view.verticalHeader().defaultSectionSize())
        self._show_status()

    def fit_columns(self, sample: int = 30) -> None:
        """Columns as wide as their header and the first rows' text (measured from the model's
        display strings: ``resizeColumnsToContents`` would ask every cell for every role)."""
        header = self.view.horizontalHeader()
        fm = self.view.fontMetrics()
        mono = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        bold = header.fontMetrics()
        rows = [self.model.cells_at(r) for r in range(min(sample, self.model.rowCount()))]
        for c, col in enumerate(self.model.columns):
            metrics = mono if col.mono else fm
            widest = max([metrics.horizontalAdvance(cells[c]) for cells in rows] or [0])
            widest = max(widest, bold.horizontalAdvance(col.header()) + 16)
            header.resizeSection(c, min(widest + 18, 420))

    def _show_status(self, *_: Any) -> None:
        m = self.model
        n = m.rowCount()
        if m.loading:
            text = self.tr("Loading…")
        elif m.at_limit and m.has_more:
            text = self.tr("Showing the first {0} rows. Narrow the listing with the filters, or go to a height.").format(format_count(n))
        elif n == 0:
            text = self.tr("Nothing to show.")
        elif m.has_more:
            text = self.tr("Rows loaded: {0}; more load as you scroll.").format(format_count(n))
        else:
            text = self.tr("Rows: {0}.").format(format_count(n))
        self.status.setText(text)


class ExplorerPage(QWidget):
    """The block explorer over this computer's node data."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("ExplorerPage", "Explorer")

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.source: ExplorerSource = source_for(services)
        self._dirty = False
        self._search_generation = 0
        self._filters_loaded = False

        # --- the source bar ---
        self.folder_label = QLabel(self.tr("No node data open"))
        self.folder_label.setObjectName("explorerFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mark = VerifiedMark()
        self.update_button = QPushButton(self.tr("Update index"))
        self.update_button.setObjectName("updateIndex")
        self.update_button.clicked.connect(lambda: self.source.update_index())
        self.open_button = QPushButton(self.tr("Open data folder…"))
        self.open_button.setObjectName("openDataFolder")
        self.open_button.setToolTip(self.tr("Explore a full node's data folder, such as an auditor's copy of the chain"))
        self.open_button.clicked.connect(self.choose_folder)
        self.index_bar = QProgressBar()
        self.index_bar.setObjectName("indexProgress")
        self.index_bar.setRange(0, 1000)
        self.index_label = QLabel("")
        self.index_label.setObjectName("indexLabel")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelIndex")
        self.cancel_button.clicked.connect(self.source.cancel_index)
        progress_page = QWidget()
        pr = QHBoxLayout(progress_page)
        pr.setContentsMargins(0, 0, 0, 0)
        pr.addWidget(self.index_label, 2)
        pr.addWidget(self.index_bar, 3)
        pr.addWidget(self.cancel_button)
        self.index_error = QLabel("")
        self.index_error.setObjectName("indexError")
        self.index_error.setProperty("role", "fieldError")
        self.index_error.setWordWrap(True)
        self.rebuild_button = QPushButton(self.tr("Rebuild index"))
        self.rebuild_button.setObjectName("rebuildIndex")
        self.rebuild_button.clicked.connect(self.rebuild)
        error_page = QWidget()
        er = QHBoxLayout(error_page)
        er.setContentsMargins(0, 0, 0, 0)
        er.addWidget(self.index_error, 1)
        er.addWidget(self.rebuild_button)
        # One row whose pages swap in place (where the data is, indexing progress, an index error):
        # showing or hiding a row would lay the whole page out again under the tables.
        self.status_stack = QStackedWidget()
        self.status_stack.setObjectName("explorerStatus")
        self.status_stack.addWidget(self.folder_label)
        self.status_stack.addWidget(progress_page)
        self.status_stack.addWidget(error_page)
        source_row = QHBoxLayout()
        source_row.addWidget(self.status_stack, 1)
        source_row.addWidget(self.mark)
        source_row.addWidget(self.update_button)
        source_row.addWidget(self.open_button)

        # --- search ---
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("explorerSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Search a height, block or transaction id (or its first 8+ characters), address, order or tank id, kind")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.returnPressed.connect(self.search)
        self.search_edit.textEdited.connect(lambda _t: self._search_message(""))
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        self.search_error = error_label("searchError")
        self.search_info = QLabel("")
        self.search_info.setObjectName("searchInfo")
        self.search_info.setWordWrap(True)
        self.search_info.setVisible(False)
        self.hits = QListWidget()
        self.hits.setObjectName("searchHits")
        self.hits.setMaximumHeight(150)
        self.hits.setVisible(False)
        self.hits.itemActivated.connect(self._open_hit_item)
        self.busy = QProgressBar()
        self.busy.setObjectName("explorerBusy")
        self.busy.setRange(0, 0)  # busy, no percentage
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.busy)
        search_row.addWidget(self.search_button)

        # --- listings ---
        self.blocks_model = BlocksTableModel(self.source, parent=self)
        self.txs_model = TxsTableModel(self.source, parent=self)
        self.accounts_model = AccountsTableModel(self.source, parent=self)
        self.records_model = RecordsTableModel(self.source, parent=self)
        self.events_model = EventsTableModel(self.source, parent=self)
        self.models: list[KeysetTableModel] = [
            self.blocks_model, self.txs_model, self.accounts_model, self.records_model, self.events_model,
        ]
        self.blocks_tab = ListingTab(self.blocks_model, self._blocks_filters())
        self.txs_tab = ListingTab(self.txs_model, self._txs_filters())
        self.accounts_tab = ListingTab(self.accounts_model, None)
        self.records_tab = ListingTab(self.records_model, self._records_filters())
        self.events_tab = ListingTab(self.events_model, self._events_filters())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("explorerTabs")
        self.tabs.addTab(self.blocks_tab, self.tr("Blocks"))
        self.tabs.addTab(self.txs_tab, self.tr("Transactions"))
        self.tabs.addTab(self.accounts_tab, self.tr("Accounts"))
        self.tabs.addTab(self.records_tab, self.tr("Records"))
        self.tabs.addTab(self.events_tab, self.tr("Events"))
        self._reload_on_show: set[QWidget] = set()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.blocks_tab.view.doubleClicked.connect(lambda i: self.open_target(("block", self.blocks_model.row(i.row()).height)))
        self.txs_tab.view.doubleClicked.connect(lambda i: self.open_target(("tx", self.txs_model.row(i.row()).tx_id_hex)))
        self.accounts_tab.view.doubleClicked.connect(lambda i: self.open_target(("address", self.accounts_model.row(i.row()).address)))
        self.records_tab.view.doubleClicked.connect(lambda i: self.open_target(("record", self.records_model.row(i.row()).key)))
        self.events_tab.view.doubleClicked.connect(self._open_event)

        explorer_view = QWidget()
        ev = QVBoxLayout(explorer_view)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(self.hits)
        ev.addWidget(self.tabs, 1)

        # --- light mode: no index open ---
        self.light = LightModeView(services, self)
        self.empty = self.light.banner
        self.empty_title = self.light.title
        self.empty_text = self.light.text
        self.empty_error = self.light.error
        self.empty_open = self.light.open_button
        self.empty_open.clicked.connect(self.choose_folder)
        self.light_model = self.light.model
        self.light.view.doubleClicked.connect(lambda i: self.light_search(str(self.light_model.row(i.row()).height)))
        empty_holder = self.light

        self.stack = QStackedWidget()
        self.stack.addWidget(empty_holder)
        self.stack.addWidget(explorer_view)

        layout = QVBoxLayout(self)
        layout.addLayout(source_row)
        layout.addLayout(search_row)
        layout.addWidget(self.search_error)
        layout.addWidget(self.search_info)
        layout.addWidget(self.stack, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._refresh_tables)

        self.source.changed.connect(self._on_source_changed)
        self.source.indexProgress.connect(self._on_index_progress)
        self.source.indexRunning.connect(self._on_index_running)
        self.source.indexUpdated.connect(self._on_index_updated)
        self.source.indexFailed.connect(self._on_index_failed)
        self.dialogs: list[ExplorerDetailDialog] = []
        self._on_source_changed()
        self.source.open_default()

    # --- filters ------------------------------------------------------------------------------------

    def _go_to_height_edit(self, on_go: Any) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit()
        edit.setPlaceholderText(self.tr("Go to height"))
        edit.setMaximumWidth(140)
        err = error_label("heightError")

        def go() -> None:
            t = edit.text().strip().replace(",", "")
            if not t:
                set_field_error(edit, err, "")
                on_go(None)
                return
            if not t.isdigit() or len(t) > 15:
                set_field_error(edit, err, self.tr("A height is a whole number, such as 1200."))
                return
            set_field_error(edit, err, "")
            on_go(int(t))

        edit.returnPressed.connect(go)
        edit.editingFinished.connect(go)
        return edit, err

    def _row(self, *widgets: QWidget, errors: tuple[QLabel, ...] = ()) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        h = QHBoxLayout()
        h.setContentsMargins(0, 0, 0, 0)
        for x in widgets:
            h.addWidget(x)
        h.addStretch(1)
        v.addLayout(h)
        for e in errors:
            v.addWidget(e)
        return w

    def _blocks_filters(self) -> QWidget:
        self.blocks_time = TimeRangeFilter()
        self.blocks_height, height_err = self._go_to_height_edit(self.blocks_model.go_to_height)
        self.blocks_time.changed.connect(self._apply_blocks_filters)
        return self._row(self.blocks_height, self.blocks_time, errors=(height_err,))

    def _apply_blocks_filters(self) -> None:
        from_ms, to_ms = self.blocks_time.range_ms()
        self.blocks_model.set_filters(start_after=self.blocks_model.start_after, from_ms=from_ms, to_ms=to_ms)

    def _party_edit(self, on_change: Any) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit()
        edit.setObjectName("partyFilter")
        edit.setPlaceholderText(self.tr("Party address (depot1…)"))
        edit.setMinimumWidth(280)
        err = error_label("partyError")

        def apply() -> None:
            t = edit.text().strip()
            if not t:
                set_field_error(edit, err, "")
                on_change(None)
                return
            try:
                address = parse_address_text(t)
            except AddressInputError as e:
                set_field_error(edit, err, e.message)
                return
            set_field_error(edit, err, "")
            on_change(address)

        edit.returnPressed.connect(apply)
        edit.editingFinished.connect(apply)
        return edit, err

    def _txs_filters(self) -> QWidget:
        self.txs_kind = QComboBox()
        self.txs_kind.setObjectName("kindFilter")
        self.txs_kind.addItem(self.tr("All kinds"), None)
        self.txs_kind.setMinimumWidth(200)
        self._txs_party: str | None = None
        self.txs_party, party_err = self._party_edit(self._set_txs_party)
        self.txs_failed = QCheckBox(self.tr("Failed only"))
        self.txs_time = TimeRangeFilter()
        self.txs_height, height_err = self._go_to_height_edit(lambda h: self.txs_model.go_to_height(h))
        self.txs_kind.currentIndexChanged.connect(self._apply_txs_filters)
        self.txs_failed.toggled.connect(self._apply_txs_filters)
        self.txs_time.changed.connect(self._apply_txs_filters)
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self._row(self.txs_kind, self.txs_party, self.txs_failed, errors=(party_err,)))
        v.addWidget(self._row(self.txs_height, self.txs_time, errors=(height_err,)))
        return w

    def _set_txs_party(self, party: str | None) -> None:
        if party != self._txs_party:
            self._txs_party = party
            self._apply_txs_filters()

    def _apply_txs_filters(self) -> None:
        from_ms, to_ms = self.txs_time.range_ms()
        self.txs_model.set_filters(
            start_after=self.txs_model.start_after,
            kind=self.txs_kind.currentData(),
            party=self._txs_party,
            failed=True if self.txs_failed.isChecked() else None,
            from_ms=from_ms,
            to_ms=to_ms,
        )

    def _records_filters(self) -> QWidget:
        self.records_type = QComboBox()
        self.records_type.setObjectName("typeFilter")
        self.records_type.addItem(self.tr("All types"), None)
        from node.modules import default_registry

        for rt in default_registry().records:
            self.records_type.addItem(record_type_text(rt.name), rt.name)
        self._records_party: str | None = None
        self.records_party, party_err = self._party_edit(self._set_records_party)
        self.records_type.currentIndexChanged.connect(self._apply_records_filters)
        return self._row(self.records_type, self.records_party, errors=(party_err,))

    def _set_records_party(self, party: str | None) -> None:
        if party != self._records_party:
            self._records_party = party
            self._apply_records_filters()

    def _apply_records_filters(self) -> None:
        self.records_model.set_filters(type=self.records_type.currentData(), party=self._records_party)

    def _events_filters(self) -> QWidget:
        self.events_kind = QComboBox()
        self.events_kind.setObjectName("eventKindFilter")
        self.events_kind.addItem(self.tr("All events"), None)
        self.events_kind.setMinimumWidth(200)
        self._events_party: str | None = None
        self.events_party, party_err = self._party_edit(self._set_events_party)
        self.events_kind.currentIndexChanged.connect(self._apply_events_filters)
        return self._row(self.events_kind, self.events_party, errors=(party_err,))

    def _set_events_party(self, party: str | None) -> None:
        if party != self._events_party:
            self._events_party = party
            self._apply_events_filters()

    def _apply_events_filters(self) -> None:
        self.events_model.set_filters(kind=self.events_kind.currentData(), party=self._events_party)

    async def _load_filter_choices(self) -> None:
        """The kinds seen in the index, with counts, for the kind filters (off the GUI thread)."""
        gen = self.source.generation
        try:
            kinds = await self.source.query(lambda ex: ex.kinds())
            event_kinds = await self.source.query(lambda ex: ex.event_kinds())
        except DepotError as e:
            log.info("explorer kinds: %s", e)
            return
        if gen != self.source.generation:
            return
        self._filters_loaded = True
        for combo, items in (
            (self.txs_kind, [(self.tr("{0} ({1})").format(k.name, format_count(k.n_txs)), k.name) for k in kinds if k.n_txs]),
            (self.events_kind, [(k, k) for k in event_kinds]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for text, value in items:
                combo.addItem(text, value)
            i = combo.findData(current)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def set_kind_filter(self, kind: str) -> None:
        """Show the transactions of ``kind`` (the search found a kind)."""
        i = self.txs_kind.findData(kind)
        if i < 0:
            self.txs_kind.addItem(kind, kind)
            i = self.txs_kind.count() - 1
        self.tabs.setCurrentWidget(self.txs_tab)
        self.txs_kind.setCurrentIndex(i)

    def set_event_kind_filter(self, kind: str) -> None:
        i = self.events_kind.findData(kind)
        if i < 0:
            self.events_kind.addItem(kind, kind)
            i = self.events_kind.count() - 1
        self.tabs.setCurrentWidget(self.events_tab)
        self.events_kind.setCurrentIndex(i)

    # --- the source ------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for a node data folder (non-blocking file dialog) and open it."""
        dialog = QFileDialog(self, self.tr("Open a node data folder"))
        dialog.setObjectName("chooseFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.open_folder(path))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def open_folder(self, path: str, provenance: str = DATA_FOLDER) -> None:
        from pathlib import Path

        self.empty_error.setText("")
        spawn(self._open_folder(Path(path), provenance), name="explorer-open")

    async def _open_folder(self, path: Any, provenance: str) -> None:
        try:
            await self.source.open_folder(path, provenance)
        except DepotError as e:
            text = self.tr("Could not open {0}: {1}").format(str(path), describe_explorer_error(e))
            self.empty_error.setText(text)
            self._info(text)

    def rebuild(self) -> None:
        spawn(self._rebuild(), name="explorer-rebuild")

    async def _rebuild(self) -> None:
        home, provenance, index_path = self.source.home, self.source.provenance, self.source.index_path
        if home is None or index_path is None:
            return
        await self.source.close()

        def remove() -> None:
            for f in index_path.parent.glob(index_path.name + "*"):
                f.unlink(missing_ok=True)

        await self.services.run_blocking(remove)
        await self._open_folder(home, provenance)

    def _on_source_changed(self) -> None:
        src = self.source
        self.stack.setCurrentIndex(1 if src.is_open else 0)
        self.update_button.setEnabled(src.is_open)
        self.status_stack.setCurrentIndex(0)
        self.hits.clear()
        self.hits.setVisible(False)
        self._filters_loaded = False
        self._show_source()
        if src.is_open:
            for m in self.models:
                m.reload()
            spawn(self._load_filter_choices(), name="explorer-kinds")
        else:
            for m in self.models:
                m.clear()
            self.light.activate()

    def _show_source(self) -> None:
        src = self.source
        # Light mode has its own "Open data folder…" in its banner, and no index to update.
        self.update_button.setVisible(src.is_open)
        self.open_button.setVisible(src.is_open)
        if src.is_open:
            self.search_edit.setPlaceholderText(
                self.tr("Search a height, block or transaction id (or its first 8+ characters), address, order or tank id, kind")
            )
        else:
            self.search_edit.setPlaceholderText(self.tr("Search a height, a block or transaction id, or an address"))
        if not src.is_open:
            self.folder_label.setText(self.tr("No node data open"))
            self.mark.set_provenance(Provenance(NONE))
            return
        node_h = src.node_height
        if node_h is not None and node_h > src.indexed_height:
            where = self.tr("{0} · indexed to block {1} of {2}").format(
                str(src.home), format_count(src.indexed_height), format_count(node_h)
            )
        else:
            where = self.tr("{0} · indexed to block {1}").format(str(src.home), format_count(src.indexed_height))
        self.folder_label.setText(where)
        kind = MARK_FULL_NODE if src.provenance == FULL_NODE else MARK_DATA_FOLDER
        self.mark.set_provenance(Provenance(kind, src.indexed_height, str(src.home)))

    def _on_index_running(self, running: bool) -> None:
        if not running:
            if self.status_stack.currentIndex() == 1:
                self.status_stack.setCurrentIndex(0)
            self._show_source()

    def _on_index_progress(self, p: JobProgress) -> None:
        # A short catch-up in the background shows no bar; a build that takes a while does.
        if self.source.job is not None and self.source.job.mode != "child" and p.blocks_left < 50:
            return
        if p.blocks_left == 0 and p.phase == "blocks":
            self.status_stack.setCurrentIndex(0)  # caught up (a following indexer waits for more)
            self._show_source()
            self._schedule_refresh()
            return
        self.status_stack.setCurrentIndex(1)
        value = int(p.fraction * 1000)
        if value != self.index_bar.value():  # QProgressBar repaints at once on every change
            self.index_bar.setValue(value)
        if p.phase == "records":
            text = self.tr("Indexing the latest records…")
        else:
            eta = self.tr(", about {0} left").format(format_duration(p.eta_s)) if p.eta_s is not None else ""
            text = self.tr("Indexing block {0} of {1} (transactions a second: {2}{3})").format(
                format_count(p.height), format_count(p.target), format_count(int(p.txs_per_s)), eta
            )
        if text != self.index_label.text():
            self.index_label.setText(text)
        self._schedule_refresh()

    def _on_index_updated(self, _status: Any) -> None:
        self._show_source()
        self._schedule_refresh()
        if not self._filters_loaded or self.txs_kind.count() <= 1:
            spawn(self._load_filter_choices(), name="explorer-kinds")

    def _on_index_failed(self, failure: JobFailure) -> None:
        self.index_error.setText(
            self.tr("The index could not be updated: {0}").format(describe_failure(failure.code, failure.message))
        )
        self.rebuild_button.setVisible(failure.code in ("index_mismatch", "index_schema_too_new"))
        self.status_stack.setCurrentIndex(2)

    def _schedule_refresh(self) -> None:
        if not self.isVisible():
            self._dirty = True  # skipped while hidden; done on show
            return
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _refresh_tables(self) -> None:
        self._dirty = False
        current = self.tabs.currentWidget()
        for tab in (self.blocks_tab, self.txs_tab, self.events_tab):
            tab.model.refresh_newer()
        for tab in (self.accounts_tab, self.records_tab):
            # Key-ordered listings have no "newer" end: reload one being looked at from its top,
            # the others when they are next shown.
            if tab is current and tab.view.verticalScrollBar().value() == 0 or tab.model.rowCount() == 0:
                tab.model.reload()
            else:
                self._reload_on_show.add(tab)

    def _on_tab_changed(self, _index: int) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._reload_on_show:
            self._reload_on_show.discard(tab)
            tab.model.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._refresh_tables()  # what changed while hidden, at once

    def hideEvent(self, event: QHideEvent) -> None:
        self._refresh_timer.stop()
        super().hideEvent(event)

    # --- search --------------------------------------------------------------------------------------

    def _info(self, text: str) -> None:
        """A line under the search box (searching, how many matches); hidden when empty."""
        self.search_info.setText(text)
        self.search_info.setVisible(bool(text))

    def _search_message(self, text: str) -> None:
        set_field_error(self.search_edit, self.search_error, text)

    def search(self) -> None:
        text = self.search_edit.text().strip()
        self.hits.clear()
        self.hits.setVisible(False)
        self._info("")
        if not text:
            self._search_message("")
            return
        if text.lower().startswith("depot1"):
            try:
                parse_address_text(text)
            except AddressInputError as e:
                self._search_message(e.message)
                return
        self._search_message("")
        if not self.source.is_open:
            self.light_search(text)
            return
        self._search_generation += 1
        self._info(self.tr("Searching…"))
        spawn(self._search(text, self._search_generation), name="explorer-search")

    async def _search(self, text: str, generation: int) -> None:
        from explorer.search import Recognised

        try:
            result = await self.source.query(lambda ex: ex.search(text))
        except DepotError as e:
            if generation == self._search_generation:
                self._info("")
                self._search_message(describe_explorer_error(e))
            return
        if generation != self._search_generation:
            return
        self._info("")
        if not result.hits:
            if Recognised.HEIGHT in result.recognised and text.isdigit() and int(text) > self.source.indexed_height:
                self._search_message(
                    self.tr("Block {0} is not in the index yet (it goes up to block {1}).").format(
                        format_count(int(text)), format_count(self.source.indexed_height)
                    )
                )
            elif Recognised.ID_PREFIX in result.recognised or Recognised.ID in result.recognised:
                self._search_message(self.tr("No block or transaction id starts with “{0}”.").format(text))
            else:
                self._search_message(self.tr("Nothing found for “{0}”.").format(text))
            return
        if len(result.hits) == 1:
            self.open_hit(result.hits[0])
            return
        for hit in result.hits:
            item = QListWidgetItem(self.hit_text(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit)
            self.hits.addItem(item)
        self.hits.setVisible(True)
        self._info(self.tr("Matches: {0}; double-click one to open it.").format(len(result.hits)))

    def hit_text(self, hit: Any) -> str:
        from explorer.search import (
            AddressHit,
            BlockHit,
            EventKindHit,
            KindHit,
            RecordHit,
            RefHit,
            TxHit,
        )

        if isinstance(hit, BlockHit):
            b = hit.block
            return self.tr("Block {0} · {1} · transactions: {2}").format(
                format_count(b.height), format_time_ms(b.time_ms), format_count(b.num_txs)
            )
        if isinstance(hit, TxHit):
            t = hit.tx
            return self.tr("Transaction {0} · {1} · block {2}").format(short_id(t.tx_id_hex, 12, 6), t.kind, format_count(t.height))
        if isinstance(hit, AddressHit):
            return self.tr("Account {0} · transactions: {1}").format(hit.summary.address, format_count(hit.summary.n_txs))
        if isinstance(hit, RecordHit):
            r = hit.record
            if hit.primary:
                return self.tr("{0} {1}").format(record_type_text(r.type), r.key_text)
            return self.tr("{0} {1} (names it as {2})").format(record_type_text(r.type), r.key_text, hit.field)
        if isinstance(hit, RefHit):
            return self.tr("Transactions and events naming {0}").format(hit.ref)
        if isinstance(hit, KindHit):
            return self.tr("Transactions of kind {0} ({1})").format(hit.kind.name, format_count(hit.kind.n_txs))
        if isinstance(hit, EventKindHit):
            return self.tr("Events of kind {0}").format(hit.kind)
        return str(hit)

    def _open_hit_item(self, item: QListWidgetItem) -> None:
        hit = item.data(Qt.ItemDataRole.UserRole)
        if hit is not None:
            self.open_hit(hit)

    def open_hit(self, hit: Any) -> None:
        from explorer.search import (
            AddressHit,
            BlockHit,
            EventKindHit,
            KindHit,
            RecordHit,
            RefHit,
            TxHit,
        )

        if isinstance(hit, BlockHit):
            self.open_target(("block", hit.block.height))
        elif isinstance(hit, TxHit):
            self.open_target(("tx", hit.tx.tx_id_hex))
        elif isinstance(hit, AddressHit):
            self.open_target(("address", hit.summary.address))
        elif isinstance(hit, RecordHit):
            self.open_target(("record", hit.record.key))
        elif isinstance(hit, RefHit):
            self.open_target(("ref", hit.ref))
        elif isinstance(hit, KindHit):
            self.set_kind_filter(hit.kind.name)
        elif isinstance(hit, EventKindHit):
            self.set_event_kind_filter(hit.kind)

    # --- light mode search ----------------------------------------------------------------------------

    def light_search(self, text: str) -> None:
        """Answer ``text`` with the light client's verified reads (no index open)."""
        from app.models.explorer_remote import Query, classify

        self.search_edit.setText(text)
        self._search_message("")
        self._info("")
        q = classify(text)
        if q is Query.ID_PREFIX:
            self._search_message(
                self.tr("Without an index, type the whole 64-character id (or open a node data folder to search by its first characters).")
            )
            return
        if q is Query.UNKNOWN:
            self._search_message(
                self.tr("Without an index, search a height, a 64-character transaction or block id, or an address (depot1…); "
                        "order and tank ids and kinds need a node data folder.")
            )
            return
        self._search_generation += 1
        self.busy.setVisible(True)
        self.light.show_checking(text)
        spawn(self._light_search(text, self._search_generation), name="explorer-light-search")

    async def _light_search(self, text: str, generation: int) -> None:
        from app.models.explorer_light import light_for
        from app.models.explorer_remote import describe_light_error, is_proof_failure, lookup

        try:
            answer = await lookup(self.services.client, light_for(self.services), text)
        except DepotError as e:
            if generation != self._search_generation:
                return
            self.busy.setVisible(False)
            if is_proof_failure(e):
                self.light.show_failure(text, e)
            else:
                self.light.clear_detail()
                self._search_message(describe_light_error(e))
            return
        except Exception as e:  # noqa: BLE001 - a bug in a read must not leave the page busy
            log.exception("light search failed")
            if generation == self._search_generation:
                self.busy.setVisible(False)
                self.light.clear_detail()
                self._search_message(self.tr("The search failed: {0}").format(str(e)))
            return
        if generation != self._search_generation:
            return
        self.busy.setVisible(False)
        self.light.show_answer(answer)

    # --- details ----------------------------------------------------------------------------------------

    def open_target(self, target: Target) -> ExplorerDetailDialog:
        dialog = open_detail(self.services, self.source, target, self)
        self.dialogs = [d for d in self.dialogs if _alive(d)] + [dialog]
        return dialog

    def _open_event(self, index: Any) -> None:
        e = self.events_model.row(index.row())
        if e.tx_id is not None:
            self.open_target(("tx", e.tx_id.hex()))
        else:
            self.open_target(("block", e.height))


class LightModeView(QWidget):
    """What the page shows with no index open: the chain as the node's API sends it, checked by the light client.

    A banner says so (and offers the full index), the Blocks table fills from the API with each row on screen
    verified, and a detail view shows the verified answer of a search with its mark.
    """

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        from app.models.explorer_block_txs import BlockTxsModel
        from app.models.explorer_light import light_for
        from app.models.explorer_remote import RemoteBlocksModel
        from app.widgets.decoded_tree import DecodedTree

        super().__init__(parent)
        self.setObjectName("explorerLight")
        self.services = services
        # --- banner ---
        self.banner = QWidget()
        self.banner.setObjectName("explorerEmpty")
        self.title = QLabel(self.tr("Light mode: no chain data on this computer"))
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.15)
        f.setBold(True)
        self.title.setFont(f)
        self.text = QLabel(
            self.tr(
                "This computer runs a light node, which keeps only the block headers and proofs it needs. "
                "Blocks and searches below come from the node's API and are checked by the light client. "
                "For every transaction, account, record and event, open a node's data folder (for example "
                "an auditor's copy of the chain)."
            )
        )
        self.text.setWordWrap(True)
        self.error = QLabel("")
        self.error.setObjectName("explorerOpenError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "fieldError")
        self.open_button = QPushButton(self.tr("Open data folder…"))
        self.open_button.setObjectName("openDataFolderLight")
        bl = QVBoxLayout(self.banner)
        bl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)
        bl.addLayout(top)
        bl.addWidget(self.text)
        bl.addWidget(self.error)
        # --- blocks ---
        self.model = RemoteBlocksModel(services.client, light_for(services), parent=self)
        self.view = _row_table("lightBlocksTable", self.model, self.fontMetrics().height() + 8)
        self.status = QLabel("")
        self.status.setObjectName("lightStatus")
        self.status.setWordWrap(True)
        blocks = QWidget()
        bv = QVBoxLayout(blocks)
        bv.setContentsMargins(0, 0, 0, 0)
        blocks_title = QLabel(self.tr("Blocks"))
        blocks_title.setProperty("role", "sectionTitle")
        bv.addWidget(blocks_title)
        bv.addWidget(self.view, 1)
        bv.addWidget(self.status)
        # --- detail ---
        self.detail = QWidget()
        self.detail.setObjectName("lightDetail")
        self.subject = QLabel("")
        self.subject.setObjectName("lightSubject")
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sf = self.subject.font()
        sf.setBold(True)
        self.subject.setFont(sf)
        self.mark = VerifiedMark()
        self.note = QLabel("")
        self.note.setObjectName("lightNote")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        self.back_button = QPushButton("")
        self.back_button.setObjectName("lightBackToBlock")
        self.back_button.setVisible(False)
        self.back_button.clicked.connect(self.back_to_block)
        self.tree = DecodedTree()
        self.tree.setObjectName("lightTree")
        # --- a block: its transactions, each proven, and its verified header ---
        self.txs_model = BlockTxsModel(services.client, light_for(services), parent=self)
        self.txs_view = _row_table("lightBlockTxs", self.txs_model, self.fontMetrics().height() + 8)
        self.txs_view.doubleClicked.connect(lambda i: self.open_block_tx(i.row()))
        self.txs_view.activated.connect(lambda i: self.open_block_tx(i.row()))
        self.txs_status = QLabel("")
        self.txs_status.setObjectName("lightTxsStatus")
        self.txs_status.setWordWrap(True)
        self.txs_bar = QProgressBar()
        self.txs_bar.setObjectName("lightTxsProgress")
        self.txs_bar.setMaximumWidth(220)
        self.txs_bar.setVisible(False)
        self.txs_cancel = QPushButton(self.tr("Cancel"))
        self.txs_cancel.setObjectName("lightTxsCancel")
        self.txs_cancel.setVisible(False)
        self.txs_cancel.clicked.connect(self.txs_model.cancel)
        self.txs_retry = QPushButton(self.tr("Check again"))
        self.txs_retry.setObjectName("lightTxsRetry")
        self.txs_retry.setVisible(False)
        self.txs_retry.clicked.connect(self._retry_block_txs)
        txs_page = QWidget()
        tv = QVBoxLayout(txs_page)
        tv.setContentsMargins(0, 4, 0, 0)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.txs_status, 1)
        progress_row.addWidget(self.txs_bar)
        progress_row.addWidget(self.txs_cancel)
        progress_row.addWidget(self.txs_retry)
        tv.addLayout(progress_row)
        tv.addWidget(self.txs_view, 1)
        self.header_tree = DecodedTree()
        self.header_tree.setObjectName("lightHeaderTree")
        self.block_tabs = QTabWidget()
        self.block_tabs.setObjectName("lightBlockTabs")
        self.block_tabs.addTab(txs_page, self.tr("Transactions"))
        self.block_tabs.addTab(self.header_tree, self.tr("Header"))
        self.content = QStackedWidget()
        self.content.setObjectName("lightContent")
        self.content.addWidget(self.tree)
        self.content.addWidget(self.block_tabs)
        dv = QVBoxLayout(self.detail)
        dv.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.subject, 1)
        head.addWidget(self.mark)
        dv.addLayout(head)
        dv.addWidget(self.note)
        dv.addWidget(self.content, 1)
        self.detail.setVisible(False)
        self._block: Any = None
        """The verified block answer shown (``LightAnswer``), to come back to from one of its transactions."""
        self._txs_sized = False
        self._failure = ""
        self.txs_model.stateChanged.connect(self._show_txs_status)
        self.txs_model.progressChanged.connect(self._on_txs_progress)
        self.txs_model.failed.connect(self._on_txs_failed)
        self.txs_model.rowsInserted.connect(self._on_tx_rows)
        self.txs_model.modelReset.connect(self._on_tx_rows)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(blocks, 2)
        layout.addWidget(self.detail, 3)

        self._verify_timer = QTimer(self)
        self._verify_timer.setSingleShot(True)
        self._verify_timer.setInterval(150)  # once scrolling pauses
        self._verify_timer.timeout.connect(self.verify_visible)
        self.view.verticalScrollBar().valueChanged.connect(lambda _v: self._verify_timer.start())
        self.model.rowsInserted.connect(self._on_rows)
        self.model.modelReset.connect(self._show_status)
        self.model.loadingChanged.connect(self._show_status)
        self.model.loadFailed.connect(self.status.setText)
        self.model.verifyFailed.connect(self.status.setText)
        self._sized = False
        self._activated = False

    def activate(self) -> None:
        """Load the newest blocks the first time light mode is shown (and again on later calls)."""
        self._activated = True
        self.model.reload()

    def _on_rows(self, *_: Any) -> None:
        if not self._sized and self.model.rowCount() > 0:
            self._sized = True
            fit_columns(self.view, self.model)
        self._show_status()
        self._verify_timer.start()

    def verify_visible(self) -> None:
        """Verify the rows on screen (not the whole table); nothing while light mode is hidden."""
        if not self.isVisible() or self.model.rowCount() == 0:
            return
        first = self.view.rowAt(0)
        last = self.view.rowAt(self.view.viewport().height() - 1)
        if first < 0:
            return
        if last < 0:
            last = self.model.rowCount() - 1
        self.model.verify_rows(first, last)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        m = self.model
        if self._activated and m.rowCount() > 0 and not m.loading and self.view.verticalScrollBar().value() == 0:
            m.reload()  # newer blocks since it was last shown (verified headers are kept by the light client)
        self._verify_timer.start()

    def _show_status(self, *_: Any) -> None:
        m = self.model
        n = m.rowCount()
        if m.loading:
            text = self.tr("Loading blocks from the node…")
        elif n == 0:
            text = self.tr("No blocks to show.")
        elif m.has_more:
            text = self.tr("Blocks loaded from the node's API: {0}; more load as you scroll. Rows on screen are verified by the light client.").format(format_count(n))
        else:
            text = self.tr("Blocks: {0}. Rows on screen are verified by the light client.").format(format_count(n))
        self.status.setText(text)

    # --- the detail view --------------------------------------------------------------------------

    def clear_detail(self) -> None:
        self.detail.setVisible(False)
        self.tree.clear()
        self.header_tree.clear()
        self.txs_model.clear()
        self._block = None

    def _show_fields(self) -> None:
        self.content.setCurrentWidget(self.tree)

    def show_checking(self, text: str) -> None:
        self.detail.setVisible(True)
        self.subject.setText(text)
        self.note.setVisible(False)
        self.back_button.setVisible(False)
        self.tree.clear()  # nothing is shown before it is proven
        self.txs_model.clear()
        self._block = None
        self._show_fields()
        self.mark.set_provenance(Provenance(CHECKING))

    def show_failure(self, text: str, error: BaseException) -> None:
        """A proof that did not hold: the reason (a translated sentence), never the node's value."""
        from app.models.explorer_light_errors import light_failure_text

        self.detail.setVisible(True)
        self.subject.setText(text)
        self.tree.clear()
        self.txs_model.clear()
        self._block = None
        self.back_button.setVisible(False)
        self._show_fields()
        reason = light_failure_text(error)
        self.note.setText(self.tr("The node's answer did not match its proof, so nothing of it is shown.") + "\n" + reason)
        self.note.setVisible(True)
        self.mark.set_provenance(Provenance(FAILED, detail=self.tr("verification failed")))
        self.mark.setToolTip(reason)

    def show_answer(self, answer: Any) -> None:
        """A verified answer (``LightAnswer``): its decoded fields and "verified against block N"."""
        self.detail.setVisible(True)
        self.back_button.setVisible(False)
        h = format_count(answer.verified_height)
        if answer.kind == "block":
            self._block = answer
            self.header_tree.set_data(answer.data, envelope=True)
            self._txs_sized = False
            self.block_tabs.setCurrentIndex(0)
            if answer.header is not None:
                self.txs_model.load(answer.header)
            self._show_block()
            return
        self.txs_model.clear()
        self._block = None
        self._show_fields()
        if answer.kind == "tx":
            self._show_tx(answer)
            return
        if answer.kind == "account":
            self.subject.setText(self.tr("Account {0}").format(answer.subject))
            self.note.setVisible(False)
        else:
            self.subject.setText(self.tr("Account {0}").format(answer.subject))
            self.note.setText(self.tr("There is no such account: its absence is proven against block {0}.").format(h))
            self.note.setVisible(True)
        self.tree.set_data(answer.data, envelope=True)
        self.mark.set_provenance(Provenance(VERIFIED, answer.verified_height, self._source()))

    def _source(self) -> str:
        return str(getattr(self.services.client, "base_url", ""))

    def _show_tx(self, answer: Any) -> None:
        h = format_count(answer.verified_height)
        self.subject.setText(self.tr("Transaction {0} in block {1}").format(short_id(answer.subject, 16, 8), h))
        self.note.setText(self.tr("The result is as the node reports it: block headers do not commit to outcomes."))
        self.note.setVisible(True)
        self.tree.set_data(answer.data, envelope=True, unverified=answer.unverified)
        self.mark.set_provenance(Provenance(VERIFIED, answer.verified_height, self._source()))

    def _show_block(self) -> None:
        answer = self._block
        if answer is None:
            return
        self.back_button.setVisible(False)
        self.content.setCurrentWidget(self.block_tabs)
        self.subject.setText(self.tr("Block {0}").format(format_count(int(answer.subject))))
        self.note.setVisible(False)
        self.mark.set_provenance(Provenance(VERIFIED, answer.verified_height, self._source()))
        self._show_txs_status()

    def back_to_block(self) -> None:
        """From one of the block's transactions back to the block (its list and checks as they were)."""
        self._show_block()

    def open_block_tx(self, r: int) -> None:
        """The decoded detail of the block's transaction in row ``r``, as a search for it shows it."""
        from app.models.explorer_block_txs import FAILED as TX_FAILED
        from app.models.explorer_block_txs import VERIFIED as TX_VERIFIED
        from app.models.explorer_light_errors import light_failure_text

        if self._block is None or not 0 <= r < self.txs_model.rowCount():
            return
        row = self.txs_model.row(r)
        if row.status not in (TX_VERIFIED, TX_FAILED):
            self.txs_status.setText(self.tr("The transaction at position {0} is not verified yet, so nothing of it is shown.").format(row.index))
            return
        self.content.setCurrentWidget(self.tree)
        self.back_button.setText(self.tr("← Block {0}").format(format_count(self.txs_model.height)))
        self.back_button.setVisible(True)
        if row.status == TX_VERIFIED and row.answer is not None:
            self._show_tx(row.answer)
            return
        reason = light_failure_text(row.error) if row.error is not None else ""
        self.subject.setText(self.tr("Transaction {0} in block {1}").format(short_id(row.tx_id_hex, 16, 8), format_count(self.txs_model.height)))
        self.tree.clear()
        self.note.setText(self.tr("The node's answer did not match its proof, so nothing of it is shown.") + "\n" + reason)
        self.note.setVisible(True)
        self.mark.set_provenance(Provenance(FAILED, detail=self.tr("verification failed")))
        self.mark.setToolTip(reason)

    # --- the block's transactions -------------------------------------------------------------------

    def _retry_block_txs(self) -> None:
        if self._block is not None and self._block.header is not None:
            self._txs_sized = False
            self.txs_model.load(self._block.header)

    def _on_tx_rows(self, *_: Any) -> None:
        m = self.txs_model
        self.block_tabs.setTabText(0, self.tr("Transactions ({0})").format(format_count(m.rowCount())))
        if not self._txs_sized and m.rowCount() > 0:
            self._txs_sized = True
            fit_columns(self.txs_view, m)

    def _on_txs_progress(self, done: int, total: int) -> None:
        if 0 < done <= 30:
            fit_columns(self.txs_view, self.txs_model)  # kinds and senders appear as rows are proven
        self.txs_bar.setRange(0, max(total, 1))
        self.txs_bar.setValue(done)
        self._show_txs_status()

    def _on_txs_failed(self, message: str) -> None:
        self._failure = message
        self._show_txs_status()

    def _show_txs_status(self, *_: Any) -> None:
        from app.models import explorer_block_txs as bt
        from app.models.explorer_light_errors import light_failure_text

        m = self.txs_model
        total = m.rowCount()
        running = m.state == bt.RUNNING
        self.txs_bar.setVisible(running and total > 0)
        self.txs_cancel.setVisible(running)
        self.txs_retry.setVisible(m.state in (bt.CANCELLED, bt.STOPPED))
        failed = sum(1 for r in range(total) if m.row(r).status == bt.FAILED)
        h = format_count(m.height)
        if m.state == bt.RUNNING:
            if total == 0:
                text = self.tr("Asking the node for the transactions of block {0}…").format(h)
            else:
                text = self.tr("Checking transaction {0} of {1} against the verified header of block {2}…").format(
                    format_count(min(m.checked + 1, total)), format_count(total), h
                )
        elif m.state == bt.DONE:
            if total == 0:
                text = self.tr("Block {0} has no transactions: proven, the empty list gives its transactions root.").format(h)
            else:
                text = self.tr(
                    "Transactions proven to be in block {1}: {0} of {0}. The list is complete: it gives the block's "
                    "transactions root. Double-click one for its detail."
                ).format(format_count(total), h)
        elif m.state == bt.INCOMPLETE:
            parts = []
            if failed:
                parts.append(self.tr("Transactions that failed verification: {0} of {1}; they are marked in red and nothing of them is shown. Double-click one to see why.").format(
                    format_count(failed), format_count(total)
                ))
            if m.list_error is not None:
                parts.append(light_failure_text(m.list_error))
            text = " ".join(parts)
        elif m.state == bt.CANCELLED:
            text = self.tr("Stopped. Transactions checked: {0} of {1}; the others are unverified.").format(
                format_count(m.checked), format_count(total)
            )
        elif m.state == bt.STOPPED:
            text = self.tr("The transactions could not be checked: {0}").format(getattr(self, "_failure", ""))
        else:
            text = ""
        self.txs_status.setText(text)
        self.txs_status.setProperty("role", "fieldError" if m.state == bt.INCOMPLETE else "")
        self.txs_status.style().unpolish(self.txs_status)
        self.txs_status.style().polish(self.txs_status)


def fit_columns(view: QTableView, model: Any, sample: int = 30) -> None:
    """Columns as wide as their title and the first rows' text (from the model's display strings)."""
    fm = view.fontMetrics()
    mono = QFontMetrics(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    header = view.horizontalHeader()
    rows = [model.cells_at(r) for r in range(min(sample, model.rowCount()))]
    for c, col in enumerate(model.columns):
        # A "mono" column may still be drawn in the view's font: wide enough for either.
        widest = max([max(fm.horizontalAdvance(cells[c]), mono.horizontalAdvance(cells[c]) if col.mono else 0) for cells in rows] or [0])
        widest = max(widest, header.fontMetrics().horizontalAdvance(col.header()) + 16)
        header.resizeSection(c, min(widest + 18, 420))


def _alive(w: QWidget) -> bool:
    try:
        w.objectName()
    except RuntimeError:
        return False
    return True
