"""Sending transactions from a key file: build, sign, submit and wait for finality (CLI and scripts)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from node.client import NodeClient
from node.core.address import address_of_key, parse_address
from node.core.crypto import Signer
from node.core.encoding import encode
from node.core.errors import DepotError, InvalidAmount
from node.core.transactions import TX_VERSION, Transaction, TxBody, sign_body
from node.core.types import U8, Amount, Nonce, TimestampMs
from node.keyfile import load_keyfile
from node.modules.accounts.transitions import Transfer

DEFAULT_TTL_MS = 10 * 60 * 1000


class TxFailed(DepotError):
    code = "tx_failed"


class TxTimeout(DepotError):
    code = "tx_timeout"


def parse_amount(text: str) -> Amount:
    """An amount typed as an integer of minor units; refuse signs, decimals, and overflow."""
    t = text.strip()
    if not t or not t.lstrip("-").isdigit():
        raise InvalidAmount(f"amount must be a whole number of minor units, got {text!r}")
    value = int(t)
    if value <= 0:
        raise InvalidAmount(f"amount must be greater than zero, got {value}")
    return Amount(value)


def read_password(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise DepotError(f"cannot read the password file {path}: {exc.strerror}") from exc


def submit_and_wait(client: NodeClient, raw: bytes, tx_id: str, timeout_s: float) -> dict[str, Any]:
    client.submit_tx(raw)
    deadline = time.monotonic() + timeout_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TxTimeout(f"transaction {tx_id} was not final within {timeout_s:.0f} s", tx_id=tx_id)
        view = client.wait_tx(tx_id, timeout_s=min(left, 10.0))
        if view.get("status") == "committed":
            result = view.get("result", {})
            if not result.get("ok", False):
                raise TxFailed(
                    f"transaction {tx_id} was included at height {view['height']} but failed: {result.get('code')}",
                    tx_id=tx_id,
                    result=result.get("code"),
                )
            return view


def build_transfer(
    chain_id: str, signer: Signer, nonce: int, to: str, amount: int, memo: str = "", *, ttl_ms: int = DEFAULT_TTL_MS
) -> Transaction:
    """A signed ``token.transfer`` from the signer's single-key account."""
    sender = address_of_key(int(signer.scheme), signer.public_key)
    body = TxBody(
        version=U8(TX_VERSION),
        chain_id=chain_id,
        sender=sender,
        nonce=Nonce(nonce),
        expires_at=TimestampMs(time.time_ns() // 1_000_000 + ttl_ms),
        kind="token.transfer",
        payload=encode(Transfer(parse_address(to), Amount(amount), memo)),
    )
    return sign_body(body, [signer])


def transfer(
    *, rpc: str, keystore: Path, password_file: Path, to: str, amount: str, memo: str = "", timeout_s: float = 30.0
) -> dict[str, Any]:
    recipient = parse_address(to)
    value = parse_amount(amount)
    key = load_keyfile(keystore, read_password(password_file))
    signer = Signer(key)
    sender = address_of_key(int(key.scheme), key.public_key)
    with NodeClient(rpc) as client:
        status = client.status()
        acct = client.account(str(sender))
        if not acct.get("exists"):
            raise DepotError(f"the key file's account {sender} is not registered on this chain")
        tx = build_transfer(status["chain_id"], signer, acct["account"]["nonce"], str(recipient), value, memo)
        tid = tx.tx_id().hex()
        view = submit_and_wait(client, encode(tx), tid, timeout_s)
    return {"tx_id": tid, "height": view["height"]}
