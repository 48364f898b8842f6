"""The wallet folder: file keys (wrong password, tampering, corruption told apart), "remember me", backups."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from node.core.address import format_address
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
from wallet.signers import FileSigner

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
    assert isinstance(s, FileSigner) and s.public_key == key.public_key and s.unlocked_by == "keyring"
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


# --- restoring: one opening, the wallet's plan, all or nothing --------------------------------------

BACKUP_PW = "backup pass phrase"
WATCHED = "depot1c53gv3pjeq0sx44j8je6y069rf6p46esmfmdja"


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under the wallet folder and its bytes: what "nothing changed" means."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wallet_state(w: Wallet) -> tuple[list[Any], list[Any]]:
    return [e.to_json() for e in w.entries()], [c.to_json() for c in w.addressbook.contacts()]


def sealed_like_export(
    source: Wallet, path: Path, monkeypatch: pytest.MonkeyPatch, edit: Any, password: str = BACKUP_PW
) -> Path:
    """A backup written by ``source.export_backup`` (the real sealing code, so it authenticates),
    with ``edit(content)`` applied to the content just before it is sealed."""
    import wallet.keystore as keystore

    real = keystore.seal_backup

    def seal(p: Path, content: dict[str, Any], pw: str, *, strength: str) -> None:
        edit(content)
        real(p, content, pw, strength=strength)

    with monkeypatch.context() as m:
        m.setattr(keystore, "seal_backup", seal)
        source.export_backup(path, password, strength="interactive")
    return path


@pytest.fixture
def source(tmp_path: Path) -> Wallet:
    """An old laptop's wallet: two file keys, a watched address, two contacts."""
    w = Wallet(tmp_path / "old-laptop")
    w.create_file_key("good", PW, strength="interactive")
    w.create_file_key("second", PW, strength="interactive")
    w.add_watch_only("bank", WATCHED)
    w.addressbook.add(WATCHED, "City Bank settlement", "City Commercial Bank")
    w.addressbook.add(format_address(bytes(range(20))), "Swift Logistics", "swift-logistics")
    return w


@pytest.fixture
def target(tmp_path: Path) -> Wallet:
    """The wallet being restored into: a key and a contact of its own."""
    w = Wallet(tmp_path / "new-laptop")
    w.create_file_key("clerk", PW, strength="interactive")
    w.addressbook.add(format_address(bytes(range(40, 60))), "East Warehouse")
    return w


def _another_keyfile(tmp_path: Path) -> str:
    from node.keyfile import create_keyfile

    other = tmp_path / "other.json"
    create_keyfile(other, PrivateKey.generate(), PW, strength="interactive")
    return other.read_text()


