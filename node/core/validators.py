"""Validators and validator sets: who may sign commits, and with what voting power."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core import crypto
from node.core.address import address_of_key
from node.core.encoding import MaxLen, encode
from node.core.errors import DepotError
from node.core.merkle import merkle_root
from node.core.types import U8, Address, Hash32, Power

MAX_VALIDATORS = 150
VALIDATORS_KEY = b"consensus/validators"
"""State key of the validator set in force for the next block."""


class InvalidValidatorSet(DepotError):
    code = "invalid_validator_set"


@dataclass(frozen=True, slots=True)
class Validator:
    """One member of the validator set."""

    address: Address
    """Derived from the consensus key (``address_of_key``)."""
    scheme: U8
    """Scheme of the consensus key."""
    public_key: Annotated[bytes, MaxLen(33)]
    """The consensus key that signs votes."""
    power: Power
    """Voting power; > 0."""
    operator: Address
    """The account that votes in governance for this validator's organisation."""


@dataclass(frozen=True, slots=True)
class ValidatorSet:
    """The validators in force at a height, sorted by address (the commit signature order)."""

    validators: Annotated[tuple[Validator, ...], MaxLen(MAX_VALIDATORS)]

    def __post_init__(self) -> None:
        if not self.validators:
            raise InvalidValidatorSet("a validator set cannot be empty")
        prev = b""
        for v in self.validators:
            if v.address <= prev:
                raise InvalidValidatorSet("validators must be sorted by address, without duplicates")
            prev = v.address
            if v.power <= 0:
                raise InvalidValidatorSet("validator power must be positive")
            crypto.check_public_key(v.scheme, v.public_key)
            if address_of_key(v.scheme, v.public_key) != v.address:
                raise InvalidValidatorSet("validator address does not match its key")
        if self.total_power() > Power.MAX:
            raise InvalidValidatorSet("total voting power too large")

    def total_power(self) -> int:
        return sum(int(v.power) for v in self.validators)

    def hash(self) -> Hash32:
        """Merkle root over each validator's canonical encoding (as headers commit to it)."""
        return Hash32(merkle_root([encode(v) for v in self.validators]))

    def index_of(self, address: bytes) -> int | None:
        for i, v in enumerate(self.validators):
            if v.address == address:
                return i
        return None

    def by_address(self, address: bytes) -> Validator | None:
        i = self.index_of(address)
        return None if i is None else self.validators[i]

    @staticmethod
    def of(validators: list[Validator]) -> ValidatorSet:
        """Build a set from validators in any order."""
        return ValidatorSet(tuple(sorted(validators, key=lambda v: bytes(v.address))))


def make_validator(scheme: int, public_key: bytes, power: int, operator: Address) -> Validator:
    return Validator(
        address=address_of_key(scheme, public_key),
        scheme=U8(scheme),
        public_key=bytes(public_key),
        power=Power(power),
        operator=operator,
    )
