"""Measure how long unlocking a key file takes on this machine, for each key file strength.

Unlocking is one Argon2id derivation plus a decryption, so the time is the
price of a password attempt for the owner and for anyone guessing it.  A key
file per strength is written to a scratch directory and unlocked ``--repeat``
times; the table shows the fastest and median seconds.

    python scripts/bench_keyfile.py [--repeat 3] [--strength moderate ...] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from node.core.crypto import PrivateKey, Scheme  # noqa: E402
from node.keyfile import STRENGTHS, create_keyfile, load_keyfile  # noqa: E402

PASSWORD = "bench password, not a secret"


def bench(strength: str, repeat: int, directory: Path) -> dict[str, float | int | str]:
    path = directory / f"{strength}.key"
    key = PrivateKey.generate(Scheme.ED25519)
    started = time.perf_counter()
    create_keyfile(path, key, PASSWORD, strength=strength)
    create_s = time.perf_counter() - started
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        loaded = load_keyfile(path, PASSWORD)
        times.append(time.perf_counter() - started)
        if loaded != key:
            raise SystemExit(f"{strength}: the unlocked key differs from the sealed one")
    opslimit, memlimit = STRENGTHS[strength]
    return {
        "strength": strength,
        "opslimit": opslimit,
        "memlimit_mib": memlimit // (1024 * 1024),
        "create_s": round(create_s, 3),
        "unlock_min_s": round(min(times), 3),
        "unlock_median_s": round(statistics.median(times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="unlocks per strength (default 3)")
    parser.add_argument(
        "--strength",
        action="append",
        choices=list(STRENGTHS),
        help="strength to measure (repeatable; default all)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    strengths = args.strength or list(STRENGTHS)

    with tempfile.TemporaryDirectory(prefix="depot-bench-keyfile-") as tmp:
        rows = [bench(s, max(1, args.repeat), Path(tmp)) for s in strengths]

    if args.json:
        print(json.dumps({"cpus": os.cpu_count(), "results": rows}, indent=2))
        return
    print(f"key file unlock on this machine ({os.cpu_count()} CPUs), {args.repeat} runs each")
    print(f"{'strength':<12}{'opslimit':>9}{'memory':>10}{'create s':>10}{'unlock min s':>14}"
          f"{'median s':>10}")  # fmt: skip
    for r in rows:
        print(
            f"{r['strength']:<12}{r['opslimit']:>9}{str(r['memlimit_mib']) + ' MiB':>10}"
            f"{r['create_s']:>10.3f}{r['unlock_min_s']:>14.3f}{r['unlock_median_s']:>10.3f}"
        )


if __name__ == "__main__":
    main()
