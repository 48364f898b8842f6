"""A validator that has just caught up must not step back to round 0 after it took part in a later round.

(A regression test: it failed until 224d5ef made ``HeightState.start`` idempotent.)

The scene, which the soak produced by itself now and then: a validator was
away (killed, cut off) while the height's round-0 proposer was missing, so
the others moved to round 1.  The validator comes back, downloads the blocks
it missed and, before its own idle interval has started the height, hears
round-1 votes from more than 1/3 of the power: the algorithm (line 55) takes
it to round 1, where it prevotes.  When its idle interval then ended, the
driver started the height "again" at round 0; the state machine went back
to a round it had left and wanted to sign round-0 votes, which the
double-sign guard refused ("refusing to sign ... refusing (H, 0, 2)").
Safety held thanks to the guard, but the validator lost its votes for the
rest of that round: with one other validator down, that is a stall.

The test stages it deterministically: the target runs with the production
idle interval (5 s, the genesis default), its inbound links are cut so that
only what the test posts reaches it, it is told to catch up, and two
validators' round-1 prevotes for nil (signed with their keys, as they would
sign them) are posted to it right after.
"""

from __future__ import annotations

import threading
import time

import pytest

from node.consensus.tendermint import NIL
from node.core.blocks import SignedVote, Vote
from node.core.encoding import decode
from tests.e2e.bft_harness import (
    Session,
    Wire,
    bft_fixture,  # noqa: F401 - fixture
    bft_pool_fixture,  # noqa: F401 - fixture
)
from tests.e2e.loopback_proxy import Mode

pytestmark = [pytest.mark.e2e, pytest.mark.bft_faults, pytest.mark.xdist_group("bft")]

TARGET = 0


def test_caught_up_validator_never_steps_back_to_round_0(bft: Session) -> None:
    net, load = bft.net, bft.load
    assert load is not None
    bft.configure(TARGET, empty_block_interval_ms=5_000)  # the genesis default: a long idle wait
    load.hold()
    wire = Wire(bft, TARGET)
    me = net.nodes[TARGET].address
    votes: list[tuple[float, Vote]] = []
    lock = threading.Lock()

    def tap(path: str, body: bytes) -> None:
        if path == "/p2p/vote":
            sv = decode(SignedVote, body)
            if bytes(sv.validator) == me:
                with lock:
                    votes.append((time.monotonic(), sv.vote))

    net.proxies.tap_out(TARGET, tap)
    inbound = [lk for lk in net.proxies.links_of(TARGET) if lk.dst == TARGET]
    others = [i for i in range(len(net.nodes)) if i != TARGET]
    staged = None
    try:
        for _attempt in range(6):
            net.proxies.cut(inbound, Mode.REFUSE)
            time.sleep(2.0)  # the others go on without it
            tip = max(h for h in net.heights(others).values() if h is not None)
            assert wire.post("status", str(tip).encode()).status_code == 202  # "I am at tip": catch up
            # Wait until the catch-up is over (the height stays put for a moment), then strike.
            last, since = net.height(TARGET), time.monotonic()
            while time.monotonic() - since < 0.15:
                h = net.height(TARGET)
                if h != last:
                    last, since = h, time.monotonic()
                time.sleep(0.01)
            assert last is not None and last >= tip
            h = last + 1
            if TARGET in (net.proposer_node(h, 0), net.proposer_node(h, 1)):
                # As a proposer it may legitimately find its own proposal stale; stage it elsewhere.
                net.proxies.heal(inbound)
                time.sleep(1.0)
                continue
            for by in others[:2]:  # 20 of 40: more than 1/3 of the power is in round 1
                r = wire.post("vote", wire.vote(h, 1, NIL, by=by))
                assert r.status_code == 202, r.text
            # Its round-1 propose timeout (1.33 s) fires before its idle interval (5 s) ends.
            time.sleep(2.0)
            with lock:
                at_h = [v for _, v in votes if int(v.height) == h]
            if net.height(TARGET) == last and any(int(v.round) == 1 for v in at_h):
                staged = h
                break
            net.proxies.heal(inbound)  # the scene did not set; try again
        assert staged is not None, "could not stage a validator in round 1 of a fresh height"
        time.sleep(4.5)  # past the idle interval: the driver "starts" the height
    finally:
        net.proxies.heal(inbound)
        net.proxies.tap_out(TARGET, None)
        load.release()
    log = net.nodes[TARGET].log.read_text(errors="replace")
    refused = [line for line in log.splitlines() if "refusing" in line and f"({staged}, " in line]
    with lock:
        rounds = [int(v.round) for _, v in votes if int(v.height) == staged]
    assert not refused, f"the validator stepped back to round 0 of height {staged}: {refused}; its votes: rounds {rounds}"
    assert 0 not in rounds[rounds.index(1):], f"a round-0 vote after a round-1 vote: {rounds}"
    net.wait_height(staged + 2, timeout_s=30)
    bft.check()
