"""One conformance suite for every signer backend that runs here.

Backends: an encrypted key file (Ed25519 and P-256), the same key file
unlocked through the OS keyring ("remember me", gnome-keyring in CI), and
PKCS#11 keys on SoftHSM2 (Ed25519 through CKM_EDDSA, and P-256 through
CKM_ECDSA).  Each must: generate, sign, and have its signatures verify with
PyNaCl and with cryptography directly (not only through Depot's own
``verify``); give low-S P-256 signatures; and sign transactions the chain's
stateless checks accept.  The known-answer test imports one Ed25519 seed into
every backend that can import a key and compares the signatures byte for byte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from node.core.crypto import P256_HALF_N, Domain, PrivateKey, Scheme, signing_message
from node.core.encoding import encode
from node.core.transactions import TX_VERSION, TxBody, check_stateless
from node.core.types import U8, Amount, Nonce, TimestampMs
from node.modules.accounts.transitions import Transfer
from tests.wallet.hsm import SoftHsm
from wallet.keystore import Wallet
from wallet.signers import Pkcs11Token, Signer, sign_transaction

PASSWORD = "correct horse battery staple"
KAT_SEED = hashlib.sha256(b"depot/wallet/known-answer-seed").digest()
KAT_MESSAGES = [b"", b"depot", signing_message(Domain.TX, "depot-kat", bytes(range(32)))]


def verify_independently(scheme: Scheme, public_key: bytes, message: bytes, sig: bytes) -> None:
    """Verify with the libraries themselves, not with node.core.crypto: Ed25519 with PyNaCl and with
    cryptography, P-256 (which PyNaCl does not offer) with cryptography, and low S."""
    assert len(sig) == 64
    if scheme is Scheme.ED25519:
        nacl.signing.VerifyKey(public_key).verify(message, sig)  # raises BadSignatureError
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(sig, message)  # raises InvalidSignature
        return
    r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
    assert 0 < s <= P256_HALF_N, "P-256 signature is not low-S"
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
    key.verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))


@dataclass
class Backend:
    name: str
    scheme: Scheme
    make: Any  # (tmp_path) -> Signer


def _file(scheme: Scheme):
    def make(tmp: Path, request: pytest.FixtureRequest) -> Signer:
        w = Wallet(tmp / "wallet")
        w.create_file_key("k", PASSWORD, scheme=scheme, strength="interactive")
        return w.signer("k", password=PASSWORD)

    return make


def _keyring(scheme: Scheme):
    def make(tmp: Path, request: pytest.FixtureRequest) -> Signer:
        kr = request.getfixturevalue("keyring_backend")
        w = Wallet(tmp / "wallet", keyring=kr)
        w.create_file_key("k", PASSWORD, scheme=scheme, strength="interactive")
        w.remember("k", PASSWORD)
        s = w.signer("k")  # no password: unlocked with the keyring's secret
        assert getattr(s, "unlocked_by", None) == "keyring"
        request.addfinalizer(lambda: w.forget("k"))
        return s

    return make


def _pkcs11(scheme: Scheme):
    def make(tmp: Path, request: pytest.FixtureRequest) -> Signer:
        hsm: SoftHsm = request.getfixturevalue("softhsm")
        label = hsm.new_token()
        token = Pkcs11Token(hsm.module, label, hsm.pin, rw=True)
        request.addfinalizer(token.close)
        return token.generate(scheme, b"\x01\x02", "conformance")

    return make


BACKENDS = [
    Backend("file-ed25519", Scheme.ED25519, _file(Scheme.ED25519)),
    Backend("file-p256", Scheme.P256, _file(Scheme.P256)),
    Backend("keyring-ed25519", Scheme.ED25519, _keyring(Scheme.ED25519)),
    Backend("keyring-p256", Scheme.P256, _keyring(Scheme.P256)),
    Backend("pkcs11-ed25519", Scheme.ED25519, _pkcs11(Scheme.ED25519)),
    Backend("pkcs11-p256", Scheme.P256, _pkcs11(Scheme.P256)),
]


@pytest.fixture(params=BACKENDS, ids=[b.name for b in BACKENDS])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Backend, Signer]]:
    b: Backend = request.param
    s = b.make(tmp_path, request)
    yield b, s
    s.close()


def test_generate_sign_and_verify_with_pynacl_and_cryptography(backend):
    b, s = backend
    assert s.scheme is b.scheme
    assert len(s.public_key) == (32 if b.scheme is Scheme.ED25519 else 33)
    for msg in KAT_MESSAGES + [b"x" * 1000]:
        verify_independently(s.scheme, s.public_key, msg, s.sign(msg))


def test_signature_on_other_message_does_not_verify(backend):
    _, s = backend
    sig = s.sign(b"pay 100")
    with pytest.raises(Exception):  # noqa: B017 - the libraries raise their own error types
        verify_independently(s.scheme, s.public_key, b"pay 900", sig)


ED25519_L = 2**252 + 27742317777372353535851937790883648493


def test_signatures_are_canonical_low_s(backend):
    """P-256: s <= n/2 on every signature (a high S appears half the time before normalising).
    Ed25519: S < L, the canonical scalar libsodium insists on."""
    b, s = backend
    for i in range(64):
        sig = s.sign(i.to_bytes(4, "big"))
        if b.scheme is Scheme.P256:
            assert int.from_bytes(sig[32:], "big") <= P256_HALF_N
        else:
            assert int.from_bytes(sig[32:], "little") < ED25519_L


def test_signs_a_transaction_the_chain_accepts(backend):
    _, s = backend
    body = TxBody(U8(TX_VERSION), "depot-conformance", s.address, Nonce(0), TimestampMs(2_000_000_000_000),
                  "token.transfer", encode(Transfer(s.address, Amount(1), "")))
    tx = sign_transaction(body, [s])
    assert check_stateless(tx, "depot-conformance") == tx.tx_id()


# --- known answer: one imported Ed25519 seed, byte-identical signatures on every backend ----------


def _reference(msg: bytes) -> bytes:
    return nacl.signing.SigningKey(KAT_SEED).sign(msg).signature


def test_known_answer_file(tmp_path: Path):
    w = Wallet(tmp_path / "w")
    w.import_secret("kat", PrivateKey.from_secret(Scheme.ED25519, KAT_SEED), PASSWORD, strength="interactive")
    s = w.signer("kat", password=PASSWORD)
    assert [s.sign(m) for m in KAT_MESSAGES] == [_reference(m) for m in KAT_MESSAGES]


def test_known_answer_keyring(tmp_path: Path, keyring_backend: Any):
    w = Wallet(tmp_path / "w", keyring=keyring_backend)
    w.import_secret("kat", PrivateKey.from_secret(Scheme.ED25519, KAT_SEED), PASSWORD, strength="interactive")
    w.remember("kat", PASSWORD)
    try:
        s = w.signer("kat")
        assert [s.sign(m) for m in KAT_MESSAGES] == [_reference(m) for m in KAT_MESSAGES]
    finally:
        w.forget("kat")


def test_known_answer_pkcs11_import(softhsm: SoftHsm):
    """SoftHSM2 accepts an Ed25519 private key object (C_CreateObject with CKA_VALUE = seed)."""
    label = softhsm.new_token()
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        s = token.import_ed25519_seed(KAT_SEED, b"\x0a", "kat")
        assert s.public_key == PrivateKey.from_secret(Scheme.ED25519, KAT_SEED).public_key
        assert [s.sign(m) for m in KAT_MESSAGES] == [_reference(m) for m in KAT_MESSAGES]
        # Found again by id, the imported key still gives the same bytes, and is not extractable.
        again = token.signer(b"\x0a")
        assert again.sign(KAT_MESSAGES[2]) == _reference(KAT_MESSAGES[2])
        from pkcs11 import Attribute

        priv = token.private_key_object(b"\x0a")
        assert priv[Attribute.SENSITIVE] is True and priv[Attribute.EXTRACTABLE] is False
