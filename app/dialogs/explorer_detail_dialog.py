"""Decoded detail views of a block, a transaction, an account, a record or an id, with where each value came from.

The dialog reads the explorer index off the GUI thread and shows every field
decoded: amounts in major and minor units, times, parties and ids as links
that open what they name (Back and Forward walk the trail).  Beside the
title a mark says where the values came from — the local full node's data,
or a copied data folder — and, where the network's pinned genesis is known,
the light client proves them: a block's header, a transaction's inclusion,
an account's or record's value against a verified state root.  Then the
mark says "Verified against block N"; a proof that fails says so in red.
A record the light client proves at a newer height than the index shows the
proven value, marked, with a note that the index is behind.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.formatting import format_count, format_time_ms
from app.models.explorer_light import light_for
from app.models.explorer_source import FULL_NODE, ExplorerSource
from app.models.explorer_tables import (
    EventsTableModel,
    TxsTableModel,
    describe_explorer_error,
    record_type_text,
    tx_result,
)
from app.node_bridge import spawn
from app.tx_text import kind_text
from app.widgets.decoded_tree import DecodedTree
from app.widgets.verified_mark import (
    CHECKING,
    DATA_FOLDER,
    FAILED,
    VERIFIED,
    Provenance,
    VerifiedMark,
)
from app.widgets.verified_mark import FULL_NODE as MARK_FULL_NODE
from node.core.errors import DepotError

log = logging.getLogger(__name__)

Target = tuple[str, Any]
"""``("block", height)``, ``("tx", hex id)``, ``("address", text)``, ``("record", key bytes)``,
``("ref", id text)`` or ``("id", 64 hex: a transaction or block)``."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """What one target's view shows, read in the executor."""

    target: Target
    title_kind: str
    main: Any
    extra: dict[str, Any]


def _load(ex: Any, target: Target) -> Loaded:
    """Blocking: everything the view of ``target`` shows, from the index."""
    from explorer import NotFound
    from explorer.search import AddressHit, BlockHit, RecordHit, TxHit

    kind, value = target
    if kind == "id":
        result = ex.search(str(value))
        for hit in result.hits:
            if isinstance(hit, TxHit):
                return _load(ex, ("tx", hit.tx.tx_id_hex))
            if isinstance(hit, BlockHit):
                return _load(ex, ("block", hit.block.height))
        raise NotFound(f"no transaction or block with id {value}", what="id")
    if kind == "block":
        b = ex.block(int(value))
        if b is None:
            raise NotFound(f"block {value} is not in the index", what="block")
        return Loaded(target, "block", b, {"commit": ex.commit(b.height)})
    if kind == "tx":
        return Loaded(target, "tx", ex.tx_detail(str(value)), {})
    if kind == "address":
        summary = ex.address(str(value))
        return Loaded(target, "address", summary, {})
    if kind == "record":
        rec = ex.record(bytes(value))
        if rec is None:
            raise NotFound("the record is not in the index", what="record")
        primary_ref = _own_ref(rec)
        return Loaded(target, "record", rec, {"ref": primary_ref})
    if kind == "ref":
        result = ex.search(str(value))
        records = [h for h in result.hits if isinstance(h, RecordHit)]
        addr = [h for h in result.hits if isinstance(h, AddressHit)]
        if addr:
            return _load(ex, ("address", addr[0].summary.address))
        return Loaded(target, "ref", str(value), {"records": records})
    raise ValueError(f"unknown detail target {kind!r}")


def _own_ref(rec: Any) -> str | None:
    """The id a record is the record of (``order/item/T1#00000001`` -> ``T1#00000001``), if it names one."""
    data = rec.data if rec.data_json else None
    if isinstance(data, dict):
        for k, v in data.items():
            if k.endswith("_id") and k not in ("org_id",) and isinstance(v, str) and rec.key_text.endswith(v):
                return v
    return None


def _decode_value(ex: Any, key: bytes, value: bytes) -> Any:
    """Blocking: a record's value decoded to its JSON form (as the index decodes it)."""
    import json

    _type, data_json, _found, _err = ex.extractor.record(bytes(key), bytes(value))
    return None if data_json is None else json.loads(data_json)


