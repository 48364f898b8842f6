"""Tests for the encrypted key file: round trips, every way a file can be wrong, and atomic writes."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import stat
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nacl.bindings
import nacl.pwhash.argon2id as argon2id
import pytest

import node.keyfile as keyfile_module
from node.core.address import address_of_key, format_address
from node.core.crypto import P256_N, Domain, PrivateKey, Scheme, Signer, verify
from node.core.errors import DepotError, InvalidValue
from node.keyfile import (
    MAX_FILE_SIZE,
    KeyfileCorrupt,
    KeyfileExists,
    KeyfileInfo,
    KeyfileTampered,
    WeakPassword,
    WrongPassword,
    create_keyfile,
    load_keyfile,
    read_keyfile_info,
    rewrap,
    write_bytes_atomically,
)

PASSWORD = "correct horse battery staple"
FAST = "interactive"
POSIX = os.name == "posix"
CHAIN = "depot-test"


def make(
    path: Path, scheme: Scheme = Scheme.ED25519, *, label: str = "", password: str = PASSWORD
) -> PrivateKey:
    key = PrivateKey.generate(scheme)
    create_keyfile(path, key, password, strength=FAST, label=label)
    return key


def load_doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return doc


def save_doc(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), "utf-8")


def chain_text(exc: BaseException) -> str:
    """Everything a log or crash report could show about an exception, causes included."""
    parts = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    if isinstance(exc, DepotError):
        parts.append(json.dumps(exc.to_json()))
    return "\n".join(parts)


@pytest.fixture
def memo_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id memoised: for tests that unlock the same file many times to probe the AEAD."""
    monkeypatch.setattr(keyfile_module, "_derive_key", functools.cache(keyfile_module._derive_key))


