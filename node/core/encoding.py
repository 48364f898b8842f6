"""The canonical binary encoding of every structure Depot signs, hashes or stores.

The encoding is derived from a frozen dataclass's typed fields, in declaration
order, with nothing optional about the layout (see docs/protocol.md §2):

* ``UInt`` subclasses: big-endian, fixed width (U8/U16/U32/U64 and their
  semantic subclasses such as ``Amount`` or ``Height``); ``bool`` is one byte
  0 or 1.
* ``FixedBytes`` subclasses (``Hash32``, ``Address``, ``Signature64``): raw,
  fixed size.
* ``bytes``: u32 length, then the bytes.  ``str``: u32 length, then UTF-8.
* ``tuple[T, ...]``: u32 count, then each item.
* ``T | None``: one byte 0 (absent) or 1 followed by ``T``.
* a nested dataclass: its fields, in order.

Every value has exactly one encoding, so decoding is strict: a short buffer,
trailing bytes, a bool other than 0/1, invalid UTF-8, a length over its
declared maximum or a value out of its type's range is a ``DecodeError``.
Maximum lengths are declared with ``Annotated[T, MaxLen(n)]``.
"""

from __future__ import annotations

import dataclasses
import struct
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from node.core.errors import DecodeError, DepotError, InvalidValue
from node.core.types import Address, FixedBytes, UInt

T = TypeVar("T")

DEFAULT_MAX_LEN = 1 << 20  # 1 MiB for unbounded byte strings and lists


@dataclasses.dataclass(frozen=True, slots=True)
class MaxLen:
    """Annotation bounding a ``bytes``/``str`` length (in bytes) or a tuple's item count."""

    n: int


Encoder = Callable[[Any, list[bytes]], None]
Decoder = Callable[[bytes, int], tuple[Any, int]]

_U32 = struct.Struct(">I")
_FORMATS = {8: struct.Struct(">B"), 16: struct.Struct(">H"), 32: struct.Struct(">I"), 64: struct.Struct(">Q")}

_codecs: dict[Any, tuple[Encoder, Decoder]] = {}


def _uint_codec(tp: type[UInt]) -> tuple[Encoder, Decoder]:
    new_int = int.__new__
    fmt = _FORMATS[tp.BITS]
    size = fmt.size
    pack = fmt.pack
    unpack_from = fmt.unpack_from

    def enc(v: Any, out: list[bytes]) -> None:
        if type(v) is not tp:
            v = tp(v)
        out.append(pack(v))

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        end = pos + size
        if end > len(b):
            raise DecodeError(f"truncated {tp.__name__}: need {size} bytes at offset {pos}")
        (v,) = unpack_from(b, pos)
        if v > tp.MAX:
            if tp.ERROR is not InvalidValue:
                # e.g. an Amount over its cap: a specific error, not "malformed".
                raise tp.ERROR(f"{tp.__name__} {v} exceeds its maximum {tp.MAX}", value=v)
            raise DecodeError(f"{tp.__name__} {v} out of range at offset {pos}")
        # In range by the checks above: skip the constructor's re-check (hot path).
        return new_int(tp, v), end

    return enc, dec


def _bool_codec() -> tuple[Encoder, Decoder]:
    def enc(v: Any, out: list[bytes]) -> None:
        if not isinstance(v, bool):
            raise InvalidValue(f"expected a bool, got {type(v).__name__}")
        out.append(b"\x01" if v else b"\x00")

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        if pos >= len(b):
            raise DecodeError(f"truncated bool at offset {pos}")
        x = b[pos]
        if x > 1:
            raise DecodeError(f"bool must be 0 or 1, got {x} at offset {pos}")
        return x == 1, pos + 1

    return enc, dec


def _fixed_codec(tp: type[FixedBytes]) -> tuple[Encoder, Decoder]:
    size = tp.SIZE
    new_bytes = bytes.__new__

    def enc(v: Any, out: list[bytes]) -> None:
        if type(v) is not tp:
            v = tp(v)
        out.append(v)

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        end = pos + size
        if end > len(b):
            raise DecodeError(f"truncated {tp.__name__}: need {size} bytes at offset {pos}")
        return new_bytes(tp, b[pos:end]), end

    return enc, dec


