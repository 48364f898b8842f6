"""The Explorer's light mode: block summaries from the node's API in a lazily loaded table, and the search box's
verified lookups, each value checked by the session's light client before it is shown as fact.

No index on this computer: the rows come from ``GET /v1/blocks`` (newest first, a page at a time as the view
scrolls) and say "unverified" until the light client has verified the header of a row on screen and found it
to be the same block.  A search answers a height, a transaction or block id, or an address with a verified
header, an inclusion proof or a state proof ("verified against block N"); a proof that does not hold is an
error, never a value.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication

from app.formatting import format_count, format_time_ms, short_id
from app.node_bridge import spawn
from node.core.errors import DepotError

log = logging.getLogger(__name__)

#: Block summaries asked for at a time (the node's API gives at most 100).
PAGE = 50

UNVERIFIED = "unverified"
CHECKING = "checking"
VERIFIED = "verified"
FAILED = "failed"

_ModelIndex = QModelIndex | QPersistentModelIndex


translate = QCoreApplication.translate


class VerificationMismatch(DepotError):
    """What the node's API said differs from what the light client verified.

    ``data["reason"]`` says how (``block_id``, ``tx_in_other_block``, ``tx_list_incomplete``...); the app
    shows the sentence ``explorer_light_errors`` has for it, never the English message.
    """

    code = "verification_failed"

    def __init__(self, message: str, *, reason: str, **data: Any) -> None:
        super().__init__(message, reason=reason, **data)


def is_proof_failure(e: BaseException) -> bool:
    """True when ``e`` says a proof or a header did not hold (shown in red, never as a value)."""
    from node.light.errors import ForkDetected, InvalidLightBlock, LightClientHalted, ProofError

    return isinstance(e, ProofError | InvalidLightBlock | ForkDetected | LightClientHalted | VerificationMismatch)


def is_unreachable(e: BaseException) -> bool:
    from node.client import NodeUnreachable
    from node.light.errors import PeerUnavailable

    return isinstance(e, NodeUnreachable | PeerUnavailable)


@dataclass(slots=True)
class RemoteBlock:
    """One row: a block summary as the node's API sent it, and what the light client made of it."""

    height: int
    time_ms: int
    num_txs: int
    proposer: str
    block_id_hex: str
    status: str = UNVERIFIED
    verified_height: int | None = None
    """The verified header this row was checked against (its own height)."""
    error: BaseException | None = None
    """Why verification failed (shown as a translated sentence chosen by its code)."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    mono: bool = False

    def header(self) -> str:
        return translate("ExplorerRemote", self.title)


COLUMNS = (
    Column("height", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Height"))),
    Column("time", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Time"))),
    Column("txs", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Txs"))),
    Column("proposer", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Proposer")), mono=True),
    Column("block_id", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Block id")), mono=True),
    Column("provenance", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Verified"))),
)
# The titles are translated when shown (``Column.header``); QT_TRANSLATE_NOOP only marks them for lupdate.


def mark_text(row: RemoteBlock) -> str:
    if row.status == VERIFIED:
        return "✔ " + translate("ExplorerRemote", "verified against block {0}").format(format_count(row.verified_height or row.height))
    if row.status == CHECKING:
        return translate("ExplorerRemote", "verifying…")
    if row.status == FAILED:
        return "✖ " + translate("ExplorerRemote", "verification failed")
    return "⚠ " + translate("ExplorerRemote", "unverified: from the node's API")


# (light theme, dark theme) text colours of the provenance cell.
_MARK_COLOURS = {
    VERIFIED: ("#1b5e20", "#a5d6a7"),
    CHECKING: ("#37474f", "#cfd8dc"),
    FAILED: ("#b71c1c", "#ef9a9a"),
    UNVERIFIED: ("#8a4b00", "#ffcc80"),
}


def parse_summary(s: dict[str, Any]) -> RemoteBlock:
    """A row from one entry of ``GET /v1/blocks``; ``VerificationMismatch`` if it is not a summary."""
    try:
        return RemoteBlock(
            height=int(s["height"]),
            time_ms=int(s["time"]),
            num_txs=int(s["num_txs"]),
            proposer=str(s.get("proposer") or ""),
            block_id_hex=str(s["block_id"]).lower(),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise VerificationMismatch(f"the node sent a malformed block summary: {e}", reason="malformed_summary") from e


def check_header(row: RemoteBlock, lb: Any) -> None:
    """``VerificationMismatch`` unless the verified light block ``lb`` is the block the API described."""
    from node.core.address import format_address

    if bytes(lb.block_id).hex() != row.block_id_hex:
        raise VerificationMismatch(
            f"block {row.height}: the node's API said id {row.block_id_hex[:16]}…, the verified header is "
            f"{bytes(lb.block_id).hex()[:16]}…",
            reason="block_id",
        )
    if lb.time_ms != row.time_ms or (row.proposer and format_address(lb.header.proposer) != row.proposer):
        raise VerificationMismatch(f"block {row.height}: the node's API changed the time or the proposer", reason="time_or_proposer")


def mark_colour(status: str) -> QColor:
    """The colour of a verification mark (``VERIFIED``, ``CHECKING``...), readable in the light and dark themes."""
    dark = QGuiApplication.palette().window().color().lightness() < 128
    return QColor(_MARK_COLOURS[status][1 if dark else 0])


class RowsModel(QAbstractTableModel):
    """A flat table of ``_rows``, one column per ``columns`` entry, each row's text from ``cells``."""

    columns: tuple[Column, ...]
    _rows: list[Any]

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def cells(self, row: Any) -> list[str]:
        raise NotImplementedError

    def cells_at(self, r: int) -> list[str]:
        return self.cells(self._rows[r])

    def row(self, r: int) -> Any:
        return self._rows[r]


