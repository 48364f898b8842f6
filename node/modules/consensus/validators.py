"""Validator-set changes decided by governance, and when they take effect.

A change approved in block H takes effect at height H+2, as in CometBFT:
header H already fixed the set for H+1 (its ``next_validators_hash``), so the
earliest set a change can alter is the one for H+2, which header H+1 commits
to.  The state keeps ``consensus/validators`` as the set for the *next*
block and ``consensus/pending/<height>`` for sets waiting for their height;
the end-of-block hook of block H+1 installs the set pending for H+2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core.address import address_of_key
from node.core.crypto import check_public_key
from node.core.encoding import MaxLen
from node.core.errors import DepotError
from node.core.execution import BlockContext, TxContext
from node.core.state import State
from node.core.types import U8, Address, Height, Power
from node.core.validators import (
    MAX_VALIDATORS,
    VALIDATORS_KEY,
    Validator,
    ValidatorSet,
    make_validator,
)
from node.modules.accounts.ledger import require_account

PENDING_PREFIX = b"consensus/pending/"
CHANGE_DELAY = 2
"""A change approved in block H applies from height H + CHANGE_DELAY."""


class InvalidValidatorChange(DepotError):
    code = "invalid_validator_change"


@dataclass(frozen=True, slots=True)
class PendingValidators:
    """A validator set that will be in force from ``effective_height``."""

    effective_height: Height
    validators: ValidatorSet


@dataclass(frozen=True, slots=True)
class AddValidator:
    scheme: U8
    public_key: Annotated[bytes, MaxLen(33)]
    power: Power
    operator: Address
    """The account that votes in governance for this validator."""


@dataclass(frozen=True, slots=True)
class RemoveValidator:
    address: Address


@dataclass(frozen=True, slots=True)
class SetPower:
    address: Address
    power: Power


def pending_key(height: int) -> bytes:
    return PENDING_PREFIX + int(height).to_bytes(8, "big")


def _latest_planned(state: State, height: int) -> ValidatorSet:
    """The set that will be in force at ``height + CHANGE_DELAY`` given what is already planned."""
    for h in range(height + CHANGE_DELAY, height, -1):
        p = state.get(pending_key(h), PendingValidators)
        if p is not None:
            return p.validators
    current = state.get(VALIDATORS_KEY, ValidatorSet)
    if current is None:  # pragma: no cover - genesis always has a set
        raise InvalidValidatorChange("no validator set in state")
    return current


def _plan(ctx: TxContext, validators: list[Validator]) -> ValidatorSet:
    if not validators:
        raise InvalidValidatorChange("the last validator cannot be removed")
    if len(validators) > MAX_VALIDATORS:
        raise InvalidValidatorChange(f"at most {MAX_VALIDATORS} validators")
    try:
        vset = ValidatorSet.of(validators)
    except DepotError as exc:
        raise InvalidValidatorChange(exc.message) from exc
    eff = ctx.env.height + CHANGE_DELAY
    ctx.state.put(pending_key(eff), PendingValidators(Height(eff), vset))
    ctx.emit("validators.planned", effective_height=eff, validators_hash=vset.hash().hex(), count=len(vset.validators))
    return vset


def action_add(ctx: TxContext, p: AddValidator) -> None:
    try:
        check_public_key(p.scheme, p.public_key)
    except DepotError as exc:
        raise InvalidValidatorChange(f"bad consensus key: {exc.message}") from exc
    require_account(ctx.state, p.operator, "operator")
    base = _latest_planned(ctx.state, ctx.env.height)
    addr = address_of_key(int(p.scheme), p.public_key)
    if base.by_address(addr) is not None:
        raise InvalidValidatorChange("this key is already a validator")
    if p.power == 0:
        raise InvalidValidatorChange("a validator needs positive power")
    _plan(ctx, [*base.validators, make_validator(int(p.scheme), p.public_key, int(p.power), p.operator)])
    ctx.emit("validator.added", address=addr, power=p.power, operator=p.operator)


def action_remove(ctx: TxContext, p: RemoveValidator) -> None:
    base = _latest_planned(ctx.state, ctx.env.height)
    if base.by_address(p.address) is None:
        raise InvalidValidatorChange(f"{p.address} is not a validator")
    _plan(ctx, [v for v in base.validators if v.address != p.address])
    ctx.emit("validator.removed", address=p.address)


def action_set_power(ctx: TxContext, p: SetPower) -> None:
    base = _latest_planned(ctx.state, ctx.env.height)
    v = base.by_address(p.address)
    if v is None:
        raise InvalidValidatorChange(f"{p.address} is not a validator")
    if p.power == 0:
        raise InvalidValidatorChange("use validator.remove to take a validator out")
    _plan(ctx, [Validator(x.address, x.scheme, x.public_key, p.power, x.operator) if x.address == p.address else x for x in base.validators])
    ctx.emit("validator.power_changed", address=p.address, power=p.power)


def end_block(ctx: BlockContext) -> None:
    """Install the set planned for the next height (it signs block ``height + 1``)."""
    nxt = ctx.env.height + 1
    p = ctx.state.get(pending_key(nxt), PendingValidators)
    if p is None:
        return
    ctx.state.put(VALIDATORS_KEY, p.validators)
    ctx.state.delete(pending_key(nxt))
    ctx.emit("validators.changed", effective_height=nxt, validators_hash=p.validators.hash().hex())
