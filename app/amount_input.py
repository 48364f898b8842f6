"""Reading an amount a person typed ("1,234.56") into integer minor units, with a specific message for each mistake.

Integer arithmetic only: the text is split at the decimal point and the two
digit runs are joined, so no amount ever passes through a float.  Each refusal
says what is wrong (empty, not a number, negative, more than two decimals,
zero, too large, more than the balance) so the form can show it next to the
field.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from app.formatting import AMOUNT_DECIMALS, format_amount_locale
from node.core.types import Amount

translate = QCoreApplication.translate

MAX_MINOR = int(Amount.MAX)


class AmountInputError(ValueError):
    """A typed amount that cannot be sent; ``str(e)`` is the translated sentence for the form."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_amount_text(
    text: str, *, balance: int | None = None, decimals: int = AMOUNT_DECIMALS
) -> int:
    """Minor units of ``text`` (major units, at most ``decimals`` decimals), or ``AmountInputError``."""
    t = text.strip().replace(" ", "").replace("\u00a0", "")
    if not t:
        raise AmountInputError("empty", translate("amount_input", "Enter an amount."))
    if t.startswith("-") or t.startswith("\u2212"):
        raise AmountInputError(
            "negative", translate("amount_input", "The amount cannot be negative.")
        )
    if t.startswith("+"):
        t = t[1:]
    loc = QLocale()
    points = {".", loc.decimalPoint()}
    groups = {",", loc.groupSeparator()} - points
    for g in groups:
        t = t.replace(g, "")
    for p in points - {"."}:
        t = t.replace(p, ".")
    whole, sep, frac = t.partition(".")
    if (
        not (whole or frac)
        or "." in frac
        or not (whole.isascii() and frac.isascii())
        or (whole and not whole.isdigit())
        or (frac and not frac.isdigit())
        or (sep and not frac and not whole)
    ):
        raise AmountInputError(
            "not_a_number",
            translate("amount_input", "Type the amount as a number, for example 1250.50."),
        )
    if len(frac) > decimals:
        raise AmountInputError(
            "too_many_decimals",
            translate("amount_input", "At most {0} decimal places (the smallest unit is 0.01).").format(
                decimals
            ),
        )
    if len(whole.lstrip("0")) > 19:  # far beyond the cap; avoid building a huge integer
        raise AmountInputError("too_large", _too_large())
    minor = int(whole or "0") * 10**decimals + int((frac or "0").ljust(decimals, "0"))
    if minor == 0:
        raise AmountInputError(
            "zero", translate("amount_input", "The amount must be greater than zero.")
        )
    if minor > MAX_MINOR:
        raise AmountInputError("too_large", _too_large())
    if balance is not None and minor > balance:
        raise AmountInputError(
            "beyond_balance",
            translate("amount_input", "More than the available balance ({0}).").format(
                format_amount_locale(balance)
            ),
        )
    return minor


def _too_large() -> str:
    return translate("amount_input", "The amount is too large.")
