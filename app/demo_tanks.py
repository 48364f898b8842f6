"""Simulated tanks for the demo network: a supplier storage tank, customer tanks, the simulator, a gateway and an automatic supplier.

Given a running ``depot devnet`` (its ``devnet.json``), ``DemoTanks``:

1. registers the supplier's storage tank (``tank.register_storage``) and
   ``count`` customer tanks -- the customer proposes the terms
   (``tank.propose``), the supplier accepts them (``tank.accept``) -- bound to
   a device key it generates, with warning lines a little below each tank's
   starting level so orders come within a minute or two;
2. runs ``depot sim tanks`` (Modbus TCP on loopback, simulated time running
   ``time_scale`` times faster, refilling on ``order.dispatched``) and
   ``depot gateway --config`` (reads the simulator, signs readings with the
   device key, relays them through the demo ``gateway`` account) as child
   processes;
3. plays the parts no clerk plays in the demo: the supplier dispatches
   confirmed orders after a short pause (so a clerk sees them confirmed
   first), restocks its storage when it runs low, and the bank tops up the
   customer's treasury when it runs low, so the flow keeps completing.

Everything is idempotent per demo home: a restarted demo finds its tanks on
chain and its keys on disk, and carries on.  This module is headless (no Qt):
it runs inside the ``depot devnet`` process, started by
``start_demo_tanks(home, rpcs, count, stop)``, or on its own with
``python -m app.demo_tanks --home H``.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import dataclasses
import json
import logging
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from node.client import NodeApiError, NodeClient, NodeUnreachable
from node.core.address import address_of_key, parse_address
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode, from_json
from node.core.errors import DepotError
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, U32, U64, Amount, Nonce, TimestampMs
from node.keyfile import create_keyfile, load_keyfile, write_bytes_atomically
from node.modules.accounts.transitions import Issue
from node.modules.governance.transitions import Propose, Vote
from node.modules.tanks.geometry import Shape
from node.modules.tanks.payloads import (
    AcceptTank,
    AdjustStorage,
    Dispatch,
    OrderRef,
    RegisterStorage,
)
from node.modules.tanks.records import (
    DEFAULT_PARAMS,
    LIVE_PREFIX,
    PARAMS_KEY,
    STORAGE_PREFIX,
    TANK_PREFIX,
    DeviceKey,
    Geometry,
    OrderStatus,
    TankParams,
    TankTerms,
    order_key,
)
from node.modules.tanks.registration import terms_hash

log = logging.getLogger("depot.demo_tanks")

VALIDATOR_OPERATORS = ("core_enterprise", "bank", "warehouse_manager", "logistics")
"""The devnet's validator operators, in validator order (``app/devnet.py``): they vote on governance."""

_PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = "demo-tanks"
STORAGE_ID = "acme-depot-1"
PRODUCT = "diesel"
TANK_ID_PREFIX = "northmill-"


class DemoTanksError(DepotError):
    """The demo tanks could not be set up (a refused registration, a child that would not start)."""

    code = "demo_tanks_failed"


@dataclass(frozen=True, slots=True)
class DemoTankSettings:
    """How the demo tanks behave; the defaults make a newcomer see orders settle within minutes."""

    count: int = 4
    """Customer tanks (1..64)."""
    time_scale: float = 1440.0
    """Simulated seconds per real second: a simulated day passes in a real minute."""
    poll_interval_s: float = 3.0
    """The gateway reads every tank this often (real seconds)."""
    travel_s: float = 20.0
    """Real seconds from a dispatch to the truck pumping."""
    dispatch_after_s: float = 8.0
    """The automatic supplier dispatches a confirmed order after this many real seconds."""
    unit_price: int = 1_20
    """Agreed price, minor units per litre (1.20)."""
    dispute_window_ms: int = 30_000
    """After a fill, the customer may dispute for 30 s; then the order settles by itself."""
    delivery_deadline_ms: int = 10 * 60_000
    storage_capacity_l: int = 2_000_000
    storage_inventory_l: int = 600_000
    restock_below_l: int = 100_000
    """The automatic supplier receives stock when its unreserved inventory falls below this."""
    restock_l: int = 400_000
    treasury_floor: int = 200_000_00
    """The bank tops up the customer when its available balance falls below this (minor units)."""
    treasury_top_up: int = 500_000_00
    seed: int = 7
    automatic_supplier: bool = True


