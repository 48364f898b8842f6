"""Checking an address a person typed or pasted, with a specific, translated message for each mistake."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from node.core.address import ADDRESS_TEXT_LENGTH, HRP, format_address, parse_address
from node.core.errors import InvalidAddress

translate = QCoreApplication.translate


class AddressInputError(ValueError):
    """``str(e)`` is the sentence shown next to the field; ``code`` says which check failed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def parse_address_text(text: str, *, own: str | None = None) -> str:
    """The checksummed address of ``text`` (``AddressInputError`` if mistyped); ``own`` is refused."""
    t = text.strip()
    if not t:
        raise AddressInputError("empty", translate("address_input", "Enter the recipient's address."))
    if not t.lower().startswith(HRP + "1"):
        raise AddressInputError(
            "prefix",
            translate("address_input", "A Depot address starts with “{0}1”.").format(HRP),
        )
    if len(t) != ADDRESS_TEXT_LENGTH:
        raise AddressInputError(
            "length",
            translate(
                "address_input", "A Depot address has {0} characters; this one has {1}."
            ).format(ADDRESS_TEXT_LENGTH, len(t)),
        )
    if t != t.lower() and t != t.upper():
        raise AddressInputError(
            "mixed_case",
            translate("address_input", "The address mixes capital and small letters; retype it."),
        )
    try:
        address = format_address(parse_address(t))
    except InvalidAddress:
        raise AddressInputError(
            "checksum",
            translate(
                "address_input",
                "The address checksum does not match: a character is mistyped. "
                "Copy the address again from the recipient.",
            ),
        ) from None
    if own is not None and address == own:
        raise AddressInputError(
            "own", translate("address_input", "This is your own account's address.")
        )
    return address
