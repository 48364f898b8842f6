"""The canonical encoding: round trips for every encodable structure, and strict decoding."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.core.blocks import (
    Block,
    Commit,
    CommitSig,
    DuplicateVoteEvidence,
    Header,
    SignedVote,
    Vote,
)
from node.core.crypto import PrivateKey, Scheme
from node.core.encoding import MaxLen, codec_for, decode, encode, from_json, to_json
from node.core.errors import DecodeError, DepotError, InvalidAmount, InvalidValue
from node.core.genesis import ChainParams, Genesis, GenesisSection
from node.core.transactions import Transaction, TxBody, TxSignature
from node.core.types import (
    U8,
    U16,
    U32,
    U64,
    Address,
    Amount,
    FixedBytes,
    Hash32,
    Height,
    Power,
    UInt,
)
from node.core.validators import Validator, ValidatorSet, make_validator
from node.modules import default_registry
from node.modules.accounts.records import Account
from node.modules.accounts.transitions import SetRoles, Transfer
from node.modules.governance.records import Ballot, Counter, OpenProposals
from node.modules.governance.transitions import Vote as GovVote

REGISTRY = default_registry()

# Every payload, action and record type the registry knows, plus module genesis sections.
REGISTRY_TYPES: list[type] = sorted(
    {k.payload_type for k in REGISTRY.kinds.values()}
    | {a.payload_type for a in REGISTRY.actions.values()}
    | {r.record_type for r in REGISTRY.records}
    | {m.genesis_type for m in REGISTRY.modules if m.genesis_type is not None},
    key=lambda t: t.__qualname__,
)

CORE_TYPES: list[type] = [
    TxBody,
    TxSignature,
    Transaction,
    Header,
    Vote,
    SignedVote,
    CommitSig,
    Commit,
    DuplicateVoteEvidence,
    Block,
    Validator,
    ValidatorSet,
    ChainParams,
    GenesisSection,
    Genesis,
    Ballot,
    Counter,
    OpenProposals,
]

ALL_TYPES = REGISTRY_TYPES + [t for t in CORE_TYPES if t not in REGISTRY_TYPES]

FAST = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies -----------------------------------------------------------------

_KEYS = [PrivateKey.from_secret(Scheme.ED25519, bytes([i + 1]) * 32) for i in range(4)] + [
    PrivateKey.from_secret(Scheme.P256, bytes([0x10 + i]) * 32) for i in range(2)
]


def _uint(tp: type[UInt]) -> st.SearchStrategy[Any]:
    # Bias towards the edges of the range, where width and cap bugs live.
    return st.one_of(
        st.sampled_from([0, 1, tp.MAX - 1, tp.MAX]),
        st.integers(min_value=0, max_value=tp.MAX),
    ).map(tp)


def _text(limit: int) -> st.SearchStrategy[str]:
    # At most 4 UTF-8 bytes per character, so this never exceeds the byte limit.
    return st.text(max_size=min(limit // 4, 12))


@st.composite
def _validator_sets(draw: st.DrawFn) -> ValidatorSet:
    keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=4, unique_by=id))
    vals = [
        make_validator(
            k.scheme,
            k.public_key,
            draw(st.integers(min_value=1, max_value=1 << 40)),
            draw(st.binary(min_size=20, max_size=20).map(Address)),
        )
        for k in keys
    ]
    return ValidatorSet.of(vals)


SPECIAL: dict[type, st.SearchStrategy[Any]] = {ValidatorSet: _validator_sets()}


def strategy_for(tp: Any) -> st.SearchStrategy[Any]:
    """A strategy for any encodable annotation, honouring ``MaxLen`` and each type's range."""
    limit: int | None = None
    base = tp
    if typing.get_origin(tp) is Annotated:
        base, *extras = typing.get_args(tp)
        for x in extras:
            if isinstance(x, MaxLen):
                limit = x.n
    origin = typing.get_origin(base)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(base) if a is not type(None)]
        return st.none() | strategy_for(inner)
    if origin is tuple:
        item = typing.get_args(base)[0]
        return st.lists(strategy_for(item), max_size=min(limit or 3, 3)).map(tuple)
    if base is bool:
        return st.booleans()
    if isinstance(base, type) and issubclass(base, UInt):
        return _uint(base)
    if isinstance(base, type) and issubclass(base, FixedBytes):
        return st.binary(min_size=base.SIZE, max_size=base.SIZE).map(base)
    if base is bytes:
        return st.binary(max_size=min(limit or 64, 64))
    if base is str:
        return _text(limit or 64)
    if base in SPECIAL:
        return SPECIAL[base]
    if dataclasses.is_dataclass(base) and isinstance(base, type):
        hints = typing.get_type_hints(base, include_extras=True)
        fields = {f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(base)}
        return st.builds(base, **fields)
    raise TypeError(f"no strategy for {tp!r}")


