"""A harness for BFT tests: validator processes behind controllable proxies, a load, faults and the checks.

``BftNet`` creates a devnet, gives every validator its own port and reaches
every other validator through a ``loopback_proxy`` link of its own (node i's
peer URL for node j is link (i, j)), so "disconnect node i" really loses all
of i's consensus traffic while clients still talk to i directly.

``Observer`` polls every reachable node for the blocks it finalised, from the
start of the run, and remembers every (height, block id) any node ever
reported, so a conflicting block is caught even if a node later rewrites it.
``Load`` submits batches of transfers from the demo accounts to random live
nodes and remembers every transaction a node acknowledged (accepted into its
mempool).  ``perturb`` applies one fault and measures recovery;
``check_run`` asserts the properties after a run:

- every node has identical headers (block ids) at every height;
- no two different blocks were ever finalised at one height;
- every acknowledged transaction is committed exactly once (and no
  transaction is committed twice);
- after each fault the chain made progress within 20 s (CometBFT's
  criterion), and the faulty node caught up within 20 s too.

An acknowledgement is a mempool admission, not a durability promise: the
mempool is not persisted, so the load stops sending to a node before it is
faulted or restarted and waits (``Load.quiesce``: ``QUIESCE_S``, then until
what the node acknowledged is finalised, at most 15 s) so the node has
gossiped it; gossip runs every 50 ms, but a loaded machine can delay it
past a fixed pause.  See docs/testing-bft.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.devnet import create_devnet
from node.consensus.messages import ProposalHeader, SignedProposal, proposal_signing_message
from node.consensus.proposer import proposer
from node.core.address import address_of_key, parse_address
from node.core.blocks import (
    Block,
    Commit,
    Header,
    SignedVote,
    Vote,
    block_id_of,
    commit_hash,
    evidence_root,
    txs_root,
    vote_signing_message,
)
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import codec_for, decode, encode
from node.core.evidence import EVIDENCE_PREFIX
from node.core.transactions import TX_VERSION, Transaction, TxBody, sign_body
from node.core.types import U8, U32, Address, Amount, Hash32, Height, Nonce, Round, TimestampMs
from node.core.validators import ValidatorSet
from node.keyfile import create_keyfile, load_keyfile, read_keyfile_info, write_bytes_atomically
from node.modules.accounts.transitions import Transfer
from node.service import NodeConfig
from tests.e2e.loopback_proxy import Mode, ProxyNet
from tests.kit import REPO, listen_port, now_ms

FAST_SETTINGS: dict[str, Any] = {
    "timeout_propose_ms": 1000,
    "timeout_vote_ms": 400,
    "empty_block_interval_ms": 1000,
    "commit_wait_ms": 250,
    "rate_limit_per_s": 0,
}
"""Node settings for tests: short timeouts so that progress (or its absence) shows within seconds."""

RECOVERY_LIMIT_S = 20.0
"""CometBFT's e2e criterion: after a perturbation ends the chain must progress within this."""

QUIESCE_S = 0.5
"""The load stops sending to a node this long before it is faulted (see the module docstring)."""

TX_TTL_MS = 6 * 3600 * 1000
"""Long expiries, so no acknowledged transaction may become invalid by expiring during a run."""

LOAD_SENDERS = ("supplier", "customer", "arbiter", "regulator")
"""Demo accounts that carry the load; the validator operators stay free for governance, and so does
the auditor, who operates the validator the governance test adds."""

PERTURBATIONS = ("kill", "pause", "disconnect", "restart")

ROLE_WAIT_S = 60.0
"""How long ``perturb`` waits for its target to take the role asked for (a few heights)."""


class HarnessError(AssertionError):
    """The network did not do what a check needs (come up, reach a height, stop cleanly)."""


def _header_of(raw_block: bytes) -> Header:
    """The header at the front of an encoded block, without decoding its transactions."""
    _, dec = codec_for(Header)
    header, _ = dec(raw_block, 0)
    return header  # type: ignore[no-any-return]


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


# --- the network ------------------------------------------------------------------------


