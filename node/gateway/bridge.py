"""The node-side MQTT bridge: signed readings from the broker into ``tank.report`` transactions.

``depot gateway bridge --mqtt URL --rpc URL --keystore FILE --password-file FILE``
subscribes (QoS 1, persistent session) to every tank's reading topic of the
node's chain, checks each message (a well-formed ``SignedReading`` for the
tank its topic names, correctly signed by its device key for this chain),
stores it in its own SQLite buffer and only then acknowledges it to the
broker.  A ``Relay`` delivers the buffer to the node, signed by the bridge's
relaying account (role ``gateway``), with the same exactly-once rules as a
gateway delivering over HTTP.

Duplicates are expected (QoS 1 is at-least-once; a restarted gateway
re-publishes what the broker had not acknowledged): a reading whose sequence
number is not above the last one received for its tank is acknowledged and
dropped.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import paho.mqtt.client as paho

from node.client import AsyncNodeClient, NodeApiError, NodeUnreachable
from node.core.crypto import Signer, verify
from node.core.encoding import decode
from node.core.errors import DepotError
from node.gateway.buffer import Buffer
from node.gateway.config import MqttConfig, Secret
from node.gateway.errors import InvalidReadingMessage
from node.gateway.metrics import Metrics
from node.gateway.mqtt import MqttLink, readings_filter, tank_of_topic
from node.gateway.relay import Relay
from node.keyfile import load_keyfile
from node.modules.tanks.readings import SignedReading, reading_signing_message

log = logging.getLogger("depot.gateway.bridge")
T = TypeVar("T")
PRUNE_EVERY_S = 3600.0
SUMMARY_EVERY_S = 60.0


@dataclass(frozen=True, slots=True)
class BridgeConfig:
    """What ``depot gateway bridge`` needs."""

    mqtt: MqttConfig
    rpc: str
    keystore: Path
    password: Secret
    data_dir: Path
    retention_days: int = 7
    durable: bool = True
    max_readings_per_tx: int = 256
    wait_s: float = 10.0


def check_reading(payload: bytes, topic_tank: str, chain_id: str) -> SignedReading:
    """Decode and verify one MQTT payload; ``DepotError`` if it is not a valid signed reading for the topic's tank."""
    sr = decode(SignedReading, payload)
    if sr.reading.tank_id != topic_tank:
        raise InvalidReadingMessage(
            f"a reading for tank {sr.reading.tank_id!r} arrived on the topic of tank {topic_tank!r}"
        )
    verify(int(sr.scheme), bytes(sr.public_key), reading_signing_message(chain_id, sr.reading), bytes(sr.signature))
    return sr


