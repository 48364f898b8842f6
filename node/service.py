"""A running node: chain, mempool, block producer and HTTP API on one asyncio loop.

Heavy work (verifying signatures of submitted batches, executing and
committing blocks) runs in executors so the API keeps answering while a block
is being written.  One writer thread owns the chain; it is the only thread that
commits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from node.chain import Chain, ExecutedBlock
from node.core.address import address_of_key
from node.core.crypto import Signer
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.genesis import Genesis, load_genesis_file
from node.core.registry import Registry
from node.core.state_tree import StateTree
from node.core.transactions import Transaction, check_stateless
from node.core.types import Address, Hash32
from node.hub import EventHub
from node.mempool import Mempool
from node.modules import default_registry
from node.storage import Store

if TYPE_CHECKING:
    from node.consensus.driver import ConsensusDriver

log = logging.getLogger(__name__)

VERSION = "0.1.0"


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class ConfigError(DepotError):
    code = "config_error"


@dataclass(slots=True)
class NodeConfig:
    """How a node runs; read from ``HOME/config.json``."""

    home: Path
    name: str = "node"
    host: str = "127.0.0.1"
    port: int = 26657
    store_url: str | None = None
    """SQLAlchemy URL; default ``sqlite:///HOME/node.db``."""
    validator_keyfile: Path | None = None
    validator_password_file: Path | None = None
    block_time_ms: int | None = None
    """Overrides the chain parameter for how long transactions gather before a block."""
    rate_limit_per_s: float = 200.0
    rate_limit_burst: int = 400
    max_body_bytes: int = 1 << 20
    max_batch_body_bytes: int = 8 << 20
    max_batch_txs: int = 5_000
    mempool_size: int = 200_000
    verify_threads: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    peers: list[str] = field(default_factory=list)
    """Other validators' (or their proxies') base URLs."""
    timeout_propose_ms: int = 1500
    timeout_vote_ms: int = 500
    commit_wait_ms: int = 250
    empty_block_interval_ms: int | None = None
    """Default: the chain parameter."""
    rebroadcast_s: float = 0.5
    byzantine: str = ""
    """Test only: "double_sign" or "bad_proposal". Never set this on a real validator."""

    @classmethod
    def load(cls, home: Path) -> NodeConfig:
        home = Path(home)
        path = home / "config.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        cfg = cls(home=home)
        for k, v in data.items():
            if k not in cls.__dataclass_fields__ or k == "home":
                raise ConfigError(f"{path}: unknown setting {k!r}")
            if k in ("validator_keyfile", "validator_password_file") and v is not None:
                v = (home / v) if not Path(v).is_absolute() else Path(v)
            setattr(cfg, k, v)
        return cfg

    def save(self) -> None:
        out: dict[str, Any] = {}
        for k in self.__dataclass_fields__:
            if k == "home":
                continue
            v = getattr(self, k)
            out[k] = str(v) if isinstance(v, Path) else v
        (self.home / "config.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")

    @property
    def url(self) -> str:
        return self.store_url or f"sqlite:///{(self.home / 'node.db').resolve()}"


