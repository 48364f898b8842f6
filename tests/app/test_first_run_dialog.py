"""The first run: demo or consortium (network file checked, each mistake said under the field), the key
(created, imported or on a token; bad input refused next to its field), light or full node."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from app.dialogs.first_run_dialog import FirstRunDialog  # noqa: E402
from app.network_file import NetworkFileError, read_network_file  # noqa: E402
from node.core.crypto import PrivateKey, Scheme  # noqa: E402
from node.keyfile import create_keyfile  # noqa: E402
from tests.wallet.hsm import SoftHsm, softhsm  # noqa: E402,F401 - session fixture
from wallet.keystore import Wallet  # noqa: E402

GOOD = {"chain_id": "depot-main", "genesis_hash": "ab" * 32, "peers": ["https://node.core-corp.example"]}


@pytest.fixture
def dialog(qtbot, tmp_path: Path, aloop) -> FirstRunDialog:
    d = FirstRunDialog(wallet_home=tmp_path / "wallet")
    qtbot.addWidget(d)
    d.show()
    return d


def advance(run_async: Any, d: FirstRunDialog, timeout_s: float = 60) -> bool:
    return bool(run_async(d.advance(), timeout_s=timeout_s))


def network_file(tmp_path: Path, doc: Any, name: str = "network.json") -> Path:
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return p


def test_demo_needs_no_key(dialog, run_async) -> None:
    assert dialog.step_label.text() == "Step 1 of 2: Which network?"
    dialog.demo_radio.setChecked(True)
    assert advance(run_async, dialog)
    assert dialog.current_step() == dialog.NODE
    assert dialog.next_button.text() == "Finish"
    dialog.full_radio.setChecked(True)
    assert advance(run_async, dialog)
    s = dialog.result_settings
    assert s is not None and (s.first_run_done, s.network, s.node_mode, s.wallet_key) == (True, "demo", "full", "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "There is no file at this path."),
        ("{oops", "The file is not valid JSON (line 1, column 2)."),
        ([1, 2], "The network file is not a JSON object."),
        ({**GOOD, "chain_id": ""}, "The network file names no chain (chain_id)."),
        ({**GOOD, "genesis_hash": "abc"}, "The genesis hash must be 64 hexadecimal characters."),
        ({**GOOD, "peers": []}, "The network file lists no peers to connect to."),
        ({**GOOD, "peers": ["node.example:26657"]}, "“node.example:26657” must start with http:// or https://."),
        ({**GOOD, "colour": "red"}, "The network file is not valid: network file: unknown field(s) ['colour']"),
    ],
)
def test_bad_network_file_is_refused_under_the_field(dialog, run_async, tmp_path, content, message) -> None:
    dialog.join_radio.setChecked(True)
    path = tmp_path / "missing.json" if content is None else network_file(tmp_path, content)
    dialog.network_edit.setText(str(path))
    assert not advance(run_async, dialog)
    assert dialog.current_step() == dialog.NETWORK
    assert dialog.network_error.isVisible() and dialog.network_error.text() == message


def test_no_network_file_chosen(dialog, run_async) -> None:
    dialog.join_radio.setChecked(True)
    assert not advance(run_async, dialog)
    assert dialog.network_error.text() == "Choose the network file."


def _to_key_step(dialog: FirstRunDialog, run_async: Any, tmp_path: Path) -> None:
    dialog.join_radio.setChecked(True)
    dialog.network_edit.setText(str(network_file(tmp_path, {**GOOD, "name": "Northmill consortium"})))
    assert advance(run_async, dialog)
    assert dialog.current_step() == dialog.KEY
    assert "depot-main" in dialog.network_summary.text()
    assert dialog.step_label.text() == "Step 2 of 3: Your signing key"


def test_consortium_with_a_new_key(dialog, run_async, tmp_path) -> None:
    _to_key_step(dialog, run_async, tmp_path)
    dialog.key_form.key_name_edit.setText("bad name!")
    dialog.key_form.password_edit.setText("short")
    assert not advance(run_async, dialog)
    assert dialog.key_form.key_name_error.text().startswith("Use 1–64 letters")
    assert dialog.key_form.password_error.text() == "At least 10 characters."
    dialog.key_form.key_name_edit.setText("clerk")
    dialog.key_form.password_edit.setText("a long enough password")
    dialog.key_form.repeat_edit.setText("a different password!")
    assert not advance(run_async, dialog)
    assert dialog.key_form.repeat_error.text() == "The two passwords differ."
    dialog.key_form.repeat_edit.setText("a long enough password")
    assert advance(run_async, dialog)
    assert dialog.current_step() == dialog.NODE
    assert advance(run_async, dialog)
    s = dialog.result_settings
    assert s is not None
    assert (s.network, s.consortium.chain_id, s.consortium.name, s.wallet_key) == (
        "consortium",
        "depot-main",
        "Northmill consortium",
        "clerk",
    )
    assert s.consortium.peers == ("https://node.core-corp.example",)
    entry = Wallet(tmp_path / "wallet").entry("clerk")
    assert entry.backend == "file"
    assert "a long enough password" not in json.dumps(s.to_json())
    assert dialog.key_form.password_edit.text() == ""  # not kept in the widget either


def test_import_of_a_damaged_key_file_is_refused(dialog, run_async, tmp_path) -> None:
    _to_key_step(dialog, run_async, tmp_path)
    dialog.key_form.import_radio.setChecked(True)
    dialog.key_form.keyfile_edit.setText(str(tmp_path / "nope.json"))
    assert not advance(run_async, dialog)
    assert dialog.key_form.keyfile_error.text() == "There is no file at this path."
    assert dialog.key_form.keyfile_password_error.text() == "Enter the key file's password."
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a key file"}')
    dialog.key_form.keyfile_edit.setText(str(bad))
    dialog.key_form.keyfile_password_edit.setText("whatever it was")
    assert advance(run_async, dialog)  # the fields are fine; the file is read on Finish
    assert not advance(run_async, dialog)
    assert dialog.current_step() == dialog.KEY
    assert dialog.key_form.keyfile_error.text() == "The key file is damaged or not a key file."


def test_import_of_a_key_file(dialog, run_async, tmp_path) -> None:
    key = PrivateKey.generate(Scheme.ED25519)
    path = tmp_path / "mine.json"
    create_keyfile(path, key, "its own password", strength="interactive")
    _to_key_step(dialog, run_async, tmp_path)
    dialog.key_form.import_radio.setChecked(True)
    dialog.key_form.key_name_edit.setText("imported")
    dialog.key_form.keyfile_edit.setText(str(path))
    dialog.key_form.keyfile_password_edit.setText("not its password")
    assert advance(run_async, dialog)
    assert not advance(run_async, dialog, 120)  # Finish: the file is opened with the password first
    assert dialog.current_step() == dialog.KEY
    assert dialog.key_form.keyfile_password_error.text() == "The password is not correct."
    assert dialog.key_form.keyfile_password_edit.text() == ""  # not kept in the widget
    assert not (tmp_path / "wallet" / "keys" / "imported.json").exists()  # nothing copied
    dialog.key_form.keyfile_password_edit.setText("its own password")
    assert advance(run_async, dialog) and advance(run_async, dialog, 120)
    assert Wallet(tmp_path / "wallet").entry("imported").public_key == key.public_key.hex()


def test_token_fields_are_checked(dialog, run_async, tmp_path) -> None:
    _to_key_step(dialog, run_async, tmp_path)
    dialog.key_form.token_radio.setChecked(True)
    dialog.key_form.key_id_edit.setText("xyz")
    assert not advance(run_async, dialog)
    assert dialog.key_form.module_error.text() == "Give the path of the PKCS#11 module."
    assert dialog.key_form.token_label_error.text() == "Give the token's label."
    assert dialog.key_form.pin_error.text() == "Enter the token's PIN."
    assert dialog.key_form.key_id_error.text() == "The key id is an even number of hexadecimal characters."


def test_key_on_a_real_token(dialog, run_async, tmp_path, softhsm: SoftHsm) -> None:  # noqa: F811
    label = softhsm.new_token()
    _to_key_step(dialog, run_async, tmp_path)
    dialog.key_form.token_radio.setChecked(True)
    dialog.key_form.key_name_edit.setText("on-token")
    dialog.key_form.module_edit.setText(softhsm.module)
    dialog.key_form.token_label_edit.setText(label)
    dialog.key_form.pin_edit.setText("wrong-pin")
    assert advance(run_async, dialog)
    assert not advance(run_async, dialog)
    assert dialog.key_form.pin_error.text() == "The token PIN is not correct."
    dialog.key_form.pin_edit.setText(softhsm.pin)
    assert advance(run_async, dialog) and advance(run_async, dialog)  # key step, then Finish
    assert Wallet(tmp_path / "wallet").entry("on-token").backend == "pkcs11"
    assert dialog.result_settings is not None and dialog.result_settings.pkcs11_module == softhsm.module


def test_read_network_file_directly(tmp_path) -> None:
    spec = read_network_file(network_file(tmp_path, GOOD))
    assert (spec.chain_id, spec.genesis_hash, spec.name) == ("depot-main", "ab" * 32, "depot-main")
    with pytest.raises(NetworkFileError) as e:
        read_network_file(tmp_path)
    assert e.value.code == "directory"
