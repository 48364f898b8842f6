"""Signed tank level readings: what a gateway's device key signs and a relaying transaction carries.

A reading is signed by the device key bound to the tank (``Domain.READING``),
independently of who relays it: a gateway delivering over HTTP, or the
node-side MQTT bridge, submits ``tank.report`` transactions whose payload is a
batch of signed readings.  Replay is prevented per tank by ``seq``, which must
strictly increase, so a re-delivered reading is refused and never counted twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from node.core import crypto
from node.core.encoding import MaxLen, encode
from node.core.hashing import tagged_hash
from node.core.types import U8, U32, U64, Hash32, Signature64, TimestampMs

MAX_READINGS_PER_REPORT = 256

# NAMUR NE43: a healthy 4–20 mA loop stays within 3.8–20.5 mA; outside is a fault, not a level.
NE43_LOW_UA = 3_800
NE43_HIGH_UA = 20_500


class Fault(enum.IntEnum):
    """Why a reading carries no level."""

    NONE = 0
    NE43_LOW = 1
    """Loop current below 3.8 mA: broken wire, sensor failure."""
    NE43_HIGH = 2
    """Loop current above 20.5 mA: short circuit, sensor failure."""
    STUCK = 3
    """The value has not changed for longer than the sensor allows."""
    OTHER = 4


@dataclass(frozen=True, slots=True)
class LevelReading:
    """One measurement of one tank, as the gateway took it."""

    tank_id: Annotated[str, MaxLen(64)]
    seq: U64
    """Strictly increasing per tank."""
    time_ms: TimestampMs
    """When it was measured; must lie within the chain's window around block time."""
    level_mm: U32
    """Liquid level above the tank bottom, millimetres; 0 when ``fault`` is set."""
    current_ua: U32
    """Loop current as measured, microamperes (4–20 mA sensors); 0 for digital sensors."""
    fault: U8
    """``Fault``; a faulted reading is recorded as a fault, never as a level."""


@dataclass(frozen=True, slots=True)
class SignedReading:
    reading: LevelReading
    scheme: U8
    public_key: Annotated[bytes, MaxLen(33)]
    """The device key; must be bound to the tank."""
    signature: Signature64


@dataclass(frozen=True, slots=True)
class Report:
    """Payload of ``tank.report``: readings relayed to the chain, in order."""

    readings: Annotated[tuple[SignedReading, ...], MaxLen(MAX_READINGS_PER_REPORT)]


def reading_digest(reading: LevelReading) -> Hash32:
    return Hash32(tagged_hash(b"DEPOT/READING", encode(reading)))


def reading_signing_message(chain_id: str, reading: LevelReading) -> bytes:
    return crypto.signing_message(crypto.Domain.READING, chain_id, reading_digest(reading))


def sign_reading(chain_id: str, reading: LevelReading, signer: crypto.Signer) -> SignedReading:
    sig = signer.sign(reading_signing_message(chain_id, reading))
    return SignedReading(reading, U8(int(signer.scheme)), bytes(signer.public_key), Signature64(sig))


def fault_of_current(current_ua: int) -> Fault:
    """NE43 classification of a 4–20 mA loop current."""
    if current_ua < NE43_LOW_UA:
        return Fault.NE43_LOW
    if current_ua > NE43_HIGH_UA:
        return Fault.NE43_HIGH
    return Fault.NONE


__all__ = [
    "Fault",
    "LevelReading",
    "MAX_READINGS_PER_REPORT",
    "Report",
    "SignedReading",
    "fault_of_current",
    "reading_signing_message",
    "sign_reading",
    "U32",
    "U64",
    "TimestampMs",
]
