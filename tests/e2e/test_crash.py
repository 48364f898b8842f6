"""Crash safety: SIGKILL a producing node at random moments; nothing finalised is ever lost.

A client keeps submitting transfers and records every transaction the node
reported final.  The node is killed with SIGKILL many times while it commits
blocks and restarted each time; after every restart each recorded transaction
must still be there at the height it was reported at, and at the end the whole
store must pass the consistency check (hash links, commits, index, state tree
against the latest-state table).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from app.devnet import create_devnet, free_port
from node.check import check_store
from node.core.address import parse_address
from node.core.crypto import Signer
from node.core.encoding import encode
from node.core.genesis import genesis_hash, load_genesis_file
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, Amount, Nonce, TimestampMs
from node.keyfile import load_keyfile
from node.modules import default_registry
from node.modules.accounts.transitions import Transfer
from node.service import NodeConfig
from node.storage import Store
from tests.kit import REPO, now_ms

pytestmark = pytest.mark.e2e

KILLS = 8


def _start(home: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "node", "run", "--home", str(home)],
        stdout=open(log, "ab"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,  # noqa: SIM115
    )


def _wait_up(rpc: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "node exited during start-up"
        try:
            if httpx.get(rpc + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise AssertionError("node did not come back up")


def test_sigkill_during_commits_loses_nothing_final(tmp_path):
    setup = create_devnet(tmp_path / "net", 1, block_time_ms=50)
    home = Path(setup["nodes"][0]["home"])
    cfg = NodeConfig.load(home)
    cfg.port = free_port()
    cfg.rate_limit_per_s = 0
    cfg.save()
    rpc = f"http://127.0.0.1:{cfg.port}"
    senders = []
    for a in setup["accounts"][:4]:
        senders.append((Signer(load_keyfile(Path(a["keystore"]), a["password"])), parse_address(a["address"])))
    recipient = parse_address(setup["accounts"][5]["address"])
    acked: dict[str, int] = {}
    rng = random.Random(20261121)
    log = tmp_path / "node.log"

    def client(stop: threading.Event) -> None:
        with httpx.Client(timeout=10) as c:
            while not stop.is_set():
                try:
                    status = c.get(rpc + "/v1/status").json()
                    batch = []
                    for signer, addr in senders:
                        n = c.get(f"{rpc}/v1/accounts/{addr}").json()["account"]["nonce"]
                        for k in range(25):
                            body = TxBody(U8(TX_VERSION), status["chain_id"], addr, Nonce(n + k),
                                          TimestampMs(now_ms() + 600_000), "token.transfer",
                                          encode(Transfer(recipient, Amount(1), "")))
                            batch.append(sign_body(body, [signer]))
                    r = c.post(rpc + "/v1/txs/batch", json={"txs": [encode(t).hex() for t in batch]})
                    ids = [x["tx_id"] for x in r.json()["results"] if "tx_id" in x]
                    for tid in ids:
                        v = c.get(f"{rpc}/v1/txs/{tid}/wait", params={"timeout_s": 5}).json()
                        if v.get("status") == "committed":
                            acked[tid] = v["height"]
                except (httpx.HTTPError, KeyError, ValueError):
                    time.sleep(0.05)

    store_check_heights = []
    for round_ in range(KILLS):
        proc = _start(home, log)
        _wait_up(rpc, proc)
        with httpx.Client(timeout=10) as c:
            for tid, h in list(acked.items()):
                v = c.get(f"{rpc}/v1/txs/{tid}").json()
                assert v.get("status") == "committed" and v["height"] == h, (round_, tid, v)
            store_check_heights.append(c.get(rpc + "/v1/status").json()["height"])
        stop = threading.Event()
        t = threading.Thread(target=client, args=(stop,), daemon=True)
        t.start()
        # Let some transactions become final first, then kill at a random moment of later commits.
        deadline = time.monotonic() + 30
        start_acked = len(acked)
        while len(acked) < start_acked + 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        t.join(timeout=15)
    assert len(acked) > 50, f"too few transactions finalised to mean anything ({len(acked)})"
    assert store_check_heights == sorted(store_check_heights)
    registry = default_registry()
    g = load_genesis_file(registry, home / "genesis.json")
    store = Store.open(cfg.url)
    try:
        rep = check_store(store, g.chain_id, genesis_hash(g))
        assert rep.ok, rep.problems[:10]
        assert rep.txs_indexed >= len(acked)
    finally:
        store.close()
