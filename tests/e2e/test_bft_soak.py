"""The randomised soak, short: faults drawn from a seed against the shared 4-validator network, under load.

The plan (fault type, target, duration, calm before it, disconnection mode)
comes from ``random.Random(seed)``, so a failing seed replays the same plan:
``DEPOT_BFT_SEED=<seed> pytest tests/e2e/test_bft_soak.py``.  The hour-long
version is ``python scripts/bft_soak.py --seed S --minutes 60``.
"""

from __future__ import annotations

import os

import pytest

from tests.e2e.bft_harness import (
    Session,
    bft_fixture,  # noqa: F401 - fixture
    bft_pool_fixture,  # noqa: F401 - fixture
    run_soak,
    soak_plan,
)

pytestmark = [pytest.mark.e2e, pytest.mark.bft_faults, pytest.mark.xdist_group("bft")]

SEED = int(os.environ.get("DEPOT_BFT_SEED", "20261123"))
SECONDS = float(os.environ.get("DEPOT_BFT_SOAK_S", "70"))


def test_plan_is_reproducible_from_the_seed() -> None:
    assert soak_plan(SEED, 4, 50) == soak_plan(SEED, 4, 50)
    assert soak_plan(SEED, 4, 50) != soak_plan(SEED + 1, 4, 50)
    kinds = {s.kind for s in soak_plan(SEED, 4, 50)}
    assert kinds == {"kill", "pause", "disconnect", "restart"}


def test_short_randomised_soak(bft: Session) -> None:
    print(f"soak seed {SEED}: replay with DEPOT_BFT_SEED={SEED}")
    recoveries, reports = run_soak(bft, SEED, SECONDS, max_fault_s=8.0)
    assert len(recoveries) >= 4, recoveries
    assert reports[-1].txs_acked > 0
    worst = max(max(r.progress_s or 0, r.caught_up_s or 0) for r in recoveries)
    print(f"soak: {len(recoveries)} faults, worst recovery {worst:.1f} s, final height {reports[-1].height}")
