"""How the app writes amounts, ids, times and errors for people (pure text helpers)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from node.client import NodeApiError, NodeUnreachable
from node.core.errors import DepotError

AMOUNT_DECIMALS = 2
"""Minor units per major unit are 10**2 for the settlement token (like cents or fen)."""


# Module-level strings: lupdate finds translate("context", "literal") calls.
translate = QCoreApplication.translate


def group_digits(digits: str, sep: str = ",") -> str:
    """``"1234567"`` -> ``"1,234,567"``; ``digits`` must be a run of ASCII digits."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_amount(
    minor: int, *, decimals: int = AMOUNT_DECIMALS, group: str = ",", point: str = "."
) -> str:
    """Integer minor units as major units, exactly: ``123456`` -> ``"1,234.56"``.

    Integer arithmetic only (divmod on the absolute value), so no amount is
    ever rounded through a float.
    """
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError(f"an amount is an integer of minor units, got {type(minor).__name__}")
    sign = "-" if minor < 0 else ""
    if decimals == 0:
        return sign + group_digits(str(abs(minor)), group)
    whole, frac = divmod(abs(minor), 10**decimals)
    return f"{sign}{group_digits(str(whole), group)}{point}{frac:0{decimals}d}"


def format_amount_locale(minor: int, *, decimals: int = AMOUNT_DECIMALS) -> str:
    """``format_amount`` with the separators of the current ``QLocale``."""
    loc = QLocale()
    return format_amount(
        minor, decimals=decimals, group=loc.groupSeparator(), point=loc.decimalPoint()
    )


def format_count(n: int) -> str:
    """An integer count (height, minor units) with the locale's digit grouping."""
    sign = "-" if n < 0 else ""
    return sign + group_digits(str(abs(n)), QLocale().groupSeparator())


def short_id(text: str, head: int = 8, tail: int = 6) -> str:
    """A long hex id or address shortened for a table cell: ``"depot1qq…gadu4x"``."""
    if len(text) <= head + tail + 1:
        return text
    return f"{text[:head]}…{text[-tail:]}"


def format_time_ms(ms: int) -> str:
    """A chain time (ms since the Unix epoch) as local date and time to the second."""
    return QDateTime.fromMSecsSinceEpoch(ms).toLocalTime().toString("yyyy-MM-dd HH:mm:ss")


def format_age(seconds: int) -> str:
    """How long ago, coarsely: ``"12 s ago"``, ``"3 min ago"``, ``"2 h ago"``, ``"4 d ago"``."""
    if seconds < 0:
        seconds = 0  # a block stamped slightly in our future (clock skew) reads as "just now"
    if seconds < 1:
        return translate("formatting", "just now")
    if seconds < 120:
        return translate("formatting", "{0} s ago").format(seconds)
    if seconds < 7200:
        return translate("formatting", "{0} min ago").format(seconds // 60)
    if seconds < 2 * 86400:
        return translate("formatting", "{0} h ago").format(seconds // 3600)
    return translate("formatting", "{0} d ago").format(seconds // 86400)


def role_name(role: str) -> str:
    """A role identifier from the chain (``"customer"``) as people read it; unknown ones as is."""
    names = {
        "core_enterprise": translate("formatting", "Core enterprise"),
        "supplier": translate("formatting", "Supplier"),
        "customer": translate("formatting", "Customer"),
        "warehouse": translate("formatting", "Warehouse"),
        "warehouse_manager": translate("formatting", "Warehouse manager"),
        "logistics": translate("formatting", "Logistics"),
        "bank": translate("formatting", "Bank"),
        "auditor": translate("formatting", "Auditor"),
        "regulator": translate("formatting", "Regulator"),
        "arbiter": translate("formatting", "Arbiter"),
        "operator": translate("formatting", "Consortium operator"),
        "gateway": translate("formatting", "Tank-site gateway"),
        "governor": translate("formatting", "Governor"),
    }
    return names.get(role, role)


def _api_error_text(code: str) -> str | None:
    """The node's stable error codes (docs/api.md) as sentences; literal so lupdate finds them."""
    sentences = {
        "malformed_encoding": translate("formatting", "The transaction is not correctly encoded."),
        "malformed_json": translate("formatting", "The node could not read the request."),
        "wrong_chain": translate("formatting", "The transaction is for a different chain."),
        "invalid_signature": translate("formatting", "The signature is not valid."),
        "unauthorized_signer": translate("formatting", "This key may not sign for the account."),
        "nonce_too_low": translate(
            "formatting", "This transaction was already sent (its sequence number is used)."
        ),
        "nonce_gap": translate(
            "formatting", "An earlier transaction of this account is still missing."
        ),
        "expired": translate("formatting", "The transaction expired before it was included."),
        "body_too_large": translate("formatting", "The request is too large for the node."),
        "rate_limited": translate("formatting", "The node is busy; please try again shortly."),
        "invalid_address": translate("formatting", "The address is not valid (mistyped?)."),
        "insufficient_funds": translate("formatting", "The balance is not sufficient."),
        "not_bank": translate(
            "formatting", "Only the bank may issue or redeem the settlement token."
        ),
        "invalid_amount": translate("formatting", "The amount is not valid."),
        "not_found": translate("formatting", "The node does not know this item."),
        "mempool_full": translate(
            "formatting",
            "The node's queue of pending transactions is full; please try again later.",
        ),
        "duplicate_tx": translate("formatting", "The node already has this transaction."),
    }
    return sentences.get(code)


def describe_error(error: BaseException) -> str:
    """A translated sentence for an expected failure; the English message for unknown codes."""
    if isinstance(error, NodeUnreachable):
        return translate("formatting", "The node does not answer. Is it running?")
    if isinstance(error, NodeApiError):
        return _api_error_text(error.code) or translate(
            "formatting", "The node refused the request: {0}"
        ).format(error.message)
    if isinstance(error, DepotError):
        return error.message
    return translate("formatting", "Unexpected error: {0}").format(error)
