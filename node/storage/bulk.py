"""Bulk writes for the hot path: many rows of one table in one statement per backend.

A block can carry 10,000+ transactions, 20,000 state changes and 100,000
tree nodes, so per-row overhead matters more than anything else in
``commit_block``.  Both writers build their statements with SQLAlchemy Core
(dialect ``insert()`` with ``ON CONFLICT``) once and then skip SQLAlchemy's
per-row parameter processing, which is where most of the time went:

* SQLite: the compiled statement, widened to up to 512 rows per ``VALUES``
  list, goes to the driver with the values of those rows in one flat sequence
  (bytes, int, str and bool need no conversion for ``sqlite3``).  One
  statement per 512 rows rather than ``executemany``'s one step
  per row: the driver gives up and takes back the GIL around every step,
  and a writer thread that must win the GIL back thousands of times per
  block from a busy executing thread spends most of its time waiting.
* PostgreSQL: one ``INSERT ... SELECT * FROM unnest(:col1, :col2, ...)`` with
  one typed array per column, so the whole batch is a single round trip and
  a single statement (psycopg's row-by-row ``executemany`` is several times
  slower).

Rows are given column-wise: one list per column, in the table's column order.
"""

from __future__ import annotations

import enum
import itertools
import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import (
    ARRAY,
    Column,
    Connection,
    LargeBinary,
    Table,
    any_,
    bindparam,
    delete,
    func,
    select,
)
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

#: Keys per ``DELETE ... IN (...)`` on SQLite (well under its 32,766 variables).
SQLITE_IN_CHUNK = 5_000

#: Bound values per multi-row ``INSERT`` on SQLite: its variable limit is 32,766 since
#: 3.32 and 999 before.
SQLITE_MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999

#: Rows per multi-row ``INSERT`` on SQLite, largest first: a batch goes in as statements of
#: these sizes only.  Few shapes, because the driver keeps every statement it prepared
#: (128 per connection) and a prepared statement grows with its rows: one shape per batch
#: size cost a syncing node over 100 MB.  512 rows already make the GIL hand-offs rare.
SQLITE_ROWS_PER_INSERT = (512, 64, 8, 1)


class _DriverBytes(LargeBinary):
    """bytea handed to the driver as is (psycopg adapts ``bytes`` itself)."""

    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> None:
        return None


class OnConflict(enum.Enum):
    """What an insert does with a row whose primary key is already stored."""

    ERROR = "error"
    """Fail (the transaction is rolled back): for rows that must be new."""
    IGNORE = "ignore"
    """Keep the stored row: for content-addressed rows."""
    UPDATE = "update"
    """Overwrite the non-key columns: for latest-state upserts."""


class BulkWriter(Protocol):
    """Writes many rows of one table at once inside the caller's transaction."""

    def insert(
        self,
        conn: Connection,
        table: Table,
        columns: Sequence[Sequence[Any]],
        on_conflict: OnConflict,
    ) -> None:
        """Insert rows given as one equally long list per column of ``table``, in order."""

    def delete_keys(self, conn: Connection, column: Column[Any], keys: Sequence[Any]) -> None:
        """Delete the rows whose ``column`` is one of ``keys``."""


def _conflict_clause(stmt: Any, table: Table, on_conflict: OnConflict) -> Any:
    pk = list(table.primary_key.columns)
    if on_conflict is OnConflict.IGNORE:
        return stmt.on_conflict_do_nothing(index_elements=pk)
    if on_conflict is OnConflict.UPDATE:
        others = [c.name for c in table.columns if not c.primary_key]
        return stmt.on_conflict_do_update(
            index_elements=pk, set_={name: stmt.excluded[name] for name in others}
        )
    return stmt


