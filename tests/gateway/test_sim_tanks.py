"""The tank simulator's model: deterministic drain by a daily pattern, refills, injected faults (no sockets)."""

from __future__ import annotations

import pytest

from node.gateway.convert import ValueType, WordOrder, join_registers, level_of_current
from node.gateway.errors import SimulatorError
from node.modules.tanks.readings import Fault
from node.sim.tanks import (
    DAY_MS,
    HOUR_MS,
    REG_CURRENT,
    REG_FAULT,
    REG_LEVEL,
    REG_STATUS,
    REGISTERS_PER_TANK,
    STATUS_DELIVERY_DUE,
    STATUS_FILLING,
    SensorFault,
    TankSimulator,
    TankSpec,
    gateway_tanks,
    make_specs,
)

T0 = 1_767_225_600_000  # 2026-01-01T00:00Z, midnight


def sim(n: int = 3, seed: int = 7, **kw) -> TankSimulator:
    return TankSimulator(make_specs(n, seed), seed=seed, start_ms=T0, **kw)


def regs_of(s: TankSimulator, i: int) -> list[int]:
    return s.registers(i * REGISTERS_PER_TANK, REGISTERS_PER_TANK)


def test_same_seed_same_tanks_whatever_the_tick_pattern():
    a, b, c = sim(), sim(), sim(seed=8)
    a.advance_to(T0 + 2 * DAY_MS)
    t = T0
    for step in (1, 999, 60_000, 3_599_000, 7 * HOUR_MS, 13, 11 * HOUR_MS):
        t += step
        b.advance_to(t)
    b.advance_to(T0 + 2 * DAY_MS)
    c.advance_to(T0 + 2 * DAY_MS)
    assert [a.tanks[x].volume_ml for x in a.order] == [b.tanks[x].volume_ml for x in b.order]
    assert a.image == b.image
    assert a.describe() != c.describe()


def test_tanks_drain_by_a_daily_pattern():
    spec = TankSpec("t", 3000, 30_000, 6_000, 3000)
    s = TankSimulator([spec], seed=1, start_ms=T0, noise_mm=0)
    def used(h0: int, h1: int) -> int:
        s.advance_to(T0 + h0 * HOUR_MS)
        before = s.tanks["t"].volume_ml
        s.advance_to(T0 + h1 * HOUR_MS)
        return before - s.tanks["t"].volume_ml
    night, morning = used(1, 4), used(7, 10)
    assert morning > 4 * night > 0
    s2 = TankSimulator([spec], seed=1, start_ms=T0, noise_mm=0)
    s2.advance_to(T0 + DAY_MS)
    day_use_l = (30_000_000 - s2.tanks["t"].volume_ml) // 1000
    assert 6_000 * 0.7 <= day_use_l <= 6_000 * 1.3


def test_an_empty_tank_stays_at_zero_and_says_so():
    s = TankSimulator([TankSpec("t", 2000, 10_000, 10_000, 100)], seed=1, start_ms=T0)
    s.advance_to(T0 + 3 * DAY_MS)
    assert s.tanks["t"].volume_ml == 0 and s.level_mm("t") == 0
    assert regs_of(s, 0)[REG_STATUS] & 4


def test_registers_carry_current_level_and_volume_in_the_word_order():
    for order in WordOrder:
        s = TankSimulator([TankSpec("t", 4000, 20_000, 1, 1000)], seed=1, start_ms=T0, word_order=order, noise_mm=0)
        r = regs_of(s, 0)
        current = join_registers(r[REG_CURRENT : REG_CURRENT + 2], ValueType.U32, order)
        level = join_registers(r[REG_LEVEL : REG_LEVEL + 2], ValueType.U32, order)
        assert (current, level) == (8_000, 1000)
        assert level_of_current(current, 0, 4000).level_mm == 1000
        assert join_registers(r[6:8], ValueType.U32, order) == 5_000  # litres


def test_noise_is_small_and_deterministic():
    s = TankSimulator([TankSpec("t", 4000, 20_000, 1, 2000)], seed=3, start_ms=T0, noise_mm=2)
    seen = set()
    for k in range(1, 200):
        s.advance_to(T0 + k * 1000)
        seen.add(join_registers(regs_of(s, 0)[REG_LEVEL : REG_LEVEL + 2], ValueType.U32, WordOrder.BIG))
    assert len(seen) > 1 and all(1997 <= v <= 2002 for v in seen)


