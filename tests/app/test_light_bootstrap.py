"""A consortium's light client checks the pinned genesis in a child process (a second of Python that would
stall the GUI thread), keeps it in its store, and reports the light client's own error when the pin is wrong."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from tests.app.test_explorer_models import protect_bools  # noqa: E402

protect_bools()

import node.light.client as light_client_module  # noqa: E402
from app.models.explorer_light import light_for  # noqa: E402
from app.node_bridge import NodeBridge  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.settings_store import AppSettings, NetworkSpec, SettingsStore  # noqa: E402
from node.client import AsyncNodeClient, NodeClient  # noqa: E402
from node.light.store import LightStore  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def consortium_services(devnet: Any, tmp_path: Path, genesis_hash: str) -> AppServices:
    with NodeClient(devnet.rpc) as c:
        chain_id = str(c.status()["chain_id"])
    client = AsyncNodeClient(devnet.rpc)
    settings = AppSettings(
        first_run_done=True,
        network="consortium",
        consortium=NetworkSpec("test consortium", chain_id, genesis_hash, (devnet.rpc,)),
        data_dir=str(tmp_path / "data"),
    )
    return AppServices(
        client=client,
        bridge=NodeBridge(client),
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        app_settings=settings,
    )


@pytest.fixture
def made(run_async: Any) -> Iterator[list[AppServices]]:
    services: list[AppServices] = []
    yield services
    for s in services:
        reader = light_for(s)
        run_async(reader._run(reader.close_now), timeout_s=20)
        run_async(s.client.aclose(), timeout_s=20)
        s.shutdown()


def test_the_genesis_is_checked_in_a_child_and_read_back_here(
    devnet: Any, chain: Any, tmp_path: Path, run_async: Any, made: list[AppServices], monkeypatch: Any
) -> None:
    chain.grow_to(3)
    with NodeClient(devnet.rpc) as c:
        pinned = str(c.status()["genesis_hash"])
    services = consortium_services(devnet, tmp_path, pinned)
    made.append(services)

    def not_here(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the genesis document was decoded in the app's process")

    monkeypatch.setattr(light_client_module, "genesis_from_json", not_here)
    reader = light_for(services)
    status = run_async(reader.sync(), timeout_s=180)
    assert status is not None and status.height >= 1, reader.last_failure
    with LightStore.open(LightStore.url_for_home(tmp_path / "data" / "light")) as store:
        root = store.root()
    assert root is not None and bytes(root[1]).hex() == pinned
    # A second sync reads the stored root: no child any more.
    monkeypatch.setattr("app.models.explorer_light.bootstrap_in_child", not_here)
    assert run_async(reader.sync(), timeout_s=60) is not None


def test_a_wrong_pin_fails_with_the_light_clients_own_code(
    devnet: Any, tmp_path: Path, run_async: Any, made: list[AppServices]
) -> None:
    services = consortium_services(devnet, tmp_path, "ab" * 32)
    made.append(services)
    reader = light_for(services)
    failures: list[Any] = []
    reader.syncFailed.connect(failures.append)
    assert run_async(reader.sync(), timeout_s=180) is None
    assert reader.last_failure is not None and reader.last_failure.code == "genesis_mismatch"
    assert "pinned" in reader.last_failure.message and failures == [reader.last_failure]
