"""Where a signing key comes from, as one form: a new key file, an existing key file, or a PKCS#11 token.

The first-run dialog and the Keys tab's "New key…" and "Import key…" share
it.  ``check`` refuses what can be seen without touching a file or token
(each message under its field); ``request`` takes the answers off the widgets
on the GUI thread; ``add_key`` does the slow part (Argon2 sealing or
unlocking, the token) and belongs in an executor; ``show_failure`` puts what
it raised next to the field at fault.  For a key already on a token, "List
keys on the token" logs in with the PIN (in the executor) and offers the
token's keys in a picker, those the wallet holds or cannot sign with shown
but not selectable; typing the key id in hex stays possible.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.error_text import describe
from app.form_errors import error_label, set_field_error
from app.node_bridge import spawn
from node.core.errors import DepotError
from node.keyfile import load_keyfile, read_keyfile_info
from wallet.errors import KeyAlreadyHeld, WalletError
from wallet.keystore import KeyEntry, Wallet, list_token_keys
from wallet.signers import TokenKey

CREATE = "create"
"""A new key, sealed in an encrypted key file in the wallet folder."""
IMPORT = "import"
"""An existing Depot key file, copied into the wallet once its password opens it."""
TOKEN = "token"
"""A key on a PKCS#11 token: made there (no key id), or one already there (its key id)."""
LATER = "later"
"""No key now (browse only); the first run offers it."""

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_HEX = set("0123456789abcdefABCDEF")
MIN_PASSWORD = 10


class KeyfileUnreadable(WalletError):
    """The key file to import cannot be read (permissions, a folder, a vanished drive)."""

    code = "keyfile_unreadable"


@dataclass(frozen=True, slots=True)
class KeyRequest:
    """The form's answers, taken on the GUI thread for ``add_key`` in an executor (never stored)."""

    source: str
    """``CREATE``, ``IMPORT``, ``TOKEN`` or ``LATER``."""
    name: str = ""
    password: str = ""
    """``CREATE``: the new key file's password; ``IMPORT``: the password of the file being imported."""
    keyfile: str = ""
    module: str = ""
    token_label: str = ""
    pin: str = ""
    key_id: str = ""
    """Hex; on a token "" means: make a new key there."""


def add_key(wallet: Wallet, request: KeyRequest) -> KeyEntry | None:
    """Blocking (seconds of Argon2, or the token): add the requested key to ``wallet``; None for ``LATER``.

    An imported key file must open with its password first, so a wrong
    password or a file changed after it was written is refused before
    anything is copied.  Raises ``DepotError`` (``KeyAlreadyHeld``, ``KeyNameTaken``,
    ``KeyfileUnreadable``, ``WrongPassword``, ``KeyfileTampered``,
    ``KeyfileCorrupt``, the wallet's and the token's errors) or ``OSError``
    when the wallet folder cannot be written.
    """
    if request.source == LATER:
        return None
    if request.source == CREATE:
        return wallet.create_file_key(request.name, request.password)
    if request.source == IMPORT:
        path = Path(request.keyfile)
        try:
            info = read_keyfile_info(path)
        except OSError as e:
            raise KeyfileUnreadable(f"cannot read key file {path}: {e.strerror or e}", path=str(path)) from None
        existing = wallet.entry_for_public_key(info.public_key)
        if existing is not None:
            raise KeyAlreadyHeld(
                f"this wallet already holds that key, as {existing.name!r}", name=request.name, existing=existing.name
            )
        try:
            load_keyfile(path, request.password)  # proves the password and the file's integrity
        except OSError as e:
            raise KeyfileUnreadable(f"cannot read key file {path}: {e.strerror or e}", path=str(path)) from None
        return wallet.import_keyfile(request.name, path)
    if request.key_id:
        return wallet.add_pkcs11_key(
            request.name,
            module=request.module,
            token_label=request.token_label,
            pin=request.pin,
            key_id=bytes.fromhex(request.key_id),
        )
    return wallet.create_pkcs11_key(
        request.name, module=request.module, token_label=request.token_label, pin=request.pin
    )


TokenKeys = Callable[[str, str, str], list[TokenKey]]
"""Blocking: (module, token label, PIN) -> the token's keys, each marked with the wallet's name for it."""
RunBlocking = Callable[..., Awaitable[Any]]


