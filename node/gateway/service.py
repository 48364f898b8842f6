"""The tank-site gateway: poll sensors, sign readings, buffer them, deliver them over HTTP and/or MQTT.

``depot gateway --config FILE`` runs one ``Gateway`` on one asyncio loop:

- the poller reads every Modbus endpoint each ``poll_interval_s`` (on a fixed
  schedule, not drifting), converts values to levels (``node.gateway.convert``),
  and stores the signed readings in the buffer — sequence numbers are given
  and persisted in the same database transaction;
- a ``Relay`` delivers them to a node as ``tank.report`` transactions, and/or
  a ``Publisher`` publishes them to an MQTT broker, each at its own pace; a
  path that is down leaves its readings in the buffer;
- housekeeping updates metrics, logs a summary and prunes delivered readings;
- SIGINT/SIGTERM stop polling and delivery and close the buffer.  Nothing is
  lost by stopping at any moment: an interrupted delivery is resolved at the
  next start from what the buffer recorded.

Database calls run on one worker thread, key derivation and signing off the
loop too.  Secrets (passwords, keys) are never logged.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from node.client import AsyncNodeClient, NodeApiError, NodeUnreachable
from node.core.crypto import Signer
from node.core.errors import DepotError
from node.core.types import U8, U32, U64, TimestampMs
from node.gateway.buffer import Buffer
from node.gateway.config import GatewayConfig, KeySource, TankConfig
from node.gateway.convert import Signal, StuckDetector, convert
from node.gateway.errors import SensorReadError
from node.gateway.metrics import Metrics
from node.gateway.modbus import SensorPoller
from node.gateway.mqtt import Publisher
from node.gateway.relay import Relay, chain_last_seqs
from node.keyfile import load_keyfile
from node.modules.tanks.readings import Fault, LevelReading, SignedReading, sign_reading

log = logging.getLogger("depot.gateway")
T = TypeVar("T")

SUMMARY_EVERY_S = 60.0
PRUNE_EVERY_S = 3600.0
_FAULT_COUNTERS = {
    Fault.NE43_LOW: "fault_ne43_low",
    Fault.NE43_HIGH: "fault_ne43_high",
    Fault.STUCK: "fault_stuck",
    Fault.OTHER: "fault_other",
}


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def _build_reading(chain_id: str, signer: Signer, tank_id: str, time_ms: int, level_mm: int, current_ua: int,
                   fault: Fault, seq: int) -> SignedReading:
    reading = LevelReading(tank_id, U64(seq), TimestampMs(time_ms), U32(level_mm), U32(current_ua), U8(int(fault)))
    return sign_reading(chain_id, reading, signer)


class Gateway:
    """One gateway process: its pollers, buffer, delivery paths and metrics."""

    def __init__(self, cfg: GatewayConfig, *, clock_ms: Callable[[], int] = wall_clock_ms) -> None:
        self.cfg = cfg
        self._clock_ms = clock_ms
        self.metrics = Metrics("depot_gateway")
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="gateway-db")
        self.buffer: Buffer | None = None
        self.relay: Relay | None = None
        self.publisher: Publisher | None = None
        self.chain_id: str | None = None
        self._stuck = {t.tank_id: StuckDetector(t.stuck_after_ms) for t in cfg.tanks}
        self._signers: dict[str, Signer] = {}
        self._pollers: list[SensorPoller] = []
        self._sensor_down: dict[str, bool] = {}
        self.polls = 0
        """Completed poll cycles (tests wait on it)."""

    async def _db(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    # --- start-up ------------------------------------------------------------------------------

    async def _load_keys(self) -> Signer | None:
        """Unlock the device key(s) and the relaying key in a thread (key derivation is slow)."""
        loop = asyncio.get_running_loop()
        cache: dict[KeySource, Signer] = {}

        async def unlock(source: KeySource, what: str) -> Signer:
            if source not in cache:
                password = source.password.read(what)
                key = await loop.run_in_executor(None, load_keyfile, source.keyfile, password)
                cache[source] = Signer(key)
                del key, password
            return cache[source]

        default = await unlock(self.cfg.device, "device key")
        for t in self.cfg.tanks:
            self._signers[t.tank_id] = await unlock(t.device, f"device key of tank {t.tank_id}") if t.device else default
        if self.cfg.http is not None:
            return await unlock(self.cfg.http.relay, "relay key")
        return None

    async def _resolve_chain_id(self, buffer: Buffer, client: AsyncNodeClient | None, stop: asyncio.Event) -> str | None:
        known = self.cfg.chain_id or await self._db(buffer.get_meta, "chain_id")
        if known is not None:
            return known
        if client is None:
            return None
        delay = 0.5
        while not stop.is_set():
            try:
                return str((await client.status())["chain_id"])
            except (NodeUnreachable, NodeApiError) as exc:
                log.warning("waiting for the node at %s to learn the chain id: %s", client.base_url, exc.message)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=delay)
            delay = min(delay * 2, 30)
        return None

    async def _seq_floor_from_chain(self, buffer: Buffer, client: AsyncNodeClient) -> None:
        """Tanks new to this buffer continue above the chain's last sequence number (best effort)."""
        unknown = {t.tank_id for t in self.cfg.tanks if buffer.last_seq(t.tank_id) == 0}
        if not unknown:
            return
        try:
            floors = await asyncio.wait_for(chain_last_seqs(client, unknown), timeout=30)
        except (NodeUnreachable, NodeApiError, TimeoutError, DepotError) as exc:
            log.info("cannot read the chain's sequence numbers (%s); new tanks start from the clock",
                     getattr(exc, "message", exc))
            return
        changed = await self._db(buffer.raise_seq_floor, floors)
        if changed:
            log.info("continuing %d tanks above the sequence numbers the chain already has", len(changed))

    # --- running -------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, ready: asyncio.Event | None = None) -> None:
        """Run until ``stop`` is set; ``ready`` is set once the first poll is scheduled."""
        cfg = self.cfg
        relay_signer = await self._load_keys()
        buffer = await self._db(Buffer, cfg.buffer_path, durable=cfg.durable, clock_ms=self._clock_ms)
        self.buffer = buffer
        client = AsyncNodeClient(cfg.http.rpc, timeout_s=cfg.http.wait_s + 10) if cfg.http is not None else None
        tasks: list[asyncio.Task[None]] = []
        metrics_server: asyncio.AbstractServer | None = None
        try:
            chain_id = await self._resolve_chain_id(buffer, client, stop)
            if chain_id is None:
                return
            self.chain_id = chain_id
            await self._db(buffer.bind_chain, chain_id)
            if client is not None:
                await self._seq_floor_from_chain(buffer, client)
            if cfg.http is not None and client is not None and relay_signer is not None:
                self.relay = Relay(
                    buffer, client, relay_signer, chain_id=chain_id, run_blocking=self._db,
                    clock_ms=self._clock_ms, metrics=self.metrics, max_readings_per_tx=cfg.http.max_readings_per_tx,
                    tx_ttl_ms=cfg.http.tx_ttl_s * 1000, wait_s=cfg.http.wait_s,
                )
                tasks.append(asyncio.create_task(self.relay.run(stop), name="relay"))
            if cfg.mqtt is not None:
                self.publisher = Publisher(buffer, cfg.mqtt, chain_id=chain_id, gateway_name=cfg.name,
                                           run_blocking=self._db, metrics=self.metrics)
                tasks.append(asyncio.create_task(self.publisher.run(stop), name="publisher"))
            by_sensor: dict[str, list[TankConfig]] = {}
            for t in cfg.tanks:
                by_sensor.setdefault(t.sensor, []).append(t)
            self._pollers = [SensorPoller(s, by_sensor[s.name]) for s in cfg.sensors if s.name in by_sensor]
            if cfg.metrics_listen is not None:
                metrics_server = await asyncio.start_server(self._serve_metrics, *cfg.metrics_listen)
            log.info("gateway %s: %d tanks on %d endpoints, chain %s, delivering over %s", cfg.name, len(cfg.tanks),
                     len(self._pollers), chain_id, " and ".join(p for p, on in (("HTTP", cfg.http), ("MQTT", cfg.mqtt)) if on))
            tasks.append(asyncio.create_task(self._poll_loop(stop, ready), name="poll"))
            tasks.append(asyncio.create_task(self._housekeeping(stop), name="housekeeping"))
            # A part that fails for an unexpected reason (a bug) stops the gateway rather than limping on.
            done, _ = await asyncio.wait([asyncio.ensure_future(stop.wait()), *tasks], return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task in tasks and not task.cancelled() and task.exception() is not None:
                    log.error("gateway part %s failed", task.get_name(), exc_info=task.exception())
                    raise task.exception()  # type: ignore[misc]
        finally:
            stop.set()
            log.info("gateway %s stopping", cfg.name)
            # Polling stops at once; the relay finishes the batch in flight (so a clean stop leaves
            # nothing open) and the publisher says "offline" to the broker, each within a grace period.
            for task in tasks:
                if task.get_name() in ("poll", "housekeeping"):
                    task.cancel()
            grace = (cfg.http.wait_s if cfg.http else 0) + 5
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await asyncio.wait_for(task, timeout=grace)
            if metrics_server is not None:
                metrics_server.close()
            for p in self._pollers:
                p.close()
            if client is not None:
                await client.aclose()
            # The summary below reports the backlog as it is now, not as housekeeping last saw it.
            with contextlib.suppress(Exception):
                self.metrics.set("buffered", await self._db(buffer.backlog))
            await self._db(buffer.close)
            self._pool.shutdown(wait=True)
            log.info("gateway %s stopped: %s", cfg.name, json.dumps(self.metrics.snapshot()))

    async def _poll_loop(self, stop: asyncio.Event, ready: asyncio.Event | None) -> None:
        interval = self.cfg.poll_interval_s
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        if ready is not None:
            ready.set()
        while not stop.is_set():
            await self.poll_once()
            next_at += interval
            now = loop.time()
            if next_at < now:  # a slow cycle: skip the missed slots rather than bursting
                next_at = now + interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=next_at - now)

    async def poll_once(self) -> int:
        """Read every sensor once and buffer the readings; returns how many were taken."""
        if self.buffer is None or self.chain_id is None:
            raise RuntimeError("the gateway is not running")
        results = await asyncio.gather(*(p.poll() for p in self._pollers), return_exceptions=True)
        now_ms = self._clock_ms()
        values: dict[str, tuple[int, ...]] = {}
        for poller, result in zip(self._pollers, results, strict=True):
            name = poller.sensor.name
            if isinstance(result, SensorReadError):
                self.metrics.inc("read_errors")
                if not self._sensor_down.get(name):
                    log.warning("%s", result.message)
                self._sensor_down[name] = True
                continue
            if isinstance(result, BaseException):
                raise result
            if self._sensor_down.get(name):
                log.info("Modbus endpoint %s answers again", name)
            self._sensor_down[name] = False
            values.update(result)
        builders: list[tuple[str, Callable[[int], SignedReading]]] = []
        faults = 0
        for t in self.cfg.tanks:
            regs = values.get(t.tank_id)
            if regs is None:
                continue
            c = convert(regs, signal=t.signal, value_type=t.value_type, word_order=t.word_order, scaling=t.scaling,
                        zero_mm=t.zero_mm, span_mm=t.span_mm)
            level, current, fault = c.level_mm, c.current_ua, c.fault
            if self._stuck[t.tank_id].observe(regs, now_ms) and fault is Fault.NONE:
                level, fault = 0, Fault.STUCK
            if fault is not Fault.NONE:
                faults += 1
                self.metrics.inc(_FAULT_COUNTERS[fault])
            if t.signal is Signal.LEVEL:
                current = 0
            builders.append((t.tank_id, functools.partial(
                _build_reading, self.chain_id, self._signers[t.tank_id], t.tank_id, now_ms, level, current, fault)))
        self.metrics.inc("readings_read", len(builders))
        self.metrics.inc("faults", faults)
        taken = 0
        if builders:
            room = self.cfg.max_buffered - self.metrics.get("buffered")
            if room < len(builders):
                self.metrics.inc("readings_dropped_full", len(builders) - max(room, 0))
                log.error("the buffer is full (%d readings waiting); not taking %d readings",
                          self.metrics.get("buffered"), len(builders) - max(room, 0))
                builders = builders[: max(room, 0)]
            try:
                taken_rows = await self._db(self.buffer.take, builders, http=self.cfg.http is not None,
                                            mqtt=self.cfg.mqtt is not None)
            except SQLAlchemyError as exc:
                # A full disk or a broken file: nothing of this poll was stored and no sequence number
                # was used; the next poll tries again.
                self.metrics.inc("buffer_errors")
                log.error("cannot store %d readings in the buffer: %s", len(builders), exc)
                taken_rows = []
            taken = len(taken_rows)
            self.metrics.inc("readings_buffered", taken)
            self.metrics.set("buffered", self.metrics.get("buffered") + taken)
            if self.relay is not None:
                self.relay.wake.set()
            if self.publisher is not None:
                self.publisher.wake.set()
        self.polls += 1
        return taken

    async def _housekeeping(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        last_summary = last_prune = loop.time()
        while not stop.is_set():
            if self.buffer is not None:
                self.metrics.set("buffered", await self._db(self.buffer.backlog))
                now = loop.time()
                if now - last_summary >= SUMMARY_EVERY_S:
                    last_summary = now
                    m = self.metrics.snapshot()
                    log.info("read %d (faults %d, errors %d), buffered %d, delivered %d, published %d",
                             m["readings_read"], m["faults"], m["read_errors"], m["buffered"],
                             m["readings_delivered"] + m["readings_on_chain"], m["readings_published"])
                if self.cfg.retention_days and now - last_prune >= PRUNE_EVERY_S:
                    last_prune = now
                    n = await self._db(self.buffer.prune, self._clock_ms() - self.cfg.retention_days * 86_400_000)
                    if n:
                        log.info("pruned %d delivered readings", n)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=5)

    async def _serve_metrics(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """A minimal HTTP endpoint: ``GET /metrics`` (Prometheus text) and ``GET /healthz`` (JSON)."""
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = line.decode("latin-1").split()
            path = parts[1] if len(parts) >= 2 else ""
            if path == "/metrics":
                status, ctype, body = "200 OK", "text/plain; version=0.0.4", self.metrics.prometheus()
            elif path == "/healthz":
                status, ctype = "200 OK", "application/json"
                body = json.dumps({"ok": True, "name": self.cfg.name, **self.metrics.snapshot()})
            else:
                status, ctype, body = "404 Not Found", "text/plain", "not found\n"
            data = body.encode()
            writer.write(f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(data)}\r\n"
                         f"Connection: close\r\n\r\n".encode() + data)
            await writer.drain()
        except (TimeoutError, ConnectionError, UnicodeDecodeError):
            pass
        finally:
            writer.close()


def setup_logging(cfg: GatewayConfig, level: str = "INFO") -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if cfg.log_file is not None:
        cfg.log_file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(cfg.log_file))
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # pymodbus logs every failed connect as an error; the gateway reports outages itself, once.
    logging.getLogger("pymodbus").setLevel(logging.CRITICAL)


def run_gateway(cfg: GatewayConfig) -> int:
    """Entry point of ``depot gateway --config FILE``: run until SIGINT/SIGTERM, then stop cleanly."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await Gateway(cfg).run(stop)

    asyncio.run(main())
    return 0
