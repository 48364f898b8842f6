"""Block execution shortcuts stay exact: signatures verified once per exact encoding, cached state, same roots."""

from __future__ import annotations

import dataclasses

import pytest

from node.chain import Candidate, Chain, VerifiedTxs
from node.core import crypto
from node.core.blocks import Commit, InvalidBlock, txs_root
from node.core.encoding import decode, encode
from node.core.errors import DepotError
from node.core.transactions import TxSignature, check_stateless
from node.core.types import Signature64
from node.mempool import Mempool
from node.modules import default_registry
from node.storage import Store
from tests.kit import make_kit, now_ms


def _commit_of(chain: Chain, h: int) -> Commit:
    raw = chain.store.commit(h)
    assert raw is not None
    return decode(Commit, raw)


def test_verified_cache_is_keyed_by_the_full_encoding():
    kit = make_kit()
    tx = kit.transfer("alice", "bob", 5)
    cache = VerifiedTxs(capacity=4)
    cache.add(encode(tx))
    assert encode(tx) in cache
    sig = tx.signatures[0]
    forged = dataclasses.replace(tx, signatures=(TxSignature(sig.scheme, sig.public_key, Signature64(bytes(64))),))
    assert forged.tx_id() == tx.tx_id()  # same id ...
    assert encode(forged) not in cache  # ... but not the same bytes
    for i in range(10):  # bounded: old entries go
        cache.add(encode(kit.transfer("alice", "bob", 1, nonce=i + 1)))
    assert len(cache) <= 4
    assert encode(tx) not in cache


def test_follower_skips_only_what_its_mempool_verified(tmp_path, monkeypatch):
    kit = make_kit()
    reg = default_registry()
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/l.db"), reg, kit.genesis)
    follower = Chain(Store.open(f"sqlite:///{tmp_path}/f.db"), reg, kit.genesis)
    pool = Mempool(follower, now_ms)
    known = kit.transfer("alice", "bob", 5)
    unknown = kit.transfer("carol", "bob", 6)
    pool.admit(known, check_stateless(known, kit.chain_id), encode(known))

    cands = [Candidate(t, t.tx_id(), None, encode(t)) for t in (known, unknown)]
    ex = leader.build_block(cands, now_ms(), kit.validator.address)

    calls = []
    real = crypto.verify

    def counting(*a):
        calls.append(a)
        return real(*a)

    monkeypatch.setattr(crypto, "verify", counting)
    got = follower.execute_block(ex.block)
    assert len(calls) == 1  # only the transaction the mempool never saw
    assert got.block.header == ex.block.header
    follower.discard(got)

    # The same body with other signature bytes has the same id but is verified, and refused.
    sig = known.signatures[0]
    forged_tx = dataclasses.replace(known, signatures=(TxSignature(sig.scheme, sig.public_key, Signature64(bytes(64))),))
    forged = dataclasses.replace(ex.block, txs=(forged_tx, unknown))
    forged = dataclasses.replace(
        forged, header=dataclasses.replace(forged.header, txs_root=txs_root([encode(t) for t in forged.txs]))
    )
    with pytest.raises(InvalidBlock, match="signature"):
        follower.execute_block(forged)  # its id is in the mempool; its bytes are not


