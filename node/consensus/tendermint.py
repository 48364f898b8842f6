"""The Tendermint consensus algorithm for one height, as a pure state machine.

This follows Algorithm 1 of Buchman, Kwon and Milosevic, "The latest gossip on
BFT consensus" (2018); comments name its line numbers.  Inputs are proposals,
verified votes and expired timeouts; outputs are actions for the driver
(broadcast a vote, propose, schedule a timeout, decide).  It does no I/O, keeps
no clock and signs nothing: the driver does those, so this file can be tested
exhaustively.

Quorums are by voting power: "2f+1" is more than 2/3 of the set's power,
"f+1" more than 1/3.  Safety holds while less than 1/3 of the power is faulty.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from node.core.validators import ValidatorSet

NIL = bytes(32)
"""The block id of a vote for nothing."""


class Step(enum.IntEnum):
    PROPOSE = 1
    PREVOTE = 2
    PRECOMMIT = 3
    DECIDED = 4


class VoteKind(enum.IntEnum):
    PREVOTE = 1
    PRECOMMIT = 2


# --- actions (outputs) ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Propose:
    """Broadcast a proposal for ``round``: ``block_id`` (a value seen before) or a new block if None."""

    round: int
    block_id: bytes | None
    pol_round: int


@dataclass(frozen=True, slots=True)
class CastVote:
    kind: VoteKind
    round: int
    block_id: bytes


@dataclass(frozen=True, slots=True)
class ScheduleTimeout:
    step: Step
    round: int
    delay_ms: int


@dataclass(frozen=True, slots=True)
class Decide:
    """The block is final: ``round``'s precommits for ``block_id`` carry more than 2/3 of the power."""

    round: int
    block_id: bytes


@dataclass(frozen=True, slots=True)
class Equivocation:
    """A validator signed two different votes of one kind in one round: evidence."""

    validator: bytes
    kind: VoteKind
    round: int
    first: bytes
    second: bytes


Action = Propose | CastVote | ScheduleTimeout | Decide | Equivocation


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Per-step timeouts in ms; each grows linearly with the round (liveness under partial synchrony)."""

    propose_ms: int = 1500
    propose_delta_ms: int = 500
    prevote_ms: int = 500
    prevote_delta_ms: int = 250
    precommit_ms: int = 500
    precommit_delta_ms: int = 250

    def propose(self, r: int) -> int:
        return self.propose_ms + r * self.propose_delta_ms

    def prevote(self, r: int) -> int:
        return self.prevote_ms + r * self.prevote_delta_ms

    def precommit(self, r: int) -> int:
        return self.precommit_ms + r * self.precommit_delta_ms


MAX_VALUES_PER_VOTER = 2
"""An equivocating validator's votes count for at most two values (memory stays bounded)."""


@dataclass(slots=True)
class _Round:
    # validator -> the block ids it voted for in this round (two only if it equivocated).
    prevotes: dict[bytes, list[bytes]] = field(default_factory=dict)
    precommits: dict[bytes, list[bytes]] = field(default_factory=dict)
    senders: set[bytes] = field(default_factory=set)
    prevote_timeout_set: bool = False
    precommit_timeout_set: bool = False
    locked_here: bool = False  # line 36 ran


