"""The encrypted key file: one private key sealed under a password, for validators and the wallet.

A key file is UTF-8 JSON::

    {"depot_keyfile": 1,
     "kdf": {"name": "argon2id", "opslimit": N, "memlimit": N, "salt": hex16},
     "cipher": {"name": "xchacha20poly1305-ietf", "nonce": hex24},
     "scheme": "ed25519" | "p256", "public_key": hex, "address": "depot1...",
     "label": "...", "created_ms": int,
     "check": hex8,
     "ciphertext": hex}

How it is sealed (the format; a reader in another language must do exactly this):

- The password is normalised to Unicode NFKC, then UTF-8 encoded.  NFKC makes
  a password typed with a CJK input method's full-width characters ("１２３")
  or pasted in decomposed form unlock the same file as its plain form.
- ``K = argon2id(password, salt, opslimit, memlimit)``, 32 bytes (libsodium).
- ``enc_key = tagged_hash("DEPOT/KEYFILE/v1/ENC", K)`` and
  ``check = tagged_hash("DEPOT/KEYFILE/v1/CHECK", K)[:8]``.
- ``ciphertext = XChaCha20-Poly1305-IETF(enc_key, nonce, plaintext=secret,
  ad=canonical JSON of every field except "ciphertext")``, where canonical JSON
  is ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
  encoded as UTF-8, and the secret is the 32-byte ``PrivateKey.secret``.

How a file is judged when it is opened, in this order:

1. Anything that is not exactly this shape (unparsable JSON, a missing, extra,
   duplicated or ill-typed field, an unknown version/kdf/cipher/scheme, hex that
   is not lowercase or not the right length, KDF parameters outside Depot's
   bounds, an address that is not the public key's) is ``KeyfileCorrupt``; no
   key derivation is spent on it.
2. A ``check`` that does not match is ``WrongPassword``.  The salt, the KDF
   parameters and ``check`` itself are the inputs and output of that test and
   no password-independent secret exists to tell an edit of them from a
   mistyped password, so altering them (within bounds) also reads as
   ``WrongPassword``; the message says only that the password does not unlock
   the file, which is true either way.
3. A ``check`` that matches but an AEAD tag that does not is ``KeyfileTampered``:
   the password is right, so the header (label, address, public key, nonce,
   ...) or the ciphertext changed after the file was written.
4. A decrypted secret that is not a valid key of the scheme, or whose public
   key is not the one in the header, is ``KeyfileCorrupt`` (a faulty writer).

Key derivation takes from a tenth of a second ("interactive") to several
seconds ("sensitive"); callers on an event loop run these functions in an
executor.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import secrets
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import nacl.bindings
import nacl.exceptions
import nacl.pwhash.argon2id as argon2id

from node.core.address import address_of_key, format_address
from node.core.crypto import PUBLIC_KEY_SIZE, PrivateKey, Scheme, check_public_key
from node.core.errors import DepotError, InvalidPublicKey, InvalidValue
from node.core.hashing import tagged_hash
from node.core.types import Address

FORMAT_VERSION: Final = 1
KDF_NAME: Final = "argon2id"
CIPHER_NAME: Final = "xchacha20poly1305-ietf"

TAG_ENC: Final = b"DEPOT/KEYFILE/v1/ENC"
TAG_CHECK: Final = b"DEPOT/KEYFILE/v1/CHECK"

SALT_SIZE: Final = argon2id.SALTBYTES  # 16
NONCE_SIZE: Final = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
CHECK_SIZE: Final = 8
SECRET_SIZE: Final = 32
CIPHERTEXT_SIZE: Final = SECRET_SIZE + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_ABYTES

STRENGTHS: Final[dict[str, tuple[int, int]]] = {
    # name -> (opslimit, memlimit in bytes)
    "interactive": (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),  # demo/test nets
    "moderate": (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),  # daily unlock
    "sensitive": (argon2id.OPSLIMIT_SENSITIVE, argon2id.MEMLIMIT_SENSITIVE),  # exported backups
}
DEFAULT_STRENGTH: Final = "moderate"

# Bounds on the KDF parameters a file may ask for.  The floor refuses files far
# weaker than anything Depot writes; the ceiling keeps an edited or hostile file
# from pinning the CPU for minutes or exhausting memory.  Both leave room above
# "sensitive" so the parameters can be raised later without a format change.
MIN_OPSLIMIT: Final = argon2id.OPSLIMIT_INTERACTIVE
MIN_MEMLIMIT: Final = argon2id.MEMLIMIT_INTERACTIVE
MAX_OPSLIMIT: Final = 16
MAX_MEMLIMIT: Final = 4 * 1024**3

MAX_FILE_SIZE: Final = 64 * 1024
MAX_LABEL_LENGTH: Final = 128

_SCHEME_NAMES: Final = {Scheme.ED25519: "ed25519", Scheme.P256: "p256"}
_SCHEMES_BY_NAME: Final = {name: scheme for scheme, name in _SCHEME_NAMES.items()}

_TOP_FIELDS: Final = frozenset(
    {"depot_keyfile", "kdf", "cipher", "scheme", "public_key", "address", "label",
     "created_ms", "check", "ciphertext"}
)  # fmt: skip
_KDF_FIELDS: Final = frozenset({"name", "opslimit", "memlimit", "salt"})
_CIPHER_FIELDS: Final = frozenset({"name", "nonce"})
_HEX_DIGITS: Final = frozenset("0123456789abcdef")


# --- errors -------------------------------------------------------------------------------------
# Messages and data name the file and the field at fault, never a password or a secret.


class WrongPassword(DepotError):
    """The password does not unlock the key file."""

    code = "wrong_password"
    http_status = 403


class KeyfileTampered(DepotError):
    """The password is right but the file changed after it was written (header or ciphertext)."""

    code = "keyfile_tampered"


class KeyfileCorrupt(DepotError):
    """The file is not a well-formed Depot key file, or its contents contradict each other."""

    code = "keyfile_corrupt"


class KeyfileExists(DepotError):
    """A key file would be created where a file already exists (it is never overwritten)."""

    code = "keyfile_exists"
    http_status = 409


class WeakPassword(DepotError):
    """A password Depot refuses to seal or try a key with (today: an empty one)."""

    code = "weak_password"


# --- public types -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyfileInfo:
    """What a key file says about itself without its password (all of it authenticated on unlock)."""

    scheme: Scheme
    """Signature scheme of the sealed key."""
    public_key: bytes
    """Public key of the sealed key (32 bytes Ed25519, 33 bytes compressed P-256)."""
    address: Address
    """Address of the key's single-key account; ``str(address)`` is the ``depot1...`` text."""
    label: str
    """A name chosen by the owner ("Bank validator 2024"); may be empty."""
    created_ms: int
    """When the key file was first created, milliseconds since the Unix epoch (kept by rewrap)."""
    opslimit: int
    """Argon2id operations limit the file is sealed with."""
    memlimit: int
    """Argon2id memory limit in bytes the file is sealed with."""
    strength: str | None
    """The name in ``STRENGTHS`` matching (opslimit, memlimit), or None for other parameters."""


