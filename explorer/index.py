"""Building and updating the explorer's index from a node's store, block by block, resumably.

``Indexer.run`` reads the blocks above the last indexed height from the
node's store (read-only), decodes every transaction through the registry and
writes blocks, transactions, per-address history, ids, events and commit
signatures into the index, a batch of blocks per transaction together with
the new indexed height.  An interruption at any moment (a crash, the app
closing, ``cancel``) leaves the index at the end of the last whole batch,
and the next run resumes there; running again when nothing is new does
nothing.  After the blocks, the latest-state records are brought up to date
by comparing the node's latest-state table with the index's copy (skipped
when the state root has not changed).

Long work reports through ``progress`` after each batch and stops at the
next batch boundary once ``cancel()`` returns true, so the app can run it in
an executor behind a progress bar.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from explorer.db import INDEX_FILE, open_index
from explorer.errors import IndexMismatch
from explorer.extract import Extractor
from explorer.schema import EVENT_SEQ_BITS, TX_INDEX_BITS
from explorer.source import NodeBlock, NodeEvent, NodeSource, NodeTx, node_url_for_home
from node.core.blocks import Commit, CommitFlag, Header
from node.core.encoding import codec_for, decode
from node.core.registry import Registry
from node.core.transactions import MAX_SIGNATURES, TxBody

#: Most transactions read and written in one batch (one index transaction).
BATCH_TXS = 20_000
#: Most blocks in one batch (many empty blocks are cheap, but progress should move).
BATCH_BLOCKS = 2_000
#: Page cache of the indexer's write connection (KiB); it only grows as far as the index does.
WRITER_CACHE_KIB = 256 * 1024
#: Latest-state records compared per read.
RECORDS_CHUNK = 2_000

_U32 = struct.Struct(">I")

# Names of the rows in ``explorer_meta``.
META_CHAIN_ID = "chain_id"
META_GENESIS_HASH = "genesis_hash"
META_GENESIS_TIME = "genesis_time_ms"
META_INDEXED_HEIGHT = "indexed_height"
META_TXS = "txs"
META_EVENTS = "events"
META_RECORDS_HEIGHT = "records_height"
META_RECORDS_ROOT = "records_root"

ROLE_SENDER = 1
"""``address_txs.role`` bit: the address sent the transaction."""
ROLE_PARTY = 2
"""``address_txs.role`` bit: the address is named in the payload."""


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run is; handed to the ``progress`` callback after each batch."""

    phase: str
    """``"blocks"`` or ``"records"``."""
    blocks_done: int
    """Blocks indexed by this run so far."""
    blocks_left: int
    """Blocks still to index in this run."""
    height: int
    """The index's height now."""
    target_height: int
    """The height this run indexes up to."""
    txs_done: int
    """Transactions indexed by this run so far."""
    elapsed_s: float
    """Seconds since the run started."""

    @property
    def fraction(self) -> float:
        """Share of this run's blocks done, 0..1 (1 when there was nothing to do)."""
        total = self.blocks_done + self.blocks_left
        return 1.0 if total == 0 else self.blocks_done / total

    @property
    def txs_per_s(self) -> float:
        return self.txs_done / self.elapsed_s if self.elapsed_s > 0 else 0.0


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What one run did."""

    from_height: int
    """The index's height before the run."""
    height: int
    """The index's height after the run."""
    node_height: int
    """The node's latest height when the run started."""
    blocks: int
    txs: int
    events: int
    records_changed: int
    """Latest-state records added, changed or removed."""
    records_height: int
    """The node height the records are as of (-1: records not synced yet)."""
    cancelled: bool
    seconds: float

    @property
    def txs_per_s(self) -> float:
        return self.txs / self.seconds if self.seconds > 0 else 0.0


def _skip_signatures(block: bytes, pos: int, height: int) -> int:
    """The offset after a transaction's signature list at ``pos`` (protocol.md §7.1), without decoding it.

    The indexer needs the body only; the signatures are read from the node's
    store when a detail view asks (``Explorer.tx_detail``).
    """
    try:
        (count,) = _U32.unpack_from(block, pos)
        if count > MAX_SIGNATURES:
            raise IndexMismatch(f"block {height}: a transaction lists {count} signatures", height=height)
        pos += 4
        for _ in range(count):
            (klen,) = _U32.unpack_from(block, pos + 1)
            pos += 1 + 4 + klen + 64
    except struct.error as exc:
        raise IndexMismatch(f"block {height}: a transaction's signatures are truncated", height=height) from exc
    if pos > len(block):
        raise IndexMismatch(f"block {height}: a transaction's signatures are truncated", height=height)
    return pos


