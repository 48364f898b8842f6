"""``depot light ...`` (light client: verified headers and verified reads) and ``depot node sync`` (full sync).

``depot light sync --rpc URL --home DIR`` verifies headers from the node at
URL up to its latest height, cross-checking the network's other peers as
witnesses, and stores them in ``DIR/light.db``.  The network (chain id,
pinned genesis hash, peers) comes from ``DIR/network.json``; on first use it
is written from ``--network FILE``, or from a genesis document the user
trusts (``--genesis FILE``, or ``DIR/genesis.json``) or ``--genesis-hash``.

``depot light get --home DIR --address ADDR`` prints a balance proven
against a verified header.  ``depot light alerts --home DIR`` lists detected
forks (``--acknowledge ID`` lets sync run again).

``depot node sync --rpc URL [--rpc URL2 ...] --home DIR`` downloads every
block from the peers, re-executes it and checks its state root and commit;
``DIR`` then holds a full node's data (``depot node run --home DIR``).  With
``--json``, progress lines go to standard error and the result is the one
JSON object on standard output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sys
from pathlib import Path
from typing import Any

from node.core.errors import DepotError


def register(sub: Any) -> None:
    """Add this area's subcommands to ``sub`` (the top-level subparsers)."""
    lp = sub.add_parser("light", help="light client: verified headers and verified reads")
    lsub = lp.add_subparsers(dest="light_command", required=True)

    s = lsub.add_parser("sync", help="verify headers up to a node's latest height")
    s.add_argument("--rpc", required=True, help="the node to sync from (the primary)")
    s.add_argument("--home", required=True, help="the light client's data folder")
    s.add_argument("--witness", action="append", default=[], help="another organisation's node to cross-check (repeat)")
    s.add_argument("--network", default=None, help="network.json to use (copied into --home)")
    s.add_argument("--genesis", default=None, help="a genesis.json you trust: its hash is pinned on first use")
    s.add_argument("--genesis-hash", default=None, help="the genesis hash to pin on first use (hex)")
    s.add_argument("--height", type=int, default=None, help="verify up to this height (default: the node's latest)")
    s.add_argument("--mode", choices=("skipping", "sequential"), default="skipping")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_light_sync)

    g = lsub.add_parser("get", help="an account's balance, proven against a verified header")
    g.add_argument("--home", required=True)
    g.add_argument("--address", required=True)
    g.add_argument("--rpc", default=None, help="the node to ask (default: the network's first peer)")
    g.add_argument("--height", type=int, default=None)
    g.add_argument("--no-sync", action="store_true", help="use the newest stored header instead of syncing first")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_light_get)

    a = lsub.add_parser("alerts", help="forks detected by the light client")
    a.add_argument("--home", required=True)
    a.add_argument("--acknowledge", type=int, default=None, help="acknowledge this evidence id (sync runs again)")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_light_alerts)


def _print(args: argparse.Namespace, data: dict[str, Any], human: str) -> None:
    print(json.dumps(data) if getattr(args, "json", False) else human, flush=True)


# --- light client ----------------------------------------------------------------------------


def _network(args: argparse.Namespace, home: Path, rpc: str | None) -> tuple[Any, dict[str, Any] | None]:
    """The network config (pinned root) and, if the user gave one, the local genesis document."""
    from node.core.genesis import genesis_from_json, genesis_hash
    from node.core.types import Hash32
    from node.light.errors import NetworkNotConfigured
    from node.light.network import NETWORK_FILE, NetworkConfig
    from node.modules import default_registry

    path = home / NETWORK_FILE
    genesis_file = getattr(args, "genesis", None)
    local_genesis = Path(genesis_file) if genesis_file else home / "genesis.json"
    document = json.loads(local_genesis.read_text(encoding="utf-8")) if local_genesis.exists() else None
    if getattr(args, "network", None):
        net = NetworkConfig.load(Path(args.network))
    elif path.exists():
        net = NetworkConfig.load(path)
    elif document is not None:
        g = genesis_from_json(default_registry(), document)
        net = NetworkConfig(g.chain_id, genesis_hash(g))
    elif getattr(args, "genesis_hash", None):
        if rpc is None:
            raise NetworkNotConfigured("--genesis-hash needs --rpc to learn the chain id")
        from node.light.provider import HttpProvider

        p = HttpProvider(rpc)
        try:
            chain_id = p.status().chain_id
        finally:
            p.close()
        try:
            pinned = Hash32(bytes.fromhex(args.genesis_hash))
        except (ValueError, DepotError) as exc:
            raise NetworkNotConfigured("--genesis-hash must be 64 hex characters") from exc
        net = NetworkConfig(chain_id, pinned)
    else:
        raise NetworkNotConfigured(
            f"{home} has no {NETWORK_FILE}: give --network FILE, --genesis FILE or --genesis-hash HEX "
            "(the consortium publishes them)"
        )
    if rpc is not None:
        net = net.with_peers(rpc)
    net.save(path)
    if document is not None and local_genesis != home / "genesis.json":
        shutil.copyfile(local_genesis, home / "genesis.json")
    return net, document


