"""Demo tanks on a real devnet: the simulator drains them, the gateway reports, orders appear and settle by themselves."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.demo_tanks import (  # noqa: E402
    STORAGE_ID,
    TANK_ID_PREFIX,
    DemoChain,
    DemoTanks,
    DemoTanksError,
    DemoTankSettings,
    start_demo_tanks,
)
from node.modules.bills.records import BILL_PREFIX  # noqa: E402
from node.modules.tanks.records import ORDER_PREFIX, STORAGE_PREFIX, TANK_PREFIX  # noqa: E402
from tests.kit import DevnetProcess  # noqa: E402

pytestmark = pytest.mark.e2e

FAST = DemoTankSettings(count=2, time_scale=2880.0, poll_interval_s=2.0, travel_s=3.0, dispatch_after_s=1.0,
                        dispute_window_ms=4_000, seed=3)


@pytest.fixture(scope="module")
def devnet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevnetProcess]:
    net = DevnetProcess(tmp_path_factory.mktemp("demo-tanks") / "net", extra=["--block-time-ms", "200"])
    try:
        yield net
    finally:
        net.stop()


def wait_for(cond, timeout_s: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(1.0)
    raise AssertionError(f"{what} within {timeout_s:.0f} s")


def test_demo_tanks_order_and_settle_by_themselves(devnet: DevnetProcess) -> None:
    stop = threading.Event()
    runner = DemoTanks(devnet.home, FAST)
    thread = threading.Thread(target=runner.run, args=(stop,), daemon=True)
    thread.start()
    chain = DemoChain.load(devnet.home)
    try:
        assert runner.ready.wait(120), "the demo tanks did not start"
        tanks = chain.records(TANK_PREFIX + TANK_ID_PREFIX.encode())
        assert sorted(t["terms"]["tank_id"] for t in tanks) == runner.tank_ids and len(tanks) == 2
        for t in tanks:  # the customer owns them, the supplier's storage backs them; lines below the start level
            assert t["terms"]["owner"] == chain.address("customer")
            assert t["terms"]["storage_id"] == STORAGE_ID
            assert t["terms"]["critical_mm"] < t["terms"]["warning_mm"] < t["max_level_mm"]
        assert [s["storage_id"] for s in chain.records(STORAGE_PREFIX)] == [STORAGE_ID]
        settled = wait_for(lambda: [o for o in chain.records(ORDER_PREFIX) if o["status"] == 6], 240,
                           "no demo order settled")
        o = settled[0]
        assert o["evidence"] == 1 and o["delivered_l"] > 0  # the simulated truck's fill, seen in signed readings
        assert o["paid"] == o["delivered_l"] * o["unit_price"] and o["bill_no"] > 0
        assert any(b["reference"] == o["order_id"] for b in chain.records(BILL_PREFIX))
        procs = list(runner.children.procs)
        assert len(procs) == 2 and all(p.poll() is None for p in procs)
    finally:
        stop.set()
        thread.join(30)
    assert not thread.is_alive()
    assert all(p.poll() is not None for p in procs), "the simulator and the gateway must stop with the demo"


def test_a_restarted_demo_reuses_its_tanks_and_keys(devnet: DevnetProcess) -> None:
    chain = DemoChain.load(devnet.home)
    before = {t["terms"]["tank_id"]: t["terms_hash"] for t in chain.records(TANK_PREFIX)}
    stop = threading.Event()
    thread = start_demo_tanks(devnet.home, [devnet.rpc], FAST.count, stop)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (devnet.home / "demo-tanks" / "gateway.json").exists():
            time.sleep(0.5)
        time.sleep(5)
    finally:
        stop.set()
        thread.join(30)
    after = {t["terms"]["tank_id"]: t["terms_hash"] for t in chain.records(TANK_PREFIX)}
    assert after == before  # nothing registered twice, the same device key bound


def test_bad_settings_and_a_missing_devnet_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DemoTanksError):
        DemoTanks(tmp_path, DemoTankSettings(count=0))
    with pytest.raises(DemoTanksError, match="devnet.json"):
        DemoChain.load(tmp_path)