class ExplorerDetailDialog(QDialog):
    """One window that walks from a block to its transactions, their parties, their records..."""

    def __init__(
        self, services: Any, source: ExplorerSource, target: Target, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("explorerDetailDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.services = services
        self.source = source
        self.light = light_for(services)
        self.history: list[Target] = []
        self.position = -1
        self.loaded: Loaded | None = None
        self.generation = 0
        self.verifying = False
        self.models: list[Any] = []

        self.back_button = QToolButton()
        self.back_button.setText("◀")
        self.back_button.setToolTip(self.tr("Back"))
        self.back_button.clicked.connect(self.go_back)
        self.forward_button = QToolButton()
        self.forward_button.setText("▶")
        self.forward_button.setToolTip(self.tr("Forward"))
        self.forward_button.clicked.connect(self.go_forward)
        self.title_label = QLabel("")
        self.title_label.setObjectName("detailTitle")
        tf = self.title_label.font()
        tf.setPointSizeF(tf.pointSizeF() * 1.3)
        tf.setBold(True)
        self.title_label.setFont(tf)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mark = VerifiedMark()
        self.verify_button = QPushButton(self.tr("Verify with light client"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify)
        self.note_label = QLabel("")
        self.note_label.setObjectName("detailNote")
        self.note_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.forward_button)
        top.addWidget(self.title_label, 1)
        marks = QHBoxLayout()
        marks.addWidget(self.mark)
        marks.addWidget(self.verify_button)
        marks.addStretch(1)

        self.body = QVBoxLayout()
        self.content: QWidget | None = None
        self.status_label = QLabel("")
        self.status_label.setObjectName("detailStatus")
        self.status_label.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(marks)
        layout.addWidget(self.note_label)
        layout.addWidget(self.status_label)
        layout.addLayout(self.body, 1)
        layout.addWidget(buttons)
        self.resize(900, 640)
        self.navigate(target)

    # --- navigation ------------------------------------------------------------------------------

    def navigate(self, target: Target) -> None:
        """Show ``target`` (after the current one in the trail; what was forward of it is dropped)."""
        del self.history[self.position + 1 :]
        self.history.append(target)
        self.position = len(self.history) - 1
        self._show_current()

    def go_back(self) -> None:
        if self.position > 0:
            self.position -= 1
            self._show_current()

    def go_forward(self) -> None:
        if self.position < len(self.history) - 1:
            self.position += 1
            self._show_current()

    def on_link(self, kind: str, value: str) -> None:
        if kind == "address":
            self.navigate(("address", value))
        elif kind == "id":
            self.navigate(("id", value))
        elif kind == "ref":
            self.navigate(("ref", value))
        elif kind == "block":
            self.navigate(("block", int(value)))
        elif kind == "tx":
            self.navigate(("tx", value))

    def _show_current(self) -> None:
        self.back_button.setEnabled(self.position > 0)
        self.forward_button.setEnabled(self.position < len(self.history) - 1)
        target = self.history[self.position]
        self.generation += 1
        self.loaded = None
        self.verifying = False
        self._clear_content()
        self.title_label.setText(self._title_for(target, None))
        self.setWindowTitle(self.title_label.text())
        self.status_label.setText(self.tr("Loading…"))
        self.note_label.setText("")
        self.mark.set_provenance(self._index_provenance())
        self.verify_button.setEnabled(False)
        spawn(self._load(target, self.generation), name="explorer-detail")

    def _index_provenance(self) -> Provenance:
        kind = MARK_FULL_NODE if self.source.provenance == FULL_NODE else DATA_FOLDER
        return Provenance(kind, self.source.indexed_height, str(self.source.home or ""))

    def _title_for(self, target: Target, loaded: Loaded | None) -> str:
        kind, value = target
        if loaded is not None and loaded.title_kind != kind:
            kind = loaded.title_kind
            main = loaded.main
            value = {
                "tx": lambda: main.tx.tx_id_hex,
                "block": lambda: main.height,
                "address": lambda: main.address,
            }.get(kind, lambda: value)()
        if kind == "block":
            return self.tr("Block {0}").format(format_count(int(value)))
        if kind == "tx":
            return self.tr("Transaction {0}").format(str(value)[:16] + "…")
        if kind == "address":
            return self.tr("Account {0}").format(value)
        if kind == "record":
            text = loaded.main.key_text if loaded is not None else bytes(value).hex()[:24]
            return self.tr("Record {0}").format(text)
        if kind == "ref":
            return self.tr("Everything naming {0}").format(value)
        return self.tr("Looking up {0}").format(str(value)[:16] + "…")

    # --- loading ---------------------------------------------------------------------------------

    async def _load(self, target: Target, generation: int) -> None:
        try:
            loaded = await self.source.query(_load, target)
        except DepotError as e:
            if generation == self.generation:
                self.status_label.setText(describe_explorer_error(e))
            return
        if generation != self.generation:
            return
        self.loaded = loaded
        self.status_label.setText("")
        self.title_label.setText(self._title_for(target, loaded))
        self.setWindowTitle(self.title_label.text())
        builders = {
            "block": self._block_view,
            "tx": self._tx_view,
            "address": self._address_view,
            "record": self._record_view,
            "ref": self._ref_view,
        }
        self._set_content(builders[loaded.title_kind](loaded))
        can_verify = loaded.title_kind in ("block", "tx", "address", "record")
        self.verify_button.setEnabled(can_verify)
        if not can_verify:
            self.verify_button.setToolTip(self.tr("A list has nothing to prove as a whole; open one of its items."))
        if can_verify:
            await self._auto_verify(generation)

    async def _auto_verify(self, generation: int) -> None:
        """Verify at once when the network's root of trust is known (the demo, or a consortium file)."""
        from app.models.explorer_light import LightNotConfigured, light_setup

        try:
            await self.services.run_blocking(light_setup, self.services)
        except (LightNotConfigured, OSError, ValueError, DepotError) as e:
            if generation == self.generation:
                self.verify_button.setEnabled(False)
                self.verify_button.setToolTip(
                    self.tr("No network root of trust is configured, so nothing can be verified: {0}").format(
                        getattr(e, "message", str(e))
                    )
                )
            return
        if generation == self.generation:
            await self._verify(generation)

    def _clear_content(self) -> None:
        if self.content is not None:
            self.body.removeWidget(self.content)
            self.content.deleteLater()
            self.content = None
        for m in self.models:
            m.deleteLater()
        self.models = []

    def _set_content(self, widget: QWidget) -> None:
        self.content = widget
        self.body.addWidget(widget, 1)

    # --- verification ------------------------------------------------------------------------------

    def verify(self) -> None:
        if self.loaded is not None and not self.verifying:
            spawn(self._verify(self.generation), name="explorer-verify")

    async def _verify(self, generation: int) -> None:
        loaded = self.loaded
        if loaded is None or self.verifying:
            return
        self.verifying = True
        self.verify_button.setEnabled(False)
        self.mark.set_provenance(Provenance(CHECKING))
        try:
            result, note = await self._prove(loaded)
        except DepotError as e:
            result, note = Provenance(FAILED, detail=self._verify_failure_text(e)), ""
        except Exception as e:  # a bug or a network failure: say it, never show "verified"
            log.exception("verification failed")
            result, note = Provenance(FAILED, detail=str(e)), ""
        if generation != self.generation:
            return
        self.verifying = False
        self.verify_button.setEnabled(True)
        self.verify_button.setText(self.tr("Verify again"))
        self.mark.set_provenance(result)
        self.note_label.setText(note)

    def _verify_failure_text(self, e: DepotError) -> str:
        sentences = {
            "peer_unavailable": self.tr("no node of the network answered"),
            "network_not_configured": self.tr("the network's root of trust is not configured"),
            "fork_detected": self.tr("a fork was detected; see the Node page"),
            "light_client_halted": self.tr("the light client is halted by a fork alert; see the Node page"),
            "state_proof_invalid": self.tr("the node's proof does not lead to the verified state root"),
            "false_absence": self.tr("the node claims the record is absent but cannot prove it"),
            "tx_proof_invalid": self.tr("the node's inclusion proof does not hold"),
            "tx_mismatch": self.tr("the node answered with another transaction"),
            "tx_not_committed": self.tr("the node does not know this transaction"),
            "not_found": self.tr("the node does not know this item"),
            "wrong_chain": self.tr("the node follows another chain"),
            "genesis_mismatch": self.tr("the node's genesis is not the pinned one"),
        }
        if e.code in sentences:
            return sentences[e.code]
        from app.models.explorer_light_errors import light_failure_text

        return light_failure_text(e)  # by code, never the light client's English message

    async def _prove(self, loaded: Loaded) -> tuple[Provenance, str]:
        kind = loaded.title_kind
        if kind == "block":
            b = loaded.main
            lb = await self.light.verify_header(b.height)
            if bytes(lb.block_id) != bytes(b.block_id):
                return Provenance(
                    FAILED,
                    detail=self.tr("the verified block {0} has another id ({1}…)").format(b.height, bytes(lb.block_id).hex()[:16]),
                ), ""
            return Provenance(VERIFIED, b.height), self.tr(
                "The block's header and id are proven: more than two thirds of the validators signed it."
            )
        if kind == "tx":
            d = loaded.main
            vt = await self.light.verify_tx(d.tx.tx_id)
            if d.raw is not None and bytes(vt.raw) != bytes(d.raw):
                return Provenance(FAILED, detail=self.tr("the proven transaction differs from the local copy")), ""
            if vt.height != d.tx.height:
                return Provenance(FAILED, detail=self.tr("the transaction is proven in block {0}, not {1}").format(vt.height, d.tx.height)), ""
            note = self.tr(
                "Its inclusion in block {0} is proven. Whether it succeeded is as the node reports it ({1}): "
                "block headers do not commit to results."
            ).format(vt.height, vt.result_code)
            return Provenance(VERIFIED, vt.height), note
        from node.modules.accounts.records import ACCOUNT_PREFIX

        if kind == "address":
            from node.core.address import parse_address

            key = ACCOUNT_PREFIX + bytes(parse_address(loaded.main.address))
            local = loaded.main.account
        else:
            key = loaded.main.key
            local = loaded.main
        vr = await self.light.verify_record(key)
        if local is not None and vr.value is not None and bytes(vr.value) == bytes(local.value):
            return Provenance(VERIFIED, vr.height), ""
        if vr.value is None:
            if local is None:
                return Provenance(VERIFIED, vr.height), self.tr("Proven: there is no account record at block {0}.").format(vr.height)
            return Provenance(FAILED, detail=self.tr("the light client proves this record no longer exists at block {0}").format(vr.height)), ""
        data = await self.source.query(_decode_value, key, vr.value)
        self._show_verified_value(data)
        return Provenance(VERIFIED, vr.height), self.tr(
            "The local index (up to block {0}) shows an older value; shown now is the value proven at block {1}."
        ).format(self.source.indexed_height, vr.height)

    def _show_verified_value(self, data: Any) -> None:
        tree = self.findChild(DecodedTree, "recordTree")
        if tree is not None:
            tree.set_data(data)

    # --- views -------------------------------------------------------------------------------------

    def _form(self, rows: list[tuple[str, str, str | None]]) -> QWidget:
        """A form of (label, text, link) rows; a link row is a button-like label that navigates."""
        w = QWidget()
        form = QFormLayout(w)
        form.setContentsMargins(0, 0, 0, 0)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for label, text, link in rows:
            value = QLabel()
            value.setObjectName("field_" + label.strip(":").replace(" ", "_").lower())
            if link is not None:
                kind, _, target = link.partition(":")
                value.setText(f'<a href="{link}">{_html(text)}</a>')
                value.setTextFormat(Qt.TextFormat.RichText)
                value.linkActivated.connect(lambda href: self.on_link(*href.split(":", 1)))
                value.setToolTip(text)
            else:
                value.setText(text)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if len(text) >= 40 and " " not in text:
                value.setFont(mono)
            value.setWordWrap(True)
            form.addRow(label, value)
        return w

    def _table(self, model: Any) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        self.models.append(model)
        return view

    def _txs_table(self, **filters: Any) -> QTableView:
        newest_first = filters.pop("newest_first", True)
        model = TxsTableModel(self.source, newest_first=newest_first, page_size=100, parent=self)
        view = self._table(model)
        view.doubleClicked.connect(lambda idx: self.navigate(("tx", model.row(idx.row()).tx_id_hex)))
        model.set_filters(**filters)
        return view

    def _events_table(self, **filters: Any) -> QTableView:
        model = EventsTableModel(self.source, page_size=100, parent=self)
        view = self._table(model)
        model.set_filters(**filters)
        return view

    def _block_view(self, loaded: Loaded) -> QWidget:
        b = loaded.main
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            self._form(
                [
                    (self.tr("Height:"), format_count(b.height), None),
                    (self.tr("Time:"), format_time_ms(b.time_ms), None),
                    (self.tr("Since the previous block:"), self.tr("{0} ms").format(format_count(b.interval_ms)), None),
                    (self.tr("Transactions:"), self.tr("{0} ({1} failed)").format(format_count(b.num_txs), format_count(b.num_failed)), None),
                    (self.tr("Events:"), format_count(b.num_events), None),
                    (self.tr("Proposer:"), b.proposer, f"address:{b.proposer}"),
                    (self.tr("Validators that signed:"), self.tr("{0} of {1}").format(b.signed, b.validators), None),
                    (self.tr("Block ID:"), b.block_id_hex, None),
                    (self.tr("State root:"), b.state_root.hex(), None),
                ]
            )
        )
        tabs = QTabWidget()
        tabs.addTab(self._txs_table(height=b.height, newest_first=False), self.tr("Transactions"))
        commit = QTreeWidget()
        commit.setObjectName("commitTree")
        commit.setHeaderLabels([self.tr("Validator"), self.tr("Vote")])
        commit.setRootIsDecorated(False)
        flags = {1: self.tr("absent"), 2: self.tr("signed"), 3: self.tr("voted nil")}
        for entry in loaded.extra["commit"]:
            QTreeWidgetItem(commit, [entry.validator, flags.get(entry.flag, str(entry.flag))])
        commit.itemActivated.connect(lambda item, _c: self.on_link("address", item.text(0)))
        commit.resizeColumnToContents(0)
        tabs.addTab(commit, self.tr("Commit signatures"))
        tabs.addTab(self._events_table(height=b.height), self.tr("Events"))
        layout.addWidget(tabs, 1)
        return w

    def _tx_view(self, loaded: Loaded) -> QWidget:
        d = loaded.main
        t = d.tx
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        rows: list[tuple[str, str, str | None]] = [
            (self.tr("Transaction ID:"), t.tx_id_hex, None),
            (self.tr("What:"), kind_text(t.kind, t.kind) + f"  ({t.kind})", None),
            (self.tr("Result:"), tx_result(t), None),
            (self.tr("Block:"), self.tr("{0}, position {1}").format(format_count(t.height), t.index), f"block:{t.height}"),
            (self.tr("Time:"), format_time_ms(t.time_ms), None),
            (self.tr("Sender:"), t.sender, f"address:{t.sender}"),
            (self.tr("Sequence number:"), str(t.nonce), None),
        ]
        if d.expires_at is not None:
            rows.append((self.tr("Valid until:"), format_time_ms(d.expires_at), None))
        rows.append((self.tr("Signatures:"), str(len(d.signatures)) if d.raw is not None else self.tr("not available (no node data)"), None))
        layout.addWidget(self._form(rows))
        tabs = QTabWidget()
        payload = DecodedTree()
        payload.setObjectName("payloadTree")
        if t.payload_json is not None:
            payload.set_data(t.payload)
        else:
            payload.set_data({"decode_error": t.decode_error, "raw_payload": (t.raw_payload or b"").hex()})
        payload.linkActivated.connect(self.on_link)
        tabs.addTab(payload, self.tr("Decoded"))
        parties = DecodedTree()
        parties.setObjectName("partiesTree")
        parties.set_data({"parties": list(d.parties), **{f: r for r, f in d.refs}})
        parties.linkActivated.connect(self.on_link)
        tabs.addTab(parties, self.tr("Parties and ids"))
        events = DecodedTree()
        events.setObjectName("eventsTree")
        events.set_data([{"kind": e.kind, **(e.attrs if isinstance(e.attrs, dict) else {"attrs": e.attrs})} for e in d.events])
        events.linkActivated.connect(self.on_link)
        tabs.addTab(events, self.tr("Events ({0})").format(len(d.events)))
        if d.signatures:
            sigs = DecodedTree()
            sigs.set_data([{"scheme": s.scheme, "public_key": s.public_key.hex(), "signature": s.signature.hex()} for s in d.signatures])
            tabs.addTab(sigs, self.tr("Signatures"))
        if d.raw is not None:
            raw = QPlainTextEdit(d.raw.hex())
            raw.setReadOnly(True)
            raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            tabs.addTab(raw, self.tr("Raw bytes ({0})").format(format_count(len(d.raw))))
        layout.addWidget(tabs, 1)
        return w

    def _address_view(self, loaded: Loaded) -> QWidget:
        a = loaded.main
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        first = "—" if a.first_height is None else format_count(a.first_height)
        last = "—" if a.last_height is None else format_count(a.last_height)
        layout.addWidget(
            self._form(
                [
                    (self.tr("Address:"), a.address, None),
                    (self.tr("Transactions:"), self.tr("{0} ({1} sent)").format(format_count(a.n_txs), format_count(a.n_sent)), None),
                    (self.tr("Events naming it:"), format_count(a.n_events), None),
                    (self.tr("Active:"), self.tr("blocks {0} to {1}").format(first, last), None),
                ]
            )
        )
        tabs = QTabWidget()
        tree = DecodedTree()
        tree.setObjectName("recordTree")
        if a.account is not None and a.account.data_json is not None:
            tree.set_data(a.account.data)
        else:
            tree.set_data({"": self.tr("No account record: this address is not a registered account.")})
        tree.linkActivated.connect(self.on_link)
        tabs.addTab(tree, self.tr("Account"))
        tabs.addTab(self._txs_table(party=a.address), self.tr("History"))
        tabs.addTab(self._events_table(party=a.address), self.tr("Events"))
        layout.addWidget(tabs, 1)
        return w

    def _record_view(self, loaded: Loaded) -> QWidget:
        r = loaded.main
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            self._form(
                [
                    (self.tr("Key:"), r.key_text, None),
                    (self.tr("Type:"), record_type_text(r.type), None),
                    (self.tr("Changed at block:"), format_count(r.changed_height), f"block:{r.changed_height}"),
                ]
            )
        )
        tabs = QTabWidget()
        tree = DecodedTree()
        tree.setObjectName("recordTree")
        tree.set_data(r.data if r.data_json is not None else {"decode_error": r.decode_error, "value": r.value.hex()})
        tree.linkActivated.connect(self.on_link)
        tabs.addTab(tree, self.tr("Decoded"))
        ref = loaded.extra.get("ref")
        if ref:
            tabs.addTab(self._txs_table(ref=ref), self.tr("Transactions naming {0}").format(ref))
            tabs.addTab(self._events_table(ref=ref), self.tr("Events naming {0}").format(ref))
        layout.addWidget(tabs, 1)
        return w

    def _ref_view(self, loaded: Loaded) -> QWidget:
        ref = loaded.main
        w = QWidget()
        layout = QVBoxLayout(w)
        layout.setContentsMargins(0, 0, 0, 0)
        records = QTreeWidget()
        records.setObjectName("refRecords")
        records.setHeaderLabels([self.tr("Record"), self.tr("Type"), self.tr("Named in")])
        records.setRootIsDecorated(False)
        for hit in loaded.extra["records"]:
            item = QTreeWidgetItem(records, [hit.record.key_text, record_type_text(hit.record.type), hit.field])
            item.setData(0, Qt.ItemDataRole.UserRole, hit.record.key)
            if hit.primary:
                f = item.font(0)
                f.setBold(True)
                item.setFont(0, f)
        records.itemActivated.connect(lambda item, _c: self.navigate(("record", bytes(item.data(0, Qt.ItemDataRole.UserRole)))))
        tabs = QTabWidget()
        tabs.addTab(records, self.tr("Records ({0})").format(len(loaded.extra["records"])))
        tabs.addTab(self._txs_table(ref=ref), self.tr("Transactions"))
        tabs.addTab(self._events_table(ref=ref), self.tr("Events"))
        layout.addWidget(tabs, 1)
        return w


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_detail(services: Any, source: ExplorerSource, target: Target, parent: QWidget | None = None) -> ExplorerDetailDialog:
    """Open a detail window for ``target`` (non-modal; it deletes itself when closed)."""
    dialog = ExplorerDetailDialog(services, source, target, parent)
    dialog.show()
    return dialog
