"""One Byzantine validator among four (test-only modes of the node): safety, liveness, evidence on chain.

``double_sign`` sends a conflicting vote to one of its peers for every vote it
casts (and the true one to the others, and to everyone again on rebroadcast),
so honest nodes hold two signed votes of one validator for one height, round
and type: they must put that evidence on chain.  ``bad_proposal`` proposes
blocks with a wrong state root: the honest nodes must judge them invalid,
prevote nil and finalise the next round's proposal instead.
"""

from __future__ import annotations

import time

import pytest

from node.core.address import format_address
from node.core.evidence import EVIDENCE_PREFIX
from node.core.types import Address
from tests.e2e.bft_harness import (
    Session,
    bft_fixture,  # noqa: F401 - fixture
    bft_pool_fixture,  # noqa: F401 - fixture
)

pytestmark = [pytest.mark.e2e, pytest.mark.bft_faults, pytest.mark.xdist_group("bft")]

RUN_S = 10.0


def _run_with_byzantine(bft: Session, byz: int, mode: str) -> tuple[int, int]:
    """Make node ``byz`` Byzantine, let the load run, return (first height under it, height at the end)."""
    bft.set_byzantine(byz, mode)
    start = bft.net.tip()
    time.sleep(RUN_S)
    end = bft.net.tip()
    # Liveness: 3 honest validators of 4 hold more than 2/3 of the power; blocks keep coming.
    assert end - start >= 4, f"only {end - start} blocks in {RUN_S:.0f} s with one Byzantine validator"
    return start + 1, end


def test_double_signing_validator_is_caught_and_evidence_lands_on_chain(bft: Session) -> None:
    net = bft.net
    byz = 3
    accused = format_address(Address(net.nodes[byz].address))
    first, _ = _run_with_byzantine(bft, byz, "double_sign")
    honest = [i for i in range(len(net.nodes)) if i != byz]

    deadline = time.monotonic() + 30
    events: dict[int, list[dict]] = {}
    while time.monotonic() < deadline:
        events = {
            i: net.get(i, "/v1/events", kind="evidence.duplicate_vote", from_height=first, limit=1000)["events"]
            for i in honest
        }
        if all(events.values()):
            break
        time.sleep(0.5)
    assert all(events.values()), f"no evidence of double-signing on chain: {events}"
    for i, evs in events.items():
        for e in evs:
            assert e["attrs"]["validator"] in (accused, net.nodes[byz].address.hex()), f"node{i}: evidence against an honest validator: {e}"
            assert e["attrs"]["height"] >= first - 1
    # The same evidence records on every honest node (compared up to a height all of them have).
    bft.check()
    records = {}
    for i in honest:
        recs = net.get(i, "/v1/records", prefix=EVIDENCE_PREFIX.hex(), limit=1000)["records"]
        assert recs, f"node{i} has no evidence record"
        for r in recs:
            assert r["record"]["validator"] in (accused, net.nodes[byz].address.hex()), r
        records[i] = recs
    upto = min(int(net.get(i, "/healthz")["height"]) for i in honest) - 1
    keys = {i: sorted(r["key"] for r in recs if r["record"]["committed_height"] <= upto) for i, recs in records.items()}
    assert len({tuple(k) for k in keys.values()}) == 1, keys


def test_validator_proposing_invalid_blocks_never_gets_one_finalised(bft: Session) -> None:
    net = bft.net
    byz = 2
    first, end = _run_with_byzantine(bft, byz, "bad_proposal")
    rep = bft.check()
    obs = bft.observer
    its_turns = 0
    for h in range(first + 1, rep.height + 1):
        assert obs.proposers.get(h) != net.nodes[byz].address, f"a block proposed by the Byzantine node was finalised at {h}"
        if net.proposer_node(h, 0) == byz:
            its_turns += 1
            # Its round-0 proposal was judged invalid: the block came from a later round.
            assert obs.rounds.get(h, 0) >= 1, f"height {h} was finalised in round 0 although its proposer lies"
    assert its_turns >= 2, "the Byzantine node never had a turn to propose"
