"""Pure tests of the Tendermint state machine (``node.consensus.tendermint``).

Part 1 checks the rules of Algorithm 1 of Buchman, Kwon and Milosevic, "The latest gossip
on BFT consensus" (2018) one at a time; test names carry the paper's line numbers.

Part 2 runs N ``HeightState`` instances over a simulated network written here: one
priority queue of events in simulated milliseconds (message deliveries with random
delays, drops and reordering before a global stabilisation time GST, timeouts),
driven by a seeded ``random.Random``.  Honest nodes relay every message they see
for the first time and re-send their whole log at GST, which is the paper's gossip
assumption ("a message a correct process received reaches every correct process by
max(t, GST) + delta").  Faulty nodes crash, stay silent, vote at random, or
equivocate votes and proposals.  Hypothesis varies seeds, power distributions and
fault choices; a few fixed seeds run as regression tests.

No network, no clock, no signatures: the driver's jobs are played by the test.
Two deviations from Algorithm 1 these tests found (an equivocator's second vote ignored, and
messages acted on before start()) were fixed; their tests stay as regressions.  Restarts
(``HeightState.resume`` from the double-sign guard's record, ``propose_failed``) are
tested in both parts; two restart bugs these tests found are fixed and stay as regressions:
a lock from an earlier round was lost (``LOCK_LOST``), and earlier votes were not re-sent
(``VOTES_LOST``).  The guard now persists the lock and the height's signed votes.
"""

from __future__ import annotations

import hashlib
import heapq
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from math import gcd
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.consensus.proposer import proposer
from node.consensus.tendermint import (
    NIL,
    CastVote,
    Decide,
    Equivocation,
    HeightState,
    Propose,
    ScheduleTimeout,
    Step,
    Timeouts,
    VoteKind,
)
from node.core.crypto import PrivateKey, Scheme
from node.core.types import Address
from node.core.validators import ValidatorSet, make_validator

PREVOTE, PRECOMMIT = VoteKind.PREVOTE, VoteKind.PRECOMMIT
KEYS = [PrivateKey.from_secret(Scheme.ED25519, bytes([i + 1]) * 32) for i in range(9)]
OPERATOR = Address(bytes(20))


@cache
def make_set(powers: tuple[int, ...]) -> tuple[ValidatorSet, tuple[bytes, ...]]:
    """A validator set with ``powers``; addresses are returned in the order of ``powers``."""
    vals = [
        make_validator(k.scheme, k.public_key, p, OPERATOR)
        for k, p in zip(KEYS, powers, strict=False)
    ]
    return ValidatorSet.of(vals), tuple(bytes(v.address) for v in vals)


OUTSIDER = bytes(make_validator(KEYS[8].scheme, KEYS[8].public_key, 1, OPERATOR).address)


def value(name: str) -> bytes:
    """A 32-byte block id."""
    return hashlib.sha256(name.encode()).digest()


V, W, U = value("v"), value("w"), value("u")


def votes_in(actions: list[Any]) -> list[CastVote]:
    return [a for a in actions if isinstance(a, CastVote)]


def timeouts_in(actions: list[Any]) -> list[ScheduleTimeout]:
    return [a for a in actions if isinstance(a, ScheduleTimeout)]


def decisions_in(actions: list[Any]) -> list[Decide]:
    return [a for a in actions if isinstance(a, Decide)]


# =====================================================================================
# Part 1: the rules one by one
# =====================================================================================


