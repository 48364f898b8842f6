"""Validator membership by governance vote, under load: a fifth validator joins, then another one leaves.

The operators of the four genesis validators (core_enterprise, bank,
warehouse_manager, logistics; 10 power each) vote with ``gov.propose`` and
``gov.vote``.  A change approved in block H applies from H+2: header H+1's
``next_validators_hash`` commits to the new set, header H+2's
``validators_hash`` is it, and every node answers the same sets for H+1 and
H+2 from ``/v1/validators``.  The newcomer must then really sign commits; the
one removed must stop appearing in them, and keep following the chain.
"""

from __future__ import annotations

import random
import time
from typing import Any

import httpx
import pytest

from node.core.address import format_address, parse_address
from node.core.encoding import encode
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, U64, Address, Nonce, Power, TimestampMs
from node.modules.consensus.validators import CHANGE_DELAY, AddValidator, RemoveValidator
from node.modules.governance.transitions import Propose, Vote
from tests.e2e.bft_harness import (
    LOAD_SENDERS,
    BftNet,
    Session,
    SessionPool,
    bft_fixture,  # noqa: F401 - fixture
    bft_pool_fixture,  # noqa: F401 - fixture
)
from tests.kit import now_ms

pytestmark = [pytest.mark.e2e, pytest.mark.bft_faults, pytest.mark.xdist_group("bft")]

NEW_OPERATOR = "auditor"
"""Not one of the load's senders: its nonces are the governance test's own."""
SENDERS = LOAD_SENDERS
"""The load's senders: neither the voters nor the new operator (other tests import it)."""


class Governance:
    """Signs and submits governance transactions for the demo operators, waiting for each to finalise."""

    def __init__(self, net: BftNet, seed: int = 0) -> None:
        self.net = net
        self.rng = random.Random(seed)

    def send(self, who: str, kind: str, payload: Any) -> dict[str, Any]:
        net = self.net
        signer = net.signer_of(who)
        addr = parse_address(net.accounts[who]["address"])
        node = self.rng.choice(net.reachable())
        nonce = net.get(node, f"/v1/accounts/{format_address(addr)}")["account"]["nonce"]
        body = TxBody(U8(TX_VERSION), net.chain_id, addr, Nonce(nonce), TimestampMs(now_ms() + 600_000), kind, encode(payload))
        tx = sign_body(body, [signer])
        rpc = net.nodes[node].rpc
        r = httpx.post(rpc + "/v1/txs", json={"tx": encode(tx).hex()}, timeout=10)
        assert r.status_code == 202, r.text
        tid = r.json()["tx_id"]
        view = httpx.get(f"{rpc}/v1/txs/{tid}/wait", params={"timeout_s": 30}, timeout=40).json()
        assert view["status"] == "committed", view
        assert view["result"]["code"] == "ok", view["result"]
        return view

    def decide(self, title: str, action_kind: str, action: Any, proposer: str, voters: list[str]) -> int:
        """Propose and vote until it passes; returns the height of the block in which it passed."""
        view = self.send(proposer, "gov.propose",
                         Propose(title, action_kind, encode(action), TimestampMs(now_ms() + 600_000)))
        events = {e["kind"]: e["attrs"] for e in view["result"]["events"]}
        pid = events["gov.proposed"]["proposal_id"]
        for who in voters:
            view = self.send(who, "gov.vote", Vote(U64(pid), True))
            kinds = [e["kind"] for e in view["result"]["events"]]
            if "gov.passed" in kinds:
                assert "gov.failed" not in kinds, view["result"]
                planned = [e["attrs"] for e in view["result"]["events"] if e["kind"] == "validators.planned"]
                assert planned and planned[0]["effective_height"] == view["height"] + CHANGE_DELAY, planned
                self.net.note("passed", title=title, height=view["height"])
                return int(view["height"])
        raise AssertionError(f"proposal {pid} did not pass with the votes of {[proposer, *voters]}")


