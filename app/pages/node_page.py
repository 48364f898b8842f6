"""The Node page: how this computer follows the chain, how far behind it is, the network's nodes and validators.

* The sync overlay (Bitcoin Core's): blocks left, progress per hour and time
  remaining, from the full sync's progress while Depot re-executes the chain
  into its data folder, or from the gap between the newest block the
  network's nodes report and the node this app reads from.
* Light or full mode, and the light client's newest verified header.
* The network's nodes (each one's own status answer: unverified) and the
  validators with their voting power (proven by the light client when it
  can) and participation (from the explorer index).
* A loud alert if the light client detects a fork: a red banner on this
  page and a dialog over the window, until a person acknowledges it.

Nothing here waits: statuses are polled with the async client, the light
client runs in its own thread, the full sync in a child process.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.formatting import describe_error, format_count, format_time_ms
from app.models.explorer_jobs import FullSyncJob, JobFailure, JobProgress
from app.models.explorer_light import LightNotConfigured, LightStatus, light_for, light_setup
from app.models.explorer_node import PeerRow, PeersModel, ValidatorRow, ValidatorsModel
from app.models.explorer_source import FULL_NODE, full_node_folder, source_for
from app.node_bridge import spawn
from app.services import AppServices
from app.widgets.fork_alert import ForkAlertBanner, ForkAlertDialog
from app.widgets.sync_overlay import SyncOverlay
from app.widgets.verified_mark import (
    CHECKING,
    FAILED,
    NONE,
    UNVERIFIED,
    VERIFIED,
    Provenance,
    VerifiedMark,
)
from node.client import AsyncNodeClient
from node.core.errors import DepotError

log = logging.getLogger(__name__)

#: How often peers are asked for their status while the page is shown, and while it is hidden.
PEERS_VISIBLE_MS = 3_000
PEERS_HIDDEN_MS = 15_000
#: Least time between two light syncs driven by new blocks.
LIGHT_SYNC_EVERY_S = 5.0
#: Participation is counted over this many recent blocks.
PARTICIPATION_WINDOW = 1_000


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class NodePage(QWidget):
    """Sync state, mode, light client, full sync, peers and validators."""

    @staticmethod
    def title() -> str:
        return QCoreApplication.translate("NodePage", "Node")

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.source = source_for(services)
        self.light = light_for(services)
        self.primary_url = str(getattr(services.client, "base_url", "")).rstrip("/")
        self._peer_clients: dict[str, AsyncNodeClient] = {}
        self._polling = False
        self._light_ok: bool | None = None
        self._last_light_sync = 0.0
        self._alerts_shown: set[int] = set()
        self.alert_dialog: ForkAlertDialog | None = None
        self._primary_height: int | None = None
        self._primary_time: int | None = None
        self._validators_loading = False
        self._validators_again = False
        self.sync_job = FullSyncJob(self)
        self.last_sync_progress: JobProgress | None = None

        self.banner = ForkAlertBanner()
        self.banner.detailsRequested.connect(self._open_alert_dialog)

        # --- mode ---
        self.mode_label = QLabel("—")
        self.mode_label.setObjectName("nodeMode")
        self.mode_label.setWordWrap(True)
        self.primary_label = QLabel(self.primary_url or "—")
        self.primary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chain_label = QLabel("—")
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.height_label = QLabel("—")
        self.height_label.setObjectName("nodeHeight")
        self.height_mark = VerifiedMark()
        self.reported_label = QLabel("")
        self.reported_label.setObjectName("reportedHeight")
        self.reported_label.setEnabled(False)
        height_row = QVBoxLayout()
        height_line = QHBoxLayout()
        height_line.addWidget(self.height_label)
        height_line.addWidget(self.height_mark)
        height_line.addStretch(1)
        height_row.addLayout(height_line)
        height_row.addWidget(self.reported_label)
        mode_box = QGroupBox(self.tr("This computer"))
        mf = QFormLayout(mode_box)
        mf.addRow(self.tr("Mode:"), self.mode_label)
        mf.addRow(self.tr("Reads from:"), self.primary_label)
        mf.addRow(self.tr("Chain:"), self.chain_label)
        mf.addRow(self.tr("Newest block:"), height_row)

        # --- light client ---
        self.light_mark = VerifiedMark()
        self.light_label = QLabel(self.tr("Not checked yet"))
        self.light_label.setObjectName("lightStatus")
        self.light_label.setWordWrap(True)
        self.light_button = QPushButton(self.tr("Check now"))
        self.light_button.setObjectName("lightSyncNow")
        self.light_button.clicked.connect(lambda: self.light_sync(force=True))
        light_box = QGroupBox(self.tr("Light client"))
        lv = QVBoxLayout(light_box)
        lv.addWidget(self.light_mark, 0, Qt.AlignmentFlag.AlignLeft)
        lv.addWidget(self.light_label)
        lv.addWidget(self.light_button, 0, Qt.AlignmentFlag.AlignLeft)
        lv.addStretch(1)

        # --- full sync ---
        self.sync_folder = full_node_folder(services)
        self.sync_label = QLabel(
            self.tr("Download every block from the network's nodes and re-execute it here, checking every state root and signature.")
        )
        self.sync_label.setWordWrap(True)
        self.sync_folder_label = QLabel(str(self.sync_folder))
        self.sync_folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_folder_label.setWordWrap(True)
        self.sync_status = QLabel("")
        self.sync_status.setObjectName("fullSyncStatus")
        self.sync_status.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Start full sync"))
        self.sync_button.setObjectName("fullSyncButton")
        self.sync_button.clicked.connect(self.toggle_full_sync)
        self.explore_button = QPushButton(self.tr("Explore it"))
        self.explore_button.setToolTip(self.tr("Open this full node's data in the Explorer"))
        self.explore_button.clicked.connect(self.explore_synced)
        self.explore_button.setVisible(False)
        sync_box = QGroupBox(self.tr("Full node"))
        sv = QVBoxLayout(sync_box)
        sv.addWidget(self.sync_label)
        sv.addWidget(self.sync_folder_label)
        sv.addWidget(self.sync_status)
        sb = QHBoxLayout()
        sb.addWidget(self.sync_button)
        sb.addWidget(self.explore_button)
        sb.addStretch(1)
        sv.addLayout(sb)
        sv.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(mode_box, 3)
        top.addWidget(light_box, 2)
        top.addWidget(sync_box, 3)

        # --- peers ---
        self.peers_model = PeersModel(self)
        self.peers_view = _table(self.peers_model)
        self.peers_view.setObjectName("peersTable")
        self.peers_mark = VerifiedMark()
        self.peers_mark.set_provenance(Provenance(UNVERIFIED, source=self.tr("each node about itself")))
        peers_box = QGroupBox(self.tr("Nodes of the network"))
        pv = QVBoxLayout(peers_box)
        pv.addWidget(self.peers_mark, 0, Qt.AlignmentFlag.AlignLeft)
        pv.addWidget(self.peers_view)

        # --- validators ---
        self.validators_model = ValidatorsModel(self)
        self.validators_view = _table(self.validators_model)
        self.validators_view.setObjectName("validatorsTable")
        self.validators_mark = VerifiedMark()
        self.participation_label = QLabel("")
        self.participation_label.setObjectName("participationNote")
        self.participation_label.setWordWrap(True)
        val_box = QGroupBox(self.tr("Validators"))
        vv = QVBoxLayout(val_box)
        vh = QHBoxLayout()
        vh.addWidget(self.validators_mark)
        vh.addWidget(self.participation_label, 1)
        vv.addLayout(vh)
        vv.addWidget(self.validators_view)

        self.content = QWidget()
        self.content.setObjectName("nodeContent")
        cl = QVBoxLayout(self.content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(top)
        cl.addWidget(peers_box, 2)
        cl.addWidget(val_box, 3)
        self.overlay = SyncOverlay(self.content)
        self.overlay.stopRequested.connect(self.toggle_full_sync)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.content, 1)

        self._poll_timer = QTimer(self)
        self._poll_timer.timeout.connect(self.poll_peers)
        self._poll_timer.start(PEERS_HIDDEN_MS)
        self._validators_timer = QTimer(self)
        self._validators_timer.setInterval(30_000)
        self._validators_timer.timeout.connect(self.refresh_validators)

        services.bridge.statusChanged.connect(self.on_status)
        services.bridge.blockAdded.connect(self.on_block)
        if hasattr(services, "settingsChanged"):
            services.settingsChanged.connect(self._on_settings_changed)
        self.light.synced.connect(self.on_light_synced)
        self.light.syncFailed.connect(self.on_light_failed)
        self.light.forkDetected.connect(self.show_fork_alert)
        # Bound methods, not lambdas: the source and services outlive the page, and Qt drops a connection to a
        # deleted receiver only when it knows the receiver (a lambda left here fired on a deleted page).
        self.source.indexUpdated.connect(self._on_index_updated)
        self.source.changed.connect(self._schedule_participation)
        self.sync_job.progressed.connect(self.on_sync_progress)
        self.sync_job.finished.connect(self.on_sync_finished)
        self.sync_job.failed.connect(self.on_sync_failed)
        self._participation_timer = QTimer(self)
        self._participation_timer.setSingleShot(True)
        self._participation_timer.setInterval(2_000)
        self._participation_timer.timeout.connect(self.refresh_participation)

        self._show_mode()
        self._set_peers()
        last = getattr(services.bridge, "last_status", None)
        if isinstance(last, dict):
            self.on_status(last)
        spawn(self._start_light(), name="node-light-start")
        self.source.open_default()
        self.destroyed.connect(_closer(self._peer_clients))

    # --- mode ---------------------------------------------------------------------------------------

    @property
    def node_mode(self) -> str:
        settings = getattr(self.services, "app_settings", None)
        return str(getattr(settings, "node_mode", "light") or "light")

    def _show_mode(self) -> None:
        if self.node_mode == "full":
            self.mode_label.setText(self.tr("Full node: re-executes every block and keeps the whole chain."))
        else:
            self.mode_label.setText(
                self.tr("Light node: verifies block headers and proofs; keeps only what this computer needs.")
            )

    # --- the primary node --------------------------------------------------------------------------

    def on_status(self, status: dict[str, Any]) -> None:
        self.chain_label.setText(str(status.get("chain_id", "—")))
        h = status.get("height")
        if isinstance(h, int) and not isinstance(h, bool):
            self._set_primary_height(h, status.get("time") if isinstance(status.get("time"), int) else None)
        self._update_overlay()

    def on_block(self, block: dict[str, Any]) -> None:
        h = block.get("height")
        if isinstance(h, int) and not isinstance(h, bool):
            self._set_primary_height(h, block.get("time") if isinstance(block.get("time"), int) else None)
        self.light_sync()

    def _set_primary_height(self, h: int, time_ms: int | None) -> None:
        if self._primary_height is not None and h < self._primary_height:
            return
        self._primary_height = h
        if time_ms is not None:
            self._primary_time = time_ms
        self._show_height()

    def _show_height(self) -> None:
        """The newest block: the light client's verified one when there is one, else what the node reports."""
        st = self.light.status
        reported = self._primary_height
        if self.banner.alert is not None:
            # A fork alert stands until acknowledged: nothing counts as verified meanwhile.
            if reported is not None:
                self.height_label.setText(format_count(reported))
            self.height_mark.set_provenance(Provenance(FAILED, detail=self.tr("fork detected")))
            self.reported_label.setText("")
            return
        if st is not None and not self.light.halted:
            text = format_count(st.height)
            if st.time_ms:
                text += "  ·  " + format_time_ms(st.time_ms)
            self.height_label.setText(text)
            self.height_mark.set_provenance(Provenance(VERIFIED, st.height))
            if reported is not None and reported > st.height:
                self.reported_label.setText(self.tr("The node reports block {0} (not verified yet).").format(format_count(reported)))
            else:
                self.reported_label.setText("")
        elif reported is not None:
            text = format_count(reported)
            if self._primary_time is not None:
                text += "  ·  " + format_time_ms(self._primary_time)
            self.height_label.setText(text)
            if self.height_mark.provenance.kind != FAILED:
                self.height_mark.set_provenance(Provenance(UNVERIFIED, source=self.primary_url))
            self.reported_label.setText("")

    # --- peers --------------------------------------------------------------------------------------

    def _set_peers(self) -> None:
        spawn(self._load_peer_list(), name="node-peer-list")

    async def _load_peer_list(self) -> None:
        peers: list[tuple[str, str, bool]] = []
        try:
            setup = await self.services.run_blocking(light_setup, self.services)
            urls = [setup.primary, *setup.witnesses]
        except (DepotError, OSError, ValueError) as e:
            log.info("no network file for the peer list: %s", e)
            urls = [self.primary_url]
        names = await self.services.run_blocking(_devnet_names, getattr(self.services, "home", None))
        for u in dict.fromkeys(x.rstrip("/") for x in urls if x):
            peers.append((u, names.get(u, ""), u == self.primary_url))
        self.peers_model.set_peers(peers)
        self.poll_peers()

    def poll_peers(self) -> None:
        if self._polling:
            return
        self._polling = True
        spawn(self._poll_peers(), name="node-peers")

    async def _poll_peers(self) -> None:
        try:
            rows = self.peers_model.rows()  # the primary too: one snapshot, so "behind" compares like with like
            await asyncio.gather(*(self._poll_one(r) for r in rows))
        finally:
            self._polling = False
        self._update_overlay()

    async def _poll_one(self, row: PeerRow) -> None:
        client = self.services.client if row.url == self.primary_url else self._peer_clients.get(row.url)
        if client is None:
            # Made in the executor: an HTTP client loads the system's certificates (a quarter second).
            client = await self.services.run_blocking(functools.partial(AsyncNodeClient, row.url, timeout_s=5.0))
            if row.url in self._peer_clients:
                spawn(client.aclose(), name="node-peer-close")
                client = self._peer_clients[row.url]
            self._peer_clients[row.url] = client
        t0 = time.perf_counter()
        try:
            s = await client.status()
        except DepotError as e:
            self.peers_model.update_peer(PeerRow(row.url, row.name, reachable=False, error=describe_error(e)))
            return
        latency = (time.perf_counter() - t0) * 1000
        mine = self.chain_label.text()
        raw_node = s.get("node")
        node: dict[str, Any] = raw_node if isinstance(raw_node, dict) else {}
        h = s.get("height")
        self.peers_model.update_peer(
            PeerRow(
                row.url,
                str(node.get("name", "")) or row.name,
                reachable=True,
                height=h if isinstance(h, int) and not isinstance(h, bool) else None,
                chain_ok=None if mine in ("", "—") else str(s.get("chain_id")) == mine,
                latency_ms=latency,
                version=str(node.get("version", "")),
                mode=str(node.get("mode", "")),
            )
        )

    # --- the sync overlay ----------------------------------------------------------------------------

    def _update_overlay(self) -> None:
        if self.sync_job.running:
            return  # the full sync drives it
        head = self.peers_model.head()
        if head is None or self._primary_height is None:
            return
        self.overlay.update_progress(self._primary_height, max(head, self._primary_height), last_block_ms=self._primary_time, source="peers")

    # --- light client ----------------------------------------------------------------------------------

    async def _start_light(self) -> None:
        try:
            await self.services.run_blocking(light_setup, self.services)
        except (LightNotConfigured, DepotError, OSError, ValueError) as e:
            self._light_ok = False
            self.light_mark.set_provenance(Provenance(NONE))
            self.light_label.setText(
                self.tr("No root of trust is configured for this network, so nothing is verified: {0}").format(
                    getattr(e, "message", str(e))
                )
            )
            self.light_button.setEnabled(False)
            self.validators_mark.set_provenance(Provenance(UNVERIFIED, source=self.primary_url))
            self.refresh_validators()
            return
        self._light_ok = True
        try:
            for alert in await self.light.alerts():
                self.show_fork_alert(alert)
        except DepotError as e:
            log.warning("reading stored fork alerts: %s", e)
        self.light_sync(force=True)

    def light_sync(self, force: bool = False) -> None:
        if not self._light_ok:
            return
        now = time.monotonic()
        if not force and now - self._last_light_sync < LIGHT_SYNC_EVERY_S:
            return
        self._last_light_sync = now
        if force:
            self.light_mark.set_provenance(Provenance(CHECKING))
        spawn(self.light.sync(), name="node-light-sync")

    def on_light_synced(self, status: LightStatus) -> None:
        if self.banner.alert is not None:
            return  # a standing fork alert outranks any later answer
        self.light_mark.set_provenance(Provenance(VERIFIED, status.height))
        witnesses = (
            self.tr("other nodes that agreed: {0}").format(status.witnesses_checked)
            if status.witnesses_checked
            else self.tr("no other node to cross-check")
        )
        faulty = (
            self.tr("; nodes that served a bad header: {0}").format(", ".join(status.faulty_witnesses))
            if status.faulty_witnesses
            else ""
        )
        self.light_label.setText(
            self.tr("Headers verified up to block {0} ({1}){2}. Checked {3}.").format(
                format_count(status.height), witnesses, faulty, format_time_ms(int(time.time() * 1000))
            )
        )
        self._show_height()
        if self.validators_mark.provenance.kind in (NONE, UNVERIFIED) or self.isVisible():
            self.refresh_validators()

    def on_light_failed(self, failure: JobFailure) -> None:
        self.light_mark.set_provenance(Provenance(FAILED, detail=self._light_failure_text(failure)))
        self.light_label.setText(self.tr("The light client could not verify the newest blocks: {0}").format(self._light_failure_text(failure)))

    def _light_failure_text(self, failure: JobFailure) -> str:
        sentences = {
            "peer_unavailable": self.tr("no node of the network answered, or none confirmed the header"),
            "wrong_chain": self.tr("the node follows another chain"),
            "genesis_mismatch": self.tr("the node's genesis is not the one pinned for this network"),
            "network_not_configured": self.tr("the network's root of trust is not configured"),
            "header_from_future": self.tr("a header is dated in the future: check this computer's clock"),
            "insufficient_voting_power": self.tr("a header lacks the signatures of two thirds of the validators"),
            "invalid_commit_signature": self.tr("a header carries an invalid signature"),
        }
        return sentences.get(failure.code, failure.message)

    # --- fork alert -------------------------------------------------------------------------------------

    def show_fork_alert(self, alert: Any) -> None:
        """Show ``alert`` (a ``ForkAlert``) loudly: the banner, and the dialog over the window once per alert."""
        self.banner.show_alert(alert)
        self.light_mark.set_provenance(Provenance(FAILED, detail=self.tr("fork detected: syncing stopped")))
        self.height_mark.set_provenance(Provenance(FAILED, detail=self.tr("fork detected")))
        self.validators_mark.set_provenance(Provenance(FAILED, detail=self.tr("fork detected")))
        if alert.evidence_id in self._alerts_shown:
            return
        self._alerts_shown.add(alert.evidence_id)
        self._open_alert_dialog()

    def _open_alert_dialog(self) -> None:
        alert = self.banner.alert
        if alert is None:
            return
        if self.alert_dialog is not None:
            self.alert_dialog.raise_()
            return
        dialog = ForkAlertDialog(alert, self.window())
        dialog.acknowledged.connect(self._acknowledge)
        dialog.finished.connect(lambda _r: self._alert_dialog_closed(dialog))
        self.alert_dialog = dialog
        dialog.open()

    def _alert_dialog_closed(self, dialog: ForkAlertDialog) -> None:
        if self.alert_dialog is dialog:
            self.alert_dialog = None
        dialog.deleteLater()

    def _acknowledge(self, evidence_id: int) -> None:
        spawn(self._do_acknowledge(evidence_id), name="node-ack-fork")

    async def _do_acknowledge(self, evidence_id: int) -> None:
        try:
            await self.light.acknowledge(evidence_id)
        except DepotError as e:
            self.light_label.setText(describe_error(e))
            return
        self.banner.clear()
        self._show_height()
        self.light_sync(force=True)

    # --- validators ----------------------------------------------------------------------------------------

    def refresh_validators(self) -> None:
        if self._validators_loading:
            self._validators_again = True  # e.g. the light client verified a header meanwhile
            return
        self._validators_loading = True
        self._validators_again = False
        spawn(self._load_validators(), name="node-validators")

    async def _load_validators(self) -> None:
        from node.core.address import format_address

        try:
            rows: list[ValidatorRow] = []
            provenance: Provenance | None = None
            forked = self.banner.alert is not None or self.light.halted
            if self._light_ok and not forked:
                try:
                    height, vset = await self.light.verified_validators()
                    rows = [
                        ValidatorRow(format_address(bytes(v.address)), int(v.power), format_address(bytes(v.operator)))
                        for v in vset.validators
                    ]
                    provenance = Provenance(VERIFIED, height)
                except DepotError as e:
                    log.info("verified validators: %s", e)
            if not rows:
                try:
                    answer = await self.services.client.validators()
                except DepotError as e:
                    self.participation_label.setText(describe_error(e))
                    return
                for v in answer.get("validators", []) if isinstance(answer, dict) else []:
                    if isinstance(v, dict) and isinstance(v.get("address"), str):
                        power = v.get("power")
                        rows.append(ValidatorRow(v["address"], int(power) if isinstance(power, int) else 0, str(v.get("operator", ""))))
                provenance = Provenance(UNVERIFIED, source=self.primary_url)
            if forked:
                provenance = Provenance(FAILED, detail=self.tr("fork detected"))
            self.validators_model.set_validators(rows)
            if provenance is not None:
                self.validators_mark.set_provenance(provenance)
            await self._load_organisations([r.operator for r in rows if r.operator])
            self.refresh_participation()
        finally:
            self._validators_loading = False
        if self._validators_again:
            self.refresh_validators()

    async def _load_organisations(self, operators: list[str]) -> None:
        names: dict[str, str] = {}
        if self.source.is_open:
            try:
                names = await self.source.query(_organisation_names, operators)
            except DepotError as e:
                log.info("organisation names: %s", e)
        if not names:
            for op in operators:
                try:
                    answer = await self.services.client.account(op)
                except DepotError:
                    continue
                acct = answer.get("account") if isinstance(answer, dict) else None
                if isinstance(acct, dict) and acct.get("organisation"):
                    names[op] = str(acct["organisation"])
        self.validators_model.set_organisations(names)

    def _on_settings_changed(self, _settings: object) -> None:
        self._show_mode()

    def _on_index_updated(self, _state: object) -> None:
        self._schedule_participation()

    def _schedule_participation(self) -> None:
        if self.isVisible() and not self._participation_timer.isActive():
            self._participation_timer.start()

    def refresh_participation(self) -> None:
        if not self.source.is_open:
            self.participation_label.setText(
                self.tr("Participation needs a node's data on this computer (see the Explorer page).")
            )
            return
        spawn(self._load_participation(), name="node-participation")

    async def _load_participation(self) -> None:
        top = self.source.indexed_height
        lo = max(1, top - PARTICIPATION_WINDOW + 1)
        try:
            parts = await self.source.query(_participation, lo, top)
        except DepotError as e:
            self.participation_label.setText(describe_error(e))
            return
        n = max(0, top - lo + 1)
        self.validators_model.set_participation(parts, n)
        where = self.tr("from local full node") if self.source.provenance == FULL_NODE else self.tr("from a copied data folder")
        self.participation_label.setText(
            self.tr("Signed and proposed: counted over blocks {0} to {1}, {2}.").format(format_count(lo), format_count(top), where)
        )

    # --- full sync ---------------------------------------------------------------------------------------------

    def toggle_full_sync(self) -> None:
        if self.sync_job.running:
            self.sync_job.cancel()
            self.sync_button.setEnabled(False)
            self.sync_status.setText(self.tr("Stopping after the block being executed…"))
            return
        spawn(self._start_full_sync(), name="node-full-sync")

    async def _start_full_sync(self) -> None:
        peers = [r.url for r in self.peers_model.rows() if r.reachable is not False and r.chain_ok is not False] or [self.primary_url]
        folder = self.sync_folder
        try:
            await self.services.run_blocking(_prepare_sync_folder, folder, self.services)
        except (OSError, ValueError, DepotError) as e:
            self.sync_status.setText(self.tr("Cannot prepare the data folder: {0}").format(getattr(e, "message", str(e))))
            return
        self.start_full_sync(peers, folder)

    def start_full_sync(self, peers: list[str], folder: Path) -> None:
        """Run ``depot node sync`` from ``peers`` into ``folder`` (a child process; progress drives the overlay)."""
        self.sync_folder = Path(folder)
        self.sync_folder_label.setText(str(folder))
        self.overlay.finish()
        self.sync_job.start(peers, Path(folder))
        self.sync_button.setText(self.tr("Stop"))
        self.sync_button.setEnabled(True)
        self.explore_button.setVisible(False)
        self.sync_status.setText(self.tr("Starting…"))

    def on_sync_progress(self, p: JobProgress) -> None:
        self.last_sync_progress = p
        self.source.node_grew(self.sync_folder)  # the explorer follows a full node it shows
        self.overlay.update_progress(p.height, p.target, eta_s=p.eta_s, source="full_sync")
        self.sync_status.setText(
            self.tr("Block {0} of {1}: blocks a second: {2}; transactions a second: {3}").format(
                format_count(p.height), format_count(p.target), f"{p.blocks_per_s:.1f}", format_count(int(p.txs_per_s))
            )
        )

    def on_sync_finished(self, result: dict[str, Any]) -> None:
        self.overlay.finish()
        self.sync_button.setText(self.tr("Start full sync"))
        self.sync_button.setEnabled(True)
        h = result.get("height")
        if result.get("cancelled") or not isinstance(h, int):
            p = self.last_sync_progress
            at = format_count(p.height) if p is not None else "—"
            self.sync_status.setText(self.tr("Stopped at block {0}; starting again continues from there.").format(at))
        else:
            self.sync_status.setText(
                self.tr("Synced to block {0} in {2} s. Transactions re-executed and checked: {1}.").format(
                    format_count(h), format_count(int(result.get("txs", 0))), f"{float(result.get('seconds', 0)):.0f}"
                )
            )
        self.explore_button.setVisible(True)
        self._update_overlay()

    def on_sync_failed(self, failure: JobFailure) -> None:
        self.overlay.finish()
        self.sync_button.setText(self.tr("Start full sync"))
        self.sync_button.setEnabled(True)
        self.sync_status.setText(self.tr("The full sync stopped: {0}").format(self._light_failure_text(failure)))
        self.explore_button.setVisible(True)

    def explore_synced(self) -> None:
        spawn(self.source.open_folder(self.sync_folder, FULL_NODE), name="node-explore")

    # --- visibility --------------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._poll_timer.start(PEERS_VISIBLE_MS)
        self._validators_timer.start()
        self.poll_peers()
        self.refresh_validators()

    def hideEvent(self, event: QHideEvent) -> None:
        self._poll_timer.start(PEERS_HIDDEN_MS)
        self._validators_timer.stop()
        super().hideEvent(event)


