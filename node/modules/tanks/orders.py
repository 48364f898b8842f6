"""Purchase orders: created by the chain from a tank's readings, escrowed, dispatched, delivered, settled.

Life cycle (docs/protocol/tanks.md §6)::

    created -> AWAITING_STOCK / AWAITING_FUNDS -> CONFIRMED -> DISPATCHED
            -> DELIVERED (fill seen; dispute window) -> SETTLED
    any open status -> DISPUTED -> RESOLVED (arbiter)
    undelivered at the deadline -> CANCELLED (escrow refunded, reservation released)

Money moves only through the accounts ledger: ``freeze`` at confirmation,
``pay_from_escrow`` and ``unfreeze`` at settlement, ``unfreeze`` on
cancellation, so the token supply is conserved by construction.  Deadlines and
the end of dispute windows are found without scanning: each order due at some
time sits in a 10-second bucket (``order/due/``) that the end-of-block hook
visits in time order.
"""

from __future__ import annotations

from node.core.execution import BlockContext, TxContext
from node.core.records import evolve
from node.core.state import State
from node.core.types import U8, U32, U64, Address, Amount, Height, TimestampMs
from node.modules.accounts import ledger
from node.modules.accounts.errors import InsufficientFunds
from node.modules.bills.ledger import issue_bill
from node.modules.tanks.errors import (
    ArbiterIsParty,
    DisputeWindowOpen,
    InsufficientInventory,
    InvalidQuantity,
    InvalidResolution,
    NotBuyer,
    NotOrderParty,
    NotSupplier,
    OrderAlreadyDelivered,
    OrderClosed,
    OrderDisputed,
    OrderNotConfirmed,
    OrderNotDelivered,
    OrderNotDispatched,
    OrderNotDisputed,
    OrderNotWaiting,
    TanksError,
    UnknownOrder,
)
from node.modules.tanks.payloads import (
    ConfirmDelivery,
    Dispatch,
    DisputeOrder,
    OrderRef,
    ResolveOrder,
)
from node.modules.tanks.records import (
    CLOSED_STATUSES,
    DUE_CURSOR_KEY,
    UNDELIVERED_STATUSES,
    DueCursor,
    DueEntry,
    DueOrders,
    Evidence,
    Order,
    OrderStatus,
    StorageTank,
    Tank,
    TankLive,
    due_key,
    live_key,
    order_id_of,
    order_key,
    storage_key,
    tank_key,
)

BUCKET_MS = 10_000
"""Width of a due-index bucket."""
MAX_BUCKETS_PER_BLOCK = 10_000
"""Catch-up bound after a long halt: at most this many buckets are visited per block."""
UNSET_VOLUME = U64(U64.MAX)
"""Fill base before any level is known: the first reading sets it."""

AnyContext = TxContext | BlockContext


# --- reading and writing ------------------------------------------------------------------


def get_order(state: State, order_id: str) -> Order:
    order = state.get(order_key(order_id), Order)
    if order is None:
        raise UnknownOrder(f"no order {order_id!r}", order_id=order_id)
    return order


def _put(state: State, order: Order) -> None:
    state.put(order_key(order.order_id), order)


def _parties(order: Order) -> dict[str, object]:
    return {"order_id": order.order_id, "tank_id": order.tank_id, "buyer": order.buyer, "supplier": order.supplier}


def _close_on_tank(state: State, order: Order) -> None:
    """The tank has no open order any more: the next low reading may order again."""
    key = live_key(order.tank_id)
    live = state.get(key, TankLive)
    if live is not None and live.open_order == order.order_id:
        state.put(key, evolve(live, open_order="", open_urgent=False, fill_watch=False))


def _check_open(order: Order) -> None:
    if order.status in CLOSED_STATUSES:
        raise OrderClosed(f"order {order.order_id} is already {OrderStatus(order.status).name.lower()}", order_id=order.order_id)
    if order.status == OrderStatus.DISPUTED:
        raise OrderDisputed(f"order {order.order_id} is under dispute; an arbiter decides", order_id=order.order_id)


def _require_party(order: Order, sender: Address) -> None:
    if sender != order.buyer and sender != order.supplier:
        raise NotOrderParty(
            f"{sender} is neither the buyer nor the supplier of order {order.order_id}", order_id=order.order_id
        )


