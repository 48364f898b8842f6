"""Building every kind by name, the decoded view (what you see is what you sign), and co-signing files."""

from __future__ import annotations

import dataclasses
import json
import typing
from pathlib import Path
from typing import Any

import pytest

from node.core.address import format_address
from node.core.encoding import encode
from node.core.transactions import UnauthorizedSigner
from node.core.types import Address, Amount, FixedBytes, UInt
from node.modules import default_registry
from node.modules.accounts.records import AccountKey
from tests.wallet.chain_world import CHAIN, HIGH_AMOUNT, KEYS, TREASURY, World, addr, signer
from wallet.addressbook import AddressBook
from wallet.builder import build_body, kinds
from wallet.errors import (
    AlteredTransaction,
    InvalidField,
    NonCanonical,
    NotASignerOfAccount,
    NotEnoughSignatures,
    PstCorrupt,
    PstMismatch,
    UnknownTxKind,
    UnsupportedTxVersion,
)
from wallet.pst import AccountSnapshot, add_signature, finalize, load_pst, merge, new_pst
from wallet.view import format_amount, view_body

REG = default_registry()
NOW = 1_800_000_000_000


def _sample(tp: Any, name: str) -> Any:
    """A valid JSON value for a field of type ``tp`` (generic, so new kinds are covered too)."""
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if typing.get_origin(tp) is tuple:
        return [_sample(typing.get_args(tp)[0], name)]
    if typing.get_origin(tp) in (typing.Union, __import__("types").UnionType):
        return None
    if tp is AccountKey:
        return {"scheme": 1, "public_key": KEYS["new0"].public_key.hex()}
    if tp is bool:
        return True
    if isinstance(tp, type) and issubclass(tp, Address):
        return format_address(addr("bob"))
    if isinstance(tp, type) and issubclass(tp, UInt):
        return 1 if tp.MAX > 1 else 0
    if isinstance(tp, type) and issubclass(tp, FixedBytes):
        return "ab" * tp.SIZE
    if tp is bytes:
        return "00"
    if tp is str:
        return "sample"
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp, include_extras=True)
        return {f.name: _sample(hints[f.name], f.name) for f in dataclasses.fields(tp)}
    raise AssertionError(f"no sample for {tp}")


OVERRIDES: dict[str, dict[str, Any]] = {
    "approval.propose": {"account": format_address(TREASURY), "memo": "INV-1", "deadline_ms": NOW + 3_600_000,
                         "proposal": {"kind": "token.transfer", "fields": {"to": format_address(addr("bob")), "amount": 5, "memo": ""}}},
    "gov.propose": {"title": "Register Northmill", "deadline_ms": NOW + 3_600_000,
                    "action": {"kind": "org.register", "fields": {"org_id": "northmill2", "name": "Northmill", "kind": "customer"}}},
    "account.set_signers": {"keys": [{"scheme": 1, "public_key": KEYS["c0"].public_key.hex()}], "threshold": 1,
                            "high_threshold": 0, "high_amount": 0},
    "account.rotate_key": {"old": {"scheme": 1, "public_key": KEYS["c0"].public_key.hex()},
                           "new": {"scheme": 1, "public_key": KEYS["new0"].public_key.hex()}},
}


@pytest.mark.parametrize("kind", sorted(REG.kinds))
def test_every_registered_kind_builds_by_name_and_fields_and_shows_every_field(kind: str):
    k = REG.kind(kind)
    hints = typing.get_type_hints(k.payload_type, include_extras=True)
    fields = OVERRIDES.get(kind) or {f.name: _sample(hints[f.name], f.name) for f in dataclasses.fields(k.payload_type)}
    body = build_body(chain_id=CHAIN, sender=addr("c0"), nonce=3, kind=kind, fields=fields, now_ms=NOW)
    view = view_body(encode(body))
    assert view.kind == kind and view.action == k.description and view.nonce == 3
    shown = {ln.path.split("[")[0].split(".")[0] for ln in view.lines}
    assert {f.name for f in dataclasses.fields(k.payload_type)} <= shown | {"payload", "action_payload"}
    assert any(i.name == kind for i in kinds())


