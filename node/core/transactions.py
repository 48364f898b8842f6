"""Transactions: what an account asks the chain to do, and the checks that need no state.

A transaction is a body (chain id, sender, nonce, expiry, kind and payload)
plus one or more signatures.  Its id hashes the body alone, so the same
request signed by different co-signers, or with re-encoded signatures, keeps
the same id: ids are not malleable.  Each signature is made over
``signing_message(Domain.TX, chain_id, tx_id)`` and carries its public key, so
signatures can be checked in parallel before any state is read; whether that
key may act for the sender is decided against state, by ``execution``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from node.core import crypto
from node.core.encoding import MaxLen, decode, encode
from node.core.errors import DepotError
from node.core.hashing import tagged_hash
from node.core.types import U8, Address, Hash32, Nonce, Signature64, TimestampMs

TX_VERSION = 1
MAX_TX_BYTES = 64 * 1024
MAX_SIGNATURES = 16
MAX_KIND_LEN = 64


class InvalidTransaction(DepotError):
    """A transaction that can never be valid, or is not valid now."""

    code = "invalid_transaction"


class WrongChain(InvalidTransaction):
    code = "wrong_chain"


class UnsupportedVersion(InvalidTransaction):
    code = "unsupported_version"


class TxTooLarge(InvalidTransaction):
    code = "tx_too_large"


class MissingSignature(InvalidTransaction):
    code = "missing_signature"


class DuplicateSignature(InvalidTransaction):
    code = "duplicate_signature"


class TxSignatureInvalid(InvalidTransaction):
    code = "invalid_signature"


class Expired(InvalidTransaction):
    code = "expired"


class ExpiryTooFar(InvalidTransaction):
    code = "expiry_too_far"


class UnknownKind(InvalidTransaction):
    code = "unknown_kind"


class InvalidPayload(InvalidTransaction):
    code = "invalid_payload"


class NonceTooLow(InvalidTransaction):
    """The nonce was already used: a replay, or a duplicate submission."""

    code = "nonce_too_low"


class NonceGap(InvalidTransaction):
    """The nonce skips ahead of the account's next nonce."""

    code = "nonce_gap"


class UnauthorizedSigner(InvalidTransaction):
    """A signature by a key that does not belong to the sender, or too few of them."""

    code = "unauthorized_signer"


class UnknownSender(InvalidTransaction):
    code = "unknown_sender"


@dataclass(frozen=True, slots=True)
class TxBody:
    """The signed content of a transaction."""

    version: U8
    """Encoding version; 1."""
    chain_id: Annotated[str, MaxLen(64)]
    """The chain this transaction is for; a transaction for another chain is refused."""
    sender: Address
    """The account acting."""
    nonce: Nonce
    """Must equal the sender's next nonce: prevents replay and fixes order."""
    expires_at: TimestampMs
    """Refused in any block whose time is at or past this (ms since epoch)."""
    kind: Annotated[str, MaxLen(MAX_KIND_LEN)]
    """Registered transaction kind, ``module.action`` (e.g. ``token.transfer``)."""
    payload: Annotated[bytes, MaxLen(MAX_TX_BYTES)]
    """Canonical encoding of the kind's payload dataclass."""


@dataclass(frozen=True, slots=True)
class TxSignature:
    """One signature over the transaction id, with the key that made it."""

    scheme: U8
    """``Scheme`` value: 1 Ed25519, 2 ECDSA P-256."""
    public_key: Annotated[bytes, MaxLen(33)]
    signature: Signature64


@dataclass(frozen=True, slots=True)
class Transaction:
    """A body and its signatures, as submitted and as included in blocks."""

    body: TxBody
    signatures: Annotated[tuple[TxSignature, ...], MaxLen(MAX_SIGNATURES)]

    def encode(self) -> bytes:
        return encode(self)

    def tx_id(self) -> Hash32:
        """Computed on each call (slotted frozen classes cannot cache); callers memoise."""
        return tx_id_of(self.body)


def tx_id_of(body: TxBody) -> Hash32:
    """The transaction id: a tagged hash of the body's canonical encoding."""
    return Hash32(tagged_hash(b"DEPOT/TXID", encode(body)))


