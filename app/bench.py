"""``depot bench``: measured benchmarks whose last printed line is one JSON object.

``throughput`` starts a real node process on loopback with a genesis of many
funded accounts, pre-signs transfers, submits them over HTTP in batches and
counts what is finalised.  The ceiling it is compared with,
``verify_per_s_per_core``, is measured in the same run on the same machine: a
single core verifying the same transactions' signatures and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from node.core import crypto
from node.core.address import address_of_key
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.genesis import DEFAULT_PARAMS, ChainParams, write_genesis_file
from node.core.transactions import TX_VERSION, TxBody, sign_body, tx_signing_message
from node.core.types import U8, U32, Amount, Nonce, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.keyfile import create_keyfile, write_bytes_atomically
from node.modules import default_registry
from node.modules.accounts.transitions import Transfer
from node.service import NodeConfig


def _free_port() -> int:
    from app.devnet import free_port

    return free_port()


def measure_verify_rate(samples: list[tuple[int, bytes, bytes, bytes]], seconds: float = 2.0) -> float:
    """Signatures verified per second on one core (this thread), over the given samples."""
    n = 0
    t0 = time.perf_counter()
    verify = crypto.verify
    while True:
        for scheme, pk, msg, sig in samples:
            verify(scheme, pk, msg, sig)
        n += len(samples)
        el = time.perf_counter() - t0
        if el >= seconds:
            return n / el


def _setup_chain(
    home: Path, accounts: int, block_time_ms: int, validators: int, max_block_txs: int
) -> tuple[list[PrivateKey], str, list[Path], list[int]]:
    """Genesis with ``accounts`` funded accounts and ``validators`` validator homes, peers wired."""
    keys = [PrivateKey.generate(Scheme.ED25519) for _ in range(accounts)]
    vkeys = [PrivateKey.generate(Scheme.ED25519) for _ in range(validators)]
    specs = [
        AccountSpec(f"bench-{i}", "northmill", ("customer", "governor") if i < validators else ("customer",), 1, k.public_key, 10**12)
        for i, k in enumerate(keys)
    ]
    params = ChainParams(DEFAULT_PARAMS.max_tx_ttl_ms, U32(max_block_txs), U32(block_time_ms), U32(5_000))
    chain_id = f"depot-bench-{secrets.token_hex(3)}"
    vspecs = [ValidatorSpec(1, vk.public_key, 10, keys[i].public_key) for i, vk in enumerate(vkeys)]
    genesis = build_genesis(chain_id, time.time_ns() // 1_000_000, vspecs, specs, params=params)
    ports = [_free_port() for _ in range(validators)]
    homes = []
    for i, vk in enumerate(vkeys):
        nh = home / f"node{i}"
        nh.mkdir(parents=True, exist_ok=True)
        write_genesis_file(default_registry(), genesis, nh / "genesis.json")
        vpass = secrets.token_urlsafe(12)
        create_keyfile(nh / "validator_key.json", vk, vpass, strength="interactive")
        write_bytes_atomically(nh / "validator_password", vpass.encode())
        NodeConfig(
            home=nh,
            name=f"bench-node{i}",
            port=ports[i],
            peers=[f"http://127.0.0.1:{p}" for j, p in enumerate(ports) if j != i],
            validator_keyfile=nh / "validator_key.json",
            validator_password_file=nh / "validator_password",
            block_time_ms=block_time_ms,
            rate_limit_per_s=0,
            mempool_size=500_000,
            max_batch_txs=5_000,
            verify_threads=2,
        ).save()
        homes.append(nh)
    return keys, chain_id, homes, ports


def _presign(
    keys: list[PrivateKey], chain_id: str, total: int, streams_n: int
) -> tuple[list[list[tuple[str, bytes]]], list[tuple[int, bytes, bytes, bytes]]]:
    """Transfers in rounds (round r = nonce r of every account); accounts split into ``streams_n`` streams."""
    signers = [Signer(k) for k in keys]
    addrs = [address_of_key(1, k.public_key) for k in keys]
    expires = TimestampMs(time.time_ns() // 1_000_000 + 3600_000)
    rng = random.Random(7)
    streams: list[list[tuple[str, bytes]]] = [[] for _ in range(streams_n)]
    samples: list[tuple[int, bytes, bytes, bytes]] = []
    n = len(keys)
    rounds = (total + n - 1) // n
    made = 0
    for r in range(rounds):
        for i in range(n):
            if made >= total:
                break
            j = rng.randrange(n - 1)
            j = j + 1 if j >= i else j
            body = TxBody(
                U8(TX_VERSION), chain_id, addrs[i], Nonce(r), expires, "token.transfer",
                encode(Transfer(addrs[j], Amount(1 + rng.randrange(100)), "")),
            )
            tx = sign_body(body, [signers[i]])
            streams[i % streams_n].append((tx.tx_id().hex(), encode(tx)))
            if len(samples) < 2000:
                s = tx.signatures[0]
                samples.append((1, s.public_key, tx_signing_message(chain_id, tx.tx_id()), bytes(s.signature)))
            made += 1
    return streams, samples


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields after the command: state is [0]; utime and stime are the 14th and 15th of stat.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def bench_throughput(args: argparse.Namespace) -> dict[str, Any]:
    n_val = args.validators
    if not 1 <= n_val <= 8:
        raise SystemExit("--validators must be 1..8")
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="depot-bench-"))
    log = sys.stderr
    print(f"setting up {args.accounts} accounts and {n_val} validators in {home}", file=log)
    # Every validator executes every block, so one second of work per block shrinks with their number.
    max_block_txs = args.max_block_txs or max(1_000, 8_000 // n_val)
    keys, chain_id, homes, ports = _setup_chain(home, args.accounts, args.block_time_ms, n_val, max_block_txs)
    t = time.perf_counter()
    streams, samples = _presign(keys, chain_id, args.txs, max(2, n_val))
    print(f"pre-signed {args.txs} transfers in {time.perf_counter() - t:.1f} s", file=log)
    verify_rate = measure_verify_rate(samples)
    cores = os.cpu_count() or 1
    print(f"one core verifies {verify_rate:.0f} signatures/s", file=log)
    env = dict(os.environ, DEPOT_LOG_LEVEL="WARNING")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "node", "run", "--home", str(nh)],
            stdout=open(nh / "stdout.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            env=env,
        )
        for nh in homes
    ]
    rpcs = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        deadline = time.monotonic() + 90
        for rpc, proc, nh in zip(rpcs, procs, homes, strict=True):
            while True:
                try:
                    if httpx.get(rpc + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"a bench node did not start; see {nh / 'stdout.log'}")
                time.sleep(0.1)
        start_height = httpx.get(rpcs[0] + "/v1/status").json()["height"]
        cpu_start = [_cpu_seconds(p.pid) for p in procs]
        blocks: list[tuple[float, int, int]] = []  # (arrival, height, num_txs)
        committed_at: dict[str, float] = {}
        stop = threading.Event()

        def watch() -> None:
            # Block arrivals at node 0; each block's transaction ids for the latency figures.
            with httpx.Client(timeout=None) as c, httpx.Client(timeout=30) as q, c.stream(
                "GET", rpcs[0] + "/v1/stream?events=false"
            ) as r:
                event = None
                for line in r.iter_lines():
                    if stop.is_set():
                        return
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event == "block":
                        now = time.perf_counter()
                        d = json.loads(line[6:])
                        blocks.append((now, d["height"], d["num_txs"]))
                        if d["num_txs"]:
                            for tid in q.get(f"{rpcs[0]}/v1/blocks/{d['height']}/tx_ids").json()["tx_ids"]:
                                committed_at[tid] = now

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        time.sleep(0.5)
        rejected: list[Any] = []
        submitted_at: dict[str, float] = {}

        def submit(k: int, stream: list[tuple[str, bytes]]) -> None:
            rpc = rpcs[k % len(rpcs)]
            with httpx.Client(timeout=120) as c:
                for i in range(0, len(stream), args.batch):
                    chunk = stream[i : i + args.batch]
                    t0 = time.perf_counter()
                    for tid, _ in chunk:
                        submitted_at[tid] = t0
                    r = c.post(rpc + "/v1/txs/batch", json={"txs": [raw.hex() for _, raw in chunk]})
                    r.raise_for_status()
                    rejected.extend(x["error"] for x in r.json()["results"] if "error" in x)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=submit, args=(k, s)) for k, s in enumerate(streams)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        t_submitted = time.perf_counter()
        last_ids = [s[-1][0] for s in streams if s]
        with httpx.Client(timeout=60) as c:
            for tid in last_ids:
                while c.get(f"{rpcs[0]}/v1/txs/{tid}/wait", params={"timeout_s": 30}).json().get("status") != "committed":
                    if time.perf_counter() - t0 > 900:
                        raise SystemExit("transactions were not finalised within 15 minutes")
        t_final = time.perf_counter()
        cpu_end = [_cpu_seconds(p.pid) for p in procs]
        time.sleep(0.5)
        stop.set()
        bench_blocks = [(ts, n) for (ts, h, n) in blocks if h > start_height and n > 0]
        committed = sum(n for _, n in bench_blocks)
        elapsed = t_final - t0
        steady = None
        steady_txs = 0
        if len(bench_blocks) >= 3:
            span = bench_blocks[-1][0] - bench_blocks[0][0]
            steady_txs = sum(n for _, n in bench_blocks[1:])
            if span > 0:
                steady = steady_txs / span
        lat = [committed_at[t] - submitted_at[t] for t in submitted_at if t in committed_at]
        # Block time under load: intervals between consecutive blocks that carried transactions.
        intervals = [b[0] - a[0] for a, b in zip(bench_blocks, bench_blocks[1:], strict=False)]
        tx_per_s = steady if steady is not None else committed / elapsed
        ceiling = verify_rate * cores / n_val
        result: dict[str, Any] = {
            "bench": "throughput",
            "validators": n_val,
            "txs": args.txs,
            "committed": committed,
            "rejected": len(rejected),
            "seconds": round(elapsed, 3),
            "submit_seconds": round(t_submitted - t0, 3),
            "tx_per_s": round(tx_per_s, 1),
            "steady_window_txs": steady_txs,
            "end_to_end_tx_per_s": round(committed / elapsed, 1),
            "latency_p50_s": round(_percentile(lat, 0.5), 3),
            "latency_p95_s": round(_percentile(lat, 0.95), 3),
            "block_interval_p50_s": round(_percentile(intervals, 0.5), 3),
            "block_interval_p95_s": round(_percentile(intervals, 0.95), 3),
            "max_block_txs": max_block_txs,
            "blocks": len(bench_blocks),
            "mean_block_txs": round(statistics.mean(n for _, n in bench_blocks), 1) if bench_blocks else 0,
            "verify_per_s_per_core": round(verify_rate, 1),
            "cores": cores,
            "ceiling_tx_per_s": round(ceiling, 1),
        }
        cpu_used = [e - s for s, e in zip(cpu_start, cpu_end, strict=True) if s is not None and e is not None]
        if committed and len(cpu_used) == len(procs):
            # What the nodes spent per finalised transaction, whatever else loads the machine:
            # all validators' CPU seconds together, so cores / node_cpu_s_per_tx bounds tx_per_s.
            node_cpu = sum(cpu_used)
            result["node_cpu_us_per_tx"] = round(node_cpu / committed * 1e6, 1)
            result["tx_per_node_cpu_s"] = round(committed / node_cpu, 1) if node_cpu > 0 else None
            result["load_avg_1m"] = round(os.getloadavg()[0], 2)
        if n_val == 1:
            # Issue 2's definition: against one core's verification rate.
            result["ratio"] = round(tx_per_s / verify_rate, 3)
            result["ratio_definition"] = "tx_per_s / verify_per_s_per_core"
        else:
            result["ratio"] = round(tx_per_s / ceiling, 3)
            result["ratio_definition"] = "tx_per_s / (verify_per_s_per_core * cores / validators)"
        if rejected:
            result["first_rejection"] = rejected[0]
        return result
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


# Benchmarks by name: each module adds ``register(benches)`` with its own
# sub-parser (one file per area: app/benches/<area>.py), so areas do not edit this file.
BENCH_MODULES = (
    "app.benches.wallet",
    "app.benches.tanks",
    "app.benches.light",
    "app.benches.explorer",
    "app.benches.gui",
)


def emit_result(args: argparse.Namespace, result: dict[str, Any]) -> int:
    """Print a benchmark's result; the last line is always the one JSON object."""
    if not getattr(args, "json", False):
        for k, v in result.items():
            print(f"{k:>28}: {v}")
    print(json.dumps(result), flush=True)
    return 0


def register_benches(sub: Any) -> None:
    """``depot bench NAME ...``: one sub-parser per benchmark."""
    import importlib

    b = sub.add_parser("bench", help="benchmarks; the last printed line is one JSON object")
    benches = b.add_subparsers(dest="bench", required=True)
    t = benches.add_parser("throughput", help="finalised transfers per second against one core's verify rate")
    t.add_argument("--validators", type=int, default=1)
    t.add_argument("--txs", type=int, default=60_000)
    t.add_argument("--accounts", type=int, default=2_000)
    t.add_argument("--block-time-ms", type=int, default=250)
    t.add_argument(
        "--max-block-txs", type=int, default=None,
        help="genesis block size limit (default 8000 / validators: about one second of work per block under load)",
    )
    t.add_argument("--batch", type=int, default=1000, help="transactions per HTTP request")
    t.add_argument("--home", default=None)
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=lambda a: emit_result(a, bench_throughput(a)))
    for name in BENCH_MODULES:
        importlib.import_module(name).register(benches)
