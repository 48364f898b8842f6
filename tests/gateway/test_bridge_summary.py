"""The MQTT bridge tells its counters when it stops (docs/gateway.md, "Metrics and logs").

The bridge counts what it receives, drops and relays, but had no way to show it: no metrics endpoint, no
summary.  Found while writing the 4-validator loop test (tests/e2e/test_tank_network.py), which now checks
the MQTT path's numbers from the bridge's own summary.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from pathlib import Path

import pytest

from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.types import U8, U32, U64, TimestampMs
from node.gateway.bridge import Bridge, BridgeConfig
from node.gateway.buffer import Buffer
from node.gateway.config import Secret, mqtt_config_from_url
from node.gateway.mqtt import reading_topic
from node.modules.tanks.readings import Fault, LevelReading, sign_reading
from tests.e2e.test_gateway_mqtt import publish_raw
from tests.gateway.gwkit import free_port, until, write_key

CHAIN = "depot-bridge-summary"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def test_the_bridge_logs_its_counters_when_it_stops(mqtt_url: str, tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    relay = write_key(tmp_path, "relay")
    data = tmp_path / "bridge"
    data.mkdir()
    # A bridge that ran before knows its chain: it starts (and receives) while its node is down.
    buf = Buffer(data / "bridge.sqlite3", durable=False, clock_ms=now_ms)
    buf.bind_chain(CHAIN)
    buf.close()
    cfg = BridgeConfig(mqtt=mqtt_config_from_url(mqtt_url, client_id=f"bridge-sum-{secrets.token_hex(3)}"),
                       rpc=f"http://127.0.0.1:{free_port()}", keystore=relay.keyfile,
                       password=Secret(file=relay.password_file), data_dir=data, durable=False, wait_s=1)
    device = Signer(PrivateKey.generate(Scheme.ED25519))
    topic = reading_topic("depot", CHAIN, "sum-1")
    good = sign_reading(CHAIN, LevelReading("sum-1", U64(1), TimestampMs(now_ms()), U32(1500), U32(0),
                                            U8(int(Fault.NONE))), device)

    async def main() -> None:
        bridge = Bridge(cfg)
        stop = asyncio.Event()
        task = asyncio.create_task(bridge.run(stop))
        try:
            await until(lambda: bridge.subscribed, what="the subscription")
            await asyncio.to_thread(publish_raw, mqtt_url, topic, encode(good))
            await asyncio.to_thread(publish_raw, mqtt_url, topic, encode(good))  # a redelivery
            await asyncio.to_thread(publish_raw, mqtt_url, topic, b"\x00junk")
            await until(lambda: bridge.metrics.get("readings_invalid") == 1
                        and bridge.metrics.get("readings_duplicate") == 1, what="the three messages")
        finally:
            stop.set()
            await task

    with caplog.at_level(logging.INFO, logger="depot.gateway.bridge"):
        asyncio.run(main())
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("bridge stopped: ")]
    assert len(lines) == 1
    summary = json.loads(lines[0].removeprefix("bridge stopped: "))
    assert (summary["readings_received"], summary["readings_duplicate"], summary["readings_invalid"]) == (1, 1, 1)
    assert summary["buffered"] == 1  # its node never answered: the reading waits in the buffer
