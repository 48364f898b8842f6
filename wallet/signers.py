"""The one signer interface of the wallet, and its backends: key file, PKCS#11 token, watch-only.

Every backend produces the chain's canonical signatures (protocol §5): Ed25519
over the signed message, or ECDSA P-256 with SHA-256 as 64 bytes ``r || s``
with low S.  The transaction code never asks which backend it holds; it calls
``sign(message)`` and gets those 64 bytes, or a ``DepotError`` saying what went
wrong (wrong PIN, token removed, ...).  Every signature a backend returns is
verified before it is used, so a faulty token cannot slip a bad one into a
transaction.

Backends:

- ``FileSigner``: a key sealed in an encrypted key file (``node.keyfile``:
  Argon2id + XChaCha20-Poly1305), unlocked with its password, or with a random
  unlock secret kept in the OS keyring ("remember me", ``wallet.remember``).
- ``Pkcs11Signer``: a key generated on (or imported into) a PKCS#11 token —
  SoftHSM2, OpenSC smart cards, YubiKey's YKCS11 — found by token label and key
  id.  Ed25519 through CKM_EDDSA where the token offers it; P-256 through
  CKM_ECDSA over a SHA-256 digest computed here, then converted to low-S ``r||s``.
  The private key never leaves the token (CKA_SENSITIVE, not CKA_EXTRACTABLE).
- ``WatchOnlySigner``: an address without a key, for auditors; refuses to sign.

Windows CNG (TPM-backed keys through the Microsoft Platform Crypto Provider)
and macOS Secure Enclave keys are P-256 signers of this same interface: they
hash nothing themselves beyond what ECDSA-SHA256 does, return DER or raw r||s,
and go through ``normalize_p256_signature``.  docs/wallet.md says how they plug
in; they cannot be exercised on this Linux build machine.
"""

from __future__ import annotations

import abc
import hashlib
import hmac
import logging
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from node.core import crypto
from node.core.address import address_of_key
from node.core.crypto import PrivateKey, Scheme, check_public_key, normalize_p256_signature
from node.core.errors import DepotError, InvalidPublicKey, InvalidSignature
from node.core.transactions import (
    DuplicateSignature,
    Transaction,
    TxBody,
    TxSignature,
    tx_id_of,
    tx_signing_message,
)
from node.core.types import U8, Address, Signature64
from node.keyfile import load_keyfile, read_keyfile_info
from wallet.errors import (
    KeyLocked,
    MechanismUnavailable,
    PinLocked,
    Pkcs11ModuleError,
    TokenError,
    TokenKeyExists,
    TokenKeyNotFound,
    TokenNotFound,
    TokenRemoved,
    TokenSignatureInvalid,
    WatchOnly,
    WrongPin,
)

log = logging.getLogger("depot.wallet")

# DER of the named-curve OIDs, as CKA_EC_PARAMS carries them.
P256_OID = "1.2.840.10045.3.1.7"
ED25519_OID = "1.3.101.112"


