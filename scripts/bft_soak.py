"""The long BFT soak: 4 validator processes, a load, and faults drawn from a seed, for as long as asked.

    python scripts/bft_soak.py --seed 7 --minutes 60

Each fault (SIGKILL then restart, SIGSTOP/SIGCONT, disconnection through the
loopback proxies, clean restart; target, duration and the calm before it)
comes from ``random.Random(seed)``: the same seed replays the same plan.
After every fault the chain must progress again within 20 s; every
``--check-every`` faults and at the end the whole run is checked (identical
headers on every node, never two blocks at one height, every acknowledged
transfer committed exactly once).  The journal (every fault, recovery and
check) is written as JSON lines to ``--out`` (default: DIR/soak.jsonl); the
exit code is 0 only if every check passed.  See docs/testing-bft.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.bft_harness import RECOVERY_LIMIT_S, Session, run_soak, soak_plan  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True, help="seed of the fault plan (and of the load)")
    ap.add_argument("--minutes", type=float, default=60.0, help="how long to keep faulting (default 60)")
    ap.add_argument("--validators", type=int, default=4)
    ap.add_argument("--max-fault-s", type=float, default=10.0, help="longest fault (default 10 s)")
    ap.add_argument("--check-every", type=int, default=10, help="check the whole run every N faults")
    ap.add_argument("--batch", type=int, default=20, help="transfers per sender per batch of the load")
    ap.add_argument("--dir", type=Path, help="where the network lives (default: a new temporary folder)")
    ap.add_argument("--out", type=Path, help="journal file (JSON lines; default DIR/soak.jsonl)")
    ap.add_argument("--plan", action="store_true", help="print the first 20 faults of the plan and exit")
    args = ap.parse_args(argv)

    if args.plan:
        for step in soak_plan(args.seed, args.validators, 20, max_fault_s=args.max_fault_s):
            print(json.dumps(step.__dict__))
        return 0
    root = args.dir or Path(tempfile.mkdtemp(prefix=f"bft-soak-{args.seed}-"))
    root.mkdir(parents=True, exist_ok=True)
    out = args.out or root / "soak.jsonl"
    journal = out.open("a", encoding="utf-8")
    t0 = time.monotonic()

    def say(msg: str) -> None:
        print(msg, flush=True)

    say(f"soak seed {args.seed}, {args.minutes:g} min, {args.validators} validators, in {root}")
    sess = Session(root, args.validators, seed=args.seed, batch=args.batch, say=say)
    ok = False
    summary: dict[str, object] = {"what": "summary", "seed": args.seed, "ok": False, "failure": "interrupted"}
    try:
        recoveries, reports = run_soak(
            sess, args.seed, args.minutes * 60, check_every=args.check_every, max_fault_s=args.max_fault_s
        )
        worst = max((max(r.progress_s or 0, r.caught_up_s or 0) for r in recoveries), default=0.0)
        last = reports[-1]
        summary = {
            "what": "summary",
            "seed": args.seed,
            "minutes": round((time.monotonic() - t0) / 60, 1),
            "faults": len(recoveries),
            "by_kind": {k: sum(1 for r in recoveries if r.kind == k) for k in sorted({r.kind for r in recoveries})},
            "worst_recovery_s": worst,
            "recovery_limit_s": RECOVERY_LIMIT_S,
            "height": last.height,
            "txs_acked": last.txs_acked,
            "txs_committed": last.txs_committed,
            "max_round": last.max_round,
            "sign_refusals": last.sign_refusals,
            "ok": True,
        }
        ok = True
    except AssertionError as exc:
        summary = {"what": "summary", "seed": args.seed, "ok": False, "failure": str(exc)[:20_000]}
    finally:
        codes = sess.close()
        for entry in sess.net.journal:
            journal.write(json.dumps(entry, default=str) + "\n")
        unclean = {i: c for i, c in codes.items() if any(x != 0 for x in c)}
        if unclean:
            ok = False
        summary["unclean_stops"] = unclean
        journal.write(json.dumps(summary, default=str) + "\n")
        journal.close()
    print(json.dumps(summary, default=str, indent=1))
    print(f"journal: {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
