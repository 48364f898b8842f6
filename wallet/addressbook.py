"""The address book: people's labels and organisation names for addresses, and who was paid before.

The signing view shows each party by its label and organisation, and warns
when a transaction pays an address that is not in the book and was never
paid from this wallet (a first-time recipient: the classic invoice-fraud
moment).  Stored as one JSON file written atomically.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from node.core.address import format_address, parse_address
from node.core.types import Address
from node.keyfile import write_bytes_atomically
from wallet.errors import InvalidField, WalletCorrupt

FORMAT_VERSION = 1
MAX_LABEL = 128


@dataclass(frozen=True, slots=True)
class Contact:
    """One address-book entry."""

    address: Address
    label: str
    """What people call it: "Acme Fuel — receivables"."""
    organisation: str
    """The organisation's name (or id) it belongs to; may be empty."""
    note: str
    added_ms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "address": format_address(self.address),
            "label": self.label,
            "organisation": self.organisation,
            "note": self.note,
            "added_ms": self.added_ms,
        }


def _check_text(value: str, what: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_LABEL or any(ord(c) < 32 for c in value):
        raise InvalidField(f"the {what} must be text of at most {MAX_LABEL} characters, without control characters")
    return value


class AddressBook:
    """Contacts by address, plus how many times each address was paid from this wallet."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._contacts: dict[Address, Contact] = {}
        self._paid: dict[Address, int] = {}
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            if doc.get("depot_addressbook") != FORMAT_VERSION:
                raise ValueError("version")
            for c in doc["contacts"]:
                addr = parse_address(c["address"])
                self._contacts[addr] = Contact(
                    addr, str(c["label"]), str(c["organisation"]), str(c["note"]), int(c["added_ms"])
                )
            for text, n in doc["paid"].items():
                self._paid[parse_address(text)] = int(n)
        except Exception as exc:  # noqa: BLE001 - any shape problem is one error for people
            raise WalletCorrupt(f"address book {self.path.name!r} is not readable ({type(exc).__name__})") from None

    def to_json(self) -> dict[str, Any]:
        return {
            "depot_addressbook": FORMAT_VERSION,
            "contacts": [c.to_json() for c in sorted(self._contacts.values(), key=lambda c: c.label.lower())],
            "paid": {format_address(a): n for a, n in sorted(self._paid.items())},
        }

    def save(self) -> None:
        write_bytes_atomically(self.path, (json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n").encode())

    def add(self, address: str | Address, label: str, organisation: str = "", note: str = "") -> Contact:
        """Add or relabel a contact (a typed address is checked: a mistyped one is refused)."""
        addr = parse_address(address) if isinstance(address, str) else Address(address)
        if not label.strip():
            raise InvalidField("a contact needs a label")
        contact = Contact(
            addr,
            _check_text(label.strip(), "label"),
            _check_text(organisation.strip(), "organisation"),
            _check_text(note, "note"),
            time.time_ns() // 1_000_000,
        )
        self._contacts[addr] = contact
        self.save()
        return contact

    def remove(self, address: str | Address) -> None:
        addr = parse_address(address) if isinstance(address, str) else Address(address)
        self._contacts.pop(addr, None)
        self.save()

    def get(self, address: bytes) -> Contact | None:
        return self._contacts.get(Address(address))

    def contacts(self) -> list[Contact]:
        return sorted(self._contacts.values(), key=lambda c: c.label.lower())

    def times_paid(self, address: bytes) -> int:
        return self._paid.get(Address(address), 0)

    def is_first_time(self, address: bytes) -> bool:
        """True when the address is neither a contact nor was ever paid from this wallet."""
        return Address(address) not in self._contacts and self.times_paid(address) == 0

    def record_payment(self, address: bytes) -> None:
        addr = Address(address)
        self._paid[addr] = self._paid.get(addr, 0) + 1
        self.save()

    def merge(self, other: dict[str, Any]) -> int:
        """Add the contacts of another address book's JSON (a backup) that this one lacks."""
        added = 0
        for c in other.get("contacts", []):
            addr = parse_address(c["address"])
            if addr not in self._contacts:
                self._contacts[addr] = Contact(
                    addr, str(c["label"]), str(c.get("organisation", "")), str(c.get("note", "")), int(c["added_ms"])
                )
                added += 1
        for text, n in other.get("paid", {}).items():
            addr = parse_address(text)
            self._paid[addr] = max(self._paid.get(addr, 0), int(n))
        self.save()
        return added