class RemoteBlocksModel(RowsModel):
    """Blocks from the node's API, newest first, a page per ``fetchMore``; rows verified on request."""

    loadingChanged = Signal(bool)
    loadFailed = Signal(str)
    """A translated sentence: the node could not be read."""
    verifyFailed = Signal(str)
    """A translated sentence: the light client could not check rows (unreachable, not configured)."""

    def __init__(self, client: Any, light: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.client = client
        self.light = light
        self.columns = COLUMNS
        self._rows: list[RemoteBlock] = []
        self._by_height: dict[int, int] = {}
        self.has_more = True
        self.loading = False
        self._generation = 0
        self._queue: list[int] = []
        self._verifier: asyncio.Future[None] | None = None

    # --- Qt model API ---------------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].header()
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.columns[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "block_id":
                return row.block_id_hex
            if key == "proposer":
                return row.proposer
            if key == "provenance" and row.status == FAILED and row.error is not None:
                from app.models.explorer_light_errors import light_failure_text

                return light_failure_text(row.error)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "provenance":
            return mark_colour(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("height", "txs"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def canFetchMore(self, parent: _ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.has_more and not self.loading

    def fetchMore(self, parent: _ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.canFetchMore():
            return
        self._set_loading(True)
        spawn(self._fetch(self._generation), name="explorer-remote-blocks")

    # --- rows -------------------------------------------------------------------------------------

    def cells(self, row: RemoteBlock) -> list[str]:
        return [
            format_count(row.height),
            format_time_ms(row.time_ms),
            format_count(row.num_txs),
            short_id(row.proposer, 12, 6),
            short_id(row.block_id_hex, 12, 6),
            mark_text(row),
        ]

    def reload(self) -> None:
        """Forget the rows and load the newest page again."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._by_height = {}
        self._queue = []
        self.has_more = True
        self.endResetModel()
        self._set_loading(False)
        self.fetchMore()

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loadingChanged.emit(loading)

    async def _fetch(self, generation: int) -> None:
        before = self._rows[-1].height if self._rows else None
        try:
            answer = await self.client.blocks(before=before, limit=PAGE)
            rows = [parse_summary(s) for s in answer.get("blocks") or []]
        except DepotError as e:
            if generation == self._generation:
                self.has_more = False  # no retry loop from the view; "reload" tries again
                self._set_loading(False)
                self.loadFailed.emit(describe_light_error(e))
            return
        if generation != self._generation:
            return
        rows = [r for r in rows if r.height not in self._by_height and (before is None or r.height < before)]
        self.has_more = len(answer.get("blocks") or []) == PAGE and bool(rows) and rows[-1].height > 1
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            for i, r in enumerate(rows):
                self._by_height[r.height] = first + i
            self._rows.extend(rows)
            self.endInsertRows()
        self._set_loading(False)

    # --- verification ---------------------------------------------------------------------------

    def verify_rows(self, first: int, last: int) -> None:
        """Have the light client verify the headers of rows ``first..last`` (those on screen), one at a time."""
        for r in range(max(0, first), min(last, len(self._rows) - 1) + 1):
            row = self._rows[r]
            if row.status == UNVERIFIED and row.height not in self._queue:
                self._queue.append(row.height)
        if self._queue and (self._verifier is None or self._verifier.done()):
            self._verifier = spawn(self._verify_queue(self._generation), name="explorer-remote-verify")

    async def _verify_queue(self, generation: int) -> None:
        while self._queue and generation == self._generation:
            height = self._queue.pop(0)
            r = self._by_height.get(height)
            if r is None:
                continue
            self._set_status(r, CHECKING)
            try:
                lb = await self.light.verify_header(height)
                if generation != self._generation:
                    return
                check_header(self._rows[r], lb)
            except DepotError as e:
                if generation != self._generation:
                    return
                if is_proof_failure(e):
                    self._set_status(r, FAILED, error=e)
                    continue
                self._set_status(r, UNVERIFIED)
                self._queue.clear()  # the light client is not there: stop asking, say why once
                self.verifyFailed.emit(describe_light_error(e))
                return
            self._set_status(r, VERIFIED, verified_height=lb.height)

    def _set_status(self, r: int, status: str, *, error: BaseException | None = None, verified_height: int | None = None) -> None:
        row = self._rows[r]
        row.status, row.error, row.verified_height = status, error, verified_height
        i = self.index(r, len(self.columns) - 1)
        self.dataChanged.emit(i, i)


# --- the search box ---------------------------------------------------------------------------------------


class Query(enum.Enum):
    """What was typed, as far as light mode can answer it."""

    EMPTY = "empty"
    ADDRESS = "address"
    HEIGHT = "height"
    ID = "id"
    """64 hex characters: a transaction or block id."""
    ID_PREFIX = "id_prefix"
    """Part of an id: only the index can search prefixes."""
    UNKNOWN = "unknown"


_HEX = frozenset("0123456789abcdef")


def classify(text: str) -> Query:
    """What ``text`` is taken to be (the order of ``explorer.search``: address, height, id, id prefix)."""
    from explorer.queries import MIN_PREFIX_HEX

    t = text.strip()
    low = t.lower()
    if not t:
        return Query.EMPTY
    if low.startswith("depot1"):
        return Query.ADDRESS
    if t.isdigit() and t.isascii() and len(t) <= 18:
        return Query.HEIGHT
    hexed = low[2:] if low.startswith("0x") else low
    if set(hexed) <= _HEX and len(hexed) == 64:
        return Query.ID
    if set(hexed) <= _HEX and MIN_PREFIX_HEX <= len(hexed) < 64:
        return Query.ID_PREFIX
    return Query.UNKNOWN


def normalise_id(text: str) -> str:
    low = text.strip().lower()
    return low[2:] if low.startswith("0x") else low


@dataclass(frozen=True, slots=True)
class LightAnswer:
    """A verified answer to a search: what it is, its decoded fields, and the block it was verified against."""

    kind: str
    """``tx``, ``block``, ``account`` or ``no_account`` (proven absent)."""
    subject: str
    """The id, height or address searched for."""
    verified_height: int
    data: dict[str, Any] = field(default_factory=dict)
    """Decoded fields for the detail view (JSON-like)."""
    unverified: tuple[str, ...] = ()
    """Fields in ``data`` the proof does not cover (a transaction's result)."""
    header: Any = None
    """For a block: the verified ``LightBlock`` (its id and transactions root check the block's transactions)."""


async def lookup(client: Any, light: Any, text: str) -> LightAnswer:
    """The verified answer for ``text`` (classified by ``classify``); raises ``DepotError``.

    A proof that does not hold raises the light client's ``ProofError`` / ``InvalidLightBlock`` or
    ``VerificationMismatch`` (see ``is_proof_failure``); ``TxNotCommitted``, ``NodeApiError`` (not found)...
    for the rest.
    """
    from node.light.errors import AccountNotFound, TxNotCommitted

    q = classify(text)
    # The node's tip first: a plain read that says at once when the node cannot be reached.
    tip = int((await client.status()).get("height") or 0)
    if q is Query.ADDRESS:
        address = text.strip()
        try:
            rec = await light.verify_account(address)
        except AccountNotFound as e:
            return LightAnswer("no_account", address, int(e.data.get("height") or 0))
        from node.core.encoding import to_json

        data = to_json(rec.record)
        return LightAnswer("account", address, rec.height, data)
    if q is Query.HEIGHT:
        height = int(text.strip())
        if height < 1 or height > tip:
            raise NotOnChain(f"no block {height} (the chain goes up to block {tip})", height=height, tip=tip)
        lb = await light.verify_header(height)
        return LightAnswer("block", str(lb.height), lb.height, _header_data(lb), header=lb)
    if q is Query.ID:
        hexed = normalise_id(text)
        try:
            vt = await light.verify_tx(bytes.fromhex(hexed))
        except TxNotCommitted:
            return await _block_by_id(client, light, hexed)
        return tx_answer(vt)
    raise DepotError(f"light mode cannot search for {text!r}")


def tx_answer(vt: Any) -> LightAnswer:
    """The detail of a ``VerifiedTx``: its place, envelope, decoded payload, and the node's (unverified) result."""
    from node.modules import default_registry
    from node.views import tx_json

    tx_id = bytes(vt.tx_id).hex()
    data = {
        "tx_id": tx_id,
        "height": vt.height,
        "index": vt.index,
        "block_id": bytes(vt.block_id).hex(),
        **tx_json(default_registry(), vt.tx),
        "result_code": vt.result_code,
    }
    return LightAnswer("tx", tx_id, vt.height, data, unverified=("result_code",))


async def _block_by_id(client: Any, light: Any, hexed: str) -> LightAnswer:
    from node.client import NodeApiError

    try:
        block = await client.block(hexed)
    except NodeApiError as e:
        if e.code == "not_found":
            raise NoSuchId(f"no transaction or block {hexed}") from e
        raise
    height = int(block.get("height") or 0)
    lb = await light.verify_header(height)
    if bytes(lb.block_id).hex() != hexed:
        raise VerificationMismatch(
            f"the node named block {height} for id {hexed[:16]}…, whose verified id differs", reason="block_for_id"
        )
    return LightAnswer("block", str(height), lb.height, _header_data(lb), header=lb)


class NoSuchId(DepotError):
    """Neither a committed transaction nor a block has this id."""

    code = "not_found"


class NotOnChain(DepotError):
    """A height below 1 or above the chain's tip."""

    code = "not_on_chain"


def _header_data(lb: Any) -> dict[str, Any]:
    from node.views import header_json

    return header_json(lb.header)  # type: ignore[no-any-return]


def describe_light_error(e: BaseException) -> str:
    """A light-mode failure as a translated sentence (unreachable node, missing root of trust, others by code)."""
    from app.models.explorer_light_errors import light_codes, light_failure_text
    from app.models.explorer_tables import describe_explorer_error

    code = getattr(e, "code", "")
    if is_unreachable(e):
        return translate("ExplorerRemote", "The node cannot be reached; check the network and try again.")
    if code == "network_not_configured":
        return translate("ExplorerRemote", "This network has no pinned genesis hash, so nothing can be verified.")
    if code == "tx_not_committed":
        return translate("ExplorerRemote", "The node knows no committed transaction with this id.")
    if code == "not_found":
        return translate("ExplorerRemote", "The node knows no transaction or block with this id.")
    if code == "not_on_chain":
        data = getattr(e, "data", {}) or {}
        return translate("ExplorerRemote", "There is no block {0}: the chain goes from block 1 to block {1}.").format(
            format_count(int(data.get("height", 0))), format_count(int(data.get("tip", 0)))
        )
    if code in light_codes() or code == "verification_failed":
        return light_failure_text(e)
    return describe_explorer_error(e)

