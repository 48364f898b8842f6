"""The accounts module's part of the genesis document: organisations and accounts with opening balances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.state import State
from node.core.types import U8, Address, Amount
from node.modules.accounts.records import SUPPLY_KEY, AccountKey, TokenSupply
from node.modules.accounts.transitions import (
    RegisterAccount,
    RegisterOrganisation,
    create_account,
    create_organisation,
)


@dataclass(frozen=True, slots=True)
class GenesisAccount:
    """An account that exists from the start, with its opening balance."""

    address: Address
    org_id: Annotated[str, MaxLen(64)]
    name: Annotated[str, MaxLen(128)]
    roles: Annotated[tuple[Annotated[str, MaxLen(32)], ...], MaxLen(16)]
    keys: Annotated[tuple[AccountKey, ...], MaxLen(16)]
    threshold: U8
    high_threshold: U8
    high_amount: Amount
    balance: Amount


@dataclass(frozen=True, slots=True)
class AccountsGenesis:
    organisations: tuple[RegisterOrganisation, ...]
    accounts: tuple[GenesisAccount, ...]


def init_genesis(state: State, g: AccountsGenesis) -> None:
    for org in g.organisations:
        create_organisation(state, org, 0)
    total = 0
    for a in g.accounts:
        spec = RegisterAccount(
            a.address, a.org_id, a.name, a.roles, a.keys, a.threshold, a.high_threshold, a.high_amount
        )
        create_account(state, spec, 0, balance=int(a.balance))
        total += int(a.balance)
    # Opening balances count as issued, so issued - redeemed always equals what is held.
    state.put(SUPPLY_KEY, TokenSupply(Amount(total), Amount(0)))
