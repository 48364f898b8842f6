"""Signature schemes (Ed25519 and ECDSA P-256/SHA-256) and domain-separated signing.

Every signature in Depot is made over ``signing_message(domain, chain_id,
digest)``: a fixed tag naming what is signed (a transaction, a vote, a sensor
reading ...), the chain id, then a 32-byte digest.  A signature for one purpose
or one chain therefore never verifies for another.

P-256 signatures are 64 bytes r||s with s in the lower half of the group order
("low S"); verification refuses a high S, so a signature has one valid form.
Public keys are 32 bytes (Ed25519) or 33 bytes, SEC1-compressed (P-256).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import nacl.bindings
import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from node.core.errors import InvalidPublicKey, InvalidSignature, InvalidValue
from node.core.hashing import tagged_hash

# Order of the P-256 group.
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_HALF_N = P256_N // 2

SIG_PREFIX = b"DEPOT/SIG/v1"


class Scheme(enum.IntEnum):
    """Signature scheme identifiers as they appear on the wire (one byte)."""

    ED25519 = 1
    P256 = 2


PUBLIC_KEY_SIZE = {Scheme.ED25519: 32, Scheme.P256: 33}


class Domain(enum.Enum):
    """What a signature is for. The tag is part of every signed message."""

    TX = b"tx"
    VOTE = b"vote"
    PROPOSAL = b"proposal"
    READING = b"reading"
    EVIDENCE_DOC = b"evidence-doc"


def signing_message(domain: Domain, chain_id: str, digest: bytes) -> bytes:
    """The exact bytes a key signs: tag, chain id and a 32-byte digest, all length-delimited."""
    if len(digest) != 32:
        raise InvalidValue("a signed digest must be 32 bytes")
    cid = chain_id.encode("utf-8")
    if not 0 < len(cid) < 256:
        raise InvalidValue("chain id must be 1..255 bytes")
    tag = SIG_PREFIX + b"/" + domain.value
    return bytes([len(tag)]) + tag + bytes([len(cid)]) + cid + digest


def scheme_of(value: int) -> Scheme:
    try:
        return Scheme(value)
    except ValueError as exc:
        raise InvalidPublicKey(f"unknown signature scheme {value}", scheme=value) from exc


def check_public_key(scheme: int, public_key: bytes) -> None:
    """Raise ``InvalidPublicKey`` unless ``public_key`` is a well-formed key of ``scheme``."""
    s = scheme_of(scheme)
    if len(public_key) != PUBLIC_KEY_SIZE[s]:
        raise InvalidPublicKey(
            f"{s.name} public key must be {PUBLIC_KEY_SIZE[s]} bytes, got {len(public_key)}"
        )
    if s is Scheme.P256:
        _p256_key(public_key)
    elif not nacl.bindings.crypto_core_ed25519_is_valid_point(public_key):
        # Not on the curve, or of small order: such a key could verify forged signatures.
        raise InvalidPublicKey("Ed25519 public key is not a valid point of the main subgroup")


_p256_cache: dict[bytes, ec.EllipticCurvePublicKey] = {}


def _p256_key(public_key: bytes) -> ec.EllipticCurvePublicKey:
    key = _p256_cache.get(public_key)
    if key is None:
        if len(public_key) != 33 or public_key[0] not in (2, 3):
            raise InvalidPublicKey("P-256 public key must be 33 bytes, SEC1 compressed")
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
        except ValueError as exc:
            raise InvalidPublicKey("P-256 public key is not a point on the curve") from exc
        if len(_p256_cache) > 10_000:
            _p256_cache.clear()
        _p256_cache[public_key] = key
    return key


def verify(scheme: int, public_key: bytes, message: bytes, signature: bytes) -> None:
    """Verify ``signature`` on ``message``; raise ``InvalidSignature`` with the reason if it fails."""
    s = scheme_of(scheme)
    if len(signature) != 64:
        raise InvalidSignature(f"signature must be 64 bytes, got {len(signature)}")
    if s is Scheme.ED25519:
        if len(public_key) != 32:
            raise InvalidPublicKey(f"Ed25519 public key must be 32 bytes, got {len(public_key)}")
        try:
            nacl.bindings.crypto_sign_open(signature + message, public_key)
        except (nacl.exceptions.BadSignatureError, ValueError) as exc:
            raise InvalidSignature("Ed25519 signature does not verify") from exc
        return
    r = int.from_bytes(signature[:32], "big")
    sv = int.from_bytes(signature[32:], "big")
    if not (0 < r < P256_N and 0 < sv < P256_N):
        raise InvalidSignature("P-256 signature r or s out of range")
    if sv > P256_HALF_N:
        raise InvalidSignature("P-256 signature has a high S (not canonical)")
    key = _p256_key(public_key)
    try:
        key.verify(encode_dss_signature(r, sv), message, ec.ECDSA(hashes.SHA256()))
    except _CryptoInvalidSignature as exc:
        raise InvalidSignature("P-256 signature does not verify") from exc


def is_valid(scheme: int, public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Like ``verify`` but returns a bool; for batch paths that collect failures."""
    try:
        verify(scheme, public_key, message, signature)
    except (InvalidSignature, InvalidPublicKey):
        return False
    return True


