"""The tank registry: terms both parties sign (offer, then acceptance), device keys, supplier storage."""

from __future__ import annotations

import re

from node.core import crypto
from node.core.encoding import encode
from node.core.errors import DepotError, InvalidAmount
from node.core.execution import TxContext
from node.core.hashing import tagged_hash
from node.core.records import evolve
from node.core.state import State
from node.core.types import U32, U64, Amount, Hash32, Height, TimestampMs
from node.modules.accounts import ledger
from node.modules.tanks import geometry
from node.modules.tanks.errors import (
    DuplicateStorage,
    InsufficientInventory,
    InvalidQuantity,
    InvalidTankTerms,
    NoTankOffer,
    NotStorageOwner,
    NotTankParty,
    OwnOfferAccepted,
    StorageMismatch,
    StorageOverfull,
    TankOfferPending,
    TermsMismatch,
    UnknownDeviceKey,
    UnknownStorage,
    UnknownTank,
)
from node.modules.tanks.params import get_params
from node.modules.tanks.payloads import (
    AcceptTank,
    AdjustStorage,
    RegisterStorage,
    RevokeDeviceKey,
    WithdrawTankOffer,
)
from node.modules.tanks.records import (
    StorageTank,
    Tank,
    TankLive,
    TankOffer,
    TankParams,
    TankTerms,
    live_key,
    offer_key,
    storage_key,
    tank_key,
)

ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""Tank and storage ids: 1-64 ASCII letters, digits, ``.``, ``_`` or ``-`` (``#`` separates order numbers)."""


def terms_hash(terms: TankTerms) -> Hash32:
    """What both parties sign for: ``tagged_hash("DEPOT/TANK/TERMS", enc(terms))``."""
    return Hash32(tagged_hash(b"DEPOT/TANK/TERMS", encode(terms)))


def check_id(value: str, what: str) -> None:
    if not ID_PATTERN.fullmatch(value):
        raise InvalidTankTerms(
            f"{what} must be 1-64 ASCII letters, digits, '.', '_' or '-', got {value!r:.80}", field=what
        )


def get_tank(state: State, tank_id: str) -> Tank:
    tank = state.get(tank_key(tank_id), Tank)
    if tank is None:
        raise UnknownTank(f"no tank {tank_id!r} is registered", tank_id=tank_id)
    return tank


def get_storage(state: State, storage_id: str) -> StorageTank:
    st = state.get(storage_key(storage_id), StorageTank)
    if st is None:
        raise UnknownStorage(f"no storage tank {storage_id!r} is registered", storage_id=storage_id)
    return st


def check_terms(state: State, params: TankParams, t: TankTerms) -> tuple[int, int]:
    """Every rule on a tank's terms (docs/protocol/tanks.md §4.1); returns (max level mm, full litres)."""
    check_id(t.tank_id, "tank_id")
    check_id(t.storage_id, "storage_id")
    if not t.product.strip():
        raise InvalidTankTerms("a tank needs a product name", field="product")
    if t.owner == t.supplier:
        raise InvalidTankTerms("a tank's owner and supplier must be different accounts", field="supplier")
    ledger.require_account(state, t.owner, "owner")
    supplier = ledger.require_account(state, t.supplier, "supplier")
    ledger.require_role(supplier, "supplier")
    geometry.check_geometry(t.geometry)
    top = geometry.max_level_mm(t.geometry)
    full = geometry.volume_l(t.geometry, top)
    if not 0 < t.capacity_l <= full:
        raise InvalidTankTerms(
            f"capacity must be 1..{full} litres (the geometry's full volume)", field="capacity_l", full_l=full
        )
    if not 0 < t.critical_mm <= t.warning_mm <= top:
        raise InvalidTankTerms(
            f"lines must satisfy 0 < critical <= warning <= {top} mm (the top of the tank)", field="warning_mm"
        )
    if not 0 < t.reorder_l <= t.capacity_l:
        raise InvalidTankTerms("the reorder quantity must be 1 litre up to the capacity", field="reorder_l")
    if t.debounce < 1:
        raise InvalidTankTerms("debounce must be at least 1 reading", field="debounce")
    if t.max_rise_mm_per_min < 1 or t.max_fall_mm_per_min < 1:
        raise InvalidTankTerms("plausible rise and fall rates must be positive", field="max_rise_mm_per_min")
    if t.unit_price == 0:
        raise InvalidAmount("the unit price must be greater than zero")
    if int(t.reorder_l) * int(t.unit_price) > Amount.MAX:
        raise InvalidTankTerms("reorder quantity × unit price exceeds the largest amount", field="unit_price")
    if not 0 < t.delivery_deadline_ms <= params.max_delivery_deadline_ms:
        raise InvalidTankTerms(
            f"the delivery deadline must be 1..{int(params.max_delivery_deadline_ms)} ms",
            field="delivery_deadline_ms",
        )
    if t.dispute_window_ms > params.max_dispute_window_ms:
        raise InvalidTankTerms(
            f"the dispute window must be at most {int(params.max_dispute_window_ms)} ms", field="dispute_window_ms"
        )
    if not t.device_keys:
        raise InvalidTankTerms("bind at least one gateway device key", field="device_keys")
    seen: set[bytes] = set()
    for k in t.device_keys:
        try:
            crypto.check_public_key(k.scheme, k.public_key)
        except DepotError as exc:
            raise InvalidTankTerms(f"device key: {exc.message}", field="device_keys") from exc
        if k.public_key in seen:
            raise InvalidTankTerms("a device key is listed twice", field="device_keys")
        seen.add(k.public_key)
    storage = get_storage(state, t.storage_id)
    if storage.supplier != t.supplier or storage.product != t.product:
        raise StorageMismatch(
            f"storage tank {t.storage_id!r} must belong to the supplier and hold {t.product!r}",
            storage_id=t.storage_id,
        )
    return top, full


def apply_propose(ctx: TxContext, t: TankTerms) -> None:
    """``tank.propose``: one party offers terms for a new tank, or new terms for a registered one."""
    if ctx.sender not in (t.owner, t.supplier):
        raise NotTankParty("only the tank's owner or supplier may propose its terms")
    state = ctx.state
    existing = state.get(tank_key(t.tank_id), Tank)
    if existing is not None and (existing.terms.owner, existing.terms.supplier) != (t.owner, t.supplier):
        raise InvalidTankTerms(
            f"tank {t.tank_id!r} is registered to other parties; parties cannot change", field="tank_id"
        )
    check_terms(state, get_params(state), t)
    if state.get(offer_key(t.tank_id), TankOffer) is not None:
        raise TankOfferPending(f"terms for tank {t.tank_id!r} already wait for acceptance", tank_id=t.tank_id)
    h = terms_hash(t)
    state.put(
        offer_key(t.tank_id),
        TankOffer(t, h, ctx.sender, TimestampMs(ctx.env.time_ms), existing is not None),
    )
    ctx.emit(
        "tank.proposed",
        tank_id=t.tank_id,
        proposer=ctx.sender,
        owner=t.owner,
        supplier=t.supplier,
        terms_hash=h,
        amendment=existing is not None,
    )


def apply_accept(ctx: TxContext, p: AcceptTank) -> None:
    """``tank.accept``: the other party signs the same terms; the tank is registered or amended."""
    state = ctx.state
    offer = state.get(offer_key(p.tank_id), TankOffer)
    if offer is None:
        raise NoTankOffer(f"no terms for tank {p.tank_id!r} wait for acceptance", tank_id=p.tank_id)
    t = offer.terms
    if ctx.sender not in (t.owner, t.supplier):
        raise NotTankParty("only the tank's owner or supplier may accept its terms")
    if ctx.sender == offer.proposer:
        raise OwnOfferAccepted("the other party must accept these terms, not their proposer")
    if p.terms_hash != offer.terms_hash:
        raise TermsMismatch(
            "the terms on offer are not the ones accepted", offered=offer.terms_hash, accepted=p.terms_hash
        )
    # Re-check against today's state: the storage tank or an account may have changed since the offer.
    top, full = check_terms(state, get_params(state), t)
    existing = state.get(tank_key(t.tank_id), Tank)
    height = Height(ctx.env.height)
    tank = Tank(
        terms=t,
        terms_hash=offer.terms_hash,
        max_level_mm=U32(top),
        full_l=U64(full),
        registered_height=existing.registered_height if existing else height,
        amended_height=height,
    )
    state.put(tank_key(t.tank_id), tank)
    state.delete(offer_key(t.tank_id))
    lk = live_key(t.tank_id)
    live = state.get(lk, TankLive)
    if live is None:
        state.put(lk, new_live(t.tank_id))
    elif live.has_level:
        # New geometry: the last level's volume is recomputed (or forgotten if now above the top).
        if live.level_mm <= top:
            state.put(lk, evolve(live, volume_l=U64(geometry.volume_l(t.geometry, int(live.level_mm)))))
        else:
            state.put(lk, evolve(live, has_level=False, volume_l=U64(0)))
    ctx.emit(
        "tank.amended" if existing else "tank.registered",
        tank_id=t.tank_id,
        owner=t.owner,
        supplier=t.supplier,
        storage_id=t.storage_id,
        product=t.product,
        capacity_l=t.capacity_l,
        warning_mm=t.warning_mm,
        critical_mm=t.critical_mm,
        reorder_l=t.reorder_l,
        unit_price=t.unit_price,
        delivery_deadline_ms=t.delivery_deadline_ms,
        terms_hash=offer.terms_hash,
        device_keys=[k.public_key for k in t.device_keys],
    )


def new_live(tank_id: str) -> TankLive:
    z = U64(0)
    return TankLive(
        tank_id=tank_id,
        last_seq=z,
        last_time_ms=TimestampMs(0),
        has_level=False,
        level_mm=U32(0),
        volume_l=z,
        level_time_ms=TimestampMs(0),
        readings=z,
        faults=z,
        last_fault="",
        below_warning=U32(0),
        orders=U32(0),
        open_order="",
        open_urgent=False,
        fill_watch=False,
        fill_since_ms=TimestampMs(0),
        fill_base_l=z,
        fill_peak_l=z,
        fill_target_l=z,
        fill_peak_ms=TimestampMs(0),
    )


def apply_withdraw(ctx: TxContext, p: WithdrawTankOffer) -> None:
    """``tank.withdraw``: the proposer withdraws its offer, or the other party declines it."""
    offer = ctx.state.get(offer_key(p.tank_id), TankOffer)
    if offer is None:
        raise NoTankOffer(f"no terms for tank {p.tank_id!r} wait for acceptance", tank_id=p.tank_id)
    if ctx.sender not in (offer.terms.owner, offer.terms.supplier):
        raise NotTankParty("only the tank's owner or supplier may withdraw or decline its terms")
    ctx.state.delete(offer_key(p.tank_id))
    ctx.emit("tank.offer_withdrawn", tank_id=p.tank_id, by=ctx.sender, terms_hash=offer.terms_hash)


def apply_revoke_key(ctx: TxContext, p: RevokeDeviceKey) -> None:
    """``tank.revoke_key``: either party unbinds a device key immediately; binding needs both (an amendment)."""
    state = ctx.state
    tank = get_tank(state, p.tank_id)
    t = tank.terms
    if ctx.sender not in (t.owner, t.supplier):
        raise NotTankParty("only the tank's owner or supplier may revoke its device keys")
    keep = tuple(k for k in t.device_keys if not (k.scheme == p.scheme and k.public_key == p.public_key))
    if len(keep) == len(t.device_keys):
        raise UnknownDeviceKey("this key is not bound to the tank", tank_id=p.tank_id, public_key=p.public_key)
    new_terms = evolve(t, device_keys=keep)
    state.put(
        tank_key(p.tank_id),
        evolve(tank, terms=new_terms, terms_hash=terms_hash(new_terms), amended_height=Height(ctx.env.height)),
    )
    ctx.emit("tank.key_revoked", tank_id=p.tank_id, by=ctx.sender, public_key=p.public_key, remaining=len(keep))


def apply_register_storage(ctx: TxContext, p: RegisterStorage) -> None:
    """``tank.register_storage``: a supplier's storage tank, whose free inventory backs its orders."""
    acct = ledger.require_account(ctx.state, ctx.sender)
    ledger.require_role(acct, "supplier")
    check_id(p.storage_id, "storage_id")
    if not p.product.strip():
        raise InvalidTankTerms("a storage tank needs a product name", field="product")
    if p.capacity_l == 0:
        raise InvalidQuantity("a storage tank's capacity must be positive")
    if p.inventory_l > p.capacity_l:
        raise StorageOverfull("opening inventory exceeds the capacity", capacity_l=int(p.capacity_l))
    key = storage_key(p.storage_id)
    if ctx.state.get(key, StorageTank) is not None:
        raise DuplicateStorage(f"storage tank {p.storage_id!r} already exists", storage_id=p.storage_id)
    ctx.state.put(
        key,
        StorageTank(p.storage_id, ctx.sender, p.product, p.capacity_l, p.inventory_l, U64(0), Height(ctx.env.height)),
    )
    ctx.emit(
        "storage.registered",
        storage_id=p.storage_id,
        supplier=ctx.sender,
        product=p.product,
        capacity_l=p.capacity_l,
        inventory_l=p.inventory_l,
    )


def apply_adjust_storage(ctx: TxContext, p: AdjustStorage) -> None:
    """``tank.adjust_storage``: stock received and removed; never below what orders reserved."""
    st = get_storage(ctx.state, p.storage_id)
    if ctx.sender != st.supplier:
        raise NotStorageOwner("only the storage tank's supplier may adjust its inventory", storage_id=p.storage_id)
    if p.receive_l == 0 and p.remove_l == 0:
        raise InvalidQuantity("an adjustment receives or removes a positive quantity")
    new = int(st.inventory_l) + int(p.receive_l) - int(p.remove_l)
    if new < int(st.reserved_l):
        raise InsufficientInventory(
            f"inventory would fall to {new} litres, below the {int(st.reserved_l)} reserved for orders",
            inventory_l=int(st.inventory_l),
            reserved_l=int(st.reserved_l),
        )
    if new > st.capacity_l:
        raise StorageOverfull(
            f"inventory would reach {new} litres, above the capacity {int(st.capacity_l)}",
            capacity_l=int(st.capacity_l),
        )
    ctx.state.put(storage_key(p.storage_id), evolve(st, inventory_l=U64(new)))
    ctx.emit(
        "storage.adjusted",
        storage_id=p.storage_id,
        supplier=ctx.sender,
        receive_l=p.receive_l,
        remove_l=p.remove_l,
        inventory_l=new,
        reserved_l=st.reserved_l,
        note=p.note,
    )
