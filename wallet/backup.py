"""Encrypted wallet backups: every key file, the key list and the address book in one sealed file.

A backup is UTF-8 JSON::

    {"depot_backup": 1,
     "kdf": {"name": "argon2id", "opslimit": N, "memlimit": N, "salt": hex16},
     "cipher": {"name": "xchacha20poly1305-ietf", "nonce": hex24},
     "created_ms": int, "keys": int,
     "check": hex8,
     "ciphertext": hex}

sealed like a key file (``node.keyfile``): ``K = argon2id(NFKC(password))``,
``enc = tagged_hash("DEPOT/BACKUP/v1/ENC", K)``, ``check =
tagged_hash("DEPOT/BACKUP/v1/CHECK", K)[:8]``, the header (every field but
the ciphertext, canonical JSON) as associated data.  The default strength is
libsodium's SENSITIVE (about 1 GiB and a few seconds): a backup leaves the
machine and must resist offline guessing for years.

The plaintext holds the key files *as they are* — each still sealed under its
own password — so exporting needs no key's password and a backup is never
weaker than the keys' own files: an attacker must break the backup password,
then each key's password.  Token (PKCS#11) keys cannot leave their token; the
backup carries their reference (module, token label, key id, public key) so a
restored wallet finds them again.  Watch-only entries are carried as they are.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
import unicodedata
from pathlib import Path
from typing import Any

import nacl.bindings
import nacl.exceptions
import nacl.pwhash.argon2id as argon2id

from node.core.errors import InvalidValue
from node.core.hashing import tagged_hash
from node.keyfile import STRENGTHS, WeakPassword, write_bytes_atomically
from wallet.errors import BackupCorrupt, BackupTampered, BackupWrongPassword

FORMAT_VERSION = 1
DEFAULT_STRENGTH = "sensitive"
TAG_ENC = b"DEPOT/BACKUP/v1/ENC"
TAG_CHECK = b"DEPOT/BACKUP/v1/CHECK"
MAX_BACKUP_SIZE = 16 * 1024 * 1024


def _password(password: str) -> bytes:
    if not password:
        raise WeakPassword("the backup password is empty; choose one")
    try:
        return unicodedata.normalize("NFKC", password).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidValue("the password contains an unpaired surrogate character") from None


def _keys(password: bytes, salt: bytes, opslimit: int, memlimit: int) -> tuple[bytes, bytes]:
    k = argon2id.kdf(32, password, salt, opslimit=opslimit, memlimit=memlimit)
    return tagged_hash(TAG_ENC, k), tagged_hash(TAG_CHECK, k)[:8]


def _ad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def seal_backup(path: Path, content: dict[str, Any], password: str, *, strength: str = DEFAULT_STRENGTH) -> None:
    """Write ``content`` (JSON-able) sealed under ``password`` to a new file at ``path``."""
    if strength not in STRENGTHS:
        raise InvalidValue(f"unknown backup strength {strength!r}; use one of {', '.join(STRENGTHS)}")
    opslimit, memlimit = STRENGTHS[strength]
    salt = secrets.token_bytes(argon2id.SALTBYTES)
    nonce = secrets.token_bytes(nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    enc, check = _keys(_password(password), salt, opslimit, memlimit)
    header = {
        "depot_backup": FORMAT_VERSION,
        "kdf": {"name": "argon2id", "opslimit": opslimit, "memlimit": memlimit, "salt": salt.hex()},
        "cipher": {"name": "xchacha20poly1305-ietf", "nonce": nonce.hex()},
        "created_ms": time.time_ns() // 1_000_000,
        "keys": len(content.get("keys", [])),
        "check": check.hex(),
    }
    plaintext = json.dumps(content, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ct = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, _ad(header), nonce, enc)
    del enc, plaintext
    doc = {**header, "ciphertext": ct.hex()}
    try:
        write_bytes_atomically(Path(path), (json.dumps(doc, indent=2) + "\n").encode(), overwrite=False)
    except FileExistsError:
        raise BackupCorrupt(f"a file already exists at {str(path)!r}; refusing to overwrite it") from None


def open_backup(path: Path, password: str) -> dict[str, Any]:
    """The content of the backup at ``path``: ``BackupCorrupt``, ``BackupWrongPassword``, ``BackupTampered``."""
    return open_backup_with_header(path, password)[1]


def open_backup_with_header(path: Path, password: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, content) of the backup at ``path``, read once; the header (every field but the
    ciphertext) is authenticated by the decryption.  Errors as ``open_backup``."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_BACKUP_SIZE:
            raise ValueError("too large")
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("depot_backup") != FORMAT_VERSION:
            raise ValueError("not a Depot backup of a version this wallet reads")
        if set(doc) != {"depot_backup", "kdf", "cipher", "created_ms", "keys", "check", "ciphertext"}:
            raise ValueError("unexpected fields")
        kdf, cipher = doc["kdf"], doc["cipher"]
        if kdf.get("name") != "argon2id" or cipher.get("name") != "xchacha20poly1305-ietf":
            raise ValueError("unknown algorithms")
        opslimit, memlimit = int(kdf["opslimit"]), int(kdf["memlimit"])
        if not (argon2id.OPSLIMIT_INTERACTIVE <= opslimit <= 16 and argon2id.MEMLIMIT_INTERACTIVE <= memlimit <= 4 * 1024**3):
            raise ValueError("key derivation parameters out of bounds")
        salt = bytes.fromhex(kdf["salt"])
        nonce = bytes.fromhex(cipher["nonce"])
        check = bytes.fromhex(doc["check"])
        ct = bytes.fromhex(doc["ciphertext"])
        if len(salt) != argon2id.SALTBYTES or len(nonce) != 24 or len(check) != 8:
            raise ValueError("field sizes")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise BackupCorrupt(f"backup {name!r} is not a readable Depot backup ({type(exc).__name__})") from None
    enc, check2 = _keys(_password(password), salt, opslimit, memlimit)
    if not hmac.compare_digest(check, check2):
        raise BackupWrongPassword(f"the password does not open backup {name!r}")
    header = {k: v for k, v in doc.items() if k != "ciphertext"}
    try:
        plaintext = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(ct, _ad(header), nonce, enc)
    except nacl.exceptions.CryptoError:
        raise BackupTampered(f"backup {name!r} was modified after it was written") from None
    finally:
        del enc
    try:
        content = json.loads(plaintext.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BackupCorrupt(f"backup {name!r} holds unreadable content") from None
    if not isinstance(content, dict):
        raise BackupCorrupt(f"backup {name!r} holds unreadable content")
    return header, content