def test_builder_refuses_what_a_person_can_fix():
    b = dict(chain_id=CHAIN, sender=addr("c0"), nonce=0, now_ms=NOW)
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": 0, "memo": ""}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("c0")), "amount": 5, "memo": ""}, **b)
    with pytest.raises(InvalidField) as exc:  # one character changed: the checksum catches it
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob"))[:-1] + "q", "amount": 5, "memo": ""}, **b)
    assert exc.value.data.get("code") == "invalid_address"
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": -5, "memo": ""}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": 1.5, "memo": ""}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": 5}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="no.such", fields={}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="account.set_signers", fields={"keys": [], "threshold": 1, "high_threshold": 0, "high_amount": 0}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="approval.propose", fields={"account": format_address(TREASURY), "kind": "token.transfer",
                                                    "payload": "00", "memo": "", "deadline_ms": NOW + 1}, **b)
    with pytest.raises(InvalidField):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": 5, "memo": ""},
                   ttl_ms=2 * 86_400_000, **b)


def test_a_zero_amount_passes_only_where_the_kind_gives_it_a_meaning():
    b = dict(chain_id=CHAIN, sender=addr("c0"), nonce=0, now_ms=NOW)
    # An arbiter's full refund: nothing paid to the supplier, the whole escrow back to the buyer.
    body = build_body(kind="order.resolve", fields={"order_id": "ord-1", "quantity_l": 0, "amount": 0, "note": "refund"}, **b)
    assert REG.decode_payload("order.resolve", body.payload).amount == 0
    with pytest.raises(InvalidField, match="greater than zero"):
        build_body(kind="token.transfer", fields={"to": format_address(addr("bob")), "amount": 0, "memo": ""}, **b)


def test_view_renders_people_terms_and_warns_on_first_time_recipients(tmp_path: Path):
    book = AddressBook(tmp_path / "book.json")
    fields = {"to": format_address(addr("bob")), "amount": 123_456, "memo": "INV-2026-001"}
    body = build_body(chain_id=CHAIN, sender=TREASURY, nonce=0, kind="token.transfer", fields=fields, now_ms=NOW)
    v = view_body(encode(body), address_book=book, signer=signer("c0"), signatures_needed=2)
    text = v.render_text()
    assert "1,234.56 (123456 minor units)" in text and CHAIN in text and "Pay settlement tokens" in text
    assert v.value_minor == 123_456 and any("first-time recipient" in w for w in v.warnings)
    assert v.fingerprint.replace(" ", "") == v.tx_id[:16] and "key file" in v.signing_key and "ED25519" in v.signing_key
    book.add(addr("bob"), "Acme Fuel receivables", "Acme Fuel Supply")
    v2 = view_body(encode(body), address_book=book)
    assert not v2.warnings and "Acme Fuel receivables, Acme Fuel Supply" in v2.render_text()
    assert format_amount(5) == "0.05 (5 minor units)" and format_amount(10**15) == "10,000,000,000,000.00 (1000000000000000 minor units)"


def test_view_warns_on_invisible_characters_and_shows_proposals_inside():
    fields = {"to": format_address(addr("bob")), "amount": 5, "memo": "INV\u202e100-1"}
    body = build_body(chain_id=CHAIN, sender=addr("c0"), nonce=0, kind="token.transfer", fields=fields, now_ms=NOW)
    v = view_body(encode(body))
    assert any("U+202E" in w for w in v.warnings)
    prop = build_body(chain_id=CHAIN, sender=addr("c0"), nonce=0, kind="approval.propose", fields=OVERRIDES["approval.propose"], now_ms=NOW)
    v = view_body(encode(prop))
    assert v.value_minor == 5 and any(ln.path == "proposal.amount" and "0.05" in ln.text for ln in v.lines)


def test_view_refuses_what_it_cannot_show_faithfully():
    body = build_body(chain_id=CHAIN, sender=addr("c0"), nonce=0, kind="token.transfer",
                      fields={"to": format_address(addr("bob")), "amount": 5, "memo": ""}, now_ms=NOW)
    raw = encode(body)
    with pytest.raises(NonCanonical):
        view_body(raw + b"\x00")  # trailing byte
    with pytest.raises(UnsupportedTxVersion):
        view_body(encode(dataclasses.replace(body, version=2)))
    with pytest.raises(UnknownTxKind):
        view_body(encode(dataclasses.replace(body, kind="token.mint_for_me")))
    with pytest.raises(NonCanonical):
        view_body(encode(dataclasses.replace(body, payload=body.payload + b"\x00")))
    with pytest.raises(AlteredTransaction):
        view_body(raw, expected_tx_id=b"\x00" * 32)


