"""``depot`` subcommands for the tanks area: ``depot tanks list`` and ``depot orders list``.

Both read the latest records from a node (``GET /v1/records`` by key prefix,
paged), decoded by the node with the tanks module's record types.  They are
listings, not proofs: a single record is proven with ``GET /v1/state``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any

from node.client import NodeClient
from node.modules.tanks.records import (
    LIVE_PREFIX,
    ORDER_PREFIX,
    STORAGE_PREFIX,
    TANK_PREFIX,
    Evidence,
    OrderStatus,
)

PAGE = 1000


def _records(client: NodeClient, prefix: bytes) -> tuple[int, list[dict[str, Any]]]:
    """Every record under ``prefix`` (all pages) and the height of the first page."""
    out: list[dict[str, Any]] = []
    height = 0
    after: str | None = None
    while True:
        answer = client.records(prefix, after=bytes.fromhex(after) if after else None, limit=PAGE)
        height = height or int(answer.get("height") or 0)
        out.extend(r["record"] for r in answer.get("records", []) if "record" in r)
        after = answer.get("next")
        if not after:
            return height, out


def _level_state(tank: dict[str, Any], live: dict[str, Any] | None) -> str:
    if not live or not live.get("has_level"):
        return "no_reading"
    level = int(live["level_mm"])
    if level < int(tank["critical_mm"]):
        return "below_critical"
    if level < int(tank["warning_mm"]):
        return "below_warning"
    return "ok"


def tank_rows(tanks: list[dict[str, Any]], lives: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per tank: its agreed terms and its last level."""
    by_id = {lv["tank_id"]: lv for lv in lives}
    rows = []
    for rec in tanks:
        t = rec["terms"]
        live = by_id.get(t["tank_id"])
        has = bool(live and live.get("has_level"))
        rows.append(
            {
                "tank_id": t["tank_id"],
                "owner": t["owner"],
                "supplier": t["supplier"],
                "storage_id": t["storage_id"],
                "product": t["product"],
                "capacity_l": t["capacity_l"],
                "full_l": rec["full_l"],
                "max_level_mm": rec["max_level_mm"],
                "warning_mm": t["warning_mm"],
                "critical_mm": t["critical_mm"],
                "reorder_l": t["reorder_l"],
                "unit_price": t["unit_price"],
                "delivery_deadline_ms": t["delivery_deadline_ms"],
                "dispute_window_ms": t["dispute_window_ms"],
                "device_keys": [k["public_key"] for k in t["device_keys"]],
                "level_mm": live["level_mm"] if has and live else None,
                "volume_l": live["volume_l"] if has and live else None,
                "level_time_ms": live["level_time_ms"] if has and live else None,
                "level_state": _level_state(t, live),
                "last_seq": live["last_seq"] if live else 0,
                "readings": live["readings"] if live else 0,
                "faults": live["faults"] if live else 0,
                "last_fault": (live["last_fault"] or None) if live else None,
                "below_warning": live["below_warning"] if live else 0,
                "open_order": (live["open_order"] or None) if live else None,
                "orders": live["orders"] if live else 0,
            }
        )
    return rows


def order_row(o: dict[str, Any]) -> dict[str, Any]:
    status = OrderStatus(int(o["status"])).name.lower()
    return {
        "order_id": o["order_id"],
        "tank_id": o["tank_id"],
        "buyer": o["buyer"],
        "supplier": o["supplier"],
        "status": status,
        "urgent": o["urgent"],
        "product": o["product"],
        "storage_id": o["storage_id"],
        "quantity_l": o["quantity_l"],
        "dispatched_l": o["dispatched_l"],
        "delivered_l": o["delivered_l"],
        "unit_price": o["unit_price"],
        "estimated_cost": o["estimated_cost"],
        "escrow": o["escrow"],
        "actual_cost": o["paid"] if status in ("settled", "resolved") else None,
        "paid": o["paid"],
        "released": o["released"],
        "evidence": Evidence(int(o["evidence"])).name.lower(),
        "created_ms": o["created_ms"],
        "deadline_ms": o["deadline_ms"],
        "dispatched_ms": o["dispatched_ms"] or None,
        "delivered_ms": o["delivered_ms"] or None,
        "settle_after_ms": o["settle_after_ms"] or None,
        "closed_ms": o["closed_ms"] or None,
        "close_reason": o["close_reason"] or None,
        "disputed_by": o["disputed_by"],
        "dispute_reason": o["dispute_reason"] or None,
        "arbiter": o["arbiter"],
        "bill_no": o["bill_no"] or None,
    }


