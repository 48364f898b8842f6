"""The light client's store: verified headers, validator sets, the root of trust and fork evidence, in SQLite (or PostgreSQL).

Opened with ``LightStore.open(url)``, which brings the schema to this
release's head with the light store's own Alembic revisions.  Headers of one
sync are written in one transaction, so a restart resumes from the newest
header that was completely verified and stored, never from half a trace.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from alembic.config import Config
from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from node.core.blocks import Commit, Header
from node.core.encoding import decode, encode
from node.core.types import Hash32
from node.core.validators import ValidatorSet
from node.light.errors import LightClientError
from node.light.schema import (
    VERSION_TABLE,
    light_evidence,
    light_headers,
    light_meta,
    light_validator_sets,
)
from node.light.types import ForkAlert, LightBlock
from node.storage.alembic_support import Migrations

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_CHAIN_ID = "chain_id"
_GENESIS_HASH = "genesis_hash"
_GENESIS = "genesis"


class LightStoreError(LightClientError):
    """The light store cannot be opened or used (unreachable database, newer schema)."""

    code = "light_store_error"


MIGRATIONS = Migrations(MIGRATIONS_DIR, VERSION_TABLE)


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic config for the light store's migrations, bound to ``connection`` if given."""
    return MIGRATIONS.config(connection, url)


def head_revision() -> str:
    return MIGRATIONS.head


