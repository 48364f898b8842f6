"""Building genesis documents for development, demo and test networks from generated keys."""

from __future__ import annotations

from dataclasses import dataclass

from node.core.address import address_of_key
from node.core.encoding import encode
from node.core.genesis import DEFAULT_PARAMS, ChainParams, Genesis, GenesisSection
from node.core.types import U8, Amount, TimestampMs
from node.core.validators import Validator, make_validator
from node.modules.accounts.genesis import AccountsGenesis, GenesisAccount
from node.modules.accounts.records import AccountKey
from node.modules.accounts.transitions import RegisterOrganisation

# The organisations of the demo consortium and the role each demo account plays.
DEMO_ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("core-corp", "Core Manufacturing Co.", "core_enterprise"),
    ("city-bank", "City Commercial Bank", "bank"),
    ("east-warehouse", "East Bonded Warehouse", "warehouse"),
    ("swift-logistics", "Swift Logistics", "logistics"),
    ("acme-fuel", "Acme Fuel Supply", "supplier"),
    ("northmill", "Northmill Foods", "customer"),
    ("audit-partners", "Audit Partners LLP", "auditor"),
)

# (account name, organisation, roles)
DEMO_ACCOUNTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bank", "city-bank", ("bank", "governor")),
    ("core_enterprise", "core-corp", ("core_enterprise", "governor")),
    ("supplier", "acme-fuel", ("supplier",)),
    ("customer", "northmill", ("customer",)),
    ("warehouse_manager", "east-warehouse", ("warehouse_manager", "governor")),
    ("logistics", "swift-logistics", ("logistics", "governor")),
    ("auditor", "audit-partners", ("auditor",)),
    ("arbiter", "core-corp", ("arbiter",)),
    ("regulator", "city-bank", ("regulator",)),
    ("gateway", "acme-fuel", ("gateway",)),
)


@dataclass(frozen=True, slots=True)
class AccountSpec:
    name: str
    org_id: str
    roles: tuple[str, ...]
    scheme: int
    public_key: bytes
    balance: int


@dataclass(frozen=True, slots=True)
class ValidatorSpec:
    scheme: int
    public_key: bytes
    power: int
    operator_public_key: bytes
    """Key of the operator account (Ed25519), which must be among the accounts."""
    operator_scheme: int = 1


def build_genesis(
    chain_id: str,
    genesis_time_ms: int,
    validators: list[ValidatorSpec],
    accounts: list[AccountSpec],
    organisations: tuple[tuple[str, str, str], ...] = DEMO_ORGANISATIONS,
    params: ChainParams = DEFAULT_PARAMS,
) -> Genesis:
    vals: list[Validator] = [
        make_validator(
            v.scheme, v.public_key, v.power, address_of_key(v.operator_scheme, v.operator_public_key)
        )
        for v in validators
    ]
    gaccounts = tuple(
        GenesisAccount(
            address=address_of_key(a.scheme, a.public_key),
            org_id=a.org_id,
            name=a.name,
            roles=a.roles,
            keys=(AccountKey(U8(a.scheme), a.public_key),),
            threshold=U8(1),
            high_threshold=U8(0),
            high_amount=Amount(0),
            balance=Amount(a.balance),
        )
        for a in accounts
    )
    section = AccountsGenesis(
        organisations=tuple(RegisterOrganisation(o, n, k) for o, n, k in organisations),
        accounts=gaccounts,
    )
    return Genesis(
        chain_id=chain_id,
        genesis_time_ms=TimestampMs(genesis_time_ms),
        params=params,
        validators=tuple(sorted(vals, key=lambda v: bytes(v.address))),
        sections=(GenesisSection("accounts", encode(section)),),
    )
