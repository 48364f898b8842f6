"""A tank farm simulator that serves level transmitters over Modbus TCP (``depot sim tanks``).

The simulation (``TankSimulator``) is deterministic and has no clock: time is
passed in (``advance_to``), so tests step it and the server drives it from a
``SimClock`` that can run a demo day in minutes (``time_scale``).

- Tanks drain by a daily consumption pattern (``DAILY_PATTERN``: quiet at
  night, peaks in the morning and evening) scaled per tank and hour by a
  factor drawn from the seed, so a run is reproducible whatever the tick rate.
- They refill when an order is dispatched to them (``dispatch``; the server
  watches a node's event stream for ``order.dispatched``): after a travel
  delay a truck pumps at a fixed rate until the quantity is in or the tank is
  at its fill limit.
- Sensor faults can be injected per tank: loop current below 3.8 mA or above
  20.5 mA (NAMUR NE43 failure signals) or a stuck (frozen) output — by
  ``set_fault`` or by writing the tank's fault register over Modbus.

Everything is integer: volumes in millilitres, levels in millimetres, loop
currents in microamperes.  Holding registers per tank (``REGISTERS_PER_TANK``
apart, tank *i* at ``i * REGISTERS_PER_TANK``; 32-bit values in the
configured word order)::

    +0 +1  loop current, µA (u32)        4 mA empty .. 20 mA full (the tank's height)
    +2 +3  level, mm (u32)
    +4     fault mode (u16, read/write)  0 none, 1 loop low, 2 loop high, 3 stuck
    +5     status bits (u16)             bit0 filling, bit1 delivery on its way, bit2 empty
    +6 +7  volume, litres (u32)
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hashlib
import json
import logging
import random
import signal
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from node.gateway.convert import WordOrder, current_of_level, split_u32
from node.gateway.errors import SimulatorError

log = logging.getLogger("depot.sim")

REGISTERS_PER_TANK = 8
REG_CURRENT = 0
REG_LEVEL = 2
REG_FAULT = 4
REG_STATUS = 5
REG_VOLUME = 6
MAX_TANKS = 65536 // REGISTERS_PER_TANK

STATUS_FILLING = 1
STATUS_DELIVERY_DUE = 2
STATUS_EMPTY = 4

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS

# Share of a day's consumption in each hour (per mille of the sum): night, morning peak, day, evening peak.
DAILY_PATTERN: tuple[int, ...] = (
    10, 8, 8, 8, 10, 20, 45, 70, 75, 65, 55, 50, 50, 50, 50, 55, 60, 70, 75, 65, 50, 35, 25, 15,
)  # fmt: skip
PATTERN_TOTAL = sum(DAILY_PATTERN)

FAULT_LOW_UA = 3_600
"""NE43 failure signal, low (≤ 3.6 mA)."""
FAULT_HIGH_UA = 21_000
"""NE43 failure signal, high (≥ 21 mA)."""


class SensorFault(enum.IntEnum):
    """A fault injected into a tank's transmitter."""

    NONE = 0
    LOOP_LOW = 1
    LOOP_HIGH = 2
    STUCK = 3


@dataclass(frozen=True, slots=True)
class TankSpec:
    """A simulated tank: a vertical cylinder, so volume and level are proportional."""

    tank_id: str
    height_mm: int
    """Level at full capacity; the transmitter's 20 mA point."""
    capacity_l: int
    daily_use_l: int
    """Mean consumption per day (the pattern spreads it over the hours)."""
    start_level_mm: int


@dataclass(slots=True)
class Delivery:
    """A dispatched order on its way to, or pumping into, a tank."""

    order_id: str
    quantity_ml: int
    start_ms: int
    """When pumping starts (dispatch time plus travel)."""
    delivered_ml: int = 0
    done: bool = False


@dataclass(slots=True)
class TankState:
    """A tank's simulated contents and its transmitter."""

    spec: TankSpec
    volume_ml: int
    fault: SensorFault = SensorFault.NONE
    deliveries: list[Delivery] = field(default_factory=list)
    delivered_l: int = 0
    """Litres delivered so far (all orders)."""
    frozen: tuple[int, ...] | None = None
    """Registers shown while the output is stuck."""

    @property
    def capacity_ml(self) -> int:
        return self.spec.capacity_l * 1000

    @property
    def level_mm(self) -> int:
        return self.volume_ml * self.spec.height_mm // self.capacity_ml


