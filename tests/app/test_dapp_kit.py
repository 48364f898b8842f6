"""Helpers for the DApp tests (tanks, orders, bills): a real devnet with tanks, signed readings, a fake node for paging.

``TankChain`` wraps a ``depot devnet`` of its own (the app tests' shared devnet
pays from the supplier account with a nonce it counts itself, so these tests,
which sign as the supplier, must not share it): it registers the supplier's
storage and tanks (the customer proposes, the supplier accepts), and submits
readings signed by a device key the test holds, relayed by the demo
``gateway`` account -- exactly what a gateway does.  No tests here.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import secrets  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from app.demo_tanks import DemoChain, vertical_geometry  # noqa: E402
from node.client import NodeClient  # noqa: E402
from node.core.address import parse_address  # noqa: E402
from node.core.crypto import PrivateKey, Scheme, Signer  # noqa: E402
from node.core.types import U8, U32, U64, Amount, TimestampMs  # noqa: E402
from node.modules.tanks.payloads import AcceptTank, RegisterStorage  # noqa: E402
from node.modules.tanks.readings import LevelReading, Report, sign_reading  # noqa: E402
from node.modules.tanks.records import (  # noqa: E402
    LIVE_PREFIX,
    DeviceKey,
    TankTerms,
    live_key,
    order_key,
)
from node.modules.tanks.registration import terms_hash  # noqa: E402
from tests.kit import DevnetProcess  # noqa: E402

STORAGE = "test-store"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class TankChain:
    """A devnet with tanks the test controls: terms, readings, orders."""

    def __init__(self, devnet: DevnetProcess) -> None:
        self.devnet = devnet
        self.rpc = devnet.rpc
        self.chain = DemoChain.load(devnet.home)
        self.device = Signer(PrivateKey.generate(Scheme.ED25519))
        self._seq: dict[str, int] = {}
        self._last_ms: dict[str, int] = {}
        self.chain.send("supplier", [("tank.register_storage", RegisterStorage(
            STORAGE, "diesel", U64(10_000_000), U64(5_000_000)))])

    def address(self, who: str) -> str:
        return self.chain.address(who)

    def new_tank(
        self,
        prefix: str = "t",
        *,
        height_mm: int = 3000,
        capacity_l: int = 19_000,
        warning_mm: int = 1500,
        critical_mm: int = 800,
        reorder_l: int = 6000,
        unit_price: int = 120,
        debounce: int = 1,
        dispute_window_ms: int = 0,
        deadline_ms: int = 3_600_000,
    ) -> str:
        """Register a tank (the customer proposes, the supplier accepts); its id."""
        tank_id = f"{prefix}-{secrets.token_hex(3)}"
        terms = TankTerms(
            tank_id=tank_id, owner=parse_address(self.address("customer")),
            supplier=parse_address(self.address("supplier")), storage_id=STORAGE, product="diesel",
            geometry=vertical_geometry(height_mm, capacity_l), capacity_l=U64(capacity_l), warning_mm=U32(warning_mm),
            critical_mm=U32(critical_mm), reorder_l=U64(reorder_l), debounce=U8(debounce),
            max_rise_mm_per_min=U32(10_000_000), max_fall_mm_per_min=U32(10_000_000), unit_price=Amount(unit_price),
            delivery_deadline_ms=U64(deadline_ms), dispute_window_ms=U64(dispute_window_ms),
            device_keys=(DeviceKey(U8(int(self.device.scheme)), bytes(self.device.public_key)),),
        )
        self.chain.send("customer", [("tank.propose", terms)])
        self.chain.send("supplier", [("tank.accept", AcceptTank(tank_id, terms_hash(terms)))])
        return tank_id

    def report(self, tank_id: str, levels: list[int], *, step_ms: int = 5000,
               end_ms: int | None = None) -> list[dict[str, Any]]:
        """Signed readings of ``levels`` (mm), ``step_ms`` apart and ending now (or at ``end_ms``; the chain
        takes readings up to three days old), relayed by the gateway account."""
        end = now_ms() if end_ms is None else end_ms
        prev = self._last_ms.get(tank_id)
        readings = []
        for i, level in enumerate(levels):
            # Spaced ``step_ms`` apart, ending now -- or after the tank's last reading if that is later, so
            # a level never changes implausibly fast (the chain would record a fault, not a level).
            t = end - step_ms * (len(levels) - 1 - i)
            if prev is not None:
                t = max(t, prev + step_ms)
            prev = t
            self._last_ms[tank_id] = t
            seq = self._seq.get(tank_id, 0) + 1
            self._seq[tank_id] = seq
            r = LevelReading(tank_id, U64(seq), TimestampMs(t), U32(level), U32(0), U8(0))
            readings.append(sign_reading(self.chain.chain_id, r, self.device))
        views = []
        for i in range(0, len(readings), 200):
            views += self.chain.send("gateway", [("tank.report", Report(tuple(readings[i:i + 200])))])
        return views

    def send(self, who: str, kind: str, payload: Any) -> list[dict[str, Any]]:
        return self.chain.send(who, [(kind, payload)])

    def record(self, key: bytes, field: str, value: str) -> dict[str, Any] | None:
        with NodeClient(self.rpc) as c:
            for r in c.records(key, limit=2)["records"]:
                rec = r.get("record") or {}
                if rec.get(field) == value:
                    return rec  # type: ignore[no-any-return]
        return None

    def order(self, order_id: str) -> dict[str, Any] | None:
        return self.record(order_key(order_id), "order_id", order_id)

    def live(self, tank_id: str) -> dict[str, Any] | None:
        return self.record(live_key(tank_id), "tank_id", tank_id)

    def open_order(self, tank_id: str) -> str:
        live = self.live(tank_id)
        return str(live["open_order"]) if live else ""

    def balance(self, who: str) -> tuple[int, int]:
        with NodeClient(self.rpc) as c:
            acct = c.account(self.address(who))["account"]
        return int(acct["balance"]), int(acct.get("frozen", 0))

    def lives(self) -> list[dict[str, Any]]:
        return self.chain.records(LIVE_PREFIX)


def tank_chain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> TankChain:
    """The DApp tests' devnet (one per test process, shared by the DApp test modules)."""
    config = request.config
    existing = getattr(config, "_dapp_tank_chain", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    net = DevnetProcess(tmp_path_factory.mktemp("dapp-devnet") / "net", extra=["--block-time-ms", "100"])

    def stop() -> None:
        net.stop()

    config.add_cleanup(stop)
    chain = TankChain(net)
    config._dapp_tank_chain = chain  # type: ignore[attr-defined]
    return chain


class FakeNode:
    """A node answering ``records``, ``events``, ``status`` and ``account`` from lists, for paging tests."""

    def __init__(self) -> None:
        self.records_by_key: dict[bytes, dict[str, Any]] = {}
        self.events_list: list[dict[str, Any]] = []
        self.height = 0
        self.accounts: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, Any]] = []

    def put(self, key: bytes, record: dict[str, Any]) -> None:
        self.records_by_key[key] = record

    async def records(self, prefix: bytes, *, after: bytes | None = None, limit: int = 100) -> dict[str, Any]:
        self.calls.append(("records", (prefix, after, limit)))
        keys = sorted(k for k in self.records_by_key if k.startswith(prefix) and (after is None or k > after))
        page = keys[:limit]
        return {"height": self.height,
                "records": [{"key": k.hex(), "value": "", "record": self.records_by_key[k]} for k in page],
                "next": page[-1].hex() if len(page) == limit else None}

    async def events(self, *, from_height: int | None = None, to_height: int | None = None, kind: str | None = None,
                     limit: int | None = None, after: str | None = None) -> dict[str, Any]:
        """As /v1/events: chain order; a full page carries ``next`` ("height:seq"), given back as ``after``."""
        self.calls.append(("events", (from_height, to_height, kind, limit)))
        lo, hi = from_height or 0, to_height if to_height is not None else 1 << 62
        cursor = tuple(int(x) for x in after.split(":")) if after else (-1, -1)
        seq: dict[int, int] = {}
        keyed = []
        for e in self.events_list:
            seq[e["height"]] = seq.get(e["height"], -1) + 1
            keyed.append(((e["height"], seq[e["height"]]), e))
        out = [(k, e) for k, e in keyed
               if lo <= e["height"] <= hi and (kind is None or e["kind"] == kind) and k > cursor][: limit or 100]
        full = len(out) == (limit or 100)
        return {"events": [e for _, e in out], "next": f"{out[-1][0][0]}:{out[-1][0][1]}" if full else None}

    async def status(self) -> dict[str, Any]:
        return {"height": self.height, "chain_id": "fake"}

    async def account(self, address: str) -> dict[str, Any]:
        self.calls.append(("account", address))
        rec = self.accounts.get(address)
        return {"address": address, "exists": rec is not None, "account": rec}


