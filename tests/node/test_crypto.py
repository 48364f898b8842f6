"""Signatures: Ed25519 and ECDSA P-256 (low S), domain separation, key checks, cross-library agreement."""

from __future__ import annotations

import hashlib

import nacl.signing
import pytest
from cryptography.exceptions import InvalidSignature as CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from node.core import crypto
from node.core.crypto import (
    P256_HALF_N,
    P256_N,
    Domain,
    PrivateKey,
    Scheme,
    Signer,
    check_public_key,
    is_valid,
    key_fingerprint,
    normalize_p256_signature,
    signing_message,
    verify,
)
from node.core.errors import InvalidPublicKey, InvalidSignature, InvalidValue
from node.core.hashing import tagged_hash

CHAIN = "depot-test"
DIGEST = hashlib.sha256(b"what is signed").digest()
ED = PrivateKey.from_secret(Scheme.ED25519, bytes(range(32)))
P256 = PrivateKey.from_secret(Scheme.P256, hashlib.sha256(b"p256 test key").digest())
KEYS = [ED, P256]

# P-256 curve: y^2 = x^3 - 3x + b over GF(p).
_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
_B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B


def _high_s(sig: bytes) -> bytes:
    s = int.from_bytes(sig[32:], "big")
    return sig[:32] + (P256_N - s).to_bytes(32, "big")


def _msg(domain: Domain = Domain.TX, chain: str = CHAIN, digest: bytes = DIGEST) -> bytes:
    return signing_message(domain, chain, digest)


# --- the signed message ---------------------------------------------------------


def test_signing_message_layout() -> None:
    msg = signing_message(Domain.TX, "depot-main", bytes(range(32)))
    tag = b"DEPOT/SIG/v1/tx"
    assert msg == bytes([15]) + tag + bytes([10]) + b"depot-main" + bytes(range(32))
    assert len(msg) == 1 + 15 + 1 + 10 + 32
    for d in Domain:
        m = signing_message(d, "c", bytes(32))
        assert m[0] == len(b"DEPOT/SIG/v1/" + d.value)
        assert m[1 : 1 + m[0]] == b"DEPOT/SIG/v1/" + d.value


@pytest.mark.parametrize(
    ("chain", "digest"),
    [("", bytes(32)), ("x" * 256, bytes(32)), ("c", bytes(31)), ("c", bytes(33))],
)
def test_signing_message_refuses_bad_inputs(chain: str, digest: bytes) -> None:
    with pytest.raises(InvalidValue):
        signing_message(Domain.TX, chain, digest)


def test_signing_message_accepts_255_byte_chain_id() -> None:
    assert len(signing_message(Domain.VOTE, "x" * 255, bytes(32))) == 1 + 17 + 1 + 255 + 32


# --- sign and verify ------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.scheme.name)
def test_sign_and_verify(key: PrivateKey) -> None:
    msg = _msg()
    for sig in (
        key.sign(msg),
        Signer(key).sign(msg),
        Signer(key).sign_digest(Domain.TX, CHAIN, DIGEST),
    ):
        assert len(sig) == 64
        verify(key.scheme, key.public_key, msg, sig)
        assert is_valid(key.scheme, key.public_key, msg, sig)
    check_public_key(key.scheme, key.public_key)
    assert len(key.public_key) == crypto.PUBLIC_KEY_SIZE[key.scheme]


@pytest.mark.parametrize("scheme", list(Scheme))
def test_generated_keys_sign(scheme: Scheme) -> None:
    key = PrivateKey.generate(scheme)
    verify(scheme, key.public_key, _msg(), key.sign(_msg()))


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.scheme.name)
@pytest.mark.parametrize(
    "other",
    [
        {"domain": Domain.VOTE},
        {"domain": Domain.READING},
        {"domain": Domain.PROPOSAL},
        {"domain": Domain.EVIDENCE_DOC},
        {"chain": "depot-other"},
        {"chain": CHAIN + " "},
        {"digest": hashlib.sha256(b"something else").digest()},
    ],
    ids=lambda o: next(iter(o)) + "=" + str(next(iter(o.values())))[:12],
)
def test_signature_does_not_carry_over(key: PrivateKey, other: dict[str, object]) -> None:
    sig = key.sign(_msg())
    with pytest.raises(InvalidSignature):
        verify(key.scheme, key.public_key, _msg(**other), sig)  # type: ignore[arg-type]
    assert not is_valid(key.scheme, key.public_key, _msg(**other), sig)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.scheme.name)
