"""Reading what a transaction needs from a node (chain id, nonce, signer set) and submitting it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from node.client import NodeClient
from node.core.encoding import encode
from node.core.transactions import Transaction
from node.core.types import Address
from wallet.errors import WalletError
from wallet.pst import AccountSnapshot
from wallet.send import submit_and_wait


class UnknownSenderAccount(WalletError):
    code = "unknown_sender_account"


@dataclass(frozen=True, slots=True)
class SenderContext:
    """What building a transaction for ``address`` needs from the chain."""

    chain_id: str
    nonce: int
    account: AccountSnapshot


def sender_context(client: NodeClient, address: Address) -> SenderContext:
    """Chain id, next nonce and signer set of ``address``; ``UnknownSenderAccount`` if not registered."""
    status = client.status()
    answer = client.account(str(address))
    if not answer.get("exists"):
        raise UnknownSenderAccount(f"account {address} is not registered on chain {status['chain_id']}")
    acct = answer["account"]
    return SenderContext(status["chain_id"], int(acct["nonce"]), AccountSnapshot.from_api(acct))


def submit(client: NodeClient, tx: Transaction, *, timeout_s: float = 30.0) -> dict[str, Any]:
    """Submit ``tx`` and wait until it is final and succeeded (``TxFailed`` / ``TxTimeout`` otherwise)."""
    tid = tx.tx_id().hex()
    view = submit_and_wait(client, encode(tx), tid, timeout_s)
    return {"tx_id": tid, "height": view["height"], "events": view.get("result", {}).get("events", [])}
