"""Addresses: derivation from keys and groups, Bech32 text, and refusal of mistyped text."""

from __future__ import annotations

import string

import bech32
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node.core.address import (
    ADDRESS_TEXT_LENGTH,
    HRP,
    address_of_group,
    address_of_key,
    format_address,
    parse_address,
)
from node.core.crypto import PrivateKey, Scheme, key_fingerprint
from node.core.encoding import from_json, to_json
from node.core.errors import InvalidAddress
from node.core.hashing import tagged_hash
from node.core.types import Address

KEY = PrivateKey.from_secret(Scheme.ED25519, bytes([7]) * 32)
ADDR = address_of_key(Scheme.ED25519, KEY.public_key)
TEXT = format_address(ADDR)


def test_text_shape() -> None:
    assert ADDRESS_TEXT_LENGTH == 44
    assert len(TEXT) == 44
    assert TEXT.startswith("depot1")
    assert TEXT == TEXT.lower()
    assert set(TEXT[6:]) <= set(bech32.CHARSET)
    assert str(ADDR) == TEXT


def test_derivation() -> None:
    fp = key_fingerprint(Scheme.ED25519, KEY.public_key)
    assert ADDR == tagged_hash(b"DEPOT/ADDR", fp)[:20]
    assert (
        address_of_group("northmill", "treasury")
        == tagged_hash(b"DEPOT/ADDR/GROUP", b"northmill\x00treasury")[:20]
    )
    # The scheme is part of the key's identity.
    assert address_of_key(Scheme.P256, KEY.public_key) != ADDR
    # Organisation and name are separated, so moving a character across them changes the address.
    assert address_of_group("ab", "c") != address_of_group("a", "bc")


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(min_size=20, max_size=20))
def test_round_trip(raw: bytes) -> None:
    text = format_address(raw)
    assert len(text) == ADDRESS_TEXT_LENGTH
    assert parse_address(text) == Address(raw)
    assert parse_address(text.upper()) == Address(raw)
    assert from_json(Address, to_json(Address(raw))) == Address(raw)


def test_every_single_character_substitution_is_refused() -> None:
    alphabet = string.ascii_letters + string.digits + string.punctuation + " "
    tried = 0
    for i, original in enumerate(TEXT):
        for c in alphabet:
            if c == original:
                continue
            # Includes a space at either end: it is trimmed, and the rest is too short.
            mistyped = TEXT[:i] + c + TEXT[i + 1 :]
            with pytest.raises(InvalidAddress):
                parse_address(mistyped)
            tried += 1
    assert tried == len(TEXT) * (len(alphabet) - 1)


def test_every_adjacent_swap_is_refused() -> None:
    for i in range(len(TEXT) - 1):
        if TEXT[i] == TEXT[i + 1]:
            continue
        swapped = TEXT[:i] + TEXT[i + 1] + TEXT[i] + TEXT[i + 2 :]
        with pytest.raises(InvalidAddress):
            parse_address(swapped)


def test_every_deletion_and_insertion_is_refused() -> None:
    for i in range(len(TEXT)):
        with pytest.raises(InvalidAddress):
            parse_address(TEXT[:i] + TEXT[i + 1 :])
        with pytest.raises(InvalidAddress):
            parse_address(TEXT[:i] + "q" + TEXT[i:])


def _data5(raw: bytes) -> list[int]:
    data = bech32.convertbits(raw, 8, 5, True)
    assert data is not None
    return data


@pytest.mark.parametrize("hrp", ["depoz", "Depot", "bc", "tb", "depot2", "dep", "depotx"])
def test_wrong_hrp_is_refused(hrp: str) -> None:
    text = bech32.bech32_encode(hrp.lower(), _data5(bytes(ADDR)))
    if hrp != hrp.lower():
        text = hrp + text[len(hrp) :]
    with pytest.raises(InvalidAddress):
        parse_address(text)


@pytest.mark.parametrize("n", [0, 1, 19, 21, 32])
def test_wrong_payload_length_is_refused(n: int) -> None:
    text = bech32.bech32_encode(HRP, _data5(bytes(n)))
    assert text != format_address(bytes(20))
    with pytest.raises(InvalidAddress):
        parse_address(text)
    with pytest.raises(InvalidAddress):
        format_address(bytes(n))


@pytest.mark.parametrize(
    "text",
    [
        TEXT[:10] + TEXT[10:].upper(),
        TEXT[:-1] + TEXT[-1].upper() if TEXT[-1].isalpha() else TEXT.upper()[:-1] + TEXT[-1],
        "DEPOT1" + TEXT[6:],
        TEXT.upper()[:6] + TEXT[6:],
    ],
    ids=["tail-upper", "one-char-case", "hrp-upper", "hrp-upper-2"],
)
def test_mixed_case_is_refused(text: str) -> None:
    if text in (TEXT, TEXT.upper()):
        pytest.skip("not mixed case for this address")
    with pytest.raises(InvalidAddress):
        parse_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "depot1",
        TEXT + "q",
        TEXT[:-1],
        ADDR.hex(),
        "0x" + ADDR.hex(),
        TEXT.replace("1", "l", 1),
    ],
    ids=["empty", "spaces", "hrp-only", "too-long", "too-short", "hex", "0x-hex", "no-separator"],
)
def test_malformed_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidAddress):
        parse_address(text)


@pytest.mark.parametrize("value", [None, 5, ADDR, bytes(ADDR)])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(InvalidAddress, match="must be text"):
        parse_address(value)  # type: ignore[arg-type]


def test_accepted_variants() -> None:
    assert parse_address(TEXT.upper()) == ADDR
    assert parse_address(f"  {TEXT}\t\n") == ADDR


def test_error_says_what_is_wrong() -> None:
    with pytest.raises(InvalidAddress, match="starts with 'depot1'"):
        parse_address("bc1" + TEXT[6:])
    with pytest.raises(InvalidAddress, match="44 characters"):
        parse_address(TEXT[:-1])
    with pytest.raises(InvalidAddress, match="checksum"):
        parse_address(TEXT[:-1] + ("q" if TEXT[-1] != "q" else "p"))
    assert InvalidAddress("x").code == "invalid_address"
