"""A decoded payload or record as a tree of fields, with addresses, ids and amounts written for people.

Amounts (``amount``, ``balance``, ``frozen``, ``*_amount``, ``*_cost``...)
show in major units with the exact minor units beside them; times
(``*_ms``) as local date and time; addresses, 64-hex ids and ``*_id``
references are links: activating one emits ``linkActivated(kind, value)``
so the detail dialog can open what it names.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.formatting import format_amount_locale, format_count, format_time_ms
from app.tx_text import field_text

LinkRole = Qt.ItemDataRole.UserRole + 1
"""``(kind, value)`` of a link item: kind is ``address``, ``id`` or ``ref``."""

_AMOUNT_KEYS = frozenset(
    {"amount", "balance", "frozen", "escrow", "escrowed", "issued", "redeemed", "high_amount", "fee", "total", "paid", "refund"}
)
_AMOUNT_SUFFIXES = ("_amount", "_cost", "_total", "_paid", "_refund", "_escrow", "_balance")
_HEX = frozenset("0123456789abcdef")


# Every field name of the transaction envelope, the block header, and every registered payload and record
# type, in people's words (tests/app/test_explorer_light_mode.py checks none is missing).  Marked here for
# lupdate, translated when shown.
FIELD_LABELS: dict[str, str] = {
    "tx_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Transaction ID")),
    "height": str(QT_TRANSLATE_NOOP("DecodedTree", "Block height")),
    "index": str(QT_TRANSLATE_NOOP("DecodedTree", "Position in block")),
    "block_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Block ID")),
    "chain_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Chain ID")),
    "sender": str(QT_TRANSLATE_NOOP("DecodedTree", "Sender")),
    "nonce": str(QT_TRANSLATE_NOOP("DecodedTree", "Sequence number")),
    "expires_at": str(QT_TRANSLATE_NOOP("DecodedTree", "Valid until")),
    "kind": str(QT_TRANSLATE_NOOP("DecodedTree", "Kind")),
    "payload": str(QT_TRANSLATE_NOOP("DecodedTree", "Content")),
    "payload_raw": str(QT_TRANSLATE_NOOP("DecodedTree", "Content (raw bytes)")),
    "signatures": str(QT_TRANSLATE_NOOP("DecodedTree", "Signatures")),
    "result_code": str(QT_TRANSLATE_NOOP("DecodedTree", "Result")),
    "version": str(QT_TRANSLATE_NOOP("DecodedTree", "Version")),
    "time_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Time")),
    "prev_block_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Previous block ID")),
    "last_commit_hash": str(QT_TRANSLATE_NOOP("DecodedTree", "Previous block's commit hash")),
    "txs_root": str(QT_TRANSLATE_NOOP("DecodedTree", "Transactions root")),
    "state_root": str(QT_TRANSLATE_NOOP("DecodedTree", "State root")),
    "validators_hash": str(QT_TRANSLATE_NOOP("DecodedTree", "Validator set hash")),
    "next_validators_hash": str(QT_TRANSLATE_NOOP("DecodedTree", "Next validator set hash")),
    "evidence_hash": str(QT_TRANSLATE_NOOP("DecodedTree", "Evidence hash")),
    "proposer": str(QT_TRANSLATE_NOOP("DecodedTree", "Proposer")),
    "address": str(QT_TRANSLATE_NOOP("DecodedTree", "Address")),
    "account": str(QT_TRANSLATE_NOOP("DecodedTree", "Account")),
    "organisation": str(QT_TRANSLATE_NOOP("DecodedTree", "Organisation")),
    "org_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Organisation ID")),
    "roles": str(QT_TRANSLATE_NOOP("DecodedTree", "Roles")),
    "balance": str(QT_TRANSLATE_NOOP("DecodedTree", "Balance")),
    "escrow": str(QT_TRANSLATE_NOOP("DecodedTree", "In escrow")),
    "frozen": str(QT_TRANSLATE_NOOP("DecodedTree", "Frozen")),
    "keys": str(QT_TRANSLATE_NOOP("DecodedTree", "Signer keys")),
    "threshold": str(QT_TRANSLATE_NOOP("DecodedTree", "Signatures needed")),
    "high_threshold": str(QT_TRANSLATE_NOOP("DecodedTree", "Signatures needed for large amounts")),
    "high_amount": str(QT_TRANSLATE_NOOP("DecodedTree", "Large amount from")),
    "scheme": str(QT_TRANSLATE_NOOP("DecodedTree", "Signature scheme")),
    "public_key": str(QT_TRANSLATE_NOOP("DecodedTree", "Public key")),
    "signature": str(QT_TRANSLATE_NOOP("DecodedTree", "Signature")),
    "device_keys": str(QT_TRANSLATE_NOOP("DecodedTree", "Device keys")),
    "old": str(QT_TRANSLATE_NOOP("DecodedTree", "Key being replaced")),
    "new": str(QT_TRANSLATE_NOOP("DecodedTree", "New key")),
    "name": str(QT_TRANSLATE_NOOP("DecodedTree", "Name")),
    "amount": str(QT_TRANSLATE_NOOP("DecodedTree", "Amount")),
    "to": str(QT_TRANSLATE_NOOP("DecodedTree", "Pay to")),
    "memo": str(QT_TRANSLATE_NOOP("DecodedTree", "Note")),
    "note": str(QT_TRANSLATE_NOOP("DecodedTree", "Note")),
    "issued": str(QT_TRANSLATE_NOOP("DecodedTree", "Issued")),
    "redeemed": str(QT_TRANSLATE_NOOP("DecodedTree", "Redeemed")),
    "released": str(QT_TRANSLATE_NOOP("DecodedTree", "Released")),
    "paid": str(QT_TRANSLATE_NOOP("DecodedTree", "Paid")),
    "total": str(QT_TRANSLATE_NOOP("DecodedTree", "Total")),
    "received": str(QT_TRANSLATE_NOOP("DecodedTree", "Received")),
    "reserved": str(QT_TRANSLATE_NOOP("DecodedTree", "Reserved")),
    "pending": str(QT_TRANSLATE_NOOP("DecodedTree", "Pending")),
    "approval_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Approval request")),
    "approvals": str(QT_TRANSLATE_NOOP("DecodedTree", "Approvals")),
    "approve": str(QT_TRANSLATE_NOOP("DecodedTree", "Approve")),
    "proposal_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Proposal")),
    "title": str(QT_TRANSLATE_NOOP("DecodedTree", "Title")),
    "action_kind": str(QT_TRANSLATE_NOOP("DecodedTree", "Proposed action kind")),
    "action_payload": str(QT_TRANSLATE_NOOP("DecodedTree", "Proposed action content")),
    "ballots": str(QT_TRANSLATE_NOOP("DecodedTree", "Ballots")),
    "vote": str(QT_TRANSLATE_NOOP("DecodedTree", "Vote")),
    "voter": str(QT_TRANSLATE_NOOP("DecodedTree", "Voter")),
    "vote_a": str(QT_TRANSLATE_NOOP("DecodedTree", "First vote")),
    "vote_b": str(QT_TRANSLATE_NOOP("DecodedTree", "Second vote")),
    "vote_type": str(QT_TRANSLATE_NOOP("DecodedTree", "Vote type")),
    "round": str(QT_TRANSLATE_NOOP("DecodedTree", "Round")),
    "validator": str(QT_TRANSLATE_NOOP("DecodedTree", "Validator")),
    "validators": str(QT_TRANSLATE_NOOP("DecodedTree", "Validators")),
    "power": str(QT_TRANSLATE_NOOP("DecodedTree", "Voting power")),
    "evidence": str(QT_TRANSLATE_NOOP("DecodedTree", "Evidence")),
    "committed_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Committed at block")),
    "effective_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Effective from block")),
    "proposed_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Proposed at")),
    "deadline_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Deadline")),
    "status": str(QT_TRANSLATE_NOOP("DecodedTree", "Status")),
    "reason": str(QT_TRANSLATE_NOOP("DecodedTree", "Reason")),
    "amendment": str(QT_TRANSLATE_NOOP("DecodedTree", "Amendment")),
    "amended_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Amended at block")),
    "tank_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Tank")),
    "storage_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Supplier's storage tank")),
    "owner": str(QT_TRANSLATE_NOOP("DecodedTree", "Owner")),
    "supplier": str(QT_TRANSLATE_NOOP("DecodedTree", "Supplier")),
    "product": str(QT_TRANSLATE_NOOP("DecodedTree", "Product")),
    "site": str(QT_TRANSLATE_NOOP("DecodedTree", "Site")),
    "operator": str(QT_TRANSLATE_NOOP("DecodedTree", "Operator")),
    "capacity_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Capacity (litres)")),
    "geometry": str(QT_TRANSLATE_NOOP("DecodedTree", "Geometry")),
    "shape": str(QT_TRANSLATE_NOOP("DecodedTree", "Shape")),
    "diameter_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Diameter (mm)")),
    "length_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Length (mm)")),
    "max_level_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Highest level (mm)")),
    "table": str(QT_TRANSLATE_NOOP("DecodedTree", "Level-to-volume table")),
    "warning_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Warning line (mm)")),
    "critical_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Critical line (mm)")),
    "level_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Level (mm)")),
    "level_time_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Level read at")),
    "has_level": str(QT_TRANSLATE_NOOP("DecodedTree", "Has a level reading")),
    "volume_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Volume (litres)")),
    "full_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Full volume (litres)")),
    "inventory_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Inventory (litres)")),
    "reserved_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Reserved (litres)")),
    "receive_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Received into storage (litres)")),
    "remove_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Removed from storage (litres)")),
    "reorder_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Reorder quantity (litres)")),
    "current_ua": str(QT_TRANSLATE_NOOP("DecodedTree", "Sensor current (µA)")),
    "reading": str(QT_TRANSLATE_NOOP("DecodedTree", "Reading")),
    "readings": str(QT_TRANSLATE_NOOP("DecodedTree", "Readings")),
    "seq": str(QT_TRANSLATE_NOOP("DecodedTree", "Sequence number")),
    "last_seq": str(QT_TRANSLATE_NOOP("DecodedTree", "Last sequence number")),
    "last_time_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Last reading at")),
    "fault": str(QT_TRANSLATE_NOOP("DecodedTree", "Sensor fault")),
    "faults": str(QT_TRANSLATE_NOOP("DecodedTree", "Sensor faults")),
    "last_fault": str(QT_TRANSLATE_NOOP("DecodedTree", "Last sensor fault")),
    "debounce": str(QT_TRANSLATE_NOOP("DecodedTree", "Readings needed below the line")),
    "below_warning": str(QT_TRANSLATE_NOOP("DecodedTree", "Readings below the warning line")),
    "reading_max_age_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Oldest reading accepted")),
    "reading_window_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Reading window")),
    "max_fall_mm_per_min": str(QT_TRANSLATE_NOOP("DecodedTree", "Fastest plausible fall (mm/min)")),
    "max_rise_mm_per_min": str(QT_TRANSLATE_NOOP("DecodedTree", "Fastest plausible rise (mm/min)")),
    "trigger_level_mm": str(QT_TRANSLATE_NOOP("DecodedTree", "Level that triggered the order (mm)")),
    "trigger_seq": str(QT_TRANSLATE_NOOP("DecodedTree", "Reading that triggered the order")),
    "fill_watch": str(QT_TRANSLATE_NOOP("DecodedTree", "Delivery watch")),
    "fill_base_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Volume before delivery (litres)")),
    "fill_peak_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Highest volume during delivery (litres)")),
    "fill_peak_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Highest volume at")),
    "fill_target_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Expected volume after delivery (litres)")),
    "fill_min_percent": str(QT_TRANSLATE_NOOP("DecodedTree", "Smallest fill counted as delivery (%)")),
    "fill_settle_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Settling time after a fill")),
    "fill_since_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Fill started at")),
    "open_order": str(QT_TRANSLATE_NOOP("DecodedTree", "Open order")),
    "open_urgent": str(QT_TRANSLATE_NOOP("DecodedTree", "Urgent order open")),
    "urgent": str(QT_TRANSLATE_NOOP("DecodedTree", "Urgent")),
    "registered_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Registered at block")),
    "order_id": str(QT_TRANSLATE_NOOP("DecodedTree", "Order")),
    "orders": str(QT_TRANSLATE_NOOP("DecodedTree", "Orders")),
    "buyer": str(QT_TRANSLATE_NOOP("DecodedTree", "Buyer")),
    "quantity": str(QT_TRANSLATE_NOOP("DecodedTree", "Quantity")),
    "quantity_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Quantity (litres)")),
    "unit": str(QT_TRANSLATE_NOOP("DecodedTree", "Unit")),
    "unit_price": str(QT_TRANSLATE_NOOP("DecodedTree", "Unit price")),
    "estimated_cost": str(QT_TRANSLATE_NOOP("DecodedTree", "Estimated cost")),
    "delivered_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Delivered (litres)")),
    "delivered_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Delivered at")),
    "dispatched_l": str(QT_TRANSLATE_NOOP("DecodedTree", "Dispatched (litres)")),
    "dispatched_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Dispatched at")),
    "delivery_deadline_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Delivery deadline")),
    "max_delivery_deadline_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Longest delivery deadline")),
    "dispute_window_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Dispute window")),
    "max_dispute_window_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Longest dispute window")),
    "settle_after_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Settles after")),
    "dispute_reason": str(QT_TRANSLATE_NOOP("DecodedTree", "Dispute reason")),
    "disputed_by": str(QT_TRANSLATE_NOOP("DecodedTree", "Disputed by")),
    "disputed_status": str(QT_TRANSLATE_NOOP("DecodedTree", "Status when disputed")),
    "resolution_note": str(QT_TRANSLATE_NOOP("DecodedTree", "Resolution")),
    "arbiter": str(QT_TRANSLATE_NOOP("DecodedTree", "Arbiter")),
    "terms": str(QT_TRANSLATE_NOOP("DecodedTree", "Terms")),
    "terms_hash": str(QT_TRANSLATE_NOOP("DecodedTree", "Terms hash")),
    "created_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Created at block")),
    "created_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Created at")),
    "closed_height": str(QT_TRANSLATE_NOOP("DecodedTree", "Closed at block")),
    "closed_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Closed at")),
    "close_reason": str(QT_TRANSLATE_NOOP("DecodedTree", "Why it closed")),
    "bill_no": str(QT_TRANSLATE_NOOP("DecodedTree", "Bill number")),
    "bill_nos": str(QT_TRANSLATE_NOOP("DecodedTree", "Bill numbers")),
    "payer": str(QT_TRANSLATE_NOOP("DecodedTree", "Payer")),
    "payee": str(QT_TRANSLATE_NOOP("DecodedTree", "Payee")),
    "party": str(QT_TRANSLATE_NOOP("DecodedTree", "Party")),
    "counterparty": str(QT_TRANSLATE_NOOP("DecodedTree", "Counterparty")),
    "due_ms": str(QT_TRANSLATE_NOOP("DecodedTree", "Due")),
    "month": str(QT_TRANSLATE_NOOP("DecodedTree", "Month")),
    "reference": str(QT_TRANSLATE_NOOP("DecodedTree", "Reference")),
    "item": str(QT_TRANSLATE_NOOP("DecodedTree", "Item")),
    "entries": str(QT_TRANSLATE_NOOP("DecodedTree", "Entries")),
    "count": str(QT_TRANSLATE_NOOP("DecodedTree", "Count")),
    "n": str(QT_TRANSLATE_NOOP("DecodedTree", "Number")),
    "next_no": str(QT_TRANSLATE_NOOP("DecodedTree", "Next number")),
    "next_bucket": str(QT_TRANSLATE_NOOP("DecodedTree", "Next page")),
    "pages": str(QT_TRANSLATE_NOOP("DecodedTree", "Pages")),
}

#: Fields whose meaning at the top of a transaction or header differs from inside a payload
#: (``kind`` is the transaction's kind there, a proposed kind in an approval).
ENVELOPE_FIELDS = frozenset(
    {"tx_id", "height", "index", "block_id", "chain_id", "sender", "nonce", "expires_at", "kind", "payload",
     "payload_raw", "signatures", "result_code", "version", "time_ms", "prev_block_id", "last_commit_hash",
     "txs_root", "state_root", "validators_hash", "next_validators_hash", "evidence_hash", "proposer"}
)


def field_label(key: str, *, top_level: bool = False) -> str:
    """The translated label of a field name (the wallet's words first inside a payload); the name if unknown."""
    if not top_level or key not in ENVELOPE_FIELDS:
        wallet = field_text(key, "\0")
        if wallet != "\0":
            return wallet
    label = FIELD_LABELS.get(key)
    if label is not None:
        return QCoreApplication.translate("DecodedTree", label)
    return key


def is_amount_key(key: str) -> bool:
    return key in _AMOUNT_KEYS or key.endswith(_AMOUNT_SUFFIXES)


def is_time_key(key: str) -> bool:
    return key.endswith("_ms") and not key.endswith(("ttl_ms", "interval_ms", "period_ms", "time_ms_delta")) or key in ("time_ms", "deadline_ms", "expires_at")


def link_of(key: str, value: Any) -> tuple[str, str] | None:
    """The link a value is, if any: ``("address", text)``, ``("id", hex)`` or ``("ref", text)``."""
    if not isinstance(value, str):
        return None
    if value.startswith("depot1") and len(value) >= 40:
        return ("address", value)
    if len(value) == 64 and set(value) <= _HEX and key not in ("public_key", "signature", "state_root", "txs_root"):
        return ("id", value)
    if (key.endswith("_id") or key == "ref") and value and key not in ("org_id", "chain_id"):
        return ("ref", value)
    return None


class DecodedTree(QTreeWidget):
    """Field / value tree of JSON-like data."""

    linkActivated = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decodedTree")
        self.setColumnCount(2)
        self.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(True)
        self.itemActivated.connect(self._activated)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._envelope = False

    def set_data(
        self, data: Any, *, expand_depth: int = 2, envelope: bool = False, unverified: tuple[str, ...] = ()
    ) -> None:
        """Show ``data``; ``envelope``: its top level is a transaction's or header's own fields (``kind`` is
        the transaction's kind); ``unverified``: top-level fields no proof covers, each said to be so."""
        self.clear()
        self._envelope = envelope
        if isinstance(data, dict):
            for k, v in data.items():
                item = self._add(None, str(k), v)
                if k in unverified:
                    self._mark_unverified(item)
        elif isinstance(data, list):
            for i, v in enumerate(data):
                self._add(None, f"[{i}]", v)
        else:
            self._add(None, "", data)
        self.expandToDepth(expand_depth - 1)

    def _add(self, parent: QTreeWidgetItem | None, key: str, value: Any, field: str | None = None) -> QTreeWidgetItem:
        """Add ``key: value``; ``field`` is the name that says what the value is (a list item's: its list's)."""
        shown = key if key.startswith("[") or not key else field_label(key, top_level=parent is None and self._envelope)
        item = QTreeWidgetItem([shown, ""]) if parent is None else QTreeWidgetItem(parent, [shown, ""])
        if shown != key:
            item.setToolTip(0, key)
        if parent is None:
            self.addTopLevelItem(item)
        if isinstance(value, dict):
            item.setText(1, self.tr("Fields: {0}").format(len(value)) if value else "{}")
            for k, v in value.items():
                self._add(item, str(k), v)
            return item
        if isinstance(value, list):
            item.setText(1, self.tr("Items: {0}").format(len(value)) if value else "[]")
            singular = key[:-1] if key.endswith("s") else key  # "order_ids" items are order ids
            for i, v in enumerate(value):
                self._add(item, f"[{i}]", v, singular)
            return item
        base = field if field is not None else key
        if parent is None and self._envelope and key == "kind" and isinstance(value, str):
            from app.tx_text import kind_text

            described = kind_text(value, value)
            item.setText(1, value if described == value else f"{described}  ({value})")
            item.setToolTip(1, value)
            return item
        item.setText(1, self.value_text(base, value))
        item.setToolTip(1, "" if value is None else str(value))
        link = link_of(base, value)
        if link is not None:
            item.setData(1, LinkRole, link)
            item.setForeground(1, QBrush(self.palette().color(QPalette.ColorRole.Link)))
            f = QFont(self._mono) if link[0] in ("address", "id") else item.font(1)
            f.setUnderline(True)
            item.setFont(1, f)
            item.setToolTip(1, self.tr("Double-click to open {0}").format(value))
        elif isinstance(value, str) and len(value) >= 32 and set(value) <= _HEX:
            item.setFont(1, self._mono)
        return item

    def value_text(self, key: str, value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, int):
            if is_amount_key(key):
                return self.tr("{0} (in minor units: {1})").format(format_amount_locale(value), format_count(value))
            if is_time_key(key) and value > 10**11:
                return f"{format_time_ms(value)}  ({value})"
            return str(value)
        return str(value)

    def _mark_unverified(self, item: QTreeWidgetItem) -> None:
        """Say beside the value that no proof covers it (a transaction's result: headers do not commit to it)."""
        item.setText(1, item.text(1) + "   ⚠ " + self.tr("as the node reports it, not verified"))
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        item.setForeground(1, QBrush(QColor("#ffcc80" if dark else "#8a4b00")))
        item.setToolTip(1, self.tr("Block headers do not commit to outcomes, so this value is the node's word."))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        link = item.data(1, LinkRole)
        if link:
            self.linkActivated.emit(str(link[0]), str(link[1]))

    def links(self) -> list[tuple[str, str]]:
        """Every link in the tree (tests, and keyboard users who tab through them)."""
        out: list[tuple[str, str]] = []

        def walk(it: QTreeWidgetItem) -> None:
            link = it.data(1, LinkRole)
            if link:
                out.append((str(link[0]), str(link[1])))
            for i in range(it.childCount()):
                walk(it.child(i))

        for i in range(self.topLevelItemCount()):
            walk(self.topLevelItem(i))
        return out