class Signer(abc.ABC):
    """Anything that signs for the wallet: a key file, a token key, a platform key store.

    ``sign`` takes the exact message (``signing_message(domain, chain_id,
    digest)``) and returns the 64-byte canonical signature.  Implementations
    keep secrets out of ``repr`` and out of every exception they raise.
    """

    scheme: Scheme
    """Signature scheme of the key."""
    public_key: bytes
    """32-byte Ed25519 or 33-byte compressed P-256 public key."""
    backend: str = "abstract"
    """"file", "pkcs11", "watch" (and, designed for: "cng", "secure-enclave")."""

    @property
    def address(self) -> Address:
        """The address of the key's own single-key account."""
        return address_of_key(int(self.scheme), self.public_key)

    @property
    def can_sign(self) -> bool:
        return True

    @abc.abstractmethod
    def _sign_raw(self, message: bytes) -> bytes:
        """The backend's signature over ``message``: Ed25519 64 bytes, or P-256 DER or r||s."""

    def sign(self, message: bytes) -> bytes:
        """Sign ``message``; return canonical 64 bytes, verified against ``public_key``."""
        raw = self._sign_raw(message)
        sig = normalize_p256_signature(raw) if self.scheme is Scheme.P256 else raw
        try:
            crypto.verify(int(self.scheme), self.public_key, message, sig)
        except (InvalidSignature, InvalidPublicKey) as exc:
            raise TokenSignatureInvalid(
                f"the {self.backend} signer returned a signature that does not verify: {exc.message}"
            ) from None
        return sig

    def describe(self) -> str:
        """One line for people: backend, scheme and a short key fingerprint."""
        return f"{self.backend} {self.scheme.name} key {self.public_key.hex()[:16]}…"

    def close(self) -> None:  # noqa: B027 - optional hook: most backends hold nothing to release
        """Release what the backend holds (token session, in-memory key)."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.scheme.name}, {self.public_key.hex()[:16]}…)"

    def __enter__(self) -> Signer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


# --- signing transactions with any backend ---------------------------------------------------


def signature_for(body: TxBody, signer: Signer) -> TxSignature:
    """The signer's signature over the transaction id of ``body`` (protocol §7.2)."""
    msg = tx_signing_message(body.chain_id, tx_id_of(body))
    return TxSignature(U8(int(signer.scheme)), bytes(signer.public_key), Signature64(signer.sign(msg)))


def sign_transaction(body: TxBody, signers: Iterable[Signer]) -> Transaction:
    """A transaction of ``body`` signed by each signer, in order."""
    sigs: list[TxSignature] = []
    for s in signers:
        if any(x.public_key == s.public_key for x in sigs):
            raise DuplicateSignature("the same key is listed twice")
        sigs.append(signature_for(body, s))
    return Transaction(body, tuple(sigs))


# --- key file ------------------------------------------------------------------------------------


class FileSigner(Signer):
    """A software key unlocked from an encrypted key file; the secret lives only in this process."""

    backend = "file"

    def __init__(self, key: PrivateKey, *, unlocked_by: str = "password", path: Path | None = None) -> None:
        self._signer: crypto.Signer | None = crypto.Signer(key)
        self.scheme = key.scheme
        self.public_key = key.public_key
        self.unlocked_by = unlocked_by
        """"password" or "keyring": how the key file was opened (the signing view shows it)."""
        self.path = path

    @classmethod
    def unlock(cls, path: Path, password: str, *, unlocked_by: str = "password") -> FileSigner:
        """Open the key file at ``path``: ``WrongPassword``, ``KeyfileTampered``, ``KeyfileCorrupt``."""
        key = load_keyfile(Path(path), password)
        log.info("unlocked key file %s (%s)", Path(path).name, unlocked_by)
        return cls(key, unlocked_by=unlocked_by, path=Path(path))

    def _sign_raw(self, message: bytes) -> bytes:
        if self._signer is None:
            raise KeyLocked("this key was locked again; unlock it to sign")
        return self._signer.sign(message)

    def describe(self) -> str:
        how = "unlocked from the keyring" if self.unlocked_by == "keyring" else "unlocked with its password"
        return f"key file {self.path.name if self.path else ''} ({how}), {self.scheme.name} {self.public_key.hex()[:16]}…"

    def sign(self, message: bytes) -> bytes:
        # The software signer already returns canonical low-S signatures; verifying every one
        # would halve throughput for no gain (the token path below does verify).
        return self._sign_raw(message)

    def close(self) -> None:
        self._signer = None


# --- watch-only ------------------------------------------------------------------------------


class WatchOnlySigner(Signer):
    """An address followed without a key (auditors): visible everywhere, signs nothing."""

    backend = "watch"

    def __init__(self, address: Address, scheme: Scheme = Scheme.ED25519, public_key: bytes = b"") -> None:
        self._address = address
        self.scheme = scheme
        self.public_key = public_key

    @property
    def address(self) -> Address:
        return self._address

    @property
    def can_sign(self) -> bool:
        return False

    def _sign_raw(self, message: bytes) -> bytes:
        raise WatchOnly(f"{self._address} is watch-only: this wallet holds no key for it")

    def describe(self) -> str:
        return f"watch-only {self._address}"

    def __repr__(self) -> str:
        return f"WatchOnlySigner({self._address})"


