"""``account.rotate_key`` and ``account.set_signers``: replacing keys without moving assets, per the account's rules."""

from __future__ import annotations

import pytest

from node.core.address import address_of_key
from node.core.crypto import PrivateKey, Scheme
from node.core.transactions import UnauthorizedSigner
from node.core.types import U8, Amount
from node.modules.accounts.records import AccountKey
from node.modules.accounts.transitions import RotateKey, SetSigners, Transfer
from tests.wallet.chain_world import HIGH_AMOUNT, KEYS, TREASURY, World, addr


def akey(name: str) -> AccountKey:
    k = KEYS[name]
    return AccountKey(U8(int(k.scheme)), k.public_key)


def pay(w: World, sender: str, signers: list[str], amount: int, to: str = "bob"):
    return w.sign(w.body(sender, "token.transfer", Transfer(addr(to), Amount(amount), "")), signers)


def test_rotate_single_key_account_keeps_address_and_balance_and_retires_old_key():
    w = World()
    before = w.account("c0")
    out = w.run(w.sign(w.body("c0", "account.rotate_key", RotateKey(akey("c0"), akey("new0"))), ["c0"]))
    assert out.ok, out.message
    after = w.account("c0")
    assert after.keys == (akey("new0"),) and after.balance == before.balance and after.address == addr("c0")
    assert [e.kind for e in out.events] == ["account.key_rotated"]
    # The old key no longer signs for it; the new one does.
    with pytest.raises(UnauthorizedSigner):
        w.check(pay(w, "c0", ["c0"], 10))
    assert w.run(w.sign(w.body("c0", "token.transfer", Transfer(addr("bob"), Amount(10), "")), ["new0"])).ok
    assert w.balance("bob") == 10


def test_rotating_a_group_key_needs_the_high_threshold_and_the_rotated_out_key_stops_counting():
    w = World()
    body = w.body("treasury", "account.rotate_key", RotateKey(akey("c2"), akey("new0")))
    # A signer change declares the largest value: the four-eyes rule (3 of 3) applies, 2 are not enough.
    with pytest.raises(UnauthorizedSigner) as exc:
        w.check(w.sign(body, ["c0", "c1"]))
    assert exc.value.data == {"have": 2, "need": 3}
    assert w.run(w.sign(body, ["c0", "c1", "c2"])).ok
    assert akey("c2") not in w.account("treasury").keys and akey("new0") in w.account("treasury").keys
    assert w.balance("treasury") == 500_000
    with pytest.raises(UnauthorizedSigner):
        w.check(pay(w, "treasury", ["c0", "c2"], 1_000))
    assert w.run(pay(w, "treasury", ["c0", "new0"], 1_000)).ok


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("outsider", "new0", "unknown_key"),  # not a key of the account
        ("c2", "c0", "invalid_account"),  # the new key is already a signer
    ],
)
def test_rotate_key_refusals_are_failed_transactions_that_change_nothing_but_the_nonce(old, new, code):
    w = World()
    before = w.account("treasury")
    out = w.run(w.sign(w.body("treasury", "account.rotate_key", RotateKey(akey(old), akey(new))), ["c0", "c1", "c2"]))
    assert (out.ok, out.code) == (False, code)
    after = w.account("treasury")
    assert after.keys == before.keys and after.nonce == before.nonce + 1


def test_rotate_to_a_malformed_key_fails():
    w = World()
    bad = AccountKey(U8(1), b"\x00" * 31 + b"\x01")  # 32 bytes but a small-order point
    out = w.run(w.sign(w.body("c0", "account.rotate_key", RotateKey(akey("c0"), bad)), ["c0"]))
    assert (out.ok, out.code) == (False, "invalid_account")


def test_rotate_to_a_p256_key():
    w = World()
    p = PrivateKey.generate(Scheme.P256)
    out = w.run(w.sign(w.body("c1", "account.rotate_key", RotateKey(akey("c1"), AccountKey(U8(2), p.public_key))), ["c1"]))
    assert out.ok
    assert w.account("c1").keys == (AccountKey(U8(2), p.public_key),)
    assert address_of_key(2, p.public_key) != addr("c1")  # the address is the account's, not the key's


def test_set_signers_changes_thresholds_and_needs_the_high_threshold():
    w = World()
    spec = SetSigners((akey("c0"), akey("c1"), akey("c2"), akey("new0")), U8(3), U8(4), Amount(HIGH_AMOUNT))
    with pytest.raises(UnauthorizedSigner):
        w.check(w.sign(w.body("treasury", "account.set_signers", spec), ["c0", "c1"]))
    out = w.run(w.sign(w.body("treasury", "account.set_signers", spec), ["c0", "c1", "c2"]))
    assert out.ok and [e.kind for e in out.events] == ["account.signers_changed"]
    acct = w.account("treasury")
    assert (len(acct.keys), acct.threshold, acct.high_threshold) == (4, 3, 4)
    with pytest.raises(UnauthorizedSigner):
        w.check(pay(w, "treasury", ["c0", "c1"], 100))
    assert w.run(pay(w, "treasury", ["c0", "c1", "new0"], 100)).ok


@pytest.mark.parametrize(
    ("keys", "threshold", "high"),
    [
        ((), 1, 0),  # no key
        (("c0", "c1"), 3, 0),  # threshold above the key count
        (("c0", "c1"), 0, 0),  # threshold zero
        (("c0", "c1", "c2"), 2, 1),  # high threshold below the threshold
        (("c0", "c0"), 1, 0),  # the same key twice
    ],
)
def test_set_signers_refuses_impossible_signer_sets(keys, threshold, high):
    w = World()
    before = w.account("treasury")
    spec = SetSigners(tuple(akey(k) for k in keys), U8(threshold), U8(high), Amount(HIGH_AMOUNT))
    out = w.run(w.sign(w.body("treasury", "account.set_signers", spec), ["c0", "c1", "c2"]))
    assert (out.ok, out.code) == (False, "invalid_account")
    assert w.account("treasury").keys == before.keys


def test_existing_kinds_are_unchanged():
    from node.modules import default_registry

    kinds = set(default_registry().kinds)
    assert {"token.transfer", "token.issue", "token.redeem", "gov.propose", "gov.vote"} <= kinds
    assert {"account.rotate_key", "account.set_signers"} <= kinds
    assert TREASURY == addr("treasury")
