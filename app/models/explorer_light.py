"""The session's light client for the explorer and node pages: verified headers, verified reads and fork alerts.

``node.light.LightClient`` is blocking and not thread-safe, so it lives in
one executor thread of its own and every call goes there.  Its root of
trust is the genesis hash pinned for the network: in the demo, the genesis
file the app's own demo network was created with; with a consortium, the
hash in its network file (the app's settings).  The other nodes of the
network are the witnesses that catch a fork.

The first time a store is used, the light client downloads the pinned
genesis document and checks it by building the genesis state: for a
consortium with thousands of accounts that is a second of Python holding the
GIL, which would stall the GUI thread, so it runs in a child process
(``python -m app.models.explorer_light bootstrap``) that leaves the checked
genesis in the store; the app's client then only reads it back.

What comes out carries the height it was verified against, for the
"verified against block N" mark.  A fork is never swallowed:
``forkDetected`` carries the ``ForkAlert`` (also after a restart: a halted
client reports its stored alerts), and the client refuses to sync until a
person acknowledges it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import platformdirs
from PySide6.QtCore import QObject, Signal

from app.models.explorer_jobs import MIGRATIONS_LOCK, JobFailure, heavy_imports
from node.core.errors import DepotError

log = logging.getLogger(__name__)

T = TypeVar("T")

#: A verified read first syncs when the newest verified header is older than this.
FRESH_S = 5.0

_readers: weakref.WeakKeyDictionary[Any, LightReader] = weakref.WeakKeyDictionary()


def light_for(services: Any) -> LightReader:
    """The session's one light reader (made on first use, owned by ``services``)."""
    r = _readers.get(services)
    if r is None:
        r = LightReader(services)
        _readers[services] = r
    return r


@dataclass(frozen=True, slots=True)
class LightSetup:
    """Where the light client's trust and data come from."""

    chain_id: str
    genesis_hash: bytes
    primary: str
    witnesses: tuple[str, ...]
    store_dir: Path
    genesis_document: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class LightStatus:
    """The newest verified header."""

    height: int
    block_id: bytes
    time_ms: int
    witnesses_checked: int
    faulty_witnesses: tuple[str, ...]


class LightNotConfigured(DepotError):
    """The network's pinned genesis is not known, so nothing can be verified."""

    code = "network_not_configured"


def light_setup(services: Any) -> LightSetup:
    """Blocking: the network to verify against, from the demo folder or the consortium settings."""
    heavy_imports()
    primary = str(getattr(services.client, "base_url", "")).rstrip("/")
    home = getattr(services, "home", None)
    devnet = Path(home) / "devnet.json" if home is not None else None
    if devnet is not None and devnet.is_file():
        from node.core.genesis import genesis_from_json, genesis_hash
        from node.modules import default_registry

        doc = json.loads(devnet.read_text(encoding="utf-8"))
        nodes = doc.get("nodes") or []
        genesis_file = Path(home) / "genesis.json"
        if not genesis_file.is_file() and nodes:
            genesis_file = Path(nodes[0].get("home", "")) / "genesis.json"
        document = json.loads(genesis_file.read_text(encoding="utf-8"))
        g = genesis_from_json(default_registry(), document)
        rpcs = [str(n.get("rpc", "")).rstrip("/") for n in nodes if n.get("rpc")]
        return LightSetup(
            chain_id=g.chain_id,
            genesis_hash=bytes(genesis_hash(g)),
            primary=primary or (rpcs[0] if rpcs else ""),
            witnesses=tuple(u for u in rpcs if u != primary),
            store_dir=Path(home) / "light",
            genesis_document=document,
        )
    settings = getattr(services, "app_settings", None)
    spec = getattr(settings, "consortium", None)
    if spec is not None and spec.chain_id and spec.genesis_hash:
        try:
            pinned = bytes.fromhex(spec.genesis_hash)
        except ValueError as exc:
            raise LightNotConfigured("the network's genesis hash is not hex") from exc
        data_dir = getattr(settings, "data_dir", "")
        base = Path(data_dir) if data_dir else Path(platformdirs.user_data_dir("Depot", appauthor=False))
        return LightSetup(
            chain_id=spec.chain_id,
            genesis_hash=pinned,
            primary=primary,
            witnesses=tuple(p.rstrip("/") for p in spec.peers if p.rstrip("/") != primary),
            store_dir=base / "light",
            genesis_document=None,
        )
    raise LightNotConfigured("no pinned genesis hash for this network (demo folder or network file)")


class LightBootstrapFailed(DepotError):
    """The child that checks the pinned genesis failed; ``code`` is the light client's own when it said one."""

    code = "light_bootstrap_failed"

    def __init__(self, message: str, *, error_code: str | None = None, **data: Any) -> None:
        super().__init__(message, **data)
        if error_code:  # the child's own error, so the page says the same sentence as in-process
            self.code = error_code  # type: ignore[misc]


