"""Full sync in process: re-execution from genesis to the source's state root, resume, several peers, bad peers."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from node.chain import Candidate, Chain
from node.check import check_store
from node.core.blocks import (
    Block,
    Commit,
    CommitFlag,
    CommitSig,
    Vote,
    VoteType,
    decode_block,
    vote_signing_message,
)
from node.core.crypto import PrivateKey
from node.core.encoding import decode, encode
from node.core.errors import DecodeError
from node.core.genesis import genesis_to_json, write_genesis_file
from node.core.transactions import check_stateless
from node.core.types import U8, Hash32, Round
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.light.errors import BadBlockFromPeer, BlocksWithheld, GenesisUnavailable, WrongChain
from node.light.network import NetworkConfig
from node.modules import default_registry
from node.storage import Store
from node.sync import FullSync, StoreBlockSource, SyncProgress, genesis_for_home
from tests.kit import ROLES, Actor, Kit, make_kit, now_ms


def produce(chain: Chain, kit: Kit, txs, signers=None) -> None:
    cands = [Candidate(t, check_stateless(t, chain.chain_id), None, encode(t)) for t in txs]
    proposer = chain.validators().validators[0].address
    ex = chain.build_block(cands, now_ms(), proposer)
    if signers is None:
        commit = chain.sign_commit(ex, kit.validator.signer, kit.validator.address)
    else:
        msg = vote_signing_message(chain.chain_id, Vote(U8(VoteType.PRECOMMIT), ex.block.header.height, Round(0), ex.block_id))
        sigs = []
        for v in chain.validators().validators:
            s = signers.get(bytes(v.address))
            sigs.append(CommitSig(U8(CommitFlag.COMMIT), v.address, s.sign(msg)) if s else CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
        commit = Commit(ex.block.header.height, Round(0), ex.block_id, tuple(sigs))
    chain.commit(ex, commit)


def source(tmp_path: Path, blocks: int = 30, per_block: int = 4, kit: Kit | None = None, signers=None) -> tuple[Chain, Kit]:
    kit = kit or make_kit()
    chain = Chain(Store.open(f"sqlite:///{tmp_path / 'source.db'}"), default_registry(), kit.genesis)
    names = list(kit.actors)
    for b in range(blocks):
        txs = [kit.transfer(names[(b + i) % 4], names[(b + i + 1) % 4], 1 + i) for i in range(per_block)]
        if b % 7 == 3:
            txs.append(kit.issue("bank", "alice", 50))
        produce(chain, kit, txs, signers)
    return chain, kit


def fresh(tmp_path: Path, kit: Kit, name: str = "dest.db") -> Chain:
    return Chain(Store.open(f"sqlite:///{tmp_path / name}"), default_registry(), kit.genesis)


def peer(chain: Chain, url: str = "store://source") -> StoreBlockSource:
    return StoreBlockSource(chain.store, chain.chain_id, chain.genesis_hash, url)


class Counting(StoreBlockSource):
    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        self.ranges: list[tuple[int, int]] = []

    def raw_blocks(self, start: int, limit: int):
        self.ranges.append((start, limit))
        return super().raw_blocks(start, limit)


class Tampering(StoreBlockSource):
    """Serves block ``height`` changed by ``change``."""

    def __init__(self, chain: Chain, height: int, change, url: str = "store://evil") -> None:
        super().__init__(chain.store, chain.chain_id, chain.genesis_hash, url)
        self.height, self.change = height, change

    def raw_blocks(self, start: int, limit: int):
        out = []
        for h, b, c in super().raw_blocks(start, limit):
            if h == self.height:
                b = encode(self.change(decode(Block, b)))
            out.append((h, b, c))
        return out


def test_decode_block_keeps_each_transactions_encoding(tmp_path):
    """What full sync decodes with: the same block as ``decode``, plus every transaction's bytes as served."""
    src, _ = source(tmp_path, blocks=4)
    for h in range(1, 5):
        raw = src.store.block(h)
        block, spans = decode_block(raw)
        assert block == decode(Block, raw)
        assert spans == [encode(t) for t in block.txs] and len(spans) >= 4
        for t, span in zip(block.txs, spans, strict=True):
            assert check_stateless(t, src.chain_id, encoded=span) == check_stateless(t, src.chain_id)
    for bad in (raw[:-1], raw + b"\x00", raw[:50]):
        with pytest.raises(DecodeError):
            decode_block(bad)


