"""Exactly-once, in-order delivery of buffered readings to a node as ``tank.report`` transactions.

Used by the gateway (``[http]`` delivery) and by the node-side MQTT bridge.
One batch is open at a time; its transaction is recorded in the buffer before
it is submitted, and its fate is settled only by what the node says:

1. No open batch: take the oldest pending readings (at most 256), sign a
   ``tank.report`` with the relaying account's next nonce, record it, submit it.
2. An open batch (also the one found after a restart): ``GET /v1/txs/{id}``.
   *Committed and ok* → its readings are delivered (final: BFT has no forks).
   *Unknown* (never arrived, or the node restarted and lost its mempool) →
   submit the same bytes again; the same nonce and id make a double inclusion
   impossible.  *Pending* → ``GET /v1/txs/{id}/wait`` until committed.
3. Refused at submission (the nonce stays free) or committed as failed (the
   nonce is used):
   - the chain says a reading's sequence number is already used: that reading
     arrived before (our own earlier attempt whose answer was lost) → it is
     settled as delivered ("on chain"), never sent again;
   - the chain refuses a reading for good (unbound key, timestamp outside the
     window, ...) → that reading is settled as rejected with the chain's code;
   - when the answer does not say which reading, the batch is split in halves
     (first half first, so order holds) until single readings are judged;
   - a stale nonce or an expired transaction → the same readings are re-signed
     with the account's current nonce / a fresh expiry;
   - anything else (the relaying account lacks its role, an unknown kind, the
     node overloaded) → nothing is settled; the batch is retried with backoff
     and the error logged, so a misconfiguration delays readings but never
     loses one.

Because batches are resolved strictly one after another and readings leave
the buffer in id order (each tank's in sequence order), a reading is never
overtaken by a later one of the same tank, so "already used" can only mean
"already delivered".
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from node.client import AsyncNodeClient, NodeApiError, NodeUnreachable
from node.core.address import address_of_key
from node.core.crypto import Signer
from node.core.encoding import decode, encode
from node.core.transactions import TX_VERSION, TxBody, sign_body
from node.core.types import U8, Nonce, TimestampMs
from node.gateway.buffer import Batch, Buffer, BufferedReading
from node.gateway.metrics import Metrics
from node.gateway.schema import BatchState, HttpState
from node.modules.tanks import errors as tank_errors
from node.modules.tanks.readings import MAX_READINGS_PER_REPORT, Report, SignedReading
from node.modules.tanks.records import LIVE_PREFIX, TankLive

log = logging.getLogger("depot.gateway.relay")

REPORT_KIND = "tank.report"

SEQ_USED_CODES: frozenset[str] = frozenset({tank_errors.ReadingReplayed.code})
"""Codes by which the chain says a reading's sequence number was already used (replay)."""
READING_REFUSED_CODES: frozenset[str] = frozenset(
    {
        tank_errors.UnknownTank.code,
        tank_errors.ReadingUnboundKey.code,
        tank_errors.ReadingBadSignature.code,
        tank_errors.ReadingTimeOutsideWindow.code,
        tank_errors.ReadingOutOfOrder.code,
    }
)
"""Codes by which the chain refuses a reading for good: it would be refused again on every retry."""
TRANSIENT_CODES: frozenset[str] = frozenset({"rate_limited", "mempool_full", "too_many_pending", "http_error", "malformed_response"})

T = TypeVar("T")