def tx_signing_message(chain_id: str, tx_id: bytes) -> bytes:
    return crypto.signing_message(crypto.Domain.TX, chain_id, tx_id)


def decode_transaction(raw: bytes) -> Transaction:
    """Decode submitted bytes; ``DecodeError`` if not canonical, ``TxTooLarge`` if oversized."""
    if len(raw) > MAX_TX_BYTES:
        raise TxTooLarge(f"transaction of {len(raw)} bytes exceeds {MAX_TX_BYTES}", size=len(raw))
    return decode(Transaction, raw)


def sign_body(body: TxBody, signers: list[crypto.Signer]) -> Transaction:
    """Sign ``body`` with each signer (software or hardware) and return the transaction."""
    tid = tx_id_of(body)
    msg = tx_signing_message(body.chain_id, tid)
    sigs = tuple(
        TxSignature(U8(int(s.scheme)), bytes(s.public_key), Signature64(s.sign(msg))) for s in signers
    )
    return Transaction(body, sigs)


def add_signature(tx: Transaction, signer: crypto.Signer) -> Transaction:
    """Add a co-signature (multi-signer accounts); the id does not change."""
    msg = tx_signing_message(tx.body.chain_id, tx_id_of(tx.body))
    sig = TxSignature(U8(int(signer.scheme)), bytes(signer.public_key), Signature64(signer.sign(msg)))
    if any(s.public_key == sig.public_key for s in tx.signatures):
        raise DuplicateSignature("this key has already signed the transaction")
    return Transaction(tx.body, tx.signatures + (sig,))


def check_stateless(
    tx: Transaction, chain_id: str, *, verify_signatures: bool = True, encoded: bytes | None = None
) -> Hash32:
    """Checks that need no chain state: version, chain, signatures. Returns the tx id.

    ``encoded``: ``tx``'s canonical encoding, when the caller has it (a block's
    transactions as decoded); the body's encoding is then its prefix, not
    encoded again.  Raises the specific ``InvalidTransaction`` subclass on
    the first problem.
    """
    body = tx.body
    # Exact encoded size of the signatures (u32 count, then scheme, length-prefixed key and
    # 64-byte signature each), so the limit holds for transactions inside blocks too.
    sigs_size = 4 + sum(1 + 4 + len(s.public_key) + 64 for s in tx.signatures)
    body_enc = encode(body) if encoded is None else encoded[: len(encoded) - sigs_size]
    size = len(body_enc) + sigs_size
    if size > MAX_TX_BYTES:
        raise TxTooLarge(f"transaction of {size} bytes exceeds {MAX_TX_BYTES}", size=size)
    if body.version != TX_VERSION:
        raise UnsupportedVersion(f"transaction version {body.version} is not supported")
    if body.chain_id != chain_id:
        raise WrongChain(
            f"transaction is for chain {body.chain_id!r}, this is {chain_id!r}",
            expected=chain_id,
            got=body.chain_id,
        )
    if not tx.signatures:
        raise MissingSignature("transaction carries no signature")
    seen: set[bytes] = set()
    for s in tx.signatures:
        if s.public_key in seen:
            raise DuplicateSignature("the same key signed twice")
        seen.add(s.public_key)
    tid = Hash32(tagged_hash(b"DEPOT/TXID", body_enc))
    if verify_signatures:
        msg = tx_signing_message(chain_id, tid)
        for i, s in enumerate(tx.signatures):
            try:
                crypto.verify(s.scheme, s.public_key, msg, s.signature)
            except DepotError as exc:
                raise TxSignatureInvalid(f"signature {i}: {exc.message}", index=i) from exc
    return tid


def check_time(body: TxBody, now_ms: int, max_ttl_ms: int) -> None:
    """Refuse an expired transaction, or one whose expiry is unreasonably far ahead."""
    if body.expires_at <= now_ms:
        raise Expired(
            f"transaction expired at {int(body.expires_at)} (now {now_ms})",
            expires_at=int(body.expires_at),
            now=now_ms,
        )
    if body.expires_at > now_ms + max_ttl_ms:
        raise ExpiryTooFar(
            f"expiry {int(body.expires_at)} is more than {max_ttl_ms} ms ahead",
            expires_at=int(body.expires_at),
        )