def test_full_sync_reaches_the_same_state_root(tmp_path):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    seen: list[SyncProgress] = []
    r = FullSync(dst, [peer(src)], batch=7, on_progress=seen.append, progress_every_s=0).run()
    assert (r.height, r.state_root, r.block_id) == (src.height, src.state_root, src.last_block_id)
    assert r.blocks == 30 and r.txs == sum(len(decode(Block, src.store.block(h)).txs) for h in range(1, 31))
    assert check_store(dst.store, kit.chain_id, dst.genesis_hash).ok
    assert seen[-1].blocks_left == 0 and seen[-1].height == 30
    lefts = [p.blocks_left for p in seen]
    assert lefts == sorted(lefts, reverse=True) and any(p.eta_s is not None for p in seen)
    assert json.loads(json.dumps(seen[-1].to_json()))["target"] == 30


def test_sync_resumes_where_it_stopped(tmp_path):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    first = FullSync(dst, [peer(src)], batch=5).run(until=12)
    assert first.height == 12 and first.blocks == 12
    dst.store.close()
    again = fresh(tmp_path, kit)
    counting = Counting(src.store, src.chain_id, src.genesis_hash)
    r = FullSync(again, [counting], batch=5).run()
    assert (r.resumed_from, r.blocks, r.height) == (12, 18, 30)
    assert counting.ranges[0][0] == 13, "nothing before the stored height is fetched again"
    assert again.state_root == src.state_root


def test_ranges_spread_over_several_peers(tmp_path):
    src, kit = source(tmp_path)
    a = Counting(src.store, src.chain_id, src.genesis_hash, "store://a")
    b = Counting(src.store, src.chain_id, src.genesis_hash, "store://b")
    r = FullSync(fresh(tmp_path, kit), [a, b], batch=4).run()
    assert r.height == 30 and a.ranges and b.ranges


def _bad_signature(block: Block) -> Block:
    tx = block.txs[0]
    body = dataclasses.replace(tx.body, payload=tx.body.payload[:-1] + b"X" if tx.body.payload else b"X")
    return dataclasses.replace(block, txs=(dataclasses.replace(tx, body=body),) + block.txs[1:])


def _bad_state_root(block: Block) -> Block:
    return dataclasses.replace(block, header=dataclasses.replace(block.header, state_root=Hash32(b"\x01" * 32)))


@pytest.mark.parametrize("change", [_bad_signature, _bad_state_root], ids=["signature", "state_root"])
def test_a_bad_peer_is_dropped_and_an_honest_one_finishes(tmp_path, change):
    src, kit = source(tmp_path)
    evil = Tampering(src, 9, change)
    r = FullSync(fresh(tmp_path, kit), [evil, peer(src)], batch=3).run()
    assert r.state_root == src.state_root


@pytest.mark.parametrize(
    ("change", "reason"),
    [(_bad_signature, "invalid_signature"), (_bad_state_root, "invalid_block")],
    ids=["signature", "state_root"],
)
def test_only_a_bad_peer_stops_the_sync_before_the_bad_block(tmp_path, change, reason):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    with pytest.raises(BadBlockFromPeer) as e:
        FullSync(dst, [Tampering(src, 9, change)], batch=3).run()
    assert e.value.data["url"] == "store://evil" and e.value.data["reason"] == reason
    if reason == "invalid_signature":
        assert e.value.data["height"] == 9 and e.value.data["tx_index"] == 0
    # Signatures are checked for the whole range 7..9 before any of it runs; a state root only
    # when its block is executed.
    assert dst.height == (8 if reason == "invalid_block" else 6)


def test_checking_processes_reach_the_same_root(tmp_path):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    r = FullSync(dst, [peer(src)], batch=4, verify_processes=1, process_min_txs=0).run()
    assert r.state_root == src.state_root and r.height == src.height
    assert not multiprocessing.active_children(), "the checking processes stop with the sync"


def test_checking_processes_refuse_a_bad_signature_before_the_range_runs(tmp_path):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    with pytest.raises(BadBlockFromPeer) as e:
        FullSync(dst, [Tampering(src, 9, _bad_signature)], batch=3, verify_processes=1, process_min_txs=0).run()
    assert e.value.data["reason"] == "invalid_signature" and "signature" in e.value.message
    assert e.value.data["height"] == 9 and e.value.data["tx_index"] == 0
    assert dst.height == 6


class KillsCheckers(StoreBlockSource):
    """Kills every checking process when asked for its third range."""

    def __init__(self, *a, **kw) -> None:
        super().__init__(*a, **kw)
        self.calls = 0
        self.killed: list[int] = []

    def raw_blocks(self, start: int, limit: int):
        self.calls += 1
        if self.calls == 3:
            for child in multiprocessing.active_children():
                self.killed.append(child.pid)
                os.kill(child.pid, signal.SIGKILL)
        return super().raw_blocks(start, limit)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_dead_checking_process_falls_back_to_threads(tmp_path, caplog):
    src, kit = source(tmp_path)
    dst = fresh(tmp_path, kit)
    killer = KillsCheckers(src.store, src.chain_id, src.genesis_hash)
    with caplog.at_level("WARNING", logger="node.sync"):
        r = FullSync(dst, [killer], batch=2, window=2, verify_processes=1, process_min_txs=0).run()
    assert killer.killed, "the checking process had started"
    assert r.state_root == src.state_root and r.height == src.height
    assert any("checking in threads" in m for m in caplog.messages)


