"""Partially signed transactions: a file a clerk passes to the next signer until enough have signed.

Like Bitcoin's PSBT, but for Depot's model, where co-signers of an
organisation account all sign the same transaction id (protocol §7.2).  The
file is UTF-8 JSON::

    {"depot_pst": 1,
     "chain_id": "depot-main",
     "tx_id": "<hex of tagged_hash('DEPOT/TXID', body)>",
     "body": "<hex of enc(TxBody)>",
     "signatures": [{"scheme": 1|2, "public_key": hex, "signature": hex}, ...],
     "account": null | {"address": "depot1...", "keys": [{"scheme", "public_key"}],
                        "threshold", "high_threshold", "high_amount"},
     "note": "free text for the next signer"}

``account`` is the sending account's signer set as the builder read it from
the chain, so each signer sees how many signatures are needed and by whom; the
chain decides in the end.  Loading refuses a file whose ``tx_id`` is not the id
of ``body``, or whose signatures do not verify over it (``AlteredTransaction``):
bytes altered after building or signing never reach a signing view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from node.core import crypto
from node.core.address import format_address, parse_address
from node.core.encoding import decode, encode
from node.core.errors import DepotError
from node.core.registry import Registry
from node.core.transactions import (
    MAX_SIGNATURES,
    Transaction,
    TxBody,
    TxSignature,
    tx_id_of,
    tx_signing_message,
)
from node.core.types import U8, Address, Amount, Signature64
from node.keyfile import write_bytes_atomically
from node.modules import default_registry
from wallet.errors import (
    AlteredTransaction,
    NonCanonical,
    NotASignerOfAccount,
    NotEnoughSignatures,
    PstCorrupt,
    PstMismatch,
)
from wallet.signers import Signer, signature_for

FORMAT_VERSION = 1
MAX_PST_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class AccountSnapshot:
    """The sending account's signer set, as read from the chain when the transaction was built."""

    address: Address
    keys: tuple[tuple[int, bytes], ...]
    """(scheme, public key) of each key that may sign."""
    threshold: int
    high_threshold: int
    high_amount: int

    def needed(self, value: int) -> int:
        """Signatures needed for a transaction moving ``value`` (protocol §7.5)."""
        need = self.threshold
        if self.high_threshold and self.high_amount and value >= self.high_amount:
            need = max(need, self.high_threshold)
        return need

    def to_json(self) -> dict[str, Any]:
        return {
            "address": format_address(self.address),
            "keys": [{"scheme": s, "public_key": pk.hex()} for s, pk in self.keys],
            "threshold": self.threshold,
            "high_threshold": self.high_threshold,
            "high_amount": self.high_amount,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AccountSnapshot:
        return cls(
            address=parse_address(d["address"]),
            keys=tuple((int(k["scheme"]), bytes.fromhex(k["public_key"])) for k in d["keys"]),
            threshold=int(d["threshold"]),
            high_threshold=int(d["high_threshold"]),
            high_amount=int(Amount(int(d["high_amount"]))),
        )

    @classmethod
    def from_api(cls, account: dict[str, Any]) -> AccountSnapshot:
        """From the node API's ``/v1/accounts/{address}`` answer's ``account`` object."""
        return cls(
            address=parse_address(account["address"]),
            keys=tuple((int(k["scheme"]), bytes.fromhex(k["public_key"])) for k in account["keys"]),
            threshold=int(account["threshold"]),
            high_threshold=int(account.get("high_threshold", 0)),
            high_amount=int(account.get("high_amount", 0)),
        )


@dataclass(frozen=True, slots=True)
class PartiallySignedTx:
    """A transaction body, the signatures collected so far, and who else may sign."""

    body: TxBody
    signatures: tuple[TxSignature, ...]
    account: AccountSnapshot | None = None
    note: str = ""

    @property
    def body_bytes(self) -> bytes:
        return encode(self.body)

    @property
    def tx_id(self) -> bytes:
        return bytes(tx_id_of(self.body))

    def value(self, registry: Registry | None = None) -> int:
        reg = registry or default_registry()
        return int(reg.kind(self.body.kind).value(reg.decode_payload(self.body.kind, self.body.payload)))

    def needed(self, registry: Registry | None = None) -> int | None:
        return None if self.account is None else self.account.needed(self.value(registry))

    def is_complete(self, registry: Registry | None = None) -> bool:
        need = self.needed(registry)
        return need is not None and len(self.signatures) >= need

    def to_json(self) -> dict[str, Any]:
        return {
            "depot_pst": FORMAT_VERSION,
            "chain_id": self.body.chain_id,
            "tx_id": self.tx_id.hex(),
            "body": self.body_bytes.hex(),
            "signatures": [
                {"scheme": int(s.scheme), "public_key": bytes(s.public_key).hex(), "signature": bytes(s.signature).hex()}
                for s in self.signatures
            ],
            "account": self.account.to_json() if self.account is not None else None,
            "note": self.note,
        }

    def save(self, path: Path) -> None:
        write_bytes_atomically(Path(path), (json.dumps(self.to_json(), indent=2) + "\n").encode(), mode=0o644)


def new_pst(body: TxBody, account: AccountSnapshot | None = None, note: str = "") -> PartiallySignedTx:
    if account is not None and account.address != body.sender:
        raise PstMismatch("the account snapshot is not the transaction's sender")
    return PartiallySignedTx(body, (), account, note)


def parse_pst(doc: Any, *, name: str = "partially signed transaction") -> PartiallySignedTx:
    """Parse and check a PST document; refuse altered bytes (``AlteredTransaction``)."""
    try:
        if not isinstance(doc, dict) or doc.get("depot_pst") != FORMAT_VERSION:
            raise ValueError("not a Depot partially signed transaction of a version this wallet reads")
        expected = {"depot_pst", "chain_id", "tx_id", "body", "signatures", "account", "note"}
        if set(doc) != expected:
            raise ValueError(f"fields must be exactly {sorted(expected)}")
        body_bytes = bytes.fromhex(doc["body"])
        recorded_id = bytes.fromhex(doc["tx_id"])
        sigs = []
        for s in doc["signatures"]:
            if set(s) != {"scheme", "public_key", "signature"}:
                raise ValueError("a signature entry has unexpected fields")
            sigs.append(
                TxSignature(U8(int(s["scheme"])), bytes.fromhex(s["public_key"]), Signature64(bytes.fromhex(s["signature"])))
            )
        account = AccountSnapshot.from_json(doc["account"]) if doc["account"] is not None else None
        note = str(doc["note"])
        chain_id = doc["chain_id"]
    except (ValueError, KeyError, TypeError, AttributeError, DepotError) as exc:
        reason = exc.message if isinstance(exc, DepotError) else str(exc) or type(exc).__name__
        raise PstCorrupt(f"{name} is not readable: {reason}") from None
    try:
        body = decode(TxBody, body_bytes)
    except DepotError as exc:
        raise NonCanonical(f"{name}: the transaction body cannot be decoded: {exc.message}") from None
    if encode(body) != body_bytes:  # pragma: no cover - strict decoding guarantees it
        raise NonCanonical(f"{name}: the transaction body does not re-encode to the same bytes")
    if chain_id != body.chain_id:
        raise AlteredTransaction(f"{name}: the chain id recorded beside the body is not the body's")
    if tx_id_of(body) != recorded_id:
        raise AlteredTransaction(f"{name}: the transaction bytes changed after it was built (its id does not match)")
    if len(sigs) > MAX_SIGNATURES or len({s.public_key for s in sigs}) != len(sigs):
        raise PstCorrupt(f"{name}: duplicate or too many signatures")
    msg = tx_signing_message(body.chain_id, recorded_id)
    for i, s in enumerate(sigs):
        if not crypto.is_valid(int(s.scheme), bytes(s.public_key), msg, bytes(s.signature)):
            raise AlteredTransaction(f"{name}: signature {i + 1} does not match the transaction: it was altered after signing")
    if account is not None and account.address != body.sender:
        raise PstCorrupt(f"{name}: the account snapshot is not the transaction's sender")
    return PartiallySignedTx(body, tuple(sigs), account, note)


def load_pst(path: Path) -> PartiallySignedTx:
    path = Path(path)
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_PST_BYTES:
            raise PstCorrupt(f"{path.name!r} is larger than {MAX_PST_BYTES} bytes")
        doc = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise PstCorrupt(f"{path.name!r} is not a readable partially signed transaction ({type(exc).__name__})") from None
    return parse_pst(doc, name=repr(path.name))


def add_signature(pst: PartiallySignedTx, signer: Signer) -> PartiallySignedTx:
    """``pst`` with ``signer``'s signature added (refused if that key is not a signer of the account)."""
    if any(bytes(s.public_key) == signer.public_key for s in pst.signatures):
        return pst
    if pst.account is not None and (int(signer.scheme), signer.public_key) not in pst.account.keys:
        raise NotASignerOfAccount(
            f"this key is not one of the signers of account {pst.account.address}; its signature would make the transaction invalid"
        )
    return replace(pst, signatures=pst.signatures + (signature_for(pst.body, signer),))


def merge(a: PartiallySignedTx, b: PartiallySignedTx) -> PartiallySignedTx:
    """Signatures of two copies of the same transaction (passed to different signers) combined."""
    if a.body_bytes != b.body_bytes:
        raise PstMismatch("the two files are for different transactions")
    have = {bytes(s.public_key) for s in a.signatures}
    extra = tuple(s for s in b.signatures if bytes(s.public_key) not in have)
    return replace(a, signatures=a.signatures + extra, account=a.account or b.account)


def finalize(pst: PartiallySignedTx, registry: Registry | None = None) -> Transaction:
    """The transaction to submit, once the account snapshot's threshold is met."""
    need = pst.needed(registry)
    if need is not None and len(pst.signatures) < need:
        raise NotEnoughSignatures(
            f"{len(pst.signatures)} of {need} required signatures", have=len(pst.signatures), need=need
        )
    if not pst.signatures:
        raise NotEnoughSignatures("the transaction carries no signature")
    return Transaction(pst.body, pst.signatures)
