"""Alerts for the signed-in clerk from chain events, and system tray notifications for the urgent ones, throttled.

``AlertCenter`` turns chain events into ``Alert``s for the current account:
its tanks crossing the warning or critical line, sensor faults, its orders
waiting for funds or stock, confirmed, dispatched, delivered, settled,
cancelled, disputed, and approvals waiting for its signature.  The dashboard
lists them.  ``TrayNotifier`` shows the urgent ones (a tank below its warning
line, an order waiting for funds, an approval waiting) as tray messages: at
most one per subject per ``per_subject_s`` and one per ``min_gap_s`` overall,
the rest summed up in the next message.  Without a system tray it does
nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRectF, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QSystemTrayIcon

from app.formatting import format_amount_locale
from app.models.dapp_common import (
    Identity,
    connect_account_changed,
    format_litres,
    identity_of,
    is_int,
    shared,
    spawn_for,
)
from node.core.errors import DepotError

translate = QCoreApplication.translate

INFO, WARNING, CRITICAL = "info", "warning", "critical"


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing the clerk should know, newest first in the dashboard."""

    kind: str
    """``tank_below_warning``, ``tank_below_critical``, ``sensor_fault``, ``order_waiting_funds``,
    ``order_waiting_stock``, ``order_created``, ``order_confirmed``, ``order_dispatched``,
    ``order_delivered``, ``order_settled``, ``order_cancelled``, ``order_disputed``,
    ``order_resolved``, ``approval_waiting``."""
    subject: str
    """The tank id, order id or approval id it is about."""
    text: str
    severity: str = INFO
    time_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    notify: bool = False
    """Worth a tray notification."""


TankLookup = Callable[[str], Any]
"""``tank_id -> TankRow | None`` (the tanks model's ``row_of``)."""


