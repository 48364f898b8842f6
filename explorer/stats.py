"""Chain statistics for the explorer's charts: transactions per block and per minute, block times,
validator participation.

All figures come from the index's block rows and stored commits, over a
height or time range the caller chooses (a chart shows a window, not the
whole chain).  A validator's participation is the share of the blocks it
was in the signing set for whose stored commit carries its COMMIT
signature; absent and nil entries count as missed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explorer.errors import BadQuery
from explorer.queries import Explorer
from node.core.address import format_address

#: Most points one series may hold (a chart cannot show more; ask for a narrower range or wider buckets).
MAX_POINTS = 100_000


@dataclass(frozen=True, slots=True)
class BlockPoint:
    """One block in a per-block series."""

    height: int
    time_ms: int
    num_txs: int
    interval_ms: int
    """Time since the previous block (block 1: since genesis)."""


@dataclass(frozen=True, slots=True)
class RatePoint:
    """One time bucket ``[start_ms, start_ms + bucket_ms)``."""

    start_ms: int
    txs: int
    blocks: int


@dataclass(frozen=True, slots=True)
class BlockTimeSummary:
    """Block intervals over a range, in milliseconds (percentiles by nearest rank)."""

    blocks: int
    mean_ms: float
    p50_ms: int
    p95_ms: int
    min_ms: int
    max_ms: int


@dataclass(frozen=True, slots=True)
class Participation:
    """How often one validator signed the blocks it was expected to sign."""

    validator: str
    signed: int
    """Blocks whose stored commit holds its COMMIT signature."""
    expected: int
    """Blocks whose commit has an entry for it (it was in the signing set)."""
    proposed: int
    """Blocks it proposed."""

    @property
    def share(self) -> float:
        """``signed / expected`` (0 when it was never expected)."""
        return self.signed / self.expected if self.expected else 0.0


def _range(ex: Explorer, from_height: int | None, to_height: int | None) -> tuple[int, int]:
    lo = 1 if from_height is None else max(int(from_height), 1)
    hi = ex.status().height if to_height is None else int(to_height)
    if hi - lo + 1 > MAX_POINTS:
        raise BadQuery(f"at most {MAX_POINTS} blocks per series; narrow the range", lo=lo, hi=hi)
    return lo, hi


def blocks_series(ex: Explorer, from_height: int | None = None, to_height: int | None = None) -> list[BlockPoint]:
    """Transactions per block and block interval for each block ``from_height`` .. ``to_height``
    (default: the whole indexed chain, up to ``MAX_POINTS`` blocks)."""
    lo, hi = _range(ex, from_height, to_height)
    return [
        BlockPoint(int(h), int(t), int(n), int(i))
        for h, t, n, i in ex._rows(
            "SELECT height, time_ms, num_txs, interval_ms FROM blocks WHERE height BETWEEN ? AND ? ORDER BY height",
            (lo, hi),
        )
    ]


def txs_per_bucket(ex: Explorer, from_ms: int, to_ms: int, bucket_ms: int = 60_000) -> list[RatePoint]:
    """Transactions and blocks in each ``bucket_ms`` bucket of block time over ``[from_ms, to_ms)``.

    Buckets start at ``from_ms`` and every bucket is present, empty ones with zeros.
    The default bucket is one minute: transactions per minute.
    """
    if bucket_ms <= 0 or to_ms <= from_ms:
        raise BadQuery("a time series needs to_ms after from_ms and a positive bucket")
    n = -(-(to_ms - from_ms) // bucket_ms)
    if n > MAX_POINTS:
        raise BadQuery(f"at most {MAX_POINTS} buckets per series; widen the bucket", buckets=n)
    points = [[0, 0] for _ in range(n)]
    for b, txs, blocks in ex._rows(
        "SELECT (time_ms - ?) / ?, SUM(num_txs), COUNT(*) FROM blocks WHERE time_ms >= ? AND time_ms < ?"
        " GROUP BY 1",
        (from_ms, bucket_ms, from_ms, to_ms),
    ):
        points[int(b)] = [int(txs), int(blocks)]
    return [RatePoint(from_ms + i * bucket_ms, p[0], p[1]) for i, p in enumerate(points)]


def txs_per_minute(ex: Explorer, from_ms: int, to_ms: int) -> list[RatePoint]:
    """Transactions per minute of block time over ``[from_ms, to_ms)``."""
    return txs_per_bucket(ex, from_ms, to_ms, 60_000)


def block_times(ex: Explorer, from_height: int | None = None, to_height: int | None = None) -> BlockTimeSummary | None:
    """Summary of block intervals over a height range (None if it holds no block)."""
    lo, hi = _range(ex, from_height, to_height)
    values = sorted(
        int(v)
        for (v,) in ex._rows("SELECT interval_ms FROM blocks WHERE height BETWEEN ? AND ?", (lo, hi))
    )
    if not values:
        return None

    def pct(q: float) -> int:  # nearest rank: the smallest value with at least q of them at or below it
        return values[max(math.ceil(q * len(values)) - 1, 0)]

    return BlockTimeSummary(len(values), sum(values) / len(values), pct(0.5), pct(0.95), values[0], values[-1])


def participation(
    ex: Explorer, from_height: int | None = None, to_height: int | None = None
) -> list[Participation]:
    """Each validator's signed / expected / proposed blocks over a height range, in address order.

    Two index probes per validator whatever the range (the index keeps running
    totals per validator), so the whole chain costs what a day does.
    """
    lo = 1 if from_height is None else max(int(from_height), 1)
    hi = ex.status().height if to_height is None else int(to_height)
    out = []
    at = (
        "SELECT signed_total, expected_total, proposed_total FROM commit_sigs"
        " WHERE validator = ? AND height <= ? ORDER BY height DESC LIMIT 1"
    )
    for (v,) in ex._rows("SELECT validator FROM validators ORDER BY validator"):
        end = ex._rows(at, (v, hi))
        if not end:
            continue
        before = ex._rows(at, (v, lo - 1))
        s0, e0, p0 = before[0] if before else (0, 0, 0)
        s1, e1, p1 = end[0]
        if e1 - e0 > 0:
            out.append(Participation(format_address(bytes(v)), int(s1 - s0), int(e1 - e0), int(p1 - p0)))
    return out
