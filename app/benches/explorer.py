"""``depot bench explorer``: the explorer's query latencies over a chain of a million transactions.

The chain is real: a genesis with ``--accounts`` funded accounts, then
blocks of ``--block-txs`` signed transfers among them, built, executed and
committed with ``node.chain.Chain`` into a node store exactly as a validator
would (one validator signs the commits).  Generating a million transactions
takes a few minutes, so the chain is kept under ``--home`` and reused by the
next run with the same sizes.  The bench then builds the index from scratch
(the build rate is reported) and measures, on the warm index:

* ``history``: an account's first history page (50 rows, newest first);
* ``tx_by_id``: a transaction by its full id;
* ``search``: the search box, fed a mix of what people type (full
  transaction ids, id prefixes, addresses, heights, kind names);

each over ``--samples`` random picks, as p50/p95 in milliseconds.  Target:
p95 under 20 ms at 1,000,000 transactions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The chain's identity in the cache folder's name: sizes that change the chain.
_CACHE_VERSION = 1


def register(benches: Any) -> None:
    """Add ``depot bench explorer``."""
    b = benches.add_parser("explorer", help="explorer query latencies (p50/p95) over a generated chain")
    b.add_argument("--txs", type=int, default=1_000_000, help="transactions in the generated chain")
    b.add_argument("--accounts", type=int, default=8_000, help="funded genesis accounts (the genesis section holds at most ~8,500)")
    b.add_argument("--block-txs", type=int, default=10_000, help="transactions per block")
    b.add_argument("--samples", type=int, default=2_000, help="queries measured per kind")
    b.add_argument("--home", default=None, help="keep the generated chain here (reused by the next run)")
    b.add_argument("--seed", type=int, default=7)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app.bench import emit_result

    return emit_result(args, bench_explorer(args))


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, round(q * (len(v) - 1)))]


# --- the chain ---------------------------------------------------------------------------------


def generate_chain(home: Path, txs: int, accounts: int, block_txs: int, seed: int = 7) -> dict[str, Any]:
    """Build a node store of ``txs`` signed transfers at ``home/node.db``; returns what was made.

    Deterministic in its shape (who pays whom, amounts), not in its keys.
    """
    from node.chain import Candidate, Chain
    from node.core.address import address_of_key
    from node.core.crypto import PrivateKey, Scheme, Signer
    from node.core.encoding import encode
    from node.core.genesis import DEFAULT_PARAMS, ChainParams, write_genesis_file
    from node.core.transactions import TX_VERSION, TxBody, sign_body, tx_id_of
    from node.core.types import U8, U32, Amount, Nonce, TimestampMs
    from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
    from node.modules import default_registry
    from node.modules.accounts.transitions import Transfer
    from node.storage import Store

    if accounts < 2:
        raise SystemExit("--accounts must be at least 2")
    if not 1 <= block_txs <= int(DEFAULT_PARAMS.max_block_txs):
        raise SystemExit(f"--block-txs must be 1..{int(DEFAULT_PARAMS.max_block_txs)}")
    home.mkdir(parents=True, exist_ok=True)
    for stale in home.glob("node.db*"):
        stale.unlink()
    rng = random.Random(seed)
    keys = [PrivateKey.generate(Scheme.ED25519) for _ in range(accounts)]
    vkey = PrivateKey.generate(Scheme.ED25519)
    signers = [Signer(k) for k in keys]
    addrs = [address_of_key(1, k.public_key) for k in keys]
    specs = [
        AccountSpec(f"bench-{i}", "northmill", ("customer", "governor") if i == 0 else ("customer",), 1,
                    k.public_key, 10**12)
        for i, k in enumerate(keys)
    ]
    params = ChainParams(DEFAULT_PARAMS.max_tx_ttl_ms, U32(max(block_txs, 1)), U32(1000), U32(5000))
    blocks = -(-txs // block_txs)
    t_genesis = time.time_ns() // 1_000_000 - (blocks + 10) * 1000
    chain_id = "depot-bench-explorer"
    genesis = build_genesis(chain_id, t_genesis, [ValidatorSpec(1, vkey.public_key, 10, keys[0].public_key)], specs,
                            params=params)
    write_genesis_file(default_registry(), genesis, home / "genesis.json")
    chain = Chain(Store.open(f"sqlite:///{home / 'node.db'}"), default_registry(), genesis)
    vsigner = Signer(vkey)
    vaddr = address_of_key(1, vkey.public_key)
    nonces = [0] * accounts
    made = 0
    t0 = time.perf_counter()
    try:
        for b in range(blocks):
            time_ms = t_genesis + (b + 1) * 1000
            expires = TimestampMs(time_ms + 600_000)
            cands = []
            for _ in range(min(block_txs, txs - made)):
                i = made % accounts
                j = rng.randrange(accounts - 1)
                j = j + 1 if j >= i else j
                p = Transfer(addrs[j], Amount(1 + rng.randrange(1000)), f"inv-{made}" if made % 7 == 0 else "")
                body = TxBody(U8(TX_VERSION), chain_id, addrs[i], Nonce(nonces[i]), expires, "token.transfer",
                              encode(p))
                nonces[i] += 1
                tx = sign_body(body, [signers[i]])
                cands.append(Candidate(tx, tx_id_of(body), p, encode(tx)))
                made += 1
            ex = chain.build_block(cands, time_ms, vaddr)
            if ex.dropped:
                raise RuntimeError(f"block {b + 1} dropped {len(ex.dropped)} transactions: {ex.dropped[0][1]}")
            chain.commit(ex, chain.sign_commit(ex, vsigner, vaddr))
            if (b + 1) % 5 == 0 or b + 1 == blocks:
                el = time.perf_counter() - t0
                _log(f"generated {made:,} of {txs:,} transactions ({b + 1} blocks, {made / el:,.0f} tx/s)")
    finally:
        chain.store.close()
    return {"txs": made, "blocks": blocks, "accounts": accounts, "block_txs": block_txs,
            "seconds": round(time.perf_counter() - t0, 1)}


def _cached_chain(root: Path, txs: int, accounts: int, block_txs: int, seed: int) -> tuple[Path, dict[str, Any], bool]:
    """The generated chain for these sizes under ``root``, made if missing; (home, info, reused)."""
    home = root / f"explorer-bench-v{_CACHE_VERSION}-{txs}tx-{accounts}acct-{block_txs}per"
    marker = home / "bench-chain.json"
    if marker.is_file() and (home / "node.db").is_file():
        return home, json.loads(marker.read_text()), True
    _log(f"generating a chain of {txs:,} transactions in {home} (kept for the next run)")
    info = generate_chain(home, txs, accounts, block_txs, seed)
    marker.write_text(json.dumps(info))
    return home, info, False


# --- the measurements ----------------------------------------------------------------------------


def bench_explorer(args: argparse.Namespace) -> dict[str, Any]:
    """Generate (or reuse) the chain, index it from scratch, measure the queries."""
    root = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="depot-bench-explorer-"))
    try:
        return _bench(args, root)
    finally:
        if not args.home:  # nowhere to keep it: a million transactions take a gigabyte
            shutil.rmtree(root, ignore_errors=True)


def _bench(args: argparse.Namespace, root: Path) -> dict[str, Any]:
    from explorer import Explorer, Indexer

    home, info, reused = _cached_chain(root, args.txs, args.accounts, args.block_txs, args.seed)
    index_dir = Path(tempfile.mkdtemp(prefix="index-", dir=home))
    index_path = index_dir / "explorer.db"
    try:
        _log("indexing from scratch")
        last = [0.0]

        def progress(p: Any) -> None:
            if p.phase == "blocks" and time.perf_counter() - last[0] > 5:
                last[0] = time.perf_counter()
                _log(f"indexed {p.txs_done:,} transactions, {p.blocks_left} blocks left ({p.txs_per_s:,.0f} tx/s)")

        cpu0 = time.process_time()
        with Indexer.open(f"sqlite:///{home / 'node.db'}", index_path) as ix:
            report = ix.run(progress=progress)
        cpu = time.process_time() - cpu0
        _log(f"indexed {report.txs:,} transactions in {report.seconds:.1f} s")
        result: dict[str, Any] = {
            "bench": "explorer",
            "txs": report.txs,
            "blocks": report.blocks,
            "accounts": info["accounts"],
            "chain_reused": reused,
            "generate_seconds": None if reused else info["seconds"],
            "index_seconds": round(report.seconds, 2),
            "index_txs_per_s": round(report.txs_per_s, 1),
            # CPU seconds of this process while indexing: the rate on an otherwise idle core.
            "index_cpu_seconds": round(cpu, 2),
            "index_txs_per_cpu_s": round(report.txs / cpu, 1) if cpu > 0 else None,
            "index_mb": round(sum(f.stat().st_size for f in index_dir.iterdir()) / 1e6, 1),
        }
        with Explorer.open(index_path, f"sqlite:///{home / 'node.db'}") as ex:
            result.update(_measure(ex, args.samples, random.Random(args.seed + 1)))
        result["target_p95_ms"] = 20
        result["loadavg_1m"] = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
        result["cores"] = os.cpu_count()
        result["ok"] = all(result[f"{k}_p95_ms"] < 20 for k in ("history", "tx_by_id", "search"))
        return result
    finally:
        shutil.rmtree(index_dir, ignore_errors=True)


def _measure(ex: Any, samples: int, rng: random.Random) -> dict[str, Any]:
    status = ex.status()
    heights = status.height
    addresses = []
    after = None
    while True:
        page = ex.addresses(after=after, limit=1000)
        addresses += [a.address for a in page.items]
        if page.next is None:
            break
        after = page.next

    def random_tx_id() -> str:
        while True:
            h = rng.randrange(1, heights + 1)
            b = ex.block(h)
            if b is not None and b.num_txs:
                t = ex.tx_at(h, rng.randrange(b.num_txs))
                if t is not None:
                    return str(t.tx_id_hex)

    tx_ids = [random_tx_id() for _ in range(samples)]
    picks = [rng.choice(addresses) for _ in range(samples)]
    typed: list[str] = []
    for i in range(samples):
        k = i % 5
        if k == 0:
            typed.append(tx_ids[i])
        elif k == 1:
            typed.append(tx_ids[i][:12])
        elif k == 2:
            typed.append(picks[i])
        elif k == 3:
            typed.append(str(rng.randrange(1, heights + 1)))
        else:
            typed.append(rng.choice(("token.transfer", "transfer", "order.settle")))

    def timed(fn: Any, inputs: list[str]) -> list[float]:
        for x in inputs[: min(50, len(inputs))]:  # warm the page cache and the code paths
            fn(x)
        out = []
        for x in inputs:
            t0 = time.perf_counter()
            fn(x)
            out.append((time.perf_counter() - t0) * 1000)
        return out

    def history(a: str) -> None:
        page = ex.history(a, limit=50)
        if not page.items:
            raise RuntimeError(f"no history for {a}")

    got: dict[str, Any] = {"samples": samples}
    for name, fn, inputs in (
        ("history", history, picks),
        ("tx_by_id", ex.tx, tx_ids),
        ("search", ex.search, typed),
    ):
        lat = timed(fn, inputs)
        got[f"{name}_p50_ms"] = round(_pct(lat, 0.5), 3)
        got[f"{name}_p95_ms"] = round(_pct(lat, 0.95), 3)
        got[f"{name}_mean_ms"] = round(statistics.mean(lat), 3)
    return got
