"""Errors of the tanks module: registration, readings, orders; and the fault codes a reading can carry.

Every class has its own stable ``code`` (docs/protocol/tanks.md §8 lists them
with the rule that raises each).  The ``ReadingFault`` family is not raised to
fail a transaction: a faulted reading is *recorded as a fault* (its code goes
into the ``reading.fault`` event and the tank's fault counter), never as a
level.  They are classes so the app translates them like any other error.
"""

from __future__ import annotations

from node.core.errors import DepotError


class TanksError(DepotError):
    code = "tanks_error"


# --- registry ---------------------------------------------------------------------------


class UnknownTank(TanksError):
    code = "unknown_tank"
    http_status = 404


class UnknownStorage(TanksError):
    code = "unknown_storage"
    http_status = 404


class DuplicateStorage(TanksError):
    code = "duplicate_storage"


class InvalidTankTerms(TanksError):
    """Terms that do not fit together: lines, quantities, prices, deadlines, keys, ids."""

    code = "invalid_tank_terms"


class InvalidGeometry(InvalidTankTerms):
    """A tank shape this module cannot measure (bad dimensions, unsorted strapping table)."""

    code = "invalid_geometry"


class NotTankParty(TanksError):
    """The sender is neither the tank's owner nor its supplier."""

    code = "not_tank_party"


class NoTankOffer(TanksError):
    """No proposed terms wait for acceptance for this tank."""

    code = "no_tank_offer"
    http_status = 404


class TankOfferPending(TanksError):
    """Proposed terms already wait for acceptance; withdraw them first."""

    code = "tank_offer_pending"


class OwnOfferAccepted(TanksError):
    """The proposer cannot accept its own offer: the other party must."""

    code = "own_offer"


class TermsMismatch(TanksError):
    """The accepted terms hash is not that of the terms on offer (they changed)."""

    code = "terms_mismatch"


class StorageMismatch(TanksError):
    """The storage tank belongs to another supplier or holds another product."""

    code = "storage_mismatch"


class NotStorageOwner(TanksError):
    code = "not_storage_owner"


class UnknownDeviceKey(TanksError):
    code = "unknown_device_key"


class InsufficientInventory(TanksError):
    """The storage tank's free inventory (stock minus reservations) does not cover it."""

    code = "insufficient_inventory"


class StorageOverfull(TanksError):
    code = "storage_overfull"


# --- readings: refused (the whole report fails) ------------------------------------------


class EmptyReport(TanksError):
    code = "empty_report"


class ReadingUnboundKey(TanksError):
    """The reading is signed by a key that is not bound to its tank."""

    code = "reading_unbound_key"


class ReadingBadSignature(TanksError):
    code = "reading_bad_signature"


class ReadingReplayed(TanksError):
    """Sequence number not above the tank's last: a replay or a re-delivery."""

    code = "reading_replayed"


class ReadingTimeOutsideWindow(TanksError):
    """Measured too long before, or after, the block's time."""

    code = "reading_time_outside_window"


class ReadingOutOfOrder(TanksError):
    """Measured earlier than the tank's previous reading."""

    code = "reading_out_of_order"


# --- readings: recorded as faults, never as levels -------------------------------------------


class ReadingFault(TanksError):
    """A reading that carries no usable level."""

    code = "sensor_fault"


class Ne43Low(ReadingFault):
    """Loop current below 3.8 mA (NAMUR NE43): broken wire or failed sensor."""

    code = "ne43_low"


class Ne43High(ReadingFault):
    """Loop current above 20.5 mA (NAMUR NE43): short circuit or failed sensor."""

    code = "ne43_high"


class SensorStuck(ReadingFault):
    code = "sensor_stuck"


class LevelOutOfRange(ReadingFault):
    """An absurd level: above the top of the tank."""

    code = "level_out_of_range"


class ImplausibleJump(ReadingFault):
    """The level moved faster than the tank's plausible rise or fall rate."""

    code = "implausible_jump"


# --- orders ------------------------------------------------------------------------------


class UnknownOrder(TanksError):
    code = "unknown_order"
    http_status = 404


class NotOrderParty(TanksError):
    """An order action by an account that is neither the buyer nor the supplier."""

    code = "not_order_party"


class NotBuyer(TanksError):
    """Only the buyer may do this (confirm a delivery, top up escrow)."""

    code = "not_buyer"


class NotSupplier(TanksError):
    """Only the supplier may do this (dispatch, confirm against restocked inventory)."""

    code = "not_supplier"


class OrderClosed(TanksError):
    """The order is already settled, cancelled or resolved."""

    code = "order_closed"


class OrderDisputed(TanksError):
    """The order is under dispute; only an arbiter's resolution moves it."""

    code = "order_disputed"


class OrderNotWaiting(TanksError):
    """Nothing to retry: the order is not awaiting funds or inventory."""

    code = "order_not_waiting"


class OrderNotConfirmed(TanksError):
    """Dispatch before the order is confirmed (inventory reserved, escrow frozen)."""

    code = "order_not_confirmed"


class OrderNotDispatched(TanksError):
    """Delivery confirmed for an order that was never dispatched."""

    code = "order_not_dispatched"


class OrderAlreadyDelivered(TanksError):
    """A fill already evidenced the delivery: settle it (``order.settle``) or dispute it."""

    code = "order_already_delivered"


class OrderNotDelivered(TanksError):
    """Settlement asked for before any delivery was evidenced."""

    code = "order_not_delivered"


class DisputeWindowOpen(TanksError):
    """The supplier asked for settlement while the buyer may still dispute the delivery."""

    code = "dispute_window_open"


class OrderNotDisputed(TanksError):
    code = "order_not_disputed"


class ArbiterIsParty(TanksError):
    """An arbiter cannot resolve a dispute it is a party to."""

    code = "arbiter_is_party"


class InvalidQuantity(TanksError):
    """Zero, or more than was ordered or dispatched."""

    code = "invalid_quantity"


class InvalidResolution(TanksError):
    """A resolution paying more than the escrow holds, or for goods never reserved."""

    code = "invalid_resolution"


ERRORS: tuple[type[DepotError], ...] = (
    UnknownTank,
    UnknownStorage,
    DuplicateStorage,
    InvalidTankTerms,
    InvalidGeometry,
    NotTankParty,
    NoTankOffer,
    TankOfferPending,
    OwnOfferAccepted,
    TermsMismatch,
    StorageMismatch,
    NotStorageOwner,
    UnknownDeviceKey,
    InsufficientInventory,
    StorageOverfull,
    EmptyReport,
    ReadingUnboundKey,
    ReadingBadSignature,
    ReadingReplayed,
    ReadingTimeOutsideWindow,
    ReadingOutOfOrder,
    ReadingFault,
    Ne43Low,
    Ne43High,
    SensorStuck,
    LevelOutOfRange,
    ImplausibleJump,
    UnknownOrder,
    NotOrderParty,
    NotBuyer,
    NotSupplier,
    OrderClosed,
    OrderDisputed,
    OrderNotWaiting,
    OrderNotConfirmed,
    OrderNotDispatched,
    OrderAlreadyDelivered,
    OrderNotDelivered,
    DisputeWindowOpen,
    OrderNotDisputed,
    ArbiterIsParty,
    InvalidQuantity,
    InvalidResolution,
)