def test_any_flipped_bit_fails(key: PrivateKey) -> None:
    msg = _msg()
    sig = key.sign(msg)
    for i in (0, 31, 32, 63):
        bad = bytearray(sig)
        bad[i] ^= 0x01
        assert not is_valid(key.scheme, key.public_key, msg, bytes(bad))
    assert not is_valid(key.scheme, key.public_key, msg[:-1] + b"\x00", sig)


@pytest.mark.parametrize("length", [0, 63, 65, 72])
def test_signature_must_be_64_bytes(length: int) -> None:
    with pytest.raises(InvalidSignature, match="64 bytes"):
        verify(Scheme.ED25519, ED.public_key, _msg(), bytes(length))


def test_other_keys_signature_fails() -> None:
    other = PrivateKey.from_secret(Scheme.ED25519, bytes([9]) * 32)
    with pytest.raises(InvalidSignature):
        verify(Scheme.ED25519, other.public_key, _msg(), ED.sign(_msg()))


# --- cross-checks with the other library ------------------------------------------


def test_ed25519_matches_pynacl_and_cryptography() -> None:
    msg = _msg()
    sig = ED.sign(msg)
    nk = nacl.signing.SigningKey(ED.secret)
    assert bytes(nk.verify_key) == ED.public_key
    assert nk.sign(msg).signature == sig
    ck = ed25519.Ed25519PrivateKey.from_private_bytes(ED.secret)
    assert ck.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    ) == (ED.public_key)
    assert ck.sign(msg) == sig  # Ed25519 is deterministic: every library gives the same bytes
    ed25519.Ed25519PublicKey.from_public_bytes(ED.public_key).verify(sig, msg)
    verify(Scheme.ED25519, ED.public_key, msg, ck.sign(msg))


def test_p256_matches_cryptography() -> None:
    msg = _msg()
    d = int.from_bytes(P256.secret, "big")
    ck = ec.derive_private_key(d, ec.SECP256R1())
    pub = ck.public_key()
    assert pub.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
    ) == (P256.public_key)
    # Our r||s verifies in cryptography as DER ...
    sig = P256.sign(msg)
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    pub.verify(encode_dss_signature(r, s), msg, ec.ECDSA(hashes.SHA256()))
    # ... and cryptography's DER, normalised, verifies here.
    for _ in range(8):
        der = ck.sign(msg, ec.ECDSA(hashes.SHA256()))
        verify(Scheme.P256, P256.public_key, msg, normalize_p256_signature(der))
    # The uncompressed point from cryptography names the same key.
    uncompressed = pub.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert uncompressed[1:33] == P256.public_key[1:]
    assert P256.public_key[0] == 2 + (uncompressed[-1] & 1)


# --- low S ----------------------------------------------------------------------


def test_p256_signatures_are_low_s() -> None:
    msg = _msg()
    signer = Signer(P256)
    for _ in range(16):
        for sig in (P256.sign(msg), signer.sign(msg)):
            assert int.from_bytes(sig[32:], "big") <= P256_HALF_N


def test_high_s_twin_is_rejected() -> None:
    msg = _msg()
    sig = P256.sign(msg)
    twin = _high_s(sig)
    # The twin is a mathematically valid ECDSA signature ...
    der = encode_dss_signature(int.from_bytes(twin[:32], "big"), int.from_bytes(twin[32:], "big"))
    assert decode_dss_signature(der)[1] > P256_HALF_N
    pub = ec.derive_private_key(int.from_bytes(P256.secret, "big"), ec.SECP256R1()).public_key()
    pub.verify(der, msg, ec.ECDSA(hashes.SHA256()))
    # ... which Depot refuses: one signature, one valid form.
    with pytest.raises(InvalidSignature, match="high S"):
        verify(Scheme.P256, P256.public_key, msg, twin)
    assert normalize_p256_signature(twin) == sig


def test_normalize_fixes_der_and_high_s() -> None:
    msg = _msg()
    sig = P256.sign(msg)
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert normalize_p256_signature(encode_dss_signature(r, s)) == sig
    assert normalize_p256_signature(encode_dss_signature(r, P256_N - s)) == sig
    assert normalize_p256_signature(_high_s(sig)) == sig
    assert normalize_p256_signature(sig) == sig


