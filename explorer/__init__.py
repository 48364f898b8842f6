"""The block explorer: an index over a node's store, its queries, one search box and chain statistics.

Works with no network at all over a full node's data folder::

    from explorer import Explorer, Indexer

    with Indexer.open_home(home) as ix:          # HOME/node.db -> HOME/explorer.db
        ix.run(progress=on_progress, cancel=stop.is_set)
    with Explorer.open_home(home) as ex:
        page = ex.history("depot1...")           # newest first; ex.history(addr, after=page.next)
        hit = ex.search("T-7#00000003")

See docs/explorer.md.  This package uses node's public API only, never
``app``, ``wallet`` or Qt.
"""

from explorer.errors import (
    AmbiguousPrefix,
    BadQuery,
    ExplorerError,
    IndexMismatch,
    IndexSchemaTooNew,
    MistypedAddress,
    NodeDataMissing,
    NodeSchemaUnknown,
    NotFound,
    PrefixTooShort,
)
from explorer.index import Indexer, IndexReport, Progress, index_home
from explorer.queries import Explorer
from explorer.search import (
    AddressHit,
    BlockHit,
    EventKindHit,
    Hit,
    KindHit,
    Recognised,
    RecordHit,
    RefHit,
    SearchResult,
    TxHit,
    search,
)
from explorer.source import node_url_for_home
from explorer.stats import (
    BlockPoint,
    BlockTimeSummary,
    Participation,
    RatePoint,
    block_times,
    blocks_series,
    participation,
    txs_per_bucket,
    txs_per_minute,
)
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
    to_jsonable,
)

__all__ = [
    "AddressHit",
    "AddressSummary",
    "AmbiguousPrefix",
    "BadQuery",
    "Block",
    "BlockHit",
    "BlockPoint",
    "BlockTimeSummary",
    "CommitEntry",
    "Event",
    "EventKindHit",
    "Explorer",
    "ExplorerError",
    "Hit",
    "IndexMismatch",
    "IndexReport",
    "IndexSchemaTooNew",
    "IndexStatus",
    "Indexer",
    "KindHit",
    "KindInfo",
    "MistypedAddress",
    "NodeDataMissing",
    "NodeSchemaUnknown",
    "NotFound",
    "Page",
    "Participation",
    "PrefixTooShort",
    "Progress",
    "RatePoint",
    "Recognised",
    "Record",
    "RecordHit",
    "RefHit",
    "SearchResult",
    "Signature",
    "Tx",
    "TxDetail",
    "TxHit",
    "block_times",
    "blocks_series",
    "index_home",
    "node_url_for_home",
    "participation",
    "search",
    "to_jsonable",
    "txs_per_bucket",
    "txs_per_minute",
]
