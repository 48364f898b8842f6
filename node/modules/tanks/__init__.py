"""Tanks that order by themselves: registry, signed level readings, automatic orders, escrow, settlement."""

from __future__ import annotations

from node.core.registry import GovernanceAction, Module, RecordType, TxKind
from node.modules.tanks import orders, registration, reporting
from node.modules.tanks.errors import ERRORS
from node.modules.tanks.params import action_set_params, init_genesis
from node.modules.tanks.payloads import (
    AcceptTank,
    AdjustStorage,
    ConfirmDelivery,
    Dispatch,
    DisputeOrder,
    OrderRef,
    RegisterStorage,
    ResolveOrder,
    RevokeDeviceKey,
    WithdrawTankOffer,
)
from node.modules.tanks.readings import Report
from node.modules.tanks.records import (
    DUE_CURSOR_KEY,
    DUE_PREFIX,
    LIVE_PREFIX,
    OFFER_PREFIX,
    ORDER_PREFIX,
    PARAMS_KEY,
    STORAGE_PREFIX,
    TANK_PREFIX,
    DueCursor,
    DueOrders,
    Order,
    StorageTank,
    Tank,
    TankLive,
    TankOffer,
    TankParams,
    TanksGenesis,
    TankTerms,
)

MODULE = Module(
    name="tanks",
    tx_kinds=(
        TxKind("tank.propose", TankTerms, registration.apply_propose, "Propose a tank's terms (the other party accepts)"),
        TxKind("tank.accept", AcceptTank, registration.apply_accept, "Accept a tank's proposed terms"),
        TxKind("tank.withdraw", WithdrawTankOffer, registration.apply_withdraw, "Withdraw or decline a tank's proposed terms"),
        TxKind("tank.revoke_key", RevokeDeviceKey, registration.apply_revoke_key, "Unbind a gateway device key from a tank"),
        TxKind("tank.register_storage", RegisterStorage, registration.apply_register_storage, "Register a supplier storage tank"),
        TxKind("tank.adjust_storage", AdjustStorage, registration.apply_adjust_storage, "Record stock received or removed"),
        TxKind("tank.report", Report, reporting.apply_report, "Relay signed tank level readings (gateway)"),
        TxKind("order.top_up", OrderRef, orders.apply_top_up, "Retry an order's escrow with funds now available (buyer)"),
        TxKind("order.confirm", OrderRef, orders.apply_confirm, "Retry an order's reservation with stock now available (supplier)"),
        TxKind("order.dispatch", Dispatch, orders.apply_dispatch, "Dispatch an order (supplier)"),
        TxKind("order.confirm_delivery", ConfirmDelivery, orders.apply_confirm_delivery, "Confirm a delivery and settle it (buyer)"),
        TxKind("order.settle", OrderRef, orders.apply_settle, "Settle a delivered order now"),
        TxKind("order.dispute", DisputeOrder, orders.apply_dispute, "Dispute an order before settlement"),
        TxKind("order.resolve", ResolveOrder, orders.apply_resolve, "Resolve a disputed order (arbiter)", lambda p: int(p.amount)),
    ),
    actions=(GovernanceAction("tank.set_params", TankParams, action_set_params, "Change the tanks module's parameters"),),
    records=(
        RecordType(TANK_PREFIX, Tank, "tank"),
        RecordType(LIVE_PREFIX, TankLive, "tank live"),
        RecordType(OFFER_PREFIX, TankOffer, "tank offer"),
        RecordType(STORAGE_PREFIX, StorageTank, "storage tank"),
        RecordType(PARAMS_KEY, TankParams, "tank parameters"),
        RecordType(ORDER_PREFIX, Order, "order"),
        RecordType(DUE_PREFIX, DueOrders, "orders due"),
        RecordType(DUE_CURSOR_KEY, DueCursor, "orders due cursor"),
    ),
    errors=ERRORS,
    genesis_type=TanksGenesis,
    init_genesis=init_genesis,
    end_block=orders.end_block,
)
