"""The current account's record (balance, escrow, nonce, keys), reloaded on account changes and new blocks.

One request in flight at a time and the latest wins, so a fast chain cannot
queue up reloads; an answer for an account that is no longer current is
dropped.  The wallet page's header and its send form read the balance here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.node_bridge import spawn
from app.services import AppServices
from node.core.errors import DepotError


class AccountWatch(QObject):
    """Follows ``services.account`` on the node."""

    changed = Signal(object)
    """The account's ``/v1/accounts`` answer (a dict), or None when there is no account."""
    failed = Signal(object)
    """A ``DepotError`` while loading."""

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.answer: dict[str, Any] | None = None
        self._loading = False
        self._stale = False
        self.active = True
        """While False (the page is hidden) new blocks only mark it stale."""
        self._missed = False
        services.accountChanged.connect(self._on_account_changed)
        services.bridge.blockAdded.connect(self._on_block)

    @property
    def record(self) -> dict[str, Any] | None:
        rec = self.answer.get("account") if self.answer else None
        return rec if isinstance(rec, dict) else None

    @property
    def balance(self) -> int | None:
        rec = self.record
        value = rec.get("balance") if rec else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def escrow(self) -> int | None:
        rec = self.record
        value = rec.get("escrow", 0) if rec else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def set_active(self, active: bool) -> None:
        self.active = active
        if active and self._missed:
            self._missed = False
            self.refresh()

    def _on_account_changed(self, _account: Any) -> None:
        self.answer = None
        self.changed.emit(None)
        self.refresh()

    def _on_block(self, _block: dict[str, Any]) -> None:
        if self.active:
            self.refresh()
        else:
            self._missed = True

    def refresh(self) -> None:
        if self._services.account is None:
            return
        if self._loading:
            self._stale = True
            return
        self._loading = True
        spawn(self._load(), name="account-watch")

    async def _load(self) -> None:
        try:
            while self._services.account is not None:
                self._stale = False
                address = self._services.account.address
                try:
                    answer = await self._services.client.account(address)
                except DepotError as e:
                    self.failed.emit(e)
                else:
                    current = self._services.account
                    if current is not None and current.address == address:
                        self.answer = answer
                        self.changed.emit(answer)
                if not self._stale:
                    break
        finally:
            self._loading = False