class AlertCenter(QObject):
    """Chain events as alerts for the current account; keeps the newest ``max_alerts``."""

    alertAdded = Signal(object)
    """An ``Alert``."""
    cleared = Signal()
    """The account changed: the list starts again."""

    def __init__(self, client: Any, who: Callable[[], Identity], tanks: TankLookup | None = None, *,
                 max_alerts: int = 200, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._who = who
        self._tanks = tanks
        self.alerts: deque[Alert] = deque(maxlen=max_alerts)
        self._levels: dict[str, int] = {}
        self._signer_of: dict[str, tuple[float, bool]] = {}

    def set_tank_lookup(self, tanks: TankLookup) -> None:
        self._tanks = tanks

    def clear(self) -> None:
        self.alerts.clear()
        self._levels.clear()
        self._signer_of.clear()
        self.cleared.emit()

    def add(self, alert: Alert) -> None:
        """Record ``alert`` (also used for alerts found in the state at start, with ``notify=False``)."""
        if any(a.kind == alert.kind and a.subject == alert.subject and a.text == alert.text
               for a in list(self.alerts)[-20:]):
            return  # the same sentence just now (a catch-up re-delivery)
        self.alerts.append(alert)
        self.alertAdded.emit(alert)

    # --- events -------------------------------------------------------------------------

    def on_chain_event(self, event: dict[str, Any]) -> None:
        """Slot for ``NodeBridge.chainEvent``."""
        kind, a = event.get("kind"), event.get("attrs")
        if not isinstance(kind, str) or not isinstance(a, dict):
            return
        who = self._who()
        if not who.signed_in:
            return
        if kind.startswith("reading."):
            self._reading(kind, a, who)
        elif kind.startswith("order."):
            self._order(kind, a, who)
        elif kind == "approval.proposed":
            self._approval(a, who)

    def _tank(self, tank_id: Any) -> Any:
        return self._tanks(str(tank_id)) if self._tanks is not None and isinstance(tank_id, str) else None

    def _reading(self, kind: str, a: dict[str, Any], who: Identity) -> None:
        row = self._tank(a.get("tank_id"))
        if row is None or not row.is_party(who.address):
            return
        tank_id = row.tank_id
        if kind == "reading.fault":
            self.add(Alert("sensor_fault", tank_id, translate("alerts", "Sensor fault at tank {0}: {1}").format(
                tank_id, a.get("code") or "—"), WARNING))
            return
        level = a.get("level_mm")
        if not is_int(level):
            return
        before = self._levels.get(tank_id)
        self._levels[tank_id] = int(level)
        if a.get("below_warning") == 1 and int(level) < row.warning_mm:
            self.add(Alert("tank_below_warning", tank_id, translate(
                "alerts", "Tank {0} fell below its warning line ({1} mm < {2} mm)").format(
                tank_id, level, row.warning_mm), WARNING, notify=True))
        if before is not None and before >= row.critical_mm > int(level):
            self.add(Alert("tank_below_critical", tank_id, translate(
                "alerts", "Tank {0} fell below its critical line ({1} mm)").format(tank_id, level),
                CRITICAL, notify=True))

    def _order(self, kind: str, a: dict[str, Any], who: Identity) -> None:
        oid = str(a.get("order_id", ""))
        party = who.address in (a.get("buyer"), a.get("supplier"))
        arbiter = who.role == "arbiter"
        if not party and not (arbiter and kind == "order.disputed"):
            return
        buyer = who.address == a.get("buyer")
        if kind == "order.created":
            self.add(Alert("order_created", oid, translate("alerts", "Order {0} created: {1}, estimated {2}").format(
                oid, format_litres(a.get("quantity_l") if is_int(a.get("quantity_l")) else None),
                format_amount_locale(int(a["estimated_cost"])) if is_int(a.get("estimated_cost")) else "—")))
        elif kind == "order.awaiting_funds":
            needed, available = a.get("needed"), a.get("available")
            text = translate("alerts", "Order {0} is waiting for funds: {1} needed, {2} available").format(
                oid, format_amount_locale(int(needed)) if is_int(needed) else "—",
                format_amount_locale(int(available)) if is_int(available) else "—")
            self.add(Alert("order_waiting_funds", oid, text, WARNING, notify=True))
        elif kind == "order.awaiting_stock":
            self.add(Alert("order_waiting_stock", oid, translate(
                "alerts", "Order {0} is waiting for stock: {1} needed, {2} available").format(
                oid, format_litres(a.get("needed_l") if is_int(a.get("needed_l")) else None),
                format_litres(a.get("available_l") if is_int(a.get("available_l")) else None)), WARNING,
                notify=not buyer))
        elif kind == "order.confirmed":
            self.add(Alert("order_confirmed", oid, translate("alerts", "Order {0} confirmed: {1} frozen in escrow")
                           .format(oid, format_amount_locale(int(a["escrow"])) if is_int(a.get("escrow")) else "—")))
        elif kind == "order.dispatched":
            self.add(Alert("order_dispatched", oid, translate("alerts", "Order {0} dispatched: {1}").format(
                oid, format_litres(a.get("quantity_l") if is_int(a.get("quantity_l")) else None))))
        elif kind == "order.delivered":
            self.add(Alert("order_delivered", oid, translate("alerts", "Order {0} delivered: {1}").format(
                oid, format_litres(a.get("quantity_l") if is_int(a.get("quantity_l")) else None))))
        elif kind == "order.settled":
            self.add(Alert("order_settled", oid, translate(
                "alerts", "Order {0} settled: {1} paid, {2} released, bill no. {3}").format(
                oid, format_amount_locale(int(a["amount"])) if is_int(a.get("amount")) else "—",
                format_amount_locale(int(a["released"])) if is_int(a.get("released")) else "—",
                a.get("bill_no", "—"))))
        elif kind == "order.cancelled":
            self.add(Alert("order_cancelled", oid, translate(
                "alerts", "Order {0} cancelled at its deadline; {1} refunded").format(
                oid, format_amount_locale(int(a["refunded"])) if is_int(a.get("refunded")) else "—"), WARNING))
        elif kind == "order.disputed":
            self.add(Alert("order_disputed", oid, translate("alerts", "Order {0} disputed: {1}").format(
                oid, a.get("reason") or "—"), WARNING, notify=arbiter and not party))
        elif kind == "order.resolved":
            self.add(Alert("order_resolved", oid, translate("alerts", "Order {0} resolved: {1} paid").format(
                oid, format_amount_locale(int(a["amount"])) if is_int(a.get("amount")) else "—")))

    def _approval(self, a: dict[str, Any], who: Identity) -> None:
        account, proposer = a.get("account"), a.get("proposer")
        if not isinstance(account, str) or proposer == who.address or self._client is None:
            return
        spawn_for(self, self._check_approval(account, a, who), name="approval-check")

    async def _check_approval(self, account: str, a: dict[str, Any], who: Identity) -> None:
        """Is ``who``'s key one of the group account's keys? (cached for a minute per account)"""
        cached = self._signer_of.get(account)
        if cached is not None and time.monotonic() - cached[0] < 60:
            mine = cached[1]
        else:
            try:
                group = (await self._client.account(account)).get("account") or {}
                me = (await self._client.account(who.address)).get("account") or {}
            except DepotError:
                return
            keys = {k.get("public_key") for k in group.get("keys", []) if isinstance(k, dict)}
            mine = any(k.get("public_key") in keys for k in me.get("keys", []) if isinstance(k, dict))
            self._signer_of[account] = (time.monotonic(), mine)
        if mine and self._who().address == who.address:
            self.add(Alert("approval_waiting", str(a.get("approval_id")), translate(
                "alerts", "Approval {0} waits for your signature: {1} for {2}").format(
                a.get("approval_id"), a.get("kind", "—"), account), WARNING, notify=True))


def tray_icon_image(size: int = 64) -> QIcon:
    """Depot's tray icon, drawn (a tank with a level), so no image file is needed."""
    pix = QPixmap(size, size)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor("#2f7fd8"))
    p.setPen(QColor("#1d4f8a"))
    p.drawRoundedRect(QRectF(size * 0.18, size * 0.08, size * 0.64, size * 0.84), size * 0.12, size * 0.12)
    p.setBrush(QColor("#e0a21b"))
    p.setPen(QColor(0, 0, 0, 0))
    p.drawRect(int(size * 0.24), int(size * 0.55), int(size * 0.52), int(size * 0.3))
    p.end()
    return QIcon(pix)


