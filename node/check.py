"""Consistency check of a node's store: hash links, commits, roots and state, from genesis to the tip.

Used by ``depot node check`` (operators, after a crash) and by the crash tests.
It reads only what is stored; it re-executes nothing (full re-execution is the
full node's sync).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from node.core.blocks import Block, Commit, block_id_of, check_block_shape, verify_commit
from node.core.encoding import decode
from node.core.errors import DepotError
from node.core.state_tree import StateTree
from node.core.validators import ValidatorSet
from node.storage import Store


@dataclass(slots=True)
class CheckReport:
    height: int = 0
    blocks_checked: int = 0
    txs_indexed: int = 0
    state_keys_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store, chain_id: str, genesis_hash: bytes, *, max_state_keys: int | None = None) -> CheckReport:
    """Walk every block and the latest state; report every inconsistency found."""
    rep = CheckReport(height=store.latest_height())
    g = store.genesis()
    if g is None:
        rep.problems.append("no genesis stored")
        return rep
    if g[1] != genesis_hash:
        rep.problems.append("stored genesis hash differs from the expected one")
    prev_id = genesis_hash
    root = store.state_root(0)
    for h in range(1, rep.height + 1):
        raw = store.block(h)
        craw = store.commit(h)
        if raw is None or craw is None:
            rep.problems.append(f"block {h}: block or commit missing")
            break
        try:
            block = decode(Block, raw)
            commit = decode(Commit, craw)
            hd = block.header
            bid = block_id_of(hd)
            if hd.height != h or hd.chain_id != chain_id:
                rep.problems.append(f"block {h}: wrong height or chain id in header")
            if hd.prev_block_id != prev_id:
                rep.problems.append(f"block {h}: does not link to block {h - 1}")
            check_block_shape(block)
            if block.last_commit is not None and h > 1:
                # Any valid commit for the previous block will do: with several validators the
                # proposer's copy may hold other signatures than this node's own ("seen") commit.
                pv = decode(ValidatorSet, store.validator_set_at(h - 1))
                verify_commit(chain_id, pv, prev_id, h - 1, block.last_commit)
            vset = decode(ValidatorSet, store.validator_set_at(h))
            if hd.validators_hash != vset.hash():
                rep.problems.append(f"block {h}: validator set hash does not match the stored set")
            verify_commit(chain_id, vset, bid, h, commit)
            meta = store.block_meta(h)
            if meta is None or bytes(meta["block_id"]) != bid or bytes(meta["state_root"]) != hd.state_root:
                rep.problems.append(f"block {h}: index row disagrees with the header")
            ids = store.tx_ids_in_block(h)
            if [bytes(i) for i in ids] != [bytes(t.tx_id()) for t in block.txs]:
                rep.problems.append(f"block {h}: transaction index disagrees with the block")
            rep.txs_indexed += len(ids)
            prev_id, root = bid, hd.state_root
        except DepotError as exc:
            rep.problems.append(f"block {h}: {exc.message}")
            break
        rep.blocks_checked += 1
    if root is None:
        rep.problems.append("no state root for the latest height")
        return rep
    tree = StateTree(store)
    after: bytes | None = None
    n = 0
    while True:
        rows = store.iter_state(b"", after=after, limit=2000)
        if not rows:
            break
        for key, value in rows:
            try:
                in_tree = tree.get(bytes(root), key)
            except DepotError as exc:
                rep.problems.append(f"state key {key.hex()}: tree unreadable: {exc.message}")
                return rep
            if in_tree != value:
                rep.problems.append(f"state key {key.hex()}: latest-state table and state tree disagree")
            n += 1
            if max_state_keys is not None and n >= max_state_keys:
                rep.state_keys_checked = n
                return rep
        after = rows[-1][0]
    rep.state_keys_checked = n
    return rep