class Harness:
    """One ``HeightState`` as validator ``me`` (index into ``powers``); A=0, B=1, C=2, D=3.

    Unless told otherwise the proposer of round r is validator (r + 1) mod n: with four
    validators B proposes round 0, C round 1, D round 2 and A (us) round 3.
    """

    def __init__(
        self,
        powers: tuple[int, ...] = (1, 1, 1, 1),
        me: int | None = 0,
        proposer_of: Callable[[int], bytes] | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.vset, self.addrs = make_set(powers)
        n = len(self.addrs)
        self.proposer_of = proposer_of or (lambda r: self.addrs[(r + 1) % n])
        self.hs = HeightState(
            7,
            self.vset,
            None if me is None else self.addrs[me],
            self.proposer_of,
            timeouts or Timeouts(),
        )
        self.log: list[Any] = []

    def _keep(self, out: list[Any]) -> list[Any]:
        self.log.extend(out)
        return out

    def start(self) -> list[Any]:
        return self._keep(self.hs.start())

    def proposal(self, r: int, v: bytes, pol: int = -1, valid: bool = True) -> list[Any]:
        return self._keep(self.hs.on_proposal(r, v, pol, valid))

    def vote(self, kind: VoteKind, r: int, v: bytes, *who: int) -> list[Any]:
        out: list[Any] = []
        for i in who:
            out += self.hs.on_vote(kind, r, self.addrs[i], v)
        return self._keep(out)

    def prevote(self, r: int, v: bytes, *who: int) -> list[Any]:
        return self.vote(PREVOTE, r, v, *who)

    def precommit(self, r: int, v: bytes, *who: int) -> list[Any]:
        return self.vote(PRECOMMIT, r, v, *who)

    def timeout(self, step: Step, r: int) -> list[Any]:
        return self._keep(self.hs.on_timeout(step, r))

    def resume(self, r: int, step: Step, v: bytes, **persisted: Any) -> list[Any]:
        """The driver's start after a restart: the sign-state's last (round, step, block) at this height,
        and what the guard persisted with it (``lock``, ``earlier_votes``)."""
        return self._keep(self.hs.resume(r, step, v, **persisted))

    def lock_state(self) -> tuple[bytes | None, int, bytes | None, int]:
        """What the driver hands the guard with each signature."""
        hs = self.hs
        return (hs.locked_value, hs.locked_round, hs.valid_value, hs.valid_round)

    def propose_failed(self, r: int) -> list[Any]:
        return self._keep(self.hs.propose_failed(r))

    def advance(self) -> list[Any]:
        """Line 65: the precommit timeout of the current round fires."""
        return self.timeout(Step.PRECOMMIT, self.hs.round)

    def lock_on(self, v: bytes) -> None:
        """Round 0: B proposes v, B and C prevote it: we lock on v and precommit it; then round 1."""
        self.proposal(0, v)
        assert votes_in(self.prevote(0, v, 1, 2)) == [CastVote(PRECOMMIT, 0, v)]
        assert (self.hs.locked_value, self.hs.locked_round) == (v, 0)
        self.advance()
        assert self.hs.round == 1


@pytest.fixture
def h() -> Harness:
    hh = Harness()
    hh.start()
    return hh


# --- line 10/11: start --------------------------------------------------------------------


def test_line11_start_as_non_proposer_schedules_propose_timeout() -> None:
    hh = Harness()
    assert hh.start() == [ScheduleTimeout(Step.PROPOSE, 0, 1500)]
    assert (hh.hs.round, hh.hs.step) == (0, Step.PROPOSE)


def test_line16_start_as_proposer_asks_for_a_new_value_without_a_timeout() -> None:
    hh = Harness(proposer_of=lambda r: make_set((1, 1, 1, 1))[1][0])
    assert hh.start() == [Propose(0, None, -1)]  # line 19: only the others time out
    assert hh.proposal(0, V) == [CastVote(PREVOTE, 0, V)]  # the driver hands our block back


def test_line15_proposer_reproposes_its_valid_value(h: Harness) -> None:
    h.lock_on(V)
    h.advance()
    out = h.advance()  # round 3: our turn (proposer is (r + 1) % 4 == 0)
    assert h.hs.round == 3
    assert out == [Propose(3, V, 0)]  # validValue with validRound; no timeout for ourselves


# --- line 22 --------------------------------------------------------------------------------


def test_line22_valid_fresh_proposal_is_prevoted(h: Harness) -> None:
    assert h.proposal(0, V) == [CastVote(PREVOTE, 0, V)]
    assert h.hs.step is Step.PREVOTE
    assert h.hs.prevotes_for(0) == {h.addrs[0]: [V]}  # our own vote counts at once


def test_line22_invalid_fresh_proposal_gets_nil(h: Harness) -> None:
    assert h.proposal(0, V, valid=False) == [CastVote(PREVOTE, 0, NIL)]
    assert h.hs.step is Step.PREVOTE


def test_line22_locked_on_another_value_prevotes_nil(h: Harness) -> None:
    h.lock_on(V)
    assert h.proposal(1, W) == [CastVote(PREVOTE, 1, NIL)]


def test_line22_locked_on_the_same_value_prevotes_it(h: Harness) -> None:
    h.lock_on(V)
    assert h.proposal(1, V) == [CastVote(PREVOTE, 1, V)]


def test_line22_only_in_the_propose_step(h: Harness) -> None:
    assert h.timeout(Step.PROPOSE, 0) == [CastVote(PREVOTE, 0, NIL)]
    assert h.proposal(0, V) == []  # too late: we already prevoted in round 0


def test_proposal_with_impossible_pol_round_or_round_is_ignored(h: Harness) -> None:
    assert h.proposal(0, V, pol=0) == []
    assert h.proposal(1, V, pol=1) == []
    assert h.proposal(1, V, pol=-2) == []
    assert h.proposal(-1, V) == []
    assert h.hs.proposals == {}


def test_only_the_first_proposal_of_a_round_is_used(h: Harness) -> None:
    assert h.proposal(0, W, valid=False) == [CastVote(PREVOTE, 0, NIL)]
    assert h.proposal(0, V) == []
    assert h.hs.proposals[0] == (W, -1, False)


def test_proposal_for_a_future_round_is_used_when_that_round_starts(h: Harness) -> None:
    assert h.proposal(1, V) == []  # C alone (1/4) is not f+1: no jump
    assert h.hs.round == 0
    out = h.advance()
    assert h.hs.round == 1
    assert CastVote(PREVOTE, 1, V) in out


# --- line 28 --------------------------------------------------------------------------------


def test_line28_reproposal_with_a_polka_from_an_earlier_round_is_prevoted(h: Harness) -> None:
    h.prevote(0, V, 1, 2, 3)
    h.advance()
    assert h.proposal(1, V, pol=0) == [CastVote(PREVOTE, 1, V)]


def test_line28_waits_for_the_polka_of_the_pol_round(h: Harness) -> None:
    h.advance()
    assert h.proposal(1, V, pol=0) == []  # no 2f+1 prevotes for v in round 0 yet
    assert h.hs.step is Step.PROPOSE
    assert h.prevote(0, V, 1, 2) == []
    assert h.prevote(0, V, 3) == [CastVote(PREVOTE, 1, V)]


def test_line28_polka_at_or_after_the_locked_round_unlocks(h: Harness) -> None:
    h.lock_on(V)  # locked on v in round 0, now round 1
    h.proposal(1, W)  # we prevote nil (locked); B, C, D prevote w: a polka for w in round 1
    h.prevote(1, W, 1, 2, 3)
    h.advance()
    assert h.proposal(2, W, pol=1) == [CastVote(PREVOTE, 2, W)]


def test_line28_polka_older_than_the_lock_gets_nil(h: Harness) -> None:
    h.timeout(Step.PROPOSE, 0)
    h.prevote(0, W, 1, 2, 3)  # a polka for w in round 0 we did not act on (no proposal)
    h.timeout(Step.PREVOTE, 0)
    h.advance()
    h.proposal(1, V)
    h.prevote(1, V, 1, 2)  # lock on v in round 1
    assert (h.hs.locked_value, h.hs.locked_round) == (V, 1)
    h.advance()
    assert h.proposal(2, W, pol=0) == [CastVote(PREVOTE, 2, NIL)]


def test_line28_locked_value_with_older_polka_is_still_prevoted(h: Harness) -> None:
    h.prevote(0, V, 1, 2, 3)
    h.timeout(Step.PROPOSE, 0)
    h.advance()
    h.proposal(1, V)
    h.prevote(1, V, 1, 2)  # locked on v in round 1
    h.advance()
    assert h.proposal(2, V, pol=0) == [CastVote(PREVOTE, 2, V)]  # lockedValue = v


def test_line28_invalid_reproposal_gets_nil(h: Harness) -> None:
    h.prevote(0, V, 1, 2, 3)
    h.advance()
    assert h.proposal(1, V, pol=0, valid=False) == [CastVote(PREVOTE, 1, NIL)]


# --- line 34 and 47: timeouts scheduled once ------------------------------------------------


def test_line34_any_two_thirds_of_prevotes_schedules_the_prevote_timeout_once(h: Harness) -> None:
    h.proposal(0, V)
    assert h.prevote(0, NIL, 1) == []
    assert h.prevote(0, W, 2) == [ScheduleTimeout(Step.PREVOTE, 0, 500)]
    assert h.prevote(0, NIL, 3) == []  # not again, and nil has 2 of 4: no polka
    assert [t for t in timeouts_in(h.log) if t.step is Step.PREVOTE] == [
        ScheduleTimeout(Step.PREVOTE, 0, 500)
    ]


def test_line34_needs_the_prevote_step(h: Harness) -> None:
    assert h.prevote(0, W, 1, 2, 3) == []  # still in propose: no prevote timeout
    out = h.timeout(Step.PROPOSE, 0)
    assert out == [CastVote(PREVOTE, 0, NIL), ScheduleTimeout(Step.PREVOTE, 0, 500)]


def test_line47_any_two_thirds_of_precommits_schedules_the_precommit_timeout_once(
    h: Harness,
) -> None:
    assert h.hs.step is Step.PROPOSE  # in any step
    assert h.precommit(0, NIL, 1) == []
    assert h.precommit(0, W, 2) == []
    assert h.precommit(0, V, 3) == [ScheduleTimeout(Step.PRECOMMIT, 0, 500)]
    h.timeout(Step.PROPOSE, 0)
    h.timeout(Step.PREVOTE, 0)  # our own nil precommit: 4 precommits now
    assert [t for t in timeouts_in(h.log) if t.step is Step.PRECOMMIT] == [
        ScheduleTimeout(Step.PRECOMMIT, 0, 500)
    ]


# --- line 36 --------------------------------------------------------------------------------


def test_line36_polka_locks_and_precommits(h: Harness) -> None:
    h.proposal(0, V)
    assert h.prevote(0, V, 1) == []
    out = h.prevote(0, V, 2)
    assert out == [ScheduleTimeout(Step.PREVOTE, 0, 500), CastVote(PRECOMMIT, 0, V)]  # 34, 36
    hs = h.hs
    assert (hs.locked_value, hs.locked_round, hs.valid_value, hs.valid_round) == (V, 0, V, 0)
    assert hs.step is Step.PRECOMMIT
    assert h.prevote(0, V, 3) == []  # "for the first time": no second precommit


def test_line36_after_precommitting_only_updates_the_valid_value(h: Harness) -> None:
    h.timeout(Step.PROPOSE, 0)  # no proposal in time: prevote nil
    h.prevote(0, V, 1, 2)  # any 2/3: prevote timeout
    assert h.timeout(Step.PREVOTE, 0) == [CastVote(PRECOMMIT, 0, NIL)]
    assert h.prevote(0, V, 3) == []  # polka for v, but we have no proposal for it
    assert h.proposal(0, V) == []  # now line 36 holds in the precommit step
    hs = h.hs
    assert (hs.valid_value, hs.valid_round) == (V, 0)
    assert (hs.locked_value, hs.locked_round) == (None, -1)
    assert votes_in(h.log).count(CastVote(PRECOMMIT, 0, NIL)) == 1
    assert CastVote(PRECOMMIT, 0, V) not in h.log


def test_line36_polka_before_the_proposal(h: Harness) -> None:
    assert h.prevote(0, V, 1, 2, 3) == []
    out = h.proposal(0, V)
    assert votes_in(out) == [CastVote(PREVOTE, 0, V), CastVote(PRECOMMIT, 0, V)]
    assert h.hs.locked_value == V


def test_line36_polka_for_an_invalid_proposal_does_not_lock(h: Harness) -> None:
    assert h.proposal(0, V, valid=False) == [CastVote(PREVOTE, 0, NIL)]
    out = h.prevote(0, V, 1, 2, 3)
    assert votes_in(out) == []
    assert h.hs.locked_value is None and h.hs.valid_value is None
    assert h.timeout(Step.PREVOTE, 0) == [CastVote(PRECOMMIT, 0, NIL)]


# --- line 44 --------------------------------------------------------------------------------


def test_line44_nil_polka_precommits_nil(h: Harness) -> None:
    h.timeout(Step.PROPOSE, 0)
    assert h.prevote(0, NIL, 1) == []
    out = h.prevote(0, NIL, 2)
    assert votes_in(out) == [CastVote(PRECOMMIT, 0, NIL)]
    assert h.hs.step is Step.PRECOMMIT and h.hs.locked_value is None


# --- line 49 --------------------------------------------------------------------------------


def test_line49_two_thirds_of_precommits_and_the_valid_proposal_decide(h: Harness) -> None:
    h.proposal(0, V)
    h.precommit(0, V, 1, 2)
    assert decisions_in(h.log) == []
    assert decisions_in(h.precommit(0, V, 3)) == [Decide(0, V)]
    assert h.hs.decision == (0, V) and h.hs.step is Step.DECIDED


def test_line49_precommits_first_then_proposal(h: Harness) -> None:
    h.precommit(0, V, 1, 2, 3)
    assert h.hs.decision is None
    assert decisions_in(h.proposal(0, V)) == [Decide(0, V)]


def test_line49_invalid_proposal_is_never_decided(h: Harness) -> None:
    h.proposal(0, V, valid=False)
    h.precommit(0, V, 1, 2, 3)
    assert h.hs.decision is None


def test_line49_decides_for_an_older_round(h: Harness) -> None:
    h.proposal(0, V)
    h.advance()
    h.advance()
    assert h.hs.round == 2
    assert decisions_in(h.precommit(0, V, 1, 2, 3)) == [Decide(0, V)]


def test_line49_needs_the_proposal_of_the_committed_value(h: Harness) -> None:
    h.proposal(0, W)
    h.precommit(0, V, 1, 2, 3)
    assert h.hs.decision is None


def test_decided_state_is_final(h: Harness) -> None:
    h.proposal(0, V)
    h.precommit(0, V, 1, 2, 3)
    assert h.hs.decision == (0, V)
    for step in Step:
        assert h.timeout(step, 0) == []
    assert h.proposal(1, W) == []
    assert h.prevote(1, W, 1, 2, 3) == []
    assert h.precommit(1, W, 1, 2, 3) == []
    assert h.hs.decision == (0, V) and h.hs.round == 0


# --- line 55 --------------------------------------------------------------------------------


def test_line55_f_plus_1_in_a_later_round_jumps_there(h: Harness) -> None:
    assert h.prevote(5, W, 1) == []  # 1/4 is not more than 1/3
    assert h.hs.round == 0
    out = h.precommit(5, NIL, 2)  # 2/4: any kind counts
    assert h.hs.round == 5 and h.hs.step is Step.PROPOSE
    assert out == [ScheduleTimeout(Step.PROPOSE, 5, 1500 + 5 * 500)]


def test_line55_proposal_counts_as_a_message_from_its_proposer(h: Harness) -> None:
    assert h.proposal(2, V) == []  # D proposes round 2
    out = h.prevote(2, V, 1)
    assert h.hs.round == 2
    assert CastVote(PREVOTE, 2, V) in out  # and line 22 runs in the new round


def test_line55_one_validator_counts_once(h: Harness) -> None:
    h.prevote(3, V, 1)
    h.precommit(3, V, 1)
    assert h.hs.round == 0


def test_line55_never_goes_back(h: Harness) -> None:
    h.advance()
    h.advance()
    h.prevote(1, V, 1, 2, 3)
    h.precommit(0, V, 1, 2, 3)
    assert h.hs.round == 2


def test_quorums_are_strictly_more_than_two_thirds_and_one_third() -> None:
    three = Harness((1, 1, 1))
    three.start()
    three.proposal(0, V)
    three.prevote(0, V, 1)  # 2 of 3 is exactly 2/3: not a polka
    assert three.hs.locked_value is None
    three.precommit(0, V, 1, 2)
    assert three.hs.decision is None
    assert votes_in(three.prevote(0, V, 2)) == [CastVote(PRECOMMIT, 0, V)]
    one_of_three = Harness((2, 1))
    one_of_three.start()
    one_of_three.prevote(4, V, 1)  # power 1 of 3 is exactly 1/3: no jump
    assert one_of_three.hs.round == 0


# --- timeouts 57, 61, 65 --------------------------------------------------------------------


def test_line57_propose_timeout_prevotes_nil(h: Harness) -> None:
    assert h.timeout(Step.PROPOSE, 0) == [CastVote(PREVOTE, 0, NIL)]
    assert h.hs.step is Step.PREVOTE
    assert h.timeout(Step.PROPOSE, 0) == []  # not in the propose step any more


def test_line61_prevote_timeout_precommits_nil(h: Harness) -> None:
    assert h.timeout(Step.PREVOTE, 0) == []  # still in propose: nothing
    h.proposal(0, V)
    assert h.timeout(Step.PREVOTE, 0) == [CastVote(PRECOMMIT, 0, NIL)]
    assert h.hs.step is Step.PRECOMMIT
    assert h.timeout(Step.PREVOTE, 0) == []


def test_line65_precommit_timeout_starts_the_next_round(h: Harness) -> None:
    assert h.timeout(Step.PRECOMMIT, 0) == [ScheduleTimeout(Step.PROPOSE, 1, 2000)]
    assert (h.hs.round, h.hs.step) == (1, Step.PROPOSE)


@pytest.mark.parametrize("step", list(Step)[:3])
def test_timeouts_of_another_round_are_ignored(h: Harness, step: Step) -> None:
    h.advance()
    assert h.timeout(step, 0) == []
    assert h.timeout(step, 2) == []
    assert (h.hs.round, h.hs.step) == (1, Step.PROPOSE)


def test_timeouts_grow_with_the_round() -> None:
    t = Timeouts(100, 10, 50, 5, 70, 7)
    addrs = make_set((1, 1, 1, 1))[1]
    hh = Harness(timeouts=t, proposer_of=lambda r: addrs[1 + r % 3])  # never us
    hh.start()
    for r in range(6):
        hh.timeout(Step.PROPOSE, r)  # line 57: our nil prevote
        hh.prevote(r, NIL, 1)
        hh.prevote(r, W, 2)  # any 2/3 of prevotes, no polka: line 34
        hh.timeout(Step.PREVOTE, r)  # line 61: our nil precommit
        hh.precommit(r, NIL, 1, 2)  # any 2/3 of precommits: line 47
        hh.timeout(Step.PRECOMMIT, r)  # line 65
    seen = {(a.step, a.round): a.delay_ms for a in timeouts_in(hh.log)}
    for r in range(6):
        assert seen[(Step.PROPOSE, r)] == 100 + 10 * r
        assert seen[(Step.PREVOTE, r)] == 50 + 5 * r
        assert seen[(Step.PRECOMMIT, r)] == 70 + 7 * r
    d = Timeouts()
    for f in (d.propose, d.prevote, d.precommit):
        assert all(f(r) < f(r + 1) for r in range(50))


# --- equivocation, membership, observers ----------------------------------------------------


@pytest.mark.parametrize("kind", [PREVOTE, PRECOMMIT])
def test_equivocation_is_reported_and_the_second_vote_counted(
    h: Harness, kind: VoteKind
) -> None:
    B = h.addrs[1]
    assert h.vote(kind, 0, V, 1) == []
    assert h.vote(kind, 0, V, 1) == []  # the same vote again is no evidence
    assert h.vote(kind, 0, W, 1) == [Equivocation(B, kind, 0, V, W)]
    # A third value is neither kept nor reported again: an equivocator's votes stay bounded.
    assert h.vote(kind, 0, NIL, 1) == []
    votes = h.hs.prevotes_for(0) if kind is PREVOTE else h.hs.precommits_for(0)
    assert votes == {B: [V, W]}
    # Algorithm 1 counts every message: C, D and B's second vote make 3/4 for w.
    h.vote(kind, 0, W, 2, 3)
    assert h.hs.prevote_quorum(0, W) if kind is PREVOTE else h.hs.precommit_quorum(0, W)


def test_prevote_and_precommit_for_different_values_are_not_equivocation(h: Harness) -> None:
    assert h.prevote(0, V, 1) == []
    assert h.precommit(0, NIL, 1) == []
    assert h.prevote(1, W, 1) == []


def test_votes_from_non_members_are_ignored(h: Harness) -> None:
    for r in (0, 3):
        for kind in (PREVOTE, PRECOMMIT):
            for v in (V, W):
                assert h.hs.on_vote(kind, r, OUTSIDER, v) == []
    assert h.hs.round == 0
    assert OUTSIDER not in h.hs.prevotes_for(0) and OUTSIDER not in h.hs.precommits_for(3)
    assert all(OUTSIDER not in st_.senders for st_ in h.hs.rounds.values())


def test_votes_for_negative_rounds_are_ignored(h: Harness) -> None:
    assert h.prevote(-1, V, 1, 2, 3) == []
    assert -1 not in h.hs.rounds or not h.hs.rounds[-1].prevotes


def test_observer_never_votes_or_proposes_but_decides() -> None:
    obs = Harness(me=None, proposer_of=lambda r: make_set((1, 1, 1, 1))[1][r % 4])
    assert obs.start() == [ScheduleTimeout(Step.PROPOSE, 0, 1500)]
    obs.proposal(0, V)
    obs.prevote(0, V, 0, 1, 2)
    obs.precommit(0, V, 0, 1)
    assert decisions_in(obs.precommit(0, V, 3)) == [Decide(0, V)]
    assert [a for a in obs.log if isinstance(a, CastVote | Propose)] == []


# --- voting power ---------------------------------------------------------------------------

HEAVY = (10, 10, 10, 40)  # D (index 3) has 40 of 70: more than 1/3, less than 2/3


def test_weighted_heavy_validator_alone_skips_rounds() -> None:
    hh = Harness(HEAVY)
    hh.start()
    hh.prevote(4, V, 1, 2)  # B and C: 20 of 70 is not more than 1/3
    assert hh.hs.round == 0
    hh.precommit(6, NIL, 3)  # D alone: 40 of 70
    assert hh.hs.round == 6


def test_weighted_polka_needs_the_heavy_validator() -> None:
    hh = Harness(HEAVY)
    hh.start()
    hh.proposal(0, V)
    hh.prevote(0, V, 1, 2)  # A, B, C: 30 of 70
    assert hh.hs.locked_value is None
    assert CastVote(PRECOMMIT, 0, V) in hh.prevote(0, V, 3)
    alone = Harness(HEAVY)
    alone.start()
    alone.proposal(0, V)
    assert CastVote(PRECOMMIT, 0, V) in alone.prevote(0, V, 3)  # A + D: 50 of 70


def test_weighted_commit_needs_the_heavy_validator() -> None:
    hh = Harness(HEAVY)
    hh.start()
    hh.proposal(0, V)
    hh.precommit(0, V, 0, 1, 2)
    assert hh.hs.decision is None  # 30 of 70
    assert decisions_in(hh.precommit(0, V, 3)) == [Decide(0, V)]
    two = Harness(HEAVY)
    two.start()
    two.proposal(0, V)
    two.precommit(0, V, 1, 3)  # B + D: 50 of 70
    assert two.hs.decision == (0, V)


# --- regressions of deviations from Algorithm 1 found by these tests ----------------------


def test_votes_before_start_do_not_make_an_honest_node_vote_twice() -> None:
    hh = Harness()
    hh.prevote(0, NIL, 1, 2)  # B and C already prevoted nil in round 0; we have not started
    hh.timeout(Step.PROPOSE, 0)  # fires because line 55 started round 0 inside on_vote
    hh.start()  # the driver's _maybe_start
    hh.proposal(0, V)
    prevotes = {a.block_id for a in votes_in(hh.log) if a.kind is PREVOTE and a.round == 0}
    assert len(prevotes) <= 1, f"two prevotes in round 0: {prevotes}"


def test_messages_before_start_are_recorded_then_acted_on_once() -> None:
    hh = Harness()  # we (A) propose round 3
    hh.prevote(3, NIL, 1, 2)  # before start: B and C are in round 3
    assert hh.hs.round == -1 and not hh.log  # recorded, nothing done yet
    hh.start()
    assert hh.hs.round == 3  # line 55 at start: f+1 of the power is in round 3
    hh.start()  # a second start does nothing
    assert [a for a in hh.log if isinstance(a, Propose)] == [Propose(3, None, -1)]
    keys = [(a.step, a.round) for a in timeouts_in(hh.log)]
    assert len(keys) == len(set(keys)), f"timeouts scheduled twice: {keys}"


def test_equivocated_precommit_does_not_hide_a_commit(h: Harness) -> None:
    # Round 0: B proposes v.  A (us) timed out; B, C prevoted v; D sent "nil" to us and
    # "v" to the others; our peers relay D's "v" precommit later.
    h.timeout(Step.PROPOSE, 0)
    h.proposal(0, V)
    h.precommit(0, NIL, 3)
    h.precommit(0, V, 1, 2)
    out = h.precommit(0, V, 3)  # relayed: D also precommitted v; {B, C, D} is 3/4
    assert any(isinstance(a, Equivocation) for a in out)
    assert h.hs.decision == (0, V)


def test_equivocated_proposal_does_not_hide_the_committed_value(h: Harness) -> None:
    h.proposal(0, W)  # B (Byzantine) sent us w, everybody else v
    h.precommit(0, V, 1, 2, 3)  # B, C, D precommitted v: v is committed in round 0
    h.proposal(0, V)  # the proposal of v, relayed by a peer
    assert h.hs.decision == (0, V)


def test_equivocated_prevote_does_not_hide_the_polka_of_a_lock(h: Harness) -> None:
    # Round 0: B proposes v; we time out and prevote nil; D (Byzantine) sends us a nil
    # prevote and v to B and C, who lock on v with {B, C, D}.
    h.timeout(Step.PROPOSE, 0)
    h.prevote(0, NIL, 3)
    h.prevote(0, V, 1, 2)
    assert any(isinstance(a, Equivocation) for a in h.prevote(0, V, 3))  # relayed by B
    h.proposal(0, V)
    h.timeout(Step.PREVOTE, 0)
    h.advance()
    # Round 1: C re-proposes its valid value v with validRound 0.  We received
    # PREVOTE(0, v) from B, C and D: line 28 holds.
    assert h.proposal(1, V, pol=0) == [CastVote(PREVOTE, 1, V)]


# --- restarts: resume from the sign-state, propose_failed -----------------------------------
#
# The driver restarts a height with ``resume(round, step, block)``, the double-sign guard's
# last record at that height, instead of ``start()``; a proposer that cannot send its
# proposal (the guard refused it, or the one it signed before a restart is lost) reports
# ``propose_failed``.

LOCK_LOST = (
    "bug: resume restores only the lock implied by the sign-state's last record (a precommit "
    "for a block); a lock from an earlier round is forgotten when the last signature is a "
    "later proposal or a nil vote, so the restarted validator prevotes against its lock"
)


@pytest.mark.parametrize("v", [V, NIL])
def test_resume_after_a_prevote_resends_it_and_casts_no_other_prevote(v: bytes) -> None:
    hh = Harness()
    # The signed prevote again (the driver re-sends the stored signature); no propose timeout.
    assert hh.resume(1, Step.PREVOTE, v) == [CastVote(PREVOTE, 1, v)]
    assert (hh.hs.round, hh.hs.step) == (1, Step.PREVOTE)
    assert hh.hs.prevotes_for(1) == {hh.addrs[0]: [v]}
    hh.proposal(1, W)  # C's proposal of round 1 arrives after the restart
    hh.timeout(Step.PROPOSE, 1)  # a propose timer of the old process
    hh.proposal(1, U)
    assert [a for a in votes_in(hh.log) if a.kind is PREVOTE] == [CastVote(PREVOTE, 1, v)]
    assert hh.hs.round == 1


def test_resumed_prevote_counts_toward_the_polka() -> None:
    hh = Harness()
    hh.resume(1, Step.PREVOTE, V)
    assert hh.proposal(1, V) == []  # no second prevote
    assert hh.prevote(1, V, 1) == []  # A (resumed) and B: 2 of 4
    out = hh.prevote(1, V, 2)  # A, B, C: line 34, then line 36
    assert out == [ScheduleTimeout(Step.PREVOTE, 1, 750), CastVote(PRECOMMIT, 1, V)]
    assert (hh.hs.locked_value, hh.hs.locked_round) == (V, 1)


def test_resume_after_a_precommit_restores_its_lock() -> None:
    hh = Harness()  # A (us) proposes round 3
    assert hh.resume(1, Step.PRECOMMIT, V) == [CastVote(PRECOMMIT, 1, V)]
    hs = hh.hs
    assert (hs.round, hs.step) == (1, Step.PRECOMMIT)
    assert (hs.locked_value, hs.locked_round, hs.valid_value, hs.valid_round) == (V, 1, V, 1)
    hh.advance()
    # Round 2: D proposes a fresh w; no polka for w since our lock: line 22 gives nil.
    assert hh.proposal(2, W) == [CastVote(PREVOTE, 2, NIL)]
    hh.advance()
    # Round 3 is ours: we re-propose v with the round of the polka our precommit implied.
    assert hh.log[-1] == Propose(3, V, 1)
    assert [a for a in votes_in(hh.log) if a.round == 1] == [CastVote(PRECOMMIT, 1, V)]


def test_resume_after_a_precommit_unlocks_only_with_a_later_polka() -> None:
    hh = Harness()
    hh.resume(1, Step.PRECOMMIT, V)
    hh.advance()
    hh.prevote(2, W, 1, 2, 3)  # B, C and D prevote w in round 2, after our lock
    # Line 22: locked on v, so nil for the fresh w; line 36: the polka for w moves the lock.
    assert votes_in(hh.proposal(2, W)) == [CastVote(PREVOTE, 2, NIL), CastVote(PRECOMMIT, 2, W)]
    assert (hh.hs.locked_value, hh.hs.locked_round) == (W, 2)


def test_resumed_precommit_counts_toward_the_decision() -> None:
    hh = Harness()
    hh.resume(1, Step.PRECOMMIT, V)
    hh.proposal(1, V)
    assert hh.precommit(1, V, 1) == []  # A (resumed) and B: 2 of 4
    assert decisions_in(hh.precommit(1, V, 2)) == [Decide(1, V)]
    assert len(votes_in(hh.log)) == 1


def test_resume_after_a_nil_precommit_does_not_lock() -> None:
    hh = Harness()
    assert hh.resume(2, Step.PRECOMMIT, NIL) == [CastVote(PRECOMMIT, 2, NIL)]
    hs = hh.hs
    assert (hs.locked_value, hs.locked_round) == (None, -1)
    assert (hs.valid_value, hs.valid_round) == (None, -1)
    assert hh.advance() == [Propose(3, None, -1)]  # round 3 is ours: a fresh block
    assert hh.proposal(3, W) == [CastVote(PREVOTE, 3, W)]


def test_resume_after_start_does_nothing(h: Harness) -> None:
    h.timeout(Step.PROPOSE, 0)  # prevoted nil in round 0
    for r, step, v in [(0, Step.PRECOMMIT, V), (0, Step.PREVOTE, V), (4, Step.PREVOTE, V)]:
        assert h.resume(r, step, v) == []
    assert (h.hs.round, h.hs.step, h.hs.locked_value) == (0, Step.PREVOTE, None)
    assert votes_in(h.log) == [CastVote(PREVOTE, 0, NIL)]


def test_resume_never_goes_back_to_an_earlier_round_or_step() -> None:
    hh = Harness()
    # Round 0 and 1 messages the restarted process receives before and after resuming.
    hh.proposal(0, V)
    hh.prevote(0, V, 1, 2, 3)
    assert hh.resume(2, Step.PRECOMMIT, NIL) == [CastVote(PRECOMMIT, 2, NIL)]
    hh.proposal(1, W)
    hh.prevote(1, W, 1, 2, 3)
    hh.proposal(2, U)  # D's proposal of round 2: too late, we precommitted there
    for step in (Step.PROPOSE, Step.PREVOTE):
        for r in (0, 1, 2):
            assert hh.timeout(step, r) == []
    assert hh.timeout(Step.PRECOMMIT, 1) == []
    assert (hh.hs.round, hh.hs.step) == (2, Step.PRECOMMIT)
    assert votes_in(hh.log) == [CastVote(PRECOMMIT, 2, NIL)]  # nothing for rounds 0, 1 or 2


def test_resume_goes_on_to_a_later_round_f_plus_1_is_in_and_keeps_the_lock() -> None:
    hh = Harness()
    hh.precommit(4, NIL, 1, 2)  # before the restarted process resumes: B and C are in round 4
    out = hh.resume(2, Step.PRECOMMIT, V)
    assert out == [CastVote(PRECOMMIT, 2, V), ScheduleTimeout(Step.PROPOSE, 4, 3500)]  # line 55
    assert (hh.hs.round, hh.hs.step) == (4, Step.PROPOSE)
    assert (hh.hs.locked_value, hh.hs.locked_round) == (V, 2)
    assert hh.proposal(4, W) == [CastVote(PREVOTE, 4, NIL)]


def test_resume_after_signing_a_proposal_proposes_that_round_again() -> None:
    hh = Harness()  # A proposes round 3
    # The driver re-sends the proposal it signed (a peer still holds it) or reports propose_failed.
    assert hh.resume(3, Step.PROPOSE, V) == [Propose(3, None, -1)]
    assert (hh.hs.round, hh.hs.step) == (3, Step.PROPOSE)
    assert hh.proposal(3, V) == [CastVote(PREVOTE, 3, V)]  # it came back from a peer


def test_resume_after_a_lost_proposal_falls_back_to_a_nil_prevote() -> None:
    hh = Harness()
    hh.resume(3, Step.PROPOSE, V)
    assert hh.propose_failed(3) == [ScheduleTimeout(Step.PROPOSE, 3, 1500 + 3 * 500)]
    assert hh.timeout(Step.PROPOSE, 3) == [CastVote(PREVOTE, 3, NIL)]
    assert votes_in(hh.prevote(3, NIL, 1, 2)) == [CastVote(PRECOMMIT, 3, NIL)]  # line 44
    assert votes_in(hh.log) == [CastVote(PREVOTE, 3, NIL), CastVote(PRECOMMIT, 3, NIL)]


def test_propose_failed_waits_with_the_propose_timeout_then_prevotes_nil() -> None:
    me = make_set((1, 1, 1, 1))[1][0]
    hh = Harness(proposer_of=lambda r: me)  # we propose every round
    assert hh.start() == [Propose(0, None, -1)]  # no timeout for ourselves (line 19)
    assert hh.propose_failed(0) == [ScheduleTimeout(Step.PROPOSE, 0, 1500)]
    assert hh.hs.step is Step.PROPOSE
    assert hh.timeout(Step.PROPOSE, 0) == [CastVote(PREVOTE, 0, NIL)]  # line 57
    assert hh.hs.step is Step.PREVOTE
    hh.prevote(0, NIL, 1, 2)
    hh.precommit(0, NIL, 1, 2)
    assert hh.advance() == [Propose(1, None, -1)]  # the next round: our turn again
    assert hh.propose_failed(1) == [ScheduleTimeout(Step.PROPOSE, 1, 2000)]


def test_propose_failed_only_in_the_propose_step_of_its_round() -> None:
    me = make_set((1, 1, 1, 1))[1][0]
    hh = Harness(proposer_of=lambda r: me)
    assert hh.propose_failed(0) == []  # not started
    hh.start()
    assert hh.propose_failed(1) == []  # not its round
    assert hh.proposal(0, V) == [CastVote(PREVOTE, 0, V)]  # our block, handed back
    assert hh.propose_failed(0) == []  # it was proposed after all: the step is over
    hh.precommit(0, V, 1, 2, 3)
    assert hh.hs.decision == (0, V)
    assert hh.propose_failed(0) == []
    assert timeouts_in(hh.log) == [ScheduleTimeout(Step.PRECOMMIT, 0, 500)]


def test_proposal_after_propose_failed_is_still_prevoted() -> None:
    me = make_set((1, 1, 1, 1))[1][0]
    hh = Harness(proposer_of=lambda r: me)
    hh.start()
    hh.propose_failed(0)
    assert hh.proposal(0, V) == [CastVote(PREVOTE, 0, V)]  # a peer had it: line 22 as usual
    assert hh.timeout(Step.PROPOSE, 0) == []


@pytest.mark.parametrize("last", ["nil prevote", "proposal"])
def test_resume_keeps_a_lock_from_an_earlier_round(last: str) -> None:
    hh = Harness()  # A (us) proposes round 3
    hh.start()
    hh.lock_on(V)  # round 0: locked on v and precommitted it; now round 1
    if last == "nil prevote":
        assert hh.proposal(1, W) == [CastVote(PREVOTE, 1, NIL)]
        signed = (1, Step.PREVOTE, NIL)
    else:
        hh.advance()
        hh.advance()
        assert hh.log[-1] == Propose(3, V, 0)  # our re-proposal of v, signed, then the stop
        signed = (3, Step.PROPOSE, V)
    restarted = Harness()
    restarted.resume(*signed, lock=hh.lock_state())  # as the guard persisted it with that signature
    assert (restarted.hs.locked_value, restarted.hs.locked_round) == (V, 0)
    if last == "proposal":
        restarted.propose_failed(3)  # no peer got it
        restarted.timeout(Step.PROPOSE, 3)
    restarted.advance()
    r = restarted.hs.round
    # A fresh proposal of w, and no polka for w since round 0: nil, as before the restart.
    assert restarted.proposal(r, W) == [CastVote(PREVOTE, r, NIL)]


# =====================================================================================
# Part 2: N state machines over a simulated network
# =====================================================================================

HEIGHT = 1
Msg = tuple  # ("P", round, block_id, pol_round, sender) | ("V", kind, round, sender, block_id)


def round_of(msg: Msg) -> int:
    return msg[1] if msg[0] == "P" else msg[2]


def sender_of(msg: Msg) -> bytes:
    return msg[4] if msg[0] == "P" else msg[3]


@dataclass(frozen=True)
class Net:
    """Before ``gst`` messages are dropped with ``drop`` and delayed up to ``slow`` ms; after, at most ``delta``."""

    gst: int = 0
    slow: int = 3000
    drop: float = 0.0
    partition: bool = False
    """Before ``gst`` the two halves of the honest nodes cannot hear each other (faulty nodes reach all)."""
    late_start: int = 0
    """Honest nodes call ``start()`` at a random time up to this, taking messages before (as the driver)."""
    delta: int = 100
    limit_ms: int = 150_000
    max_events: int = 400_000


class Node:
    """An honest validator: a ``HeightState`` plus what the driver does, with invariant checks."""

    relay = True
    check_locking = True

    def __init__(self, sim: Sim, i: int) -> None:
        self.sim, self.i = sim, i
        self.addr = sim.addrs[i]
        self.hs = HeightState(HEIGHT, sim.vset, self.addr, sim.proposer_of, sim.timeouts)
        self.seen: set[Msg] = set()
        self.log: list[Msg] = []
        self.alive = True
        self.cast: dict[tuple[VoteKind, int], bytes] = {}
        self.scheduled: set[tuple[Step, int]] = set()
        self.lock: tuple[int, bytes] | None = None
        self.decision: tuple[int, bytes] | None = None
        self.last_round = -1
        # The double-sign guard's record: the highest (round, step) signed, its block and pol round.
        self.signed: tuple[int, Step, bytes, int] | None = None
        # ... and what it persists with each signature: the lock, and the height's signed votes.
        self.signed_lock: tuple[bytes | None, int, bytes | None, int] | None = None
        self.signed_votes: list[tuple[VoteKind, int, bytes]] = []
        self.signatures = 0
        self.crash_after: int | None = None  # restart after this many signatures (Sim.restarts)
        self.downtime = 0
        self.epoch = 0  # incarnation: the timers of a process that stopped never fire

    # inputs
    def start(self) -> None:
        self.apply(self.hs.start())

    def down(self) -> bool:
        """Stopped, to be restarted."""
        after = self.crash_after
        return not self.alive and after is not None and self.signatures >= after and not self.epoch

    def restart(self) -> None:
        """The process comes back with nothing but its sign-state, and resumes from it.

        As the driver's ``_maybe_start``: ``resume`` at the height it signed at, and for a
        proposal it signed, either a peer still holds it (it goes out again) or
        ``propose_failed``.  Its peers re-send what they sent (the driver re-sends its
        votes every 0.5 s).  The invariant checks (``cast``, ``lock``) outlive the restart:
        they are what the rest of the world saw it sign.
        """
        self.epoch += 1
        self.alive = True
        self.sim.restarted.append(self.i)
        sim = self.sim
        self.hs = HeightState(HEIGHT, sim.vset, self.addr, sim.proposer_of, sim.timeouts)
        self.seen, self.log, self.scheduled = set(), [], set()
        assert self.signed is not None
        r, step, bid, _ = self.signed
        self.last_round = r
        for n in self.sim.honest:
            if n is not self and n.alive:
                for msg in n.log:
                    self.sim.send(n.i, self.i, msg)
        # The driver re-sends every vote the guard recorded at this height, with its stored signature.
        for kind, vr, vbid in self.signed_votes:
            self.emit(("V", kind, vr, self.addr, vbid))
        self.apply(self.hs.resume(r, step, bid, lock=self.signed_lock, earlier_votes=self.signed_votes))
        assert (self.hs.round, self.hs.step) >= (r, step), f"node {self.i} went back on restart"

    def deliver(self, msg: Msg) -> None:
        if not self.alive or msg in self.seen:
            return
        self.seen.add(msg)
        self.log.append(msg)
        if self.relay:
            self.sim.broadcast(self.i, msg)
        self.sim.learn(msg)
        if msg[0] == "P":
            _, r, bid, pol, sender = msg
            if sender != self.sim.proposer_of(r):
                return  # the driver rejects proposals from anybody else
            self.apply(self.hs.on_proposal(r, bid, pol, bid in self.sim.valid))
        else:
            _, kind, r, sender, bid = msg
            self.apply(self.hs.on_vote(kind, r, sender, bid))

    def timeout(self, step: Step, r: int) -> None:
        if self.alive:
            self.apply(self.hs.on_timeout(step, r))

    def gst(self) -> None:
        if self.alive:
            for msg in list(self.log):
                self.sim.broadcast(self.i, msg)

    # outputs
    def emit(self, msg: Msg) -> None:
        self.seen.add(msg)
        self.log.append(msg)
        self.sim.learn(msg)
        self.sim.broadcast(self.i, msg)

    def apply(self, actions: list[Any]) -> None:
        work = deque(actions)
        while work and self.alive:
            a = work.popleft()
            if isinstance(a, ScheduleTimeout):
                key = (a.step, a.round)
                assert key not in self.scheduled, f"node {self.i} scheduled {key} twice"
                self.scheduled.add(key)
                self.sim.at(self.sim.now + a.delay_ms, ("T", self.i, a.step, a.round, self.epoch))
            elif isinstance(a, CastVote):
                self.on_cast(a)
            elif isinstance(a, Propose):
                work.extend(self.on_propose(a))
            elif isinstance(a, Decide):
                assert self.decision is None, f"node {self.i} decided twice"
                self.decision = (a.round, a.block_id)
            elif isinstance(a, Equivocation):
                self.sim.accused.add(a.validator)
        assert self.hs.round >= self.last_round, f"node {self.i}: round went back"
        self.last_round = self.hs.round

    def check_cast(self, a: CastVote) -> None:
        """No double vote; the locking rule: a new value only with a polka at or after the lock."""
        key = (a.kind, a.round)
        assert self.cast.get(key, a.block_id) == a.block_id, f"honest node {self.i} equivocated"
        if key in self.cast:
            return  # the same vote again (re-sent after a restart)
        self.cast[key] = a.block_id
        if not self.check_locking:
            return
        if a.kind is PRECOMMIT and a.block_id != NIL:
            assert self.lock is None or self.lock[0] < a.round
            self.lock = (a.round, a.block_id)
        elif a.kind is PREVOTE and a.block_id != NIL and self.lock is not None:
            lr, lv = self.lock
            if a.block_id != lv and a.round > lr:
                assert any(self.hs.prevote_quorum(vr, a.block_id) for vr in range(lr, a.round)), (
                    f"node {self.i} locked on {lv.hex()[:8]} in round {lr} prevoted "
                    f"{a.block_id.hex()[:8]} in round {a.round} without a polka since"
                )
                self.sim.unlocks += 1

    def sign(self, r: int, step: Step, bid: bytes, pol: int = -1) -> None:
        """The guard: nothing below what it signed, the same slot only with the same block.

        The record is written before the signature leaves: a process stopped here
        (``crash_after``) never sent it.
        """
        if self.signed is not None:
            sr, sstep, sbid, _ = self.signed
            refused = f"node {self.i}: the guard refuses {(r, step)} after {(sr, sstep)}"
            assert (r, step) >= (sr, sstep), refused
            assert (r, step) != (sr, sstep) or bid == sbid, refused
        self.signed = (r, step, bid, pol)
        hs = self.hs
        self.signed_lock = (hs.locked_value, hs.locked_round, hs.valid_value, hs.valid_round)
        if step is not Step.PROPOSE:
            self.signed_votes.append((PREVOTE if step is Step.PREVOTE else PRECOMMIT, r, bid))
        self.signatures += 1
        if self.signatures == self.crash_after:
            self.alive = False
            self.sim.at(self.sim.now + self.downtime, ("R", self.i))

    def on_cast(self, a: CastVote) -> None:
        self.check_cast(a)
        self.sign(a.round, Step.PREVOTE if a.kind is PREVOTE else Step.PRECOMMIT, a.block_id)
        if self.alive:
            self.emit(("V", a.kind, a.round, self.addr, a.block_id))

    def on_propose(self, a: Propose) -> list[Any]:
        if self.signed is not None and self.signed[:2] == (a.round, Step.PROPOSE):
            # Restarted after signing this round's proposal: the driver asks its peers for it.
            _, _, bid, pol = self.signed
            held = (m for n in self.sim.honest for m in n.log if m[0] == "P")
            if not any(m[1:3] == (a.round, bid) for m in held):
                self.sim.lost_proposals += 1
                return self.hs.propose_failed(a.round)
            self.emit(("P", a.round, bid, pol, self.addr))
            return self.hs.on_proposal(a.round, bid, pol, bid in self.sim.valid)
        bid = a.block_id if a.block_id is not None else self.sim.fresh(self.i, a.round)
        self.sign(a.round, Step.PROPOSE, bid, a.pol_round)
        if not self.alive:
            return []
        self.emit(("P", a.round, bid, a.pol_round, self.addr))
        return self.hs.on_proposal(a.round, bid, a.pol_round, bid in self.sim.valid)


class Crash(Node):
    """Honest until a random time in the first 8 s, then gone (no votes, no relaying)."""

    def __init__(self, sim: Sim, i: int) -> None:
        super().__init__(sim, i)
        sim.at(sim.rng.randint(0, 8000), ("C", i))


class Silent(Node):
    def start(self) -> None:
        self.alive = False


class EquivocateVotes(Node):
    """Follows the protocol but sends each peer either its vote or a vote for another value."""

    relay = False

    def on_cast(self, a: CastVote) -> None:
        for j in self.sim.others(self.i):
            bid = a.block_id
            if self.sim.rng.random() < 0.5:
                bid = self.sim.other_value(bid)
            self.sim.send(self.i, j, ("V", a.kind, a.round, self.addr, bid))


class EquivocateProposals(Node):
    """Follows the protocol but proposes several fresh valid values, a random one to each peer."""

    relay = False

    def on_propose(self, a: Propose) -> list[Any]:
        choices = [self.sim.fresh(self.i, a.round, k) for k in range(3)]
        for j in self.sim.others(self.i):
            self.sim.send(self.i, j, ("P", a.round, self.sim.rng.choice(choices), -1, self.addr))
        return self.hs.on_proposal(a.round, choices[0], -1, True)


class RandomVotes(Node):
    """No protocol: on what it hears, votes for random values in random rounds, and proposes junk.

    With ``consistent`` every peer gets the same vote per (kind, round) (arbitrary but not
    equivocating); otherwise each peer may get a different one.
    """

    relay = False
    consistent = True

    budget = 3  # acts per round heard of, so two of them cannot feed each other forever

    def start(self) -> None:
        self.chosen: dict[tuple[VoteKind, int], bytes] = {}
        self.proposed: set[int] = set()
        self.acts: dict[int, int] = {}
        self.act(0)

    def deliver(self, msg: Msg) -> None:
        if msg in self.seen:
            return
        self.seen.add(msg)
        self.sim.learn(msg)
        r = round_of(msg)
        if sender_of(msg) in self.sim.faulty:
            return  # react to the honest nodes only, so faulty ones cannot drive each other up
        if self.acts.get(r, 0) < self.budget and self.sim.rng.random() < 0.3:
            self.acts[r] = self.acts.get(r, 0) + 1
            self.act(r)

    def timeout(self, step: Step, r: int) -> None:
        pass

    def act(self, r: int) -> None:
        rng = self.sim.rng
        rr = max(0, r + rng.randint(-1, 2))
        kind = rng.choice([PREVOTE, PRECOMMIT])
        for j in self.sim.others(self.i):
            if self.consistent:
                bid = self.chosen.setdefault((kind, rr), self.sim.any_value())
            else:
                bid = self.sim.any_value()
            self.sim.send(self.i, j, ("V", kind, rr, self.addr, bid))
        if self.sim.proposer_of(rr) == self.addr and rr not in self.proposed:
            self.proposed.add(rr)
            junk = value(f"junk {self.i} {rr}")  # never valid
            for j in self.sim.others(self.i):
                bid = junk if self.consistent else rng.choice([junk, self.sim.fresh(self.i, rr, j)])
                self.sim.send(self.i, j, ("P", rr, bid, -1, self.addr))


class Chaos(RandomVotes):
    consistent = False


class Colluder(Node):
    """One of a coalition that shows each honest node its own value: "split brain".

    To honest node j it sends, for every round it hears of and the next, a prevote and a
    precommit for ``sim.split[j]`` and, in its own rounds, a proposal of that value.
    """

    relay = False

    def start(self) -> None:
        self.done: set[int] = set()
        self.act(0)
        self.act(1)

    def deliver(self, msg: Msg) -> None:
        if msg not in self.seen and sender_of(msg) not in self.sim.faulty:
            self.seen.add(msg)
            self.act(round_of(msg))
            self.act(round_of(msg) + 1)  # be there first when the round starts

    def timeout(self, step: Step, r: int) -> None:
        pass

    def act(self, r: int) -> None:
        if r in self.done:
            return
        self.done.add(r)
        for j, v in self.sim.split.items():
            if self.sim.proposer_of(r) == self.addr:
                self.sim.send(self.i, j, ("P", r, v, -1, self.addr))
            self.sim.send(self.i, j, ("V", PREVOTE, r, self.addr, v))
            self.sim.send(self.i, j, ("V", PRECOMMIT, r, self.addr, v))


BEHAVIOURS: dict[str, type[Node]] = {
    "silent": Silent,
    "crash": Crash,
    "random_votes": RandomVotes,
    "equivocate_votes": EquivocateVotes,
    "equivocate_proposals": EquivocateProposals,
    "chaos": Chaos,
    "colluder": Colluder,
}
LIVENESS_SAFE = ["silent", "crash", "random_votes"]  # faults that do not equivocate
ALL_FAULTS = [
    "silent",
    "crash",
    "random_votes",
    "equivocate_votes",
    "equivocate_proposals",
    "chaos",
]
BYZANTINE = [*ALL_FAULTS, "colluder"]


class Sim:
    def __init__(
        self,
        powers: tuple[int, ...],
        seed: int,
        faults: dict[int, str] | None = None,
        net: Net | None = None,
        timeouts: Timeouts | None = None,
        restarts: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        """``restarts``: honest validator -> (signatures after which its process stops, ms it stays down)."""
        self.rng = random.Random(seed)
        self.powers = powers
        self.vset, self.addrs = make_set(powers)
        self.net, self.timeouts = net or Net(), timeouts or Timeouts()
        self.proposer_of: Callable[[int], bytes] = lambda r: proposer(self.vset, HEIGHT, r)
        self.faults = dict(faults or {})
        self.faulty = {self.addrs[i] for i in self.faults}
        self.valid: set[bytes] = set()  # blocks an honest node would execute successfully
        self.proposed: set[bytes] = set()  # block ids that appeared in some proposal
        self.values: list[bytes] = []  # ids seen so far, for random voters
        self.accused: set[bytes] = set()
        self.unlocks = 0
        self.restarted: list[int] = []
        self.lost_proposals = 0  # restarted proposers whose signed proposal no peer held
        self.queue: list[tuple[int, int, tuple[Any, ...]]] = []
        self.seq = 0
        self.now = 0
        self.events = 0
        self.round_at_gst: int | None = None
        honest = [i for i in range(len(powers)) if i not in self.faults]
        half = (len(honest) + 1) // 2
        self.group = {j: k < half for k, j in enumerate(honest)}
        self.split = {j: value(f"split {g}") for j, g in self.group.items()}
        if any(b == "colluder" for b in self.faults.values()):
            self.valid.update(self.split.values())
            self.proposed.update(self.split.values())
        self.nodes = [
            BEHAVIOURS.get(self.faults.get(i, ""), Node)(self, i) for i in range(len(powers))
        ]
        self.honest = [self.nodes[i] for i in honest]
        for i, (after, down) in (restarts or {}).items():
            assert i not in self.faults
            self.nodes[i].crash_after, self.nodes[i].downtime = after, down

    # network and values
    def at(self, t: int, ev: tuple[Any, ...]) -> None:
        self.seq += 1
        heapq.heappush(self.queue, (t, self.seq, ev))

    def others(self, i: int) -> list[int]:
        return [j for j in range(len(self.nodes)) if j != i]

    def send(self, src: int, dst: int, msg: Msg) -> None:
        if self.now < self.net.gst:
            if self.rng.random() < self.net.drop:
                return
            a, b = self.group.get(src), self.group.get(dst)
            if self.net.partition and a is not None and b is not None and a != b:
                return
            delay = self.rng.randint(1, self.net.slow)
        else:
            delay = self.rng.randint(1, self.net.delta)
        self.at(self.now + delay, ("M", dst, msg))

    def broadcast(self, src: int, msg: Msg) -> None:
        for j in self.others(src):
            self.send(src, j, msg)

    def fresh(self, i: int, r: int, k: int = 0) -> bytes:
        v = value(f"block by {i} in round {r} #{k}")
        self.valid.add(v)
        self.proposed.add(v)
        return v

    def learn(self, msg: Msg) -> None:
        bid = msg[2] if msg[0] == "P" else msg[4]
        if msg[0] == "P":
            self.proposed.add(bid)
        if bid != NIL and bid not in self.values:
            self.values.append(bid)

    def other_value(self, bid: bytes) -> bytes:
        options = [x for x in [NIL, *self.values[-6:]] if x != bid]
        return self.rng.choice(options) if options else NIL

    def any_value(self) -> bytes:
        return self.rng.choice([NIL, value(f"random {self.rng.random()}"), *self.values[-6:]])

    # running
    def all_decided(self) -> bool:
        return all(n.decision is not None for n in self.honest if n.alive or n.down())

    def run(self) -> Sim:
        for n in self.nodes:
            if self.net.late_start and n in self.honest:
                self.at(self.rng.randint(0, self.net.late_start), ("S", n.i))
            else:
                n.start()
        if self.net.gst > 0:
            self.at(self.net.gst, ("G",))
        while self.queue and self.events < self.net.max_events and not self.all_decided():
            t, _, ev = heapq.heappop(self.queue)
            if t > self.net.limit_ms:
                break
            self.now = t
            self.events += 1
            if ev[0] == "M":
                self.nodes[ev[1]].deliver(ev[2])
            elif ev[0] == "T":
                if ev[4] == self.nodes[ev[1]].epoch:
                    self.nodes[ev[1]].timeout(ev[2], ev[3])
            elif ev[0] == "R":
                self.nodes[ev[1]].restart()
            elif ev[0] == "C":
                self.nodes[ev[1]].alive = False
            elif ev[0] == "S":
                self.nodes[ev[1]].start()
            else:
                self.round_at_gst = max(n.hs.round for n in self.honest)
                for n in self.honest:
                    n.gst()
        return self

    # properties
    def decisions(self) -> dict[int, tuple[int, bytes]]:
        return {n.i: n.decision for n in self.honest if n.decision is not None}

    def check_safety(self) -> None:
        decided = {bid for _, bid in self.decisions().values()}
        assert len(decided) <= 1, f"agreement violated: {self.decisions()}"
        for bid in decided:
            assert bid in self.valid, "validity: decided an invalid value"
            assert bid in self.proposed, "validity: decided a value nobody proposed"
        assert self.accused <= self.faulty, "an honest validator was accused of equivocation"

    def check_termination(self, max_rounds: int) -> None:
        undecided = [n.i for n in self.honest if n.alive and n.decision is None]
        assert not undecided, (
            f"no decision at t={self.now} ms by {undecided}; rounds "
            f"{[n.hs.round for n in self.honest]}, faults {self.faults}, {self.events} events"
        )
        if self.net.gst > 0 and self.round_at_gst is None:
            return  # everybody decided before GST
        base = self.round_at_gst or 0
        worst = max(r for r, _ in self.decisions().values())
        assert worst <= base + max_rounds, f"decided in round {worst}, GST at round {base}"


DISTRIBUTIONS = [
    (1, 1, 1, 1),
    (10, 10, 10, 40),
    (1, 2, 3, 4),
    (1, 1, 1, 1, 1, 1, 1),
    (1, 2, 3, 4, 5, 6, 7),
    (5, 1, 1, 1, 1, 1, 1),
    (3, 3, 3, 1, 1, 1, 1),
]


def pick_faulty(rng: random.Random, powers: tuple[int, ...]) -> list[int]:
    """As many validators as fit in strictly less than 1/3 of the power, in random order."""
    total, used, out = sum(powers), 0, []
    order = list(range(len(powers)))
    rng.shuffle(order)
    for i in order:
        if (used + powers[i]) * 3 < total:
            used += powers[i]
            out.append(i)
    return out


def scenario(seed: int, powers: tuple[int, ...], kinds: list[str], net: Net) -> Sim:
    rng = random.Random(seed ^ 0x5EED)
    faults = {i: rng.choice(kinds) for i in pick_faulty(rng, powers)}
    return Sim(powers, seed, faults, net).run()


def cycle_len(powers: tuple[int, ...]) -> int:
    """Rounds in which every validator proposes at least once (the proposer cycle)."""
    return sum(powers) // gcd(*powers)


def round_bound(powers: tuple[int, ...]) -> int:
    """Rounds after GST within which every honest node must decide.

    After GST the honest node with the highest validRound proposes within one proposer
    cycle, and every honest node accepts that value (line 28): its validRound is at least
    every honest lock.  Two more rounds for the nodes to line up after GST, one spare.
    """
    return cycle_len(powers) + 3


ASYNC = Net(gst=6000, slow=3000, drop=0.3, delta=100)
LOSSY = Net(gst=15_000, slow=6000, drop=0.5, delta=300)
DRIFT = Net(gst=20_000, slow=4000, drop=0.1, delta=100)
SPLIT = Net(gst=30_000, slow=100, partition=True)  # a long partition of the honest nodes
SIM_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


# --- fault-free runs ------------------------------------------------------------------------


@pytest.mark.parametrize("powers", DISTRIBUTIONS)
def test_sim_all_honest_synchronous_decide_in_round_0(powers: tuple[int, ...]) -> None:
    sim = Sim(powers, seed=1).run()
    sim.check_safety()
    sim.check_termination(max_rounds=0)
    assert {r for r, _ in sim.decisions().values()} == {0}
    (bid,) = {b for _, b in sim.decisions().values()}
    assert bid == value(f"block by {sim.addrs.index(sim.proposer_of(0))} in round 0 #0")


@pytest.mark.parametrize("seed", [1, 2, 3, 17, 2024])
@pytest.mark.parametrize("powers", [(1, 1, 1, 1), (1, 2, 3, 4, 5, 6, 7)])
def test_sim_regression_seeds_async_then_stable(seed: int, powers: tuple[int, ...]) -> None:
    sim = scenario(seed, powers, ALL_FAULTS, ASYNC)
    sim.check_safety()
    faulty = set(sim.faults)
    if not {sim.faults[i] for i in faulty} - set(LIVENESS_SAFE):
        sim.check_termination(round_bound(powers))


# --- safety with up to f Byzantine ----------------------------------------------------------


@SIM_SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    powers=st.sampled_from(DISTRIBUTIONS),
    kinds=st.sampled_from([[k] for k in BYZANTINE] + [BYZANTINE]),
    net=st.sampled_from([Net(), ASYNC, LOSSY, DRIFT, SPLIT]),
)
def test_sim_agreement_and_validity_with_up_to_f_byzantine(
    seed: int, powers: tuple[int, ...], kinds: list[str], net: Net
) -> None:
    sim = scenario(seed, powers, kinds, net)
    sim.check_safety()  # also: no honest double vote, locking rule, timeouts once (in Node)


# --- termination with up to f faulty --------------------------------------------------------


@SIM_SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    powers=st.sampled_from(DISTRIBUTIONS),
    kinds=st.sampled_from([[k] for k in LIVENESS_SAFE] + [LIVENESS_SAFE]),
    net=st.sampled_from([Net(), ASYNC, LOSSY, DRIFT, SPLIT]),
)
def test_sim_termination_with_up_to_f_non_equivocating_faults(
    seed: int, powers: tuple[int, ...], kinds: list[str], net: Net
) -> None:
    sim = scenario(seed, powers, kinds, net)
    sim.check_safety()
    sim.check_termination(round_bound(powers))