_KILLED_SYNC = """
import multiprocessing, sys, time
from pathlib import Path
from node.sync import FullSync, StoreBlockSource
from tests.node.test_sync import fresh, source

class Stalls(StoreBlockSource):
    def raw_blocks(self, start, limit):
        if start > 10:  # the checking process runs by now: report it, then hang until killed
            pids = [str(c.pid) for c in multiprocessing.active_children() if "Resource" not in type(c).__name__]
            Path(sys.argv[2]).write_text(" ".join(pids))
            time.sleep(600)
        return super().raw_blocks(start, limit)

if __name__ == "__main__":
    tmp = Path(sys.argv[1])
    src, kit = source(tmp)
    FullSync(fresh(tmp, kit), [Stalls(src.store, src.chain_id, src.genesis_hash)], batch=2, window=1,
             verify_processes=1, process_min_txs=0).run()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_checking_processes_end_when_the_sync_is_killed(tmp_path):
    """A sync killed outright (no chance to stop its pool) leaves no checking process behind."""
    script = tmp_path / "killed_sync.py"
    script.write_text(_KILLED_SYNC)
    pids_file = tmp_path / "pids"
    repo = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, str(script), str(tmp_path), str(pids_file)], cwd=repo,
                             env={**os.environ, "PYTHONPATH": str(repo)})  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (pids_file.exists() and pids_file.read_text()):
            assert child.poll() is None, "the syncing process ended early"
            assert time.monotonic() < deadline, "the checking process never started"
            time.sleep(0.1)
        pids = [int(p) for p in pids_file.read_text().split()]
        assert pids and all(_alive(p) for p in pids)
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids), "a checking process outlived the killed sync"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too; this test's child is not its parent, so check its state.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_commit_with_too_little_power_is_refused(tmp_path):
    keys = [PrivateKey.generate() for _ in range(4)]
    base = make_kit()
    bank = base.actors["bank"]
    vals = [ValidatorSpec(1, k.public_key, 10, bank.key.public_key) for k in keys]
    specs = [AccountSpec(n, org, roles, 1, base.actors[n].key.public_key, 1_000_000) for n, (org, roles) in ROLES.items()]
    g = build_genesis("depot-four", now_ms() - 1000, vals, specs)
    kit = Kit("depot-four", g, Actor("validator", keys[0]), base.actors)
    from node.core.address import address_of_key
    from node.core.crypto import Signer

    three = {bytes(address_of_key(1, k.public_key)): Signer(k) for k in keys[:3]}
    src, _ = source(tmp_path, blocks=6, kit=kit, signers=three)
    assert FullSync(fresh(tmp_path, kit, "ok.db"), [peer(src)]).run().state_root == src.state_root

    class WeakCommit(StoreBlockSource):
        def raw_blocks(self, start, limit):
            out = []
            for h, b, c in super().raw_blocks(start, limit):
                if h == 4:
                    commit = decode(Commit, c)
                    sigs = tuple(
                        s if i < 2 else CommitSig(U8(CommitFlag.ABSENT), s.validator, b"")
                        for i, s in enumerate(commit.signatures)
                    )
                    c = encode(dataclasses.replace(commit, signatures=sigs))
                out.append((h, b, c))
            return out

    dst = fresh(tmp_path, kit, "weak.db")
    with pytest.raises(BadBlockFromPeer) as e:
        FullSync(dst, [WeakCommit(src.store, src.chain_id, src.genesis_hash, "store://weak")]).run()
    assert e.value.data["reason"] == "invalid_commit" and dst.height == 3


def test_withholding_or_reordering_peer(tmp_path):
    src, kit = source(tmp_path, blocks=10)

    class Reorder(StoreBlockSource):
        def raw_blocks(self, start, limit):
            got = super().raw_blocks(start, limit)
            return got[1:2] + got[:1] + got[2:] if len(got) > 1 else got

    class Empty(StoreBlockSource):
        def raw_blocks(self, start, limit):
            return []

    for cls in (Reorder, Empty):
        with pytest.raises(BlocksWithheld):
            FullSync(fresh(tmp_path, kit, f"{cls.__name__}.db"), [cls(src.store, src.chain_id, src.genesis_hash)]).run()


def test_peer_of_another_chain_refused(tmp_path):
    src, kit = source(tmp_path, blocks=2)
    other = make_kit()
    with pytest.raises(WrongChain):
        FullSync(fresh(tmp_path, other), [peer(src)]).run()


def test_genesis_for_a_new_home(tmp_path):
    src, kit = source(tmp_path, blocks=1)
    reg = default_registry()

    class WithGenesis(StoreBlockSource):
        def __init__(self, doc) -> None:
            super().__init__(src.store, src.chain_id, src.genesis_hash)
            self.doc = doc

        def genesis(self):
            return self.doc

    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(GenesisUnavailable):
        genesis_for_home(home, reg, [WithGenesis(genesis_to_json(reg, kit.genesis))])
    NetworkConfig(kit.chain_id, src.genesis_hash).save(home / "network.json")
    with pytest.raises(GenesisUnavailable):
        genesis_for_home(home, reg, [WithGenesis(genesis_to_json(reg, make_kit().genesis))])
    g = genesis_for_home(home, reg, [WithGenesis(genesis_to_json(reg, kit.genesis))])
    assert g == kit.genesis and (home / "genesis.json").exists()
    other = tmp_path / "other"
    other.mkdir()
    write_genesis_file(reg, kit.genesis, other / "genesis.json")
    assert genesis_for_home(other, reg, []) == kit.genesis


def test_full_sync_of_tank_orders_and_settlement(tmp_path):
    """Tank registration, signed readings, the automatic order with escrow, dispatch and settlement."""
    from node.core.crypto import Signer
    from node.core.transactions import TxBody, sign_body
    from node.core.types import U32, U64, Nonce, TimestampMs
    from node.modules.tanks.payloads import ConfirmDelivery, Dispatch
    from node.modules.tanks.readings import LevelReading, Report, sign_reading
    from node.modules.tanks.records import Order, OrderStatus, order_key
    from tests.node import test_tanks_world as tw

    specs = [AccountSpec(n, org, roles, 1, tw.K[n].public_key, bal) for n, (org, roles, bal) in tw.ACCOUNTS.items()]
    specs.append(AccountSpec("op", "core-corp", (), 1, tw.K["op"].public_key, 0))
    g = build_genesis(tw.CHAIN, tw.T0, [ValidatorSpec(1, tw.K["validator"].public_key, 10, tw.K["op"].public_key)], specs)
    validator = Actor("validator", tw.K["validator"])
    src = Chain(Store.open(f"sqlite:///{tmp_path / 'tanks.db'}"), default_registry(), g)
    nonces: dict[str, int] = {}
    clock = [tw.NOW]

    def tx(who: str, kind: str, payload):
        n = nonces.get(who, 0)
        nonces[who] = n + 1
        body = TxBody(U8(1), tw.CHAIN, tw.addr(who), Nonce(n), TimestampMs(clock[0] + 3_600_000), kind, encode(payload))
        return sign_body(body, [Signer(tw.K[who])])

    def block(*txs):
        clock[0] += 10_000
        cands = [Candidate(t, check_stateless(t, tw.CHAIN), None, encode(t)) for t in txs]
        ex = src.build_block(cands, clock[0], validator.address)
        assert all(o.ok for o in ex.outcomes), [(o.code, o.message) for o in ex.outcomes]
        src.commit(ex, src.sign_commit(ex, validator.signer, validator.address))

    seq = [0]

    def reading(level: int):
        seq[0] += 1
        r = LevelReading("T1", U64(seq[0]), TimestampMs(clock[0] + 10_000), U32(level), U32(12_000), U8(0))
        return tx("gw", "tank.report", Report((sign_reading(tw.CHAIN, r, Signer(tw.DEV["d1"])),)))

    t = tw.terms()
    block(tx("bob", "tank.register_storage", tw._storage("S1", "diesel", 50_000)))
    block(tx("alice", "tank.propose", t))
    block(tx("bob", "tank.accept", tw._accept(t)))
    for level in (1005, 995, 994, 993):
        block(reading(level))
    order = decode(Order, src.store.get_state(order_key("T1#00000001")))
    assert order.status == OrderStatus.CONFIRMED and order.escrow > 0
    block(tx("bob", "order.dispatch", Dispatch("T1#00000001", U64(int(order.quantity_l)))))
    block(tx("alice", "order.confirm_delivery", ConfirmDelivery("T1#00000001", U64(int(order.quantity_l)))))

    assert decode(Order, src.store.get_state(order_key("T1#00000001"))).status == OrderStatus.SETTLED

    dst = Chain(Store.open(f"sqlite:///{tmp_path / 'tanks-replica.db'}"), default_registry(), g)
    r = FullSync(dst, [peer(src)], batch=2).run()
    assert r.state_root == src.state_root and r.height == src.height
    assert dst.store.get_state(order_key("T1#00000001")) == src.store.get_state(order_key("T1#00000001"))
    assert check_store(dst.store, tw.CHAIN, dst.genesis_hash).ok
