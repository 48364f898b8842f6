"""What the tank, order and bill pages share: who is signed in, one data model per session, and how litres and durations read."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from app.formatting import format_count, short_id
from app.node_bridge import spawn
from node.core.errors import DepotError

translate = QCoreApplication.translate

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Identity:
    """The signed-in account as the DApp pages need it."""

    address: str
    """Checksummed address text, or "" when no account is signed in."""
    role: str
    """Its main role (``customer``, ``supplier``, ``arbiter``, ...), or ""."""
    name: str = ""

    @property
    def signed_in(self) -> bool:
        return bool(self.address)


def _value(obj: Any, name: str) -> Any:
    v = getattr(obj, name, None)
    return v() if callable(v) and not isinstance(v, type) else v


def identity_of(services: Any) -> Identity:
    """The current account of ``services`` (``AppServices.account``): address, role and name."""
    account = _value(services, "account")
    if account is None:
        account = _value(services, "current_account")
    role = _value(services, "role")
    address = str(getattr(account, "address", "") or "") if account is not None else ""
    if not role and account is not None:
        role = getattr(account, "role", "") or ""
    name = str(getattr(account, "name", "") or "") if account is not None else ""
    return Identity(address=address, role=str(role or ""), name=name)


def connect_account_changed(services: Any, slot: Callable[..., None]) -> None:
    """Call ``slot`` whenever the signed-in account changes (if the services can tell)."""
    signal = getattr(services, "accountChanged", None)
    if signal is not None and hasattr(signal, "connect"):
        signal.connect(slot)


_shared: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_shared_by_id: dict[int, dict[str, Any]] = {}


def shared(services: Any, key: str, factory: Callable[[], T]) -> T:
    """One ``factory()`` object per session and ``key``: the pages share their models."""
    try:
        bucket = _shared.setdefault(services, {})
    except TypeError:  # not weak-referenceable: keep it for the life of the process
        bucket = _shared_by_id.setdefault(id(services), {})
    if key not in bucket:
        bucket[key] = factory()
    return bucket[key]  # type: ignore[no-any-return]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def format_litres(litres: int | None) -> str:
    """``8550`` -> ``"8,550 L"``; None -> ``"—"``."""
    if litres is None:
        return "—"
    return translate("dapp", "{0} L").format(format_count(int(litres)))


def format_duration_ms(ms: int) -> str:
    """A duration for people, coarse: ``"45 s"``, ``"12 min"``, ``"5 h"``, ``"3.5 days"``."""
    seconds = max(0, ms // 1000)
    if seconds < 90:
        return translate("dapp", "{0} s").format(seconds)
    if seconds < 90 * 60:
        return translate("dapp", "{0} min").format(seconds // 60)
    if seconds < 48 * 3600:
        return translate("dapp", "{0} h").format(seconds // 3600)
    tenths = seconds * 10 // 86400
    return translate("dapp", "{0}.{1} days").format(tenths // 10, tenths % 10)


def format_time_to_line(ms: int | None) -> str:
    """The estimate of ``estimate_ms_to_line`` as a cell text."""
    if ms is None:
        return translate("dapp", "not falling")
    if ms <= 0:
        return translate("dapp", "below the line")
    return translate("dapp", "in {0}").format(format_duration_ms(ms))


# --- names of parties -------------------------------------------------------------------------


class PartyNames(QObject):
    """Addresses as people know them (``northmill · customer``), looked up once per address.

    ``name(address)`` answers at once -- the shortened address until the
    account's organisation and name are known -- and queues a lookup; lookups
    run in the background, a few at a time, and ``changed`` tells views to
    repaint once some arrived.
    """

    changed = Signal()

    def __init__(self, client: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._names: dict[str, str] = {}
        self._queued: list[str] = []
        self._asked: set[str] = set()
        self._running = False
        self._emit_timer = QTimer(self)
        self._emit_timer.setSingleShot(True)
        self._emit_timer.setInterval(150)
        self._emit_timer.timeout.connect(self.changed.emit)

    def name(self, address: str | None) -> str:
        if not address:
            return "—"
        known = self._names.get(address)
        if known is not None:
            return known
        if address not in self._asked and self._client is not None:
            self._asked.add(address)
            self._queued.append(address)
            if not self._running:
                self._running = True
                spawn_for(self, self._resolve(), name="party-names")
        return short_id(address, 10, 6)

    def set_name(self, address: str, text: str) -> None:
        """Record a known name (tests, or a page that already fetched the account)."""
        self._names[address] = text
        self._emit_timer.start()

    async def _resolve(self) -> None:
        try:
            while self._queued:
                address = self._queued.pop(0)
                try:
                    answer = await self._client.account(address)
                except DepotError:
                    self._asked.discard(address)  # ask again next time it is shown
                    continue
                record = answer.get("account") if isinstance(answer, dict) else None
                if isinstance(record, dict):
                    org, name = str(record.get("organisation") or ""), str(record.get("name") or "")
                    text = " · ".join(p for p in (org, name) if p) or short_id(address, 10, 6)
                    self._names[address] = text
                    self._emit_timer.start()
        finally:
            self._running = False


def party_names(services: Any) -> PartyNames:
    """The session's ``PartyNames``."""
    return shared(services, "party_names", lambda: PartyNames(getattr(services, "client", None)))


def spawn_for(owner: QObject, coro: Any, *, name: str) -> Any:
    """``spawn`` a task that belongs to ``owner``: cancelled when ``owner`` is destroyed, so it never touches a dead widget."""
    tasks: set[Any] | None = owner.__dict__.get("_dapp_tasks")
    if tasks is None:
        tasks = owner.__dict__["_dapp_tasks"] = set()
        owner.destroyed.connect(lambda *_args, pending=tasks: [t.cancel() for t in list(pending)])
    task = spawn(coro, name=name)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task