def test_registry_types_are_covered() -> None:
    names = {t.__name__ for t in REGISTRY_TYPES}
    for expected in ("Transfer", "Issue", "Redeem", "Propose", "Vote", "RegisterOrganisation",
                     "RegisterAccount", "SetRoles", "Account", "Organisation", "TokenSupply",
                     "Proposal", "AccountsGenesis"):  # fmt: skip
        assert expected in names


# --- round trips ----------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", ALL_TYPES, ids=lambda t: f"{t.__module__.split('.')[-1]}.{t.__name__}"
)
@FAST
@given(data=st.data())
def test_round_trip(cls: type, data: st.DataObject) -> None:
    value = data.draw(strategy_for(cls))
    raw = encode(value)
    back = decode(cls, raw)
    assert back == value
    assert encode(back) == raw
    # The JSON form round-trips too (the API and the genesis file use it).
    assert from_json(cls, to_json(value)) == value


@pytest.mark.parametrize(
    "cls", ALL_TYPES, ids=lambda t: f"{t.__module__.split('.')[-1]}.{t.__name__}"
)
@FAST
@given(data=st.data())
def test_mutated_encodings_are_refused_or_canonical(cls: type, data: st.DataObject) -> None:
    """Any byte string that decodes is the unique encoding of what it decodes to."""
    raw = bytearray(encode(data.draw(strategy_for(cls))))
    op = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate", "append"]))
    if op == "flip" and raw:
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] ^= data.draw(st.integers(1, 255))
    elif op == "insert":
        i = data.draw(st.integers(0, len(raw)))
        raw[i:i] = data.draw(st.binary(min_size=1, max_size=4))
    elif op == "delete" and raw:
        i = data.draw(st.integers(0, len(raw) - 1))
        del raw[i]
    elif op == "truncate" and raw:
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        raw += data.draw(st.binary(min_size=1, max_size=4))
    try:
        value = decode(cls, bytes(raw))
    except (DecodeError, InvalidAmount):
        return
    assert encode(value) == bytes(raw)


@FAST
@given(raw=st.binary(max_size=80))
def test_random_bytes_decode_canonically_or_fail_cleanly(raw: bytes) -> None:
    for cls in (Transfer, SetRoles, GovVote, Commit, Account):
        try:
            value = decode(cls, raw)
        except (DecodeError, InvalidAmount):
            continue
        assert encode(value) == raw


# --- strictness -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    flag: bool
    maybe: U16 | None
    items: Annotated[tuple[U8, ...], MaxLen(3)]
    text: Annotated[str, MaxLen(8)]
    blob: Annotated[bytes, MaxLen(4)]


SAMPLE = Sample(True, U16(0x0102), (U8(7), U8(8)), "ok", b"\xaa")
# flag | tag value | count=2 7 8 | len=2 "ok" | len=1 aa
SAMPLE_HEX = "01" + "01" + "0102" + "00000002" + "0708" + "00000002" + "6f6b" + "00000001" + "aa"


def test_sample_layout() -> None:
    assert encode(SAMPLE).hex() == SAMPLE_HEX
    assert decode(Sample, bytes.fromhex(SAMPLE_HEX)) == SAMPLE
    absent = Sample(False, None, (), "", b"")
    assert encode(absent).hex() == "00" + "00" + "00000000" + "00000000" + "00000000"