class HeightState:
    """Consensus for one height among ``vset``; ``me`` is this validator's address (None: observer)."""

    def __init__(
        self,
        height: int,
        vset: ValidatorSet,
        me: bytes | None,
        proposer_of: Callable[[int], bytes],
        timeouts: Timeouts = Timeouts(),
    ) -> None:
        self.height = height
        self.vset = vset
        self.me = me
        self.proposer_of = proposer_of
        self.timeouts = timeouts
        self.power = {bytes(v.address): int(v.power) for v in vset.validators}
        self.total = sum(self.power.values())
        self.round = -1
        self.step = Step.PROPOSE
        self.locked_value: bytes | None = None
        self.locked_round = -1
        self.valid_value: bytes | None = None
        self.valid_round = -1
        self.decision: tuple[int, bytes] | None = None
        # round -> the first proposal (block_id, pol_round, valid): lines 22 and 28 act on it.
        self.proposals: dict[int, tuple[bytes, int, bool]] = {}
        # round -> block_id -> (pol_round, valid): every proposal seen, for lines 36 and 49, so an
        # equivocating proposer cannot hide the value a quorum formed on.
        self.all_proposals: dict[int, dict[bytes, tuple[int, bool]]] = {}
        self.rounds: dict[int, _Round] = {}

    # --- quorum helpers ---------------------------------------------------------------

    def _r(self, r: int) -> _Round:
        st = self.rounds.get(r)
        if st is None:
            st = self.rounds[r] = _Round()
        return st

    def _two_thirds(self, power: int) -> bool:
        return power * 3 > self.total * 2

    def _one_third(self, power: int) -> bool:
        return power * 3 > self.total

    def _power_for(self, votes: dict[bytes, list[bytes]], block_id: bytes | None) -> int:
        """Power behind ``block_id`` (every validator that voted it), or of distinct voters (None)."""
        if block_id is None:
            return sum(self.power[v] for v in votes)
        return sum(self.power[v] for v, vals in votes.items() if block_id in vals)

    def prevote_quorum(self, r: int, block_id: bytes) -> bool:
        st = self.rounds.get(r)
        return st is not None and self._two_thirds(self._power_for(st.prevotes, block_id))

    def precommit_quorum(self, r: int, block_id: bytes) -> bool:
        st = self.rounds.get(r)
        return st is not None and self._two_thirds(self._power_for(st.precommits, block_id))

    def precommits_for(self, r: int) -> dict[bytes, list[bytes]]:
        st = self.rounds.get(r)
        return {k: list(v) for k, v in st.precommits.items()} if st else {}

    def prevotes_for(self, r: int) -> dict[bytes, list[bytes]]:
        st = self.rounds.get(r)
        return {k: list(v) for k, v in st.prevotes.items()} if st else {}

    @property
    def started(self) -> bool:
        return self.round >= 0

    # --- inputs -----------------------------------------------------------------------

    def start(self) -> list[Action]:
        """Line 10: begin the height at round 0 (once; later calls do nothing).

        Messages that arrived before are only recorded; they are acted on from here.
        """
        out: list[Action] = []
        if self.started:
            return out
        self._start_round(0, out)
        self._evaluate(out)
        return out

    def resume(
        self,
        r: int,
        step: Step,
        block_id: bytes,
        *,
        lock: tuple[bytes | None, int, bytes | None, int] | None = None,
        earlier_votes: Sequence[tuple[VoteKind, int, bytes]] = (),
    ) -> list[Action]:
        """Line 10 after a restart: begin where this validator's last signature at this height left it.

        ``(r, step, block_id)`` is what the double-sign guard recorded last.  The validator re-enters
        round ``r`` rather than round 0 (whose messages it may not sign again), and a vote it signed
        counts as its vote, so the state machine never asks to sign a different one in that slot:
        the driver re-sends the stored signature instead.  ``lock`` is ``(locked_value,
        locked_round, valid_value, valid_round)`` as the guard persisted it with that signature: a
        lock taken in an earlier round outlives the restart (without it, a validator that locked,
        then signed a nil vote or a re-proposal, would come back unlocked and could help decide
        another value).  A precommit for a block also implies its lock (line 36).
        ``earlier_votes`` are this height's other votes it signed, counted as its own again (the
        driver re-sends them from the guard's record).  For a proposal, the driver re-sends the
        signed one if a peer still holds it, or reports ``propose_failed``.
        """
        out: list[Action] = []
        if self.started:
            return out
        if lock is not None:
            lv, lr, vv, vr = lock
            if lv is not None and lr >= 0:
                self.locked_value, self.locked_round = bytes(lv), lr
            if vv is not None and vr >= 0:
                self.valid_value, self.valid_round = bytes(vv), vr
        if self.me is not None and self.me in self.power:
            for kind, vr_, bid_ in earlier_votes:
                st = self._r(vr_)
                votes = st.prevotes if kind is VoteKind.PREVOTE else st.precommits
                mine = votes.setdefault(self.me, [])
                if bytes(bid_) not in mine and len(mine) < MAX_VALUES_PER_VOTER:
                    mine.append(bytes(bid_))
                st.senders.add(self.me)
        if r < 0 or step is Step.PROPOSE or step is Step.DECIDED:
            self._start_round(max(r, 0), out)
        else:
            self.round = r
            bid = bytes(block_id)
            if step is Step.PREVOTE:
                self.step = Step.PREVOTE
                self._vote(VoteKind.PREVOTE, bid, out)
            else:
                self.step = Step.PRECOMMIT
                if bid != NIL and r >= self.locked_round:
                    self.locked_value, self.locked_round = bid, r
                    self._r(r).locked_here = True
                if bid != NIL and r >= self.valid_round:
                    self.valid_value, self.valid_round = bid, r
                self._vote(VoteKind.PRECOMMIT, bid, out)
        self._evaluate(out)
        return out

    def propose_failed(self, r: int) -> list[Action]:
        """The driver could not send a proposal for round ``r`` (its guard refused, the block was lost).

        The proposer then waits for a proposal like the others, with the propose timeout (line
        57), instead of waiting in the propose step for a message that will never come.
        """
        out: list[Action] = []
        if self.decision is None and r == self.round and self.step is Step.PROPOSE:
            out.append(ScheduleTimeout(Step.PROPOSE, r, self.timeouts.propose(r)))
        return out

    def on_proposal(self, r: int, block_id: bytes, pol_round: int, valid: bool) -> list[Action]:
        """A proposal from ``proposer_of(r)`` (signature checked by the driver) and whether its block is valid."""
        out: list[Action] = []
        if r < 0 or pol_round < -1 or pol_round >= r:
            return out
        bid = bytes(block_id)
        seen = self.all_proposals.setdefault(r, {})
        if bid in seen or len(seen) >= MAX_VALUES_PER_VOTER:
            return out
        seen[bid] = (pol_round, valid)
        if r not in self.proposals:
            self.proposals[r] = (bid, pol_round, valid)
        self._r(r).senders.add(self.proposer_of(r))
        if self.started:
            self._evaluate(out)
        return out

    def on_vote(self, kind: VoteKind, r: int, validator: bytes, block_id: bytes) -> list[Action]:
        """A vote whose signature the driver verified, from a member of the set."""
        out: list[Action] = []
        validator = bytes(validator)
        if validator not in self.power or r < 0:
            return out
        st = self._r(r)
        votes = st.prevotes if kind is VoteKind.PREVOTE else st.precommits
        bid = bytes(block_id)
        vals = votes.get(validator)
        if vals is None:
            votes[validator] = [bid]
        elif bid in vals or len(vals) >= MAX_VALUES_PER_VOTER:
            return out
        else:
            # Equivocation: report it, and still count the vote, as Algorithm 1 counts every
            # message; ignoring it could hide a quorum others saw and stall the height.
            out.append(Equivocation(validator, kind, r, vals[0], bid))
            vals.append(bid)
        st.senders.add(validator)
        if self.started:
            self._evaluate(out)
        return out

    def on_timeout(self, step: Step, r: int) -> list[Action]:
        out: list[Action] = []
        if self.decision is not None or r != self.round:
            return out
        if step is Step.PROPOSE and self.step is Step.PROPOSE:
            # Line 57: no (valid) proposal in time.
            self._vote(VoteKind.PREVOTE, NIL, out)
            self.step = Step.PREVOTE
        elif step is Step.PREVOTE and self.step is Step.PREVOTE:
            # Line 61.
            self._vote(VoteKind.PRECOMMIT, NIL, out)
            self.step = Step.PRECOMMIT
        elif step is Step.PRECOMMIT:
            # Line 65.
            self._start_round(r + 1, out)
        self._evaluate(out)
        return out

    # --- the algorithm ------------------------------------------------------------------

    def _start_round(self, r: int, out: list[Action]) -> None:
        """Line 11."""
        self.round = r
        self.step = Step.PROPOSE
        if self.me is not None and self.proposer_of(r) == self.me:
            if self.valid_value is not None:
                out.append(Propose(r, self.valid_value, self.valid_round))
            else:
                out.append(Propose(r, None, -1))
        else:
            # As in the paper, only the others wait for the proposal with a timeout: a proposer
            # slow to build its block under load must not prevote nil against itself.
            out.append(ScheduleTimeout(Step.PROPOSE, r, self.timeouts.propose(r)))

    def _vote(self, kind: VoteKind, block_id: bytes, out: list[Action]) -> None:
        if self.me is not None and self.me in self.power:
            out.append(CastVote(kind, self.round, block_id))
            # Count our own vote at once, as if it came back from the network.
            st = self._r(self.round)
            votes = st.prevotes if kind is VoteKind.PREVOTE else st.precommits
            mine = votes.setdefault(self.me, [])
            if block_id not in mine and len(mine) < MAX_VALUES_PER_VOTER:
                mine.append(block_id)
            st.senders.add(self.me)

    def _evaluate(self, out: list[Action]) -> None:
        """Apply every rule whose condition holds, until none does."""
        changed = True
        while changed and self.decision is None:
            changed = False
            r = self.round
            prop = self.proposals.get(r)
            st = self._r(r)

            # Line 22: a fresh proposal in the propose step.
            if self.step is Step.PROPOSE and prop is not None and prop[1] == -1:
                bid, _, valid = prop
                ok = valid and (self.locked_round == -1 or self.locked_value == bid)
                self._vote(VoteKind.PREVOTE, bid if ok else NIL, out)
                self.step = Step.PREVOTE
                changed = True
                continue

            # Line 28: a re-proposal justified by a polka from an earlier round.
            if self.step is Step.PROPOSE and prop is not None and 0 <= prop[1] < r:
                bid, vr, valid = prop
                if self.prevote_quorum(vr, bid):
                    ok = valid and (self.locked_round <= vr or self.locked_value == bid)
                    self._vote(VoteKind.PREVOTE, bid if ok else NIL, out)
                    self.step = Step.PREVOTE
                    changed = True
                    continue

            # Line 34: any 2/3 of prevotes: start the prevote timeout.
            if (
                self.step is Step.PREVOTE
                and not st.prevote_timeout_set
                and self._two_thirds(self._power_for(st.prevotes, None))
            ):
                st.prevote_timeout_set = True
                out.append(ScheduleTimeout(Step.PREVOTE, r, self.timeouts.prevote(r)))
                changed = True

            # Line 36: a polka for a valid proposal of this round: lock (if still prevoting) and
            # remember it.  Any proposal of the round counts, not only the first one seen.
            polka = None
            if self.step >= Step.PREVOTE and not st.locked_here:
                for cand, (_, cvalid) in self.all_proposals.get(r, {}).items():
                    if cvalid and self.prevote_quorum(r, cand):
                        polka = cand
                        break
            if polka is not None:
                st.locked_here = True
                bid = polka
                if self.step is Step.PREVOTE:
                    self.locked_value, self.locked_round = bid, r
                    self._vote(VoteKind.PRECOMMIT, bid, out)
                    self.step = Step.PRECOMMIT
                self.valid_value, self.valid_round = bid, r
                changed = True
                continue

            # Line 44: a polka for nil.
            if self.step is Step.PREVOTE and self.prevote_quorum(r, NIL):
                self._vote(VoteKind.PRECOMMIT, NIL, out)
                self.step = Step.PRECOMMIT
                changed = True
                continue

            # Line 47: any 2/3 of precommits: start the precommit timeout.
            if not st.precommit_timeout_set and self._two_thirds(self._power_for(st.precommits, None)):
                st.precommit_timeout_set = True
                out.append(ScheduleTimeout(Step.PRECOMMIT, r, self.timeouts.precommit(r)))
                changed = True

            # Line 49: a valid proposal of any round with 2/3 of that round's precommits: decide.
            for pr, props in self.all_proposals.items():
                pst = self.rounds.get(pr)
                if pst is None:
                    continue
                for bid, (_, valid) in props.items():
                    if valid and self._two_thirds(self._power_for(pst.precommits, bid)):
                        self.decision = (pr, bid)
                        self.step = Step.DECIDED
                        out.append(Decide(pr, bid))
                        return

            # Line 55: f+1 of the power is already in a later round: jump there.
            for later in sorted(k for k in self.rounds if k > r):
                senders = self.rounds[later].senders
                if self._one_third(sum(self.power.get(s, 0) for s in senders)):
                    self._start_round(later, out)
                    changed = True
                    break
