"""Modbus TCP over loopback: the gateway's poller against the tank simulator's server (pymodbus both sides)."""

from __future__ import annotations

import asyncio
import socket

import pytest
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from node.gateway.config import SensorConfig, TankConfig
from node.gateway.convert import Scaling, Signal, ValueType, WordOrder, convert
from node.gateway.errors import SensorReadError
from node.gateway.modbus import SensorPoller, plan_reads
from node.modules.tanks.readings import Fault
from node.sim.tanks import (
    REG_FAULT,
    REGISTERS_PER_TANK,
    SensorFault,
    SimulatorServer,
    TankSimulator,
    make_specs,
)

T0 = 1_767_225_600_000


def tank_configs(sim: TankSimulator, sensor: str = "sim", signal: Signal = Signal.CURRENT) -> list[TankConfig]:
    offset = 0 if signal is Signal.CURRENT else 2
    return [
        TankConfig(tank_id=tid, sensor=sensor, register=sim.index[tid] * REGISTERS_PER_TANK + offset, signal=signal,
                   value_type=ValueType.U32, word_order=sim.word_order, scaling=Scaling(),
                   span_mm=sim.tanks[tid].spec.height_mm)
        for tid in sim.order
    ]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_read_plan_merges_neighbours_within_the_read_limit():
    sim = TankSimulator(make_specs(40, 1), seed=1, start_ms=T0)
    blocks = plan_reads(tank_configs(sim), 125)
    assert [(b.start, b.count, len(b.tanks)) for b in blocks] == [(0, 122, 16), (128, 122, 16), (256, 58, 8)]
    assert [len(b.tanks) for b in plan_reads(tank_configs(sim), 125, max_gap=5)] == [1] * 40


@pytest.mark.parametrize("order", list(WordOrder))
def test_poller_reads_every_simulated_tank(order):
    async def main() -> None:
        sim = TankSimulator(make_specs(300, 5), seed=5, start_ms=T0, word_order=order)
        server = SimulatorServer(sim, port=0)
        await server.start()
        try:
            sensor = SensorConfig("sim", "127.0.0.1", server.port, unit=1, timeout_s=2, word_order=order)
            for signal in Signal:
                tanks = tank_configs(sim, signal=signal)
                poller = SensorPoller(sensor, tanks)
                got = await poller.poll()
                poller.close()
                assert set(got) == set(sim.order)
                for t in tanks:
                    c = convert(got[t.tank_id], signal=t.signal, value_type=t.value_type, word_order=order,
                                scaling=t.scaling, span_mm=t.span_mm)
                    assert c.fault is Fault.NONE
                    # noise ±2 mm, and 1 µA of current is height/16000 mm
                    assert abs(c.level_mm - sim.level_mm(t.tank_id)) <= 3, t.tank_id
        finally:
            await server.stop()

    asyncio.run(main())


def test_faults_written_over_modbus_show_in_the_next_poll():
    async def main() -> None:
        sim = TankSimulator(make_specs(4, 2), seed=2, start_ms=T0)
        server = SimulatorServer(sim, port=0)
        await server.start()
        client = AsyncModbusTcpClient("127.0.0.1", port=server.port, timeout=2, retries=0)
        try:
            assert await client.connect()
            assert not (await client.write_register(1 * REGISTERS_PER_TANK + REG_FAULT, 1, device_id=1)).isError()
            assert not (await client.write_register(2 * REGISTERS_PER_TANK + REG_FAULT, 2, device_id=1)).isError()
            refused = await client.write_register(0, 1, device_id=1)  # a measurement register is read-only
            assert refused.isError() and refused.exception_code == 2
            sim.set_fault(sim.order[3], SensorFault.STUCK)
            tanks = tank_configs(sim)
            poller = SensorPoller(SensorConfig("sim", "127.0.0.1", server.port), tanks)
            first = await poller.poll()
            sim.advance_to(T0 + 3_600_000)
            second = await poller.poll()
            poller.close()

            def fault(regs, t):
                return convert(regs, signal=t.signal, value_type=t.value_type, word_order=t.word_order,
                               scaling=t.scaling, span_mm=t.span_mm).fault

            assert [fault(first[t.tank_id], t) for t in tanks] == [Fault.NONE, Fault.NE43_LOW, Fault.NE43_HIGH, Fault.NONE]
            assert second[sim.order[3]] == first[sim.order[3]]  # stuck: the gateway's StuckDetector flags it
            assert second[sim.order[0]] != first[sim.order[0]]
        finally:
            client.close()
            await server.stop()

    asyncio.run(main())


def test_a_sparse_register_map_falls_back_to_one_read_per_tank():
    async def main() -> None:
        device = SimDevice(0, simdata=[SimData(0, values=[0, 8000], datatype=DataType.REGISTERS),
                                       SimData(20, values=[0, 12000], datatype=DataType.REGISTERS)])
        server = ModbusTcpServer(device, address=("127.0.0.1", 0))
        await server.serve_forever(background=True)
        port = server.transport.sockets[0].getsockname()[1]
        try:
            tanks = [TankConfig(tank_id=f"t{r}", sensor="s", register=r, span_mm=1600) for r in (0, 20)]
            poller = SensorPoller(SensorConfig("s", "127.0.0.1", port), tanks)
            assert len(poller.blocks) == 1
            assert await poller.poll() == {"t0": (0, 8000), "t20": (0, 12000)}
            assert len(poller.blocks) == 2
            assert await poller.poll() == {"t0": (0, 8000), "t20": (0, 12000)}
            poller.close()
        finally:
            await server.shutdown()

    asyncio.run(main())


def test_an_unreachable_endpoint_is_a_read_error():
    async def main() -> None:
        poller = SensorPoller(SensorConfig("gone", "127.0.0.1", closed_port(), timeout_s=0.5),
                              [TankConfig(tank_id="t", sensor="gone", register=0, span_mm=1)])
        with pytest.raises(SensorReadError) as err:
            await poller.poll()
        assert err.value.code == "sensor_read_failed" and "gone" in err.value.message
        poller.close()

    asyncio.run(main())
