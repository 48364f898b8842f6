"""The wallet's history from this computer's explorer index (full node or data folder) on the real devnet:
the same lines as the node's event walk, the node asked only for blocks newer than the index, the index's
lines kept when the node cannot be reached, and no index of another chain used."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from tests.app.test_explorer_models import protect_bools  # noqa: E402

protect_bools()

from app.models.explorer_source import FULL_NODE, source_for  # noqa: E402
from app.models.history_model import HistoryModel, history_from_index  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import SettingsStore  # noqa: E402
from app.wallet_tabs.history_tab import HistoryTab  # noqa: E402
from explorer import Explorer, Indexer, node_url_for_home  # noqa: E402
from node.client import AsyncNodeClient  # noqa: E402
from tests.app.services_kit import demo_accounts  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def build_index(devnet: Any, index_path: Path) -> int:
    """Index the first devnet node's store into ``index_path`` now (blocking); the indexed height."""
    url = node_url_for_home(Path(devnet.info["nodes"][0]["home"]))
    with Indexer.open(url, index_path) as ix:
        ix.run(records=False)
    with Explorer.open(index_path, url) as ex:
        return int(ex.status().height)


@pytest.fixture
def indexed(devnet: Any, chain: Any, tmp_path: Path) -> Iterator[tuple[Explorer, int]]:
    """An explorer index of the devnet as it is now, then three more transfers the index does not hold."""
    chain.make_blocks(3)
    height = build_index(devnet, tmp_path / "explorer.db")
    chain.make_blocks(3)
    ex = Explorer.open(tmp_path / "explorer.db", node_url_for_home(Path(devnet.info["nodes"][0]["home"])))
    yield ex, height
    ex.close()


def make_services(devnet: Any, tmp_path: Path, rpc: str | None = None) -> AppServices:
    client = AsyncNodeClient(rpc or devnet.rpc)
    return AppServices(
        client=client,
        bridge=NodeBridge(client, status_interval_s=0.2),
        accounts=demo_accounts(devnet),
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        home=tmp_path / "app-home",
    )


@pytest.fixture
def services(devnet: Any, tmp_path: Path, aloop: Any, run_async: Any) -> Iterator[AppServices]:
    s = make_services(devnet, tmp_path)
    yield s
    run_async(_close(s), timeout_s=20)


async def _close(s: AppServices) -> None:
    await source_for(s).close()
    await s.bridge.stop()
    await s.client.aclose()
    s.shutdown()


def adopt(services: AppServices, ex: Explorer, devnet: Any) -> Any:
    """The session's explorer source with ``ex`` open, as after opening the full node's folder."""
    src = source_for(services)
    src.adopt(ex, home=Path(devnet.info["nodes"][0]["home"]), provenance=FULL_NODE, status=ex.status(), node_height=None)
    return src


def count_event_calls(services: AppServices, monkeypatch: Any) -> list[int]:
    """The ``from_height`` of every ``/v1/events`` request the client makes from now on."""
    asked: list[int] = []
    original = services.client.events

    async def events(**kwargs: Any) -> Any:
        asked.append(int(kwargs.get("from_height") or 0))
        return await original(**kwargs)

    monkeypatch.setattr(services.client, "events", events)
    return asked


def load(qtbot: Any, model: HistoryModel, address: str) -> None:
    model.set_address(address)
    qtbot.waitUntil(model.load_task.done, timeout=60_000)
    assert model.load_task.exception() is None


def lines(model: HistoryModel) -> set[tuple[Any, ...]]:
    return {
        (e.height, e.tx_index, e.tx_id, e.kind, e.direction, e.counterparty, e.amount, e.note, e.time_ms)
        for e in model.entries()
    }


def test_history_from_the_index_equals_the_event_walk_and_asks_the_node_only_for_newer_blocks(
    qtbot: Any, services: AppServices, devnet: Any, indexed: tuple[Explorer, int], monkeypatch: Any
) -> None:
    ex, height = indexed
    supplier = devnet.account("supplier")["address"]
    by_walk = HistoryModel(services.client)
    load(qtbot, by_walk, supplier)
    assert by_walk.source == "node" and by_walk.rowCount() >= 6

    src = adopt(services, ex, devnet)
    asked = count_event_calls(services, monkeypatch)
    by_index = HistoryModel(services.client, index=src, chain_id=lambda: devnet.info["chain_id"])
    load(qtbot, by_index, supplier)
    assert by_index.source == "index" and by_index.indexed_height == height and not by_index.error
    assert asked and min(asked) == height + 1  # no walk from the chain's start
    assert lines(by_index) == lines(by_walk)
    newer = [e for e in by_index.entries() if e.height > height]
    assert len(newer) >= 3 and all(e.note == "app test" and e.direction == "out" for e in newer)
    assert all(e.time_ms is not None for e in by_index.entries())

    # The blocking query on its own: every line names the account, in chain order per kind.
    got = history_from_index(ex, supplier)
    assert got.height == height and got.chain_id == devnet.info["chain_id"]
    transfers = got.events["token.transferred"]
    assert transfers and all(e["height"] <= height for e in transfers)
    assert [e["height"] for e in transfers] == sorted(e["height"] for e in transfers)
    assert all(supplier in (e["attrs"].get("sender"), e["attrs"].get("to")) for e in transfers)


def test_offline_the_index_lines_stay_and_the_tab_says_where_they_come_from(
    qtbot: Any, devnet: Any, tmp_path: Path, aloop: Any, run_async: Any, indexed: tuple[Explorer, int], english_locale: None
) -> None:
    ex, height = indexed
    offline = make_services(devnet, tmp_path / "offline", rpc="http://127.0.0.1:9")  # an auditor without network
    try:
        adopt(offline, ex, devnet)
        offline.set_account(next(a for a in offline.accounts if a.name == "supplier"))
        tab = HistoryTab(offline)
        qtbot.addWidget(tab)
        tab.show()
        tab.ensure_loaded()
        qtbot.waitUntil(lambda: tab.model.load_task is not None and tab.model.load_task.done(), timeout=60_000)
        model = tab.model
        assert model.source == "index" and model.error
        assert model.rowCount() > 0 and all(e.height <= height for e in model.entries())
        assert all(e.time_ms is not None for e in model.entries())  # times from the index, not the node
        text = tab.status_label.text()
        assert f"Read from this computer's explorer index up to block {height:,}" in text
        assert "newer blocks could not be asked for" in text
    finally:
        run_async(_close(offline), timeout_s=20)


def test_an_index_of_another_chain_is_not_used(
    qtbot: Any, services: AppServices, devnet: Any, indexed: tuple[Explorer, int]
) -> None:
    ex, _height = indexed
    src = adopt(services, ex, devnet)
    src.status = replace(src.status, chain_id="some-other-chain")
    model = HistoryModel(services.client, index=src, chain_id=lambda: devnet.info["chain_id"])
    load(qtbot, model, devnet.account("supplier")["address"])
    assert model.source == "node" and model.rowCount() > 0