@pytest.fixture
def no_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if a key derivation runs: a corrupt file must be refused before the slow step."""

    def refuse(*args: object) -> bytes:
        raise AssertionError("key derivation ran on a file that should have been refused")

    monkeypatch.setattr(keyfile_module, "_derive_key", refuse)


# --- the format, re-implemented from the module docstring --------------------------------------


def spec_tagged_hash(tag: bytes, data: bytes) -> bytes:
    return hashlib.sha256(bytes([len(tag)]) + tag + data).digest()


def spec_subkeys(password: str, salt: bytes, opslimit: int, memlimit: int) -> tuple[bytes, bytes]:
    import unicodedata

    pw = unicodedata.normalize("NFKC", password).encode("utf-8")
    k = argon2id.kdf(32, pw, salt, opslimit=opslimit, memlimit=memlimit)
    return spec_tagged_hash(b"DEPOT/KEYFILE/v1/ENC", k), spec_tagged_hash(
        b"DEPOT/KEYFILE/v1/CHECK", k
    )[:8]


def spec_ad(doc: dict[str, Any]) -> bytes:
    header = {k: v for k, v in doc.items() if k != "ciphertext"}
    return json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def spec_seal(
    path: Path, *, scheme: str, secret: bytes, public_key: bytes, address: str, password: str
) -> None:
    """Write a file the way the format says, with whatever (possibly inconsistent) contents."""
    ops, mem = argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE
    salt, nonce = os.urandom(16), os.urandom(24)
    enc, check = spec_subkeys(password, salt, ops, mem)
    doc: dict[str, Any] = {
        "depot_keyfile": 1,
        "kdf": {"name": "argon2id", "opslimit": ops, "memlimit": mem, "salt": salt.hex()},
        "cipher": {"name": "xchacha20poly1305-ietf", "nonce": nonce.hex()},
        "scheme": scheme,
        "public_key": public_key.hex(),
        "address": address,
        "label": "hand made",
        "created_ms": 1_700_000_000_000,
        "check": check.hex(),
    }
    ct = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(secret, spec_ad(doc), nonce, enc)
    doc["ciphertext"] = ct.hex()
    save_doc(path, doc)


def test_a_written_file_decrypts_by_the_documented_format(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    key = make(path, label="spec")
    doc = load_doc(path)
    assert list(doc) == [
        "depot_keyfile", "kdf", "cipher", "scheme", "public_key", "address", "label",
        "created_ms", "check", "ciphertext",
    ]  # fmt: skip
    assert doc["kdf"]["name"] == "argon2id" and doc["cipher"]["name"] == "xchacha20poly1305-ietf"
    kdf = doc["kdf"]
    enc, check = spec_subkeys(
        PASSWORD, bytes.fromhex(kdf["salt"]), kdf["opslimit"], kdf["memlimit"]
    )
    assert check.hex() == doc["check"]
    secret = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
        bytes.fromhex(doc["ciphertext"]), spec_ad(doc), bytes.fromhex(doc["cipher"]["nonce"]), enc
    )
    assert secret == key.secret


def test_a_file_written_by_the_documented_format_loads(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    key = PrivateKey.generate(Scheme.P256)
    address = format_address(address_of_key(Scheme.P256, key.public_key))
    spec_seal(
        path,
        scheme="p256",
        secret=key.secret,
        public_key=key.public_key,
        address=address,
        password=PASSWORD,
    )
    assert load_keyfile(path, PASSWORD) == key


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", [Scheme.ED25519, Scheme.P256], ids=["ed25519", "p256"])
def test_round_trip(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "validator.key"
    key = PrivateKey.generate(scheme)
    info = create_keyfile(path, key, PASSWORD, strength=FAST, label="储罐 validator #3")

    assert isinstance(info, KeyfileInfo)
    assert info.scheme is scheme
    assert info.public_key == key.public_key
    assert info.address == address_of_key(scheme, key.public_key)
    assert str(info.address).startswith("depot1")
    assert info.label == "储罐 validator #3"
    assert info.strength == "interactive"
    assert (info.opslimit, info.memlimit) == (
        argon2id.OPSLIMIT_INTERACTIVE,
        argon2id.MEMLIMIT_INTERACTIVE,
    )
    assert read_keyfile_info(path) == info
    with pytest.raises(AttributeError):
        info.label = "x"  # type: ignore[misc]

    loaded = load_keyfile(path, PASSWORD)
    assert loaded == key
    digest = bytes(range(32))
    verify(scheme, info.public_key, *_signed(Signer(loaded), digest))


def _signed(signer: Signer, digest: bytes) -> tuple[bytes, bytes]:
    from node.core.crypto import signing_message

    message = signing_message(Domain.VOTE, CHAIN, digest)
    return message, signer.sign(message)


def test_created_ms_is_now(tmp_path: Path) -> None:
    import time

    before = time.time_ns() // 1_000_000
    info = create_keyfile(tmp_path / "k", PrivateKey.generate(), PASSWORD, strength=FAST)
    after = time.time_ns() // 1_000_000
    assert before <= info.created_ms <= after


def test_default_strength_is_moderate(tmp_path: Path) -> None:
    path = tmp_path / "daily.key"
    key = PrivateKey.generate()
    info = create_keyfile(path, key, PASSWORD)
    assert info.strength == "moderate"
    assert (info.opslimit, info.memlimit) == (
        argon2id.OPSLIMIT_MODERATE,
        argon2id.MEMLIMIT_MODERATE,
    )
    assert read_keyfile_info(path) == info
    assert load_keyfile(path, PASSWORD) == key


@pytest.mark.slow  # two Argon2id runs at 1 GiB: several seconds each
def test_sensitive_strength(tmp_path: Path) -> None:
    path = tmp_path / "backup.key"
    key = PrivateKey.generate(Scheme.P256)
    info = create_keyfile(path, key, PASSWORD, strength="sensitive", label="backup")
    assert info.strength == "sensitive"
    assert (info.opslimit, info.memlimit) == (
        argon2id.OPSLIMIT_SENSITIVE,
        argon2id.MEMLIMIT_SENSITIVE,
    )
    assert load_keyfile(path, PASSWORD) == key


def test_password_is_nfkc_normalised(tmp_path: Path) -> None:
    path = tmp_path / "k"
    # Full-width letters and digits from a CJK input method, and a decomposed é.
    key = make(path, password="ｐａｓｓ１２３ cafe\u0301")
    assert load_keyfile(path, "pass123 café") == key


# --- passwords ----------------------------------------------------------------------------------


def test_wrong_password(tmp_path: Path) -> None:
    path = tmp_path / "k"
    make(path)
    wrong = "correct horse battery stapler"
    with pytest.raises(WrongPassword) as exc_info:
        load_keyfile(path, wrong)
    assert exc_info.value.code == "wrong_password"
    text = chain_text(exc_info.value)
    assert wrong not in text and PASSWORD not in text


def test_empty_password_is_refused_everywhere(tmp_path: Path, no_kdf: None) -> None:
    path = tmp_path / "k"
    with pytest.raises(WeakPassword) as exc_info:
        create_keyfile(path, PrivateKey.generate(), "", strength=FAST)
    assert exc_info.value.code == "weak_password"
    assert not path.exists()


def test_empty_password_on_load_and_rewrap(tmp_path: Path) -> None:
    path = tmp_path / "k"
    make(path)
    before = path.read_bytes()
    with pytest.raises(WeakPassword):
        load_keyfile(path, "")
    with pytest.raises(WeakPassword):
        rewrap(path, "", FAST)
    with pytest.raises(WeakPassword):
        rewrap(path, PASSWORD, FAST, new_password="")
    assert path.read_bytes() == before


def test_password_with_unpaired_surrogate_is_refused_without_echoing_it(tmp_path: Path) -> None:
    password = "secret\ud800word"
    with pytest.raises(InvalidValue) as exc_info:
        create_keyfile(tmp_path / "k", PrivateKey.generate(), password, strength=FAST)
    assert "secret" not in chain_text(exc_info.value)
    assert exc_info.value.__cause__ is None and exc_info.value.__suppress_context__


def test_error_codes() -> None:
    codes = {
        cls.code
        for cls in (WrongPassword, KeyfileTampered, KeyfileCorrupt, WeakPassword, KeyfileExists)
    }
    assert codes == {
        "wrong_password",
        "keyfile_tampered",
        "keyfile_corrupt",
        "weak_password",
        "keyfile_exists",
    }
    for cls in (WrongPassword, KeyfileTampered, KeyfileCorrupt, WeakPassword, KeyfileExists):
        assert issubclass(cls, DepotError)


# --- no secrets at rest or in errors ------------------------------------------------------------


@pytest.mark.parametrize("scheme", [Scheme.ED25519, Scheme.P256], ids=["ed25519", "p256"])
def test_file_holds_no_secret_and_no_password(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "k"
    password = "Zebra-Quartz-9931"
    key = make(path, scheme, password=password)
    rewrap(path, password, FAST)  # the re-sealed file too
    raw = path.read_bytes()
    needles = [
        key.secret,
        key.secret.hex().encode(),
        key.secret.hex().upper().encode(),
        base64.b64encode(key.secret),
        base64.b64encode(key.secret).rstrip(b"="),
        password.encode("utf-8"),
        password.encode("utf-16-le"),
        password.encode().hex().encode(),
    ]
    for needle in needles:
        assert needle not in raw
    assert key.secret.hex() not in repr(read_keyfile_info(path))


def test_tamper_error_holds_no_secret(tmp_path: Path) -> None:
    path = tmp_path / "k"
    key = make(path)
    doc = load_doc(path)
    doc["label"] = "edited"
    save_doc(path, doc)
    with pytest.raises(KeyfileTampered) as tampered:
        load_keyfile(path, PASSWORD)
    text = chain_text(tampered.value)
    assert PASSWORD not in text and key.secret.hex() not in text
    assert tampered.value.__cause__ is None and tampered.value.__suppress_context__


# --- tampering, corruption and their exact outcomes ---------------------------------------------


def test_flipping_any_byte_of_the_ciphertext_is_tampering(tmp_path: Path, memo_kdf: None) -> None:
    path = tmp_path / "k"
    key = make(path)
    doc = load_doc(path)
    ct = bytes.fromhex(doc["ciphertext"])
    for i in range(len(ct)):
        for bit in (0x01, 0x80):
            flipped = bytearray(ct)
            flipped[i] ^= bit
            save_doc(path, {**doc, "ciphertext": flipped.hex()})
            with pytest.raises(KeyfileTampered):
                load_keyfile(path, PASSWORD)
    save_doc(path, doc)
    assert load_keyfile(path, PASSWORD) == key


Edit = Callable[[dict[str, Any], PrivateKey], None]


def _other(scheme: Scheme = Scheme.ED25519) -> PrivateKey:
    return PrivateKey.generate(scheme)


def _set(field: str, value: Any) -> Edit:
    def edit(doc: dict[str, Any], key: PrivateKey) -> None:
        target = doc
        *parents, last = field.split(".")
        for p in parents:
            target = target[p]
        target[last] = value

    return edit


def _swap_identity(doc: dict[str, Any], key: PrivateKey) -> None:
    # The attack that matters: show someone else's address (to be paid) over this key.
    other = _other()
    doc["public_key"] = other.public_key.hex()
    doc["address"] = format_address(address_of_key(Scheme.ED25519, other.public_key))


def _other_address(doc: dict[str, Any], key: PrivateKey) -> None:
    doc["address"] = format_address(address_of_key(Scheme.ED25519, _other().public_key))


def _other_public_key(doc: dict[str, Any], key: PrivateKey) -> None:
    doc["public_key"] = _other().public_key.hex()


def _upper_address(doc: dict[str, Any], key: PrivateKey) -> None:
    doc["address"] = doc["address"].upper()  # same address, not the canonical text


def _bump(field: str, delta: int) -> Edit:
    def edit(doc: dict[str, Any], key: PrivateKey) -> None:
        parent, _, last = field.rpartition(".")
        target = doc[parent] if parent else doc
        target[last] += delta

    return edit


def _new_hex(field: str) -> Edit:
    def edit(doc: dict[str, Any], key: PrivateKey) -> None:
        parent, _, last = field.rpartition(".")
        target = doc[parent] if parent else doc
        target[last] = os.urandom(len(target[last]) // 2).hex()

    return edit


def _transform(field: str, f: Callable[[Any], Any]) -> Edit:
    def edit(doc: dict[str, Any], key: PrivateKey) -> None:
        parent, _, last = field.rpartition(".")
        target = doc[parent] if parent else doc
        target[last] = f(target[last])

    return edit


# The password is right in every case: what changed decides the outcome.
TAMPERED: dict[str, Edit] = {
    "label": _set("label", "Bank validator (edited)"),
    "created_ms": _bump("created_ms", 1),
    "cipher.nonce": _new_hex("cipher.nonce"),
    "public_key+address": _swap_identity,
}

# The salt, the KDF parameters and the check are the password test itself: changed within
# bounds they are indistinguishable from a wrong password (see the module docstring).
WRONG_PASSWORD: dict[str, Edit] = {
    "kdf.opslimit": _bump("kdf.opslimit", 1),
    "kdf.memlimit": _transform("kdf.memlimit", lambda m: m * 2),
    "kdf.salt": _new_hex("kdf.salt"),
    "check": _new_hex("check"),
}

# name -> (edit, the field the error names)
CORRUPT: dict[str, tuple[Edit, str]] = {
    "address alone": (_other_address, "address"),
    "public_key alone": (_other_public_key, "address"),  # they disagree; address is checked
    "address not canonical": (_upper_address, "address"),
    "address garbage": (_set("address", "depot1notanaddress"), "address"),
    "scheme p256": (_set("scheme", "p256"), "public_key"),
    "scheme unknown": (_set("scheme", "secp256k1"), "scheme"),
    "scheme number": (_set("scheme", 1), "scheme"),
    "version 2": (_set("depot_keyfile", 2), "depot_keyfile"),
    "version text": (_set("depot_keyfile", "1"), "depot_keyfile"),
    "version bool": (_set("depot_keyfile", True), "depot_keyfile"),
    "kdf name": (_set("kdf.name", "argon2i"), "kdf.name"),
    "kdf opslimit text": (_set("kdf.opslimit", "2"), "kdf.opslimit"),
    "kdf opslimit bool": (_set("kdf.opslimit", True), "kdf.opslimit"),
    "kdf opslimit float": (_set("kdf.opslimit", 2.0), "kdf.opslimit"),
    "kdf opslimit below floor": (_set("kdf.opslimit", 1), "kdf.opslimit"),
    "kdf opslimit huge": (_set("kdf.opslimit", 10**6), "kdf.opslimit"),
    "kdf memlimit below floor": (_set("kdf.memlimit", 8192), "kdf.memlimit"),
    "kdf memlimit huge": (_set("kdf.memlimit", 1 << 40), "kdf.memlimit"),
    "kdf salt upper": (_transform("kdf.salt", str.upper), "kdf.salt"),
    "kdf salt short": (_transform("kdf.salt", lambda s: s[:-2]), "kdf.salt"),
    "kdf salt not hex": (_set("kdf.salt", "zz" * 16), "kdf.salt"),
    "kdf salt spaced": (_transform("kdf.salt", lambda s: s[:2] + " " + s[3:]), "kdf.salt"),
    "kdf extra": (_set("kdf.parallelism", 1), "kdf.parallelism"),
    "kdf not object": (_set("kdf", "argon2id"), "kdf"),
    "cipher name": (_set("cipher.name", "aes-256-gcm"), "cipher.name"),
    "cipher nonce short": (_transform("cipher.nonce", lambda s: s[:32]), "cipher.nonce"),
    "check short": (_transform("check", lambda s: s[:14]), "check"),
    "ciphertext short": (_transform("ciphertext", lambda s: s[:-2]), "ciphertext"),
    "ciphertext upper": (_transform("ciphertext", str.upper), "ciphertext"),
    "ciphertext null": (_set("ciphertext", None), "ciphertext"),
    "label number": (_set("label", 7), "label"),
    "label control": (_set("label", "two\nlines"), "label"),
    "label long": (_set("label", "x" * 129), "label"),
    "created_ms negative": (_set("created_ms", -1), "created_ms"),
    "created_ms float": (_set("created_ms", 1.5), "created_ms"),
    "extra field": (_set("comment", "hi"), "comment"),
}


@pytest.mark.parametrize("edit", list(TAMPERED.values()), ids=list(TAMPERED))
def test_header_edits_that_are_tampering(tmp_path: Path, edit: Edit) -> None:
    path = tmp_path / "k"
    key = make(path)
    doc = load_doc(path)
    edit(doc, key)
    save_doc(path, doc)
    read_keyfile_info(path)  # well-formed: only the password can tell
    with pytest.raises(KeyfileTampered) as exc_info:
        load_keyfile(path, PASSWORD)
    assert exc_info.value.code == "keyfile_tampered"


@pytest.mark.parametrize("edit", list(WRONG_PASSWORD.values()), ids=list(WRONG_PASSWORD))
def test_header_edits_that_read_as_a_wrong_password(tmp_path: Path, edit: Edit) -> None:
    path = tmp_path / "k"
    key = make(path)
    doc = load_doc(path)
    edit(doc, key)
    save_doc(path, doc)
    with pytest.raises(WrongPassword):
        load_keyfile(path, PASSWORD)


@pytest.mark.parametrize("case", list(CORRUPT.values()), ids=list(CORRUPT))
def test_header_edits_that_are_corruption(
    tmp_path: Path, case: tuple[Edit, str], request: pytest.FixtureRequest
) -> None:
    edit, field = case
    path = tmp_path / "k"
    key = make(path)
    doc = load_doc(path)
    edit(doc, key)
    save_doc(path, doc)
    request.getfixturevalue("no_kdf")
    with pytest.raises(KeyfileCorrupt) as info_exc:
        read_keyfile_info(path)
    with pytest.raises(KeyfileCorrupt) as load_exc:
        load_keyfile(path, PASSWORD)
    for exc in (info_exc.value, load_exc.value):
        assert exc.code == "keyfile_corrupt"
        assert exc.data["field"] == field


@pytest.mark.parametrize(
    "field",
    [
        "depot_keyfile", "kdf", "cipher", "scheme", "public_key", "address", "label",
        "created_ms", "check", "ciphertext", "kdf.name", "kdf.opslimit", "kdf.memlimit",
        "kdf.salt", "cipher.name", "cipher.nonce",
    ],
)  # fmt: skip
def test_a_missing_field_is_corruption(tmp_path: Path, field: str, no_kdf: None) -> None:
    path = tmp_path / "k"
    # A well-formed header needs no real KDF run (no_kdf is active).
    doc = _well_formed_doc(PrivateKey.generate())
    parent, _, last = field.rpartition(".")
    del (doc[parent] if parent else doc)[last]
    save_doc(path, doc)
    with pytest.raises(KeyfileCorrupt) as exc_info:
        load_keyfile(path, PASSWORD)
    assert exc_info.value.data["field"] == field


def _well_formed_doc(key: PrivateKey) -> dict[str, Any]:
    return {
        "depot_keyfile": 1,
        "kdf": {
            "name": "argon2id",
            "opslimit": argon2id.OPSLIMIT_INTERACTIVE,
            "memlimit": argon2id.MEMLIMIT_INTERACTIVE,
            "salt": "00" * 16,
        },
        "cipher": {"name": "xchacha20poly1305-ietf", "nonce": "00" * 24},
        "scheme": "ed25519",
        "public_key": key.public_key.hex(),
        "address": format_address(address_of_key(Scheme.ED25519, key.public_key)),
        "label": "",
        "created_ms": 0,
        "check": "00" * 8,
        "ciphertext": "00" * 48,
    }


def test_a_well_formed_doc_passes_step_one(tmp_path: Path) -> None:
    # Guards the missing-field test: its base document is accepted when nothing is missing.
    path = tmp_path / "k"
    key = PrivateKey.generate()
    save_doc(path, _well_formed_doc(key))
    assert read_keyfile_info(path).public_key == key.public_key


def test_public_key_that_is_not_the_secrets_is_corruption(tmp_path: Path) -> None:
    # Authenticated but inconsistent, as a faulty writer could produce.
    path = tmp_path / "k"
    key, other = PrivateKey.generate(), PrivateKey.generate()
    spec_seal(
        path,
        scheme="ed25519",
        secret=key.secret,
        public_key=other.public_key,
        address=format_address(address_of_key(Scheme.ED25519, other.public_key)),
        password=PASSWORD,
    )
    with pytest.raises(KeyfileCorrupt) as exc_info:
        load_keyfile(path, PASSWORD)
    assert exc_info.value.data["field"] == "public_key"


def test_sealed_p256_scalar_out_of_range_is_corruption(tmp_path: Path) -> None:
    path = tmp_path / "k"
    pub = PrivateKey.generate(Scheme.P256).public_key
    spec_seal(
        path,
        scheme="p256",
        secret=P256_N.to_bytes(32, "big"),
        public_key=pub,
        address=format_address(address_of_key(Scheme.P256, pub)),
        password=PASSWORD,
    )
    with pytest.raises(KeyfileCorrupt, match="not a valid P256 key"):
        load_keyfile(path, PASSWORD)


def test_every_truncation_is_corruption(tmp_path: Path, no_kdf: None) -> None:
    raw = _well_formed_bytes()
    assert raw.endswith(b"}")
    path = tmp_path / "k"
    for n in range(len(raw)):  # every proper prefix lacks the closing brace
        path.write_bytes(raw[:n])
        with pytest.raises(KeyfileCorrupt):
            read_keyfile_info(path)
        with pytest.raises(KeyfileCorrupt):
            load_keyfile(path, PASSWORD)


def _well_formed_bytes() -> bytes:
    return json.dumps(_well_formed_doc(PrivateKey.generate()), indent=2).encode()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00" * 64,
        os.urandom(300),
        b"\xef\xbb\xbf{}",
        b"\xff\xfe{\x00}\x00",
        b"[]",
        b"null",
        b'"depot"',
        b'{"depot_keyfile": 1}',
        b"[" * 100_000,
    ],
    ids=["empty", "zeros", "random", "bom", "utf16", "array", "null", "string", "sparse", "deep"],
)
def test_garbage_is_corruption(tmp_path: Path, raw: bytes, no_kdf: None) -> None:
    path = tmp_path / "k"
    path.write_bytes(raw)
    with pytest.raises(KeyfileCorrupt):
        read_keyfile_info(path)
    with pytest.raises(KeyfileCorrupt):
        load_keyfile(path, PASSWORD)


def test_json_tricks_are_corruption(tmp_path: Path, no_kdf: None) -> None:
    path = tmp_path / "k"
    good = _well_formed_bytes().decode()
    variants = [
        good.replace('"label": ""', '"label": "a", "label": ""'),  # duplicate field
        good.replace('"created_ms": 0', '"created_ms": NaN'),
        good.replace('"created_ms": 0', '"created_ms": Infinity'),
        good + " " * MAX_FILE_SIZE,  # oversized, though the JSON is fine
    ]
    for text in variants:
        assert text != good
        path.write_text(text, "utf-8")
        with pytest.raises(KeyfileCorrupt):
            load_keyfile(path, PASSWORD)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_keyfile_info(tmp_path / "nope")


# --- creation rules -----------------------------------------------------------------------------


def test_create_refuses_to_overwrite(tmp_path: Path, no_kdf: None) -> None:
    path = tmp_path / "k"
    path.write_bytes(b"someone's key")
    with pytest.raises(KeyfileExists):
        create_keyfile(path, PrivateKey.generate(), PASSWORD, strength=FAST)
    assert path.read_bytes() == b"someone's key"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]


def test_create_without_hard_links_still_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "k"
    key = make(path)
    assert load_keyfile(path, PASSWORD) == key
    with pytest.raises(KeyfileExists):
        make(path)
    assert load_keyfile(path, PASSWORD) == key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]


@pytest.mark.parametrize("strength", ["weak", "", "INTERACTIVE"])
def test_unknown_strength(tmp_path: Path, strength: str) -> None:
    with pytest.raises(InvalidValue, match="unknown key file strength"):
        create_keyfile(tmp_path / "k", PrivateKey.generate(), PASSWORD, strength=strength)
    assert not (tmp_path / "k").exists()


@pytest.mark.parametrize("label", ["a\x00b", "tab\there", "x" * 129, "bad\ud800"])
def test_unusable_label(tmp_path: Path, label: str) -> None:
    with pytest.raises(InvalidValue):
        create_keyfile(tmp_path / "k", PrivateKey.generate(), PASSWORD, strength=FAST, label=label)
    assert not (tmp_path / "k").exists()


@pytest.mark.skipif(not POSIX, reason="POSIX file modes")
def test_file_mode_is_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = tmp_path / "k"
        make(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        rewrap(path, PASSWORD, FAST)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# --- rewrap -------------------------------------------------------------------------------------


def test_rewrap_keeps_the_key_and_raises_the_parameters(tmp_path: Path) -> None:
    path = tmp_path / "k"
    key = make(path, Scheme.P256, label="validator")
    before_info = read_keyfile_info(path)
    before_doc = load_doc(path)

    rewrap(path, PASSWORD, "moderate")

    after_info = read_keyfile_info(path)
    after_doc = load_doc(path)
    assert after_info.strength == "moderate"
    assert (after_info.opslimit, after_info.memlimit) == (
        argon2id.OPSLIMIT_MODERATE,
        argon2id.MEMLIMIT_MODERATE,
    )
    for same in ("scheme", "public_key", "address", "label", "created_ms"):
        assert getattr(after_info, same) == getattr(before_info, same)
    assert after_doc["kdf"]["salt"] != before_doc["kdf"]["salt"]
    assert after_doc["cipher"]["nonce"] != before_doc["cipher"]["nonce"]
    assert after_doc["ciphertext"] != before_doc["ciphertext"]
    assert load_keyfile(path, PASSWORD) == key


def test_rewrap_with_a_new_password(tmp_path: Path) -> None:
    path = tmp_path / "k"
    key = make(path)
    rewrap(path, PASSWORD, FAST, new_password="a new one")
    with pytest.raises(WrongPassword):
        load_keyfile(path, PASSWORD)
    assert load_keyfile(path, "a new one") == key


def test_rewrap_with_wrong_password_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "k"
    make(path)
    before = path.read_bytes()
    with pytest.raises(WrongPassword):
        rewrap(path, "nope", FAST)
    with pytest.raises(InvalidValue):
        rewrap(path, PASSWORD, "extreme")
    assert path.read_bytes() == before


# --- atomic writes ------------------------------------------------------------------------------


@pytest.fixture
def failing_replace(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """os.replace that fails like a full disk, recording its calls."""
    calls: list[tuple[str, str]] = []

    def boom(src: object, dst: object) -> None:
        calls.append((str(src), str(dst)))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    yield calls


def test_failed_rewrap_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "k"
    key = make(path)
    before = path.read_bytes()
    calls: list[str] = []

    def boom(src: object, dst: object) -> None:
        calls.append(str(src))
        assert Path(str(src)).parent == tmp_path  # the temp file sits beside the target
        assert Path(str(src)).read_bytes() != before  # and holds the new contents, complete
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="No space"):
        rewrap(path, PASSWORD, "moderate")
    monkeypatch.undo()

    assert calls
    assert path.read_bytes() == before
    assert read_keyfile_info(path).strength == "interactive"
    assert load_keyfile(path, PASSWORD) == key
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]  # no temp file left


def test_failed_write_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"old contents")
    real_write = os.write

    def half_then_fail(fd: int, data: Any) -> int:
        if len(data) > 4:
            real_write(fd, bytes(data[:4]))
            raise OSError(5, "Input/output error")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_fail)
    with pytest.raises(OSError, match="Input/output"):
        write_bytes_atomically(path, b"new contents that will not make it")
    monkeypatch.undo()
    assert path.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_write_bytes_atomically(tmp_path: Path, failing_replace: list[tuple[str, str]]) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"old")
    with pytest.raises(OSError):
        write_bytes_atomically(path, b"new")
    assert failing_replace and failing_replace[0][1] == str(path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_write_bytes_atomically_replaces_and_sets_mode(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"old")
    big = os.urandom(3 * 1024 * 1024)
    write_bytes_atomically(path, big)
    assert path.read_bytes() == big
    if POSIX:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        write_bytes_atomically(path, b"x", mode=0o640)
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    with pytest.raises(FileExistsError):
        write_bytes_atomically(path, b"y", overwrite=False)
    assert path.read_bytes() == (b"x" if POSIX else big)
    write_bytes_atomically(tmp_path / "fresh", b"z", overwrite=False)
    assert (tmp_path / "fresh").read_bytes() == b"z"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "fresh"]


def test_write_into_a_missing_directory_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_bytes_atomically(tmp_path / "no" / "such" / "dir", b"x")
