"""A consortium's peers: the app talks to the first one (in the network file's order) that answers as that network."""

from __future__ import annotations

from typing import Any

from app.devnet import free_port
from app.gui import pick_peer
from app.settings_store import NetworkSpec
from node.client import NodeClient
from tests.kit import DevnetProcess


def test_a_dead_peer_and_one_of_another_chain_are_passed_over(devnet: DevnetProcess, run_async: Any) -> None:
    with NodeClient(devnet.rpc) as c:
        status = c.status()
    dead = f"http://127.0.0.1:{free_port()}"
    spec = NetworkSpec(name="test", chain_id=status["chain_id"], genesis_hash=status["genesis_hash"],
                       peers=(dead, devnet.rpc))
    assert run_async(pick_peer(spec, timeout_s=2.0), timeout_s=20) == devnet.rpc
    # The same node under a pin of another genesis, or of another chain, is not this network:
    # no peer qualifies, and the first of the file is kept (the app says it is not connected).
    other = NetworkSpec(name="test", chain_id=status["chain_id"], genesis_hash="00" * 32, peers=(dead, devnet.rpc))
    assert run_async(pick_peer(other, timeout_s=2.0), timeout_s=20) == dead
    wrong_chain = NetworkSpec(name="test", chain_id="another-chain", peers=(dead, devnet.rpc))
    assert run_async(pick_peer(wrong_chain, timeout_s=2.0), timeout_s=20) == dead
