"""Table model of recent blocks, newest first: pages backwards on scroll, grows at the top as blocks arrive.

The row bookkeeping (``set_blocks``, ``add_older``, ``add_newer``) is pure and
synchronous, so it can be tested without a node; the thin ``_fetch_*``
coroutines only ask the node for a page and hand it to those methods.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontDatabase

from app.formatting import describe_error, format_count, format_time_ms, short_id
from app.node_bridge import spawn
from node.client import MAX_BLOCKS_PER_PAGE, AsyncNodeClient
from node.core.errors import DepotError

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
_COLUMN_FIELDS = ("height", "time", "num_txs", "proposer", "block_id")  # in column order


def _is_summary(block: Any) -> bool:
    """A usable header summary: a height and a block id; other fields may be missing (shown as —)."""
    return (
        isinstance(block, dict)
        and isinstance(block.get("height"), int)
        and not isinstance(block["height"], bool)
        and block["height"] >= 0
        and isinstance(block.get("block_id"), str)
    )


def _has_every_column(block: dict[str, Any]) -> bool:
    return all(k in block for k in _COLUMN_FIELDS)


def _valid(blocks: Any) -> list[dict[str, Any]]:
    if not isinstance(blocks, list):
        log.warning("ignoring a block page that is not a list: %.120r", blocks)
        return []
    good = [b for b in blocks if _is_summary(b)]
    if len(good) != len(blocks):
        log.warning("ignoring %d malformed block summaries", len(blocks) - len(good))
    return good


class BlocksModel(QAbstractTableModel):
    """Recent blocks: height, time, transactions, proposer, block id."""

    HEIGHT, TIME, TXS, PROPOSER, BLOCK_ID = range(5)
    COLUMN_COUNT = 5
    BlockRole = Qt.ItemDataRole.UserRole + 1
    """The row's header summary dict."""

    fetchFailed = Signal(str)
    """A page could not be loaded; the argument is a translated sentence."""

    def __init__(
        self,
        client: AsyncNodeClient | None,
        *,
        page_size: int = 50,
        max_rows: int = 5_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._page_size = min(page_size, MAX_BLOCKS_PER_PAGE)
        self._max_rows = max_rows
        self._rows: list[dict[str, Any]] = []
        self._has_older = False
        self._generation = 0  # bumped on every reset; a fetch started before a reset is dropped
        self._fetching_older = False
        self._fetching_newer = False
        self._wanted_tip: int | None = None

    # --- pure row bookkeeping ------------------------------------------------------

    @property
    def tip_height(self) -> int | None:
        return self._rows[0]["height"] if self._rows else None

    @property
    def oldest_height(self) -> int | None:
        return self._rows[-1]["height"] if self._rows else None

    @property
    def has_older(self) -> bool:
        """True while older blocks may exist below the last row."""
        return self._has_older

    def block_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def set_blocks(self, blocks: list[dict[str, Any]], *, exhausted: bool = False) -> None:
        """Replace every row with one page (newest first); ``exhausted``: nothing older exists."""
        rows = sorted(_valid(blocks), key=lambda b: b["height"], reverse=True)
        rows = _dedupe(rows)[: self._max_rows]
        self.beginResetModel()
        self._rows = rows
        self._has_older = bool(rows) and not exhausted and rows[-1]["height"] > 0
        self._generation += 1
        self.endResetModel()

    def add_older(self, blocks: list[dict[str, Any]], *, exhausted: bool = False) -> int:
        """Append a page of blocks below the last row; returns how many rows were added."""
        oldest = self.oldest_height
        rows = [b for b in _valid(blocks) if oldest is None or b["height"] < oldest]
        rows = _dedupe(sorted(rows, key=lambda b: b["height"], reverse=True))
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._has_older = bool(rows) and not exhausted and self._rows[-1]["height"] > 0
        return len(rows)

    def add_newer(self, blocks: list[dict[str, Any]]) -> int:
        """Insert blocks above the first row (those newer than it); returns how many were added.

        Beyond ``max_rows`` the oldest rows are dropped again (they can be paged
        back in), so a chain left running for days does not grow the table forever.
        """
        tip = self.tip_height
        rows = [b for b in _valid(blocks) if tip is None or b["height"] > tip]
        rows = _dedupe(sorted(rows, key=lambda b: b["height"], reverse=True))
        if not rows:
            return 0
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self._rows[0:0] = rows
        self.endInsertRows()
        if len(self._rows) > self._max_rows:
            self.beginRemoveRows(QModelIndex(), self._max_rows, len(self._rows) - 1)
            del self._rows[self._max_rows :]
            self.endRemoveRows()
            self._has_older = True
        return len(rows)

    # --- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self.tr("Height"),
                self.tr("Time"),
                self.tr("Transactions"),
                self.tr("Proposer"),
                self.tr("Block ID"),
            )[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(section)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        block = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(block, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.PROPOSER and "proposer" in block:
                return str(block["proposer"])
            if column == self.BLOCK_ID:
                return str(block["block_id"])
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.FontRole and column in (self.PROPOSER, self.BLOCK_ID):
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        if role == self.BlockRole:
            return block
        return None

    def _display(self, block: dict[str, Any], column: int) -> str:
        if column == self.HEIGHT:
            return format_count(block["height"])
        if column == self.BLOCK_ID:
            return short_id(block["block_id"], 8, 8)
        value = block.get(_COLUMN_FIELDS[column])
        if value is None or isinstance(value, bool):
            return "—"
        if column == self.TIME:
            return format_time_ms(value) if isinstance(value, int) else str(value)
        if column == self.TXS:
            return format_count(value) if isinstance(value, int) else str(value)
        return short_id(str(value), 10, 6)

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() or self._client is None:
            return False
        return self._has_older and not self._fetching_older

    def fetchMore(self, parent: _Index) -> None:
        if self.canFetchMore(parent):
            self._fetching_older = True
            spawn(self._fetch_older(), name="blocks-older")

    # --- talking to the node --------------------------------------------------------------

    def refresh(self) -> None:
        """Load the newest page from the node, replacing every row."""
        if self._client is not None and not self._fetching_newer:
            self._fetching_newer = True
            spawn(self._fetch_latest(), name="blocks-latest")

    def on_block_added(self, block: dict[str, Any]) -> None:
        """Slot for ``NodeBridge.blockAdded``: the chain's tip is now ``block``."""
        height = block.get("height")
        if not isinstance(height, int) or isinstance(height, bool):
            return
        tip = self.tip_height
        if tip is not None and height <= tip:
            return
        if (
            tip is not None
            and height == tip + 1
            and _is_summary(block)
            and _has_every_column(block)
        ):
            self.add_newer([block])
            return
        self._wanted_tip = max(height, self._wanted_tip or 0)
        if self._client is not None and not self._fetching_newer:
            self._fetching_newer = True
            spawn(self._fetch_newer(), name="blocks-newer")

    async def _fetch_latest(self) -> None:
        assert self._client is not None
        try:
            answer = await self._client.blocks(limit=self._page_size)
            page = answer.get("blocks", [])
            self.set_blocks(page, exhausted=isinstance(page, list) and len(page) < self._page_size)
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            self._fetching_newer = False
        if self._wanted_tip is not None and self._wanted_tip > (self.tip_height or -1):
            self.on_block_added({"height": self._wanted_tip})

    async def _fetch_newer(self) -> None:
        """Fill the gap between the top row and the newest known tip (one page at most)."""
        assert self._client is not None
        try:
            while self._wanted_tip is not None:
                target, tip = self._wanted_tip, self.tip_height
                self._wanted_tip = None
                if tip is not None and target <= tip:
                    continue
                if tip is None or target - tip > self._page_size:
                    # Too far behind (or empty): start again from the newest page.
                    answer = await self._client.blocks(before=target + 1, limit=self._page_size)
                    page = answer.get("blocks", [])
                    self.set_blocks(
                        page, exhausted=isinstance(page, list) and len(page) < self._page_size
                    )
                else:
                    answer = await self._client.blocks(before=target + 1, limit=target - tip)
                    self.add_newer(answer.get("blocks", []))
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            self._fetching_newer = False

    async def _fetch_older(self) -> None:
        assert self._client is not None
        generation, oldest = self._generation, self.oldest_height
        try:
            if oldest is None:
                return
            answer = await self._client.blocks(before=oldest, limit=self._page_size)
            if generation != self._generation:
                return  # the rows were replaced meanwhile; this page no longer fits
            page = answer.get("blocks", [])
            self.add_older(page, exhausted=isinstance(page, list) and len(page) < self._page_size)
        except DepotError as e:
            self.fetchFailed.emit(describe_error(e))
        finally:
            self._fetching_older = False


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[int] = set()
    out = []
    for b in rows:
        if b["height"] not in seen:
            seen.add(b["height"])
            out.append(b)
    return out


def _alignment(column: int) -> int:
    if column in (BlocksModel.HEIGHT, BlocksModel.TXS):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
