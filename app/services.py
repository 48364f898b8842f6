"""The session's services, passed to every page as ``Page(services)``: node, bridge, accounts, keys, signing.

Pages never reach into the main window or each other; what they share is
here.  ``sign_and_submit`` is the one way a page sends a transaction: it
builds it with ``wallet.builder`` for the current account, shows the signing
dialog (the decoded view of the exact bytes), unlocks and signs in an
executor, submits, waits for finality without blocking the GUI, and returns
the committed transaction view (or None when the person cancelled).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import functools
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.settings_store import AppSettings, SettingsStore
from app.unlocked_keys import UnlockedKeys
from node.client import AsyncNodeClient
from node.core.address import format_address, parse_address
from node.core.encoding import encode
from node.core.errors import DepotError, InvalidAddress
from node.core.transactions import Transaction, TxBody
from node.keyfile import read_keyfile_info
from wallet.builder import build_body
from wallet.errors import PasswordRequired, ViewRefused, WalletError, WatchOnly
from wallet.keystore import KeyEntry, Wallet
from wallet.pst import AccountSnapshot
from wallet.signers import Signer, sign_transaction
from wallet.submit import UnknownSenderAccount
from wallet.view import DecodedView, view_body

log = logging.getLogger(__name__)

T = TypeVar("T")

FINALITY_TIMEOUT_S = 30.0


class NoKeyForAccount(WalletError):
    """The wallet holds no key whose account is the current one."""

    code = "no_key_for_account"


class NoAccount(WalletError):
    code = "no_account"


class TxFailed(DepotError):
    """Included in a block, but the chain refused its effect (``result`` is the chain's code)."""

    code = "tx_failed"


class TxTimeout(DepotError):
    code = "tx_timeout"


@dataclass(frozen=True, slots=True)
class WalletAccount:
    """An account the wallet signs for (outside the demo); the same attributes as ``DemoAccount``."""

    name: str
    address: str
    role: str = ""
    organisation: str = ""
    key_name: str = ""
    backend: str = ""


@dataclass(frozen=True, slots=True)
class UnlockRequest:
    """What the signing dialog must ask before it can sign."""

    method: str
    """"none" (already unlocked, or remembered in the keyring), "password" or "pin"."""
    reason: str = ""
    prefill: str = ""
    """Demo accounts only: their published demo password, filled in for the newcomer."""


def default_data_home(settings: AppSettings | None = None) -> Path:
    """The data folder: the one chosen in Settings, else the platform's user data folder for Depot."""
    if settings is not None and settings.data_dir:
        return Path(settings.data_dir)
    return Path(platformdirs.user_data_dir("Depot", appauthor=False))


def account_key_name(name: str, address: str) -> str:
    """A wallet key name for a demo account: its name in key-name letters and a piece of its address."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:40] or "key"
    return f"{base}-{address[-6:]}"


def adopt_demo_keys(wallet: Wallet, accounts: Sequence[Any]) -> int:
    """Copy each demo account's key file into ``wallet`` once (blocking; run in an executor)."""
    added = 0
    for acct in accounts:
        keystore = getattr(acct, "keystore", None)
        if keystore is None or not Path(keystore).exists():
            continue
        info = read_keyfile_info(Path(keystore))
        if wallet.entry_for_public_key(info.public_key) is not None:
            continue
        wallet.import_keyfile(account_key_name(acct.name, acct.address), Path(keystore), label=acct.name)
        added += 1
    return added


class AppServices(QObject):
    """What every page receives: the node, the event bridge, the accounts, the keys and signing."""

    accountChanged = Signal(object)
    """The current account changed (the role switcher, or the wallet page's account list)."""
    settingsChanged = Signal(object)
    """The app settings changed (an ``AppSettings``)."""
    lockedChanged = Signal(bool)
    """True when no key is unlocked any more (auto-lock or the lock button), False once one is."""
    accountsChanged = Signal()
    """An account was added to ``accounts`` (a key made or imported in the Keys tab)."""

    def __init__(
        self,
        *,
        client: AsyncNodeClient,
        bridge: Any,
        accounts: Sequence[Any] = (),
        account: Any | None = None,
        key_manager: Wallet | None = None,
        settings: QSettings | None = None,
        store: SettingsStore | None = None,
        app_settings: AppSettings | None = None,
        home: Path | None = None,
        demo: bool = False,
        executor: concurrent.futures.Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.bridge = bridge
        self.accounts: list[Any] = list(accounts)
        self._account = account if account is not None else (self.accounts[0] if self.accounts else None)
        self.key_manager = key_manager
        self.settings = settings if settings is not None else QSettings()
        self.store = store if store is not None else SettingsStore()
        self.app_settings = app_settings if app_settings is not None else AppSettings()
        self.home = Path(home) if home is not None else default_data_home(self.app_settings)
        """The session's folder: the demo network's (with its devnet.json) in demo mode, else the data folder."""
        self.demo = demo
        self.unlocked = UnlockedKeys(self)
        self.unlocked.changed.connect(lambda: self.lockedChanged.emit(not self.unlocked.any_unlocked()))
        self._executor = executor
        self._own_executor = executor is None
        self.confirm_delay_ms = 1500
        """How long the signing dialog keeps Confirm disabled (tests may shorten it)."""

    # --- accounts ----------------------------------------------------------------------

    @property
    def account(self) -> Any | None:
        """The account the person acts as (a ``DemoAccount`` or ``WalletAccount``), or None."""
        return self._account

    def set_account(self, account: Any | None) -> None:
        """Make ``account`` the current one; ``accountChanged`` if it differs."""
        if account is self._account or (
            account is not None and self._account is not None and account == self._account
        ):
            return
        self._account = account
        self.accountChanged.emit(account)

    @staticmethod
    def account_name(account: Any) -> str:
        """What people call ``account`` (a demo account named after its role: its organisation)."""
        from app.role_switcher import account_name

        return account_name(account) if account is not None else ""

    @property
    def role(self) -> str:
        """The current account's role ("" without an account)."""
        return str(getattr(self._account, "role", "") or "")

    async def refresh_roles(self) -> int:
        """Fill in role and organisation of wallet accounts from the chain (a new wallet knows neither).

        Returns how many accounts changed; the current one is replaced too (``accountChanged``).
        """
        changed = 0
        for i, acct in enumerate(list(self.accounts)):
            if not isinstance(acct, WalletAccount) or acct.role:
                continue
            try:
                answer = await self.client.account(acct.address)
            except DepotError:
                continue
            record = answer.get("account") if answer.get("exists") else None
            if not isinstance(record, dict):
                continue
            roles = record.get("roles") or []
            new = dataclasses.replace(
                acct,
                role=str(roles[0]) if roles else "",
                organisation=str(record.get("organisation", "") or acct.organisation),
            )
            if new != acct:
                self.accounts[i] = new
                changed += 1
                if self._account == acct:
                    self.set_account(new)
        if changed:
            self.accountsChanged.emit()
        return changed

    def add_key_account(self, entry: KeyEntry) -> WalletAccount | None:
        """The account of a key just added to the wallet, now offered in the account list.

        It becomes the current account when there was none (a first run
        "later").  None if the key's account is listed already (a second key
        of the same account); ``refresh_roles`` fills in its role.
        """
        if entry.backend == "watch" or any(a.address == entry.address for a in self.accounts):
            return None
        account = WalletAccount(
            name=entry.label or entry.name, address=entry.address, key_name=entry.name, backend=entry.backend
        )
        self.accounts.append(account)
        self.accountsChanged.emit()
        if self._account is None:
            self.set_account(account)
        return account

    def key_entry_for(self, account: Any) -> KeyEntry:
        """The wallet key that signs for ``account`` (``NoKeyForAccount`` if none)."""
        if account is None:
            raise NoAccount("no account is selected")
        if self.key_manager is None:
            raise NoKeyForAccount("there is no wallet in this session")
        key_name = getattr(account, "key_name", "")
        if key_name:
            entry = self.key_manager.entry(key_name)
            if entry.backend == "watch":
                raise WatchOnly(f"{entry.name!r} is watch-only: there is no key to sign with")
            return entry
        try:
            wanted = format_address(parse_address(account.address))
        except InvalidAddress:
            raise NoKeyForAccount(f"account {account.address!r} has no valid address") from None
        for e in self.key_manager.entries(include_retired=False):
            if e.address == wanted and e.backend != "watch":
                return e
        raise NoKeyForAccount(f"the wallet holds no key for {wanted}", address=wanted)

    def signing_entry(self, account: Any, snapshot: AccountSnapshot | None) -> KeyEntry:
        """The wallet key that may sign for ``account`` now: one of the account's keys on chain
        (after a rotation that is the new key), else the key whose own account it is."""
        if snapshot is not None and self.key_manager is not None:
            on_chain = {bytes(pk) for _scheme, pk in snapshot.keys}
            for e in self.key_manager.entries(include_retired=False):
                if e.backend != "watch" and e.public_key and e.public_key_bytes in on_chain:
                    return e
        return self.key_entry_for(account)

    def set_app_settings(self, settings: AppSettings) -> None:
        """Adopt new settings (the caller saves them with ``save_app_settings``)."""
        if settings == self.app_settings:
            return
        self.app_settings = settings
        self.settingsChanged.emit(settings)

    async def save_app_settings(self, settings: AppSettings) -> None:
        """Write ``settings`` to the store off the GUI thread, then adopt them."""
        await self.run_blocking(self.store.save, settings)
        self.set_app_settings(settings)

    # --- executor ------------------------------------------------------------------------

    async def run_blocking(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a blocking ``fn(*args, **kwargs)`` in the app's executor and await its result."""
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=8, thread_name_prefix="depot-app"
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        """Lock every key and stop the executor (at exit)."""
        self.unlocked.lock_all()
        if self._executor is not None and self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    # --- signing ----------------------------------------------------------------------------

    def unlock_request(self, entry: KeyEntry, account: Any | None = None) -> UnlockRequest:
        """How the signing dialog will unlock ``entry``: nothing to ask, a password or a PIN."""
        if self.unlocked.get(entry.name) is not None:
            return UnlockRequest("none")
        assert self.key_manager is not None
        method, reason = self.key_manager.unlock_plan(entry.name)
        if method == "keyring":
            return UnlockRequest("none", reason)
        if method == "pin":
            return UnlockRequest("pin", reason)
        if method == "none":
            return UnlockRequest("none", reason)
        prefill = ""
        demo_password = getattr(account, "password", "") if self.demo else ""
        if demo_password and account is not None and entry.name == account_key_name(account.name, account.address):
            prefill = str(demo_password)  # the demo key itself, not one rotated in later
        return UnlockRequest("password", reason, prefill)

    def _unlock(self, entry: KeyEntry, secret: str) -> Signer:
        """Blocking: the unlocked signer of ``entry`` (``secret`` is the password or PIN, or "")."""
        assert self.key_manager is not None
        if entry.backend == "pkcs11":
            return self.key_manager.signer(entry.name, pin=secret)
        if secret:
            return self.key_manager.signer(entry.name, password=secret)
        return self.key_manager.signer(entry.name)  # the keyring; PasswordRequired otherwise

    async def unlock(self, entry: KeyEntry, secret: str) -> Signer:
        """Unlock ``entry`` off the GUI thread and keep it unlocked until the next lock."""
        signer = self.unlocked.get(entry.name)
        if signer is None:
            signer = await self.run_blocking(self._unlock, entry, secret)
            self.unlocked.put(entry.name, signer)
        return signer

    def known_keys(self) -> dict[bytes, str]:
        if self.key_manager is None:
            return {}
        return {e.public_key_bytes: e.name for e in self.key_manager.entries() if e.public_key}

    async def prepare(self, kind: str, fields: dict[str, Any]) -> tuple[TxBody, AccountSnapshot, KeyEntry]:
        """Build the body of ``kind`` for the current account with its next nonce (raises ``DepotError``)."""
        account = self._account
        if account is None:
            raise NoAccount("no account is selected")
        status = await self.client.status()
        answer = await self.client.account(account.address)
        if not answer.get("exists") or not isinstance(answer.get("account"), dict):
            raise UnknownSenderAccount(f"account {account.address} is not registered on this chain")
        record = answer["account"]
        snapshot = AccountSnapshot.from_api(record)
        entry = self.signing_entry(account, snapshot)
        body = await self.run_blocking(
            functools.partial(
                build_body,
                chain_id=str(status["chain_id"]),
                sender=parse_address(account.address),
                nonce=int(record["nonce"]),
                kind=kind,
                fields=fields,
            )
        )
        return body, snapshot, entry

    def decoded_view(
        self, body: TxBody, snapshot: AccountSnapshot | None, entry: KeyEntry | None
    ) -> DecodedView:
        """The decoded view of ``body`` as the signing dialog shows it (``ViewRefused`` if it cannot be)."""
        from node.modules import default_registry

        reg = default_registry()
        raw = encode(body)
        needed = None
        if snapshot is not None:
            value = int(reg.kinds[body.kind].value(reg.decode_payload(body.kind, bytes(body.payload))))
            needed = snapshot.needed(value)
        signer = self.unlocked.get(entry.name) if entry is not None else None
        return view_body(
            raw,
            registry=reg,
            address_book=self.key_manager.addressbook if self.key_manager is not None else None,
            expected_chain_id=body.chain_id,
            signer=signer,
            signatures_needed=needed,
            known_keys=self.known_keys(),
        )

    async def sign_and_submit(
        self, kind: str, fields: dict[str, Any], parent: QWidget | None
    ) -> dict[str, Any] | None:
        """Build, show, sign, submit and wait: the committed transaction view, or None if cancelled.

        Failures before the dialog (no key, not registered, a field the
        builder refuses) are shown in a message box and give None; failures
        after Confirm (wrong password, the node refusing) are shown in the
        dialog, which stays open so the person can correct or cancel.
        """
        from app.dialogs.signing_dialog import SigningDialog
        from app.error_text import describe

        try:
            body, snapshot, entry = await self.prepare(kind, fields)
        except DepotError as e:
            await self.show_error(parent, describe(e))
            return None
        refused = ""
        view: DecodedView | None = None
        try:
            view = self.decoded_view(body, snapshot, entry)
        except ViewRefused as e:
            refused = describe(e)
        dialog = SigningDialog(
            view,
            entry=entry,
            unlock=self.unlock_request(entry, self._account),
            refused=refused,
            confirm_delay_ms=self.confirm_delay_ms,
            sender_name=self.account_name(self._account),
            parent=parent,
        )
        dialog.confirmed.connect(
            lambda secret: self._spawn(self._confirm(dialog, body, entry, secret), "sign-and-submit")
        )
        return await dialog.run()

    @staticmethod
    def _spawn(coro: Any, name: str) -> None:
        from app.node_bridge import spawn

        spawn(coro, name=name)

    async def _confirm(self, dialog: Any, body: TxBody, entry: KeyEntry, secret: str) -> None:
        from app.error_text import describe

        dialog.set_busy(dialog.tr("Unlocking and signing…"))
        try:
            signer = await self.unlock(entry, secret)
            tx: Transaction = await self.run_blocking(sign_transaction, body, [signer])
        except PasswordRequired as e:
            dialog.show_secret_error(describe(e))
            return
        except DepotError as e:
            if e.code in ("wrong_password", "wrong_pin", "weak_password"):
                dialog.show_secret_error(describe(e))
            else:
                dialog.show_error(describe(e))
            return
        dialog.set_busy(dialog.tr("Sending and waiting for the block…"))
        try:
            committed = await self.submit_and_wait(tx)
        except DepotError as e:
            dialog.show_error(describe(e), sent=True)
            return
        await self._after_commit(body)
        dialog.finish(committed)

    async def submit_and_wait(
        self, tx: Transaction, *, timeout_s: float = FINALITY_TIMEOUT_S
    ) -> dict[str, Any]:
        """Submit ``tx`` and await its committed view (``TxFailed`` / ``TxTimeout`` otherwise)."""
        tid = tx.tx_id().hex()
        await self.client.submit_tx(encode(tx))
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TxTimeout(f"transaction {tid} was not final within {timeout_s:.0f} s", tx_id=tid)
            view = await self.client.wait_tx(tid, timeout_s=max(0.5, min(left, 10.0)))
            if view.get("status") == "committed":
                result = view.get("result") or {}
                if not result.get("ok", result.get("code") == "ok"):
                    raise TxFailed(
                        f"transaction {tid} failed: {result.get('code')}",
                        tx_id=tid,
                        result=result.get("code"),
                    )
                return view

    async def _after_commit(self, body: TxBody) -> None:
        """Remember who was paid, so the next payment to them is not flagged as first-time."""
        if self.key_manager is None or body.kind != "token.transfer":
            return
        from node.modules import default_registry

        payload = default_registry().decode_payload(body.kind, bytes(body.payload))
        try:
            await self.run_blocking(self.key_manager.addressbook.record_payment, bytes(payload.to))
        except (OSError, DepotError):
            log.exception("could not record the payment in the address book")

    async def show_error(self, parent: QWidget | None, text: str) -> None:
        """A non-blocking message box (``open``, never ``exec``) awaited until it is closed."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Depot"), text, parent=parent)
        box.setObjectName("errorBox")
        from app.dialogs import until_finished

        waiting = until_finished(box)
        box.open()
        self.last_error_box = box
        await waiting
        box.deleteLater()
