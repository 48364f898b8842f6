"""MQTT transport of signed readings: the topic layout, a paho-mqtt link, and the gateway's publisher.

Topics (``prefix`` defaults to ``depot``; every level is plain text)::

    {prefix}/{chain_id}/tanks/{tank_id}/reading     one signed reading, QoS 1, not retained
    {prefix}/{chain_id}/gateways/{name}/status      "online" / "offline" (retained; "offline" is the will)

A reading's payload is the canonical encoding (docs/protocol.md) of
``node.modules.tanks.readings.SignedReading`` — exactly the bytes that go
into a ``tank.report`` — so the bridge needs no other format and can verify
the device signature before relaying.

paho-mqtt runs its network loop in its own thread; this module hands what
that thread sees (acknowledgements, messages) to the asyncio loop with
``call_soon_threadsafe`` and never blocks the loop.  Sessions are persistent
(MQTT 3.1.1 ``clean_session=false``): QoS 1 messages not yet acknowledged are
sent again after a reconnect, and a bridge that was offline receives what the
broker queued for it.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from collections.abc import Callable
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import CallbackAPIVersion

from node.gateway.buffer import Buffer
from node.gateway.config import MqttConfig
from node.gateway.errors import GatewayConfigError
from node.gateway.metrics import Metrics
from node.gateway.relay import RunBlocking

log = logging.getLogger("depot.gateway.mqtt")

QOS = 1


def reading_topic(prefix: str, chain_id: str, tank_id: str) -> str:
    return f"{prefix}/{chain_id}/tanks/{tank_id}/reading"


def readings_filter(prefix: str, chain_id: str) -> str:
    """The subscription that receives every tank's readings of one chain."""
    return f"{prefix}/{chain_id}/tanks/+/reading"


def status_topic(prefix: str, chain_id: str, name: str) -> str:
    return f"{prefix}/{chain_id}/gateways/{name}/status"


def tank_of_topic(prefix: str, chain_id: str, topic: str) -> str | None:
    """The tank id in a reading topic, or None if the topic is not one."""
    head = f"{prefix}/{chain_id}/tanks/"
    if not topic.startswith(head) or not topic.endswith("/reading"):
        return None
    tank_id = topic[len(head) : -len("/reading")]
    return tank_id if tank_id and "/" not in tank_id else None