def test_every_proper_prefix_is_truncated() -> None:
    raw = bytes.fromhex(SAMPLE_HEX)
    for n in range(len(raw)):
        with pytest.raises(DecodeError):
            decode(Sample, raw[:n])


@pytest.mark.parametrize("extra", [b"\x00", b"\x01", b"\xff" * 7])
def test_trailing_bytes(extra: bytes) -> None:
    with pytest.raises(DecodeError, match="trailing"):
        decode(Sample, bytes.fromhex(SAMPLE_HEX) + extra)


@pytest.mark.parametrize("byte", [2, 3, 0x80, 0xFF])
def test_bool_other_than_0_or_1(byte: int) -> None:
    raw = bytes([byte]) + bytes.fromhex(SAMPLE_HEX)[1:]
    with pytest.raises(DecodeError, match="bool"):
        decode(Sample, raw)


@pytest.mark.parametrize("byte", [2, 0x80, 0xFF])
def test_option_tag_other_than_0_or_1(byte: int) -> None:
    raw = bytearray.fromhex(SAMPLE_HEX)
    raw[1] = byte
    with pytest.raises(DecodeError, match="option tag"):
        decode(Sample, bytes(raw))


@pytest.mark.parametrize(
    "bad",
    [
        b"\xff\xfe",  # never valid in UTF-8
        b"\xc3\x28",  # bad continuation byte
        b"\xc0\xaf",  # overlong '/'
        b"\xed\xa0\x80",  # an encoded surrogate
        b"\xf4\x90\x80\x80",  # beyond U+10FFFF
        b"\xe2\x82",  # truncated sequence
    ],
)
def test_text_must_be_utf8(bad: bytes) -> None:
    raw = bytes.fromhex("00" + "00" + "00000000") + len(bad).to_bytes(4, "big") + bad
    raw += bytes(4)
    with pytest.raises(DecodeError, match="UTF-8"):
        decode(Sample, raw)


def test_lengths_over_their_maximum() -> None:
    head = bytes.fromhex("00" + "00")
    # A list of 4 items where at most 3 are allowed.
    with pytest.raises(DecodeError, match="exceeds the maximum 3"):
        decode(Sample, head + (4).to_bytes(4, "big") + bytes(4) + bytes(8))
    # Text of 9 bytes where at most 8 are allowed (the limit counts bytes, not characters).
    with pytest.raises(DecodeError, match="exceeds the maximum 8"):
        decode(Sample, head + bytes(4) + (9).to_bytes(4, "big") + b"x" * 9 + bytes(4))
    # The limits hold on encoding too.
    with pytest.raises(InvalidValue):
        encode(Sample(False, None, (U8(1),) * 4, "", b""))
    with pytest.raises(InvalidValue):
        encode(Sample(False, None, (), "ééééé", b""))  # 5 characters, 10 bytes
    with pytest.raises(InvalidValue):
        encode(Sample(False, None, (), "", b"12345"))
    # Exactly at the limit is fine.
    at_limit = Sample(False, None, (U8(1),) * 3, "éééé", b"1234")
    assert decode(Sample, encode(at_limit)) == at_limit


def test_length_prefix_past_the_end() -> None:
    raw = bytes.fromhex("00" + "00" + "00000000") + (8).to_bytes(4, "big") + b"abc"
    with pytest.raises(DecodeError, match="truncated"):
        decode(Sample, raw)


def test_huge_count_with_no_data_fails_fast() -> None:
    raw = bytes(20) + (16).to_bytes(4, "big")
    with pytest.raises(DecodeError):
        decode(SetRoles, raw)


@pytest.mark.parametrize("value", [1 << 63, (1 << 64) - 1])
def test_amount_over_cap_is_invalid_amount(value: int) -> None:
    raw = bytes(20) + value.to_bytes(8, "big") + bytes(4)
    with pytest.raises(InvalidAmount) as info:
        decode(Transfer, raw)
    assert info.value.code == "invalid_amount"
    assert info.value.data["value"] == value
    # The largest amount is fine.
    ok = bytes(20) + ((1 << 63) - 1).to_bytes(8, "big") + bytes(4)
    assert decode(Transfer, ok).amount == Amount.MAX


