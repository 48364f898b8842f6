"""Reading and moving settlement tokens: the functions other modules call for payments and escrow."""

from __future__ import annotations

from node.core.errors import InvalidAmount
from node.core.records import evolve
from node.core.state import State
from node.core.types import Address, Amount
from node.modules.accounts.errors import (
    InsufficientFunds,
    MissingRole,
    SupplyOverflow,
    UnknownAccount,
)
from node.modules.accounts.records import SUPPLY_KEY, Account, TokenSupply, account_key


def get_account(state: State, address: bytes) -> Account | None:
    return state.get(account_key(address), Account)


def require_account(state: State, address: bytes, what: str = "account") -> Account:
    acct = get_account(state, address)
    if acct is None:
        raise UnknownAccount(f"{what} {Address(address)} is not registered", address=bytes(address))
    return acct


def require_role(acct: Account, role: str) -> None:
    if role not in acct.roles:
        raise MissingRole(
            f"account {acct.address} lacks the {role!r} role", role=role, address=bytes(acct.address)
        )


def positive_amount(amount: int, what: str = "amount") -> Amount:
    a = Amount(amount)
    if a == 0:
        raise InvalidAmount(f"{what} must be greater than zero")
    return a


def debit(state: State, address: bytes, amount: int) -> Account:
    acct = require_account(state, address)
    if acct.balance < amount:
        raise InsufficientFunds(
            f"balance {int(acct.balance)} is less than {int(amount)}",
            balance=int(acct.balance),
            amount=int(amount),
        )
    new = evolve(acct, balance=Amount(acct.balance - amount))
    state.put(account_key(address), new)
    return new


def credit(state: State, address: bytes, amount: int) -> Account:
    acct = require_account(state, address, "recipient")
    total = int(acct.balance) + int(amount)
    if total > Amount.MAX:
        raise SupplyOverflow("recipient balance would overflow")
    new = evolve(acct, balance=Amount(total))
    state.put(account_key(address), new)
    return new


def transfer(state: State, sender: bytes, recipient: bytes, amount: int) -> None:
    # Credit check first so an unknown recipient fails before anything is debited.
    require_account(state, recipient, "recipient")
    debit(state, sender, amount)
    credit(state, recipient, amount)


def freeze(state: State, address: bytes, amount: int) -> Account:
    """Move ``amount`` from available balance into escrow."""
    acct = require_account(state, address)
    if acct.balance < amount:
        raise InsufficientFunds(
            f"available balance {int(acct.balance)} cannot cover an escrow of {int(amount)}",
            balance=int(acct.balance),
            amount=int(amount),
        )
    new = evolve(acct, balance=Amount(acct.balance - amount), frozen=Amount(acct.frozen + amount))
    state.put(account_key(address), new)
    return new


def unfreeze(state: State, address: bytes, amount: int) -> Account:
    """Release ``amount`` of escrow back to the available balance."""
    acct = require_account(state, address)
    if acct.frozen < amount:
        raise InsufficientFunds(f"escrow {int(acct.frozen)} is less than {int(amount)}")
    new = evolve(acct, balance=Amount(acct.balance + amount), frozen=Amount(acct.frozen - amount))
    state.put(account_key(address), new)
    return new


def pay_from_escrow(state: State, payer: bytes, payee: bytes, amount: int) -> None:
    """Pay ``amount`` out of ``payer``'s escrow to ``payee``'s available balance."""
    require_account(state, payee, "payee")
    acct = require_account(state, payer)
    if acct.frozen < amount:
        raise InsufficientFunds(f"escrow {int(acct.frozen)} is less than {int(amount)}")
    state.put(account_key(payer), evolve(acct, frozen=Amount(acct.frozen - amount)))
    credit(state, payee, amount)


def supply(state: State) -> TokenSupply:
    return state.get(SUPPLY_KEY, TokenSupply) or TokenSupply(Amount(0), Amount(0))
