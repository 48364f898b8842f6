"""After a session of creating, unlocking, signing and backing up, no secret is on disk or in the logs in the clear.

The session uses every backend that runs here (key files, "remember me" in
the OS keyring, a PKCS#11 token with an imported key), logs at DEBUG to a
file, then scans every file the wallet wrote (wallet folder, key files,
partially signed transactions, the backup, the log, and SoftHSM2's token
folder) for each private key, password and PIN in every common encoding.
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any

from node.core.address import format_address
from node.core.crypto import PrivateKey, Scheme
from node.core.encoding import encode
from tests.wallet.chain_world import CHAIN, addr
from tests.wallet.hsm import SoftHsm
from wallet.builder import build_body
from wallet.errors import WrongPin
from wallet.keystore import Wallet
from wallet.pst import add_signature, load_pst, new_pst
from wallet.signers import Pkcs11Token
from wallet.view import view_body

PASSWORDS = {"file": "Päss wörd für Datei 42", "backup": "backup phrase nine nine", "p256": "another p256 password"}


def encodings(secret: bytes | str) -> list[bytes]:
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    out = [raw, raw.hex().encode(), raw.hex().upper().encode(), base64.b64encode(raw), base64.urlsafe_b64encode(raw).rstrip(b"=")]
    if isinstance(secret, str):
        out.append(secret.encode("utf-16-le"))
        out.append(secret.encode("unicode_escape"))
    return out


def scan(paths: list[Path], secrets: dict[str, bytes | str]) -> list[str]:
    found = []
    for p in paths:
        data = p.read_bytes()
        for name, secret in secrets.items():
            for form in encodings(secret):
                if len(form) >= 8 and form in data:
                    found.append(f"{name} in {p}")
    return found


def test_no_secret_in_the_clear_after_a_wallet_session(tmp_path: Path, softhsm: SoftHsm, keyring_backend: Any):
    log_file = tmp_path / "wallet.log"
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        home = tmp_path / "wallet"
        w = Wallet(home, keyring=keyring_backend)
        ed = PrivateKey.generate(Scheme.ED25519)
        p256 = PrivateKey.generate(Scheme.P256)
        token_seed = PrivateKey.generate(Scheme.ED25519)
        w.import_secret("clerk", ed, PASSWORDS["file"], strength="interactive")
        w.import_secret("clerk-p256", p256, PASSWORDS["p256"], strength="interactive")
        w.remember("clerk", PASSWORDS["file"])
        label = softhsm.new_token()
        with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as t:
            t.import_ed25519_seed(token_seed.secret, b"\x42", "imported")
        w.add_pkcs11_key("token", module=softhsm.module, token_label=label, pin=softhsm.pin, key_id=b"\x42")
        try:
            w.signer("token", pin="0000-not-it")
        except WrongPin as exc:
            assert "0000-not-it" not in str(exc)
        keyring_secret = keyring_backend.get_password("depot-wallet", f"{w.wallet_id}:clerk")

        body = build_body(chain_id=CHAIN, sender=addr("c0"), nonce=0, kind="token.transfer",
                          fields={"to": format_address(addr("bob")), "amount": 10, "memo": "scan"})
        pst = new_pst(body)
        signers = [w.signer("clerk"), w.signer("clerk-p256", password=PASSWORDS["p256"]), w.signer("token", pin=softhsm.pin)]
        for s in signers:
            assert ed.secret.hex() not in repr(s) and "secret" not in repr(s).lower()
            view_body(encode(body), signer=s)
            pst = add_signature(pst, s)
        pst.save(tmp_path / "tx.pst")
        load_pst(tmp_path / "tx.pst")
        for s in signers:
            s.close()
        w.export_backup(tmp_path / "wallet.backup", PASSWORDS["backup"], strength="interactive")
        Wallet(tmp_path / "restored").import_backup(tmp_path / "wallet.backup", PASSWORDS["backup"])
        logging.getLogger("depot.wallet").debug("session done")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    w.forget("clerk")

    files = [p for p in tmp_path.rglob("*") if p.is_file()] + [p for p in softhsm.folder.rglob("*") if p.is_file()]
    assert log_file in files and len(files) > 8
    assert "unlocked key file" in log_file.read_text()  # the log was written
    secrets: dict[str, bytes | str] = {
        "ed25519 seed": ed.secret,
        "p256 scalar": p256.secret,
        "token key seed": token_seed.secret,
        "file password": PASSWORDS["file"],
        "p256 password": PASSWORDS["p256"],
        "backup password": PASSWORDS["backup"],
        "token PIN": softhsm.pin,
        "wrong PIN": "0000-not-it",
        "keyring unlock secret": keyring_secret or "",
    }
    canary = tmp_path / "canary"
    canary.write_bytes(b"xx" + ed.secret.hex().upper().encode() + b"xx")
    assert scan([canary], {"seed": ed.secret}) == [f"seed in {canary}"]  # the scanner does find secrets
    assert scan(files, secrets) == []
