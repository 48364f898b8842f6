"""Transaction kinds of the approvals module: propose, sign and cancel a pending approval.

A member of an organisation's multi-signer account proposes a transaction for
that account from their own account (``approval.propose``); other members add
their approval (``approval.sign``).  The keys that signed each of these
transactions and are also keys of the organisation account count as approvals.
Once they reach the account's threshold (or its higher threshold when the
transaction moves at least the account's higher amount), the transaction runs
at once as the organisation account.  Approvals are counted against the
account's keys *now*, so a key rotated out no longer counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.errors import DepotError
from node.core.execution import BlockContext, TxContext
from node.core.state import State
from node.core.types import U8, U64, Address, Height, TimestampMs
from node.modules.accounts import ledger
from node.modules.accounts.records import Account, AccountKey
from node.modules.approvals.errors import (
    AlreadyApproved,
    ApprovalClosed,
    InvalidApproval,
    NotASigner,
    NotProposer,
    UnknownApproval,
)
from node.modules.approvals.records import (
    MAX_APPROVAL_PERIOD_MS,
    MAX_INNER_PAYLOAD,
    MAX_OPEN_APPROVALS,
    NEXT_ID_KEY,
    OPEN_KEY,
    Approval,
    ApprovalStatus,
    Counter,
    OpenApprovals,
    approval_key,
)


@dataclass(frozen=True, slots=True)
class Propose:
    """``approval.propose``: open an approval request for an organisation account."""

    account: Address
    """The multi-signer account the transaction will act as."""
    kind: Annotated[str, MaxLen(64)]
    payload: Annotated[bytes, MaxLen(MAX_INNER_PAYLOAD)]
    memo: Annotated[str, MaxLen(256)]
    """Why (an invoice number, a ticket); shown to the other signers."""
    deadline_ms: TimestampMs
    """The request expires at this block time if not approved by then."""


@dataclass(frozen=True, slots=True)
class Sign:
    """``approval.sign``: approve an open request with the keys that sign this transaction."""

    approval_id: U64


@dataclass(frozen=True, slots=True)
class Cancel:
    """``approval.cancel``: the proposer withdraws an open request."""

    approval_id: U64


def _open_ids(state: State) -> tuple[U64, ...]:
    rec = state.get(OPEN_KEY, OpenApprovals)
    return rec.ids if rec else ()


def _member_keys(acct: Account, signer_keys: tuple[bytes, ...]) -> tuple[AccountKey, ...]:
    """The account's keys that signed, in the account's key order."""
    signed = set(signer_keys)
    return tuple(k for k in acct.keys if bytes(k.public_key) in signed)


def _current_approvals(acct: Account, approvals: tuple[AccountKey, ...]) -> tuple[AccountKey, ...]:
    current = {(int(k.scheme), bytes(k.public_key)) for k in acct.keys}
    return tuple(k for k in approvals if (int(k.scheme), bytes(k.public_key)) in current)


def needed_approvals(acct: Account, value: int) -> int:
    """Signatures the account needs for a transaction of ``value`` (the rule of protocol §7.5)."""
    needed = int(acct.threshold)
    if acct.high_threshold and acct.high_amount and value >= acct.high_amount:
        needed = max(needed, int(acct.high_threshold))
    return needed


def apply_propose(ctx: TxContext, p: Propose) -> None:
    acct = ledger.require_account(ctx.state, p.account)
    members = _member_keys(acct, ctx.signer_keys)
    if not members:
        raise NotASigner(f"no key that signed this transaction is a signer of account {p.account}")
    if p.kind.startswith("approval."):
        raise InvalidApproval("an approval cannot propose another approval transaction")
    try:
        ctx.registry.decode_payload(p.kind, p.payload)
    except DepotError as exc:
        raise InvalidApproval(f"the proposed transaction is invalid: {exc.message}", kind=p.kind) from exc
    if not ctx.env.time_ms < p.deadline_ms <= ctx.env.time_ms + MAX_APPROVAL_PERIOD_MS:
        raise InvalidApproval("the approval deadline must be in the future and within 7 days")
    open_ids = _open_ids(ctx.state)
    if len(open_ids) >= MAX_OPEN_APPROVALS:
        raise InvalidApproval("too many open approvals")
    counter = ctx.state.get(NEXT_ID_KEY, Counter) or Counter(U64(1))
    aid = counter.value
    ctx.state.put(NEXT_ID_KEY, Counter(U64(aid + 1)))
    approval = Approval(
        approval_id=aid,
        account=p.account,
        proposer=ctx.sender,
        kind=p.kind,
        payload=p.payload,
        memo=p.memo,
        created_height=Height(ctx.env.height),
        deadline_ms=p.deadline_ms,
        status=U8(ApprovalStatus.OPEN),
        approvals=members,
        result_code="",
        closed_height=Height(0),
    )
    ctx.state.put(OPEN_KEY, OpenApprovals(open_ids + (aid,)))
    ctx.emit(
        "approval.proposed",
        approval_id=aid,
        account=p.account,
        proposer=ctx.sender,
        kind=p.kind,
        approvals=len(members),
    )
    _store(ctx, _maybe_execute(ctx, acct, approval))


def apply_sign(ctx: TxContext, p: Sign) -> None:
    approval = _require_open(ctx, p.approval_id)
    acct = ledger.require_account(ctx.state, approval.account)
    members = _member_keys(acct, ctx.signer_keys)
    if not members:
        raise NotASigner(f"no key that signed this transaction is a signer of account {approval.account}")
    have = {bytes(k.public_key) for k in approval.approvals}
    new = tuple(k for k in members if bytes(k.public_key) not in have)
    if not new:
        raise AlreadyApproved(f"these keys have already approved request {int(p.approval_id)}")
    approval = replace(approval, approvals=approval.approvals + new)
    ctx.emit("approval.signed", approval_id=approval.approval_id, account=approval.account, signer=ctx.sender)
    _store(ctx, _maybe_execute(ctx, acct, approval))


def apply_cancel(ctx: TxContext, p: Cancel) -> None:
    approval = _require_open(ctx, p.approval_id)
    if approval.proposer != ctx.sender:
        raise NotProposer(f"only {approval.proposer}, who proposed request {int(p.approval_id)}, may cancel it")
    approval = replace(
        approval, status=U8(ApprovalStatus.CANCELLED), result_code="cancelled", closed_height=Height(ctx.env.height)
    )
    ctx.emit("approval.cancelled", approval_id=approval.approval_id, account=approval.account)
    _store(ctx, approval)


def _require_open(ctx: TxContext, approval_id: int) -> Approval:
    approval = ctx.state.get(approval_key(approval_id), Approval)
    if approval is None:
        raise UnknownApproval(f"no approval request {int(approval_id)}")
    if approval.status != ApprovalStatus.OPEN or ctx.env.time_ms >= approval.deadline_ms:
        raise ApprovalClosed(f"approval request {int(approval_id)} is closed")
    return approval


def _store(ctx: TxContext, approval: Approval) -> None:
    ctx.state.put(approval_key(approval.approval_id), approval)
    if approval.status != ApprovalStatus.OPEN:
        ids = tuple(i for i in _open_ids(ctx.state) if i != approval.approval_id)
        ctx.state.put(OPEN_KEY, OpenApprovals(ids))


def _maybe_execute(ctx: TxContext, acct: Account, approval: Approval) -> Approval:
    """Run the proposed transaction as the account once enough of its current keys approved."""
    kind = ctx.registry.kind(approval.kind)
    payload = ctx.registry.decode_payload(approval.kind, approval.payload)
    counted = _current_approvals(acct, approval.approvals)
    if len(counted) < needed_approvals(acct, kind.value(payload)):
        return approval
    child = ctx.state.child()
    sub = TxContext(
        child,
        ctx.env,
        ctx.tx_id,
        approval.account,
        tuple(bytes(k.public_key) for k in counted),
        ctx.index,
        ctx.registry,
    )
    closed = Height(ctx.env.height)
    try:
        kind.apply(sub, payload)
    except DepotError as exc:
        ctx.emit("approval.failed", approval_id=approval.approval_id, code=exc.code, message=exc.message)
        return replace(approval, status=U8(ApprovalStatus.FAILED), result_code=exc.code, closed_height=closed)
    child.commit()
    ctx.events.extend(sub.events)
    ctx.emit("approval.executed", approval_id=approval.approval_id, account=approval.account, kind=approval.kind)
    return replace(approval, status=U8(ApprovalStatus.EXECUTED), result_code="ok", closed_height=closed)


def end_block(ctx: BlockContext) -> None:
    """Expire open requests whose deadline has passed."""
    ids = _open_ids(ctx.state)
    if not ids:
        return
    still = []
    for aid in ids:
        approval = ctx.state.get(approval_key(aid), Approval)
        if approval is None:
            continue
        if ctx.env.time_ms >= approval.deadline_ms:
            ctx.state.put(
                approval_key(aid),
                replace(
                    approval,
                    status=U8(ApprovalStatus.EXPIRED),
                    result_code="expired",
                    closed_height=Height(ctx.env.height),
                ),
            )
            ctx.emit("approval.expired", approval_id=aid)
        else:
            still.append(aid)
    if len(still) != len(ids):
        ctx.state.put(OPEN_KEY, OpenApprovals(tuple(still)))


