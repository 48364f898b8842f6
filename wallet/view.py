"""What you see is what you sign: the decoded view of the exact bytes a key is about to sign.

``view_body`` takes the encoded transaction body — the bytes whose tagged hash
is the transaction id the key signs — and:

1. decodes it strictly; re-encodes the decoded form and refuses if the bytes
   differ (``NonCanonical``): what is shown is provably what is signed;
2. refuses a body version or a kind this wallet does not know
   (``UnsupportedTxVersion``, ``UnknownTxKind``) instead of showing "unknown";
3. refuses when the transaction id recorded when it was built, or a signature
   already on it, does not match these bytes (``AlteredTransaction``): the
   bytes were changed after they were built or signed;
4. renders every field in people's terms: chain, action, amounts in units and
   in minor units, parties with their address-book labels and organisations
   (with a warning for a first-time recipient), keys with their fingerprints,
   times in UTC, inner transactions of approvals and governance proposals
   decoded the same way, and a warning for invisible or direction-changing
   characters in text;
5. names the signing key and its backend, and a short fingerprint of the
   digest that will be signed, which a second device can show to compare.

The app's signing dialog is built on ``DecodedView``; ``depot wallet show-tx``
prints it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from node.core import crypto
from node.core.address import format_address
from node.core.encoding import decode, encode
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.transactions import TX_VERSION, TxBody, TxSignature, tx_id_of, tx_signing_message
from node.core.types import Address, Amount, TimestampMs
from node.modules import default_registry
from node.modules.accounts.records import AccountKey
from wallet.addressbook import AddressBook
from wallet.errors import (
    AlteredTransaction,
    NonCanonical,
    UnknownTxKind,
    UnsupportedTxVersion,
    WrongChainForWallet,
)
from wallet.signers import Signer

TOKEN_DECIMALS = 2
"""Minor units per settlement-token unit: 10**2 (fen, cents)."""
RECIPIENT_FIELDS = frozenset({"to", "recipient", "payee", "buyer", "supplier", "holder", "bank", "new_holder"})
_SUSPICIOUS = frozenset({"Cf", "Cc", "Co", "Cs", "Zl", "Zp"})
_SCHEME_NAMES = {1: "Ed25519", 2: "P-256"}


def format_amount(minor: int) -> str:
    """``123456`` -> ``"1,234.56 (123456 minor units)"``: integer arithmetic only, never float."""
    units, cents = divmod(int(minor), 10**TOKEN_DECIMALS)
    return f"{units:,}.{cents:0{TOKEN_DECIMALS}d} ({int(minor)} minor units)"


def digest_fingerprint(tx_id: bytes) -> str:
    """A short, readable fingerprint of the signed digest: 16 hex digits in groups of four."""
    h = bytes(tx_id).hex()[:16]
    return " ".join(h[i : i + 4] for i in range(0, 16, 4))


def key_fingerprint_text(scheme: int, public_key: bytes) -> str:
    fp = crypto.key_fingerprint(scheme, public_key).hex()[:16]
    return f"{_SCHEME_NAMES.get(scheme, f'scheme {scheme}')} key {fp[:8]}-{fp[8:]}"


@dataclass(frozen=True, slots=True)
class Line:
    """One rendered field."""

    path: str
    """Where it is in the payload ("to", "keys[1]", "proposal.amount")."""
    label: str
    """The field in people's words."""
    text: str
    """The value as shown."""
    raw: Any
    """The value's JSON form (protocol §2.8), for machines and for comparing."""
    warning: str = ""


@dataclass(frozen=True, slots=True)
class DecodedView:
    """Everything the signing step shows, derived from the exact bytes."""

    chain_id: str
    tx_id: str
    fingerprint: str
    kind: str
    action: str
    """The kind's description: what the transaction does."""
    version: int
    sender: str
    sender_label: str
    nonce: int
    expires_at: str
    value_minor: int
    """The amount the transaction moves (decides the four-eyes rule)."""
    lines: tuple[Line, ...]
    warnings: tuple[str, ...]
    signing_key: str = ""
    signatures: tuple[str, ...] = ()
    signatures_needed: int | None = None
    body_hex: str = field(default="", repr=False)

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["lines"] = [dataclasses.asdict(x) for x in self.lines]
        return d

    def render_text(self) -> str:
        """The view as plain text (``depot wallet show-tx``)."""
        out = [
            f"Chain:        {self.chain_id}",
            f"Action:       {self.action} [{self.kind} v{self.version}]",
            f"From:         {self.sender_label}",
            f"Nonce:        {self.nonce}",
            f"Expires:      {self.expires_at}",
        ]
        if self.value_minor:
            out.append(f"Moves:        {format_amount(self.value_minor)}")
        for ln in self.lines:
            out.append(f"  {ln.label}: {ln.text}" + (f"   ⚠ {ln.warning}" if ln.warning else ""))
        if self.signing_key:
            out.append(f"Signing with: {self.signing_key}")
        if self.signatures:
            need = f" of {self.signatures_needed} needed" if self.signatures_needed is not None else ""
            out.append(f"Signed by ({len(self.signatures)}{need}):")
            out.extend(f"  {s}" for s in self.signatures)
        out.append(f"Digest:       {self.fingerprint}   (transaction id {self.tx_id})")
        out.extend(f"WARNING: {w}" for w in self.warnings)
        return "\n".join(out)