def wait_path(path: Path, timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.05)
    return False


# --- driving the GUI as a clerk does -------------------------------------------------------------


def top_dialog(qtbot: Any, cls: type, timeout_ms: int = 10_000) -> Any:
    """The visible top-level dialog of class ``cls`` (waits for it)."""
    from PySide6.QtWidgets import QApplication

    found: list[Any] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
        if not found:  # window-modal dialogs with a parent are not top-level widgets
            for top in QApplication.topLevelWidgets():
                found.extend(w for w in top.findChildren(cls) if w.isVisible())
        return bool(found)

    qtbot.waitUntil(visible, timeout=timeout_ms)
    return found[0]


def confirm_signing(qtbot: Any, timeout_ms: int = 30_000) -> dict[str, Any]:
    """Review the signing dialog, press Confirm once it is enabled, wait for the block; the committed view."""
    from PySide6.QtCore import Qt

    from app.dialogs.signing_dialog import SigningDialog

    dialog = top_dialog(qtbot, SigningDialog)
    outcome: list[Any] = []
    # The dialog deletes itself once closed: take its result when it finishes, not afterwards.
    dialog.finished.connect(lambda _r: outcome.append(dialog.result_view))
    errors: list[str] = []

    def finished_or_failed() -> bool:
        if outcome:
            return True
        text = dialog.error_label.text() if dialog.error_label.isVisible() else ""
        if text:
            errors.append(text)
        return bool(errors)

    qtbot.waitUntil(dialog.confirm_button.isEnabled, timeout=5000)
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(finished_or_failed, timeout=timeout_ms)
    assert not errors, errors[0]
    assert outcome[0] is not None
    return outcome[0]  # type: ignore[no-any-return]


def continue_dialog(qtbot: Any, cls: type, fill: Any = None) -> Any:
    """Fill an order dialog (``fill(dialog)``) and press Continue to signing."""
    from PySide6.QtCore import Qt

    dialog = top_dialog(qtbot, cls)
    if fill is not None:
        fill(dialog)
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    return dialog
