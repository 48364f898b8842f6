"""A real node process with tanks registered for the gateway tests; no tests here.

``TankNet`` writes a genesis with a validator, a bank, a supplier, a customer
and two relaying accounts with the role ``gateway`` (one for a gateway, one
for the MQTT bridge), starts ``depot node run`` on loopback, registers the
supplier's storage and the simulator's tanks (supplier proposes, customer
accepts) bound to a device key, and can stop and restart the node to make it
unreachable.  Keys are written as encrypted key files with password files, as
a gateway would use them.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from node.client import NodeClient
from node.core.address import address_of_key, format_address
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import decode, encode
from node.core.genesis import write_genesis_file
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, U32, U64, Address, Amount, Nonce, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.keyfile import create_keyfile, write_bytes_atomically
from node.modules import default_registry
from node.modules.tanks.geometry import Shape
from node.modules.tanks.payloads import AcceptTank, RegisterStorage
from node.modules.tanks.records import DeviceKey, Geometry, TankLive, TankTerms, live_key
from node.modules.tanks.registration import terms_hash
from node.service import NodeConfig
from node.sim.tanks import TankSpec
from tests.kit import listen_port

REPO = Path(__file__).resolve().parents[2]

ROLES: dict[str, tuple[str, tuple[str, ...], int]] = {
    "bank": ("city-bank", ("bank", "governor"), 10**10),
    "supplier": ("acme-fuel", ("supplier",), 0),
    "customer": ("northmill", ("customer",), 10**10),
    "relay": ("acme-fuel", ("gateway",), 0),
    "bridge": ("core-corp", ("gateway",), 0),
}


def free_port() -> int:
    """A port for a server the test starts later (see ``tests.kit.listen_port``)."""
    return listen_port()


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class KeyOnDisk:
    """An encrypted key file and its password file."""

    key: PrivateKey
    keyfile: Path
    password_file: Path

    @property
    def signer(self) -> Signer:
        return Signer(self.key)

    @property
    def address(self) -> Address:
        return address_of_key(int(self.key.scheme), self.key.public_key)


def write_key(directory: Path, name: str, scheme: Scheme = Scheme.ED25519) -> KeyOnDisk:
    key = PrivateKey.generate(scheme)
    password = secrets.token_urlsafe(12)
    keyfile, pw = directory / f"{name}.json", directory / f"{name}.pw"
    create_keyfile(keyfile, key, password, strength="interactive", label=name)
    write_bytes_atomically(pw, password.encode())
    return KeyOnDisk(key, keyfile, pw)


def vertical_geometry(spec: TankSpec) -> Geometry:
    """A vertical cylinder of the simulated tank's height, wide enough to hold its capacity."""
    diameter = math.isqrt(4 * spec.capacity_l * 1_000_000 // (314 * spec.height_mm // 100)) + 2
    return Geometry(U8(Shape.VERTICAL_CYLINDER), U32(diameter), U32(spec.height_mm), ())


@dataclass
class TankNet:
    """One validator node process and the accounts, keys and tanks the gateway tests use."""

    home: Path
    device_scheme: Scheme = Scheme.ED25519
    block_time_ms: int = 250
    keys: dict[str, KeyOnDisk] = field(default_factory=dict)
    device: KeyOnDisk | None = None
    proc: subprocess.Popen[bytes] | None = None
    chain_id: str = ""
    port: int = 0
    storage_registered: bool = False

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        kd = self.home / "keys"
        kd.mkdir(exist_ok=True)
        for name in ROLES:
            self.keys[name] = write_key(kd, name)
        self.device = write_key(kd, "device", self.device_scheme)
        validator = PrivateKey.generate(Scheme.ED25519)
        specs = [AccountSpec(n, org, roles, 1, self.keys[n].key.public_key, bal) for n, (org, roles, bal) in ROLES.items()]
        self.chain_id = f"depot-gwtest-{secrets.token_hex(3)}"
        genesis = build_genesis(self.chain_id, now_ms() - 1000,
                                [ValidatorSpec(1, validator.public_key, 10, self.keys["bank"].key.public_key)], specs)
        nh = self.node_home
        nh.mkdir(exist_ok=True)
        write_genesis_file(default_registry(), genesis, nh / "genesis.json")
        vpass = secrets.token_urlsafe(12)
        create_keyfile(nh / "validator_key.json", validator, vpass, strength="interactive")
        write_bytes_atomically(nh / "validator_password", vpass.encode())
        self.port = free_port()
        NodeConfig(home=nh, name="gw-test-node", port=self.port, validator_keyfile=nh / "validator_key.json",
                   validator_password_file=nh / "validator_password", block_time_ms=self.block_time_ms,
                   rate_limit_per_s=0).save()

    @property
    def node_home(self) -> Path:
        return self.home / "node0"

    @property
    def rpc(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- the node process ------------------------------------------------------------------------

    def start(self, timeout_s: float = 60) -> None:
        log = open(self.home / "node.stdout.log", "ab")  # noqa: SIM115 - handed to the child
        env = dict(os.environ, DEPOT_LOG_LEVEL="WARNING")
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", "node", "run", "--home", str(self.node_home)],
                                     stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO, env=env)
        log.close()
        deadline = time.monotonic() + timeout_s
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("the node exited: " + (self.home / "node.stdout.log").read_text()[-2000:])
            try:
                if httpx.get(self.rpc + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the node did not start")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM and wait: the node stops cleanly and stays down until ``start``."""
        if self.proc is None or self.proc.poll() is not None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    # --- transactions ------------------------------------------------------------------------------

    def address(self, name: str) -> str:
        return format_address(self.keys[name].address)

    def send(self, who: str, txs: list[tuple[str, Any]], timeout_s: float = 30) -> list[dict[str, Any]]:
        """Sign ``(kind, payload)`` transactions with consecutive nonces, submit them, wait until all are final."""
        k = self.keys[who]
        with NodeClient(self.rpc) as c:
            nonce = int(c.account(self.address(who))["account"]["nonce"])
            raws, ids = [], []
            for i, (kind, payload) in enumerate(txs):
                body = TxBody(U8(TX_VERSION), self.chain_id, k.address, Nonce(nonce + i), TimestampMs(now_ms() + 600_000),
                              kind, encode(payload))
                tx = sign_body(body, [k.signer])
                raws.append(encode(tx))
                ids.append(tx.tx_id().hex())
            for r in c.submit_batch(raws)["results"]:
                if "error" in r:
                    raise RuntimeError(f"{who}: {r['error']}")
            views = []
            for tid in ids:
                deadline = time.monotonic() + timeout_s
                while (view := c.wait_tx(tid, timeout_s=10)).get("status") != "committed":
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{tid} not final")
                if not view["result"]["ok"]:
                    raise RuntimeError(f"{who}: {view['result']}")
                views.append(view)
            return views

    def register_tanks(self, specs: list[TankSpec], *, warning_mm: int | None = None, reorder_l: int | None = None,
                       debounce: int = 3, unit_price: int = 800, storage_l: int = 10_000_000) -> None:
        """The supplier's storage, then every tank: supplier proposes, customer accepts; bound to the device key."""
        assert self.device is not None
        dev = DeviceKey(U8(int(self.device.key.scheme)), self.device.key.public_key)
        if not self.storage_registered:
            self.send("supplier", [("tank.register_storage", RegisterStorage("S1", "diesel", U64(storage_l * 2), U64(storage_l)))])
            self.storage_registered = True
        terms = [
            TankTerms(
                tank_id=s.tank_id, owner=self.keys["customer"].address, supplier=self.keys["supplier"].address,
                storage_id="S1", product="diesel", geometry=vertical_geometry(s), capacity_l=U64(s.capacity_l),
                warning_mm=U32(warning_mm if warning_mm is not None else max(1, s.height_mm // 20)),
                critical_mm=U32(max(1, (warning_mm if warning_mm is not None else s.height_mm // 20) // 2)),
                reorder_l=U64(reorder_l if reorder_l is not None else s.capacity_l // 2), debounce=U8(debounce),
                max_rise_mm_per_min=U32(100_000), max_fall_mm_per_min=U32(100_000), unit_price=Amount(unit_price),
                delivery_deadline_ms=U64(24 * 3600 * 1000), dispute_window_ms=U64(0), device_keys=(dev,),
            )
            for s in specs
        ]
        for i in range(0, len(terms), 500):
            chunk = terms[i : i + 500]
            self.send("supplier", [("tank.propose", t) for t in chunk])
            self.send("customer", [("tank.accept", AcceptTank(t.tank_id, terms_hash(t))) for t in chunk])

    def live(self, tank_id: str) -> TankLive | None:
        with NodeClient(self.rpc) as c:
            value = c.state(live_key(tank_id))["value"]
        return decode(TankLive, bytes.fromhex(value)) if value else None

    def accepted_seqs(self, tank_id: str) -> list[int]:
        """Sequence numbers of the tank's readings the chain recorded (levels and faults), in chain order."""
        seen: set[tuple[int, int, int]] = set()
        with NodeClient(self.rpc) as c:
            for kind in ("reading.accepted", "reading.fault"):
                h = 0
                while True:
                    page = c.events(from_height=h, kind=kind, limit=1000)["events"]
                    new = {(e["height"], e["tx_index"], int(e["attrs"]["seq"])) for e in page
                           if e["attrs"].get("tank_id") == tank_id} - seen
                    seen |= new
                    if len(page) < 1000:
                        break
                    # A full page may end inside a height: read that height again (duplicates are ignored).
                    h = page[-1]["height"] if new or page[-1]["height"] > h else page[-1]["height"] + 1
        return [seq for *_, seq in sorted(seen)]


def gateway_config(
    path: Path,
    net: TankNet,
    *,
    name: str,
    sim_port: int,
    tanks: list[dict[str, Any]],
    relay: str | None = "relay",
    mqtt_url: str | None = None,
    poll_interval_s: float = 0.3,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write a gateway configuration (JSON) reading ``tanks`` from a simulator on ``sim_port``."""
    assert net.device is not None
    gateway: dict[str, Any] = {
        "name": name, "poll_interval_s": poll_interval_s, "data_dir": str(path.parent / f"{name}-data"),
        "device_keyfile": str(net.device.keyfile), "device_password_file": str(net.device.password_file),
        "chain_id": net.chain_id, "durable": False, **(extra or {}),
    }
    doc: dict[str, Any] = {"gateway": gateway, "sensors": [{"name": "sim", "host": "127.0.0.1", "port": sim_port}],
                           "tanks": tanks}
    if relay is not None:
        k = net.keys[relay]
        doc["http"] = {"rpc": net.rpc, "relay_keyfile": str(k.keyfile), "relay_password_file": str(k.password_file),
                       "wait_s": 5}
    if mqtt_url is not None:
        doc["mqtt"] = {"url": mqtt_url, "client_id": f"gw-{name}-{secrets.token_hex(3)}"}
    path.write_text(json.dumps(doc, indent=1))
    return path


async def until(check: Any, timeout_s: float = 60, what: str = "condition") -> None:
    """Poll ``check()`` (sync or async) every 0.1 s until it is true."""
    import asyncio
    import inspect

    deadline = time.monotonic() + timeout_s
    while True:
        ok = check()
        if inspect.isawaitable(ok):
            ok = await ok
        if ok:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


class PrivateBroker:
    """A Mosquitto broker of our own on a free loopback port, for tests that stop and restart the broker."""

    def __init__(self, directory: Path) -> None:
        import shutil

        self.binary = shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)
        self.port = free_port()
        self.conf = directory / "mosquitto.conf"
        self.conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                             "max_queued_messages 0\n")
        self.log = directory / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        import socket

        if self.binary is None:
            raise RuntimeError("mosquitto is not installed")
        out = open(self.log, "ab")  # noqa: SIM115 - handed to the child
        self.proc = subprocess.Popen([self.binary, "-c", str(self.conf)], stdout=out, stderr=subprocess.STDOUT)
        out.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