# --- the due index ----------------------------------------------------------------------------


def schedule(state: State, due_ms: int, order_id: str, now_ms: int) -> None:
    """Add ``(due_ms, order_id)`` to the due index (``due_ms >= now_ms``)."""
    cursor = state.get(DUE_CURSOR_KEY, DueCursor) or DueCursor(U64(now_ms // BUCKET_MS), U64(0))
    key = due_key(due_ms // BUCKET_MS)
    rec = state.get(key, DueOrders)
    entries = rec.entries if rec else ()
    state.put(key, DueOrders(entries + (DueEntry(TimestampMs(due_ms), order_id),)))
    state.put(DUE_CURSOR_KEY, DueCursor(cursor.next_bucket, U64(cursor.pending + 1)))


def due_of(order: Order) -> int | None:
    """When something next happens to ``order`` by time alone, or None."""
    if order.status in UNDELIVERED_STATUSES:
        return int(order.deadline_ms)
    if order.status == OrderStatus.DELIVERED:
        return int(order.settle_after_ms)
    return None


def end_block(ctx: BlockContext) -> None:
    """Cancel orders past their deadline, settle deliveries whose dispute window ended."""
    state = ctx.state
    cursor = state.get(DUE_CURSOR_KEY, DueCursor)
    if cursor is None:
        return
    now = ctx.env.time_ms
    last = now // BUCKET_MS
    bucket = int(cursor.next_bucket)
    pending = int(cursor.pending)
    visited = 0
    while bucket <= last:
        key = due_key(bucket)
        rec = state.get(key, DueOrders)
        if rec is not None:
            keep = []
            for e in rec.entries:
                if e.due_ms > now:
                    keep.append(e)
                    continue
                pending -= 1
                _on_due(ctx, e)
            if not keep:
                state.delete(key)
            elif len(keep) != len(rec.entries):
                state.put(key, DueOrders(tuple(keep)))
        visited += 1
        if bucket == last or visited >= MAX_BUCKETS_PER_BLOCK:
            break
        bucket += 1
    if pending <= 0:
        state.delete(DUE_CURSOR_KEY)
    elif (bucket, pending) != (cursor.next_bucket, cursor.pending):
        state.put(DUE_CURSOR_KEY, DueCursor(U64(bucket), U64(pending)))


def _on_due(ctx: BlockContext, e: DueEntry) -> None:
    order = ctx.state.get(order_key(e.order_id), Order)
    if order is None or due_of(order) != e.due_ms:
        return  # stale: the order moved on (settled, disputed, delivered) since it was scheduled
    if order.status == OrderStatus.DELIVERED:
        settle(ctx, order, automatic=True)
    else:
        cancel(ctx, order, "deadline")


# --- creation and confirmation ------------------------------------------------------------------


def create_auto_order(ctx: TxContext, tank: Tank, live: TankLive, seq: int, level_mm: int) -> None:
    """The chain orders for the tank: in the transaction carrying the debounced low reading."""
    t = tank.terms
    now = ctx.env.time_ms
    number = int(live.orders) + 1
    oid = order_id_of(t.tank_id, number)
    urgent = level_mm < t.critical_mm
    order = Order(
        order_id=oid,
        tank_id=t.tank_id,
        buyer=t.owner,
        supplier=t.supplier,
        storage_id=t.storage_id,
        product=t.product,
        status=U8(OrderStatus.AWAITING_STOCK),
        urgent=urgent,
        quantity_l=t.reorder_l,
        unit_price=t.unit_price,
        estimated_cost=Amount(int(t.reorder_l) * int(t.unit_price)),
        escrow=Amount(0),
        reserved=False,
        created_ms=TimestampMs(now),
        created_height=Height(ctx.env.height),
        deadline_ms=TimestampMs(now + int(t.delivery_deadline_ms)),
        trigger_seq=U64(seq),
        trigger_level_mm=U32(level_mm),
        dispatched_l=U64(0),
        dispatched_ms=TimestampMs(0),
        delivered_l=U64(0),
        delivered_ms=TimestampMs(0),
        evidence=U8(Evidence.NONE),
        settle_after_ms=TimestampMs(0),
        paid=Amount(0),
        released=Amount(0),
        closed_ms=TimestampMs(0),
        close_reason="",
        disputed_by=None,
        dispute_reason="",
        disputed_status=U8(0),
        arbiter=None,
        resolution_note="",
        bill_no=U64(0),
    )
    ctx.emit(
        "order.created",
        **_parties(order),
        storage_id=order.storage_id,
        product=order.product,
        quantity_l=order.quantity_l,
        unit_price=order.unit_price,
        estimated_cost=order.estimated_cost,
        urgent=urgent,
        deadline_ms=order.deadline_ms,
        trigger_seq=seq,
        level_mm=level_mm,
    )
    order, _ = _try_confirm(ctx, order)
    _put(ctx.state, order)
    ctx.state.put(
        live_key(t.tank_id), evolve(live, orders=U32(number), open_order=oid, open_urgent=urgent, fill_watch=False)
    )
    schedule(ctx.state, int(order.deadline_ms), oid, now)


def _try_confirm(ctx: TxContext, order: Order) -> tuple[Order, list[TanksError | InsufficientFunds]]:
    """Reserve inventory and freeze escrow, each if not done yet; keep what succeeded.

    Returns the order with its new status, and why it still waits (empty when confirmed).
    Emits ``order.confirmed``, or ``order.awaiting_stock`` / ``order.awaiting_funds``.
    """
    state = ctx.state
    missing: list[TanksError | InsufficientFunds] = []
    qty = int(order.quantity_l)
    if not order.reserved:
        skey = storage_key(order.storage_id)
        st = state.get(skey, StorageTank)
        free = int(st.inventory_l) - int(st.reserved_l) if st is not None else 0
        if st is not None and free >= qty:
            state.put(skey, evolve(st, reserved_l=U64(int(st.reserved_l) + qty)))
            order = evolve(order, reserved=True)
        else:
            missing.append(
                InsufficientInventory(
                    f"storage {order.storage_id!r} has {free} litres free, the order needs {qty}",
                    storage_id=order.storage_id,
                    available_l=free,
                    needed_l=qty,
                )
            )
            ctx.emit(
                "order.awaiting_stock", **_parties(order), storage_id=order.storage_id, needed_l=qty, available_l=free
            )
    if order.escrow == 0:
        try:
            ledger.freeze(state, order.buyer, int(order.estimated_cost))
            order = evolve(order, escrow=order.estimated_cost)
        except InsufficientFunds as exc:
            missing.append(exc)
            buyer = ledger.require_account(state, order.buyer)
            ctx.emit(
                "order.awaiting_funds",
                **_parties(order),
                needed=order.estimated_cost,
                available=buyer.balance,
            )
    if order.reserved and order.escrow:
        status = OrderStatus.CONFIRMED
        ctx.emit("order.confirmed", **_parties(order), quantity_l=order.quantity_l, escrow=order.escrow)
    else:
        status = OrderStatus.AWAITING_STOCK if not order.reserved else OrderStatus.AWAITING_FUNDS
    return evolve(order, status=U8(status)), missing


def _retry(ctx: TxContext, order: Order) -> None:
    _check_open(order)
    if order.status not in (OrderStatus.AWAITING_FUNDS, OrderStatus.AWAITING_STOCK):
        raise OrderNotWaiting(f"order {order.order_id} is not waiting for funds or inventory", order_id=order.order_id)
    before = (order.reserved, int(order.escrow))
    order, missing = _try_confirm(ctx, order)
    if (order.reserved, int(order.escrow)) == before:
        raise missing[0]  # nothing could be done: fail with the first reason, keep nothing
    _put(ctx.state, order)


def apply_top_up(ctx: TxContext, p: OrderRef) -> None:
    """``order.top_up``: the buyer, with funds now available, retries the escrow (and the reservation)."""
    order = get_order(ctx.state, p.order_id)
    _require_party(order, ctx.sender)
    if ctx.sender != order.buyer:
        raise NotBuyer("only the buyer tops up an order's escrow", order_id=order.order_id)
    _retry(ctx, order)


def apply_confirm(ctx: TxContext, p: OrderRef) -> None:
    """``order.confirm``: the supplier, with stock now available, retries the reservation (and the escrow)."""
    order = get_order(ctx.state, p.order_id)
    _require_party(order, ctx.sender)
    if ctx.sender != order.supplier:
        raise NotSupplier("only the supplier confirms an order against restocked inventory", order_id=order.order_id)
    _retry(ctx, order)


# --- dispatch, delivery and settlement -------------------------------------------------------------


def apply_dispatch(ctx: TxContext, p: Dispatch) -> None:
    """``order.dispatch``: the supplier sends the goods; readings are watched for the fill from now on."""
    state = ctx.state
    order = get_order(state, p.order_id)
    _require_party(order, ctx.sender)
    if ctx.sender != order.supplier:
        raise NotSupplier("only the supplier dispatches an order", order_id=order.order_id)
    _check_open(order)
    if order.status != OrderStatus.CONFIRMED:
        raise OrderNotConfirmed(
            f"order {order.order_id} is {OrderStatus(order.status).name.lower()}, not confirmed",
            order_id=order.order_id,
            status=int(order.status),
        )
    if not 0 < p.quantity_l <= order.quantity_l:
        raise InvalidQuantity(
            f"dispatch 1..{int(order.quantity_l)} litres (the ordered quantity)", order_id=order.order_id
        )
    now = ctx.env.time_ms
    order = evolve(order, status=U8(OrderStatus.DISPATCHED), dispatched_l=p.quantity_l, dispatched_ms=TimestampMs(now))
    _put(state, order)
    live = state.get(live_key(order.tank_id), TankLive)
    if live is not None and live.open_order == order.order_id:
        base = live.volume_l if live.has_level else UNSET_VOLUME
        state.put(
            live_key(order.tank_id),
            evolve(
                live,
                fill_watch=True,
                fill_since_ms=TimestampMs(now),
                fill_base_l=base,
                fill_peak_l=base,
                fill_target_l=p.quantity_l,
                fill_peak_ms=TimestampMs(now),
            ),
        )
    ctx.emit(
        "order.dispatched",
        **_parties(order),
        storage_id=order.storage_id,
        product=order.product,
        quantity_l=p.quantity_l,
    )


def deliver(ctx: AnyContext, order: Order, quantity_l: int, evidence: Evidence) -> None:
    """Record a delivery; settle at once (buyer's word, or no dispute window) or when the window ends."""
    state = ctx.state
    now = ctx.env.time_ms
    tank = state.get(tank_key(order.tank_id), Tank)
    window = int(tank.terms.dispute_window_ms) if tank is not None else 0
    immediate = evidence == Evidence.BUYER or window == 0
    settle_after = now if immediate else now + window
    order = evolve(
        order,
        delivered_l=U64(quantity_l),
        delivered_ms=TimestampMs(now),
        evidence=U8(evidence),
        settle_after_ms=TimestampMs(settle_after),
    )
    _update_live_fill_off(state, order)
    ctx.emit(
        "order.delivered",
        **_parties(order),
        quantity_l=quantity_l,
        evidence=Evidence(evidence).name.lower(),
        settle_after_ms=settle_after,
    )
    if immediate:
        settle(ctx, order)
    else:
        order = evolve(order, status=U8(OrderStatus.DELIVERED))
        _put(state, order)
        schedule(state, settle_after, order.order_id, now)


def _update_live_fill_off(state: State, order: Order) -> None:
    key = live_key(order.tank_id)
    live = state.get(key, TankLive)
    if live is not None and live.open_order == order.order_id and live.fill_watch:
        state.put(key, evolve(live, fill_watch=False))


def settle(ctx: AnyContext, order: Order, *, automatic: bool = False) -> None:
    """Pay delivered quantity × agreed price from escrow, release the rest, draw the inventory, bill both."""
    state = ctx.state
    qty = int(order.delivered_l)
    amount = qty * int(order.unit_price)
    released = int(order.escrow) - amount  # >= 0: delivered <= dispatched <= ordered, escrow = ordered × price
    if amount:
        ledger.pay_from_escrow(state, order.buyer, order.supplier, amount)
    if released:
        ledger.unfreeze(state, order.buyer, released)
    _draw_inventory(state, order, qty)
    now = ctx.env.time_ms
    bill = issue_bill(
        state,
        ctx.emit,
        kind="tank_order",
        reference=order.order_id,
        payer=order.buyer,
        payee=order.supplier,
        item=order.product,
        site=order.tank_id,
        quantity=qty,
        unit="L",
        unit_price=int(order.unit_price),
        amount=amount,
        time_ms=now,
        height=ctx.env.height,
    )
    order = evolve(
        order,
        status=U8(OrderStatus.SETTLED),
        escrow=Amount(0),
        reserved=False,
        paid=Amount(amount),
        released=Amount(released),
        closed_ms=TimestampMs(now),
        close_reason="settled",
        bill_no=bill.bill_no,
    )
    _put(state, order)
    _close_on_tank(state, order)
    ctx.emit(
        "order.settled",
        **_parties(order),
        quantity_l=qty,
        unit_price=order.unit_price,
        amount=amount,
        released=released,
        bill_no=bill.bill_no,
        automatic=automatic,
    )


def _draw_inventory(state: State, order: Order, qty: int) -> None:
    """Take ``qty`` out of storage and release the order's reservation (``qty`` <= reserved <= inventory)."""
    skey = storage_key(order.storage_id)
    st = state.get(skey, StorageTank)
    if st is None:
        return
    reserved = int(st.reserved_l) - (int(order.quantity_l) if order.reserved else 0)
    state.put(skey, evolve(st, inventory_l=U64(int(st.inventory_l) - qty), reserved_l=U64(reserved)))


def cancel(ctx: AnyContext, order: Order, reason: str) -> None:
    """Cancel an undelivered order: refund all escrow, release the reservation."""
    state = ctx.state
    refunded = int(order.escrow)
    if refunded:
        ledger.unfreeze(state, order.buyer, refunded)
    _draw_inventory(state, order, 0)
    now = ctx.env.time_ms
    order = evolve(
        order,
        status=U8(OrderStatus.CANCELLED),
        escrow=Amount(0),
        reserved=False,
        released=Amount(refunded),
        closed_ms=TimestampMs(now),
        close_reason=reason,
    )
    _put(state, order)
    _close_on_tank(state, order)
    ctx.emit("order.cancelled", **_parties(order), reason=reason, refunded=refunded)


def apply_confirm_delivery(ctx: TxContext, p: ConfirmDelivery) -> None:
    """``order.confirm_delivery``: the buyer attests the quantity received; settles at once."""
    order = get_order(ctx.state, p.order_id)
    if ctx.sender != order.buyer:
        raise NotBuyer("only the buyer confirms a delivery", order_id=order.order_id)
    _check_open(order)
    if order.status == OrderStatus.DELIVERED:
        raise OrderAlreadyDelivered(
            f"a fill already evidenced order {order.order_id}; settle or dispute it", order_id=order.order_id
        )
    if order.status != OrderStatus.DISPATCHED:
        raise OrderNotDispatched(f"order {order.order_id} has not been dispatched", order_id=order.order_id)
    if not 0 < p.quantity_l <= order.dispatched_l:
        raise InvalidQuantity(
            f"confirm 1..{int(order.dispatched_l)} litres (the dispatched quantity)", order_id=order.order_id
        )
    deliver(ctx, order, int(p.quantity_l), Evidence.BUYER)


def apply_settle(ctx: TxContext, p: OrderRef) -> None:
    """``order.settle``: settle a delivered order now (the buyer waives its window; the supplier after it)."""
    order = get_order(ctx.state, p.order_id)
    _require_party(order, ctx.sender)
    _check_open(order)
    if order.status != OrderStatus.DELIVERED:
        raise OrderNotDelivered(
            f"order {order.order_id} cannot be settled before its delivery", order_id=order.order_id
        )
    if ctx.sender == order.supplier and ctx.env.time_ms < order.settle_after_ms:
        raise DisputeWindowOpen(
            f"the buyer may dispute until {int(order.settle_after_ms)}",
            order_id=order.order_id,
            settle_after_ms=int(order.settle_after_ms),
        )
    settle(ctx, order)


# --- disputes ------------------------------------------------------------------------------------


def apply_dispute(ctx: TxContext, p: DisputeOrder) -> None:
    """``order.dispute``: either party stops an open order; deadline and settlement wait for the arbiter."""
    order = get_order(ctx.state, p.order_id)
    _require_party(order, ctx.sender)
    _check_open(order)
    prior = int(order.status)
    order = evolve(
        order,
        status=U8(OrderStatus.DISPUTED),
        disputed_by=ctx.sender,
        dispute_reason=p.reason,
        disputed_status=U8(prior),
    )
    _put(ctx.state, order)
    _update_live_fill_off(ctx.state, order)
    ctx.emit(
        "order.disputed",
        **_parties(order),
        by=ctx.sender,
        reason=p.reason,
        prior_status=OrderStatus(prior).name.lower(),
    )


def apply_resolve(ctx: TxContext, p: ResolveOrder) -> None:
    """``order.resolve``: an arbiter decides the quantity delivered and the amount paid; the rest is refunded."""
    state = ctx.state
    arbiter = ledger.require_account(state, ctx.sender)
    ledger.require_role(arbiter, "arbiter")
    order = get_order(state, p.order_id)
    if order.status in CLOSED_STATUSES:
        raise OrderClosed(f"order {order.order_id} is already closed", order_id=order.order_id)
    if order.status != OrderStatus.DISPUTED:
        raise OrderNotDisputed(f"order {order.order_id} is not under dispute", order_id=order.order_id)
    if ctx.sender in (order.buyer, order.supplier):
        raise ArbiterIsParty("an arbiter cannot resolve its own order", order_id=order.order_id)
    most = int(order.quantity_l) if order.reserved else 0
    if p.quantity_l > most:
        raise InvalidQuantity(
            f"the resolved quantity must be 0..{most} litres (what was reserved for the order)",
            order_id=order.order_id,
        )
    if p.amount > order.escrow:
        raise InvalidResolution(
            f"the escrow holds {int(order.escrow)}; a resolution cannot pay {int(p.amount)}",
            order_id=order.order_id,
            escrow=int(order.escrow),
        )
    amount = int(p.amount)
    released = int(order.escrow) - amount
    if amount:
        ledger.pay_from_escrow(state, order.buyer, order.supplier, amount)
    if released:
        ledger.unfreeze(state, order.buyer, released)
    _draw_inventory(state, order, int(p.quantity_l))
    now = ctx.env.time_ms
    bill_no = 0
    if amount:
        bill = issue_bill(
            state,
            ctx.emit,
            kind="tank_order_resolved",
            reference=order.order_id,
            payer=order.buyer,
            payee=order.supplier,
            item=order.product,
            site=order.tank_id,
            quantity=int(p.quantity_l),
            unit="L",
            unit_price=int(order.unit_price),
            amount=amount,
            time_ms=now,
            height=ctx.env.height,
        )
        bill_no = int(bill.bill_no)
    order = evolve(
        order,
        status=U8(OrderStatus.RESOLVED),
        escrow=Amount(0),
        reserved=False,
        delivered_l=p.quantity_l,
        evidence=U8(Evidence.ARBITER),
        paid=Amount(amount),
        released=Amount(released),
        closed_ms=TimestampMs(now),
        close_reason="resolved",
        arbiter=ctx.sender,
        resolution_note=p.note,
        bill_no=U64(bill_no),
    )
    _put(state, order)
    _close_on_tank(state, order)
    ctx.emit(
        "order.resolved",
        **_parties(order),
        arbiter=ctx.sender,
        quantity_l=p.quantity_l,
        amount=amount,
        released=released,
        bill_no=bill_no,
        note=p.note,
    )


def mark_urgent(ctx: TxContext, live: TankLive, level_mm: int) -> TankLive:
    """A reading below the critical line while the order is open: the order becomes urgent."""
    order = ctx.state.get(order_key(live.open_order), Order)
    if order is not None and not order.urgent:
        _put(ctx.state, evolve(order, urgent=True))
        ctx.emit("order.urgent", **_parties(order), level_mm=level_mm)
    return evolve(live, open_urgent=True)