def _party(address: bytes, book: AddressBook | None) -> tuple[str, bool]:
    text = format_address(address)
    c = book.get(address) if book is not None else None
    if c is None:
        return text, False
    org = f", {c.organisation}" if c.organisation else ""
    return f"{c.label}{org} <{text}>", True


def _text_warning(s: str) -> str:
    bad = sorted({f"U+{ord(ch):04X}" for ch in s if unicodedata.category(ch) in _SUSPICIOUS})
    return f"contains invisible or control characters ({', '.join(bad)})" if bad else ""


def _label(name: str) -> str:
    return name.replace("_", " ")


class _Renderer:
    def __init__(self, reg: Registry, book: AddressBook | None, sender: bytes, known_keys: dict[bytes, str]) -> None:
        self.reg = reg
        self.book = book
        self.sender = sender
        self.known_keys = known_keys
        self.lines: list[Line] = []
        self.warnings: list[str] = []

    def struct(self, value: Any, prefix: str, moves_value: bool) -> None:
        hints = typing.get_type_hints(type(value), include_extras=True)
        for f in dataclasses.fields(value):
            path = f"{prefix}{f.name}"
            self.value(getattr(value, f.name), hints[f.name], path, f.name, moves_value)

    def value(self, v: Any, tp: Any, path: str, name: str, moves_value: bool) -> None:
        from node.core.encoding import to_json

        if typing.get_origin(tp) is typing.Annotated:
            tp = typing.get_args(tp)[0]
        label = _label(path)
        if isinstance(v, AccountKey):
            kt = key_fingerprint_text(int(v.scheme), bytes(v.public_key))
            mine = self.known_keys.get(bytes(v.public_key))
            self.lines.append(Line(path, label, kt + (f" (wallet key {mine!r})" if mine else ""), to_json(v)))
            return
        if isinstance(v, tuple):
            item = typing.get_args(tp)[0] if typing.get_args(tp) else Any
            if not v:
                self.lines.append(Line(path, label, "(none)", []))
            for i, x in enumerate(v):
                self.value(x, item, f"{path}[{i}]", name, moves_value)
            return
        if v is None:
            self.lines.append(Line(path, label, "(none)", None))
            return
        if dataclasses.is_dataclass(v):
            self.struct(v, path + ".", moves_value)
            return
        if isinstance(v, Address):
            text, known = _party(v, self.book)
            warning = ""
            if not known and name in RECIPIENT_FIELDS and moves_value:
                first = self.book is None or self.book.is_first_time(v)
                if first:
                    warning = "first-time recipient: not in your address book and never paid from this wallet"
                    self.warnings.append(f"{label}: {warning}")
            self.lines.append(Line(path, label, text, str(v), warning))
            return
        if isinstance(v, Amount):
            self.lines.append(Line(path, label, format_amount(int(v)), int(v)))
            return
        if isinstance(v, TimestampMs):
            when = dt.datetime.fromtimestamp(int(v) / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
            self.lines.append(Line(path, label, when, int(v)))
            return
        if isinstance(v, bool):
            self.lines.append(Line(path, label, "yes" if v else "no", v))
            return
        if isinstance(v, int):
            self.lines.append(Line(path, label, str(int(v)), int(v)))
            return
        if isinstance(v, str):
            w = _text_warning(v)
            if w:
                self.warnings.append(f"{label}: {w}")
            self.lines.append(Line(path, label, repr(v) if w else v, v, w))
            return
        if isinstance(v, bytes):
            self.lines.append(Line(path, label, f"{len(v)} bytes: {v.hex()}", v.hex()))
            return
        raise UnknownTxKind(f"cannot render field {path} of type {type(v).__name__}")  # pragma: no cover


def _decode_exact(cls: type, raw: bytes, what: str) -> Any:
    try:
        value: Any = decode(cls, raw)
    except DepotError as exc:
        raise NonCanonical(f"the {what} cannot be decoded: {exc.message}") from None
    if encode(value) != raw:  # pragma: no cover - strict decoding makes this impossible; checked anyway
        raise NonCanonical(f"the {what} does not re-encode to the same bytes")
    return value


def view_body(
    body_bytes: bytes,
    *,
    registry: Registry | None = None,
    address_book: AddressBook | None = None,
    expected_chain_id: str | None = None,
    expected_tx_id: bytes | None = None,
    signatures: Sequence[TxSignature] = (),
    signer: Signer | None = None,
    signatures_needed: int | None = None,
    known_keys: dict[bytes, str] | None = None,
) -> DecodedView:
    """The decoded view of ``body_bytes``, or a ``ViewRefused`` subclass saying why it cannot be shown."""
    reg = registry or default_registry()
    raw = bytes(body_bytes)
    body: TxBody = _decode_exact(TxBody, raw, "transaction body")
    if body.version != TX_VERSION:
        raise UnsupportedTxVersion(f"transaction version {int(body.version)} is not one this wallet can show")
    if body.kind not in reg.kinds:
        raise UnknownTxKind(f"transaction kind {body.kind!r} is unknown to this wallet: refusing to sign what it cannot show")
    kind = reg.kinds[body.kind]
    payload = _decode_exact(kind.payload_type, bytes(body.payload), f"{body.kind} payload")
    if expected_chain_id is not None and body.chain_id != expected_chain_id:
        raise WrongChainForWallet(f"this transaction is for chain {body.chain_id!r}, not {expected_chain_id!r}")
    tid = tx_id_of(body)
    if expected_tx_id is not None and bytes(expected_tx_id) != tid:
        raise AlteredTransaction("the transaction bytes changed after it was built: its recorded id does not match")
    msg = tx_signing_message(body.chain_id, tid)
    sig_lines = []
    keys = dict(known_keys or {})
    for i, s in enumerate(signatures):
        if not crypto.is_valid(int(s.scheme), bytes(s.public_key), msg, bytes(s.signature)):
            raise AlteredTransaction(f"signature {i + 1} does not match these bytes: the transaction was altered after signing")
        mine = keys.get(bytes(s.public_key))
        sig_lines.append(key_fingerprint_text(int(s.scheme), bytes(s.public_key)) + (f" (wallet key {mine!r})" if mine else ""))
    value: int = int(kind.value(payload))
    r = _Renderer(reg, address_book, bytes(body.sender), keys)
    r.struct(payload, "", value > 0)
    # Proposals carry a transaction or action inside: show it decoded, the same way.
    if body.kind == "approval.propose":
        inner_kind = reg.kinds.get(payload.kind)
        if inner_kind is None:
            raise UnknownTxKind(f"the proposed transaction's kind {payload.kind!r} is unknown to this wallet")
        inner = _decode_exact(inner_kind.payload_type, bytes(payload.payload), f"proposed {payload.kind} payload")
        r.lines.append(Line("proposal", "proposed action", f"{inner_kind.description} [{payload.kind}]", payload.kind))
        inner_value = int(inner_kind.value(inner))
        r.struct(inner, "proposal.", inner_value > 0)
        value = max(value, inner_value)
    elif body.kind == "gov.propose":
        action = reg.actions.get(payload.action_kind)
        if action is None:
            raise UnknownTxKind(f"the proposed governance action {payload.action_kind!r} is unknown to this wallet")
        inner = _decode_exact(action.payload_type, bytes(payload.action_payload), f"{payload.action_kind} action")
        r.lines.append(Line("action", "proposed action", f"{action.description} [{payload.action_kind}]", payload.action_kind))
        r.struct(inner, "action.", False)
    sender_text, _ = _party(body.sender, address_book)
    expires = dt.datetime.fromtimestamp(int(body.expires_at) / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    signing_key = ""
    if signer is not None:
        signing_key = f"{signer.describe()} [{key_fingerprint_text(int(signer.scheme), signer.public_key)}]"
    return DecodedView(
        chain_id=body.chain_id,
        tx_id=tid.hex(),
        fingerprint=digest_fingerprint(tid),
        kind=body.kind,
        action=kind.description,
        version=int(body.version),
        sender=str(body.sender),
        sender_label=sender_text,
        nonce=int(body.nonce),
        expires_at=expires,
        value_minor=value,
        lines=tuple(r.lines),
        warnings=tuple(r.warnings),
        signing_key=signing_key,
        signatures=tuple(sig_lines),
        signatures_needed=signatures_needed,
        body_hex=raw.hex(),
    )
