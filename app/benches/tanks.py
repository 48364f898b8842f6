"""``depot bench tanks``: simulated tanks reporting through gateways to a devnet; reading and order latency.

Everything runs as separate processes over loopback, as it would be deployed:
a ``depot devnet`` of ``--validators`` nodes, one ``depot sim tanks`` serving
``--tanks`` transmitters over Modbus TCP (simulated time runs ``--time-scale``
times faster, so tanks drain towards their warning lines during the run), and
``--gateways`` ``depot gateway`` processes, each polling its share of the tanks
every ``--interval-s`` and relaying through its own account with the role
``gateway`` (the demo ``gateway`` account, plus accounts registered by
governance).  The bench registers the supplier's storage and every tank (supplier
proposes, customer accepts) with warning lines a little below each tank's level,
so orders are created during the run.

It listens to a node's event stream and measures, for readings measured during
the ``--seconds`` window after ``--warmup-s``:

- ``readings_per_s``: readings recorded on chain (levels and faults) per second;
- ``reading_to_final_*``: from the reading's measurement (its signed ``time_ms``)
  to the arrival of its final block's event at the bench;
- ``low_level_to_order_*``: from the measurement of the reading that completed
  the debounce below the warning line to the arrival of the ``order.created``
  event, and ``order_blocks_after_trigger_max``: blocks between that reading's
  block and the order's (0: the same transaction creates it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
VALIDATOR_OPERATORS = ("core_enterprise", "bank", "warehouse_manager", "logistics")


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return round(s[max(0, math.ceil(p * len(s)) - 1)], 3)


def _log(msg: str) -> None:
    print(f"[bench tanks] {msg}", file=sys.stderr, flush=True)


class _Chain:
    """Signing and submitting as the devnet's demo accounts."""

    def __init__(self, info: dict[str, Any]) -> None:
        from node.core.crypto import Signer
        from node.keyfile import load_keyfile

        self.chain_id: str = info["chain_id"]
        self.rpcs: list[str] = [n["rpc"] for n in info["nodes"]]
        self.accounts = {a["name"]: a for a in info["accounts"]}
        self.signers = {
            name: Signer(load_keyfile(Path(a["keystore"]), a["password"]))
            for name, a in self.accounts.items()
            if name in {"supplier", "customer", *VALIDATOR_OPERATORS}
        }

    def send(self, who: str, txs: list[tuple[str, Any]], *, expect: str | None = None,
             ok_codes: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Submit ``txs`` with consecutive nonces and wait until they are final.

        With ``expect`` (an event kind), only the last transaction is awaited and
        the batch is checked by counting that event in the blocks it landed in
        (a transaction view costs the node a whole block's work); otherwise every
        transaction's result is checked.
        """
        from node.client import NodeClient
        from node.core.address import address_of_key, format_address
        from node.core.encoding import encode
        from node.core.transactions import TX_VERSION, TxBody, sign_body
        from node.core.types import U8, Nonce, TimestampMs

        s = self.signers[who]
        sender = address_of_key(int(s.scheme), s.public_key)
        views: list[dict[str, Any]] = []
        with NodeClient(self.rpcs[0], timeout_s=120) as c:
            nonce = int(c.account(format_address(sender))["account"]["nonce"])
            for start in range(0, len(txs), 2000):
                chunk = txs[start : start + 2000]
                raws, ids = [], []
                for i, (kind, payload) in enumerate(chunk):
                    body = TxBody(U8(TX_VERSION), self.chain_id, sender, Nonce(nonce + start + i),
                                  TimestampMs(_now_ms() + 600_000), kind, encode(payload))
                    tx = sign_body(body, [s])
                    raws.append(encode(tx))
                    ids.append(tx.tx_id().hex())
                first_height = int(c.status()["height"]) + 1
                for r in c.submit_batch(raws)["results"]:
                    if "error" in r:
                        raise RuntimeError(f"{who}: {r['error']['code']}: {r['error']['message']}")
                for tid in ids[-1:] if expect else ids:
                    deadline = time.monotonic() + 300
                    while (view := c.wait_tx(tid, timeout_s=10)).get("status") != "committed":
                        if time.monotonic() > deadline:
                            raise RuntimeError(f"{who}: transaction {tid} not final within 5 minutes")
                    if not view["result"]["ok"] and view["result"]["code"] not in ok_codes:
                        raise RuntimeError(f"{who}: {view['result']['code']}")
                    views.append(view)
                if expect:
                    seen, h = 0, first_height
                    while True:
                        page = c.events(from_height=h, to_height=int(views[-1]["height"]), kind=expect, limit=1000)["events"]
                        seen += len(page)
                        if len(page) < 1000:
                            break
                        h = int(page[-1]["height"]) + 1  # pages end on block boundaries in practice
                    if seen < len(chunk):
                        raise RuntimeError(f"{who}: only {seen} of {len(chunk)} transactions emitted {expect}")
        return views


def _register_relays(chain: _Chain, validators: int, keys: list[Any]) -> None:
    """``account.register`` by governance for each relay key: the first operator proposes, enough others vote."""
    from node.core.address import address_of_key
    from node.core.encoding import encode
    from node.core.types import U8, U64, Amount, TimestampMs
    from node.modules.accounts.records import AccountKey
    from node.modules.accounts.transitions import RegisterAccount
    from node.modules.governance.transitions import Propose, Vote

    if not keys:
        return
    proposals = []
    for i, k in enumerate(keys):
        action = RegisterAccount(address_of_key(int(k.scheme), k.public_key), "acme-fuel", f"bench-gateway-{i + 2}",
                                 ("gateway",), (AccountKey(U8(int(k.scheme)), k.public_key),), U8(1), U8(0), Amount(0))
        proposals.append(("gov.propose", Propose(f"bench relay {i + 2}", "account.register", encode(action),
                                                 TimestampMs(_now_ms() + 3_600_000))))
    views = chain.send(VALIDATOR_OPERATORS[0], proposals)
    pids = [int(e["attrs"]["proposal_id"]) for v in views for e in v["result"]["events"] if e["kind"] == "gov.proposed"]
    voters_needed = (2 * validators) // 3 + 1  # more than 2/3 of equal powers, the proposer included
    for voter in VALIDATOR_OPERATORS[1:voters_needed]:
        if voter in chain.signers:
            chain.send(voter, [("gov.vote", Vote(U64(p), True)) for p in pids], ok_codes=("proposal_closed",))


def _tank_terms(chain: _Chain, described: list[dict[str, Any]], device_of: dict[str, Any], rng: random.Random) -> list[Any]:
    from node.core.address import parse_address
    from node.core.types import U8, U32, U64, Amount
    from node.modules.tanks.geometry import Shape
    from node.modules.tanks.records import DeviceKey, Geometry, TankTerms

    owner = parse_address(chain.accounts["customer"]["address"])
    supplier = parse_address(chain.accounts["supplier"]["address"])
    out = []
    for t in described:
        h, cap = int(t["height_mm"]), int(t["capacity_l"])
        diameter = math.isqrt(4 * cap * 1_000_000 // (314 * h // 100)) + 2
        warning = max(2, int(t["level_mm"]) - h * rng.randrange(3, 13) // 100)
        dev = device_of[t["tank_id"]]
        out.append(TankTerms(
            tank_id=t["tank_id"], owner=owner, supplier=supplier, storage_id="BENCH-S1", product="diesel",
            geometry=Geometry(U8(Shape.VERTICAL_CYLINDER), U32(diameter), U32(h), ()), capacity_l=U64(cap),
            warning_mm=U32(warning), critical_mm=U32(max(1, warning // 2)), reorder_l=U64(cap // 2), debounce=U8(3),
            max_rise_mm_per_min=U32(1_000_000), max_fall_mm_per_min=U32(1_000_000), unit_price=Amount(1),
            delivery_deadline_ms=U64(24 * 3600 * 1000), dispute_window_ms=U64(0),
            device_keys=(DeviceKey(U8(int(dev.scheme)), dev.public_key),),
        ))
    return out


class _Listener(threading.Thread):
    """Collects readings, orders and blocks from a node's event stream with their arrival times."""

    def __init__(self, rpc: str) -> None:
        super().__init__(daemon=True)
        self.rpc = rpc
        self.readings: dict[tuple[str, int], tuple[int, int, int]] = {}  # (tank, seq) -> (time_ms, arrival_ms, height)
        self.orders: list[tuple[str, int, int, int]] = []  # (tank, trigger_seq, arrival_ms, height)
        self.blocks: list[tuple[int, int]] = []  # (height, arrival_ms)
        self.stop = threading.Event()
        self.connected = threading.Event()

    def run(self) -> None:
        import httpx

        while not self.stop.is_set():
            try:
                with httpx.Client(timeout=httpx.Timeout(10, read=30)) as c, c.stream("GET", self.rpc + "/v1/stream") as r:
                    self.connected.set()
                    event = None
                    for line in r.iter_lines():
                        if self.stop.is_set():
                            return
                        if line.startswith("event: "):
                            event = line[7:]
                        elif line.startswith("data: "):
                            self._on(event, json.loads(line[6:]), _now_ms())
            except httpx.HTTPError:
                time.sleep(0.5)

    def _on(self, event: str | None, d: dict[str, Any], now: int) -> None:
        if event == "block":
            self.blocks.append((int(d["height"]), now))
        elif event == "chain_event":
            kind, a = d.get("kind"), d.get("attrs") or {}
            if kind in ("reading.accepted", "reading.fault"):
                self.readings[(a["tank_id"], int(a["seq"]))] = (int(a["time_ms"]), now, int(d["height"]))
            elif kind == "order.created":
                self.orders.append((a["tank_id"], int(a["trigger_seq"]), now, int(d["height"])))


def _cli() -> list[str]:
    from app.cli import COMMAND_MODULES

    if "app.commands.gateway" in COMMAND_MODULES:
        return [sys.executable, "-m", "app.cli"]
    return [sys.executable, "-m", "app.commands.gateway"]


def _stop(procs: list[subprocess.Popen[Any]], timeout_s: float = 60) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def bench_tanks(args: argparse.Namespace) -> dict[str, Any]:
    from node.core.crypto import PrivateKey, Scheme
    from node.core.types import U64
    from node.keyfile import create_keyfile, write_bytes_atomically
    from node.modules.tanks.payloads import AcceptTank, RegisterStorage
    from node.modules.tanks.registration import terms_hash

    if args.gateways < 1 or args.tanks < args.gateways:
        raise SystemExit("need at least one gateway and one tank per gateway")
    # SIGTERM unwinds like Ctrl-C, so the devnet, simulator and gateways are always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="depot-bench-tanks-"))
    home.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    procs: list[subprocess.Popen[Any]] = []
    gateways: list[subprocess.Popen[Any]] = []
    env = dict(os.environ, PYTHONUNBUFFERED="1", DEPOT_LOG_LEVEL="WARNING")
    net_home = home / "net"
    _log(f"starting a devnet of {args.validators} validators in {net_home}")
    devnet_cmd = [sys.executable, "-m", "app.cli", "devnet", "--home", str(net_home), "--validators", str(args.validators)]
    if args.block_time_ms:
        devnet_cmd += ["--block-time-ms", str(args.block_time_ms)]
    devnet = subprocess.Popen(devnet_cmd, stdout=open(home / "devnet.log", "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
                              stdin=subprocess.DEVNULL, cwd=REPO, env=env)
    listener: _Listener | None = None
    try:
        deadline = time.monotonic() + 180
        while not (net_home / "devnet.json").exists():
            if devnet.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the devnet did not start; see {home / 'devnet.log'}")
            time.sleep(0.2)
        chain = _Chain(json.loads((net_home / "devnet.json").read_text()))

        keys_dir = home / "keys"
        keys_dir.mkdir(exist_ok=True)
        relay_files: list[tuple[Path, Path]] = []
        demo = chain.accounts["gateway"]
        pw = keys_dir / "gateway-1.pw"
        write_bytes_atomically(pw, demo["password"].encode())
        relay_files.append((Path(demo["keystore"]), pw))
        extra = [PrivateKey.generate(Scheme.ED25519) for _ in range(args.gateways - 1)]
        for i, k in enumerate(extra):
            password = secrets.token_urlsafe(12)
            kf, pf = keys_dir / f"gateway-{i + 2}.json", keys_dir / f"gateway-{i + 2}.pw"
            create_keyfile(kf, k, password, strength="interactive")
            write_bytes_atomically(pf, password.encode())
            relay_files.append((kf, pf))
        _log(f"registering {len(extra)} more relaying accounts by governance")
        _register_relays(chain, args.validators, extra)
        devices = []
        for g in range(args.gateways):
            k = PrivateKey.generate(Scheme.ED25519)
            password = secrets.token_urlsafe(12)
            kf, pf = keys_dir / f"device-{g + 1}.json", keys_dir / f"device-{g + 1}.pw"
            create_keyfile(kf, k, password, strength="interactive")
            write_bytes_atomically(pf, password.encode())
            devices.append((k, kf, pf))

        _log(f"starting the simulator with {args.tanks} tanks (time ×{args.time_scale:g})")
        describe = home / "tanks.json"
        sim = subprocess.Popen(
            [*_cli(), "sim", "tanks", "--tanks", str(args.tanks), "--port", "0", "--seed", str(args.seed),
             "--prefix", "bench-", "--time-scale", str(args.time_scale), "--describe", str(describe),
             "--rpc", chain.rpcs[0]],
            stdout=subprocess.PIPE, stderr=open(home / "sim.log", "ab"), cwd=REPO, env=env, text=True,  # noqa: SIM115
        )
        procs.append(sim)
        assert sim.stdout is not None
        ready = json.loads(sim.stdout.readline())
        described = json.loads(describe.read_text())["tanks"]
        share = [described[g * len(described) // args.gateways : (g + 1) * len(described) // args.gateways]
                 for g in range(args.gateways)]
        device_of = {t["tank_id"]: devices[g][0] for g in range(args.gateways) for t in share[g]}

        _log("registering the supplier's storage and every tank (supplier proposes, customer accepts)")
        chain.send("supplier", [("tank.register_storage", RegisterStorage("BENCH-S1", "diesel", U64(10**12), U64(10**11)))])
        terms = _tank_terms(chain, described, device_of, rng)
        chain.send("supplier", [("tank.propose", t) for t in terms], expect="tank.proposed")
        chain.send("customer", [("tank.accept", AcceptTank(t.tank_id, terms_hash(t))) for t in terms],
                   expect="tank.registered")

        listener = _Listener(chain.rpcs[0])
        listener.start()
        listener.connected.wait(30)
        for g in range(args.gateways):
            cfg = {
                "gateway": {"name": f"bench-gw{g + 1}", "data_dir": str(home / f"gw{g + 1}"),
                            "poll_interval_s": args.interval_s, "chain_id": chain.chain_id,
                            "device_keyfile": str(devices[g][1]), "device_password_file": str(devices[g][2]),
                            "log_file": str(home / f"gw{g + 1}.log")},
                "http": {"rpc": chain.rpcs[g % len(chain.rpcs)], "relay_keyfile": str(relay_files[g][0]),
                         "relay_password_file": str(relay_files[g][1])},
                "sensors": [{"name": "sim", "host": "127.0.0.1", "port": ready["port"]}],
                "tanks": [{"tank_id": t["tank_id"], "sensor": "sim", "register": t["register"], "span_mm": t["height_mm"]}
                          for t in share[g]],
            }
            path = home / f"gw{g + 1}.json"
            path.write_text(json.dumps(cfg, indent=1))
            gateways.append(subprocess.Popen([*_cli(), "gateway", "--config", str(path), "--log-level", "INFO"],
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, env=env))
            time.sleep(args.interval_s / args.gateways)  # spread the polls over the interval
        procs.extend(gateways)
        _log(f"{args.gateways} gateways running; warming up {args.warmup_s:g} s, then measuring {args.seconds:g} s")
        time.sleep(args.warmup_s)
        t0 = _now_ms()
        time.sleep(args.seconds)
        t1 = _now_ms()
        time.sleep(min(30.0, args.interval_s + 10))  # let readings measured in the window become final
        for p in gateways:
            if p.poll() is not None:
                raise SystemExit(f"a gateway exited with code {p.returncode}; see {home}/gw*.log")
    finally:
        _stop(gateways)
        if listener is not None:
            listener.stop.set()
        _stop([p for p in procs if p not in gateways])
        _stop([devnet])

    assert listener is not None
    window = [(tm, arr, h) for (tm, arr, h) in listener.readings.values() if t0 <= tm < t1]
    latencies = [(arr - tm) / 1000 for tm, arr, _ in window]
    order_lat: list[float] = []
    order_blocks: list[int] = []
    for tank, seq, arr, height in listener.orders:
        trig = listener.readings.get((tank, seq))
        if trig is not None and t0 <= trig[0] < t1:
            order_lat.append((arr - trig[0]) / 1000)
            order_blocks.append(height - trig[2])
    blocks = [(h, a) for h, a in listener.blocks if t0 <= a < t1]
    stats: dict[str, int] = {}
    for g in range(args.gateways):
        log_text = (home / f"gw{g + 1}.log").read_text(errors="replace") if (home / f"gw{g + 1}.log").exists() else ""
        for line in log_text.splitlines():
            if "stopped: {" in line:
                for k, v in json.loads(line.split("stopped: ", 1)[1]).items():
                    stats[k] = stats.get(k, 0) + int(v)
    seconds = (t1 - t0) / 1000
    return {
        "bench": "tanks",
        "validators": args.validators,
        "tanks": args.tanks,
        "gateways": args.gateways,
        "interval_s": args.interval_s,
        "seconds": round(seconds, 1),
        "readings": len(window),
        "readings_per_s": round(len(window) / seconds, 1),
        "offered_readings_per_s": round(args.tanks / args.interval_s, 1),
        "reading_to_final_p50_s": _pct(latencies, 0.50),
        "reading_to_final_p95_s": _pct(latencies, 0.95),
        "reading_to_final_max_s": _pct(latencies, 1.0),
        "orders_created": len(order_lat),
        "low_level_to_order_p50_s": _pct(order_lat, 0.50),
        "low_level_to_order_p95_s": _pct(order_lat, 0.95),
        "order_blocks_after_trigger_max": max(order_blocks) if order_blocks else None,
        "blocks": len(blocks),
        "mean_block_interval_s": round((blocks[-1][1] - blocks[0][1]) / 1000 / (len(blocks) - 1), 3) if len(blocks) > 1 else None,
        "readings_read": stats.get("readings_read", 0),
        "readings_delivered": stats.get("readings_delivered", 0),
        "readings_rejected": stats.get("readings_rejected", 0),
        "readings_on_chain": stats.get("readings_on_chain", 0),
        "faults": stats.get("faults", 0),
        "read_errors": stats.get("read_errors", 0),
        "delivery_errors": stats.get("delivery_errors", 0),
        "txs_committed": stats.get("txs_committed", 0),
        "cores": os.cpu_count(),
        "home": str(home),
    }


def register(benches: Any) -> None:
    """``depot bench tanks``."""
    from app.bench import emit_result

    t = benches.add_parser("tanks", help="simulated tanks → gateways → devnet: readings/s, reading and order latency")
    t.add_argument("--tanks", type=int, default=1000)
    t.add_argument("--validators", type=int, default=4)
    t.add_argument("--gateways", type=int, default=4, help="gateway processes, each with its own relaying account")
    t.add_argument("--interval-s", type=float, default=10.0, help="each tank reports this often")
    t.add_argument("--seconds", type=float, default=60.0, help="measurement window")
    t.add_argument("--warmup-s", type=float, default=15.0)
    t.add_argument("--time-scale", type=float, default=720.0, help="simulated seconds per second (tanks drain faster)")
    t.add_argument("--block-time-ms", type=int, default=None)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--home", default=None)
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=lambda a: emit_result(a, bench_tanks(a)))
