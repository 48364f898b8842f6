"""Polling tank sensors over Modbus TCP (pymodbus asyncio client): coalesced holding-register reads.

Each ``[[sensors]]`` endpoint gets one ``SensorPoller``.  The tanks' register
ranges on an endpoint are merged into as few reads as possible (at most
``max_registers_per_read`` registers each, bridging gaps of up to
``MAX_GAP`` registers); if a device refuses a merged read with "illegal data
address" (a sparse register map), that block falls back to one read per
tank from then on.  A failed read yields no value for its tanks (no reading
and no sequence number): the gateway counts it and tries again next poll.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pymodbus.client import AsyncModbusTcpClient
from pymodbus.exceptions import ModbusException

from node.gateway.config import SensorConfig, TankConfig
from node.gateway.errors import SensorReadError

log = logging.getLogger("depot.gateway.modbus")

MAX_GAP = 32
"""Unused registers a merged read may span between two tanks."""
ILLEGAL_DATA_ADDRESS = 2


@dataclass(frozen=True, slots=True)
class ReadBlock:
    """One holding-register read and the tanks whose values it holds."""

    start: int
    count: int
    tanks: tuple[TankConfig, ...]


def plan_reads(tanks: Sequence[TankConfig], max_registers: int, max_gap: int = MAX_GAP) -> list[ReadBlock]:
    """Merge the tanks' register ranges into reads of at most ``max_registers`` registers."""
    blocks: list[ReadBlock] = []
    current: list[TankConfig] = []
    start = end = 0
    for t in sorted(tanks, key=lambda t: t.register):
        t_end = t.register + t.value_type.registers
        if current and t.register - end <= max_gap and t_end - start <= max_registers:
            current.append(t)
            end = max(end, t_end)
            continue
        if current:
            blocks.append(ReadBlock(start, end - start, tuple(current)))
        current, start, end = [t], t.register, t_end
    if current:
        blocks.append(ReadBlock(start, end - start, tuple(current)))
    return blocks


class SensorPoller:
    """Reads every configured tank of one Modbus endpoint."""

    def __init__(self, sensor: SensorConfig, tanks: Sequence[TankConfig]) -> None:
        self.sensor = sensor
        self.tanks = tuple(tanks)
        self.blocks = plan_reads(self.tanks, sensor.max_registers_per_read)
        self._client = AsyncModbusTcpClient(
            sensor.host, port=sensor.port, timeout=sensor.timeout_s, retries=0, reconnect_delay=0,
            name=f"gateway-{sensor.name}",
        )
        self.up: bool | None = None

    async def _ensure_connected(self) -> None:
        if self._client.connected:
            return
        if not await self._client.connect():
            raise SensorReadError(
                f"cannot connect to Modbus endpoint {self.sensor.name!r} at {self.sensor.host}:{self.sensor.port}",
                sensor=self.sensor.name,
            )

    async def _read(self, start: int, count: int) -> list[int]:
        try:
            answer = await self._client.read_holding_registers(start, count=count, device_id=self.sensor.unit)
        except ModbusException as exc:
            self._client.close()
            raise SensorReadError(
                f"Modbus endpoint {self.sensor.name!r} did not answer a read of {count} registers at {start}: {exc}",
                sensor=self.sensor.name,
            ) from None
        if answer.isError():
            code = getattr(answer, "exception_code", None)
            raise SensorReadError(
                f"Modbus endpoint {self.sensor.name!r} refused a read of {count} registers at {start} "
                f"(exception code {code})",
                sensor=self.sensor.name,
                exception_code=code,
            )
        regs = list(answer.registers)
        if len(regs) < count:
            raise SensorReadError(
                f"Modbus endpoint {self.sensor.name!r} answered {len(regs)} of {count} registers at {start}",
                sensor=self.sensor.name,
            )
        return regs[:count]

    async def poll(self) -> dict[str, tuple[int, ...]]:
        """The registers of every tank of this endpoint (tank id → its 1 or 2 registers).

        Raises ``SensorReadError`` when the endpoint cannot be reached; a
        refused block only leaves out its tanks.
        """
        await self._ensure_connected()
        out: dict[str, tuple[int, ...]] = {}
        split: list[int] = []
        for i, block in enumerate(self.blocks):
            try:
                regs = await self._read(block.start, block.count)
            except SensorReadError as exc:
                if exc.data.get("exception_code") == ILLEGAL_DATA_ADDRESS and len(block.tanks) > 1:
                    split.append(i)
                    continue
                if exc.data.get("exception_code") is None:
                    raise  # the endpoint is gone: nothing else will answer either
                log.warning("%s", exc.message)
                continue
            for t in block.tanks:
                off = t.register - block.start
                out[t.tank_id] = tuple(regs[off : off + t.value_type.registers])
        if split:
            # A sparse register map: read these tanks one by one from now on.
            for i in reversed(split):
                block = self.blocks.pop(i)
                for t in reversed(block.tanks):
                    self.blocks.insert(i, ReadBlock(t.register, t.value_type.registers, (t,)))
            log.info("endpoint %s refused merged reads; reading %d tanks one by one", self.sensor.name,
                     sum(len(self.blocks[i].tanks) for i in range(len(self.blocks))))
            return {**out, **await self._poll_single(split_ids={t.tank_id for t in self.tanks} - set(out))}
        return out

    async def _poll_single(self, split_ids: set[str]) -> dict[str, tuple[int, ...]]:
        out: dict[str, tuple[int, ...]] = {}
        for block in self.blocks:
            t = block.tanks[0]
            if len(block.tanks) != 1 or t.tank_id not in split_ids:
                continue
            try:
                out[t.tank_id] = tuple(await self._read(block.start, block.count))
            except SensorReadError as exc:
                if exc.data.get("exception_code") is None:
                    raise
                log.warning("%s", exc.message)
        return out

    def close(self) -> None:
        self._client.close()
