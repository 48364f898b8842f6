"""``tank.report``: signed level readings relayed by a gateway, checked, recorded, and acted upon.

Per reading (docs/protocol/tanks.md §5): a handful of dictionary lookups, one
signature check (memoised, so the block re-executing what the mempool already
admitted verifies nothing twice) and one write of the tank's small live record.
A reading that cannot be attributed to the tank (unbound key, bad signature,
replayed sequence number, time outside the window or before the last reading)
fails the whole report: nothing is kept, and the error names the reading's
index so the gateway can drop it and resend the rest.  A reading that is the
tank's but carries no usable level (an NE43 current, a fault flag, an absurd
level, an implausible jump) is recorded as a fault and never as a level.
"""

from __future__ import annotations

from node.core import crypto
from node.core.execution import TxContext
from node.core.records import evolve
from node.core.types import U32, U64, TimestampMs
from node.modules.accounts import ledger
from node.modules.tanks import geometry, orders
from node.modules.tanks.errors import (
    EmptyReport,
    ImplausibleJump,
    LevelOutOfRange,
    Ne43High,
    Ne43Low,
    ReadingBadSignature,
    ReadingFault,
    ReadingOutOfOrder,
    ReadingReplayed,
    ReadingTimeOutsideWindow,
    ReadingUnboundKey,
    SensorStuck,
    UnknownTank,
)
from node.modules.tanks.params import get_params
from node.modules.tanks.readings import (
    NE43_HIGH_UA,
    NE43_LOW_UA,
    Fault,
    LevelReading,
    Report,
    SignedReading,
    reading_signing_message,
)
from node.modules.tanks.records import (
    Evidence,
    Order,
    OrderStatus,
    Tank,
    TankLive,
    TankParams,
    live_key,
    order_key,
    tank_key,
)

_FAULT_CLASSES: dict[int, type[ReadingFault]] = {
    Fault.NE43_LOW: Ne43Low,
    Fault.NE43_HIGH: Ne43High,
    Fault.STUCK: SensorStuck,
}

# --- memoised pure computations (results depend only on the arguments) ---------------------

_verified: set[tuple[str, SignedReading]] = set()
_volumes: dict[tuple[bytes, int], int] = {}
_CACHE_LIMIT = 200_000


def signature_ok(chain_id: str, sr: SignedReading) -> bool:
    """Whether ``sr``'s signature verifies (``Domain.READING``, ``chain_id``); successes are memoised."""
    key = (chain_id, sr)
    if key in _verified:
        return True
    if not crypto.is_valid(sr.scheme, sr.public_key, reading_signing_message(chain_id, sr.reading), sr.signature):
        return False
    if len(_verified) >= _CACHE_LIMIT:
        _verified.clear()
    _verified.add(key)
    return True


def preverify_report(chain_id: str, report: Report) -> int:
    """Verify every signature of ``report`` ahead of execution (e.g. in a thread pool); returns how many failed.

    Execution then finds them memoised.  Optional: execution verifies anyway.
    """
    return sum(0 if signature_ok(chain_id, sr) else 1 for sr in report.readings)


def volume_of(tank: Tank, level_mm: int) -> int:
    key = (bytes(tank.terms_hash), level_mm)
    v = _volumes.get(key)
    if v is None:
        v = geometry.volume_l(tank.terms.geometry, level_mm)
        if len(_volumes) >= _CACHE_LIMIT:
            _volumes.clear()
        _volumes[key] = v
    return v


# --- the transition ----------------------------------------------------------------------------


def apply_report(ctx: TxContext, p: Report) -> None:
    """``tank.report``: record each reading in order; debounce, order, watch fills."""
    acct = ledger.require_account(ctx.state, ctx.sender)
    ledger.require_role(acct, "gateway")
    if not p.readings:
        raise EmptyReport("a report carries at least one reading")
    params = get_params(ctx.state)
    for i, sr in enumerate(p.readings):
        _apply_reading(ctx, sr, i, params)


def classify(tank: Tank, live: TankLive, r: LevelReading) -> type[ReadingFault] | None:
    """The fault a reading carries, or None for a valid level (rules in order, tanks.md §5.2)."""
    if r.fault != Fault.NONE:
        return _FAULT_CLASSES.get(int(r.fault), ReadingFault)
    if r.current_ua != 0:
        if r.current_ua < NE43_LOW_UA:
            return Ne43Low
        if r.current_ua > NE43_HIGH_UA:
            return Ne43High
    if r.level_mm > tank.max_level_mm:
        return LevelOutOfRange
    if live.has_level:
        t = tank.terms
        dt = int(r.time_ms) - int(live.level_time_ms)
        delta = int(r.level_mm) - int(live.level_mm)
        if delta > 0 and delta * 60_000 > int(t.max_rise_mm_per_min) * dt:
            return ImplausibleJump
        if delta < 0 and -delta * 60_000 > int(t.max_fall_mm_per_min) * dt:
            return ImplausibleJump
    return None


