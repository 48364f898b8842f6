"""``depot devnet``: a local network of node processes with demo organisations and accounts.

The first run in a folder creates the chain (keys, genesis, encrypted key files
for a demo account of every role, each funded with settlement tokens); later
runs in the same folder restart the same chain.  Every node is a separate
process speaking real HTTP on loopback.  The runner supervises them (a crashed
node is restarted), writes ``devnet.json`` once all answer, and on SIGINT or
SIGTERM stops them cleanly and removes ``devnet.json``.

The demo key files are encrypted, but their passwords are written next to them
in ``devnet.json``: this is a development network, never a production set-up.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from node.core.address import address_of_key, format_address
from node.core.crypto import PrivateKey, Scheme
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.genesis import DEFAULT_PARAMS, write_genesis_file
from node.core.types import U32
from node.devgenesis import DEMO_ACCOUNTS, AccountSpec, ValidatorSpec, build_genesis
from node.keyfile import create_keyfile, write_bytes_atomically
from node.modules import default_registry
from node.service import NodeConfig

log = logging.getLogger("depot.devnet")

DEMO_BALANCE = 1_000_000_00  # 1,000,000.00 tokens in minor units
VALIDATOR_OPERATORS = ("core_enterprise", "bank", "warehouse_manager", "logistics")


class DevnetError(Exception):
    pass


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass(slots=True)
class DevnetLayout:
    home: Path

    @property
    def setup(self) -> Path:
        return self.home / "setup.json"

    @property
    def devnet_json(self) -> Path:
        return self.home / "devnet.json"

    def node_home(self, i: int) -> Path:
        return self.home / f"node{i}"


def create_devnet(home: Path, validators: int, *, block_time_ms: int | None = None) -> dict[str, Any]:
    """Create keys, genesis and node folders for a new devnet in ``home``."""
    layout = DevnetLayout(home)
    home.mkdir(parents=True, exist_ok=True)
    chain_id = f"depot-devnet-{secrets.token_hex(3)}"
    keys_dir = home / "keys"
    keys_dir.mkdir(exist_ok=True)
    accounts: list[dict[str, Any]] = []
    specs: list[AccountSpec] = []
    account_keys: dict[str, PrivateKey] = {}
    for name, org, roles in DEMO_ACCOUNTS:
        key = PrivateKey.generate(Scheme.ED25519)
        account_keys[name] = key
        password = secrets.token_urlsafe(12)
        path = keys_dir / f"{name}.json"
        create_keyfile(path, key, password, strength="interactive", label=f"demo {name}")
        specs.append(AccountSpec(name, org, roles, int(key.scheme), key.public_key, DEMO_BALANCE))
        accounts.append(
            {
                "name": name,
                "address": format_address(address_of_key(int(key.scheme), key.public_key)),
                "role": roles[0],
                "roles": list(roles),
                "organisation": org,
                "keystore": str(path.resolve()),
                "password": password,
            }
        )
    vspecs: list[ValidatorSpec] = []
    nodes: list[dict[str, Any]] = []
    for i in range(validators):
        vkey = PrivateKey.generate(Scheme.ED25519)
        operator = account_keys[VALIDATOR_OPERATORS[i % len(VALIDATOR_OPERATORS)]]
        vspecs.append(ValidatorSpec(int(vkey.scheme), vkey.public_key, 10, operator.public_key))
        nh = layout.node_home(i)
        nh.mkdir(exist_ok=True)
        vpass = secrets.token_urlsafe(16)
        create_keyfile(nh / "validator_key.json", vkey, vpass, strength="interactive", label=f"validator {i}")
        write_bytes_atomically(nh / "validator_password", vpass.encode())
        nodes.append({"name": f"node{i}", "home": str(nh.resolve())})
    params = DEFAULT_PARAMS
    if block_time_ms is not None:
        params = type(DEFAULT_PARAMS)(
            DEFAULT_PARAMS.max_tx_ttl_ms, DEFAULT_PARAMS.max_block_txs, U32(block_time_ms), DEFAULT_PARAMS.empty_block_interval_ms
        )
    genesis = build_genesis(chain_id, time.time_ns() // 1_000_000, vspecs, specs, params=params)
    registry = default_registry()
    for n in nodes:
        nh = Path(n["home"])
        write_genesis_file(registry, genesis, nh / "genesis.json")
        cfg = NodeConfig(
            home=nh,
            name=n["name"],
            validator_keyfile=nh / "validator_key.json",
            validator_password_file=nh / "validator_password",
        )
        cfg.save()
    write_genesis_file(registry, genesis, home / "genesis.json")
    setup = {"chain_id": chain_id, "validators": validators, "nodes": nodes, "accounts": accounts}
    write_bytes_atomically(layout.setup, json.dumps(setup, indent=2).encode())
    return setup


class Devnet:
    """Supervises the node processes of a devnet."""

    def __init__(self, home: Path, setup: dict[str, Any]) -> None:
        self.layout = DevnetLayout(home)
        self.setup = setup
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.ports: dict[int, int] = {}
        self._stop = threading.Event()

    def _configure(self) -> None:
        """Give every node a port and the others' addresses as peers."""
        n = len(self.setup["nodes"])
        for i in range(n):
            if i not in self.ports:
                self.ports[i] = free_port()
        for i in range(n):
            cfg = NodeConfig.load(self.layout.node_home(i))
            cfg.port = self.ports[i]
            cfg.peers = [self.rpc(j) for j in range(n) if j != i]
            cfg.save()

    def _spawn(self, i: int) -> None:
        nh = self.layout.node_home(i)
        out = open(nh / "stdout.log", "ab")  # noqa: SIM115 - handed to the child
        self.procs[i] = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "node", "run", "--home", str(nh)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        out.close()

    def rpc(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def start(self, timeout_s: float = 60) -> None:
        self._configure()
        for i in range(len(self.setup["nodes"])):
            self._spawn(i)
        deadline = time.monotonic() + timeout_s
        for i in self.procs:
            while True:
                if self.procs[i].poll() is not None:
                    raise DevnetError(
                        f"node{i} exited with code {self.procs[i].returncode}; see {self.layout.node_home(i) / 'stdout.log'}"
                    )
                try:
                    if httpx.get(self.rpc(i) + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise DevnetError(f"node{i} did not answer within {timeout_s:.0f} s")
                time.sleep(0.1)
        public = {
            "chain_id": self.setup["chain_id"],
            "nodes": [{"name": f"node{i}", "rpc": self.rpc(i), "home": self.setup["nodes"][i]["home"]} for i in self.procs],
            "accounts": self.setup["accounts"],
            "pid": os.getpid(),
        }
        write_bytes_atomically(self.layout.devnet_json, json.dumps(public, indent=2).encode())

    def supervise(self) -> None:
        """Restart crashed nodes until ``stop()``."""
        backoff: dict[int, float] = {}
        while not self._stop.wait(0.5):
            for i, p in list(self.procs.items()):
                if p.poll() is not None and not self._stop.is_set():
                    delay = backoff.get(i, 0.5)
                    log.warning("node%d exited with code %s; restarting in %.1f s", i, p.returncode, delay)
                    if self._stop.wait(delay):
                        return
                    backoff[i] = min(delay * 2, 10)
                    self._spawn(i)

    def stop(self, grace_s: float = 15) -> None:
        self._stop.set()
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for p in self.procs.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        try:
            self.layout.devnet_json.unlink()
        except OSError:
            pass


def _traffic(net: Devnet, every_s: float, stop: threading.Event) -> None:
    """Demo payments between the demo accounts, so a newcomer sees transactions arrive."""
    import random

    from node.client import NodeClient
    from node.core.crypto import Signer
    from node.keyfile import load_keyfile
    from wallet.send import build_transfer

    rng = random.Random()
    people = [a for a in net.setup["accounts"] if a["name"] in ("supplier", "customer", "logistics", "core_enterprise")]
    signers = {a["name"]: Signer(load_keyfile(Path(a["keystore"]), a["password"])) for a in people}
    with NodeClient(net.rpc(0)) as client:
        chain_id = client.status()["chain_id"]
        while not stop.wait(every_s):
            payer, payee = rng.sample(people, 2)
            try:
                nonce = client.account(payer["address"])["account"]["nonce"]
                tx = build_transfer(
                    chain_id, signers[payer["name"]], nonce, payee["address"], rng.randrange(100, 500_00), "demo payment"
                )
                client.submit_tx(encode(tx))
            except DepotError as exc:
                log.info("demo payment skipped: %s", exc.message)


def _watch_stdin(stop: threading.Event) -> None:
    # The app keeps our stdin open for its whole life: end of file means it is gone.
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    log.info("standard input closed; stopping")
    stop.set()


def run_devnet(
    home: Path,
    validators: int,
    *,
    block_time_ms: int | None = None,
    exit_on_stdin_eof: bool = False,
    traffic_every_s: float | None = None,
    demo_tanks: int = 0,
) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s devnet: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not 1 <= validators <= 16:
        raise DevnetError("a devnet has 1 to 16 validators")
    home = Path(home).resolve()
    layout = DevnetLayout(home)
    if layout.setup.exists():
        setup = json.loads(layout.setup.read_text())
        if setup.get("validators") != validators:
            raise DevnetError(
                f"{home} holds a devnet with {setup.get('validators')} validators; use another folder"
            )
        log.info("restarting the devnet in %s (chain %s)", home, setup["chain_id"])
    else:
        setup = create_devnet(home, validators, block_time_ms=block_time_ms)
        log.info("created devnet %s in %s", setup["chain_id"], home)
    net = Devnet(home, setup)
    stop = threading.Event()

    def on_signal(_sig: int, _frame: Any) -> None:
        stop.set()
        net._stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    if hasattr(signal, "SIGBREAK"):  # Windows: CTRL_BREAK_EVENT from the app
        signal.signal(signal.SIGBREAK, on_signal)
    if exit_on_stdin_eof:
        threading.Thread(target=_watch_stdin, args=(stop,), daemon=True).start()
    try:
        net.start()
        log.info("devnet up: %s", ", ".join(net.rpc(i) for i in net.procs))
        print(json.dumps({"devnet": str(layout.devnet_json), "rpc": [net.rpc(i) for i in net.procs]}), flush=True)
        sup = threading.Thread(target=net.supervise, daemon=True)
        sup.start()
        if traffic_every_s:
            threading.Thread(target=_traffic, args=(net, traffic_every_s, stop), daemon=True).start()
        if demo_tanks:
            from app.demo_tanks import start_demo_tanks

            start_demo_tanks(home, [net.rpc(i) for i in net.procs], demo_tanks, stop)
        while not stop.wait(0.5):
            pass
    finally:
        log.info("stopping devnet")
        net.stop()
    return 0