def normalize_p256_signature(der_or_rs: bytes) -> bytes:
    """Turn a DER or raw r||s P-256 signature into canonical 64-byte r||s with low S.

    Hardware tokens and OS key stores return either form; both are accepted here
    so every signer backend yields the same canonical bytes.
    """
    if len(der_or_rs) == 64:
        r = int.from_bytes(der_or_rs[:32], "big")
        s = int.from_bytes(der_or_rs[32:], "big")
    else:
        try:
            r, s = decode_dss_signature(der_or_rs)
        except ValueError as exc:
            raise InvalidSignature("not a DER or r||s ECDSA signature") from exc
    if not (0 < r < P256_N and 0 < s < P256_N):
        raise InvalidSignature("ECDSA signature r or s out of range")
    if s > P256_HALF_N:
        s = P256_N - s
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


@dataclass(frozen=True, slots=True)
class PrivateKey:
    """An in-memory private key (software signer). Never logged, never written in the clear.

    ``secret`` is the 32-byte Ed25519 seed or the 32-byte P-256 scalar.
    """

    scheme: Scheme
    secret: bytes

    def __repr__(self) -> str:  # keep secrets out of logs and tracebacks
        return f"PrivateKey({self.scheme.name}, <secret>)"

    @classmethod
    def generate(cls, scheme: Scheme = Scheme.ED25519) -> PrivateKey:
        if scheme is Scheme.ED25519:
            return cls(scheme, bytes(nacl.signing.SigningKey.generate()))
        key = ec.generate_private_key(ec.SECP256R1())
        return cls(scheme, key.private_numbers().private_value.to_bytes(32, "big"))

    @classmethod
    def from_secret(cls, scheme: Scheme | int, secret: bytes) -> PrivateKey:
        scheme = Scheme(scheme)
        if len(secret) != 32:
            raise InvalidValue("a private key secret must be 32 bytes")
        if scheme is Scheme.P256:
            d = int.from_bytes(secret, "big")
            if not 0 < d < P256_N:
                raise InvalidValue("P-256 private scalar out of range")
        return cls(scheme, bytes(secret))

    @property
    def public_key(self) -> bytes:
        if self.scheme is Scheme.ED25519:
            return bytes(nacl.signing.SigningKey(self.secret).verify_key)
        return (
            self._p256()
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
        )

    def _p256(self) -> ec.EllipticCurvePrivateKey:
        return ec.derive_private_key(int.from_bytes(self.secret, "big"), ec.SECP256R1())

    def sign(self, message: bytes) -> bytes:
        """Sign raw message bytes (callers pass ``signing_message(...)``)."""
        if self.scheme is Scheme.ED25519:
            return nacl.bindings.crypto_sign(message, self._ed_sk())[:64]
        der = self._p256().sign(message, ec.ECDSA(hashes.SHA256()))
        return normalize_p256_signature(der)

    def _ed_sk(self) -> bytes:
        # libsodium's 64-byte secret key is seed || public key.
        return self.secret + self.public_key


class Signer:
    """A software signer that caches the expanded key; the interface every backend offers."""

    def __init__(self, key: PrivateKey) -> None:
        self._key = key
        self.scheme = key.scheme
        self.public_key = key.public_key
        self._ed_sk = key.secret + self.public_key if key.scheme is Scheme.ED25519 else b""
        self._p256 = key._p256() if key.scheme is Scheme.P256 else None

    def __repr__(self) -> str:
        return f"Signer({self.scheme.name}, {self.public_key.hex()[:16]}…)"

    def sign(self, message: bytes) -> bytes:
        if self._p256 is None:
            return nacl.bindings.crypto_sign(message, self._ed_sk)[:64]
        return normalize_p256_signature(self._p256.sign(message, ec.ECDSA(hashes.SHA256())))

    def sign_digest(self, domain: Domain, chain_id: str, digest: bytes) -> bytes:
        return self.sign(signing_message(domain, chain_id, digest))


def key_fingerprint(scheme: int, public_key: bytes) -> bytes:
    """A 32-byte identifier of a public key, used to derive addresses."""
    return tagged_hash(b"DEPOT/KEY", bytes([scheme]) + public_key)