def test_chains_agree_over_many_blocks(tmp_path):
    # Leader builds, follower re-executes; both restart midway (cold caches) and still agree.
    kit = make_kit(balance=10_000)
    reg = default_registry()
    urls = (f"sqlite:///{tmp_path}/a.db", f"sqlite:///{tmp_path}/b.db")
    leader = Chain(Store.open(urls[0]), reg, kit.genesis)
    follower = Chain(Store.open(urls[1]), reg, kit.genesis)
    names = ["alice", "bob", "carol"]
    nonces = dict.fromkeys(names, 0)
    for h in range(1, 9):
        txs = []
        for i, who in enumerate(names):
            to = names[(i + h) % 3] if names[(i + h) % 3] != who else names[(i + 1) % 3]
            amount = 20_000 if (h + i) % 4 == 0 else h + i  # some fail: insufficient funds
            txs.append(kit.transfer(who, to, amount, nonce=nonces[who]))
            nonces[who] += 1
        cands = [Candidate(t, check_stateless(t, kit.chain_id), None, encode(t)) for t in txs]
        ex = leader.build_block(cands, now_ms() + h, kit.validator.address)
        leader.commit(ex, leader.sign_commit(ex, kit.validator.signer, kit.validator.address))
        got = follower.execute_block(decode(type(ex.block), encode(ex.block)))
        assert got.changes == ex.changes
        follower.commit(got, _commit_of(leader, h))
        assert follower.state_root == leader.state_root
        if h == 4:
            leader.store.close()
            follower.store.close()
            leader = Chain(Store.open(urls[0]), reg, kit.genesis)
            follower = Chain(Store.open(urls[1]), reg, kit.genesis)
    leader.store.close()
    follower.store.close()


# --- the generated struct codecs equal the plain field-by-field ones ---------------------------


def _outcome(fn, *args):
    try:
        v = fn(*args)
    except DepotError as exc:
        return ("error", type(exc), exc.message)
    return ("ok", v, [type(x) for x in dataclasses.astuple(v[0])] if dataclasses.is_dataclass(v[0]) else None)


