"""The expected failures of the node's store, each with a stable code."""

from __future__ import annotations

from typing import ClassVar

from node.core.errors import DepotError


class StoreError(DepotError):
    """A failure of the node's store that the caller is expected to handle.

    The subclasses below name each case; catch ``StoreError`` to handle them all.
    """

    code: ClassVar[str] = "store_error"
    http_status: ClassVar[int] = 500


class GenesisMismatch(StoreError):
    """The database already holds a different genesis than the one offered."""

    code = "store_genesis_mismatch"


class NoGenesis(StoreError):
    """A block was offered before any genesis was stored."""

    code = "store_no_genesis"


class HeightGap(StoreError):
    """A block whose height is not the stored latest height + 1."""

    code = "store_height_gap"


class HeightUnavailable(StoreError):
    """A height the store cannot answer for yet (or a negative one)."""

    code = "store_height_unavailable"
    http_status = 404


class StoreConflict(StoreError):
    """A record that clashes with one already stored (e.g. a repeated tx id or block id)."""

    code = "store_conflict"


class StoreCorrupt(StoreError):
    """The stored data break an invariant the store always keeps; do not run on it."""

    code = "store_corrupt"


class SchemaTooNew(StoreError):
    """The database was migrated by a newer release than this one."""

    code = "store_schema_unknown"


class StoreUnavailable(StoreError):
    """The database cannot be reached or written (connection lost, disk full, locked)."""

    code = "store_unavailable"
    http_status = 503
