"""Transaction kinds, field names and the decoded view's notes in people's words, translated.

The wallet's decoded view (``wallet.view``) renders in English for the CLI;
the signing dialog shows the same facts through these tables so a clerk reads
them in their language.  Anything not in a table falls back to the view's own
text (a new kind is still shown, just in English).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.formatting import format_amount_locale, format_count

translate = QCoreApplication.translate


def kind_text(kind: str, fallback: str = "") -> str:
    names = {
        "token.transfer": translate("tx_text", "Pay settlement tokens to another account"),
        "token.issue": translate("tx_text", "Issue settlement tokens (bank)"),
        "token.redeem": translate("tx_text", "Redeem settlement tokens (bank)"),
        "account.rotate_key": translate("tx_text", "Replace one of this account's signing keys"),
        "account.set_signers": translate(
            "tx_text", "Change who signs for this account and how many signatures it needs"
        ),
        "approval.propose": translate("tx_text", "Propose a transaction for an organisation account"),
        "approval.sign": translate("tx_text", "Approve a pending organisation-account transaction"),
        "approval.cancel": translate("tx_text", "Withdraw a pending approval request"),
        "gov.propose": translate("tx_text", "Propose a governance action"),
        "gov.vote": translate("tx_text", "Vote on a governance proposal"),
        "order.confirm": translate("tx_text", "Confirm an order with stock now available"),
        "order.confirm_delivery": translate("tx_text", "Confirm a delivery and settle it"),
        "order.dispatch": translate("tx_text", "Dispatch an order"),
        "order.dispute": translate("tx_text", "Dispute an order before settlement"),
        "order.resolve": translate("tx_text", "Resolve a disputed order"),
        "order.settle": translate("tx_text", "Settle a delivered order now"),
        "order.top_up": translate("tx_text", "Retry an order's escrow with funds now available"),
        "tank.accept": translate("tx_text", "Accept a tank's proposed terms"),
        "tank.adjust_storage": translate("tx_text", "Record stock received or removed"),
        "tank.propose": translate("tx_text", "Propose a tank's terms"),
        "tank.register_storage": translate("tx_text", "Register a supplier storage tank"),
        "tank.report": translate("tx_text", "Relay signed tank level readings"),
        "tank.revoke_key": translate("tx_text", "Unbind a gateway device key from a tank"),
        "tank.withdraw": translate("tx_text", "Withdraw or decline a tank's proposed terms"),
    }
    return names.get(kind, fallback or kind)


def field_text(path: str, fallback: str = "") -> str:
    """A field path ("to", "proposal.amount", "keys[1]") in people's words."""
    leaf = path.rsplit(".", 1)[-1]
    index = ""
    if "[" in leaf:
        leaf, _, rest = leaf.partition("[")
        index = f" {int(rest.rstrip(']')) + 1}" if rest.rstrip("]").isdigit() else ""
    names = {
        "to": translate("tx_text", "Pay to"),
        "amount": translate("tx_text", "Amount"),
        "memo": translate("tx_text", "Note"),
        "old": translate("tx_text", "Key being replaced"),
        "new": translate("tx_text", "New key"),
        "keys": translate("tx_text", "Signer key"),
        "threshold": translate("tx_text", "Signatures needed"),
        "high_threshold": translate("tx_text", "Signatures needed for large amounts"),
        "high_amount": translate("tx_text", "Large amount from"),
        "approval_id": translate("tx_text", "Approval request"),
        "account": translate("tx_text", "Organisation account"),
        "kind": translate("tx_text", "Proposed transaction"),
        "deadline_ms": translate("tx_text", "Deadline"),
        "order_id": translate("tx_text", "Order"),
        "quantity_l": translate("tx_text", "Quantity (litres)"),
        "reason": translate("tx_text", "Reason"),
        "note": translate("tx_text", "Note"),
        "tank_id": translate("tx_text", "Tank"),
        "proposal_id": translate("tx_text", "Proposal"),
        "approve": translate("tx_text", "Approve"),
        "title": translate("tx_text", "Title"),
        "proposal": translate("tx_text", "Proposed action"),
        "action": translate("tx_text", "Proposed action"),
        "payload": translate("tx_text", "Proposed content"),
    }
    name = names.get(leaf)
    if name is None:
        return fallback or path
    return name + index


def amount_text(minor: int) -> str:
    """``1,234.56 (in minor units: 123,456)`` in the current locale."""
    return translate("tx_text", "{0} (in minor units: {1})").format(
        format_amount_locale(int(minor)), format_count(int(minor))
    )


def warning_text(warning: str) -> str:
    """A warning of the decoded view in the current language (known ones; others as they are)."""
    if warning.startswith("first-time recipient"):
        return translate(
            "tx_text",
            "First-time recipient: not in your address book and never paid from this wallet. "
            "Check the address with the recipient.",
        )
    if "invisible or control characters" in warning:
        return translate(
            "tx_text", "The text contains invisible or direction-changing characters: {0}"
        ).format(warning[warning.find("(") + 1 : warning.rfind(")")] if "(" in warning else "")
    return warning


def backend_text(backend: str) -> str:
    names = {
        "file": translate("tx_text", "Encrypted key file on this computer"),
        "pkcs11": translate("tx_text", "Security token (PKCS#11)"),
        "watch": translate("tx_text", "Watch-only (no key)"),
        "cng": translate("tx_text", "Windows platform key (TPM)"),
        "secure-enclave": translate("tx_text", "macOS Secure Enclave"),
    }
    return names.get(backend, backend)
