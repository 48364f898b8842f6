"""The explorer's expected failures, each with a stable code the app maps to a translated sentence."""

from __future__ import annotations

from node.core.errors import DepotError


class ExplorerError(DepotError):
    """Something the explorer cannot do with what it was given."""

    code = "explorer_error"


class NodeDataMissing(ExplorerError):
    """The folder or URL given holds no node store (or one with no genesis yet)."""

    code = "node_data_missing"


class NodeSchemaUnknown(ExplorerError):
    """The node's store was written by a newer release whose schema this one does not know."""

    code = "node_schema_unknown"


class IndexSchemaTooNew(ExplorerError):
    """The index was migrated by a newer release; rebuild it or upgrade."""

    code = "index_schema_too_new"


class IndexMismatch(ExplorerError):
    """The index belongs to another chain (genesis differs) or to a longer history; rebuild it."""

    code = "index_mismatch"


class NotFound(ExplorerError):
    """No block, transaction, record or event matches."""

    code = "not_found"
    http_status = 404


class BadQuery(ExplorerError):
    """A query argument that cannot be used as given (e.g. text that is not hex where an id is expected)."""

    code = "bad_query"


class PrefixTooShort(BadQuery):
    """An id prefix shorter than 8 hex characters: too many ids would match."""

    code = "prefix_too_short"


class AmbiguousPrefix(ExplorerError):
    """An id prefix that more than one id starts with; ``matches`` lists some of them (hex)."""

    code = "ambiguous_prefix"


class MistypedAddress(ExplorerError):
    """Text that is meant as a Depot address (``depot1…``) but does not parse: ``reason`` says why.

    A wrong checksum, the common case, means a character was mistyped; the
    app says so next to the search box rather than searching for nothing.
    """

    code = "invalid_address"
