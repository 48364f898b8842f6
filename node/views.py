"""JSON views of chain objects for the API: headers, commits, transactions with decoded payloads."""

from __future__ import annotations

import json
from typing import Any

from node.core.address import format_address
from node.core.blocks import Block, Commit, Header, block_id_of
from node.core.encoding import to_json
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.transactions import Transaction, tx_id_of


def header_json(h: Header) -> dict[str, Any]:
    out = to_json(h)
    out["block_id"] = block_id_of(h).hex()
    return out  # type: ignore[no-any-return]


def commit_json(c: Commit) -> dict[str, Any]:
    return {
        "height": int(c.height),
        "round": int(c.round),
        "block_id": c.block_id.hex(),
        "signatures": [
            {"flag": int(s.flag), "validator": format_address(s.validator), "signature": s.signature.hex()}
            for s in c.signatures
        ],
    }


def tx_json(registry: Registry, tx: Transaction) -> dict[str, Any]:
    body = tx.body
    try:
        payload: Any = to_json(registry.decode_payload(body.kind, body.payload))
    except DepotError:
        payload = None
    return {
        "tx_id": tx_id_of(body).hex(),
        "chain_id": body.chain_id,
        "sender": format_address(body.sender),
        "nonce": int(body.nonce),
        "expires_at": int(body.expires_at),
        "kind": body.kind,
        "payload": payload,
        "payload_raw": body.payload.hex(),
        "signatures": [
            {"scheme": int(s.scheme), "public_key": s.public_key.hex(), "signature": s.signature.hex()}
            for s in tx.signatures
        ],
    }


def block_summary(meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "height": meta["height"],
        "block_id": bytes(meta["block_id"]).hex(),
        "time": meta["time_ms"],
        "num_txs": meta["num_txs"],
        "state_root": bytes(meta["state_root"]).hex(),
    }


def block_json(registry: Registry, block: Block) -> dict[str, Any]:
    h = block.header
    return {
        "height": int(h.height),
        "block_id": block_id_of(h).hex(),
        "header": header_json(h),
        "txs": [
            {"tx_id": tx_id_of(t.body).hex(), "kind": t.body.kind, "sender": format_address(t.body.sender)}
            for t in block.txs
        ],
        "last_commit": commit_json(block.last_commit) if block.last_commit else None,
        "evidence": [to_json(e) for e in block.evidence],
    }


def event_json(height: int, tx_index: int | None, tx_id: str | None, kind: str, attrs: str) -> dict[str, Any]:
    return {"height": height, "tx_index": tx_index, "tx_id": tx_id, "kind": kind, "attrs": json.loads(attrs)}