def _length(b: bytes, pos: int, limit: int, what: str) -> tuple[int, int]:
    if pos + 4 > len(b):
        raise DecodeError(f"truncated length of {what} at offset {pos}")
    (n,) = _U32.unpack_from(b, pos)
    if n > limit:
        raise DecodeError(f"{what} length {n} exceeds the maximum {limit}")
    return n, pos + 4


def _bytes_codec(limit: int) -> tuple[Encoder, Decoder]:
    def enc(v: Any, out: list[bytes]) -> None:
        if not isinstance(v, (bytes, bytearray)):
            raise InvalidValue(f"expected bytes, got {type(v).__name__}")
        if len(v) > limit:
            raise InvalidValue(f"byte string of {len(v)} bytes exceeds the maximum {limit}")
        out.append(_U32.pack(len(v)))
        out.append(bytes(v))

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        n, pos = _length(b, pos, limit, "bytes")
        end = pos + n
        if end > len(b):
            raise DecodeError(f"truncated bytes: need {n} at offset {pos}")
        return bytes(b[pos:end]), end

    return enc, dec


def _str_codec(limit: int) -> tuple[Encoder, Decoder]:
    def enc(v: Any, out: list[bytes]) -> None:
        if not isinstance(v, str):
            raise InvalidValue(f"expected text, got {type(v).__name__}")
        try:
            raw = v.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidValue("text is not valid Unicode (lone surrogate)") from exc
        if len(raw) > limit:
            raise InvalidValue(f"text of {len(raw)} bytes exceeds the maximum {limit}")
        out.append(_U32.pack(len(raw)))
        out.append(raw)

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        n, pos = _length(b, pos, limit, "text")
        end = pos + n
        if end > len(b):
            raise DecodeError(f"truncated text: need {n} bytes at offset {pos}")
        try:
            return bytes(b[pos:end]).decode("utf-8"), end
        except UnicodeDecodeError as exc:
            raise DecodeError(f"text at offset {pos} is not valid UTF-8") from exc

    return enc, dec


def _tuple_codec(item: tuple[Encoder, Decoder], limit: int) -> tuple[Encoder, Decoder]:
    ienc, idec = item

    def enc(v: Any, out: list[bytes]) -> None:
        if not isinstance(v, (tuple, list)):
            raise InvalidValue(f"expected a sequence, got {type(v).__name__}")
        if len(v) > limit:
            raise InvalidValue(f"{len(v)} items exceed the maximum {limit}")
        out.append(_U32.pack(len(v)))
        for x in v:
            ienc(x, out)

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        n, pos = _length(b, pos, limit, "list")
        items = []
        for _ in range(n):
            x, pos = idec(b, pos)
            items.append(x)
        return tuple(items), pos

    return enc, dec


def _optional_codec(item: tuple[Encoder, Decoder]) -> tuple[Encoder, Decoder]:
    ienc, idec = item

    def enc(v: Any, out: list[bytes]) -> None:
        if v is None:
            out.append(b"\x00")
        else:
            out.append(b"\x01")
            ienc(v, out)

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        if pos >= len(b):
            raise DecodeError(f"truncated option tag at offset {pos}")
        tag = b[pos]
        if tag == 0:
            return None, pos + 1
        if tag != 1:
            raise DecodeError(f"option tag must be 0 or 1, got {tag} at offset {pos}")
        return idec(b, pos + 1)

    return enc, dec