def test_s_at_the_half_order_boundary() -> None:
    msg = _msg()
    r = int.from_bytes(P256.sign(msg)[:32], "big")
    at_half = r.to_bytes(32, "big") + P256_HALF_N.to_bytes(32, "big")
    above = r.to_bytes(32, "big") + (P256_HALF_N + 1).to_bytes(32, "big")
    # n/2 itself is low (it fails only because it is not a real signature).
    with pytest.raises(InvalidSignature, match="does not verify"):
        verify(Scheme.P256, P256.public_key, msg, at_half)
    with pytest.raises(InvalidSignature, match="high S"):
        verify(Scheme.P256, P256.public_key, msg, above)


@pytest.mark.parametrize(
    ("r", "s"),
    [(0, 1), (1, 0), (P256_N, 1), (1, P256_N), ((1 << 256) - 1, 1)],
    ids=["r=0", "s=0", "r=n", "s=n", "r=2^256-1"],
)
def test_r_and_s_out_of_range(r: int, s: int) -> None:
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    with pytest.raises(InvalidSignature):
        verify(Scheme.P256, P256.public_key, _msg(), sig)


def test_normalize_refuses_garbage() -> None:
    with pytest.raises(InvalidSignature):
        normalize_p256_signature(b"\x30\x02\x01")
    with pytest.raises(InvalidSignature):
        normalize_p256_signature(b"")


def test_normalize_refuses_out_of_range_raw() -> None:
    with pytest.raises(InvalidSignature):
        normalize_p256_signature(b"\x01" * 32 + b"\xff" * 32)


def test_ed25519_non_canonical_s_is_rejected() -> None:
    msg = _msg()
    sig = ED.sign(msg)
    ell = (1 << 252) + 27742317777372353535851937790883648493
    s_plus_l = (int.from_bytes(sig[32:], "little") + ell).to_bytes(32, "little")
    with pytest.raises(InvalidSignature):
        verify(Scheme.ED25519, ED.public_key, msg, sig[:32] + s_plus_l)


@settings(max_examples=15, deadline=None)
@given(secret=st.binary(min_size=32, max_size=32), digest=st.binary(min_size=32, max_size=32))
def test_any_key_signs_and_verifies(secret: bytes, digest: bytes) -> None:
    for scheme in Scheme:
        d = int.from_bytes(secret, "big")
        if scheme is Scheme.P256 and not 0 < d < P256_N:
            continue
        key = PrivateKey.from_secret(scheme, secret)
        msg = signing_message(Domain.TX, CHAIN, digest)
        sig = key.sign(msg)
        verify(scheme, key.public_key, msg, sig)
        if scheme is Scheme.P256:
            assert int.from_bytes(sig[32:], "big") <= P256_HALF_N
            assert not is_valid(scheme, key.public_key, msg, _high_s(sig))


# --- keys -----------------------------------------------------------------------


def test_ed25519_key_labelled_p256_is_refused() -> None:
    with pytest.raises(InvalidPublicKey):
        check_public_key(Scheme.P256, ED.public_key)
    # Reaching the key check needs a signature that passes the r/s checks.
    with pytest.raises(InvalidPublicKey):
        verify(Scheme.P256, ED.public_key, _msg(), P256.sign(_msg()))
    assert not is_valid(Scheme.P256, ED.public_key, _msg(), ED.sign(_msg()))


def test_p256_key_labelled_ed25519_is_refused() -> None:
    with pytest.raises(InvalidPublicKey):
        check_public_key(Scheme.ED25519, P256.public_key)
    with pytest.raises(InvalidPublicKey):
        verify(Scheme.ED25519, P256.public_key, _msg(), P256.sign(_msg()))
    assert not is_valid(Scheme.ED25519, P256.public_key, _msg(), P256.sign(_msg()))


