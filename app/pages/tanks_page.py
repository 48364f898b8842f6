"""The Tanks page: every tank with its level bar, filters, and the selected tank's terms and level history chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.formatting import format_amount_locale, format_time_ms
from app.models.dapp_common import (
    connect_account_changed,
    format_duration_ms,
    format_litres,
    identity_of,
    party_names,
)
from app.models.tanks_model import TankRow, TanksFilterModel, TanksModel, shared_tanks_model
from app.widgets.level_bar import LevelBarDelegate
from app.widgets.level_chart import LevelChart


class TanksPage(QWidget):
    """Tanks of the consortium, the signed-in account's first; a tank's history on the right."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("TanksPage", "Tanks")

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.model: TanksModel = shared_tanks_model(services)
        self.names = party_names(services)
        self.proxy = TanksFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._selected: str | None = None

        # Filters.
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("tankSearch")
        self.search_edit.setPlaceholderText(self.tr("Search tank, product or order…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("tankStateFilter")
        for text, value in (
            (self.tr("All tanks"), TanksFilterModel.ALL),
            (self.tr("Needing attention"), TanksFilterModel.NEED_ATTENTION),
            (self.tr("Below the warning line"), TanksFilterModel.BELOW_WARNING),
            (self.tr("Below the critical line"), TanksFilterModel.BELOW_CRITICAL),
            (self.tr("With an open order"), TanksFilterModel.WITH_ORDER),
            (self.tr("No reading yet"), TanksFilterModel.NO_READING),
        ):
            self.state_combo.addItem(text, value)
        self.state_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_state(int(self.state_combo.currentData())))
        self.mine_check = QCheckBox(self.tr("Only my tanks"))
        self.mine_check.setObjectName("onlyMine")
        self.mine_check.toggled.connect(self._apply_party)
        self.count_label = QLabel("")
        self.count_label.setObjectName("tankCount")
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.state_combo, 1)
        filters.addWidget(self.mine_check)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        # The table.
        self.view = QTableView()
        self.view.setObjectName("tanksView")
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(TanksModel.LEVEL, LevelBarDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(TanksModel.TANK, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col in (TanksModel.TANK, TanksModel.PRODUCT, TanksModel.VOLUME, TanksModel.WARNING,
                    TanksModel.TO_WARNING, TanksModel.OPEN_ORDER):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(TanksModel.LEVEL, 170)
        for col in (TanksModel.SUPPLIER, TanksModel.LAST_READING):
            self.view.setColumnHidden(col, True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.status_label = QLabel("")
        self.status_label.setObjectName("tanksStatus")
        self.status_label.setWordWrap(True)

        # The selected tank.
        self.details = QGroupBox(self.tr("Tank"))
        self.details.setObjectName("tankDetails")
        form = QFormLayout(self.details)
        self.detail_labels: dict[str, QLabel] = {}
        for key, title in (
            ("tank", self.tr("Tank:")), ("product", self.tr("Product:")), ("customer", self.tr("Customer:")),
            ("supplier", self.tr("Supplier:")), ("level", self.tr("Level:")), ("lines", self.tr("Lines:")),
            ("reorder", self.tr("Reorder:")), ("deadline", self.tr("Delivery within:")),
            ("readings", self.tr("Readings:")), ("order", self.tr("Open order:")),
        ):
            label = QLabel("—")
            label.setObjectName(f"tank_{key}")
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_labels[key] = label
            form.addRow(title, label)
        self.chart = LevelChart(services.client, self)
        self.chart.setObjectName("levelChart")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details)
        right_layout.addWidget(self.chart, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.status_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        self.model.readingsApplied.connect(self.chart.on_readings)
        self.model.dataChanged.connect(self._model_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(self._update_count)
        self.model.fetchFailed.connect(self.status_label.setText)
        self.model.loadingChanged.connect(self._loading_changed)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(self.chart.on_order_event)
        connect_account_changed(services, self._account_changed)
        self._account_changed()
        self._update_count()

    # --- account and filters --------------------------------------------------------------

    def _account_changed(self, *_: Any) -> None:
        who = identity_of(self.services)
        party_role = who.role in ("customer", "supplier")
        self.mine_check.blockSignals(True)
        self.mine_check.setChecked(party_role)
        self.mine_check.setEnabled(who.signed_in)
        self.mine_check.blockSignals(False)
        self._apply_party()

    def _apply_party(self) -> None:
        who = identity_of(self.services)
        self.proxy.set_party(who.address if self.mine_check.isChecked() else "")
        self._update_count()

    def _update_count(self, *_: Any) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        more = self.tr(" (more on scrolling)") if self.model.canFetchMore() else ""
        self.count_label.setText(self.tr("Tanks: {0} of {1}").format(shown, total) + more)
        if self._selected is None and shown and self.isVisible():
            self.view.selectRow(0)

    def _loading_changed(self, on: bool) -> None:
        if on and self.model.rowCount() == 0:
            self.status_label.setText(self.tr("Loading tanks…"))
        elif not on and self.status_label.text() == self.tr("Loading tanks…"):
            self.status_label.setText("" if self.model.rowCount() else self.tr("No tanks are registered yet."))

    # --- selection -------------------------------------------------------------------------

    def selected_row(self) -> TankRow | None:
        return self.model.row_of(self._selected) if self._selected else None

    def select_tank(self, tank_id: str) -> bool:
        """Select ``tank_id`` in the table (clearing filters that hide it); False if it is not loaded."""
        src = self.model.row_number(tank_id)
        if src is None:
            return False
        idx = self.proxy.mapFromSource(self.model.index(src, 0))
        if not idx.isValid():
            self.search_edit.clear()
            self.state_combo.setCurrentIndex(0)
            self.mine_check.setChecked(False)
            idx = self.proxy.mapFromSource(self.model.index(src, 0))
        self.view.selectRow(idx.row())
        self.view.scrollTo(idx)
        return True

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.view.selectionModel().selectedRows()
        row = self.proxy.data(rows[0], TanksModel.RowRole) if rows else None
        tank_id = row.tank_id if isinstance(row, TankRow) else None
        if tank_id == self._selected:
            return
        self._selected = tank_id
        self._show_details(row if isinstance(row, TankRow) else None)
        self.chart.set_tank(row if isinstance(row, TankRow) else None)

    def _model_changed(self, top: QModelIndex, bottom: QModelIndex, *_: Any) -> None:
        row = self.selected_row()
        if row is None:
            return
        i = self.model.row_number(row.tank_id)
        if i is not None and top.row() <= i <= bottom.row():
            self._show_details(row)
            self.chart.update_tank(row)

    def _after_reset(self) -> None:
        row = self.selected_row()
        self._update_count()
        if row is not None:
            self.select_tank(row.tank_id)
            self._show_details(row)
        elif self._selected is not None:
            self._selected = None
            self._show_details(None)
            self.chart.set_tank(None)

    def _show_details(self, row: TankRow | None) -> None:
        d = self.detail_labels
        if row is None:
            for label in d.values():
                label.setText("—")
            return
        d["tank"].setText(row.tank_id)
        d["product"].setText(self.tr("{0} from storage {1}").format(row.product, row.storage_id))
        d["customer"].setText(self.names.name(row.owner))
        d["customer"].setToolTip(row.owner)
        d["supplier"].setText(self.names.name(row.supplier))
        d["supplier"].setToolTip(row.supplier)
        if row.level_mm is None:
            d["level"].setText(self.tr("no reading yet"))
        else:
            d["level"].setText(self.tr("{0} mm · {1} of {2} · read {3}").format(
                row.level_mm, format_litres(row.volume_l), format_litres(row.capacity_l),
                format_time_ms(row.level_time_ms) if row.level_time_ms else "—"))
        d["lines"].setText(self.tr("warning {0} mm, critical {1} mm (top {2} mm)").format(
            row.warning_mm, row.critical_mm, row.max_level_mm))
        d["reorder"].setText(self.tr("{0} at {1} per litre").format(
            format_litres(row.reorder_l), format_amount_locale(row.unit_price)))
        d["deadline"].setText(self.tr("{0}; disputes within {1} of a delivery").format(
            format_duration_ms(row.delivery_deadline_ms), format_duration_ms(row.dispute_window_ms)))
        faults = self.tr(", faults: {0} (last: {1})").format(row.faults, row.last_fault) if row.faults else ""
        d["readings"].setText(self.tr("{0} recorded").format(row.readings) + faults)
        d["order"].setText(row.open_order or self.tr("none"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._selected is None and self.proxy.rowCount():
            self.view.selectRow(0)