def test_power_over_cap_is_malformed() -> None:
    good = Ballot(Address(bytes(20)), True, Power(Power.MAX))
    raw = encode(good)
    assert decode(Ballot, raw) == good
    bad = raw[:21] + ((1 << 60) + 1).to_bytes(8, "big")
    with pytest.raises(DecodeError, match="out of range"):
        decode(Ballot, bad)


def test_struct_rules_are_checked_on_decode() -> None:
    # Structurally fine bytes for a validator set that breaks its rules (unsorted).
    a, b = (make_validator(k.scheme, k.public_key, 1, Address(bytes(20))) for k in _KEYS[:2])
    lo, hi = sorted([a, b], key=lambda v: bytes(v.address))
    raw = (2).to_bytes(4, "big") + encode(hi) + encode(lo)
    with pytest.raises(DecodeError, match="invalid ValidatorSet"):
        decode(ValidatorSet, raw)
    with pytest.raises(DecodeError, match="invalid ValidatorSet"):
        decode(ValidatorSet, (0).to_bytes(4, "big"))


def test_encoding_checks_types_and_ranges() -> None:
    with pytest.raises(InvalidValue):
        U8(256)
    with pytest.raises(InvalidValue):
        U64(-1)
    with pytest.raises(InvalidValue):
        U32(True)  # a bool is not an integer here
    with pytest.raises(InvalidAmount):
        Amount(1 << 63)
    with pytest.raises(InvalidAmount):
        Amount(-1)
    with pytest.raises(InvalidValue):
        Hash32(b"short")
    with pytest.raises(InvalidValue):
        encode(Sample(1, None, (), "", b""))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        encode(Sample(True, None, (), b"not text", b""))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        encode(Sample(True, None, (), "", "not bytes"))  # type: ignore[arg-type]
    with pytest.raises(InvalidValue):
        encode(Sample(True, None, 5, "", b""))  # type: ignore[arg-type]
    # Plain ints are range-checked into their field's type.
    with pytest.raises(InvalidValue):
        encode(Sample(True, 70_000, (), "", b""))  # type: ignore[arg-type]
    assert encode(Sample(True, 258, [7, 8], "ok", b"\xaa")).hex() == SAMPLE_HEX  # type: ignore[arg-type]


def test_decode_needs_bytes() -> None:
    with pytest.raises(DecodeError):
        decode(Sample, "01" + SAMPLE_HEX)  # type: ignore[arg-type]
    assert decode(Sample, bytearray.fromhex(SAMPLE_HEX)) == SAMPLE
    assert decode(Sample, memoryview(bytes.fromhex(SAMPLE_HEX))) == SAMPLE


def test_unencodable_annotations_are_refused() -> None:
    with pytest.raises(TypeError):
        codec_for(dict[str, int])
    with pytest.raises(TypeError):
        codec_for(int)  # a bare int has no width
    with pytest.raises(TypeError):
        codec_for(U8 | U16)
    with pytest.raises(TypeError):
        codec_for(tuple[U8, U16])


def test_width_of_every_integer_type() -> None:
    for tp, width in ((U8, 1), (U16, 2), (U32, 4), (U64, 8), (Amount, 8), (Height, 8), (Power, 8)):
        enc, _ = codec_for(tp)
        out: list[bytes] = []
        enc(tp(1), out)
        assert b"".join(out) == (1).to_bytes(width, "big")


def test_text_with_lone_surrogate_is_invalid_value() -> None:
    with pytest.raises(InvalidValue):
        encode(Transfer(Address(bytes(20)), Amount(1), "\ud800"))


def test_depot_errors_only() -> None:
    # Decoding garbage as the largest structure never escapes as a non-Depot error.
    for raw in (b"", b"\x00" * 3, b"\xff" * 200, bytes(range(256))):
        for cls in (Block, Genesis, Transaction):
            with pytest.raises(DepotError):
                decode(cls, raw)