class _Cancelled(Exception):
    """Raised inside a write transaction to roll it back when the run is cancelled."""


def _many(conn: Connection, sql: str, rows: Any) -> None:
    """``executemany`` on the driver, skipped for no rows (and ``execute`` for one tuple of values)."""
    if rows:
        conn.exec_driver_sql(sql, rows)


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


class _Batch:
    """Rows of one batch of blocks, column-ready for ``executemany``."""

    def __init__(self) -> None:
        self.blocks: list[tuple[Any, ...]] = []
        self.sigs: list[tuple[Any, ...]] = []
        self.validators_seen: dict[bytes, int] = {}
        """validator -> the last height of this batch whose commit has an entry for it."""
        self.txs: list[tuple[Any, ...]] = []
        self.address_txs: list[tuple[Any, ...]] = []
        self.ref_txs: list[tuple[Any, ...]] = []
        self.events: list[tuple[Any, ...]] = []
        self.address_events: list[tuple[Any, ...]] = []
        self.ref_events: list[tuple[Any, ...]] = []
        # addr -> [n_txs, n_sent, n_events, first_pos, last_pos]
        self.addresses: dict[bytes, list[Any]] = {}
        self.kind_counts: dict[int, int] = {}

    def touch(self, addr: bytes, pos: int, sent: bool) -> None:
        a = self.addresses.get(addr)
        if a is None:
            self.addresses[addr] = [1, int(sent), 0, pos, pos]
        else:
            a[0] += 1
            a[1] += int(sent)
            a[4] = pos

    def touch_event(self, addr: bytes) -> None:
        a = self.addresses.get(addr)
        if a is None:
            self.addresses[addr] = [0, 0, 1, None, None]
        else:
            a[2] += 1


