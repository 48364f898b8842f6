"""The mempool: transactions that passed every check against the pending state, waiting for a block.

Admission runs the transaction against an overlay holding the effects of every
transaction already admitted, in order, so nonces, balances and roles are
checked as the next block will check them: a transaction that would fail (a
transfer beyond balance, a replayed nonce) is refused at the door with its
specific error, and the submitter learns why at once.

When a committed block is not simply our oldest transactions in our order,
the overlay is rebuilt by re-checking every waiting transaction on the new
state, except in one case: the block carried only transactions we hold, all
of kinds that commute (payments: ``TxKind.commutes``), in another order
(another proposer's), and all of them succeeded.  The overlay then already
holds their effects, and re-checking a backlog of tens of thousands of
transactions on every block would cost more than the blocks themselves.
Anything else (an order or a reading, whose effects depend on what came
before) rebuilds.  The overlay only decides admission: every block is built
and checked against the real state, so it never affects what is valid.

Waiting transactions are kept as their encodings, not as decoded objects:
a large backlog of small immutable objects makes every full garbage
collection of the process slow.  They are decoded again when taken for a block.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from node.chain import Candidate, Chain, ExecutedBlock
from node.core.encoding import encode
from node.core.errors import DepotError
from node.core.execution import execute_tx
from node.core.state import State
from node.core.transactions import Transaction, decode_transaction
from node.core.types import Hash32

log = logging.getLogger(__name__)


class MempoolError(DepotError):
    code = "mempool_error"


class DuplicateTx(MempoolError):
    code = "duplicate_tx"
    http_status = 409


class MempoolFull(MempoolError):
    code = "mempool_full"
    http_status = 503


class TooManyFromSender(MempoolError):
    code = "too_many_pending"
    http_status = 429


class Mempool:
    """Admitted transactions in admission order, and the state they lead to."""

    def __init__(
        self,
        chain: Chain,
        clock_ms: Callable[[], int],
        *,
        max_size: int = 200_000,
        max_per_sender: int = 5_000,
    ) -> None:
        self.chain = chain
        self._clock_ms = clock_ms
        self.max_size = max_size
        self.max_per_sender = max_per_sender
        self._lock = threading.Lock()
        self._txs: OrderedDict[bytes, tuple[bytes, bytes]] = OrderedDict()
        """tx id -> (canonical encoding, sender), in admission order."""
        self._per_sender: dict[bytes, int] = {}
        self.rebuilds = 0
        """How many times the overlay was rebuilt (a committed block diverged from it)."""
        self._overlay = chain.latest_state()

    def __len__(self) -> int:
        return len(self._txs)

    def __contains__(self, tx_id: bytes) -> bool:
        return tx_id in self._txs

    def oldest(self, limit: int) -> list[bytes]:
        """The encodings of the ``limit`` oldest waiting transactions (for gossiping them again)."""
        with self._lock:
            return [raw for raw, _sender in itertools.islice(self._txs.values(), max(0, limit))]

    def admit(self, tx: Transaction, tx_id: Hash32, raw: bytes | None = None) -> None:
        """Admit a transaction whose signatures were verified; raise its specific error if not admissible."""
        with self._lock:
            if tx_id in self._txs:
                raise DuplicateTx("this transaction is already waiting in the mempool", tx_id=tx_id)
            if len(self._txs) >= self.max_size:
                raise MempoolFull("the node's mempool is full; try again shortly")
            sender = bytes(tx.body.sender)
            if self._per_sender.get(sender, 0) >= self.max_per_sender:
                raise TooManyFromSender("too many pending transactions from this sender")
            chain = self.chain
            env = chain.env_for(chain.height + 1, chain.next_block_time(self._clock_ms()), b"")
            payload = chain.registry.decode_payload(tx.body.kind, tx.body.payload)
            child = self._overlay.child()
            execute_tx(chain.registry, child, tx, tx_id, env, 0, strict=True, payload=payload)
            child.commit()
            if raw is None:
                raw = encode(tx)
            self._txs[bytes(tx_id)] = (bytes(raw), sender)
            # The caller verified these exact bytes: a block carrying them need not verify again.
            chain.verified.add(raw)
            self._per_sender[sender] = self._per_sender.get(sender, 0) + 1

    def take(self, limit: int) -> list[Candidate]:
        """The oldest ``limit`` candidates, in admission order; they stay until committed."""
        with self._lock:
            entries = list(itertools.islice(self._txs.items(), max(0, limit)))
        return [Candidate(decode_transaction(raw), Hash32(tid), None, raw) for tid, (raw, _) in entries]

    def on_committed(self, ex: ExecutedBlock) -> None:
        """Forget what the block included or dropped; re-check the rest unless the overlay still holds."""
        with self._lock:
            txs = self._txs
            included = [bytes(t) for t in ex.tx_ids]
            # The overlay holds the effects of every waiting transaction (see the module
            # docstring): it stays if the block's are among them and all succeeded.
            overlay_writes = self._overlay.writes()
            in_our_order = included == list(itertools.islice(txs.keys(), len(included)))
            kept = (
                not ex.dropped
                and all(o.ok for o in ex.outcomes)
                and all(t in txs for t in included)
                and (in_our_order or all(self._commutes(tx.body.kind) for tx in ex.block.txs))
                # What end-of-block hooks changed is not in the overlay: fine unless it shadows it.
                and not any(k in overlay_writes for k in ex.end_block_keys)
            )
            for tid in included:
                self._forget(tid)
            for tid, err in ex.dropped:
                log.info("dropped tx %s from the mempool: %s", tid.hex(), err.message)
                self._forget(bytes(tid))
            if not txs:
                self._overlay = self.chain.latest_state()
            elif not kept:
                self._rebuild()
            else:
                self._overlay.forget_reads(ex.changes)  # re-read what the block changed

    def _commutes(self, kind: str) -> bool:
        try:
            return self.chain.registry.kind(kind).commutes
        except DepotError:
            return False

    def _forget(self, tid: bytes) -> None:
        entry = self._txs.pop(tid, None)
        if entry is not None:
            s = entry[1]
            n = self._per_sender.get(s, 1) - 1
            if n:
                self._per_sender[s] = n
            else:
                self._per_sender.pop(s, None)

    def _rebuild(self) -> None:
        # The committed block did not match what admission predicted (a tx
        # expired or failed, or one we never saw): re-check every waiting
        # transaction on the new state.
        self.rebuilds += 1
        overlay: State = self.chain.latest_state()
        chain = self.chain
        env = chain.env_for(chain.height + 1, chain.next_block_time(self._clock_ms()), b"")
        for tid, (raw, _sender) in list(self._txs.items()):
            child = overlay.child()
            try:
                tx = decode_transaction(raw)
                execute_tx(chain.registry, child, tx, Hash32(tid), env, 0, strict=True)
            except DepotError as exc:
                log.info("evicted tx %s from the mempool: %s", tid.hex(), exc.message)
                self._forget(tid)
                continue
            child.commit()
        self._overlay = overlay
