"""The current account's payment history as a table: every token movement in or out, newest first.

Rows come from chain events: transfers, issues and redemptions of the
settlement token, and settlement bills.  Where this computer has an explorer
index of the chain (the app's full node, or a data folder opened in the
Explorer), the account's events and their block times are read from it with
one indexed query per kind, and the node is asked only for the blocks the
index does not hold yet.  Without an index, a load walks each kind's events
from the chain's start (``/v1/events``) in pages and keeps the ones that
involve the account; block times are fetched a hundred headers at a time.
New blocks' events arrive through the bridge and are added at the top.
Amounts stay integers of minor units in ``EntryRole``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.formatting import format_amount_locale, format_time_ms, short_id
from app.node_bridge import spawn
from node.client import AsyncNodeClient
from node.core.address import format_address, parse_address
from node.core.errors import DepotError

log = logging.getLogger(__name__)

EVENT_KINDS = ("token.transferred", "token.issued", "token.redeemed", "bill.issued")
PAGE = 1000
EntryRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One movement of settlement tokens seen from the account."""

    height: int
    tx_index: int
    seq: int
    """Position among the events of its transaction (several bills in one block)."""
    tx_id: str
    kind: str
    """"transfer", "issue", "redeem" or "settlement"."""
    direction: str
    """"in" or "out"."""
    counterparty: str
    """Address text ("" for a redemption: the tokens leave circulation)."""
    amount: int
    """Minor units, positive; ``direction`` gives the sign."""
    note: str
    time_ms: int | None = None

    @property
    def signed_amount(self) -> int:
        return self.amount if self.direction == "in" else -self.amount

    @property
    def order_key(self) -> tuple[int, int, int]:
        return (self.height, self.tx_index, self.seq)


def _addr(value: Any) -> str:
    if isinstance(value, str):
        try:
            return format_address(parse_address(value))
        except DepotError:
            try:
                return format_address(bytes.fromhex(value))
            except (ValueError, DepotError):
                return value
    return ""


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def entry_from_event(event: dict[str, Any], me: str, seq: int = 0) -> HistoryEntry | None:
    """The history line of one chain event for account ``me``, or None when it does not involve it."""
    kind = event.get("kind")
    attrs = event.get("attrs") or {}
    height, tx_index = _int(event.get("height")), _int(event.get("tx_index"))
    tx_id = str(event.get("tx_id") or "")
    amount = _int(attrs.get("amount"))
    if kind == "token.transferred":
        sender, to = _addr(attrs.get("sender")), _addr(attrs.get("to"))
        note = str(attrs.get("memo", ""))
        if to == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "transfer", "in", sender, amount, note)
        if sender == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "transfer", "out", to, amount, note)
    elif kind == "token.issued":
        if _addr(attrs.get("to")) == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "issue", "in", _addr(attrs.get("bank")), amount, "")
    elif kind == "token.redeemed":
        if _addr(attrs.get("bank")) == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "redeem", "out", "", amount, "")
    elif kind == "bill.issued":
        payer, payee = _addr(attrs.get("payer")), _addr(attrs.get("payee"))
        note = str(attrs.get("reference", ""))
        if payee == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "settlement", "in", payer, amount, note)
        if payer == me:
            return HistoryEntry(height, tx_index, seq, tx_id, "settlement", "out", payee, amount, note)
    return None


@dataclass(frozen=True, slots=True)
class IndexedHistory:
    """What the explorer index holds about one account's token movements."""

    events: dict[str, list[dict[str, Any]]]
    """Per event kind, the events naming the account in chain order, shaped as ``/v1/events`` gives them."""
    times: dict[int, int]
    """Block height -> block time (ms) of those events."""
    height: int
    """The index is complete up to this block."""
    chain_id: str | None


def history_from_index(ex: Any, address: str, kinds: tuple[str, ...] = EVENT_KINDS) -> IndexedHistory:
    """Blocking (executor): the events of ``kinds`` that name ``address``, from an ``explorer.Explorer``."""
    status = ex.status()
    top = int(status.height)
    events: dict[str, list[dict[str, Any]]] = {}
    heights: set[int] = set()
    for kind in kinds:
        found: list[dict[str, Any]] = []
        after: int | None = None
        while top > 0:
            page = ex.events(party=address, kind=kind, to_height=top, after=after, limit=PAGE, newest_first=False)
            for e in page.items:
                found.append(
                    {
                        "height": e.height,
                        "tx_index": e.tx_index,
                        "tx_id": e.tx_id.hex() if e.tx_id is not None else None,
                        "kind": e.kind,
                        "attrs": e.attrs,
                    }
                )
                heights.add(e.height)
            if page.next is None:
                break
            after = page.next
        events[kind] = found
    times: dict[int, int] = {}
    for h in sorted(heights):
        block = ex.block(h)
        if block is not None:
            times[h] = int(block.time_ms)
    return IndexedHistory(events, times, top, status.chain_id)