MALFORMED: dict[str, tuple[Any, str]] = {
    # name: (edit of the content (keys[0] is "good", accepted before), the entry named at fault)
    "public key not hex": (
        lambda c, _o: c["keys"][1]["entry"].update(public_key="zz" * 32),
        "keys[1] (second).entry.public_key",
    ),
    "key file of another key": (
        lambda c, other: c["keys"][1].update(keyfile=other),
        "keys[1] (second).keyfile",
    ),
    "key file not a key file": (
        lambda c, _o: c["keys"][1].update(keyfile='{"depot_keyfile": 1}'),
        "keys[1] (second).keyfile",
    ),
    "unknown backend": (
        lambda c, _o: c["keys"][1]["entry"].update(backend="cloud"),
        "keys[1] (second).entry.backend",
    ),
    "name with a path in it": (
        lambda c, _o: c["keys"][1]["entry"].update(name="../../evil"),
        "keys[1].entry.name",
    ),
    "address not of its key": (
        lambda c, _o: c["keys"][1]["entry"].update(address=WATCHED),
        "keys[1] (second).entry.address",
    ),
    "entry that is not an object": (
        lambda c, _o: c["keys"].append(["not", "an", "entry"]),
        "keys[3]",
    ),
    "contact with a bad address": (
        lambda c, _o: c["addressbook"]["contacts"][1].update(address="depot1nope"),
        "addressbook.contacts[1].address",
    ),
    "payment count not a number": (
        lambda c, _o: c["addressbook"].update(paid={WATCHED: "many"}),
        "addressbook.paid[0]",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_entry_after_a_good_one_is_refused_and_changes_nothing(
    case: str, source: Wallet, target: Wallet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from wallet.errors import BackupContentInvalid

    edit, where = MALFORMED[case]
    other = _another_keyfile(tmp_path)
    backup = sealed_like_export(source, tmp_path / "bad.backup", monkeypatch, lambda c: edit(c, other))
    before_files, before_state = folder_state(target.home), wallet_state(target)

    with pytest.raises(BackupContentInvalid) as exc:
        target.import_backup(backup, BACKUP_PW)
    assert exc.value.code == "backup_content_invalid" and isinstance(exc.value, BackupCorrupt)
    assert exc.value.data["where"] == where, exc.value.message
    assert PW not in exc.value.message and BACKUP_PW not in exc.value.message
    # "good" came first and was fine: it is neither in memory, nor on disk, nor in the saved list.
    assert folder_state(target.home) == before_files
    assert wallet_state(target) == before_state
    assert wallet_state(Wallet(target.home)) == before_state
    # Opening alone refuses it the same way (nothing to plan or import).
    with pytest.raises(BackupContentInvalid):
        target.open_backup(backup, BACKUP_PW)


@pytest.mark.parametrize("failing", ["second key file", "key list", "address book"])
def test_a_write_failing_midway_leaves_the_folder_and_the_wallet_as_before(
    failing: str, source: Wallet, target: Wallet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import node.keyfile
    import wallet.addressbook
    import wallet.keystore

    backup = tmp_path / "ok.backup"
    source.export_backup(backup, BACKUP_PW, strength="interactive")
    opened = target.open_backup(backup, BACKUP_PW)
    before_files, before_state = folder_state(target.home), wallet_state(target)
    real = node.keyfile.write_bytes_atomically
    calls: list[str] = []

    def flaky(path: Path, data: bytes, *args: Any, **kwargs: Any) -> None:
        calls.append(Path(path).name)
        fail = {
            "second key file": Path(path).name == "second.json",
            "key list": Path(path).name == "wallet.json" and "good" in data.decode(),
            "address book": Path(path).name == "addressbook.json",
        }[failing]
        if fail:
            raise OSError(28, "No space left on device")
        real(path, data, *args, **kwargs)

    monkeypatch.setattr(wallet.keystore, "write_bytes_atomically", flaky)
    monkeypatch.setattr(wallet.addressbook, "write_bytes_atomically", flaky)
    with pytest.raises(OSError, match="No space left"):
        target.import_opened_backup(opened)
    assert calls[0] == "good.json"  # it did fail midway, after writing
    assert folder_state(target.home) == before_files
    assert wallet_state(target) == before_state
    assert wallet_state(Wallet(target.home)) == before_state

    monkeypatch.setattr(wallet.keystore, "write_bytes_atomically", real)
    monkeypatch.setattr(wallet.addressbook, "write_bytes_atomically", real)
    done = target.import_opened_backup(opened)  # the same opened content, once the disk is fine again
    assert [e.name for e in done.add] == ["good", "second", "bank"]
    assert target.signer("good", password=PW).public_key.hex() == source.entry("good").public_key


def test_a_leftover_key_file_is_adopted_when_identical_and_refused_otherwise(
    source: Wallet, target: Wallet, tmp_path: Path
):
    backup = tmp_path / "ok.backup"
    source.export_backup(backup, BACKUP_PW, strength="interactive")
    opened = target.open_backup(backup, BACKUP_PW)
    # A key file that an interrupted restore left behind, not in the key list.
    stray = target.home / "keys" / "second.json"
    stray.write_text(_another_keyfile(tmp_path))
    before_files, before_state = folder_state(target.home), wallet_state(target)
    from node.keyfile import KeyfileExists

    with pytest.raises(KeyfileExists) as exc:
        target.import_opened_backup(opened)
    assert exc.value.data["path"] == str(stray)
    assert folder_state(target.home) == before_files and wallet_state(target) == before_state
    stray.write_bytes((source.home / source.entry("second").file).read_bytes())  # the very same file
    assert [e.name for e in target.import_opened_backup(opened).add] == ["good", "second", "bank"]
    assert target.signer("second", password=PW).public_key.hex() == source.entry("second").public_key


def test_a_backup_is_opened_once_planned_by_the_wallets_rules_and_imported(
    source: Wallet, target: Wallet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import wallet.keystore as keystore
    from wallet.keystore import SKIP_ALREADY_HELD, SKIP_HELD_AS, SKIP_NAME_TAKEN

    source.create_file_key("clerk", "another password", strength="interactive")  # the name is taken here
    target.import_keyfile("good-here", source.home / source.entry("good").file)  # the same key, another name
    target.add_watch_only("bank-watch", WATCHED)  # the same watched address, another name
    source.create_file_key("fresh", PW, strength="interactive")
    target.import_keyfile("fresh", source.home / source.entry("fresh").file)  # the same key, the same name
    backup = tmp_path / "ok.backup"
    source.export_backup(backup, BACKUP_PW, strength="interactive")
    derivations: list[str] = []
    real = keystore.open_backup_with_header

    def counting(*args: Any) -> Any:
        derivations.append("open")
        return real(*args)

    monkeypatch.setattr(keystore, "open_backup_with_header", counting)
    before_files = folder_state(target.home)
    opened = target.open_backup(backup, BACKUP_PW)
    assert BACKUP_PW not in repr(opened) and "ciphertext" not in repr(opened)
    assert opened.created_ms > 0 and opened.source == "ok.backup"
    plan = target.plan_restore(opened)
    assert folder_state(target.home) == before_files  # opening and planning write nothing
    assert [e.name for e in plan.add] == ["second"]
    assert [(k.entry.name, k.existing, k.reason, k.same_key) for k in plan.skip] == [
        ("good", "good-here", SKIP_HELD_AS, True),
        ("bank", "bank-watch", SKIP_HELD_AS, True),
        ("clerk", "clerk", SKIP_NAME_TAKEN, False),
        ("fresh", "fresh", SKIP_ALREADY_HELD, True),
    ]
    assert [k.entry.name for k in plan.skipped(SKIP_NAME_TAKEN)] == ["clerk"]
    assert [c.label for c in plan.new_contacts] == ["City Bank settlement", "Swift Logistics"]
    assert plan.known_contacts == () and plan.changes_anything

    done = target.import_opened_backup(opened)
    assert derivations == ["open"]  # one key derivation for the plan and the import
    assert [e.name for e in done.add] == ["second"] and done.add[0].file == "keys/second.json"
    assert done.skip == plan.skip
    assert target.signer("second", password=PW).public_key.hex() == source.entry("second").public_key
    assert {c.label for c in target.addressbook.contacts()} == {
        "East Warehouse",
        "City Bank settlement",
        "Swift Logistics",
    }
    again = target.plan_restore(opened)
    assert again.add == () and again.new_contacts == () and not again.changes_anything
    assert len(again.known_contacts) == 2
    # The thin wrapper: path and password, the names added.
    assert target.import_backup(backup, BACKUP_PW) == []
    assert Wallet(tmp_path / "empty").import_backup(backup, BACKUP_PW) == ["good", "second", "bank", "clerk", "fresh"]
