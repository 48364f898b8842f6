"""Full-node sync: download blocks from peers in parallel, re-execute each one, check every state root and commit.

A syncing node trusts only its genesis document.  Blocks arrive as canonical
encodings with the commits that finalised them (``GET /v1/raw/blocks``),
from one or more peers at once: ranges are handed out round-robin and a
range a peer fails to deliver is asked of the next one.  Each range goes
through three stages, overlapped so that no stage waits for the others:

1. *download and decode* (one thread per request in flight);
2. *check every transaction* of the whole range (stateless checks and
   signatures), in checking processes for a long sync and in a thread
   pool for a short one.  libsodium releases the GIL, but the Python
   around each verification would still take it back thousands of times
   per block from the thread that executes; a checking process decodes the
   blocks itself, so only bytes and transaction ids cross over;
3. *execute and commit* in this thread, block by block, in height order:
   ``Chain.execute_block`` re-executes the block and refuses it unless the
   rebuilt header, state root included, equals the received one and the
   previous block's commit verifies; ``Chain.commit`` verifies the block's
   own commit (more than 2/3 of the validator set in force) before storing
   block, state and tree nodes in one database transaction, which runs in
   the chain's writer thread while this one executes the next block.

So a crash or a cut connection at any moment leaves whole blocks only, and
the next run continues from ``store.latest_height()``.  Progress (blocks
left, rate, time remaining) goes to a callback.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx

from node.chain import Chain, PersistFailed
from node.client import NodeApiError, decode_answer
from node.core.blocks import Block, Commit, decode_block
from node.core.encoding import decode
from node.core.errors import DepotError
from node.core.genesis import Genesis, genesis_from_json, genesis_hash, load_genesis_file
from node.core.registry import Registry
from node.core.transactions import check_stateless
from node.core.types import Hash32
from node.light.errors import (
    BadBlockFromPeer,
    BlocksWithheld,
    GenesisUnavailable,
    PeerUnavailable,
    ProviderError,
    WrongChain,
)
from node.storage import Store

log = logging.getLogger(__name__)

DEFAULT_BATCH = 100
"""Most blocks asked for in one request (the node serves at most 500)."""

DEFAULT_WINDOW = 8
"""Ranges downloaded ahead of execution."""

RANGE_TXS = 4_000
"""Transactions aimed at per range: full blocks come a few at a time, empty ones by the hundred."""

PROCESS_MIN_TXS = 20_000
"""Transactions a sync must have ahead of it before checking moves to processes (starting them takes about a second)."""


# --- peers ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block as a peer served it, decoded, with the commit that finalised it."""

    height: int
    block: Block
    commit: Commit
    encoded_txs: list[bytes]
    """Each transaction's encoding, sliced from the block as served (not encoded again)."""
    raw: bytes
    """The block's encoding as served (what a checking process decodes)."""


class BlockSource(Protocol):
    """A peer that serves finalised blocks with their commits."""

    url: str

    def status(self) -> tuple[str, bytes, int]:
        """``(chain_id, genesis_hash, latest height)``."""
        ...

    def raw_blocks(self, start: int, limit: int) -> list[tuple[int, bytes, bytes]]:
        """Up to ``limit`` ``(height, encoded block, encoded commit)`` from ``start``."""
        ...

    def genesis(self) -> dict[str, Any] | None: ...

    def close(self) -> None: ...


