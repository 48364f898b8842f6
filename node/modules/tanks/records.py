"""State records of the tanks module: tanks and their agreed terms, live readings, storage, orders.

A tank's registry entry (``tank/reg/``) changes only when both parties agree;
its live record (``tank/live/``) changes with every reading and is kept small,
so a reading costs one small record write.  Units: levels in millimetres,
volumes in whole litres, money in minor units, prices in minor units per litre.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated

from node.core.encoding import MaxLen
from node.core.types import U8, U32, U64, Address, Amount, Hash32, Height, TimestampMs

TANK_PREFIX = b"tank/reg/"
LIVE_PREFIX = b"tank/live/"
OFFER_PREFIX = b"tank/offer/"
STORAGE_PREFIX = b"tank/storage/"
PARAMS_KEY = b"tank/params"
ORDER_PREFIX = b"order/item/"
DUE_PREFIX = b"order/due/"
DUE_CURSOR_KEY = b"order/due_cursor"

MAX_ID = 64
MAX_ORDER_ID = 96
MAX_DEVICE_KEYS = 8
MAX_STRAP_POINTS = 1024


def tank_key(tank_id: str) -> bytes:
    return TANK_PREFIX + tank_id.encode("utf-8")


def live_key(tank_id: str) -> bytes:
    return LIVE_PREFIX + tank_id.encode("utf-8")


def offer_key(tank_id: str) -> bytes:
    return OFFER_PREFIX + tank_id.encode("utf-8")


def storage_key(storage_id: str) -> bytes:
    return STORAGE_PREFIX + storage_id.encode("utf-8")


def order_key(order_id: str) -> bytes:
    return ORDER_PREFIX + order_id.encode("utf-8")


def due_key(bucket: int) -> bytes:
    return DUE_PREFIX + int(bucket).to_bytes(8, "big")


def order_id_of(tank_id: str, number: int) -> str:
    """``<tank_id>#<number>``, the number zero-padded to 8 digits so a tank's orders sort in order."""
    return f"{tank_id}#{number:08d}"


class OrderStatus(enum.IntEnum):
    AWAITING_FUNDS = 1
    """Created; the buyer's available balance did not cover the escrow."""
    AWAITING_STOCK = 2
    """Created; the supplier's storage did not cover the quantity."""
    CONFIRMED = 3
    """Inventory reserved and escrow frozen: the supplier may dispatch."""
    DISPATCHED = 4
    DELIVERED = 5
    """Delivery evidenced by a fill; settles when the buyer's dispute window ends."""
    SETTLED = 6
    CANCELLED = 7
    DISPUTED = 8
    RESOLVED = 9


OPEN_STATUSES = frozenset(
    {
        OrderStatus.AWAITING_FUNDS,
        OrderStatus.AWAITING_STOCK,
        OrderStatus.CONFIRMED,
        OrderStatus.DISPATCHED,
        OrderStatus.DELIVERED,
        OrderStatus.DISPUTED,
    }
)
CLOSED_STATUSES = frozenset({OrderStatus.SETTLED, OrderStatus.CANCELLED, OrderStatus.RESOLVED})
UNDELIVERED_STATUSES = frozenset(
    {OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK, OrderStatus.CONFIRMED, OrderStatus.DISPATCHED}
)
"""Statuses the delivery deadline applies to."""


class Evidence(enum.IntEnum):
    NONE = 0
    FILL = 1
    """A level rise seen in the tank's signed readings."""
    BUYER = 2
    """The buyer's signed confirmation."""
    ARBITER = 3


@dataclass(frozen=True, slots=True)
class DeviceKey:
    """A gateway device key bound to a tank: readings it signs are the tank's readings."""

    scheme: U8
    public_key: Annotated[bytes, MaxLen(33)]


@dataclass(frozen=True, slots=True)
class StrapPoint:
    """One calibration point of a strapping table."""

    level_mm: U32
    volume_l: U64


@dataclass(frozen=True, slots=True)
class Geometry:
    """How a level converts to a volume (``geometry.Shape``)."""

    shape: U8
    """1 vertical cylinder, 2 horizontal cylinder, 3 strapping table."""
    diameter_mm: U32
    """Cylinders: inner diameter; 0 for a strapping table."""
    length_mm: U32
    """Vertical cylinder: height; horizontal cylinder: length; 0 for a strapping table."""
    table: Annotated[tuple[StrapPoint, ...], MaxLen(MAX_STRAP_POINTS)]
    """Strapping table points, levels strictly increasing from 0; empty for cylinders."""