class Node:
    """The node's parts and the work that ties them together."""

    def __init__(
        self,
        config: NodeConfig,
        genesis: Genesis,
        registry: Registry | None = None,
        signer: Signer | None = None,
    ) -> None:
        self.config = config
        self.registry = registry or default_registry()
        self.store = Store.open(config.url)
        self.chain = Chain(self.store, self.registry, genesis)
        self.read_tree = StateTree(self.store)
        self.read_tree_lock = threading.Lock()  # StateTree is not thread-safe; API reads run in threads
        self.mempool = Mempool(self.chain, wall_clock_ms, max_size=config.mempool_size)
        self.hub = EventHub()
        self.signer = signer
        self.validator_address: Address | None = (
            address_of_key(int(signer.scheme), signer.public_key) if signer else None
        )
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="chain-writer")
        self._verifiers = ThreadPoolExecutor(config.verify_threads, thread_name_prefix="verify")
        self._wake = asyncio.Event()
        self.consensus: ConsensusDriver | None = None
        self._stopping = False
        self.started_at = time.monotonic()
        self.metrics: dict[str, float] = {
            "txs_committed_total": 0,
            "txs_rejected_total": 0,
            "blocks_committed_total": 0,
            "last_block_seconds": 0.0,
        }

    @classmethod
    def from_home(cls, home: Path) -> Node:
        cfg = NodeConfig.load(home)
        registry = default_registry()
        genesis = load_genesis_file(registry, Path(home) / "genesis.json")
        signer = None
        if cfg.validator_keyfile is not None:
            from node.keyfile import load_keyfile

            if cfg.validator_password_file is None:
                raise ConfigError("validator_keyfile needs validator_password_file")
            password = Path(cfg.validator_password_file).read_text(encoding="utf-8").strip()
            signer = Signer(load_keyfile(Path(cfg.validator_keyfile), password))
        return cls(cfg, genesis, registry, signer)

    # --- submission -----------------------------------------------------------------

    def _verify(self, tx: Transaction) -> Hash32:
        return check_stateless(tx, self.chain.chain_id)

    async def submit(self, tx: Transaction, raw: bytes | None = None) -> Hash32:
        loop = asyncio.get_running_loop()
        tid = await loop.run_in_executor(self._verifiers, self._verify, tx)
        try:
            self.mempool.admit(tx, tid, raw)
        except DepotError:
            self.metrics["txs_rejected_total"] += 1
            raise
        if self.consensus is not None:
            self.consensus.gossip([raw if raw is not None else encode(tx)])
        self._wake.set()
        return tid

    async def submit_many(
        self, txs: list[Transaction], raws: list[bytes] | None = None, *, gossip: bool = True
    ) -> list[Hash32 | DepotError]:
        """Verify signatures in parallel, then admit in order."""
        loop = asyncio.get_running_loop()
        n = self.config.verify_threads
        chunks = [txs[i::n] for i in range(n)]

        def verify_chunk(chunk: list[Transaction]) -> list[Hash32 | DepotError]:
            out: list[Hash32 | DepotError] = []
            for t in chunk:
                try:
                    out.append(self._verify(t))
                except DepotError as exc:
                    out.append(exc)
            return out

        parts = await asyncio.gather(
            *(loop.run_in_executor(self._verifiers, verify_chunk, c) for c in chunks)
        )
        results: list[Hash32 | DepotError] = [None] * len(txs)  # type: ignore[list-item]
        for i, part in enumerate(parts):
            for j, r in enumerate(part):
                results[i + j * n] = r
        for i, (tx, r) in enumerate(zip(txs, results, strict=True)):
            if isinstance(r, DepotError):
                self.metrics["txs_rejected_total"] += 1
                continue
            try:
                self.mempool.admit(tx, r, raws[i] if raws is not None else None)
            except DepotError as exc:
                self.metrics["txs_rejected_total"] += 1
                results[i] = exc
        if gossip and self.consensus is not None:
            self.consensus.gossip(
                [raws[i] if raws is not None else encode(txs[i]) for i, r in enumerate(results) if not isinstance(r, DepotError)]
            )
        self._wake.set()
        return results

    # --- block production ------------------------------------------------------------

    def after_commit(self, ex: ExecutedBlock) -> None:
        h = int(ex.block.header.height)
        self.metrics["blocks_committed_total"] += 1
        self.metrics["txs_committed_total"] += len(ex.tx_ids)
        self.hub.committed([bytes(t) for t in ex.tx_ids], h)
        self.hub.publish(
            "block",
            {
                "height": h,
                "block_id": ex.block_id.hex(),
                "time": int(ex.block.header.time_ms),
                "num_txs": len(ex.tx_ids),
            },
        )
        if self.hub.wants_chain_events():
            for i, o in enumerate(ex.outcomes):
                for e in o.events:
                    self.hub.publish(
                        "chain_event",
                        {"height": h, "tx_index": i, "tx_id": o.tx_id.hex(), "kind": e.kind, "attrs": e.attrs},
                    )
            for e in ex.block_events:
                self.hub.publish(
                    "chain_event", {"height": h, "tx_index": None, "tx_id": None, "kind": e.kind, "attrs": e.attrs}
                )

    # --- lifecycle ------------------------------------------------------------------

    async def serve(self, ready: asyncio.Event | None = None) -> None:
        """Run API and producer until ``stop()`` or SIGINT/SIGTERM."""
        import uvicorn

        from node.api.server import create_app

        self._make_consensus()
        app = create_app(self)
        config = uvicorn.Config(
            app,
            host=self.config.host,
            port=self.config.port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        server = uvicorn.Server(config)
        # The node owns SIGINT/SIGTERM (a clean stop of producer, API and store, in that order).
        server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        self._stop_event = stop
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
                pass
        server_task = asyncio.create_task(server.serve(), name="api")
        if self.consensus is not None:
            producer_task = asyncio.create_task(self.consensus.run(), name="consensus")
        else:
            producer_task = asyncio.create_task(_forever(), name="serve-only")
        while not server.started and not server_task.done():
            await asyncio.sleep(0.02)
        if server_task.done():
            server_task.result()  # raise the bind error
        log.info("node %s serving on http://%s:%d", self.config.name, self.config.host, self.config.port)
        (self.config.home / "node.pid").write_text(str(os.getpid()))
        if ready is not None:
            ready.set()
        stop_wait = asyncio.create_task(stop.wait())
        await asyncio.wait({stop_wait, server_task, producer_task}, return_when=asyncio.FIRST_COMPLETED)
        log.info("node %s stopping", self.config.name)
        self._stopping = True
        self._wake.set()
        if self.consensus is not None:
            self.consensus.stop()
        self.hub.close()
        server.should_exit = True
        for t in (producer_task, server_task):
            try:
                await asyncio.wait_for(t, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                t.cancel()
            except Exception:
                log.exception("task %s failed", t.get_name())
        stop_wait.cancel()
        self.close()
        if producer_task.done() and not producer_task.cancelled() and producer_task.exception():
            raise producer_task.exception()  # type: ignore[misc]

    def _make_consensus(self) -> None:
        """Validators and nodes with peers run BFT consensus; a lone node without a key only serves."""
        if self.signer is None and not self.config.peers:
            return
        from node.consensus.driver import ConsensusConfig, ConsensusDriver
        from node.consensus.signstate import SignGuard
        from node.consensus.tendermint import Timeouts

        c = self.config
        params = self.chain.params()
        timeouts = Timeouts(
            propose_ms=c.timeout_propose_ms,
            propose_delta_ms=c.timeout_propose_ms // 3,
            prevote_ms=c.timeout_vote_ms,
            prevote_delta_ms=c.timeout_vote_ms // 2,
            precommit_ms=c.timeout_vote_ms,
            precommit_delta_ms=c.timeout_vote_ms // 2,
        )
        cfg = ConsensusConfig(
            peers=list(c.peers),
            timeouts=timeouts,
            commit_wait_ms=c.commit_wait_ms if c.block_time_ms is None else c.block_time_ms,
            empty_block_interval_ms=c.empty_block_interval_ms or int(params.empty_block_interval_ms),
            rebroadcast_s=c.rebroadcast_s,
            byzantine=c.byzantine,
        )
        if c.byzantine:
            log.warning("TEST-ONLY BYZANTINE MODE %r: this validator misbehaves on purpose", c.byzantine)
        guard = SignGuard(c.home / "sign_state.json", self.signer) if self.signer is not None else None
        self.consensus = ConsensusDriver(self, cfg, guard)

    def stop(self) -> None:
        ev = getattr(self, "_stop_event", None)
        if ev is not None:
            ev.set()

    def close(self) -> None:
        # Work still queued (verifying gossiped batches, judging proposals) is dropped, not done:
        # a clean stop must be prompt.  A commit already running finishes; each is atomic.
        self.writer.shutdown(wait=True, cancel_futures=True)
        self._verifiers.shutdown(wait=True, cancel_futures=True)
        self.store.close()
        try:
            (self.config.home / "node.pid").unlink()
        except OSError:
            pass


async def _forever() -> None:
    await asyncio.Event().wait()


def run_node(home: Path) -> int:
    """Entry point of ``depot node run``: serve until a signal, then stop cleanly."""
    home = Path(home)
    logging.basicConfig(
        level=os.environ.get("DEPOT_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(home / "node.log"), logging.StreamHandler()],
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    node = Node.from_home(home)
    _tune_gc()
    asyncio.run(node.serve())
    return 0


def _tune_gc() -> None:
    """Fewer full garbage collections in a node process.

    A node allocates many short-lived objects per transaction (decoding,
    execution, JSON) and holds a large, long-lived heap (caches, the mempool);
    with CPython's default thresholds full collections walking that heap took
    about a fifth of a validator's time under load.  What start-up allocated is
    moved out of the collector's view (``gc.freeze``) and young collections run
    less often.  Reference counting still frees almost everything at once; only
    cycles wait longer.
    """
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