def _struct_codec(cls: type) -> tuple[Encoder, Decoder]:
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    encs: list[tuple[str, Encoder]] = []
    decs: list[Decoder] = []
    for f in fields:
        e, d = codec_for(hints[f.name])
        encs.append((f.name, e))
        decs.append(d)
    name = cls.__name__

    def enc(v: Any, out: list[bytes]) -> None:
        if type(v) is not cls:
            raise InvalidValue(f"expected {name}, got {type(v).__name__}")
        for fname, fenc in encs:
            fenc(getattr(v, fname), out)

    def dec(b: bytes, pos: int) -> tuple[Any, int]:
        values = []
        for fdec in decs:
            x, pos = fdec(b, pos)
            values.append(x)
        try:
            return cls(*values), pos
        except DecodeError:
            raise
        except DepotError as exc:
            # A structurally valid encoding whose values break the type's own rules.
            raise DecodeError(f"invalid {name}: {exc.message}") from exc

    # The functions above are the definition; the generated ones below compute the
    # same thing faster (the hot path of every block) and hand anything unusual
    # (short buffer, value out of range, bad UTF-8) back to ``dec`` for its exact error.
    _reference[cls] = (enc, dec)
    return _fast_struct_enc(cls, hints, fields, encs, enc), _fast_struct_dec(cls, hints, fields, decs, dec)


_reference: dict[type, tuple[Encoder, Decoder]] = {}
"""The plain field-by-field codec of each struct, which the generated ones must equal (tests compare them)."""


def _field_kind(tp: Any) -> tuple[str, Any, int]:
    """How a field is laid out: ("uint", type, 0), ("fixed", type, 0), ("str"/"bytes", None, limit) or ("other", None, 0)."""
    limit = DEFAULT_MAX_LEN
    base = tp
    if typing.get_origin(tp) is typing.Annotated:
        base, *extras = typing.get_args(tp)
        for x in extras:
            if isinstance(x, MaxLen):
                limit = x.n
    if isinstance(base, type) and issubclass(base, UInt) and base is not bool:
        return "uint", base, 0
    if isinstance(base, type) and issubclass(base, FixedBytes):
        return "fixed", base, 0
    if base is str:
        return "str", None, limit
    if base is bytes:
        return "bytes", None, limit
    return "other", None, 0


_UINT_FORMAT = {8: "B", 16: "H", 32: "I", 64: "Q"}


def _fast_struct_dec(cls: type, hints: dict[str, Any], fields: list[Any], decs: list[Decoder], ref: Decoder) -> Decoder:
    ns: dict[str, Any] = {
        "cls": cls, "ref": ref, "DecodeError": DecodeError, "DepotError": DepotError,
        "new_int": int.__new__, "new_bytes": bytes.__new__, "u32": _U32.unpack_from,
        "UnicodeDecodeError": UnicodeDecodeError, "name": cls.__name__,
    }
    lines = ["def dec(b, pos):", "    p0 = pos", "    n = len(b)"]
    args: list[str] = []
    i = 0
    kinds = [_field_kind(hints[f.name]) for f in fields]
    while i < len(fields):
        kind, tp, limit = kinds[i]
        if kind in ("uint", "fixed"):
            # A run of fixed-width fields: one struct.unpack_from.
            j = i
            fmt = ">"
            while j < len(fields) and kinds[j][0] in ("uint", "fixed"):
                k_tp = kinds[j][1]
                fmt += _UINT_FORMAT[k_tp.BITS] if kinds[j][0] == "uint" else f"{k_tp.SIZE}s"
                j += 1
            st = struct.Struct(fmt)
            g = f"g{i}"
            ns[g] = st.unpack_from
            names = [f"a{k}" for k in range(i, j)]
            lines.append(f"    if pos + {st.size} > n:")
            lines.append("        return ref(b, p0)")
            lines.append(f"    {', '.join(names)}{',' if len(names) == 1 else ''} = {g}(b, pos)")
            lines.append(f"    pos += {st.size}")
            for k in range(i, j):
                k_kind, k_tp = kinds[k][0], kinds[k][1]
                ns[f"T{k}"] = k_tp
                if k_kind == "uint":
                    if k_tp.MAX < (1 << k_tp.BITS) - 1:
                        lines.append(f"    if a{k} > {k_tp.MAX}:")
                        lines.append("        return ref(b, p0)")
                    args.append(f"new_int(T{k}, a{k})")
                else:
                    args.append(f"new_bytes(T{k}, a{k})")
            i = j
            continue
        if kind in ("str", "bytes"):
            lines.append("    if pos + 4 > n:")
            lines.append("        return ref(b, p0)")
            lines.append(f"    (k{i},) = u32(b, pos)")
            lines.append(f"    e{i} = pos + 4 + k{i}")
            lines.append(f"    if k{i} > {limit} or e{i} > n:")
            lines.append("        return ref(b, p0)")
            if kind == "str":
                lines.append("    try:")
                lines.append(f"        a{i} = b[pos + 4:e{i}].decode('utf-8')")
                lines.append("    except UnicodeDecodeError:")
                lines.append("        return ref(b, p0)")
            else:
                lines.append(f"    a{i} = b[pos + 4:e{i}]")
            lines.append(f"    pos = e{i}")
            args.append(f"a{i}")
            i += 1
            continue
        ns[f"d{i}"] = decs[i]
        lines.append(f"    a{i}, pos = d{i}(b, pos)")
        args.append(f"a{i}")
        i += 1
    lines.append("    try:")
    lines.append(f"        return cls({', '.join(args)}), pos")
    lines.append("    except DecodeError:")
    lines.append("        raise")
    lines.append("    except DepotError as exc:")
    lines.append("        raise DecodeError(f'invalid {name}: {exc.message}') from exc")
    exec("\n".join(lines), ns)  # noqa: S102 - source built from the class's own field types
    return ns["dec"]  # type: ignore[no-any-return]


