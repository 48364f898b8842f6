"""The light client: syncs verified headers from a primary node, cross-checks witnesses, answers verified reads.

It drives the pure rules of ``node.light.verifier`` with the I/O of a
``Provider`` (a node's API) and a ``LightStore`` (SQLite).  Trust starts at
the genesis hash pinned in the network file: the genesis document is only
accepted if it hashes to it, and its validators sign block 1.  From the
newest stored header a sync either *skips* to the target (bisecting when the
trusted validators' share is too small) or, when that header is older than
the trusting period or skipping was not asked for, verifies every header in
turn.  Before anything new is stored, the target header is compared with
each witness's; a witness serving a different header that also verifies from
the same trusted root is a fork: both signed headers are stored as evidence,
``ForkDetected`` carries the alert, and sync refuses to run until the alert
is acknowledged.

Not thread-safe: the app runs one client in one executor thread.  Time comes
from the ``clock`` callable (milliseconds since the epoch), never read
inside the rules.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from node.core.address import parse_address
from node.core.encoding import decode, encode
from node.core.errors import DepotError
from node.core.genesis import Genesis, genesis_from_json, genesis_hash, genesis_state
from node.core.registry import Registry
from node.core.types import Hash32
from node.light import verifier
from node.light.errors import (
    AccountNotFound,
    ForkDetected,
    GenesisMismatch,
    LightClientError,
    LightClientHalted,
    NetworkNotConfigured,
    PeerUnavailable,
    RecordNotFound,
    TrustedHeaderExpired,
    WrongChain,
)
from node.light.network import NetworkConfig
from node.light.provider import NodeStatus, Provider
from node.light.store import LightStore
from node.light.types import LightBlock, SyncResult, TrustedState, VerifiedRecord, VerifiedTx
from node.modules.accounts.records import Account, account_key

log = logging.getLogger(__name__)

SEQUENTIAL_CHUNK = 2_000
"""Headers verified, cross-checked at their last height and stored together in sequential mode."""

Clock = Callable[[], int]


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, slots=True)
class WitnessReport:
    """What the witnesses said about one verified header."""

    agreed: int
    faulty: tuple[str, ...]
    unavailable: tuple[str, ...]


class LightClient:
    """Verified headers and verified reads for one network (see the module docstring)."""

    def __init__(
        self,
        store: LightStore,
        network: NetworkConfig,
        primary: Provider,
        witnesses: Sequence[Provider] = (),
        *,
        registry: Registry,
        clock: Clock = wall_clock_ms,
        genesis_document: dict[str, Any] | None = None,
        require_witness: bool = True,
    ) -> None:
        self.store = store
        self.network = network
        self.primary = primary
        self.witnesses = list(witnesses)
        self.registry = registry
        self.clock = clock
        self.opts = network.trust
        self.chain_id = network.chain_id
        self._genesis_document = genesis_document
        self.require_witness = require_witness
        self._root: TrustedState | None = None

    # --- the root of trust -------------------------------------------------------------

    def bootstrap(self) -> TrustedState:
        """The pinned genesis as the trusted state at height 0 (downloaded and checked the first time)."""
        if self._root is not None:
            return self._root
        stored = self.store.root()
        if stored is not None:
            chain_id, ghash, raw = stored
            if chain_id != self.chain_id or ghash != self.network.genesis_hash:
                raise GenesisMismatch(
                    "this light client's data belongs to another network "
                    f"({chain_id}, genesis {ghash.hex()[:16]}…)",
                    stored_chain=chain_id,
                    pinned=self.network.genesis_hash,
                )
            g = decode(Genesis, raw)
        else:
            g = self._fetch_genesis()
            self.store.set_root(self.chain_id, genesis_hash(g), encode(g))
        self._root = TrustedState.genesis(g)
        return self._root

    def _fetch_genesis(self) -> Genesis:
        document = self._genesis_document
        source = "the local genesis file"
        if document is None:
            try:
                document = self.primary.genesis()
            except PeerUnavailable:
                raise
            except DepotError as exc:
                log.info("%s does not serve the genesis document: %s", self.primary.url, exc)
                document = None
            source = self.primary.url
        if document is None:
            raise NetworkNotConfigured(
                "no genesis document: the node does not serve /v1/genesis and none was given"
            )
        try:
            g = genesis_from_json(self.registry, document)
        except DepotError as exc:
            raise GenesisMismatch(f"the genesis document from {source} is invalid: {exc.message}") from exc
        got = genesis_hash(g)
        if got != self.network.genesis_hash:
            raise GenesisMismatch(
                f"the genesis document from {source} hashes to {got.hex()}, not the pinned "
                f"{self.network.genesis_hash.hex()}",
                got=got,
                pinned=self.network.genesis_hash,
            )
        if g.chain_id != self.chain_id:
            raise WrongChain(f"the pinned genesis is for chain {g.chain_id!r}, not {self.chain_id!r}")
        genesis_state(self.registry, g)  # refuses a document no chain could have started from
        return g

    def trusted(self) -> TrustedState:
        """The newest verified header, or the genesis root."""
        root = self.bootstrap()
        lb = self.store.latest()
        return root if lb is None else TrustedState.of(lb)

    # --- sync --------------------------------------------------------------------------

    def _check_node(self, provider: Provider) -> NodeStatus:
        s = provider.status()
        if s.chain_id != self.chain_id or s.genesis_hash != self.network.genesis_hash:
            raise WrongChain(
                f"the node at {provider.url} follows {s.chain_id!r} (genesis "
                f"{s.genesis_hash.hex()[:16]}…), not this network",
                url=provider.url,
            )
        return s

    def sync(self, height: int | None = None, *, mode: str = "skipping") -> SyncResult:
        """Verify headers up to ``height`` (the primary's latest if None) and store them.

        ``mode`` is ``skipping`` (bisection) or ``sequential`` (every header).
        Skipping falls back to sequential when the trusted header is older
        than the trusting period.
        """
        if mode not in ("skipping", "sequential"):
            raise ValueError(f"unknown sync mode {mode!r}")
        t0 = time.perf_counter()
        if self.store.halted():
            alerts = self.store.alerts()
            raise LightClientHalted(
                "sync is halted: a fork was detected and has not been acknowledged "
                f"(evidence #{alerts[0].evidence_id if alerts else '?'})",
                evidence_ids=[a.evidence_id for a in alerts],
            )
        status = self._check_node(self.primary)
        trusted = self.trusted()
        target = status.height if height is None else height
        if height is None and self.witnesses:
            # Aim at a height some witness already has, so the cross-check can happen.
            seen = []
            for w in self.witnesses:
                try:
                    seen.append(self._check_node(w).height)
                except DepotError as exc:  # down, or on another chain: the cross-check reports it
                    log.warning("witness %s: %s", w.url, exc.message)
            if seen:
                target = max(trusted.height, min(target, max(seen)))
        if target <= trusted.height:
            return SyncResult(trusted.height, trusted.block_id, 0, mode, 0, time.perf_counter() - t0)
        now = self.clock()
        if mode == "skipping" and verifier.is_expired(trusted, now, self.opts):
            log.info(
                "trusted header %d is older than the trusting period: verifying sequentially",
                trusted.height,
            )
            mode = "sequential"
        verified = 0
        report = WitnessReport(0, (), ())
        if mode == "skipping":
            last = self.primary.light_block(target)
            trace = self._verify_to(self.primary, trusted, last, now)
            report = self._cross_check(trusted, last, now)
            self.store.save(trace, now_ms=self.clock(), source=self.primary.url)
            verified = len(trace)
        else:
            last_trusted = trusted
            start = trusted.height + 1
            while start <= target:
                end = min(target, start + SEQUENTIAL_CHUNK - 1)
                blocks = self.primary.light_blocks(start, end)
                now = self.clock()
                new_trusted = verifier.verify_sequential(self.chain_id, last_trusted, blocks, now, self.opts)
                chunk_report = self._cross_check(last_trusted, blocks[-1], now)
                report = WitnessReport(
                    max(report.agreed, chunk_report.agreed),
                    tuple(dict.fromkeys(report.faulty + chunk_report.faulty)),
                    tuple(dict.fromkeys(report.unavailable + chunk_report.unavailable)),
                )
                self.store.save(blocks, now_ms=self.clock(), source=self.primary.url)
                verified += len(blocks)
                last_trusted = new_trusted
                last = blocks[-1]
                start = end + 1
        return SyncResult(
            height=last.height,
            block_id=last.block_id,
            verified_headers=verified,
            mode=mode,
            witnesses_checked=report.agreed,
            seconds=time.perf_counter() - t0,
            faulty_witnesses=report.faulty,
        )

    def _verify_to(
        self, provider: Provider, trusted: TrustedState, target: LightBlock, now: int
    ) -> list[LightBlock]:
        """Verify ``target`` from ``trusted`` with bisection, or sequentially if the trust expired."""
        if target.height == trusted.height + 1 or not verifier.is_expired(trusted, now, self.opts):
            steps = verifier.skipping_steps(self.chain_id, trusted, target, now, self.opts)
            try:
                pivot = next(steps)
                while True:
                    pivot = steps.send(provider.light_block(pivot))
            except StopIteration as done:
                return list(done.value)
            except TrustedHeaderExpired:
                pass  # a bisection step ran past the trusting period: fall through
        blocks = []
        if target.height > trusted.height + 1:
            blocks = provider.light_blocks(trusted.height + 1, target.height - 1)
        verifier.verify_sequential(self.chain_id, trusted, [*blocks, target], now, self.opts)
        return [*blocks, target]

    def _cross_check(self, common: TrustedState, verified: LightBlock, now: int) -> WitnessReport:
        """Compare ``verified`` with each witness's header at its height; a verifying conflict is a fork."""
        agreed = 0
        faulty: list[str] = []
        unavailable: list[str] = []
        for w in self.witnesses:
            try:
                theirs = w.light_block(verified.height)
            except DepotError as exc:
                log.warning("witness %s could not serve header %d: %s", w.url, verified.height, exc)
                unavailable.append(w.url)
                continue
            if theirs.block_id == verified.block_id:
                agreed += 1
                continue
            try:
                verifier.check_light_block(theirs, self.chain_id, verified.height)
                self._verify_to(w, common, theirs, now)
            except LightClientError as exc:
                # A witness whose header does not verify is faulty or lying, not a fork.
                log.warning("witness %s serves a header that does not verify: %s", w.url, exc)
                faulty.append(w.url)
                continue
            alert = self.store.add_evidence(
                primary=verified,
                witness=theirs,
                primary_url=self.primary.url,
                witness_url=w.url,
                common_height=common.height,
                now_ms=self.clock(),
            )
            log.error(
                "FORK at height %d: %s vs %s (evidence #%d)",
                verified.height, self.primary.url, w.url, alert.evidence_id,
            )  # fmt: skip
            raise ForkDetected(alert)
        if self.witnesses and agreed == 0 and self.require_witness:
            raise PeerUnavailable(
                f"no witness confirmed header {verified.height} "
                f"({len(unavailable)} unavailable, {len(faulty)} faulty); nothing was stored",
                height=verified.height,
                unavailable=unavailable,
                faulty=faulty,
            )
        return WitnessReport(agreed, tuple(faulty), tuple(unavailable))

    # --- verified headers at any height -------------------------------------------------

    def verified_header(self, height: int | None = None) -> LightBlock:
        """A verified light block at ``height`` (the newest if None), verifying it now if needed."""
        if height is None:
            lb = self.store.latest()
            if lb is None:
                self.sync()
                lb = self.store.latest()
            if lb is None:
                raise LightClientError("the chain has no block yet")
            return lb
        if height < 1:
            raise LightClientError("block heights start at 1")
        lb = self.store.light_block(height)
        if lb is not None:
            return lb
        latest = self.store.latest()
        if latest is None or height > latest.height:
            self.sync(height)
            got = self.store.light_block(height)
            if got is None:  # pragma: no cover - sync stores its target
                raise LightClientError(f"header {height} was not stored")
            return got
        now = self.clock()
        below = self.store.nearest_below(height)
        base = TrustedState.of(below) if below is not None else self.bootstrap()
        if not verifier.is_expired(base, now, self.opts):
            target = self.primary.light_block(height)
            trace = self._verify_to(self.primary, base, target, now)
            self.store.save(trace, now_ms=now, source=self.primary.url)
            return target
        # The nearest header below is too old to skip from: walk down the hash links.
        above = self.store.nearest_above(height)
        if above is None:  # pragma: no cover - latest is above height here
            raise LightClientError(f"no verified header above {height}")
        newer = above
        walked = []
        while newer.height > height:
            older = self.primary.light_block(newer.height - 1)
            verifier.verify_backwards(newer.header, older.header)
            walked.append(older)
            newer = older
        self.store.save(walked, now_ms=now, source=self.primary.url + " (hash links)")
        return newer

    # --- verified reads ---------------------------------------------------------------

    def get_record(self, key: bytes, *, height: int | None = None) -> VerifiedRecord[Any]:
        """Any state record (or its proven absence) with its proof checked against a verified header."""
        lb = self.verified_header(height)
        answer = self.primary.state(key, lb.height)
        verifier.verify_state_answer(
            lb.header,
            key,
            answer_key=answer.key,
            answer_height=answer.height,
            value=answer.value,
            proof=answer.proof,
        )
        name, record = (None, None)
        if answer.value is not None:
            name, record = verifier.decode_record(self.registry, key, answer.value)
        else:
            rt = self.registry.record_type_for(key)
            name = rt.name if rt is not None else None
        return VerifiedRecord(
            key=key,
            value=answer.value,
            record=record,
            record_type=name,
            height=lb.height,
            block_id=lb.block_id,
            state_root=Hash32(lb.header.state_root),
        )

    def require_record(self, key: bytes, *, height: int | None = None) -> VerifiedRecord[Any]:
        """Like ``get_record`` but a proven absence is ``RecordNotFound``."""
        r = self.get_record(key, height=height)
        if r.value is None:
            raise RecordNotFound(
                f"no record {key!r} ({r.verified_against})", key=key, height=r.height
            )
        return r

    def get_account(self, address: str | bytes, *, height: int | None = None) -> VerifiedRecord[Account]:
        """An account, proven against a verified header; ``AccountNotFound`` if proven absent."""
        addr = parse_address(address) if isinstance(address, str) else bytes(address)
        r = self.get_record(account_key(addr), height=height)
        if r.value is None:
            raise AccountNotFound(
                f"there is no account {address if isinstance(address, str) else addr.hex()} "
                f"({r.verified_against})",
                address=addr,
                height=r.height,
            )
        return r  # type: ignore[return-value]

    def get_tx(self, tx_id: bytes | str) -> VerifiedTx:
        """A committed transaction with its inclusion proof checked against its verified block."""
        tid = bytes.fromhex(tx_id) if isinstance(tx_id, str) else bytes(tx_id)
        answer = self.primary.tx(tid)
        lb = self.verified_header(answer.height)
        tx = verifier.verify_tx_answer(lb.header, tid, answer.raw, answer.proof)
        return VerifiedTx(
            tx_id=Hash32(tid),
            tx=tx,
            raw=answer.raw,
            height=lb.height,
            index=answer.proof.index,
            block_id=lb.block_id,
            txs_root=Hash32(lb.header.txs_root),
            result_code=answer.result_code,
        )

    def close(self) -> None:
        self.primary.close()
        for w in self.witnesses:
            w.close()
