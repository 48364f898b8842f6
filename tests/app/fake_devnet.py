"""Plays ``depot devnet`` for DemoNetwork's tests: ``fake_devnet.py MODE RPC HOME ADDRESS``.

MODE: normal (writes devnet.json pointing at RPC, stops on SIGTERM), silent
(never writes it), crash (exits 3 at once), stubborn (ignores SIGTERM), tree (stubborn,
with a stubborn child process of its own), stdin (ignores SIGTERM, stops when its
stdin closes).
"""

import json
import os
import signal
import sys
import threading
import time

mode, rpc, home, customer = sys.argv[1:5]


def stop(*_):
    open(os.path.join(home, "stopped"), "w").write("signal")
    sys.exit(0)


if mode in ("stubborn", "tree"):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
else:
    signal.signal(signal.SIGTERM, stop)
if mode == "tree":
    # A "node" process of our own that also ignores SIGTERM: only a group kill ends it.
    import subprocess

    node = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)",
        ]
    )
    open(os.path.join(home, "node.pid"), "w").write(str(node.pid))
print("fake devnet starting", mode, flush=True)  # after the handlers: tests wait for this line
if mode == "crash":
    print("error: port 26657 already in use", flush=True)
    sys.exit(3)
if mode == "stdin":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def watch():
        sys.stdin.read()
        open(os.path.join(home, "stopped"), "w").write("stdin")
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
if mode != "silent":
    time.sleep(0.2)
    doc = {
        "chain_id": "depot-demo",
        "nodes": [{"name": "validator-0", "rpc": rpc}],
        "accounts": [
            {
                "name": "Bank",
                "address": "depot1bank",
                "role": "bank",
                "keystore": "keys/bank.json",
                "password": "pw",
            },
            {
                "name": "Acme",
                "address": customer,
                "role": "customer",
                "keystore": "keys/acme.json",
                "password": "pw",
            },
        ],
    }
    tmp = os.path.join(home, "devnet.json.tmp")
    with open(tmp, "w") as f:
        json.dump(doc, f)
    os.replace(tmp, os.path.join(home, "devnet.json"))
while True:
    time.sleep(0.05)
