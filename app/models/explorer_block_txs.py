"""The transactions of one block in the explorer's light mode, each proven to be in the block's verified header.

The node's API lists the block's transaction ids (``GET /v1/blocks/{h}/tx_ids``); each is then read through
the light client's verified read (``get_tx``: the transaction with its inclusion proof, checked against the
transactions root of the verified header) and must be proven in *this* block at *its* position.  When every
one is proven, the transactions root is rebuilt from them all and compared with the header's, which proves
the list complete and in order.  A transaction whose proof fails is shown with the red mark and its reason,
never its content; one not checked yet says "unverified".

All of it runs as one task on the app's loop, each read in the light client's thread; progress is reported
as it goes and ``cancel()`` stops it after the read in flight.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.formatting import format_count, short_id
from app.models.explorer_remote import (
    CHECKING,
    FAILED,
    UNVERIFIED,
    VERIFIED,
    Column,
    LightAnswer,
    RowsModel,
    VerificationMismatch,
    is_proof_failure,
    mark_colour,
    tx_answer,
)
from app.node_bridge import spawn
from node.core.errors import DepotError

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

_ModelIndex = QModelIndex | QPersistentModelIndex

#: Progress is reported at most this often (seconds): a block of 10,000 transactions must not flood the GUI.
PROGRESS_EVERY_S = 0.1

# Job states.
IDLE = "idle"
RUNNING = "running"
DONE = "done"
"""Every transaction proven and the list proven complete."""
INCOMPLETE = "incomplete"
"""Every listed transaction checked, but some failed or the list does not rebuild the transactions root."""
CANCELLED = "cancelled"
STOPPED = "stopped"
"""The light client or the node could not be used (``failed`` carried why)."""


@dataclass(slots=True)
class BlockTx:
    """One listed transaction and what the light client made of it."""

    index: int
    tx_id_hex: str
    status: str = UNVERIFIED
    kind: str = ""
    """From the verified transaction (empty until proven)."""
    sender: str = ""
    result_code: str = ""
    """As the node reports it: block headers do not commit to outcomes."""
    error: BaseException | None = None
    answer: LightAnswer | None = None
    """The verified detail, for the detail view (None unless ``VERIFIED``)."""


COLUMNS = (
    Column("index", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Position"))),
    Column("tx_id", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Transaction id")), mono=True),
    Column("kind", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Kind"))),
    Column("sender", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Sender")), mono=True),
    Column("result", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Result (node's word)"))),
    Column("provenance", str(QT_TRANSLATE_NOOP("ExplorerRemote", "Verified"))),
)

def mark_text(row: BlockTx, height: int) -> str:
    if row.status == VERIFIED:
        return "✔ " + translate("ExplorerBlockTxs", "in block {0}, verified").format(format_count(height))
    if row.status == CHECKING:
        return translate("ExplorerBlockTxs", "verifying…")
    if row.status == FAILED:
        return "✖ " + translate("ExplorerBlockTxs", "verification failed")
    return "⚠ " + translate("ExplorerBlockTxs", "unverified")


def result_text(code: str) -> str:
    if not code:
        return ""
    if code == "ok":
        return translate("ExplorerBlockTxs", "succeeded")
    return translate("ExplorerBlockTxs", "failed: {0}").format(code)


class BlockTxsModel(RowsModel):
    """The listed transactions of one verified block, proven one by one (see the module docstring)."""

    progressChanged = Signal(int, int)
    """``(checked, total)`` while the job runs."""
    stateChanged = Signal(str)
    """``IDLE``, ``RUNNING``, ``DONE``, ``INCOMPLETE``, ``CANCELLED`` or ``STOPPED``."""
    failed = Signal(str)
    """A translated sentence: the job stopped (node unreachable, light client not configured...)."""

    def __init__(self, client: Any, light: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.client = client
        self.light = light
        self.columns = COLUMNS
        self._rows: list[BlockTx] = []
        self.height = 0
        self.block_id_hex = ""
        self.state = IDLE
        self.checked = 0
        self.list_error: BaseException | None = None
        """Why the list as a whole is not proven (the node's list is for another block, or incomplete)."""
        self._generation = 0
        self._cancel = False
        self._task: asyncio.Task[Any] | None = None

    # --- Qt model API ---------------------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header()
        if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].key == "result":
            return translate("ExplorerBlockTxs", "As the node reports it: block headers do not commit to outcomes, so the result is not verified.")
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        key = self.columns[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "tx_id":
                return row.tx_id_hex
            if key == "sender":
                return row.sender or None
            if key == "provenance" and row.status == FAILED and row.error is not None:
                from app.models.explorer_light_errors import light_failure_text

                return light_failure_text(row.error)
            if key == "provenance" and row.status == VERIFIED:
                return translate(
                    "ExplorerBlockTxs", "Its inclusion proof leads to the transactions root of block {0}, whose header the light client verified."
                ).format(format_count(self.height))
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "provenance":
            return mark_colour(row.status)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "index":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- rows ---------------------------------------------------------------------------------------

    def cells(self, row: BlockTx) -> list[str]:
        from app.tx_text import kind_text

        return [
            str(row.index),  # from 0, as the protocol and the full explorer count
            short_id(row.tx_id_hex, 12, 6),
            kind_text(row.kind, row.kind) if row.kind else "",
            short_id(row.sender, 12, 6) if row.sender else "",
            result_text(row.result_code),
            mark_text(row, self.height),
        ]

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    # --- the job --------------------------------------------------------------------------------------

    def load(self, header: Any) -> None:
        """List and prove the transactions of the verified block ``header`` (a ``LightBlock``)."""
        self.cancel()
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self.height = int(header.height)
        self.block_id_hex = bytes(header.block_id).hex()
        self.checked = 0
        self.list_error = None
        self.endResetModel()
        self._cancel = False
        self._set_state(RUNNING)
        self._task = spawn(self._run(header, self._generation), name="explorer-block-txs")

    def clear(self) -> None:
        self.cancel()
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self.height = 0
        self.endResetModel()
        self._set_state(IDLE)

    def cancel(self) -> None:
        """Stop after the read in flight (what is proven stays; the rest says "unverified")."""
        if self.state == RUNNING:
            self._cancel = True

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def _set_row(self, r: int, **changes: Any) -> None:
        row = self._rows[r]
        for k, v in changes.items():
            setattr(row, k, v)
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.columns) - 1))

    async def _run(self, header: Any, generation: int) -> None:
        try:
            await self._prove(header, generation)
        except DepotError as e:
            if generation != self._generation:
                return
            from app.models.explorer_remote import describe_light_error

            for r, row in enumerate(self._rows):
                if row.status == CHECKING:
                    self._set_row(r, status=UNVERIFIED)
            self._set_state(STOPPED)
            self.failed.emit(describe_light_error(e))
        except Exception as e:  # noqa: BLE001 - a bug must not leave the view "verifying…" for ever
            log.exception("block transactions: proving failed")
            if generation == self._generation:
                self._set_state(STOPPED)
                self.failed.emit(translate("ExplorerBlockTxs", "Checking the transactions failed: {0}").format(str(e)))

    async def _prove(self, header: Any, generation: int) -> None:
        height = self.height
        answer = await self.client.block_tx_ids(height)
        if generation != self._generation:
            return
        try:
            listed_height = int(answer.get("height"))
            ids = [str(t).lower() for t in answer.get("tx_ids") or []]
            for t in ids:
                bytes.fromhex(t)
        except (TypeError, ValueError) as e:
            raise VerificationMismatch(f"malformed transaction list for block {height}: {e}", reason="malformed_summary") from e
        if listed_height != height:
            self.list_error = VerificationMismatch(
                f"asked for block {height}'s transactions, the node listed block {listed_height}'s",
                reason="tx_ids_other_block",
            )
            self._set_state(INCOMPLETE)
            return
        if ids:
            self.beginInsertRows(QModelIndex(), 0, len(ids) - 1)
            self._rows = [BlockTx(i, t) for i, t in enumerate(ids)]
            self.endInsertRows()
        total = len(ids)
        self.progressChanged.emit(0, total)
        raws: list[bytes] = []
        any_failed = False
        last_report = time.monotonic()
        for r, tx_id in enumerate(ids):
            if self._cancel:
                self._set_state(CANCELLED)
                self.progressChanged.emit(self.checked, total)
                return
            self._set_row(r, status=CHECKING)
            try:
                vt = await self.light.verify_tx(bytes.fromhex(tx_id))
                if generation != self._generation:
                    return
                if vt.height != height or bytes(vt.block_id).hex() != self.block_id_hex:
                    raise VerificationMismatch(
                        f"transaction {tx_id[:16]}… is proven in block {vt.height}, listed in block {height}",
                        reason="tx_in_other_block",
                    )
                if vt.index != r:
                    raise VerificationMismatch(
                        f"transaction {tx_id[:16]}… is proven at position {vt.index}, listed at {r}",
                        reason="tx_other_position",
                    )
            except DepotError as e:
                if generation != self._generation:
                    return
                if not is_proof_failure(e):
                    raise
                any_failed = True
                self._set_row(r, status=FAILED, error=e)
            else:
                raws.append(bytes(vt.raw))
                self._set_row(
                    r,
                    status=VERIFIED,
                    kind=str(vt.tx.body.kind),
                    sender=_address_text(vt.tx.body.sender),
                    result_code=vt.result_code,
                    answer=tx_answer(vt),
                )
            self.checked = r + 1
            now = time.monotonic()
            if now - last_report >= PROGRESS_EVERY_S or self.checked == total:
                last_report = now
                self.progressChanged.emit(self.checked, total)
        if any_failed:
            self._set_state(INCOMPLETE)
            return
        # Every listed transaction is proven in place: the list is the block's whole list only if the
        # transactions root rebuilt from them all is the verified header's.
        from node.core.blocks import txs_root

        root = await asyncio.get_running_loop().run_in_executor(None, txs_root, raws)
        if generation != self._generation:
            return
        if bytes(root) != bytes(header.header.txs_root):
            self.list_error = VerificationMismatch(
                f"the {total} transactions listed for block {height} do not rebuild its transactions root",
                reason="tx_list_incomplete",
            )
            self._set_state(INCOMPLETE)
            return
        self._set_state(DONE)


def _address_text(raw: Any) -> str:
    from node.core.address import format_address

    return str(format_address(raw))
