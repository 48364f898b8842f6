"""The node's store: finalised blocks, their index and the latest state, in SQLite or PostgreSQL."""

from node.storage.errors import (
    GenesisMismatch,
    HeightGap,
    HeightUnavailable,
    NoGenesis,
    SchemaTooNew,
    StoreConflict,
    StoreCorrupt,
    StoreError,
    StoreUnavailable,
)
from node.storage.store import (
    BlockMeta,
    BlockRecord,
    EventRow,
    EventView,
    Store,
    TxLocation,
    TxRow,
)

__all__ = [
    "BlockMeta",
    "BlockRecord",
    "EventRow",
    "EventView",
    "GenesisMismatch",
    "HeightGap",
    "HeightUnavailable",
    "NoGenesis",
    "SchemaTooNew",
    "Store",
    "StoreConflict",
    "StoreCorrupt",
    "StoreError",
    "StoreUnavailable",
    "TxLocation",
    "TxRow",
]