# --- PKCS#11 ---------------------------------------------------------------------------------------


def _pkcs11() -> Any:
    import pkcs11  # imported lazily: loading a PKCS#11 module is the token's business only

    return pkcs11


def _map_pkcs11_error(exc: Exception, what: str) -> DepotError:
    """A ``DepotError`` for a python-pkcs11 exception, without any PIN or key material in it."""
    p = _pkcs11()
    e = p.exceptions
    name = type(exc).__name__
    if isinstance(exc, e.PinIncorrect | e.PinInvalid | e.PinLenRange):
        return WrongPin(f"{what}: the PIN is not correct")
    if isinstance(exc, e.PinLocked):
        return PinLocked(f"{what}: the PIN is locked after too many wrong attempts; ask the token's administrator")
    if isinstance(exc, e.PinExpired):
        return PinLocked(f"{what}: the PIN has expired and must be changed")
    if isinstance(
        exc,
        e.DeviceRemoved | e.TokenNotPresent | e.TokenNotRecognised | e.SessionHandleInvalid | e.SessionClosed
        | e.SlotIDInvalid | e.DeviceError | e.KeyHandleInvalid | e.ObjectHandleInvalid,
    ):
        return TokenRemoved(f"{what}: the token was removed or its session ended ({name})")
    if isinstance(exc, e.MechanismInvalid | e.MechanismParamInvalid | e.FunctionNotSupported):
        return MechanismUnavailable(f"{what}: the token does not support this operation ({name})")
    if isinstance(exc, e.NoSuchToken):
        return TokenNotFound(f"{what}: no such token")
    if isinstance(exc, e.NoSuchKey):
        return TokenKeyNotFound(f"{what}: no such key on the token")
    if isinstance(exc, e.UserNotLoggedIn):
        return TokenRemoved(f"{what}: the token session is no longer logged in ({name})")
    if "not initialized" in str(exc).lower():  # CKR_CRYPTOKI_NOT_INITIALIZED: the library was finalised
        return TokenRemoved(f"{what}: the token's PKCS#11 library was shut down")
    return TokenError(f"{what}: {name}")


def _attribute(obj: Any, attribute: Any, default: Any) -> Any:
    """An attribute of a token object, or ``default`` when the token does not have or show it."""
    p = _pkcs11()
    try:
        return obj[attribute]
    except (p.exceptions.AttributeTypeInvalid, p.exceptions.AttributeSensitive, KeyError):
        return default


def _end_login(key: tuple[str, str, bytes], login: _TokenLogin) -> None:
    """Log out and forget the login (``_LOGINS_LOCK`` held)."""
    _LOGINS.pop(key, None)
    try:
        login.session.close()  # C_Logout, then C_CloseSession
    except Exception:  # noqa: BLE001 - a removed token or a finalised library: nothing left to log out of
        pass


def _der_octet_string(der: bytes) -> bytes:
    """Content of a DER OCTET STRING (CKA_EC_POINT); tokens that return the raw point are accepted."""
    if len(der) >= 2 and der[0] == 0x04:
        n = der[1]
        if n < 0x80 and len(der) == 2 + n:
            return der[2:]
        if n == 0x81 and len(der) >= 3 and len(der) == 3 + der[2]:
            return der[3:]
    return der


def public_key_from_ec_point(scheme: Scheme, ec_point: bytes) -> bytes:
    """The chain's public key encoding from a token's CKA_EC_POINT."""
    point = _der_octet_string(bytes(ec_point))
    if scheme is Scheme.ED25519:
        if len(point) != 32:
            raise TokenError("the token's Ed25519 public key is not 32 bytes")
        check_public_key(int(scheme), point)
        return point
    if len(point) == 65 and point[0] == 0x04:
        x, y = point[1:33], point[33:]
        point = bytes([2 + (y[-1] & 1)]) + x
    if len(point) != 33:
        raise TokenError("the token's P-256 public key is not an EC point")
    check_public_key(int(scheme), point)
    return point