# --- chain access (blocking: this runs in a thread of the devnet process, never in the GUI) -------


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class DemoChain:
    """The devnet's chain id, nodes and demo accounts, and signing as those accounts."""

    home: Path
    chain_id: str
    rpcs: list[str]
    accounts: dict[str, dict[str, Any]]
    validators: int | None = None
    """Validator nodes of the devnet (its governance needs more than 2/3 of them)."""
    _signers: dict[str, Signer] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, home: Path, rpcs: Sequence[str] | None = None) -> DemoChain:
        path = Path(home) / "devnet.json"
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DemoTanksError(f"cannot read {path}: {exc}") from None
        accounts = {str(a["name"]): a for a in info.get("accounts", [])}
        for name in ("customer", "supplier", "gateway", "bank"):
            if name not in accounts:
                raise DemoTanksError(f"{path} has no {name} account")
        nodes = list(rpcs) if rpcs else [str(n["rpc"]) for n in info.get("nodes", [])]
        if not nodes:
            raise DemoTanksError(f"{path} lists no nodes")
        return cls(Path(home), str(info["chain_id"]), nodes, accounts, len(info.get("nodes", [])) or None)

    @property
    def rpc(self) -> str:
        return self.rpcs[0]

    def address(self, who: str) -> str:
        return str(self.accounts[who]["address"])

    def signer(self, who: str) -> Signer:
        with self._lock:
            s = self._signers.get(who)
            if s is None:
                a = self.accounts[who]
                s = self._signers[who] = Signer(load_keyfile(Path(a["keystore"]), a["password"]))
            return s

    def send(
        self, who: str, txs: Sequence[tuple[str, Any]], *, timeout_s: float = 60.0, retries: int = 6
    ) -> list[dict[str, Any]]:
        """Sign ``(kind, payload)`` transactions as ``who`` with consecutive nonces; wait until final.

        Another thread of the devnet (its demo payments) may use the same
        account, so a nonce taken under us is retried with a fresh one.
        Raises ``DemoTanksError`` if a transaction is refused or fails.
        """
        signer = self.signer(who)
        sender = address_of_key(int(signer.scheme), signer.public_key)
        with NodeClient(self.rpc, timeout_s=30) as c:
            for attempt in range(retries):
                nonce = int(c.account(self.address(who))["account"]["nonce"])
                raws, ids = [], []
                for i, (kind, payload) in enumerate(txs):
                    body = TxBody(U8(TX_VERSION), self.chain_id, sender, Nonce(nonce + i),
                                  TimestampMs(now_ms() + 600_000), kind, encode(payload))
                    tx = sign_body(body, [signer])
                    raws.append(encode(tx))
                    ids.append(tx.tx_id().hex())
                errors = [r["error"] for r in c.submit_batch(raws)["results"] if "error" in r]
                if errors:
                    if errors[0].get("code") in ("nonce_too_low", "nonce_gap", "duplicate_tx") and attempt + 1 < retries:
                        time.sleep(0.5 + attempt * 0.5)
                        continue
                    raise DemoTanksError(f"{who}: {errors[0].get('code')}: {errors[0].get('message')}",
                                         code_of_node=errors[0].get("code"))
                views = []
                for tid in ids:
                    deadline = time.monotonic() + timeout_s
                    while (view := c.wait_tx(tid, timeout_s=10)).get("status") != "committed":
                        if time.monotonic() > deadline:
                            raise DemoTanksError(f"{who}: transaction {tid} not final within {timeout_s:.0f} s")
                    result = view.get("result") or {}
                    if not result.get("ok"):
                        raise DemoTanksError(f"{who}: {kind_of(txs, ids, tid)} failed: {result.get('code')}",
                                             code_of_node=result.get("code"))
                    views.append(view)
                return views
        raise DemoTanksError(f"{who}: could not get a nonce after {retries} attempts")  # pragma: no cover

    def records(self, prefix: bytes) -> list[dict[str, Any]]:
        """Every decoded record under ``prefix`` (all pages)."""
        out: list[dict[str, Any]] = []
        after: bytes | None = None
        with NodeClient(self.rpc, timeout_s=30) as c:
            while True:
                answer = c.records(prefix, after=after, limit=1000)
                out.extend(r["record"] for r in answer.get("records", []) if "record" in r)
                nxt = answer.get("next")
                if not nxt:
                    return out
                after = bytes.fromhex(nxt)


