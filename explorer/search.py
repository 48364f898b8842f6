"""One search box: recognise what was typed and answer with typed results.

``search(explorer, text)`` tries, in order:

* ``depot1…`` — an address.  Text that starts like one but does not parse
  (a wrong checksum, a missing character) raises ``MistypedAddress`` with the
  reason, so the app says "mistyped?" next to the box instead of "nothing found";
* digits — a block height (and any id that happens to be those digits);
* 64 hex characters — a transaction or block id;
* 8 to 63 hex characters — a prefix of transaction and block ids (every match is a hit);
* an id named in records, payloads or events (an order id such as
  ``T-7#00000003``, a tank id, a storage id);
* a transaction kind (``token.transfer``) or part of one (``transfer``),
  and an event kind.

Every lookup walks one index, so a search costs a few index probes whatever
the chain's size.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from explorer.errors import MistypedAddress
from explorer.queries import MIN_PREFIX_HEX, Explorer, id_range
from explorer.views import AddressSummary, Block, KindInfo, Record, Tx
from node.core.address import parse_address
from node.core.errors import DepotError

#: Most hits of one sort a search returns.
MAX_HITS = 10

_HEX = frozenset("0123456789abcdef")


class Recognised(enum.Enum):
    """What the typed text was taken to be (a search may recognise several)."""

    EMPTY = "empty"
    ADDRESS = "address"
    HEIGHT = "height"
    ID = "id"
    """A full 64-hex block or transaction id."""
    ID_PREFIX = "id_prefix"
    REF = "ref"
    """An id that records, payloads or events name (order, tank, storage...)."""
    KIND = "kind"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class BlockHit:
    block: Block


@dataclass(frozen=True, slots=True)
class TxHit:
    tx: Tx


@dataclass(frozen=True, slots=True)
class AddressHit:
    summary: AddressSummary


@dataclass(frozen=True, slots=True)
class RecordHit:
    """A state record that names the id typed (an order, a tank, a storage tank...)."""

    record: Record
    field: str
    """The field the id was found in (``order_id``, ``tank_id``...)."""
    primary: bool
    """True when the record is *the* record of that id (its key ends with the id), not one that refers to it."""


@dataclass(frozen=True, slots=True)
class RefHit:
    """An id that transactions or events name, for ``Explorer.txs(ref=...)`` and ``events(ref=...)``."""

    ref: str
    in_txs: bool
    in_events: bool


@dataclass(frozen=True, slots=True)
class KindHit:
    kind: KindInfo


@dataclass(frozen=True, slots=True)
class EventKindHit:
    kind: str


Hit = BlockHit | TxHit | AddressHit | RecordHit | RefHit | KindHit | EventKindHit


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits for one typed text, best first."""

    text: str
    recognised: tuple[Recognised, ...]
    hits: tuple[Hit, ...]

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def search(ex: Explorer, text: str) -> SearchResult:
    """What ``text`` names in the index (see the module docstring); raises ``MistypedAddress``."""
    t = text.strip()
    if not t:
        return SearchResult(text, (Recognised.EMPTY,), ())
    recognised: list[Recognised] = []
    hits: list[Hit] = []
    low = t.lower()
    if low.startswith("depot1"):
        try:
            parse_address(t)
        except DepotError as exc:
            raise MistypedAddress(exc.message, reason=exc.message, text=t[:64]) from exc
        return SearchResult(text, (Recognised.ADDRESS,), (AddressHit(ex.address(t)),))
    if t.isdigit() and t.isascii() and len(t) <= 18:
        recognised.append(Recognised.HEIGHT)
        b = ex.block(int(t))
        if b is not None:
            hits.append(BlockHit(b))
    hexed = low[2:] if low.startswith("0x") else low
    if len(hexed) >= MIN_PREFIX_HEX and len(hexed) <= 64 and set(hexed) <= _HEX:
        recognised.append(Recognised.ID if len(hexed) == 64 else Recognised.ID_PREFIX)
        hits += _by_id(ex, hexed)
    ref_hits = _by_ref(ex, t)
    if ref_hits:
        recognised.append(Recognised.REF)
        hits += ref_hits
    kind_hits = _by_kind(ex, t)
    if kind_hits:
        recognised.append(Recognised.KIND)
        hits += kind_hits
    return SearchResult(text, tuple(recognised) or (Recognised.UNKNOWN,), tuple(hits))


def _by_id(ex: Explorer, hexed: str) -> list[Hit]:
    lo, hi = id_range(hexed)
    out: list[Hit] = []
    for r in ex._rows(
        "SELECT t.tx_id FROM txs t WHERE t.tx_id BETWEEN ? AND ? ORDER BY t.tx_id LIMIT ?", (lo, hi, MAX_HITS)
    ):
        out.append(TxHit(ex.tx(bytes(r[0]))))
    for r in ex._rows(
        "SELECT block_id FROM blocks WHERE block_id BETWEEN ? AND ? ORDER BY block_id LIMIT ?", (lo, hi, MAX_HITS)
    ):
        out.append(BlockHit(ex.block_by_id(bytes(r[0]))))
    return out


def _by_ref(ex: Explorer, ref: str) -> list[Hit]:
    out: list[Hit] = []
    tail = ref.encode("utf-8")
    records = ex._rows(
        "SELECT d.field, r.key FROM ref_records d JOIN records r ON r.key = d.key WHERE d.ref = ?"
        " ORDER BY d.key LIMIT ?",
        (ref, MAX_HITS),
    )
    found: list[RecordHit] = []
    for field, key in records:
        rec = ex.record(bytes(key))
        if rec is not None:
            found.append(RecordHit(rec, field, bytes(key).endswith(tail)))
    found.sort(key=lambda h: not h.primary)  # the id's own record first, then those that refer to it
    out += found
    in_txs = bool(ex._rows("SELECT 1 FROM ref_txs WHERE ref = ? LIMIT 1", (ref,)))
    in_events = bool(ex._rows("SELECT 1 FROM ref_events WHERE ref = ? LIMIT 1", (ref,)))
    if in_txs or in_events:
        out.append(RefHit(ref, in_txs, in_events))
    return out


def _by_kind(ex: Explorer, text: str) -> list[Hit]:
    low = text.lower()
    if not all(c.isalnum() or c in "._-" for c in low):
        return []
    kinds = ex.kinds()
    exact = [k for k in kinds if k.name == low]
    partial = [k for k in kinds if low in k.name and k.name != low] if len(low) >= 3 else []
    out: list[Hit] = [KindHit(k) for k in (exact + partial)[:MAX_HITS]]
    if "." in low:
        if ex._rows("SELECT 1 FROM events WHERE kind = ? LIMIT 1", (low,)):
            out.append(EventKindHit(low))
    return out
