"""Full sync over HTTP from malicious peers: bad blocks and withheld ranges refused, an honest peer finishes the job."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from node.chain import Chain
from node.core.blocks import Block
from node.core.encoding import decode, encode
from node.core.types import Hash32
from node.light.errors import BadBlockFromPeer, BlocksWithheld
from node.modules import default_registry
from node.storage import Store
from node.sync import FullSync, HttpBlockSource
from tests.e2e.evil_node import EvilNode
from tests.node.test_sync import source

pytestmark = pytest.mark.e2e


def _dest(tmp_path: Path, kit, name: str) -> Chain:
    return Chain(Store.open(f"sqlite:///{tmp_path / name}"), default_registry(), kit.genesis)


def _tamper_state_root(at: int):
    def change(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            if item["height"] == at:
                b = decode(Block, bytes.fromhex(item["block"]))
                forged = dataclasses.replace(b, header=dataclasses.replace(b.header, state_root=Hash32(b"\x05" * 32)))
                item = {**item, "block": encode(forged).hex()}
            out.append(item)
        return out

    return change


def test_sync_over_http_refuses_a_lying_peer_and_uses_the_honest_one(tmp_path):
    src, kit = source(tmp_path, blocks=20)
    with EvilNode(store=src.store, genesis=kit.genesis, raw_blocks_tamper=_tamper_state_root(11)) as evil, \
            EvilNode(store=src.store, genesis=kit.genesis) as honest:  # fmt: skip
        dst = _dest(tmp_path, kit, "alone.db")
        with pytest.raises(BadBlockFromPeer) as e:
            FullSync(dst, [HttpBlockSource(evil.url)], batch=4).run()
        assert e.value.data["reason"] == "invalid_block" and dst.height == 10
        # With an honest peer beside it, the sync completes (resuming at 11).
        r = FullSync(dst, [HttpBlockSource(evil.url), HttpBlockSource(honest.url)], batch=4).run()
        assert r.resumed_from == 10 and r.state_root == src.state_root


def test_sync_over_http_refuses_withheld_ranges(tmp_path):
    src, kit = source(tmp_path, blocks=12)
    with EvilNode(store=src.store, genesis=kit.genesis, range_heights=lambda hs: [h for h in hs if h != 6]) as evil:
        dst = _dest(tmp_path, kit, "withheld.db")
        with pytest.raises(BlocksWithheld):
            FullSync(dst, [HttpBlockSource(evil.url)], batch=10).run()
        assert dst.height < 6, "nothing past the hole"
