"""``depot bench light-sync`` and ``depot bench replay``: light-client header verification and full-sync replay.

``light-sync`` builds a synthetic chain in memory (real genesis, four
validators of equal power by default, every commit signed), then verifies it
twice with the light client into a fresh SQLite store: sequentially (every
header) and by skipping (one step when the set never changes).  Its ceiling
is measured in the same run: one core's Ed25519 verification rate over the
chain's own precommits, divided by the signatures a header needs (the fewest
validators holding more than 2/3 of the power).

``replay`` builds a source chain of transfers with the node's own block
producer, serves it from a real ``depot node run`` process (no validator key,
no rate limit) and full-syncs it over HTTP; the rate is compared with the
all-cores signature verification rate (one core's rate, measured in the same
run on the chain's transactions, times the cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from node.core.blocks import CommitFlag, Vote, VoteType, vote_signing_message
from node.core.types import U8, Round


def register(benches: Any) -> None:
    """Add this area's benchmarks (``app.bench.emit_result`` prints them)."""
    from app.bench import emit_result

    ls = benches.add_parser("light-sync", help="light-client header verification: sequential and skipping")
    ls.add_argument("--blocks", type=int, default=100_000)
    ls.add_argument("--validators", type=int, default=4)
    ls.add_argument("--home", default=None, help="folder for the light stores (default: a temporary one)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=lambda a: emit_result(a, bench_light_sync(a)))

    rp = benches.add_parser("replay", help="full sync (download, verify, re-execute) of a chain of transfers")
    rp.add_argument("--txs", type=int, default=200_000)
    rp.add_argument("--accounts", type=int, default=2_000)
    rp.add_argument("--per-block", type=int, default=2_000)
    rp.add_argument("--source", choices=("http", "store"), default="http",
                    help="sync from a node process over HTTP (default) or read its store directly")  # fmt: skip
    rp.add_argument("--home", default=None)
    rp.add_argument("--reuse", action="store_true", help="sync the chain already built in --home again")
    rp.add_argument("--json", action="store_true")
    rp.set_defaults(func=lambda a: emit_result(a, bench_replay(a)))


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


def signatures_needed(powers: list[int]) -> int:
    """The fewest validators whose power is more than 2/3 of the total."""
    total = sum(powers)
    got = 0
    for i, p in enumerate(sorted(powers, reverse=True), 1):
        got += p
        if 3 * got > 2 * total:
            return i
    return len(powers)  # pragma: no cover - the whole set always has more than 2/3


def bench_light_sync(args: argparse.Namespace) -> dict[str, Any]:
    from node.light.client import LightClient
    from node.light.network import NetworkConfig
    from node.light.store import LightStore
    from node.light.synthetic import SyntheticChain, SyntheticProvider
    from node.modules import default_registry

    n = int(args.blocks)
    registry = default_registry()
    now = _wall_ms()
    interval = 1_000
    t0 = time.perf_counter()
    chain = SyntheticChain(
        registry,
        chain_id="depot-bench-light",
        validators=int(args.validators),
        genesis_time_ms=now - (n + 60) * interval,
        block_interval_ms=interval,
    )
    chain.extend(n)
    build_s = time.perf_counter() - t0

    samples = []
    for h in range(1, min(n, 200) + 1):
        commit = chain.commit(h)
        msg = vote_signing_message(
            chain.chain_id, Vote(U8(VoteType.PRECOMMIT), commit.height, Round(int(commit.round)), commit.block_id)
        )
        for cs, v in zip(commit.signatures, chain.vsets[h].validators, strict=True):
            if cs.flag == CommitFlag.COMMIT:
                samples.append((int(v.scheme), v.public_key, msg, cs.signature))
    needed = signatures_needed([int(v.power) for v in chain.vsets[1].validators])
    rates = [verify_rates(samples, seconds=1.5)]

    net = NetworkConfig(chain.chain_id, chain.genesis_hash)
    clock = lambda: now  # noqa: E731 - the bench's fixed "now"
    folder = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="depot-bench-light-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for mode in ("sequential", "skipping"):
        store = LightStore.open(f"sqlite:///{folder / f'{mode}-{os.getpid()}-{time.time_ns()}.db'}")
        client = LightClient(store, net, SyntheticProvider(chain), registry=registry, clock=clock)
        t, cpu = time.perf_counter(), time.process_time()
        r = client.sync(mode=mode)
        results[mode] = (time.perf_counter() - t, time.process_time() - cpu, r)
        if r.height != n:
            raise RuntimeError(f"{mode} sync stopped at {r.height} of {n}")
        store.close()
        if mode == "sequential":
            # Measured again right after: on a shared machine the load changes during the run.
            rates.append(verify_rates(samples, seconds=1.5))
    wall_rate = sum(r[0] for r in rates) / len(rates)
    cpu_rate = sum(r[1] for r in rates) / len(rates)
    seq_s, seq_cpu, _ = results["sequential"]
    skip_s, _, skip = results["skipping"]
    return {
        "blocks": n,
        "sequential_headers_per_s": round(n / seq_s, 1),
        "skipping_seconds": round(skip_s, 4),
        "verify_per_s_per_core": round(cpu_rate, 1),
        "ceiling_headers_per_s": round(cpu_rate / needed, 1),
        # Both sides single-threaded and counted in CPU seconds: the ratio does not move with
        # the machine's load.  The wall-clock figures are beside it.
        "ratio": round((n / seq_cpu) / (cpu_rate / needed), 3),
        "sequential_headers_per_cpu_s": round(n / seq_cpu, 1),
        "ratio_wall_clock": round((n / seq_s) / (wall_rate / needed), 3),
        "verify_per_s_wall_clock": round(wall_rate, 1),
        "validators": int(args.validators),
        "signatures_per_header": needed,
        "sequential_seconds": round(seq_s, 3),
        "skipping_verified_headers": skip.verified_headers,
        "build_seconds": round(build_s, 2),
        "threads": 1,
    }


def verify_rates(samples: list[tuple[int, bytes, bytes, bytes]], seconds: float) -> tuple[float, float]:
    """Signatures verified by one thread per wall-clock second and per CPU second."""
    from node.core import crypto

    verify = crypto.verify
    n = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while True:
        for scheme, pk, msg, sig in samples:
            verify(scheme, pk, msg, sig)
        n += len(samples)
        el = time.perf_counter() - t0
        if el >= seconds:
            return n / el, n / max(time.process_time() - c0, 1e-9)


# --- replay -------------------------------------------------------------------------------------


def _build_source(home: Path, n_txs: int, n_accounts: int, per_block: int) -> tuple[Any, list[tuple[int, bytes, bytes, bytes]]]:
    """A node home holding ``n_txs`` transfers made by the node's own producer; returns its genesis and signature samples."""
    from node.chain import Candidate, Chain, store_url_for_home
    from node.core.address import address_of_key
    from node.core.crypto import PrivateKey, Signer
    from node.core.encoding import encode
    from node.core.genesis import DEFAULT_PARAMS, ChainParams, write_genesis_file
    from node.core.transactions import TX_VERSION, TxBody, sign_body, tx_signing_message
    from node.core.types import U32, Amount, Nonce, TimestampMs
    from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
    from node.modules import default_registry
    from node.modules.accounts.transitions import Transfer
    from node.storage import Store

    keys = [PrivateKey.generate() for _ in range(n_accounts)]
    signers = [Signer(k) for k in keys]
    addrs = [address_of_key(1, k.public_key) for k in keys]
    vkey = PrivateKey.generate()
    vsigner = Signer(vkey)
    vaddr = address_of_key(1, vkey.public_key)
    now = _wall_ms()
    blocks = -(-n_txs // per_block)
    start = now - (blocks + 10) * 1000
    specs = [AccountSpec(f"acct-{i}", "northmill", ("customer",), 1, k.public_key, 10**12) for i, k in enumerate(keys)]
    params = ChainParams(DEFAULT_PARAMS.max_tx_ttl_ms, U32(max(per_block, 1)), U32(500), U32(5000))
    genesis = build_genesis(
        "depot-bench-replay", start - 1000, [ValidatorSpec(1, vkey.public_key, 10, keys[0].public_key)], specs, params=params
    )
    registry = default_registry()
    home.mkdir(parents=True, exist_ok=True)
    write_genesis_file(registry, genesis, home / "genesis.json")
    chain = Chain(Store.open(store_url_for_home(home)), registry, genesis)
    nonces = [0] * n_accounts
    samples: list[tuple[int, bytes, bytes, bytes]] = []
    made = 0
    t = start
    while made < n_txs:
        cands = []
        for j in range(min(per_block, n_txs - made)):
            i = (made + j) % n_accounts
            body = TxBody(
                U8(TX_VERSION), genesis.chain_id, addrs[i], Nonce(nonces[i]), TimestampMs(t + 3_600_000),
                "token.transfer", encode(Transfer(addrs[(i + 1 + j % 7) % n_accounts], Amount(1 + j % 5), "")),
            )  # fmt: skip
            nonces[i] += 1
            tx = sign_body(body, [signers[i]])
            tid = tx.tx_id()
            if len(samples) < 2000:
                s = tx.signatures[0]
                samples.append((1, s.public_key, tx_signing_message(genesis.chain_id, tid), bytes(s.signature)))
            cands.append(Candidate(tx, tid, None, encode(tx)))
        t += 1000
        ex = chain.build_block(cands, t, vaddr)
        chain.commit(ex, chain.sign_commit(ex, vsigner, vaddr))
        made += len(cands)
    chain.store.close()
    return genesis, samples


def _load_source(home: Path) -> tuple[Any, list[tuple[int, bytes, bytes, bytes]]]:
    """The genesis and signature samples of a source chain built by an earlier run."""
    from node.core.blocks import Block
    from node.core.encoding import decode
    from node.core.genesis import load_genesis_file
    from node.core.transactions import tx_signing_message
    from node.modules import default_registry
    from node.storage import Store

    genesis = load_genesis_file(default_registry(), home / "genesis.json")
    store = Store.open(f"sqlite:///{(home / 'node.db').resolve()}")
    try:
        block = decode(Block, store.block(1) or b"")
    finally:
        store.close()
    samples = [
        (int(t.signatures[0].scheme), t.signatures[0].public_key,
         tx_signing_message(genesis.chain_id, t.tx_id()), bytes(t.signatures[0].signature))
        for t in block.txs[:2000]
    ]  # fmt: skip
    return genesis, samples


def _children_cpu_s() -> float:
    """CPU seconds of this process's children that have ended (0 where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_replay(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    from app.bench import measure_verify_rate
    from app.devnet import free_port
    from node.chain import Chain, store_url_for_home
    from node.core.genesis import genesis_hash
    from node.modules import default_registry
    from node.service import NodeConfig
    from node.storage import Store
    from node.sync import FullSync, HttpBlockSource, StoreBlockSource

    folder = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="depot-bench-replay-"))
    src_home = folder / "source"
    t0 = time.perf_counter()
    if args.reuse and (src_home / "node.db").exists():
        genesis, samples = _load_source(src_home)
    else:
        if (src_home / "node.db").exists():
            raise RuntimeError(f"{src_home} already holds a chain (pass --reuse to sync it again)")
        genesis, samples = _build_source(src_home, int(args.txs), int(args.accounts), int(args.per_block))
    build_s = time.perf_counter() - t0
    rates = [measure_verify_rate(samples, seconds=1.5)]
    cores = os.cpu_count() or 1
    registry = default_registry()

    proc: subprocess.Popen[bytes] | None = None
    src_store: Store | None = None
    try:
        if args.source == "http":
            port = free_port()
            NodeConfig(home=src_home, name="replay-source", port=port, rate_limit_per_s=0).save()
            log = open(src_home / "stdout.log", "ab")  # noqa: SIM115 - handed to the child
            proc = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "node", "run", "--home", str(src_home)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            log.close()
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the source node did not start; see {src_home / 'stdout.log'}")
                time.sleep(0.1)
            peers: list[Any] = [HttpBlockSource(url)]
        else:
            src_store = Store.open(store_url_for_home(src_home))
            peers = [StoreBlockSource(src_store, genesis.chain_id, genesis_hash(genesis))]
        dst_home = folder / f"replica-{time.time_ns()}"
        dst_home.mkdir(parents=True, exist_ok=True)
        chain = Chain(Store.open(store_url_for_home(dst_home)), registry, genesis)
        sync = FullSync(chain, peers)
        cpu0 = time.process_time() + _children_cpu_s()
        result = sync.run()
        cpu_s = time.process_time() + _children_cpu_s() - cpu0  # the checking processes have ended
        chain.store.close()
        for p in peers:
            p.close()
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        if src_store is not None:
            src_store.close()
    rates.append(measure_verify_rate(samples, seconds=1.5))
    per_core = sum(rates) / len(rates)
    src = Store.open(store_url_for_home(src_home))
    same_root = src.state_root(result.height) == bytes(result.state_root)
    src.close()
    tx_per_s = result.txs / result.seconds
    return {
        "tx_per_s": round(tx_per_s, 1),
        "verify_per_s_per_core": round(per_core, 1),
        "cores": cores,
        "ratio": round(tx_per_s / (per_core * cores), 3),
        "txs": result.txs,
        # The sync's CPU (this process's threads and its checking processes) per transaction:
        # what the sync costs, whatever the load.
        "tx_per_cpu_s": round(result.txs / max(cpu_s, 1e-9), 1),
        "blocks": result.blocks,
        "seconds": round(result.seconds, 2),
        "same_state_root": same_root,
        "source": args.source,
        "build_seconds": round(build_s, 1),
    }
