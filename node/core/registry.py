"""The module registry: where each business module declares its transaction kinds.

A business module (accounts and token, governance, tanks and orders, ...) is
one package exposing a ``MODULE: Module``.  Adding a transaction kind touches
that package and the list in ``node/modules/__init__.py``, nothing else: the
executor, the API, the wallet's transaction builder and the explorer all look
kinds up here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from node.core.encoding import decode
from node.core.errors import DepotError, InvalidAmount
from node.core.transactions import InvalidPayload, Transaction, UnknownKind

if TYPE_CHECKING:
    from node.core.execution import BlockContext, TxContext
    from node.core.state import State


@dataclass(frozen=True, slots=True)
class TxKind:
    """One transaction kind: its payload type and its state transition."""

    name: str
    """``module.action``, as carried in ``TxBody.kind``."""
    payload_type: type
    """Frozen dataclass whose canonical encoding is ``TxBody.payload``."""
    apply: Callable[[TxContext, Any], None]
    """The state transition; raises a ``DepotError`` subclass to fail the transaction."""
    description: str
    """One sentence for people (the wallet's signing view shows it)."""
    value: Callable[[Any], int] = lambda _p: 0
    """Amount moved, in minor units; decides whether an account's higher signer threshold applies."""
    commutes: bool = False
    """Successful transactions of commuting kinds leave the same state in any order (payments:
    balances add up the same; one sender's nonces are ordered anyway).  Only the mempool uses it,
    to keep its admission overlay when another proposer orders them differently."""


@dataclass(frozen=True, slots=True)
class GovernanceAction:
    """A change that only a passed governance proposal may make."""

    name: str
    payload_type: type
    apply: Callable[[TxContext, Any], None]
    description: str


@dataclass(frozen=True, slots=True)
class RecordType:
    """A kind of state record, for explorers and proofs: keys starting with ``prefix``."""

    prefix: bytes
    record_type: type
    name: str


@dataclass(frozen=True, slots=True)
class Module:
    """A business module's declaration."""

    name: str
    tx_kinds: tuple[TxKind, ...] = ()
    actions: tuple[GovernanceAction, ...] = ()
    records: tuple[RecordType, ...] = ()
    errors: tuple[type[DepotError], ...] = ()
    genesis_type: type | None = None
    """The dataclass of this module's section of the genesis document, if it has one."""
    init_genesis: Callable[[State, Any], None] | None = None
    """Writes the module's initial state from its genesis section."""
    end_block: Callable[[BlockContext], None] | None = None
    """Runs after a block's transactions (time-driven transitions such as deadlines)."""
    authorizer: Callable[[State, Transaction, int], None] | None = None
    """Checks sender, signer authority and nonce, then consumes the nonce (one module provides it)."""


@dataclass(slots=True)
class Registry:
    """All modules of a chain, indexed by kind, action and record prefix."""

    modules: tuple[Module, ...]
    kinds: dict[str, TxKind] = field(default_factory=dict)
    actions: dict[str, GovernanceAction] = field(default_factory=dict)
    records: list[RecordType] = field(default_factory=list)
    authorizer: Callable[[State, Transaction, int], None] | None = None

    def __post_init__(self) -> None:
        for m in self.modules:
            if m.authorizer is not None:
                if self.authorizer is not None:
                    raise ValueError("two modules provide transaction authorisation")
                self.authorizer = m.authorizer
            for k in m.tx_kinds:
                if k.name in self.kinds:
                    raise ValueError(f"transaction kind {k.name} registered twice")
                self.kinds[k.name] = k
            for a in m.actions:
                if a.name in self.actions:
                    raise ValueError(f"governance action {a.name} registered twice")
                self.actions[a.name] = a
            self.records.extend(m.records)

    def kind(self, name: str) -> TxKind:
        k = self.kinds.get(name)
        if k is None:
            raise UnknownKind(f"unknown transaction kind {name!r}", kind=name)
        return k

    def decode_payload(self, kind_name: str, payload: bytes) -> Any:
        k = self.kind(kind_name)
        try:
            return decode(k.payload_type, payload)
        except InvalidAmount:
            raise  # a specific error people can act on, not "invalid payload"
        except DepotError as exc:
            raise InvalidPayload(f"{kind_name} payload: {exc.message}", kind=kind_name) from exc

    def action(self, name: str) -> GovernanceAction:
        a = self.actions.get(name)
        if a is None:
            raise UnknownKind(f"unknown governance action {name!r}", action=name)
        return a

    def decode_action(self, name: str, payload: bytes) -> Any:
        a = self.action(name)
        try:
            return decode(a.payload_type, payload)
        except DepotError as exc:
            raise InvalidPayload(f"{name} payload: {exc.message}", action=name) from exc

    def record_type_for(self, key: bytes) -> RecordType | None:
        for r in self.records:
            if key.startswith(r.prefix):
                return r
        return None

    def all_errors(self) -> Iterable[type[DepotError]]:
        for m in self.modules:
            yield from m.errors
