"""The wallet's expected failures: each a ``DepotError`` with a stable code the app translates.

Messages name the key, file, token or field at fault, never a password, PIN,
seed or private key.  The key file's own errors (``WrongPassword``,
``KeyfileTampered``, ``KeyfileCorrupt``, ``WeakPassword``) live in
``node.keyfile`` and are raised through unchanged.
"""

from __future__ import annotations

from node.core.errors import DepotError


class WalletError(DepotError):
    code = "wallet_error"


# --- the wallet's own files -------------------------------------------------------------------


class WalletCorrupt(WalletError):
    """A wallet file (index, address book) is not in the expected format."""

    code = "wallet_corrupt"


class KeyNotFound(WalletError):
    """No key of that name in this wallet."""

    code = "wallet_key_not_found"
    http_status = 404


class KeyExists(WalletError):
    """A key of that name (or with that public key) is already in this wallet; one of the two below."""

    code = "wallet_key_exists"
    http_status = 409


class KeyNameTaken(KeyExists):
    """The wallet already has a key (or watched address) of that name: ``name``."""

    code = "wallet_key_name_taken"


class KeyAlreadyHeld(KeyExists):
    """The key (same public key) or watched address is already in the wallet, as ``existing``."""

    code = "wallet_key_already_held"


class InvalidKeyName(WalletError):
    code = "invalid_key_name"


class WatchOnly(WalletError):
    """A watch-only entry has an address and no key: it cannot sign."""

    code = "watch_only"


class KeyLocked(WalletError):
    """The key was closed (locked again) and must be unlocked before it signs."""

    code = "key_locked"


class PasswordRequired(WalletError):
    """The key must be unlocked with its password; ``reason`` says why no saved secret was used."""

    code = "password_required"

    def __init__(self, message: str, *, reason: str, key: str) -> None:
        super().__init__(message, reason=reason, key=key)
        self.reason = reason


class KeyringUnavailable(WalletError):
    """The operating system's keyring cannot be used (none installed, locked, or refused)."""

    code = "keyring_unavailable"


# --- PKCS#11 tokens --------------------------------------------------------------------------


class TokenError(WalletError):
    """A PKCS#11 token or library failure that is none of the specific ones below."""

    code = "token_error"


class Pkcs11ModuleError(TokenError):
    """The PKCS#11 module (a .so/.dll/.dylib) could not be loaded or initialised."""

    code = "pkcs11_module_error"


class TokenNotFound(TokenError):
    """No token with that label is present."""

    code = "token_not_found"


class WrongPin(TokenError):
    code = "wrong_pin"
    http_status = 403


class PinLocked(TokenError):
    """Too many wrong PINs: the token refuses logins until an administrator unblocks it."""

    code = "pin_locked"
    http_status = 403


class TokenRemoved(TokenError):
    """The token (or its session) went away while in use: unplugged, reset or finalised."""

    code = "token_removed"


class TokenKeyNotFound(TokenError):
    """No private key with that id (and label) on the token."""

    code = "token_key_not_found"


class TokenKeyExists(TokenError):
    code = "token_key_exists"


class MechanismUnavailable(TokenError):
    """The token does not offer the mechanism this key needs (e.g. CKM_EDDSA for Ed25519)."""

    code = "mechanism_unavailable"


class TokenSignatureInvalid(TokenError):
    """The token returned a signature that does not verify: never used, reported."""

    code = "token_signature_invalid"


# --- building, viewing and co-signing transactions -------------------------------------------


class InvalidField(WalletError):
    """A transaction field given to the builder is missing, unknown or out of range."""

    code = "invalid_field"


class ViewRefused(WalletError):
    """The bytes to sign cannot be shown faithfully, so they must not be signed."""

    code = "view_refused"


class UnknownTxKind(ViewRefused):
    code = "unknown_tx_kind"


class UnsupportedTxVersion(ViewRefused):
    code = "unsupported_tx_version"


class NonCanonical(ViewRefused):
    """Decoding then re-encoding the transaction does not give back the same bytes."""

    code = "non_canonical"


class AlteredTransaction(ViewRefused):
    """The transaction bytes changed after they were built or signed (id or signatures disagree)."""

    code = "altered_transaction"


class WrongChainForWallet(ViewRefused):
    code = "wrong_chain"


class PstCorrupt(WalletError):
    """A partially signed transaction file is not in the expected format."""

    code = "pst_corrupt"


class PstMismatch(WalletError):
    """Two partially signed transaction files are not for the same transaction."""

    code = "pst_mismatch"


class NotEnoughSignatures(WalletError):
    code = "not_enough_signatures"


class NotASignerOfAccount(WalletError):
    """The key is not one of the keys the account lists: its signature would make the tx invalid."""

    code = "not_account_signer"


# --- backups -----------------------------------------------------------------------------------


class BackupCorrupt(WalletError):
    code = "backup_corrupt"


class BackupWrongPassword(WalletError):
    code = "backup_wrong_password"
    http_status = 403


class BackupTampered(WalletError):
    code = "backup_tampered"


class BackupContentInvalid(BackupCorrupt):
    """The backup opened (right password, not altered) but an entry in it is malformed: nothing is restored.

    ``data``: ``where`` (e.g. ``keys[1].entry.public_key``, ``addressbook.contacts[0].address``) and
    ``problem`` (what is wrong, never the value itself)."""

    code = "backup_content_invalid"