class RunBlocking(Protocol):
    """Runs a blocking buffer call off the event loop (the owner's single database thread)."""

    def __call__(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Awaitable[T]: ...


@dataclass(slots=True)
class _Backoff:
    initial_s: float = 0.5
    max_s: float = 30.0
    current_s: float = 0.5

    def next(self) -> float:
        delay = self.current_s * random.uniform(0.8, 1.2)
        self.current_s = min(self.current_s * 2, self.max_s)
        return delay

    def reset(self) -> None:
        self.current_s = self.initial_s


class _Stuck(Exception):
    """The node refuses the batch for a reason that is not about its readings: retry later, settle nothing."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Relay:
    """Delivers one buffer's readings to one node, signed by one relaying account."""

    def __init__(
        self,
        buffer: Buffer,
        client: AsyncNodeClient,
        signer: Signer,
        *,
        chain_id: str,
        run_blocking: RunBlocking,
        clock_ms: Callable[[], int],
        metrics: Metrics,
        max_readings_per_tx: int = MAX_READINGS_PER_REPORT,
        tx_ttl_ms: int = 600_000,
        wait_s: float = 10.0,
        seq_used_codes: frozenset[str] = SEQ_USED_CODES,
        reading_refused_codes: frozenset[str] = READING_REFUSED_CODES,
    ) -> None:
        self.buffer = buffer
        self.client = client
        self.signer = signer
        self.sender = address_of_key(int(signer.scheme), signer.public_key)
        self.chain_id = chain_id
        self._db = run_blocking
        self._clock_ms = clock_ms
        self.metrics = metrics
        self.max_per_tx = max(1, min(max_readings_per_tx, MAX_READINGS_PER_REPORT))
        self.tx_ttl_ms = tx_ttl_ms
        self.wait_s = wait_s
        self.seq_used_codes = seq_used_codes
        self.reading_refused_codes = reading_refused_codes
        self.wake = asyncio.Event()
        """Set when new readings are buffered, so delivery starts without waiting for a timer."""
        self._nonce: int | None = None
        self._limit = self.max_per_tx
        self._backoff = _Backoff()
        self._last_error: str | None = None

    # --- the loop --------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until ``stop`` is set; unreachable nodes and refusals are retried with backoff."""
        log.info("relaying readings to %s as %s", self.client.base_url, self.sender)
        while not stop.is_set():
            try:
                progressed = await self.step()
            except NodeUnreachable as exc:
                self._trouble("node_unreachable", f"node unreachable: {exc.reason}")
                await _sleep_or_stop(stop, self._backoff.next())
                continue
            except NodeApiError as exc:
                self._trouble(exc.code, f"the node answered {exc.code}: {exc.message}")
                await _sleep_or_stop(stop, self._backoff.next())
                continue
            except _Stuck as exc:
                self._trouble(exc.code, exc.message, level=logging.ERROR)
                await _sleep_or_stop(stop, self._backoff.next())
                continue
            self.metrics.set("node_up", 1)
            if self._last_error is not None:
                log.info("delivery resumed")
                self._last_error = None
            self._backoff.reset()
            if not progressed:
                self.wake.clear()
                await _wait_any(stop, self.wake, timeout_s=1.0)

    def _trouble(self, code: str, message: str, level: int = logging.WARNING) -> None:
        self.metrics.inc("delivery_errors")
        if code == "node_unreachable":
            self.metrics.set("node_up", 0)
        # Log a change of trouble at once, the same trouble again only at debug level.
        log.log(level if code != self._last_error else logging.DEBUG, "delivery paused: %s", message)
        self._last_error = code

    async def step(self) -> bool:
        """Resolve the open batch, or open and resolve the next one; False when nothing is pending."""
        batch = await self._db(self.buffer.open_batch)
        if batch is None:
            pending = await self._db(self.buffer.pending_http, self._limit)
            if not pending:
                return False
            if self._nonce is None:
                self._nonce = await self._account_nonce()
            batch = await self._new_batch(pending, self._nonce)
        await self._resolve(batch)
        return True

    # --- building ------------------------------------------------------------------------------

    def _sign(self, signed: list[bytes], nonce: int) -> tuple[str, bytes, int]:
        report = Report(tuple(decode(SignedReading, b) for b in signed))
        expires = self._clock_ms() + self.tx_ttl_ms
        body = TxBody(U8(TX_VERSION), self.chain_id, self.sender, Nonce(nonce), TimestampMs(expires),
                      REPORT_KIND, encode(report))
        tx = sign_body(body, [self.signer])
        return tx.tx_id().hex(), encode(tx), expires

    async def _new_batch(self, pending: list[BufferedReading], nonce: int) -> Batch:
        tx_id, raw, expires = self._sign([p.signed for p in pending], nonce)
        batch = await self._db(self.buffer.create_batch, [p.id for p in pending], nonce=nonce, tx_id=tx_id,
                               raw=raw, expires_ms=expires)
        log.debug("batch %d: %d readings, nonce %d, tx %s", batch.id, len(pending), nonce, tx_id)
        return batch

    async def _rebuild(self, batch: Batch, nonce: int) -> Batch:
        readings = await self._db(self.buffer.readings, batch.reading_ids)
        tx_id, raw, expires = self._sign([r.signed for r in readings], nonce)
        log.info("batch %d re-signed with nonce %d (was %d): tx %s", batch.id, nonce, batch.nonce, tx_id)
        return await self._db(self.buffer.rebuild_batch, batch.id, nonce=nonce, tx_id=tx_id, raw=raw, expires_ms=expires)

    async def _account_nonce(self) -> int:
        answer = await self.client.account(str(self.sender))
        account = answer.get("account")
        if not answer.get("exists") or not isinstance(account, dict):
            raise _Stuck("relay_account_unknown",
                         f"the relaying account {self.sender} is not registered on this chain "
                         "(register it with the role 'gateway')")
        return int(account["nonce"])

    # --- resolving -----------------------------------------------------------------------------

    async def _resolve(self, batch: Batch) -> None:
        while True:
            # Ask without waiting first: the wait endpoint also waits for transactions the node
            # has never seen (they may arrive by gossip), so it cannot tell "lost" from "pending".
            view = await self._view(batch.tx_id)
            if view is None:
                try:
                    await self.client.submit_tx(batch.raw)
                    self.metrics.inc("txs_submitted")
                except NodeApiError as exc:
                    if exc.code != "duplicate_tx":
                        next_batch = await self._on_refused(batch, exc)
                        if next_batch is None:
                            return
                        batch = next_batch
                        continue
            elif view.get("status") == "committed":
                await self._on_committed(batch, view)
                return
            try:
                view = await self.client.wait_tx(batch.tx_id, timeout_s=self.wait_s)
            except NodeApiError as exc:
                if exc.code != "not_found":
                    raise
                continue  # dropped from the mempool meanwhile: submit it again
            if view.get("status") == "committed":
                await self._on_committed(batch, view)
                return

    async def _on_committed(self, batch: Batch, view: dict[str, Any]) -> None:
        self._nonce = batch.nonce + 1
        height = int(view.get("height", 0))
        result = view.get("result") or {}
        if result.get("ok"):
            n = await self._db(self.buffer.commit_batch, batch.id, height=height)
            self.metrics.inc("txs_committed")
            self.metrics.inc("readings_delivered", n)
            self._limit = self.max_per_tx
            log.debug("batch %d final at height %d: %d readings", batch.id, height, n)
            return
        code = str(result.get("code") or "failed")
        self.metrics.inc("txs_failed")
        log.warning("batch %d was committed at height %d but failed: %s", batch.id, height, code)
        await self._settle_refusal(batch, code, {}, BatchState.FAILED, height)

    async def _on_refused(self, batch: Batch, exc: NodeApiError) -> Batch | None:
        """A refused submission: the same batch re-signed, or None once it is settled or split."""
        code = exc.code
        self.metrics.inc("txs_refused")
        if code == "nonce_too_low":
            view = await self._view(batch.tx_id)
            if view is not None and view.get("status") == "committed":
                await self._on_committed(batch, view)
                return None
            # Another transaction of this account took the nonce: re-sign with the current one.
            self._nonce = await self._account_nonce()
            return await self._rebuild(batch, self._nonce)
        if code == "nonce_gap":
            self._nonce = await self._account_nonce()
            return await self._rebuild(batch, self._nonce)
        if code in ("expired", "expiry_too_far"):
            return await self._rebuild(batch, batch.nonce)
        if code in TRANSIENT_CODES or exc.http_status >= 500:
            raise exc
        await self._settle_refusal(batch, code, exc.data, BatchState.DISSOLVED, None)
        return None

    async def _view(self, tx_id: str) -> dict[str, Any] | None:
        try:
            return await self.client.tx(tx_id)
        except NodeApiError as exc:
            if exc.code == "not_found":
                return None
            raise

    async def _settle_refusal(
        self, batch: Batch, code: str, data: dict[str, Any], state: BatchState, height: int | None
    ) -> None:
        """Judge a refused batch: settle the reading(s) the refusal is about, or split it, or give up for now."""
        if code not in self.seq_used_codes and code not in self.reading_refused_codes:
            # Not about a reading: the readings stay in the batch (if its nonce is unused the
            # same bytes are retried; if it was used, they go back to pending and get a new one).
            if state is BatchState.FAILED:
                await self._db(self.buffer.release_batch, batch.id, state=state, code=code, height=height)
            raise _Stuck(code, f"the node refuses tank.report transactions with {code!r}; "
                               "readings are kept and retried (check the relaying account and the node)")
        verdict = HttpState.ON_CHAIN if code in self.seq_used_codes else HttpState.REJECTED
        target = await self._identify(batch, data)
        if target is None and len(batch.reading_ids) == 1:
            target = batch.reading_ids[0]
        if target is not None:
            await self._db(self.buffer.release_batch, batch.id, state=state, code=code, height=height,
                           settle={target: (verdict, code)})
            self.metrics.inc("readings_on_chain" if verdict is HttpState.ON_CHAIN else "readings_rejected")
            log.log(logging.INFO if verdict is HttpState.ON_CHAIN else logging.WARNING,
                    "reading %d settled as %s by the chain (%s)", target, verdict.name.lower(), code)
            return
        # The answer does not say which reading: split, first half first (order holds).
        self._limit = max(1, len(batch.reading_ids) // 2)
        await self._db(self.buffer.release_batch, batch.id, state=state, code=code, height=height)
        log.info("batch %d refused with %s; retrying its readings in batches of %d", batch.id, code, self._limit)

    async def _identify(self, batch: Batch, data: dict[str, Any]) -> int | None:
        """The buffer id of the reading an error names (its ``index`` in the report, checked against
        ``tank_id``/``seq`` when given), if it is in the batch."""
        index, tank_id, seq = data.get("index"), data.get("tank_id"), data.get("seq")
        readings = await self._db(self.buffer.readings, batch.reading_ids)
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(readings):
            r = readings[index]
            if (tank_id is None or r.tank_id == tank_id) and (seq is None or r.seq == seq):
                return r.id
        if isinstance(tank_id, str) and isinstance(seq, int) and not isinstance(seq, bool):
            for r in readings:
                if r.tank_id == tank_id and r.seq == seq:
                    return r.id
        return None


async def chain_last_seqs(client: AsyncNodeClient, tank_ids: set[str]) -> dict[str, int]:
    """Each listed tank's last accepted sequence number on chain (``tank/live/`` records), paged.

    Used when the buffer does not know a tank yet (a new or lost buffer), so
    new readings start above what the chain already has.
    """
    out: dict[str, int] = {}
    after: bytes | None = None
    while True:
        answer = await client.records(LIVE_PREFIX, after=after, limit=1000)
        for item in answer.get("records", []):
            live = decode(TankLive, bytes.fromhex(item["value"]))
            if live.tank_id in tank_ids:
                out[live.tank_id] = int(live.last_seq)
        nxt = answer.get("next")
        if not nxt:
            return out
        after = bytes.fromhex(nxt)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def _wait_any(stop: asyncio.Event, wake: asyncio.Event, *, timeout_s: float) -> None:
    tasks = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(tasks, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            t.cancel()


