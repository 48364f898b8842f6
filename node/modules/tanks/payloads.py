"""Transaction payloads of the tanks module (``tank.propose`` takes ``TankTerms`` itself, ``tank.report`` a ``readings.Report``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from node.core.encoding import MaxLen
from node.core.types import U8, U64, Amount, Hash32
from node.modules.tanks.records import MAX_ID, MAX_ORDER_ID

MAX_NOTE = 256


@dataclass(frozen=True, slots=True)
class AcceptTank:
    """``tank.accept``: the other party accepts the terms on offer, named by their hash."""

    tank_id: Annotated[str, MaxLen(MAX_ID)]
    terms_hash: Hash32


@dataclass(frozen=True, slots=True)
class WithdrawTankOffer:
    """``tank.withdraw``: the proposer withdraws, or the other party declines, the terms on offer."""

    tank_id: Annotated[str, MaxLen(MAX_ID)]


@dataclass(frozen=True, slots=True)
class RevokeDeviceKey:
    """``tank.revoke_key``: either party unbinds a device key at once (a lost or compromised gateway)."""

    tank_id: Annotated[str, MaxLen(MAX_ID)]
    scheme: U8
    public_key: Annotated[bytes, MaxLen(33)]


@dataclass(frozen=True, slots=True)
class RegisterStorage:
    """``tank.register_storage``: a supplier registers a storage tank and its opening inventory."""

    storage_id: Annotated[str, MaxLen(MAX_ID)]
    product: Annotated[str, MaxLen(64)]
    capacity_l: U64
    inventory_l: U64


@dataclass(frozen=True, slots=True)
class AdjustStorage:
    """``tank.adjust_storage``: the supplier records stock received and removed (litres)."""

    storage_id: Annotated[str, MaxLen(MAX_ID)]
    receive_l: U64
    remove_l: U64
    note: Annotated[str, MaxLen(MAX_NOTE)]


@dataclass(frozen=True, slots=True)
class OrderRef:
    """``order.top_up`` (buyer) and ``order.confirm`` (supplier): retry confirming a waiting order;
    ``order.settle``: settle a delivered order now."""

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]


@dataclass(frozen=True, slots=True)
class Dispatch:
    """``order.dispatch``: the supplier sends ``quantity_l`` (at most the ordered quantity)."""

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]
    quantity_l: U64


@dataclass(frozen=True, slots=True)
class ConfirmDelivery:
    """``order.confirm_delivery``: the buyer attests ``quantity_l`` arrived; settles at once."""

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]
    quantity_l: U64


@dataclass(frozen=True, slots=True)
class DisputeOrder:
    """``order.dispute``: either party stops the order before settlement for an arbiter to decide."""

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]
    reason: Annotated[str, MaxLen(MAX_NOTE)]


@dataclass(frozen=True, slots=True)
class ResolveOrder:
    """``order.resolve``: an arbiter decides the quantity delivered and the amount paid from escrow."""

    #: An amount of 0 is meaningful here (the whole escrow goes back to the buyer); see wallet/builder.py.
    ZERO_AMOUNT_ALLOWED: ClassVar[bool] = True

    order_id: Annotated[str, MaxLen(MAX_ORDER_ID)]
    quantity_l: U64
    amount: Amount
    note: Annotated[str, MaxLen(MAX_NOTE)]
