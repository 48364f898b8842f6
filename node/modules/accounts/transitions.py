"""Transaction kinds and governance actions of the accounts and settlement-token module."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from node.core.address import address_of_group, address_of_key
from node.core.crypto import check_public_key
from node.core.encoding import MaxLen
from node.core.errors import DepotError
from node.core.execution import TxContext
from node.core.records import evolve
from node.core.state import State
from node.core.transactions import (
    NonceGap,
    NonceTooLow,
    Transaction,
    UnauthorizedSigner,
    UnknownSender,
)
from node.core.types import U8, Address, Amount, Height, Nonce
from node.modules.accounts import ledger
from node.modules.accounts.errors import (
    DuplicateAccount,
    DuplicateOrganisation,
    InvalidAccountSpec,
    InvalidTransfer,
    NotBank,
    SupplyOverflow,
    UnknownKey,
    UnknownOrganisation,
    UnknownRole,
)
from node.modules.accounts.records import (
    ORG_KINDS,
    ROLES,
    SUPPLY_KEY,
    Account,
    AccountKey,
    Organisation,
    TokenSupply,
    account_key,
    org_key,
)

MAX_MEMO = 256


# --- payloads ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Transfer:
    """``token.transfer``: pay settlement tokens to another account."""

    to: Address
    amount: Amount
    """Minor units; > 0."""
    memo: Annotated[str, MaxLen(MAX_MEMO)]
    """Free text for the recipient's reconciliation (invoice number)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """``token.issue``: the bank mints settlement tokens to an account (against fiat received)."""

    to: Address
    amount: Amount


@dataclass(frozen=True, slots=True)
class Redeem:
    """``token.redeem``: the bank burns tokens from its own balance (fiat paid out)."""

    amount: Amount


@dataclass(frozen=True, slots=True)
class RegisterOrganisation:
    """Governance action ``org.register``."""

    org_id: Annotated[str, MaxLen(64)]
    name: Annotated[str, MaxLen(256)]
    kind: Annotated[str, MaxLen(32)]


@dataclass(frozen=True, slots=True)
class RegisterAccount:
    """Governance action ``account.register``."""

    address: Address
    org_id: Annotated[str, MaxLen(64)]
    name: Annotated[str, MaxLen(128)]
    roles: Annotated[tuple[Annotated[str, MaxLen(32)], ...], MaxLen(16)]
    keys: Annotated[tuple[AccountKey, ...], MaxLen(16)]
    threshold: U8
    high_threshold: U8
    high_amount: Amount


@dataclass(frozen=True, slots=True)
class SetRoles:
    """Governance action ``account.set_roles``: replace an account's roles."""

    address: Address
    roles: Annotated[tuple[Annotated[str, MaxLen(32)], ...], MaxLen(16)]


@dataclass(frozen=True, slots=True)
class RotateKey:
    """``account.rotate_key``: replace one of the sending account's keys; assets stay where they are."""

    old: AccountKey
    """The key to remove: must be one of the account's keys (same scheme and bytes)."""
    new: AccountKey
    """The key that takes its place (same position in the key list)."""


@dataclass(frozen=True, slots=True)
class SetSigners:
    """``account.set_signers``: replace the sending account's whole signer set and thresholds."""

    keys: Annotated[tuple[AccountKey, ...], MaxLen(16)]
    threshold: U8
    high_threshold: U8
    """0 turns the higher threshold off."""
    high_amount: Amount


SIGNER_CHANGE_VALUE = Amount.MAX
"""The value a change of signers declares (§7.5): the largest amount, so an account's higher
threshold, when it has one, always applies to changing who may sign for it."""


# --- authorisation ------------------------------------------------------------------------


def authorize(state: State, tx: Transaction, value: int) -> None:
    """Sender exists, every signer is one of its keys, enough of them signed, nonce is next."""
    body = tx.body
    acct = ledger.get_account(state, body.sender)
    if acct is None:
        raise UnknownSender(f"sender {body.sender} is not a registered account")
    allowed = {k.public_key: int(k.scheme) for k in acct.keys}
    for s in tx.signatures:
        scheme = allowed.get(s.public_key)
        if scheme is None or scheme != s.scheme:
            raise UnauthorizedSigner(
                f"key {s.public_key.hex()[:16]}… is not a signer of account {body.sender}",
                public_key=s.public_key,
            )
    needed = int(acct.threshold)
    if acct.high_threshold and acct.high_amount and value >= acct.high_amount:
        needed = max(needed, int(acct.high_threshold))
    if len(tx.signatures) < needed:
        raise UnauthorizedSigner(
            f"{len(tx.signatures)} of {needed} required signatures",
            have=len(tx.signatures),
            need=needed,
        )
    if body.nonce < acct.nonce:
        raise NonceTooLow(
            f"nonce {int(body.nonce)} was already used; the next is {int(acct.nonce)}",
            nonce=int(body.nonce),
            expected=int(acct.nonce),
        )
    if body.nonce > acct.nonce:
        raise NonceGap(
            f"nonce {int(body.nonce)} skips ahead; the next is {int(acct.nonce)}",
            nonce=int(body.nonce),
            expected=int(acct.nonce),
        )
    state.put(account_key(body.sender), evolve(acct, nonce=Nonce(acct.nonce + 1)))


