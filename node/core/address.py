"""Addresses: how an account or validator is named on chain (20 bytes) and to people (Bech32).

An address is the first 20 bytes of a tagged SHA-256 of the account's first
public key (or, for an organisation's multi-signer account, of the
organisation id and account name).  People see it as Bech32 (BIP-173) text
with the human-readable part ``depot``; its six-character checksum catches any
four typing errors, so a mistyped address is refused rather than paid.
"""

from __future__ import annotations

from functools import lru_cache

import bech32

from node.core.crypto import key_fingerprint
from node.core.errors import InvalidAddress
from node.core.hashing import tagged_hash
from node.core.types import Address

HRP = "depot"
ADDRESS_TEXT_LENGTH = len(HRP) + 1 + 32 + 6  # hrp, separator, 160 bits in 5-bit groups, checksum


def address_of_key(scheme: int, public_key: bytes) -> Address:
    """The address of a single-key account or a validator."""
    return Address(tagged_hash(b"DEPOT/ADDR", key_fingerprint(scheme, public_key))[:20])


def address_of_group(org_id: str, name: str) -> Address:
    """The address of an organisation's multi-signer account (it has no single key)."""
    data = org_id.encode("utf-8") + b"\x00" + name.encode("utf-8")
    return Address(tagged_hash(b"DEPOT/ADDR/GROUP", data)[:20])


def format_address(address: bytes) -> str:
    """Bech32 text for an address."""
    if len(address) != 20:
        raise InvalidAddress(f"an address is 20 bytes, got {len(address)}")
    return _format(bytes(address))


@lru_cache(maxsize=1 << 16)
def _format(address: bytes) -> str:
    # Pure-Python Bech32 costs ~30 µs; events name the same few accounts over and over.
    data = bech32.convertbits(address, 8, 5, True)
    if data is None:  # pragma: no cover - 20 bytes always convert
        raise InvalidAddress("address did not convert")
    return bech32.bech32_encode(HRP, data)


def parse_address(text: str) -> Address:
    """Parse typed or pasted address text; raise ``InvalidAddress`` saying what is wrong."""
    if not isinstance(text, str):
        raise InvalidAddress("an address must be text")
    t = text.strip()
    if not t:
        raise InvalidAddress("the address is empty")
    if not t.lower().startswith(HRP + "1"):
        raise InvalidAddress(f"a Depot address starts with '{HRP}1'", text=t[:64])
    if len(t) != ADDRESS_TEXT_LENGTH:
        raise InvalidAddress(
            f"a Depot address has {ADDRESS_TEXT_LENGTH} characters, this one has {len(t)}",
            text=t[:64],
        )
    hrp, data = bech32.bech32_decode(t)
    if hrp is None or data is None:
        raise InvalidAddress("the address checksum does not match (mistyped?)", text=t[:64])
    raw = bech32.convertbits(data, 5, 8, False)
    if raw is None or len(raw) != 20:
        raise InvalidAddress("the address does not encode 20 bytes", text=t[:64])
    return Address(bytes(raw))
