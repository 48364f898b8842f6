"""evolve(): the fast copy used on the hot path must equal dataclasses.replace."""

from __future__ import annotations

import dataclasses

import pytest

from node.core.records import evolve
from node.core.types import U8, Address, Amount, Height, Nonce
from node.modules.accounts.records import Account, AccountKey


def _acct() -> Account:
    return Account(
        address=Address(bytes(range(20))), org_id="acme", name="clerk", roles=("supplier",),
        keys=(AccountKey(U8(1), bytes(32)),), threshold=U8(1), high_threshold=U8(0), high_amount=Amount(0),
        nonce=Nonce(3), balance=Amount(100), frozen=Amount(7), created_height=Height(0),
    )


def test_evolve_equals_replace_and_leaves_the_original():
    a = _acct()
    b = evolve(a, balance=Amount(50), nonce=Nonce(4))
    assert b == dataclasses.replace(a, balance=Amount(50), nonce=Nonce(4))
    assert a.balance == 100 and a.nonce == 3
    assert type(b) is Account and hash(b) == hash(dataclasses.replace(a, balance=Amount(50), nonce=Nonce(4)))


def test_evolve_refuses_unknown_fields_and_stays_frozen():
    a = _acct()
    with pytest.raises(TypeError):
        evolve(a, balanse=Amount(1))
    b = evolve(a)
    assert b == a and b is not a
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.balance = Amount(1)  # type: ignore[misc]
