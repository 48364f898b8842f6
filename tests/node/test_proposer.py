"""Proposer selection (``node.consensus.proposer``): smooth weighted round robin by voting power.

Properties: a pure function of (set, height, round); over one cycle each validator
proposes exactly in proportion to its power (after dividing by the common factor);
turns are interleaved (equal powers: never twice in a row; any powers: within 2 of the
ideal share in every window of rounds); rounds at one height rotate through the cycle;
huge or coprime powers keep the cycle short and still give every validator a turn.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache, reduce
from math import gcd

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.consensus import proposer as proposer_mod
from node.consensus.proposer import MAX_CYCLE, proposer
from node.core.crypto import PrivateKey, Scheme
from node.core.types import Address, Power
from node.core.validators import MAX_VALIDATORS, Validator, ValidatorSet, make_validator

OPERATOR = Address(bytes(20))


@cache
def _key(i: int) -> PrivateKey:
    return PrivateKey.from_secret(Scheme.ED25519, i.to_bytes(4, "big") + bytes(28))


def validators(powers: list[int] | tuple[int, ...]) -> list[Validator]:
    return [
        make_validator(_key(i).scheme, _key(i).public_key, p, OPERATOR)
        for i, p in enumerate(powers)
    ]


def vset_of(powers: list[int] | tuple[int, ...]) -> ValidatorSet:
    return ValidatorSet.of(validators(powers))


def cycle(vset: ValidatorSet) -> tuple[bytes, ...]:
    """The whole cycle, as ``proposer`` indexes it (private helper; the public calls agree)."""
    return proposer_mod._cycle(tuple((bytes(v.address), int(v.power)) for v in vset.validators))


def powers_of(vset: ValidatorSet) -> dict[bytes, int]:
    return {bytes(v.address): int(v.power) for v in vset.validators}


def reduced(vset: ValidatorSet) -> dict[bytes, int]:
    p = powers_of(vset)
    g = reduce(gcd, p.values())
    return {a: w // g for a, w in p.items()}


small_powers = st.lists(st.integers(1, 40), min_size=1, max_size=8)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- determinism ------------------------------------------------------------------------------


def test_deterministic_and_independent_of_the_order_validators_are_given_in() -> None:
    powers = [3, 1, 4, 1, 5, 9, 2]
    vals = validators(powers)
    shuffled = vals[:]
    random.Random(7).shuffle(shuffled)
    a, b = ValidatorSet.of(vals), ValidatorSet.of(shuffled)
    first = [proposer(a, h, r) for h in range(1, 6) for r in range(30)]
    proposer_mod._cycle.cache_clear()
    assert [proposer(b, h, r) for h in range(1, 6) for r in range(30)] == first
    assert [proposer(a, h, r) for h in range(1, 6) for r in range(30)] == first


def test_proposer_is_a_member_and_a_single_validator_always_proposes() -> None:
    one = vset_of([5])
    assert {proposer(one, h, r) for h in range(5) for r in range(5)} == {
        bytes(one.validators[0].address)
    }
    vs = vset_of([2, 7, 1])
    members = set(powers_of(vs))
    assert {proposer(vs, h, r) for h in range(20) for r in range(20)} <= members
    assert proposer(vs, 10**12, 10**9) in members


# --- proportional to power ----------------------------------------------------------------------


@SETTINGS
@given(powers=small_powers, height=st.integers(0, 10**6))
def test_each_validator_proposes_in_proportion_to_its_power_over_a_cycle(
    powers: list[int], height: int
) -> None:
    vs = vset_of(powers)
    want = reduced(vs)
    length = sum(want.values())
    assert len(cycle(vs)) == length
    counts = Counter(proposer(vs, height, r) for r in range(length))
    assert counts == Counter(want)


def test_heavy_validator_example() -> None:
    vs = vset_of([10, 10, 10, 40])
    heavy = bytes(vs.validators[[int(v.power) for v in vs.validators].index(40)].address)
    seq = [proposer(vs, 0, r) for r in range(7)]
    assert seq.count(heavy) == 4
    assert all(seq[i] != seq[i + 1] for i in range(6))  # 4 of 7: never twice in a row ...
    assert seq[6] == seq[0] == heavy  # ... except across the cycle's wrap: ceil(4 / 3) = 2
    assert len(set(seq)) == 4


# --- interleaving -------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 10])
@pytest.mark.parametrize("power", [1, 7, 1000])
def test_equal_powers_take_turns(n: int, power: int) -> None:
    vs = vset_of([power] * n)
    seq = [proposer(vs, 3, r) for r in range(3 * n)]
    for i in range(0, 3 * n, n):
        assert sorted(seq[i : i + n]) == sorted(powers_of(vs))  # each cycle a permutation
    if n > 1:
        assert all(a != b for a, b in zip(seq, seq[1:], strict=False))  # ceil(1/(n-1)) = 1
        # ... also across heights: the next height starts where this round would be
        assert all(proposer(vs, h, 0) != proposer(vs, h + 1, 0) for h in range(2 * n))


@SETTINGS
@given(powers=st.lists(st.integers(1, 30), min_size=2, max_size=7))
def test_turns_are_smooth_in_every_window_of_rounds(powers: list[int]) -> None:
    """In any k consecutive rounds a validator of reduced power w (of T) proposes k*w/T +- 2 times."""
    vs = vset_of(powers)
    want = reduced(vs)
    total = sum(want.values())
    seq = [proposer(vs, 0, r) for r in range(total)]
    for addr, w in want.items():
        # d(j) = turns in rounds [0, j) minus the ideal j*w/T; it is periodic in j with
        # period T, so every window's deviation is a difference of two d values.
        d, c = [0.0], 0
        for j, who in enumerate(seq, 1):
            c += who == addr
            d.append(c - j * w / total)
        assert max(d) - min(d) < 2, (powers, addr.hex()[:8])


@SETTINGS
@given(powers=st.lists(st.integers(1, 30), min_size=2, max_size=7))
def test_no_long_runs_for_a_minority_validator(powers: list[int]) -> None:
    """A validator with at most half the power never proposes three rounds in a row."""
    vs = vset_of(powers)
    want = reduced(vs)
    total = sum(want.values())
    seq = [proposer(vs, 0, r) for r in range(2 * total)]  # two cycles: runs across the wrap
    for addr, w in want.items():
        if 2 * w > total:
            continue
        run = best = 0
        for who in seq:
            run = run + 1 if who == addr else 0
            best = max(best, run)
        assert best <= 2, (powers, addr.hex()[:8], best)


# --- rotation at one height ----------------------------------------------------------------------


@SETTINGS
@given(powers=small_powers, height=st.integers(0, 10**9), start=st.integers(0, 10**6))
def test_rounds_rotate_through_every_validator(powers: list[int], height: int, start: int) -> None:
    vs = vset_of(powers)
    length = len(cycle(vs))
    window = {proposer(vs, height, r) for r in range(start, start + length)}
    assert window == set(powers_of(vs))  # any cycle-long run of rounds reaches everybody
    for r in range(start + 1, start + 6):
        assert proposer(vs, height, r) == proposer(vs, height + 1, r - 1)  # heights shift by one
        assert proposer(vs, height, r + length) == proposer(vs, height, r)  # periodic


def test_a_crashed_proposer_is_skipped_by_the_next_round() -> None:
    vs = vset_of([1, 1, 1, 1])
    for h in range(8):
        assert proposer(vs, h, 0) != proposer(vs, h, 1)


# --- huge and coprime powers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "powers",
    [
        [999_983, 1_000_003, 7, 10**12 + 39],  # pairwise coprime, total far above MAX_CYCLE
        [2**59, 1, 1],  # one validator with almost all of Power.MAX
        [10_007, 10_009],  # two primes: exact cycle would be 20_016
        [Power.MAX // 2 - 1, Power.MAX // 2 - 3],
    ],
)
def test_large_coprime_powers_keep_a_short_cycle_with_everybody(powers: list[int]) -> None:
    vs = vset_of(powers)
    seq = cycle(vs)
    n = len(powers)
    assert len(seq) <= MAX_CYCLE + n
    counts = Counter(seq)
    assert set(counts) == set(powers_of(vs))  # everybody proposes at least once per cycle
    total = sum(powers)
    for addr, w in powers_of(vs).items():
        assert abs(counts[addr] - w * len(seq) / total) <= n + 1  # proportions stay close
    # the public function walks the same cycle
    assert [proposer(vs, 0, r) for r in range(50)] == list(seq[:50])
    assert proposer(vs, 0, len(seq)) == seq[0]


def test_largest_set_with_random_huge_powers() -> None:
    rng = random.Random(3)
    vs = vset_of([rng.randint(10**9, 10**15) for _ in range(MAX_VALIDATORS)])
    seq = cycle(vs)
    assert len(seq) <= MAX_CYCLE + MAX_VALIDATORS
    assert set(seq) == set(powers_of(vs))


def test_cycle_may_exceed_max_cycle_by_the_forced_minimum_turns() -> None:
    """Documented behaviour: each validator gets at least one turn, so the cap is MAX_CYCLE + n."""
    powers = [2**50] + [1] * 149
    seq = cycle(vset_of(powers))
    assert MAX_CYCLE < len(seq) <= MAX_CYCLE + len(powers)