class TrayNotifier(QObject):
    """System tray messages for urgent alerts, throttled; inert when there is no system tray."""

    def __init__(self, alerts: AlertCenter, *, per_subject_s: float = 600.0, min_gap_s: float = 8.0,
                 available: bool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self.per_subject_s = per_subject_s
        self.min_gap_s = min_gap_s
        self.shown: list[tuple[str, str]] = []
        """``(title, text)`` of every message shown (tests read it)."""
        self._last_by_subject: dict[tuple[str, str], float] = {}
        self._last_shown = -1e9
        self._held: list[Alert] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._release)
        self.tray: QSystemTrayIcon | None = None
        if self.available:
            self.tray = QSystemTrayIcon(tray_icon_image(), self)
            self.tray.setToolTip(translate("alerts", "Depot"))
            self.tray.show()
        alerts.alertAdded.connect(self.on_alert)

    def on_alert(self, alert: Alert) -> None:
        if not alert.notify or not self.available:
            return
        now = time.monotonic()
        key = (alert.kind, alert.subject)
        if now - self._last_by_subject.get(key, -1e9) < self.per_subject_s:
            return
        self._last_by_subject[key] = now
        self._held.append(alert)
        wait = self.min_gap_s - (now - self._last_shown)
        if wait <= 0:
            self._release()
        elif not self._timer.isActive():
            self._timer.start(int(wait * 1000))

    def _release(self) -> None:
        if not self._held:
            return
        first, rest = self._held[0], self._held[1:]
        self._held = []
        title = translate("alerts", "Depot: needs your attention") if first.severity != INFO else \
            translate("alerts", "Depot")
        text = first.text
        if rest:
            text += "\n" + translate("alerts", "More alerts on the dashboard: {0}").format(len(rest))
        self._last_shown = time.monotonic()
        self.shown.append((title, text))
        if self.tray is not None:
            icon = QSystemTrayIcon.MessageIcon.Critical if first.severity == CRITICAL else \
                QSystemTrayIcon.MessageIcon.Warning
            self.tray.showMessage(title, text, icon, 10_000)


def shared_alerts(services: Any) -> AlertCenter:
    """The session's ``AlertCenter`` (with its ``TrayNotifier``), fed by the bridge; made once."""
    from app.models.tanks_model import shared_tanks_model

    def make() -> AlertCenter:
        parent = services if isinstance(services, QObject) else None
        tanks = shared_tanks_model(services)
        center = AlertCenter(getattr(services, "client", None), lambda: identity_of(services), tanks.row_of,
                             parent=parent)
        bridge = getattr(services, "bridge", None)
        if bridge is not None:
            bridge.chainEvent.connect(center.on_chain_event)
        connect_account_changed(services, lambda *_: center.clear())
        center.tray_notifier = TrayNotifier(center, parent=center)  # type: ignore[attr-defined]
        return center

    return shared(services, "alerts", make)


def install_notifications(services: Any) -> AlertCenter:
    """Start alerts and tray notifications for a session (the dashboard does it too; calling twice is harmless)."""
    return shared_alerts(services)