def _set_hashes_agree(net: BftNet, h_pass: int, nodes: list[int]) -> tuple[str, str]:
    """Every node answers the same old set at H+1 and new set at H+2, and the headers commit to them."""
    old = {i: net.get(i, "/v1/validators", height=h_pass + 1)["hash"] for i in nodes}
    new = {i: net.get(i, "/v1/validators", height=h_pass + 2)["hash"] for i in nodes}
    assert len(set(old.values())) == 1, old
    assert len(set(new.values())) == 1, new
    old_hash, new_hash = old[nodes[0]], new[nodes[0]]
    assert old_hash != new_hash
    for i in nodes:
        hdr = {k: net.get(i, f"/v1/headers/{h}")["header"] for k, h in
               (("H", h_pass), ("H+1", h_pass + 1), ("H+2", h_pass + 2))}
        assert hdr["H"]["next_validators_hash"] == old_hash, (i, hdr["H"])
        assert hdr["H+1"]["validators_hash"] == old_hash, (i, hdr["H+1"])
        assert hdr["H+1"]["next_validators_hash"] == new_hash, (i, hdr["H+1"])
        assert hdr["H+2"]["validators_hash"] == new_hash, (i, hdr["H+2"])
    return old_hash, new_hash


def _signers(net: BftNet, h: int, via: int = 0) -> set[str]:
    sigs = net.get(via, f"/v1/commits/{h}")["commit"]["signatures"]
    return {s["validator"] for s in sigs if s["flag"] == 1}


def _slots(net: BftNet, h: int, via: int = 0) -> set[str]:
    return {s["validator"] for s in net.get(via, f"/v1/commits/{h}")["commit"]["signatures"]}


def test_validator_added_then_removed_by_vote_under_load(bft: Session, bft_pool: SessionPool) -> None:
    """On the shared network (its spare slot); the membership it leaves is not the standard one, so the
    network is retired afterwards and the next test gets a fresh one."""
    s = bft
    try:
        net = s.net
        gov = Governance(net)
        newcomer, key = net.provision_validator(4)
        net.start(4)  # a follower until the vote: it catches up, then signs once it is in the set
        new_addr = format_address(Address(newcomer.address))
        operator = parse_address(net.accounts[NEW_OPERATOR]["address"])

        h_add = gov.decide(
            "Add the fifth validator", "validator.add",
            AddValidator(U8(int(key.scheme)), key.public_key, Power(10), operator),
            "core_enterprise", ["bank", "warehouse_manager", "logistics"],
        )
        everyone = list(range(5))
        net.wait_height(h_add + 3, everyone, timeout_s=30)
        _, new_hash = _set_hashes_agree(net, h_add, everyone)
        assert new_addr in {v["address"] for v in net.get(0, "/v1/validators", height=h_add + 2)["validators"]}
        assert new_addr not in _slots(net, h_add + 1)
        assert new_addr in _slots(net, h_add + 2)
        # The newcomer takes part: its precommits appear in commits soon after it joined.
        deadline = time.monotonic() + 20
        while not any(new_addr in _signers(net, h) for h in range(h_add + 2, net.tip())):
            assert time.monotonic() < deadline, "the new validator never signed a commit"
            time.sleep(0.5)

        leaving = 3
        gone = format_address(Address(net.nodes[leaving].address))
        h_rm = gov.decide(
            "Remove the logistics validator", "validator.remove", RemoveValidator(Address(net.nodes[leaving].address)),
            "core_enterprise", ["bank", "warehouse_manager", NEW_OPERATOR],
        )
        net.wait_height(h_rm + 3, everyone, timeout_s=30)
        old_hash, _ = _set_hashes_agree(net, h_rm, everyone)
        assert old_hash == new_hash, "the set before the removal is the one the addition made"
        after = net.get(0, "/v1/validators", height=h_rm + 2)["validators"]
        assert gone not in {v["address"] for v in after} and len(after) == 4
        assert gone in _slots(net, h_rm + 1)
        time.sleep(3)
        for h in range(h_rm + 2, net.tip()):
            assert gone not in _slots(net, h), f"the removed validator still has a commit slot at {h}"
        # The chain goes on with the new set of four, and the removed node keeps following it.
        top = net.tip()
        net.wait_height(top + 3, everyone, timeout_s=30)
        rep = s.check()
        assert rep.txs_acked > 0 and set(rep.heights) == set(everyone)
    finally:
        bft_pool.drop()