def kind_of(txs: Sequence[tuple[str, Any]], ids: list[str], tid: str) -> str:
    return txs[ids.index(tid)][0] if tid in ids else "transaction"


# --- the demo's files ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyOnDisk:
    keyfile: Path
    password_file: Path
    scheme: int
    public_key: bytes


def device_key(folder: Path) -> KeyOnDisk:
    """The demo gateway's device key, made on first use and kept in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    keyfile, pwfile = folder / "device.json", folder / "device.pw"
    if keyfile.exists() and pwfile.exists():
        password = pwfile.read_text(encoding="utf-8").splitlines()[0]
        key = load_keyfile(keyfile, password)
        return KeyOnDisk(keyfile, pwfile, int(key.scheme), key.public_key)
    key = PrivateKey.generate(Scheme.ED25519)
    password = secrets.token_urlsafe(12)
    create_keyfile(keyfile, key, password, strength="interactive", label="demo tank gateway device key")
    write_bytes_atomically(pwfile, password.encode())
    return KeyOnDisk(keyfile, pwfile, int(key.scheme), key.public_key)


def relay_password_file(chain: DemoChain, folder: Path) -> Path:
    path = folder / "relay.pw"
    write_bytes_atomically(path, str(chain.accounts["gateway"]["password"]).encode())
    return path


# --- terms -----------------------------------------------------------------------------------


def vertical_geometry(height_mm: int, capacity_l: int) -> Geometry:
    """A vertical cylinder of ``height_mm`` wide enough to hold ``capacity_l``."""
    diameter = math.isqrt(4 * capacity_l * 1_000_000 // (314 * height_mm // 100)) + 2
    return Geometry(U8(Shape.VERTICAL_CYLINDER), U32(diameter), U32(height_mm), ())


def demo_terms(chain: DemoChain, tank: dict[str, Any], key: KeyOnDisk, settings: DemoTankSettings,
               rng: random.Random) -> TankTerms:
    """Terms for one simulated tank: warning line 6-12 % of its height below where it starts (30-55 %)."""
    h, cap, level = int(tank["height_mm"]), int(tank["capacity_l"]), int(tank["level_mm"])
    # Between 30 % and 55 % of the height, so the refill (up to 95 %) always has room for the order.
    warning = min(max(h * 30 // 100, level - h * rng.randrange(6, 13) // 100), h * 55 // 100)
    warning = min(warning, max(2, level - 2))
    reorder_percent = max(20, min(45, 88 - warning * 100 // h))
    return TankTerms(
        tank_id=str(tank["tank_id"]),
        owner=parse_address(chain.address("customer")),
        supplier=parse_address(chain.address("supplier")),
        storage_id=STORAGE_ID,
        product=PRODUCT,
        geometry=vertical_geometry(h, cap),
        capacity_l=U64(cap),
        warning_mm=U32(warning),
        critical_mm=U32(max(1, warning * 6 // 10)),
        reorder_l=U64(cap * reorder_percent // 100),
        debounce=U8(2),
        # Simulated time runs fast: a real minute is a simulated day, and a pump fills in seconds.
        max_rise_mm_per_min=U32(10_000_000),
        max_fall_mm_per_min=U32(10_000_000),
        unit_price=Amount(settings.unit_price),
        delivery_deadline_ms=U64(settings.delivery_deadline_ms),
        dispute_window_ms=U64(settings.dispute_window_ms),
        device_keys=(DeviceKey(U8(key.scheme), key.public_key),),
    )


def register_storage(chain: DemoChain, settings: DemoTankSettings) -> None:
    """The supplier's storage tank, unless it is registered already."""
    have = {r["storage_id"] for r in chain.records(STORAGE_PREFIX)}
    if STORAGE_ID in have:
        return
    chain.send("supplier", [("tank.register_storage", RegisterStorage(
        STORAGE_ID, PRODUCT, U64(settings.storage_capacity_l), U64(settings.storage_inventory_l)))])
    log.info("registered the supplier's storage tank %s", STORAGE_ID)


