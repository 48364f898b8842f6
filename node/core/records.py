"""Copying frozen records with some fields changed, cheaply (the hot path of every transfer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")

_copiers: dict[type, Callable[[Any, dict[str, Any]], Any]] = {}


def _copier(cls: type) -> Callable[[Any, dict[str, Any]], Any]:
    # One straight-line function per class, as dataclasses generates __init__:
    # no loop, no per-field dictionary probing beyond one .get per field.
    names = cls.__slots__  # type: ignore[attr-defined]
    lines = ["def copy(r, ch):", "    n = new(cls)"]
    for name in names:
        lines.append(f"    s(n, {name!r}, ch.get({name!r}, r.{name}))")
    lines.append("    return n")
    ns: dict[str, Any] = {"new": object.__new__, "cls": cls, "s": object.__setattr__}
    exec("\n".join(lines), ns)  # noqa: S102 - source built from the class's own slot names
    fn: Callable[[Any, dict[str, Any]], Any] = ns["copy"]
    _copiers[cls] = fn
    return fn


def evolve(record: R, **changes: Any) -> R:
    """Like ``dataclasses.replace`` for frozen slotted records without ``__post_init__``.

    Several times faster, because it copies slots instead of re-running the
    generated ``__init__``.  Values must already have the field's semantic type
    (``Amount(...)``, not a bare ``int``); that is what the types are for.
    """
    cls = type(record)
    fn = _copiers.get(cls) or _copier(cls)
    for name in changes:
        if name not in cls.__slots__:  # type: ignore[attr-defined]
            raise TypeError(f"{cls.__name__} has no field {name!r}")
    return fn(record, changes)  # type: ignore[no-any-return]
