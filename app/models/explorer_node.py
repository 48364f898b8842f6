"""Table models of the Node page: the network's nodes as this computer sees them, and the validators with their participation.

Both hold small lists (a consortium has a handful of nodes and validators)
and are refilled as a whole; the row bookkeeping is pure so it can be tested
without a network.  Peers are polled with ``/v1/status`` (each answer is
what that node says about itself: unverified); the validator set comes from
the light client's newest verified header when it has one, else from the
API, and says which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFontDatabase

from app.formatting import format_count, short_id

translate = QCoreApplication.translate

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True, slots=True)
class PeerRow:
    """One node of the network, as its own status answer describes it."""

    url: str
    name: str = ""
    reachable: bool | None = None
    """None until the first answer (or failure)."""
    height: int | None = None
    chain_ok: bool | None = None
    """Whether it follows this network (chain id and genesis hash); None until known."""
    latency_ms: float | None = None
    version: str = ""
    mode: str = ""
    error: str = ""
    primary: bool = False
    """The node this app reads from."""


@dataclass(frozen=True, slots=True)
class ValidatorRow:
    """One validator: its consensus address, power, operator and how it has taken part."""

    address: str
    power: int
    operator: str = ""
    organisation: str = ""
    signed: int | None = None
    expected: int | None = None
    proposed: int | None = None

    @property
    def share(self) -> float | None:
        if not self.expected:
            return None
        return (self.signed or 0) / self.expected


class _RowsTable(QAbstractTableModel):
    """A flat table of ``_rows``: counts, and horizontal headers from ``_headers()``; numeric columns right-aligned."""

    COLUMNS = 0
    RIGHT_COLUMNS: tuple[int, ...] = (2, 3, 4)
    _rows: list[Any]

    def _headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section in self.RIGHT_COLUMNS else _LEFT
        return None


class PeersModel(_RowsTable):
    """The network's nodes: name, state, height, how far behind the newest, latency, version."""

    COLUMNS = 7
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PeerRow] = []

    def set_peers(self, urls: list[tuple[str, str, bool]]) -> None:
        """``(url, name, primary)`` of every node to show; keeps what is known of the ones already shown."""
        known = {r.url: r for r in self._rows}
        self.beginResetModel()
        self._rows = [replace(known.get(u, PeerRow(u)), name=n or known.get(u, PeerRow(u)).name, primary=p) for u, n, p in urls]
        self.endResetModel()

    def update_peer(self, row: PeerRow) -> None:
        for i, r in enumerate(self._rows):
            if r.url == row.url:
                self._rows[i] = replace(row, primary=r.primary, name=row.name or r.name)
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMNS - 1))
                head = self.head()
                if head is not None:  # "behind" of every row depends on the head
                    self.dataChanged.emit(self.index(0, 3), self.index(len(self._rows) - 1, 3))
                return

    def rows(self) -> list[PeerRow]:
        return list(self._rows)

    def head(self) -> int | None:
        """The newest height any node of this chain reports."""
        hs = [r.height for r in self._rows if r.height is not None and r.chain_ok is not False]
        return max(hs) if hs else None

    def _headers(self) -> tuple[str, ...]:
        return (
            translate("ExplorerNode", "Node"),
            translate("ExplorerNode", "State"),
            translate("ExplorerNode", "Height"),
            translate("ExplorerNode", "Behind"),
            translate("ExplorerNode", "Answer time"),
            translate("ExplorerNode", "Version"),
            translate("ExplorerNode", "Address"),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 1 and r.error:
                return r.error
            if c == 6:
                return r.url
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if c in (2, 3, 4) else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and c == 1:
            if r.reachable is False or r.chain_ok is False:
                return QBrush(QColor("#c62828"))
            return None
        if role == Qt.ItemDataRole.FontRole and c == 0 and r.primary:
            f = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
            f.setBold(True)
            return f
        if role == self.RowRole:
            return r
        return None

    def _display(self, r: PeerRow, c: int) -> str:
        if c == 0:
            name = r.name or r.url
            return translate("ExplorerNode", "{0} (this app reads from it)").format(name) if r.primary else name
        if c == 1:
            if r.reachable is None:
                return translate("ExplorerNode", "asking…")
            if not r.reachable:
                return translate("ExplorerNode", "not answering")
            if r.chain_ok is False:
                return translate("ExplorerNode", "another chain!")
            return translate("ExplorerNode", "answering")
        if c == 2:
            return "—" if r.height is None else format_count(r.height)
        if c == 3:
            head = self.head()
            if r.height is None or head is None:
                return "—"
            behind = head - r.height
            return translate("ExplorerNode", "in step") if behind <= 2 else translate("ExplorerNode", "{0} blocks").format(format_count(behind))
        if c == 4:
            return "—" if r.latency_ms is None else translate("ExplorerNode", "{0} ms").format(round(r.latency_ms))
        if c == 5:
            return " ".join(x for x in (r.version, r.mode) if x) or "—"
        return r.url


class ValidatorsModel(_RowsTable):
    """Validators: address, organisation, voting power and share, recent participation."""

    COLUMNS = 6
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ValidatorRow] = []
        self.window_blocks: int | None = None
        """How many recent blocks the participation counts cover (None: not known)."""

    def set_validators(self, rows: list[ValidatorRow]) -> None:
        """Replace the set, keeping participation already known for the same addresses."""
        known = {r.address: r for r in self._rows}
        merged = []
        for r in rows:
            k = known.get(r.address)
            if k is not None and r.signed is None:
                r = replace(r, signed=k.signed, expected=k.expected, proposed=k.proposed)
            if k is not None and not r.organisation:
                r = replace(r, organisation=k.organisation)
            merged.append(r)
        self.beginResetModel()
        self._rows = merged
        self.endResetModel()

    def set_participation(self, parts: list[Any], window_blocks: int | None) -> None:
        """``explorer.Participation`` per validator over the last ``window_blocks`` blocks."""
        by = {p.validator: p for p in parts}
        self.window_blocks = window_blocks
        for i, r in enumerate(self._rows):
            p = by.get(r.address)
            if p is not None:
                self._rows[i] = replace(r, signed=p.signed, expected=p.expected, proposed=p.proposed)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMNS - 1))

    def set_organisations(self, names: dict[str, str]) -> None:
        """Operator address -> organisation name."""
        for i, r in enumerate(self._rows):
            if r.operator in names:
                self._rows[i] = replace(r, organisation=names[r.operator])
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def rows(self) -> list[ValidatorRow]:
        return list(self._rows)

    def total_power(self) -> int:
        return sum(r.power for r in self._rows)

    def _headers(self) -> tuple[str, ...]:
        return (
            translate("ExplorerNode", "Validator"),
            translate("ExplorerNode", "Organisation"),
            translate("ExplorerNode", "Voting power"),
            translate("ExplorerNode", "Signed"),
            translate("ExplorerNode", "Proposed"),
            translate("ExplorerNode", "Operator account"),
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 0:
                return r.address
            if c == 5:
                return r.operator
            if c == 3 and r.expected:
                return translate("ExplorerNode", "Blocks it was expected to sign: {1}; signed: {0}").format(
                    format_count(r.signed or 0), format_count(r.expected)
                )
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if c in (2, 3, 4) else _LEFT
        if role == Qt.ItemDataRole.FontRole and c in (0, 5):
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == Qt.ItemDataRole.ForegroundRole and c == 3:
            s = r.share
            if s is not None and s < 0.9:
                return QBrush(QColor("#c62828"))
            return None
        if role == self.RowRole:
            return r
        return None

    def _display(self, r: ValidatorRow, c: int) -> str:
        if c == 0:
            return short_id(r.address, 14, 6)
        if c == 1:
            return r.organisation or "—"
        if c == 2:
            total = self.total_power()
            pct = f" ({r.power / total * 100:.0f} %)" if total else ""
            return format_count(r.power) + pct
        if c == 3:
            s = r.share
            if s is None:
                return "—"
            return translate("ExplorerNode", "{0} % ({1} of {2})").format(
                f"{s * 100:.1f}", format_count(r.signed or 0), format_count(r.expected or 0)
            )
        if c == 4:
            return "—" if r.proposed is None else format_count(r.proposed)
        return short_id(r.operator, 14, 6) if r.operator else "—"