def _fast_struct_enc(
    cls: type, hints: dict[str, Any], fields: list[Any], encs: list[tuple[str, Encoder]], ref: Encoder
) -> Encoder:
    ns: dict[str, Any] = {"cls": cls, "ref": ref}
    lines = ["def enc(v, out):", "    if type(v) is not cls:", "        return ref(v, out)"]
    kinds = [_field_kind(hints[f.name]) for f in fields]
    i = 0
    while i < len(fields):
        kind = kinds[i][0]
        if kind == "uint":
            # A run of integers: one struct.pack, after the same conversion the field encoder does.
            j = i
            fmt = ">"
            while j < len(fields) and kinds[j][0] == "uint":
                fmt += _UINT_FORMAT[kinds[j][1].BITS]
                ns[f"T{j}"] = kinds[j][1]
                lines.append(f"    x{j} = v.{fields[j].name}")
                lines.append(f"    if type(x{j}) is not T{j}:")
                lines.append(f"        x{j} = T{j}(x{j})")
                j += 1
            ns[f"p{i}"] = struct.Struct(fmt).pack
            lines.append(f"    out.append(p{i}({', '.join(f'x{k}' for k in range(i, j))}))")
            i = j
            continue
        ns[f"e{i}"] = encs[i][1]
        lines.append(f"    e{i}(v.{fields[i].name}, out)")
        i += 1
    exec("\n".join(lines), ns)  # noqa: S102 - source built from the class's own field types
    return ns["enc"]  # type: ignore[no-any-return]


def codec_for(tp: Any) -> tuple[Encoder, Decoder]:
    """The (encoder, decoder) pair for a type annotation; cached."""
    cached = _codecs.get(tp)
    if cached is not None:
        return cached
    limit = DEFAULT_MAX_LEN
    base = tp
    if typing.get_origin(tp) is typing.Annotated:
        base, *extras = typing.get_args(tp)
        for x in extras:
            if isinstance(x, MaxLen):
                limit = x.n
    origin = typing.get_origin(base)
    result: tuple[Encoder, Decoder]
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(base) if a is not type(None)]
        if len(args) != 1 or len(typing.get_args(base)) != 2:
            raise TypeError(f"only T | None unions are encodable, got {tp}")
        result = _optional_codec(codec_for(args[0]))
    elif origin is tuple:
        targs = typing.get_args(base)
        if len(targs) != 2 or targs[1] is not Ellipsis:
            raise TypeError(f"only tuple[T, ...] is encodable, got {tp}")
        result = _tuple_codec(codec_for(targs[0]), limit)
    elif base is bool:
        result = _bool_codec()
    elif isinstance(base, type) and issubclass(base, UInt):
        result = _uint_codec(base)
    elif isinstance(base, type) and issubclass(base, FixedBytes):
        result = _fixed_codec(base)
    elif base is bytes:
        result = _bytes_codec(limit)
    elif base is str:
        result = _str_codec(limit)
    elif dataclasses.is_dataclass(base) and isinstance(base, type):
        result = _struct_codec(base)
    else:
        raise TypeError(f"no canonical encoding for {tp!r}")
    _codecs[tp] = result
    return result


