"""The summary a gateway logs when it stops tells the backlog as it is then, not as housekeeping last saw it.

Seen in the 4-validator loop test (tests/e2e/test_tank_network.py): a gateway that had published every
reading reported ``"buffered": 22`` on stopping (the readings taken since the last 5-second refresh).
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from node.gateway.buffer import Buffer
from node.gateway.config import load_config
from node.gateway.service import Gateway
from node.sim.tanks import SimClock, SimulatorServer, TankSimulator, gateway_tanks, make_specs
from tests.gateway.gwkit import until, write_key


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def test_the_stop_summary_reports_the_backlog_left_in_the_buffer(mqtt_url: str, tmp_path: Path) -> None:
    device = write_key(tmp_path, "device")
    specs = make_specs(2, 32, prefix="sum-")

    async def main() -> dict[str, int]:
        sim = TankSimulator(specs, seed=32, start_ms=now_ms())
        server = SimulatorServer(sim, port=0, clock=SimClock(now_ms(), 30.0))
        await server.start()
        doc = {
            "gateway": {"name": "sum", "chain_id": "depot-gw-summary", "poll_interval_s": 0.1,
                        "data_dir": str(tmp_path / "data"), "device_keyfile": str(device.keyfile),
                        "device_password_file": str(device.password_file), "durable": False},
            "mqtt": {"url": mqtt_url, "client_id": f"sum-{time.time_ns()}"},
            "sensors": [{"name": "sim", "host": "127.0.0.1", "port": server.port}],
            "tanks": gateway_tanks(sim, "sim"),
        }
        (tmp_path / "gw.json").write_text(json.dumps(doc))
        gw = Gateway(load_config(tmp_path / "gw.json"))
        stop = asyncio.Event()
        task = asyncio.create_task(gw.run(stop))
        try:
            await until(lambda: gw.polls >= 5, what="polls")
            await server.stop()  # nothing more to read: what was taken gets published
            await until(lambda: gw.buffer is not None and gw.buffer.counts()["mqtt_pending"] == 0, what="publishing")
        finally:
            stop.set()
            await task
            await server.stop()
        return gw.metrics.snapshot()

    m = asyncio.run(main())
    buf = Buffer(tmp_path / "data" / "buffer.sqlite3", durable=False, clock_ms=now_ms)
    try:
        assert buf.backlog() == 0
    finally:
        buf.close()
    assert m["readings_published"] == m["readings_buffered"] >= 10
    assert m["buffered"] == 0
