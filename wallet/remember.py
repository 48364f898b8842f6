""""Remember me": unlocking a key file with a random secret kept in the operating system's keyring.

The keyring never holds a private key.  Remembering a key draws a random
unlock secret (256 bits), seals a *second* copy of the key file under that
secret (``<name>.remember.json`` beside the first), and stores only the secret
in the keyring (Windows Credential Manager, macOS Keychain, the Secret Service
of GNOME/KDE).  The password-sealed key file stays the authoritative copy:
losing the keyring loses nothing, and forgetting deletes the secret and the
second copy.  Because the secret is random and long, the second copy is sealed
with Argon2id's "interactive" parameters: no password guessing to slow down.

When no keyring is usable — none installed, a headless server, a locked or
refusing Secret Service — ``keyring_status`` says why, and the wallet asks for
the password instead (``PasswordRequired`` carries the reason).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any

from node.core.errors import DepotError
from node.keyfile import create_keyfile, load_keyfile
from wallet.errors import KeyringUnavailable
from wallet.signers import FileSigner

log = logging.getLogger("depot.wallet")

SERVICE = "depot-wallet"
"""The keyring service name under which unlock secrets are stored."""
REMEMBER_STRENGTH = "interactive"


def default_keyring() -> Any:
    """The platform's keyring backend (keyring's own choice)."""
    import keyring

    return keyring.get_keyring()


def keyring_status(backend: Any | None = None) -> tuple[bool, str]:
    """(usable, reason): whether a keyring can hold unlock secrets here, and if not, why not."""
    try:
        kr = backend if backend is not None else default_keyring()
    except Exception as exc:  # noqa: BLE001 - any keyring failure means "ask for the password"
        return False, f"the keyring could not be opened ({type(exc).__name__})"
    from keyring.backends import fail

    if isinstance(kr, fail.Keyring):
        return False, "no keyring service is available on this system (no Secret Service, Keychain or Credential Manager)"
    try:
        priority = kr.priority
    except Exception as exc:  # noqa: BLE001 - a backend that cannot say whether it works does not
        return False, f"the keyring is not usable ({type(exc).__name__})"
    if priority is not None and priority <= 0:
        return False, f"the keyring backend {type(kr).__name__} is not usable here"
    return True, f"keyring {type(kr).__module__}.{type(kr).__name__}"


def _username(wallet_id: str, name: str) -> str:
    return f"{wallet_id}:{name}"


def _call(what: str, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - D-Bus, locked collection, user refused: all "unavailable"
        raise KeyringUnavailable(f"the keyring refused to {what} ({type(exc).__name__})") from None


def remember(
    backend: Any, wallet_id: str, name: str, keyfile: Path, remember_file: Path, password: str
) -> None:
    """Seal a second copy of ``keyfile`` under a random secret and store only the secret in the keyring."""
    usable, reason = keyring_status(backend)
    if not usable:
        raise KeyringUnavailable(f"cannot remember key {name!r}: {reason}")
    key = load_keyfile(keyfile, password)
    secret = secrets.token_urlsafe(32)
    if remember_file.exists():
        remember_file.unlink()
    create_keyfile(remember_file, key, secret, strength=REMEMBER_STRENGTH, label=f"remembered {name}")
    del key
    try:
        _call("store the unlock secret", backend.set_password, SERVICE, _username(wallet_id, name), secret)
    except DepotError:
        remember_file.unlink(missing_ok=True)
        raise
    log.info("key %s remembered in the keyring", name)


def unlock(backend: Any, wallet_id: str, name: str, remember_file: Path) -> FileSigner | None:
    """The key unlocked with its remembered secret, or None if the keyring no longer holds one."""
    secret = _call("read the unlock secret", backend.get_password, SERVICE, _username(wallet_id, name))
    if not secret or not remember_file.exists():
        return None
    return FileSigner.unlock(remember_file, secret, unlocked_by="keyring")


def forget(backend: Any | None, wallet_id: str, name: str, remember_file: Path) -> None:
    """Delete the unlock secret from the keyring (if reachable) and the second copy of the key file."""
    remember_file.unlink(missing_ok=True)
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _username(wallet_id, name))
    except Exception:  # noqa: BLE001 - already gone, or the keyring is unreachable: the file is gone anyway
        log.info("key %s: no unlock secret to delete from the keyring", name)
