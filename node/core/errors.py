"""The exception hierarchy for expected failures: bad input from people or peers.

``DepotError`` and its subclasses describe something a person or a peer did
wrong (or asked for too early); each carries a stable ``code`` that the API
returns and the app maps to a translated sentence.  Bugs are ordinary Python
exceptions and are never caught as ``DepotError``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DepotError(Exception):
    """An expected failure with a stable machine-readable code."""

    code: ClassVar[str] = "depot_error"
    http_status: ClassVar[int] = 400

    def __init__(self, message: str, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.data = data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data:
            out["data"] = {k: _jsonable(v) for k, v in self.data.items()}
        return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


# --- encoding -----------------------------------------------------------------


class DecodeError(DepotError):
    """Bytes that are not the canonical encoding of the expected type."""

    code = "malformed_encoding"


class InvalidValue(DepotError):
    """A value outside its allowed range or format (e.g. a negative amount)."""

    code = "invalid_value"


class InvalidAmount(InvalidValue):
    """An amount that is negative, zero where it must be positive, or too large."""

    code = "invalid_amount"


class InvalidAddress(DepotError):
    """A typed address that is not a valid checksummed Depot address."""

    code = "invalid_address"


# --- cryptography ---------------------------------------------------------------


class InvalidSignature(DepotError):
    """A signature that does not verify, or is not canonical."""

    code = "invalid_signature"


class InvalidPublicKey(DepotError):
    """A public key that is malformed for its scheme."""

    code = "invalid_public_key"


class InvalidProof(DepotError):
    """A Merkle or state proof that does not verify against its root."""

    code = "invalid_proof"
