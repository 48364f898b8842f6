"""What the explorer's queries return: frozen rows for tables and detail views, and keyset pages.

Every listing returns a ``Page``: its ``items`` and the ``next`` cursor to
pass back as ``after`` for the following page (None when there is no more).
Cursors are positions in chain order (``Tx.pos``, ``Event.epos``, a height,
a record key), never offsets, so a page never repeats or skips a row while
new blocks arrive: newest-first listings keep paging into the past from
where they were, and oldest-first listings simply grow at the end.

Addresses are shown as checksummed text, ids as lowercase hex; the raw
bytes stay available (``Tx.tx_id``, ``Block.block_id``) for further queries.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from explorer.schema import EVENT_SEQ_BITS, TX_INDEX_BITS

T = TypeVar("T")
C = TypeVar("C", int, bytes)
"""A keyset cursor: a position or height (int) or a key (bytes)."""


@dataclass(frozen=True, slots=True)
class Page(Generic[T, C]):
    """One page of a listing: ``Page[Tx, int]``, ``Page[Record, bytes]``..."""

    items: tuple[T, ...]
    next: C | None
    """Pass as ``after`` to get the following page; None: this was the last page (for now)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A block as the explorer lists it."""

    height: int
    block_id: bytes
    time_ms: int
    interval_ms: int
    """Time since the previous block (block 1: since genesis)."""
    num_txs: int
    num_failed: int
    """Transactions included as failed (their nonce consumed, nothing else kept)."""
    num_events: int
    proposer: str
    """Address of the validator that proposed the block."""
    state_root: bytes
    signed: int
    """Validators whose COMMIT signature is in the stored commit."""
    validators: int
    """Entries in the stored commit (the size of the validator set that signed)."""

    @property
    def block_id_hex(self) -> str:
        return self.block_id.hex()


@dataclass(frozen=True, slots=True)
class CommitEntry:
    """One validator's entry in the commit that finalised a block."""

    validator: str
    flag: int
    """``CommitFlag``: 1 absent, 2 commit (signed the block), 3 nil."""

    @property
    def signed(self) -> bool:
        return self.flag == 2


@dataclass(frozen=True, slots=True)
class Tx:
    """A transaction as the explorer lists it (payload decoded when this release knows its kind)."""

    pos: int
    """Position in chain order, ``height << 16 | index``: the keyset cursor of transaction listings."""
    tx_id: bytes
    height: int
    index: int
    time_ms: int
    """The time of its block."""
    sender: str
    nonce: int
    kind: str
    known_kind: bool
    """Whether this release knows the kind; an unknown kind (a newer node's) is kept undecoded."""
    ok: bool
    code: str
    """``"ok"`` or the error code the transaction failed with."""
    payload_json: str | None
    """The payload's JSON form, or None when it could not be decoded."""
    decode_error: str | None
    """Why the payload is not decoded (``unknown_kind``, ``invalid_payload``...), or None."""
    raw_payload: bytes | None
    """The payload bytes, kept only when undecoded."""

    @property
    def tx_id_hex(self) -> str:
        return self.tx_id.hex()

    @property
    def decoded(self) -> bool:
        return self.decode_error is None

    @property
    def payload(self) -> Any:
        """The decoded payload as JSON values (None if undecoded)."""
        return None if self.payload_json is None else json.loads(self.payload_json)


@dataclass(frozen=True, slots=True)
class Event:
    """An event emitted while executing a block."""

    epos: int
    """Position in chain order, ``height << 24 | seq``: the keyset cursor of event listings."""
    height: int
    seq: int
    tx_pos: int | None
    """Position of the emitting transaction; None for block-level events (deadlines, hooks)."""
    tx_id: bytes | None
    kind: str
    attrs_json: str

    @property
    def tx_index(self) -> int | None:
        return None if self.tx_pos is None else self.tx_pos & ((1 << TX_INDEX_BITS) - 1)

    @property
    def attrs(self) -> Any:
        return json.loads(self.attrs_json)


@dataclass(frozen=True, slots=True)
class Signature:
    scheme: int
    public_key: bytes
    signature: bytes


@dataclass(frozen=True, slots=True)
class TxDetail:
    """Everything about one transaction, for its detail view."""

    tx: Tx
    parties: tuple[str, ...]
    """Every address the transaction names, sender first."""
    refs: tuple[tuple[str, str], ...]
    """``(id, field)`` for every id its payload names (``order_id``, ``tank_id``...)."""
    events: tuple[Event, ...]
    expires_at: int | None
    """From the raw transaction (None when the node's store is not attached)."""
    signatures: tuple[Signature, ...]
    raw: bytes | None
    """The canonical encoding, as included in its block (None without the node's store)."""


@dataclass(frozen=True, slots=True)
class Record:
    """The latest value of one state record (an account, tank, order, bill, ...)."""

    key: bytes
    key_text: str
    """The key for people: prefix, then text, address, number or hex."""
    type: str | None
    """The registered record type's name (``account``, ``order``...); None if no type claims the key."""
    data_json: str | None
    """The record's JSON form, or None if undecoded."""
    decode_error: str | None
    value: bytes
    changed_height: int
    """The node height at which the index saw this value first (approximate: a sync's height)."""

    @property
    def data(self) -> Any:
        return None if self.data_json is None else json.loads(self.data_json)


@dataclass(frozen=True, slots=True)
class AddressSummary:
    """An address's activity in the index, and its account record if it has one."""

    address: str
    n_txs: int
    """Transactions that touch it (as sender or named in the payload)."""
    n_sent: int
    n_events: int
    first_pos: int | None
    last_pos: int | None
    account: Record | None

    @property
    def first_height(self) -> int | None:
        return None if self.first_pos is None else self.first_pos >> TX_INDEX_BITS

    @property
    def last_height(self) -> int | None:
        return None if self.last_pos is None else self.last_pos >> TX_INDEX_BITS


@dataclass(frozen=True, slots=True)
class KindInfo:
    """A transaction kind, registered or seen."""

    name: str
    known: bool
    n_txs: int


@dataclass(frozen=True, slots=True)
class IndexStatus:
    """How far the index is, for the app's status line and sync overlay."""

    chain_id: str | None
    genesis_hash: bytes | None
    height: int
    """Highest block indexed (0: none yet)."""
    txs: int
    events: int
    records_height: int
    """The node height the records are as of (-1: not yet)."""


def tx_pos(height: int, index: int) -> int:
    """A transaction's position in chain order."""
    return height << TX_INDEX_BITS | index


def event_pos(height: int, seq: int) -> int:
    """An event's position in chain order."""
    return height << EVENT_SEQ_BITS | seq


def to_jsonable(value: Any) -> Any:
    """The JSON form of a view (for ``depot explorer ... --json`` and exports).

    Bytes become lowercase hex; a ``*_json`` text field is parsed and given
    without the suffix (``payload_json`` -> ``payload``); pages become
    ``{"items": [...], "next": cursor}`` with a bytes cursor in hex.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(x) for x in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if hasattr(value, "__dataclass_fields__"):
        out: dict[str, Any] = {}
        if not isinstance(value, Page):
            out["type"] = type(value).__name__
        for name in value.__dataclass_fields__:
            v = getattr(value, name)
            if name.endswith("_json") and isinstance(v, str):
                out[name[: -len("_json")]] = json.loads(v)
            elif name.endswith("_json") and v is None:
                out[name[: -len("_json")]] = None
            else:
                out[name] = to_jsonable(v)
        return out
    raise TypeError(f"no JSON form for {type(value).__name__}")
