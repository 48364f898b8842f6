"""The keys unlocked in this session, held so a person types a password once, and locked again on idle.

The key manager (``wallet.keystore.Wallet``) opens a key each time it is
asked; this holds the opened signers by key name until ``lock_all`` closes
them (the auto-lock, the lock button, quitting).  Closing a ``FileSigner``
drops its in-memory key; closing a token signer ends its session.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from wallet.signers import Signer

log = logging.getLogger(__name__)


class UnlockedKeys(QObject):
    """Signers by wallet key name; emits ``changed`` when a key is unlocked or locked."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signers: dict[str, Signer] = {}

    def get(self, name: str) -> Signer | None:
        return self._signers.get(name)

    def names(self) -> list[str]:
        return sorted(self._signers)

    def any_unlocked(self) -> bool:
        return bool(self._signers)

    def put(self, name: str, signer: Signer) -> None:
        old = self._signers.get(name)
        if old is not None and old is not signer:
            old.close()
        self._signers[name] = signer
        self.changed.emit()

    def lock(self, name: str) -> None:
        signer = self._signers.pop(name, None)
        if signer is not None:
            signer.close()
            self.changed.emit()

    def lock_all(self) -> int:
        """Close every unlocked signer; the number locked."""
        signers, self._signers = self._signers, {}
        for signer in signers.values():
            try:
                signer.close()
            except Exception:  # noqa: BLE001 - a token already removed must not stop the others
                log.exception("closing a signer failed")
        if signers:
            log.info("locked %d key(s)", len(signers))
            self.changed.emit()
        return len(signers)