_canonical_checks: dict[Any, Callable[[Any], bool]] = {}


def _canonical_check(tp: Any) -> Callable[[Any], bool]:
    """A predicate: is a value of annotation ``tp`` exactly what decoding its encoding returns?"""
    cached = _canonical_checks.get(tp)
    if cached is not None:
        return cached
    base = tp
    if typing.get_origin(tp) is typing.Annotated:
        base = typing.get_args(tp)[0]
    origin = typing.get_origin(base)
    check: Callable[[Any], bool]
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(base) if a is not type(None)]
        inner_check = _canonical_check(inner)

        def check(v: Any) -> bool:
            return v is None or inner_check(v)

    elif origin is tuple:
        item_check = _canonical_check(typing.get_args(base)[0])

        def check(v: Any) -> bool:
            return type(v) is tuple and all(map(item_check, v))

    elif dataclasses.is_dataclass(base) and isinstance(base, type):
        cls = base
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]
        ns: dict[str, Any] = {"cls": cls}
        lines = ["def check(v):", "    if type(v) is not cls:", "        return False"]
        for i, (fname, ftp) in enumerate(fields):
            fbase = typing.get_args(ftp)[0] if typing.get_origin(ftp) is typing.Annotated else ftp
            if isinstance(fbase, type) and (fbase in (str, bytes, bool) or issubclass(fbase, (UInt, FixedBytes))):
                ns[f"T{i}"] = fbase
                lines.append(f"    if type(v.{fname}) is not T{i}:")
            else:
                ns[f"c{i}"] = _canonical_check(ftp)
                lines.append(f"    if not c{i}(v.{fname}):")
            lines.append("        return False")
        lines.append("    return True")
        exec("\n".join(lines), ns)  # noqa: S102 - source built from the class's own field types
        check = ns["check"]
    elif isinstance(base, type) and (base in (str, bytes, bool) or issubclass(base, (UInt, FixedBytes))):
        exact = base

        def check(v: Any) -> bool:
            return type(v) is exact

    else:
        raise TypeError(f"no canonical encoding for {tp!r}")
    _canonical_checks[tp] = check
    return check


def is_canonical(value: Any) -> bool:
    """True if ``value`` is exactly what ``decode(type(value), encode(value))`` returns.

    That is: every field holds its declared type itself (``Amount``, not a
    bare ``int``; a ``tuple``, not a ``list``), so the value behaves exactly
    like one read back from storage.  Values must be encodable (ranges and
    lengths are not re-checked here).
    """
    return _canonical_check(type(value))(value)


def encode(value: Any) -> bytes:
    """The canonical encoding of a dataclass instance."""
    enc, _ = codec_for(type(value))
    out: list[bytes] = []
    enc(value, out)
    return b"".join(out)