# --- the threshold is exactly 1/3 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("powers", "coalition"),
    [
        ((1, 1, 1, 1), (0, 1)),  # 2 of 4
        ((1, 1, 1, 1, 1, 1, 1), (4, 5, 6)),  # 3 of 7
        ((10, 10, 10, 40), (3,)),  # one validator, but 40 of 70 of the power
    ],
)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sim_more_than_a_third_of_colluders_break_agreement(
    powers: tuple[int, ...], coalition: tuple[int, ...], seed: int
) -> None:
    """A coalition of at least 1/3 of the power shows each half of the honest nodes its own value."""
    sim = Sim(powers, seed, {i: "colluder" for i in coalition}, SPLIT).run()
    decided = {bid for _, bid in sim.decisions().values()}
    assert decided == set(sim.split.values()), f"expected a split decision, got {sim.decisions()}"
    with pytest.raises(AssertionError, match="agreement violated"):
        sim.check_safety()


@pytest.mark.parametrize(
    ("powers", "coalition"),
    [((1, 1, 1, 1), (0,)), ((1, 1, 1, 1, 1, 1, 1), (5, 6)), ((10, 10, 10, 40), (0, 1))],
)
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sim_less_than_a_third_of_colluders_cannot(
    powers: tuple[int, ...], coalition: tuple[int, ...], seed: int
) -> None:
    sim = Sim(powers, seed, {i: "colluder" for i in coalition}, SPLIT).run()
    sim.check_safety()


