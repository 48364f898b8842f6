"""Approval requests waiting for this signer: open requests of organisation accounts whose keys include ours.

Read from the node's approval records (``approval/item/…``, docs/protocol/approvals.md)
and each group account's current signer set, so the "2 of 3" shown is what
the chain will count now (a key rotated out no longer counts).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.formatting import format_amount_locale, format_time_ms, short_id
from app.node_bridge import spawn
from app.tx_text import kind_text
from node.client import AsyncNodeClient
from node.core.errors import DepotError
from node.modules import default_registry
from node.modules.approvals.records import APPROVAL_PREFIX, ApprovalStatus
from wallet.pst import AccountSnapshot

log = logging.getLogger(__name__)

ApprovalRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class PendingApproval:
    """One open request, as this signer needs to judge it."""

    approval_id: int
    account: str
    """The organisation (group) account that will act."""
    proposer: str
    kind: str
    value: int
    """Minor units the proposed transaction moves (0 if none)."""
    memo: str
    deadline_ms: int
    approved: int
    """Approvals that count now."""
    needed: int
    payload_hex: str
    mine_approved: bool
    """One of this signer's keys already approved."""


def _key_bytes(k: Any) -> bytes | None:
    if isinstance(k, dict) and isinstance(k.get("public_key"), str):
        try:
            return bytes.fromhex(k["public_key"])
        except ValueError:
            return None
    return None


class ApprovalsModel(QAbstractTableModel):
    """Open approval requests this signer can approve."""

    COLUMNS = ("id", "account", "action", "amount", "memo", "approvals", "deadline")
    loadingChanged = Signal(bool)
    loadFailed = Signal(str)

    def __init__(self, client: AsyncNodeClient, parent: Any = None) -> None:
        super().__init__(parent)
        self._client = client
        self._rows: list[PendingApproval] = []
        self._generation = 0
        self.loading = False
        self.include_approved = False
        self.names: dict[str, str] = {}

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
            self.tr("Request"),
            self.tr("Organisation account"),
            self.tr("Action"),
            self.tr("Amount"),
            self.tr("Note"),
            self.tr("Approvals"),
            self.tr("Deadline"),
        )[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.COLUMNS):
            return None
        a = self._rows[index.row()]
        col = self.COLUMNS[index.column()]
        if role == ApprovalRole:
            return a
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "id":
                return f"#{a.approval_id}"
            if col == "account":
                return self.names.get(a.account) or short_id(a.account, 10, 6)
            if col == "action":
                return kind_text(a.kind)
            if col == "amount":
                return format_amount_locale(a.value) if a.value else "—"
            if col == "memo":
                return a.memo
            if col == "approvals":
                text = self.tr("{0} of {1}").format(a.approved, a.needed)
                return text + (" " + self.tr("(you approved)") if a.mine_approved else "")
            if col == "deadline":
                return format_time_ms(a.deadline_ms)
        if role == Qt.ItemDataRole.ToolTipRole and col == "account":
            return a.account
        if role == Qt.ItemDataRole.TextAlignmentRole and col == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def approval(self, row: int) -> PendingApproval:
        return self._rows[row]

    def set_rows(self, rows: list[PendingApproval]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda a: a.approval_id)
        self.endResetModel()

    def load(self, my_keys: set[bytes]) -> None:
        """Reload for a signer holding ``my_keys`` (the current account's keys on chain)."""
        self._generation += 1
        if not my_keys:
            self.set_rows([])
            return
        spawn(self._load(set(my_keys), self._generation), name="approvals-load")

    async def _load(self, my_keys: set[bytes], generation: int) -> None:
        self.loading = True
        self.loadingChanged.emit(True)
        try:
            records: list[dict[str, Any]] = []
            after: bytes | None = None
            while True:
                answer = await self._client.records(APPROVAL_PREFIX, after=after, limit=100)
                page = answer.get("records", [])
                records.extend(page)
                nxt = answer.get("next")
                if not nxt or not page:
                    break
                after = bytes.fromhex(nxt)
            rows = []
            accounts: dict[str, AccountSnapshot | None] = {}
            reg = default_registry()
            for r in records:
                rec = r.get("record")
                if not isinstance(rec, dict) or rec.get("status") != int(ApprovalStatus.OPEN):
                    continue
                account = str(rec.get("account", ""))
                if account not in accounts:
                    got = await self._client.account(account)
                    acct = got.get("account") if got.get("exists") else None
                    accounts[account] = AccountSnapshot.from_api(acct) if isinstance(acct, dict) else None
                snap = accounts[account]
                if snap is None:
                    continue
                group_keys = {bytes(pk) for _s, pk in snap.keys}
                if not group_keys & my_keys:
                    continue  # we are not a signer of this organisation account
                approved_keys = {k for k in (_key_bytes(x) for x in rec.get("approvals", [])) if k}
                counted = approved_keys & group_keys
                mine = bool(approved_keys & my_keys)
                if mine and not self.include_approved:
                    continue
                kind = str(rec.get("kind", ""))
                payload_hex = str(rec.get("payload", ""))
                value = 0
                try:
                    inner = reg.decode_payload(kind, bytes.fromhex(payload_hex))
                    value = int(reg.kinds[kind].value(inner))
                except (DepotError, KeyError, ValueError):
                    log.info("approval %s: cannot decode its %s payload", rec.get("approval_id"), kind)
                rows.append(
                    PendingApproval(
                        approval_id=int(rec.get("approval_id", 0)),
                        account=account,
                        proposer=str(rec.get("proposer", "")),
                        kind=kind,
                        value=value,
                        memo=str(rec.get("memo", "")),
                        deadline_ms=int(rec.get("deadline_ms", 0)),
                        approved=len(counted),
                        needed=snap.needed(value),
                        payload_hex=payload_hex,
                        mine_approved=mine,
                    )
                )
            if generation == self._generation:
                self.set_rows(rows)
        except DepotError as e:
            from app.error_text import describe

            if generation == self._generation:
                self.loadFailed.emit(describe(e))
        finally:
            if generation == self._generation:
                self.loading = False
                self.loadingChanged.emit(False)
