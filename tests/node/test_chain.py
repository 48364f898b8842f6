"""The chain adapter over a real store (SQLite and PostgreSQL): build, commit, reopen, follow, refuse."""

from __future__ import annotations

import dataclasses

import pytest

from node.chain import Candidate, Chain, ChainMismatch
from node.check import check_store
from node.core.blocks import Block, Commit, CommitSig, InvalidBlock, InvalidCommit
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.transactions import NonceGap, NonceTooLow, check_stateless
from node.core.types import U8, Hash32
from node.mempool import DuplicateTx, Mempool
from node.modules import default_registry
from node.modules.accounts.errors import InsufficientFunds, NotBank
from node.modules.accounts.ledger import get_account, supply
from node.storage import Store
from tests.kit import make_kit, now_ms


def produce(chain: Chain, kit, txs, time_ms=None):
    cands = [Candidate(t, check_stateless(t, chain.chain_id), None, encode(t)) for t in txs]
    ex = chain.build_block(cands, time_ms or now_ms(), kit.validator.address)
    chain.commit(ex, chain.sign_commit(ex, kit.validator.signer, kit.validator.address))
    return ex


def test_blocks_commit_reopen_and_check(storage_url):
    kit = make_kit()
    reg = default_registry()
    chain = Chain(Store.open(storage_url), reg, kit.genesis)
    assert chain.height == 0
    ex1 = produce(chain, kit, [kit.transfer("alice", "bob", 100), kit.transfer("alice", "carol", 5)])
    assert [o.code for o in ex1.outcomes] == ["ok", "ok"]
    ex2 = produce(chain, kit, [kit.transfer("bob", "alice", 1), kit.issue("bank", "carol", 50)])
    root = chain.state_root
    chain.store.close()

    again = Chain(Store.open(storage_url), reg, kit.genesis)
    assert again.height == 2 and again.state_root == root
    assert again.last_block_id == ex2.block_id
    st = again.latest_state()
    assert get_account(st, kit.actors["alice"].address).balance == 1_000_000 - 105 + 1
    assert get_account(st, kit.actors["carol"].address).balance == 1_000_000 + 5 + 50
    assert supply(st).issued == 4 * 1_000_000 + 50
    rep = check_store(again.store, kit.chain_id, again.genesis_hash)
    assert rep.ok, rep.problems
    assert rep.blocks_checked == 2 and rep.txs_indexed == 4 and rep.state_keys_checked > 4
    # The block stored from submitted encodings is exactly the canonical encoding.
    from node.core.blocks import Block
    from node.core.encoding import decode

    raw = again.store.block(2)
    assert raw is not None and encode(decode(Block, raw)) == raw
    again.store.close()


def test_other_genesis_refused(storage_url):
    kit = make_kit()
    Chain(Store.open(storage_url), default_registry(), kit.genesis).store.close()
    other = make_kit()
    store = Store.open(storage_url)
    with pytest.raises(ChainMismatch):
        Chain(store, default_registry(), other.genesis)
    store.close()


def test_follower_reexecutes_and_refuses_tampering(tmp_path):
    kit = make_kit()
    reg = default_registry()
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/a.db"), reg, kit.genesis)
    follower = Chain(Store.open(f"sqlite:///{tmp_path}/b.db"), reg, kit.genesis)
    ex1 = produce(leader, kit, [kit.transfer("alice", "bob", 7)])
    ex2 = produce(leader, kit, [kit.transfer("bob", "carol", 3), kit.transfer("alice", "bob", 1)])

    got = follower.execute_block(ex1.block)
    follower.commit(got, _commit(leader, 1))
    assert follower.state_root == ex1.block.header.state_root

    b2 = ex2.block
    bad_root = dataclasses.replace(b2, header=dataclasses.replace(b2.header, state_root=Hash32(bytes(32))))
    with pytest.raises(InvalidBlock):
        follower.execute_block(bad_root)
    swapped = dataclasses.replace(b2, txs=tuple(reversed(b2.txs)))
    with pytest.raises(InvalidBlock, match="transactions root"):
        follower.execute_block(swapped)
    good = follower.execute_block(b2)
    forged = _commit(leader, 2)
    sig = forged.signatures[0]
    forged = dataclasses.replace(forged, signatures=(CommitSig(sig.flag, sig.validator, bytes(64)),))
    with pytest.raises(InvalidCommit):
        follower.commit(good, forged)
    absent = dataclasses.replace(forged, signatures=(CommitSig(U8(1), sig.validator, b""),))
    with pytest.raises(InvalidCommit, match="voting power"):
        follower.commit(good, absent)
    assert follower.height == 1
    follower.commit(good, _commit(leader, 2))
    assert follower.state_root == leader.state_root


