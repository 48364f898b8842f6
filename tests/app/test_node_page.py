"""The Node page on the real devnet: the light client's verified height, peers, validators with participation,
a full sync into a folder driving the sync overlay, the overlay's estimates, and the loud fork alert fed a
``ForkAlert`` object as the light client makes it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QMessageBox, QWidget  # noqa: E402

from tests.app.test_explorer_models import protect_bools  # noqa: E402

protect_bools()

from app.models.explorer_jobs import JobProgress  # noqa: E402
from app.models.explorer_node import PeerRow  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.widgets.sync_overlay import SyncOverlay  # noqa: E402
from node.core.types import Hash32  # noqa: E402
from node.light.types import ForkAlert  # noqa: E402
from tests.app.services_kit import close_explorer_services, show_page  # noqa: E402
from tests.app.test_explorer_page import make_explorer_services  # noqa: E402

pytestmark = pytest.mark.e2e


def fork_alert(evidence_id: int = 7, height: int = 1234) -> ForkAlert:
    return ForkAlert(
        evidence_id=evidence_id,
        height=height,
        primary="http://127.0.0.1:26657",
        witness="http://bank-node.example:26657",
        primary_block_id=Hash32(bytes.fromhex("aa" * 32)),
        witness_block_id=Hash32(bytes.fromhex("bb" * 32)),
        common_height=height - 10,
        detected_at_ms=1_795_000_000_000,
    )


@pytest.fixture
def node_services(devnet: Any, chain: Any, tmp_path: Path, run_async: Any) -> Iterator[Any]:
    made: list[AppServices] = []

    def make(home: Path | None = None, name: str = "s") -> AppServices:
        s = make_explorer_services(devnet, tmp_path / name, home=home)
        s.bridge.start()
        made.append(s)
        return s

    chain.grow_to(6)
    yield make
    for s in made:
        run_async(_close(s), timeout_s=20)


async def _close(s: AppServices) -> None:
    await close_explorer_services(s)


def _page(qtbot: Any, services: AppServices) -> Any:
    from app.pages.node_page import NodePage

    return show_page(qtbot, NodePage(services), height=800)


def test_node_page_shows_the_verified_height_peers_and_validators(qtbot: Any, node_services: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, node_services(devnet.home))
    qtbot.waitUntil(lambda: page.light_mark.provenance.kind == "verified", timeout=30_000)
    assert page.light_mark.text().startswith("✔ Verified against block")
    assert "Headers verified up to block" in page.light_label.text()
    qtbot.waitUntil(lambda: page.height_mark.provenance.kind == "verified", timeout=10_000)
    assert page.mode_label.text().startswith("Light node")
    qtbot.waitUntil(lambda: any(r.reachable for r in page.peers_model.rows()), timeout=10_000)
    primary = [r for r in page.peers_model.rows() if r.primary]
    assert len(primary) == 1 and primary[0].chain_ok is True and primary[0].name == "node0"
    assert page.peers_mark.provenance.kind == "unverified"  # each node's word about itself
    qtbot.waitUntil(lambda: len(page.validators_model.rows()) == 1, timeout=20_000)
    # The set that signed the newest verified header (the API's unproven list only until then).
    qtbot.waitUntil(lambda: page.validators_mark.provenance.kind == "verified", timeout=20_000)
    qtbot.waitUntil(lambda: page.validators_model.rows()[0].expected is not None, timeout=30_000)
    row = page.validators_model.rows()[0]
    assert row.signed == row.expected and row.share == 1.0  # one validator signs every block
    assert "from local full node" in page.participation_label.text()
    qtbot.waitUntil(lambda: page.validators_model.rows()[0].organisation != "", timeout=10_000)
    assert not page.overlay.isVisible()  # the node is in step with the network


def test_a_gap_to_the_network_shows_the_sync_overlay(qtbot: Any, node_services: Any, devnet: Any, english_locale: None) -> None:
    page = _page(qtbot, node_services(devnet.home, "gap"))
    qtbot.waitUntil(lambda: page._primary_height is not None, timeout=10_000)
    page._poll_timer.stop()
    page.peers_model.set_peers([(page.primary_url, "node0", True), ("http://far-ahead.example", "bank", False)])
    page.peers_model.update_peer(PeerRow("http://far-ahead.example", "bank", True, page._primary_height + 5_000, True))
    page._update_overlay()
    assert page.overlay.isVisible()
    assert page.overlay.blocks_left_label.text().startswith(f"{5_000:,}")
    assert page.overlay.source == "peers" and not page.overlay.stop_button.isVisible()
    page.overlay.hide_button.click()
    assert not page.overlay.isVisible() and page.overlay.dismissed


def test_full_sync_into_a_folder_reports_progress_and_can_be_explored(qtbot: Any, node_services: Any, devnet: Any, tmp_path: Path, english_locale: None) -> None:
    page = _page(qtbot, node_services(devnet.home, "full"))
    seen: list[JobProgress] = []
    page.sync_job.progressed.connect(seen.append)
    folder = tmp_path / "full-node"
    page.sync_folder = folder
    page.toggle_full_sync()
    qtbot.waitUntil(lambda: page.sync_job.running, timeout=10_000)
    assert page.sync_button.text() == "Stop"
    qtbot.waitUntil(lambda: not page.sync_job.running, timeout=120_000)
    assert page.sync_status.text().startswith("Synced to block"), page.sync_status.text()
    assert seen and seen[-1].blocks_left == 0
    assert (folder / "node.db").is_file() and (folder / "genesis.json").is_file()
    assert not page.overlay.isVisible() and page.explore_button.isVisible()
    page.explore_synced()
    qtbot.waitUntil(lambda: page.source.is_open and page.source.home == folder, timeout=20_000)
    assert page.source.provenance == "full_node"


def test_full_sync_progress_drives_the_overlay(qtbot: Any, english_locale: None) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(900, 600)
    host.show()
    overlay = SyncOverlay(host)
    stops: list[bool] = []
    overlay.stopRequested.connect(lambda: stops.append(True))
    overlay.update_progress(1_000, 101_000, now_s=0.0, eta_s=None, source="full_sync")
    assert overlay.isVisible() and overlay.eta_label.text() == "calculating…"
    est = overlay.update_progress(6_000, 101_000, now_s=100.0, source="full_sync")  # 50 blocks/s
    assert est.eta_s == pytest.approx(1_900.0)
    assert overlay.eta_label.text() == "32 min"
    assert overlay.per_hour_label.text() == "178.22 %"  # 50 blocks/s of 101,000 blocks
    assert overlay.progress_bar.format() == "5.9 %"
    assert overlay.stop_button.isVisible()
    overlay.stop_button.click()
    assert stops == [True]
    assert overlay.geometry() == host.rect()
    overlay.update_progress(101_000, 101_000, now_s=2_000.0, source="full_sync")
    assert not overlay.isVisible()
    overlay.finish()


def test_a_detected_fork_is_loud_and_needs_acknowledging(qtbot: Any, node_services: Any, monkeypatch: Any, english_locale: None) -> None:
    services = node_services(None, "fork")  # no root of trust: the alert still shows however it arrives
    page = _page(qtbot, services)
    acknowledged: list[int] = []

    async def fake_ack(evidence_id: int) -> None:
        acknowledged.append(evidence_id)

    monkeypatch.setattr(page.light, "acknowledge", fake_ack)
    alert = fork_alert()
    page.light.forkDetected.emit(alert)  # as LightReader reports ForkDetected / a halted client's stored alerts
    assert page.banner.isVisible()
    assert "height 1,234" in page.banner.text.text() and "Syncing has stopped" in page.banner.text.text()
    dialog = page.alert_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.labels["primary"].text() == alert.primary and dialog.labels["witness"].text() == alert.witness
    assert dialog.labels["primary_block"].text() == "aa" * 32 and dialog.labels["witness_block"].text() == "bb" * 32
    assert page.light_mark.provenance.kind == "failed"
    assert "witness block id: " + "bb" * 32 in dialog.details_text()
    # The same alert again (every sync reports it) does not stack dialogs.
    page.show_fork_alert(alert)
    assert page.alert_dialog is dialog
    # Close is the default; acknowledging asks first.
    dialog.ack_button.click()
    box = dialog.confirm_box
    assert box is not None and box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    ack = next(b for b in box.buttons() if b.text() == "Acknowledge")
    ack.click()
    qtbot.waitUntil(lambda: acknowledged == [7], timeout=5_000)
    qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=5_000)
    assert page.alert_dialog is None or not page.alert_dialog.isVisible()
