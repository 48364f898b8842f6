"""Request limits of a real node process: rate per client, body size, batch size."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app.devnet import create_devnet, free_port
from node.service import NodeConfig
from tests.kit import REPO

pytestmark = pytest.mark.e2e


def test_rate_and_size_limits(tmp_path):
    setup = create_devnet(tmp_path / "net", 1)
    home = Path(setup["nodes"][0]["home"])
    cfg = NodeConfig.load(home)
    cfg.port = free_port()
    cfg.rate_limit_per_s = 5
    cfg.rate_limit_burst = 10
    cfg.max_batch_txs = 3
    cfg.save()
    rpc = f"http://127.0.0.1:{cfg.port}"
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "node", "run", "--home", str(home)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(rpc + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        time.sleep(2.5)  # refill the bucket the start-up polling used
        with httpx.Client(timeout=5) as c:
            codes = [c.get(rpc + "/healthz").status_code for _ in range(30)]
            assert codes.count(200) >= 10 and 429 in codes
            r = c.get(rpc + "/healthz")
            assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
            time.sleep(2.5)
            assert c.get(rpc + "/healthz").status_code == 200
            r = c.post(rpc + "/v1/txs/batch", json={"txs": ["00", "00", "00", "00"]})
            assert r.status_code == 400 and "at most 3" in r.json()["error"]["message"]
            time.sleep(1)
            r = c.post(rpc + "/v1/txs", content=b"x" * (1 << 21), headers={"content-type": "application/json"})
            assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"

            def chunked(parts: list[bytes]):  # a generator body: sent chunked, without Content-Length
                yield from parts

            # Chunked under the limit: the application gets the whole body and answers it.
            r = c.post(rpc + "/v1/txs", content=chunked([b'{"tx": ', b'"00"}']),
                       headers={"content-type": "application/json"})
            assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_encoding", r.text
            # Chunked over the limit: refused while it streams in, with the same answer.
            r = c.post(rpc + "/v1/txs", content=chunked([b"x" * 65536] * 40),
                       headers={"content-type": "application/json"})
            assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0, "the node must stop cleanly on SIGTERM"