class HttpBlockSource:
    """A node's HTTP API as a block source."""

    def __init__(self, url: str, *, timeout_s: float = 60.0) -> None:
        self.url = url.strip().rstrip("/")
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s)

    def __repr__(self) -> str:
        return f"HttpBlockSource({self.url})"

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self._http.get(path, params=params)
        except httpx.TransportError as exc:
            raise PeerUnavailable(
                f"the peer {self.url} is unreachable: {exc or type(exc).__name__}", url=self.url
            ) from exc
        return decode_answer(response)

    def status(self) -> tuple[str, bytes, int]:
        s = self._get("/v1/status")
        try:
            return str(s["chain_id"]), bytes.fromhex(s["genesis_hash"]), int(s["height"])
        except (KeyError, ValueError, TypeError) as exc:
            raise ProviderError(f"the peer {self.url} sent a malformed status") from exc

    def raw_blocks(self, start: int, limit: int) -> list[tuple[int, bytes, bytes]]:
        page = self._get("/v1/raw/blocks", {"from_height": start, "limit": limit})
        items = page.get("blocks")
        if not isinstance(items, list):
            raise ProviderError(f"the peer {self.url} sent a malformed block range")
        out = []
        try:
            for item in items:
                out.append((int(item["height"]), bytes.fromhex(item["block"]), bytes.fromhex(item["commit"])))
        except (KeyError, ValueError, TypeError) as exc:
            raise ProviderError(f"the peer {self.url} sent a malformed block range") from exc
        return out

    def genesis(self) -> dict[str, Any] | None:
        try:
            return self._get("/v1/genesis")
        except NodeApiError as exc:
            if exc.http_status == 404:
                return None
            raise

    def close(self) -> None:
        self._http.close()


class StoreBlockSource:
    """Another node's store, read directly (a local copy, a mounted data folder), as a block source."""

    def __init__(self, store: Store, chain_id: str, genesis_hash: bytes, url: str = "store://local") -> None:
        self.store = store
        self.url = url
        self._chain_id = chain_id
        self._genesis_hash = bytes(genesis_hash)

    def status(self) -> tuple[str, bytes, int]:
        return self._chain_id, self._genesis_hash, self.store.latest_height()

    def raw_blocks(self, start: int, limit: int) -> list[tuple[int, bytes, bytes]]:
        out = []
        for h in range(start, min(self.store.latest_height(), start + limit - 1) + 1):
            b, c = self.store.block(h), self.store.commit(h)
            if b is None or c is None:
                break
            out.append((h, b, c))
        return out

    def genesis(self) -> dict[str, Any] | None:
        return None

    def close(self) -> None:
        pass


# --- progress -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncProgress:
    """Where a full sync stands (the app's sync overlay shows it)."""

    height: int
    """The last block executed and stored."""
    target: int
    """The peers' latest height, as last heard."""
    blocks_left: int
    blocks_per_s: float
    """Blocks executed per second in this run."""
    txs_per_s: float
    eta_s: float | None
    """Estimated seconds to reach ``target`` at the current rate; None before a rate is known."""
    blocks: int
    """Blocks executed in this run."""
    txs: int
    """Transactions re-executed in this run."""

    def to_json(self) -> dict[str, Any]:
        return {
            "height": self.height,
            "target": self.target,
            "blocks_left": self.blocks_left,
            "blocks_per_s": round(self.blocks_per_s, 2),
            "txs_per_s": round(self.txs_per_s, 1),
            "eta_s": None if self.eta_s is None else round(self.eta_s, 1),
            "blocks": self.blocks,
            "txs": self.txs,
        }


@dataclass(frozen=True, slots=True)
class FullSyncResult:
    """What a full sync run did."""

    height: int
    block_id: Hash32
    state_root: Hash32
    resumed_from: int
    """The height the store held when the run started."""
    blocks: int
    txs: int
    seconds: float


ProgressCallback = Callable[[SyncProgress], None]


# --- the sync ---------------------------------------------------------------------------------


_Checked = tuple[dict[int, list[bytes]], DepotError | None]
"""What checking part of a range gives: the transaction ids by block height, and the first failure."""


def check_blocks(chain_id: str, items: list[tuple[int, bytes]]) -> _Checked:
    """``check_stateless`` (signatures included) over every transaction of ``(height, encoded block)`` items.

    A checking process's job: it stops at the first failing transaction and
    returns its error with the block height and the transaction's index in
    its data.
    """
    ids: dict[int, list[bytes]] = {}
    for height, raw in items:
        try:
            block, spans = decode_block(raw)
        except DepotError as exc:
            exc.data.setdefault("height", height)
            return ids, exc
        out = ids[height] = []
        for i, (tx, span) in enumerate(zip(block.txs, spans, strict=True)):
            try:
                out.append(bytes(check_stateless(tx, chain_id, encoded=span)))
            except DepotError as exc:
                exc.data.setdefault("height", height)
                exc.data.setdefault("tx_index", i)
                return ids, exc
    return ids, None


