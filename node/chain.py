"""A node's chain: the store, the state tree and the rules, tied together to build, check and commit blocks.

``Chain`` is the adapter between the pure core (execution, trees, blocks) and
storage.  It is used from one writer thread at a time (the block producer, or
later the consensus driver and the syncing full node); API handlers read
through the store, which never shows half a block.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from node.core import merkle
from node.core.blocks import (
    HEADER_VERSION,
    Block,
    Commit,
    CommitFlag,
    CommitSig,
    DuplicateVoteEvidence,
    Header,
    InvalidBlock,
    Vote,
    VoteType,
    block_id_of,
    check_block_shape,
    commit_hash,
    encode_block,
    evidence_root,
    verify_commit,
    vote_signing_message,
)
from node.core.crypto import Signer
from node.core.encoding import decode, encode, is_canonical
from node.core.errors import DepotError
from node.core.evidence import InvalidEvidence, check_duplicate_vote, record_evidence
from node.core.execution import BlockEnv, Event, TxOutcome, end_block, execute_block, execute_tx
from node.core.genesis import PARAMS_KEY, ChainParams, Genesis, genesis_hash, genesis_state
from node.core.registry import Registry
from node.core.state import State
from node.core.state_tree import StateTree
from node.core.transactions import InvalidTransaction, Transaction, check_stateless, tx_id_of
from node.core.types import U8, U16, ZERO_HASH32, Address, Hash32, Height, Round, TimestampMs
from node.core.validators import VALIDATORS_KEY, ValidatorSet
from node.storage import BlockRecord, EventRow, Store, TxRow

log = logging.getLogger(__name__)


class ChainMismatch(DepotError):
    code = "chain_mismatch"


_MISSING = object()


class CachedStateReader:
    """Latest-state reads with an in-memory cache in front of the store.

    Two caches: encoded values, and decoded records (``get_record``) so a
    record read in every block is not decoded in every block.  Records are
    frozen, so one decoded record can serve every reader.  Only the chain's
    writer updates them (``apply``), right after the store committed, so the
    caches never run ahead of the database; a read that raced with ``apply``
    is returned but not cached (the generation counter tells).
    """

    def __init__(self, store: Store, capacity: int = 2_000_000, record_capacity: int = 500_000) -> None:
        self._store = store
        self._cache: OrderedDict[bytes, bytes | None] = OrderedDict()
        self._capacity = capacity
        self._records: dict[bytes, Any] = {}
        self._record_capacity = record_capacity
        self._generation = 0
        self._unpersisted: dict[bytes, bytes | None] = {}
        """Changes applied but still being written (``Chain.commit(..., in_background=True)``)."""
        self._lock = threading.Lock()

    def get_state(self, key: bytes) -> bytes | None:
        try:
            return self._cache[key]
        except KeyError:
            pass
        unpersisted = self._unpersisted
        if key in unpersisted:
            return unpersisted[key]
        generation = self._generation
        value = self._store.get_state(key)
        with self._lock:
            if generation == self._generation:
                if len(self._cache) >= self._capacity:
                    for _ in range(self._capacity // 10):
                        self._cache.popitem(last=False)
                self._cache[key] = value
        return value

    def get_record(self, key: bytes, cls: type[Any]) -> Any:
        """The latest record under ``key`` decoded as ``cls``, or None."""
        rec = self._records.get(key, _MISSING)
        if rec is None or (rec is not _MISSING and type(rec) is cls):
            return rec
        generation = self._generation
        raw = self.get_state(key)
        rec = None if raw is None else decode(cls, raw)
        with self._lock:
            if generation == self._generation:
                if len(self._records) >= self._record_capacity:
                    self._records.clear()  # rare, and the working set soon comes back
                self._records[key] = rec
        return rec

    def apply(
        self,
        changes: dict[bytes, bytes | None],
        records: dict[bytes, Any] | None = None,
        *,
        persisted: bool = True,
    ) -> None:
        """Take a committed block's changes; ``records`` are the same writes as records.

        A written record is kept decoded only if it is exactly what decoding its
        bytes gives (``is_canonical``), so every node, restarted or not, runs
        the next block on equal values.  ``persisted=False``: the store is still
        writing them, so they are also kept apart from the evictable cache
        until ``persisted()`` says the store has them.
        """
        with self._lock:
            if not persisted:
                self._unpersisted = dict(changes)
            self._generation += 1
            self._cache.update(changes)
            cached = self._records
            for key, value in changes.items():
                rec = _MISSING if records is None else records.get(key, _MISSING)
                if value is None:
                    cached[key] = None
                elif rec is not _MISSING and rec is not None and is_canonical(rec):
                    cached[key] = rec
                else:
                    cached.pop(key, None)


    def persisted(self) -> None:
        """The store now holds the changes last applied with ``persisted=False``."""
        with self._lock:
            self._generation += 1
            self._unpersisted = {}


class PersistFailed(DepotError):
    """A block committed in the background could not be stored: this chain object is unusable."""

    code = "persist_failed"


class VerifiedTxs:
    """Hashes of full signed transaction encodings whose signatures this process has verified.

    Keyed by SHA-256 of the whole encoding, signatures included: a transaction
    id covers the body only, so a block carrying a known id with other
    signature bytes must still be verified.  Bounded by keeping two
    generations: when the newer one fills up, the older one is dropped.
    """

    def __init__(self, capacity: int = 1_000_000) -> None:
        self._half = max(1, capacity // 2)
        self._new: set[bytes] = set()
        self._old: set[bytes] = set()
        self._lock = threading.Lock()

    def add(self, encoded_tx: bytes) -> None:
        """Remember that the transaction encoded as ``encoded_tx`` has valid signatures."""
        k = hashlib.sha256(encoded_tx).digest()
        with self._lock:
            if len(self._new) >= self._half:
                self._old = self._new
                self._new = set()
            self._new.add(k)

    def __contains__(self, encoded_tx: object) -> bool:
        if not isinstance(encoded_tx, bytes):
            return False
        k = hashlib.sha256(encoded_tx).digest()
        return k in self._new or k in self._old

    def __len__(self) -> int:
        return len(self._new) + len(self._old)


class Candidate(NamedTuple):
    """A transaction offered for the next block, with what admission already worked out."""

    tx: Transaction
    tx_id: Hash32
    payload: Any
    """Decoded payload, or None to decode it again."""
    raw: bytes
    """The canonical encoding (as submitted)."""


@dataclass(slots=True)
class ExecutedBlock:
    """A block with everything its execution produced, ready to be committed."""

    block: Block
    block_id: Hash32
    encoded_txs: list[bytes]
    tx_ids: list[Hash32]
    outcomes: list[TxOutcome]
    block_events: list[Event]
    changes: dict[bytes, bytes | None]
    records: dict[bytes, Any]
    """The same changes as records (None = deleted), for the chain's decoded-record cache."""
    end_block_keys: list[bytes]
    """State keys written by end-of-block hooks and evidence rather than by transactions."""
    tree_nodes: dict[bytes, bytes]
    next_validators: ValidatorSet
    dropped: list[tuple[Hash32, DepotError]]
    """Mempool transactions the proposer left out because they became invalid."""


