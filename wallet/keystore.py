"""The key manager: a wallet folder listing the keys a person signs with, wherever each one lives.

A wallet is a folder (one per person and machine)::

    wallet.json            the key list: name, backend, scheme, public key, address, where to find it
    keys/NAME.json         encrypted key files (node.keyfile), one per file-backed key
    keys/NAME.remember.json  second copy under a random keyring secret, only while "remember me" is on
    addressbook.json       contacts and payment history (wallet.addressbook)

Storage choice: plain JSON files written atomically (``write_bytes_atomically``:
temporary file, fsync, rename) rather than a SQLite database.  A wallet holds
tens of entries written a few times a day by one process; plain files make a
backup a copy, can be read by an auditor with a text editor, need no
migrations engine, and keep every write all-or-nothing.  Each file carries a
format version so it can be upgraded when it changes.

No file here holds a private key, a password or a PIN in the clear: key files
are sealed (Argon2id + XChaCha20-Poly1305), token keys stay on their token (the
index keeps the token label and key id), and the keyring holds only a random
unlock secret.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from node.core.address import address_of_key, format_address, parse_address
from node.core.crypto import PrivateKey, Scheme
from node.core.errors import DepotError
from node.core.types import Address
from node.keyfile import (
    DEFAULT_STRENGTH,
    create_keyfile,
    read_keyfile_info,
    rewrap,
    write_bytes_atomically,
)
from wallet import remember as remember_mod
from wallet.addressbook import AddressBook
from wallet.backup import DEFAULT_STRENGTH as BACKUP_STRENGTH
from wallet.backup import open_backup, seal_backup
from wallet.errors import (
    BackupCorrupt,
    InvalidKeyName,
    KeyAlreadyHeld,
    KeyNameTaken,
    KeyNotFound,
    KeyringUnavailable,
    PasswordRequired,
    WalletCorrupt,
    WatchOnly,
)
from wallet.signers import FileSigner, Pkcs11Token, Signer, TokenKey, WatchOnlySigner

log = logging.getLogger("depot.wallet")

FORMAT_VERSION = 1
BACKENDS = ("file", "pkcs11", "watch")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SCHEME_NAMES = {Scheme.ED25519: "ed25519", Scheme.P256: "p256"}


def scheme_from_name(name: str) -> Scheme:
    for s, n in SCHEME_NAMES.items():
        if n == name.lower():
            return s
    raise InvalidKeyName(f"unknown signature scheme {name!r}; use ed25519 or p256")


@dataclass(frozen=True, slots=True)
class Pkcs11Ref:
    """Where a token key lives: the PKCS#11 module, the token's label and the key's CKA_ID."""

    module: str
    token_label: str
    key_id: str
    """Hex of CKA_ID."""


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One key (or watched address) of the wallet, as the key list records it."""

    name: str
    backend: str
    """"file", "pkcs11" or "watch"."""
    scheme: str
    """"ed25519" or "p256" ("" for a watched address)."""
    public_key: str
    """Hex ("" for a watched address)."""
    address: str
    """The key's own single-key account address, or the watched address (depot1…)."""
    label: str = ""
    created_ms: int = 0
    file: str = ""
    """Key file path relative to the wallet folder (file backend)."""
    remember: bool = False
    """An unlock secret for this key is kept in the OS keyring."""
    pkcs11: Pkcs11Ref | None = None
    retired_ms: int = 0
    """When the key was rotated out (0: in use).  Kept so old signatures can still be explained."""

    @property
    def scheme_enum(self) -> Scheme:
        return scheme_from_name(self.scheme)

    @property
    def public_key_bytes(self) -> bytes:
        return bytes.fromhex(self.public_key)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> KeyEntry:
        p = d.get("pkcs11")
        return cls(**{**d, "pkcs11": Pkcs11Ref(**p) if p else None})


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidKeyName(
            f"key name {name!r} must be 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return name


class Wallet:
    """A wallet folder: its key list, key files, address book and "remember me" state."""

    def __init__(self, home: Path, *, keyring: Any | None = None) -> None:
        self.home = Path(home)
        self._keyring = keyring
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "keys").mkdir(exist_ok=True)
        self._index = self.home / "wallet.json"
        if self._index.exists():
            self._load()
        else:
            self.wallet_id = secrets.token_hex(8)
            self._entries: dict[str, KeyEntry] = {}
            self._save()
        self.addressbook = AddressBook(self.home / "addressbook.json")

    # -- the key list --

    def _load(self) -> None:
        try:
            doc = json.loads(self._index.read_text(encoding="utf-8"))
            if doc.get("depot_wallet") != FORMAT_VERSION:
                raise ValueError("unsupported wallet version")
            self.wallet_id = str(doc["wallet_id"])
            self._entries = {e["name"]: KeyEntry.from_json(e) for e in doc["keys"]}
        except Exception as exc:  # noqa: BLE001 - one error for any shape problem
            raise WalletCorrupt(f"the wallet's key list {self._index} is not readable ({type(exc).__name__})") from None

    def _save(self) -> None:
        doc = {
            "depot_wallet": FORMAT_VERSION,
            "wallet_id": self.wallet_id,
            "keys": [e.to_json() for e in self._entries.values()],
        }
        write_bytes_atomically(self._index, (json.dumps(doc, indent=2) + "\n").encode())

    def entries(self, *, include_retired: bool = True) -> list[KeyEntry]:
        return [e for e in self._entries.values() if include_retired or not e.retired_ms]

    def entry(self, name: str) -> KeyEntry:
        e = self._entries.get(name)
        if e is None:
            raise KeyNotFound(f"this wallet has no key named {name!r}", name=name)
        return e

    def entry_for_public_key(self, public_key: bytes) -> KeyEntry | None:
        hexkey = bytes(public_key).hex()
        return next((e for e in self._entries.values() if e.public_key == hexkey), None)

    def _check_free(self, name: str, public_key: bytes | None = None) -> None:
        """``KeyNameTaken`` if ``name`` is in use, ``KeyAlreadyHeld`` if the key is here under another name."""
        if name in self._entries:
            raise KeyNameTaken(f"this wallet already has a key named {name!r}", name=name)
        held = self.entry_for_public_key(public_key) if public_key else None
        if held is not None:
            raise KeyAlreadyHeld(
                f"this wallet already holds that key, as {held.name!r}", name=name, existing=held.name
            )

    def _add(self, entry: KeyEntry) -> KeyEntry:
        self._check_free(entry.name, entry.public_key_bytes if entry.public_key else None)
        self._entries[entry.name] = entry
        self._save()
        log.info("added %s key %s (%s)", entry.backend, entry.name, entry.address)
        return entry

    def _keyfile_path(self, name: str) -> Path:
        return self.home / "keys" / f"{name}.json"

    def _remember_path(self, name: str) -> Path:
        return self.home / "keys" / f"{name}.remember.json"

    # -- creating and importing keys --

    def create_file_key(
        self, name: str, password: str, *, scheme: Scheme = Scheme.ED25519, strength: str = DEFAULT_STRENGTH, label: str = ""
    ) -> KeyEntry:
        """Generate a key and seal it in a new key file (Argon2id MODERATE by default)."""
        return self.import_secret(name, PrivateKey.generate(scheme), password, strength=strength, label=label)

    def import_secret(
        self, name: str, key: PrivateKey, password: str, *, strength: str = DEFAULT_STRENGTH, label: str = ""
    ) -> KeyEntry:
        """Seal an existing private key (an Ed25519 seed or P-256 scalar) into a new key file."""
        _check_name(name)
        self._check_free(name, key.public_key)
        path = self._keyfile_path(name)
        info = create_keyfile(path, key, password, strength=strength, label=label or name)
        return self._add(
            KeyEntry(
                name=name,
                backend="file",
                scheme=SCHEME_NAMES[info.scheme],
                public_key=info.public_key.hex(),
                address=format_address(info.address),
                label=label,
                created_ms=info.created_ms,
                file=str(path.relative_to(self.home)),
            )
        )

    def import_keyfile(self, name: str, source: Path, *, label: str = "") -> KeyEntry:
        """Copy an existing key file (e.g. a devnet's) into the wallet; no password is needed.

        ``KeyNameTaken`` when ``name`` is in use, ``KeyAlreadyHeld`` (with the ``existing`` name)
        when the file's key is in the wallet already.
        """
        _check_name(name)
        info = read_keyfile_info(Path(source))
        self._check_free(name, info.public_key)
        path = self._keyfile_path(name)
        write_bytes_atomically(path, Path(source).read_bytes(), overwrite=False)
        return self._add(
            KeyEntry(
                name=name,
                backend="file",
                scheme=SCHEME_NAMES[info.scheme],
                public_key=info.public_key.hex(),
                address=format_address(info.address),
                label=label or info.label,
                created_ms=info.created_ms,
                file=str(path.relative_to(self.home)),
            )
        )

    def create_pkcs11_key(
        self,
        name: str,
        *,
        module: str,
        token_label: str,
        pin: str,
        scheme: Scheme = Scheme.P256,
        key_id: bytes | None = None,
        label: str = "",
    ) -> KeyEntry:
        """Generate a non-extractable key on a PKCS#11 token and record where it is."""
        _check_name(name)
        self._check_free(name)
        kid = key_id if key_id is not None else secrets.token_bytes(8)
        with Pkcs11Token(module, token_label, pin, rw=True) as token:
            signer = token.generate(scheme, kid, label or f"depot {name}")
            public_key = signer.public_key
        return self._add(self._pkcs11_entry(name, module, token_label, kid, scheme, public_key, label))

    def add_pkcs11_key(self, name: str, *, module: str, token_label: str, pin: str, key_id: bytes, label: str = "") -> KeyEntry:
        """Record a key that already exists on a token (generated elsewhere, or restored from a backup)."""
        _check_name(name)
        self._check_free(name)
        with Pkcs11Token(module, token_label, pin) as token:
            signer = token.signer(key_id)
            scheme, public_key = signer.scheme, signer.public_key
        return self._add(self._pkcs11_entry(name, module, token_label, key_id, scheme, public_key, label))

    def token_keys(self, *, module: str, token_label: str, pin: str) -> list[TokenKey]:
        """Every private key on the token, each marked with the name this wallet holds it under (if any).

        Blocking (the token; run it in an executor).  The token's errors as for ``signer``: ``WrongPin``,
        ``PinLocked``, ``TokenNotFound``, ``Pkcs11ModuleError``, ``TokenRemoved``.
        """
        return list_token_keys(module=module, token_label=token_label, pin=pin, wallet=self)

    def _held_token_key(self, token_label: str, key: TokenKey) -> str:
        """The name of this wallet's entry for ``key`` (same public key, or same token and key id), or ""."""
        if key.public_key:
            held = self.entry_for_public_key(bytes.fromhex(key.public_key))
            if held is not None:
                return held.name
        for e in self._entries.values():
            if e.pkcs11 is not None and e.pkcs11.token_label == token_label and e.pkcs11.key_id == key.key_id and key.key_id:
                return e.name
        return ""

    def _pkcs11_entry(
        self, name: str, module: str, token_label: str, key_id: bytes, scheme: Scheme, public_key: bytes, label: str
    ) -> KeyEntry:
        return KeyEntry(
            name=name,
            backend="pkcs11",
            scheme=SCHEME_NAMES[scheme],
            public_key=public_key.hex(),
            address=format_address(address_of_key(int(scheme), public_key)),
            label=label,
            created_ms=_now_ms(),
            pkcs11=Pkcs11Ref(str(module), token_label, key_id.hex()),
        )

    def add_watch_only(self, name: str, address: str, *, label: str = "") -> KeyEntry:
        """Follow an address without a key (auditors, a customer's account)."""
        _check_name(name)
        addr = parse_address(address)
        self._check_free(name)
        held = next((e for e in self._entries.values() if e.address == format_address(addr)), None)
        if held is not None:
            raise KeyAlreadyHeld(
                f"this wallet already follows {format_address(addr)}, as {held.name!r}", name=name, existing=held.name
            )
        return self._add(
            KeyEntry(name=name, backend="watch", scheme="", public_key="", address=format_address(addr), label=label, created_ms=_now_ms())
        )

    def rewrap(self, name: str, password: str, *, strength: str = DEFAULT_STRENGTH, new_password: str | None = None) -> None:
        """Re-seal a file key with stronger Argon2id parameters (read from the header, so they can be
        raised later) and optionally a new password.  Blocking (Argon2id twice).  The remembered copy,
        if any, is sealed under its own random secret and is not touched."""
        e = self.entry(name)
        if e.backend != "file":
            raise WatchOnly(f"only key files are sealed with a password; {name!r} is a {e.backend} key")
        rewrap(self.home / e.file, password, strength, new_password=new_password)
        log.info("re-sealed key file %s (%s)", name, strength)

    def retire(self, name: str) -> KeyEntry:
        """Mark a key as rotated out: kept in the list (and its file kept) but no longer offered for signing."""
        e = replace(self.entry(name), retired_ms=_now_ms())
        self._entries[name] = e
        self._save()
        self.forget(name)
        return e

    # -- unlocking --

    @property
    def keyring(self) -> Any | None:
        """The keyring backend this wallet uses (the platform's unless one was given)."""
        if self._keyring is None:
            try:
                self._keyring = remember_mod.default_keyring()
            except Exception:  # noqa: BLE001 - no keyring library backend at all: stay None
                return None
        return self._keyring

    def unlock_plan(self, name: str) -> tuple[str, str]:
        """("keyring" | "password" | "pin" | "none", why): how ``signer(name)`` will unlock the key."""
        e = self.entry(name)
        if e.backend == "watch":
            return "none", "watch-only: no key to unlock"
        if e.backend == "pkcs11":
            return "pin", f"the key is on PKCS#11 token {e.pkcs11.token_label if e.pkcs11 else '?'}: the token asks for its PIN"
        if not e.remember:
            return "password", "this key is not remembered on this computer"
        usable, reason = remember_mod.keyring_status(self.keyring)
        if not usable:
            return "password", f"the keyring cannot be used ({reason}); enter the password"
        return "keyring", reason

    def signer(self, name: str, *, password: str | None = None, pin: str | None = None) -> Signer:
        """Unlock the key named ``name``.

        File keys: with ``password`` if given; else with the keyring's unlock
        secret if "remember me" is on and the keyring works; else
        ``PasswordRequired`` whose ``reason`` says why the keyring was not used
        (the app shows it above the password field).  Token keys need ``pin``.
        """
        e = self.entry(name)
        if e.backend == "watch":
            return WatchOnlySigner(parse_address(e.address))
        if e.backend == "pkcs11":
            if e.pkcs11 is None:
                raise WalletCorrupt(f"token key {name!r} has no token reference")
            if pin is None:
                raise PasswordRequired(
                    f"key {name!r} is on a PKCS#11 token: enter the token's PIN", reason="token PIN", key=name
                )
            token = Pkcs11Token(e.pkcs11.module, e.pkcs11.token_label, pin)
            try:
                signer = token.signer(bytes.fromhex(e.pkcs11.key_id), e.scheme_enum)
            except BaseException:
                token.close()
                raise
            if signer.public_key != e.public_key_bytes:
                token.close()
                raise WalletCorrupt(f"the token key for {name!r} is not the key this wallet recorded")
            return signer
        path = self.home / e.file
        if password is not None:
            return FileSigner.unlock(path, password)
        method, reason = self.unlock_plan(name)
        if method == "keyring":
            found: FileSigner | None = None
            try:
                found = remember_mod.unlock(self.keyring, self.wallet_id, name, self._remember_path(name))
                reason = "the keyring no longer holds this key's unlock secret"
            except KeyringUnavailable as exc:
                reason = exc.message
            except DepotError as exc:  # a damaged second copy: fall back to the password
                reason = f"the remembered copy could not be opened ({exc.code})"
            if found is not None:
                if found.public_key != e.public_key_bytes:
                    raise WalletCorrupt(f"the remembered copy of {name!r} holds another key")
                return found
        log.info("key %s needs its password: %s", name, reason)
        raise PasswordRequired(f"enter the password of key {name!r}", reason=reason, key=name)

    def remember(self, name: str, password: str) -> None:
        """Keep an unlock secret for this file key in the OS keyring ("remember me")."""
        e = self.entry(name)
        if e.backend != "file":
            raise WatchOnly(f"only file keys can be remembered; {name!r} is a {e.backend} key")
        kr = self.keyring
        if kr is None:
            raise KeyringUnavailable("no keyring library backend is available")
        remember_mod.remember(kr, self.wallet_id, name, self.home / e.file, self._remember_path(name), password)
        self._entries[name] = replace(e, remember=True)
        self._save()

    def forget(self, name: str) -> None:
        """Stop remembering: delete the keyring secret and the second copy of the key file."""
        e = self.entry(name)
        remember_mod.forget(self.keyring if e.remember else None, self.wallet_id, name, self._remember_path(name))
        if e.remember:
            self._entries[name] = replace(e, remember=False)
            self._save()

    # -- backups --

    def export_backup(self, path: Path, password: str, *, strength: str = BACKUP_STRENGTH) -> int:
        """Seal every key file, the key list and the address book into one backup; returns the key count."""
        keys = []
        for e in self._entries.values():
            item: dict[str, Any] = {"entry": {**e.to_json(), "remember": False}}
            if e.backend == "file":
                item["keyfile"] = (self.home / e.file).read_text(encoding="utf-8")
            keys.append(item)
        seal_backup(Path(path), {"keys": keys, "addressbook": self.addressbook.to_json()}, password, strength=strength)
        log.info("exported a backup of %d keys", len(keys))
        return len(keys)

    def import_backup(self, path: Path, password: str) -> list[str]:
        """Restore keys (skipping names or keys already here) and contacts; returns the names added."""
        content = open_backup(Path(path), password)
        added: list[str] = []
        try:
            items = content["keys"]
            for item in items:
                e = KeyEntry.from_json(item["entry"])
                _check_name(e.name)
                if e.name in self._entries or (e.public_key and self.entry_for_public_key(e.public_key_bytes)):
                    continue
                if e.backend == "file":
                    target = self._keyfile_path(e.name)
                    write_bytes_atomically(target, item["keyfile"].encode("utf-8"), overwrite=False)
                    info = read_keyfile_info(target)
                    if info.public_key.hex() != e.public_key:
                        target.unlink()
                        raise BackupCorrupt(f"the backup's key file for {e.name!r} holds another key")
                    e = replace(e, file=str(target.relative_to(self.home)))
                elif e.backend not in BACKENDS:
                    raise BackupCorrupt(f"the backup names an unknown backend {e.backend!r}")
                self._entries[e.name] = replace(e, remember=False)
                added.append(e.name)
            self._save()
            self.addressbook.merge(content.get("addressbook", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupCorrupt(f"the backup's content is not a wallet ({type(exc).__name__})") from None
        log.info("imported %d keys from a backup", len(added))
        return added

    def address_of(self, name: str) -> Address:
        return parse_address(self.entry(name).address)


def list_token_keys(*, module: str, token_label: str, pin: str, wallet: Wallet | None = None) -> list[TokenKey]:
    """The private keys on a PKCS#11 token (label, key id, type, public key), logged in with ``pin``.

    With ``wallet``, each key says under which name the wallet already holds it (``TokenKey.wallet_key``).
    Without one (a first run before its wallet folder exists) nothing is written anywhere.  Blocking.
    """
    with Pkcs11Token(module, token_label, pin) as token:
        keys = token.keys()
    if wallet is None:
        return keys
    return [replace(k, wallet_key=wallet._held_token_key(token_label, k)) for k in keys]