class Indexer:
    """Indexes one node's store into one index file; one run at a time."""

    def __init__(
        self, source: NodeSource, engine: Engine, registry: Registry, *, cache_kib: int = WRITER_CACHE_KIB
    ) -> None:
        self.source = source
        self.cache_kib = cache_kib
        self.engine = engine
        self.registry = registry
        self.extractor = Extractor(registry)
        self._body_decode = codec_for(TxBody)[1]
        self._kinds: dict[str, int] = {}
        self._totals: dict[bytes, list[int]] = {}
        """validator -> [signed, expected, proposed] up to the index's height (commit_sigs' running totals)."""

    @classmethod
    def open(
        cls, node_url: str, index_path: Path | str, registry: Registry | None = None
    ) -> Indexer:
        """Open the node's store read-only and the index (created or migrated) at ``index_path``."""
        if registry is None:
            from node.modules import default_registry

            registry = default_registry()
        source = NodeSource.open(node_url)
        try:
            engine = open_index(index_path)
        except BaseException:
            source.close()
            raise
        return cls(source, engine, registry)

    @classmethod
    def open_home(cls, home: Path | str, registry: Registry | None = None) -> Indexer:
        """The indexer of a node's data folder: ``HOME/node.db`` into ``HOME/explorer.db``."""
        return cls.open(node_url_for_home(home), Path(home) / INDEX_FILE, registry)

    def close(self) -> None:
        self.source.close()
        self.engine.dispose()

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the run -------------------------------------------------------------------------

    def run(
        self,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        until_height: int | None = None,
        records: bool = True,
        batch_txs: int = BATCH_TXS,
    ) -> IndexReport:
        """Index the blocks above the index's height (up to ``until_height`` or the node's latest).

        Then, with ``records``, bring the latest-state records up to date.
        Returns what was done; ``cancelled`` is true if ``cancel()`` stopped it
        early (everything indexed until then is kept).  Raises
        ``IndexMismatch`` if the index was built from another chain or from a
        longer history than the node now holds.
        """
        t0 = time.perf_counter()
        start = self._check_identity()
        self._load_totals()
        node_height = self.source.latest_height()
        target = node_height if until_height is None else min(until_height, node_height)
        height = start
        n_blocks = n_txs = n_events = 0
        cancelled = False
        plan = self._plan(start + 1, target, batch_txs) if target > start else []
        total_blocks = max(target - start, 0)
        for lo, hi in plan:
            if cancel is not None and cancel():
                cancelled = True
                break
            got_txs, got_events = self._index_batch(lo, hi)
            height = hi
            n_blocks += hi - lo + 1
            n_txs += got_txs
            n_events += got_events
            if progress is not None:
                progress(
                    Progress(
                        "blocks", n_blocks, total_blocks - n_blocks, height, target, n_txs,
                        time.perf_counter() - t0,
                    )
                )
        changed = 0
        rec_height = self._meta_num(META_RECORDS_HEIGHT)
        if records and not cancelled:
            if progress is not None:
                progress(Progress("records", n_blocks, 0, height, target, n_txs, time.perf_counter() - t0))
            result = self._sync_records(cancel)
            if result is None:
                cancelled = True
            else:
                changed, rec_height = result
        return IndexReport(
            from_height=start,
            height=height,
            node_height=node_height,
            blocks=n_blocks,
            txs=n_txs,
            events=n_events,
            records_changed=changed,
            records_height=-1 if rec_height is None else rec_height,
            cancelled=cancelled,
            seconds=time.perf_counter() - t0,
        )

    def _plan(self, lo: int, hi: int, batch_txs: int) -> list[tuple[int, int]]:
        """Consecutive height ranges of at most ``batch_txs`` transactions (or one bigger block)."""
        out: list[tuple[int, int]] = []
        first: int | None = None
        acc = 0
        for h, n in self.source.num_txs_between(lo, hi):
            if first is not None and (acc + n > batch_txs or h - first >= BATCH_BLOCKS):
                out.append((first, h - 1))
                first, acc = None, 0
            if first is None:
                first = h
            acc += n
        if first is not None:
            out.append((first, hi))
        return out

    # --- identity ------------------------------------------------------------------------

    def _write(self) -> Connection:
        """A connection whose transactions take the write lock up front (``BEGIN IMMEDIATE``).

        Its page cache is larger than a reader's: batches insert into big
        indexes at random places (ids, addresses), and pages that stay cached
        are not read back from disk for the next batch.
        """
        conn = self.engine.connect().execution_options(write=True)
        driver = conn.connection.driver_connection  # outside SQLAlchemy's transaction: a pragma
        if driver is not None:
            driver.execute(f"PRAGMA cache_size = -{int(self.cache_kib)}")
        return conn

    def _meta_num(self, name: str) -> int | None:
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT num FROM explorer_meta WHERE name = ?", (name,)).first()
        return None if row is None or row[0] is None else int(row[0])

    def _check_identity(self) -> int:
        """Record or check which chain the index belongs to; the index's height."""
        got = self.source.genesis()
        if got is None:  # pragma: no cover - NodeSource.open refuses a store without genesis
            raise IndexMismatch("the node's store holds no genesis")
        genesis, ghash = got
        with self._write() as conn, conn.begin():
            rows = {
                r[0]: (r[1], r[2], r[3])
                for r in conn.exec_driver_sql("SELECT name, num, blob, text FROM explorer_meta")
            }
            if META_GENESIS_HASH not in rows:
                conn.exec_driver_sql(
                    "INSERT INTO explorer_meta (name, num, blob, text) VALUES (?, ?, ?, ?)",
                    [
                        (META_CHAIN_ID, None, None, genesis.chain_id),
                        (META_GENESIS_HASH, None, ghash, None),
                        (META_GENESIS_TIME, int(genesis.genesis_time_ms), None, None),
                        (META_INDEXED_HEIGHT, 0, None, None),
                        (META_TXS, 0, None, None),
                        (META_EVENTS, 0, None, None),
                    ],
                )
                self._load_kinds(conn)
                return 0
            if bytes(rows[META_GENESIS_HASH][1]) != ghash:
                raise IndexMismatch(
                    "the index belongs to another chain (its genesis differs); rebuild it",
                    index_genesis=bytes(rows[META_GENESIS_HASH][1]),
                    node_genesis=ghash,
                )
            height = int(rows[META_INDEXED_HEIGHT][0])
            self._load_kinds(conn)
        node_height = self.source.latest_height()
        if height > node_height:
            raise IndexMismatch(
                f"the index reaches height {height} but the node's store only {node_height}; rebuild it",
                index_height=height,
                node_height=node_height,
            )
        if height > 0:
            theirs = self.source.block_id_at(height)
            with self.engine.connect() as conn:
                ours = conn.exec_driver_sql(
                    "SELECT block_id FROM blocks WHERE height = ?", (height,)
                ).scalar()
            if theirs is None or ours is None or bytes(ours) != theirs:
                raise IndexMismatch(
                    f"block {height} in the index differs from the node's; rebuild it", height=height
                )
        return height

    def _load_totals(self) -> None:
        """Each validator's running totals as of the index's height (the start of every run)."""
        with self.engine.connect() as conn:
            self._totals = {
                bytes(v): [int(s), int(e), int(p)]
                for v, s, e, p in conn.exec_driver_sql(
                    "SELECT v.validator, c.signed_total, c.expected_total, c.proposed_total"
                    " FROM validators v JOIN commit_sigs c"
                    " ON c.validator = v.validator AND c.height = v.last_height"
                )
            }

    def _load_kinds(self, conn: Connection) -> None:
        self._kinds = {name: int(no) for no, name in conn.exec_driver_sql("SELECT kind_no, name FROM kinds")}
        missing = [k for k in self.registry.kinds if k not in self._kinds]
        for name in missing:
            self._new_kind(conn, name)

    def _new_kind(self, conn: Connection, name: str) -> int:
        no = max(self._kinds.values(), default=0) + 1
        conn.exec_driver_sql(
            "INSERT INTO kinds (kind_no, name, known, n_txs) VALUES (?, ?, ?, 0)",
            (no, name, name in self.registry.kinds),
        )
        self._kinds[name] = no
        return no

    # --- one batch of blocks -----------------------------------------------------------------

    def _index_batch(self, lo: int, hi: int) -> tuple[int, int]:
        nblocks = self.source.blocks_between(lo, hi)
        ntxs = self.source.txs_between(lo, hi)
        nevents = self.source.events_between(lo, hi)
        if len(nblocks) != hi - lo + 1:
            raise IndexMismatch(f"the node's store lacks blocks between {lo} and {hi}", lo=lo, hi=hi)
        txs_by_height: dict[int, list[NodeTx]] = {}
        for t in ntxs:
            txs_by_height.setdefault(t.height, []).append(t)
        events_by_height: dict[int, list[NodeEvent]] = {}
        for e in nevents:
            events_by_height.setdefault(e.height, []).append(e)
        batch = _Batch()
        with self._write() as conn, conn.begin():
            prev_time = self._prev_time(conn, lo)
            for nb in nblocks:
                self._block(conn, batch, nb, prev_time, txs_by_height.get(nb.height, []),
                            events_by_height.get(nb.height, []))
                prev_time = nb.time_ms
            self._flush(conn, batch, hi)
        return len(batch.txs), len(batch.events)

    def _prev_time(self, conn: Connection, height: int) -> int:
        if height <= 1:
            return int(
                conn.exec_driver_sql(
                    "SELECT num FROM explorer_meta WHERE name = ?", (META_GENESIS_TIME,)
                ).scalar_one()
            )
        return int(
            conn.exec_driver_sql("SELECT time_ms FROM blocks WHERE height = ?", (height - 1,)).scalar_one()
        )

    def _block(
        self,
        conn: Connection,
        batch: _Batch,
        nb: NodeBlock,
        prev_time: int,
        ntxs: list[NodeTx],
        nevents: list[NodeEvent],
    ) -> None:
        h = nb.height
        header = decode(Header, nb.header)
        body = nb.body
        pos_in = len(nb.header)
        (count,) = _U32.unpack_from(body, pos_in)
        pos_in += 4
        if count != len(ntxs):
            raise IndexMismatch(
                f"block {h} carries {count} transactions but the node's index lists {len(ntxs)}",
                height=h,
            )
        base = h << TX_INDEX_BITS
        failed = 0
        kinds = self._kinds
        extract = self.extractor.payload
        dec = self._body_decode
        for i, nt in enumerate(ntxs):
            if nt.index != i:
                raise IndexMismatch(f"block {h}: transaction index rows are not contiguous", height=h)
            b, end = dec(body, pos_in)
            end = _skip_signatures(body, end, h)
            offset, length = pos_in, end - pos_in
            pos_in = end
            kind = b.kind
            kind_no = kinds.get(kind)
            if kind_no is None:
                kind_no = self._new_kind(conn, kind)
            batch.kind_counts[kind_no] = batch.kind_counts.get(kind_no, 0) + 1
            payload_json, found, err = extract(kind, b.payload)
            pos = base | i
            sender = bytes(b.sender)
            if not nt.ok:
                failed += 1
            batch.txs.append(
                (
                    pos, nt.tx_id, h, i, nb.time_ms, sender, int(b.nonce), kind_no, nt.ok, nt.code,
                    payload_json, err, None if err is None else bytes(b.payload), offset, length,
                )
            )
            parties = found.parties
            batch.address_txs.append((sender, pos, kind_no, ROLE_SENDER | (ROLE_PARTY if sender in parties else 0)))
            batch.touch(sender, pos, True)
            for addr in parties:
                if addr != sender:
                    batch.address_txs.append((addr, pos, kind_no, ROLE_PARTY))
                    batch.touch(addr, pos, False)
            for ref, field in found.refs.items():
                batch.ref_txs.append((ref, pos, field))
        ebase = h << EVENT_SEQ_BITS
        for ev in nevents:
            epos = ebase | ev.seq
            batch.events.append(
                (epos, h, ev.seq, None if ev.tx_index is None else base | ev.tx_index, ev.kind, ev.attrs)
            )
            found = self.extractor.event(ev.attrs)
            for addr in found.parties:
                batch.address_events.append((addr, epos))
                batch.touch_event(addr)
            for ref, field in found.refs.items():
                batch.ref_events.append((ref, epos, field))
        signed = validators = 0
        proposer = bytes(header.proposer)
        if nb.commit is not None:
            commit = decode(Commit, nb.commit)
            validators = len(commit.signatures)
            totals = self._totals
            for s in commit.signatures:
                flag = int(s.flag)
                v = bytes(s.validator)
                t = totals.get(v)
                if t is None:
                    t = totals[v] = [0, 0, 0]
                t[0] += flag == CommitFlag.COMMIT
                t[1] += 1
                t[2] += v == proposer
                signed += flag == CommitFlag.COMMIT
                batch.sigs.append((h, v, flag, t[0], t[1], t[2]))
                batch.validators_seen[v] = h
        batch.blocks.append(
            (
                h, nb.block_id, nb.time_ms, nb.time_ms - prev_time, count, failed, len(nevents),
                proposer, nb.state_root, signed, validators,
            )
        )

    def _flush(self, conn: Connection, b: _Batch, height: int) -> None:
        def x(sql: str, rows: Any) -> None:
            _many(conn, sql, rows)

        x(
            "INSERT INTO blocks (height, block_id, time_ms, interval_ms, num_txs, num_failed, num_events,"
            " proposer, state_root, signed, validators) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            b.blocks,
        )
        x(
            "INSERT INTO commit_sigs (height, validator, flag, signed_total, expected_total, proposed_total)"
            " VALUES (?,?,?,?,?,?)",
            b.sigs,
        )
        x(
            "INSERT INTO validators (validator, first_height, last_height) VALUES (?,?,?)"
            " ON CONFLICT (validator) DO UPDATE SET last_height = excluded.last_height",
            [(v, h, h) for v, h in b.validators_seen.items()],
        )
        x(
            "INSERT INTO txs (pos, tx_id, height, idx, time_ms, sender, nonce, kind_no, ok, code,"
            " payload, decode_error, raw_payload, tx_offset, tx_len)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            b.txs,
        )
        x("INSERT INTO address_txs (addr, pos, kind_no, role) VALUES (?,?,?,?)", b.address_txs)
        x("INSERT INTO ref_txs (ref, pos, field) VALUES (?,?,?)", b.ref_txs)
        x("INSERT INTO events (epos, height, seq, tx_pos, kind, attrs) VALUES (?,?,?,?,?,?)", b.events)
        x("INSERT INTO address_events (addr, epos) VALUES (?,?)", b.address_events)
        x("INSERT INTO ref_events (ref, epos, field) VALUES (?,?,?)", b.ref_events)
        x(
            "INSERT INTO addresses (addr, n_txs, n_sent, n_events, first_pos, last_pos)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (addr) DO UPDATE SET"
            " n_txs = n_txs + excluded.n_txs, n_sent = n_sent + excluded.n_sent,"
            " n_events = n_events + excluded.n_events,"
            " first_pos = COALESCE(first_pos, excluded.first_pos),"
            " last_pos = COALESCE(excluded.last_pos, last_pos)",
            [(a, *v) for a, v in b.addresses.items()],
        )
        x("UPDATE kinds SET n_txs = n_txs + ? WHERE kind_no = ?", [(n, k) for k, n in b.kind_counts.items()])
        x(
            "UPDATE explorer_meta SET num = CASE name WHEN ? THEN ? WHEN ? THEN num + ?"
            " WHEN ? THEN num + ? END WHERE name IN (?, ?, ?)",
            (
                META_INDEXED_HEIGHT, height, META_TXS, len(b.txs), META_EVENTS, len(b.events),
                META_INDEXED_HEIGHT, META_TXS, META_EVENTS,
            ),
        )

    # --- latest-state records ------------------------------------------------------------

    def _sync_records(self, cancel: CancelFn | None) -> tuple[int, int] | None:
        """Bring the records to the node's latest state: ``(records changed, height)``, None if cancelled."""
        changed = 0
        with self.source.connect(snapshot=True) as nconn:
            height = self.source.latest_height(nconn)
            root = self.source.state_root(height, nconn)
            with self.engine.connect() as conn:
                row = conn.exec_driver_sql(
                    "SELECT blob FROM explorer_meta WHERE name = ?", (META_RECORDS_ROOT,)
                ).first()
            if row is not None and root is not None and bytes(row[0]) == root:
                self._set_records_meta(height, root)
                return 0, height
            after: bytes | None = None
            try:
                with self._write() as conn, conn.begin():
                    while True:
                        if cancel is not None and cancel():
                            raise _Cancelled
                        chunk = NodeSource.state_chunk(nconn, after, RECORDS_CHUNK)
                        last = chunk[-1][0] if chunk else None
                        changed += self._merge_records(conn, after, last, chunk, height)
                        if last is None:
                            break
                        after = last
                    self._put_meta(conn, META_RECORDS_HEIGHT, num=height)
                    self._put_meta(conn, META_RECORDS_ROOT, blob=root or b"")
            except _Cancelled:
                return None  # rolled back: the records stay as they were, whole
        return changed, height

    def _set_records_meta(self, height: int, root: bytes) -> None:
        with self._write() as conn, conn.begin():
            self._put_meta(conn, META_RECORDS_HEIGHT, num=height)
            self._put_meta(conn, META_RECORDS_ROOT, blob=root)

    @staticmethod
    def _put_meta(conn: Connection, name: str, *, num: int | None = None, blob: bytes | None = None) -> None:
        conn.exec_driver_sql(
            "INSERT INTO explorer_meta (name, num, blob) VALUES (?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET num = excluded.num, blob = excluded.blob",
            (name, num, blob),
        )

    def _merge_records(
        self,
        conn: Connection,
        after: bytes | None,
        last: bytes | None,
        chunk: list[tuple[bytes, bytes]],
        height: int,
    ) -> int:
        """Make the index's records with keys in (after, last] (to the end if ``last`` is None) equal ``chunk``."""
        sql = "SELECT key, value FROM records WHERE 1=1"
        args: list[Any] = []
        if after is not None:
            sql += " AND key > ?"
            args.append(after)
        if last is not None:
            sql += " AND key <= ?"
            args.append(last)
        ours = {bytes(k): bytes(v) for k, v in conn.exec_driver_sql(sql, tuple(args))}
        theirs = dict(chunk)
        gone = [k for k in ours if k not in theirs]
        put = [(k, v) for k, v in chunk if ours.get(k) != v]
        stale = [(k,) for k in gone] + [(k,) for k, _ in put if k in ours]
        _many(conn, "DELETE FROM address_records WHERE key = ?", stale)
        _many(conn, "DELETE FROM ref_records WHERE key = ?", stale)
        _many(conn, "DELETE FROM records WHERE key = ?", [(k,) for k in gone])
        if put:
            rows = []
            addr_rows: list[tuple[bytes, bytes]] = []
            ref_rows: list[tuple[str, bytes, str]] = []
            for key, value in put:
                rtype, data, found, err = self.extractor.record(key, value)
                rows.append((key, rtype, value, data, err, height))
                addr_rows.extend((a, key) for a in found.parties)
                ref_rows.extend((r, key, f) for r, f in found.refs.items())
            conn.exec_driver_sql(
                "INSERT INTO records (key, type, value, data, decode_error, changed_height)"
                " VALUES (?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET type = excluded.type,"
                " value = excluded.value, data = excluded.data, decode_error = excluded.decode_error,"
                " changed_height = excluded.changed_height",
                rows,
            )
            _many(conn, "INSERT INTO address_records (addr, key) VALUES (?,?)", addr_rows)
            _many(conn, "INSERT INTO ref_records (ref, key, field) VALUES (?,?,?)", ref_rows)
        return len(gone) + len(put)


def index_home(
    home: Path | str,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    registry: Registry | None = None,
) -> IndexReport:
    """Build or update ``HOME/explorer.db`` from ``HOME/node.db`` (one call for scripts and the CLI)."""
    with Indexer.open_home(home, registry) as ix:
        return ix.run(progress=progress, cancel=cancel)
