"""From Modbus holding registers to a level reading: word order, scaling, 4–20 mA and NAMUR NE43.

Pure functions and one small stateful detector, all in integers (µA, mm):
no I/O and no clock (the time of an observation is passed in).

- ``join_registers``: one 16-bit register, or two as a 32-bit value in the
  configured word order ("big": high word first, the Modbus convention;
  "little": low word first, as many PLCs store it), unsigned or two's complement.
- ``Scaling``: ``raw * num / den + offset``, rounded half away from zero, so a
  transmitter that reports counts (e.g. 0..27648) or tenths of a mA maps to µA or mm.
- ``level_of_current``: NE43 first (below 3.8 mA or above 20.5 mA is a sensor
  fault, never a level); inside the limits the current is clamped to 4–20 mA
  (NE43's under/over-range bands mean "just beyond the measuring range") and
  mapped linearly onto ``zero_mm .. zero_mm + span_mm``.
- ``StuckDetector``: a raw value that has not changed for longer than the
  sensor allows is reported as ``Fault.STUCK``.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from node.core.errors import InvalidValue
from node.modules.tanks.readings import Fault, fault_of_current

LOOP_ZERO_UA = 4_000
"""Loop current at the bottom of the measuring range (4 mA)."""
LOOP_FULL_UA = 20_000
"""Loop current at the top of the measuring range (20 mA)."""
LOOP_SPAN_UA = LOOP_FULL_UA - LOOP_ZERO_UA

MAX_LEVEL_MM = 2**32 - 1
"""``LevelReading.level_mm`` is a U32."""


class WordOrder(enum.Enum):
    """Order of the two 16-bit registers of a 32-bit value."""

    BIG = "big"
    """High word first (register n holds bits 31..16): the Modbus convention."""
    LITTLE = "little"
    """Low word first (register n holds bits 15..0): "word swapped", common on PLCs."""


class ValueType(enum.Enum):
    """How many registers a value spans and whether it is signed."""

    U16 = "u16"
    I16 = "i16"
    U32 = "u32"
    I32 = "i32"

    @property
    def registers(self) -> int:
        return 1 if self in (ValueType.U16, ValueType.I16) else 2

    @property
    def signed(self) -> bool:
        return self in (ValueType.I16, ValueType.I32)


class Signal(enum.Enum):
    """What a tank's register holds."""

    CURRENT = "current"
    """4–20 mA loop current (after scaling: µA); the level is derived from it, NE43 applies."""
    LEVEL = "level"
    """The level itself (after scaling: mm), from a transmitter with a digital output."""


def join_registers(registers: Sequence[int], value_type: ValueType, word_order: WordOrder) -> int:
    """The integer held by ``registers`` (1 or 2 of them, each 0..65535)."""
    n = value_type.registers
    if len(registers) != n:
        raise InvalidValue(f"a {value_type.value} value spans {n} registers, got {len(registers)}")
    for r in registers:
        if isinstance(r, bool) or not isinstance(r, int) or not 0 <= r <= 0xFFFF:
            raise InvalidValue(f"a register holds 0..65535, got {r!r}")
    if n == 1:
        value = registers[0]
        bits = 16
    else:
        hi, lo = (registers[0], registers[1]) if word_order is WordOrder.BIG else (registers[1], registers[0])
        value = (hi << 16) | lo
        bits = 32
    if value_type.signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


def split_u32(value: int, word_order: WordOrder) -> tuple[int, int]:
    """The two registers of an unsigned 32-bit ``value`` (the simulator's side of ``join_registers``)."""
    if not 0 <= value <= 0xFFFF_FFFF:
        raise InvalidValue(f"a u32 value is 0..4294967295, got {value}")
    hi, lo = value >> 16, value & 0xFFFF
    return (hi, lo) if word_order is WordOrder.BIG else (lo, hi)


def _div_round(num: int, den: int) -> int:
    """``num / den`` rounded half away from zero, in integers (``den`` > 0)."""
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


@dataclass(frozen=True, slots=True)
class Scaling:
    """``engineering value = raw * num / den + offset`` (integers; rounded half away from zero)."""

    num: int = 1
    den: int = 1
    offset: int = 0

    def __post_init__(self) -> None:
        if self.den <= 0:
            raise InvalidValue(f"a scaling denominator must be positive, got {self.den}")

    def apply(self, raw: int) -> int:
        return _div_round(raw * self.num, self.den) + self.offset


@dataclass(frozen=True, slots=True)
class Conversion:
    """What one sensor value means: a level, or a fault with no level."""

    level_mm: int
    """Level above the tank bottom in mm; 0 when ``fault`` is set."""
    current_ua: int
    """Loop current in µA as measured (0 for a level signal)."""
    fault: Fault


def level_of_current(current_ua: int, zero_mm: int, span_mm: int) -> Conversion:
    """NE43 classification, then the linear 4–20 mA mapping onto ``zero_mm .. zero_mm + span_mm``."""
    fault = fault_of_current(current_ua)
    if fault is not Fault.NONE:
        return Conversion(0, max(0, current_ua), fault)
    clamped = min(max(current_ua, LOOP_ZERO_UA), LOOP_FULL_UA)
    level = zero_mm + _div_round((clamped - LOOP_ZERO_UA) * span_mm, LOOP_SPAN_UA)
    return Conversion(min(max(level, 0), MAX_LEVEL_MM), current_ua, Fault.NONE)


def level_of_value(level_mm: int) -> Conversion:
    """A level read directly (digital transmitter); a negative or oversized value is a fault."""
    if not 0 <= level_mm <= MAX_LEVEL_MM:
        return Conversion(0, 0, Fault.OTHER)
    return Conversion(level_mm, 0, Fault.NONE)


def current_of_level(level_mm: int, zero_mm: int, span_mm: int) -> int:
    """The loop current a transmitter outputs for ``level_mm`` (the simulator's side), in µA."""
    if span_mm <= 0:
        raise InvalidValue("span_mm must be positive")
    clamped = min(max(level_mm - zero_mm, 0), span_mm)
    return LOOP_ZERO_UA + _div_round(clamped * LOOP_SPAN_UA, span_mm)


class StuckDetector:
    """Flags a raw value that has not changed for ``window_ms`` (0 disables the check).

    A healthy transmitter's last digits move with noise; a frozen value for a
    long time means a hung transmitter or a stale PLC register.  ``observe``
    takes the time of the observation; nothing here reads a clock.
    """

    __slots__ = ("window_ms", "_value", "_since_ms")

    def __init__(self, window_ms: int) -> None:
        if window_ms < 0:
            raise InvalidValue("a stuck window cannot be negative")
        self.window_ms = window_ms
        self._value: tuple[int, ...] | None = None
        self._since_ms = 0

    def observe(self, raw: tuple[int, ...], now_ms: int) -> bool:
        """Record ``raw`` seen at ``now_ms``; True if it has been the same for the whole window."""
        if raw != self._value:
            self._value = raw
            self._since_ms = now_ms
            return False
        return self.window_ms > 0 and now_ms - self._since_ms >= self.window_ms


def convert(
    registers: Sequence[int],
    *,
    signal: Signal,
    value_type: ValueType,
    word_order: WordOrder,
    scaling: Scaling,
    zero_mm: int = 0,
    span_mm: int = 0,
) -> Conversion:
    """Registers of one tank to a ``Conversion`` (no stuck check: that needs time, see ``StuckDetector``)."""
    value = scaling.apply(join_registers(registers, value_type, word_order))
    if signal is Signal.CURRENT:
        return level_of_current(value, zero_mm, span_mm)
    return level_of_value(value)
