"""Module parameters of the tanks module: genesis section and the ``tank.set_params`` governance action."""

from __future__ import annotations

from node.core.execution import TxContext
from node.core.state import State
from node.modules.tanks.errors import InvalidTankTerms
from node.modules.tanks.records import DEFAULT_PARAMS, PARAMS_KEY, TankParams, TanksGenesis

MAX_READING_WINDOW_MS = 24 * 3600 * 1000


def get_params(state: State) -> TankParams:
    """``tank/params``, or the defaults when genesis set none."""
    return state.get(PARAMS_KEY, TankParams) or DEFAULT_PARAMS


def check_params(p: TankParams) -> None:
    if not 0 < p.reading_window_ms <= MAX_READING_WINDOW_MS:
        raise InvalidTankTerms("the reading window must be 1 ms up to one day", field="reading_window_ms")
    if not 1 <= p.fill_min_percent <= 100:
        raise InvalidTankTerms("the fill threshold must be 1..100 percent", field="fill_min_percent")
    if p.reading_max_age_ms > 30 * 24 * 3600 * 1000:
        raise InvalidTankTerms("readings older than 30 days cannot be accepted", field="reading_max_age_ms")
    if p.fill_settle_ms > 24 * 3600 * 1000:
        raise InvalidTankTerms("a fill settles within a day of its last rise", field="fill_settle_ms")
    if p.max_delivery_deadline_ms == 0:
        raise InvalidTankTerms("the longest delivery deadline must be positive", field="max_delivery_deadline_ms")


def init_genesis(state: State, g: TanksGenesis) -> None:
    check_params(g.params)
    state.put(PARAMS_KEY, g.params)


def action_set_params(ctx: TxContext, p: TankParams) -> None:
    """Governance action ``tank.set_params``."""
    check_params(p)
    ctx.state.put(PARAMS_KEY, p)
    ctx.emit(
        "tank.params_changed",
        reading_window_ms=p.reading_window_ms,
        fill_min_percent=p.fill_min_percent,
        max_delivery_deadline_ms=p.max_delivery_deadline_ms,
        max_dispute_window_ms=p.max_dispute_window_ms,
        reading_max_age_ms=p.reading_max_age_ms,
        fill_settle_ms=p.fill_settle_ms,
    )
