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
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from node import keyfile as keyfile_format
from node.core.address import address_of_key, format_address, parse_address
from node.core.crypto import PrivateKey, Scheme, check_public_key
from node.core.errors import DepotError
from node.core.types import Address
from node.keyfile import (
    DEFAULT_STRENGTH,
    KeyfileExists,
    create_keyfile,
    read_keyfile_info,
    rewrap,
    write_bytes_atomically,
)
from wallet import remember as remember_mod
from wallet.addressbook import AddressBook, Contact, parse_book
from wallet.backup import DEFAULT_STRENGTH as BACKUP_STRENGTH
from wallet.backup import open_backup_with_header, seal_backup
from wallet.errors import (
    BackupContentInvalid,
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

    def _save(self, entries: dict[str, KeyEntry] | None = None) -> None:
        doc = {
            "depot_wallet": FORMAT_VERSION,
            "wallet_id": self.wallet_id,
            "keys": [e.to_json() for e in (self._entries if entries is None else entries).values()],
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

    def open_backup(self, path: Path, password: str) -> OpenedBackup:
        """Open (decrypt, one Argon2id derivation) and check the backup at ``path``; writes nothing.

        Blocking (seconds at SENSITIVE).  See ``open_wallet_backup``."""
        return open_wallet_backup(path, password)

    def plan_restore(self, opened: OpenedBackup) -> RestorePlan:
        """What ``import_opened_backup(opened)`` would do to this wallet now, by the wallet's own rules
        (``_check_free``, ``add_watch_only``); reads only."""
        return self._plan_restore(opened)[0]

    def _plan_restore(self, opened: OpenedBackup) -> tuple[RestorePlan, list[BackupKey]]:
        held: dict[str, KeyEntry] = dict(self._entries)  # as it would be after each addition
        add: list[BackupKey] = []
        skip: list[SkippedKey] = []
        for k in opened.keys:
            e = k.entry
            if e.backend == "watch":  # add_watch_only: an address followed (or a key's own) already
                holder = next((x for x in held.values() if x.address == e.address), None)
            else:  # _check_free: the same public key, under any name
                holder = next((x for x in held.values() if x.public_key == e.public_key), None)
            if holder is not None:
                reason = SKIP_ALREADY_HELD if holder.name == e.name else SKIP_HELD_AS
                skip.append(SkippedKey(e, holder.name, reason))
            elif e.name in held:
                skip.append(SkippedKey(e, e.name, SKIP_NAME_TAKEN))
            else:
                add.append(k)
                held[e.name] = e
        new, known, rising = self.addressbook.merge_plan(opened.contacts, opened.paid)
        plan = RestorePlan(
            add=tuple(k.entry for k in add),
            skip=tuple(skip),
            new_contacts=tuple(new),
            known_contacts=tuple(known),
            payment_counts_raised=rising,
        )
        return plan, add

    def import_opened_backup(self, opened: OpenedBackup) -> RestorePlan:
        """Restore an opened backup: its keys this wallet lacks (by name and key) and its contacts.

        Returns the plan carried out (``plan_restore`` at this moment).  All or nothing: the content
        was checked whole when it was opened, a key file in the way (one the key list does not name,
        holding other bytes) raises ``KeyfileExists`` before anything is written, and a failed write
        removes the key files this call wrote and puts the key list back: the wallet's folder and
        memory are then as before.  Blocking (file writes and fsyncs only; no key derivation)."""
        plan, add = self._plan_restore(opened)
        targets: list[tuple[BackupKey, Path, bytes]] = []
        for k in add:
            if k.entry.backend != "file":
                continue
            target = self._keyfile_path(k.entry.name)
            data = k.keyfile.encode("utf-8")
            # A leftover of an interrupted restore with these very bytes is adopted; anything else is refused.
            if target.exists() and target.read_bytes() != data:
                raise KeyfileExists(
                    f"a key file that the key list does not name is in the way at {target}; move it aside",
                    path=str(target),
                )
            targets.append((k, target, data))
        entries = dict(self._entries)
        for k in add:
            entries[k.entry.name] = k.entry
        written: list[Path] = []
        index_before = self._index.read_bytes()
        index_written = False
        try:
            for k, target, data in targets:
                if not target.exists():
                    write_bytes_atomically(target, data, overwrite=False)
                    written.append(target)
                entries[k.entry.name] = replace(k.entry, file=str(target.relative_to(self.home)))
            if add:
                index_written = True
                self._save(entries)
            self.addressbook.merge_parsed(opened.contacts, opened.paid)  # the last write; all or nothing itself
        except BaseException:
            for path in reversed(written):
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    log.warning("could not remove %s after a failed restore", path.name)
            if index_written:
                try:
                    write_bytes_atomically(self._index, index_before)
                except OSError:
                    log.warning("could not put the key list back after a failed restore")
            raise
        self._entries = entries
        log.info("restored %d keys and %d contacts from a backup", len(plan.add), len(plan.new_contacts))
        return replace(plan, add=tuple(entries[e.name] for e in plan.add))

    def import_backup(self, path: Path, password: str) -> list[str]:
        """Restore keys (skipping names or keys already here) and contacts; returns the names added.

        ``open_backup`` then ``import_opened_backup``: a malformed entry anywhere in the backup
        (``BackupContentInvalid``) or a failed write changes nothing."""
        return [e.name for e in self.import_opened_backup(self.open_backup(path, password)).add]

    def address_of(self, name: str) -> Address:
        return parse_address(self.entry(name).address)


SKIP_ALREADY_HELD = "already_held"
"""The wallet holds this key (or watched address) under the same name."""
SKIP_HELD_AS = "held_as"
"""The wallet holds this key (or watched address) under another name (``SkippedKey.existing``)."""
SKIP_NAME_TAKEN = "name_taken"
"""The name is in use by another key."""


@dataclass(frozen=True, slots=True)
class BackupKey:
    """One key of an opened backup: its entry (checked) and, for a file key, its key file as it is
    (still sealed under the key's own password)."""

    entry: KeyEntry
    keyfile: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A backup opened with its password and checked whole: what ``Wallet.plan_restore`` and
    ``Wallet.import_opened_backup`` work from, so the slow key derivation is done once.

    Holds no password and no derived key; key files stay sealed under their own passwords."""

    keys: tuple[BackupKey, ...]
    contacts: tuple[Contact, ...]
    paid: dict[Address, int] = field(repr=False)
    created_ms: int = 0
    """When the backup was written (from its authenticated header)."""
    source: str = ""
    """The backup's file name."""


@dataclass(frozen=True, slots=True)
class SkippedKey:
    """A key of a backup that a restore leaves out, and the wallet's entry in its way."""

    entry: KeyEntry
    existing: str
    """The name of the wallet's entry with the same name or the same key (or watched address)."""
    reason: str
    """``SKIP_ALREADY_HELD``, ``SKIP_HELD_AS`` or ``SKIP_NAME_TAKEN``."""

    @property
    def same_key(self) -> bool:
        """The wallet holds this very key (else only the name is taken, by another key)."""
        return self.reason != SKIP_NAME_TAKEN


@dataclass(frozen=True, slots=True)
class RestorePlan:
    """What restoring an opened backup into a wallet does, worked out before anything is written."""

    add: tuple[KeyEntry, ...]
    """Keys (and watched addresses) the wallet lacks, by name and by key, in the backup's order."""
    skip: tuple[SkippedKey, ...]
    new_contacts: tuple[Contact, ...]
    known_contacts: tuple[Contact, ...]
    """Contacts whose address the address book has already (kept as they are)."""
    payment_counts_raised: int = 0
    """Addresses the backup records more payments to (the count is raised; first-time warnings)."""

    def skipped(self, reason: str) -> tuple[SkippedKey, ...]:
        return tuple(k for k in self.skip if k.reason == reason)

    @property
    def changes_anything(self) -> bool:
        return bool(self.add or self.new_contacts or self.payment_counts_raised)


def _invalid(where: str, problem: str) -> BackupContentInvalid:
    return BackupContentInvalid(f"the backup's content is not a wallet: {where}: {problem}", where=where, problem=problem)


_ENTRY_REQUIRED = frozenset({"name", "backend", "scheme", "public_key", "address"})
_ENTRY_FIELDS = frozenset(KeyEntry.__dataclass_fields__)


def _backup_key(item: Any, i: int) -> BackupKey:
    """One item of a backup's ``keys``, checked: ``BackupContentInvalid`` naming the field at fault."""
    at = f"keys[{i}]"
    if not isinstance(item, dict) or not isinstance(item.get("entry"), dict):
        raise _invalid(at, "must be an object with an entry")
    d = item["entry"]
    name = d.get("name")
    if isinstance(name, str) and _NAME.match(name):
        at = f"keys[{i}] ({name})"
    else:
        raise _invalid(f"{at}.entry.name", "must be 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit")
    missing = sorted(_ENTRY_REQUIRED - set(d))
    if missing:
        raise _invalid(f"{at}.entry", f"missing field {missing[0]!r}")
    extra = sorted(set(d) - _ENTRY_FIELDS) or sorted(set(item) - {"entry", "keyfile"})
    if extra:
        raise _invalid(at, f"unknown field {extra[0]!r}")
    backend = d["backend"]
    if backend not in BACKENDS:
        raise _invalid(f"{at}.entry.backend", f"must be one of {', '.join(BACKENDS)}")
    for f in ("label", "file"):
        if not isinstance(d.get(f, ""), str):
            raise _invalid(f"{at}.entry.{f}", "must be text")
    for f in ("created_ms", "retired_ms"):
        v = d.get(f, 0)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise _invalid(f"{at}.entry.{f}", "must be a whole number, 0 or more")
    if not isinstance(d.get("remember", False), bool):
        raise _invalid(f"{at}.entry.remember", "must be true or false")
    for f in ("scheme", "public_key", "address"):
        if not isinstance(d[f], str):
            raise _invalid(f"{at}.entry.{f}", "must be text")
    ref = d.get("pkcs11")
    if backend == "watch":
        if d["scheme"] or d["public_key"]:
            raise _invalid(f"{at}.entry", "a watched address has no scheme or public key")
        try:
            address = format_address(parse_address(d["address"]))
        except DepotError:
            raise _invalid(f"{at}.entry.address", "not a valid address") from None
    else:
        scheme = next((s for s, n in SCHEME_NAMES.items() if n == d["scheme"]), None)
        if scheme is None:
            raise _invalid(f"{at}.entry.scheme", "must be ed25519 or p256")
        try:
            public_key = bytes.fromhex(d["public_key"])
            if public_key.hex() != d["public_key"]:
                raise ValueError("not lowercase")
            check_public_key(int(scheme), public_key)
        except (ValueError, DepotError):
            raise _invalid(f"{at}.entry.public_key", f"not a valid {d['scheme']} public key in lowercase hex") from None
        address = format_address(address_of_key(int(scheme), public_key))
        if d["address"] != address:
            raise _invalid(f"{at}.entry.address", "is not the address of the public key")
    if backend == "pkcs11":
        if not (isinstance(ref, dict) and set(ref) == {"module", "token_label", "key_id"} and all(isinstance(v, str) for v in ref.values())):
            raise _invalid(f"{at}.entry.pkcs11", "must name the module, token label and key id")
        try:
            if not ref["key_id"] or bytes.fromhex(ref["key_id"]).hex() != ref["key_id"]:
                raise ValueError("key id")
        except ValueError:
            raise _invalid(f"{at}.entry.pkcs11.key_id", "must be lowercase hex") from None
    elif ref is not None:
        raise _invalid(f"{at}.entry.pkcs11", f"a {backend} key has no token reference")
    keyfile = item.get("keyfile")
    if backend == "file":
        if not isinstance(keyfile, str):
            raise _invalid(f"{at}.keyfile", "a file key needs its key file")
        try:  # node.keyfile's own check of a file's shape, on the bytes (nothing written to disk)
            info = keyfile_format.keyfile_info_from_bytes(keyfile.encode("utf-8"), f"{name}.json")
        except DepotError as exc:
            raise _invalid(f"{at}.keyfile", f"not a valid key file ({exc.data.get('field', exc.code)})") from None
        except UnicodeEncodeError:
            raise _invalid(f"{at}.keyfile", "not a valid key file (not UTF-8)") from None
        if info.public_key.hex() != d["public_key"] or SCHEME_NAMES[info.scheme] != d["scheme"]:
            raise _invalid(f"{at}.keyfile", "holds another key than its entry names")
    elif keyfile is not None:
        raise _invalid(f"{at}.keyfile", f"a {backend} key has no key file")
    entry = KeyEntry(
        name=name,
        backend=backend,
        scheme=d["scheme"],
        public_key=d["public_key"],
        address=address,
        label=d.get("label", ""),
        created_ms=d.get("created_ms", 0),
        file="",  # set when the key file is written into a wallet
        remember=False,  # the keyring secret stays with the machine that made it
        pkcs11=Pkcs11Ref(**ref) if backend == "pkcs11" else None,
        retired_ms=d.get("retired_ms", 0),
    )
    return BackupKey(entry, keyfile if isinstance(keyfile, str) else "")


def open_wallet_backup(path: Path, password: str) -> OpenedBackup:
    """Open the backup at ``path`` (one Argon2id derivation) and check every key entry and contact.

    ``BackupCorrupt``, ``BackupWrongPassword``, ``BackupTampered`` as ``wallet.backup.open_backup``;
    ``BackupContentInvalid`` (a ``BackupCorrupt``, data ``where`` and ``problem``) for a malformed
    entry in authenticated content.  Nothing is written; no password or derived key is kept.
    Blocking."""
    path = Path(path)
    header, content = open_backup_with_header(path, password)
    extra = sorted(set(content) - {"keys", "addressbook"})
    if extra:
        raise _invalid("content", f"unknown field {extra[0]!r}")
    items = content.get("keys")
    if not isinstance(items, list):
        raise _invalid("keys", "must be a list")
    keys = tuple(_backup_key(item, i) for i, item in enumerate(items))
    try:
        contacts, paid = parse_book(content.get("addressbook", {}))
    except ValueError as exc:
        where, _, problem = str(exc).partition(": ")
        raise _invalid(where, problem) from None
    created = header.get("created_ms", 0)
    log.info("opened backup %s: %d keys, %d contacts", path.name, len(keys), len(contacts))
    return OpenedBackup(
        keys=keys,
        contacts=contacts,
        paid=paid,
        created_ms=created if isinstance(created, int) and not isinstance(created, bool) and created > 0 else 0,
        source=path.name,
    )


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

