"""The state transition: applying transactions and blocks to state.

``execute_block(registry, state, txs, env)`` is the whole rule book: it checks
each transaction against state (sender, signer authority, nonce, expiry),
runs its kind's transition in a nested journal, then the modules' end-of-block
hooks.  The caller reads ``state.diff()`` and commits it atomically.  Time is
an argument (``env.time_ms``, the block's time); nothing here reads a clock.

Two kinds of failure are kept apart.  A transaction that can never be included
(bad nonce, unauthorised signer, expired, unknown kind) raises
``InvalidTransaction``: the mempool refuses it, and a block containing it is
invalid.  A transaction whose transition fails (insufficient funds, wrong
role) is included as *failed*: its nonce is consumed and its effects are not.
Signatures are assumed verified by the caller (``check_stateless``), so that
verification can run in parallel and be cached from the mempool.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from node.core.encoding import to_json
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.state import State
from node.core.transactions import Transaction, check_time
from node.core.types import Address, Hash32


@dataclass(frozen=True, slots=True)
class BlockEnv:
    """What a block's execution may know about the world beyond state."""

    chain_id: str
    height: int
    time_ms: int
    """The block's time (ms since epoch): the only clock the rules see."""
    proposer: bytes
    max_tx_ttl_ms: int
    """How far ahead of block time a transaction's expiry may lie."""