@dataclass(frozen=True, slots=True)
class TokenKey:
    """One private key found on a token, as a picker shows it (``Pkcs11Token.keys``, ``Wallet.token_keys``)."""

    label: str
    """CKA_LABEL ("" when the token gives none)."""
    key_id: str
    """CKA_ID as lowercase hex: what the wallet records and finds the key by ("" when the key has none)."""
    key_type: str
    """"ed25519", "p256", or what else it is ("ec", "rsa", "other"): only the first two sign for the chain."""
    public_key: str = ""
    """The chain's public key encoding as hex, from the matching public key object ("" when there is none)."""
    wallet_key: str = ""
    """The name under which this wallet already holds the key ("" when it does not)."""

    @property
    def scheme(self) -> Scheme | None:
        return {"ed25519": Scheme.ED25519, "p256": Scheme.P256}.get(self.key_type)

    @property
    def usable(self) -> bool:
        """Can the wallet sign with it: an Ed25519 or P-256 key with an id and a public key to check against."""
        return self.scheme is not None and bool(self.key_id) and bool(self.public_key)

    @property
    def in_wallet(self) -> bool:
        return bool(self.wallet_key)


class _TokenLogin:
    """This process's login on one token.

    PKCS#11 logs an application in per token, not per session: a second
    ``C_Login`` answers CKR_USER_ALREADY_LOGGED_IN, and ``C_Logout`` on any
    session logs every session of the application out.  So the first
    ``Pkcs11Token`` on a token logs in through a session kept here, every
    ``Pkcs11Token`` works in a session of its own opened without a PIN (it
    shares the login), and the login ends when the last of them closes.  While
    logged in, the token does not check the PIN of a second opening; a keyed
    hash of the PIN that logged in (the key random per process, the PIN itself
    not kept) lets a wrong one be refused anyway.
    """

    def __init__(self, session: Any, pin_tag: bytes) -> None:
        self.session = session
        self.pin_tag = pin_tag
        self.users = 0


_LOGINS: dict[tuple[str, str, bytes], _TokenLogin] = {}
_LOGINS_LOCK = threading.Lock()
_PIN_TAG_KEY = secrets.token_bytes(32)


def _pin_tag(pin: str) -> bytes:
    return hmac.new(_PIN_TAG_KEY, pin.encode("utf-8"), hashlib.sha256).digest()


def _still_logged_in(login: _TokenLogin) -> bool:
    """Whether the login session still answers (a finalised library or a pulled token end it)."""
    p = _pkcs11()
    try:
        login.session.generate_random(64)  # the cheapest call that needs the session
    except p.exceptions.PKCS11Error as exc:
        # A token without a random generator still has its session; a closed one does not.
        return not isinstance(_map_pkcs11_error(exc, "probe"), TokenRemoved)
    except Exception:  # noqa: BLE001 - anything else: treat the login as gone and log in again
        return False
    return True