class SqliteBulk:
    """SQLite: compiled multi-row ``INSERT`` (``ON CONFLICT`` as needed) of ``SQLITE_ROWS_PER_INSERT`` rows."""

    def __init__(self, dialect: Dialect) -> None:
        """Compile statements for ``dialect`` as they are first needed."""
        self._dialect = dialect
        self._sql: dict[tuple[str, OnConflict, int], str] = {}

    def _statement(self, table: Table, on_conflict: OnConflict, rows: int = 1) -> str:
        """The insert of ``rows`` rows (one ``VALUES`` group each), compiled once per shape."""
        key = (table.name, on_conflict, rows)
        sql = self._sql.get(key)
        if sql is None:
            if rows == 1:
                names = [c.name for c in table.columns]
                stmt = _conflict_clause(
                    sqlite.insert(table).values({n: bindparam(n) for n in names}), table, on_conflict
                )
                compiled = stmt.compile(dialect=self._dialect)
                if list(compiled.positiontup or []) != names:
                    raise RuntimeError(f"unexpected parameter order for {table.name}")
                sql = compiled.string
            else:
                one = self._statement(table, on_conflict)
                group = "(" + ", ".join(["?"] * len(table.columns)) + ")"
                if one.count(group) != 1:
                    raise RuntimeError(f"unexpected VALUES clause for {table.name}: {one}")
                sql = one.replace(group, ", ".join([group] * rows))
            self._sql[key] = sql
        return sql

    def insert(
        self,
        conn: Connection,
        table: Table,
        columns: Sequence[Sequence[Any]],
        on_conflict: OnConflict,
    ) -> None:
        """Insert the rows with as few multi-row statements as the variable limit allows."""
        _check_shape(table, columns)
        n = len(columns[0])
        if not n:
            return
        width = len(columns)
        start = 0
        for size in SQLITE_ROWS_PER_INSERT:
            k = min(size, max(1, SQLITE_MAX_VARIABLES // width))
            sql = self._statement(table, on_conflict, k)
            while n - start >= k:
                values = itertools.chain.from_iterable(zip(*(c[start : start + k] for c in columns), strict=True))
                conn.exec_driver_sql(sql, tuple(values))
                start += k

    def delete_keys(self, conn: Connection, column: Column[Any], keys: Sequence[Any]) -> None:
        """Delete with ``IN (...)`` lists of up to ``SQLITE_IN_CHUNK`` keys."""
        stmt = delete(column.table).where(column.in_(bindparam("keys", expanding=True)))
        for start in range(0, len(keys), SQLITE_IN_CHUNK):
            conn.execute(stmt, {"keys": list(keys[start : start + SQLITE_IN_CHUNK])})


class PostgresBulk:
    """PostgreSQL: ``INSERT ... SELECT * FROM unnest(arrays)``, one statement per batch."""

    def __init__(self) -> None:
        """Build statements as they are first needed."""
        self._stmts: dict[tuple[str, OnConflict], Any] = {}

    def _statement(self, table: Table, on_conflict: OnConflict) -> Any:
        key = (table.name, on_conflict)
        stmt = self._stmts.get(key)
        if stmt is None:
            names = [c.name for c in table.columns]
            arrays = [bindparam(c.name, type_=array_of(c.type)) for c in table.columns]
            rows = func.unnest(*arrays).table_valued(*names).render_derived()
            source = select(*[rows.c[n] for n in names])
            stmt = _conflict_clause(pg.insert(table).from_select(names, source), table, on_conflict)
            self._stmts[key] = stmt
        return stmt

    def insert(
        self,
        conn: Connection,
        table: Table,
        columns: Sequence[Sequence[Any]],
        on_conflict: OnConflict,
    ) -> None:
        """Insert the rows with one statement: one array parameter per column."""
        _check_shape(table, columns)
        if columns[0]:
            params = {
                c.name: list(values) for c, values in zip(table.columns, columns, strict=True)
            }
            conn.execute(self._statement(table, on_conflict), params)

    def delete_keys(self, conn: Connection, column: Column[Any], keys: Sequence[Any]) -> None:
        """Delete with ``column = ANY(:keys)``: one statement, one array parameter."""
        if keys:
            stmt = delete(column.table).where(
                column == any_(bindparam("keys", type_=array_of(column.type)))
            )
            conn.execute(stmt, {"keys": list(keys)})


def _check_shape(table: Table, columns: Sequence[Sequence[Any]]) -> None:
    if len(columns) != len(table.columns) or len({len(c) for c in columns}) > 1:
        raise ValueError(f"{table.name}: need {len(table.columns)} columns of equal length")


def array_of(item: TypeEngine[Any]) -> ARRAY[Any]:
    """A one-dimensional array type whose items skip SQLAlchemy's per-item processing."""
    if isinstance(item, LargeBinary):
        item = _DriverBytes()
    return ARRAY(item, dimensions=1)


def bulk_writer(dialect: Dialect) -> BulkWriter:
    """The bulk writer for ``dialect`` (SQLite or PostgreSQL)."""
    if dialect.name == "sqlite":
        return SqliteBulk(dialect)
    if dialect.name == "postgresql":
        return PostgresBulk()
    raise ValueError(f"unsupported database backend {dialect.name!r}")