def _closer(clients: dict[str, AsyncNodeClient]) -> Any:
    def close(*_: Any) -> None:
        for c in clients.values():
            try:
                spawn(c.aclose(), name="node-peer-close")
            except RuntimeError:
                pass  # no loop any more (shutdown)
        clients.clear()

    return close


def _devnet_names(home: Any) -> dict[str, str]:
    """Blocking: node URL -> name from the demo's devnet.json (empty outside the demo)."""
    import json

    if home is None:
        return {}
    try:
        doc = json.loads((Path(home) / "devnet.json").read_text(encoding="utf-8"))
        return {str(n["rpc"]).rstrip("/"): str(n.get("name", "")) for n in doc.get("nodes", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _organisation_names(ex: Any, operators: list[str]) -> dict[str, str]:
    """Blocking: operator address -> organisation name, from the index's records."""
    out: dict[str, str] = {}
    for op in operators:
        acct = ex.account(op)
        data = acct.data if acct is not None and acct.data_json else None
        org_id = data.get("org_id") if isinstance(data, dict) else None
        if not org_id:
            continue
        org = ex.record(b"org/" + str(org_id).encode())
        odata = org.data if org is not None and org.data_json else None
        out[op] = str(odata.get("name", org_id)) if isinstance(odata, dict) else str(org_id)
    return out


def _participation(ex: Any, lo: int, hi: int) -> list[Any]:
    from explorer import participation

    if hi < 1:
        return []
    return participation(ex, lo, hi)


def _prepare_sync_folder(folder: Path, services: Any) -> None:
    """Blocking: make the full node's folder and give it the network's root of trust.

    The demo's genesis document (created by this app), or a ``network.json``
    pinning the consortium's genesis hash (the sync then takes the genesis
    from a peer and checks it against the pin).
    """
    from node.core.types import Hash32
    from node.light.network import NETWORK_FILE, NetworkConfig

    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "genesis.json").exists() or (folder / NETWORK_FILE).exists():
        return
    setup = light_setup(services)
    if setup.genesis_document is not None:
        import json

        (folder / "genesis.json").write_text(json.dumps(setup.genesis_document), encoding="utf-8")
        return
    NetworkConfig(setup.chain_id, Hash32(setup.genesis_hash), (setup.primary, *setup.witnesses)).save(folder / NETWORK_FILE)
