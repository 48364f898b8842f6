"""The explorer's reads: blocks, transactions, histories, events, records and addresses, by keyset pages.

``Explorer`` answers from the index alone (``Explorer.open_home(home)``); a
transaction's signatures and raw bytes come from the node's store when it is
attached (it is, for ``open_home`` on a node's data folder).  Every listing
walks one index in chain order and stops after ``limit`` rows, so a first
page costs the same on a chain of a hundred transactions or a million.
Thread-safe: each call takes a pooled connection of its own.

Arguments people type are checked here: addresses must be checksummed text
(``MistypedAddress`` says what is wrong), ids full hex or a prefix of at
least 8 hex characters (``PrefixTooShort``, ``AmbiguousPrefix``,
``NotFound``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine

from explorer.db import INDEX_FILE, open_index
from explorer.errors import (
    AmbiguousPrefix,
    BadQuery,
    ExplorerError,
    MistypedAddress,
    NotFound,
    PrefixTooShort,
)
from explorer.extract import Extractor
from explorer.schema import EVENT_SEQ_BITS, TX_INDEX_BITS
from explorer.source import NodeSource, node_url_for_home
from explorer.views import (
    AddressSummary,
    Block,
    CommitEntry,
    Event,
    IndexStatus,
    KindInfo,
    Page,
    Record,
    Signature,
    Tx,
    TxDetail,
)
from node.core.address import format_address, parse_address
from node.core.encoding import decode
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.transactions import Transaction
from node.modules.accounts.records import ACCOUNT_PREFIX

if TYPE_CHECKING:
    from explorer.search import SearchResult

#: Shortest id prefix accepted (hex characters).
MIN_PREFIX_HEX = 8
#: Most rows one page may hold.
MAX_LIMIT = 1_000
#: Ids listed with an ``AmbiguousPrefix`` error.
AMBIGUOUS_SHOWN = 10

_POS_MAX = (1 << 63) - 1
#: Highest height a position can carry (events take the most bits).
_MAX_HEIGHT = _POS_MAX >> EVENT_SEQ_BITS

_TX_COLS = (
    "t.pos, t.tx_id, t.height, t.idx, t.time_ms, t.sender, t.nonce, t.kind_no, t.ok, t.code,"
    " t.payload, t.decode_error, t.raw_payload"
)
_BLOCK_COLS = (
    "height, block_id, time_ms, interval_ms, num_txs, num_failed, num_events, proposer,"
    " state_root, signed, validators"
)
_EVENT_COLS = "e.epos, e.height, e.seq, e.tx_pos, t.tx_id, e.kind, e.attrs"
_RECORD_COLS = "r.key, r.type, r.data, r.decode_error, r.value, r.changed_height"


def _address(value: str | bytes) -> bytes:
    """20 address bytes from checksummed text (or bytes); ``MistypedAddress`` otherwise."""
    if isinstance(value, (bytes, bytearray)):
        if len(value) != 20:
            raise MistypedAddress(f"an address is 20 bytes, got {len(value)}", reason="length")
        return bytes(value)
    try:
        return bytes(parse_address(value))
    except DepotError as exc:
        raise MistypedAddress(exc.message, reason=exc.message, text=str(value)[:64]) from exc


def id_range(text: str | bytes) -> tuple[bytes, bytes]:
    """The inclusive range of 32-byte ids that full hex or a hex prefix (≥ 8 characters) covers."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) != 32:
            raise BadQuery(f"an id is 32 bytes, got {len(text)}")
        return bytes(text), bytes(text)
    t = text.strip().lower()
    if t.startswith("0x"):
        t = t[2:]
    if not t or any(c not in "0123456789abcdef" for c in t):
        raise BadQuery("an id is hexadecimal (0-9, a-f)", text=text[:80])
    if len(t) > 64:
        raise BadQuery(f"an id has 64 hex characters, this has {len(t)}", text=text[:80])
    if len(t) < MIN_PREFIX_HEX:
        raise PrefixTooShort(
            f"type at least {MIN_PREFIX_HEX} hex characters of the id", length=len(t), minimum=MIN_PREFIX_HEX
        )
    return bytes.fromhex(t + "0" * (64 - len(t))), bytes.fromhex(t + "f" * (64 - len(t)))


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadQuery(f"a page holds 1 to {MAX_LIMIT} rows, not {limit}", limit=limit)
    return limit