def make_specs(count: int, seed: int, *, prefix: str = "tank-", first: int = 1) -> list[TankSpec]:
    """``count`` tanks with sizes, consumption and start levels drawn from ``seed``."""
    if not 1 <= count <= MAX_TANKS:
        raise SimulatorError(f"the simulator serves 1..{MAX_TANKS} tanks, got {count}")
    rng = random.Random(seed)
    specs = []
    for i in range(count):
        height = rng.randrange(2000, 4001, 100)
        capacity = rng.randrange(10_000, 50_001, 1000)
        daily = capacity * rng.randrange(8, 25) // 100
        start = height * rng.randrange(45, 96) // 100
        specs.append(TankSpec(f"{prefix}{first + i:04d}", height, capacity, daily, start))
    return specs


class TankSimulator:
    """The simulated tanks and their register image; all time is passed in (simulation ms)."""

    def __init__(
        self,
        specs: Iterable[TankSpec],
        *,
        seed: int,
        start_ms: int,
        word_order: WordOrder = WordOrder.BIG,
        noise_mm: int = 2,
        travel_ms: int = 30 * 60_000,
        pump_l_per_min: int = 500,
        fill_limit_permille: int = 950,
    ) -> None:
        self.tanks: dict[str, TankState] = {}
        self.order: list[str] = []
        for s in specs:
            if s.tank_id in self.tanks:
                raise SimulatorError(f"tank {s.tank_id!r} is listed twice")
            if s.height_mm <= 0 or s.capacity_l <= 0 or not 0 <= s.start_level_mm <= s.height_mm:
                raise SimulatorError(f"tank {s.tank_id!r} has an impossible size or start level")
            self.tanks[s.tank_id] = TankState(s, s.capacity_l * 1000 * s.start_level_mm // s.height_mm)
            self.order.append(s.tank_id)
        if not 1 <= len(self.order) <= MAX_TANKS:
            raise SimulatorError(f"the simulator serves 1..{MAX_TANKS} tanks, got {len(self.order)}")
        self.index = {tid: i for i, tid in enumerate(self.order)}
        self.seed = seed
        self._seed_bytes = seed.to_bytes(8, "big", signed=True)
        self.now_ms = start_ms
        self.word_order = word_order
        self.noise_mm = noise_mm
        self.travel_ms = travel_ms
        self.pump_ml_per_ms = pump_l_per_min * 1000 / 60_000
        self.fill_limit_permille = fill_limit_permille
        self._seen_orders: OrderedDict[str, None] = OrderedDict()
        self.image: list[int] = [0] * (len(self.order) * REGISTERS_PER_TANK)
        for tid in self.order:
            self._render(tid)

    # --- randomness from the seed, independent of the tick pattern --------------------------------

    def _draw(self, tank_id: str, what: bytes, n: int) -> int:
        h = hashlib.blake2b(self._seed_bytes + what + n.to_bytes(8, "big", signed=True) + tank_id.encode(),
                            digest_size=8).digest()
        return int.from_bytes(h, "big")

    def _hour_use_ml(self, tank: TankState, hour: int) -> int:
        factor = 700 + self._draw(tank.spec.tank_id, b"use", hour) % 601  # 0.7 .. 1.3
        return tank.spec.daily_use_l * 1000 * DAILY_PATTERN[hour % 24] * factor // (PATTERN_TOTAL * 1000)

    def _consumed_ml(self, tank: TankState, t0: int, t1: int) -> int:
        """Consumption in [t0, t1): exact and additive (splitting the interval changes nothing)."""
        h0, o0 = divmod(t0, HOUR_MS)
        h1, o1 = divmod(t1, HOUR_MS)
        if h0 == h1:
            u = self._hour_use_ml(tank, h0)
            return u * o1 // HOUR_MS - u * o0 // HOUR_MS
        u0 = self._hour_use_ml(tank, h0)
        total = u0 - u0 * o0 // HOUR_MS
        for h in range(h0 + 1, h1):
            total += self._hour_use_ml(tank, h)
        return total + self._hour_use_ml(tank, h1) * o1 // HOUR_MS

    def _noise(self, tank_id: str, t_ms: int) -> int:
        if self.noise_mm <= 0:
            return 0
        return self._draw(tank_id, b"noise", t_ms // 1000) % (2 * self.noise_mm + 1) - self.noise_mm

    # --- time ------------------------------------------------------------------------------------

    def advance_to(self, t_ms: int) -> None:
        """Let the simulation run to ``t_ms``: consumption, deliveries, then the register image."""
        if t_ms <= self.now_ms:
            return
        t0 = self.now_ms
        for tid in self.order:
            tank = self.tanks[tid]
            tank.volume_ml = max(0, tank.volume_ml - self._consumed_ml(tank, t0, t_ms))
            for d in tank.deliveries:
                if d.done or t_ms <= d.start_ms:
                    continue
                due = min(d.quantity_ml, int((t_ms - d.start_ms) * self.pump_ml_per_ms))
                room = tank.capacity_ml * self.fill_limit_permille // 1000 - tank.volume_ml
                want = due - d.delivered_ml
                step = max(0, min(want, room))
                tank.volume_ml += step
                d.delivered_ml += step
                if d.delivered_ml >= d.quantity_ml or want > step:  # all in, or the tank is at its fill limit
                    d.done = True
                    tank.delivered_l += d.delivered_ml // 1000
                    log.info("tank %s: order %s delivered %d L", tid, d.order_id, d.delivered_ml // 1000)
            tank.deliveries = [d for d in tank.deliveries if not d.done]
        self.now_ms = t_ms
        for tid in self.order:
            self._render(tid)

    # --- control ---------------------------------------------------------------------------------

    def _tank(self, tank_id: str) -> TankState:
        tank = self.tanks.get(tank_id)
        if tank is None:
            raise SimulatorError(f"no simulated tank {tank_id!r}", tank_id=tank_id)
        return tank

    def dispatch(self, tank_id: str, quantity_l: int, order_id: str) -> bool:
        """A truck leaves now for ``tank_id`` with ``quantity_l``; False if that order was already seen."""
        tank = self._tank(tank_id)
        if isinstance(quantity_l, bool) or not isinstance(quantity_l, int) or quantity_l <= 0:
            raise SimulatorError(f"a delivery needs a positive whole number of litres, got {quantity_l!r}")
        if order_id in self._seen_orders:
            return False
        self._seen_orders[order_id] = None
        while len(self._seen_orders) > 100_000:
            self._seen_orders.popitem(last=False)
        tank.deliveries.append(Delivery(order_id, quantity_l * 1000, self.now_ms + self.travel_ms))
        log.info("tank %s: order %s dispatched, %d L arriving in %d s (simulated)", tank_id, order_id, quantity_l,
                 self.travel_ms // 1000)
        self._render(tank_id)
        return True

    def set_fault(self, tank_id: str, fault: SensorFault | int) -> None:
        """Inject (or clear, with ``NONE``) a transmitter fault."""
        tank = self._tank(tank_id)
        try:
            fault = SensorFault(fault)
        except ValueError:
            raise SimulatorError(f"unknown fault {fault!r}; use 0..3") from None
        if fault is SensorFault.STUCK and tank.fault is not SensorFault.STUCK:
            i = self.index[tank_id] * REGISTERS_PER_TANK
            tank.frozen = tuple(self.image[i : i + REGISTERS_PER_TANK])
        if fault is not SensorFault.STUCK:
            tank.frozen = None
        tank.fault = fault
        self._render(tank_id)

    def level_mm(self, tank_id: str) -> int:
        """The true level (what the transmitter measures, before noise)."""
        return self._tank(tank_id).level_mm

    def set_level(self, tank_id: str, level_mm: int) -> None:
        """Put ``level_mm`` in a tank at once (tests and demos)."""
        tank = self._tank(tank_id)
        if not 0 <= level_mm <= tank.spec.height_mm:
            raise SimulatorError(f"tank {tank_id!r} holds 0..{tank.spec.height_mm} mm, got {level_mm}")
        tank.volume_ml = tank.capacity_ml * level_mm // tank.spec.height_mm
        self._render(tank_id)

    # --- registers -------------------------------------------------------------------------------

    def _render(self, tank_id: str) -> None:
        tank = self.tanks[tank_id]
        base = self.index[tank_id] * REGISTERS_PER_TANK
        status = (STATUS_FILLING if any(d.start_ms <= self.now_ms for d in tank.deliveries) else 0) | (
            STATUS_DELIVERY_DUE if tank.deliveries else 0) | (STATUS_EMPTY if tank.volume_ml == 0 else 0)
        if tank.fault is SensorFault.STUCK and tank.frozen is not None:
            regs = list(tank.frozen)
            regs[REG_FAULT] = int(SensorFault.STUCK)
            regs[REG_STATUS] = status
        else:
            h = tank.spec.height_mm
            measured = min(max(tank.level_mm + self._noise(tank_id, self.now_ms), 0), h)
            current = current_of_level(measured, 0, h)
            if tank.fault is SensorFault.LOOP_LOW:
                current, measured = FAULT_LOW_UA, 0
            elif tank.fault is SensorFault.LOOP_HIGH:
                current, measured = FAULT_HIGH_UA, 0
            regs = [0] * REGISTERS_PER_TANK
            regs[REG_CURRENT : REG_CURRENT + 2] = split_u32(current, self.word_order)
            regs[REG_LEVEL : REG_LEVEL + 2] = split_u32(measured, self.word_order)
            regs[REG_FAULT] = int(tank.fault)
            regs[REG_STATUS] = status
            regs[REG_VOLUME : REG_VOLUME + 2] = split_u32(tank.volume_ml // 1000, self.word_order)
        self.image[base : base + REGISTERS_PER_TANK] = regs

    def registers(self, address: int, count: int) -> list[int]:
        return self.image[address : address + count]

    def write_registers(self, address: int, values: list[int]) -> bool:
        """A Modbus write: only fault registers take values (0..3); False refuses the whole write."""
        if any((address + k) % REGISTERS_PER_TANK != REG_FAULT for k in range(len(values))):
            return False
        if any(not 0 <= v <= 3 for v in values) or address + len(values) > len(self.image):
            return False
        for k, v in enumerate(values):
            self.set_fault(self.order[(address + k) // REGISTERS_PER_TANK], v)
        return True

    def describe(self) -> list[dict[str, Any]]:
        """Every tank with its size, true level and register address (for registering them on chain)."""
        return [
            {"tank_id": tid, "register": self.index[tid] * REGISTERS_PER_TANK, "height_mm": t.spec.height_mm,
             "capacity_l": t.spec.capacity_l, "daily_use_l": t.spec.daily_use_l, "level_mm": t.level_mm,
             "volume_l": t.volume_ml // 1000, "delivered_l": t.delivered_l, "fault": t.fault.name.lower()}
            for tid in self.order
            for t in (self.tanks[tid],)
        ]


def gateway_tanks(sim: TankSimulator, sensor: str) -> list[dict[str, Any]]:
    """``[[tanks]]`` entries of a gateway configuration that reads every simulated tank's loop current."""
    return [
        {"tank_id": tid, "sensor": sensor, "register": sim.index[tid] * REGISTERS_PER_TANK + REG_CURRENT,
         "signal": "current", "type": "u32", "word_order": sim.word_order.value, "zero_mm": 0,
         "span_mm": sim.tanks[tid].spec.height_mm}
        for tid in sim.order
    ]


# --- serving it --------------------------------------------------------------------------------


class SimClock:
    """Simulation time from the monotonic clock: ``start_ms`` plus elapsed time × ``scale``."""

    def __init__(self, start_ms: int, scale: float = 1.0) -> None:
        if scale <= 0:
            raise SimulatorError("the time scale must be positive")
        self.start_ms = start_ms
        self.scale = scale
        self._t0 = time.monotonic()

    def now_ms(self) -> int:
        return self.start_ms + int((time.monotonic() - self._t0) * 1000 * self.scale)


class SimulatorServer:
    """A ``TankSimulator`` behind a pymodbus TCP server, ticking on the asyncio loop."""

    def __init__(self, sim: TankSimulator, *, host: str = "127.0.0.1", port: int = 5020,
                 clock: SimClock | None = None, tick_s: float = 0.2, rpc: str | None = None) -> None:
        self.sim = sim
        self.host = host
        self.port = port
        self.clock = clock
        self.tick_s = tick_s
        self.rpc = rpc
        self._server: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self.dispatches_seen = 0

    async def _action(self, fc: int, start: int, address: int, count: int, regs: list[int],
                      values: list[int] | list[bool] | None) -> Any:
        from pymodbus.constants import ExcCodes

        if values is not None:
            ints = [int(v) for v in values]
            return None if self.sim.write_registers(address, ints) else ExcCodes.ILLEGAL_ADDRESS
        regs[address - start : address - start + count] = self.sim.registers(address, count)
        return None

    async def start(self) -> None:
        """Listen (``port`` 0 picks a free one, then ``self.port`` tells which) and start ticking."""
        from pymodbus.server import ModbusTcpServer
        from pymodbus.simulator import DataType, SimData, SimDevice

        device = SimDevice(0, simdata=[SimData(0, count=len(self.sim.image), values=0, datatype=DataType.REGISTERS)],
                           action=self._action)
        self._server = ModbusTcpServer(device, address=(self.host, self.port))
        await self._server.serve_forever(background=True)
        sockets = getattr(self._server.transport, "sockets", None)
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        if self.clock is not None:
            self._tasks.append(asyncio.create_task(self._tick(), name="sim-tick"))
        if self.rpc is not None:
            self._tasks.append(asyncio.create_task(self.watch_dispatches(self.rpc), name="sim-watch"))

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        if self._server is not None:
            await self._server.shutdown()

    async def _tick(self) -> None:
        clock = self.clock
        if clock is None:
            return
        while True:
            self.sim.advance_to(clock.now_ms())
            await asyncio.sleep(self.tick_s)

    def _apply_dispatch(self, attrs: dict[str, Any]) -> None:
        tank_id, qty, order_id = attrs.get("tank_id"), attrs.get("quantity_l"), attrs.get("order_id")
        if not isinstance(tank_id, str) or tank_id not in self.sim.tanks:
            return  # another site's tank
        try:
            if self.sim.dispatch(tank_id, int(qty) if isinstance(qty, int | str) else -1, str(order_id)):
                self.dispatches_seen += 1
        except (SimulatorError, ValueError) as exc:
            log.warning("ignoring a dispatch event for %s: %s", tank_id, exc)

    async def watch_dispatches(self, rpc: str) -> None:
        """Refill tanks on ``order.dispatched`` events from a node's stream, catching up after reconnects.

        The stream starts with ``hello`` (the node's height when it subscribed
        us); events up to that height that arrived while we were away are read
        from ``/v1/events``.  Dispatches are deduplicated by order id.

        A block's summary comes *before* its events on the stream, so the last
        block seen may not have been read to its end when the connection
        drops: the catch-up starts at that block, not after it (reading a
        block twice is harmless).  A catch-up that fails is retried with the
        next block rather than given up.
        """
        from node.client import AsyncNodeClient, NodeApiError, NodeUnreachable

        async with AsyncNodeClient(rpc) as client:
            seen_height: int | None = None  # the last block whose summary arrived (its events may not have)
            gap_from: int | None = None  # first height of a range not read yet

            async def catch_up(to_height: int) -> None:
                nonlocal gap_from
                if gap_from is None or to_height < gap_from:
                    return
                try:
                    await self._catch_up(client, gap_from, to_height)
                    gap_from = None
                except (NodeUnreachable, NodeApiError) as exc:
                    log.warning("cannot catch up on dispatches yet: %s", exc.message)

            async for name, data in client.stream():
                if name == "hello":
                    height = int(data.get("height", 0))
                    if seen_height is not None:
                        gap_from = seen_height if gap_from is None else min(gap_from, seen_height)
                        await catch_up(height)
                    seen_height = height
                elif name == "block":
                    seen_height = max(seen_height or 0, int(data.get("height", 0)))
                    await catch_up(seen_height)
                elif name == "chain_event" and data.get("kind") == "order.dispatched":
                    attrs = data.get("attrs")
                    if isinstance(attrs, dict):
                        self._apply_dispatch(attrs)

    async def _catch_up(self, client: Any, from_height: int, to_height: int) -> None:
        after: str | None = None
        while True:
            page = await client.events(
                from_height=from_height, to_height=to_height, kind="order.dispatched", limit=1000, after=after
            )
            for e in page.get("events", []):
                if isinstance(e.get("attrs"), dict):
                    self._apply_dispatch(e["attrs"])
            after = page.get("next")
            if not after:
                return


def run_simulator(
    *,
    tanks: int,
    port: int,
    seed: int = 1,
    host: str = "127.0.0.1",
    time_scale: float = 1.0,
    rpc: str | None = None,
    word_order: str = "big",
    prefix: str = "tank-",
    describe: Path | None = None,
    travel_s: float = 1800.0,
) -> int:
    """Entry point of ``depot sim tanks``: serve until SIGINT/SIGTERM."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("pymodbus").setLevel(logging.WARNING)
    try:
        order = WordOrder(word_order)
    except ValueError:
        raise SimulatorError(f"word order is 'big' or 'little', got {word_order!r}") from None
    start_ms = time.time_ns() // 1_000_000
    sim = TankSimulator(make_specs(tanks, seed, prefix=prefix), seed=seed, start_ms=start_ms, word_order=order,
                        travel_ms=int(travel_s * 1000))

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        server = SimulatorServer(sim, host=host, port=port, clock=SimClock(start_ms, time_scale), rpc=rpc)
        await server.start()
        if describe is not None:
            describe.write_text(json.dumps({"host": host, "port": server.port, "word_order": order.value,
                                            "registers_per_tank": REGISTERS_PER_TANK, "tanks": sim.describe()},
                                           indent=1))
        print(json.dumps({"sim": "tanks", "host": host, "port": server.port, "tanks": tanks, "seed": seed,
                          "time_scale": time_scale, "registers_per_tank": REGISTERS_PER_TANK,
                          "word_order": order.value, "first_tank": sim.order[0], "last_tank": sim.order[-1]}),
              flush=True)
        try:
            await stop.wait()
        finally:
            await server.stop()

    asyncio.run(main())
    return 0
