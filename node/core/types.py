"""Semantic scalar types: integers and byte strings that check their own range.

Each subclass of ``int`` or ``bytes`` here both documents what a field means
and tells the canonical encoding how wide it is on the wire.  Constructing one
out of range raises ``InvalidValue``; nothing downstream has to re-check.
"""

from __future__ import annotations

from typing import ClassVar

from node.core.errors import DepotError, InvalidAmount, InvalidValue


class UInt(int):
    """An unsigned integer of ``BITS`` bits."""

    BITS: ClassVar[int] = 64
    MAX: ClassVar[int] = (1 << 64) - 1
    ERROR: ClassVar[type[DepotError]] = InvalidValue
    """The error raised for a value out of range (``InvalidAmount`` for money)."""
    __slots__ = ()

    def __new__(cls, value: int = 0) -> UInt:  # noqa: PYI034 - subclasses narrow
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(f"{cls.__name__} must be an integer, got {type(value).__name__}")
        if value < 0:
            raise cls.ERROR(f"{cls.__name__} must not be negative, got {value}", value=int(value))
        if value > cls.MAX:
            raise cls.ERROR(f"{cls.__name__} {value} exceeds its maximum {cls.MAX}", value=int(value))
        return int.__new__(cls, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({int(self)})"


class U8(UInt):
    """Unsigned 8-bit integer."""

    BITS = 8
    MAX = 0xFF
    __slots__ = ()


class U16(UInt):
    """Unsigned 16-bit integer."""

    BITS = 16
    MAX = 0xFFFF
    __slots__ = ()


class U32(UInt):
    """Unsigned 32-bit integer."""

    BITS = 32
    MAX = 0xFFFF_FFFF
    __slots__ = ()


class U64(UInt):
    """Unsigned 64-bit integer."""

    BITS = 64
    MAX = (1 << 64) - 1
    __slots__ = ()


class Height(U64):
    """A block height; genesis is 0, the first block is 1."""

    __slots__ = ()


class Round(U32):
    """A consensus round within one height."""

    __slots__ = ()


class Nonce(U64):
    """An account's transaction counter: the next transaction must carry exactly this value."""

    __slots__ = ()


class TimestampMs(U64):
    """Milliseconds since the Unix epoch, UTC."""

    __slots__ = ()


class Amount(U64):
    """Money in integer minor units (e.g. fen or cents); never a float.

    Capped at 2**63 - 1 so that every amount also fits a signed 64-bit database
    column and sums of two amounts can be checked before they overflow.
    """

    MAX = (1 << 63) - 1
    ERROR = InvalidAmount
    __slots__ = ()


class Power(U64):
    """A validator's voting power. Capped so a set's total never overflows (CometBFT uses 2**60)."""

    MAX = 1 << 60
    __slots__ = ()


class FixedBytes(bytes):
    """A byte string of exactly ``SIZE`` bytes."""

    SIZE: ClassVar[int] = 32
    __slots__ = ()

    def __new__(cls, value: bytes = b"") -> FixedBytes:  # noqa: PYI034
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise InvalidValue(f"{cls.__name__} must be bytes, got {type(value).__name__}")
        value = bytes(value)
        if len(value) != cls.SIZE:
            raise InvalidValue(
                f"{cls.__name__} must be {cls.SIZE} bytes, got {len(value)}", length=len(value)
            )
        return bytes.__new__(cls, value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.hex()})"

    @classmethod
    def from_hex(cls, text: str) -> FixedBytes:
        try:
            raw = bytes.fromhex(text)
        except (ValueError, TypeError) as exc:
            raise InvalidValue(f"{cls.__name__}: not hex: {text!r:.80}") from exc
        return cls(raw)


class Hash32(FixedBytes):
    """A SHA-256 digest (block id, transaction id, Merkle root, state root)."""

    SIZE = 32
    __slots__ = ()


class Address(FixedBytes):
    """A 20-byte account or validator address; shown to people checksummed (see ``address.py``)."""

    SIZE = 20
    __slots__ = ()

    def __str__(self) -> str:
        from node.core.address import format_address

        return format_address(self)


class Signature64(FixedBytes):
    """A 64-byte signature: Ed25519, or ECDSA P-256 as r||s with low S."""

    SIZE = 64
    __slots__ = ()


ZERO_HASH32 = Hash32(bytes(32))
