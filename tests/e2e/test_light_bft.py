"""Light client and full sync against a four-validator BFT network whose validator set changes by governance vote.

A fifth validator is added by vote, then one of the genesis validators is
removed, while transfers keep flowing.  A light client that trusts only the
pinned genesis then verifies the chain from node 0, cross-checking the other
nodes as witnesses, in sequential mode (every header, through both changes)
and in skipping mode; a full node syncs the same chain from all five nodes at
once and must end on the validators' state root.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from node.chain import Chain
from node.core.address import parse_address
from node.core.genesis import genesis_from_json, genesis_hash
from node.core.types import U8, Address, Power
from node.light.client import LightClient
from node.light.network import NetworkConfig
from node.light.provider import HttpProvider
from node.light.store import LightStore
from node.modules import default_registry
from node.modules.consensus.validators import AddValidator, RemoveValidator
from node.storage import Store
from node.sync import FullSync, HttpBlockSource
from tests.e2e.bft_harness import Session
from tests.e2e.test_bft_governance import NEW_OPERATOR, SENDERS, Governance

pytestmark = pytest.mark.e2e


def test_light_and_full_sync_follow_validator_changes_by_vote(tmp_path: Path) -> None:
    with Session(tmp_path / "bft", spare=1, senders=SENDERS, say=print) as s:
        net = s.net
        gov = Governance(net)
        _newcomer, key = net.provision_validator(4)
        net.start(4)
        operator = parse_address(net.accounts[NEW_OPERATOR]["address"])
        h_add = gov.decide(
            "Add the fifth validator", "validator.add",
            AddValidator(U8(int(key.scheme)), key.public_key, Power(10), operator),
            "core_enterprise", ["bank", "warehouse_manager", "logistics"],
        )  # fmt: skip
        net.wait_height(h_add + 3, range(5), timeout_s=30)
        h_rm = gov.decide(
            "Remove the logistics validator", "validator.remove", RemoveValidator(Address(net.nodes[3].address)),
            "core_enterprise", ["bank", "warehouse_manager", NEW_OPERATOR],
        )  # fmt: skip
        net.wait_height(h_rm + 4, range(5), timeout_s=30)

        registry = default_registry()
        document = json.loads((net.root / "net" / "genesis.json").read_text())
        g = genesis_from_json(registry, document)
        network = NetworkConfig(net.chain_id, genesis_hash(g))
        urls = [n.rpc for n in net.nodes]
        vhash = {h: net.get(0, "/v1/validators", height=h)["hash"] for h in (1, h_add + 2, h_rm + 2)}
        assert len(set(vhash.values())) == 3, "two changes of the validator set"

        for mode in ("sequential", "skipping"):
            with LightStore.open(f"sqlite:///{tmp_path / f'light-{mode}.db'}") as store:
                lc = LightClient(
                    store, network, HttpProvider(urls[0]), [HttpProvider(u) for u in urls[1:]],
                    registry=registry, genesis_document=document,
                )  # fmt: skip
                r = lc.sync(mode=mode)
                lc.close()
                assert r.height >= h_rm + 2 and r.witnesses_checked >= 1, r
                if mode == "sequential":
                    assert r.verified_headers == r.height
                    for h, expected in vhash.items():
                        assert store.light_block(h).header.validators_hash.hex() == expected
                else:
                    assert r.verified_headers < 10, r
                head = store.latest()
                assert head is not None
                assert head.block_id.hex() == net.get(1, f"/v1/headers/{head.height}")["block_id"]

        target = min(h for h in net.heights().values() if h is not None)
        chain = Chain(Store.open(f"sqlite:///{tmp_path / 'full.db'}"), registry, g)
        result = FullSync(chain, [HttpBlockSource(u) for u in urls]).run(until=target)
        assert result.height == target and result.txs > 0
        assert result.state_root.hex() == net.get(2, f"/v1/headers/{target}")["header"]["state_root"]
        assert chain.validators().hash().hex() == net.get(0, "/v1/validators", height=target + 1)["hash"]
        chain.store.close()
