"""The wallet folder: file keys (wrong password, tampering, corruption told apart), "remember me", backups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from node.core.crypto import PrivateKey, Scheme
from node.keyfile import KeyfileCorrupt, KeyfileTampered, WrongPassword
from wallet.errors import (
    BackupCorrupt,
    BackupTampered,
    BackupWrongPassword,
    InvalidKeyName,
    KeyAlreadyHeld,
    KeyExists,
    KeyNameTaken,
    KeyNotFound,
    KeyringUnavailable,
    PasswordRequired,
    WatchOnly,
)
from wallet.keystore import Wallet
from wallet.remember import SERVICE, keyring_status

PW = "Tr0ub4dor&3 clerk password"


def test_wrong_password_tampered_and_corrupt_are_told_apart(tmp_path: Path):
    w = Wallet(tmp_path)
    e = w.create_file_key("clerk", PW, strength="interactive")
    with pytest.raises(WrongPassword) as exc:
        w.signer("clerk", password="not it")
    assert "not it" not in str(exc.value) and PW not in repr(exc.value.data)
    path = tmp_path / e.file
    doc = json.loads(path.read_text())
    doc["label"] = "edited label"  # header is authenticated data
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyfileTampered):
        w.signer("clerk", password=PW)
    path.write_text("{not json")
    with pytest.raises(KeyfileCorrupt):
        w.signer("clerk", password=PW)


def test_names_duplicates_and_watch_only(tmp_path: Path):
    w = Wallet(tmp_path)
    with pytest.raises(InvalidKeyName):
        w.create_file_key("../evil", PW, strength="interactive")
    key = PrivateKey.generate()
    w.import_secret("a", key, PW, strength="interactive")
    with pytest.raises(KeyAlreadyHeld) as held:
        w.import_secret("b", key, PW, strength="interactive")  # same key under another name
    assert held.value.data == {"name": "b", "existing": "a"} and held.value.code == "wallet_key_already_held"
    with pytest.raises(KeyNameTaken) as taken:
        w.import_secret("a", PrivateKey.generate(), PW, strength="interactive")  # another key, a name in use
    assert taken.value.data == {"name": "a"} and taken.value.code == "wallet_key_name_taken"
    assert isinstance(held.value, KeyExists) and isinstance(taken.value, KeyExists)  # one family for callers
    with pytest.raises(KeyNotFound):
        w.signer("nobody", password=PW)
    e = w.add_watch_only("auditee", "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja")
    with pytest.raises(KeyAlreadyHeld) as held:
        w.add_watch_only("again", "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja")
    assert held.value.data["existing"] == "auditee"
    with pytest.raises(KeyNameTaken):
        w.add_watch_only("a", "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja")
    s = w.signer("auditee")
    assert not s.can_sign and str(s.address) == e.address
    with pytest.raises(WatchOnly):
        s.sign(b"anything")
    # The list survives reopening.
    again = Wallet(tmp_path)
    assert [x.name for x in again.entries()] == ["a", "auditee"]


def test_import_keyfile_tells_a_name_clash_from_a_key_clash(tmp_path: Path):
    from node.keyfile import create_keyfile

    w = Wallet(tmp_path / "w")
    mine = tmp_path / "mine.json"
    create_keyfile(mine, PrivateKey.generate(), PW, strength="interactive")
    other = tmp_path / "other.json"
    create_keyfile(other, PrivateKey.generate(), PW, strength="interactive")
    w.import_keyfile("laptop", mine)
    with pytest.raises(KeyAlreadyHeld) as held:  # the same key again, under a new name
        w.import_keyfile("laptop-2", mine)
    assert held.value.data == {"name": "laptop-2", "existing": "laptop"} and "'laptop'" in held.value.message
    with pytest.raises(KeyNameTaken) as taken:  # another key, under the name in use
        w.import_keyfile("laptop", other)
    assert taken.value.data == {"name": "laptop"} and "named 'laptop'" in taken.value.message
    assert [e.name for e in w.entries()] == ["laptop"]
    assert sorted(p.name for p in (tmp_path / "w" / "keys").iterdir()) == ["laptop.json"]  # nothing copied


def test_remember_me_stores_only_a_random_unlock_secret(tmp_path: Path, keyring_backend: Any):
    w = Wallet(tmp_path, keyring=keyring_backend)
    key = PrivateKey.generate(Scheme.ED25519)
    e = w.import_secret("clerk", key, PW, strength="interactive")
    assert w.unlock_plan("clerk")[0] == "password"
    w.remember("clerk", PW)
    assert w.unlock_plan("clerk")[0] == "keyring"
    stored = keyring_backend.get_password(SERVICE, f"{w.wallet_id}:clerk")
    assert stored and len(stored) >= 40
    for forbidden in (key.secret.hex(), PW, key.secret.hex().upper()):
        assert forbidden not in stored
    assert stored.encode() != key.secret
    s = w.signer("clerk")
    assert s.public_key == key.public_key and s.unlocked_by == "keyring"
    # The keyring is never the only copy: the password-sealed file still opens on its own.
    assert w.signer("clerk", password=PW).public_key == key.public_key
    # Losing the keyring entry falls back to the password, saying why.
    keyring_backend.delete_password(SERVICE, f"{w.wallet_id}:clerk")
    with pytest.raises(PasswordRequired) as exc:
        w.signer("clerk")
    assert "no longer holds" in exc.value.reason
    assert w.signer("clerk", password=PW).public_key == key.public_key
    w.forget("clerk")
    assert not (tmp_path / "keys" / "clerk.remember.json").exists()
    assert (tmp_path / e.file).exists()


def test_without_a_keyring_the_wallet_asks_for_the_password_and_says_why(tmp_path: Path):
    none = fail.Keyring()  # keyring's own backend for "no keyring on this system"
    usable, reason = keyring_status(none)
    assert not usable and "no keyring" in reason
    w = Wallet(tmp_path, keyring=none)
    w.create_file_key("clerk", PW, strength="interactive")
    with pytest.raises(KeyringUnavailable):
        w.remember("clerk", PW)
    with pytest.raises(PasswordRequired) as exc:
        w.signer("clerk")
    assert exc.value.code == "password_required" and "not remembered" in exc.value.reason


def test_a_remembered_key_on_a_machine_whose_keyring_went_away(tmp_path: Path, keyring_backend: Any):
    w = Wallet(tmp_path, keyring=keyring_backend)
    w.create_file_key("clerk", PW, strength="interactive")
    w.remember("clerk", PW)
    moved = Wallet(tmp_path, keyring=fail.Keyring())  # the same folder where no keyring runs
    with pytest.raises(PasswordRequired) as exc:
        moved.signer("clerk")
    assert "keyring cannot be used" in exc.value.reason
    assert moved.signer("clerk", password=PW).can_sign
    w.forget("clerk")


def test_backup_round_trip_and_failures(tmp_path: Path):
    w = Wallet(tmp_path / "a")
    key = PrivateKey.generate(Scheme.P256)
    w.import_secret("clerk", key, PW, strength="interactive")
    w.add_watch_only("bank", "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja")
    w.addressbook.add("depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja", "City Bank settlement", "City Commercial Bank")
    backup = tmp_path / "wallet.backup"
    assert w.export_backup(backup, "backup pass phrase", strength="moderate") == 2
    text = backup.read_text()
    assert key.secret.hex() not in text and "City Bank" not in text
    with pytest.raises(BackupWrongPassword):
        Wallet(tmp_path / "b").import_backup(backup, "wrong")
    doc = json.loads(text)
    ct = bytearray.fromhex(doc["ciphertext"])
    ct[5] ^= 1
    tampered = tmp_path / "t.backup"
    tampered.write_text(json.dumps({**doc, "ciphertext": ct.hex()}))
    with pytest.raises(BackupTampered):
        Wallet(tmp_path / "b").import_backup(tampered, "backup pass phrase")
    (tmp_path / "c.backup").write_text("garbage")
    with pytest.raises(BackupCorrupt):
        Wallet(tmp_path / "b").import_backup(tmp_path / "c.backup", "backup pass phrase")
    restored = Wallet(tmp_path / "b")
    assert sorted(restored.import_backup(backup, "backup pass phrase")) == ["bank", "clerk"]
    assert restored.signer("clerk", password=PW).public_key == key.public_key
    assert restored.addressbook.contacts()[0].label == "City Bank settlement"
    assert restored.import_backup(backup, "backup pass phrase") == []  # nothing twice


def test_backup_default_strength_is_sensitive(tmp_path: Path):
    import nacl.pwhash.argon2id as a

    w = Wallet(tmp_path / "a")
    w.create_file_key("clerk", PW, strength="interactive")
    w.export_backup(tmp_path / "b.backup", "pass phrase")
    kdf = json.loads((tmp_path / "b.backup").read_text())["kdf"]
    # The parameters travel in the header (so they can be raised later); opening it is the same code
    # path as the round trip above, at SENSITIVE cost, so it is not repeated here.
    assert (kdf["opslimit"], kdf["memlimit"]) == (a.OPSLIMIT_SENSITIVE, a.MEMLIMIT_SENSITIVE)


def test_daily_key_files_use_moderate_and_keep_parameters_in_the_header(tmp_path: Path):
    import nacl.pwhash.argon2id as a

    w = Wallet(tmp_path)
    e = w.create_file_key("clerk", PW)
    kdf = json.loads((tmp_path / e.file).read_text())["kdf"]
    assert (kdf["opslimit"], kdf["memlimit"]) == (a.OPSLIMIT_MODERATE, a.MEMLIMIT_MODERATE) and len(kdf["salt"]) == 32


def test_key_file_parameters_can_be_raised_later_and_the_password_changed(tmp_path: Path):
    import nacl.pwhash.argon2id as a

    w = Wallet(tmp_path)
    e = w.create_file_key("clerk", PW, strength="interactive")
    path = tmp_path / e.file
    before = json.loads(path.read_text())["kdf"]
    assert (before["opslimit"], before["memlimit"]) == (a.OPSLIMIT_INTERACTIVE, a.MEMLIMIT_INTERACTIVE)
    with pytest.raises(WrongPassword):
        w.rewrap("clerk", "not it", strength="moderate")
    w.rewrap("clerk", PW, strength="moderate", new_password="a new password for the clerk")
    after = json.loads(path.read_text())["kdf"]
    assert (after["opslimit"], after["memlimit"]) == (a.OPSLIMIT_MODERATE, a.MEMLIMIT_MODERATE)
    assert after["salt"] != before["salt"]  # a fresh salt with the new parameters
    with pytest.raises(WrongPassword):
        w.signer("clerk", password=PW)
    assert w.signer("clerk", password="a new password for the clerk").public_key.hex() == e.public_key
    w.add_watch_only("auditee", "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja")
    with pytest.raises(WatchOnly):
        w.rewrap("auditee", PW)