# --- the format ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sealed:
    """A parsed, well-formed key file (step 1 passed), before any password is tried."""

    info: KeyfileInfo
    header: dict[str, Any]  # every field except "ciphertext": the associated data
    salt: bytes
    nonce: bytes
    check: bytes
    ciphertext: bytes


def _corrupt(path: Path, problem: str, field: str | None = None) -> KeyfileCorrupt:
    data: dict[str, Any] = {"path": str(path)}
    if field is not None:
        data["field"] = field
    return KeyfileCorrupt(f"key file {path.name!r} is corrupt: {problem}", **data)


def _associated_data(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _strength_params(strength: str) -> tuple[int, int]:
    try:
        return STRENGTHS[strength]
    except (KeyError, TypeError):
        raise InvalidValue(
            f"unknown key file strength {strength!r}; use one of {', '.join(STRENGTHS)}",
            strength=str(strength),
        ) from None


def _strength_name(opslimit: int, memlimit: int) -> str | None:
    for name, params in STRENGTHS.items():
        if params == (opslimit, memlimit):
            return name
    return None


def _label_problem(label: object) -> str | None:
    if not isinstance(label, str):
        return "the label must be text"
    if len(label) > MAX_LABEL_LENGTH:
        return f"the label is longer than {MAX_LABEL_LENGTH} characters"
    for ch in label:
        category = unicodedata.category(ch)
        if category == "Cs":
            return "the label contains an unpaired surrogate"
        if category == "Cc":
            return "the label contains a control character"
    return None


def _password_bytes(password: str) -> bytes:
    if not isinstance(password, str):
        raise TypeError("a key file password must be str")
    if not password:
        raise WeakPassword("the password is empty; choose a password to protect the key")
    try:
        return unicodedata.normalize("NFKC", password).encode("utf-8")
    except UnicodeEncodeError:
        # Not chained: the UnicodeEncodeError holds the whole password in its ``object``.
        raise InvalidValue("the password contains an unpaired surrogate character") from None


def _derive_key(password: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    """Argon2id, 32 bytes: the single slow step, and the only one that sees the password."""
    return argon2id.kdf(32, password, salt, opslimit=opslimit, memlimit=memlimit)


def _subkeys(k: bytes) -> tuple[bytes, bytes]:
    """(encryption key, check value) from the derived key; distinct tags keep them independent."""
    return tagged_hash(TAG_ENC, k), tagged_hash(TAG_CHECK, k)[:CHECK_SIZE]


# On wiping secrets: Python cannot reliably erase them.  ``bytes`` and ``str``
# are immutable and PyNaCl/cryptography return the derived key, the decrypted
# secret and the expanded signing keys as fresh ``bytes`` objects whose memory
# returns to CPython's allocator uncleared; the password ``str`` belongs to the
# caller (and to the GUI toolkit before it).  We drop our references promptly
# and zero the few mutable buffers this module owns, which shortens the
# lifetime of some copies but proves nothing.  The real protections are the
# OS's: one process per user, no core dumps, encrypted swap.


def _wipe(buf: bytearray) -> None:
    buf[:] = bytes(len(buf))


def _seal(
    key: PrivateKey,
    password: bytes,
    *,
    opslimit: int,
    memlimit: int,
    label: str,
    created_ms: int,
) -> tuple[bytes, KeyfileInfo]:
    """The key file bytes for ``key`` and what they say about it."""
    public_key = key.public_key
    address = address_of_key(key.scheme, public_key)
    salt = secrets.token_bytes(SALT_SIZE)
    nonce = secrets.token_bytes(NONCE_SIZE)
    enc_key, check = _subkeys(_derive_key(password, salt, opslimit, memlimit))
    header: dict[str, Any] = {
        "depot_keyfile": FORMAT_VERSION,
        "kdf": {"name": KDF_NAME, "opslimit": opslimit, "memlimit": memlimit, "salt": salt.hex()},
        "cipher": {"name": CIPHER_NAME, "nonce": nonce.hex()},
        "scheme": _SCHEME_NAMES[key.scheme],
        "public_key": public_key.hex(),
        "address": format_address(address),
        "label": label,
        "created_ms": created_ms,
        "check": check.hex(),
    }
    ciphertext = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        key.secret, _associated_data(header), nonce, enc_key
    )
    del enc_key
    document = {**header, "ciphertext": ciphertext.hex()}
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    info = KeyfileInfo(
        scheme=key.scheme,
        public_key=public_key,
        address=address,
        label=label,
        created_ms=created_ms,
        opslimit=opslimit,
        memlimit=memlimit,
        strength=_strength_name(opslimit, memlimit),
    )
    return text.encode("utf-8"), info


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in pairs:
        if name in out:
            # Two parsers could pick different values; refuse rather than guess.
            raise ValueError(f"duplicate field {name!r}")
        out[name] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _read(path: Path) -> bytes:
    with open(path, "rb") as f:
        raw = f.read(MAX_FILE_SIZE + 1)
    if len(raw) > MAX_FILE_SIZE:
        raise _corrupt(path, f"larger than {MAX_FILE_SIZE} bytes")
    return raw


def _parse(path: Path, raw: bytes) -> _Sealed:
    """Step 1: check the file's shape and self-consistency; raise ``KeyfileCorrupt`` if it fails."""
    try:
        doc = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        # json.JSONDecodeError is a ValueError; its text names a position, not the content.
        raise _corrupt(path, f"not valid UTF-8 JSON ({type(exc).__name__})") from None

    def obj(value: Any, fields: frozenset[str], where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _corrupt(path, f"{where} must be a JSON object", where)
        missing = sorted(fields - value.keys())
        if missing:
            raise _corrupt(path, f"missing field {missing[0]!r}", _join(where, missing[0]))
        extra = sorted(value.keys() - fields)
        if extra:
            raise _corrupt(path, f"unknown field {extra[0]!r}", _join(where, extra[0]))
        return value

    def integer(value: Any, field: str, lo: int, hi: int) -> int:
        # bool is an int in Python but not in the format.
        if not isinstance(value, int) or isinstance(value, bool):
            raise _corrupt(path, f"{field} must be an integer", field)
        if not lo <= value <= hi:
            raise _corrupt(path, f"{field} must be between {lo} and {hi}", field)
        return value

    def hex_bytes(value: Any, field: str, size: int) -> bytes:
        if not isinstance(value, str) or not _HEX_DIGITS.issuperset(value):
            raise _corrupt(path, f"{field} must be lowercase hex", field)
        if len(value) != 2 * size:
            raise _corrupt(path, f"{field} must be {size} bytes", field)
        return bytes.fromhex(value)

    def name(value: Any, field: str, expected: str) -> None:
        if value != expected:
            raise _corrupt(path, f"unsupported {field}; this Depot reads {expected!r}", field)

    top = obj(doc, _TOP_FIELDS, "")
    version = top["depot_keyfile"]
    if not isinstance(version, int) or isinstance(version, bool) or version != FORMAT_VERSION:
        raise _corrupt(
            path,
            f"unsupported format version; this Depot reads version {FORMAT_VERSION}",
            "depot_keyfile",
        )

    kdf = obj(top["kdf"], _KDF_FIELDS, "kdf")
    name(kdf["name"], "kdf.name", KDF_NAME)
    opslimit = integer(kdf["opslimit"], "kdf.opslimit", MIN_OPSLIMIT, MAX_OPSLIMIT)
    memlimit = integer(kdf["memlimit"], "kdf.memlimit", MIN_MEMLIMIT, MAX_MEMLIMIT)
    salt = hex_bytes(kdf["salt"], "kdf.salt", SALT_SIZE)

    cipher = obj(top["cipher"], _CIPHER_FIELDS, "cipher")
    name(cipher["name"], "cipher.name", CIPHER_NAME)
    nonce = hex_bytes(cipher["nonce"], "cipher.nonce", NONCE_SIZE)

    scheme_name = top["scheme"]
    if not isinstance(scheme_name, str) or scheme_name not in _SCHEMES_BY_NAME:
        raise _corrupt(
            path, f"unknown scheme; this Depot reads {', '.join(_SCHEMES_BY_NAME)}", "scheme"
        )
    scheme = _SCHEMES_BY_NAME[scheme_name]
    public_key = hex_bytes(top["public_key"], "public_key", PUBLIC_KEY_SIZE[scheme])
    try:
        check_public_key(scheme, public_key)
    except InvalidPublicKey:
        raise _corrupt(path, f"public_key is not a valid {scheme_name} key", "public_key") from None

    address = address_of_key(scheme, public_key)
    if top["address"] != format_address(address):
        raise _corrupt(path, "address is not the address of public_key", "address")

    problem = _label_problem(top["label"])
    if problem is not None:
        raise _corrupt(path, problem, "label")
    created_ms = integer(top["created_ms"], "created_ms", 0, 2**63 - 1)
    check = hex_bytes(top["check"], "check", CHECK_SIZE)
    ciphertext = hex_bytes(top["ciphertext"], "ciphertext", CIPHERTEXT_SIZE)

    header = {k: v for k, v in top.items() if k != "ciphertext"}
    info = KeyfileInfo(
        scheme=scheme,
        public_key=public_key,
        address=address,
        label=top["label"],
        created_ms=created_ms,
        opslimit=opslimit,
        memlimit=memlimit,
        strength=_strength_name(opslimit, memlimit),
    )
    return _Sealed(info, header, salt, nonce, check, ciphertext)


def _join(where: str, field: str) -> str:
    return f"{where}.{field}" if where else field


def _unseal(path: Path, sealed: _Sealed, password: bytes) -> PrivateKey:
    """Steps 2-4: derive, check, decrypt and confirm the key."""
    info = sealed.info
    enc_key, check = _subkeys(_derive_key(password, sealed.salt, info.opslimit, info.memlimit))
    if not hmac.compare_digest(check, sealed.check):
        raise WrongPassword(f"the password does not unlock key file {path.name!r}", path=str(path))
    try:
        plaintext = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sealed.ciphertext, _associated_data(sealed.header), sealed.nonce, enc_key
        )
    except nacl.exceptions.CryptoError:
        raise KeyfileTampered(
            f"key file {path.name!r} was modified after it was written: "
            "its contents do not match their authentication tag",
            path=str(path),
        ) from None
    finally:
        del enc_key
    secret = bytearray(plaintext)
    del plaintext
    try:
        if len(secret) != SECRET_SIZE:  # pragma: no cover - ciphertext length is checked
            raise _corrupt(path, "the sealed secret has the wrong length")
        try:
            key = PrivateKey.from_secret(info.scheme, bytes(secret))
        except InvalidValue:
            raise _corrupt(
                path, f"the sealed secret is not a valid {info.scheme.name} key"
            ) from None
    finally:
        _wipe(secret)
    if not hmac.compare_digest(key.public_key, info.public_key):
        raise _corrupt(path, "public_key is not the public key of the sealed secret", "public_key")
    return key


# --- API ----------------------------------------------------------------------------------------


def create_keyfile(
    path: Path,
    key: PrivateKey,
    password: str,
    *,
    strength: str = DEFAULT_STRENGTH,
    label: str = "",
) -> KeyfileInfo:
    """Seal ``key`` under ``password`` into a new file at ``path`` (mode 0600 on POSIX).

    Raises ``WeakPassword`` for an empty password, ``InvalidValue`` for an unknown
    strength or an unusable label, and ``KeyfileExists`` if ``path`` exists: a key
    file is never overwritten by creation (use ``rewrap`` to re-seal one).
    """
    path = Path(path)
    opslimit, memlimit = _strength_params(strength)
    problem = _label_problem(label)
    if problem is not None:
        raise InvalidValue(problem)
    pw = _password_bytes(password)
    if path.exists():  # fail before the slow KDF; the write below re-checks without a race
        raise _exists(path)
    created_ms = time.time_ns() // 1_000_000
    data, info = _seal(
        key, pw, opslimit=opslimit, memlimit=memlimit, label=label, created_ms=created_ms
    )
    del pw
    try:
        write_bytes_atomically(path, data, overwrite=False)
    except FileExistsError:
        raise _exists(path) from None
    return info


def _exists(path: Path) -> KeyfileExists:
    return KeyfileExists(
        f"a file already exists at {str(path)!r}; refusing to overwrite it", path=str(path)
    )


def load_keyfile(path: Path, password: str) -> PrivateKey:
    """Unlock the key file at ``path`` with ``password``.

    Raises ``KeyfileCorrupt``, ``WrongPassword`` or ``KeyfileTampered`` as the
    module docstring describes, ``WeakPassword`` for an empty password, and
    ``OSError`` if the file cannot be read.
    """
    path = Path(path)
    sealed = _parse(path, _read(path))
    return _unseal(path, sealed, _password_bytes(password))


def read_keyfile_info(path: Path) -> KeyfileInfo:
    """What the key file at ``path`` says about itself, without its password.

    The file's shape and the address/public key agreement are checked
    (``KeyfileCorrupt``); the rest is only authenticated when it is unlocked.
    """
    path = Path(path)
    return _parse(path, _read(path)).info


def keyfile_info_from_bytes(raw: bytes, name: str = "key file") -> KeyfileInfo:
    """``read_keyfile_info`` of a key file's bytes that are not on disk (a backup's content, say).

    ``name`` stands for the file's path in error messages.
    """
    return _parse(Path(name), raw).info


def rewrap(path: Path, password: str, strength: str, *, new_password: str | None = None) -> None:
    """Re-seal the key file at ``path`` with ``strength`` (and ``new_password`` if given).

    The key, label and creation time are kept; a fresh salt and nonce are drawn.
    The file is replaced atomically: after a crash it is either the old file or
    the new one, and a failure leaves the old one in place.
    """
    path = Path(path)
    opslimit, memlimit = _strength_params(strength)
    pw = _password_bytes(password if new_password is None else new_password)
    sealed = _parse(path, _read(path))
    key = _unseal(path, sealed, _password_bytes(password))
    data, _ = _seal(
        key,
        pw,
        opslimit=opslimit,
        memlimit=memlimit,
        label=sealed.info.label,
        created_ms=sealed.info.created_ms,
    )
    del pw, key
    write_bytes_atomically(path, data)


# --- atomic writes ------------------------------------------------------------------------------


def write_bytes_atomically(
    path: Path, data: bytes, mode: int = 0o600, *, overwrite: bool = True
) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old file or the new one.

    The bytes go to a temporary file in the same directory, which is flushed to
    disk and then renamed over ``path``; the directory is flushed too where the
    OS allows it.  On POSIX the file gets ``mode`` whatever the umask; on
    Windows ``mode`` is not applied and the file inherits its directory's ACL
    (the per-user profile directories are private to their user).

    With ``overwrite=False`` an existing ``path`` raises ``FileExistsError`` and
    is left untouched.
    """
    path = Path(path)
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            _flush_to_disk(fd)
        finally:
            os.close(fd)
        if overwrite:
            _replace(tmp, path)
        else:
            _place_new(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _flush_directory(directory)


def _place_new(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path`` unless ``path`` exists; race-free where hard links exist."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this file system (FAT, some network shares): check, then rename.
        if path.exists():
            raise FileExistsError(f"{path} exists") from None
        _replace(tmp, path)
        return
    with contextlib.suppress(OSError):
        tmp.unlink()  # a stray temp file is harmless; the key file is in place


def _replace(tmp: Path, path: Path) -> None:
    # On Windows a virus scanner or indexer may hold the target open for a moment.
    attempts = 5 if sys.platform == "win32" else 1
    for attempt in range(attempts):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * 2**attempt)


def _flush_to_disk(fd: int) -> None:
    # On macOS fsync() reaches the drive but not past its cache; F_FULLFSYNC does.
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def _flush_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open a directory for this."""
    if os.name != "posix":
        return
    try:
        dfd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass  # some file systems (network, FUSE) refuse fsync on directories
    finally:
        os.close(dfd)
