"""The light client against a real one-validator devnet, through the ``depot light`` commands as a user runs them."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from node.client import NodeClient
from node.core.address import parse_address
from node.core.crypto import Signer
from node.core.encoding import encode
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, Amount, Nonce, TimestampMs
from node.keyfile import load_keyfile
from node.modules.accounts.transitions import Transfer
from tests.kit import DevnetProcess, depot, now_ms

pytestmark = pytest.mark.e2e


def _pay(net: DevnetProcess, payer: str, payee: str, amount: int) -> str:
    acct = net.account(payer)
    signer = Signer(load_keyfile(Path(acct["keystore"]), acct["password"]))
    with NodeClient(net.rpc) as c:
        nonce = c.account(acct["address"])["account"]["nonce"]
        body = TxBody(
            U8(TX_VERSION), net.info["chain_id"], parse_address(acct["address"]), Nonce(nonce),
            TimestampMs(now_ms() + 600_000), "token.transfer",
            encode(Transfer(parse_address(net.account(payee)["address"]), Amount(amount), "light test")),
        )  # fmt: skip
        tid = c.submit_tx(encode(sign_body(body, [signer])))["tx_id"]
        c.wait_tx(tid, timeout_s=30)
    return str(tid)


def _json(proc) -> dict:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_light_sync_and_verified_balance(devnet: DevnetProcess, tmp_path):
    _pay(devnet, "customer", "supplier", 1234)
    home = tmp_path / "light"
    genesis = devnet.home / "genesis.json"
    out = _json(depot("light", "sync", "--rpc", devnet.rpc, "--home", str(home), "--genesis", str(genesis), "--json"))
    assert set(out) >= {"height", "verified_headers", "seconds"}
    assert out["height"] >= 1 and out["verified_headers"] >= 1
    net = json.loads((home / "network.json").read_text())
    assert net["peers"] == [devnet.rpc] and net["chain_id"] == devnet.info["chain_id"]

    supplier = devnet.account("supplier")["address"]
    got = _json(depot("light", "get", "--home", str(home), "--address", supplier, "--json"))
    expected = httpx.get(f"{devnet.rpc}/v1/accounts/{supplier}", params={"height": got["height"]}, timeout=10).json()
    assert got["verified"] is True and got["balance"] == expected["account"]["balance"]
    assert got["verified_against"] == f"verified against block {got['height']}"

    # A second sync resumes from what is stored: only the newest header is verified.
    _pay(devnet, "supplier", "customer", 1)
    again = _json(depot("light", "sync", "--rpc", devnet.rpc, "--home", str(home), "--json"))
    assert again["height"] > out["height"] and again["verified_headers"] <= 3

    # Sequential mode verifies every header from genesis.
    seq_home = tmp_path / "seq"
    seq = _json(depot("light", "sync", "--rpc", devnet.rpc, "--home", str(seq_home), "--genesis", str(genesis), "--mode", "sequential", "--json"))
    assert seq["verified_headers"] == seq["height"]


def test_light_refuses_a_wrong_pin_and_unknown_addresses(devnet: DevnetProcess, tmp_path):
    home = tmp_path / "pin"
    bad = _json_error(depot("light", "sync", "--rpc", devnet.rpc, "--home", str(home), "--genesis-hash", "00" * 32, "--json"))
    assert bad["code"] == "wrong_chain"  # the node's status names another genesis than the pin
    genesis = devnet.home / "genesis.json"
    with NodeClient(devnet.rpc) as c:  # a proof needs a verified block; a fresh idle devnet may have none yet
        deadline = time.monotonic() + 60
        while c.status()["height"] < 1:
            assert time.monotonic() < deadline, "the devnet made no block within 60 s"
            time.sleep(0.1)
    _json(depot("light", "sync", "--rpc", devnet.rpc, "--home", str(tmp_path / "ok"), "--genesis", str(genesis), "--json"))
    from node.core.address import format_address

    nobody = format_address(b"\x42" * 20)
    err = _json_error(depot("light", "get", "--home", str(tmp_path / "ok"), "--address", nobody, "--json"))
    assert err["code"] == "account_not_found", err
    err = _json_error(depot("light", "get", "--home", str(tmp_path / "ok"), "--address", "depot1notanaddress", "--json"))
    assert err["code"] == "invalid_address"
    alerts = _json(depot("light", "alerts", "--home", str(tmp_path / "ok"), "--json"))
    assert alerts == {"alerts": [], "halted": False}


def _json_error(proc) -> dict:
    assert proc.returncode != 0, proc.stdout
    return json.loads(proc.stdout.strip().splitlines()[-1])["error"]
