"""Level to volume in integers: known values, agreement with the exact formulas, monotonicity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node.core.types import U8, U32, U64
from node.modules.tanks import geometry as g
from node.modules.tanks.errors import InvalidGeometry
from node.modules.tanks.records import Geometry, StrapPoint

# floor(π · 2^64), from π to 60 digits.
PI_2_64 = 57952155664616982739


def vertical(d: int, h: int) -> Geometry:
    return Geometry(U8(g.Shape.VERTICAL_CYLINDER), U32(d), U32(h), ())


def horizontal(d: int, length: int) -> Geometry:
    return Geometry(U8(g.Shape.HORIZONTAL_CYLINDER), U32(d), U32(length), ())


def table(*points: tuple[int, int]) -> Geometry:
    return Geometry(
        U8(g.Shape.STRAPPING_TABLE), U32(0), U32(0), tuple(StrapPoint(U32(lv), U64(v)) for lv, v in points)
    )


def exact_horizontal_l(h: float, d: float, length: float) -> float:
    r = d / 2
    area = r * r * math.acos((r - h) / r) - (r - h) * math.sqrt(max(2 * r * h - h * h, 0.0))
    return area * length / 1e6


def test_pi() -> None:
    assert abs(g.PI_FP - PI_2_64) < 1000  # relative error below 2e-17
    assert g.HALF_FP * 2 == g.PI_FP


def test_vertical_cylinder_known_values() -> None:
    assert g.volume_l(vertical(2000, 3000), 0) == 0
    assert g.volume_l(vertical(2000, 3000), 1) == 3  # 3.14159 litres per mm
    assert g.volume_l(vertical(2000, 3000), 1000) == 3141  # 3141.59
    assert g.volume_l(vertical(2000, 3000), 3000) == 9424  # 9424.78
    assert g.volume_l(vertical(1000, 1000), 1000) == 785  # 785.398
    assert g.max_level_mm(vertical(2000, 3000)) == 3000


def test_horizontal_cylinder_empty_half_full() -> None:
    tank = horizontal(2000, 5000)  # π r² L = 15,707.96 litres
    assert g.volume_l(tank, 0) == 0
    assert g.volume_l(tank, 1000) == 7853  # half: 7,853.98
    assert g.volume_l(tank, 2000) == 15707  # full
    assert g.volume_l(tank, 500) == 3070  # r²(π/3 − √3/4)·L = 3,070.92
    assert g.volume_l(tank, 1500) == 12637  # full − the 500 mm segment: 12,637.04
    assert g.max_level_mm(tank) == 2000


def test_horizontal_odd_diameter_is_symmetric() -> None:
    tank = horizontal(2001, 7000)
    full = g.volume_l(tank, 2001)
    for h in (0, 1, 17, 500, 1000, 1001, 2000):
        assert g.volume_l(tank, h) + g.volume_l(tank, 2001 - h) in (full, full - 1)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, g.MAX_DIMENSION_MM), st.integers(1, g.MAX_DIMENSION_MM), st.data())
def test_horizontal_agrees_with_the_formula(d: int, length: int, data: st.DataObject) -> None:
    h = data.draw(st.integers(0, d))
    v = g.volume_l(horizontal(d, length), h)
    ref = exact_horizontal_l(h, d, length)
    # floor of the exact value: at most 1 litre below it, never above (float reference tolerance)
    assert ref - 1 - 1e-6 * max(ref, 1) <= v <= ref + 1e-6 * max(ref, 1)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, g.MAX_DIMENSION_MM), st.integers(1, g.MAX_DIMENSION_MM), st.data())
def test_vertical_agrees_with_the_formula(d: int, height: int, data: st.DataObject) -> None:
    h = data.draw(st.integers(0, height))
    v = g.volume_l(vertical(d, height), h)
    ref = math.pi * d * d * h / 4 / 1e6
    assert ref - 1 - 1e-9 * max(ref, 1) <= v <= ref + 1e-9 * max(ref, 1)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3000), st.integers(1, 20_000))
def test_monotonic_in_level(d: int, length: int) -> None:
    for tank in (horizontal(d, length), vertical(d, length)):
        top = g.max_level_mm(tank)
        vols = [g.volume_l(tank, h) for h in range(0, top + 1, max(1, top // 1500))]
        assert vols == sorted(vols)
    tank = horizontal(d, length)
    mid = d // 2
    around = [g.volume_l(tank, h) for h in range(max(0, mid - 3), min(d, mid + 3) + 1)]
    assert around == sorted(around)


def test_strapping_table_interpolation() -> None:
    t = table((0, 0), (1000, 2000), (2000, 6000), (2500, 6000))
    assert g.volume_l(t, 0) == 0
    assert g.volume_l(t, 1000) == 2000  # at a point: the point's volume
    assert g.volume_l(t, 500) == 1000
    assert g.volume_l(t, 1) == 2  # 2 litres per mm
    assert g.volume_l(t, 1001) == 2004
    assert g.volume_l(t, 1333) == 3332  # 2000 + 4000 × 333 / 1000 = 3332.0
    assert g.volume_l(t, 1999) == 5996
    assert g.volume_l(t, 2200) == 6000  # a flat segment
    assert g.max_level_mm(t) == 2500
    t3 = table((0, 0), (3, 1))
    assert [g.volume_l(t3, h) for h in range(4)] == [0, 0, 0, 1]  # floor
    with pytest.raises(ValueError):
        g.volume_l(t, 2501)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 500), st.integers(0, 10_000)), min_size=1, max_size=20))
def test_strapping_table_monotonic(steps: list[tuple[int, int]]) -> None:
    points = [(0, 0)]
    for dl, dv in steps:
        points.append((points[-1][0] + dl, points[-1][1] + dv))
    t = table(*points)
    g.check_geometry(t)
    vols = [g.volume_l(t, h) for h in range(points[-1][0] + 1)]
    assert vols == sorted(vols)
    for lv, v in points:
        assert g.volume_l(t, lv) == v


@pytest.mark.parametrize(
    "bad",
    [
        vertical(0, 1000),
        vertical(1000, 0),
        horizontal(g.MAX_DIMENSION_MM + 1, 10),
        Geometry(U8(g.Shape.VERTICAL_CYLINDER), U32(10), U32(10), (StrapPoint(U32(0), U64(0)),)),
        Geometry(U8(0), U32(10), U32(10), ()),
        table((0, 0)),
        table((1, 0), (2, 5)),
        table((0, 0), (10, 5), (10, 6)),
        table((0, 0), (10, 5), (20, 4)),
        Geometry(U8(g.Shape.STRAPPING_TABLE), U32(1), U32(0), (StrapPoint(U32(0), U64(0)), StrapPoint(U32(1), U64(1)))),
        table((0, 0), (g.MAX_DIMENSION_MM + 1, 5)),
    ],
)
def test_invalid_geometry(bad: Geometry) -> None:
    with pytest.raises(InvalidGeometry):
        g.check_geometry(bad)


def test_volume_outside_the_tank_is_a_bug() -> None:
    with pytest.raises(ValueError):
        g.volume_l(vertical(1000, 1000), 1001)