class HistoryModel(QAbstractTableModel):
    """Newest first: date, type, direction, counterparty, amount, note, transaction."""

    COLUMNS = ("time", "kind", "direction", "counterparty", "amount", "note", "tx")
    loadingChanged = Signal(bool)
    loadFailed = Signal(str)

    def __init__(self, client: AsyncNodeClient, parent: Any = None, *, index: Any = None, chain_id: Any = None) -> None:
        """``index``: the session's ``ExplorerSource`` (its ``is_open``, ``status`` and ``query``), or None.
        ``chain_id``: a callable giving the session's chain id when known (the index must be of that chain)."""
        super().__init__(parent)
        self._client = client
        self._index = index
        self._chain_id = chain_id or (lambda: None)
        self.source = ""
        """Where the last load came from: "index" (with the node for newer blocks), "node", or ""."""
        self.indexed_height = 0
        """With ``source == "index"``: the last block read from the index."""
        self.error = ""
        """Why the last load failed (translated), or ""."""
        self.load_task: Any = None
        """The last load started (an ``asyncio.Task``), for whoever must wait for it."""
        self._rows: list[HistoryEntry] = []
        self._keys: set[tuple[int, int, int, str]] = set()
        self._address: str | None = None
        self._times: dict[int, int] = {}
        self._generation = 0
        self.loading = False
        self.names: dict[str, str] = {}
        """Address -> contact label, for the counterparty column."""

    # --- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (
            self.tr("Date"),
            self.tr("Type"),
            self.tr("Direction"),
            self.tr("Counterparty"),
            self.tr("Amount"),
            self.tr("Note"),
            self.tr("Transaction"),
        )[section]

    def kind_text(self, kind: str) -> str:
        return {
            "transfer": self.tr("Payment"),
            "issue": self.tr("Issued by the bank"),
            "redeem": self.tr("Redeemed"),
            "settlement": self.tr("Order settlement"),
        }.get(kind, kind)

    def direction_text(self, direction: str) -> str:
        return self.tr("Received") if direction == "in" else self.tr("Sent")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        e = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == EntryRole:
            return e
        if role == SortRole:
            return {
                "time": e.order_key,
                "amount": e.signed_amount,
            }.get(col, self.data(index, Qt.ItemDataRole.DisplayRole))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "time":
                return format_time_ms(e.time_ms) if e.time_ms is not None else self.tr("block {0}").format(e.height)
            if col == "kind":
                return self.kind_text(e.kind)
            if col == "direction":
                return self.direction_text(e.direction)
            if col == "counterparty":
                if not e.counterparty:
                    return "—"
                name = self.names.get(e.counterparty)
                return f"{name} ({short_id(e.counterparty)})" if name else short_id(e.counterparty, 10, 6)
            if col == "amount":
                sign = "+" if e.direction == "in" else "−"
                return sign + format_amount_locale(e.amount)
            if col == "note":
                return e.note
            if col == "tx":
                return short_id(e.tx_id, 10, 0).rstrip("…") + "…" if e.tx_id else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "counterparty":
                return e.counterparty or None
            if col == "tx":
                return e.tx_id or None
            if col == "time":
                return self.tr("Block {0}").format(e.height)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- content -------------------------------------------------------------------------

    def entries(self) -> list[HistoryEntry]:
        return list(self._rows)

    def entry(self, row: int) -> HistoryEntry:
        return self._rows[row]

    @property
    def address(self) -> str | None:
        return self._address

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = sorted(entries, key=lambda x: x.order_key, reverse=True)
        self._keys = {(*x.order_key, x.kind) for x in self._rows}
        self.endResetModel()

    def add_entries(self, entries: list[HistoryEntry]) -> None:
        """Insert new lines in their place (usually at the top), skipping ones already shown."""
        new = [e for e in entries if (*e.order_key, e.kind) not in self._keys]
        for e in sorted(new, key=lambda x: x.order_key):
            row = 0
            while row < len(self._rows) and self._rows[row].order_key > e.order_key:
                row += 1
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, e)
            self._keys.add((*e.order_key, e.kind))
            self.endInsertRows()

    def set_address(self, address: str | None) -> None:
        """Show ``address``'s history: clears, then loads it from the node in the background."""
        self._address = address
        self._generation += 1
        self.set_entries([])
        if address:
            self.load_task = spawn(self._load(address, self._generation), name="history-load")

    def reload(self) -> None:
        self.set_address(self._address)

    def _set_loading(self, loading: bool) -> None:
        self.loading = loading
        self.loadingChanged.emit(loading)

    def index_usable(self) -> bool:
        """An explorer index is open and of this session's chain (an unknown chain: the offline case)."""
        index = self._index
        if index is None or not getattr(index, "is_open", False):
            return False
        status = getattr(index, "status", None)
        mine = self._chain_id()
        theirs = getattr(status, "chain_id", None)
        return status is not None and (not mine or not theirs or mine == theirs)

    async def _from_index(self, address: str) -> IndexedHistory | None:
        if not self.index_usable():
            return None
        try:
            return await self._index.query(history_from_index, address)  # type: ignore[union-attr]
        except DepotError as e:
            log.info("history from the explorer index: %s; asking the node", e)
            return None

    async def _load(self, address: str, generation: int) -> None:
        self._set_loading(True)
        self.error = ""
        found: list[HistoryEntry] = []
        start = 1
        try:
            indexed = await self._from_index(address)
            if generation != self._generation:
                return
            if indexed is not None:
                for events in indexed.events.values():
                    found.extend(self._entries_of(events, address))
                self._times.update(indexed.times)
                start = indexed.height + 1
                self.source, self.indexed_height = "index", indexed.height
            else:
                self.source, self.indexed_height = "node", 0
            for kind in EVENT_KINDS:
                after: str | None = None
                while True:
                    answer = await self._client.events(from_height=start, kind=kind, limit=PAGE, after=after)
                    if generation != self._generation:
                        return
                    found.extend(self._entries_of(answer.get("events", []), address))
                    after = answer.get("next")
                    if not after:
                        break
            await self._fill_times(found)
            if generation == self._generation:
                unique = {(*e.order_key, e.kind): e for e in found}
                self.set_entries(list(unique.values()))
        except DepotError as e:
            from app.error_text import describe

            if generation == self._generation:
                self.error = describe(e)
                if self.source == "index":  # the index's rows stand; only the newest blocks are missing
                    await self._fill_times_quietly(found)
                    unique = {(*x.order_key, x.kind): x for x in found}
                    self.set_entries(list(unique.values()))
                self.loadFailed.emit(self.error)
        finally:
            if generation == self._generation:
                self._set_loading(False)

    @staticmethod
    def _entries_of(events: list[dict[str, Any]], address: str) -> list[HistoryEntry]:
        out = []
        seq: dict[tuple[int, int], int] = {}
        for ev in events:
            key = (_int(ev.get("height")), _int(ev.get("tx_index")))
            n = seq.get(key, 0)
            seq[key] = n + 1
            e = entry_from_event(ev, address, n)
            if e is not None:
                out.append(e)
        return out

    async def _fill_times_quietly(self, entries: list[HistoryEntry]) -> None:
        try:
            await self._fill_times(entries)
        except DepotError:
            for i, e in enumerate(entries):
                if e.time_ms is None and e.height in self._times:
                    entries[i] = _with_time(e, self._times[e.height])

    async def _fill_times(self, entries: list[HistoryEntry]) -> None:
        missing = sorted({e.height for e in entries if e.height not in self._times}, reverse=True)
        while missing:
            top = missing[0]
            answer = await self._client.blocks(before=top + 1, limit=100)
            got = False
            for b in answer.get("blocks", []):
                h, t = b.get("height"), b.get("time")
                if isinstance(h, int) and isinstance(t, int):
                    self._times[h] = t
                    got = True
            if not got:
                break
            missing = [h for h in missing if h not in self._times]
        for i, e in enumerate(entries):
            if e.time_ms is None and e.height in self._times:
                entries[i] = _with_time(e, self._times[e.height])

    def on_chain_event(self, event: dict[str, Any], block_time_ms: int | None = None) -> None:
        """A live chain event from the bridge: add it if it moves this account's tokens."""
        if not self._address or event.get("kind") not in EVENT_KINDS:
            return
        e = entry_from_event(event, self._address, self._seq_for(event))
        if e is None:
            return
        if block_time_ms is not None:
            self._times.setdefault(e.height, block_time_ms)
        if e.height in self._times:
            e = _with_time(e, self._times[e.height])
        self.add_entries([e])

    def _seq_for(self, event: dict[str, Any]) -> int:
        key = (_int(event.get("height")), _int(event.get("tx_index")))
        return sum(1 for r in self._rows if (r.height, r.tx_index) == key)


def _with_time(e: HistoryEntry, time_ms: int) -> HistoryEntry:
    from dataclasses import replace

    return replace(e, time_ms=time_ms)
