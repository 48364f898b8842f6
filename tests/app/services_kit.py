"""Helpers for the wallet, shell and settings tests: ``AppServices`` on the real devnet, and chain set-up.

Accounts these tests move tokens of: ``auditor`` pays ``regulator`` (the send
test), ``customer`` funds fresh accounts, ``core_enterprise`` proposes the
governance that registers them.  Fresh accounts (registered here) are used
for key rotation and approvals, so no demo key the other tests sign with is
ever rotated.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from app.demo import DemoAccount, parse_devnet_info
from app.node_bridge import NodeBridge
from app.services import AppServices, adopt_demo_keys
from app.settings_store import SettingsStore
from node.client import AsyncNodeClient, NodeClient
from node.core.address import format_address, parse_address
from node.core.types import Address
from tests.kit import DevnetProcess
from wallet.builder import build_body
from wallet.keystore import Wallet
from wallet.signers import Signer, sign_transaction
from wallet.submit import sender_context, submit


def demo_accounts(devnet: DevnetProcess) -> tuple[DemoAccount, ...]:
    return parse_devnet_info(devnet.info, devnet.home).accounts


def make_services(
    devnet: DevnetProcess,
    tmp_path: Path,
    *,
    account: str | None = "auditor",
    confirm_delay_ms: int = 200,
) -> AppServices:
    """Services as the demo app builds them: the devnet's accounts, their keys adopted into a wallet."""
    accounts = demo_accounts(devnet)
    wallet = Wallet(tmp_path / "wallet")
    adopt_demo_keys(wallet, accounts)
    client = AsyncNodeClient(devnet.rpc)
    bridge = NodeBridge(client, status_interval_s=0.2)
    services = AppServices(
        client=client,
        bridge=bridge,
        accounts=accounts,
        account=next((a for a in accounts if a.name == account), None) if account else None,
        key_manager=wallet,
        settings=QSettings(str(tmp_path / "depot.ini"), QSettings.Format.IniFormat),
        store=SettingsStore(tmp_path / "config"),
        home=tmp_path,
        demo=True,
    )
    services.confirm_delay_ms = confirm_delay_ms
    return services


async def close_services(services: AppServices) -> None:
    await services.bridge.stop()
    await services.client.aclose()
    services.shutdown()


async def close_explorer_services(services: AppServices) -> None:
    """As ``close_services``, after closing the explorer source (its index and node connections)."""
    from app.models.explorer_source import source_for

    await source_for(services).close()
    await close_services(services)


def show_page(qtbot: Any, page: Any, width: int = 1200, height: int = 760) -> Any:
    """``page`` handed to qtbot (closed after the test), sized and shown."""
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    return page


# --- chain set-up (blocking; run with asyncio.to_thread) -------------------------------------


def demo_signer(devnet: DevnetProcess, who: str) -> tuple[Signer, Address]:
    acct = devnet.account(who)
    from wallet.signers import FileSigner

    return FileSigner.unlock(Path(acct["keystore"]), acct["password"]), parse_address(acct["address"])


def send(c: NodeClient, sender: Address, signers: list[Signer], kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    ctx = sender_context(c, sender)
    body = build_body(chain_id=ctx.chain_id, sender=sender, nonce=ctx.nonce, kind=kind, fields=fields)
    return submit(c, sign_transaction(body, signers), timeout_s=60)


def govern(devnet: DevnetProcess, c: NodeClient, action: str, fields: dict[str, Any]) -> None:
    """One validator: the core enterprise's proposal passes on its own vote."""
    proposer, paddr = demo_signer(devnet, "core_enterprise")
    status = c.status()
    now = status["time"] if isinstance(status.get("time"), int) else int(time.time() * 1000)
    out = send(
        c,
        paddr,
        [proposer],
        "gov.propose",
        {"title": f"{action} for an app test", "deadline_ms": now + 600_000, "action": {"kind": action, "fields": fields}},
    )
    kinds = [e["kind"] for e in out["events"]]
    assert "gov.passed" in kinds, out["events"]


def register(
    devnet: DevnetProcess,
    c: NodeClient,
    address: Address,
    keys: list[tuple[int, bytes]],
    *,
    threshold: int = 1,
    name: str | None = None,
) -> None:
    """Register an account by governance (a group account's ``name`` must be the one its address derives from)."""
    govern(
        devnet,
        c,
        "account.register",
        {
            "address": format_address(address),
            "org_id": "northmill",
            "name": name or f"app-test-{secrets.token_hex(3)}",
            "roles": ["customer"],
            "keys": [{"scheme": s, "public_key": pk.hex()} for s, pk in keys],
            "threshold": threshold,
            "high_threshold": 0,
            "high_amount": 0,
        },
    )


def fund(devnet: DevnetProcess, c: NodeClient, to: Address, amount: int) -> None:
    s, a = demo_signer(devnet, "customer")
    send(c, a, [s], "token.transfer", {"to": format_address(to), "amount": amount, "memo": "funding"})


def balance(rpc: str, address: str) -> int:
    with NodeClient(rpc) as c:
        return int(c.account(address)["account"]["balance"])
