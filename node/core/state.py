"""A typed, journaled view of chain state used while executing transactions.

Records are frozen dataclasses stored under byte keys.  ``State`` reads through
to a base reader (the store's latest state, or a parent ``State``), caches
decoded records, and records writes in a journal; ``child()`` opens a nested
journal that is merged with ``commit()`` or dropped, which is how a failed
transaction leaves no trace.  ``diff()`` yields the encoded changes that the
storage adapter commits atomically with the block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from node.core.encoding import decode, encode

R = TypeVar("R")

_MISSING = object()


class StateReader(Protocol):
    """Anything that returns the encoded value stored under a key, or None.

    A reader may also offer ``get_record(key, cls)``, the decoded record (or
    None), to share decoded records between blocks; ``State`` uses it when present.
    """

    def get_state(self, key: bytes) -> bytes | None: ...


class DictReader:
    """A reader over a plain dict (genesis building, tests, replay)."""

    def __init__(self, data: dict[bytes, bytes] | None = None) -> None:
        self.data = data if data is not None else {}

    def get_state(self, key: bytes) -> bytes | None:
        return self.data.get(key)


class State:
    """Typed state access with a write journal."""

    __slots__ = ("_base", "_get_record", "_parent", "_reads", "_writes")

    def __init__(self, base: StateReader | None = None, parent: State | None = None) -> None:
        self._base = base
        self._get_record = getattr(base, "get_record", None)
        self._parent = parent
        self._reads: dict[bytes, Any] = {}  # decoded clean values (None = absent)
        self._writes: dict[bytes, Any] = {}  # record, or None for a deletion

    def get(self, key: bytes, cls: type[R]) -> R | None:
        """The record under ``key`` decoded as ``cls``, or None."""
        v = self._writes.get(key, _MISSING)
        if v is not _MISSING:
            return v  # type: ignore[no-any-return]
        if self._parent is not None:
            return self._parent.get(key, cls)
        v = self._reads.get(key, _MISSING)
        if v is _MISSING:
            if self._get_record is not None:
                v = self._get_record(key, cls)
            else:
                raw = self._base.get_state(key) if self._base is not None else None
                v = None if raw is None else decode(cls, raw)
            self._reads[key] = v
        return v  # type: ignore[no-any-return]

    def put(self, key: bytes, record: Any) -> None:
        self._writes[key] = record

    def delete(self, key: bytes) -> None:
        self._writes[key] = None

    def child(self) -> State:
        """A nested journal: its writes reach this state only on ``commit()``."""
        return State(parent=self)

    def commit(self) -> None:
        """Merge this child's writes into its parent."""
        if self._parent is None:
            raise RuntimeError("commit() on a root State")
        self._parent._writes.update(self._writes)
        self._writes = {}

    def writes(self) -> dict[bytes, Any]:
        """This journal's writes as records (None = deleted); do not modify."""
        return self._writes

    def forget_reads(self, keys: Iterable[bytes]) -> None:
        """Drop cached reads of ``keys`` (their value in the base changed)."""
        reads = self._reads
        for k in keys:
            reads.pop(k, None)

    def written_keys(self) -> list[bytes]:
        return list(self._writes)

    def diff(self) -> dict[bytes, bytes | None]:
        """Encoded writes: key -> new value bytes, or None for deletion."""
        return {k: (None if v is None else encode(v)) for k, v in self._writes.items()}

    def reset_writes(self) -> None:
        """Forget pending writes (keeps the read cache, which reflects the base)."""
        self._writes = {}
