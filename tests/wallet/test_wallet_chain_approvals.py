"""Pending approvals on chain: a member proposes a transaction for the organisation account, others approve."""

from __future__ import annotations

import pytest

from node.core.encoding import encode
from node.core.types import U8, U64, Amount, TimestampMs
from node.modules.accounts.records import AccountKey
from node.modules.accounts.transitions import RotateKey, Transfer
from node.modules.approvals.records import Approval, ApprovalStatus, approval_key
from node.modules.approvals.transitions import Cancel, Propose, Sign
from tests.wallet.chain_world import HIGH_AMOUNT, KEYS, TREASURY, World, addr


def propose(w: World, member: str, kind: str, payload, *, deadline_ms: int | None = None, memo: str = "INV-7"):
    p = Propose(TREASURY, kind, encode(payload), memo, TimestampMs(deadline_ms or w.time_ms + 3_600_000))
    return w.run(w.sign(w.body(member, "approval.propose", p), [member]))


def sign(w: World, member: str, approval_id: int):
    return w.run(w.sign(w.body(member, "approval.sign", Sign(U64(approval_id))), [member]))


def record(w: World, approval_id: int) -> Approval:
    a = w.state.get(approval_key(approval_id), Approval)
    assert a is not None
    return a


def transfer(amount: int) -> Transfer:
    return Transfer(addr("bob"), Amount(amount), "INV-7")


def test_one_approval_is_not_enough_two_execute_as_the_organisation_account():
    w = World()
    out = propose(w, "c0", "token.transfer", transfer(1_000))
    assert out.ok, out.message
    assert record(w, 1).status == ApprovalStatus.OPEN and w.balance("bob") == 0
    out = sign(w, "c1", 1)
    assert out.ok, out.message
    assert record(w, 1).status == ApprovalStatus.EXECUTED and record(w, 1).result_code == "ok"
    assert w.balance("bob") == 1_000 and w.balance("treasury") == 499_000
    kinds = [e.kind for e in out.events]
    assert kinds == ["approval.signed", "token.transferred", "approval.executed"]
    assert out.events[1].attrs["sender"] == str(TREASURY)
    # Executed once: a third signature is refused.
    assert (sign(w, "c2", 1).code) == "approval_closed"


def test_above_the_high_amount_three_approvals_are_needed():
    w = World()
    assert propose(w, "c0", "token.transfer", transfer(HIGH_AMOUNT)).ok
    assert sign(w, "c1", 1).ok
    assert record(w, 1).status == ApprovalStatus.OPEN and w.balance("bob") == 0
    assert sign(w, "c2", 1).ok
    assert record(w, 1).status == ApprovalStatus.EXECUTED and w.balance("bob") == HIGH_AMOUNT


def test_a_rotated_out_key_no_longer_counts():
    w = World()
    assert propose(w, "c2", "token.transfer", transfer(500)).ok  # c2 approves, then is rotated out
    rot = w.body("treasury", "account.rotate_key", RotateKey(AccountKey(U8(1), KEYS["c2"].public_key),
                                                               AccountKey(U8(1), KEYS["new0"].public_key)))
    assert w.run(w.sign(rot, ["c0", "c1", "c2"])).ok
    assert sign(w, "c0", 1).ok
    assert record(w, 1).status == ApprovalStatus.OPEN and w.balance("bob") == 0  # c2's approval no longer counts
    assert sign(w, "c1", 1).ok
    assert record(w, 1).status == ApprovalStatus.EXECUTED and w.balance("bob") == 500
    # And c2 can no longer approve at all.
    assert propose(w, "c2", "token.transfer", transfer(1)).code == "not_a_signer"


@pytest.mark.parametrize(
    ("member", "kind", "payload", "code"),
    [
        ("outsider", "token.transfer", transfer(10), "not_a_signer"),
        ("c0", "token.nope", transfer(10), "invalid_approval"),
        ("c0", "approval.sign", Sign(U64(1)), "invalid_approval"),
        ("c0", "token.redeem", transfer(10), "invalid_approval"),  # payload of another kind
    ],
)
def test_bad_proposals_fail_and_store_nothing(member, kind, payload, code):
    w = World()
    out = propose(w, member, kind, payload)
    assert (out.ok, out.code) == (False, code)
    assert w.state.get(approval_key(1), Approval) is None


def test_deadline_bounds_and_expiry():
    w = World()
    assert propose(w, "c0", "token.transfer", transfer(1), deadline_ms=w.time_ms).code == "invalid_approval"
    assert propose(w, "c0", "token.transfer", transfer(1), deadline_ms=w.time_ms + 8 * 86_400_000).code == "invalid_approval"
    assert propose(w, "c0", "token.transfer", transfer(1), deadline_ms=w.time_ms + 5_000).ok
    aid = 1
    events = w.empty_block(10_000)
    assert [e.kind for e in events] == ["approval.expired"]
    assert record(w, aid).status == ApprovalStatus.EXPIRED
    assert sign(w, "c1", aid).code == "approval_closed"


def test_already_approved_unknown_and_cancel():
    w = World()
    assert propose(w, "c0", "token.transfer", transfer(1)).ok
    assert sign(w, "c0", 1).code == "already_approved"
    assert sign(w, "c1", 99).code == "unknown_approval"
    cancel = lambda who: w.run(w.sign(w.body(who, "approval.cancel", Cancel(U64(1))), [who]))  # noqa: E731
    assert cancel("c1").code == "not_proposer"
    assert cancel("c0").ok
    assert record(w, 1).status == ApprovalStatus.CANCELLED
    assert sign(w, "c1", 1).code == "approval_closed"


def test_a_failing_inner_transaction_is_recorded_as_failed():
    w = World()
    assert propose(w, "c0", "token.transfer", transfer(10_000_000)).ok  # more than the treasury holds... above high
    assert sign(w, "c1", 1).ok and sign(w, "c2", 1).ok
    rec = record(w, 1)
    assert (rec.status, rec.result_code) == (ApprovalStatus.FAILED, "insufficient_funds")
    assert w.balance("treasury") == 500_000