def _client(args: argparse.Namespace, home: Path, rpc: str | None, witnesses: list[str]) -> Any:
    from node.light.client import LightClient
    from node.light.errors import NetworkNotConfigured
    from node.light.provider import HttpProvider
    from node.light.store import LightStore
    from node.modules import default_registry

    home.mkdir(parents=True, exist_ok=True)
    net, document = _network(args, home, rpc)
    primary_url = rpc or (net.peers[0] if net.peers else None)
    if primary_url is None:
        raise NetworkNotConfigured("no node to ask: give --rpc")
    primary_url = primary_url.rstrip("/")
    others = [p for p in dict.fromkeys([*net.peers, *(w.rstrip("/") for w in witnesses)]) if p != primary_url]
    store = LightStore.open(LightStore.url_for_home(home))
    return LightClient(
        store,
        net,
        HttpProvider(primary_url),
        [HttpProvider(w) for w in others],
        registry=default_registry(),
        genesis_document=document,
    )


def cmd_light_sync(args: argparse.Namespace) -> int:
    home = Path(args.home)
    lc = _client(args, home, args.rpc, args.witness)
    try:
        r = lc.sync(args.height, mode=args.mode)
    finally:
        lc.close()
        lc.store.close()
    out = {
        "height": r.height,
        "verified_headers": r.verified_headers,
        "seconds": round(r.seconds, 3),
        "block_id": r.block_id.hex(),
        "mode": r.mode,
        "witnesses_checked": r.witnesses_checked,
        "faulty_witnesses": list(r.faulty_witnesses),
    }
    _print(args, out, f"verified up to block {r.height} ({r.verified_headers} headers, {r.mode}) in {r.seconds:.2f} s")
    return 0


def cmd_light_get(args: argparse.Namespace) -> int:
    from node.core.address import format_address, parse_address

    home = Path(args.home)
    address = parse_address(args.address)
    lc = _client(args, home, args.rpc, [])
    try:
        if not args.no_sync and args.height is None:
            lc.sync()
        r = lc.get_account(address, height=args.height)
    finally:
        lc.close()
        lc.store.close()
    acct = r.record
    out = {
        "address": format_address(address),
        "balance": int(acct.balance),
        "frozen": int(acct.frozen),
        "nonce": int(acct.nonce),
        "organisation": acct.org_id,
        "height": r.height,
        "block_id": r.block_id.hex(),
        "state_root": r.state_root.hex(),
        "verified": True,
        "verified_against": r.verified_against,
    }
    _print(args, out, f"{out['address']}: balance {out['balance']} ({r.verified_against})")
    return 0


def cmd_light_alerts(args: argparse.Namespace) -> int:
    from node.light.store import LightStore

    store = LightStore.open(LightStore.url_for_home(Path(args.home)))
    try:
        if args.acknowledge is not None:
            store.acknowledge(args.acknowledge)
        alerts = store.alerts(include_acknowledged=True)
        open_ids = {a.evidence_id for a in store.alerts()}
    finally:
        store.close()
    items = [{**a.to_json(), "acknowledged": a.evidence_id not in open_ids} for a in alerts]
    human = "\n".join(
        f"#{a['evidence_id']} height {a['height']}: {a['primary']} vs {a['witness']}"
        + (" (acknowledged)" if a["acknowledged"] else " — SYNC HALTED")
        for a in items
    ) or "no forks detected"
    _print(args, {"alerts": items, "halted": bool(open_ids)}, human)
    return 0


# --- full sync ---------------------------------------------------------------------------------


def cmd_node_sync(args: Any) -> int:
    """``depot node sync``: full sync of ``--home`` from the ``--rpc`` peers."""
    from node.chain import Chain, store_url_for_home
    from node.modules import default_registry
    from node.storage import Store
    from node.sync import FullSync, HttpBlockSource, SyncProgress, genesis_for_home

    home = Path(args.home)
    home.mkdir(parents=True, exist_ok=True)
    as_json = bool(getattr(args, "json", False))
    registry = default_registry()
    peers = [HttpBlockSource(u) for u in dict.fromkeys(args.rpc)]
    store: Store | None = None
    try:
        genesis = genesis_for_home(home, registry, peers)
        store = Store.open(store_url_for_home(home))
        chain = Chain(store, registry, genesis)

        def progress(p: SyncProgress) -> None:
            if as_json:
                print(json.dumps({"progress": p.to_json()}), file=sys.stderr, flush=True)
            else:
                eta = "?" if p.eta_s is None else f"{p.eta_s:.0f} s"
                print(
                    f"block {p.height}/{p.target}: {p.blocks_left} left, {p.blocks_per_s:.1f} blocks/s, "
                    f"{p.txs_per_s:.0f} tx/s, about {eta} remaining",
                    file=sys.stderr,
                    flush=True,
                )

        sync = FullSync(chain, peers, on_progress=progress)

        def on_signal(_sig: int, _frame: Any) -> None:
            sync.stop()  # the block being executed is finished and stored first

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        r = sync.run()
    finally:
        for p in peers:
            p.close()
        if store is not None:
            store.close()
    out = {
        "height": r.height,
        "block_id": r.block_id.hex(),
        "state_root": r.state_root.hex(),
        "resumed_from": r.resumed_from,
        "blocks": r.blocks,
        "txs": r.txs,
        "seconds": round(r.seconds, 3),
        "tx_per_s": round(r.txs / r.seconds, 1) if r.seconds > 0 else 0.0,
    }
    _print(
        args,
        out,
        f"synced to block {r.height} (state root {r.state_root.hex()[:16]}…): {r.blocks} blocks, "
        f"{r.txs} transactions re-executed in {r.seconds:.1f} s",
    )
    return 0
