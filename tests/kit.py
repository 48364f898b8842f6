"""Shared test helpers: small chains with known keys, signed transactions, a devnet process."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from node.core.address import address_of_key
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.genesis import Genesis
from node.core.transactions import TX_VERSION, Transaction, TxBody, sign_body
from node.core.types import U8, Address, Amount, Nonce, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules.accounts.transitions import Issue, Transfer

REPO = Path(__file__).resolve().parent.parent


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class Actor:
    name: str
    key: PrivateKey
    signer: Signer = field(init=False)
    address: Address = field(init=False)

    def __post_init__(self) -> None:
        self.signer = Signer(self.key)
        self.address = address_of_key(int(self.key.scheme), self.key.public_key)


@dataclass
class Kit:
    """A genesis with a validator and named accounts whose keys the test holds."""

    chain_id: str
    genesis: Genesis
    validator: Actor
    actors: dict[str, Actor]
    nonces: dict[str, int] = field(default_factory=dict)

    def tx(self, who: str, kind: str, payload: Any, *, nonce: int | None = None, ttl_ms: int = 600_000,
           chain_id: str | None = None, signers: list[Signer] | None = None) -> Transaction:
        a = self.actors[who]
        n = self.nonces.get(who, 0) if nonce is None else nonce
        if nonce is None:
            self.nonces[who] = n + 1
        body = TxBody(U8(TX_VERSION), chain_id or self.chain_id, a.address, Nonce(n),
                      TimestampMs(now_ms() + ttl_ms), kind, encode(payload))
        return sign_body(body, signers or [a.signer])

    def transfer(self, who: str, to: str, amount: int, **kw: Any) -> Transaction:
        return self.tx(who, "token.transfer", Transfer(self.actors[to].address, Amount(amount), ""), **kw)

    def issue(self, who: str, to: str, amount: int, **kw: Any) -> Transaction:
        return self.tx(who, "token.issue", Issue(self.actors[to].address, Amount(amount)), **kw)


ROLES = {
    "bank": ("city-bank", ("bank", "governor")),
    "alice": ("northmill", ("customer",)),
    "bob": ("acme-fuel", ("supplier",)),
    "carol": ("northmill", ("customer",)),
}


def make_kit(chain_id: str = "depot-test", balance: int = 1_000_000, scheme: Scheme = Scheme.ED25519) -> Kit:
    actors = {name: Actor(name, PrivateKey.generate(scheme)) for name in ROLES}
    validator = Actor("validator", PrivateKey.generate(Scheme.ED25519))
    specs = [AccountSpec(n, org, roles, int(actors[n].key.scheme), actors[n].key.public_key, balance)
             for n, (org, roles) in ROLES.items()]
    g = build_genesis(chain_id, now_ms() - 1000,
                      [ValidatorSpec(1, validator.key.public_key, 10, actors["bank"].key.public_key,
                                     int(actors["bank"].key.scheme))], specs)
    return Kit(chain_id, g, validator, actors)


class DevnetProcess:
    """`depot devnet` as a child process, as an operator would run it."""

    def __init__(self, home: Path, validators: int = 1, extra: list[str] | None = None) -> None:
        self.home = home
        self.log = open(home.parent / f"{home.name}.devnet.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "devnet", "--home", str(home), "--validators", str(validators), *(extra or [])],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,
        )
        self.info = self._wait()

    def _wait(self, timeout: float = 90) -> dict[str, Any]:
        path = self.home / "devnet.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"devnet exited with {self.proc.returncode}: {self.log_text()[-2000:]}")
            if path.exists():
                info = json.loads(path.read_text())
                try:
                    httpx.get(info["nodes"][0]["rpc"] + "/healthz", timeout=2).raise_for_status()
                    return info
                except httpx.HTTPError:
                    pass
            time.sleep(0.2)
        raise RuntimeError("devnet did not come up: " + self.log_text()[-2000:])

    @property
    def rpc(self) -> str:
        return self.info["nodes"][0]["rpc"]

    def account(self, name: str) -> dict[str, Any]:
        return next(a for a in self.info["accounts"] if a["name"] == name)

    def log_text(self) -> str:
        self.log.flush()
        return (self.home.parent / f"{self.home.name}.devnet.log").read_text(errors="replace")

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return int(self.proc.returncode)


def depot(*args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the depot CLI as a user would."""
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO, env=env or dict(os.environ))


_HANDED_OUT: set[int] = set()


def listen_port() -> int:
    """A free loopback port below the kernel's ephemeral range, for a server a test starts later.

    A port from binding port 0 lies in the ephemeral range, which every outgoing connection
    also draws its local port from: between choosing it and listening on it (or while a
    restarted node is down), a client connection of this or another test can take it
    ("address already in use").  Ports below the range are never given to outgoing connections.
    """
    low = 32768
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    top = max(low, 2048)
    bottom = max(1024, top - 12_000)
    for _ in range(500):
        port = random.randrange(bottom, top)
        if port in _HANDED_OUT:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