# --- transitions --------------------------------------------------------------------------


def apply_transfer(ctx: TxContext, p: Transfer) -> None:
    ledger.positive_amount(p.amount)
    if p.to == ctx.sender:
        raise InvalidTransfer("cannot transfer to the sending account itself")
    ledger.transfer(ctx.state, ctx.sender, p.to, p.amount)
    ctx.emit("token.transferred", sender=ctx.sender, to=p.to, amount=p.amount, memo=p.memo)


def _require_bank(ctx: TxContext) -> None:
    acct = ledger.require_account(ctx.state, ctx.sender)
    if "bank" not in acct.roles:
        raise NotBank(f"account {ctx.sender} does not have the bank role; only a bank may issue or redeem")


def apply_issue(ctx: TxContext, p: Issue) -> None:
    _require_bank(ctx)
    ledger.positive_amount(p.amount)
    sup = ledger.supply(ctx.state)
    outstanding = int(sup.issued) - int(sup.redeemed)
    if outstanding + int(p.amount) > Amount.MAX or int(sup.issued) + int(p.amount) > Amount.MAX:
        raise SupplyOverflow("issuing this amount would overflow the token supply")
    ledger.credit(ctx.state, p.to, p.amount)
    ctx.state.put(SUPPLY_KEY, TokenSupply(Amount(sup.issued + p.amount), sup.redeemed))
    ctx.emit("token.issued", bank=ctx.sender, to=p.to, amount=p.amount)


def apply_redeem(ctx: TxContext, p: Redeem) -> None:
    _require_bank(ctx)
    ledger.positive_amount(p.amount)
    ledger.debit(ctx.state, ctx.sender, p.amount)
    sup = ledger.supply(ctx.state)
    ctx.state.put(SUPPLY_KEY, TokenSupply(sup.issued, Amount(sup.redeemed + p.amount)))
    ctx.emit("token.redeemed", bank=ctx.sender, amount=p.amount)


def check_roles(roles: tuple[str, ...]) -> None:
    for r in roles:
        if r not in ROLES:
            raise UnknownRole(f"unknown role {r!r}", role=r)
    if len(set(roles)) != len(roles):
        raise UnknownRole("a role is listed twice")


def check_account_spec(
    address: bytes, org_id: str, name: str, keys: tuple[AccountKey, ...], threshold: int, high_threshold: int
) -> None:
    """Keys well formed and distinct, thresholds reachable, address derived from keys or group."""
    check_signer_set(keys, threshold, high_threshold)
    if len(keys) == 1:
        expected = address_of_key(keys[0].scheme, keys[0].public_key)
    else:
        expected = address_of_group(org_id, name)
    if expected != address:
        raise InvalidAccountSpec(
            "address does not match: a single-key account's address derives from its key, "
            "a multi-signer account's from its organisation and name"
        )


def check_signer_set(keys: tuple[AccountKey, ...], threshold: int, high_threshold: int) -> None:
    """At least one key, each well formed for its scheme and listed once, thresholds reachable."""
    if not keys:
        raise InvalidAccountSpec("an account needs at least one key")
    seen = set()
    for k in keys:
        try:
            check_public_key(k.scheme, k.public_key)
        except DepotError as exc:
            raise InvalidAccountSpec(f"bad key: {exc.message}") from exc
        if k.public_key in seen:
            raise InvalidAccountSpec("the same key is listed twice")
        seen.add(k.public_key)
    if not 1 <= threshold <= len(keys):
        raise InvalidAccountSpec(f"threshold {threshold} must be between 1 and {len(keys)}")
    if high_threshold and not threshold <= high_threshold <= len(keys):
        raise InvalidAccountSpec("the higher threshold must lie between the threshold and the key count")