def test_a_dispatch_refills_after_travel_and_stops_at_the_fill_limit():
    s = TankSimulator([TankSpec("t", 2000, 10_000, 0, 400)], seed=1, start_ms=T0, noise_mm=0,
                      travel_ms=10 * 60_000, pump_l_per_min=1000)
    assert s.dispatch("t", 3000, "t#00000001")
    assert not s.dispatch("t", 3000, "t#00000001")  # the same order seen twice (stream and catch-up)
    assert regs_of(s, 0)[REG_STATUS] == STATUS_DELIVERY_DUE
    s.advance_to(T0 + 9 * 60_000)
    assert s.level_mm("t") == 400
    s.advance_to(T0 + 11 * 60_000 + 30_000)  # 1.5 min of pumping: 1500 L
    assert regs_of(s, 0)[REG_STATUS] == STATUS_DELIVERY_DUE | STATUS_FILLING
    assert s.level_mm("t") == 400 + 300
    s.advance_to(T0 + 20 * 60_000)
    assert s.level_mm("t") == 1000  # 2000 L + 3000 L of 10 000 L → 1000 mm
    assert s.tanks["t"].delivered_l == 3000 and regs_of(s, 0)[REG_STATUS] == 0
    s.dispatch("t", 9000, "t#00000002")
    s.advance_to(T0 + 60 * 60_000)
    assert s.level_mm("t") == 1900  # 95 % fill limit: the truck stops
    assert s.tanks["t"].delivered_l < 9000


def test_fault_injection_loop_low_high_and_stuck():
    s = sim(2, noise_mm=0)
    s.set_fault(s.order[0], SensorFault.LOOP_LOW)
    r = regs_of(s, 0)
    assert join_registers(r[0:2], ValueType.U32, WordOrder.BIG) == 3_600 and r[REG_FAULT] == 1
    assert level_of_current(3_600, 0, 3000).fault is Fault.NE43_LOW
    s.set_fault(s.order[0], SensorFault.LOOP_HIGH)
    assert join_registers(regs_of(s, 0)[0:2], ValueType.U32, WordOrder.BIG) == 21_000
    s.set_fault(s.order[1], SensorFault.STUCK)
    frozen = regs_of(s, 1)[0:4]
    s.advance_to(T0 + 12 * HOUR_MS)
    assert regs_of(s, 1)[0:4] == frozen  # output frozen while the tank keeps draining
    assert s.level_mm(s.order[1]) < join_registers(frozen[2:4], ValueType.U32, WordOrder.BIG)
    s.set_fault(s.order[1], SensorFault.NONE)
    assert regs_of(s, 1)[0:4] != frozen


def test_modbus_writes_reach_only_fault_registers():
    s = sim(2)
    assert s.write_registers(REGISTERS_PER_TANK + REG_FAULT, [2])
    assert s.tanks[s.order[1]].fault is SensorFault.LOOP_HIGH
    assert not s.write_registers(REG_CURRENT, [1])
    assert not s.write_registers(REG_FAULT, [9])
    assert not s.write_registers(REG_FAULT, [1, 1])  # the next register is not a fault register


def test_bad_input_to_the_simulator():
    s = sim(1)
    with pytest.raises(SimulatorError, match="no simulated tank"):
        s.dispatch("nope", 10, "o")
    with pytest.raises(SimulatorError, match="positive whole number"):
        s.dispatch(s.order[0], 0, "o")
    with pytest.raises(SimulatorError, match="unknown fault"):
        s.set_fault(s.order[0], 7)
    with pytest.raises(SimulatorError):
        make_specs(0, 1)
    with pytest.raises(SimulatorError, match="twice"):
        TankSimulator([TankSpec("a", 1, 1, 1, 0)] * 2, seed=1, start_ms=0)


def test_gateway_tank_entries_match_the_register_map():
    s = sim(3, word_order=WordOrder.LITTLE)
    entries = gateway_tanks(s, "sim")
    assert [e["register"] for e in entries] == [0, 8, 16]
    assert entries[1]["span_mm"] == s.tanks[s.order[1]].spec.height_mm and entries[0]["word_order"] == "little"
