"""``depot wallet ...`` and ``depot bench wallet``: one JSON object per command, errors as {"error": {...}}."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from node.core.crypto import PrivateKey, Scheme
from tests.wallet.hsm import SoftHsm


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["wallet", *args, "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    return code, json.loads(out[-1])


def test_new_list_import_export_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    home = str(tmp_path / "w")
    pw = tmp_path / "pw"
    pw.write_text("clerk password\n")
    code, out = run(capsys, "new", "--home", home, "--name", "clerk", "--password-file", str(pw), "--strength", "interactive")
    assert code == 0 and out["key"]["backend"] == "file" and out["key"]["address"].startswith("depot1")
    assert "password" not in json.dumps(out).replace("password_file", "")
    seed = tmp_path / "seed"
    seed.write_text(PrivateKey.generate(Scheme.P256).secret.hex())
    code, out = run(capsys, "import", "--home", home, "--name", "p", "--seed-file", str(seed), "--scheme", "p256",
                    "--password-file", str(pw), "--strength", "interactive")
    assert code == 0 and out["key"]["scheme"] == "p256"
    code, out = run(capsys, "import", "--home", home, "--name", "auditee", "--watch", out["key"]["address"])
    assert code == 1 and out["error"]["code"] == "wallet_key_already_held"  # the same address is already a key here
    code, out = run(capsys, "list", "--home", home)
    assert code == 0 and [k["name"] for k in out["keys"]] == ["clerk", "p"]
    assert out["keys"][0]["unlock"] == "password"
    code, out = run(capsys, "export", "--home", home, "--out", str(tmp_path / "b.backup"),
                    "--backup-password-file", str(pw), "--strength", "interactive")
    assert (code, out["keys"]) == (0, 2)
    code, out = run(capsys, "import", "--home", str(tmp_path / "w2"), "--backup", str(tmp_path / "b.backup"),
                    "--backup-password-file", str(pw))
    assert code == 0 and sorted(out["imported"]) == ["clerk", "p"]
    bad = tmp_path / "bad"
    bad.write_text("nope")
    code, out = run(capsys, "import", "--home", str(tmp_path / "w3"), "--backup", str(tmp_path / "b.backup"),
                    "--backup-password-file", str(bad))
    assert code == 1 and out["error"]["code"] == "backup_wrong_password"
    code, out = run(capsys, "show-tx", "--in", str(tmp_path / "missing.pst"))
    assert code == 1 and out["error"]["code"] == "pst_corrupt"


def test_password_required_without_a_terminal_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, out = run(capsys, "new", "--home", str(tmp_path), "--name", "k")
    assert code == 1 and out["error"]["code"] == "password_required"


def test_pkcs11_backend_from_the_command_line(softhsm: SoftHsm, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    label = softhsm.new_token()
    pin = tmp_path / "pin"
    pin.write_text(softhsm.pin)
    home = str(tmp_path / "w")
    code, out = run(capsys, "new", "--home", home, "--name", "tok", "--backend", "pkcs11", "--pkcs11-module", softhsm.module,
                    "--token-label", label, "--pin-file", str(pin))
    assert code == 0 and out["key"]["scheme"] == "p256" and out["key"]["pkcs11"]["token_label"] == label
    wrong = tmp_path / "wrong"
    wrong.write_text("0000-bad")
    code, out = run(capsys, "new", "--home", home, "--name", "tok2", "--backend", "pkcs11", "--pkcs11-module", softhsm.module,
                    "--token-label", label, "--pin-file", str(wrong), "--scheme", "ed25519")
    assert code == 1 and out["error"]["code"] == "wrong_pin" and "0000-bad" not in out["error"]["message"]


def test_token_keys_lists_a_tokens_keys_and_which_the_wallet_holds(
    softhsm: SoftHsm, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    from node.core.address import address_of_key, format_address
    from wallet.signers import Pkcs11Token

    label = softhsm.new_token()
    pin = tmp_path / "pin"
    pin.write_text(softhsm.pin)
    home = tmp_path / "w"
    code, out = run(capsys, "new", "--home", str(home), "--name", "tok", "--backend", "pkcs11", "--pkcs11-module",
                    softhsm.module, "--token-label", label, "--pin-file", str(pin), "--label", "clerk on token")
    assert code == 0
    held = out["key"]
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:  # made elsewhere, not in the wallet
        other = token.generate(Scheme.P256, bytes.fromhex("0badc0de"), "bank officer")
        other_address = format_address(address_of_key(int(Scheme.P256), other.public_key))

    code, out = run(capsys, "token-keys", "--home", str(home), "--pkcs11-module", softhsm.module,
                    "--token-label", label, "--pin-file", str(pin))
    assert code == 0 and out["token_label"] == label and out["module"] == softhsm.module
    by_label = {k["label"]: k for k in out["keys"]}
    assert sorted(by_label) == ["bank officer", "clerk on token"]
    mine = by_label["clerk on token"]
    assert (mine["key_id"], mine["key_type"], mine["wallet_key"], mine["usable"]) == (
        held["pkcs11"]["key_id"], "p256", "tok", True)
    assert mine["public_key"] == held["public_key"] and mine["address"] == held["address"]
    theirs = by_label["bank officer"]
    assert (theirs["key_id"], theirs["wallet_key"], theirs["address"]) == ("0badc0de", "", other_address)

    # Without a wallet folder: listed, and nothing is written anywhere.
    fresh = tmp_path / "no-wallet-yet"
    code, out = run(capsys, "token-keys", "--home", str(fresh), "--pkcs11-module", softhsm.module,
                    "--token-label", label, "--pin-file", str(pin))
    assert code == 0 and {k["wallet_key"] for k in out["keys"]} == {""} and not fresh.exists()

    # The human form: one line per key.
    assert main(["wallet", "token-keys", "--home", str(home), "--pkcs11-module", softhsm.module,
                 "--token-label", label, "--pin-file", str(pin)]) == 0
    text = capsys.readouterr().out
    assert "bank officer" in text and "0badc0de" in text and other_address in text and " tok " in text

    wrong = tmp_path / "wrong"
    wrong.write_text("0000-bad")
    code, out = run(capsys, "token-keys", "--home", str(home), "--pkcs11-module", softhsm.module,
                    "--token-label", label, "--pin-file", str(wrong))
    assert code == 1 and out["error"]["code"] == "wrong_pin" and "0000-bad" not in json.dumps(out)
    code, out = run(capsys, "token-keys", "--pkcs11-module", softhsm.module, "--token-label", "no-such-token",
                    "--pin-file", str(pin), "--home", str(home))
    assert code == 1 and out["error"]["code"] == "token_not_found"
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, out = run(capsys, "token-keys", "--home", str(home), "--pkcs11-module", softhsm.module, "--token-label", label)
    assert code == 1 and out["error"]["code"] == "password_required"


def test_bench_wallet_json(pkcs11_module: str):
    from tests.kit import depot

    r = depot("bench", "wallet", "--json", "--seconds", "0.2", "--unlocks", "1", "--pkcs11-module", pkcs11_module)
    assert r.returncode == 0, r.stderr[-2000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    for k in ("unlock_moderate_s", "sign_per_s_file", "sign_per_s_pkcs11"):
        assert isinstance(out[k], (int, float)) and out[k] > 0, out
