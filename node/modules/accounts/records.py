"""State records of the accounts module: organisations, accounts with roles and keys, token supply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.types import U8, Address, Amount, Height, Nonce

ROLES = frozenset(
    {
        "bank",  # issues and redeems the settlement token; takes pledges
        "core_enterprise",  # confirms receivables it owes
        "supplier",
        "customer",
        "warehouse_manager",
        "logistics",
        "auditor",
        "regulator",  # may freeze receipts
        "arbiter",  # resolves disputes
        "governor",  # may open governance proposals
        "gateway",  # relays signed tank readings (a gateway, or a node's MQTT bridge)
    }
)
"""Roles an account can carry; modules check them before acting."""

ORG_KINDS = frozenset(
    {"core_enterprise", "supplier", "customer", "warehouse", "logistics", "bank", "auditor", "regulator", "operator"}
)

ACCOUNT_PREFIX = b"acct/"
ORG_PREFIX = b"org/"
SUPPLY_KEY = b"token/supply"


def account_key(address: bytes) -> bytes:
    return ACCOUNT_PREFIX + address


def org_key(org_id: str) -> bytes:
    return ORG_PREFIX + org_id.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Organisation:
    """A member organisation of the consortium."""

    org_id: Annotated[str, MaxLen(64)]
    """Short stable identifier, e.g. ``acme-fuel``."""
    name: Annotated[str, MaxLen(256)]
    """Legal name, as people read it."""
    kind: Annotated[str, MaxLen(32)]
    """One of ``ORG_KINDS``."""
    registered_height: Height


@dataclass(frozen=True, slots=True)
class AccountKey:
    """A public key allowed to sign for an account."""

    scheme: U8
    public_key: Annotated[bytes, MaxLen(33)]


@dataclass(frozen=True, slots=True)
class Account:
    """An account: belongs to one organisation, carries roles, holds settlement tokens."""

    address: Address
    org_id: Annotated[str, MaxLen(64)]
    name: Annotated[str, MaxLen(128)]
    """Label within the organisation (``finance-clerk-1``)."""
    roles: Annotated[tuple[Annotated[str, MaxLen(32)], ...], MaxLen(16)]
    keys: Annotated[tuple[AccountKey, ...], MaxLen(16)]
    """Keys that may sign; single-key accounts have one."""
    threshold: U8
    """How many distinct keys must sign."""
    high_threshold: U8
    """Signatures needed when a transaction moves ``high_amount`` or more (four-eyes rule); 0 = off."""
    high_amount: Amount
    nonce: Nonce
    """The nonce the next transaction must carry."""
    balance: Amount
    """Available settlement tokens, minor units."""
    frozen: Amount
    """Tokens held in escrow (orders awaiting delivery); not spendable."""
    created_height: Height


@dataclass(frozen=True, slots=True)
class TokenSupply:
    """Settlement-token totals: issued minus redeemed equals the sum of all balances and escrow."""

    issued: Amount
    redeemed: Amount
