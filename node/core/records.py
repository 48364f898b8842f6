"""Copying frozen records with some fields changed, cheaply (the hot path of every transfer)."""

from __future__ import annotations

from typing import Any, TypeVar

R = TypeVar("R")

_set = object.__setattr__


def evolve(record: R, **changes: Any) -> R:
    """Like ``dataclasses.replace`` for frozen slotted records without ``__post_init__``.

    About five times faster, because it copies slots instead of re-running the
    generated ``__init__``.  Values must already have the field's semantic type
    (``Amount(...)``, not a bare ``int``); that is what the types are for.
    """
    cls = type(record)
    new = object.__new__(cls)
    for name in cls.__slots__:  # type: ignore[attr-defined]
        _set(new, name, changes[name] if name in changes else getattr(record, name))
    return new  # type: ignore[no-any-return]