class MqttLink:
    """One paho client in its own network thread, reconnecting by itself.

    ``on_ack(mid)`` and ``on_connection(up)`` run on the asyncio loop;
    ``on_message(message)`` runs on paho's thread (the bridge stores the
    message there and then acknowledges it; see ``manual_ack``).
    """

    def __init__(
        self,
        cfg: MqttConfig,
        loop: asyncio.AbstractEventLoop,
        *,
        on_ack: Callable[[int], None] | None = None,
        on_connection: Callable[[bool], None] | None = None,
        on_message: Callable[[paho.MQTTMessage], None] | None = None,
        subscriptions: tuple[str, ...] = (),
        will: tuple[str, bytes] | None = None,
        manual_ack: bool = False,
    ) -> None:
        self.cfg = cfg
        self._loop = loop
        self._on_ack = on_ack
        self._on_connection = on_connection
        self._on_message = on_message
        self._subscriptions = subscriptions
        self.connected = False
        self.subscribed = threading.Event()
        """Set once the broker acknowledged every subscription of the current connection."""
        self._pending_subs: set[int] = set()
        self._early: set[int] = set()
        self._lock = threading.Lock()
        client = paho.Client(
            callback_api_version=CallbackAPIVersion.VERSION2,
            client_id=cfg.client_id,
            clean_session=False,
            protocol=paho.MQTTv311,
            manual_ack=manual_ack,
        )
        if cfg.username is not None:
            password = cfg.password.read("MQTT") if cfg.password is not None else None
            client.username_pw_set(cfg.username, password)
        if cfg.tls:
            try:
                client.tls_set(ca_certs=str(cfg.ca_file) if cfg.ca_file else None, tls_version=ssl.PROTOCOL_TLS_CLIENT)
            except (OSError, ssl.SSLError) as exc:
                raise GatewayConfigError(f"mqtt: cannot set up TLS: {exc}") from None
        if will is not None:
            client.will_set(will[0], will[1], qos=QOS, retain=True)
        client.max_inflight_messages_set(max(cfg.max_inflight, 1))
        client.max_queued_messages_set(0)
        client.reconnect_delay_set(1, 30)
        client.on_connect = self._connected
        client.on_disconnect = self._disconnected
        client.on_publish = self._published
        client.on_message = self._message
        client.on_subscribe = self._subscribed
        self.client = client

    def start(self) -> None:
        """Connect in the background (a broker that is down is retried, never waited for here)."""
        self.client.connect_async(self.cfg.host, self.cfg.port, keepalive=self.cfg.keepalive_s)
        self.client.loop_start()

    def stop(self, final: tuple[str, bytes] | None = None) -> None:
        """Optionally publish a last retained message, then disconnect and stop the thread."""
        if final is not None and self.connected:
            info = self.client.publish(final[0], final[1], qos=QOS, retain=True)
            try:
                info.wait_for_publish(timeout=2)
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, topic: str, payload: bytes, *, retain: bool = False) -> int | None:
        """Queue a QoS 1 message; its mid, or None if paho refused it (not connected)."""
        info = self.client.publish(topic, payload, qos=QOS, retain=retain)
        if info.rc != paho.MQTT_ERR_SUCCESS and info.rc != paho.MQTT_ERR_NO_CONN:
            return None
        with self._lock:
            if info.mid in self._early:  # acknowledged before publish() returned
                self._early.discard(info.mid)
                if self._on_ack is not None:
                    self._loop.call_soon_threadsafe(self._on_ack, info.mid)
        return info.mid

    def ack(self, message: paho.MQTTMessage) -> None:
        """Acknowledge a received QoS 1 message (with ``manual_ack``), after it is stored."""
        self.client.ack(message.mid, message.qos)

    # --- paho thread ---------------------------------------------------------------------------

    def _connected(self, client: paho.Client, _ud: Any, _flags: Any, reason: Any, _props: Any) -> None:
        if getattr(reason, "is_failure", False):
            log.warning("the MQTT broker %s refused the connection: %s", self.cfg.url, reason)
            return
        self.connected = True
        self.subscribed.clear()
        with self._lock:
            mids = (client.subscribe(topic, qos=QOS)[1] for topic in self._subscriptions)
            self._pending_subs = {m for m in mids if m is not None}
        if not self._subscriptions:
            self.subscribed.set()
        log.info("connected to the MQTT broker %s", self.cfg.url)
        if self._on_connection is not None:
            self._loop.call_soon_threadsafe(self._on_connection, True)

    def _subscribed(self, _c: paho.Client, _ud: Any, mid: int, reasons: Any, _props: Any) -> None:
        if any(getattr(r, "is_failure", False) for r in reasons or ()):
            log.error("the MQTT broker %s refused a subscription: %s", self.cfg.url, reasons)
            return
        with self._lock:
            self._pending_subs.discard(mid)
            done = not self._pending_subs
        if done:
            self.subscribed.set()

    def _disconnected(self, _c: paho.Client, _ud: Any, _flags: Any, reason: Any, _props: Any) -> None:
        was = self.connected
        self.connected = False
        self.subscribed.clear()
        if was:
            log.warning("disconnected from the MQTT broker %s: %s", self.cfg.url, reason)
        if self._on_connection is not None:
            try:
                self._loop.call_soon_threadsafe(self._on_connection, False)
            except RuntimeError:  # the loop is closed (shutting down)
                pass

    def _published(self, _c: paho.Client, _ud: Any, mid: int, _reason: Any, _props: Any) -> None:
        if self._on_ack is None:
            return
        with self._lock:
            # paho may report the PUBACK before publish() returned the mid to us.
            self._early.add(mid)
        try:
            self._loop.call_soon_threadsafe(self._take_ack, mid)
        except RuntimeError:
            pass

    def _take_ack(self, mid: int) -> None:
        with self._lock:
            if mid not in self._early:
                return
            self._early.discard(mid)
        if self._on_ack is not None:
            self._on_ack(mid)

    def _message(self, _c: paho.Client, _ud: Any, message: paho.MQTTMessage) -> None:
        if self._on_message is not None:
            self._on_message(message)