def decode(cls: type[T], data: bytes) -> T:
    """Decode ``data`` as exactly one ``cls``; trailing bytes are an error."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes to decode {cls.__name__}")
    data = bytes(data)
    _, dec = codec_for(cls)
    value, pos = dec(data, 0)
    if pos != len(data):
        raise DecodeError(f"{len(data) - pos} trailing bytes after {cls.__name__}")
    return typing.cast(T, value)


def decode_items_with_spans(item_type: Any, data: bytes, pos: int, limit: int) -> tuple[list[Any], list[bytes], int]:
    """Decode a ``tuple[item_type, ...]`` at ``pos``, keeping each item's exact encoding.

    Returns ``(items, encodings, end)``: the same items the tuple codec would
    give, and for each the slice of ``data`` it was decoded from.  Decoding is
    canonical, so each slice equals ``encode(item)``; a caller that needs
    the encodings (a Merkle root over a block's transactions) takes them
    instead of encoding every item again.
    """
    _, dec = codec_for(item_type)
    n, pos = _length(data, pos, limit, "list")
    items: list[Any] = []
    spans: list[bytes] = []
    for _ in range(n):
        item, end = dec(data, pos)
        items.append(item)
        spans.append(data[pos:end])
        pos = end
    return items, spans, pos


def decode_at(tp: Any, data: bytes, pos: int) -> tuple[Any, int]:
    """Decode one ``tp`` (any encodable annotation) at ``pos``; returns ``(value, end)``."""
    _, dec = codec_for(tp)
    return dec(data, pos)  # type: ignore[no-any-return]


# --- JSON form -----------------------------------------------------------------------
#
# The JSON form is for people and HTTP clients; it is never hashed or signed.
# Integers stay integers, byte strings are lowercase hex, addresses are
# checksummed text, structures are objects keyed by field name.


def to_json(value: Any) -> Any:
    """The JSON-ready form of an encodable value."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, Address):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (tuple, list)):
        return [to_json(x) for x in value]
    if dataclasses.is_dataclass(value):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    raise TypeError(f"no JSON form for {type(value).__name__}")


def from_json(tp: Any, data: Any, path: str = "$") -> Any:
    """Parse the JSON form of ``tp``; raises ``InvalidValue`` naming the bad field."""
    base = tp
    if typing.get_origin(tp) is typing.Annotated:
        base = typing.get_args(tp)[0]
    origin = typing.get_origin(base)
    try:
        if origin in (typing.Union, types.UnionType):
            if data is None:
                return None
            (inner,) = [a for a in typing.get_args(base) if a is not type(None)]
            return from_json(inner, data, path)
        if origin is tuple:
            if not isinstance(data, list):
                raise InvalidValue(f"{path}: expected a list")
            item = typing.get_args(base)[0]
            return tuple(from_json(item, x, f"{path}[{i}]") for i, x in enumerate(data))
        if base is bool:
            if not isinstance(data, bool):
                raise InvalidValue(f"{path}: expected true or false")
            return data
        if isinstance(base, type) and issubclass(base, UInt):
            if isinstance(data, bool) or not isinstance(data, int):
                raise InvalidValue(f"{path}: expected an integer")
            return base(data)
        if isinstance(base, type) and issubclass(base, Address):
            if not isinstance(data, str):
                raise InvalidValue(f"{path}: expected an address")
            from node.core.address import parse_address

            return parse_address(data)
        if isinstance(base, type) and issubclass(base, FixedBytes):
            if not isinstance(data, str):
                raise InvalidValue(f"{path}: expected hex")
            return base.from_hex(data)
        if base is bytes:
            if not isinstance(data, str):
                raise InvalidValue(f"{path}: expected hex")
            try:
                return bytes.fromhex(data)
            except ValueError as exc:
                raise InvalidValue(f"{path}: not hex") from exc
        if base is str:
            if not isinstance(data, str):
                raise InvalidValue(f"{path}: expected text")
            return data
        if dataclasses.is_dataclass(base) and isinstance(base, type):
            if not isinstance(data, dict):
                raise InvalidValue(f"{path}: expected an object")
            hints = typing.get_type_hints(base, include_extras=True)
            kwargs = {}
            names = {f.name for f in dataclasses.fields(base) if f.init}
            unknown = set(data) - names
            if unknown:
                raise InvalidValue(f"{path}: unknown field(s) {sorted(unknown)}")
            for f in dataclasses.fields(base):
                if not f.init:
                    continue
                if f.name not in data:
                    if f.default is not dataclasses.MISSING:
                        continue
                    if f.default_factory is not dataclasses.MISSING:
                        continue
                    raise InvalidValue(f"{path}.{f.name}: missing")
                kwargs[f.name] = from_json(hints[f.name], data[f.name], f"{path}.{f.name}")
            return base(**kwargs)
    except InvalidValue as exc:
        if exc.message.startswith(path):
            raise
        raise InvalidValue(f"{path}: {exc.message}") from exc
    raise TypeError(f"no JSON form for {tp!r}")
