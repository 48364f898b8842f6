"""What the index keeps of a payload, record or event: its JSON form, the parties it names and its ids.

Nothing here knows a particular module.  Every registered transaction kind
and record type is decoded through the registry, then walked generically:

* a *party* is any ``Address`` value, at any depth (a transfer's ``to``, an
  order's ``buyer`` and ``supplier``, a tank's ``terms.owner``);
* an *id* is any non-empty text in a field whose name ends in ``_id`` (or a
  list of texts in a field ending in ``_ids``), at any depth (``order_id``,
  ``tank_id``, ``storage_id``, a reading's ``reading.tank_id``);
* a byte field ``payload`` next to a text field ``kind`` (or ``X_payload``
  next to ``X_kind``) that names a registered transaction kind or governance
  action is decoded too (an approval of a transfer, a proposal to add a
  validator): its parties and ids count, and its JSON form is added beside
  the hex as ``payload_decoded`` (``X_payload_decoded``).

Event attributes are already JSON: parties are texts that parse as
checksummed addresses, ids are texts under ``*_id`` keys.

A kind or record type this release does not know (written by a newer node)
is not an error: the raw bytes are kept and marked undecoded.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable
from typing import Any

from node.core.address import format_address, parse_address
from node.core.encoding import decode
from node.core.errors import DepotError
from node.core.genesis import PARAMS_KEY, ChainParams
from node.core.registry import Registry
from node.core.types import Address
from node.core.validators import VALIDATORS_KEY, ValidatorSet

#: ``decode_error`` of a transaction whose kind this release does not know.
UNKNOWN_KIND = "unknown_kind"
#: ``decode_error`` of a record under a key prefix no registered record type claims.
UNKNOWN_RECORD = "unknown_record_type"

_ADDRESS_CACHE_MAX = 200_000

# A checksummed address as JSON text: "depot1" and 38 characters of the Bech32 alphabet.
_ADDRESS_TEXT = re.compile(r'"(depot1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38})"')
# "something_id": "value" with no escapes in the value (escaped ones are parsed instead).
_ID_PAIR = re.compile(r'"([A-Za-z0-9_]*_id)"\s*:\s*"([^"\\]*)"')

Converter = Callable[[Any, "Found"], dict[str, Any]]
Handler = Callable[[Any, "Found"], Any]

#: Records the chain core keeps outside any module's registered record types.
CORE_RECORDS: dict[bytes, tuple[str, type]] = {
    PARAMS_KEY: ("chain parameters", ChainParams),
    VALIDATORS_KEY: ("validator set", ValidatorSet),
}


class Found:
    """Parties and ids collected while walking one value."""

    __slots__ = ("parties", "refs")

    def __init__(self) -> None:
        self.parties: set[bytes] = set()
        self.refs: dict[str, str] = {}
        """id text -> the field it was first found in."""

    def ref(self, value: str, field: str) -> None:
        if value and value not in self.refs:
            self.refs[value] = field


def _compact(obj: Any) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


class Extractor:
    """Decodes and walks payloads, records and events against one registry (caches per type)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._converters: dict[type, Converter] = {}
        self._addresses: dict[str, bytes | None] = {}

    # --- transactions --------------------------------------------------------------

    def payload(self, kind: str, raw: bytes) -> tuple[str | None, Found, str | None]:
        """``(payload JSON text or None, what it names, decode error code or None)``."""
        found = Found()
        if kind not in self.registry.kinds:
            return None, found, UNKNOWN_KIND
        try:
            value = self.registry.decode_payload(kind, raw)
        except DepotError as exc:
            return None, found, exc.code
        return _compact(self.walk(value, found)), found, None

    # --- records -----------------------------------------------------------------------

    def record(self, key: bytes, value: bytes) -> tuple[str | None, str | None, Found, str | None]:
        """``(record type name, JSON text, what it names, decode error code)`` of one state record."""
        found = Found()
        rt = self.registry.record_type_for(key)
        if rt is not None:
            name, cls = rt.name, rt.record_type
        elif key in CORE_RECORDS:
            name, cls = CORE_RECORDS[key]
        else:
            return None, None, found, UNKNOWN_RECORD
        try:
            decoded: Any = decode(cls, value)
        except DepotError as exc:
            return name, None, found, exc.code
        return name, _compact(self.walk(decoded, found)), found, None

    def key_text(self, key: bytes) -> str:
        """A record key for people: its registered prefix, then the rest as text, address, number or hex."""
        rt = self.registry.record_type_for(key)
        prefix = rt.prefix if rt is not None else b""
        if rt is None:
            cut = key.rfind(b"/") + 1
            prefix = key[:cut] if cut and key[:cut].isascii() else b""
        rest = key[len(prefix) :]
        head = prefix.decode("ascii", "replace")
        if not rest:
            return head
        try:
            text = rest.decode("utf-8")
            if text.isprintable():
                return head + text
        except UnicodeDecodeError:
            pass
        if len(rest) == 20:
            return head + format_address(rest)
        if len(rest) == 8:
            return head + str(int.from_bytes(rest, "big"))
        return head + rest.hex()

    # --- events --------------------------------------------------------------------------

    def event(self, attrs_json: str) -> Found:
        """Parties and ids named by JSON text (an event's attributes, a payload's JSON form).

        Scanned with two regular expressions rather than parsed: events are
        as many as transactions, and this is most of their indexing cost.
        Text with a list of ids (``"…_ids": [...]``) or escapes in an id
        is parsed and walked instead.
        """
        found = Found()
        for text in _ADDRESS_TEXT.findall(attrs_json):
            addr = self.address(text)
            if addr is not None:
                found.parties.add(addr)
        if '_id"' in attrs_json:
            for field, value in _ID_PAIR.findall(attrs_json):
                found.ref(value, field)
        if '_ids"' in attrs_json or ('_id"' in attrs_json and "\\" in attrs_json):
            try:
                self._walk_json(json.loads(attrs_json), found, "")
            except ValueError:
                pass
        return found

    def _walk_json(self, v: Any, found: Found, name: str) -> None:
        if isinstance(v, str):
            if len(v) == 44 and v[:6].lower() == "depot1":
                addr = self.address(v)
                if addr is not None:
                    found.parties.add(addr)
            elif name.endswith(("_id", "_ids")):
                found.ref(v, name)
        elif isinstance(v, dict):
            for k, x in v.items():
                self._walk_json(x, found, k)
        elif isinstance(v, list):
            for x in v:
                self._walk_json(x, found, name)

    def address(self, text: str) -> bytes | None:
        """The address a checksummed text names, or None (cached: events name the same few often)."""
        try:
            return self._addresses[text]
        except KeyError:
            pass
        try:
            addr: bytes | None = bytes(parse_address(text))
        except DepotError:
            addr = None
        if len(self._addresses) >= _ADDRESS_CACHE_MAX:
            self._addresses.clear()
        self._addresses[text] = addr
        return addr

    # --- the walk ---------------------------------------------------------------------------

    def walk(self, v: Any, found: Found, name: str = "") -> Any:
        """The JSON form of ``v`` (as ``node.core.encoding.to_json``), collecting parties and ids.

        A dataclass is converted by a function compiled once per class from its
        field types (the hot path: every transaction's payload), anything else
        by looking at the value.
        """
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            conv = self._converters.get(type(v)) or self._compile(type(v))
            return conv(v, found)
        return self._value(v, found, name)

    def _value(self, v: Any, found: Found, name: str) -> Any:
        if isinstance(v, Address):
            found.parties.add(bytes(v))
            return format_address(v)
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, int):
            return int(v)
        if isinstance(v, str):
            if name.endswith(("_id", "_ids")):
                found.ref(v, name)
            return v
        if isinstance(v, (bytes, bytearray)):
            return bytes(v).hex()
        if isinstance(v, (tuple, list)):
            return [self._value(x, found, name) for x in v]
        if dataclasses.is_dataclass(v):
            return self.walk(v, found, name)
        raise TypeError(f"no JSON form for {type(v).__name__}")

    def _compile(self, cls: type) -> Converter:
        """A converter for dataclass ``cls``: one field handler per field, chosen by its declared type."""
        try:
            hints = typing.get_type_hints(cls, include_extras=True)
        except Exception:  # noqa: BLE001 - unresolvable annotations: convert by value instead
            hints = {}
        names = tuple(f.name for f in dataclasses.fields(cls))
        handlers = tuple((n, self._handler(hints.get(n), n)) for n in names)
        nested = []
        for f in names:
            if f == "payload" and "kind" in names:
                nested.append(("kind", f))
            elif f.endswith("_payload") and f[: -len("payload")] + "kind" in names:
                nested.append((f[: -len("payload")] + "kind", f))
        pairs = tuple(nested)
        decode_nested = self._decode_nested
        walk = self.walk

        def convert(v: Any, found: Found) -> dict[str, Any]:
            out = {n: h(getattr(v, n), found) for n, h in handlers}
            for kind_field, payload_field in pairs:
                inner = decode_nested(getattr(v, kind_field), getattr(v, payload_field))
                if inner is not None:
                    out[payload_field + "_decoded"] = walk(inner, found, payload_field)
            return out

        self._converters[cls] = convert
        return convert

    def _handler(self, tp: Any, name: str) -> Handler:
        """How to convert a field of declared type ``tp`` named ``name``."""
        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            present = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(present) == 1:
                inner = self._handler(present[0], name)
                return lambda v, found: None if v is None else inner(v, found)
        elif origin is tuple:
            args = typing.get_args(tp)
            if len(args) == 2 and args[1] is Ellipsis:
                item = self._handler(args[0], name)
                return lambda v, found: [item(x, found) for x in v]
        elif isinstance(tp, type):
            if issubclass(tp, Address):
                fmt = format_address

                def address(v: Any, found: Found) -> str:
                    found.parties.add(bytes(v))
                    return fmt(v)

                return address
            if tp is bool:
                return lambda v, _found: v
            if issubclass(tp, int):
                return lambda v, _found: int(v)
            if tp is str:
                if name.endswith(("_id", "_ids")):

                    def ref(v: Any, found: Found) -> str:
                        found.ref(v, name)
                        return v  # type: ignore[no-any-return]

                    return ref
                return lambda v, _found: v
            if issubclass(tp, (bytes, bytearray)):
                return lambda v, _found: bytes(v).hex()
            if dataclasses.is_dataclass(tp):
                return lambda v, found: self.walk(v, found, name)
        return lambda v, found: self._value(v, found, name)

    def _decode_nested(self, kind: Any, raw: Any) -> Any:
        if not isinstance(kind, str) or not isinstance(raw, (bytes, bytearray)):
            return None
        try:
            if kind in self.registry.kinds:
                return self.registry.decode_payload(kind, bytes(raw))
            if kind in self.registry.actions:
                return self.registry.decode_action(kind, bytes(raw))
        except DepotError:
            return None
        return None