def _checker_init() -> None:
    """Set up a checking process: Ctrl-C is the sync's to handle, and it ends if the sync is killed.

    The sync stops its checking processes in order; but a sync killed
    outright (SIGKILL, a crash) cannot, and the pool's queues keep the
    process waiting for work that never comes, so a thread watches the
    parent and ends the process with it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_end_with, args=(parent,), name="end-with-sync", daemon=True).start()


def _end_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(0)


def default_checking_processes() -> int:
    """Half the cores check transactions during a long sync; the rest execute and store (none on one core)."""
    cores = os.cpu_count() or 1
    return min(cores - 1, cores // 2)


@dataclass(slots=True)
class _Range:
    """A range of blocks being downloaded (then verified) from one peer."""

    start: int
    limit: int
    peer: int
    tries: int
    future: Future[list[RawBlock]]
    checks: list[Future[_Checked]] | None


class FullSync:
    """Sync ``chain`` from ``peers`` up to their latest height (see the module docstring)."""

    def __init__(
        self,
        chain: Chain,
        peers: Sequence[BlockSource],
        *,
        batch: int = DEFAULT_BATCH,
        window: int = DEFAULT_WINDOW,
        verify_threads: int | None = None,
        verify_processes: int | None = None,
        process_min_txs: int = PROCESS_MIN_TXS,
        on_progress: ProgressCallback | None = None,
        progress_every_s: float = 0.5,
    ) -> None:
        if not peers:
            raise PeerUnavailable("full sync needs at least one peer")
        self.chain = chain
        self.peers = list(peers)
        self.batch = batch
        self.window = window
        self._txs_per_block = 0.0
        """Running mean of transactions per block, which sizes the ranges."""
        self.verify_threads = verify_threads or max(1, os.cpu_count() or 1)
        self.verify_processes = default_checking_processes() if verify_processes is None else max(0, verify_processes)
        """Checking processes for a long sync; 0 checks in threads only."""
        self.process_min_txs = process_min_txs
        self._processes: ProcessPoolExecutor | None = None
        self.on_progress = on_progress
        self.progress_every_s = progress_every_s
        self._stop = threading.Event()
        self._banned: set[int] = set()

    def stop(self) -> None:
        """Ask a running sync to stop after the block it is executing."""
        self._stop.set()

    # --- peers ------------------------------------------------------------------------------

    def _check_peers(self) -> int:
        """The highest latest height among the peers on this chain; refuses peers of other chains."""
        best = -1
        errors: list[str] = []
        for i, p in enumerate(self.peers):
            if i in self._banned:
                continue
            try:
                chain_id, ghash, latest = p.status()
            except DepotError as exc:
                errors.append(f"{p.url}: {exc.message}")
                continue
            if chain_id != self.chain.chain_id or ghash != self.chain.genesis_hash:
                raise WrongChain(
                    f"the peer {p.url} follows chain {chain_id!r} with another genesis", url=p.url
                )
            best = max(best, latest)
        if best < 0:
            raise PeerUnavailable("no peer answered: " + "; ".join(errors))
        return best

    def _fetch(self, peer: BlockSource, start: int, limit: int) -> list[RawBlock]:
        items = peer.raw_blocks(start, limit)
        if not items:
            raise BlocksWithheld(
                f"the peer {peer.url} served no blocks from {start}", url=peer.url, height=start
            )
        out = []
        for i, (height, raw_block, raw_commit) in enumerate(items[:limit]):
            if height != start + i:
                raise BlocksWithheld(
                    f"the peer {peer.url} answered out of order: expected block {start + i}, got {height}",
                    url=peer.url,
                    height=start + i,
                )
            try:
                block, encoded_txs = decode_block(raw_block)
                commit = decode(Commit, raw_commit)
            except DepotError as exc:
                raise BadBlockFromPeer(
                    f"the peer {peer.url} served block {height} that does not decode: {exc.message}",
                    url=peer.url,
                    height=height,
                ) from exc
            if int(block.header.height) != height:
                raise BlocksWithheld(
                    f"the peer {peer.url} labelled block {int(block.header.height)} as {height}",
                    url=peer.url,
                    height=height,
                )
            out.append(RawBlock(height, block, commit, encoded_txs, raw_block))
        return out

    def _range_size(self) -> int:
        if self._txs_per_block <= 0:
            return min(self.batch, 4)  # until the first range shows how full blocks are
        return max(1, min(self.batch, int(RANGE_TXS / max(self._txs_per_block, 1.0))))

    def _learn(self, blocks: list[RawBlock]) -> None:
        if blocks:
            mean = sum(len(rb.block.txs) for rb in blocks) / len(blocks)
            prev = self._txs_per_block
            self._txs_per_block = mean if prev <= 0 else 0.7 * prev + 0.3 * mean

    # --- verification ------------------------------------------------------------------------

    def _verify_chunk(self, items: list[tuple[int, int, Any, bytes]]) -> _Checked:
        """``check_stateless`` (signatures included) over ``(height, index in block, tx, encoding)`` items, in order."""
        chain_id = self.chain.chain_id
        ids: dict[int, list[bytes]] = {}
        for height, index, tx, raw in items:
            try:
                tid = check_stateless(tx, chain_id, encoded=raw)
            except DepotError as exc:
                exc.data.setdefault("height", height)
                exc.data.setdefault("tx_index", index)
                return ids, exc
            ids.setdefault(height, []).append(tid)
        return ids, None

    def _verify_range(self, pool: ThreadPoolExecutor, blocks: list[RawBlock]) -> list[Future[_Checked]]:
        """Start checking every transaction of ``blocks`` (signatures included): in the checking processes once they run, else spread over ``pool``."""
        n_txs = sum(len(rb.block.txs) for rb in blocks)
        if not n_txs:
            return []
        if self._processes is not None:
            # Contiguous groups of whole blocks, about equal in transactions, one per process.
            share = -(-n_txs // min(self.verify_processes, len(blocks)))
            groups: list[list[tuple[int, bytes]]] = [[]]
            in_group = 0
            for rb in blocks:
                if in_group >= share:
                    groups.append([])
                    in_group = 0
                groups[-1].append((rb.height, rb.raw))
                in_group += len(rb.block.txs)
            try:
                return [self._processes.submit(check_blocks, self.chain.chain_id, g) for g in groups]
            except BrokenExecutor as exc:
                self._processes_failed(exc)
        items = [
            (rb.height, i, t, raw)
            for rb in blocks
            for i, (t, raw) in enumerate(zip(rb.block.txs, rb.encoded_txs, strict=True))
        ]
        n = min(self.verify_threads, max(1, len(items) // 64))
        size = -(-len(items) // n)
        return [pool.submit(self._verify_chunk, items[i : i + size]) for i in range(0, len(items), size)]

    def _start_processes(self, txs_ahead: float) -> None:
        """Start the checking processes once the sync ahead is long enough to repay their start."""
        if self._processes is not None or self.verify_processes <= 0 or txs_ahead < self.process_min_txs:
            return
        # spawn on every platform: forking a process that runs threads is unsafe, and
        # Windows and macOS spawn anyway.
        self._processes = ProcessPoolExecutor(
            self.verify_processes, mp_context=multiprocessing.get_context("spawn"), initializer=_checker_init
        )
        log.info("checking transactions in %d process(es)", self.verify_processes)

    def _processes_failed(self, exc: BaseException) -> None:
        """A checking process died (killed, out of memory): check in threads for the rest of the run."""
        if self.verify_processes:
            log.warning("a checking process died (%s); checking in threads from now on", exc)
            self.verify_processes = 0
        self._stop_processes()

    def _stop_processes(self) -> None:
        pool, self._processes = self._processes, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _checked(
        self, threads: ThreadPoolExecutor, checks: list[Future[_Checked]], blocks: list[RawBlock]
    ) -> _Checked:
        """A range's checks merged in order: ids by height, and the first failure.

        If a checking process died (killed, out of memory), the range is
        checked again in threads and so is every later one.
        """
        checked: dict[int, list[bytes]] = {}
        for f in checks:
            try:
                ids, err = f.result()
            except BrokenExecutor as exc:
                self._processes_failed(exc)
                return self._checked(threads, self._verify_range(threads, blocks), blocks)
            for height, got in ids.items():
                checked.setdefault(height, []).extend(got)
            if err is not None:
                return checked, err
        return checked, None

    # --- the run ------------------------------------------------------------------------------

    def run(self, until: int | None = None) -> FullSyncResult:
        """Sync to ``until`` (the peers' latest if None, re-checked once reached); returns what was done.

        A peer that serves a bad block, or withholds blocks it claims, is
        dropped for the rest of the run and its range asked of another peer;
        when no peer is left the specific error is raised.
        """
        with _fewer_collections():
            return self._run(until)

    def _run(self, until: int | None) -> FullSyncResult:
        chain = self.chain
        t0 = time.monotonic()
        resumed_from = chain.height
        self._banned = set()
        target = self._check_peers() if until is None else until
        blocks_done = 0
        txs_done = 0
        last_report = 0.0
        downloads = ThreadPoolExecutor(
            max(2, 2 * len(self.peers)), thread_name_prefix="sync-download"
        )
        verifiers = ThreadPoolExecutor(self.verify_threads, thread_name_prefix="sync-verify")
        pending: deque[_Range] = deque()
        next_start = chain.height + 1
        rr = 0

        def live() -> list[int]:
            return [i for i in range(len(self.peers)) if i not in self._banned]

        def schedule(start: int, limit: int, peer: int, tries: int) -> _Range:
            fut = downloads.submit(self._fetch, self.peers[peer], start, limit)
            return _Range(start, limit, peer, tries, fut, None)

        def drop_peer(peer: int, exc: DepotError) -> None:
            """Ban a misbehaving peer and restart the pipeline from the next block to execute."""
            nonlocal next_start
            self._banned.add(peer)
            log.warning("dropping peer %s: %s", self.peers[peer].url, exc.message)
            if not live():
                raise exc
            for r in pending:
                r.future.cancel()
            pending.clear()
            next_start = chain.height + 1

        def report(force: bool = False) -> None:
            nonlocal last_report
            if self.on_progress is None:
                return
            now = time.monotonic()
            if not force and now - last_report < self.progress_every_s:
                return
            last_report = now
            el = max(now - t0, 1e-9)
            bps = blocks_done / el
            left = max(0, target - chain.height)
            self.on_progress(
                SyncProgress(
                    height=chain.height,
                    target=target,
                    blocks_left=left,
                    blocks_per_s=bps,
                    txs_per_s=txs_done / el,
                    eta_s=(left / bps) if bps > 0 else None,
                    blocks=blocks_done,
                    txs=txs_done,
                )
            )

        try:
            while not self._stop.is_set():
                peers_now = live()
                while len(pending) < self.window and next_start <= target:
                    limit = min(self._range_size(), target - next_start + 1)
                    pending.append(schedule(next_start, limit, peers_now[rr % len(peers_now)], 0))
                    rr += 1
                    next_start += limit
                if not pending:
                    if until is None:
                        latest = self._check_peers()
                        if latest > chain.height:
                            target = latest
                            continue
                    break
                head = pending[0]
                try:
                    blocks = head.future.result()
                except (BadBlockFromPeer, BlocksWithheld) as exc:
                    drop_peer(head.peer, exc)
                    continue
                except DepotError as exc:
                    others = [p for p in live() if p != head.peer] or live()
                    if head.tries + 1 >= 3 * len(self.peers):
                        raise
                    time.sleep(min(0.2 * 2**head.tries, 5.0))
                    peer = others[head.tries % len(others)]
                    log.warning(
                        "peer %s failed blocks %d..%d (%s); asking %s",
                        self.peers[head.peer].url, head.start, head.start + head.limit - 1,
                        exc.message, self.peers[peer].url,
                    )  # fmt: skip
                    pending[0] = schedule(head.start, head.limit, peer, head.tries + 1)
                    continue
                self._learn(blocks)
                if len(blocks) < head.limit:
                    # A short page: the rest comes next, from the same peer.
                    pending.insert(
                        1,
                        schedule(
                            head.start + len(blocks), head.limit - len(blocks), head.peer, head.tries
                        ),
                    )
                    head.limit = len(blocks)
                # Check this range's transactions, and those of every range downloaded behind it,
                # in the checking processes or threads while this thread executes.
                self._start_processes(self._txs_per_block * (target - head.start))
                for r in pending:
                    if r.checks is None and r.future.done() and r.future.exception() is None:
                        r.checks = self._verify_range(verifiers, r.future.result())
                pending.popleft()
                peer_url = self.peers[head.peer].url
                bad: DepotError | None = None
                checked_ids, err = self._checked(verifiers, head.checks or [], blocks)
                if err is not None:
                    at = int(err.data.get("height", head.start))
                    bad = BadBlockFromPeer(
                        f"the peer {peer_url} served block {at} with a transaction "
                        f"(number {err.data.get('tx_index', '?')} in it) that fails its checks: {err.message}",
                        url=peer_url,
                        height=at,
                        tx_index=err.data.get("tx_index"),
                        reason=err.code,
                    )
                if bad is not None:
                    drop_peer(head.peer, bad)
                    continue
                for rb in blocks:
                    if self._stop.is_set():
                        break
                    try:
                        ex = chain.execute_block(
                            rb.block, encoded_txs=rb.encoded_txs, checked_ids=checked_ids.get(rb.height, [])
                        )
                        # Stored by the chain's writer thread while this one executes the next block.
                        chain.commit(ex, rb.commit, in_background=True)
                    except PersistFailed:
                        raise  # our store, not the peer
                    except DepotError as exc:
                        bad = BadBlockFromPeer(
                            f"block {rb.height} from {peer_url} is refused: {exc.message}",
                            url=peer_url,
                            height=rb.height,
                            reason=exc.code,
                        )
                        break
                    blocks_done += 1
                    txs_done += len(rb.block.txs)
                    report()
                if bad is not None:
                    drop_peer(head.peer, bad)
        finally:
            for r in pending:
                r.future.cancel()
            downloads.shutdown(wait=True, cancel_futures=True)
            verifiers.shutdown(wait=True, cancel_futures=True)
            self._stop_processes()
            chain.flush()  # the block still being stored is stored before this returns
        report(force=True)
        return FullSyncResult(
            height=chain.height,
            block_id=Hash32(chain.last_block_id),
            state_root=Hash32(chain.state_root),
            resumed_from=resumed_from,
            blocks=blocks_done,
            txs=txs_done,
            seconds=time.monotonic() - t0,
        )


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a sync runs.

    Each block decodes and executes tens of thousands of small objects that
    live until the block is committed; with the default thresholds they
    survive into the oldest generation and the collector walks the whole
    heap every few blocks (a fifth of the sync's time).  Nearly all of them
    are freed by reference counting anyway.  The previous thresholds come
    back when the sync ends.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), max(before[1], 20), max(before[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*before)


# --- a node home ---------------------------------------------------------------------------------


def genesis_for_home(home: Path, registry: Registry, peers: Sequence[BlockSource]) -> Genesis:
    """The genesis a syncing node trusts: ``HOME/genesis.json``, or a peer's checked against ``network.json``'s pin.

    A genesis downloaded from a peer is only accepted if it hashes to the
    genesis hash pinned in ``HOME/network.json``; it is then written to
    ``HOME/genesis.json``.
    """
    path = Path(home) / "genesis.json"
    if path.exists():
        return load_genesis_file(registry, path)
    from node.light.network import NETWORK_FILE, NetworkConfig

    net_path = Path(home) / NETWORK_FILE
    if not net_path.exists():
        raise GenesisUnavailable(
            f"{home} has no genesis.json; put the network's genesis file there "
            f"(or a network.json pinning its hash)"
        )
    net = NetworkConfig.load(net_path)
    for p in peers:
        try:
            doc = p.genesis()
        except DepotError:
            continue
        if doc is None:
            continue
        try:
            g = genesis_from_json(registry, doc)
        except DepotError:
            continue
        if genesis_hash(g) == net.genesis_hash:
            from node.core.genesis import write_genesis_file

            write_genesis_file(registry, g, path)
            return g
        log.warning("peer %s serves a genesis that does not match the pinned hash", p.url)
    raise GenesisUnavailable("no peer served a genesis document matching the pinned hash")