def cmd_tanks_list(args: argparse.Namespace) -> int:
    with NodeClient(args.rpc) as c:
        height, tanks = _records(c, TANK_PREFIX)
        _, lives = _records(c, LIVE_PREFIX)
        _, storage = _records(c, STORAGE_PREFIX)
    rows = tank_rows(tanks, lives)
    if args.json:
        print(json.dumps({"height": height, "tanks": rows, "storage": storage}), flush=True)
        return 0
    print(f"{len(rows)} tanks at height {height}")
    for r in rows:
        level = "—" if r["level_mm"] is None else f"{r['level_mm']} mm / {r['volume_l']} L"
        print(
            f"  {r['tank_id']:<20} {r['product']:<10} {level:<22} {r['level_state']:<15} "
            f"warn {r['warning_mm']} mm  order {r['open_order'] or '—'}"
        )
    for s in storage:
        print(f"  storage {s['storage_id']:<12} {s['product']:<10} {s['inventory_l']} L ({s['reserved_l']} L reserved)")
    return 0


def cmd_orders_list(args: argparse.Namespace) -> int:
    prefix = ORDER_PREFIX + (f"{args.tank}#".encode() if args.tank else b"")
    with NodeClient(args.rpc) as c:
        height, orders = _records(c, prefix)
    rows = [order_row(o) for o in orders]
    if args.status:
        rows = [r for r in rows if r["status"] == args.status]
    if args.json:
        print(json.dumps({"height": height, "orders": rows}), flush=True)
        return 0
    print(f"{len(rows)} orders at height {height}")
    for r in rows:
        cost = r["actual_cost"] if r["actual_cost"] is not None else r["estimated_cost"]
        print(
            f"  {r['order_id']:<24} {r['status']:<15} {r['quantity_l']:>8} L  delivered {r['delivered_l']:>8} L  "
            f"cost {cost}{'' if r['actual_cost'] is not None else ' (est.)'}  escrow {r['escrow']}"
            f"{'  URGENT' if r['urgent'] else ''}"
        )
    return 0


def _iter_statuses() -> Iterator[str]:
    return (s.name.lower() for s in OrderStatus)


def register(sub: Any) -> None:
    """Add this area's subcommands to ``sub`` (the top-level subparsers)."""
    t = sub.add_parser("tanks", help="tanks on chain: terms and last levels")
    tsub = t.add_subparsers(dest="tanks_command", required=True)
    tl = tsub.add_parser("list", help="every tank with its last level, and the supplier storage tanks")
    tl.add_argument("--rpc", required=True)
    tl.add_argument("--json", action="store_true")
    tl.set_defaults(func=cmd_tanks_list)

    o = sub.add_parser("orders", help="automatic tank orders")
    osub = o.add_subparsers(dest="orders_command", required=True)
    ol = osub.add_parser("list", help="every order: id, tank, buyer, supplier, status, quantities, amounts")
    ol.add_argument("--rpc", required=True)
    ol.add_argument("--tank", default=None, help="only this tank's orders")
    ol.add_argument("--status", default=None, choices=list(_iter_statuses()))
    ol.add_argument("--json", action="store_true")
    ol.set_defaults(func=cmd_orders_list)
