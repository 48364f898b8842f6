"""Tray notifications for the three things a clerk must not miss: a tank below its warning line, an order
waiting for funds, and an approval waiting for this signer -- the last through the real bridge from a devnet,
where the app asks the node whether the signed-in key is one of the group account's keys."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.models.dapp_common import Identity  # noqa: E402
from app.models.tanks_model import row_from_records  # noqa: E402
from app.notifications import AlertCenter, TrayNotifier, shared_alerts  # noqa: E402
from app.services import WalletAccount  # noqa: E402
from node.core.address import format_address  # noqa: E402
from tests.app.services_kit import close_services, make_services, register, send  # noqa: E402
from tests.app.test_dapp_models import BUYER, OTHER, live_record, tank_record  # noqa: E402

pytestmark = pytest.mark.timeout(300)


def test_a_tank_below_its_warning_line_and_an_order_waiting_for_funds_reach_the_tray(qtbot, english_locale) -> None:
    row = row_from_records(tank_record("t1", warning=1500), live_record("t1", level=1600))
    assert row is not None
    me = Identity(BUYER, "customer")
    center = AlertCenter(None, lambda: me, lambda tank_id: row if tank_id == "t1" else None)
    tray = TrayNotifier(center, available=True, min_gap_s=0)
    reading = {"tank_id": "t1", "time_ms": 2_000_000, "level_mm": 1520, "volume_l": 9000, "below_warning": 0, "seq": 9}
    center.on_chain_event({"kind": "reading.accepted", "attrs": reading})  # above the line: nothing
    center.on_chain_event({"kind": "reading.accepted", "attrs": {**reading, "level_mm": 1400, "below_warning": 1}})
    qtbot.waitUntil(lambda: len(tray.shown) == 1, timeout=3_000)
    title, text = tray.shown[0]
    assert title == "Depot: needs your attention"
    assert text == "Tank t1 fell below its warning line (1400 mm < 1500 mm)"

    center.on_chain_event({"kind": "order.awaiting_funds", "attrs": {
        "order_id": "t1#00000001", "buyer": BUYER, "supplier": OTHER, "needed": 720_000, "available": 1_000}})
    qtbot.waitUntil(lambda: len(tray.shown) == 2, timeout=3_000)
    assert tray.shown[1][1] == "Order t1#00000001 is waiting for funds: 7,200.00 needed, 10.00 available"

    # Someone else's tank says nothing to this clerk.
    outsider = AlertCenter(None, lambda: Identity(format_address(bytes([9] * 20)), "customer"), lambda _t: row)
    quiet = TrayNotifier(outsider, available=True, min_gap_s=0)
    outsider.on_chain_event({"kind": "reading.accepted", "attrs": {**reading, "level_mm": 1400, "below_warning": 1}})
    qtbot.wait(100)
    assert quiet.shown == [] and not outsider.alerts


def test_an_approval_waiting_for_this_signer_reaches_the_tray_from_the_chain(
    devnet, qtbot, run_async, tmp_path: Path, english_locale
) -> None:
    """A 2-of-2 organisation account: member A proposes, member B's session is told in the tray."""
    from node.client import NodeClient
    from node.core.address import address_of_group, address_of_key

    services = make_services(devnet, tmp_path, account="customer")
    km = services.key_manager
    assert km is not None
    pw = "member-password-1"
    ka = km.create_file_key("member-a", pw, strength="interactive")
    kb = km.create_file_key("member-b", pw, strength="interactive")
    sa = km.signer("member-a", password=pw)
    group_name = f"notify-{os.getpid()}"
    group = address_of_group("northmill", group_name)
    member_b = WalletAccount(name="Member B", address=kb.address, key_name="member-b", backend="file")
    services.accounts.append(member_b)
    services.set_account(member_b)
    center = shared_alerts(services)
    tray = TrayNotifier(center, available=True, min_gap_s=0)
    services.bridge.start()
    try:
        def propose() -> int:
            with NodeClient(devnet.rpc) as c:
                register(devnet, c, group, [(1, ka.public_key_bytes), (1, kb.public_key_bytes)], threshold=2,
                         name=group_name)
                for k in (ka, kb):
                    register(devnet, c, address_of_key(1, k.public_key_bytes), [(1, k.public_key_bytes)])
                out = send(c, address_of_key(1, ka.public_key_bytes), [sa], "approval.propose", {
                    "account": format_address(group),
                    "memo": "INV-91",
                    "deadline_ms": c.status()["time"] + 600_000,
                    "proposal": {"kind": "token.transfer",
                                 "fields": {"to": devnet.account("regulator")["address"], "amount": 1, "memo": ""}},
                })
                return int(next(e["attrs"]["approval_id"] for e in out["events"] if e["kind"] == "approval.proposed"))

        approval_id = run_async(asyncio.to_thread(propose), timeout_s=120)
        qtbot.waitUntil(lambda: any(a.kind == "approval_waiting" and a.subject == str(approval_id)
                                    for a in center.alerts), timeout=30_000)
        qtbot.waitUntil(lambda: any(f"Approval {approval_id} waits for your signature" in t for _, t in tray.shown),
                        timeout=5_000)
        text = next(t for _, t in tray.shown if f"Approval {approval_id}" in t)
        assert text == f"Approval {approval_id} waits for your signature: token.transfer for {format_address(group)}"
    finally:
        run_async(close_services(services), timeout_s=30)


def test_an_approval_for_a_group_this_key_is_not_in_says_nothing(qtbot, run_async, devnet, tmp_path: Path) -> None:
    """The check asks the node: the customer's own key is not one of the group's keys."""
    services = make_services(devnet, tmp_path, account="customer")
    center = shared_alerts(services)
    tray = TrayNotifier(center, available=True, min_gap_s=0)
    supplier = devnet.account("supplier")["address"]  # a single-key account the customer is no signer of
    try:
        center.on_chain_event({"kind": "approval.proposed", "attrs": {
            "approval_id": 999_999, "account": supplier, "proposer": supplier, "kind": "token.transfer"}})
        qtbot.wait(1_500)  # the look-up at the node is done by then
        assert not any(a.kind == "approval_waiting" for a in center.alerts) and tray.shown == []
    finally:
        run_async(close_services(services), timeout_s=30)
