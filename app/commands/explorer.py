"""``depot explorer ...``: build the explorer's index from a node's data folder and query it, offline.

``depot explorer index --home DIR`` indexes ``DIR/node.db`` into
``DIR/explorer.db`` (resuming where the last run stopped; ``--rebuild``
starts over).  The queries (``status``, ``search``, ``history``, ``tx``,
``block``, ``stats``) read the index only and need no running node.  With
``--json`` progress goes to standard error and the answer is the one JSON
object on standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    """Add ``depot explorer`` and its subcommands to ``sub`` (the top-level subparsers)."""
    p = sub.add_parser("explorer", help="the block explorer's index over a node's data folder (offline)")
    esub = p.add_subparsers(dest="explorer_command", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        c = esub.add_parser(name, help=help_text)
        c.add_argument("--home", required=True, help="the node's data folder (holds node.db)")
        c.add_argument("--json", action="store_true")
        return c

    i = add("index", "build or update DIR/explorer.db from DIR/node.db")
    i.add_argument("--until-height", type=int, default=None)
    i.add_argument("--no-records", action="store_true", help="skip bringing the latest-state records up to date")
    i.add_argument("--rebuild", action="store_true", help="delete the index and build it again")
    i.set_defaults(func=cmd_index)

    s = add("status", "how far the index is")
    s.set_defaults(func=cmd_status)

    q = add("search", "what a typed text names: height, id or prefix, address, order or tank id, kind")
    q.add_argument("query")
    q.set_defaults(func=cmd_search)

    h = add("history", "an address's transactions, newest first")
    h.add_argument("address")
    h.add_argument("--kind", default=None)
    h.add_argument("--limit", type=int, default=50)
    h.add_argument("--after", type=int, default=None, help="the 'next' cursor of the previous page")
    h.set_defaults(func=cmd_history)

    t = add("tx", "one transaction (full id or a unique prefix of 8+ hex characters)")
    t.add_argument("tx_id")
    t.set_defaults(func=cmd_tx)

    b = add("block", "one block by height or id")
    b.add_argument("ref")
    b.set_defaults(func=cmd_block)

    st = add("stats", "transactions per block and per minute, block time, validator participation")
    st.add_argument("--from-height", type=int, default=None)
    st.add_argument("--to-height", type=int, default=None)
    st.set_defaults(func=cmd_stats)


def _out(args: argparse.Namespace, data: Any, human: str) -> None:
    print(json.dumps(data) if args.json else human, flush=True)


def _explorer(args: argparse.Namespace) -> Any:
    from explorer import Explorer

    return Explorer.open_home(Path(args.home))


def cmd_index(args: argparse.Namespace) -> int:
    from explorer import Indexer
    from explorer.db import INDEX_FILE

    home = Path(args.home)
    if args.rebuild:
        for f in home.glob(INDEX_FILE + "*"):
            f.unlink()
    last = [0.0]

    def progress(p: Any) -> None:
        now = time.monotonic()
        if now - last[0] >= 1 or (p.phase == "blocks" and p.blocks_left == 0):
            last[0] = now
            print(
                f"{p.phase}: height {p.height} of {p.target_height}, {p.blocks_left} blocks left,"
                f" {p.txs_done} transactions ({p.txs_per_s:,.0f}/s)",
                file=sys.stderr if args.json else sys.stdout,
                flush=True,
            )

    with Indexer.open_home(home) as ix:
        rep = ix.run(progress=progress, until_height=args.until_height, records=not args.no_records)
    data = {
        "from_height": rep.from_height,
        "height": rep.height,
        "node_height": rep.node_height,
        "blocks": rep.blocks,
        "txs": rep.txs,
        "events": rep.events,
        "records_changed": rep.records_changed,
        "records_height": rep.records_height,
        "cancelled": rep.cancelled,
        "seconds": round(rep.seconds, 3),
        "txs_per_s": round(rep.txs_per_s, 1),
    }
    _out(args, data, f"indexed {rep.blocks} blocks ({rep.txs} transactions) up to height {rep.height}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        st = ex.status()
    _out(args, to_jsonable(st), f"indexed up to height {st.height}: {st.txs} transactions, {st.events} events")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        res = ex.search(args.query)
    data = to_jsonable(res)
    lines = [f"{h['type']}: {json.dumps(h)[:160]}" for h in data["hits"]] or ["nothing found"]
    _out(args, data, "\n".join(lines))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        page = ex.history(args.address, kind=args.kind, after=args.after, limit=args.limit)
    lines = [f"{t.height}/{t.index} {t.kind} {t.code} {t.tx_id_hex}" for t in page.items]
    _out(args, to_jsonable(page), "\n".join(lines) or "no transactions")
    return 0


def cmd_tx(args: argparse.Namespace) -> int:
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        d = ex.tx_detail(args.tx_id)
    _out(args, to_jsonable(d), json.dumps(to_jsonable(d), indent=2))
    return 0


def cmd_block(args: argparse.Namespace) -> int:
    from explorer import NotFound
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        ref = args.ref.strip()
        b = ex.block(int(ref)) if ref.isdigit() else ex.block_by_id(ref)
        if b is None:
            raise NotFound(f"no block at height {ref} in the index")
        data = to_jsonable(b)
        data["commit"] = to_jsonable(ex.commit(b.height))
    _out(args, data, json.dumps(data, indent=2))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from explorer import block_times, blocks_series, participation, txs_per_minute
    from explorer.views import to_jsonable

    with _explorer(args) as ex:
        series = blocks_series(ex, args.from_height, args.to_height)
        data: dict[str, Any] = {
            "blocks": len(series),
            "txs": sum(p.num_txs for p in series),
            "block_time": to_jsonable(block_times(ex, args.from_height, args.to_height)),
            "participation": [
                dict(to_jsonable(p), share=round(p.share, 4)) for p in participation(ex, args.from_height, args.to_height)
            ],
        }
        if series:
            per_min = txs_per_minute(ex, series[0].time_ms, series[-1].time_ms + 1)
            data["txs_per_minute_max"] = max(p.txs for p in per_min)
            data["txs_per_block_max"] = max(p.num_txs for p in series)
    _out(args, data, json.dumps(data, indent=2))
    return 0
