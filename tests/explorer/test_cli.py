"""``depot explorer ...`` and ``depot bench explorer`` as a user runs them, on a node's data folder."""

from __future__ import annotations

import json
from pathlib import Path

from node.core.address import format_address
from tests.explorer.chains import Driver
from tests.kit import depot


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_index_and_query_from_the_command_line(tmp_path: Path) -> None:
    d = Driver.new(tmp_path / "node")
    first = d.block([d.transfer("alice", "bob", 5), d.issue("carol", 9)])
    d.block([d.transfer("bob", "carol", 2)])
    alice = format_address(d.addr("alice"))
    d.close()
    home = str(d.home)

    r = depot("explorer", "index", "--home", home, "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    rep = json.loads(r.stdout)
    assert (rep["height"], rep["txs"], rep["cancelled"]) == (2, 3, False)
    assert "blocks:" in r.stderr  # progress on standard error, the answer alone on standard output

    tx_id = first.tx_ids[0].hex()
    r = depot("explorer", "search", "--home", home, tx_id[:10], "--json")
    res = json.loads(r.stdout)
    assert res["recognised"] == ["id_prefix"]
    assert res["hits"][0]["type"] == "TxHit" and res["hits"][0]["tx"]["tx_id"] == tx_id
    assert res["hits"][0]["tx"]["payload"]["amount"] == 5

    wrong = alice[:-1] + ("q" if alice[-1] != "q" else "p")
    r = depot("explorer", "search", "--home", home, wrong, "--json")
    assert r.returncode == 1
    assert json.loads(r.stdout)["error"]["code"] == "invalid_address"
    assert "checksum" in json.loads(r.stdout)["error"]["message"]

    page = json.loads(depot("explorer", "history", "--home", home, alice, "--json").stdout)
    assert [t["tx_id"] for t in page["items"]] == [tx_id] and page["next"] is None
    detail = json.loads(depot("explorer", "tx", "--home", home, tx_id, "--json").stdout)
    assert detail["raw"] and detail["parties"][0] == alice and detail["events"][0]["kind"] == "token.transferred"
    block = json.loads(depot("explorer", "block", "--home", home, "1", "--json").stdout)
    assert block["num_txs"] == 2 and block["commit"][0]["flag"] == 2
    stats = json.loads(depot("explorer", "stats", "--home", home, "--json").stdout)
    assert stats["blocks"] == 2 and stats["txs"] == 3 and stats["participation"][0]["share"] == 1.0
    status = json.loads(depot("explorer", "status", "--home", home, "--json").stdout)
    assert status["height"] == 2 and status["txs"] == 3

    r = depot("explorer", "index", "--home", home, "--rebuild", "--json")
    assert json.loads(r.stdout)["from_height"] == 0


def test_bench_prints_latencies_and_reuses_its_chain(tmp_path: Path) -> None:
    args = ("bench", "explorer", "--txs", "3000", "--accounts", "60", "--block-txs", "1000",
            "--samples", "40", "--home", str(tmp_path), "--json")  # fmt: skip
    r = depot(*args, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    out = last_json(r.stdout)
    assert out["bench"] == "explorer" and out["txs"] == 3000 and out["blocks"] == 3
    assert out["chain_reused"] is False and out["index_txs_per_s"] > 0
    for k in ("history", "tx_by_id", "search"):
        assert 0 < out[f"{k}_p50_ms"] <= out[f"{k}_p95_ms"]
    again = last_json(depot(*args, timeout=600).stdout)
    assert again["chain_reused"] is True and again["txs"] == 3000