def create_account(state: State, spec: RegisterAccount, height: int, balance: int = 0) -> Account:
    if state.get(org_key(spec.org_id), Organisation) is None:
        raise UnknownOrganisation(f"organisation {spec.org_id!r} is not registered", org_id=spec.org_id)
    if ledger.get_account(state, spec.address) is not None:
        raise DuplicateAccount(f"account {spec.address} already exists")
    check_roles(spec.roles)
    check_account_spec(spec.address, spec.org_id, spec.name, spec.keys, spec.threshold, spec.high_threshold)
    acct = Account(
        address=spec.address,
        org_id=spec.org_id,
        name=spec.name,
        roles=tuple(spec.roles),
        keys=tuple(spec.keys),
        threshold=spec.threshold,
        high_threshold=spec.high_threshold,
        high_amount=spec.high_amount,
        nonce=Nonce(0),
        balance=Amount(balance),
        frozen=Amount(0),
        created_height=Height(height),
    )
    state.put(account_key(spec.address), acct)
    return acct


def create_organisation(state: State, spec: RegisterOrganisation, height: int) -> Organisation:
    if spec.kind not in ORG_KINDS:
        raise InvalidAccountSpec(f"unknown organisation kind {spec.kind!r}")
    if not spec.org_id or not spec.org_id.isascii() or not spec.org_id.replace("-", "").replace("_", "").isalnum():
        raise InvalidAccountSpec("organisation id must be ASCII letters, digits, '-' or '_'")
    if state.get(org_key(spec.org_id), Organisation) is not None:
        raise DuplicateOrganisation(f"organisation {spec.org_id!r} already exists")
    org = Organisation(spec.org_id, spec.name, spec.kind, Height(height))
    state.put(org_key(spec.org_id), org)
    return org


def action_register_org(ctx: TxContext, p: RegisterOrganisation) -> None:
    create_organisation(ctx.state, p, ctx.env.height)
    ctx.emit("org.registered", org_id=p.org_id, name=p.name, kind=p.kind)


def action_register_account(ctx: TxContext, p: RegisterAccount) -> None:
    create_account(ctx.state, p, ctx.env.height)
    ctx.emit("account.registered", address=p.address, org_id=p.org_id, roles=list(p.roles))


def action_set_roles(ctx: TxContext, p: SetRoles) -> None:
    acct = ledger.require_account(ctx.state, p.address)
    check_roles(p.roles)
    ctx.state.put(account_key(p.address), replace(acct, roles=tuple(p.roles)))
    ctx.emit("account.roles_changed", address=p.address, roles=list(p.roles))


# --- signer changes (organisation accounts and key rotation) --------------------------------


def apply_rotate_key(ctx: TxContext, p: RotateKey) -> None:
    """Replace ``p.old`` by ``p.new`` in the sender's keys, at the same position."""
    acct = ledger.require_account(ctx.state, ctx.sender)
    position = next(
        (i for i, k in enumerate(acct.keys) if k.public_key == p.old.public_key and k.scheme == p.old.scheme),
        None,
    )
    if position is None:
        raise UnknownKey(
            f"key {p.old.public_key.hex()[:16]}… is not a signer of account {ctx.sender}",
            public_key=bytes(p.old.public_key),
        )
    keys = acct.keys[:position] + (AccountKey(p.new.scheme, bytes(p.new.public_key)),) + acct.keys[position + 1 :]
    check_signer_set(keys, int(acct.threshold), int(acct.high_threshold))
    ctx.state.put(account_key(ctx.sender), evolve(acct, keys=keys))
    ctx.emit(
        "account.key_rotated",
        address=ctx.sender,
        old_key=bytes(p.old.public_key),
        new_key=bytes(p.new.public_key),
        scheme=int(p.new.scheme),
    )


def apply_set_signers(ctx: TxContext, p: SetSigners) -> None:
    """Replace the sender's keys, threshold, higher threshold and its amount."""
    acct = ledger.require_account(ctx.state, ctx.sender)
    keys = tuple(AccountKey(k.scheme, bytes(k.public_key)) for k in p.keys)
    check_signer_set(keys, int(p.threshold), int(p.high_threshold))
    ctx.state.put(
        account_key(ctx.sender),
        evolve(acct, keys=keys, threshold=p.threshold, high_threshold=p.high_threshold, high_amount=p.high_amount),
    )
    ctx.emit(
        "account.signers_changed",
        address=ctx.sender,
        keys=[bytes(k.public_key) for k in keys],
        threshold=int(p.threshold),
        high_threshold=int(p.high_threshold),
        high_amount=p.high_amount,
    )