class Pkcs11Token:
    """A session on one PKCS#11 token, found by its label, logged in with the token's PIN.

    ``module`` is the path of the vendor's PKCS#11 library (SoftHSM2:
    ``libsofthsm2.so``; OpenSC: ``opensc-pkcs11.so``; YubiKey: ``libykcs11``).
    The PIN is passed to the token at login and not kept (see ``_TokenLogin``:
    several ``Pkcs11Token`` on one token share one login).
    """

    def __init__(self, module: str, token_label: str, pin: str, *, rw: bool = False) -> None:
        p = _pkcs11()
        self.module = str(module)
        self.token_label = token_label
        self._lock = threading.Lock()
        what = f"token {token_label!r}"
        try:
            self._lib = p.lib(self.module)
        except Exception as exc:  # the loader raises RuntimeError/OSError/AlreadyInitialized
            raise Pkcs11ModuleError(
                f"cannot load the PKCS#11 module {self.module!r} ({type(exc).__name__})"
            ) from None
        try:
            self._token = self._lib.get_token(token_label=token_label)
        except p.exceptions.NoSuchToken:
            raise TokenNotFound(f"no PKCS#11 token labelled {token_label!r} in {self.module}") from None
        except p.exceptions.PKCS11Error as exc:
            raise _map_pkcs11_error(exc, what) from None
        flags = int(self._token.flags)
        if flags & int(p.TokenFlag.USER_PIN_LOCKED):
            raise PinLocked(f"{what}: the PIN is locked after too many wrong attempts; ask the token's administrator")
        self._closed = False
        self._login_key = (self.module, token_label, bytes(self._token.serial or b""))
        with _LOGINS_LOCK:
            login = _LOGINS.get(self._login_key)
            if login is not None and not _still_logged_in(login):
                _LOGINS.pop(self._login_key, None)  # the library was shut down or the token pulled: log in again
                login = None
            if login is None:
                try:
                    login = _TokenLogin(self._token.open(user_pin=pin), _pin_tag(pin))
                except p.exceptions.PKCS11Error as exc:
                    raise _map_pkcs11_error(exc, what) from None
                _LOGINS[self._login_key] = login
            elif not hmac.compare_digest(login.pin_tag, _pin_tag(pin)):
                raise WrongPin(f"{what}: the PIN is not correct")
            try:
                self._session = self._token.open(rw=rw)  # shares the login: no PIN, and closing it logs nobody out
            except p.exceptions.PKCS11Error as exc:
                if login.users == 0:
                    _end_login(self._login_key, login)
                raise _map_pkcs11_error(exc, what) from None
            login.users += 1
            self._login = login
        self.mechanisms = frozenset(self._token.slot.get_mechanisms())

    def __repr__(self) -> str:
        return f"Pkcs11Token({self.token_label!r})"

    @property
    def offers_eddsa(self) -> bool:
        p = _pkcs11()
        return p.Mechanism.EDDSA in self.mechanisms and p.Mechanism.EC_EDWARDS_KEY_PAIR_GEN in self.mechanisms

    def close(self) -> None:
        """Close this session; the last one open on the token logs out."""
        if self._closed:
            return
        self._closed = True
        try:
            self._session.close()
        except Exception:  # noqa: BLE001 - closing a session on a removed token fails; nothing to do
            pass
        with _LOGINS_LOCK:
            self._login.users -= 1
            if self._login.users <= 0 and _LOGINS.get(self._login_key) is self._login:
                _end_login(self._login_key, self._login)

    def __enter__(self) -> Pkcs11Token:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- keys --

    def _find(self, object_class: Any, key_id: bytes) -> Any | None:
        a = _pkcs11().Attribute
        found = list(self._session.get_objects({a.CLASS: object_class, a.ID: key_id}))
        return found[0] if found else None

    def generate(self, scheme: Scheme, key_id: bytes, label: str) -> Pkcs11Signer:
        """Generate a key pair on the token: private half sensitive, not extractable, kept on the token."""
        p = _pkcs11()
        a = p.Attribute
        if self._find(p.ObjectClass.PRIVATE_KEY, key_id) is not None:
            raise TokenKeyExists(f"token {self.token_label!r} already holds a key with id {key_id.hex()}")
        from pkcs11.util.ec import encode_named_curve_parameters

        if scheme is Scheme.ED25519:
            if not self.offers_eddsa:
                raise MechanismUnavailable(
                    f"token {self.token_label!r} does not offer CKM_EDDSA; use a P-256 key on this token"
                )
            key_type, mech, oid = p.KeyType.EC_EDWARDS, p.Mechanism.EC_EDWARDS_KEY_PAIR_GEN, ED25519_OID
        else:
            key_type, mech, oid = p.KeyType.EC, p.Mechanism.EC_KEY_PAIR_GEN, P256_OID
        try:
            with self._lock:
                pub, priv = self._session.generate_keypair(
                    key_type,
                    store=True,
                    id=key_id,
                    label=label,
                    mechanism=mech,
                    public_template={a.EC_PARAMS: encode_named_curve_parameters(oid), a.VERIFY: True},
                    private_template={
                        a.SENSITIVE: True,
                        a.EXTRACTABLE: False,
                        a.SIGN: True,
                        a.PRIVATE: True,
                        a.TOKEN: True,
                    },
                )
                public_key = public_key_from_ec_point(scheme, pub[a.EC_POINT])
        except p.exceptions.PKCS11Error as exc:
            raise _map_pkcs11_error(exc, f"generating a key on token {self.token_label!r}") from None
        log.info("generated %s key id %s on token %s", scheme.name, key_id.hex(), self.token_label)
        return Pkcs11Signer(self, scheme, key_id, public_key, priv)

    def import_ed25519_seed(self, seed: bytes, key_id: bytes, label: str) -> Pkcs11Signer:
        """Import an Ed25519 seed as a sensitive, non-extractable token key (known-answer tests, migration)."""
        p = _pkcs11()
        a = p.Attribute
        from pkcs11.util.ec import encode_named_curve_parameters

        if self._find(p.ObjectClass.PRIVATE_KEY, key_id) is not None:
            raise TokenKeyExists(f"token {self.token_label!r} already holds a key with id {key_id.hex()}")
        public_key = PrivateKey.from_secret(Scheme.ED25519, seed).public_key
        params = encode_named_curve_parameters(ED25519_OID)
        try:
            with self._lock:
                priv = self._session.create_object(
                    {
                        a.CLASS: p.ObjectClass.PRIVATE_KEY,
                        a.KEY_TYPE: p.KeyType.EC_EDWARDS,
                        a.EC_PARAMS: params,
                        a.VALUE: bytes(seed),
                        a.TOKEN: True,
                        a.PRIVATE: True,
                        a.SIGN: True,
                        a.SENSITIVE: True,
                        a.EXTRACTABLE: False,
                        a.ID: key_id,
                        a.LABEL: label,
                    }
                )
                self._session.create_object(
                    {
                        a.CLASS: p.ObjectClass.PUBLIC_KEY,
                        a.KEY_TYPE: p.KeyType.EC_EDWARDS,
                        a.EC_PARAMS: params,
                        a.EC_POINT: b"\x04\x20" + public_key,
                        a.TOKEN: True,
                        a.VERIFY: True,
                        a.ID: key_id,
                        a.LABEL: label,
                    }
                )
        except p.exceptions.PKCS11Error as exc:
            raise _map_pkcs11_error(exc, f"importing a key into token {self.token_label!r}") from None
        return Pkcs11Signer(self, Scheme.ED25519, key_id, public_key, priv)

    def signer(self, key_id: bytes, scheme: Scheme | None = None) -> Pkcs11Signer:
        """The signer of the key with CKA_ID ``key_id``; the scheme is read from the token."""
        p = _pkcs11()
        a = p.Attribute
        try:
            priv = self._find(p.ObjectClass.PRIVATE_KEY, key_id)
            pub = self._find(p.ObjectClass.PUBLIC_KEY, key_id)
            if priv is None:
                raise TokenKeyNotFound(f"token {self.token_label!r} holds no private key with id {key_id.hex()}")
            key_type = priv[a.KEY_TYPE]
            found = Scheme.ED25519 if key_type == p.KeyType.EC_EDWARDS else Scheme.P256
            if key_type not in (p.KeyType.EC_EDWARDS, p.KeyType.EC):
                raise TokenKeyNotFound(f"key {key_id.hex()} on token {self.token_label!r} is not an EC key")
            if scheme is not None and scheme is not found:
                raise TokenKeyNotFound(f"key {key_id.hex()} on token {self.token_label!r} is {found.name}, not {scheme.name}")
            if pub is None:
                raise TokenKeyNotFound(f"token {self.token_label!r} holds no public key with id {key_id.hex()}")
            public_key = public_key_from_ec_point(found, pub[a.EC_POINT])
        except p.exceptions.PKCS11Error as exc:
            raise _map_pkcs11_error(exc, f"token {self.token_label!r}") from None
        return Pkcs11Signer(self, found, key_id, public_key, priv)

    def keys(self) -> list[TokenKey]:
        """Every private key on the token (the session is logged in, so private objects are visible),
        with its label, id, type and public key; sorted by label, then id."""
        p = _pkcs11()
        a = p.Attribute
        from pkcs11.util.ec import encode_named_curve_parameters

        p256_params = encode_named_curve_parameters(P256_OID)
        found: list[TokenKey] = []
        try:
            with self._lock:
                # Collected first: a second search (the public halves) cannot run inside the first.
                privates = list(self._session.get_objects({a.CLASS: p.ObjectClass.PRIVATE_KEY}))
                for priv in privates:
                    label = _attribute(priv, a.LABEL, "")
                    key_id = bytes(_attribute(priv, a.ID, b"") or b"")
                    key_type = _attribute(priv, a.KEY_TYPE, None)
                    if key_type == p.KeyType.EC_EDWARDS:
                        kind = "ed25519"
                    elif key_type == p.KeyType.EC:
                        kind = "p256" if bytes(_attribute(priv, a.EC_PARAMS, b"") or b"") == p256_params else "ec"
                    elif key_type == p.KeyType.RSA:
                        kind = "rsa"
                    else:
                        kind = "other"
                    public_key = ""
                    if kind in ("ed25519", "p256") and key_id:
                        pub = self._find(p.ObjectClass.PUBLIC_KEY, key_id)
                        if pub is not None:
                            scheme = Scheme.ED25519 if kind == "ed25519" else Scheme.P256
                            try:
                                public_key = public_key_from_ec_point(scheme, pub[a.EC_POINT]).hex()
                            except (DepotError, p.exceptions.PKCS11Error):
                                public_key = ""  # a public half the wallet cannot read: shown, not usable
                    found.append(TokenKey(str(label or ""), key_id.hex(), kind, public_key))
        except p.exceptions.PKCS11Error as exc:
            raise _map_pkcs11_error(exc, f"listing the keys of token {self.token_label!r}") from None
        return sorted(found, key=lambda k: (k.label, k.key_id))

    def private_key_object(self, key_id: bytes) -> Any:
        """The raw python-pkcs11 private key object (for attribute checks in tests and diagnostics)."""
        obj = self._find(_pkcs11().ObjectClass.PRIVATE_KEY, key_id)
        if obj is None:
            raise TokenKeyNotFound(f"token {self.token_label!r} holds no private key with id {key_id.hex()}")
        return obj

    def sign_with(self, key: Any, scheme: Scheme, message: bytes) -> bytes:
        """Sign on the token with the private key object ``key`` (found once, by ``signer``)."""
        p = _pkcs11()
        what = f"signing on token {self.token_label!r}"
        with self._lock:
            try:
                if scheme is Scheme.ED25519:
                    return bytes(key.sign(message, mechanism=p.Mechanism.EDDSA))
                # The digest is computed here: tokens differ in which hashing mechanisms they offer,
                # and CKM_ECDSA over a SHA-256 digest is what they all do.
                digest = hashlib.sha256(message).digest()
                return bytes(key.sign(digest, mechanism=p.Mechanism.ECDSA))
            except p.exceptions.PKCS11Error as exc:
                raise _map_pkcs11_error(exc, what) from None


class Pkcs11Signer(Signer):
    """A key on a PKCS#11 token; signing happens on the token."""

    backend = "pkcs11"

    def __init__(self, token: Pkcs11Token, scheme: Scheme, key_id: bytes, public_key: bytes, key: Any) -> None:
        self.token = token
        self.scheme = scheme
        self.key_id = bytes(key_id)
        self.public_key = bytes(public_key)
        self._key = key

    def _sign_raw(self, message: bytes) -> bytes:
        return self.token.sign_with(self._key, self.scheme, message)

    def describe(self) -> str:
        return (
            f"PKCS#11 token {self.token.token_label!r} key {self.key_id.hex()} "
            f"({self.scheme.name} {self.public_key.hex()[:16]}…)"
        )

    def close(self) -> None:
        self.token.close()


def file_key_info(path: Path) -> tuple[Scheme, bytes]:
    """(scheme, public key) a key file declares, without its password."""
    info = read_keyfile_info(Path(path))
    return info.scheme, info.public_key