def token_keys_of(wallet: Wallet | None) -> TokenKeys:
    """What lists a token's keys for ``wallet`` (None: a wallet not made yet, nothing is marked)."""

    def token_keys(module: str, token_label: str, pin: str) -> list[TokenKey]:
        return list_token_keys(module=module, token_label=token_label, pin=pin, wallet=wallet)

    return token_keys


async def _in_executor(fn: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)


class KeySourceForm(QWidget):
    """Key name, then one radio button per offered source with its fields under it."""

    def __init__(
        self,
        sources: Iterable[str] = (CREATE, IMPORT, TOKEN, LATER),
        *,
        pkcs11_module: str = "",
        token_key_id: str = "optional",
        taken_names: Callable[[], set[str]] | None = None,
        default_name: str = "my-key",
        token_keys: TokenKeys | None = None,
        run_blocking: RunBlocking | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``token_key_id``: "optional" (empty: make a key on the token), "required" (import one
        already there) or "hidden" (always make one).  ``taken_names``: the wallet's key names now.
        ``token_keys`` lists a token's keys (blocking; ``token_keys_of(wallet)``), run through
        ``run_blocking`` (the app's executor; default: the loop's)."""
        super().__init__(parent)
        self.sources = tuple(sources)
        self._taken_names = taken_names or (lambda: set())
        self._token_key_id = token_key_id
        self._token_keys = token_keys or token_keys_of(None)
        self._run_blocking: RunBlocking = run_blocking or _in_executor
        self._file_dialog: QFileDialog | None = None
        self.listing: asyncio.Task[bool] | None = None
        """The last press of "List keys on the token", running or done."""
        self.listed_keys: list[TokenKey] = []

        self.create_radio = QRadioButton(self.tr("Create a new key (an encrypted key file on this computer)"))
        self.create_radio.setObjectName("createKeyRadio")
        self.import_radio = QRadioButton(self.tr("Import a key file"))
        self.import_radio.setObjectName("importKeyRadio")
        self.token_radio = QRadioButton(self.tr("Use a security token (PKCS#11)"))
        self.token_radio.setObjectName("tokenKeyRadio")
        self.later_radio = QRadioButton(self.tr("Later (browse only)"))
        self.later_radio.setObjectName("laterKeyRadio")
        self.radios = {CREATE: self.create_radio, IMPORT: self.import_radio, TOKEN: self.token_radio, LATER: self.later_radio}
        self.group = QButtonGroup(self)
        for radio in self.radios.values():
            self.group.addButton(radio)
        self.radios[self.sources[0]].setChecked(True)

        self.key_name_edit = QLineEdit(default_name)
        self.key_name_edit.setObjectName("keyNameEdit")
        self.key_name_error = error_label("keyNameError")

        # A new key file.
        self.password_edit = _secret("passwordEdit")
        self.password_error = error_label("passwordError")
        self.repeat_edit = _secret("repeatEdit")
        self.repeat_error = error_label("repeatError")
        self.create_box = QGroupBox()
        f = QFormLayout(self.create_box)
        f.addRow(self.tr("Password:"), self.password_edit)
        f.addRow("", self.password_error)
        f.addRow(self.tr("Repeat:"), self.repeat_edit)
        f.addRow("", self.repeat_error)

        # An existing key file.
        self.keyfile_edit = QLineEdit()
        self.keyfile_edit.setObjectName("keyfileEdit")
        self.keyfile_error = error_label("keyfileError")
        self.keyfile_browse = QPushButton(self.tr("Choose…"))
        self.keyfile_browse.clicked.connect(self._choose_key_file)
        keyfile_row = QHBoxLayout()
        keyfile_row.addWidget(self.keyfile_edit, 1)
        keyfile_row.addWidget(self.keyfile_browse)
        self.keyfile_password_edit = _secret("keyfilePasswordEdit")
        self.keyfile_password_edit.setPlaceholderText(self.tr("the password the key file was sealed with"))
        self.keyfile_password_error = error_label("keyfilePasswordError")
        self.import_box = QGroupBox()
        f = QFormLayout(self.import_box)
        f.addRow(self.tr("Key file:"), keyfile_row)
        f.addRow("", self.keyfile_error)
        f.addRow(self.tr("Its password:"), self.keyfile_password_edit)
        f.addRow("", self.keyfile_password_error)

        # A security token.
        self.module_edit = QLineEdit(pkcs11_module)
        self.module_edit.setObjectName("moduleEdit")
        self.module_error = error_label("moduleError")
        self.token_label_edit = QLineEdit()
        self.token_label_edit.setObjectName("tokenLabelEdit")
        self.token_label_error = error_label("tokenLabelError")
        self.pin_edit = _secret("pinEdit")
        self.pin_error = error_label("pinError")
        self.key_id_edit = QLineEdit()
        self.key_id_edit.setObjectName("keyIdEdit")
        self.key_id_edit.setPlaceholderText(
            self.tr("the id of the key on the token")
            if token_key_id == "required"
            else self.tr("empty: make a new key on the token")
        )
        self.key_id_error = error_label("keyIdError")
        self.list_keys_button = QPushButton(self.tr("List keys on the token"))
        self.list_keys_button.setObjectName("listTokenKeysButton")
        self.list_keys_button.setToolTip(self.tr("Log in to the token with its PIN and choose one of the keys on it."))
        self.list_keys_button.clicked.connect(self._on_list_keys)
        key_id_row = QHBoxLayout()
        key_id_row.addWidget(self.key_id_edit, 1)
        key_id_row.addWidget(self.list_keys_button)
        self.token_keys_combo = QComboBox()
        self.token_keys_combo.setObjectName("tokenKeysCombo")
        self._token_keys_model = QStandardItemModel(self.token_keys_combo)
        self.token_keys_combo.setModel(self._token_keys_model)
        self.token_keys_combo.currentIndexChanged.connect(self._on_token_key_chosen)
        self.token_keys_combo.hide()
        self.token_keys_status = QLabel("")
        self.token_keys_status.setObjectName("tokenKeysStatus")
        self.token_keys_status.setProperty("role", "hint")
        self.token_keys_status.setWordWrap(True)
        self.token_keys_status.hide()
        for edit in (self.module_edit, self.token_label_edit):
            edit.textEdited.connect(lambda _t: self._forget_token_keys())
        self.token_box = QGroupBox()
        token_form = QFormLayout(self.token_box)
        token_form.addRow(self.tr("PKCS#11 module:"), self.module_edit)
        token_form.addRow("", self.module_error)
        token_form.addRow(self.tr("Token label:"), self.token_label_edit)
        token_form.addRow("", self.token_label_error)
        token_form.addRow(self.tr("Token PIN:"), self.pin_edit)
        token_form.addRow("", self.pin_error)
        token_form.addRow(self.tr("Key id (hex):"), key_id_row)
        token_form.addRow("", self.key_id_error)
        token_form.addRow("", self.token_keys_combo)
        token_form.addRow("", self.token_keys_status)
        if token_key_id == "hidden":
            for row in (key_id_row, self.key_id_error, self.token_keys_combo, self.token_keys_status):
                token_form.setRowVisible(row, False)

        name_form = QFormLayout()
        name_form.setContentsMargins(0, 0, 0, 0)
        name_form.addRow(self.tr("Key name:"), self.key_name_edit)
        name_form.addRow("", self.key_name_error)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(name_form)
        boxes = {CREATE: self.create_box, IMPORT: self.import_box, TOKEN: self.token_box, LATER: None}
        for source, radio in self.radios.items():
            box = boxes[source]
            offered = source in self.sources
            radio.setVisible(offered and len(self.sources) > 1)
            if offered:
                layout.addWidget(radio)
                if box is not None:
                    layout.addWidget(box)
            if box is not None:
                radio.toggled.connect(box.setVisible)
                box.setVisible(offered and radio.isChecked())
            elif not offered:
                radio.hide()
        layout.addStretch(1)
        self.later_radio.toggled.connect(lambda on: self.key_name_edit.setEnabled(not on))

    # --- answers ------------------------------------------------------------------------------------

    def source(self) -> str:
        return next(s for s, r in self.radios.items() if r.isChecked())

    def set_source(self, source: str) -> None:
        self.radios[source].setChecked(True)

    def _fields(self) -> list[tuple[QLineEdit, QLabel]]:
        return [
            (self.key_name_edit, self.key_name_error),
            (self.password_edit, self.password_error),
            (self.repeat_edit, self.repeat_error),
            (self.keyfile_edit, self.keyfile_error),
            (self.keyfile_password_edit, self.keyfile_password_error),
            (self.module_edit, self.module_error),
            (self.token_label_edit, self.token_label_error),
            (self.pin_edit, self.pin_error),
            (self.key_id_edit, self.key_id_error),
        ]

    def clear_errors(self) -> None:
        for field, label in self._fields():
            set_field_error(field, label, "")

    def check(self) -> bool:
        """Refuse what can be seen without the file or the token, each message under its field."""
        self.clear_errors()
        source = self.source()
        if source == LATER:
            return True
        problems: list[tuple[QLineEdit, QLabel, str]] = []
        name = self.key_name_edit.text().strip()
        if not name:
            problems.append((self.key_name_edit, self.key_name_error, self.tr("Name the key.")))
        elif not _NAME.match(name):
            problems.append(
                (
                    self.key_name_edit,
                    self.key_name_error,
                    self.tr("Use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit."),
                )
            )
        elif name in self._taken_names():
            problems.append((self.key_name_edit, self.key_name_error, self.tr("The wallet already has a key with this name.")))
        if source == CREATE:
            pw = self.password_edit.text()
            if len(pw) < MIN_PASSWORD:
                problems.append((self.password_edit, self.password_error, self.tr("At least {0} characters.").format(MIN_PASSWORD)))
            elif pw != self.repeat_edit.text():
                problems.append((self.repeat_edit, self.repeat_error, self.tr("The two passwords differ.")))
        elif source == IMPORT:
            path = self.keyfile_edit.text().strip()
            if not path:
                problems.append((self.keyfile_edit, self.keyfile_error, self.tr("Choose the key file.")))
            elif not Path(path).is_file():
                problems.append((self.keyfile_edit, self.keyfile_error, self.tr("There is no file at this path.")))
            if not self.keyfile_password_edit.text():
                problems.append(
                    (self.keyfile_password_edit, self.keyfile_password_error, self.tr("Enter the key file's password."))
                )
        elif source == TOKEN:
            module = self.module_edit.text().strip()
            if not module:
                problems.append((self.module_edit, self.module_error, self.tr("Give the path of the PKCS#11 module.")))
            elif not Path(module).is_file():
                problems.append((self.module_edit, self.module_error, self.tr("There is no file at this path.")))
            if not self.token_label_edit.text().strip():
                problems.append((self.token_label_edit, self.token_label_error, self.tr("Give the token's label.")))
            if not self.pin_edit.text():
                problems.append((self.pin_edit, self.pin_error, self.tr("Enter the token's PIN.")))
            kid = self.key_id_edit.text().strip()
            if kid and (len(kid) % 2 or any(c not in _HEX for c in kid)):
                problems.append(
                    (self.key_id_edit, self.key_id_error, self.tr("The key id is an even number of hexadecimal characters."))
                )
            elif not kid and self._token_key_id == "required":
                problems.append((self.key_id_edit, self.key_id_error, self.tr("Give the id of the key on the token.")))
        for field, label, text in problems:
            set_field_error(field, label, text)
        if problems:
            problems[0][0].setFocus()
        return not problems

    def request(self) -> KeyRequest:
        """The answers (call ``check`` first), read here on the GUI thread for ``add_key``."""
        source = self.source()
        if source == LATER:
            return KeyRequest(LATER)
        name = self.key_name_edit.text().strip()
        if source == CREATE:
            return KeyRequest(CREATE, name, password=self.password_edit.text())
        if source == IMPORT:
            return KeyRequest(
                IMPORT, name, password=self.keyfile_password_edit.text(), keyfile=self.keyfile_edit.text().strip()
            )
        key_id = "" if self._token_key_id == "hidden" else self.key_id_edit.text().strip().lower()
        return KeyRequest(
            TOKEN,
            name,
            module=self.module_edit.text().strip(),
            token_label=self.token_label_edit.text().strip(),
            pin=self.pin_edit.text(),
            key_id=key_id,
        )

    def show_failure(self, error: DepotError) -> bool:
        """Put what ``add_key`` raised under the field at fault; False when no field is to blame."""
        source = self.source()
        key_field = (
            (self.keyfile_edit, self.keyfile_error) if source == IMPORT else (self.key_id_edit, self.key_id_error)
        )
        password_field = (
            (self.keyfile_password_edit, self.keyfile_password_error)
            if source == IMPORT
            else (self.password_edit, self.password_error)
        )
        text = describe(error)
        code = error.code
        data = getattr(error, "data", {}) or {}
        if code == "wallet_key_already_held":
            target = key_field
            text = self.tr("This key is in the wallet already, as “{0}”.").format(data.get("existing", "?"))
        elif code == "wallet_key_name_taken":
            target = (self.key_name_edit, self.key_name_error)
            text = self.tr("The wallet already has a key with this name.")
        elif code == "wallet_key_exists":
            if data.get("name"):  # the name (an imported file's key was checked before)
                target = (self.key_name_edit, self.key_name_error)
                text = self.tr("The wallet already has a key with this name.")
            else:  # the key itself (a token key recorded under another name)
                target = key_field
                text = self.tr("This key is in the wallet already (under another name).")
        elif code == "keyfile_unreadable":
            target = (self.keyfile_edit, self.keyfile_error)
            text = self.tr("The key file cannot be read.")
        else:
            fields = {
                "invalid_key_name": (self.key_name_edit, self.key_name_error),
                "weak_password": password_field,
                "wrong_password": password_field,
                "keyfile_corrupt": (self.keyfile_edit, self.keyfile_error),
                "keyfile_tampered": (self.keyfile_edit, self.keyfile_error),
                "pkcs11_module_error": (self.module_edit, self.module_error),
                "token_not_found": (self.token_label_edit, self.token_label_error),
                "wrong_pin": (self.pin_edit, self.pin_error),
                "pin_locked": (self.pin_edit, self.pin_error),
                "token_key_not_found": (self.key_id_edit, self.key_id_error),
                "token_key_exists": (self.key_id_edit, self.key_id_error),
                "mechanism_unavailable": (self.key_id_edit, self.key_id_error),
            }
            found = fields.get(code)
            if found is None:
                return False
            target = found
        set_field_error(target[0], target[1], text)
        target[0].setFocus()
        return True

    def clear_secrets(self) -> None:
        """Empty every password and PIN field (after each attempt: secrets are not kept in widgets)."""
        for field in (self.password_edit, self.repeat_edit, self.keyfile_password_edit, self.pin_edit):
            field.clear()

    def set_inputs_enabled(self, enabled: bool) -> None:
        """Freeze the answers while the key is being made."""
        for radio in self.radios.values():
            radio.setEnabled(enabled)
        for box in (self.create_box, self.import_box, self.token_box):
            box.setEnabled(enabled)
        self.key_name_edit.setEnabled(enabled and not self.later_radio.isChecked())

    # --- the keys on a token ------------------------------------------------------------------------

    def _on_list_keys(self) -> None:
        if self.listing is None or self.listing.done():
            self.listing = spawn(self.list_token_keys(), name="list-token-keys")

    async def list_token_keys(self) -> bool:
        """Log in to the token (in the executor) and offer its keys in the picker; False when refused."""
        fields = (
            (self.module_edit, self.module_error),
            (self.token_label_edit, self.token_label_error),
            (self.pin_edit, self.pin_error),
            (self.key_id_edit, self.key_id_error),
        )
        for field, label in fields:
            set_field_error(field, label, "")
        module = self.module_edit.text().strip()
        token_label = self.token_label_edit.text().strip()
        pin = self.pin_edit.text()
        problems: list[tuple[QLineEdit, QLabel, str]] = []
        if not module:
            problems.append((self.module_edit, self.module_error, self.tr("Give the path of the PKCS#11 module.")))
        elif not Path(module).is_file():
            problems.append((self.module_edit, self.module_error, self.tr("There is no file at this path.")))
        if not token_label:
            problems.append((self.token_label_edit, self.token_label_error, self.tr("Give the token's label.")))
        if not pin:
            problems.append((self.pin_edit, self.pin_error, self.tr("Enter the token's PIN.")))
        for field, label, text in problems:
            set_field_error(field, label, text)
        if problems:
            problems[0][0].setFocus()
            return False
        self._forget_token_keys()
        self.list_keys_button.setEnabled(False)
        self._say_token_keys(self.tr("Reading the keys on the token…"))
        try:
            keys = await self._run_blocking(self._token_keys, module, token_label, pin)
        except DepotError as e:
            if shiboken6.isValid(self):
                self._say_token_keys("")
                if not self.show_failure(e):
                    self._say_token_keys(describe(e))
            return False
        finally:
            if shiboken6.isValid(self):
                self.list_keys_button.setEnabled(True)
        if not shiboken6.isValid(self):  # the dialog closed while the token was asked
            return False
        self._show_token_keys(keys)
        return True

    def _show_token_keys(self, keys: list[TokenKey]) -> None:
        self.listed_keys = list(keys)
        if not keys:
            self._say_token_keys(self.tr("There are no keys on this token."))
            return
        choosable = [k for k in keys if k.usable and not k.in_wallet]
        combo, model = self.token_keys_combo, self._token_keys_model
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Choose a key…"), "")
        for key in keys:
            combo.addItem(self._token_key_text(key), key.key_id)
            if not key.usable or key.in_wallet:  # shown, so the person sees why it is not offered
                item = model.item(combo.count() - 1)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        typed = self.key_id_edit.text().strip().lower()
        at = combo.findData(typed) if typed else -1
        combo.setCurrentIndex(at if at > 0 and model.item(at).isEnabled() else 0)
        combo.blockSignals(False)
        combo.show()
        if choosable:
            self._say_token_keys(self.tr("Keys on the token: {0}; {1} can be added.").format(len(keys), len(choosable)))
        else:
            self._say_token_keys(
                self.tr("Keys on the token: {0}; none can be added (in the wallet already, or not signing keys).").format(
                    len(keys)
                )
            )

    def _token_key_text(self, key: TokenKey) -> str:
        types = {
            "ed25519": "Ed25519",
            "p256": "P-256",
            "ec": self.tr("EC on another curve"),
            "rsa": "RSA",
            "other": self.tr("another type"),
        }
        parts = [
            key.label or self.tr("(no label)"),
            self.tr("id {0}").format(key.key_id or "—"),
            types.get(key.key_type, key.key_type),
        ]
        if key.in_wallet:
            parts.append(self.tr("in the wallet as “{0}”").format(key.wallet_key))
        elif key.scheme is None:
            parts.append(self.tr("cannot sign for the chain"))
        elif not key.usable:
            parts.append(self.tr("no public key or id on the token"))
        return " · ".join(parts)

    def _on_token_key_chosen(self, index: int) -> None:
        key_id = self.token_keys_combo.itemData(index) if index > 0 else ""
        if not key_id:
            return
        self.key_id_edit.setText(str(key_id))
        set_field_error(self.key_id_edit, self.key_id_error, "")
        key = next((k for k in self.listed_keys if k.key_id == key_id), None)
        if key is not None and not self.key_name_edit.text().strip():  # a name to start from: the token's label
            name = re.sub(r"[^A-Za-z0-9._-]+", "-", key.label).strip("-._")[:64]
            if name and _NAME.match(name) and name not in self._taken_names():
                self.key_name_edit.setText(name)

    def _forget_token_keys(self) -> None:
        """Hide the listed keys (another module or token was typed, or a new listing starts)."""
        self.listed_keys = []
        self.token_keys_combo.blockSignals(True)
        self.token_keys_combo.clear()
        self.token_keys_combo.blockSignals(False)
        self.token_keys_combo.hide()
        self._say_token_keys("")

    def _say_token_keys(self, text: str) -> None:
        self.token_keys_status.setText(text)
        self.token_keys_status.setVisible(bool(text))

    # --- files --------------------------------------------------------------------------------------

    def _choose_key_file(self) -> None:
        dialog = QFileDialog(self, self.tr("A key file"))
        dialog.setObjectName("keyFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Key files (*.json)"))
        dialog.fileSelected.connect(self.keyfile_edit.setText)
        self._file_dialog = dialog
        dialog.open()


def _secret(object_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
