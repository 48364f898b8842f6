"""The ``depot`` command: run nodes and devnets, query and transact, benchmark, open the app.

Every subcommand with ``--json`` prints one JSON object; an error prints
``{"error": {"code", "message"}}`` and exits non-zero.  The GUI is imported
only by ``depot gui``, so servers and scripts never load Qt.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from pathlib import Path
from typing import Any

from node.core.errors import DepotError


def _print(args: argparse.Namespace, data: dict[str, Any], human: str | None = None) -> None:
    if getattr(args, "json", False) or human is None:
        print(json.dumps(data), flush=True)
    else:
        print(human, flush=True)


def cmd_devnet(args: argparse.Namespace) -> int:
    from app.devnet import run_devnet

    return run_devnet(
        Path(args.home),
        args.validators,
        block_time_ms=args.block_time_ms,
        exit_on_stdin_eof=args.exit_on_stdin_eof,
        traffic_every_s=args.traffic_every_s,
        demo_tanks=args.demo_tanks,
    )


def cmd_node_run(args: argparse.Namespace) -> int:
    from node.service import run_node

    return run_node(Path(args.home))


def cmd_status(args: argparse.Namespace) -> int:
    from node.client import NodeClient

    with NodeClient(args.rpc) as c:
        s = c.status()
    out = {k: s[k] for k in ("chain_id", "height", "block_id", "state_root", "validators")}
    _print(args, out, f"{s['chain_id']} height {s['height']} block {s['block_id'][:16]}…")
    return 0


def cmd_tx_transfer(args: argparse.Namespace) -> int:
    from wallet.send import transfer

    out = transfer(
        rpc=args.rpc,
        keystore=Path(args.keystore),
        password_file=Path(args.password_file),
        to=args.to,
        amount=args.amount,
        memo=args.memo,
        timeout_s=args.timeout,
    )
    _print(args, out, f"transfer {out['tx_id']} final at height {out['height']}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.gui import run_gui

    return run_gui(
        demo=args.rpc is None,
        home=Path(args.home) if args.home else None,
        rpc=args.rpc,
        language=args.lang,
        screenshot=Path(args.screenshot) if args.screenshot else None,
        quit_after_s=args.quit_after,
        demo_only=bool(args.demo) and args.rpc is None,
    )


# Each module here adds its own subcommands with ``register(subparsers)``: one file per
# area (wallet, tanks, light client, ...), so areas grow without editing this file.
COMMAND_MODULES = (
    "app.commands.wallet",
    "app.commands.tanks",
    "app.commands.light",
    "app.commands.explorer",
    "app.commands.gateway",
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="depot", description="Depot: wallet, explorer and node for consortium supply chains")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("devnet", help="run a local network in the foreground until Ctrl-C")
    d.add_argument("--home", required=True, help="data folder (created, or reused to restart the same chain)")
    d.add_argument("--validators", type=int, default=1)
    d.add_argument("--block-time-ms", type=int, default=None)
    d.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when standard input closes (the app uses this)")
    d.add_argument("--traffic-every-s", type=float, default=None, help="make a demo payment this often")
    d.add_argument("--demo-tanks", type=int, default=0, metavar="N", help="also run N simulated customer tanks (simulator, gateway, automatic supplier)")
    d.set_defaults(func=cmd_devnet)

    n = sub.add_parser("node", help="run a node")
    nsub = n.add_subparsers(dest="node_command", required=True)
    nr = nsub.add_parser("run", help="serve a node from its data folder until SIGINT/SIGTERM")
    nr.add_argument("--home", required=True)
    nr.set_defaults(func=cmd_node_run)
    ns = nsub.add_parser("sync", help="full sync from a node: download, re-execute and check every block")
    ns.add_argument("--rpc", required=True, action="append", help="a node to sync from (repeat for several peers)")
    ns.add_argument("--home", required=True)
    ns.add_argument("--json", action="store_true")
    ns.set_defaults(func=lambda a: __import__("app.commands.light", fromlist=["cmd_node_sync"]).cmd_node_sync(a))

    s = sub.add_parser("status", help="chain status of a node")
    s.add_argument("--rpc", required=True)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    t = sub.add_parser("tx", help="build, sign and submit transactions")
    tsub = t.add_subparsers(dest="tx_command", required=True)
    tt = tsub.add_parser("transfer", help="pay settlement tokens; waits for finality")
    tt.add_argument("--rpc", required=True)
    tt.add_argument("--keystore", required=True)
    tt.add_argument("--password-file", required=True)
    tt.add_argument("--to", required=True, help="recipient address (depot1…)")
    tt.add_argument("--amount", required=True, help="amount in minor units (integer)")
    tt.add_argument("--memo", default="")
    tt.add_argument("--timeout", type=float, default=30.0)
    tt.add_argument("--json", action="store_true")
    tt.set_defaults(func=cmd_tx_transfer)

    from app.bench import register_benches

    register_benches(sub)

    g = sub.add_parser("gui", help="open the desktop app (demo network unless --rpc)")
    g.add_argument("--demo", action="store_true",
                   help="the embedded demo network now, without the first-run questions (make run)")
    g.add_argument("--rpc", default=None, help="connect to this node instead of the demo network")
    g.add_argument("--home", default=None)
    g.add_argument("--lang", default=None)
    g.add_argument("--screenshot", default=None, help=argparse.SUPPRESS)
    g.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
    g.set_defaults(func=cmd_gui)

    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    # A frozen app (an installer's executable) starting a full sync's checking processes
    # must run their job here instead of the CLI; a no-op otherwise.
    multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DepotError as exc:
        print(json.dumps({"error": {"code": exc.code, "message": exc.message}}), flush=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug or an environment failure: still one JSON line for scripts
        from app.devnet import DevnetError

        code = "devnet_error" if isinstance(exc, DevnetError) else "internal_error"
        print(json.dumps({"error": {"code": code, "message": str(exc)}}), flush=True)
        if code == "internal_error":
            import traceback

            traceback.print_exc(file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
