"""Expected failures as translated sentences, chosen by the error's stable code (node, wallet, app)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.formatting import describe_error
from node.core.errors import DepotError

# Module-level strings: lupdate finds translate("context", "literal") calls.
translate = QCoreApplication.translate


def _wallet_sentence(code: str) -> str | None:
    sentences = {
        "wrong_password": translate("error_text", "The password is not correct."),
        "keyfile_tampered": translate(
            "error_text", "The key file was altered and cannot be trusted."
        ),
        "keyfile_corrupt": translate("error_text", "The key file is damaged or not a key file."),
        "weak_password": translate(
            "error_text", "The password is too weak: use at least 10 characters."
        ),
        "wallet_corrupt": translate("error_text", "A wallet file is damaged."),
        "wallet_key_not_found": translate("error_text", "The wallet has no such key."),
        "wallet_key_exists": translate("error_text", "The wallet already has this key or name."),
        "wallet_key_name_taken": translate("error_text", "The wallet already has a key with this name."),
        "wallet_key_already_held": translate(
            "error_text", "The wallet already holds this key (under another name)."
        ),
        "backup_wrong_password": translate("error_text", "The backup's passphrase is not correct."),
        "backup_tampered": translate("error_text", "The backup file was altered after it was written and cannot be trusted."),
        "backup_corrupt": translate("error_text", "The file is damaged or not a Depot backup."),
        "backup_content_invalid": translate(
            "error_text", "An entry in the backup is damaged; nothing was restored."
        ),
        "invalid_key_name": translate(
            "error_text", "A key name is 1–64 letters, digits, '.', '_' or '-'."
        ),
        "watch_only": translate(
            "error_text", "This account is watch-only: the wallet has no key to sign with."
        ),
        "key_locked": translate("error_text", "The key is locked; unlock it to sign."),
        "password_required": translate("error_text", "Enter the key's password."),
        "keyring_unavailable": translate(
            "error_text", "The system keyring cannot be used on this computer."
        ),
        "token_error": translate("error_text", "The security token reported an error."),
        "pkcs11_module_error": translate(
            "error_text", "The PKCS#11 module could not be loaded; check its path in Settings."
        ),
        "token_not_found": translate("error_text", "The security token is not connected."),
        "wrong_pin": translate("error_text", "The token PIN is not correct."),
        "pin_locked": translate(
            "error_text", "The token's PIN is locked after too many wrong tries."
        ),
        "token_removed": translate("error_text", "The security token was removed."),
        "token_key_not_found": translate("error_text", "The key is not on this token."),
        "token_key_exists": translate("error_text", "The token already holds a key with this id."),
        "mechanism_unavailable": translate(
            "error_text", "The token cannot make this kind of signature; use a P-256 key."
        ),
        "token_signature_invalid": translate(
            "error_text", "The token returned an invalid signature; nothing was sent."
        ),
        "invalid_field": translate("error_text", "The transaction is not valid: {0}"),
        "view_refused": translate(
            "error_text", "The transaction cannot be shown faithfully, so it must not be signed."
        ),
        "unknown_tx_kind": translate(
            "error_text",
            "This wallet does not know this kind of transaction and refuses to sign it.",
        ),
        "unsupported_tx_version": translate(
            "error_text", "This transaction version is newer than this wallet; it is refused."
        ),
        "non_canonical": translate(
            "error_text", "The transaction bytes are not in canonical form; they are refused."
        ),
        "altered_transaction": translate(
            "error_text", "The transaction was altered after it was built; it is refused."
        ),
        "unknown_sender_account": translate(
            "error_text", "This account is not registered on the chain yet."
        ),
        "tx_failed": translate("error_text", "The transaction was included but failed: {0}"),
        "tx_timeout": translate(
            "error_text",
            "The transaction was sent but is not final yet; check the history in a moment.",
        ),
        "no_key_for_account": translate(
            "error_text", "The wallet holds no key for this account."
        ),
        "no_account": translate("error_text", "No account is selected."),
        "settings_error": translate("error_text", "The settings could not be saved: {0}"),
        "invalid_network_file": translate("error_text", "The network file is not valid: {0}"),
    }
    return sentences.get(code)


def describe(error: BaseException) -> str:
    """The sentence people read for ``error``: by code, else the node's or the English message."""
    if isinstance(error, DepotError):
        sentence = _wallet_sentence(error.code)
        if sentence is not None:
            if "{0}" in sentence:
                detail = error.message
                if error.code == "tx_failed":
                    result = getattr(error, "data", {}).get("result")
                    from app.formatting import _api_error_text

                    detail = (_api_error_text(str(result)) if result else None) or str(
                        result or error.message
                    )
                return sentence.format(detail)
            return sentence
    return describe_error(error)


def unlock_reason_text(reason: str) -> str:
    """Why the key needs its password or PIN (``Wallet.unlock_plan``'s reason), in the person's language."""
    if not reason:
        return ""
    if reason.startswith("this key is not remembered"):
        return translate("error_text", "This key is not remembered on this computer: enter its password.")
    if reason.startswith("the keyring cannot be used"):
        return translate("error_text", "The system keyring cannot be used now: enter the key's password.")
    if reason.startswith("the keyring no longer holds"):
        return translate("error_text", "The keyring no longer holds this key's secret: enter its password.")
    if reason.startswith("the remembered copy could not be opened"):
        return translate("error_text", "The remembered copy could not be opened: enter the key's password.")
    if reason.startswith("the key is on PKCS#11 token") or reason == "token PIN":
        return translate("error_text", "The key is on a security token: enter the token's PIN.")
    if reason.startswith("watch-only"):
        return translate("error_text", "Watch-only: there is no key to unlock.")
    return reason
