"""The consensus driver: runs the Tendermint state machine on a node, over HTTP between validators.

It owns the I/O the pure algorithm leaves out: signing (through the
double-sign guard), sending proposals and votes to peers, timers, executing
proposed blocks to judge them valid, committing decided blocks, catching up
from peers after a restart or a partition, gossiping mempool transactions and
collecting evidence of equivocation.

Delivery is push-based: each validator POSTs its own messages to every peer
and re-sends its current votes every ``rebroadcast_s``, so a peer that missed
them (restarted, paused, cut off) gets them again; a peer that fell behind by
whole heights catches up by downloading committed blocks with their commits.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from node.chain import ExecutedBlock
from node.consensus.messages import (
    InvalidMessage,
    ProposalHeader,
    SignedProposal,
    TxBatch,
    proposal_signing_message,
    verify_proposal,
    verify_vote,
)
from node.consensus.proposer import proposer
from node.consensus.signstate import STEP_PROPOSE, DoubleSignRefused, SignGuard
from node.consensus.tendermint import (
    NIL,
    CastVote,
    Decide,
    Equivocation,
    HeightState,
    Propose,
    ScheduleTimeout,
    Step,
    Timeouts,
    VoteKind,
)
from node.core.blocks import (
    Block,
    Commit,
    CommitFlag,
    CommitSig,
    DuplicateVoteEvidence,
    SignedVote,
    Vote,
    vote_signing_message,
)
from node.core.encoding import decode, encode
from node.core.errors import DepotError
from node.core.evidence import canonical_pair, evidence_hash
from node.core.types import U8, U32, Hash32, Height, Round
from node.core.validators import ValidatorSet

if TYPE_CHECKING:
    from node.service import Node

log = logging.getLogger(__name__)

MAX_FUTURE_DRIFT_MS = 10_000
"""A proposed block's time may run at most this far ahead of our clock."""

CATCH_UP_BATCH = 50
"""Blocks asked of a peer at once when catching up."""

CATCH_UP_TIMEOUT = httpx.Timeout(2.0, connect=0.5)
"""A peer that does not answer a catch-up request in this time is skipped (paused, cut off)."""


@dataclass(slots=True)
class ConsensusConfig:
    peers: list[str] = field(default_factory=list)
    timeouts: Timeouts = field(default_factory=Timeouts)
    commit_wait_ms: int = 250
    """Gather transactions this long after a commit before the next height starts (block time under load)."""
    empty_block_interval_ms: int = 5_000
    """With nothing to do, an empty block this often so chain time (deadlines) moves; no spinning."""
    rebroadcast_s: float = 0.5
    gossip_interval_s: float = 0.05
    regossip_s: float = 5.0
    """How often the oldest waiting transactions go to the peers again (a lost gossip message is not
    otherwise repeated, and a transaction only this node holds waits for this node's turn to propose)."""
    regossip_max: int = 500
    """At most this many (the oldest) each time."""
    byzantine: str = ""
    """Test only: "double_sign" or "bad_proposal"."""


class Peer:
    """One peer: a bounded outbox drained by one task, so a dead peer cannot pile up work."""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url.rstrip("/")
        self.client = client
        self.queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue(maxsize=2000)
        self.height = 0
        self.task: asyncio.Task[None] | None = None

    def send(self, path: str, body: bytes) -> None:
        try:
            self.queue.put_nowait((path, body))
        except asyncio.QueueFull:
            try:
                self.queue.get_nowait()
                self.queue.put_nowait((path, body))
            except (asyncio.QueueEmpty, asyncio.QueueFull):
                pass

    async def run(self) -> None:
        while True:
            path, body = await self.queue.get()
            try:
                await self.client.post(
                    self.url + path, content=body, headers={"content-type": "application/octet-stream"}
                )
            except httpx.HTTPError:
                # The peer is down or cut off; the rebroadcast and catch-up will make up for it.
                pass


