"""Chain statistics against values computed by hand from a chain whose block times and commits we chose."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from explorer import (
    BadQuery,
    BlockPoint,
    BlockTimeSummary,
    Explorer,
    Indexer,
    RatePoint,
    block_times,
    blocks_series,
    participation,
    txs_per_bucket,
    txs_per_minute,
)
from node.core.address import format_address
from tests.explorer.chains import T0, Driver

# (block time after genesis, transactions, commit positions left ABSENT)
PLAN = [
    (1_000, 3, [3]),
    (3_000, 0, []),
    (61_000, 2, [0]),
    (61_500, 1, [3]),
    (125_000, 4, [1]),
]


@pytest.fixture(scope="module")
def ex(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Explorer]:
    home = tmp_path_factory.mktemp("stats") / "node"
    d = Driver.new(home, validators=4)
    for at, n, absent in PLAN:
        d.block([d.transfer("alice", "bob", 1 + i) for i in range(n)], at=T0 + at, absent=absent)
    d.close()
    with Indexer.open_home(home) as ix:
        ix.run()
    e = Explorer.open_home(home)
    yield e
    e.close()


def test_transactions_and_interval_per_block(ex: Explorer) -> None:
    assert blocks_series(ex) == [
        BlockPoint(1, T0 + 1_000, 3, 1_000),  # block 1's interval counts from genesis
        BlockPoint(2, T0 + 3_000, 0, 2_000),
        BlockPoint(3, T0 + 61_000, 2, 58_000),
        BlockPoint(4, T0 + 61_500, 1, 500),
        BlockPoint(5, T0 + 125_000, 4, 63_500),
    ]
    assert [p.height for p in blocks_series(ex, 2, 3)] == [2, 3]


def test_transactions_per_minute(ex: Explorer) -> None:
    assert txs_per_minute(ex, T0, T0 + 180_000) == [
        RatePoint(T0, 3, 2),
        RatePoint(T0 + 60_000, 3, 2),
        RatePoint(T0 + 120_000, 4, 1),
    ]
    # empty buckets are there, with zeros; the range end is exclusive
    assert txs_per_bucket(ex, T0 + 1_000, T0 + 61_000, 20_000) == [
        RatePoint(T0 + 1_000, 3, 2),
        RatePoint(T0 + 21_000, 0, 0),
        RatePoint(T0 + 41_000, 0, 0),
    ]
    with pytest.raises(BadQuery):
        txs_per_bucket(ex, T0, T0, 60_000)


def test_block_times(ex: Explorer) -> None:
    # intervals 1000, 2000, 58000, 500, 63500 -> sorted 500, 1000, 2000, 58000, 63500
    assert block_times(ex) == BlockTimeSummary(5, 25_000.0, 2_000, 63_500, 500, 63_500)
    assert block_times(ex, 2, 3) == BlockTimeSummary(2, 30_000.0, 2_000, 58_000, 2_000, 58_000)
    assert block_times(ex, 9, 10) is None


def test_validator_participation(ex: Explorer) -> None:
    got = participation(ex)
    # absent: v3 in blocks 1 and 4, v0 in block 3, v1 in block 5; proposers rotate from v1
    assert [(p.signed, p.expected, p.proposed) for p in got] == [(4, 5, 1), (4, 5, 2), (5, 5, 1), (3, 5, 1)]
    assert [p.share for p in got] == [0.8, 0.8, 1.0, 0.6]
    assert [p.validator for p in got] == [e.validator for e in ex.commit(1)]  # the set's order (by address bytes)
    assert [(p.signed, p.expected) for p in participation(ex, 3, 4)] == [(1, 2), (2, 2), (2, 2), (1, 2)]
    entries = ex.commit(3)
    assert [e.signed for e in entries] == [False, True, True, True]
    b = ex.block(3)
    assert b is not None and (b.signed, b.validators) == (3, 4)
    assert b.proposer == got[3].validator == entries[3].validator
    assert format_address(bytes(20)) not in {p.validator for p in got}
