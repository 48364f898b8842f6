"""A one-validator devnet as separate processes: transfers through the CLI, and every kind of bad input.

Each bad input must get its own error code, and must change nothing stored:
the state root, the sender's nonce and both balances are compared before and after.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from node.client import NodeClient
from node.core.address import parse_address
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.transactions import TX_VERSION, Transaction, TxBody, TxSignature, sign_body
from node.core.types import U8, U64, Amount, Nonce, Signature64, TimestampMs
from node.keyfile import load_keyfile
from node.modules.accounts.transitions import Issue, Transfer
from tests.kit import DevnetProcess, depot, now_ms

pytestmark = pytest.mark.e2e


def _wallet(net: DevnetProcess, name: str) -> tuple[Signer, Any]:
    acct = net.account(name)
    key = load_keyfile(acct["keystore"], acct["password"])
    return Signer(key), parse_address(acct["address"])


def _body(net: DevnetProcess, sender: Any, nonce: int, kind: str, payload: Any, **over: Any) -> TxBody:
    fields = dict(
        version=U8(TX_VERSION), chain_id=net.info["chain_id"], sender=sender, nonce=Nonce(nonce),
        expires_at=TimestampMs(now_ms() + 600_000), kind=kind, payload=encode(payload),
    )
    fields.update(over)
    return TxBody(**fields)


def _snapshot(c: NodeClient, *addresses: str) -> dict[str, Any]:
    status = c.status()
    snap: dict[str, Any] = {"state_root": status["state_root"], "mempool": status["mempool_size"]}
    for a in addresses:
        acct = c.account(a)["account"]
        snap[a] = (acct["balance"], acct["nonce"], acct["frozen"])
    return snap


def _post(rpc: str, body: Any, **kw: Any) -> httpx.Response:
    return httpx.post(rpc + "/v1/txs", **({"json": body} if body is not None else {}), **kw, timeout=10)


def test_cli_transfer_finalises_and_moves_balances(devnet: DevnetProcess, tmp_path):
    sup, cus = devnet.account("supplier"), devnet.account("customer")
    pw = tmp_path / "pw"
    pw.write_text(sup["password"])
    with NodeClient(devnet.rpc) as c:
        before = c.account(sup["address"])["account"]["balance"], c.account(cus["address"])["account"]["balance"]
    r = depot("tx", "transfer", "--rpc", devnet.rpc, "--keystore", sup["keystore"], "--password-file", str(pw),
              "--to", cus["address"], "--amount", "12345", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert set(out) == {"tx_id", "height"} and out["height"] >= 1
    with NodeClient(devnet.rpc) as c:
        after = c.account(sup["address"])["account"]["balance"], c.account(cus["address"])["account"]["balance"]
        tx = c.tx(out["tx_id"])
    assert after == (before[0] - 12345, before[1] + 12345)
    assert tx["status"] == "committed" and tx["result"]["ok"]
    s = depot("status", "--rpc", devnet.rpc, "--json")
    status = json.loads(s.stdout)
    assert set(status) == {"chain_id", "height", "block_id", "state_root", "validators"}
    assert status["height"] >= out["height"]


@pytest.mark.parametrize(
    ("amount", "to_edit", "code"),
    [
        ("-5", None, "invalid_amount"),
        ("0", None, "invalid_amount"),
        ("1.5", None, "invalid_amount"),
        (str(2**63), None, "invalid_amount"),
        ("10", "checksum", "invalid_address"),
        ("999999999999999", None, "insufficient_funds"),
    ],
)
def test_cli_refuses_bad_transfer_input(devnet: DevnetProcess, tmp_path, amount, to_edit, code):
    sup, cus = devnet.account("supplier"), devnet.account("customer")
    pw = tmp_path / "pw"
    pw.write_text(sup["password"])
    to = cus["address"]
    if to_edit == "checksum":
        to = to[:-1] + ("q" if to[-1] != "q" else "p")
    with NodeClient(devnet.rpc) as c:
        before = _snapshot(c, sup["address"], cus["address"])
    r = depot("tx", "transfer", "--rpc", devnet.rpc, "--keystore", sup["keystore"], "--password-file", str(pw),
              "--to", to, "--amount", amount, "--json")
    assert r.returncode != 0
    assert json.loads(r.stdout.strip().splitlines()[-1])["error"]["code"] == code
    with NodeClient(devnet.rpc) as c:
        assert _snapshot(c, sup["address"], cus["address"]) == before


def _bad_cases(net: DevnetProcess) -> list[tuple[str, Any, str, int]]:
    """(name, request body or raw bytes, expected code, expected HTTP status)."""
    signer, sender = _wallet(net, "customer")
    _, to = _wallet(net, "supplier")
    with NodeClient(net.rpc) as c:
        nonce = c.account(str(sender))["account"]["nonce"]
    assert nonce >= 1, "the caller spends a nonce first so that a replay can be tried"
    good = _body(net, sender, nonce, "token.transfer", Transfer(to, Amount(10), ""))

    def hexof(tx: Transaction) -> dict[str, str]:
        return {"tx": encode(tx).hex()}

    signed = sign_body(good, [signer])
    other_key = Signer(PrivateKey.generate(Scheme.ED25519))
    p256 = Signer(PrivateKey.generate(Scheme.P256))
    wrong_scheme = Transaction(good, (TxSignature(U8(2), signed.signatures[0].public_key, signed.signatures[0].signature),))
    bad_sig = Transaction(good, (TxSignature(U8(1), signer.public_key, Signature64(bytes(64))),))
    over_cap = bytearray(encode(Transfer(to, Amount(1), "")))
    over_cap[20:28] = U64(2**63 + 5).to_bytes(8, "big")
    amount_overflow = sign_body(
        TxBody(good.version, good.chain_id, good.sender, good.nonce, good.expires_at, good.kind, bytes(over_cap)), [signer]
    )
    return [
        ("malformed json", b"{not json", "malformed_json", 400),
        ("malformed encoding", {"tx": "00ff00"}, "malformed_encoding", 400),
        ("trailing bytes", {"tx": encode(signed).hex() + "00"}, "malformed_encoding", 400),
        ("not hex", {"tx": "zz"}, "malformed_encoding", 400),
        ("wrong chain", hexof(sign_body(_body(net, sender, nonce, "token.transfer", Transfer(to, Amount(10), ""), chain_id="other-chain"), [signer])), "wrong_chain", 400),
        ("missing signature", hexof(Transaction(good, ())), "missing_signature", 400),
        ("bad signature", hexof(bad_sig), "invalid_signature", 400),
        ("wrong scheme for key", hexof(wrong_scheme), "invalid_signature", 400),
        ("P-256 key not the sender's", hexof(sign_body(good, [p256])), "unauthorized_signer", 400),
        ("signature by another key", hexof(sign_body(good, [other_key])), "unauthorized_signer", 400),
        ("replayed nonce", hexof(sign_body(_body(net, sender, nonce - 1, "token.transfer", Transfer(to, Amount(10), "")), [signer])), "nonce_too_low", 400),
        ("skipped nonce", hexof(sign_body(_body(net, sender, nonce + 3, "token.transfer", Transfer(to, Amount(10), "")), [signer])), "nonce_gap", 400),
        ("expired", hexof(sign_body(_body(net, sender, nonce, "token.transfer", Transfer(to, Amount(10), ""), expires_at=TimestampMs(now_ms() - 1000)), [signer])), "expired", 400),
        ("beyond balance", hexof(sign_body(_body(net, sender, nonce, "token.transfer", Transfer(to, Amount(10**15), "")), [signer])), "insufficient_funds", 400),
        ("issuance by non-bank", hexof(sign_body(_body(net, sender, nonce, "token.issue", Issue(sender, Amount(10))), [signer])), "not_bank", 400),
        ("amount over the cap", hexof(amount_overflow), "invalid_amount", 400),
        ("unknown kind", hexof(sign_body(_body(net, sender, nonce, "token.steal", Transfer(to, Amount(1), "")), [signer])), "unknown_kind", 400),
        ("oversized body", {"tx": "00" * (2 << 20)}, "body_too_large", 413),
    ]


def test_bad_transactions_each_refused_with_their_own_error_and_nothing_changes(devnet: DevnetProcess):
    cus, sup = devnet.account("customer"), devnet.account("supplier")
    # Give the sender a used nonce so a replay can be tried.
    signer, sender = _wallet(devnet, "customer")
    _, to = _wallet(devnet, "supplier")
    with NodeClient(devnet.rpc) as c:
        n = c.account(str(sender))["account"]["nonce"]
        tx = sign_body(_body(devnet, sender, n, "token.transfer", Transfer(to, Amount(1), "setup")), [signer])
        c.submit_tx(encode(tx))
        assert c.wait_tx(tx.tx_id().hex(), timeout_s=20)["status"] == "committed"
    cases = _bad_cases(devnet)
    codes = set()
    for name, body, code, status in cases:
        with NodeClient(devnet.rpc) as c:
            before = _snapshot(c, cus["address"], sup["address"])
        if isinstance(body, bytes):
            r = httpx.post(devnet.rpc + "/v1/txs", content=body, headers={"content-type": "application/json"}, timeout=10)
        else:
            r = _post(devnet.rpc, body)
        assert r.status_code == status, (name, r.status_code, r.text[:300])
        err = r.json()["error"]
        assert err["code"] == code, (name, err)
        assert err["message"], name
        with NodeClient(devnet.rpc) as c:
            after = _snapshot(c, cus["address"], sup["address"])
        # Empty blocks may pass meanwhile; state must not change.
        assert after == before, name
        codes.add(code)
    assert len(codes) >= 14


def test_raw_octet_stream_submission_and_tx_proof(devnet: DevnetProcess):
    from node.core import merkle

    signer, sender = _wallet(devnet, "bank")
    _, to = _wallet(devnet, "auditor")
    with NodeClient(devnet.rpc) as c:
        n = c.account(str(sender))["account"]["nonce"]
    tx = sign_body(_body(devnet, sender, n, "token.issue", Issue(to, Amount(777))), [signer])
    raw = encode(tx)
    r = httpx.post(devnet.rpc + "/v1/txs", content=raw, headers={"content-type": "application/octet-stream"}, timeout=10)
    assert r.status_code == 202, r.text
    with NodeClient(devnet.rpc) as c:
        view = c.wait_tx(r.json()["tx_id"], timeout_s=20)
        header = c.header(view["height"])
    assert view["status"] == "committed" and view["result"]["ok"]
    assert view["tx"]["kind"] == "token.issue" and view["tx"]["payload"]["amount"] == 777
    assert {e["kind"] for e in view["result"]["events"]} == {"token.issued"}
    proof = merkle.InclusionProof.from_json(view["proof"])
    merkle.verify_inclusion(bytes.fromhex(header["header"]["txs_root"]), bytes.fromhex(view["raw"]), proof)
    assert bytes.fromhex(view["raw"]) == raw


def test_account_state_proof_verifies_against_header(devnet: DevnetProcess):
    from node.core.state_tree import StateProof, verify_state_proof
    from node.modules.accounts.records import account_key

    acct = devnet.account("auditor")
    with NodeClient(devnet.rpc) as c:
        view = c.account(acct["address"])
        header = c.header(view["height"])
    assert view["exists"] and view["state_root"] == header["header"]["state_root"]
    key = account_key(parse_address(acct["address"]))
    verify_state_proof(bytes.fromhex(view["state_root"]), key, bytes.fromhex(view["value"]),
                       StateProof.decode(bytes.fromhex(view["proof"])))
    # An address nobody registered: a non-membership proof.
    stranger = Signer(PrivateKey.generate())
    from node.core.address import address_of_key, format_address

    addr = address_of_key(1, stranger.public_key)
    with NodeClient(devnet.rpc) as c:
        none = c.account(format_address(addr))
    assert not none["exists"] and none["value"] is None
    verify_state_proof(bytes.fromhex(none["state_root"]), account_key(addr), None,
                       StateProof.decode(bytes.fromhex(none["proof"])))


def test_api_read_errors_and_openapi(devnet: DevnetProcess):
    rpc = devnet.rpc
    r = httpx.get(rpc + "/v1/accounts/depot1notanaddress", timeout=10)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_address"
    good = devnet.account("bank")["address"]
    r = httpx.get(rpc + "/v1/accounts/" + good[:-1] + ("q" if good[-1] != "q" else "p"), timeout=10)
    assert r.json()["error"]["code"] == "invalid_address"
    r = httpx.get(rpc + "/v1/txs/" + "ab" * 32, timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.get(rpc + "/v1/blocks/999999999", timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = httpx.get(rpc + "/v1/nope", timeout=10)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    spec = httpx.get(rpc + "/openapi.json", timeout=10).json()
    for path in ("/v1/status", "/v1/txs", "/v1/txs/batch", "/v1/txs/{tx_id}", "/v1/blocks/{ref}",
                 "/v1/headers/{ref}", "/v1/commits/{ref}", "/v1/accounts/{address}", "/v1/state/{key_hex}",
                 "/v1/events", "/v1/stream", "/v1/validators"):
        assert path in spec["paths"], path
    m = httpx.get(rpc + "/metrics", timeout=10).text
    assert "depot_height" in m


def test_stream_pushes_blocks_and_events(devnet: DevnetProcess):
    signer, sender = _wallet(devnet, "warehouse_manager")
    _, to = _wallet(devnet, "logistics")
    seen: list[tuple[str, dict[str, Any]]] = []
    with httpx.Client(timeout=30) as client, client.stream("GET", devnet.rpc + "/v1/stream") as resp:
        with NodeClient(devnet.rpc) as c:
            n = c.account(str(sender))["account"]["nonce"]
            tx = sign_body(_body(devnet, sender, n, "token.transfer", Transfer(to, Amount(3), "stream")), [signer])
            c.submit_tx(encode(tx))
        event = None
        deadline = time.monotonic() + 20
        for line in resp.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                seen.append((event, json.loads(line[6:])))
                if any(e == "chain_event" and d.get("tx_id") == tx.tx_id().hex() for e, d in seen):
                    break
            if time.monotonic() > deadline:
                break
    kinds = {e for e, _ in seen}
    assert {"hello", "block", "chain_event"} <= kinds
    ev = next(d for e, d in seen if e == "chain_event" and d.get("tx_id") == tx.tx_id().hex())
    assert ev["kind"] == "token.transferred" and ev["attrs"]["amount"] == 3 and ev["attrs"]["memo"] == "stream"