@dataclass
class NodeProc:
    """One validator process and what the harness knows about it."""

    index: int
    home: Path
    port: int
    address: bytes
    """Its validator (consensus key) address."""
    proc: subprocess.Popen[bytes] | None = None
    state: str = "new"
    """new, up, paused, killed or stopped."""
    cut: bool = False
    starts: int = 0
    exit_codes: list[int] = field(default_factory=list)

    @property
    def rpc(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.home / "stdout.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


class BftNet:
    """Validator processes on loopback whose peer traffic runs through ``ProxyNet`` links.

    ``spare`` reserves ports and links for validators added later by
    governance: every node's peer list names them from the start, as an
    operator would add a newcomer's address before the vote; until one runs,
    messages to it fail fast.
    """

    def __init__(
        self,
        root: Path,
        validators: int = 4,
        *,
        spare: int = 0,
        byzantine: dict[int, str] | None = None,
        settings: dict[str, Any] | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.root = Path(root)
        self.say = say or (lambda _msg: None)
        self.t0 = time.monotonic()
        self.settings = {**FAST_SETTINGS, **(settings or {})}
        self.setup = create_devnet(self.root / "net", validators)
        self.chain_id: str = self.setup["chain_id"]
        self.accounts: dict[str, dict[str, Any]] = {a["name"]: a for a in self.setup["accounts"]}
        self.proxies = ProxyNet()
        total = validators + spare
        ports = {i: listen_port() for i in range(total)}
        self.peers = self.proxies.mesh(ports)
        self.nodes: list[NodeProc] = []
        for i in range(validators):
            home = Path(self.setup["nodes"][i]["home"])
            self._configure(home, i, ports[i], (byzantine or {}).get(i, ""))
            info = read_keyfile_info(home / "validator_key.json")
            self.nodes.append(NodeProc(i, home, ports[i], bytes(info.address)))
        self._spare_ports = {i: ports[i] for i in range(validators, total)}
        self.journal: list[dict[str, Any]] = []
        self.closed = False

    def _configure(self, home: Path, i: int, port: int, byzantine: str, **extra: Any) -> None:
        cfg = NodeConfig.load(home)
        cfg.port = port
        cfg.peers = list(self.peers[i])
        for k, v in {**self.settings, **extra}.items():
            setattr(cfg, k, v)
        cfg.byzantine = byzantine
        cfg.save()

    def note(self, what: str, **data: Any) -> None:
        entry = {"t": round(time.time(), 3), "what": what, **data}
        self.journal.append(entry)
        self.say(f"[{time.monotonic() - self.t0:7.1f}s] {what} {json.dumps(data, default=str)}")

    # --- membership beyond genesis -----------------------------------------------------

    def provision_validator(self, index: int) -> tuple[NodeProc, PrivateKey]:
        """A new node home on a spare slot: the genesis, a fresh encrypted validator key, peers; not started."""
        if index not in self._spare_ports:
            raise HarnessError(f"no spare slot {index}")
        home = self.root / "net" / f"node{index}"
        home.mkdir(parents=True)
        shutil.copyfile(self.root / "net" / "genesis.json", home / "genesis.json")
        key = PrivateKey.generate(Scheme.ED25519)
        password = f"validator-{index}-{os.urandom(8).hex()}"
        create_keyfile(home / "validator_key.json", key, password, strength="interactive", label=f"validator {index}")
        write_bytes_atomically(home / "validator_password", password.encode())
        cfg = NodeConfig(
            home=home,
            name=f"node{index}",
            validator_keyfile=home / "validator_key.json",
            validator_password_file=home / "validator_password",
        )
        cfg.save()
        self._configure(home, index, self._spare_ports[index], "")
        node = NodeProc(index, home, self._spare_ports[index], bytes(address_of_key(int(key.scheme), key.public_key)))
        self.nodes.append(node)
        return node, key

    def validator_key(self, i: int) -> PrivateKey:
        """Node i's consensus key (the tests that forge messages sign with it)."""
        home = self.nodes[i].home
        return load_keyfile(home / "validator_key.json", (home / "validator_password").read_text().strip())

    def signer_of(self, name: str) -> Signer:
        a = self.accounts[name]
        return Signer(load_keyfile(Path(a["keystore"]), a["password"]))

    # --- processes ----------------------------------------------------------------------

    def start(self, i: int, *, wait: bool = True) -> None:
        n = self.nodes[i]
        if n.running:
            raise HarnessError(f"node{i} is already running")
        with open(n.log, "ab") as out:
            n.proc = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "node", "run", "--home", str(n.home)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,
            )
        n.state = "up"
        n.starts += 1
        self.note("start", node=i)
        if wait:
            self.wait_up([i])
            self.note("up", node=i)

    def start_all(self, timeout_s: float = 90) -> None:
        for n in self.nodes:
            if not n.running:
                self.start(n.index, wait=False)
        self.wait_up([n.index for n in self.nodes], timeout_s)

    def wait_up(self, indices: Iterable[int], timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        for i in indices:
            n = self.nodes[i]
            while True:
                if n.proc is None or n.proc.poll() is not None:
                    raise HarnessError(f"node{i} exited during start-up:\n{_tail(n.log)}")
                if self.height(i) is not None:
                    break
                if time.monotonic() > deadline:
                    raise HarnessError(f"node{i} did not answer within {timeout_s:.0f} s:\n{_tail(n.log)}")
                time.sleep(0.1)

    def kill(self, i: int) -> None:
        n = self.nodes[i]
        assert n.proc is not None
        if n.state == "paused":
            n.proc.send_signal(signal.SIGCONT)
        n.proc.send_signal(signal.SIGKILL)
        n.proc.wait()
        n.state = "killed"

    def pause(self, i: int) -> None:
        n = self.nodes[i]
        assert n.proc is not None and n.state == "up"
        n.proc.send_signal(signal.SIGSTOP)
        n.state = "paused"

    def resume(self, i: int) -> None:
        n = self.nodes[i]
        assert n.proc is not None and n.state == "paused"
        n.proc.send_signal(signal.SIGCONT)
        n.state = "up"

    def terminate(self, i: int, timeout_s: float = 30, *, signalled: bool = False) -> int:
        """A clean stop (SIGTERM); returns the exit code, which a clean stop makes 0."""
        n = self.nodes[i]
        assert n.proc is not None
        if not signalled:
            if n.state == "paused":
                n.proc.send_signal(signal.SIGCONT)
            n.proc.send_signal(signal.SIGTERM)
        try:
            code = n.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            n.proc.kill()
            n.proc.wait()
            code = -9
        n.exit_codes.append(int(code))
        n.state = "stopped"
        return int(code)

    def disconnect(self, i: int, mode: Mode = Mode.BLACKHOLE) -> None:
        self.proxies.disconnect(i, mode)
        self.nodes[i].cut = True

    def reconnect(self, i: int) -> None:
        self.proxies.reconnect(i)
        self.nodes[i].cut = False

    def reconfigure(self, i: int, **settings: Any) -> None:
        """Change node i's config.json (takes effect at its next start)."""
        cfg = NodeConfig.load(self.nodes[i].home)
        for k, v in settings.items():
            setattr(cfg, k, v)
        cfg.save()

    def close(self) -> dict[int, list[int]]:
        """Stop everything cleanly; returns each node's exit codes of clean stops."""
        if self.closed:
            return {n.index: n.exit_codes for n in self.nodes}
        self.closed = True
        for n in self.nodes:
            if n.cut:
                self.reconnect(n.index)
        running = [n for n in self.nodes if n.running]
        for n in running:  # all at once: each clean stop can take seconds
            assert n.proc is not None
            if n.state == "paused":
                n.proc.send_signal(signal.SIGCONT)
            n.proc.send_signal(signal.SIGTERM)
        for n in running:
            self.terminate(n.index, signalled=True)
        self.proxies.close()
        return {n.index: n.exit_codes for n in self.nodes}

    # --- queries --------------------------------------------------------------------------

    def reachable(self) -> list[int]:
        """Nodes a client can talk to now (running and not paused; cut nodes still serve clients)."""
        return [n.index for n in self.nodes if n.state == "up" and n.running]

    def height(self, i: int, timeout: float = 1.0) -> int | None:
        try:
            r = httpx.get(self.nodes[i].rpc + "/healthz", timeout=timeout)
            return int(r.json()["height"]) if r.status_code == 200 else None
        except (httpx.HTTPError, ValueError, KeyError):
            return None

    def heights(self, indices: Iterable[int] | None = None) -> dict[int, int | None]:
        idx = self.reachable() if indices is None else list(indices)
        return {i: self.height(i) for i in idx}

    def tip(self) -> int:
        hs = [h for h in self.heights().values() if h is not None]
        return max(hs) if hs else 0

    def get(self, i: int, path: str, **params: Any) -> Any:
        r = httpx.get(self.nodes[i].rpc + path, params=params or None, timeout=10)
        r.raise_for_status()
        return r.json()

    def wait_height(self, h: int, indices: Iterable[int] | None = None, timeout_s: float = 30) -> float:
        """Wait until every given node (default: every reachable one) is at height >= h; returns the seconds taken."""
        t0 = time.monotonic()
        idx = list(indices) if indices is not None else None
        while True:
            hs = self.heights(idx)
            if hs and all(v is not None and v >= h for v in hs.values()):
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout_s:
                raise HarnessError(
                    f"nodes did not reach height {h} within {timeout_s:.0f} s: {hs}; "
                    f"last signed {self.last_signed()}; bytes on each node's outgoing links in 2 s {self.traffic()}"
                )
            time.sleep(0.1)

    def last_signed(self) -> dict[int, tuple[int, int, int] | None]:
        """(height, round, step) each validator last signed, from its double-sign guard's file."""
        out: dict[int, tuple[int, int, int] | None] = {}
        for n in self.nodes:
            try:
                d = json.loads((n.home / "sign_state.json").read_text())
                out[n.index] = (int(d["height"]), int(d["round"]), int(d["step"]))
            except (OSError, ValueError, KeyError):
                out[n.index] = None
        return out

    def traffic(self, seconds: float = 2.0) -> dict[int, int]:
        """Bytes over the links each node sends on (its requests and their answers) in ``seconds``; 0: silent."""
        def sent() -> dict[int, int]:
            out = {n.index: 0 for n in self.nodes}
            for (src, _dst), link in self.proxies.links.items():
                if src in out:
                    out[src] += link.stats.bytes_forwarded
            return out

        before = sent()
        time.sleep(seconds)
        after = sent()
        return {i: after[i] - before[i] for i in after}

    def vset_at(self, h: int, via: int | None = None) -> ValidatorSet:
        """The set in force at ``h``; for a height beyond what the node knows, its latest (next block's) set."""
        i = via if via is not None else self.reachable()[0]
        try:
            raw = self.get(i, "/v1/validators", height=h)["raw"]
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code != 404:
                raise
            raw = self.get(i, "/v1/validators")["raw"]
        return decode(ValidatorSet, bytes.fromhex(raw))

    def index_of(self, address: bytes) -> int | None:
        for n in self.nodes:
            if n.address == bytes(address):
                return n.index
        return None

    def proposer_node(self, h: int, r: int = 0) -> int | None:
        return self.index_of(proposer(self.vset_at(h), h, r))


# --- watching what the nodes finalise -------------------------------------------------------


class Observer:
    """Polls each reachable node's finalised blocks and keeps every (height, block id) it ever saw."""

    def __init__(self, net: BftNet, interval_s: float = 0.25) -> None:
        self.net = net
        self.interval_s = interval_s
        self.lock = threading.Lock()
        self.ids: dict[int, dict[bytes, set[int]]] = {}
        """height -> block id -> nodes that reported it."""
        self.next_h: dict[int, int] = {}
        self.committed: dict[bytes, list[int]] = {}
        """tx id -> heights of the (distinct) blocks that carry it."""
        self.next_nonce: dict[bytes, int] = {}
        """sender -> one past the highest nonce finalised."""
        self.first_seen: dict[int, float] = {}
        self.rounds: dict[int, int] = {}
        """height -> round of the commit that finalised it (as the first reporter stored it)."""
        self.proposers: dict[int, bytes] = {}
        self.evidence_blocks: list[int] = []
        self.poll_errors = 0
        self.problems: list[str] = []
        """Anything wrong a node served (a block under the wrong height, an undecodable block)."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(timeout=httpx.Timeout(3.0, connect=1.0))

    def start(self) -> Observer:
        self._thread = threading.Thread(target=self._run, name="observer", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._client.close()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            for i in self.net.reachable():
                try:
                    self.poll(i)
                except (httpx.HTTPError, ValueError, KeyError):
                    self.poll_errors += 1  # a node going down under us: it is polled again later
                except Exception as exc:  # noqa: BLE001 - keep watching; the checks report it
                    self.problems.append(f"node{i}: {type(exc).__name__}: {exc}")

    def poll(self, i: int) -> None:
        while True:
            h0 = self.next_h.get(i, 1)
            r = self._client.get(self.net.nodes[i].rpc + "/v1/raw/blocks", params={"from_height": h0, "limit": 200})
            if r.status_code != 200:
                return
            got = r.json().get("blocks") or []
            for item in got:
                self.record(i, int(item["height"]), bytes.fromhex(item["block"]), bytes.fromhex(item["commit"]))
            if len(got) < 200:
                return

    def record(self, i: int, h: int, raw_block: bytes, raw_commit: bytes | None) -> bytes:
        header = _header_of(raw_block)
        bid = bytes(block_id_of(header))
        if int(header.height) != h:
            raise HarnessError(f"node{i} served block {int(header.height)} as height {h}")
        with self.lock:
            at = self.ids.setdefault(h, {})
            new_block = bid not in at
            at.setdefault(bid, set()).add(i)
            self.next_h[i] = max(self.next_h.get(i, 1), h + 1)
            if h not in self.first_seen:
                self.first_seen[h] = time.monotonic()
        if new_block:
            block = decode(Block, raw_block)
            with self.lock:
                for tx in block.txs:
                    tid = bytes(tx.tx_id())
                    self.committed.setdefault(tid, []).append(h)
                    s = bytes(tx.body.sender)
                    self.next_nonce[s] = max(self.next_nonce.get(s, 0), int(tx.body.nonce) + 1)
                if block.evidence:
                    self.evidence_blocks.append(h)
                self.proposers.setdefault(h, bytes(header.proposer))
                if raw_commit is not None and h not in self.rounds:
                    self.rounds[h] = int(decode(Commit, raw_commit).round)
        return bid

    # --- views -----------------------------------------------------------------------------

    def tip(self) -> int:
        with self.lock:
            return max(self.ids) if self.ids else 0

    def conflicts(self) -> dict[int, list[str]]:
        with self.lock:
            return {h: sorted(b.hex() for b in at) for h, at in self.ids.items() if len(at) > 1}

    def is_committed(self, tid: bytes) -> bool:
        return tid in self.committed

    def nonce(self, sender: bytes) -> int:
        with self.lock:
            return self.next_nonce.get(sender, 0)


# --- the load -------------------------------------------------------------------------------


@dataclass
class Ack:
    sender: str
    nonce: int
    node: int
    at: float


class Load:
    """Transfers from the demo accounts to random live nodes, in batches; remembers every acknowledgement.

    A sender sends its next batch only once its previous acknowledged
    transactions are all finalised (as the observer saw), and takes its
    nonces from the finalised chain, so the load never depends on one
    node's mempool surviving.
    """

    def __init__(
        self,
        net: BftNet,
        observer: Observer,
        *,
        senders: Iterable[str] = LOAD_SENDERS,
        batch: int = 10,
        interval_s: float = 0.2,
        seed: int = 0,
    ) -> None:
        self.net = net
        self.observer = observer
        self.batch = batch
        self.interval_s = interval_s
        self.rng = random.Random(seed)
        names = list(senders)
        self.signers = {n: net.signer_of(n) for n in names}
        self.addr = {n: bytes(parse_address(net.accounts[n]["address"])) for n in names}
        self.recipients = [bytes(parse_address(a["address"])) for a in net.setup["accounts"]]
        self.acked: dict[bytes, Ack] = {}
        self._acked_lock = threading.Lock()
        """Held to change ``acked`` and to copy it: another thread reads it while the load adds to it."""
        self.outstanding: dict[str, set[bytes]] = {n: set() for n in names}
        self.rejected: Counter[str] = Counter()
        self.failed_posts = 0
        self.excluded: set[int] = set()
        self._io = threading.Lock()
        self._paused = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, connect=1.0))

    def start(self) -> Load:
        self._thread = threading.Thread(target=self._run, name="load", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=20)
        self._client.close()

    def hold(self) -> None:
        """Stop submitting (waiting for a request in flight) until ``release``."""
        with self._io:
            self._paused.set()

    def release(self) -> None:
        self._paused.clear()

    def exclude(self, i: int) -> None:
        """Send nothing more to node i (returns once no request to it is in flight)."""
        with self._io:
            self.excluded.add(i)

    def quiesce(self, i: int, max_s: float = 15.0) -> None:
        """After ``exclude(i)``: wait ``QUIESCE_S``, then until what node i acknowledged is finalised
        (at most ``max_s``), so that faulting it loses nothing it accepted.  On a loaded machine
        gossip can take longer than ``QUIESCE_S``; a network that never finalises them shows as
        lost transactions in the run's check."""
        time.sleep(QUIESCE_S)
        deadline = time.monotonic() + max_s
        while time.monotonic() < deadline:
            with self._acked_lock:
                mine = [t for t, a in self.acked.items() if a.node == i]
            waiting = [t for t in mine if not self.observer.is_committed(t)]
            if not waiting:
                return
            time.sleep(0.1)

    def include(self, i: int) -> None:
        with self._io:
            self.excluded.discard(i)

    def acked_ids(self) -> list[bytes]:
        """Every transaction acknowledged so far (a copy: the load goes on adding)."""
        with self._acked_lock:
            return list(self.acked)

    def pending(self) -> set[bytes]:
        """Acknowledged transactions not yet seen finalised."""
        return {t for t in self.acked_ids() if not self.observer.is_committed(t)}

    def _transfer(self, name: str, nonce: int) -> Transaction:
        to = self.rng.choice([r for r in self.recipients if r != self.addr[name]])
        body = TxBody(
            U8(TX_VERSION), self.net.chain_id, Address(self.addr[name]), Nonce(nonce),
            TimestampMs(now_ms() + TX_TTL_MS), "token.transfer",
            encode(Transfer(Address(to), Amount(1 + self.rng.randrange(100)), "load")),
        )
        return sign_body(body, [self.signers[name]])

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self._paused.is_set():
                continue
            with self._io:
                live = [i for i in self.net.reachable() if i not in self.excluded and not self.net.nodes[i].cut]
                if not live:
                    continue
                idle = [
                    n for n, out in self.outstanding.items()
                    if all(self.observer.is_committed(t) for t in out)
                ]
                if not idle:
                    continue
                node = self.rng.choice(live)
                txs: list[tuple[str, int, Transaction]] = []
                for name in idle:
                    self.outstanding[name] = set()
                    n0 = self.observer.nonce(self.addr[name])
                    txs.extend((name, n0 + k, self._transfer(name, n0 + k)) for k in range(self.batch))
                try:
                    r = self._client.post(
                        self.net.nodes[node].rpc + "/v1/txs/batch", json={"txs": [encode(t).hex() for _, _, t in txs]}
                    )
                    results = r.json()["results"]
                except (httpx.HTTPError, ValueError, KeyError):
                    self.failed_posts += 1
                    continue
                now = time.monotonic()
                for (name, nonce, _tx), res in zip(txs, results, strict=True):
                    if "tx_id" in res:
                        tid = bytes.fromhex(res["tx_id"])
                        with self._acked_lock:
                            self.acked[tid] = Ack(name, nonce, node, now)
                        self.outstanding[name].add(tid)
                    else:
                        self.rejected[res["error"]["code"]] += 1


# --- faults ---------------------------------------------------------------------------------


@dataclass
class Recovery:
    """One perturbation and how the network came back from it."""

    kind: str
    target: int
    duration_s: float
    role: str
    """Whether the target was the proposer of the height in progress when the fault began."""
    height_before: int
    height_at_end: int
    progress_during: int
    """Blocks the others finalised while the fault lasted."""
    progress_s: float | None = None
    """Seconds from the end of the fault until some node finalised a block above ``height_at_end``."""
    caught_up_s: float | None = None
    """Seconds from the end of the fault until the target itself was above ``height_at_end``."""
    mode: str = ""
    dropped_bytes: int = 0
    """For a disconnection: bytes the proxies threw away (proof the traffic was really lost)."""

    def ok(self, limit_s: float = RECOVERY_LIMIT_S) -> bool:
        return (
            self.progress_s is not None and self.progress_s <= limit_s
            and self.caught_up_s is not None and self.caught_up_s <= limit_s
        )


def perturb(
    net: BftNet,
    kind: str,
    target: int,
    duration_s: float = 10.0,
    *,
    load: Load | None = None,
    mode: Mode = Mode.BLACKHOLE,
    measure_s: float = 45.0,
    when: str | None = None,
    min_progress: int = 0,
    hold_max_s: float = 60.0,
) -> Recovery:
    """Apply one fault to ``target`` for ``duration_s``, end it, and measure the recovery.

    ``when="proposer"`` waits until the target is the proposer of the height
    in progress (every fourth height with four validators: a few blocks, so
    up to ``ROLE_WAIT_S`` on a loaded machine), ``"non-proposer"`` until it
    is not.
    ``min_progress`` keeps the fault on after ``duration_s`` until the others
    finalised that many heights (at most ``hold_max_s``): the test then shows
    the chain goes on without the target however slow a loaded machine makes
    each block, instead of counting blocks in a fixed time.
    """
    if load is not None:
        load.exclude(target)
        load.quiesce(target)
    deadline = time.monotonic() + ROLE_WAIT_S
    while True:
        h_before = net.tip()
        try:
            p = net.proposer_node(h_before + 1, 0)
        except (httpx.HTTPError, IndexError):
            p = None
        role = "proposer" if p == target else "non-proposer"
        if when is None or role == when or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    net.note("fault", kind=kind, target=target, duration_s=duration_s, role=role, height=h_before)
    before = net.proxies.stats_of(target).bytes_dropped + net.proxies.stats_of(target).refused
    others = [i for i in net.reachable() if i != target]
    if kind == "kill":
        net.kill(target)
        time.sleep(duration_s)
    elif kind == "pause":
        net.pause(target)
        time.sleep(duration_s)
    elif kind == "disconnect":
        net.disconnect(target, mode)
        time.sleep(duration_s)
    elif kind == "restart":
        code = net.terminate(target)
        if code != 0:
            raise HarnessError(f"node{target} did not stop cleanly (exit code {code}):\n{_tail(net.nodes[target].log)}")
        time.sleep(duration_s)
    else:
        raise ValueError(f"unknown perturbation {kind!r}")
    hold_until = time.monotonic() + hold_max_s
    while min_progress and time.monotonic() < hold_until:
        if max([h for h in net.heights(others).values() if h is not None] + [h_before]) >= h_before + min_progress:
            break
        time.sleep(0.2)
    hs = net.heights(others)
    h_end = max([h for h in hs.values() if h is not None] + [h_before])
    if kind == "kill" or kind == "restart":
        net.start(target, wait=False)
    elif kind == "pause":
        net.resume(target)
    elif kind == "disconnect":
        net.reconnect(target)
    t_end = time.monotonic()
    rec = Recovery(kind, target, duration_s, role, h_before, h_end, h_end - h_before, mode=mode.value if kind == "disconnect" else "")
    if kind == "disconnect":
        st = net.proxies.stats_of(target)
        rec.dropped_bytes = st.bytes_dropped + st.refused - before
    while time.monotonic() - t_end < measure_s and (rec.progress_s is None or rec.caught_up_s is None):
        hs = net.heights()
        elapsed = time.monotonic() - t_end
        if rec.progress_s is None and any(h is not None and h > h_end for h in hs.values()):
            rec.progress_s = round(elapsed, 2)
        th = hs.get(target)
        if rec.caught_up_s is None and th is not None and th > h_end:
            rec.caught_up_s = round(elapsed, 2)
        n = net.nodes[target]
        if kind in ("kill", "restart") and not n.running:
            raise HarnessError(f"node{target} exited after its restart:\n{_tail(n.log)}")
        time.sleep(0.1)
    if load is not None:
        load.include(target)
    net.note("recovered", **asdict(rec))
    return rec


# --- the checks -----------------------------------------------------------------------------


@dataclass
class RunReport:
    height: int
    heights: dict[int, int]
    txs_acked: int
    txs_committed: int
    """Transactions on the chain (acknowledged or not)."""
    duplicates: dict[str, list[int]]
    lost: list[str]
    conflicts: dict[int, list[str]]
    rewritten: list[str]
    """(node, height) where a node's chain differs from what it reported earlier."""
    header_mismatches: list[str]
    problems: list[str]
    """What the observer found wrong in what nodes served."""
    rejected: dict[str, int]
    max_round: int
    sign_refusals: dict[int, int] = field(default_factory=dict)
    """Per node, how often its double-sign guard refused what its own state machine asked to sign
    (reported, not failed on: see test_bft_catchup.py)."""

    @property
    def ok(self) -> bool:
        return not (
            self.duplicates or self.lost or self.conflicts or self.rewritten or self.header_mismatches or self.problems
        )

    def summary(self) -> dict[str, Any]:
        d = asdict(self)
        d["lost"] = self.lost[:10]
        d["n_lost"] = len(self.lost)
        return d


def _count_refusals(log: Path) -> int:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return 0
    return text.count("refusing to sign") + text.count("refusing to propose")


def fetch_chain(net: BftNet, i: int, upto: int) -> dict[int, bytes]:
    """Block ids by height of node i's chain, read from its stored blocks."""
    out: dict[int, bytes] = {}
    h = 1
    with httpx.Client(timeout=30) as c:
        while h <= upto:
            r = c.get(net.nodes[i].rpc + "/v1/raw/blocks", params={"from_height": h, "limit": 500})
            r.raise_for_status()
            got = r.json()["blocks"]
            if not got:
                break
            for item in got:
                out[int(item["height"])] = bytes(block_id_of(_header_of(bytes.fromhex(item["block"]))))
            h = int(got[-1]["height"]) + 1
    return out


def check_run(
    net: BftNet,
    observer: Observer,
    load: Load | None,
    *,
    settle_s: float = 40.0,
) -> RunReport:
    """Stop the load, let acknowledged transactions finalise, then compare every node's chain."""
    if load is not None:
        load.hold()
    net.note("checking", tip=net.tip())
    try:
        deadline = time.monotonic() + settle_s
        while load is not None and load.pending() and time.monotonic() < deadline:
            time.sleep(0.2)
        running = [n.index for n in net.nodes if n.running and n.state == "up"]
        target = net.tip()
        net.wait_height(target, running, timeout_s=max(5.0, deadline - time.monotonic()) + 10)
        heights = {i: h for i, h in net.heights(running).items() if h is not None}
        top = min(heights.values())
        chains = {i: fetch_chain(net, i, top) for i in running}
        for i in running:
            observer.poll(i)
        mismatches = []
        ref = chains[running[0]]
        for i, ch in chains.items():
            for h in range(1, top + 1):
                if ch.get(h) != ref.get(h):
                    mismatches.append(f"height {h}: node{running[0]} {ref.get(h, b'').hex()[:16]} vs node{i} {ch.get(h, b'').hex()[:16]}")
        rewritten = []
        with observer.lock:
            for i, ch in chains.items():
                for h, bid in ch.items():
                    seen = observer.ids.get(h, {})
                    if seen and bid not in seen:
                        rewritten.append(f"node{i} height {h}")
        conflicts = observer.conflicts()
        with observer.lock:
            dups = {t.hex(): hs for t, hs in observer.committed.items() if len(hs) > 1}
            acked = load.acked_ids() if load is not None else []
            lost = [t.hex() for t in acked if t not in observer.committed]
            n_committed = len(observer.committed)
            max_round = max(observer.rounds.values(), default=0)
        rep = RunReport(
            height=top,
            heights=heights,
            txs_acked=len(acked),
            txs_committed=n_committed,
            duplicates=dups,
            lost=lost,
            conflicts=conflicts,
            rewritten=rewritten,
            header_mismatches=mismatches[:20],
            problems=list(observer.problems[:20]),
            rejected=dict(load.rejected) if load is not None else {},
            max_round=max_round,
            sign_refusals={n.index: _count_refusals(n.log) for n in net.nodes},
        )
        net.note("check", **{k: v for k, v in rep.summary().items() if k not in ("lost",)})
        return rep
    finally:
        if load is not None:
            load.release()


def assert_run_ok(rep: RunReport, net: BftNet) -> None:
    if rep.ok:
        return
    logs = "\n".join(f"--- node{n.index} ---\n{_tail(n.log, 1500)}" for n in net.nodes)
    raise AssertionError(f"run check failed: {json.dumps(rep.summary(), indent=1)}\n{logs}")


def assert_recovered(rec: Recovery, net: BftNet, limit_s: float = RECOVERY_LIMIT_S) -> None:
    if rec.ok(limit_s):
        return
    logs = "\n".join(f"--- node{n.index} ---\n{_tail(n.log, 2000)}" for n in net.nodes)
    raise AssertionError(f"no recovery within {limit_s:.0f} s: {asdict(rec)}\n{logs}")


# --- the randomised soak ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One planned fault of a soak: after ``gap_s`` of calm, ``kind`` on ``target`` for ``duration_s``."""

    gap_s: float
    kind: str
    target: int
    duration_s: float
    mode: str = ""


def soak_plan(seed: int, validators: int, steps: int, *, max_fault_s: float = 10.0) -> list[Step]:
    """The faults of a soak, all drawn from ``random.Random(seed)``: the same seed, the same plan."""
    rng = random.Random(seed)
    plan = []
    for _ in range(steps):
        kind = rng.choice(PERTURBATIONS)
        target = rng.randrange(validators)
        duration = round(rng.uniform(1.0, 3.0) if kind == "restart" else rng.uniform(3.0, max_fault_s), 2)
        mode = rng.choice((Mode.BLACKHOLE.value, Mode.REFUSE.value)) if kind == "disconnect" else ""
        plan.append(Step(round(rng.uniform(1.0, 6.0), 2), kind, target, duration, mode))
    return plan


def run_soak(
    sess: Session,
    seed: int,
    duration_s: float,
    *,
    check_every: int = 10,
    max_fault_s: float = 10.0,
) -> tuple[list[Recovery], list[RunReport]]:
    """Apply the seed's plan until ``duration_s`` has passed; check recovery after each fault, the run every few."""
    net = sess.net
    plan = soak_plan(seed, len(net.nodes), 10_000, max_fault_s=max_fault_s)
    t0 = time.monotonic()
    recoveries: list[Recovery] = []
    reports: list[RunReport] = []
    for k, step in enumerate(plan):
        if time.monotonic() - t0 >= duration_s:
            break
        net.note("step", n=k, seed=seed, **asdict(step))
        time.sleep(step.gap_s)
        rec = perturb(net, step.kind, step.target, step.duration_s, load=sess.load,
                      mode=Mode(step.mode) if step.mode else Mode.BLACKHOLE)
        recoveries.append(rec)
        assert_recovered(rec, net)
        if (k + 1) % check_every == 0:
            rep = check_run(net, sess.observer, sess.load)
            reports.append(rep)
            assert_run_ok(rep, net)
    rep = check_run(net, sess.observer, sess.load)
    reports.append(rep)
    assert_run_ok(rep, net)
    return recoveries, reports


# --- a whole session: net + observer + load ----------------------------------------------------


class Session(contextlib.AbstractContextManager["Session"]):
    """A started network with its observer and load; ``close`` stops them and checks clean exits."""

    def __init__(
        self,
        root: Path,
        validators: int = 4,
        *,
        load: bool = True,
        seed: int = 0,
        say: Callable[[str], None] | None = None,
        batch: int = 10,
        senders: Iterable[str] = LOAD_SENDERS,
        **net_kw: Any,
    ) -> None:
        self.net = BftNet(root, validators, say=say, **net_kw)
        try:
            self.net.start_all(timeout_s=180)
            self.net.wait_height(1, timeout_s=120)  # start-up, not a criterion: generous on a busy machine
        except BaseException:
            self.net.close()
            raise
        self.net.note("network up", nodes=len(self.net.nodes))
        self.observer = Observer(self.net).start()
        self.load = Load(self.net, self.observer, seed=seed, batch=batch, senders=senders).start() if load else None

    def check(self) -> RunReport:
        rep = check_run(self.net, self.observer, self.load)
        assert_run_ok(rep, self.net)
        return rep

    def healthy(self) -> bool:
        """Every node running, connected, honest-configured and at one recent height."""
        net = self.net
        if net.closed or any(not n.running or n.state != "up" or n.cut for n in net.nodes):
            return False
        try:
            net.wait_height(net.tip() + 1, timeout_s=30)
        except HarnessError:
            return False
        return True

    def configure(self, i: int, **settings: Any) -> None:
        """Restart node i (SIGKILL: its sign state is on disk) with changed settings."""
        net = self.net
        if self.load is not None:
            self.load.exclude(i)
            if net.nodes[i].running:
                self.load.quiesce(i)  # a kill loses what the node acknowledged but did not gossip yet
        net.note("configure", node=i, **settings)
        if net.nodes[i].running:
            net.kill(i)
        net.reconfigure(i, **settings)
        net.start(i)
        if self.load is not None:
            self.load.include(i)

    def set_byzantine(self, i: int, mode: str) -> None:
        """Make node i Byzantine (``mode`` "double_sign" or "bad_proposal") or honest again ("")."""
        self.configure(i, byzantine=mode)

    def settings_drift(self, i: int) -> dict[str, Any]:
        """Settings of node i that differ from the harness's (honest, fast) ones."""
        cfg = NodeConfig.load(self.net.nodes[i].home)
        wanted = {**self.net.settings, "byzantine": ""}
        return {k: v for k, v in wanted.items() if getattr(cfg, k) != v}

    def restore(self) -> None:
        """Undo what a test left behind: heal cuts, resume, start stopped nodes, make every node honest."""
        net = self.net
        if net.closed:
            return
        for n in net.nodes:
            if n.cut:
                net.reconnect(n.index)
            if n.state == "paused":
                net.resume(n.index)
            drift = self.settings_drift(n.index)
            if drift:
                self.configure(n.index, **drift)
        stopped = [n.index for n in net.nodes if not n.running]
        for i in stopped:
            net.start(i, wait=False)
        net.wait_up(stopped)
        for n in net.nodes:
            if any(lk.tap is not None and lk.src == n.index for lk in net.proxies.links_of(n.index)):
                net.proxies.tap_out(n.index, None)
        if self.load is not None:
            self.load.excluded.clear()
            self.load.release()

    def close(self) -> dict[int, list[int]]:
        if self.load is not None:
            self.load.stop()
        self.observer.stop()
        return self.net.close()

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- pytest fixtures: one network shared by the BFT tests of a worker ----------------------------


class SessionPool:
    """Hands out the shared network, replacing it when a test left it broken."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self.factory = factory
        self.current: Session | None = None
        self.exit_codes: list[dict[int, list[int]]] = []

    def get(self) -> Session:
        if self.current is not None and not self.current.healthy():
            self.drop()
        if self.current is None:
            # A spare slot, so the governance test can add a fifth validator to this network too.
            self.current = Session(self.factory.mktemp("bft"), say=print, spare=1)
        return self.current

    def drop(self) -> None:
        if self.current is not None:
            self.exit_codes.append(self.current.close())
            self.current = None


BFT_TESTS = "tests/e2e/test_bft_"
"""Node ids of the tests that share the pool's network."""


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``, every BFT test goes to one xdist worker (a hook of this plugin).

    The tests carry ``xdist_group("bft")``, but pytest-xdist 3.8 marks a group by rewriting
    ``item._nodeid``, which pytest 9 no longer reads, so the groups fell apart: the tests were
    dealt out one by one to both workers, each started a network of its own and two ran at
    once.  The controller only sees node ids, so the group is recognised by path here.  The
    plugin is loaded by ``-p tests.e2e.bft_harness`` in pyproject's ``addopts``.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BftGroupScheduling(LoadGroupScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(BFT_TESTS):
                return "bft"
            return str(super()._split_scope(nodeid))

    return BftGroupScheduling(config, log)


_POOL: SessionPool | None = None
"""The one pool of this process.  Every test module imports the fixture below, and pytest keeps a
session-scoped fixture per module that defines (imports) it: without this, each module started a
network of its own, and all of them, with their loads, ran until the end of the session."""


@pytest.fixture(scope="session", name="bft_pool")
def bft_pool_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SessionPool]:
    global _POOL
    owner = _POOL is None
    if _POOL is None:
        _POOL = SessionPool(tmp_path_factory)
    pool = _POOL
    yield pool
    if not owner:
        return
    pool.drop()
    _POOL = None
    bad = {i: codes for run in pool.exit_codes for i, codes in run.items() if any(c != 0 for c in codes)}
    assert not bad, f"validators did not stop cleanly: {bad}"


def _network_needed_later(request: pytest.FixtureRequest) -> bool:
    """Whether a test after this one (in this process's order) uses the shared network."""
    items = request.session.items
    try:
        i = items.index(request.node)
    except ValueError:
        return True
    return any("bft" in getattr(it, "fixturenames", ()) for it in items[i + 1 :])


@pytest.fixture(name="bft")
def bft_fixture(bft_pool: SessionPool, request: pytest.FixtureRequest) -> Iterator[Session]:
    """The shared 4-validator network (healthy, honest, connected), with its observer and load.

    After the last test that uses it, it is stopped at once rather than at the end of the
    session, so the rest of the suite does not run next to four validators under load.
    """
    s = bft_pool.get()
    yield s
    try:
        s.restore()
    except Exception:
        bft_pool.drop()
        raise
    if not _network_needed_later(request):
        bft_pool.drop()


# --- forging peer messages, and a quiet network to post them to ----------------------------------

OCTET = {"content-type": "application/octet-stream"}


class Wire:
    """Forges peer messages for the shared network and posts them to the target node."""

    def __init__(self, bft: Session, target: int = 0) -> None:
        self.net = bft.net
        self.target = target
        self.rpc = bft.net.nodes[target].rpc
        self.chain_id = bft.net.chain_id
        self.keys = {i: bft.net.validator_key(i) for i in range(len(bft.net.nodes))}
        self.client = httpx.Client(timeout=20)

    def post(self, kind: str, body: bytes | Any, **kw: Any) -> httpx.Response:
        return self.client.post(f"{self.rpc}/p2p/{kind}", content=body, headers=OCTET, **kw)

    def height(self) -> int:
        """The height the target is deciding."""
        h = self.net.height(self.target)
        assert h is not None, "the target node stopped answering"
        return h + 1

    def vote(self, h: int, r: int, block_id: bytes, *, by: int, sign_with: PrivateKey | None = None,
             vote_type: int = 1, signature: bytes | None = None) -> bytes:
        v = Vote(U8(vote_type), Height(h), Round(r), Hash32(block_id))
        key = sign_with or self.keys[by]
        sig = signature if signature is not None else Signer(key).sign(vote_signing_message(self.chain_id, v))
        return encode(SignedVote(v, Address(self.net.nodes[by].address), sig))

    def proposal(self, h: int, r: int, block: bytes, block_id: bytes, *, by: int,
                 sign_with: PrivateKey | None = None) -> bytes:
        ph = ProposalHeader(Height(h), Round(r), U32(0), Hash32(block_id))
        key = sign_with or self.keys[by]
        sig = Signer(key).sign(proposal_signing_message(self.chain_id, ph))
        return encode(SignedProposal(ph, Address(self.net.nodes[by].address), sig, block))

    def refused_at_current_height(self, kind: str, make: Any, tries: int = 30) -> httpx.Response:
        """Post ``make(h)`` for the target's current height until it is judged (not just buffered)."""
        r = None
        for _ in range(tries):
            r = self.post(kind, make(self.height()))
            if r.status_code != 202:
                return r
            time.sleep(0.05)  # the target was between heights: the message was buffered, try again
        assert r is not None
        return r

    def bad_block(self, h: int, proposer: int) -> tuple[bytes, bytes]:
        """A well-formed block for height ``h`` on top of the target's chain, with a wrong state root."""
        prev = self.client.get(f"{self.rpc}/v1/headers/{h - 1}").json()
        prev_header = decode(Header, bytes.fromhex(prev["header_raw"]))
        commit = decode(Commit, bytes.fromhex(self.client.get(f"{self.rpc}/v1/commits/{h - 1}").json()["commit_raw"]))
        header = Header(
            prev_header.version, self.chain_id, Height(h),
            TimestampMs(max(now_ms(), int(prev_header.time_ms) + 1)),
            block_id_of(prev_header), commit_hash(commit), txs_root([]), Hash32(bytes(32)),
            prev_header.next_validators_hash, prev_header.next_validators_hash, evidence_root(()),
            Address(self.net.nodes[proposer].address),
        )
        block = Block(header, (), commit, ())
        return encode(block), bytes(block_id_of(header))


def _snapshot(bft: Session, target: int) -> dict[str, Any]:
    net = bft.net
    accounts = {}
    for name, a in net.accounts.items():
        acct = net.get(target, f"/v1/accounts/{a['address']}")["account"]
        accounts[name] = (acct["balance"], acct["nonce"])
    evidence = {
        i: len(net.get(i, "/v1/records", prefix=EVIDENCE_PREFIX.hex(), limit=1000)["records"])
        for i in range(len(net.nodes))
    }
    return {"accounts": accounts, "evidence": evidence, "mempool": net.get(target, "/v1/status")["mempool_size"]}


@pytest.fixture(name="quiet")
def quiet_fixture(bft: Session) -> Iterator[Wire]:
    """The shared network with its load held and mempools empty, so that any effect would show."""
    assert bft.load is not None
    bft.load.hold()
    deadline = time.monotonic() + 30
    while any(bft.net.get(i, "/v1/status")["mempool_size"] for i in range(len(bft.net.nodes))):
        assert time.monotonic() < deadline, "mempools did not drain"
        time.sleep(0.2)
    before = _snapshot(bft, 0)
    yield Wire(bft, 0)
    # Without effect: every node alive, the chain going on, state and evidence untouched.
    for n in bft.net.nodes:
        assert n.running, f"node{n.index} died:\n{n.log.read_text(errors='replace')[-3000:]}"
    bft.net.wait_height(bft.net.tip() + 2, timeout_s=30)
    after = _snapshot(bft, 0)
    assert after == before, f"bad input had an effect: {before} -> {after}"
    bft.load.release()