def current_revision(connection: Connection) -> str | None:
    return MIGRATIONS.current(connection)


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(
        parsed,
        poolclass=StaticPool if memory else None,
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_connection.cursor()
        try:
            cur.execute("PRAGMA busy_timeout = 30000")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _insert_ignore(conn: Connection, table: Any, rows: list[dict[str, Any]], key: str) -> None:
    if not rows:
        return
    name = conn.dialect.name
    if name == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
    elif name == "postgresql":
        conn.execute(postgresql.insert(table).on_conflict_do_nothing(index_elements=[key]), rows)
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        conn.execute(insert(table), rows)


class LightStore:
    """Verified headers and what came with them; one writer (the light client), any readers."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._vsets: dict[bytes, ValidatorSet] = {}

    @classmethod
    def open(cls, url: str) -> LightStore:
        """Open (creating or migrating) the light store at ``url`` (``sqlite:///path/light.db``)."""
        engine = _engine(url)
        try:
            with engine.begin() as conn:
                current = current_revision(conn)
                if current != head_revision():
                    known = MIGRATIONS.known
                    if current is not None and current not in known:
                        raise LightStoreError(
                            f"light store schema {current} is newer than this release "
                            f"({head_revision()})"
                        )
                    MIGRATIONS.upgrade(conn)
        except OperationalError as exc:
            engine.dispose()
            raise LightStoreError(f"light store unavailable: {exc.orig}") from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @staticmethod
    def url_for_home(home: Path) -> str:
        return f"sqlite:///{Path(home).resolve() / 'light.db'}"

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> LightStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _conn(self, write: bool = False) -> Iterator[Connection]:
        try:
            if write:
                with self._engine.begin() as conn:
                    yield conn
            else:
                with self._engine.connect() as conn:
                    yield conn
        except OperationalError as exc:
            raise LightStoreError(f"light store unavailable: {exc.orig}") from exc

    # --- root of trust ------------------------------------------------------------------

    def root(self) -> tuple[str, Hash32, bytes] | None:
        """``(chain_id, genesis_hash, encoded genesis)`` once the client was bootstrapped."""
        with self._conn() as conn:
            rows = {r.name: r for r in conn.execute(select(light_meta))}
        if _CHAIN_ID not in rows:
            return None
        return (
            str(rows[_CHAIN_ID].text),
            Hash32(bytes(rows[_GENESIS_HASH].blob)),
            bytes(rows[_GENESIS].blob),
        )

    def set_root(self, chain_id: str, genesis_hash: bytes, genesis: bytes) -> None:
        with self._conn(write=True) as conn:
            conn.execute(delete(light_meta))
            conn.execute(
                insert(light_meta),
                [
                    {"name": _CHAIN_ID, "text": chain_id, "blob": None},
                    {"name": _GENESIS_HASH, "text": None, "blob": bytes(genesis_hash)},
                    {"name": _GENESIS, "text": None, "blob": genesis},
                ],
            )

    # --- headers ------------------------------------------------------------------------

    def save(self, blocks: Sequence[LightBlock], *, now_ms: int, source: str) -> None:
        """Store verified light blocks (and their validator sets) in one transaction."""
        if not blocks:
            return
        sets: dict[bytes, bytes] = {}
        rows = []
        for lb in blocks:
            vh = bytes(lb.header.validators_hash)
            if vh not in self._vsets and vh not in sets:
                sets[vh] = encode(lb.validators)
            rows.append(
                {
                    "height": lb.height,
                    "block_id": bytes(lb.block_id),
                    "time_ms": lb.time_ms,
                    "header": lb.header_raw,
                    "commit": lb.commit_bytes(),
                    "validators_hash": vh,
                    "verified_at_ms": now_ms,
                    "source": source,
                }
            )
        with self._conn(write=True) as conn:
            _insert_ignore(
                conn,
                light_validator_sets,
                [{"hash": h, "vset": v} for h, v in sets.items()],
                "hash",
            )
            if conn.dialect.name == "sqlite":
                # The hot path of sequential sync: plain executemany, no per-value processing.
                conn.exec_driver_sql(
                    "INSERT OR IGNORE INTO light_headers (height, block_id, time_ms, header, \"commit\", "
                    "validators_hash, verified_at_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [tuple(r.values()) for r in rows],
                )
            else:
                _insert_ignore(conn, light_headers, rows, "height")
        for lb in blocks:
            self._vsets.setdefault(bytes(lb.header.validators_hash), lb.validators)

    def _validator_set(self, conn: Connection, vhash: bytes) -> ValidatorSet:
        vs = self._vsets.get(vhash)
        if vs is None:
            raw = conn.execute(
                select(light_validator_sets.c.vset).where(light_validator_sets.c.hash == vhash)
            ).scalar()
            if raw is None:
                raise LightStoreError("a stored header's validator set is missing")
            vs = self._vsets[vhash] = decode(ValidatorSet, bytes(raw))
        return vs

    def _row_block(self, conn: Connection, row: Any) -> LightBlock:
        return LightBlock(
            decode(Header, bytes(row.header)),
            decode(Commit, bytes(row.commit)),
            self._validator_set(conn, bytes(row.validators_hash)),
        )

    def _one(self, stmt: Any) -> LightBlock | None:
        with self._conn() as conn:
            row = conn.execute(stmt.limit(1)).first()
            return None if row is None else self._row_block(conn, row)

    def latest(self) -> LightBlock | None:
        """The newest verified header."""
        return self._one(select(light_headers).order_by(light_headers.c.height.desc()))

    def light_block(self, height: int) -> LightBlock | None:
        return self._one(select(light_headers).where(light_headers.c.height == height))

    def nearest_below(self, height: int) -> LightBlock | None:
        """The highest verified header at or below ``height``."""
        return self._one(
            select(light_headers)
            .where(light_headers.c.height <= height)
            .order_by(light_headers.c.height.desc())
        )

    def nearest_above(self, height: int) -> LightBlock | None:
        """The lowest verified header at or above ``height``."""
        return self._one(
            select(light_headers)
            .where(light_headers.c.height >= height)
            .order_by(light_headers.c.height.asc())
        )

    def count(self) -> int:
        with self._conn() as conn:
            return int(conn.execute(select(func.count()).select_from(light_headers)).scalar() or 0)

    def heights(self) -> list[int]:
        with self._conn() as conn:
            return [
                int(h)
                for h in conn.execute(
                    select(light_headers.c.height).order_by(light_headers.c.height)
                ).scalars()
            ]

    # --- forks --------------------------------------------------------------------------

    def add_evidence(
        self,
        *,
        primary: LightBlock,
        witness: LightBlock,
        primary_url: str,
        witness_url: str,
        common_height: int,
        now_ms: int,
    ) -> ForkAlert:
        """Store both conflicting signed headers; returns the alert for the app."""
        with self._conn(write=True) as conn:
            result = conn.execute(
                insert(light_evidence).values(
                    height=primary.height,
                    common_height=common_height,
                    detected_at_ms=now_ms,
                    primary_url=primary_url,
                    witness_url=witness_url,
                    primary_header=encode(primary.header),
                    primary_commit=encode(primary.commit),
                    primary_vset=encode(primary.validators),
                    witness_header=encode(witness.header),
                    witness_commit=encode(witness.commit),
                    witness_vset=encode(witness.validators),
                    acknowledged=False,
                )
            )
            pk = result.inserted_primary_key
            evidence_id = int(pk[0]) if pk is not None else 0
        return ForkAlert(
            evidence_id=evidence_id,
            height=primary.height,
            primary=primary_url,
            witness=witness_url,
            primary_block_id=primary.block_id,
            witness_block_id=witness.block_id,
            common_height=common_height,
            detected_at_ms=now_ms,
        )

    def alerts(self, *, include_acknowledged: bool = False) -> list[ForkAlert]:
        stmt = select(light_evidence).order_by(light_evidence.c.id)
        if not include_acknowledged:
            stmt = stmt.where(light_evidence.c.acknowledged.is_(False))
        with self._conn() as conn:
            rows = list(conn.execute(stmt))
        out = []
        for r in rows:
            primary, witness = _evidence_blocks(r)
            out.append(
                ForkAlert(
                    evidence_id=int(r.id),
                    height=int(r.height),
                    primary=r.primary_url,
                    witness=r.witness_url,
                    primary_block_id=primary.block_id,
                    witness_block_id=witness.block_id,
                    common_height=int(r.common_height),
                    detected_at_ms=int(r.detected_at_ms),
                )
            )
        return out

    def evidence(self, evidence_id: int) -> tuple[LightBlock, LightBlock] | None:
        """The two conflicting light blocks of a stored fork: ``(primary's, witness's)``."""
        with self._conn() as conn:
            r = conn.execute(select(light_evidence).where(light_evidence.c.id == evidence_id)).first()
        return None if r is None else _evidence_blocks(r)

    def acknowledge(self, evidence_id: int) -> None:
        """An operator looked at the fork (and fixed the network file); sync may run again."""
        with self._conn(write=True) as conn:
            conn.execute(
                update(light_evidence)
                .where(light_evidence.c.id == evidence_id)
                .values(acknowledged=True)
            )

    def halted(self) -> bool:
        with self._conn() as conn:
            n = conn.execute(
                select(func.count())
                .select_from(light_evidence)
                .where(light_evidence.c.acknowledged.is_(False))
            ).scalar()
        return bool(n)


def _evidence_blocks(r: Any) -> tuple[LightBlock, LightBlock]:
    return (
        LightBlock(
            decode(Header, bytes(r.primary_header)),
            decode(Commit, bytes(r.primary_commit)),
            decode(ValidatorSet, bytes(r.primary_vset)),
        ),
        LightBlock(
            decode(Header, bytes(r.witness_header)),
            decode(Commit, bytes(r.witness_commit)),
            decode(ValidatorSet, bytes(r.witness_vset)),
        ),
    )
