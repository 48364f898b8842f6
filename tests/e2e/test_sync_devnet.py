"""Full sync from a real devnet with governance and transfers, as a separate ``depot node sync`` process.

The sync is SIGKILLed half-way and run again: it must resume from the blocks
it had stored (not from genesis), end on the source's state root for the same
height, and leave a store that passes the consistency check.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from node.check import check_store
from node.client import NodeClient
from node.core.address import parse_address
from node.core.crypto import Signer
from node.core.encoding import decode, encode
from node.core.genesis import genesis_hash, load_genesis_file
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, U64, Amount, Nonce, TimestampMs
from node.keyfile import load_keyfile
from node.modules import default_registry
from node.modules.accounts.records import Organisation, org_key
from node.modules.accounts.transitions import RegisterOrganisation, Transfer
from node.modules.governance.transitions import Propose, Vote
from node.storage import Store
from tests.kit import REPO, DevnetProcess, now_ms

pytestmark = pytest.mark.e2e

SENDERS = ("customer", "supplier", "logistics", "auditor")
PER_SENDER = 4_000
CHUNK = 400


class Wallet:
    def __init__(self, net: DevnetProcess, name: str) -> None:
        acct = net.account(name)
        self.signer = Signer(load_keyfile(Path(acct["keystore"]), acct["password"]))
        self.address = parse_address(acct["address"])
        self.chain_id = net.info["chain_id"]
        with NodeClient(net.rpc) as c:
            self.nonce = int(c.account(acct["address"])["account"]["nonce"])

    def tx(self, kind: str, payload) -> bytes:
        body = TxBody(
            U8(TX_VERSION), self.chain_id, self.address, Nonce(self.nonce),
            TimestampMs(now_ms() + 3_600_000), kind, encode(payload),
        )  # fmt: skip
        self.nonce += 1
        return encode(sign_body(body, [self.signer]))


def _submit_and_wait(c: NodeClient, raws: list[bytes]) -> str:
    results = c.submit_batch(raws)["results"]
    assert all("tx_id" in r for r in results), results[:3]
    return str(results[-1]["tx_id"])


def _build_history(net: DevnetProcess) -> None:
    with NodeClient(net.rpc, timeout_s=60) as c:
        # Governance: the bank (a governor without voting power) proposes, the validator's operator votes.
        bank, core = Wallet(net, "bank"), Wallet(net, "core_enterprise")
        action = encode(RegisterOrganisation("sync-test-org", "Sync Test Org", "supplier"))
        last = _submit_and_wait(c, [bank.tx("gov.propose", Propose("register a supplier", "org.register", action, TimestampMs(now_ms() + 3_600_000)))])
        c.wait_tx(last, timeout_s=30)
        ev = c.events(kind="gov.proposed", limit=10)["events"]
        pid = ev[-1]["attrs"]["proposal_id"]
        last = _submit_and_wait(c, [core.tx("gov.vote", Vote(U64(pid), True))])
        assert c.wait_tx(last, timeout_s=30)["result"]["code"] == "ok"
        # Transfers, in chunks so that they spread over many blocks.
        wallets = [Wallet(net, n) for n in SENDERS]
        payees = [parse_address(net.account(n)["address"]) for n in ("bank", "warehouse_manager")]
        lasts = []
        for _ in range(PER_SENDER // CHUNK):
            raws = []
            for i, w in enumerate(wallets):
                raws += [w.tx("token.transfer", Transfer(payees[(i + k) % 2], Amount(1 + k % 7), "")) for k in range(CHUNK)]
            lasts.append(_submit_and_wait(c, raws))
            time.sleep(0.25)
        deadline = time.monotonic() + 180
        while c.wait_tx(lasts[-1], timeout_s=30)["status"] != "committed":
            assert time.monotonic() < deadline, "the transfers were not all committed"


def _sync(rpc: str, home: Path, log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "node", "sync", "--rpc", rpc, "--home", str(home), "--json"],
        stdout=subprocess.PIPE, stderr=open(log, "a"), text=True, cwd=REPO,  # noqa: SIM115
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def test_full_sync_from_a_devnet_killed_halfway_resumes(tmp_path):
    net = DevnetProcess(tmp_path / "net")
    try:
        _build_history(net)
        target = int(httpx.get(net.rpc + "/v1/status", timeout=10).json()["height"])
        home = tmp_path / "full"
        home.mkdir()
        shutil.copyfile(net.home / "genesis.json", home / "genesis.json")
        log = tmp_path / "sync.log"

        # First run: SIGKILL once a third of the blocks are stored.
        proc = _sync(net.rpc, home, log)
        killed_at = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            lines = log.read_text().splitlines()
            heights = [json.loads(line)["progress"]["height"] for line in lines if line.startswith('{"progress"')]
            if heights and heights[-1] >= target // 3:
                proc.send_signal(signal.SIGKILL)
                killed_at = heights[-1]
                break
            time.sleep(0.05)
        proc.wait(timeout=30)
        assert killed_at is not None, "the sync finished before it could be killed: " + log.read_text()[-2000:]
        assert proc.returncode == -signal.SIGKILL
        store = Store.open(f"sqlite:///{home / 'node.db'}")
        stored = store.latest_height()
        store.close()
        assert 0 < stored < target

        # Second run: resumes from what the first one stored.
        proc = _sync(net.rpc, home, log)
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, log.read_text()[-3000:]
        result = json.loads(out.strip().splitlines()[-1])
        assert result["resumed_from"] == stored
        assert result["height"] >= target and result["blocks"] == result["height"] - stored

        # The same state root as the validator's at that height.
        h = result["height"]
        header = httpx.get(f"{net.rpc}/v1/headers/{h}", timeout=10).json()
        assert result["state_root"] == header["header"]["state_root"]
        assert result["block_id"] == header["block_id"]

        reg = default_registry()
        g = load_genesis_file(reg, home / "genesis.json")
        store = Store.open(f"sqlite:///{home / 'node.db'}")
        try:
            rep = check_store(store, g.chain_id, genesis_hash(g))
            assert rep.ok, rep.problems
            assert rep.txs_indexed >= len(SENDERS) * PER_SENDER
            org = store.get_state(org_key("sync-test-org"))
            assert org is not None and decode(Organisation, org).kind == "supplier"
        finally:
            store.close()
    finally:
        assert net.stop() == 0