@dataclass(frozen=True, slots=True)
class TankTerms:
    """Everything the owner and the supplier agree on for one tank; both must sign (offer, accept)."""

    tank_id: Annotated[str, MaxLen(MAX_ID)]
    """Stable identifier the gateway puts in every reading (ASCII letters, digits, ``-_.``)."""
    owner: Address
    """The customer whose tank it is: the buyer of its orders."""
    supplier: Address
    """The supplier that replenishes it: the seller of its orders."""
    storage_id: Annotated[str, MaxLen(MAX_ID)]
    """The supplier's storage tank whose inventory backs its orders."""
    product: Annotated[str, MaxLen(64)]
    """What it holds (``diesel``); must match the storage tank's product."""
    geometry: Geometry
    capacity_l: U64
    """Safe fill capacity, litres (at most the geometry's full volume)."""
    warning_mm: U32
    """Warning line (level): debounced readings below it order automatically."""
    critical_mm: U32
    """Critical line (level): an order created or open below it is urgent."""
    reorder_l: U64
    """Quantity each automatic order asks for, litres."""
    debounce: U8
    """Consecutive valid readings below the warning line that trigger an order (>= 1)."""
    max_rise_mm_per_min: U32
    """Fastest plausible level rise (a delivery pump); faster is a fault."""
    max_fall_mm_per_min: U32
    """Fastest plausible level fall (consumption); faster is a fault."""
    unit_price: Amount
    """Agreed price in minor units per litre."""
    delivery_deadline_ms: U64
    """An order must be delivered within this long of its creation, or it is cancelled and refunded."""
    dispute_window_ms: U64
    """After a fill is seen, how long the buyer may dispute before settlement (0: settle at once)."""
    device_keys: Annotated[tuple[DeviceKey, ...], MaxLen(MAX_DEVICE_KEYS)]
    """Gateway device keys whose signed readings count for this tank."""


@dataclass(frozen=True, slots=True)
class Tank:
    """A registered tank: the agreed terms in force."""

    terms: TankTerms
    terms_hash: Hash32
    """``tagged_hash("DEPOT/TANK/TERMS", enc(terms))``: what both parties signed for."""
    max_level_mm: U32
    """Top of the tank per its geometry; a reading above it is absurd."""
    full_l: U64
    """Volume at ``max_level_mm``."""
    registered_height: Height
    amended_height: Height


@dataclass(frozen=True, slots=True)
class TankOffer:
    """Terms one party proposed and the other has not yet accepted."""

    terms: TankTerms
    terms_hash: Hash32
    proposer: Address
    proposed_ms: TimestampMs
    amendment: bool
    """True when the tank exists and these terms would replace its current ones."""


@dataclass(frozen=True, slots=True)
class TankLive:
    """A tank's latest reading, debounce counter and open order: written on every reading."""

    tank_id: Annotated[str, MaxLen(MAX_ID)]
    last_seq: U64
    """Highest sequence number accepted (valid or faulted); 0 before the first reading."""
    last_time_ms: TimestampMs
    """Measurement time of the last accepted reading (valid or faulted)."""
    has_level: bool
    level_mm: U32
    """Last valid level."""
    volume_l: U64
    """``level_mm`` converted by the geometry."""
    level_time_ms: TimestampMs
    readings: U64
    """Valid readings recorded."""
    faults: U64
    """Readings recorded as faults."""
    last_fault: Annotated[str, MaxLen(32)]
    """Code of the most recent fault ("" if none)."""
    below_warning: U32
    """Consecutive valid readings below the warning line."""
    orders: U32
    """Orders created so far; the next one is numbered ``orders + 1``."""
    open_order: Annotated[str, MaxLen(MAX_ORDER_ID)]
    """The tank's open automatic order ("" if none): at most one."""
    open_urgent: bool
    fill_watch: bool
    """The open order is dispatched: readings are watched for the fill."""
    fill_since_ms: TimestampMs
    """Readings measured before this (the dispatch) do not count towards the fill."""
    fill_base_l: U64
    """Lowest volume seen since dispatch, before the rise."""
    fill_peak_l: U64
    """Highest volume seen since ``fill_base_l``."""
    fill_target_l: U64
    """The dispatched quantity: a rise this large completes the fill at once."""
    fill_peak_ms: TimestampMs
    """When the level last rose to ``fill_peak_l`` (a partial fill settles ``fill_settle_ms`` later)."""