def _off_curve_x() -> int:
    x = 1
    while True:
        rhs = (x**3 - 3 * x + _B) % _P
        if pow(rhs, (_P - 1) // 2, _P) == _P - 1:  # not a square: no point has this x
            return x
        x += 1


@pytest.mark.parametrize(
    ("scheme", "key"),
    [
        (Scheme.ED25519, b""),
        (Scheme.ED25519, bytes(31)),
        (Scheme.ED25519, bytes(33)),
        (Scheme.P256, b""),
        (Scheme.P256, bytes(32)),
        (Scheme.P256, b"\x04" + bytes(64)),  # uncompressed points are not accepted
        (Scheme.P256, b"\x04" + P256.public_key[1:]),
        (Scheme.P256, b"\x00" + P256.public_key[1:]),
        (Scheme.P256, b"\x02" + b"\xff" * 32),  # x >= p
        (Scheme.P256, b"\x02" + _off_curve_x().to_bytes(32, "big")),
        (0, ED.public_key),
        (3, ED.public_key),
        (255, P256.public_key),
    ],
    ids=[
        "ed-empty",
        "ed-31",
        "ed-33",
        "p256-empty",
        "p256-32",
        "p256-uncompressed",
        "p256-prefix-04",
        "p256-prefix-00",
        "p256-x-too-big",
        "p256-off-curve",
        "scheme-0",
        "scheme-3",
        "scheme-255",
    ],  # fmt: skip
)
def test_malformed_keys_are_refused(scheme: int, key: bytes) -> None:
    with pytest.raises(InvalidPublicKey):
        check_public_key(scheme, key)
    assert not is_valid(scheme, key, _msg(), P256.sign(_msg()))


def test_both_compressed_prefixes_accepted() -> None:
    for i in range(6):
        k = PrivateKey.from_secret(Scheme.P256, hashlib.sha256(bytes([i])).digest())
        check_public_key(Scheme.P256, k.public_key)
        verify(Scheme.P256, k.public_key, _msg(), k.sign(_msg()))
    prefixes = {
        PrivateKey.from_secret(Scheme.P256, hashlib.sha256(bytes([i])).digest()).public_key[0]
        for i in range(6)
    }
    assert prefixes == {2, 3}


@pytest.mark.parametrize(
    "key",
    [b"\xff" * 32, b"\x01" + bytes(31)],  # non-canonical y; the identity point (small order)
    ids=["non-canonical", "identity"],
)
def test_ed25519_non_point_key_is_refused(key: bytes) -> None:
    with pytest.raises(InvalidPublicKey):
        check_public_key(Scheme.ED25519, key)


def test_small_order_ed25519_key_never_verifies() -> None:
    identity = b"\x01" + bytes(31)
    # S = 0 and R = identity would satisfy the equation for the identity key; libsodium refuses it.
    sig = identity + bytes(32)
    with pytest.raises(InvalidSignature):
        verify(Scheme.ED25519, identity, _msg(), sig)


def test_private_key_checks() -> None:
    with pytest.raises(InvalidValue):
        PrivateKey.from_secret(Scheme.ED25519, bytes(31))
    with pytest.raises(InvalidValue):
        PrivateKey.from_secret(Scheme.P256, bytes(32))
    with pytest.raises(InvalidValue):
        PrivateKey.from_secret(Scheme.P256, P256_N.to_bytes(32, "big"))
    PrivateKey.from_secret(Scheme.P256, (P256_N - 1).to_bytes(32, "big"))
    assert ED.secret.hex() not in repr(ED)
    assert P256.secret.hex() not in repr(P256)
    assert ED.public_key.hex()[:16] in repr(Signer(ED))


def test_key_fingerprint() -> None:
    assert key_fingerprint(Scheme.ED25519, ED.public_key) == tagged_hash(
        b"DEPOT/KEY", b"\x01" + ED.public_key
    )
    assert (
        key_fingerprint(Scheme.P256, P256.public_key)
        == hashlib.sha256(bytes([9]) + b"DEPOT/KEY" + b"\x02" + P256.public_key).digest()
    )
    # The scheme is part of it: the same bytes under another scheme name another key.
    assert key_fingerprint(1, ED.public_key) != key_fingerprint(2, ED.public_key)


def test_tagged_hash_layout() -> None:
    assert tagged_hash(b"T", b"data") == hashlib.sha256(b"\x01Tdata").digest()
    assert tagged_hash(b"", b"") == hashlib.sha256(b"\x00").digest()
    # The length prefix keeps tag and data apart.
    assert tagged_hash(b"AB", b"C") != tagged_hash(b"A", b"BC")
    with pytest.raises(ValueError):
        tagged_hash(b"x" * 256, b"")


def test_crypto_library_errors_stay_inside() -> None:
    # The library's own exception type never escapes verify().
    try:
        verify(Scheme.P256, P256.public_key, _msg(), P256.sign(_msg(Domain.VOTE)))
    except CryptoInvalidSignature:  # pragma: no cover - would be the bug
        pytest.fail("cryptography's InvalidSignature escaped")
    except InvalidSignature:
        pass
    else:  # pragma: no cover
        pytest.fail("a vote signature verified as a transaction signature")
