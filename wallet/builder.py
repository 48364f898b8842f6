"""Building any registered transaction kind by name and fields, checked before anything is signed.

The builder knows no kind by heart: it looks the kind up in the module
registry (``node.modules.default_registry()``), parses the fields from their
JSON form (protocol §2.8) into the kind's payload type, and runs the checks a
person can be told about before signing — a zero amount, paying oneself, a
malformed key, an impossible threshold, a proposal whose inner transaction
would never decode.  What only the chain can know (balances, roles, nonces)
is left to the chain; the signing view then shows the exact bytes.

Two kinds carry another payload inside: ``approval.propose`` (a transaction
for an organisation account) and ``gov.propose`` (a governance action).  For
those the builder also accepts ``{"proposal": {"kind", "fields"}}`` and
``{"action": {"kind", "fields"}}`` and encodes the inner payload itself.
"""

from __future__ import annotations

import dataclasses
import time
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from node.core.crypto import check_public_key
from node.core.encoding import decode, encode, from_json
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.transactions import MAX_TX_BYTES, TX_VERSION, TxBody
from node.core.types import U8, Address, Amount, Nonce, TimestampMs
from node.modules import default_registry
from node.modules.accounts.records import AccountKey
from wallet.errors import InvalidField

DEFAULT_TTL_MS = 10 * 60 * 1000
MAX_TTL_MS = 24 * 3600 * 1000
"""The chain's default ``max_tx_ttl_ms``; a longer expiry would be refused."""
SIGNATURE_ROOM = 4 + 16 * (1 + 4 + 33 + 64)
"""Bytes kept free for up to 16 signatures within ``MAX_TX_BYTES``."""
NESTED = {"approval.propose": ("proposal", "kind", "payload"), "gov.propose": ("action", "action_kind", "action_payload")}


@dataclass(frozen=True, slots=True)
class FieldInfo:
    """One field of a kind's payload, for forms and ``--help``."""

    name: str
    type: str
    doc: str


@dataclass(frozen=True, slots=True)
class KindInfo:
    name: str
    description: str
    fields: tuple[FieldInfo, ...]


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) is tuple:
        return f"list<{_type_name(typing.get_args(tp)[0])}>"
    return getattr(tp, "__name__", str(tp))