#: Longest the genesis check may take in its child (a slow peer sending a large genesis).
BOOTSTRAP_TIMEOUT_S = 300.0


def bootstrap_in_child(setup: LightSetup) -> None:
    """Blocking (light thread): download and check the pinned genesis in a child process, into the store.

    Raises ``LightBootstrapFailed`` carrying the child's error code (``peer_unavailable``,
    ``genesis_mismatch``, ``wrong_chain``...).
    """
    import subprocess
    import sys

    args = [
        sys.executable, "-m", "app.models.explorer_light", "bootstrap",
        "--store", str(setup.store_dir), "--chain-id", setup.chain_id,
        "--genesis-hash", setup.genesis_hash.hex(), "--primary", setup.primary,
    ]
    try:
        proc = subprocess.run(
            args, capture_output=True, text=True, timeout=BOOTSTRAP_TIMEOUT_S,
            stdin=subprocess.DEVNULL, cwd=Path(__file__).resolve().parents[2],
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        raise LightBootstrapFailed(f"the genesis check could not run: {e}") from e
    if proc.returncode == 0:
        return
    answer: dict[str, Any] = {}
    with contextlib.suppress(ValueError, IndexError):
        answer = json.loads(proc.stdout.strip().splitlines()[-1])
    raw_error = answer.get("error") if isinstance(answer, dict) else None
    error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
    message = str(error.get("message") or proc.stderr.strip()[-500:] or f"exit code {proc.returncode}")
    raise LightBootstrapFailed(message, error_code=str(error.get("code") or "") or None)


def _bootstrap_main(argv: list[str]) -> int:
    """The child: open the light store, download and check the pinned genesis, keep it there."""
    import argparse
    import os

    from node.core.types import Hash32
    from node.light.client import LightClient
    from node.light.network import NetworkConfig
    from node.light.provider import HttpProvider
    from node.light.store import LightStore
    from node.modules import default_registry

    p = argparse.ArgumentParser(prog="python -m app.models.explorer_light bootstrap")
    p.add_argument("command", choices=["bootstrap"])
    p.add_argument("--store", required=True)
    p.add_argument("--chain-id", required=True)
    p.add_argument("--genesis-hash", required=True)
    p.add_argument("--primary", required=True)
    args = p.parse_args(argv)
    with contextlib.suppress(AttributeError, OSError):
        os.nice(10)  # below the app: the GUI comes first
    store_dir = Path(args.store)
    store_dir.mkdir(parents=True, exist_ok=True)
    net = NetworkConfig(args.chain_id, Hash32(bytes.fromhex(args.genesis_hash)), (args.primary,))
    try:
        with LightStore.open(LightStore.url_for_home(store_dir)) as store:
            provider = HttpProvider(args.primary)
            try:
                LightClient(store, net, provider, [], registry=default_registry()).bootstrap()
            finally:
                provider.close()
    except DepotError as e:
        print(json.dumps({"error": e.to_json()}), flush=True)
        return 1
    print(json.dumps({"ok": True}), flush=True)
    return 0


class LightReader(QObject):
    """One light client in one thread; async methods for the GUI, signals for what it finds."""

    synced = Signal(object)
    """A ``LightStatus`` after each successful sync."""
    forkDetected = Signal(object)
    """A ``node.light.types.ForkAlert``: show it loudly."""
    syncFailed = Signal(object)
    """A ``JobFailure`` (peer unavailable, network not configured...)."""

    def __init__(self, services: Any, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else services if isinstance(services, QObject) else None)
        self.services = services
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="depot-light")
        self._client: Any = None
        self._setup: LightSetup | None = None
        self._last_sync = 0.0
        self._sync_task: asyncio.Future[LightStatus] | None = None
        self.status: LightStatus | None = None
        self.halted = False
        self.last_failure: JobFailure | None = None
        executor = self._executor
        self.destroyed.connect(lambda *_: executor.shutdown(wait=False, cancel_futures=True))

    @property
    def setup(self) -> LightSetup | None:
        return self._setup

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, functools.partial(fn, *args))

    # --- the client (light thread) --------------------------------------------------------------

    def _ensure_client(self) -> Any:
        if self._client is not None:
            return self._client
        heavy_imports()
        from node.core.types import Hash32
        from node.light.client import LightClient
        from node.light.network import NetworkConfig
        from node.light.provider import HttpProvider
        from node.light.store import LightStore
        from node.modules import default_registry

        setup = light_setup(self.services)
        setup.store_dir.mkdir(parents=True, exist_ok=True)
        net = NetworkConfig(setup.chain_id, Hash32(setup.genesis_hash), (setup.primary, *setup.witnesses))
        with MIGRATIONS_LOCK:
            store = LightStore.open(LightStore.url_for_home(setup.store_dir))
        try:
            if store.root() is None and setup.genesis_document is None:
                bootstrap_in_child(setup)
        except BaseException:
            store.close()
            raise
        self._client = LightClient(
            store,
            net,
            HttpProvider(setup.primary),
            [HttpProvider(w) for w in setup.witnesses],
            registry=default_registry(),
            genesis_document=setup.genesis_document,
        )
        self._setup = setup
        return self._client

    def _sync(self) -> LightStatus:
        lc = self._ensure_client()
        r = lc.sync()
        lb = lc.store.latest()
        return LightStatus(
            height=r.height,
            block_id=bytes(r.block_id),
            time_ms=lb.time_ms if lb is not None else 0,
            witnesses_checked=r.witnesses_checked,
            faulty_witnesses=tuple(r.faulty_witnesses),
        )

    def _alerts(self) -> list[Any]:
        return list(self._ensure_client().store.alerts())

    def _acknowledge(self, evidence_id: int) -> None:
        self._ensure_client().store.acknowledge(evidence_id)

    def close_now(self) -> None:
        """Blocking: close the client and its store (at exit, from the light thread)."""
        lc, self._client = self._client, None
        if lc is not None:
            with contextlib.suppress(Exception):
                lc.close()
                lc.store.close()

    # --- async API -------------------------------------------------------------------------------

    async def sync(self) -> LightStatus | None:
        """Verify up to the primary's newest header (one sync at a time; callers share it).

        Returns None when it failed (``syncFailed`` or ``forkDetected`` say why).
        """
        if self._sync_task is None or self._sync_task.done():
            self._sync_task = asyncio.ensure_future(self._do_sync())
            self._sync_task.add_done_callback(lambda t: t.cancelled() or t.exception())
        try:
            return await asyncio.shield(self._sync_task)
        except DepotError:
            return None

    async def _do_sync(self) -> LightStatus:
        from node.light.errors import ForkDetected, LightClientHalted

        try:
            status = await self._run(self._sync)
        except ForkDetected as e:
            self.halted = True
            self.forkDetected.emit(e.alert)
            raise
        except LightClientHalted:
            self.halted = True
            for alert in await self._run(self._alerts):
                self.forkDetected.emit(alert)
            raise
        except DepotError as e:
            self.last_failure = JobFailure(e.code, e.message)
            self.syncFailed.emit(self.last_failure)
            raise
        except Exception as e:  # noqa: BLE001 - a network or disk failure must not kill the page
            log.exception("light sync failed")
            self.last_failure = JobFailure("internal_error", str(e))
            self.syncFailed.emit(self.last_failure)
            raise DepotError(str(e)) from e
        self._last_sync = time.monotonic()
        self.status = status
        self.halted = False
        self.last_failure = None
        self.synced.emit(status)
        return status

    async def _fresh(self) -> None:
        if time.monotonic() - self._last_sync > FRESH_S:
            if await self.sync() is None and self.status is None:
                failure = self.last_failure
                raise DepotError(failure.message if failure else "the light client could not sync")

    async def alerts(self) -> list[Any]:
        return await self._run(self._alerts)

    async def acknowledge(self, evidence_id: int) -> None:
        await self._run(self._acknowledge, evidence_id)
        self.halted = False

    async def verify_record(self, key: bytes) -> Any:
        """``VerifiedRecord`` of ``key`` at the newest verified header (syncing first if stale)."""
        await self._fresh()
        return await self._run(lambda: self._ensure_client().get_record(bytes(key)))

    async def verify_account(self, address: str) -> Any:
        """``VerifiedRecord`` of the account at ``address`` (``AccountNotFound`` if proven absent)."""
        await self._fresh()
        return await self._run(lambda: self._ensure_client().get_account(address))

    async def verify_tx(self, tx_id: bytes) -> Any:
        """``VerifiedTx``: the transaction's inclusion in its verified block."""
        await self._fresh()
        return await self._run(lambda: self._ensure_client().get_tx(bytes(tx_id)))

    async def verify_header(self, height: int) -> Any:
        """The verified ``LightBlock`` at ``height``."""
        await self._fresh()
        return await self._run(lambda: self._ensure_client().verified_header(int(height)))

    async def verified_validators(self) -> tuple[int, Any]:
        """``(height, ValidatorSet)``: the set that signed the newest verified header."""
        await self._fresh()
        lb = await self._run(lambda: self._ensure_client().verified_header(None))
        return lb.height, lb.validators


if __name__ == "__main__":
    import sys

    sys.exit(_bootstrap_main(sys.argv[1:]))