class Bridge:
    """Subscriber, buffer and relay of one bridge process."""

    def __init__(self, cfg: BridgeConfig, *, clock_ms: Callable[[], int] | None = None) -> None:
        self.cfg = cfg
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)
        self.metrics = Metrics("depot_bridge")
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="bridge-db")
        self.buffer: Buffer | None = None
        self.relay: Relay | None = None
        self.chain_id: str | None = None
        self._link: MqttLink | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._invalid_logged = 0

    @property
    def subscribed(self) -> bool:
        """Whether the broker confirmed the bridge's subscription (its session now queues readings)."""
        return self._link is not None and self._link.subscribed.is_set()

    async def _db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, lambda: fn(*args, **kwargs))

    async def _chain_id(self, client: AsyncNodeClient, stop: asyncio.Event) -> str | None:
        delay = 0.5
        while not stop.is_set():
            try:
                return str((await client.status())["chain_id"])
            except (NodeUnreachable, NodeApiError) as exc:
                log.warning("waiting for the node at %s: %s", client.base_url, exc.message)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            delay = min(delay * 2, 10)
        return None

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Bridge until ``stop`` is set."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        key = await loop.run_in_executor(None, load_keyfile, self.cfg.keystore, self.cfg.password.read("relay key"))
        signer = Signer(key)
        del key
        buffer = await self._db(Buffer, self.cfg.data_dir / "bridge.sqlite3", durable=self.cfg.durable,
                                clock_ms=self._clock_ms)
        self.buffer = buffer
        async with AsyncNodeClient(self.cfg.rpc, timeout_s=self.cfg.wait_s + 10) as client:
            try:
                # A bridge that ran before knows its chain and starts even while the node is down.
                chain_id = await self._db(buffer.get_meta, "chain_id") or await self._chain_id(client, stop)
                if chain_id is None:
                    return
                self.chain_id = chain_id
                await self._db(buffer.bind_chain, chain_id)
                relay = Relay(buffer, client, signer, chain_id=chain_id, run_blocking=self._db, clock_ms=self._clock_ms,
                              metrics=self.metrics, max_readings_per_tx=self.cfg.max_readings_per_tx, wait_s=self.cfg.wait_s)
                self.relay = relay
                topic = readings_filter(self.cfg.mqtt.topic_prefix, chain_id)
                link = MqttLink(self.cfg.mqtt, loop, on_message=self._on_message, subscriptions=(topic,),
                                manual_ack=True,
                                on_connection=lambda up: self.metrics.set("mqtt_up", 1 if up else 0))
                self._link = link
                link.start()
                log.info("bridging %s from %s to %s", topic, self.cfg.mqtt.url, self.cfg.rpc)
                if ready is not None:
                    ready.set()
                relay.wake.set()
                tasks = [asyncio.create_task(relay.run(stop), name="relay"),
                         asyncio.create_task(self._housekeeping(stop), name="housekeeping")]
                try:
                    await asyncio.gather(*tasks)
                finally:
                    for t in tasks:
                        t.cancel()
                    await loop.run_in_executor(None, link.stop)
            finally:
                with contextlib.suppress(Exception):
                    self.metrics.set("buffered", await self._db(buffer.backlog))
                await self._db(buffer.close)
                self._pool.shutdown(wait=True)
                log.info("bridge stopped: %s", json.dumps(self.metrics.snapshot()))

    async def _housekeeping(self, stop: asyncio.Event) -> None:
        last_prune = 0.0
        last_summary = time.monotonic()
        while not stop.is_set():
            if self.buffer is not None:
                self.metrics.set("buffered", await self._db(self.buffer.backlog))
                now = time.monotonic()
                if now - last_summary >= SUMMARY_EVERY_S:
                    last_summary = now
                    m = self.metrics.snapshot()
                    log.info("received %d (duplicates %d, invalid %d), buffered %d, delivered %d, rejected %d",
                             m["readings_received"], m["readings_duplicate"], m["readings_invalid"], m["buffered"],
                             m["readings_delivered"] + m["readings_on_chain"], m["readings_rejected"])
                if self.cfg.retention_days and now - last_prune > PRUNE_EVERY_S:
                    last_prune = now
                    cutoff = self._clock_ms() - self.cfg.retention_days * 86_400_000
                    await self._db(self.buffer.prune, cutoff)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=5)

    # --- paho's thread -------------------------------------------------------------------------

    def _on_message(self, message: paho.MQTTMessage) -> None:
        link, buffer, chain_id = self._link, self.buffer, self.chain_id
        if link is None or buffer is None or chain_id is None:
            return
        tank_id = tank_of_topic(self.cfg.mqtt.topic_prefix, chain_id, message.topic)
        try:
            if tank_id is None:
                raise InvalidReadingMessage(f"not a reading topic: {message.topic[:120]!r}")
            sr = check_reading(bytes(message.payload), tank_id, chain_id)
        except DepotError as exc:
            self.metrics.inc("readings_invalid")
            if self._invalid_logged < 100:
                self._invalid_logged += 1
                log.warning("dropping an invalid message on %s: %s", message.topic[:120], exc.message)
            link.ack(message)
            return
        try:
            outcome = buffer.receive(sr)
        except Exception:
            # Not stored, so not acknowledged: reconnecting makes the broker send it again.
            log.exception("cannot store a reading from %s; reconnecting to get it again", message.topic[:120])
            link.client.reconnect()
            return
        link.ack(message)
        if outcome == "stored":
            self.metrics.inc("readings_received")
            if self._loop is not None and self.relay is not None:
                self._loop.call_soon_threadsafe(self.relay.wake.set)
        else:
            self.metrics.inc("readings_duplicate")


def run_bridge(cfg: BridgeConfig) -> int:
    """Entry point of ``depot gateway bridge``: run until SIGINT/SIGTERM, then stop cleanly."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await Bridge(cfg).run(stop)

    asyncio.run(main())
    return 0