class Explorer:
    """Queries over one index (and, optionally, the node's store for raw transactions)."""

    def __init__(self, engine: Engine, source: NodeSource | None = None, registry: Registry | None = None) -> None:
        if registry is None:
            from node.modules import default_registry

            registry = default_registry()
        self.engine = engine
        self.source = source
        self.registry = registry
        self.extractor = Extractor(registry)
        self._kinds: dict[int, tuple[str, bool]] = {}
        self._kind_nos: dict[str, int] = {}

    @classmethod
    def open(cls, index_path: Path | str, node_url: str | None = None, registry: Registry | None = None) -> Explorer:
        """Open the index at ``index_path`` (created empty if absent) and, if given, the node's store."""
        engine = open_index(index_path)
        source = None
        try:
            if node_url is not None:
                source = NodeSource.open(node_url)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, source, registry)

    @classmethod
    def open_home(cls, home: Path | str, registry: Registry | None = None) -> Explorer:
        """The explorer of a node's data folder: ``HOME/explorer.db``, with ``HOME/node.db`` if present."""
        node_db = Path(home) / "node.db"
        return cls.open(
            Path(home) / INDEX_FILE, node_url_for_home(home) if node_db.is_file() else None, registry
        )

    def close(self) -> None:
        if self.source is not None:
            self.source.close()
        self.engine.dispose()

    def __enter__(self) -> Explorer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _conn(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def _rows(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        # Also used by explorer.search and explorer.stats: one SQL statement, its rows.
        with self._conn() as conn:
            return list(conn.exec_driver_sql(sql, tuple(args)))

    # --- kinds ---------------------------------------------------------------------------------

    def _kind(self, kind_no: int) -> tuple[str, bool]:
        k = self._kinds.get(kind_no)
        if k is None:
            self._load_kinds()
            k = self._kinds.get(kind_no, (f"#{kind_no}", False))
        return k

    def _kind_no(self, name: str) -> int | None:
        if name not in self._kind_nos:
            self._load_kinds()
        return self._kind_nos.get(name)

    def _load_kinds(self) -> None:
        rows = self._rows("SELECT kind_no, name, known FROM kinds")
        self._kinds = {int(no): (name, bool(known)) for no, name, known in rows}
        self._kind_nos = {name: no for no, (name, _) in self._kinds.items()}

    def kinds(self) -> tuple[KindInfo, ...]:
        """Every transaction kind registered or seen, with how many transactions carry it."""
        return tuple(
            KindInfo(name, bool(known), int(n))
            for name, known, n in self._rows("SELECT name, known, n_txs FROM kinds ORDER BY name")
        )

    def event_kinds(self) -> tuple[str, ...]:
        """Every event kind seen (distinct values of the event-kind index)."""
        out: list[str] = []
        with self._conn() as conn:
            k = conn.exec_driver_sql("SELECT MIN(kind) FROM events").scalar()
            while k is not None:
                out.append(k)
                k = conn.exec_driver_sql("SELECT MIN(kind) FROM events WHERE kind > ?", (k,)).scalar()
        return tuple(out)

    # --- status --------------------------------------------------------------------------------

    def status(self) -> IndexStatus:
        rows = {r[0]: (r[1], r[2], r[3]) for r in self._rows("SELECT name, num, blob, text FROM explorer_meta")}

        def num(name: str, default: int) -> int:
            v = rows.get(name, (None, None, None))[0]
            return default if v is None else int(v)

        gh = rows.get("genesis_hash", (None, None, None))[1]
        return IndexStatus(
            chain_id=rows.get("chain_id", (None, None, None))[2],
            genesis_hash=None if gh is None else bytes(gh),
            height=num("indexed_height", 0),
            txs=num("txs", 0),
            events=num("events", 0),
            records_height=num("records_height", -1),
        )

    # --- blocks --------------------------------------------------------------------------------

    @staticmethod
    def _block(r: Any) -> Block:
        return Block(
            int(r[0]), bytes(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), int(r[6]),
            format_address(bytes(r[7])), bytes(r[8]), int(r[9]), int(r[10]),
        )

    def block(self, height: int) -> Block | None:
        """The block at ``height``, or None if not indexed."""
        rows = self._rows(f"SELECT {_BLOCK_COLS} FROM blocks WHERE height = ?", (int(height),))
        return self._block(rows[0]) if rows else None

    def block_by_id(self, block_id: str | bytes) -> Block:
        """The block whose id is ``block_id`` (full hex, bytes, or a unique prefix of ≥ 8 hex)."""
        lo, hi = id_range(block_id)
        rows = self._rows(
            f"SELECT {_BLOCK_COLS} FROM blocks WHERE block_id BETWEEN ? AND ? ORDER BY block_id LIMIT ?",
            (lo, hi, AMBIGUOUS_SHOWN),
        )
        return self._block(_one(rows, "block", block_id, lambda r: bytes(r[1]).hex()))

    def blocks(
        self,
        *,
        after: int | None = None,
        limit: int = 50,
        newest_first: bool = True,
        from_ms: int | None = None,
        to_ms: int | None = None,
    ) -> Page[Block, int]:
        """Blocks in height order (newest first by default), within ``[from_ms, to_ms)`` if given."""
        lo, hi = self._height_bounds(from_ms, to_ms, None, None)
        if after is not None:
            lo, hi = (lo, min(hi, after - 1)) if newest_first else (max(lo, after + 1), hi)
        rows = self._rows(
            f"SELECT {_BLOCK_COLS} FROM blocks WHERE height BETWEEN ? AND ?"
            f" ORDER BY height {'DESC' if newest_first else 'ASC'} LIMIT ?",
            (lo, hi, _limit(limit)),
        )
        items = tuple(self._block(r) for r in rows)
        return Page(items, items[-1].height if len(items) == limit else None)

    def commit(self, height: int) -> tuple[CommitEntry, ...]:
        """Each validator's entry in the stored commit of the block at ``height`` (set order by address)."""
        return tuple(
            CommitEntry(format_address(bytes(v)), int(f))
            for v, f in self._rows(
                "SELECT validator, flag FROM commit_sigs WHERE height = ? ORDER BY validator", (int(height),)
            )
        )

    def heights_between(self, from_ms: int | None, to_ms: int | None) -> tuple[int, int] | None:
        """The first and last indexed heights whose block time lies in ``[from_ms, to_ms)``, or None."""
        lo, hi = self._height_bounds(from_ms, to_ms, None, None)
        top = self._rows("SELECT MAX(height) FROM blocks")[0][0]
        hi = min(hi, -1 if top is None else int(top))
        lo = max(lo, 1)
        return None if lo > hi else (lo, hi)

    def _height_bounds(
        self, from_ms: int | None, to_ms: int | None, from_height: int | None, to_height: int | None
    ) -> tuple[int, int]:
        lo = 0 if from_height is None else max(int(from_height), 0)
        hi = _MAX_HEIGHT if to_height is None else min(int(to_height), _MAX_HEIGHT)
        if from_ms is not None or to_ms is not None:
            with self._conn() as conn:
                if from_ms is not None:
                    h = conn.exec_driver_sql("SELECT MIN(height) FROM blocks WHERE time_ms >= ?", (int(from_ms),)).scalar()
                    lo = max(lo, _MAX_HEIGHT + 1 if h is None else int(h))
                if to_ms is not None:
                    h = conn.exec_driver_sql("SELECT MAX(height) FROM blocks WHERE time_ms < ?", (int(to_ms),)).scalar()
                    hi = min(hi, -1 if h is None else int(h))
        return lo, hi

    # --- transactions ----------------------------------------------------------------------------

    def _tx(self, r: Any) -> Tx:
        name, known = self._kind(int(r[7]))
        return Tx(
            pos=int(r[0]), tx_id=bytes(r[1]), height=int(r[2]), index=int(r[3]), time_ms=int(r[4]),
            sender=format_address(bytes(r[5])), nonce=int(r[6]), kind=name, known_kind=known,
            ok=bool(r[8]), code=r[9], payload_json=r[10], decode_error=r[11],
            raw_payload=None if r[12] is None else bytes(r[12]),
        )

    def tx(self, tx_id: str | bytes) -> Tx:
        """The transaction whose id is ``tx_id`` (full hex, bytes, or a unique prefix of ≥ 8 hex)."""
        lo, hi = id_range(tx_id)
        rows = self._rows(
            f"SELECT {_TX_COLS} FROM txs t WHERE t.tx_id BETWEEN ? AND ? ORDER BY t.tx_id LIMIT ?",
            (lo, hi, AMBIGUOUS_SHOWN),
        )
        return self._tx(_one(rows, "transaction", tx_id, lambda r: bytes(r[1]).hex()))

    def tx_at(self, height: int, index: int) -> Tx | None:
        """The transaction at ``index`` in the block at ``height``, or None."""
        rows = self._rows(f"SELECT {_TX_COLS} FROM txs t WHERE t.pos = ?", ((height << TX_INDEX_BITS) | index,))
        return self._tx(rows[0]) if rows else None

    def tx_detail(self, tx_id: str | bytes) -> TxDetail:
        """A transaction with its parties, ids and events, and (with the node's store) signatures and raw bytes."""
        tx = self.tx(tx_id)
        parties = [tx.sender]
        refs: list[tuple[str, str]] = []
        if tx.payload_json:
            # Candidates from the JSON form, kept only if the index holds them for this
            # transaction (a memo that merely spells an address is not a party).
            found = self.extractor.event(tx.payload_json)
            candidates = sorted(found.parties - {_address(tx.sender)})
            if candidates:
                marks = ",".join("?" * len(candidates))
                held = {
                    bytes(a)
                    for (a,) in self._rows(
                        f"SELECT addr FROM address_txs WHERE pos = ? AND addr IN ({marks})", (tx.pos, *candidates)
                    )
                }
                parties += sorted(format_address(a) for a in candidates if a in held)
            if found.refs:
                marks = ",".join("?" * len(found.refs))
                refs = [
                    (r, f)
                    for r, f in self._rows(
                        f"SELECT ref, field FROM ref_txs WHERE pos = ? AND ref IN ({marks}) ORDER BY ref",
                        (tx.pos, *found.refs),
                    )
                ]
        events = tuple(
            self._event(r)
            for r in self._rows(
                f"SELECT {_EVENT_COLS} FROM events e LEFT JOIN txs t ON t.pos = e.tx_pos"
                " WHERE e.tx_pos = ? ORDER BY e.epos",
                (tx.pos,),
            )
        )
        expires_at: int | None = None
        sigs: tuple[Signature, ...] = ()
        raw: bytes | None = None
        if self.source is not None:
            loc = self._rows("SELECT tx_offset, tx_len FROM txs WHERE pos = ?", (tx.pos,))[0]
            raw = self.source.tx_bytes(tx.height, int(loc[0]), int(loc[1]))
            if raw is not None:
                full = decode(Transaction, raw)
                expires_at = int(full.body.expires_at)
                sigs = tuple(
                    Signature(int(s.scheme), bytes(s.public_key), bytes(s.signature)) for s in full.signatures
                )
        return TxDetail(tx, tuple(parties), tuple(refs), events, expires_at, sigs, raw)

    def txs(
        self,
        *,
        party: str | bytes | None = None,
        kind: str | None = None,
        ref: str | None = None,
        height: int | None = None,
        from_height: int | None = None,
        to_height: int | None = None,
        from_ms: int | None = None,
        to_ms: int | None = None,
        failed: bool | None = None,
        after: int | None = None,
        limit: int = 50,
        newest_first: bool = True,
    ) -> Page[Tx, int]:
        """Transactions in chain order (newest first by default), filtered by any of:

        ``party`` (an address the transaction touches as sender or in its
        payload), ``kind``, ``ref`` (an id its payload names, such as an order
        or tank id), a block ``height``, a height range, a block-time range
        ``[from_ms, to_ms)`` and ``failed`` (True: only failed ones).  Page on
        with ``after=page.next``.
        """
        if height is not None:
            from_height = to_height = height
        lo_h, hi_h = self._height_bounds(from_ms, to_ms, from_height, to_height)
        if lo_h > hi_h:
            return Page((), None)
        lo = lo_h << TX_INDEX_BITS
        hi = min(((hi_h + 1) << TX_INDEX_BITS) - 1, _POS_MAX)
        if after is not None:
            lo, hi = (lo, min(hi, after - 1)) if newest_first else (max(lo, after + 1), hi)
        kind_no: int | None = None
        if kind is not None:
            kind_no = self._kind_no(kind)
            if kind_no is None:
                return Page((), None)
        order = "DESC" if newest_first else "ASC"
        where: list[str] = []
        args: list[Any] = []
        if party is not None:
            sql = f"SELECT {_TX_COLS} FROM address_txs d JOIN txs t ON t.pos = d.pos"
            where += ["d.addr = ?", "d.pos BETWEEN ? AND ?"]
            args += [_address(party), lo, hi]
            if kind_no is not None:
                where.append("d.kind_no = ?")
                args.append(kind_no)
            if ref is not None:
                where.append("EXISTS (SELECT 1 FROM ref_txs x WHERE x.ref = ? AND x.pos = d.pos)")
                args.append(ref)
            driver = "d.pos"
        elif ref is not None:
            sql = f"SELECT {_TX_COLS} FROM ref_txs d JOIN txs t ON t.pos = d.pos"
            where += ["d.ref = ?", "d.pos BETWEEN ? AND ?"]
            args += [ref, lo, hi]
            if kind_no is not None:
                where.append("t.kind_no = ?")
                args.append(kind_no)
            driver = "d.pos"
        elif kind_no is not None:
            sql = f"SELECT {_TX_COLS} FROM txs t INDEXED BY txs_kind"
            where += ["t.kind_no = ?", "t.pos BETWEEN ? AND ?"]
            args += [kind_no, lo, hi]
            driver = "t.pos"
        else:
            sql = f"SELECT {_TX_COLS} FROM txs t"
            where.append("t.pos BETWEEN ? AND ?")
            args += [lo, hi]
            driver = "t.pos"
        if failed is not None:
            where.append("t.ok = ?")
            args.append(0 if failed else 1)
        sql += " WHERE " + " AND ".join(where) + f" ORDER BY {driver} {order} LIMIT ?"
        args.append(_limit(limit))
        items = tuple(self._tx(r) for r in self._rows(sql, args))
        return Page(items, items[-1].pos if len(items) == limit else None)

    def history(
        self,
        address: str | bytes,
        *,
        kind: str | None = None,
        from_ms: int | None = None,
        to_ms: int | None = None,
        after: int | None = None,
        limit: int = 50,
    ) -> Page[Tx, int]:
        """An address's transactions (sent, or naming it in the payload), newest first."""
        return self.txs(party=address, kind=kind, from_ms=from_ms, to_ms=to_ms, after=after, limit=limit)

    # --- events --------------------------------------------------------------------------------

    @staticmethod
    def _event(r: Any) -> Event:
        return Event(
            int(r[0]), int(r[1]), int(r[2]), None if r[3] is None else int(r[3]),
            None if r[4] is None else bytes(r[4]), r[5], r[6],
        )

    def events(
        self,
        *,
        party: str | bytes | None = None,
        kind: str | None = None,
        ref: str | None = None,
        height: int | None = None,
        from_height: int | None = None,
        to_height: int | None = None,
        from_ms: int | None = None,
        to_ms: int | None = None,
        after: int | None = None,
        limit: int = 50,
        newest_first: bool = True,
    ) -> Page[Event, int]:
        """Events in chain order (newest first by default), filtered by an address they name,
        their kind, an id they name (``order_id``, ``tank_id``...), a height or a time range."""
        if height is not None:
            from_height = to_height = height
        lo_h, hi_h = self._height_bounds(from_ms, to_ms, from_height, to_height)
        if lo_h > hi_h:
            return Page((), None)
        lo = lo_h << EVENT_SEQ_BITS
        hi = min(((hi_h + 1) << EVENT_SEQ_BITS) - 1, _POS_MAX)
        if after is not None:
            lo, hi = (lo, min(hi, after - 1)) if newest_first else (max(lo, after + 1), hi)
        base = "FROM events e LEFT JOIN txs t ON t.pos = e.tx_pos"
        where: list[str] = []
        args: list[Any] = []
        if party is not None:
            sql = f"SELECT {_EVENT_COLS} FROM address_events d JOIN events e ON e.epos = d.epos LEFT JOIN txs t ON t.pos = e.tx_pos"
            where += ["d.addr = ?", "d.epos BETWEEN ? AND ?"]
            args += [_address(party), lo, hi]
            driver = "d.epos"
            if ref is not None:
                where.append("EXISTS (SELECT 1 FROM ref_events x WHERE x.ref = ? AND x.epos = d.epos)")
                args.append(ref)
            if kind is not None:
                where.append("e.kind = ?")
                args.append(kind)
        elif ref is not None:
            sql = f"SELECT {_EVENT_COLS} FROM ref_events d JOIN events e ON e.epos = d.epos LEFT JOIN txs t ON t.pos = e.tx_pos"
            where += ["d.ref = ?", "d.epos BETWEEN ? AND ?"]
            args += [ref, lo, hi]
            driver = "d.epos"
            if kind is not None:
                where.append("e.kind = ?")
                args.append(kind)
        elif kind is not None:
            sql = f"SELECT {_EVENT_COLS} {base}"
            where += ["e.kind = ?", "e.epos BETWEEN ? AND ?"]
            args += [kind, lo, hi]
            driver = "e.epos"
        else:
            sql = f"SELECT {_EVENT_COLS} {base}"
            where.append("e.epos BETWEEN ? AND ?")
            args += [lo, hi]
            driver = "e.epos"
        order = "DESC" if newest_first else "ASC"
        sql += " WHERE " + " AND ".join(where) + f" ORDER BY {driver} {order} LIMIT ?"
        args.append(_limit(limit))
        items = tuple(self._event(r) for r in self._rows(sql, args))
        return Page(items, items[-1].epos if len(items) == limit else None)

    # --- records and addresses -----------------------------------------------------------------

    def _record(self, r: Any) -> Record:
        key = bytes(r[0])
        return Record(key, self.extractor.key_text(key), r[1], r[2], r[3], bytes(r[4]), int(r[5]))

    def record(self, key: bytes) -> Record | None:
        """The latest value of the state record under ``key``, or None."""
        rows = self._rows(f"SELECT {_RECORD_COLS} FROM records r WHERE r.key = ?", (bytes(key),))
        return self._record(rows[0]) if rows else None

    def account(self, address: str | bytes) -> Record | None:
        """The account record of ``address``, or None if it has none."""
        return self.record(ACCOUNT_PREFIX + _address(address))

    def records(
        self,
        *,
        type: str | None = None,  # noqa: A002 - the record type's name, as the registry calls it
        party: str | bytes | None = None,
        ref: str | None = None,
        after: bytes | None = None,
        limit: int = 50,
    ) -> Page[Record, bytes]:
        """Latest-state records by key, filtered by type name (``account``, ``order``, ``bill``...),
        an address they name (an order's buyer or supplier) or an id they name."""
        where: list[str] = []
        args: list[Any] = []
        if party is not None:
            sql = f"SELECT {_RECORD_COLS} FROM address_records d JOIN records r ON r.key = d.key"
            where.append("d.addr = ?")
            args.append(_address(party))
            if ref is not None:
                where.append("EXISTS (SELECT 1 FROM ref_records x WHERE x.ref = ? AND x.key = d.key)")
                args.append(ref)
        elif ref is not None:
            sql = f"SELECT {_RECORD_COLS} FROM ref_records d JOIN records r ON r.key = d.key"
            where.append("d.ref = ?")
            args.append(ref)
        else:
            sql = f"SELECT {_RECORD_COLS} FROM records r"
        key_col = "r.key" if party is None and ref is None else "d.key"
        if type is not None:
            where.append("r.type = ?")
            args.append(type)
        if after is not None:
            where.append(f"{key_col} > ?")
            args.append(bytes(after))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {key_col} LIMIT ?"
        args.append(_limit(limit))
        items = tuple(self._record(r) for r in self._rows(sql, args))
        return Page(items, items[-1].key if len(items) == limit else None)

    def ref_fields(self, ref: str) -> tuple[str, ...]:
        """The field names under which ``ref`` occurs in records (``order_id``, ``tank_id``...)."""
        return tuple(f for (f,) in self._rows("SELECT DISTINCT field FROM ref_records WHERE ref = ?", (ref,)))

    def address(self, address: str | bytes) -> AddressSummary:
        """An address's activity and account record (zeros and None for one never seen)."""
        addr = _address(address)
        rows = self._rows(
            "SELECT n_txs, n_sent, n_events, first_pos, last_pos FROM addresses WHERE addr = ?", (addr,)
        )
        n_txs, n_sent, n_events, first, last = rows[0] if rows else (0, 0, 0, None, None)
        return AddressSummary(
            format_address(addr), int(n_txs), int(n_sent), int(n_events),
            None if first is None else int(first), None if last is None else int(last), self.account(addr),
        )

    def addresses(self, *, after: bytes | None = None, limit: int = 50) -> Page[AddressSummary, bytes]:
        """Every address seen in transactions or events, by address bytes (accounts list)."""
        rows = self._rows(
            "SELECT addr, n_txs, n_sent, n_events, first_pos, last_pos FROM addresses WHERE addr > ?"
            " ORDER BY addr LIMIT ?",
            (b"" if after is None else bytes(after), _limit(limit)),
        )
        items = tuple(
            AddressSummary(
                format_address(bytes(a)), int(n), int(s), int(e),
                None if f is None else int(f), None if la is None else int(la), None,
            )
            for a, n, s, e, f, la in rows
        )
        return Page(items, bytes(rows[-1][0]) if len(rows) == limit else None)

    # --- search ----------------------------------------------------------------------------------

    def search(self, text: str) -> SearchResult:
        """What ``text`` names (see ``explorer.search.search``); raises ``MistypedAddress``."""
        from explorer.search import search

        return search(self, text)


def _one(rows: list[Any], what: str, query: str | bytes, id_of: Any) -> Any:
    if not rows:
        shown = query.hex() if isinstance(query, (bytes, bytearray)) else str(query).strip()
        raise NotFound(f"no {what} with id {shown[:64]}", what=what)
    if len(rows) > 1:
        raise AmbiguousPrefix(
            f"{len(rows) if len(rows) < AMBIGUOUS_SHOWN else 'many'} {what}s start with {str(query).strip()}; type more characters",
            what=what,
            matches=[id_of(r) for r in rows],
        )
    return rows[0]


__all__ = ["Explorer", "ExplorerError", "id_range"]