def register_tanks(chain: DemoChain, described: list[dict[str, Any]], key: KeyOnDisk,
                   settings: DemoTankSettings) -> list[str]:
    """Register every simulated tank not yet on chain: the customer proposes, the supplier accepts."""
    registered = {r["terms"]["tank_id"] for r in chain.records(TANK_PREFIX + TANK_ID_PREFIX.encode())}
    rng = random.Random(settings.seed)
    todo = []
    for t in described:
        terms = demo_terms(chain, t, key, settings, rng)
        if terms.tank_id not in registered:
            todo.append(terms)
    if todo:
        chain.send("customer", [("tank.propose", t) for t in todo])
        chain.send("supplier", [("tank.accept", AcceptTank(t.tank_id, terms_hash(t))) for t in todo])
        log.info("registered %d demo tanks: %s", len(todo), ", ".join(t.tank_id for t in todo))
    return [str(t["tank_id"]) for t in described]


def tune_params(chain: DemoChain, settings: DemoTankSettings) -> None:
    """Scale the tanks module's clock-bound parameter to the demo's clock, by governance.

    A partial fill settles once the level has not risen for ``fill_settle_ms``
    of the readings' clock (2 minutes by default).  The demo's tanks live a
    simulated day per real minute and drain a delivery within a minute or two,
    so the quiet period is scaled by the same factor (2 simulated minutes);
    otherwise a partial delivery would be drained before it could count.
    The validator operators propose and vote, as the consortium would.
    """
    current = next((from_json(TankParams, r, "tank/params") for r in chain.records(PARAMS_KEY)), DEFAULT_PARAMS)
    wanted = max(1, int(int(DEFAULT_PARAMS.fill_settle_ms) / settings.time_scale))
    if int(current.fill_settle_ms) <= wanted:
        return
    params = dataclasses.replace(current, fill_settle_ms=U64(wanted))
    proposal = Propose(f"Demo clock: fills settle after {wanted} ms without a rise", "tank.set_params",
                       encode(params), TimestampMs(now_ms() + 600_000))
    views = chain.send(VALIDATOR_OPERATORS[0], [("gov.propose", proposal)])
    events = [e for v in views for e in (v.get("result") or {}).get("events", [])]
    if any(e.get("kind") == "gov.passed" for e in events):
        return
    pid = next(int(e["attrs"]["proposal_id"]) for e in events if e.get("kind") == "gov.proposed")
    validators = len(chain.rpcs) if chain.validators is None else chain.validators
    for voter in VALIDATOR_OPERATORS[1:(2 * validators) // 3 + 1]:
        try:
            views = chain.send(voter, [("gov.vote", Vote(U64(pid), True))])
        except DemoTanksError as exc:
            if exc.data.get("code_of_node") == "proposal_closed":
                return
            raise
        if any(e.get("kind") == "gov.passed" for v in views for e in (v.get("result") or {}).get("events", [])):
            log.info("tank parameters scaled to the demo clock: fill_settle_ms = %d", wanted)
            return


# --- child processes -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli() -> list[str]:
    """``depot`` with the gateway commands (``sim tanks``, ``gateway``), wherever they are registered."""
    from app.cli import COMMAND_MODULES

    if "app.commands.gateway" in COMMAND_MODULES:
        return [sys.executable, "-m", "app.cli"]
    return [sys.executable, "-m", "app.commands.gateway"]


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("DEPOT_LOG_LEVEL", "WARNING")
    return env


class _Children:
    """The simulator and gateway processes; stopped with SIGTERM, then killed."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()

    def start(self, argv: list[str], log_path: Path) -> subprocess.Popen[bytes]:
        with open(log_path, "ab") as out:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    cwd=_PROJECT_ROOT, env=_child_env())
        with self._lock:
            self.procs.append(proc)
        return proc

    def stop(self, grace_s: float = 8.0) -> None:
        with self._lock:
            procs, self.procs = self.procs, []
        for p in reversed(procs):  # the gateway first, then the simulator
            if p.poll() is None:
                with contextlib.suppress(OSError):
                    p.send_signal(signal.SIGTERM if sys.platform != "win32" else signal.CTRL_BREAK_EVENT)
        deadline = time.monotonic() + grace_s
        for p in reversed(procs):
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    p.wait(timeout=5)


def start_simulator(children: _Children, folder: Path, chain: DemoChain, settings: DemoTankSettings,
                    timeout_s: float = 60.0) -> dict[str, Any]:
    """``depot sim tanks``; returns its description (port, tanks with sizes and start levels)."""
    describe = folder / "sim.json"
    with contextlib.suppress(OSError):
        describe.unlink()
    port = _free_port()
    proc = children.start(
        [*_cli(), "sim", "tanks", "--tanks", str(settings.count), "--port", str(port), "--seed", str(settings.seed),
         "--prefix", TANK_ID_PREFIX, "--time-scale", f"{settings.time_scale:g}", "--describe", str(describe),
         "--rpc", chain.rpc, "--travel-s", f"{settings.travel_s * settings.time_scale:g}"],
        folder / "sim.log",
    )
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            raise DemoTanksError(f"the tank simulator exited with code {proc.returncode}; see {folder / 'sim.log'}")
        with contextlib.suppress(OSError, ValueError):
            doc = json.loads(describe.read_text(encoding="utf-8"))
            if isinstance(doc, dict) and doc.get("tanks"):
                return doc
        if time.monotonic() > deadline:
            raise DemoTanksError(f"the tank simulator did not start within {timeout_s:.0f} s")
        time.sleep(0.2)


def gateway_config(folder: Path, chain: DemoChain, sim: dict[str, Any], key: KeyOnDisk,
                   settings: DemoTankSettings) -> Path:
    cfg = {
        "gateway": {
            "name": "demo-site", "data_dir": str(folder / "gateway-data"), "poll_interval_s": settings.poll_interval_s,
            "device_keyfile": str(key.keyfile), "device_password_file": str(key.password_file),
            "durable": False, "log_file": str(folder / "gateway.log"),
        },
        "http": {
            "rpc": chain.rpc, "relay_keyfile": str(chain.accounts["gateway"]["keystore"]),
            "relay_password_file": str(relay_password_file(chain, folder)), "wait_s": 5,
        },
        "sensors": [{"name": "sim", "host": "127.0.0.1", "port": int(sim["port"]),
                     "word_order": str(sim.get("word_order", "big"))}],
        "tanks": [{"tank_id": t["tank_id"], "sensor": "sim", "register": int(t["register"]),
                   "span_mm": int(t["height_mm"])} for t in sim["tanks"]],
    }
    path = folder / "gateway.json"
    write_bytes_atomically(path, json.dumps(cfg, indent=1).encode())
    return path


# --- the parts no clerk plays in the demo ------------------------------------------------------


class Automation:
    """The automatic supplier (dispatch, restock) and the customer's treasury, polled every ``every_s``."""

    def __init__(self, chain: DemoChain, settings: DemoTankSettings, *, every_s: float = 2.0) -> None:
        self.chain = chain
        self.settings = settings
        self.every_s = every_s
        self._confirmed_since: dict[str, float] = {}
        self._last_treasury = 0.0

    def step(self) -> None:
        """One round: act on every open demo order, restock, top up the treasury."""
        lives = self.chain.records(LIVE_PREFIX + TANK_ID_PREFIX.encode())
        open_ids = [str(lv["open_order"]) for lv in lives if lv.get("open_order")]
        now = time.monotonic()
        seen = set()
        for oid in open_ids:
            order = self._order(oid)
            if order is None:
                continue
            seen.add(oid)
            status = int(order["status"])
            if self.settings.automatic_supplier and status == OrderStatus.CONFIRMED:
                since = self._confirmed_since.setdefault(oid, now)
                if now - since >= self.settings.dispatch_after_s:
                    self._act("supplier", "order.dispatch", Dispatch(oid, U64(int(order["quantity_l"]))))
            elif self.settings.automatic_supplier and status == OrderStatus.AWAITING_STOCK:
                self._restock(force=True)
                self._act("supplier", "order.confirm", OrderRef(oid))
        for oid in list(self._confirmed_since):
            if oid not in seen:
                del self._confirmed_since[oid]
        if self.settings.automatic_supplier:
            self._restock()
        if now - self._last_treasury >= 10.0:
            self._last_treasury = now
            self._treasury()

    def _order(self, order_id: str) -> dict[str, Any] | None:
        with NodeClient(self.chain.rpc, timeout_s=30) as c:
            answer = c.records(order_key(order_id), limit=1)
        for r in answer.get("records", []):
            rec = r.get("record")
            if isinstance(rec, dict) and rec.get("order_id") == order_id:
                return rec
        return None

    def _act(self, who: str, kind: str, payload: Any) -> None:
        try:
            self.chain.send(who, [(kind, payload)])
            log.info("%s: %s %s", who, kind, getattr(payload, "order_id", ""))
        except DemoTanksError as exc:
            # The order moved on meanwhile (a clerk acted first, a deadline passed): nothing to do.
            log.info("%s: %s skipped: %s", who, kind, exc.message)

    def _restock(self, *, force: bool = False) -> None:
        for s in self.chain.records(STORAGE_PREFIX + STORAGE_ID.encode()):
            if s.get("storage_id") != STORAGE_ID:
                continue
            free = int(s["inventory_l"]) - int(s["reserved_l"])
            room = int(s["capacity_l"]) - int(s["inventory_l"])
            if (force or free < self.settings.restock_below_l) and room > 0:
                self._act("supplier", "tank.adjust_storage",
                          AdjustStorage(STORAGE_ID, U64(min(room, self.settings.restock_l)), U64(0), "demo delivery from the refinery"))

    def _treasury(self) -> None:
        with NodeClient(self.chain.rpc, timeout_s=30) as c:
            acct = c.account(self.chain.address("customer")).get("account") or {}
        if int(acct.get("balance", 0)) < self.settings.treasury_floor:
            self._act("bank", "token.issue",
                      Issue(parse_address(self.chain.address("customer")), Amount(self.settings.treasury_top_up)))


# --- the whole demo ---------------------------------------------------------------------------


class DemoTanks:
    """Sets up and runs the demo tanks until ``stop`` is set."""

    def __init__(self, home: Path, settings: DemoTankSettings | None = None, *,
                 rpcs: Sequence[str] | None = None) -> None:
        self.home = Path(home)
        self.settings = settings or DemoTankSettings()
        if not 1 <= self.settings.count <= 64:
            raise DemoTanksError(f"the demo runs 1 to 64 tanks, got {self.settings.count}")
        self.folder = self.home / DEMO_DIR
        self._rpcs = list(rpcs) if rpcs else None
        self.children = _Children()
        self.tank_ids: list[str] = []
        self.ready = threading.Event()

    def setup(self) -> DemoChain:
        """Register storage and tanks, start the simulator and the gateway; returns the chain."""
        self.folder.mkdir(parents=True, exist_ok=True)
        chain = DemoChain.load(self.home, self._rpcs)
        key = device_key(self.folder)
        register_storage(chain, self.settings)
        tune_params(chain, self.settings)
        sim = start_simulator(self.children, self.folder, chain, self.settings)
        self.tank_ids = register_tanks(chain, sim["tanks"], key, self.settings)
        cfg = gateway_config(self.folder, chain, sim, key, self.settings)
        self.children.start([*_cli(), "gateway", "--config", str(cfg), "--log-level", "WARNING"],
                            self.folder / "gateway.stdout.log")
        log.info("demo tanks running: %s (time ×%g)", ", ".join(self.tank_ids), self.settings.time_scale)
        self.ready.set()
        return chain

    def run(self, stop: threading.Event) -> None:
        """Set up, then automate until ``stop``; children are stopped on the way out."""
        atexit.register(self.children.stop)
        try:
            chain = self._setup_with_retries(stop)
            if chain is None:
                return
            automation = Automation(chain, self.settings)
            while not stop.wait(automation.every_s):
                try:
                    automation.step()
                except (NodeUnreachable, NodeApiError, DemoTanksError) as exc:
                    log.info("demo automation: %s", exc.message)
                for p in list(self.children.procs):
                    if p.poll() is not None:
                        log.warning("a demo tank process exited with code %s; see %s", p.returncode, self.folder)
                        self.children.procs.remove(p)
        finally:
            self.children.stop()
            with contextlib.suppress(Exception):
                atexit.unregister(self.children.stop)

    def _setup_with_retries(self, stop: threading.Event) -> DemoChain | None:
        delay = 1.0
        while not stop.is_set():
            try:
                return self.setup()
            except (NodeUnreachable, NodeApiError, DemoTanksError, OSError) as exc:
                log.warning("demo tanks not set up yet: %s", getattr(exc, "message", exc))
                self.children.stop()
                if stop.wait(delay):
                    return None
                delay = min(delay * 2, 30.0)
        return None


def start_demo_tanks(home: Path, rpcs: Sequence[str] | None, count: int,
                     stop: threading.Event) -> threading.Thread:
    """Run ``count`` demo tanks for the devnet in ``home`` in a daemon thread until ``stop`` is set.

    The hook for ``depot devnet --demo-tanks N``; the simulator and gateway
    processes end with the thread, or at interpreter exit at the latest.
    """
    runner = DemoTanks(home, DemoTankSettings(count=count), rpcs=rpcs)
    thread = threading.Thread(target=runner.run, args=(stop,), name="demo-tanks", daemon=True)
    thread.start()
    return thread


def main(argv: list[str] | None = None) -> int:
    """``python -m app.demo_tanks --home H``: demo tanks for a devnet that is already running."""
    p = argparse.ArgumentParser(prog="python -m app.demo_tanks", description=__doc__.splitlines()[0])
    p.add_argument("--home", required=True, help="the devnet's folder (holds devnet.json)")
    p.add_argument("--tanks", type=int, default=4)
    p.add_argument("--time-scale", type=float, default=1440.0)
    p.add_argument("--no-automatic-supplier", action="store_true", help="leave dispatching to a clerk")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s demo-tanks: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = DemoTankSettings(count=args.tanks, time_scale=args.time_scale,
                                automatic_supplier=not args.no_automatic_supplier)
    DemoTanks(Path(args.home), settings).run(stop)
    return 0


if __name__ == "__main__":
    sys.exit(main())
