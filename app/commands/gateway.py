"""``depot gateway`` (tank-site gateway, MQTT bridge, device keys) and ``depot sim tanks`` (tank simulator).

- ``depot gateway --config FILE [--check]``: run a gateway until SIGINT/SIGTERM
  (``--check`` validates the file and unlocks its keys, prints a summary, exits);
- ``depot gateway bridge --mqtt URL --rpc URL --keystore FILE --password-file FILE``:
  the node-side MQTT bridge;
- ``depot gateway keygen --out FILE --password-file FILE [--scheme p256]``: a new
  encrypted device key, printing the public key to bind to tanks;
- ``depot sim tanks --tanks N --port P [--seed S] [--rpc URL] …``: the simulator.

Until ``app.commands.gateway`` is listed in ``app/cli.py``'s ``COMMAND_MODULES``,
the same commands run as ``python -m app.commands.gateway gateway …`` / ``… sim tanks …``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from node.core.errors import DepotError


def _print(args: argparse.Namespace, data: dict[str, Any], human: str) -> None:
    print(json.dumps(data) if getattr(args, "json", False) else human, flush=True)


def cmd_gateway(args: argparse.Namespace) -> int:
    from node.gateway.config import load_config
    from node.gateway.errors import GatewayConfigError

    if args.config is None:
        raise GatewayConfigError("depot gateway needs --config FILE (or a subcommand: bridge, keygen)")
    cfg = load_config(Path(args.config))
    if args.check:
        return _check(args, cfg)
    from node.gateway.service import run_gateway, setup_logging

    setup_logging(cfg, args.log_level)
    return run_gateway(cfg)


def _check(args: argparse.Namespace, cfg: Any) -> int:
    from node.core.address import address_of_key, format_address
    from node.keyfile import load_keyfile

    keys: dict[str, Any] = {}
    sources = {"device": cfg.device, **({"relay": cfg.http.relay} if cfg.http else {})}
    for t in cfg.tanks:
        if t.device is not None:
            sources[f"device:{t.tank_id}"] = t.device
    for name, source in sources.items():
        key = load_keyfile(source.keyfile, source.password.read(name))
        keys[name] = {"scheme": int(key.scheme), "public_key": key.public_key.hex(),
                      "address": format_address(address_of_key(int(key.scheme), key.public_key))}
        del key
    out = {"ok": True, "name": cfg.name, "tanks": len(cfg.tanks), "sensors": len(cfg.sensors),
           "http": cfg.http.rpc if cfg.http else None, "mqtt": cfg.mqtt.url if cfg.mqtt else None,
           "buffer": str(cfg.buffer_path), "keys": keys}
    _print(args, out, f"{cfg.path.name}: {len(cfg.tanks)} tanks on {len(cfg.sensors)} endpoints; keys unlock")
    return 0


def cmd_bridge(args: argparse.Namespace) -> int:
    import logging

    from node.gateway.bridge import BridgeConfig, run_bridge
    from node.gateway.config import Secret, mqtt_config_from_url

    mqtt_password = None
    if args.mqtt_password_file or args.mqtt_password_env:
        mqtt_password = Secret(Path(args.mqtt_password_file) if args.mqtt_password_file else None, args.mqtt_password_env)
    mqtt = mqtt_config_from_url(args.mqtt, client_id=args.client_id, topic_prefix=args.topic_prefix,
                                password=mqtt_password, ca_file=Path(args.ca_file) if args.ca_file else None)
    if args.mqtt_username:
        from dataclasses import replace

        mqtt = replace(mqtt, username=args.mqtt_username)
    cfg = BridgeConfig(
        mqtt=mqtt,
        rpc=args.rpc,
        keystore=Path(args.keystore),
        password=Secret(Path(args.password_file) if args.password_file else None, args.password_env),
        data_dir=Path(args.data_dir),
    )
    logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return run_bridge(cfg)


def cmd_keygen(args: argparse.Namespace) -> int:
    from node.core.address import address_of_key, format_address
    from node.core.crypto import PrivateKey, Scheme
    from node.gateway.config import Secret
    from node.keyfile import create_keyfile

    scheme = {"ed25519": Scheme.ED25519, "p256": Scheme.P256}[args.scheme]
    password = Secret(Path(args.password_file) if args.password_file else None, args.password_env).read("device key")
    key = PrivateKey.generate(scheme)
    info = create_keyfile(Path(args.out), key, password, strength=args.strength, label=args.label)
    del key, password
    out = {"keyfile": str(Path(args.out).resolve()), "scheme": int(info.scheme), "scheme_name": args.scheme,
           "public_key": info.public_key.hex(), "address": format_address(address_of_key(int(info.scheme), info.public_key))}
    _print(args, out, f"device key {out['public_key']} ({args.scheme}) written to {out['keyfile']}")
    return 0


def cmd_sim_tanks(args: argparse.Namespace) -> int:
    from node.sim.tanks import run_simulator

    return run_simulator(
        tanks=args.tanks, port=args.port, seed=args.seed, host=args.host, time_scale=args.time_scale, rpc=args.rpc,
        word_order=args.word_order, prefix=args.prefix, describe=Path(args.describe) if args.describe else None,
        travel_s=args.travel_s,
    )


def register(sub: Any) -> None:
    """Add ``gateway`` and ``sim`` to the top-level subparsers."""
    g = sub.add_parser("gateway", help="run a tank-site gateway (Modbus sensors → signed readings → node/MQTT)")
    g.add_argument("--config", default=None, help="gateway configuration (TOML, or JSON by its .json suffix)")
    g.add_argument("--check", action="store_true", help="check the configuration and unlock its keys, then exit")
    g.add_argument("--log-level", default="INFO")
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_gateway)
    gsub = g.add_subparsers(dest="gateway_command", required=False)

    b = gsub.add_parser("bridge", help="node-side MQTT bridge: signed readings from the broker → tank.report")
    b.add_argument("--mqtt", required=True, help="broker URL, mqtt://host:port or mqtts://host:port")
    b.add_argument("--rpc", required=True, help="the node to submit to")
    b.add_argument("--keystore", required=True, help="key file of the relaying account (role gateway)")
    b.add_argument("--password-file", default=None)
    b.add_argument("--password-env", default=None, help="environment variable holding the key file password")
    b.add_argument("--data-dir", default="bridge-data", help="folder of the bridge's SQLite buffer")
    b.add_argument("--topic-prefix", default="depot")
    b.add_argument("--client-id", default="depot-bridge", help="MQTT client id (its persistent session)")
    b.add_argument("--mqtt-username", default=None)
    b.add_argument("--mqtt-password-file", default=None)
    b.add_argument("--mqtt-password-env", default=None)
    b.add_argument("--ca-file", default=None, help="CA certificates for mqtts://")
    b.add_argument("--log-level", default="INFO")
    b.set_defaults(func=cmd_bridge)

    k = gsub.add_parser("keygen", help="create an encrypted device key file for a gateway")
    k.add_argument("--out", required=True)
    k.add_argument("--password-file", default=None)
    k.add_argument("--password-env", default=None)
    k.add_argument("--scheme", choices=["ed25519", "p256"], default="ed25519")
    k.add_argument("--strength", choices=["interactive", "moderate", "sensitive"], default="moderate")
    k.add_argument("--label", default="gateway device key")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_keygen)

    s = sub.add_parser("sim", help="simulators for tests and demos")
    ssub = s.add_subparsers(dest="sim_command", required=True)
    st = ssub.add_parser("tanks", help="serve simulated tank level transmitters over Modbus TCP")
    st.add_argument("--tanks", type=int, required=True)
    st.add_argument("--port", type=int, required=True, help="TCP port (0: any free port, printed when ready)")
    st.add_argument("--seed", type=int, default=1)
    st.add_argument("--host", default="127.0.0.1")
    st.add_argument("--time-scale", type=float, default=1.0, help="simulated seconds per real second (720: a day in 2 min)")
    st.add_argument("--rpc", default=None, help="refill tanks on order.dispatched events from this node")
    st.add_argument("--word-order", choices=["big", "little"], default="big")
    st.add_argument("--prefix", default="tank-", help="tank ids are PREFIX0001, PREFIX0002, …")
    st.add_argument("--travel-s", type=float, default=1800.0, help="simulated seconds from dispatch to pumping")
    st.add_argument("--describe", default=None, help="write every tank (id, size, register) to this JSON file")
    st.set_defaults(func=cmd_sim_tanks)


def main(argv: list[str] | None = None) -> int:
    """``python -m app.commands.gateway``: these commands alone, with ``depot``'s error output."""
    parser = argparse.ArgumentParser(prog="depot")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DepotError as exc:
        print(json.dumps({"error": {"code": exc.code, "message": exc.message}}), flush=True)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