class Publisher:
    """Publishes the gateway's buffered readings, each tank's strictly one after the other.

    At most one reading per tank is unacknowledged at any time, so the broker
    receives (and forwards) each tank's readings in sequence order even across
    reconnects; a reading counts as published only after the broker's PUBACK.
    """

    def __init__(
        self,
        buffer: Buffer,
        cfg: MqttConfig,
        *,
        chain_id: str,
        gateway_name: str,
        run_blocking: RunBlocking,
        metrics: Metrics,
    ) -> None:
        self.buffer = buffer
        self.cfg = cfg
        self.chain_id = chain_id
        self.name = gateway_name
        self._db = run_blocking
        self.metrics = metrics
        self.wake = asyncio.Event()
        self._inflight: dict[int, tuple[int, str]] = {}  # mid -> (reading id, tank id)
        self._acked: list[int] = []
        self._link: MqttLink | None = None

    def _on_ack(self, mid: int) -> None:
        self._acked.append(mid)
        self.wake.set()

    def _on_connection(self, up: bool) -> None:
        self.metrics.set("mqtt_up", 1 if up else 0)
        if up:
            self.wake.set()
            if self._link is not None:
                self._link.publish(status_topic(self.cfg.topic_prefix, self.chain_id, self.name), b"online", retain=True)

    async def run(self, stop: asyncio.Event) -> None:
        status = status_topic(self.cfg.topic_prefix, self.chain_id, self.name)
        link = MqttLink(self.cfg, asyncio.get_running_loop(), on_ack=self._on_ack,
                        on_connection=self._on_connection, will=(status, b"offline"))
        self._link = link
        link.start()
        try:
            while not stop.is_set():
                await self._flush_acks()
                if link.connected:
                    await self._fill(link)
                self.wake.clear()
                if self._acked:
                    continue
                await _wait_any(stop, self.wake, 1.0)
            await self._flush_acks()
        finally:
            await asyncio.get_running_loop().run_in_executor(None, link.stop, (status, b"offline"))
            await self._flush_acks()

    async def _flush_acks(self) -> None:
        if not self._acked:
            return
        mids, self._acked = self._acked, []
        ids = [self._inflight.pop(m)[0] for m in mids if m in self._inflight]
        if ids:
            await self._db(self.buffer.mark_published, ids)
            self.metrics.inc("readings_published", len(ids))

    async def _fill(self, link: MqttLink) -> None:
        room = self.cfg.max_inflight - len(self._inflight)
        if room <= 0:
            return
        busy_tanks = {t for _, t in self._inflight.values()}
        busy_ids = {i for i, _ in self._inflight.values()}
        rows = await self._db(self.buffer.pending_mqtt, room + len(self._inflight) + 64)
        for r in rows:
            if room <= 0:
                break
            if r.id in busy_ids or r.tank_id in busy_tanks:
                busy_tanks.add(r.tank_id)  # later readings of this tank wait their turn
                continue
            mid = link.publish(reading_topic(self.cfg.topic_prefix, self.chain_id, r.tank_id), r.signed)
            if mid is None:
                break
            self._inflight[mid] = (r.id, r.tank_id)
            busy_tanks.add(r.tank_id)
            room -= 1


async def _wait_any(stop: asyncio.Event, wake: asyncio.Event, timeout_s: float) -> None:
    tasks = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(tasks, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()
