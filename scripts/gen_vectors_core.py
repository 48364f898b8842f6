"""Write the core protocol test vectors (encoding, addresses, signatures, transactions, headers, genesis).

Usage: python scripts/gen_vectors_core.py [--check] [--fresh-p256]

The JSON files under tests/vectors/ are checked in; tests/node/test_core_vectors.py
re-checks every one against the implementation, and docs/protocol.md §14
describes their format for other implementations.

Everything is deterministic: keys come from fixed seeds, Ed25519 signs
deterministically, and the P-256 signatures (ECDSA in ``cryptography`` is
randomised) are fixed constants below, produced once with ``--fresh-p256``;
the script checks that each still verifies over the message it is for.
``--check`` exits non-zero if the files on disk differ from what this script
would write.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bech32  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature  # noqa: E402

from node.core import crypto  # noqa: E402
from node.core.address import (  # noqa: E402
    address_of_group,
    address_of_key,
    format_address,
    parse_address,
)
from node.core.blocks import (  # noqa: E402
    Block,
    Commit,
    CommitFlag,
    CommitSig,
    Header,
    Vote,
    VoteType,
    block_id_of,
    check_block_shape,
    evidence_root,
    txs_root,
    verify_commit,
    vote_signing_message,
)
from node.core.crypto import P256_N, PrivateKey, Scheme, Signer  # noqa: E402
from node.core.encoding import MaxLen, decode, encode, to_json  # noqa: E402
from node.core.errors import DepotError  # noqa: E402
from node.core.genesis import (  # noqa: E402
    ChainParams,
    genesis_from_json,
    genesis_hash,
    genesis_state,
    genesis_to_json,
)
from node.core.hashing import tagged_hash  # noqa: E402
from node.core.state_tree import StateTree  # noqa: E402
from node.core.transactions import (  # noqa: E402
    Transaction,
    TxBody,
    TxSignature,
    tx_id_of,
    tx_signing_message,
)
from node.core.types import (  # noqa: E402
    U8,
    U16,
    U32,
    U64,
    ZERO_HASH32,
    Address,
    Amount,
    Hash32,
    Height,
    Nonce,
    Power,
    Round,
    Signature64,
    TimestampMs,
)
from node.core.validators import ValidatorSet, make_validator  # noqa: E402
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis  # noqa: E402
from node.modules import default_registry  # noqa: E402
from node.modules.accounts.records import Account, AccountKey, Organisation, TokenSupply  # noqa: E402
from node.modules.accounts.transitions import (  # noqa: E402
    Issue,
    Redeem,
    RegisterAccount,
    RegisterOrganisation,
    SetRoles,
    Transfer,
)
from node.modules.governance.records import Ballot, Proposal, ProposalStatus  # noqa: E402
from node.modules.governance.transitions import Propose  # noqa: E402
from node.modules.governance.transitions import Vote as GovVote  # noqa: E402

VECTORS = ROOT / "tests" / "vectors"
CHAIN_ID = "depot-vectors"
T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z in ms

# --- fixed keys ---------------------------------------------------------------------


def ed25519_key(label: str) -> PrivateKey:
    """An Ed25519 key whose 32-byte seed is SHA-256("depot/test-vectors/ed25519/" || label)."""
    seed = hashlib.sha256(b"depot/test-vectors/ed25519/" + label.encode()).digest()
    return PrivateKey.from_secret(Scheme.ED25519, seed)


def p256_key(label: str) -> PrivateKey:
    """A P-256 key whose scalar is SHA-256("depot/test-vectors/p256/" || label) (checked < n)."""
    d = hashlib.sha256(b"depot/test-vectors/p256/" + label.encode()).digest()
    return PrivateKey.from_secret(Scheme.P256, d)


def digest_of(label: str) -> bytes:
    return hashlib.sha256(b"depot/test-vectors/digest/" + label.encode()).digest()


# P-256 signatures produced once (``--fresh-p256``): name -> (SHA-256 of the signed message, r||s).
FIXED_P256: dict[str, tuple[str, str]] = {
    "signatures/p256-valid": (
        "59d4259833f7dbd074f7c079165d80629df13afe675bd240e458db5d45804a4b",
        "4989c66667da9fe607f86ab00185dbf44e976e15c99762151e1c55bdca2a1590"
        "2eb3e3b06a6329cf25a84d5fd0e30c5d73fa1631c6dd415320b3323c6237fb20",
    ),
    "transactions/p256-first": (
        "b4fd6d0b51a504aee7f186a837a224c3a8758e0c51197b77f5117c3b174d76d5",
        "3a9099b1100008864de8c7d292affd003b22eb764d7c3079ea626b9055a8d388"
        "614a5237beede021dffca547581e7530edb0d72ffc34bb93603e7a9709c55df5",
    ),
    "transactions/p256-second": (
        "b4fd6d0b51a504aee7f186a837a224c3a8758e0c51197b77f5117c3b174d76d5",
        "3304bc3a699608eb72fda7e912d6a4f1462054b91fff1d8d05510b1aecd74b84"
        "46e0b8fa80ca930906f8e96a8122f46f81e601573832bcc2bc9cd94c001dbc85",
    ),
}

_fresh: dict[str, tuple[str, str]] = {}


def p256_signature(name: str, key: PrivateKey, message: bytes, *, fresh: bool) -> bytes:
    """The fixed low-S P-256 signature ``name`` over ``message``; it must verify."""
    mh = hashlib.sha256(message).hexdigest()
    fixed = FIXED_P256.get(name)
    if fixed is not None and fixed[0] == mh:
        sig = bytes.fromhex(fixed[1])
    elif fresh:
        sig = key.sign(message)
        _fresh[name] = (mh, sig.hex())
    else:
        sys.exit(
            f"P-256 signature {name!r} is missing or for another message; "
            "run with --fresh-p256 and paste the printed FIXED_P256 into this script"
        )
    crypto.verify(Scheme.P256, key.public_key, message, sig)
    return sig


def _high_s(sig: bytes) -> bytes:
    s = int.from_bytes(sig[32:], "big")
    return sig[:32] + (P256_N - s).to_bytes(32, "big")


def _dump(obj: Any) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# --- encoding -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EncodingExample:
    """A vector-only structure exercising every encoding rule (its schema is written to the file)."""

    small: U8
    medium: U16
    word: U32
    big: U64
    flag: bool
    maybe_number: U32 | None
    maybe_hash: Hash32 | None
    labels: Annotated[tuple[Annotated[str, MaxLen(16)], ...], MaxLen(4)]
    grid: tuple[tuple[U16, ...], ...]
    sparse: tuple[Address | None, ...]
    maybe_list: tuple[U8, ...] | None
    blob: Annotated[bytes, MaxLen(8)]
    text: Annotated[str, MaxLen(32)]


EXAMPLE_SCHEMA = [
    "small: u8",
    "medium: u16",
    "word: u32",
    "big: u64",
    "flag: bool",
    "maybe_number: option<u32>",
    "maybe_hash: option<hash32>",
    "labels: list<string(max 16)>(max 4)",
    "grid: list<list<u16>>",
    "sparse: list<option<address>>",
    "maybe_list: option<list<u8>>",
    "blob: bytes(max 8)",
    "text: string(max 32)",
]


def _encoding_types() -> dict[str, type]:
    return {
        "EncodingExample": EncodingExample,
        "Transfer": Transfer,
        "Issue": Issue,
        "Redeem": Redeem,
        "Propose": Propose,
        "GovVote": GovVote,
        "RegisterOrganisation": RegisterOrganisation,
        "RegisterAccount": RegisterAccount,
        "SetRoles": SetRoles,
        "Organisation": Organisation,
        "Account": Account,
        "TokenSupply": TokenSupply,
        "Proposal": Proposal,
        "ChainParams": ChainParams,
        "Vote": Vote,
    }


def encoding_vectors() -> dict[str, Any]:
    alice = ed25519_key("alice")
    bob_p = p256_key("bob")
    a_addr = address_of_key(Scheme.ED25519, alice.public_key)
    b_addr = address_of_key(Scheme.P256, bob_p.public_key)
    values: list[tuple[str, Any]] = [
        (
            "every rule, options present",
            EncodingExample(
                small=U8(0xAB),
                medium=U16(0x0102),
                word=U32(0xDEADBEEF),
                big=U64((1 << 64) - 1),
                flag=True,
                maybe_number=U32(7),
                maybe_hash=Hash32(_sha(b"x")),
                labels=("a", "", "税"),
                grid=((U16(1), U16(2)), (), (U16(0xFFFF),)),
                sparse=(a_addr, None, b_addr),
                maybe_list=(U8(1), U8(2), U8(3)),
                blob=b"\x00\xff",
                text="Grüße, 仓单",
            ),
        ),
        (
            "every rule, options absent and lists empty",
            EncodingExample(
                small=U8(0),
                medium=U16(0),
                word=U32(0),
                big=U64(0),
                flag=False,
                maybe_number=None,
                maybe_hash=None,
                labels=(),
                grid=(),
                sparse=(None,),
                maybe_list=(),
                blob=b"",
                text="",
            ),
        ),
        ("token.transfer payload", Transfer(b_addr, Amount(12_345), "INV-2026-001")),
        ("token.transfer payload, largest amount", Transfer(b_addr, Amount(Amount.MAX), "")),
        ("token.issue payload", Issue(a_addr, Amount(1_000_000))),
        ("token.redeem payload", Redeem(Amount(500))),
        (
            "gov.propose payload",
            Propose(
                "Register Acme Fuel",
                "org.register",
                encode(RegisterOrganisation("acme-fuel", "Acme Fuel Supply", "supplier")),
                TimestampMs(T0 + 86_400_000),
            ),
        ),
        ("gov.vote payload", GovVote(U64(1), True)),
        ("org.register action", RegisterOrganisation("acme-fuel", "Acme Fuel Supply", "supplier")),
        (
            "account.register action",
            RegisterAccount(
                address=b_addr,
                org_id="northmill",
                name="finance-clerk-1",
                roles=("customer",),
                keys=(AccountKey(U8(Scheme.P256), bob_p.public_key),),
                threshold=U8(1),
                high_threshold=U8(0),
                high_amount=Amount(0),
            ),
        ),
        ("account.set_roles action", SetRoles(a_addr, ("bank", "governor"))),
        (
            "organisation record",
            Organisation("city-bank", "City Commercial Bank", "bank", Height(0)),
        ),
        (
            "account record",
            Account(
                address=a_addr,
                org_id="city-bank",
                name="bank",
                roles=("bank", "governor"),
                keys=(AccountKey(U8(Scheme.ED25519), alice.public_key),),
                threshold=U8(1),
                high_threshold=U8(0),
                high_amount=Amount(0),
                nonce=Nonce(3),
                balance=Amount(999_000),
                frozen=Amount(1_000),
                created_height=Height(0),
            ),
        ),
        ("token supply record", TokenSupply(Amount(1_000_000), Amount(500))),
        (
            "proposal record",
            Proposal(
                proposal_id=U64(1),
                proposer=a_addr,
                title="Register Acme Fuel",
                action_kind="org.register",
                action_payload=encode(
                    RegisterOrganisation("acme-fuel", "Acme Fuel Supply", "supplier")
                ),
                created_height=Height(5),
                deadline_ms=TimestampMs(T0 + 86_400_000),
                status=U8(ProposalStatus.OPEN),
                ballots=(Ballot(a_addr, True, Power(10)), Ballot(b_addr, False, Power(5))),
                result_code="",
            ),
        ),
        (
            "chain parameters",
            ChainParams(U64(86_400_000), U32(10_000), U32(500), U32(5_000)),
        ),
        (
            "precommit vote",
            Vote(U8(VoteType.PRECOMMIT), Height(7), Round(1), Hash32(_sha(b"block"))),
        ),
    ]
    names = {v: k for k, v in _encoding_types().items()}
    valid = []
    for note, value in values:
        raw = encode(value)
        if decode(type(value), raw) != value:
            raise AssertionError(f"round trip failed: {note}")
        valid.append(
            {"note": note, "type": names[type(value)], "value": to_json(value), "hex": raw.hex()}
        )

    transfer = encode(Transfer(b_addr, Amount(12_345), "INV-2026-001"))
    example = encode(values[0][1])
    # Offsets inside EncodingExample: u8, u16, u32, u64 = 15 bytes, then bool at 15, option tag at 16.
    bad_bool = example[:15] + b"\x02" + example[16:]
    bad_tag = example[:16] + b"\x02" + example[17:]
    memo_at = 20 + 8 + 4  # to, amount, memo length
    bad_utf8 = Transfer(b_addr, Amount(1), "ab")
    bad_utf8_raw = encode(bad_utf8)[:memo_at] + b"\xc3\x28"
    overlong = encode(Transfer(b_addr, Amount(1), "//"))[:memo_at] + b"\xc0\xaf"
    over_cap = transfer[:20] + (1 << 63).to_bytes(8, "big") + transfer[28:]
    max_u64 = transfer[:20] + ((1 << 64) - 1).to_bytes(8, "big") + transfer[28:]
    long_memo = transfer[:20] + transfer[20:28] + (257).to_bytes(4, "big") + b"m" * 257
    vote_raw = encode(GovVote(U64(1), True))
    invalid = [
        ("trailing byte", "Transfer", transfer + b"\x00", "DecodeError"),
        ("truncated (last byte missing)", "Transfer", transfer[:-1], "DecodeError"),
        ("truncated inside a fixed-size field", "Transfer", transfer[:10], "DecodeError"),
        ("empty input", "Redeem", b"", "DecodeError"),
        ("bool = 2", "EncodingExample", bad_bool, "DecodeError"),
        ("bool = 2 in gov.vote", "GovVote", vote_raw[:8] + b"\x02", "DecodeError"),
        ("option tag = 2", "EncodingExample", bad_tag, "DecodeError"),
        ("text is not UTF-8", "Transfer", bad_utf8_raw, "DecodeError"),
        ("text is overlong UTF-8 for '/'", "Transfer", overlong, "DecodeError"),
        ("text longer than its maximum (257 > 256)", "Transfer", long_memo, "DecodeError"),
        (
            "text length runs past the end",
            "SetRoles",
            bytes(20) + (1).to_bytes(4, "big") + (5).to_bytes(4, "big") + b"ban",
            "DecodeError",
        ),
        (
            "list count larger than the data",
            "SetRoles",
            bytes(20) + (3).to_bytes(4, "big") + (4).to_bytes(4, "big") + b"bank",
            "DecodeError",
        ),
        (
            "list count over its maximum (17 > 16)",
            "SetRoles",
            bytes(20) + (17).to_bytes(4, "big"),
            "DecodeError",
        ),
        ("amount 2^63, over the cap", "Transfer", over_cap, "InvalidAmount"),
        ("amount 2^64-1, over the cap", "Transfer", max_u64, "InvalidAmount"),
        ("redeem amount 2^63", "Redeem", (1 << 63).to_bytes(8, "big"), "InvalidAmount"),
    ]
    codes = {"DecodeError": "malformed_encoding", "InvalidAmount": "invalid_amount"}
    out_invalid = []
    for note, tname, raw, err in invalid:
        cls = _encoding_types()[tname]
        try:
            decode(cls, raw)
        except DepotError as exc:
            if type(exc).__name__ != err:
                raise AssertionError(f"{note}: got {type(exc).__name__}, expected {err}") from exc
        else:
            raise AssertionError(f"{note}: decoded")
        out_invalid.append(
            {"note": note, "type": tname, "hex": raw.hex(), "error": err, "code": codes[err]}
        )
    return {
        "description": (
            "Depot canonical encoding (docs/protocol.md §2). 'valid': value (JSON form, §2.8) -> hex; "
            "decoding hex gives the value back and re-encoding gives the same hex. 'invalid': bytes that "
            "must be refused with the given error. Field layouts of the named types are in "
            "docs/protocol.md; EncodingExample is a vector-only structure whose schema is given here."
        ),
        "schemas": {"EncodingExample": EXAMPLE_SCHEMA},
        "valid": valid,
        "invalid": out_invalid,
    }


# --- addresses ----------------------------------------------------------------------


def _bech32m(hrp: str, data: list[int]) -> str:
    # BIP-350 checksum (constant 0x2bc830a3): a different code, so it must be refused.
    values = bech32.bech32_hrp_expand(hrp) + data
    polymod = bech32.bech32_polymod(values + [0] * 6) ^ 0x2BC830A3
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(bech32.CHARSET[d] for d in data + checksum)


def address_vectors() -> dict[str, Any]:
    keys = []
    for label, key in (
        ("alice", ed25519_key("alice")),
        ("bob", p256_key("bob")),
        ("validator-0", ed25519_key("validator-0")),
    ):
        pk = key.public_key
        fp = crypto.key_fingerprint(key.scheme, pk)
        addr = address_of_key(key.scheme, pk)
        keys.append(
            {
                "label": label,
                "scheme": int(key.scheme),
                "public_key": pk.hex(),
                "key_fingerprint": fp.hex(),
                "address": addr.hex(),
                "text": format_address(addr),
            }
        )
    groups = []
    for org, name in (("northmill", "treasury"), ("city-bank", "issuance-desk"), ("仓储", "经理")):
        addr = address_of_group(org, name)
        groups.append(
            {"org_id": org, "name": name, "address": addr.hex(), "text": format_address(addr)}
        )
    raw = [
        {"address": "00" * 20, "text": format_address(bytes(20))},
        {"address": "ff" * 20, "text": format_address(b"\xff" * 20)},
    ]
    text = keys[0]["text"]
    addr_bytes = bytes.fromhex(keys[0]["address"])
    data5 = bech32.convertbits(addr_bytes, 8, 5, True)
    other_char = "q" if text[10] != "q" else "p"
    invalid = [
        ("one character substituted", text[:10] + other_char + text[11:]),
        ("two adjacent characters swapped", text[:10] + text[11] + text[10] + text[12:]),
        ("last checksum character changed", text[:-1] + ("q" if text[-1] != "q" else "p")),
        ("one character missing", text[:12] + text[13:]),
        ("one character added", text[:12] + "q" + text[12:]),
        (
            "wrong human-readable part (valid Bech32 for 'depoz')",
            bech32.bech32_encode("depoz", data5),
        ),
        ("Bitcoin-style hrp", bech32.bech32_encode("bc", data5)),
        ("mixed case", text[:8] + text[8:].upper()),
        ("separator missing", text.replace("1", "", 1)),
        ("Bech32m checksum instead of Bech32", _bech32m("depot", data5)),
        ("character outside the Bech32 alphabet ('b')", text[:10] + "b" + text[11:]),
        ("hex instead of Bech32", addr_bytes.hex()),
        ("empty", ""),
        (
            "21-byte payload",
            bech32.bech32_encode("depot", bech32.convertbits(addr_bytes + b"\x00", 8, 5, True)),
        ),
        (
            "19-byte payload",
            bech32.bech32_encode("depot", bech32.convertbits(addr_bytes[:19], 8, 5, True)),
        ),
    ]
    out_invalid = []
    for note, t in invalid:
        try:
            parse_address(t)
        except DepotError as exc:
            if exc.code != "invalid_address":
                raise AssertionError(note) from exc
        else:
            raise AssertionError(f"{note}: parsed")
        out_invalid.append({"note": note, "text": t})
    accepted = [
        {
            "note": "all upper case (Bech32 allows it)",
            "text": text.upper(),
            "address": keys[0]["address"],
        },
        {
            "note": "surrounding whitespace is trimmed",
            "text": f"  {text}\n",
            "address": keys[0]["address"],
        },
    ]
    for case in accepted:
        if parse_address(case["text"]).hex() != case["address"]:
            raise AssertionError(case["note"])
    return {
        "description": (
            "Depot addresses (docs/protocol.md §6). key_fingerprint = tagged_hash('DEPOT/KEY', scheme || "
            "public_key); address = tagged_hash('DEPOT/ADDR', key_fingerprint)[:20]; group address = "
            "tagged_hash('DEPOT/ADDR/GROUP', utf8(org_id) || 0x00 || utf8(name))[:20]; text = Bech32 "
            "(BIP-173) with hrp 'depot', 44 characters. 'invalid' texts must be refused (InvalidAddress)."
        ),
        "hrp": "depot",
        "text_length": 44,
        "keys": keys,
        "groups": groups,
        "raw": raw,
        "accepted": accepted,
        "invalid": out_invalid,
    }


# --- signatures ---------------------------------------------------------------------


def _sig_case(
    note: str,
    scheme: int,
    secret: bytes | None,
    public_key: bytes,
    domain: str,
    chain_id: str,
    digest: bytes,
    signature: bytes,
    valid: bool,
    error: str | None = None,
) -> dict[str, Any]:
    msg = crypto.signing_message(crypto.Domain(domain.encode()), chain_id, digest)
    ok = crypto.is_valid(scheme, public_key, msg, signature)
    if ok != valid:
        raise AssertionError(f"signature case {note!r}: is_valid={ok}, expected {valid}")
    case: dict[str, Any] = {
        "note": note,
        "scheme": scheme,
        "secret": None if secret is None else secret.hex(),
        "public_key": public_key.hex(),
        "domain": domain,
        "chain_id": chain_id,
        "digest": digest.hex(),
        "message": msg.hex(),
        "signature": signature.hex(),
        "valid": valid,
    }
    if not valid:
        try:
            crypto.verify(scheme, public_key, msg, signature)
        except DepotError as exc:
            if type(exc).__name__ != error:
                raise AssertionError(f"{note}: {type(exc).__name__}, expected {error}") from exc
        case["error"] = error
    return case


def signature_vectors(fresh: bool) -> dict[str, Any]:
    ed = ed25519_key("alice")
    p = p256_key("bob")
    digest = digest_of("1")
    m_tx = crypto.signing_message(crypto.Domain.TX, CHAIN_ID, digest)
    ed_sig = ed.sign(m_tx)
    p_sig = p256_signature("signatures/p256-valid", p, m_tx, fresh=fresh)
    ed_vote = ed.sign(crypto.signing_message(crypto.Domain.VOTE, CHAIN_ID, digest))
    # Ed25519 S + L: the same curve equation holds, but S is not reduced; libsodium refuses it.
    ell = (1 << 252) + 27742317777372353535851937790883648493
    s_plus_l = (int.from_bytes(ed_sig[32:], "little") + ell).to_bytes(32, "little")
    cases = [
        _sig_case(
            "Ed25519, valid", 1, ed.secret, ed.public_key, "tx", CHAIN_ID, digest, ed_sig, True
        ),
        _sig_case(
            "P-256, valid (low S)", 2, p.secret, p.public_key, "tx", CHAIN_ID, digest, p_sig, True
        ),
        _sig_case(
            "Ed25519, vote domain",
            1,
            ed.secret,
            ed.public_key,
            "vote",
            CHAIN_ID,
            digest,
            ed_vote,
            True,
        ),
        _sig_case(
            "Ed25519, tx signature checked in the vote domain",
            1,
            ed.secret,
            ed.public_key,
            "vote",
            CHAIN_ID,
            digest,
            ed_sig,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "P-256, tx signature checked in the reading domain",
            2,
            p.secret,
            p.public_key,
            "reading",
            CHAIN_ID,
            digest,
            p_sig,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "Ed25519, signature for another chain id",
            1,
            ed.secret,
            ed.public_key,
            "tx",
            "depot-other",
            digest,
            ed_sig,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "P-256, signature for another chain id",
            2,
            p.secret,
            p.public_key,
            "tx",
            "depot-other",
            digest,
            p_sig,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "P-256, high-S twin of the valid signature (n - s)",
            2,
            p.secret,
            p.public_key,
            "tx",
            CHAIN_ID,
            digest,
            _high_s(p_sig),
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "P-256, s = 0",
            2,
            p.secret,
            p.public_key,
            "tx",
            CHAIN_ID,
            digest,
            p_sig[:32] + bytes(32),
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "Ed25519, S + L (non-canonical scalar)",
            1,
            ed.secret,
            ed.public_key,
            "tx",
            CHAIN_ID,
            digest,
            ed_sig[:32] + s_plus_l,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "Ed25519 key labelled as P-256 (scheme 2), with a well-formed low-S signature",
            2,
            None,
            ed.public_key,
            "tx",
            CHAIN_ID,
            digest,
            p_sig,
            False,
            "InvalidPublicKey",
        ),
        _sig_case(
            # Signature checks come before the key check; this S happens to exceed n/2.
            "Ed25519 key and its own signature labelled as P-256 (scheme 2)",
            2,
            None,
            ed.public_key,
            "tx",
            CHAIN_ID,
            digest,
            ed_sig,
            False,
            "InvalidSignature",
        ),
        _sig_case(
            "P-256 key and signature labelled as Ed25519 (scheme 1)",
            1,
            None,
            p.public_key,
            "tx",
            CHAIN_ID,
            digest,
            p_sig,
            False,
            "InvalidPublicKey",
        ),
        _sig_case(
            "P-256 key, first byte 0x04 (not compressed)",
            2,
            None,
            b"\x04" + p.public_key[1:],
            "tx",
            CHAIN_ID,
            digest,
            p_sig,
            False,
            "InvalidPublicKey",
        ),
        _sig_case(
            "Ed25519, one bit of the digest flipped",
            1,
            ed.secret,
            ed.public_key,
            "tx",
            CHAIN_ID,
            digest_of("2"),
            ed_sig,
            False,
            "InvalidSignature",
        ),
    ]
    der_high = encode_dss_signature(
        int.from_bytes(p_sig[:32], "big"), P256_N - int.from_bytes(p_sig[32:], "big")
    )
    normalize = [
        {"note": "raw r||s with high S", "input": _high_s(p_sig).hex(), "output": p_sig.hex()},
        {"note": "DER with high S", "input": der_high.hex(), "output": p_sig.hex()},
        {
            "note": "DER with low S",
            "input": encode_dss_signature(
                int.from_bytes(p_sig[:32], "big"), int.from_bytes(p_sig[32:], "big")
            ).hex(),
            "output": p_sig.hex(),
        },
        {"note": "raw r||s with low S is unchanged", "input": p_sig.hex(), "output": p_sig.hex()},
    ]
    for n in normalize:
        if crypto.normalize_p256_signature(bytes.fromhex(n["input"])).hex() != n["output"]:
            raise AssertionError(n["note"])
    return {
        "description": (
            "Depot signatures (docs/protocol.md §5). message = signing_message(domain, chain_id, digest) = "
            "u8 len(tag) || tag || u8 len(chain_id) || chain_id || digest, tag = 'DEPOT/SIG/v1/' || domain. "
            "Ed25519 signs the message (RFC 8032); P-256 is ECDSA with SHA-256 over the message, r||s, "
            "low S required. 'secret' is the Ed25519 seed or the P-256 scalar (null where the key is "
            "mislabelled). P-256 signatures are fixed (ECDSA is randomised). 'valid' is the verification "
            "result; 'error' names the error class a verifier raises."
        ),
        "p256_order": f"{P256_N:064x}",
        "cases": cases,
        "normalize_p256": normalize,
    }


# --- transactions -------------------------------------------------------------------


def _tx_case(note: str, tx: Transaction) -> dict[str, Any]:
    tid = tx_id_of(tx.body)
    return {
        "note": note,
        "body": to_json(tx.body),
        "body_hex": encode(tx.body).hex(),
        "tx_id": tid.hex(),
        "signing_message": tx_signing_message(tx.body.chain_id, tid).hex(),
        "signatures": [to_json(s) for s in tx.signatures],
        "tx_hex": encode(tx).hex(),
    }


def transaction_vectors(fresh: bool) -> dict[str, Any]:
    alice = ed25519_key("alice")
    bob = p256_key("bob")
    k1, k2, k3 = (ed25519_key(f"treasury-{i}") for i in range(3))
    a_addr = address_of_key(Scheme.ED25519, alice.public_key)
    b_addr = address_of_key(Scheme.P256, bob.public_key)
    group = address_of_group("northmill", "treasury")

    def body(sender: Address, nonce: int, kind: str, payload: Any) -> TxBody:
        return TxBody(
            U8(1), CHAIN_ID, sender, Nonce(nonce), TimestampMs(T0 + 60_000), kind, encode(payload)
        )

    def sign(b: TxBody, keys: list[PrivateKey], sigs: list[bytes] | None = None) -> Transaction:
        msg = tx_signing_message(b.chain_id, tx_id_of(b))
        out = []
        for i, k in enumerate(keys):
            sig = sigs[i] if sigs is not None else Signer(k).sign(msg)
            out.append(TxSignature(U8(k.scheme), k.public_key, Signature64(sig)))
        return Transaction(b, tuple(out))

    b1 = body(a_addr, 0, "token.transfer", Transfer(b_addr, Amount(2_500), "INV-7"))
    b2 = body(group, 4, "token.transfer", Transfer(a_addr, Amount(1_000_000), ""))
    b3 = body(b_addr, 0, "token.redeem", Redeem(Amount(10)))
    b4 = body(a_addr, 1, "gov.vote", GovVote(U64(1), True))
    m3 = tx_signing_message(CHAIN_ID, tx_id_of(b3))
    p1 = p256_signature("transactions/p256-first", bob, m3, fresh=fresh)
    p2 = p256_signature("transactions/p256-second", bob, m3, fresh=fresh)
    if p1 == p2:
        raise AssertionError("the two P-256 signatures should differ (ECDSA nonces)")
    cases = [
        _tx_case("token.transfer, one Ed25519 signature", sign(b1, [alice])),
        _tx_case("token.transfer from a 2-of-3 group account, two signatures", sign(b2, [k1, k3])),
        _tx_case("the same body with all three signatures: same tx id", sign(b2, [k1, k2, k3])),
        _tx_case("token.redeem, P-256 signature", sign(b3, [bob], [p1])),
        _tx_case("the same body signed again (new ECDSA nonce): same tx id", sign(b3, [bob], [p2])),
        _tx_case("gov.vote", sign(b4, [alice])),
    ]
    return {
        "description": (
            "Depot transactions (docs/protocol.md §7). body_hex = encode(TxBody); tx_id = "
            "tagged_hash('DEPOT/TXID', body_hex); signing_message = signing_message('tx', chain_id, tx_id); "
            "tx_hex = encode(Transaction). Cases sharing a body share the tx id whatever their signatures. "
            "Keys: see 'keys' (Ed25519 seeds, P-256 scalar)."
        ),
        "keys": {
            name: {
                "scheme": int(k.scheme),
                "secret": k.secret.hex(),
                "public_key": k.public_key.hex(),
            }
            for name, k in (
                ("alice", alice),
                ("bob", bob),
                ("treasury-0", k1),
                ("treasury-1", k2),
                ("treasury-2", k3),
            )
        },
        "cases": cases,
    }


# --- headers, commits, validator sets ----------------------------------------------


def header_vectors() -> dict[str, Any]:
    vkeys = [ed25519_key(f"validator-{i}") for i in range(4)]
    operator = address_of_key(Scheme.ED25519, ed25519_key("alice").public_key)
    vset = ValidatorSet.of(
        [make_validator(Scheme.ED25519, k.public_key, 10, operator) for k in vkeys]
    )
    by_addr = {address_of_key(Scheme.ED25519, k.public_key): k for k in vkeys}
    ordered = [by_addr[v.address] for v in vset.validators]

    prev_id = Hash32(_sha(b"depot/test-vectors/block-1"))

    def commit_for(height: int, block_id: Hash32, flags: list[CommitFlag]) -> Commit:
        sigs = []
        for v, key, flag in zip(vset.validators, ordered, flags, strict=True):
            if flag is CommitFlag.ABSENT:
                sigs.append(CommitSig(U8(flag), v.address, b""))
                continue
            voted = block_id if flag is CommitFlag.COMMIT else ZERO_HASH32
            msg = vote_signing_message(
                CHAIN_ID, Vote(U8(VoteType.PRECOMMIT), Height(height), Round(0), voted)
            )
            sigs.append(CommitSig(U8(flag), v.address, key.sign(msg)))
        return Commit(Height(height), Round(0), block_id, tuple(sigs))

    C, N, A = CommitFlag.COMMIT, CommitFlag.NIL, CommitFlag.ABSENT
    last_commit = commit_for(1, prev_id, [C, C, C, A])
    alice = ed25519_key("alice")
    tb = TxBody(
        U8(1),
        CHAIN_ID,
        operator,
        Nonce(0),
        TimestampMs(T0 + 60_000),
        "token.redeem",
        encode(Redeem(Amount(10))),
    )
    tx = Transaction(
        tb,
        (
            TxSignature(
                U8(1),
                alice.public_key,
                Signature64(alice.sign(tx_signing_message(CHAIN_ID, tx_id_of(tb)))),
            ),
        ),
    )
    header = Header(
        version=U16(1),
        chain_id=CHAIN_ID,
        height=Height(2),
        time_ms=TimestampMs(T0 + 1_000),
        prev_block_id=prev_id,
        last_commit_hash=last_commit.hash(),
        txs_root=txs_root([encode(tx)]),
        state_root=Hash32(_sha(b"depot/test-vectors/state")),
        validators_hash=vset.hash(),
        next_validators_hash=vset.hash(),
        evidence_hash=evidence_root(()),
        proposer=vset.validators[0].address,
    )
    block = Block(header, (tx,), last_commit, ())
    check_block_shape(block)
    bid = block_id_of(header)
    vote = Vote(U8(VoteType.PRECOMMIT), Height(2), Round(0), bid)
    vote_digest = tagged_hash(b"DEPOT/VOTE", encode(vote))

    commits = []
    for note, flags in (
        ("three of four commit (30 of 40 power)", [C, C, C, A]),
        ("two commit, one nil, one absent (20 of 40)", [C, N, A, C]),
        ("all four commit", [C, C, C, C]),
    ):
        c = commit_for(2, bid, flags)
        signed = sum(10 for f in flags if f is C)
        entry: dict[str, Any] = {
            "note": note,
            "commit": to_json(c),
            "hex": encode(c).hex(),
            "hash": c.hash().hex(),
            "signed_power": signed,
            "total_power": vset.total_power(),
        }
        for label, num, den in (("verifies_two_thirds", 2, 3), ("verifies_one_third", 1, 3)):
            try:
                verify_commit(CHAIN_ID, vset, bid, 2, c, trust_numerator=num, trust_denominator=den)
                entry[label] = True
            except DepotError:
                entry[label] = False
        commits.append(entry)

    return {
        "description": (
            "Depot blocks (docs/protocol.md §8, §9). validator_set.hash = merkle_root(encode(v) for v in "
            "validators); block_id = tagged_hash('DEPOT/BLOCK', encode(header)); commit.hash = "
            "tagged_hash('DEPOT/COMMIT', encode(commit)); precommit signing message = "
            "signing_message('vote', chain_id, tagged_hash('DEPOT/VOTE', encode(vote))). A commit verifies "
            "when the COMMIT entries' power is strictly more than the trust level (2/3; 1/3 for skipping)."
        ),
        "chain_id": CHAIN_ID,
        "validator_keys": [
            {"seed": k.secret.hex(), "public_key": k.public_key.hex()} for k in ordered
        ],
        "validator_set": {
            "validators": to_json(vset.validators),
            "encodings": [encode(v).hex() for v in vset.validators],
            "hex": encode(vset).hex(),
            "hash": vset.hash().hex(),
        },
        "header": {"value": to_json(header), "hex": encode(header).hex(), "block_id": bid.hex()},
        "block": {"hex": encode(block).hex(), "tx_ids": [tx_id_of(tb).hex()]},
        "last_commit": {"hex": encode(last_commit).hex(), "hash": last_commit.hash().hex()},
        "precommit": {
            "vote": to_json(vote),
            "hex": encode(vote).hex(),
            "digest": vote_digest.hex(),
            "signing_message": vote_signing_message(CHAIN_ID, vote).hex(),
        },
        "commits": commits,
        "empty_evidence_hash": evidence_root(()).hex(),
    }


# --- genesis ------------------------------------------------------------------------


class _Nodes:
    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


def genesis_vectors() -> dict[str, Any]:
    registry = default_registry()
    bank = ed25519_key("bank")
    customer = p256_key("customer")
    validator = ed25519_key("validator-0")
    g = build_genesis(
        CHAIN_ID,
        T0,
        [ValidatorSpec(Scheme.ED25519, validator.public_key, 10, bank.public_key)],
        [
            AccountSpec(
                "bank",
                "city-bank",
                ("bank", "governor"),
                Scheme.ED25519,
                bank.public_key,
                1_000_000,
            ),
            AccountSpec(
                "customer", "northmill", ("customer",), Scheme.P256, customer.public_key, 2_500
            ),
        ],
        organisations=(
            ("city-bank", "City Commercial Bank", "bank"),
            ("northmill", "Northmill Foods", "customer"),
        ),
    )
    doc = genesis_to_json(registry, g)
    if genesis_from_json(registry, doc) != g:
        raise AssertionError("genesis JSON round trip")
    state = genesis_state(registry, g)
    diff = state.diff()
    puts = {k: v for k, v in diff.items() if v is not None}
    root, _ = StateTree(_Nodes()).update(bytes(32), puts)
    return {
        "description": (
            "Depot genesis (docs/protocol.md §12). genesis_json is the file people edit; hex = "
            "encode(Genesis) with each module section encoded by its module's genesis type; "
            "genesis_hash = tagged_hash('DEPOT/GENESIS', hex); state = the records genesis writes "
            "(key -> encoded record, sorted by key); state_root = root of the state tree over them "
            "(docs/protocol/merkle_and_state_tree.md)."
        ),
        "genesis_json": doc,
        "hex": encode(g).hex(),
        "genesis_hash": genesis_hash(g).hex(),
        "state": [{"key": k.hex(), "value": v.hex()} for k, v in sorted(puts.items())],
        "state_root": root.hex(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument(
        "--fresh-p256", action="store_true", help="sign missing P-256 vectors anew and print them"
    )
    args = parser.parse_args()
    outputs = {
        VECTORS / "encoding.json": _dump(encoding_vectors()),
        VECTORS / "addresses.json": _dump(address_vectors()),
        VECTORS / "signatures.json": _dump(signature_vectors(args.fresh_p256)),
        VECTORS / "transactions.json": _dump(transaction_vectors(args.fresh_p256)),
        VECTORS / "headers.json": _dump(header_vectors()),
        VECTORS / "genesis.json": _dump(genesis_vectors()),
    }
    if _fresh:
        print("FIXED_P256 = {")
        for name, (mh, sig) in {**FIXED_P256, **_fresh}.items():
            print(f'    "{name}": (\n        "{mh}",\n        "{sig}",\n    ),')
        print("}")
        sys.exit("paste FIXED_P256 above into scripts/gen_vectors_core.py, then run again")
    stale = []
    for path, text in outputs.items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)} ({len(text):,} bytes)")
    if stale:
        sys.exit("stale vectors: " + ", ".join(str(p.relative_to(ROOT)) for p in stale))


if __name__ == "__main__":
    main()