@pytest.mark.parametrize(("powers", "down"), [((1, 1, 1, 1), (1, 2)), ((10, 10, 10, 40), (3,))])
def test_sim_more_than_a_third_silent_stalls_without_deciding(
    powers: tuple[int, ...], down: tuple[int, ...]
) -> None:
    sim = Sim(powers, 7, {i: "silent" for i in down}, Net(limit_ms=60_000)).run()
    sim.check_safety()
    assert sim.decisions() == {}
    assert all(n.hs.round == 0 for n in sim.honest)  # no 2f+1 of anything: not even a timeout


def test_sim_equivocators_are_reported_and_only_them() -> None:
    sim = Sim((1, 1, 1, 1, 1, 1, 1), 11, {2: "equivocate_votes", 5: "chaos"}).run()
    sim.check_safety()
    assert sim.accused == {sim.addrs[2], sim.addrs[5]}


def test_sim_locking_rule_is_exercised() -> None:
    """The locking check in ``Node.check_cast`` is not vacuous: some honest nodes change lock."""
    unlocks = 0
    for seed in range(60):
        sim = scenario(seed, (1, 1, 1, 1, 1, 1, 1), ALL_FAULTS, DRIFT)
        sim.check_safety()
        unlocks += sim.unlocks
    assert unlocks > 0


