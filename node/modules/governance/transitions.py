"""Governance: proposals voted by the current validators' operators (more than 2/3 of power)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.errors import DepotError
from node.core.execution import BlockContext, TxContext
from node.core.state import State
from node.core.types import U8, U64, Address, Height, Power, TimestampMs
from node.core.validators import VALIDATORS_KEY, ValidatorSet
from node.modules.accounts import ledger
from node.modules.governance.errors import (
    AlreadyVoted,
    InvalidProposal,
    NotGovernor,
    NotVoter,
    ProposalClosed,
    UnknownProposal,
)
from node.modules.governance.records import (
    MAX_OPEN_PROPOSALS,
    NEXT_ID_KEY,
    OPEN_KEY,
    Ballot,
    Counter,
    OpenProposals,
    Proposal,
    ProposalStatus,
    proposal_key,
)

MAX_VOTING_PERIOD_MS = 30 * 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class Propose:
    """``gov.propose``: open a proposal to apply a governance action."""

    title: Annotated[str, MaxLen(256)]
    action_kind: Annotated[str, MaxLen(64)]
    action_payload: Annotated[bytes, MaxLen(16 * 1024)]
    deadline_ms: TimestampMs


@dataclass(frozen=True, slots=True)
class Vote:
    """``gov.vote``: approve or reject an open proposal."""

    proposal_id: U64
    approve: bool


def voting_power(state: State, voter: bytes) -> tuple[int, int]:
    """(power of the validators operated by ``voter``, total power of the set)."""
    vset = state.get(VALIDATORS_KEY, ValidatorSet)
    if vset is None:
        return 0, 0
    mine = sum(int(v.power) for v in vset.validators if v.operator == voter)
    return mine, vset.total_power()


def _open_ids(state: State) -> tuple[U64, ...]:
    rec = state.get(OPEN_KEY, OpenProposals)
    return rec.ids if rec else ()


def _set_open(state: State, ids: tuple[U64, ...]) -> None:
    state.put(OPEN_KEY, OpenProposals(ids))


def apply_propose(ctx: TxContext, p: Propose) -> None:
    acct = ledger.require_account(ctx.state, ctx.sender)
    power, _ = voting_power(ctx.state, ctx.sender)
    if "governor" not in acct.roles and power == 0:
        raise NotGovernor("only a governor or a validator operator may open a proposal")
    try:
        ctx.registry.action(p.action_kind)
        ctx.registry.decode_action(p.action_kind, p.action_payload)
    except DepotError as exc:
        raise InvalidProposal(f"the proposed action is invalid: {exc.message}") from exc
    if not p.title.strip():
        raise InvalidProposal("a proposal needs a title")
    if not ctx.env.time_ms < p.deadline_ms <= ctx.env.time_ms + MAX_VOTING_PERIOD_MS:
        raise InvalidProposal("the voting deadline must be in the future and within 30 days")
    open_ids = _open_ids(ctx.state)
    if len(open_ids) >= MAX_OPEN_PROPOSALS:
        raise InvalidProposal("too many open proposals")
    counter = ctx.state.get(NEXT_ID_KEY, Counter) or Counter(U64(1))
    pid = counter.value
    ctx.state.put(NEXT_ID_KEY, Counter(U64(pid + 1)))
    prop = Proposal(
        proposal_id=pid,
        proposer=ctx.sender,
        title=p.title,
        action_kind=p.action_kind,
        action_payload=p.action_payload,
        created_height=Height(ctx.env.height),
        deadline_ms=p.deadline_ms,
        status=U8(ProposalStatus.OPEN),
        ballots=(),
        result_code="",
    )
    ctx.state.put(proposal_key(pid), prop)
    _set_open(ctx.state, open_ids + (pid,))
    ctx.emit("gov.proposed", proposal_id=pid, proposer=ctx.sender, action=p.action_kind, title=p.title)
    if power:
        _cast(ctx, prop, ctx.sender, True, power)


def apply_vote(ctx: TxContext, p: Vote) -> None:
    prop = ctx.state.get(proposal_key(p.proposal_id), Proposal)
    if prop is None:
        raise UnknownProposal(f"no proposal {int(p.proposal_id)}")
    if prop.status != ProposalStatus.OPEN or ctx.env.time_ms >= prop.deadline_ms:
        raise ProposalClosed(f"proposal {int(p.proposal_id)} is closed for voting")
    power, _ = voting_power(ctx.state, ctx.sender)
    if power == 0:
        raise NotVoter("only operators of current validators vote on proposals")
    if any(b.voter == ctx.sender for b in prop.ballots):
        raise AlreadyVoted(f"{ctx.sender} has already voted on proposal {int(p.proposal_id)}")
    _cast(ctx, prop, ctx.sender, p.approve, power)


def _cast(ctx: TxContext, prop: Proposal, voter: Address, approve: bool, power: int) -> None:
    ballots = prop.ballots + (Ballot(voter, approve, Power(power)),)
    prop = replace(prop, ballots=ballots)
    ctx.emit("gov.voted", proposal_id=prop.proposal_id, voter=voter, approve=approve, power=power)
    _, total = voting_power(ctx.state, voter)
    yes = sum(int(b.power) for b in ballots if b.approve)
    no = sum(int(b.power) for b in ballots if not b.approve)
    if yes * 3 > total * 2:
        prop = _execute(ctx, prop)
    elif no * 3 >= total:
        # More than 2/3 approval is no longer reachable.
        prop = replace(prop, status=U8(ProposalStatus.REJECTED))
        ctx.emit("gov.rejected", proposal_id=prop.proposal_id)
    ctx.state.put(proposal_key(prop.proposal_id), prop)
    if prop.status != ProposalStatus.OPEN:
        _set_open(ctx.state, tuple(i for i in _open_ids(ctx.state) if i != prop.proposal_id))


def _execute(ctx: TxContext, prop: Proposal) -> Proposal:
    action = ctx.registry.action(prop.action_kind)
    payload = ctx.registry.decode_action(prop.action_kind, prop.action_payload)
    child = ctx.state.child()
    sub = TxContext(child, ctx.env, ctx.tx_id, ctx.sender, ctx.signer_keys, ctx.index, ctx.registry)
    try:
        action.apply(sub, payload)
    except DepotError as exc:
        ctx.emit("gov.failed", proposal_id=prop.proposal_id, code=exc.code, message=exc.message)
        return replace(prop, status=U8(ProposalStatus.FAILED), result_code=exc.code)
    child.commit()
    ctx.events.extend(sub.events)
    ctx.emit("gov.passed", proposal_id=prop.proposal_id, action=prop.action_kind)
    return replace(prop, status=U8(ProposalStatus.PASSED), result_code="ok")


def end_block(ctx: BlockContext) -> None:
    """Close proposals whose deadline has passed."""
    ids = _open_ids(ctx.state)
    if not ids:
        return
    still = []
    for pid in ids:
        prop = ctx.state.get(proposal_key(pid), Proposal)
        if prop is None:
            continue
        if ctx.env.time_ms >= prop.deadline_ms:
            ctx.state.put(proposal_key(pid), replace(prop, status=U8(ProposalStatus.EXPIRED)))
            ctx.emit("gov.expired", proposal_id=pid)
        else:
            still.append(pid)
    if len(still) != len(ids):
        _set_open(ctx.state, tuple(still))