class ConsensusDriver:
    """Consensus for a validator (or, without a key, an observer that follows by catching up)."""

    def __init__(self, node: Node, config: ConsensusConfig, guard: SignGuard | None) -> None:
        self.node = node
        self.chain = node.chain
        self.cfg = config
        self.guard = guard
        self.me = node.validator_address
        self.chain_id = self.chain.chain_id
        self.hs: HeightState | None = None
        self.vset: ValidatorSet | None = None
        self.started = False
        self.height_started_at = time.monotonic()
        self.last_commit_at = time.monotonic()
        self.blocks: dict[bytes, tuple[Block, bytes]] = {}
        self.executed: dict[bytes, ExecutedBlock] = {}
        self.signed_proposals: dict[int, SignedProposal] = {}
        self.extra_proposals: dict[tuple[int, bytes], SignedProposal] = {}
        self.votes: dict[tuple[int, int, bytes], SignedVote] = {}
        self._conflicting: dict[tuple[int, int, bytes], SignedVote] = {}
        self.my_votes: list[SignedVote] = []
        self.future: list[tuple[str, bytes]] = []
        self.evidence: OrderedDict[bytes, DuplicateVoteEvidence] = OrderedDict()
        self.gossip_out: list[bytes] = []
        self.peers: list[Peer] = []
        self._client: httpx.AsyncClient | None = None
        self._timers: list[asyncio.TimerHandle] = []
        self._catching_up = False
        self._applying = False
        """A downloaded block is being committed: messages for the height it ends are moot."""
        self._lock = asyncio.Lock()
        """Held while a block is committed, decided or downloaded: one commit per height."""
        self._tasks: list[asyncio.Task[Any]] = []
        self._deciding = False
        self._round_logged = -1
        self.stopping = False
        self.metrics = {"rounds_total": 0, "equivocations_seen": 0, "catchups_total": 0}

    # --- lifecycle ------------------------------------------------------------------

    async def run(self) -> None:
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(3.0, connect=0.5))
        self.peers = [Peer(u, self._client) for u in self.cfg.peers]
        for p in self.peers:
            p.task = asyncio.create_task(p.run())
        self._tasks = [
            asyncio.create_task(self._rebroadcast_loop(), name="rebroadcast"),
            asyncio.create_task(self._gossip_loop(), name="tx-gossip"),
            asyncio.create_task(self._regossip_loop(), name="tx-regossip"),
        ]
        await self._catch_up()
        self._new_height()
        try:
            while not self.stopping:
                await asyncio.sleep(0.05)
                await self._maybe_start()
        finally:
            for t in self._tasks:
                t.cancel()
            for p in self.peers:
                if p.task:
                    p.task.cancel()
            for tm in self._timers:
                tm.cancel()
            await self._client.aclose()

    @property
    def height(self) -> int:
        """The height being decided (the chain's next); fixed while a decided block is committed."""
        return self.hs.height if self.hs is not None else self.chain.height + 1

    def _new_height(self) -> None:
        for tm in self._timers:
            tm.cancel()
        self._timers = []
        for ex in self.executed.values():
            self.chain.discard(ex)  # proposals of a finished height that were not committed
        self.executed.clear()
        self.blocks.clear()
        self.signed_proposals.clear()
        self.extra_proposals.clear()
        self.votes.clear()
        self._conflicting.clear()
        self.my_votes.clear()
        self.vset = self.chain.validators()
        vset = self.vset
        h = self.chain.height + 1
        self.hs = HeightState(h, vset, self.me, lambda r: proposer(vset, h, r), self.cfg.timeouts)
        self._round_logged = -1
        self.started = False
        self.height_started_at = time.monotonic()
        # Messages for this height that arrived early.
        pending, self.future = self.future, []
        for kind, raw in pending:
            asyncio.get_running_loop().create_task(self._handle(kind, raw))

    def stop(self) -> None:
        """Stop taking part: no new signatures, proposals or commits; run() returns."""
        self.stopping = True
        for tm in self._timers:
            tm.cancel()

    async def _maybe_start(self) -> None:
        """Begin round 0 once there is something to do, or the idle interval passed."""
        if self.stopping or self.started or self.hs is None or self._deciding:
            return
        since = (time.monotonic() - self.last_commit_at) * 1000
        has_txs = len(self.node.mempool) > 0
        if (has_txs and since >= self.cfg.commit_wait_ms) or since >= self.cfg.empty_block_interval_ms:
            self._start()

    def _start(self) -> None:
        if self.started or self.hs is None:
            return
        self.started = True
        last = self.guard.last if self.guard is not None else None
        if last is not None and last.height == self.hs.height and last.step in (1, 2, 3):
            # Restarted at a height it already signed at: go on from there (round, vote, lock),
            # never back to round 0, whose messages the guard would refuse to sign.
            log.info(
                "resuming height %d at round %d after a restart (last signed step %d)",
                last.height, last.round, last.step,
            )
            signed = last.signed_votes()
            earlier = [(VoteKind(st - 1), r, bid) for r, st, bid, _sig in signed]
            self._resend_signed_votes(signed)
            self._apply(
                self.hs.resume(
                    last.round, Step(last.step), bytes.fromhex(last.block_id or "00" * 32),
                    lock=last.lock_state(), earlier_votes=earlier,
                )
            )
        else:
            self._apply(self.hs.start())

    def _resend_signed_votes(self, signed: list[tuple[int, int, bytes, bytes]]) -> None:
        """After a restart: every vote signed at this height goes out again with its stored signature
        (a peer may have missed one; they are never signed twice)."""
        if self.me is None:
            return
        for r, st, bid, sig in signed:
            kind = VoteKind(st - 1)
            sv = SignedVote(Vote(U8(int(kind)), Height(self.height), Round(r), Hash32(bid)), self.me, sig)
            self.votes[(int(kind), r, bytes(self.me))] = sv
            self.my_votes.append(sv)
            raw = encode(sv)
            for p in self.peers:
                p.send("/p2p/vote", raw)

    def _lock_state(self) -> tuple[bytes | None, int, bytes | None, int] | None:
        hs = self.hs
        if hs is None:
            return None
        return (hs.locked_value, hs.locked_round, hs.valid_value, hs.valid_round)

    # --- applying the algorithm's actions ---------------------------------------------

    def _apply(self, actions: list[Any]) -> None:
        if self.stopping:
            return
        loop = asyncio.get_running_loop()
        if self.hs is not None and self.hs.round != self._round_logged:
            self._round_logged = self.hs.round
            if self.hs.round > 0:
                log.info("height %d: round %d", self.hs.height, self.hs.round)
        for a in actions:
            if isinstance(a, ScheduleTimeout):
                h = self.height
                self._timers.append(loop.call_later(a.delay_ms / 1000, self._on_timeout, h, a.step, a.round))
            elif isinstance(a, CastVote):
                self._cast(a)
            elif isinstance(a, Propose):
                loop.create_task(self._propose(a))
            elif isinstance(a, Decide):
                loop.create_task(self._decide(a))
            elif isinstance(a, Equivocation):
                self._record_equivocation(a)

    def _on_timeout(self, h: int, step: Step, r: int) -> None:
        if self.hs is None or h != self.height or self._deciding:
            return
        if step is Step.PRECOMMIT:
            self.metrics["rounds_total"] += 1
        self._apply(self.hs.on_timeout(step, r))

    def _sign_vote(self, vote: Vote) -> bytes | None:
        if self.guard is None:
            return None
        try:
            return self.guard.sign_vote(self.chain_id, vote, self._lock_state())
        except DoubleSignRefused as exc:
            log.error("refusing to sign: %s", exc.message)
            return None

    def _cast(self, a: CastVote) -> None:
        if self.me is None:
            return
        vote = Vote(U8(int(a.kind)), Height(self.height), Round(a.round), Hash32(a.block_id))
        sig = self._sign_vote(vote)
        if sig is None:
            return
        sv = SignedVote(vote, self.me, sig)
        self.votes[(int(a.kind), a.round, bytes(self.me))] = sv
        self.my_votes.append(sv)
        raw = encode(sv)
        if self.cfg.byzantine == "double_sign":
            # Test-only Byzantine behaviour: a conflicting vote to half of the peers.
            other = NIL if a.block_id != NIL else bytes([0xBD]) * 32
            twin = Vote(vote.vote_type, vote.height, vote.round, Hash32(other))
            if self.guard is None:
                return
            twin_sv = SignedVote(twin, self.me, self.guard.sign_unguarded(vote_signing_message(self.chain_id, twin)))
            half = len(self.peers) // 2
            for i, p in enumerate(self.peers):
                p.send("/p2p/vote", encode(twin_sv) if i < half else raw)
            return
        for p in self.peers:
            p.send("/p2p/vote", raw)

    async def _propose(self, a: Propose) -> None:
        if self.me is None or self.guard is None or self.hs is None:
            return
        h = self.height
        last = self.guard.last
        if (last.height, last.round, last.step) == (h, a.round, STEP_PROPOSE):
            # It proposed in this round before a restart and may sign no other proposal here;
            # a peer may still hold the signed one (then it goes out again, as ours).
            if not await self._fetch_block(bytes.fromhex(last.block_id)) and h == self.height and self.hs is not None:
                log.info("height %d round %d: the proposal signed before the restart is lost", h, a.round)
                self._apply(self.hs.propose_failed(a.round))
            return
        if a.block_id is not None and a.block_id not in self.blocks:
            await self._fetch_block(a.block_id)  # our valid value, whose proposal we missed
            if h != self.height or self.hs is None:
                return
        if a.block_id is not None and a.block_id in self.blocks:
            block, raw = self.blocks[a.block_id]
        else:
            if a.block_id is not None:
                # The valid value's block is not to be had: propose a fresh block, claiming no polka.
                a = Propose(a.round, None, -1)
            loop = asyncio.get_running_loop()
            limit = int(self.chain.params().max_block_txs)
            cands = self.node.mempool.take(limit)
            evidence = list(self.evidence.values())[:16]
            ex = await loop.run_in_executor(
                self.node.writer, lambda: self.chain.build_block(cands, _now_ms(), self.me, evidence)  # type: ignore[arg-type]
            )
            if h != self.height or self.hs is None or self.hs.round != a.round or self.hs.step is not Step.PROPOSE:
                # Built too slowly: the height or the round moved on, and this proposal with it.
                self.chain.discard(ex)
                return
            block = ex.block
            if self.cfg.byzantine == "bad_proposal":
                import dataclasses

                block = dataclasses.replace(block, header=dataclasses.replace(block.header, state_root=Hash32(bytes(32))))
                self.chain.discard(ex)
            else:
                self.executed[ex.block_id] = ex
            raw = encode(block)
            self.blocks[block.header.block_id()] = (block, raw)
        bid = block.header.block_id()
        ph = ProposalHeader(Height(h), Round(a.round), U32(a.pol_round + 1), bid)
        try:
            sig = self.guard.sign_proposal(h, a.round, bid, proposal_signing_message(self.chain_id, ph), self._lock_state())
        except DoubleSignRefused as exc:
            log.error("refusing to propose: %s", exc.message)
            if h == self.height and self.hs is not None:
                self._apply(self.hs.propose_failed(a.round))
            return
        sp = SignedProposal(ph, self.me, sig, raw)
        self.signed_proposals[a.round] = sp
        body = encode(sp)
        for p in self.peers:
            p.send("/p2p/proposal", body)
        if h == self.height and self.hs is not None:
            self._apply(self.hs.on_proposal(a.round, bid, a.pol_round, bid in self.executed))

    async def _decide(self, d: Decide) -> None:
        if self._deciding or self.hs is None or self.stopping:
            return
        self._deciding = True
        try:
            h = self.height
            ex = self.executed.get(d.block_id)
            if ex is None:
                # Decided by others' precommits for a block we could not judge: they commit it,
                # and the catch-up (now, and on their next status) downloads it from them.
                log.error("decided block %s was not executed", d.block_id.hex())
                asyncio.get_running_loop().create_task(self._catch_up())
                return
            commit = self._commit_for(d.round, d.block_id)
            loop = asyncio.get_running_loop()

            def do_commit() -> None:
                self.chain.commit(ex, commit)
                self.node.mempool.on_committed(ex)

            async with self._lock:
                if self.chain.height + 1 != h:
                    return  # a catch-up committed this height meanwhile (and moved to the next)
                await loop.run_in_executor(self.node.writer, do_commit)
            self.executed.pop(d.block_id, None)
            for e in ex.block.evidence:
                self.evidence.pop(evidence_hash(e), None)
            self.node.after_commit(ex)
            self.last_commit_at = time.monotonic()
            log.info("committed block %d (%d txs, round %d)", h, len(ex.tx_ids), d.round)
        finally:
            self._deciding = False
        if self.hs is not None and self.hs.height <= self.chain.height:
            self._new_height()

    def _commit_for(self, r: int, block_id: bytes) -> Commit:
        if self.vset is None:
            raise RuntimeError("no validator set for the height being committed")
        sigs = []
        for v in self.vset.validators:
            key = (int(VoteKind.PRECOMMIT), r, bytes(v.address))
            sv = self.votes.get(key)
            other = self._conflicting.get(key)
            if other is not None and other.vote.block_id == block_id:
                sv = other  # an equivocator's precommit for the decided block
            if sv is None:
                sigs.append(CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
            elif sv.vote.block_id == block_id:
                sigs.append(CommitSig(U8(CommitFlag.COMMIT), v.address, sv.signature))
            elif sv.vote.block_id == NIL:
                sigs.append(CommitSig(U8(CommitFlag.NIL), v.address, sv.signature))
            else:
                sigs.append(CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
        return Commit(Height(self.height), Round(r), Hash32(block_id), tuple(sigs))

    def _record_equivocation(self, a: Equivocation) -> None:
        first = self.votes.get((int(a.kind), a.round, a.validator))
        second = self._conflicting.get((int(a.kind), a.round, a.validator))
        if first is None or second is None:
            return
        x, y = canonical_pair(first, second)
        ev = DuplicateVoteEvidence(x, y)  # type: ignore[arg-type]
        key = evidence_hash(ev)
        if key not in self.evidence:
            self.metrics["equivocations_seen"] += 1
            log.warning("validator %s equivocated at height %d round %d", a.validator.hex(), self.height, a.round)
            self.evidence[key] = ev

    # --- incoming messages --------------------------------------------------------------

    async def receive(self, kind: str, raw: bytes) -> None:
        """Entry point of the p2p API; raises ``InvalidMessage`` for bad input (the API answers 400)."""
        await self._handle(kind, raw, strict=True)

    async def _handle(self, kind: str, raw: bytes, strict: bool = False) -> None:
        if self.stopping:
            return
        try:
            if kind == "vote":
                await self._on_vote(decode(SignedVote, raw), raw)
            elif kind == "proposal":
                await self._on_proposal(decode(SignedProposal, raw), raw)
            elif kind == "txs":
                await self._on_txs(decode(TxBatch, raw))
            elif kind == "status":
                pass
        except DepotError:
            if strict:
                raise

    def _height_gate(self, h: int, kind: str, raw: bytes) -> bool:
        """True to process now; buffers next-height messages; triggers catch-up when far behind."""
        if h == self.height and not self._applying and not self._deciding:
            return True
        if h == self.height + 1 and len(self.future) < 1000:
            self.future.append((kind, raw))
        if h > self.height:
            asyncio.get_running_loop().create_task(self._catch_up())
            if h > self.height + 1000:
                raise InvalidMessage(f"message for height {h} is too far ahead of {self.height}")
        return False

    async def _on_vote(self, sv: SignedVote, raw: bytes) -> None:
        h = int(sv.vote.height)
        if not self._height_gate(h, "vote", raw):
            return
        if self.vset is None or self.hs is None:
            return
        if int(sv.vote.vote_type) not in (1, 2):
            raise InvalidMessage("unknown vote type")
        if int(sv.vote.round) > self.hs.round + 1000:
            raise InvalidMessage("vote for a round far in the future")
        verify_vote(self.chain_id, self.vset, sv)
        key = (int(sv.vote.vote_type), int(sv.vote.round), bytes(sv.validator))
        have = self.votes.get(key)
        if have is not None:
            if have.vote.block_id == sv.vote.block_id or key in self._conflicting:
                return
            # A second, conflicting vote: keep it as evidence, and let the algorithm count it too.
            self._conflicting[key] = sv
        else:
            self.votes[key] = sv
        if not self.started:
            self._start()  # others are voting at this height: take part now
        self._apply(self.hs.on_vote(VoteKind(int(sv.vote.vote_type)), int(sv.vote.round), sv.validator, sv.vote.block_id))
        bid = bytes(sv.vote.block_id)
        r = int(sv.vote.round)
        if bid != NIL and bid not in self.blocks and (self.hs.prevote_quorum(r, bid) or self.hs.precommit_quorum(r, bid)):
            asyncio.get_running_loop().create_task(self._fetch_block(bid))

    async def _fetch_block(self, block_id: bytes) -> bool:
        """Ask peers for the proposal of a block we lack (a quorum formed on it, or it is ours); True if got."""
        if self._client is None:
            return False
        h = self.height
        for p in self.peers:
            if h != self.height:
                return False
            try:
                r = await self._client.get(f"{p.url}/p2p/proposal/{h}/{block_id.hex()}", timeout=1.0)
            except httpx.HTTPError:
                continue
            if r.status_code == 200:
                try:
                    await self._on_proposal(decode(SignedProposal, r.content), r.content)
                except DepotError:
                    continue
                return block_id in self.blocks
        return False

    async def _on_proposal(self, sp: SignedProposal, raw: bytes) -> None:
        h = int(sp.header.height)
        if not self._height_gate(h, "proposal", raw):
            return
        if self.vset is None or self.hs is None:
            return
        r = int(sp.header.round)
        first = self.signed_proposals.get(r)
        if first is not None and (first.header.block_id == sp.header.block_id or (r, bytes(sp.header.block_id)) in self.extra_proposals or len(self.extra_proposals) >= 16):
            return
        if proposer(self.vset, h, r) != sp.proposer:
            raise InvalidMessage("proposal from a validator that is not this round's proposer")
        verify_proposal(self.chain_id, self.vset, sp)
        block = decode(Block, sp.block)
        bid = block.header.block_id()
        if bid != sp.header.block_id:
            raise InvalidMessage("proposed block does not match the signed block id")
        if first is None:
            self.signed_proposals[r] = sp
        else:
            # The proposer equivocated: keep its other proposal too, in case a quorum formed on it.
            self.extra_proposals[(r, bytes(bid))] = sp
        self.blocks[bid] = (block, sp.block)
        valid = bid in self.executed
        if not valid:
            valid = await self._validate(block)
        if h != self.height or self.hs is None:
            return
        if not self.started:
            self._start()
        self._apply(self.hs.on_proposal(r, bid, sp.pol_round, valid))

    async def _validate(self, block: Block) -> bool:
        if block.header.time_ms > _now_ms() + MAX_FUTURE_DRIFT_MS:
            log.warning("proposed block time is too far in the future")
            return False
        loop = asyncio.get_running_loop()
        try:
            ex = await loop.run_in_executor(self.node.writer, lambda: self.chain.execute_block(block))
        except DepotError as exc:
            log.warning("invalid proposal at height %d: %s", int(block.header.height), exc.message)
            return False
        self.executed[ex.block_id] = ex
        return True

    async def _on_txs(self, batch: TxBatch) -> None:
        from node.core.transactions import decode_transaction

        txs, raws = [], []
        for raw in batch.txs:
            try:
                txs.append(decode_transaction(raw))
                raws.append(raw)
            except DepotError:
                continue
        if txs:
            await self.node.submit_many(txs, raws, gossip=False)

    def gossip(self, raws: list[bytes]) -> None:
        """Queue client-submitted transactions for the peers' mempools."""
        if self.peers:
            self.gossip_out.extend(raws)

    async def _gossip_loop(self) -> None:
        while True:
            await asyncio.sleep(self.cfg.gossip_interval_s)
            if not self.gossip_out:
                continue
            out, self.gossip_out = self.gossip_out, []
            for i in range(0, len(out), 5000):
                body = encode(TxBatch(tuple(out[i : i + 5000])))
                for p in self.peers:
                    p.send("/p2p/txs", body)

    async def _regossip_loop(self) -> None:
        """The oldest transactions still waiting go to the peers again every ``regossip_s``.

        Gossip is sent once per peer; a message lost to a peer that was down, cut off or too busy
        to answer is not repeated, so a transaction acknowledged by this node alone would wait for
        this node's own turn to propose (forever, if its proposals fail).  Peers drop what they
        already hold or what is already committed, so a repeat costs little.
        """
        while True:
            await asyncio.sleep(self.cfg.regossip_s * (0.8 + 0.4 * random.random()))
            if not self.peers:
                continue
            oldest = self.node.mempool.oldest(self.cfg.regossip_max)
            if not oldest:
                continue
            body = encode(TxBatch(tuple(oldest)))
            for p in self.peers:
                p.send("/p2p/txs", body)

    async def _rebroadcast_loop(self) -> None:
        while True:
            await asyncio.sleep(self.cfg.rebroadcast_s * (0.8 + 0.4 * random.random()))
            if self.hs is None:
                continue
            cur = self.hs.round
            for sv in self.my_votes:
                if int(sv.vote.round) >= cur - 1:
                    raw = encode(sv)
                    for p in self.peers:
                        p.send("/p2p/vote", raw)
            sp = self.signed_proposals.get(cur)
            if sp is not None and sp.proposer == self.me:
                body = encode(sp)
                for p in self.peers:
                    p.send("/p2p/proposal", body)
            status = f"{self.chain.height}".encode()
            for p in self.peers:
                p.send("/p2p/status", status)

    def on_status(self, peer_height: int) -> None:
        if peer_height > self.chain.height:
            asyncio.get_running_loop().create_task(self._catch_up())

    # --- catching up --------------------------------------------------------------------

    async def _catch_up(self) -> None:
        """Download and commit blocks peers finalised while we were away.

        Every peer is asked in turn (random order), so the node ends at the highest tip among
        them.  Consensus at the current height goes on while the download waits on peers (a
        paused or cut-off peer costs a timeout); only committing a downloaded block holds
        messages back.
        """
        if self.stopping or self._catching_up or self._client is None or not self.peers:
            return
        self._catching_up = True
        advanced = False
        try:
            for p in random.sample(self.peers, len(self.peers)):
                while not self.stopping:
                    try:
                        r = await self._client.get(
                            f"{p.url}/v1/raw/blocks",
                            params={"from_height": self.chain.height + 1, "limit": CATCH_UP_BATCH},
                            timeout=CATCH_UP_TIMEOUT,
                        )
                        got = (r.json().get("blocks") or []) if r.status_code == 200 else []
                    except (httpx.HTTPError, ValueError, AttributeError):
                        break
                    applied = 0
                    for item in got:
                        if not await self._apply_synced(bytes.fromhex(item["block"]), bytes.fromhex(item["commit"])):
                            break
                        applied += 1
                    advanced = advanced or applied > 0
                    if applied < CATCH_UP_BATCH:
                        break
        finally:
            self._catching_up = False
        if advanced:
            self.metrics["catchups_total"] += 1
            self.last_commit_at = time.monotonic()

    async def _apply_synced(self, raw_block: bytes, raw_commit: bytes) -> bool:
        try:
            block = decode(Block, raw_block)
            commit = decode(Commit, raw_commit)
        except DepotError:
            return False
        loop = asyncio.get_running_loop()

        def apply() -> ExecutedBlock:
            ex = self.chain.execute_block(block)
            self.chain.commit(ex, commit)
            self.node.mempool.on_committed(ex)
            return ex

        async with self._lock:
            if int(block.header.height) != self.chain.height + 1 or self.stopping:
                return False
            self._applying = True
            try:
                ex = await loop.run_in_executor(self.node.writer, apply)
            except DepotError as exc:
                log.warning("catch-up block %d refused: %s", int(block.header.height), exc.message)
                return False
            finally:
                self._applying = False
        self.node.after_commit(ex)
        self.last_commit_at = time.monotonic()
        log.info("caught up block %d", int(block.header.height))
        if self.hs is not None and self.hs.height <= self.chain.height:
            self._new_height()  # the height being decided was just committed: on to the next
        return True

    def proposal_for(self, height: int, block_id: bytes) -> bytes | None:
        if height != self.height:
            return None
        for sp in [*self.signed_proposals.values(), *self.extra_proposals.values()]:
            if sp.header.block_id == block_id:
                return encode(sp)
        return None


def _now_ms() -> int:
    return time.time_ns() // 1_000_000