@pytest.mark.parametrize("seed", range(4))
def test_generated_codecs_match_the_reference(seed):
    import random

    from node.core.encoding import _reference, codec_for
    from node.core.genesis import ChainParams
    from node.modules.accounts.records import Account
    from node.modules.accounts.transitions import Transfer

    rng = random.Random(seed)
    kit = make_kit()
    reg = default_registry()
    chain = Chain(Store.open("sqlite://"), reg, kit.genesis)
    txs = [kit.transfer("alice", "bob", 5), kit.issue("bank", "carol", 7), kit.transfer("carol", "alice", 1)]
    ex = chain.build_block([Candidate(t, t.tx_id(), None, encode(t)) for t in txs], now_ms(), kit.validator.address)
    acct = chain.latest_state().get(b"acct/" + bytes(kit.actors["alice"].address), Account)
    samples = [ex.block, txs[0], acct, decode(Transfer, txs[0].body.payload), chain.params()]
    assert type(samples[-1]) is ChainParams
    for value in samples:
        cls = type(value)
        fast_enc, fast_dec = codec_for(cls)
        ref_enc, ref_dec = _reference[cls]
        out_fast: list[bytes] = []
        out_ref: list[bytes] = []
        fast_enc(value, out_fast)
        ref_enc(value, out_ref)
        raw = b"".join(out_ref)
        assert b"".join(out_fast) == raw
        variants = [raw[:i] for i in range(0, len(raw), max(1, len(raw) // 60))]
        for _ in range(150):
            b = bytearray(raw)
            for _ in range(rng.randint(1, 3)):
                b[rng.randrange(len(b))] = rng.choice((0, 1, 0x7F, 0x80, 0xFF, rng.randrange(256)))
            variants.append(bytes(b))
        for v in variants:
            assert _outcome(fast_dec, v, 0) == _outcome(ref_dec, v, 0)
    chain.store.close()


@pytest.mark.parametrize("seed", range(3))
def test_event_json_fast_path_matches_json_dumps(seed):
    import json
    import random

    from node.core.execution import Event
    from node.core.types import U8, Address, Amount, Hash32

    rng = random.Random(seed)
    pool = [
        lambda: Address(bytes(rng.randrange(256) for _ in range(20))),
        lambda: Amount(rng.randrange(1 << 63)),
        lambda: U8(rng.randrange(256)),
        lambda: rng.randrange(-(1 << 70), 1 << 70),
        lambda: "".join(chr(rng.choice((0x22, 0x5C, 0x0A, 0x41, 0xE9, 0x2028, 0x1F600, 0x7F, 0x00))) for _ in range(rng.randrange(8))),
        lambda: rng.choice((True, False, None)),
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(5))),
        lambda: Hash32(bytes(32)),
        lambda: [rng.randrange(3), "x"],
    ]
    for _ in range(300):
        attrs = {f"k{rng.randrange(20)}": rng.choice(pool)() for _ in range(rng.randrange(6))}
        expected = json.dumps(Event("e", dict(attrs)).attrs, sort_keys=True, separators=(",", ":"))
        assert Event("e", dict(attrs)).attrs_json() == expected


def test_record_cache_keeps_only_canonical_records(tmp_path):
    from node.core.records import evolve
    from node.core.types import Amount
    from node.modules.accounts.records import Account, account_key

    kit = make_kit()
    chain = Chain(Store.open(f"sqlite:///{tmp_path}/r.db"), default_registry(), kit.genesis)
    key = account_key(kit.actors["alice"].address)
    reader = chain.reader
    acct = reader.get_record(key, Account)
    assert reader.get_record(key, Account) is acct  # decoded once
    canonical = evolve(acct, balance=Amount(5))
    loose = evolve(acct, balance=5)  # a bare int: equal value, not what decoding gives
    reader.apply({key: encode(canonical)}, {key: canonical})
    assert reader.get_record(key, Account) is canonical
    reader.apply({key: encode(loose)}, {key: loose})
    got = reader.get_record(key, Account)
    assert got == loose and got is not loose and type(got.balance) is Amount
    reader.apply({key: None}, {key: None})
    assert reader.get_record(key, Account) is None
    chain.store.close()


def test_mempool_keeps_its_overlay_for_a_reordered_block_and_rebuilds_for_a_foreign_one(tmp_path):
    from node.modules.accounts.ledger import get_account

    kit = make_kit(balance=1000)
    reg = default_registry()
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/l.db"), reg, kit.genesis)
    follower = Chain(Store.open(f"sqlite:///{tmp_path}/f.db"), reg, kit.genesis)
    pool = Mempool(follower, now_ms)
    a0, b0, a1 = kit.transfer("alice", "bob", 10), kit.transfer("bob", "carol", 20), kit.transfer("alice", "carol", 30, nonce=1)
    for t in (a0, b0, a1):
        pool.admit(t, check_stateless(t, kit.chain_id), encode(t))
    assert [c.tx for c in pool.take(10)] == [a0, b0, a1]

    def commit_on_both(txs):
        cands = [Candidate(t, t.tx_id(), None, encode(t)) for t in txs]
        ex = leader.build_block(cands, now_ms(), kit.validator.address)
        leader.commit(ex, leader.sign_commit(ex, kit.validator.signer, kit.validator.address))
        got = follower.execute_block(ex.block)
        follower.commit(got, _commit_of(leader, int(ex.block.header.height)))
        pool.on_committed(got)

    # Another proposer's order (bob's first): our overlay already holds these effects.
    commit_on_both([b0, a0])
    assert pool.rebuilds == 0 and len(pool) == 1
    a2 = kit.transfer("alice", "bob", 5, nonce=2)  # next after the waiting nonce 1
    pool.admit(a2, check_stateless(a2, kit.chain_id), encode(a2))
    # A block with a transaction this node never saw: the overlay is re-checked on the new state.
    c0 = kit.transfer("carol", "alice", 1)
    commit_on_both([a1, c0])
    assert pool.rebuilds == 1 and [c.tx for c in pool.take(10)] == [a2]
    st = follower.latest_state()
    assert get_account(st, kit.actors["alice"].address).balance == 1000 - 10 - 30 + 1
    leader.store.close()
    follower.store.close()


def test_background_commits_equal_foreground_ones(tmp_path, monkeypatch):
    from node.chain import PersistFailed
    from node.check import check_store
    from node.storage.errors import StoreConflict

    kit = make_kit(balance=1000)
    reg = default_registry()
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/l.db"), reg, kit.genesis)
    blocks = []
    for h in range(1, 7):
        # Each block spends what the previous one paid, so it only executes on the unstored state.
        txs = [kit.transfer("alice", "bob", 100 + h, nonce=h - 1), kit.transfer("bob", "carol", 100 + h, nonce=h - 1)]
        cands = [Candidate(t, t.tx_id(), None, encode(t)) for t in txs]
        ex = leader.build_block(cands, now_ms() + h, kit.validator.address)
        leader.commit(ex, leader.sign_commit(ex, kit.validator.signer, kit.validator.address))
        blocks.append((ex.block, _commit_of(leader, h)))

    url = f"sqlite:///{tmp_path}/f.db"
    follower = Chain(Store.open(url), reg, kit.genesis)
    for block, commit in blocks[:4]:
        follower.commit(follower.execute_block(block), commit, in_background=True)
    follower.flush()
    assert follower.store.latest_height() == 4 and follower.state_root == blocks[3][0].header.state_root
    assert follower.tree.pending_count == 0

    real = follower.store.commit_block

    def failing(rec):
        raise StoreConflict("disk says no")

    monkeypatch.setattr(follower.store, "commit_block", failing)
    follower.commit(follower.execute_block(blocks[4][0]), blocks[4][1], in_background=True)
    ex6 = follower.execute_block(blocks[5][0])  # executes on the state the store failed to take
    with pytest.raises(PersistFailed, match="block 5"):
        follower.commit(ex6, blocks[5][1])
    with pytest.raises(PersistFailed):
        follower.flush()
    monkeypatch.setattr(follower.store, "commit_block", real)
    follower.store.close()
    # The store kept whole blocks only; a new chain object resumes from it.
    again = Chain(Store.open(url), reg, kit.genesis)
    assert again.height == 4
    for block, commit in blocks[4:]:
        again.commit(again.execute_block(block), commit, in_background=True)
    again.close()
    assert again.state_root == leader.state_root
    rep = check_store(again.store, kit.chain_id, again.genesis_hash)
    assert rep.ok, rep.problems
    again.store.close()
    leader.store.close()


def test_mempool_rebuilds_when_another_order_touches_kinds_that_do_not_commute(tmp_path):
    kit = make_kit(balance=1000)
    reg = default_registry()
    assert reg.kind("token.transfer").commutes and not reg.kind("token.issue").commutes
    leader = Chain(Store.open(f"sqlite:///{tmp_path}/l.db"), reg, kit.genesis)
    follower = Chain(Store.open(f"sqlite:///{tmp_path}/f.db"), reg, kit.genesis)
    pool = Mempool(follower, now_ms)

    def admit(*txs):
        for t in txs:
            pool.admit(t, check_stateless(t, kit.chain_id), encode(t))

    def commit_on_both(txs):
        cands = [Candidate(t, t.tx_id(), None, encode(t)) for t in txs]
        ex = leader.build_block(cands, now_ms(), kit.validator.address)
        leader.commit(ex, leader.sign_commit(ex, kit.validator.signer, kit.validator.address))
        got = follower.execute_block(ex.block)
        follower.commit(got, _commit_of(leader, int(ex.block.header.height)))
        pool.on_committed(got)

    i0, t0, t1 = kit.issue("bank", "alice", 5), kit.transfer("bob", "carol", 20), kit.transfer("carol", "bob", 1)
    admit(i0, t0, t1)
    assert pool.oldest(2) == [encode(i0), encode(t0)]  # what the driver gossips again
    commit_on_both([i0, t0])  # our oldest, in our order: the overlay holds
    assert pool.rebuilds == 0 and [c.tx for c in pool.take(10)] == [t1]
    i1, t2, t3 = kit.issue("bank", "bob", 7), kit.transfer("alice", "carol", 3), kit.transfer("alice", "bob", 2)
    t4 = kit.transfer("carol", "alice", 4)
    admit(i1, t2, t3, t4)
    commit_on_both([t2, t1])  # another order, payments only: the overlay holds
    assert pool.rebuilds == 0 and [c.tx for c in pool.take(10)] == [i1, t3, t4]
    commit_on_both([t3, i1])  # another order with an issue among them: re-checked
    assert pool.rebuilds == 1 and [c.tx for c in pool.take(10)] == [t4]
    leader.store.close()
    follower.store.close()