class Chain:
    """The chain as one node holds it."""

    def __init__(self, store: Store, registry: Registry, genesis: Genesis) -> None:
        self.store = store
        self.registry = registry
        self.genesis = genesis
        self.chain_id = genesis.chain_id
        self.genesis_hash = genesis_hash(genesis)
        self.reader = CachedStateReader(store)
        self.verified = VerifiedTxs()
        """Encodings whose signatures were verified here (mempool admission), so blocks skip them."""
        self._params: ChainParams | None = None
        self.tree = StateTree(store)
        self._next_vset: tuple[int, ValidatorSet] | None = None
        """(height, set) of the validator set that signs the next block, once known."""
        self._writer: ThreadPoolExecutor | None = None
        self._in_flight: tuple[Future[None], ExecutedBlock] | None = None
        self._init_genesis()
        self._load_head()

    @classmethod
    def open(cls, url: str, registry: Registry, genesis: Genesis) -> Chain:
        return cls(Store.open(url), registry, genesis)

    # --- set-up ---------------------------------------------------------------------

    def _init_genesis(self) -> None:
        stored = self.store.genesis()
        if stored is not None:
            if stored[1] != self.genesis_hash:
                raise ChainMismatch(
                    "this data folder belongs to another chain (genesis hash differs)",
                    stored=stored[1],
                    expected=self.genesis_hash,
                )
            return
        state = genesis_state(self.registry, self.genesis)
        changes = state.diff()
        puts = {k: v for k, v in changes.items() if v is not None}
        root, nodes = self.tree.update(bytes(ZERO_HASH32), puts)
        vset = state.get(VALIDATORS_KEY, ValidatorSet)
        if vset is None:  # pragma: no cover - genesis_state always writes it
            raise ChainMismatch("genesis has no validators")
        self.store.init_genesis(
            encode(self.genesis), self.genesis_hash, puts, nodes, root, encode(vset)
        )
        self.tree.mark_persisted(nodes)

    def _load_head(self) -> None:
        h = self.store.latest_height()
        self.height = h
        if h == 0:
            self.last_header: Header | None = None
            self.last_block_id = self.genesis_hash
            self.last_time_ms = int(self.genesis.genesis_time_ms)
            root = self.store.state_root(0)
            self.last_commit: Commit | None = None
        else:
            raw = self.store.header(h)
            craw = self.store.commit(h)
            if raw is None or craw is None:
                raise ChainMismatch(f"block {h} is incomplete in the store")
            self.last_header = decode(Header, raw)
            self.last_block_id = block_id_of(self.last_header)
            self.last_time_ms = int(self.last_header.time_ms)
            root = self.last_header.state_root
            self.last_commit = decode(Commit, craw)
        if root is None:
            raise ChainMismatch("state root missing for the latest height")
        self.state_root = Hash32(root)

    # --- reads ----------------------------------------------------------------------

    def validators(self) -> ValidatorSet:
        """The validator set that signs the next block."""
        cached = self._next_vset
        if cached is not None and cached[0] == self.height + 1:
            return cached[1]
        vset = decode(ValidatorSet, self.store.validator_set_at(self.height + 1))
        self._next_vset = (self.height + 1, vset)
        return vset

    def params(self) -> ChainParams:
        """Chain parameters as of the latest block (cached; refreshed when a block changes them)."""
        p = self._params
        if p is None:
            raw = self.reader.get_state(PARAMS_KEY)
            if raw is None:  # pragma: no cover
                raise ChainMismatch("chain parameters missing from state")
            p = self._params = decode(ChainParams, raw)
        return p

    def latest_state(self) -> State:
        return State(self.reader)

    def env_for(self, height: int, time_ms: int, proposer: bytes) -> BlockEnv:
        return BlockEnv(
            chain_id=self.chain_id,
            height=height,
            time_ms=time_ms,
            proposer=proposer,
            max_tx_ttl_ms=int(self.params().max_tx_ttl_ms),
        )

    def next_block_time(self, now_ms: int) -> int:
        """Block time strictly increases, even if the wall clock steps back."""
        return max(now_ms, self.last_time_ms + 1)

    # --- building (proposer) --------------------------------------------------------

    def build_block(
        self,
        candidates: list[Candidate],
        now_ms: int,
        proposer: Address,
        evidence: Sequence[DuplicateVoteEvidence] = (),
    ) -> ExecutedBlock:
        """Execute verified mempool transactions in order into the next block.

        Transactions that became invalid since admission (expired, say) are
        left out and reported in ``dropped``; everything else is included,
        failed ones as failed.
        """
        height = self.height + 1
        time_ms = self.next_block_time(now_ms)
        env = self.env_for(height, time_ms, proposer)
        state = self.latest_state()
        txs: list[Transaction] = []
        ids: list[Hash32] = []
        encoded: list[bytes] = []
        outcomes: list[TxOutcome] = []
        dropped: list[tuple[Hash32, DepotError]] = []
        max_txs = int(self.params().max_block_txs)
        for tx, tid, payload, raw in candidates:
            if len(txs) >= max_txs:
                break
            try:
                outcome = execute_tx(self.registry, state, tx, tid, env, len(txs), payload=payload)
            except DepotError as exc:
                dropped.append((tid, exc))
                continue
            txs.append(tx)
            ids.append(tid)
            encoded.append(raw)
            outcomes.append(outcome)
        block_keys: list[bytes] = []
        events = end_block(self.registry, state, env, block_keys)
        kept = []
        records = state.child()
        for ev in evidence:
            try:
                self._check_evidence(ev)
                events.append(record_evidence(records, ev, height))
                kept.append(ev)
            except DepotError as exc:
                log.info("leaving out evidence: %s", exc.message)
        block_keys.extend(records.written_keys())
        records.commit()
        return self._finish(
            state, env, txs, encoded, ids, outcomes, events, dropped, proposer, tuple(kept),
            self.last_commit,  # the proposer carries its own commit of the previous block
            block_keys,
        )

    def _check_evidence(self, ev: DuplicateVoteEvidence) -> None:
        self.flush()  # the store answers for validator sets up to the latest stored block
        h = int(ev.vote_a.vote.height)
        if h > self.height + 1 or h < 1:
            raise InvalidEvidence("evidence height out of range")
        vset = decode(ValidatorSet, self.store.validator_set_at(h))
        check_duplicate_vote(self.chain_id, vset, ev, self.height + 1)

    def _finish(
        self,
        state: State,
        env: BlockEnv,
        txs: list[Transaction],
        encoded: list[bytes],
        ids: list[Hash32],
        outcomes: list[TxOutcome],
        block_events: list[Event],
        dropped: list[tuple[Hash32, DepotError]],
        proposer: bytes,
        evidence: tuple[DuplicateVoteEvidence, ...],
        last_commit: Commit | None,
        block_keys: list[bytes],
    ) -> ExecutedBlock:
        changes = state.diff()
        root, nodes = self.tree.update(bytes(self.state_root), changes)
        vset = self.validators()
        next_vset = state.get(VALIDATORS_KEY, ValidatorSet) or vset
        header = Header(
            version=U16(HEADER_VERSION),
            chain_id=self.chain_id,
            height=Height(env.height),
            time_ms=TimestampMs(env.time_ms),
            prev_block_id=Hash32(self.last_block_id),
            last_commit_hash=commit_hash(last_commit),
            txs_root=Hash32(merkle.merkle_root(encoded)),
            state_root=Hash32(root),
            validators_hash=vset.hash(),
            next_validators_hash=next_vset.hash(),
            evidence_hash=evidence_root(evidence),
            proposer=Address(proposer),
        )
        block = Block(header, tuple(txs), last_commit, evidence)
        return ExecutedBlock(
            block=block,
            block_id=block_id_of(header),
            encoded_txs=encoded,
            tx_ids=ids,
            outcomes=outcomes,
            block_events=block_events,
            changes=changes,
            records=state.writes(),
            end_block_keys=block_keys,
            tree_nodes=nodes,
            next_validators=next_vset,
            dropped=dropped,
        )

    # --- checking (followers, full sync) ----------------------------------------------

    def execute_block(
        self,
        block: Block,
        *,
        signatures_verified: bool = False,
        last_commit_verified: bool = False,
        encoded_txs: list[bytes] | None = None,
        checked_ids: Sequence[bytes] | None = None,
    ) -> ExecutedBlock:
        """Re-execute a block received from elsewhere and check it against its header.

        Signatures are verified unless ``signatures_verified`` (full sync checks
        them in its own pool) or this process already verified the exact
        encoding (``self.verified``, filled by mempool admission; keyed by
        the whole signed encoding, since a transaction id covers the body only).

        ``encoded_txs``: the transactions' encodings as received (``decode_block``),
        so they are not encoded again.  ``checked_ids``: the ids that
        ``check_stateless`` returned for these very transactions, signatures
        verified (full sync's checking processes); the stateless checks are
        then not repeated here.
        """
        h = block.header
        if h.chain_id != self.chain_id:
            raise InvalidBlock(f"block is for chain {h.chain_id!r}")
        if h.height != self.height + 1:
            raise InvalidBlock(f"expected block {self.height + 1}, got {int(h.height)}")
        if h.prev_block_id != self.last_block_id:
            raise InvalidBlock("block does not extend this chain (previous block id differs)")
        if h.time_ms <= self.last_time_ms:
            raise InvalidBlock("block time does not increase")
        if len(block.txs) > int(self.params().max_block_txs):
            raise InvalidBlock(f"block carries {len(block.txs)} transactions; the limit is {int(self.params().max_block_txs)}")
        if encoded_txs is not None and len(encoded_txs) != len(block.txs):
            raise ValueError("one encoding per transaction is needed")
        encoded = encoded_txs if encoded_txs is not None else [encode(t) for t in block.txs]
        check_block_shape(block, encoded)
        if block.last_commit is not None and self.last_header is not None and not last_commit_verified:
            prev_vset = decode(ValidatorSet, self.store.validator_set_at(self.height))
            verify_commit(self.chain_id, prev_vset, self.last_block_id, self.height, block.last_commit)
        vset = self.validators()
        if h.validators_hash != vset.hash():
            raise InvalidBlock("header names a different validator set")
        if vset.by_address(h.proposer) is None:
            raise InvalidBlock("proposer is not a validator")
        ids: list[Hash32] = []
        if checked_ids is not None:
            if len(checked_ids) != len(block.txs):
                raise ValueError("one checked id per transaction is needed")
            ids = [Hash32(t) for t in checked_ids]
        else:
            verified = self.verified
            for t, raw in zip(block.txs, encoded, strict=True):
                try:
                    tid = check_stateless(t, self.chain_id, verify_signatures=False)
                    if not signatures_verified and raw not in verified:
                        check_stateless(t, self.chain_id, verify_signatures=True)
                        verified.add(raw)
                    ids.append(tid)
                except DepotError as exc:
                    raise InvalidBlock(f"transaction {len(ids)}: {exc.message}") from exc
        env = self.env_for(int(h.height), int(h.time_ms), h.proposer)
        state = self.latest_state()
        block_keys: list[bytes] = []
        try:
            outcomes, events = execute_block(self.registry, state, block.txs, ids, env, end_block_keys=block_keys)
        except InvalidTransaction as exc:
            raise InvalidBlock(f"transaction {exc.data.get('tx_index')}: {exc.message}") from exc
        records = state.child()
        for ev in block.evidence:
            try:
                self._check_evidence(ev)
                events.append(record_evidence(records, ev, int(h.height)))
            except DepotError as exc:
                raise InvalidBlock(f"evidence: {exc.message}") from exc
        block_keys.extend(records.written_keys())
        records.commit()
        ex = self._finish(
            state, env, list(block.txs), encoded, ids, outcomes, events, [], h.proposer, tuple(block.evidence),
            block.last_commit, block_keys,
        )
        if ex.block.header != h:
            self.tree.mark_persisted(ex.tree_nodes)  # release the pinned nodes of a rejected block
            raise InvalidBlock(
                "re-executing the block gives a different header (state root or validator sets)"
            )
        return ex

    # --- committing -----------------------------------------------------------------

    def sign_commit(self, ex: ExecutedBlock, signer: Signer, validator: Address) -> Commit:
        """The commit of a single validator set (one signer, or every signer present)."""
        vset = self.validators()
        msg = vote_signing_message(
            self.chain_id,
            Vote(U8(VoteType.PRECOMMIT), ex.block.header.height, Round(0), ex.block_id),
        )
        sigs = []
        for v in vset.validators:
            if v.address == validator:
                sigs.append(CommitSig(U8(CommitFlag.COMMIT), v.address, signer.sign(msg)))
            else:
                sigs.append(CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
        return Commit(ex.block.header.height, Round(0), ex.block_id, tuple(sigs))

    def discard(self, ex: ExecutedBlock) -> None:
        """Forget an executed block that will not be committed (a proposal that lost its round)."""
        self.tree.mark_persisted(ex.tree_nodes)

    def commit(self, ex: ExecutedBlock, commit: Commit, *, in_background: bool = False) -> None:
        """Check the commit finalises this block, then store everything in one transaction.

        ``in_background`` (full sync): the chain moves on at once and the store
        writes the block in a thread while the caller executes the next one;
        at most one block is in flight, and ``flush()`` waits for it.  A block
        the store then fails to write raises ``PersistFailed`` from the next
        ``commit`` or ``flush``; the store still holds whole blocks only.
        """
        vset = self.validators()
        verify_commit(self.chain_id, vset, ex.block_id, int(ex.block.header.height), commit)
        header = ex.block.header
        vset_changed = ex.next_validators.hash() != vset.hash()
        block_events = [
            EventRow(i, e.kind, e.attrs_json()) for i, o in enumerate(ex.outcomes) for e in o.events
        ] + [EventRow(None, e.kind, e.attrs_json()) for e in ex.block_events]
        rec = BlockRecord(
            height=int(header.height),
            block_id=ex.block_id,
            time_ms=int(header.time_ms),
            header=encode(header),
            block=encode_block(ex.block, ex.encoded_txs),
            commit=encode(commit),
            state_root=header.state_root,
            txs=[
                TxRow(tid, i, t.body.sender, t.body.kind, o.ok, o.code)
                for i, (t, tid, o) in enumerate(zip(ex.block.txs, ex.tx_ids, ex.outcomes, strict=True))
            ],
            events=block_events,
            state_changes=ex.changes,
            tree_nodes=ex.tree_nodes,
            validator_set=encode(ex.next_validators) if vset_changed else None,
        )
        self.flush()
        if in_background:
            if self._writer is None:
                self._writer = ThreadPoolExecutor(1, thread_name_prefix="chain-store")
            self._in_flight = (self._writer.submit(self.store.commit_block, rec), ex)
        else:
            self.store.commit_block(rec)
            self.tree.mark_persisted(ex.tree_nodes)
        self.reader.apply(ex.changes, ex.records, persisted=not in_background)
        if PARAMS_KEY in ex.changes:
            self._params = None
        self.height = int(header.height)
        self.last_header = header
        self.last_block_id = ex.block_id
        self.last_time_ms = int(header.time_ms)
        self.state_root = header.state_root
        self.last_commit = commit
        self._next_vset = (self.height + 1, ex.next_validators)

    def flush(self) -> None:
        """Wait until the block committed in the background (if any) is stored."""
        pending = self._in_flight
        if pending is None:
            return
        future, ex = pending
        try:
            future.result()
        except BaseException as exc:
            # The in-memory head is ahead of the store: nothing more may be committed here.
            if not isinstance(exc, PersistFailed):
                height = int(ex.block.header.height)
                msg = exc.message if isinstance(exc, DepotError) else repr(exc)
                raise PersistFailed(f"storing block {height} failed: {msg}", height=height) from exc
            raise
        self._in_flight = None
        self.tree.mark_persisted(ex.tree_nodes)
        self.reader.persisted()

    def close(self) -> None:
        """Finish any background write and stop its thread (the store stays open)."""
        try:
            self.flush()
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
                self._writer = None


def store_url_for_home(home: Path) -> str:
    return f"sqlite:///{Path(home).resolve() / 'node.db'}"


__all__ = ["Chain", "ChainMismatch", "ExecutedBlock", "PersistFailed", "store_url_for_home", "tx_id_of"]
