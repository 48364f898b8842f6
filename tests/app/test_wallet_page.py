"""The Wallet page on the real devnet: a clerk sends a payment through the signing dialog and sees the balance
change; every wrong field says why next to it and nothing is sent; receive, history (filters, CSV), address
book, approvals and key rotation."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import csv  # noqa: E402
import io  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402

from app.dialogs.rotate_key_dialog import NewKeyChoice  # noqa: E402
from app.dialogs.signing_dialog import SigningDialog  # noqa: E402
from app.formatting import format_amount  # noqa: E402
from app.models.history_model import HistoryEntry  # noqa: E402
from app.pages.wallet_page import WalletPage  # noqa: E402
from app.services import AppServices, WalletAccount  # noqa: E402
from node.core.address import format_address  # noqa: E402
from node.core.crypto import PrivateKey, Scheme  # noqa: E402
from tests.app.services_kit import (  # noqa: E402
    balance,
    close_services,
    fund,
    make_services,
    register,
    send,
)

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def services(devnet, tmp_path, aloop, run_async) -> Iterator[AppServices]:
    s = make_services(devnet, tmp_path, account="auditor")
    yield s
    run_async(close_services(s), timeout_s=20)


@pytest.fixture
def page(services: AppServices, qtbot) -> WalletPage:
    p = WalletPage(services)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    services.bridge.start()
    qtbot.waitUntil(lambda: p.watch.balance is not None, timeout=15_000)
    return p


def open_signing_dialog(qtbot: Any, parent: Any) -> SigningDialog:
    found: list[SigningDialog] = []

    def visible() -> bool:
        found[:] = [d for d in parent.findChildren(SigningDialog) if d.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=15_000)
    return found[0]


def type_payment(qtbot: Any, page: WalletPage, to: str, amount: str, memo: str = "") -> None:
    send_tab = page.send_tab
    send_tab.clear()
    qtbot.keyClicks(send_tab.to_edit, to)
    qtbot.keyClicks(send_tab.amount_edit, amount)
    if memo:
        qtbot.keyClicks(send_tab.memo_edit, memo)


# --- sending a real payment ---------------------------------------------------------------


def test_clerk_sends_a_payment_and_sees_the_balance_change(
    page: WalletPage, services: AppServices, devnet, qtbot, english_locale
) -> None:
    payee = devnet.account("regulator")["address"]
    before = page.watch.balance
    assert before is not None and before > 10_000
    assert page.balance_label.text() == format_amount(before)
    payee_before = balance(devnet.rpc, payee)

    page.tabs.setCurrentWidget(page.send_tab)
    type_payment(qtbot, page, payee, "12.34", "INV-2024-001")
    assert page.send_tab.amount_minor.text() == "= 1,234 in minor units"
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)

    dialog = open_signing_dialog(qtbot, page)
    assert dialog.cancel_button.isDefault()
    assert not dialog.confirm_button.isEnabled()  # not before the delay
    assert dialog.field_labels["amount"].text() == "12.34 (in minor units: 1,234)"
    assert payee in dialog.field_labels["to"].text()
    assert dialog.field_labels["memo"].text() == "INV-2024-001"
    assert any("First-time recipient" in w.text() for w in dialog.warning_labels)
    assert "Encrypted key file" in dialog.signing_key_label.text()
    assert dialog.secret_edit.text() == devnet.account("auditor")["password"]  # demo: filled in
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: page.send_tab.result_label.text().startswith("Sent"), timeout=60_000)
    assert "12.34" in page.send_tab.result_label.text()
    qtbot.waitUntil(lambda: page.watch.balance == before - 1234, timeout=15_000)
    assert page.balance_label.text() == format_amount(before - 1234)
    assert balance(devnet.rpc, payee) == payee_before + 1234
    assert page.send_tab.to_edit.text() == ""  # the form is cleared after a payment
    # The key stays unlocked for the session (until the auto-lock), and the payee is no longer first-time.
    assert services.unlocked.any_unlocked()
    assert not services.key_manager.addressbook.is_first_time(bytes.fromhex(_hex_of(payee)))

    # The history shows the payment, newest first, with its exact amount.
    page.tabs.setCurrentWidget(page.history_tab)
    model = page.history_tab.model
    qtbot.waitUntil(lambda: any(e.note == "INV-2024-001" for e in model.entries()), timeout=20_000)
    entry = next(e for e in model.entries() if e.note == "INV-2024-001")
    assert (entry.kind, entry.direction, entry.counterparty, entry.amount) == ("transfer", "out", payee, 1234)
    assert entry.time_ms is not None


def _hex_of(address: str) -> str:
    from node.core.address import parse_address

    return bytes(parse_address(address)).hex()


def test_cancel_in_the_signing_dialog_sends_nothing(page: WalletPage, devnet, qtbot) -> None:
    payee = devnet.account("regulator")["address"]
    before = page.watch.balance
    type_payment(qtbot, page, payee, "1.00")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    dialog = open_signing_dialog(qtbot, page)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter presses the default: Cancel
    qtbot.waitUntil(lambda: page.send_tab.result_label.text() == "Not sent.", timeout=5000)
    qtbot.wait(500)
    assert balance(devnet.rpc, devnet.account("auditor")["address"]) == before


def test_wrong_password_is_said_in_the_dialog(page: WalletPage, services, devnet, qtbot) -> None:
    services.unlocked.lock_all()
    type_payment(qtbot, page, devnet.account("regulator")["address"], "1.00")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    dialog = open_signing_dialog(qtbot, page)
    dialog.secret_edit.setText("not the password")
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.secret_error.isVisible, timeout=30_000)
    assert dialog.secret_error.text() == "The password is not correct."
    assert dialog.isVisible() and not services.unlocked.any_unlocked()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.send_tab.result_label.text() == "Not sent.", timeout=5000)


# --- bad input: a specific message next to the field, nothing sent -----------------------------

BAD_ADDRESSES = [
    ("", "Enter the recipient's address."),
    ("bitcoin1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "A Depot address starts with “depot1”."),
    ("depot1qqqq", "A Depot address has 44 characters; this one has 10."),
]
BAD_AMOUNTS = [
    ("", "Enter an amount."),
    ("abc", "Type the amount as a number, for example 1250.50."),
    ("1.2.3", "Type the amount as a number, for example 1250.50."),
    ("-5", "The amount cannot be negative."),
    ("1.234", "At most 2 decimal places (the smallest unit is 0.01)."),
    ("0.00", "The amount must be greater than zero."),
    ("99999999999999999.99", "The amount is too large."),
    ("1e5", "Type the amount as a number, for example 1250.50."),
]


@pytest.fixture
def no_sending(services: AppServices, monkeypatch) -> list[Any]:
    calls: list[Any] = []

    async def refuse(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        return None

    monkeypatch.setattr(services, "sign_and_submit", refuse)
    return calls


@pytest.mark.parametrize(("text", "message"), BAD_ADDRESSES)
def test_bad_address_is_refused_next_to_the_field(page, devnet, qtbot, no_sending, text, message) -> None:
    type_payment(qtbot, page, text, "1.00")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.to_error.isVisible()
    assert page.send_tab.to_error.text() == message
    assert not page.send_tab.amount_error.isVisible()
    qtbot.wait(50)
    assert no_sending == []


def test_mistyped_address_checksum_is_refused(page, devnet, qtbot, no_sending) -> None:
    good = devnet.account("regulator")["address"]
    i = 12
    typo = good[:i] + ("q" if good[i] != "q" else "p") + good[i + 1 :]
    type_payment(qtbot, page, typo, "1.00")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert "checksum does not match" in page.send_tab.to_error.text()
    assert page.send_tab.to_edit.property("invalid") == "true"
    qtbot.wait(50)
    assert no_sending == []


def test_paying_oneself_is_refused(page, devnet, qtbot, no_sending) -> None:
    type_payment(qtbot, page, devnet.account("auditor")["address"], "1.00")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.to_error.text() == "This is your own account's address."
    assert no_sending == []


@pytest.mark.parametrize(("text", "message"), BAD_AMOUNTS)
def test_bad_amount_is_refused_next_to_the_field(page, devnet, qtbot, no_sending, text, message) -> None:
    type_payment(qtbot, page, devnet.account("regulator")["address"], text)
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.amount_error.isVisible()
    assert page.send_tab.amount_error.text() == message
    assert not page.send_tab.to_error.isVisible()
    qtbot.wait(50)
    assert no_sending == []


def test_amount_beyond_the_balance_is_refused(page, devnet, qtbot, no_sending, english_locale) -> None:
    have = page.watch.balance
    assert have is not None
    too_much = format_amount(have + 1, group="")
    type_payment(qtbot, page, devnet.account("regulator")["address"], too_much)
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.amount_error.text() == f"More than the available balance ({format_amount(have)})."
    assert no_sending == []


def test_a_too_long_note_is_refused(page, devnet, qtbot, no_sending) -> None:
    type_payment(qtbot, page, devnet.account("regulator")["address"], "1.00")
    page.send_tab.memo_edit.setText("x" * 257)
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.memo_error.text() == "The note is too long: at most 256 bytes."
    assert no_sending == []


def test_a_corrected_field_clears_its_message(page, devnet, qtbot, no_sending) -> None:
    type_payment(qtbot, page, devnet.account("regulator")["address"], "1.234")
    qtbot.mouseClick(page.send_tab.send_button, Qt.MouseButton.LeftButton)
    assert page.send_tab.amount_error.isVisible()
    qtbot.keyClick(page.send_tab.amount_edit, Qt.Key.Key_Backspace)
    assert not page.send_tab.amount_error.isVisible()


# --- receive --------------------------------------------------------------------------------------


def test_receive_shows_the_address_as_text_and_qr_and_copies_it(page, services, qtbot) -> None:
    page.tabs.setCurrentWidget(page.receive_tab)
    tab = page.receive_tab
    assert tab.address_label.text() == services.account.address
    pixmap = tab.qr_label.pixmap()
    assert not pixmap.isNull() and pixmap.width() == pixmap.height() >= 200
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == services.account.address
    assert tab.copied_label.text() == "Copied."
    other = next(a for a in services.accounts if a.name == "regulator")
    services.set_account(other)
    assert tab.address_label.text() == other.address


# --- history: filters and CSV -----------------------------------------------------------------------


def _entries() -> list[HistoryEntry]:
    day = 86_400_000
    base = 1_700_000_000_000
    return [
        HistoryEntry(10, 0, 0, "aa" * 32, "transfer", "out", "depot1x", 1234, "INV-1", base),
        HistoryEntry(11, 0, 0, "bb" * 32, "transfer", "in", "depot1y", 50_00, "=cmd()", base + day),
        HistoryEntry(12, 1, 0, "cc" * 32, "settlement", "in", "depot1z", 99, "order-7", base + 3 * day),
    ]


def test_history_filters_by_type_direction_and_date(page, qtbot, qtmodeltester) -> None:
    tab = page.history_tab
    tab.model.set_entries(_entries())
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    assert tab.proxy.rowCount() == 3
    tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("settlement"))
    assert [e.height for e in tab.proxy.visible_entries()] == [12]
    tab.kind_combo.setCurrentIndex(0)
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("in"))
    assert sorted(e.height for e in tab.proxy.visible_entries()) == [11, 12]
    tab.direction_combo.setCurrentIndex(0)
    from PySide6.QtCore import QDateTime

    first = QDateTime.fromMSecsSinceEpoch(_entries()[0].time_ms).date()
    tab.use_dates.setChecked(True)
    tab.date_from.setDate(first)
    tab.date_to.setDate(first.addDays(1))
    assert sorted(e.height for e in tab.proxy.visible_entries()) == [10, 11]
    assert "Payments matching the filters: 2 of 3." in tab.status_label.text()


def test_history_date_range_backwards_is_refused_next_to_the_dates(page) -> None:
    page.tabs.setCurrentWidget(page.history_tab)
    tab = page.history_tab
    tab.model.set_entries(_entries())
    tab.use_dates.setChecked(True)
    tab.date_from.setDate(QDate(2024, 5, 10))
    tab.date_to.setDate(QDate(2024, 5, 1))
    assert tab.date_error.isVisible()
    assert tab.date_error.text() == "The end date is before the start date."


def test_history_exports_the_rows_shown_as_csv(page, tmp_path, run_async) -> None:
    tab = page.history_tab
    tab.model.set_entries(_entries())
    tab.direction_combo.setCurrentIndex(tab.direction_combo.findData("in"))
    out = tmp_path / "history.csv"
    assert run_async(tab.export_csv(out))
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["date", "type", "direction", "counterparty", "amount", "amount_minor_units"]
    assert [r[4] for r in rows[1:]] == ["0.99", "50.00"]
    assert [r[5] for r in rows[1:]] == ["99", "5000"]
    assert rows[2][6] == "'=cmd()"  # never a spreadsheet formula
    assert tab.status_label.text() == f"Rows exported to {out}: 2."


def test_history_export_into_a_missing_folder_says_so(page, tmp_path, run_async) -> None:
    tab = page.history_tab
    tab.model.set_entries(_entries())
    assert not run_async(tab.export_csv(tmp_path / "no" / "such" / "h.csv"))
    assert tab.status_label.text().startswith("Could not write")


def test_export_button_opens_a_save_dialog(page, qtbot) -> None:
    tab = page.history_tab
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert tab._dialog is not None and tab._dialog.isVisible()
    tab._dialog.reject()


# --- address book ------------------------------------------------------------------------------------


def test_address_book_refuses_bad_input_and_adds_a_contact(page, devnet, qtbot, run_async, qtmodeltester) -> None:
    page.tabs.setCurrentWidget(page.contacts_tab)
    tab = page.contacts_tab
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.address_error.text() == "Enter the recipient's address."
    assert tab.label_error.text() == "Give the contact a name."
    before = tab.model.rowCount()
    address = devnet.account("warehouse_manager")["address"]
    tab.address_edit.setText(address)
    tab.label_edit.setText("East Warehouse")
    tab.org_edit.setText("east-warehouse")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == before + 1, timeout=5000)
    qtmodeltester.check(tab.model)
    assert not tab.address_error.isVisible()
    # The send form now names the contact.
    page.tabs.setCurrentWidget(page.send_tab)
    page.send_tab.to_edit.setText(address)
    assert page.send_tab.to_contact.text() == "Contact: East Warehouse (east-warehouse)"


# --- approvals ---------------------------------------------------------------------------------------


def test_approval_waiting_for_this_signer_is_approved(
    page, services, devnet, qtbot, run_async, qtmodeltester, tmp_path
) -> None:
    """A 2-of-2 organisation account; member A proposes a payment, member B approves it in the app."""
    from node.client import NodeClient
    from node.core.address import address_of_group, address_of_key
    from wallet.signers import FileSigner

    km = services.key_manager
    pw = "member-password-1"
    ka = km.create_file_key("member-a", pw, strength="interactive")
    kb = km.create_file_key("member-b", pw, strength="interactive")
    sa = km.signer("member-a", password=pw)
    group_name = f"treasury-{os.getpid()}-{id(page) % 10_000}"
    group = address_of_group("northmill", group_name)
    payee = devnet.account("regulator")["address"]

    def setup() -> int:
        with NodeClient(devnet.rpc) as c:
            register(devnet, c, group, [(1, ka.public_key_bytes), (1, kb.public_key_bytes)], threshold=2, name=group_name)
            for k in (ka, kb):
                register(devnet, c, address_of_key(1, k.public_key_bytes), [(1, k.public_key_bytes)])
                fund(devnet, c, address_of_key(1, k.public_key_bytes), 10_00)
            fund(devnet, c, group, 100_00)
            out = send(
                c,
                address_of_key(1, ka.public_key_bytes),
                [sa],
                "approval.propose",
                {
                    "account": format_address(group),
                    "memo": "INV-88",
                    "deadline_ms": c.status()["time"] + 600_000,
                    "proposal": {"kind": "token.transfer", "fields": {"to": payee, "amount": 25_00, "memo": "INV-88"}},
                },
            )
            return next(e["attrs"]["approval_id"] for e in out["events"] if e["kind"] == "approval.proposed")

    approval_id = run_async(asyncio.to_thread(setup), timeout_s=120)
    assert isinstance(sa, FileSigner)
    payee_before = balance(devnet.rpc, payee)

    member_b = WalletAccount(name="Member B", address=kb.address, key_name="member-b", backend="file")
    services.accounts.append(member_b)
    services.set_account(member_b)
    page.tabs.setCurrentWidget(page.approvals_tab)
    tab = page.approvals_tab
    qtbot.waitUntil(lambda: any(tab.model.approval(r).approval_id == approval_id for r in range(tab.model.rowCount())), timeout=20_000)
    qtmodeltester.check(tab.model)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.approval(r).approval_id == approval_id)
    a = tab.model.approval(row)
    assert (a.kind, a.value, a.approved, a.needed) == ("token.transfer", 25_00, 1, 2)
    tab.table.selectRow(row)
    assert "INV-88" in tab.details.text()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    dialog = open_signing_dialog(qtbot, page)
    assert dialog.field_labels["approval_id"].text() == str(approval_id)
    dialog.secret_edit.setText(pw)
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f"Approved request #{approval_id}" in tab.status_label.text() or balance(devnet.rpc, payee) == payee_before + 25_00, timeout=60_000)
    qtbot.waitUntil(lambda: balance(devnet.rpc, payee) == payee_before + 25_00, timeout=20_000)


# --- keys: rotation ----------------------------------------------------------------------------------


def test_key_rotation_replaces_the_accounts_key(page, services, devnet, qtbot, run_async, qtmodeltester) -> None:
    from node.client import NodeClient
    from node.core.address import address_of_key

    km = services.key_manager
    old = km.create_file_key("rotating-old", "old-password-1", strength="interactive")
    address = address_of_key(1, old.public_key_bytes)

    def setup() -> None:
        with NodeClient(devnet.rpc) as c:
            register(devnet, c, address, [(1, old.public_key_bytes)])
            fund(devnet, c, address, 50_00)

    run_async(asyncio.to_thread(setup), timeout_s=120)
    services.accounts.append(WalletAccount(name="Rotating clerk", address=format_address(address), backend="file"))
    services.set_account(services.accounts[-1])
    # A wallet account learns its role and organisation from the chain.
    assert run_async(services.refresh_roles()) >= 1
    account = services.account
    assert (account.role, account.organisation) == ("customer", "northmill")
    page.tabs.setCurrentWidget(page.keys_tab)
    tab = page.keys_tab
    tab.model.reload()
    qtmodeltester.check(tab.model)

    task = asyncio.ensure_future(
        tab.rotate(NewKeyChoice(name="rotating-new", backend="file", password="new-password-1"))
    )
    dialog = open_signing_dialog(qtbot, page)
    assert dialog.action_label.text() == "Replace one of this account's signing keys"
    dialog.secret_edit.setText("old-password-1")
    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(task.done, timeout=60_000)
    assert task.result() is True
    assert km.entry("rotating-old").retired_ms > 0
    new = km.entry("rotating-new")
    with NodeClient(devnet.rpc) as c:
        record = c.account(format_address(address))["account"]
    assert [k["public_key"] for k in record["keys"]] == [new.public_key]
    assert "rotating-new" in tab.status_label.text()
    # From now on the account signs with the new key.
    from wallet.pst import AccountSnapshot

    assert services.signing_entry(account, AccountSnapshot.from_api(record)).name == "rotating-new"
    row = tab.model.row_of("rotating-old")
    assert row is not None and tab.model.index(row, 4).data().startswith("Retired")


def test_a_fresh_key_pair_is_not_a_wallet_key(services) -> None:
    """Sanity: keys made outside the wallet are not offered for signing."""
    k = PrivateKey.generate(Scheme.ED25519)
    assert services.key_manager.entry_for_public_key(k.public_key) is None


def test_an_unregistered_account_is_told_before_anything_is_signed(page, services, devnet, qtbot, run_async) -> None:
    km = services.key_manager
    fresh = km.create_file_key("not-registered", "some-password-1", strength="interactive")
    account = WalletAccount(name="Newcomer", address=fresh.address, key_name="not-registered", backend="file")
    services.set_account(account)
    task = asyncio.ensure_future(
        services.sign_and_submit(
            "token.transfer", {"to": devnet.account("regulator")["address"], "amount": 100, "memo": ""}, page
        )
    )
    qtbot.waitUntil(lambda: getattr(services, "last_error_box", None) is not None and services.last_error_box.isVisible(), timeout=10_000)
    assert services.last_error_box.text() == "This account is not registered on the chain yet."
    assert not page.findChildren(SigningDialog)
    services.last_error_box.accept()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.result() is None


def test_a_watch_only_account_has_no_key_to_sign_with(page, services, devnet, qtbot, tmp_path) -> None:
    from wallet.keystore import Wallet

    km = Wallet(tmp_path / "auditor-wallet")  # an auditor's wallet: it only follows the bank
    km.add_watch_only("watched", devnet.account("bank")["address"])
    services.key_manager = km
    account = WalletAccount(name="Bank (watched)", address=devnet.account("bank")["address"], key_name="watched", backend="watch")
    services.set_account(account)
    task = asyncio.ensure_future(services.sign_and_submit("token.transfer", {"to": devnet.account("regulator")["address"], "amount": 100, "memo": ""}, page))
    qtbot.waitUntil(lambda: getattr(services, "last_error_box", None) is not None and services.last_error_box.isVisible(), timeout=10_000)
    assert services.last_error_box.text() == "This account is watch-only: the wallet has no key to sign with."
    services.last_error_box.accept()
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.result() is None