def _treasury_pst(w: World, amount: int):
    acct = w.account("treasury")
    snap = AccountSnapshot(TREASURY, tuple((int(k.scheme), bytes(k.public_key)) for k in acct.keys),
                           int(acct.threshold), int(acct.high_threshold), int(acct.high_amount))
    body = build_body(chain_id=CHAIN, sender=TREASURY, nonce=int(acct.nonce), kind="token.transfer",
                      fields={"to": format_address(addr("bob")), "amount": amount, "memo": "INV-9"}, now_ms=w.time_ms)
    return new_pst(body, snap, note="please co-sign")


def test_pst_passed_between_two_wallets_two_of_three(tmp_path: Path):
    w = World()
    pst = _treasury_pst(w, 1_000)
    assert pst.needed() == 2
    one = add_signature(pst, signer("c0"))
    one.save(tmp_path / "a.pst")  # machine A writes the file
    received = load_pst(tmp_path / "a.pst")  # machine B reads it
    with pytest.raises(NotEnoughSignatures):
        finalize(received)
    with pytest.raises(UnauthorizedSigner):  # and the chain agrees
        w.check(received.__class__(received.body, received.signatures, None))
    with pytest.raises(NotASignerOfAccount):
        add_signature(received, signer("outsider"))
    two = add_signature(received, signer("c1"))
    assert two.is_complete()
    assert w.run(finalize(two)).ok and w.balance("bob") == 1_000


def test_pst_above_the_high_amount_needs_three_and_merges_copies(tmp_path: Path):
    w = World()
    pst = _treasury_pst(w, HIGH_AMOUNT)
    assert pst.needed() == 3
    a = add_signature(add_signature(pst, signer("c0")), signer("c1"))
    b = add_signature(pst, signer("c2"))  # a copy that went to the third signer in parallel
    with pytest.raises(NotEnoughSignatures):
        finalize(a)
    with pytest.raises(UnauthorizedSigner):
        w.check(finalize(dataclasses.replace(a, account=None)))
    full = merge(a, b)
    assert len(full.signatures) == 3
    assert w.run(finalize(full)).ok and w.balance("bob") == HIGH_AMOUNT
    with pytest.raises(PstMismatch):
        merge(a, _treasury_pst(w, 7))


def test_altered_bytes_in_a_pst_file_are_refused(tmp_path: Path):
    w = World()
    pst = add_signature(_treasury_pst(w, 1_000), signer("c0"))
    pst.save(tmp_path / "p.pst")
    doc = json.loads((tmp_path / "p.pst").read_text())
    body = bytearray.fromhex(doc["body"])
    amount_at = body.rfind(Amount(1_000).to_bytes(8, "big"))
    body[amount_at + 6] = 0x27  # 1,000 -> 10,000... a different amount, still canonical bytes
    altered = {**doc, "body": body.hex()}
    (tmp_path / "x.pst").write_text(json.dumps(altered))
    with pytest.raises(AlteredTransaction):  # the recorded id no longer matches
        load_pst(tmp_path / "x.pst")
    from node.core.encoding import decode
    from node.core.transactions import TxBody
    from wallet.pst import tx_id_of

    altered["tx_id"] = bytes(tx_id_of(decode(TxBody, bytes(body)))).hex()  # a careful forger fixes the id
    (tmp_path / "y.pst").write_text(json.dumps(altered))
    with pytest.raises(AlteredTransaction):  # ... but the first signature no longer matches
        load_pst(tmp_path / "y.pst")
    (tmp_path / "z.pst").write_text(json.dumps({**doc, "body": doc["body"] + "00"}))
    with pytest.raises(NonCanonical):
        load_pst(tmp_path / "z.pst")
    (tmp_path / "q.pst").write_text("{}")
    with pytest.raises(PstCorrupt):
        load_pst(tmp_path / "q.pst")