class Event:
    """Something that happened, for clients to follow (``token.transferred``, ``order.created``).

    Attributes are kept as given and turned into JSON form on first use: the
    mempool's trial execution emits events that nobody reads.
    """

    __slots__ = ("kind", "_raw", "_attrs")

    def __init__(self, kind: str, attrs: dict[str, Any]) -> None:
        self.kind = kind
        self._raw: dict[str, Any] | None = attrs
        self._attrs: dict[str, Any] | None = None

    @property
    def attrs(self) -> dict[str, Any]:
        if self._attrs is None:
            raw = self._raw or {}
            self._attrs = {k: to_json(v) for k, v in raw.items()}
            self._raw = None
        return self._attrs

    def attrs_json(self) -> str:
        """Deterministic JSON text of the attributes."""
        raw = self._raw
        if raw is not None and self._attrs is None:
            text = _flat_json(raw)
            if text is not None:
                return text
        return json.dumps(self.attrs, sort_keys=True, separators=(",", ":"))

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, {self.attrs!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and (self.kind, self.attrs) == (other.kind, other.attrs)

    __hash__ = None  # type: ignore[assignment]


_json_str = json.encoder.encode_basestring_ascii  # what json.dumps uses (ensure_ascii)


def _flat_json(raw: dict[str, Any]) -> str | None:
    """``json.dumps({k: to_json(v)}, sort_keys=True, separators=(",", ":"))`` for flat attributes.

    The same text, built directly for the value types events carry (text,
    integers, addresses, bytes, booleans, None); None for anything else, which
    goes the general way.
    """
    parts = []
    for k in sorted(raw):
        v = raw[k]
        t = type(v)
        if t is str:
            text = _json_str(v)
        elif t is Address:
            text = f'"{v}"'
        elif t is bool:
            text = "true" if v else "false"
        elif isinstance(v, int):
            text = str(int(v))
        elif v is None:
            text = "null"
        elif isinstance(v, (bytes, bytearray)) and not isinstance(v, Address):
            text = f'"{bytes(v).hex()}"'
        else:
            return None
        if type(k) is not str:
            return None
        parts.append(f"{_json_str(k)}:{text}")
    return "{" + ",".join(parts) + "}"


@dataclass(slots=True)
class TxOutcome:
    """The result of one included transaction."""

    tx_id: Hash32
    ok: bool
    code: str
    message: str
    events: list[Event] = field(default_factory=list)


class TxContext:
    """What a transaction's transition sees: state, the block env, who acts and how to emit events."""

    __slots__ = ("state", "env", "tx_id", "sender", "signer_keys", "index", "events", "registry")

    def __init__(
        self,
        state: State,
        env: BlockEnv,
        tx_id: Hash32,
        sender: Address,
        signer_keys: tuple[bytes, ...],
        index: int,
        registry: Registry,
    ) -> None:
        self.state = state
        self.env = env
        self.tx_id = tx_id
        self.sender = sender
        self.signer_keys = signer_keys
        self.index = index
        self.events: list[Event] = []
        self.registry = registry

    def emit(self, kind: str, /, **attrs: Any) -> None:
        self.events.append(Event(kind, attrs))


class BlockContext:
    """What an end-of-block hook sees."""

    __slots__ = ("state", "env", "events", "registry")

    def __init__(self, state: State, env: BlockEnv, registry: Registry) -> None:
        self.state = state
        self.env = env
        self.events: list[Event] = []
        self.registry = registry

    def emit(self, kind: str, /, **attrs: Any) -> None:
        self.events.append(Event(kind, attrs))


def execute_tx(
    registry: Registry,
    state: State,
    tx: Transaction,
    tx_id: Hash32,
    env: BlockEnv,
    index: int,
    *,
    strict: bool = False,
    payload: Any = None,
) -> TxOutcome:
    """Apply one transaction whose signatures are already verified.

    Raises ``InvalidTransaction`` if it cannot be included; otherwise returns
    its outcome, with its effects in ``state`` only if it succeeded.  With
    ``strict`` (mempool admission) a failing transition raises its error
    instead, so the submitter hears why at once and nothing is kept.
    ``payload`` may pass the already-decoded payload (the mempool keeps it).
    """
    body = tx.body
    kind = registry.kind(body.kind)
    if payload is None:
        payload = registry.decode_payload(body.kind, body.payload)
    check_time(body, env.time_ms, env.max_tx_ttl_ms)
    authorizer = registry.authorizer
    if authorizer is None:
        raise RuntimeError("no module provides transaction authorisation")
    authorizer(state, tx, kind.value(payload))
    child = state.child()
    ctx = TxContext(
        child, env, tx_id, body.sender, tuple(s.public_key for s in tx.signatures), index, registry
    )
    try:
        kind.apply(ctx, payload)
    except DepotError as exc:
        if strict:
            raise
        return TxOutcome(tx_id, False, exc.code, exc.message, [])
    child.commit()
    return TxOutcome(tx_id, True, "ok", "", ctx.events)


def execute_block(
    registry: Registry,
    state: State,
    txs: Sequence[Transaction],
    tx_ids: Sequence[Hash32],
    env: BlockEnv,
    *,
    end_block_keys: list[bytes] | None = None,
) -> tuple[list[TxOutcome], list[Event]]:
    """Apply a block's transactions and end-of-block hooks to ``state``.

    Raises ``InvalidTransaction`` (annotated with the index) if any
    transaction cannot be included: the block is then invalid.  The keys the
    end-of-block hooks wrote are added to ``end_block_keys`` if given.
    """
    outcomes: list[TxOutcome] = []
    for i, (tx, tid) in enumerate(zip(txs, tx_ids, strict=True)):
        try:
            outcomes.append(execute_tx(registry, state, tx, tid, env, i))
        except DepotError as exc:
            exc.data.setdefault("tx_index", i)
            raise
    return outcomes, end_block(registry, state, env, end_block_keys)


def end_block(
    registry: Registry, state: State, env: BlockEnv, written: list[bytes] | None = None
) -> list[Event]:
    """Run every module's end-of-block hook on ``state``; returns their events.

    The hooks write through a nested journal, so the keys they wrote can be
    told apart (added to ``written`` if given) from those of the transactions.
    """
    hooks = state.child()
    ctx = BlockContext(hooks, env, registry)
    for m in registry.modules:
        if m.end_block is not None:
            m.end_block(ctx)
    if written is not None:
        written.extend(hooks.written_keys())
    hooks.commit()
    return ctx.events
