"""Register words, scaling, 4–20 mA to level and NAMUR NE43 fault classification (node/gateway/convert.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.core.errors import InvalidValue
from node.gateway.convert import (
    Conversion,
    Scaling,
    Signal,
    StuckDetector,
    ValueType,
    WordOrder,
    convert,
    current_of_level,
    join_registers,
    level_of_current,
    split_u32,
)
from node.modules.tanks.readings import Fault


def test_word_orders_of_a_32_bit_value():
    assert join_registers([0x0001, 0x86A0], ValueType.U32, WordOrder.BIG) == 100_000
    assert join_registers([0x86A0, 0x0001], ValueType.U32, WordOrder.LITTLE) == 100_000
    assert join_registers([0xFFFF, 0xFFFE], ValueType.I32, WordOrder.BIG) == -2
    assert join_registers([0xFFFF], ValueType.I16, WordOrder.BIG) == -1
    assert join_registers([0xFFFF], ValueType.U16, WordOrder.LITTLE) == 65535
    assert split_u32(100_000, WordOrder.BIG) == (0x0001, 0x86A0)
    assert split_u32(100_000, WordOrder.LITTLE) == (0x86A0, 0x0001)


@pytest.mark.parametrize(
    ("regs", "vt"),
    [([1], ValueType.U32), ([1, 2], ValueType.U16), ([70_000], ValueType.U16), ([-1], ValueType.U16)],
)
def test_bad_register_frames_are_refused(regs, vt):
    with pytest.raises(InvalidValue):
        join_registers(regs, vt, WordOrder.BIG)


@given(st.integers(0, 2**32 - 1), st.sampled_from(list(WordOrder)))
def test_split_and_join_are_inverse(value, order):
    assert join_registers(list(split_u32(value, order)), ValueType.U32, order) == value


def test_scaling_rounds_half_away_from_zero():
    assert Scaling(1, 1, 0).apply(12_345) == 12_345
    assert Scaling(10, 1, 0).apply(1_234) == 12_340  # tenths of a mA... in µA
    assert Scaling(16_000, 27_648, 4_000).apply(27_648) == 20_000  # S7 analog counts to µA
    assert Scaling(16_000, 27_648, 4_000).apply(0) == 4_000
    assert Scaling(1, 2, 0).apply(3) == 2 and Scaling(1, 2, 0).apply(-3) == -2
    with pytest.raises(InvalidValue):
        Scaling(1, 0, 0)


@pytest.mark.parametrize(
    ("current_ua", "expected"),
    [
        (0, Conversion(0, 0, Fault.NE43_LOW)),
        (3_600, Conversion(0, 3_600, Fault.NE43_LOW)),  # NE43 failure signal
        (3_799, Conversion(0, 3_799, Fault.NE43_LOW)),
        (3_800, Conversion(0, 3_800, Fault.NONE)),  # under-range band: empty, not a fault
        (4_000, Conversion(0, 4_000, Fault.NONE)),
        (12_000, Conversion(1_500, 12_000, Fault.NONE)),
        (20_000, Conversion(3_000, 20_000, Fault.NONE)),
        (20_500, Conversion(3_000, 20_500, Fault.NONE)),  # over-range band: full
        (20_501, Conversion(0, 20_501, Fault.NE43_HIGH)),
        (21_000, Conversion(0, 21_000, Fault.NE43_HIGH)),
    ],
)
def test_ne43_limits_and_the_4_20_ma_mapping(current_ua, expected):
    assert level_of_current(current_ua, 0, 3_000) == expected


def test_zero_offset_and_rounding_of_the_mapping():
    # Sensor mounted 50 mm above the bottom, 2000 mm span: 4 mA is 50 mm.
    assert level_of_current(4_000, 50, 2_000).level_mm == 50
    assert level_of_current(4_004, 50, 2_000).level_mm == 51  # 0.5 mm rounds up
    assert level_of_current(4_003, 50, 2_000).level_mm == 50


@given(st.integers(1, 60_000), st.data())
def test_level_to_current_and_back_loses_at_most_one_step(span, data):
    level = data.draw(st.integers(0, span))
    back = level_of_current(current_of_level(level, 0, span), 0, span)
    assert back.fault is Fault.NONE
    # One µA is span/16000 mm: the round trip is exact to within half a µA's worth, plus rounding.
    assert abs(back.level_mm - level) <= span // 16_000 + 1


def test_convert_reads_level_signals_and_flags_impossible_levels():
    common = {"value_type": ValueType.I32, "word_order": WordOrder.BIG, "scaling": Scaling()}
    assert convert([0, 1234], signal=Signal.LEVEL, **common) == Conversion(1234, 0, Fault.NONE)
    assert convert([0xFFFF, 0xFFFF], signal=Signal.LEVEL, **common).fault is Fault.OTHER
    c = convert([0, 12_000], signal=Signal.CURRENT, value_type=ValueType.U32, word_order=WordOrder.BIG,
                scaling=Scaling(), zero_mm=0, span_mm=4_000)
    assert c == Conversion(2_000, 12_000, Fault.NONE)


def test_stuck_detector_needs_the_whole_window():
    d = StuckDetector(60_000)
    assert not d.observe((1, 2), 0)
    assert not d.observe((1, 2), 59_999)
    assert d.observe((1, 2), 60_000)
    assert not d.observe((1, 3), 61_000)  # a change restarts the window
    assert not d.observe((1, 3), 120_000)
    off = StuckDetector(0)
    assert not off.observe((5,), 0) and not off.observe((5,), 10**9)
