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
from node.core.errors import DepotError
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
        return _document(self._contacts, self._paid)

    def save(self) -> None:
        _write(self.path, self._contacts, self._paid)

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
        """Add the contacts of another address book's JSON (a backup) that this one lacks.

        The whole document is checked first (``ValueError`` naming the entry at fault); nothing
        changes unless it all is well-formed."""
        contacts, paid = parse_book(other)
        return self.merge_parsed(contacts, paid)

    def merge_plan(self, contacts: tuple[Contact, ...], paid: dict[Address, int]) -> tuple[list[Contact], list[Contact], int]:
        """(new contacts, contacts whose address is here already, addresses whose payment count would rise)."""
        new = [c for c in contacts if c.address not in self._contacts]
        known = [c for c in contacts if c.address in self._contacts]
        rising = sum(1 for a, n in paid.items() if n > self._paid.get(a, 0))
        return new, known, rising

    def merge_parsed(self, contacts: tuple[Contact, ...], paid: dict[Address, int]) -> int:
        """Add the (checked) contacts this book lacks and raise payment counts to the other book's.

        The file is written first and the book in memory changes only once it is: a failed write
        leaves both as they were.  Returns how many contacts were added."""
        new_contacts = dict(self._contacts)
        for c in contacts:
            new_contacts.setdefault(c.address, c)
        new_paid = dict(self._paid)
        for a, n in paid.items():
            new_paid[a] = max(new_paid.get(a, 0), n)
        added = len(new_contacts) - len(self._contacts)
        if added or new_paid != self._paid:
            _write(self.path, new_contacts, new_paid)
            self._contacts, self._paid = new_contacts, new_paid
        return added


def _document(contacts: dict[Address, Contact], paid: dict[Address, int]) -> dict[str, Any]:
    return {
        "depot_addressbook": FORMAT_VERSION,
        "contacts": [c.to_json() for c in sorted(contacts.values(), key=lambda c: c.label.lower())],
        "paid": {format_address(a): n for a, n in sorted(paid.items())},
    }


def _write(path: Path, contacts: dict[Address, Contact], paid: dict[Address, int]) -> None:
    write_bytes_atomically(path, (json.dumps(_document(contacts, paid), indent=2, ensure_ascii=False) + "\n").encode())


def _count(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{where}: must be a whole number, 0 or more")
    return value


def parse_book(doc: Any, where: str = "addressbook") -> tuple[tuple[Contact, ...], dict[Address, int]]:
    """The contacts and payment counts of an address book's JSON (``to_json``'s shape), every entry checked.

    ``ValueError("<where>: <problem>")`` for the first malformed entry; the problem never quotes the
    value.  A contact whose address comes again later is kept once (the first)."""
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: must be a JSON object")
    extra = sorted(set(doc) - {"depot_addressbook", "contacts", "paid"})
    if extra:
        raise ValueError(f"{where}: unknown field {extra[0]!r}")
    if "depot_addressbook" in doc and doc["depot_addressbook"] != FORMAT_VERSION:
        raise ValueError(f"{where}.depot_addressbook: unsupported version")
    items = doc.get("contacts", [])
    if not isinstance(items, list):
        raise ValueError(f"{where}.contacts: must be a list")
    contacts: dict[Address, Contact] = {}
    for i, c in enumerate(items):
        at = f"{where}.contacts[{i}]"
        if not isinstance(c, dict):
            raise ValueError(f"{at}: must be a JSON object")
        missing = sorted({"address", "label", "added_ms"} - set(c))
        if missing:
            raise ValueError(f"{at}: missing field {missing[0]!r}")
        extra = sorted(set(c) - {"address", "label", "organisation", "note", "added_ms"})
        if extra:
            raise ValueError(f"{at}: unknown field {extra[0]!r}")
        try:
            addr = parse_address(c["address"]) if isinstance(c["address"], str) else None
        except DepotError:
            addr = None
        if addr is None:
            raise ValueError(f"{at}.address: not a valid address")
        texts = []
        for field in ("label", "organisation", "note"):
            try:
                texts.append(_check_text(c.get(field, ""), field))
            except InvalidField:
                raise ValueError(
                    f"{at}.{field}: must be text of at most {MAX_LABEL} characters, without control characters"
                ) from None
        if not texts[0].strip():
            raise ValueError(f"{at}.label: is empty")
        contacts.setdefault(addr, Contact(addr, texts[0], texts[1], texts[2], _count(c["added_ms"], f"{at}.added_ms")))
    counts = doc.get("paid", {})
    if not isinstance(counts, dict):
        raise ValueError(f"{where}.paid: must be a JSON object")
    paid: dict[Address, int] = {}
    for j, (text, n) in enumerate(counts.items()):
        try:
            addr = parse_address(text)
        except DepotError:
            raise ValueError(f"{where}.paid[{j}]: not a valid address") from None
        paid[addr] = max(paid.get(addr, 0), _count(n, f"{where}.paid[{j}]"))
    return tuple(contacts.values()), paid
