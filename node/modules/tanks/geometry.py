"""Level to volume: exact integer arithmetic for cylinders and strapping tables (no floats anywhere).

Every validator must compute the same litres from the same millimetres, so
volumes are computed with integers only, in fixed point with ``P = 2**64``,
and floored to whole litres at the end.  The horizontal cylinder's circular
segment uses the arcsine series summed in fixed point, term by term, with one
floor division per term; the algorithm below *is* the definition (see
docs/protocol/tanks.md §3), so another implementation reproduces it bit for bit.

Rounding: every volume is ``floor`` of the fixed-point value, so it is at most
1 litre below the exact geometric volume (the fixed-point error is below
1e-15 of the tank's volume).  Volumes never decrease as the level rises.
"""

from __future__ import annotations

import bisect
import enum
from math import isqrt

from node.modules.tanks.errors import InvalidGeometry
from node.modules.tanks.records import Geometry

P_BITS = 64
P = 1 << P_BITS
"""Fixed-point scale: 1.0 is represented by ``P``."""

MM3_PER_LITRE = 1_000_000
MAX_DIMENSION_MM = 100_000
"""100 m: no tank is larger; bounds every intermediate product."""
MAX_STRAP_POINTS = 1024
MAX_TABLE_VOLUME_L = 10**12


class Shape(enum.IntEnum):
    VERTICAL_CYLINDER = 1
    """Upright cylinder: ``diameter_mm``, ``length_mm`` = height."""
    HORIZONTAL_CYLINDER = 2
    """Cylinder lying on its side: ``diameter_mm``, ``length_mm``; level measured from the bottom."""
    STRAPPING_TABLE = 3
    """Calibration table of (level, volume) points, interpolated linearly."""


def segment_fp(hn: int, d: int) -> int:
    """``F(y) · P`` for ``y = hn / d`` in ``[0, 1/2]``: the circular segment area over ``r²``.

    ``F(y) = 2·asin(√y) − 2·(1 − 2y)·√(y(1 − y))``, the area of a circle's
    segment of height ``h = y·D`` divided by ``r²`` (``F(1/2) = π/2``).
    ``asin(√y) = √y · Σ a_n`` with ``a_0 = 1`` and
    ``a_{n+1} = a_n · y · (2n+1)² / (2(n+1)(2n+3))``; the sum stops at the
    first term that is 0 in fixed point.
    """
    if not 0 <= 2 * hn <= d or d <= 0:
        raise ValueError("segment_fp needs 0 <= hn/d <= 1/2")
    if hn == 0:
        return 0
    a = P
    total = P
    n = 0
    while True:
        a = a * hn * (2 * n + 1) ** 2 // (d * 2 * (n + 1) * (2 * n + 3))
        if a == 0:
            break
        total += a
        n += 1
    q = isqrt(hn * P * P // d)  # floor(√y · P)
    arc = 2 * q * total // P
    chord = 2 * (d - 2 * hn) * isqrt(hn * (d - hn) * P * P) // (d * d)
    return max(arc - chord, 0)


HALF_FP = segment_fp(1, 2)
"""``F(1/2) · P`` = π/2 in fixed point; Depot's π is ``2 · HALF_FP / P``."""
PI_FP = 2 * HALF_FP


def vertical_cylinder_l(level_mm: int, diameter_mm: int) -> int:
    """Litres in an upright cylinder: ``floor(π · D² · h / 4 / 10⁶)`` with Depot's π."""
    return PI_FP * diameter_mm * diameter_mm * level_mm // (4 * P * MM3_PER_LITRE)


def horizontal_cylinder_l(level_mm: int, diameter_mm: int, length_mm: int) -> int:
    """Litres in a cylinder lying on its side, filled to ``level_mm`` from the bottom."""
    d = diameter_mm
    if 2 * level_mm <= d:
        f = segment_fp(level_mm, d)
    else:  # the upper half mirrors the lower: full circle minus the empty segment
        f = PI_FP - segment_fp(d - level_mm, d)
    return f * d * d * length_mm // (4 * P * MM3_PER_LITRE)


def strapping_l(level_mm: int, table: tuple[tuple[int, int], ...]) -> int:
    """Linear interpolation in a calibration table of ``(level_mm, volume_l)`` points, floored."""
    i = bisect.bisect_right(table, level_mm, key=lambda p: p[0]) - 1
    lo_level, lo_vol = table[i]
    if lo_level == level_mm or i + 1 == len(table):
        return lo_vol
    hi_level, hi_vol = table[i + 1]
    return lo_vol + (hi_vol - lo_vol) * (level_mm - lo_level) // (hi_level - lo_level)


def max_level_mm(g: Geometry) -> int:
    """The highest level the geometry describes (a reading above it is absurd)."""
    if g.shape == Shape.HORIZONTAL_CYLINDER:
        return int(g.diameter_mm)
    if g.shape == Shape.VERTICAL_CYLINDER:
        return int(g.length_mm)
    return int(g.table[-1].level_mm)


def volume_l(g: Geometry, level_mm: int) -> int:
    """Litres at ``level_mm`` (``0 <= level_mm <= max_level_mm(g)``; the geometry already checked)."""
    if level_mm < 0 or level_mm > max_level_mm(g):
        raise ValueError(f"level {level_mm} mm is outside the tank")
    if g.shape == Shape.VERTICAL_CYLINDER:
        return vertical_cylinder_l(level_mm, int(g.diameter_mm))
    if g.shape == Shape.HORIZONTAL_CYLINDER:
        return horizontal_cylinder_l(level_mm, int(g.diameter_mm), int(g.length_mm))
    return strapping_l(level_mm, tuple((int(p.level_mm), int(p.volume_l)) for p in g.table))


def check_geometry(g: Geometry) -> None:
    """Raise ``InvalidGeometry`` unless ``g`` describes a tank this module can measure."""
    if g.shape in (Shape.VERTICAL_CYLINDER, Shape.HORIZONTAL_CYLINDER):
        if not 0 < g.diameter_mm <= MAX_DIMENSION_MM or not 0 < g.length_mm <= MAX_DIMENSION_MM:
            raise InvalidGeometry(
                f"a cylinder's diameter and length must be 1..{MAX_DIMENSION_MM} mm",
                diameter_mm=int(g.diameter_mm),
                length_mm=int(g.length_mm),
            )
        if g.table:
            raise InvalidGeometry("a cylinder has no strapping table")
        return
    if g.shape != Shape.STRAPPING_TABLE:
        raise InvalidGeometry(f"unknown tank shape {int(g.shape)}", shape=int(g.shape))
    if g.diameter_mm or g.length_mm:
        raise InvalidGeometry("a strapping table has no diameter or length (set them to 0)")
    t = g.table
    if not 2 <= len(t) <= MAX_STRAP_POINTS:
        raise InvalidGeometry(f"a strapping table has 2..{MAX_STRAP_POINTS} points, got {len(t)}")
    if t[0].level_mm != 0:
        raise InvalidGeometry("a strapping table starts at level 0 mm")
    for a, b in zip(t, t[1:], strict=False):
        if b.level_mm <= a.level_mm:
            raise InvalidGeometry("strapping table levels must strictly increase")
        if b.volume_l < a.volume_l:
            raise InvalidGeometry("strapping table volumes must not decrease")
    if t[-1].level_mm > MAX_DIMENSION_MM or t[-1].volume_l > MAX_TABLE_VOLUME_L:
        raise InvalidGeometry("strapping table beyond 100 m or 10^12 litres")