def test_sim_locking_check_catches_a_violation() -> None:
    sim = Sim((1, 1, 1, 1), 1)
    node = sim.nodes[0]
    node.check_cast(CastVote(PRECOMMIT, 0, V))
    node.check_cast(CastVote(PREVOTE, 1, V))  # the locked value: fine
    with pytest.raises(AssertionError, match="without a polka"):
        node.check_cast(CastVote(PREVOTE, 2, W))
    with pytest.raises(AssertionError, match="equivocated"):
        node.check_cast(CastVote(PREVOTE, 1, W))


@pytest.mark.parametrize("seed", [1, 2, 43])
def test_sim_one_equivocator_cannot_halt_anybody(seed: int) -> None:
    sim = Sim((1, 1, 1, 1), seed, {seed % 4: "equivocate_votes"}, ASYNC).run()
    sim.check_safety()
    sim.check_termination(round_bound((1, 1, 1, 1)))


@pytest.mark.parametrize("seed", [13, 165])
def test_sim_staggered_starts_keep_the_invariants(seed: int) -> None:
    sim = Sim((1, 1, 1, 1), seed, None, Net(late_start=3000)).run()  # invariants assert inside
    sim.check_safety()
    sim.check_termination(round_bound((1, 1, 1, 1)))


# --- restarts: a validator's process stops mid-height and resumes from its sign-state -------


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("after", [1, 2])
@pytest.mark.parametrize("net", [Net(), ASYNC], ids=["sync", "async"])
@pytest.mark.parametrize("powers", [(1, 1, 1, 1), (1, 2, 3, 4, 5, 6, 7)])
def test_sim_a_validator_restarted_mid_height_keeps_agreement(
    powers: tuple[int, ...], net: Net, after: int, seed: int
) -> None:
    """Validator 0 stops after its ``after``-th signature (before sending it) and is back 0.7 s later."""
    sim = Sim(powers, seed, None, net, restarts={0: (after, 700)}).run()
    assert sim.restarted == [0]
    # Inside: never below the sign-state, the same vote again or none, the locking rule.
    sim.check_safety()
    sim.check_termination(round_bound(powers))


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("after", [1, 2])
@pytest.mark.parametrize(("restarted", "down"), [(0, 1), (1, 2), (2, 0), (3, 0)])
def test_sim_restarted_validator_still_decides_with_another_one_down(
    restarted: int, down: int, after: int, seed: int
) -> None:
    """Three of four up: the height ends only if the restarted validator votes again in it."""
    sim = Sim((1, 1, 1, 1), seed, {down: "silent"}, Net(), restarts={restarted: (after, 500)}).run()
    assert sim.restarted == [restarted]
    sim.check_safety()
    sim.check_termination(round_bound((1, 1, 1, 1)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sim_restarted_proposer_whose_proposal_was_lost_falls_back_and_decides(seed: int) -> None:
    """The proposer of round 0 stops after signing its proposal, before it left; one other is down."""
    sim = Sim((1, 1, 1, 1), seed)
    p = sim.addrs.index(sim.proposer_of(0))
    sim = Sim((1, 1, 1, 1), seed, {(p + 1) % 4: "silent"}, Net(), restarts={p: (1, 0)}).run()
    assert sim.restarted == [p] and sim.lost_proposals == 1
    sim.check_safety()
    sim.check_termination(round_bound((1, 1, 1, 1)))
    assert sim.nodes[p].cast[(PREVOTE, 0)] == NIL  # propose_failed, then the propose timeout


def test_sim_restarted_locked_proposer_keeps_agreement() -> None:
    """Validator 3 (40 of 70) locks on v in round 0, where v is committed (validator 1 decides it).

    It re-proposes v in round 1 and stops after signing it; its sign-state holds that proposal
    only, so it resumes unlocked, prevotes and precommits the colluder's value in round 2 and
    decides it with the colluder's 10: two decisions with 10 of 70 Byzantine.
    """
    sim = Sim((10, 10, 10, 40), 22, {2: "colluder", 0: "silent"}, DRIFT, restarts={3: (3, 2000)})
    sim.nodes[3].check_locking = False  # it would stop the run at the prevote against the lock
    sim.run()
    sim.check_safety()


VOTES_LOST = (
    "bug: after a restart only the sign-state's last vote goes out again (the driver's "
    "my_votes starts empty); an earlier vote a peer missed, here the prevote before the "
    "precommit of the same round, is never re-sent, and the height stalls"
)


def test_sim_restarted_validator_earlier_votes_reach_peers_that_missed_them() -> None:
    """Validator 3 is down.  Validator 1's nil prevote of round 0 is dropped (before GST) and it
    stops after signing its precommit.  Had it re-sent the precommit only (``VOTES_LOST``), 0 and 2
    would hold two prevotes of round 0 (no prevote timeout, line 34) and wait forever; it re-sends
    every vote of the height from its guard's record, and the height is decided.
    """
    sim = Sim((1, 1, 1, 1), 2547, {3: "silent"}, LOSSY, restarts={1: (2, 2767)}).run()
    assert sim.restarted == [1]
    assert all(sim.addrs[1] in n.hs.prevotes_for(0) for n in sim.honest if n.alive)
    sim.check_termination(round_bound((1, 1, 1, 1)))