def _apply_reading(ctx: TxContext, sr: SignedReading, index: int, params: TankParams) -> None:
    window = int(params.reading_window_ms)
    max_age = int(params.reading_max_age_ms)
    fill_min_percent = int(params.fill_min_percent)
    state = ctx.state
    r = sr.reading
    tank = state.get(tank_key(r.tank_id), Tank)
    if tank is None:
        raise UnknownTank(
            f"reading {index}: no tank {r.tank_id!r} is registered", index=index, tank_id=r.tank_id, seq=int(r.seq)
        )
    t = tank.terms
    if not any(k.public_key == sr.public_key and k.scheme == sr.scheme for k in t.device_keys):
        raise ReadingUnboundKey(
            f"reading {index}: key {sr.public_key.hex()[:16]}… is not bound to tank {r.tank_id!r}",
            index=index,
            tank_id=r.tank_id,
            seq=int(r.seq),
            public_key=sr.public_key,
        )
    if not signature_ok(ctx.env.chain_id, sr):
        raise ReadingBadSignature(
            f"reading {index}: the signature does not verify", index=index, tank_id=r.tank_id, seq=int(r.seq)
        )
    lk = live_key(r.tank_id)
    live = state.get(lk, TankLive)
    if live is None:  # pragma: no cover - written with the tank
        raise UnknownTank(f"reading {index}: tank {r.tank_id!r} has no live record", index=index)
    if r.seq <= live.last_seq:
        raise ReadingReplayed(
            f"reading {index}: sequence {int(r.seq)} of tank {r.tank_id!r} is not above {int(live.last_seq)}",
            index=index,
            tank_id=r.tank_id,
            seq=int(r.seq),
            last_seq=int(live.last_seq),
        )
    now = ctx.env.time_ms
    if int(r.time_ms) - now > window or now - int(r.time_ms) > max_age:
        raise ReadingTimeOutsideWindow(
            f"reading {index}: measured at {int(r.time_ms)}, outside [{now - max_age}, {now + window}] "
            f"around block time {now}",
            index=index,
            tank_id=r.tank_id,
            seq=int(r.seq),
            time_ms=int(r.time_ms),
            block_time_ms=now,
        )
    if r.time_ms < live.last_time_ms:
        raise ReadingOutOfOrder(
            f"reading {index}: measured at {int(r.time_ms)}, before the tank's last reading {int(live.last_time_ms)}",
            index=index,
            tank_id=r.tank_id,
            seq=int(r.seq),
        )
    fault = classify(tank, live, r)
    if fault is not None:
        state.put(
            lk,
            evolve(live, last_seq=r.seq, last_time_ms=r.time_ms, faults=U64(live.faults + 1), last_fault=fault.code),
        )
        ctx.emit(
            "reading.fault",
            tank_id=r.tank_id,
            seq=r.seq,
            time_ms=r.time_ms,
            code=fault.code,
            level_mm=r.level_mm,
            current_ua=r.current_ua,
            fault=r.fault,
        )
        return

    level = int(r.level_mm)
    vol = volume_of(tank, level)
    below = int(live.below_warning) + 1 if level < t.warning_mm else 0
    changes: dict[str, object] = {
        "last_seq": r.seq,
        "last_time_ms": r.time_ms,
        "has_level": True,
        "level_mm": r.level_mm,
        "volume_l": U64(vol),
        "level_time_ms": r.time_ms,
        "readings": U64(live.readings + 1),
        "below_warning": U32(min(below, U32.MAX)),
    }
    delivered = 0
    if live.fill_watch and r.time_ms >= live.fill_since_ms:
        base, peak = int(live.fill_base_l), int(live.fill_peak_l)
        peak_ms = int(live.fill_peak_ms)
        if vol < base:
            base = peak = vol  # still draining before the delivery starts: a new low
            peak_ms = int(r.time_ms)
        elif vol > peak:
            peak = vol
            peak_ms = int(r.time_ms)
        rise = peak - base
        target = int(live.fill_target_l)
        threshold = max(1, target * fill_min_percent // 100)
        # A full rise settles at once; a partial one only once the level has stopped rising for
        # fill_settle_ms (measured on the readings' own clock), so a pause mid-fill does not cut it.
        settled = rise >= threshold and int(r.time_ms) - peak_ms >= int(params.fill_settle_ms)
        if rise >= target or settled:
            delivered = min(rise, target)
        changes["fill_base_l"] = U64(base)
        changes["fill_peak_l"] = U64(peak)
        changes["fill_peak_ms"] = TimestampMs(peak_ms)
    live = evolve(live, **changes)
    state.put(lk, live)
    ctx.emit(
        "reading.accepted",
        tank_id=r.tank_id,
        seq=r.seq,
        time_ms=r.time_ms,
        level_mm=r.level_mm,
        volume_l=vol,
        below_warning=int(live.below_warning),
    )

    if delivered:
        order = state.get(order_key(live.open_order), Order)
        if order is not None and order.status == OrderStatus.DISPATCHED:
            orders.deliver(ctx, order, delivered, Evidence.FILL)
            live = state.get(lk, TankLive) or live
    if not live.open_order:
        if live.below_warning >= t.debounce:
            orders.create_auto_order(ctx, tank, live, int(r.seq), level)
    elif level < t.critical_mm and not live.open_urgent:
        state.put(lk, orders.mark_urgent(ctx, live, level))
