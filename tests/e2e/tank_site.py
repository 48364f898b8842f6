"""A tank site beside a devnet, for issue 6's end-to-end test over several validators; no tests here.

- ``SimThread``: the tank simulator's Modbus TCP server on a thread and asyncio loop of its own, so the
  test's blocking calls never stall it.  Its clock is held until ``start_clock``: the first readings on
  chain show every tank where it starts, above its line.  It refills tanks on ``order.dispatched``
  from a node's event stream, as ``depot sim tanks --rpc`` does.
- ``Child``: ``depot gateway`` and ``depot gateway bridge`` as child processes, as deployed, with logs.
- ``pass_by_vote``: governance actions proposed by one validator operator and approved by enough others.
- ``clerk_send``: a transaction built, signed and submitted the way the wallet does it for a clerk.
- ``wait_for``: poll a condition with a generous bound that only stops a hung run.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from app.demo_tanks import VALIDATOR_OPERATORS, DemoChain
from node.client import NodeClient
from node.core.encoding import encode
from node.core.types import U64, TimestampMs
from node.modules.governance.transitions import Propose, Vote
from node.sim.tanks import SimClock, SimulatorServer, TankSimulator, TankSpec
from wallet.builder import build_body
from wallet.signers import FileSigner, sign_transaction
from wallet.submit import sender_context, submit

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def wait_for(check: Callable[[], T], what: str, *, timeout_s: float = 240.0, every_s: float = 0.25) -> T:
    """``check()`` until it returns something true, and that; ``AssertionError`` only if the run hangs.

    The bound is no performance claim: on a loaded machine anything may be slow, so it is set far above
    what a healthy run needs and only turns a stuck run into a failure that names what it waited for.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout_s:.0f} s waiting for {what}")
        time.sleep(every_s)


class SimThread:
    """A ``SimulatorServer`` on its own thread; its simulated clock starts with ``start_clock``."""

    def __init__(self, specs: Sequence[TankSpec], *, seed: int, start_ms: int, time_scale: float, rpc: str,
                 travel_ms: int, tick_s: float = 0.05) -> None:
        self.sim = TankSimulator(specs, seed=seed, start_ms=start_ms, travel_ms=travel_ms)
        self.server = SimulatorServer(self.sim, port=0, clock=None, rpc=rpc)
        self._start_ms = start_ms
        self._scale = time_scale
        self._tick_s = tick_s
        self._clock: SimClock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tank-sim", daemon=True)

    @property
    def port(self) -> int:
        return self.server.port

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(60) or self._error is not None:
            raise RuntimeError(f"the simulator did not start: {self._error!r}")

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported by start(), or by stop()
            self._error = exc
            self._ready.set()

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self.server.start()
        self._ready.set()
        try:
            while not self._stop.is_set():
                if self._clock is not None:
                    self.sim.advance_to(self._clock.now_ms())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self._tick_s)
        finally:
            await self.server.stop()

    def call(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the simulator's loop (between ticks) and return its result."""
        assert self._loop is not None

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(30)

    def start_clock(self) -> None:
        """Let simulated time run from ``start_ms``, ``time_scale`` times faster than real time."""
        self.call(lambda: setattr(self, "_clock", SimClock(self._start_ms, self._scale)))

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        if self._error is not None:
            raise RuntimeError(f"the simulator failed: {self._error!r}") from self._error


class Child:
    """A ``depot`` command as a child process, its output in ``log``; stopped with SIGTERM like an operator would."""

    def __init__(self, name: str, args: list[str], log: Path) -> None:
        self.name = name
        self.log = log
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        with open(log, "ab") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", *args], stdout=out, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, cwd=REPO, env=env)

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def check_running(self) -> None:
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited with code {self.proc.returncode}:\n{self.tail()}")

    def stop(self, timeout_s: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return int(self.proc.returncode)


def pass_by_vote(chain: DemoChain, validators: int, actions: Sequence[tuple[str, str, Any]]) -> list[dict[str, Any]]:
    """Propose ``(title, action_kind, payload)`` as the first validator operator; enough others approve.

    Returns the events of the votes; raises if a proposal did not pass.
    """
    proposals = [("gov.propose", Propose(title, kind, encode(payload), TimestampMs(time.time_ns() // 1_000_000 + 3_600_000)))
                 for title, kind, payload in actions]
    views = chain.send(VALIDATOR_OPERATORS[0], proposals)
    events = [e for v in views for e in v["result"]["events"]]
    pids = [int(e["attrs"]["proposal_id"]) for e in events if e["kind"] == "gov.proposed"]
    voters = VALIDATOR_OPERATORS[1 : (2 * validators) // 3 + 1]  # with the proposer: more than 2/3 of equal powers
    for voter in voters:
        views = chain.send(voter, [("gov.vote", Vote(U64(p), True)) for p in pids])
        events += [e for v in views for e in v["result"]["events"]]
    passed = {int(e["attrs"]["proposal_id"]) for e in events if e["kind"] == "gov.passed"}
    if passed != set(pids):
        failed = [e for e in events if e["kind"] in ("gov.failed", "gov.rejected")]
        raise AssertionError(f"proposals {sorted(set(pids) - passed)} did not pass: {failed}")
    return events


def clerk_send(rpc: str, keystore: Path, password: str, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What the wallet does for a clerk: read the sender's nonce, build and check the body, sign, submit, wait."""
    signer = FileSigner.unlock(keystore, password)
    try:
        with NodeClient(rpc, timeout_s=30) as client:
            ctx = sender_context(client, signer.address)
            body = build_body(chain_id=ctx.chain_id, sender=signer.address, nonce=ctx.nonce, kind=kind, fields=fields)
            return submit(client, sign_transaction(body, [signer]), timeout_s=120)
    finally:
        signer.close()


def write_json(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=1))
    return path