def _field_docs(cls: type) -> dict[str, str]:
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return {}
    docs: dict[str, str] = {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for prev, node in zip(body, body[1:], strict=False):
        if (
            isinstance(prev, ast.AnnAssign)
            and isinstance(prev.target, ast.Name)
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            docs[prev.target.id] = " ".join(node.value.value.split())
    return docs


def kinds(registry: Registry | None = None) -> list[KindInfo]:
    """Every transaction kind the chain has, with its payload fields."""
    reg = registry or default_registry()
    out = []
    for name in sorted(reg.kinds):
        k = reg.kinds[name]
        hints = typing.get_type_hints(k.payload_type, include_extras=True)
        docs = _field_docs(k.payload_type)
        fields = tuple(
            FieldInfo(f.name, _type_name(hints[f.name]), docs.get(f.name, "")) for f in dataclasses.fields(k.payload_type)
        )
        out.append(KindInfo(name, k.description, fields))
    return out


def _expand_nested(kind: str, fields: Mapping[str, Any], reg: Registry) -> dict[str, Any]:
    """Turn ``{"proposal": {"kind", "fields"}}`` into the kind's ``kind``/``payload`` fields."""
    out = dict(fields)
    spec = NESTED.get(kind)
    if spec is None or spec[0] not in out:
        return out
    key, kind_field, payload_field = spec
    inner = out.pop(key)
    if not isinstance(inner, Mapping) or set(inner) != {"kind", "fields"}:
        raise InvalidField(f"{key} must be an object with exactly 'kind' and 'fields'")
    inner_kind = inner["kind"]
    if kind == "gov.propose":
        try:
            action = reg.action(inner_kind)
        except DepotError as exc:
            raise InvalidField(f"{key}.kind: {exc.message}") from None
        inner_payload = _parse(action.payload_type, inner["fields"], f"{key}.fields")
    else:
        inner_payload = payload_from_fields(inner_kind, inner["fields"], registry=reg)
    out[kind_field] = inner_kind
    out[payload_field] = encode(inner_payload).hex()
    return out


def _parse(tp: type, fields: Any, where: str) -> Any:
    if not isinstance(fields, Mapping):
        raise InvalidField(f"{where} must be an object of field values")
    try:
        return from_json(tp, dict(fields), where)
    except DepotError as exc:
        raise InvalidField(exc.message, code=exc.code) from None


def payload_from_fields(kind: str, fields: Mapping[str, Any], *, registry: Registry | None = None) -> Any:
    """The payload of ``kind`` from its fields' JSON form; ``InvalidField`` names what is wrong."""
    reg = registry or default_registry()
    try:
        k = reg.kind(kind)
    except DepotError as exc:
        raise InvalidField(exc.message, kind=kind) from None
    payload = _parse(k.payload_type, _expand_nested(kind, fields, reg), "$")
    check_payload(kind, payload, registry=reg)
    return payload


def check_payload(kind: str, payload: Any, *, sender: bytes | None = None, registry: Registry | None = None) -> None:
    """Checks a person can act on before signing (the chain re-checks everything)."""
    reg = registry or default_registry()
    _check_struct(payload, "$")
    if kind == "token.transfer" and sender is not None and payload.to == sender:
        raise InvalidField("$.to: cannot pay the sending account itself")
    if kind in ("account.set_signers",):
        from node.modules.accounts.transitions import check_signer_set

        try:
            check_signer_set(payload.keys, int(payload.threshold), int(payload.high_threshold))
        except DepotError as exc:
            raise InvalidField(f"$: {exc.message}") from None
    if kind == "account.rotate_key" and payload.old == payload.new:
        raise InvalidField("$.new: the new key is the old key")
    if kind == "approval.propose":
        if payload.kind.startswith("approval."):
            raise InvalidField("$.kind: an approval cannot propose another approval transaction")
        try:
            inner = reg.decode_payload(payload.kind, payload.payload)
        except DepotError as exc:
            raise InvalidField(f"$.payload: {exc.message}") from None
        check_payload(payload.kind, inner, sender=payload.account, registry=reg)
    if kind == "gov.propose":
        try:
            reg.decode_action(payload.action_kind, payload.action_payload)
        except DepotError as exc:
            raise InvalidField(f"$.action_payload: {exc.message}") from None
        if not payload.title.strip():
            raise InvalidField("$.title: a proposal needs a title")


def _check_struct(value: Any, where: str) -> None:
    if isinstance(value, AccountKey):
        try:
            check_public_key(int(value.scheme), bytes(value.public_key))
        except DepotError as exc:
            raise InvalidField(f"{where}: {exc.message}") from None
        return
    if isinstance(value, tuple):
        for i, x in enumerate(value):
            _check_struct(x, f"{where}[{i}]")
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name == "amount" and isinstance(v, Amount) and v == 0 and not getattr(value, "ZERO_AMOUNT_ALLOWED", False):
                raise InvalidField(f"{where}.amount: an amount must be greater than zero")
            _check_struct(v, f"{where}.{f.name}")


def build_body(
    *,
    chain_id: str,
    sender: Address,
    nonce: int,
    kind: str,
    fields: Mapping[str, Any] | None = None,
    payload: Any = None,
    expires_at_ms: int | None = None,
    ttl_ms: int = DEFAULT_TTL_MS,
    now_ms: int | None = None,
    registry: Registry | None = None,
) -> TxBody:
    """A transaction body of ``kind`` from ``fields`` (JSON form) or a ready ``payload``, checked."""
    reg = registry or default_registry()
    if (fields is None) == (payload is None):
        raise InvalidField("give either the fields or the payload")
    if payload is None:
        payload = payload_from_fields(kind, fields or {}, registry=reg)
    else:
        k = reg.kind(kind)
        if type(payload) is not k.payload_type:
            raise InvalidField(f"{kind} takes a {k.payload_type.__name__} payload, not {type(payload).__name__}")
    check_payload(kind, payload, sender=sender, registry=reg)
    now = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    expires = expires_at_ms if expires_at_ms is not None else now + ttl_ms
    if not now < expires <= now + MAX_TTL_MS:
        raise InvalidField("the expiry must be in the future and at most 24 hours ahead")
    try:
        body = TxBody(
            version=U8(TX_VERSION),
            chain_id=chain_id,
            sender=Address(sender),
            nonce=Nonce(nonce),
            expires_at=TimestampMs(expires),
            kind=kind,
            payload=encode(payload),
        )
        size = len(encode(body))
    except DepotError as exc:
        raise InvalidField(exc.message) from None
    if size + SIGNATURE_ROOM > MAX_TX_BYTES:
        raise InvalidField(f"the transaction would be {size} bytes before signatures; the limit is {MAX_TX_BYTES}")
    # What was built decodes back to itself: the signing view relies on it.
    if encode(decode(TxBody, encode(body))) != encode(body):  # pragma: no cover - the codec guarantees it
        raise InvalidField("the transaction does not encode canonically")
    return body