def _commit(chain: Chain, h: int) -> Commit:
    from node.core.encoding import decode

    raw = chain.store.commit(h)
    assert raw is not None
    return decode(Commit, raw)


def test_mempool_checks_against_pending_state(tmp_path):
    kit = make_kit(balance=1000)
    chain = Chain(Store.open(f"sqlite:///{tmp_path}/m.db"), default_registry(), kit.genesis)
    pool = Mempool(chain, now_ms)

    def admit(tx):
        pool.admit(tx, check_stateless(tx, kit.chain_id))

    admit(kit.transfer("alice", "bob", 600))
    with pytest.raises(InsufficientFunds):  # 600 already pending out of 1000
        admit(kit.transfer("alice", "carol", 500, nonce=1))
    with pytest.raises(NonceTooLow):
        admit(kit.transfer("alice", "carol", 1, nonce=0))
    with pytest.raises(NonceGap):
        admit(kit.transfer("alice", "carol", 1, nonce=5))
    t = kit.transfer("alice", "carol", 100)
    admit(t)
    with pytest.raises(DuplicateTx):
        admit(t)
    with pytest.raises(NotBank):
        admit(kit.issue("carol", "carol", 1))
    assert len(pool) == 2
    ex = chain.build_block(pool.take(100), now_ms(), kit.validator.address)
    chain.commit(ex, chain.sign_commit(ex, kit.validator.signer, kit.validator.address))
    pool.on_committed(ex)
    assert len(pool) == 0
    assert get_account(chain.latest_state(), kit.actors["alice"].address).balance == 300


def test_expired_transaction_is_dropped_not_included(tmp_path):
    kit = make_kit()
    chain = Chain(Store.open(f"sqlite:///{tmp_path}/e.db"), default_registry(), kit.genesis)
    pool = Mempool(chain, now_ms)
    short = kit.transfer("alice", "bob", 1, ttl_ms=1500)
    later = kit.transfer("bob", "alice", 1)
    for t in (short, later):
        pool.admit(t, check_stateless(t, kit.chain_id))
    ex = chain.build_block(pool.take(10), now_ms() + 5000, kit.validator.address)
    assert [d[1].code for d in ex.dropped] == ["expired"]
    assert len(ex.tx_ids) == 1
    chain.commit(ex, chain.sign_commit(ex, kit.validator.signer, kit.validator.address))
    pool.on_committed(ex)
    assert len(pool) == 0
    # The dropped transaction's nonce was never consumed.
    assert get_account(chain.latest_state(), kit.actors["alice"].address).nonce == 0


def test_failed_transaction_is_included_and_consumes_nonce(tmp_path):
    kit = make_kit(balance=10)
    chain = Chain(Store.open(f"sqlite:///{tmp_path}/f.db"), default_registry(), kit.genesis)
    ex = produce(chain, kit, [kit.transfer("alice", "bob", 11)])
    assert [(o.ok, o.code) for o in ex.outcomes] == [(False, "insufficient_funds")]
    st = chain.latest_state()
    assert get_account(st, kit.actors["alice"].address).nonce == 1
    assert get_account(st, kit.actors["alice"].address).balance == 10
    loc = chain.store.tx_location(ex.tx_ids[0])
    assert loc is not None and not loc.ok and loc.result_code == "insufficient_funds"


def test_block_with_unincludable_transaction_is_invalid(tmp_path):
    kit = make_kit()
    reg = default_registry()
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/l.db"), reg, kit.genesis)
    ex = produce(leader, kit, [kit.transfer("alice", "bob", 1)])
    # A second chain at the same height must refuse a block replaying nonce 0 after it is used.
    follower = Chain(Store.open(f"sqlite:///{tmp_path}/f2.db"), reg, kit.genesis)
    follower.commit(follower.execute_block(ex.block), _commit(leader, 1))
    replay = kit.transfer("alice", "bob", 1, nonce=0)
    # The proposer leaves it out ...
    ex2 = leader.build_block([Candidate(replay, check_stateless(replay, kit.chain_id), None, encode(replay))], now_ms(), kit.validator.address)
    assert [d[1].code for d in ex2.dropped] == ["nonce_too_low"] and not ex2.tx_ids
    # ... and a block that carries it anyway is refused by a follower.
    forced = dataclasses.replace(ex2.block, txs=(replay,))
    from node.core.blocks import txs_root

    forced = dataclasses.replace(forced, header=dataclasses.replace(forced.header, txs_root=txs_root([encode(replay)])))
    with pytest.raises(InvalidBlock, match="already used"):
        follower.execute_block(forced)
    assert isinstance(forced, Block)
    _ = DepotError