@dataclass(frozen=True, slots=True)
class StorageTank:
    """A supplier's own storage: its free inventory decides whether an order can be confirmed."""

    storage_id: Annotated[str, MaxLen(MAX_ID)]
    supplier: Address
    product: Annotated[str, MaxLen(64)]
    capacity_l: U64
    inventory_l: U64
    """Litres in stock."""
    reserved_l: U64
    """Litres promised to confirmed orders; never more than ``inventory_l``."""
    registered_height: Height


@dataclass(frozen=True, slots=True)
class Order:
    """A purchase order created by the chain from a tank's readings, and its settlement."""

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]
    tank_id: Annotated[str, MaxLen(MAX_ID)]
    buyer: Address
    supplier: Address
    storage_id: Annotated[str, MaxLen(MAX_ID)]
    product: Annotated[str, MaxLen(64)]
    status: U8
    """``OrderStatus``."""
    urgent: bool
    """The level was below the critical line."""
    quantity_l: U64
    """Ordered (the tank's reorder quantity)."""
    unit_price: Amount
    estimated_cost: Amount
    """``quantity_l × unit_price``: the escrow the buyer must freeze."""
    escrow: Amount
    """Tokens currently frozen in the buyer's account for this order."""
    reserved: bool
    """``quantity_l`` is reserved in the storage tank."""
    created_ms: TimestampMs
    created_height: Height
    deadline_ms: TimestampMs
    """``created_ms + delivery_deadline_ms``: undelivered at this block time, it is cancelled."""
    trigger_seq: U64
    trigger_level_mm: U32
    dispatched_l: U64
    dispatched_ms: TimestampMs
    delivered_l: U64
    """Quantity evidenced as delivered (and paid for at settlement)."""
    delivered_ms: TimestampMs
    evidence: U8
    """``Evidence``."""
    settle_after_ms: TimestampMs
    """DELIVERED: settles automatically at this block time unless disputed."""
    paid: Amount
    """Paid from escrow to the supplier."""
    released: Amount
    """Escrow returned to the buyer."""
    closed_ms: TimestampMs
    close_reason: Annotated[str, MaxLen(32)]
    """"settled", "deadline" or "resolved"."""
    disputed_by: Address | None
    dispute_reason: Annotated[str, MaxLen(256)]
    disputed_status: U8
    """The status the dispute interrupted."""
    arbiter: Address | None
    resolution_note: Annotated[str, MaxLen(256)]
    bill_no: U64
    """The settlement bill (bills module); 0 if none."""


@dataclass(frozen=True, slots=True)
class DueEntry:
    due_ms: TimestampMs
    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]


@dataclass(frozen=True, slots=True)
class DueOrders:
    """Orders with something due (deadline, end of dispute window) in one 10-second bucket."""

    entries: tuple[DueEntry, ...]


@dataclass(frozen=True, slots=True)
class DueCursor:
    """Where the end-of-block scan of due buckets resumes; absent when nothing is due."""

    next_bucket: U64
    pending: U64
    """Entries in the due index (absent cursor = 0)."""


@dataclass(frozen=True, slots=True)
class TankParams:
    """Module parameters (genesis section ``tanks``, or governance ``tank.set_params``)."""

    reading_window_ms: U64
    """A reading may be measured at most this far AFTER the block's time (clock skew)."""
    fill_min_percent: U8
    """A fill counts once the level rose by this share of the dispatched quantity."""
    max_delivery_deadline_ms: U64
    max_dispute_window_ms: U64
    reading_max_age_ms: U64
    """A reading may be measured at most this long BEFORE the block's time: a gateway buffering
    through an outage delivers everything when it is back, up to this age."""
    fill_settle_ms: U64
    """A partial fill (between the threshold and the dispatched quantity) settles only after the
    level has stopped rising for this long, so a pump pause or sensor noise does not cut it short."""


DEFAULT_PARAMS = TankParams(
    reading_window_ms=U64(10 * 60 * 1000),
    fill_min_percent=U8(10),
    max_delivery_deadline_ms=U64(90 * 24 * 3600 * 1000),
    max_dispute_window_ms=U64(30 * 24 * 3600 * 1000),
    reading_max_age_ms=U64(3 * 24 * 3600 * 1000),
    fill_settle_ms=U64(2 * 60 * 1000),
)


@dataclass(frozen=True, slots=True)
class TanksGenesis:
    params: TankParams
