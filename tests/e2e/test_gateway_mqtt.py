"""Gateway → Mosquitto → node-side bridge → node: every reading on chain once, in order, across a bridge restart.

Uses the suite's Mosquitto (``mqtt_url``, started by scripts/test-services.sh) and a real node process.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as paho
import pytest
from paho.mqtt.enums import CallbackAPIVersion

from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.types import U8, U32, U64, TimestampMs
from node.gateway.bridge import Bridge, BridgeConfig
from node.gateway.buffer import Buffer
from node.gateway.config import Secret, load_config, mqtt_config_from_url, parse_mqtt_url
from node.gateway.mqtt import reading_topic
from node.gateway.schema import HttpState, MqttState
from node.gateway.service import Gateway
from node.modules.tanks.readings import Fault, LevelReading, sign_reading
from node.sim.tanks import SimClock, SimulatorServer, TankSimulator, gateway_tanks, make_specs
from tests.gateway.gwkit import TankNet, gateway_config, now_ms, until

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TankNet]:
    n = TankNet(tmp_path_factory.mktemp("mqttnet"), device_scheme=Scheme.P256)
    n.start()
    yield n
    n.stop()


def bridge_config(net: TankNet, mqtt_url: str, data_dir: Path, client_id: str) -> BridgeConfig:
    k = net.keys["bridge"]
    return BridgeConfig(mqtt=mqtt_config_from_url(mqtt_url, client_id=client_id), rpc=net.rpc, keystore=k.keyfile,
                        password=Secret(file=k.password_file), data_dir=data_dir, durable=False, wait_s=5)


def publish_raw(mqtt_url: str, topic: str, payload: bytes) -> None:
    host, port, _, _ = parse_mqtt_url(mqtt_url)
    c = paho.Client(callback_api_version=CallbackAPIVersion.VERSION2, client_id=f"rogue-{secrets.token_hex(3)}")
    c.connect(host, port)
    c.loop_start()
    c.publish(topic, payload, qos=1).wait_for_publish(10)
    c.disconnect()
    c.loop_stop()


def test_readings_travel_over_mqtt_through_the_bridge_exactly_once(net: TankNet, mqtt_url: str, tmp_path: Path):
    specs = make_specs(3, 21, prefix="mq-")
    net.register_tanks(specs)
    ids = [s.tank_id for s in specs]
    bridge_id = f"bridge-{secrets.token_hex(4)}"

    async def main() -> None:
        sim = TankSimulator(specs, seed=21, start_ms=now_ms())
        server = SimulatorServer(sim, port=0, clock=SimClock(now_ms(), 30.0))
        await server.start()
        cfg = load_config(gateway_config(tmp_path / "gw.json", net, name="mq", sim_port=server.port,
                                         tanks=gateway_tanks(sim, "sim"), relay=None, mqtt_url=mqtt_url))
        # The bridge subscribes first: a broker keeps readings only for sessions that already subscribed.
        bridge = Bridge(bridge_config(net, mqtt_url, tmp_path / "bridge", bridge_id))
        b_stop = asyncio.Event()
        b_task = asyncio.create_task(bridge.run(b_stop))
        await until(lambda: bridge.subscribed, what="the bridge's subscription")
        gw = Gateway(cfg)
        gw_stop = asyncio.Event()
        gw_task = asyncio.create_task(gw.run(gw_stop))
        try:
            await until(lambda: bridge.metrics.get("readings_delivered") >= 9, what="readings through the bridge")
            # Garbage on a reading topic: a wrong tank, an unsigned blob. Counted, acknowledged, never relayed.
            rogue = sign_reading(net.chain_id, LevelReading(ids[0], U64(2**62), TimestampMs(now_ms()), U32(1), U32(0),
                                                            U8(int(Fault.NONE))), Signer(PrivateKey.generate(Scheme.ED25519)))
            await asyncio.to_thread(publish_raw, mqtt_url, reading_topic("depot", net.chain_id, ids[1]), encode(rogue))
            await asyncio.to_thread(publish_raw, mqtt_url, reading_topic("depot", net.chain_id, ids[1]), b"\x00junk")
            await until(lambda: bridge.metrics.get("readings_invalid") == 2, what="invalid messages to be dropped")

            # The bridge goes down; the gateway keeps publishing; the broker queues for the bridge's session.
            b_stop.set()
            await b_task
            published = gw.metrics.get("readings_published")
            await until(lambda: gw.metrics.get("readings_published") >= published + 12, what="publishing meanwhile")
            bridge2 = Bridge(bridge_config(net, mqtt_url, tmp_path / "bridge", bridge_id))
            b_stop = asyncio.Event()
            b_task = asyncio.create_task(bridge2.run(b_stop))
            await until(lambda: bridge2.metrics.get("readings_received") >= 12, what="the queued readings")
            await server.stop()  # no more readings; let everything drain
            gw_stop.set()
            await gw_task

            async def drained() -> bool:
                assert bridge2.buffer is not None
                c = await bridge2._db(bridge2.buffer.counts)
                return c["http_pending"] == 0 and c["http_in_batch"] == 0

            await until(drained, what="the bridge to deliver everything")
        finally:
            gw_stop.set()
            b_stop.set()
            await asyncio.gather(gw_task, b_task, return_exceptions=True)
            await server.stop()

    asyncio.run(main())
    gwbuf = Buffer(tmp_path / "mq-data" / "buffer.sqlite3", durable=False, clock_ms=now_ms)
    brbuf = Buffer(tmp_path / "bridge" / "bridge.sqlite3", durable=False, clock_ms=now_ms)
    try:
        for tid in ids:
            states = gwbuf.http_states(tid)
            taken = [s for s, _, _ in states]
            assert all(st == HttpState.NOT_SENT for _, st, _ in states)  # MQTT only
            # Each poll reads every tank: about 3 readings each before the bridge went down and 4 while it was (slack for uneven batches).
            assert len(taken) >= 6 and taken == list(range(taken[0], taken[0] + len(taken)))
            assert net.accepted_seqs(tid) == taken  # all of them, once each, in order
            assert [s for s, st, _ in brbuf.http_states(tid) if st == HttpState.DELIVERED] == taken
        assert gwbuf.counts()["mqtt_pending"] == 0 and gwbuf.counts()["published"] == sum(
            len(gwbuf.http_states(t)) for t in ids)
        assert MqttState.PUBLISHED == 3
    finally:
        gwbuf.close()
        brbuf.close()


def test_http_and_mqtt_together_still_deliver_each_reading_once(net: TankNet, mqtt_url: str, tmp_path: Path):
    specs = make_specs(2, 22, prefix="both-")
    net.register_tanks(specs)
    ids = [s.tank_id for s in specs]

    async def main() -> None:
        sim = TankSimulator(specs, seed=22, start_ms=now_ms())
        server = SimulatorServer(sim, port=0, clock=SimClock(now_ms(), 30.0))
        await server.start()
        cfg = load_config(gateway_config(tmp_path / "gw.json", net, name="both", sim_port=server.port,
                                         tanks=gateway_tanks(sim, "sim"), relay="relay", mqtt_url=mqtt_url))
        bridge = Bridge(bridge_config(net, mqtt_url, tmp_path / "bridge", f"bridge-{secrets.token_hex(4)}"))
        b_stop = asyncio.Event()
        b_task = asyncio.create_task(bridge.run(b_stop))
        await until(lambda: bridge.subscribed, what="the bridge's subscription")
        gw = Gateway(cfg)
        gw_stop = asyncio.Event()
        gw_task = asyncio.create_task(gw.run(gw_stop))
        try:
            await until(lambda: gw.polls >= 15, what="polls")
            await server.stop()

            async def drained() -> bool:
                assert gw.buffer is not None and bridge.buffer is not None
                g = await gw._db(gw.buffer.counts)
                b = await bridge._db(bridge.buffer.counts)
                return (g["http_pending"] + g["http_in_batch"] + g["mqtt_pending"] == 0
                        and b["http_pending"] + b["http_in_batch"] == 0
                        and b["delivered"] + b["on_chain"] == g["delivered"] + g["on_chain"])

            await until(drained, what="both paths to settle")
        finally:
            gw_stop.set()
            b_stop.set()
            await asyncio.gather(gw_task, b_task, return_exceptions=True)
            await server.stop()
        # Whichever path came second was told "already used" and counted it as delivered.
        assert gw.metrics.get("readings_rejected") == bridge.metrics.get("readings_rejected") == 0

    asyncio.run(main())
    gwbuf = Buffer(tmp_path / "both-data" / "buffer.sqlite3", durable=False, clock_ms=now_ms)
    try:
        for tid in ids:
            taken = [s for s, _, _ in gwbuf.http_states(tid)]
            assert net.accepted_seqs(tid) == taken
    finally:
        gwbuf.close()
