"""The explorer's and node page's long jobs: building the explorer index and full-syncing a node, with progress and cancel.

Both jobs run outside the GUI thread.  Re-executing blocks and decoding
transactions is Python work that holds the GIL, so a big job runs in a child
process (``depot node sync --json``, or this module's own ``index`` entry
point) and only its JSON progress lines reach the app; a short index
catch-up (a few new blocks) runs in the app's executor instead, where it
costs less than starting a process.  Progress arrives as Qt signals on the
GUI thread; ``cancel()`` stops a job at its next batch or block boundary
(the index and the node's store keep whole batches and blocks only, so the
next run resumes where this one stopped).

``python -m app.models.explorer_jobs index --node-url URL --index PATH``
is the child entry point: JSON progress lines on standard error, the
report as one JSON object on standard output, and end of standard input
(the app closing it) as the portable "cancel".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

log = logging.getLogger(__name__)

#: A gap (in blocks, or in transactions) above which the index is built in a child process rather than
#: in the executor: decoding a thousand transactions is about 80 ms of Python holding the GIL.
CHILD_INDEX_BLOCKS = 300
CHILD_INDEX_TXS = 1_000
#: A child indexer keeps following the node store until no block came for this long: starting a
#: process costs more than a second of CPU, so a node that is still syncing is followed, not polled.
FOLLOW_IDLE_S = 15.0
#: A run that indexes no more transactions than this counts as idle (a chain in normal operation).
FOLLOW_TRICKLE_TXS = 200
#: A following child compares the latest-state records at most this often (they are read whole).
FOLLOW_RECORDS_EVERY_S = 30.0
#: How much nicer (POSIX) than the app its child processes run.
CHILD_NICENESS = 10
#: How long a cancelled child gets to finish its batch before it is killed.
CANCEL_GRACE_MS = 15_000

RunBlocking = Callable[..., Awaitable[Any]]

_import_lock = threading.Lock()

MIGRATIONS_LOCK = threading.RLock()
"""Held while opening a store that may run Alembic migrations (the explorer index, the light store).

Alembic's ``context`` is one module-global proxy: two migrations running at
once in two threads (the index opening in the executor while the light
client opens its store in its own thread) corrupt each other's environment.
"""


def heavy_imports() -> None:
    """Import the explorer and light client (SQLAlchemy, Alembic) once, one thread at a time.

    They are imported lazily so the app's first paint does not wait for them;
    two worker threads importing SQLAlchemy's circular modules at the same
    moment can see a half-initialised module, so the first import is serialised.
    """
    with _import_lock:
        import explorer  # noqa: F401
        import explorer.search  # noqa: F401
        import explorer.stats  # noqa: F401
        import node.light.client  # noqa: F401
        import node.light.provider  # noqa: F401
        import node.light.store  # noqa: F401


@dataclass(frozen=True, slots=True)
class JobProgress:
    """Where a job stands, the same shape for an index build and a full sync (the overlay reads it)."""

    phase: str
    """``"blocks"`` / ``"records"`` (index) or ``"sync"`` (full sync)."""
    height: int
    """Blocks done up to this height."""
    target: int
    """The height the job is heading for."""
    blocks_left: int
    txs_done: int
    txs_per_s: float
    blocks_per_s: float
    eta_s: float | None
    """Estimated seconds left, None until a rate is known."""

    @property
    def fraction(self) -> float:
        return 1.0 if self.target <= 0 else max(0.0, min(1.0, self.height / self.target))

    @staticmethod
    def from_index(p: Any) -> JobProgress:
        """From ``explorer.Progress`` (or its JSON form)."""
        g = (lambda k: p[k]) if isinstance(p, dict) else (lambda k: getattr(p, k))
        elapsed = float(g("elapsed_s"))
        blocks_done = int(g("blocks_done"))
        left = int(g("blocks_left"))
        bps = blocks_done / elapsed if elapsed > 0 else 0.0
        return JobProgress(
            phase=str(g("phase")),
            height=int(g("height")),
            target=int(g("target_height")),
            blocks_left=left,
            txs_done=int(g("txs_done")),
            txs_per_s=int(g("txs_done")) / elapsed if elapsed > 0 else 0.0,
            blocks_per_s=bps,
            eta_s=(left / bps) if bps > 0 else None,
        )

    @staticmethod
    def from_sync(d: dict[str, Any]) -> JobProgress:
        """From ``node.sync.SyncProgress.to_json()``."""
        eta = d.get("eta_s")
        return JobProgress(
            phase="sync",
            height=int(d["height"]),
            target=int(d["target"]),
            blocks_left=int(d["blocks_left"]),
            txs_done=int(d.get("txs", 0)),
            txs_per_s=float(d.get("txs_per_s", 0.0)),
            blocks_per_s=float(d.get("blocks_per_s", 0.0)),
            eta_s=None if eta is None else float(eta),
        )


@dataclass(frozen=True, slots=True)
class JobFailure:
    """Why a job stopped: a stable code (``index_mismatch``, ``peer_unavailable``...) and the English message."""

    code: str
    message: str


# --- a child process with JSON lines -------------------------------------------------------------


class ChildJob(QObject):
    """A ``python -m ...`` child whose standard error carries ``{"progress": {...}}`` lines.

    QProcess delivers output through the event loop, so nothing here ever
    waits.  The last JSON object on standard output is the result, or
    ``{"error": {"code", "message"}}``.
    """

    progressed = Signal(object)
    """A ``JobProgress``."""
    finished = Signal(object)
    """The result dict (also after a cancel: ``cancelled`` says so when the child reports it)."""
    failed = Signal(object)
    """A ``JobFailure``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self._stderr_buf = b""
        self._stdout = bytearray()
        self._tail: deque[str] = deque(maxlen=20)
        self._cancelled = False
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._kill)
        self.pid: int | None = None

    @property
    def running(self) -> bool:
        return self._proc is not None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _parse_progress(self, data: dict[str, Any]) -> JobProgress | None:
        raise NotImplementedError

    def _other_line(self, doc: dict[str, Any]) -> bool:
        """A JSON line other than progress (True: handled)."""
        return False

    def start_process(self, args: list[str], *, cwd: Path | None = None) -> None:
        if self._proc is not None:
            return
        self._cancelled = False
        self._stderr_buf = b""
        self._stdout = bytearray()
        self._tail.clear()
        proc = QProcess(self)
        proc.setProgram(sys.executable)
        proc.setArguments(_below_normal_priority(proc, args))
        if cwd is not None:
            proc.setWorkingDirectory(str(cwd))
        proc.readyReadStandardError.connect(self._on_stderr)
        proc.readyReadStandardOutput.connect(self._on_stdout)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        self._proc = proc
        proc.start()
        self.pid = int(proc.processId()) or None

    def cancel(self) -> None:
        """Ask the child to stop at its next boundary; it is killed if it has not after a grace period."""
        if self._proc is None or self._cancelled:
            return
        self._cancelled = True
        self._proc.closeWriteChannel()  # our own entry points stop at end of input
        if sys.platform != "win32":
            self._proc.terminate()  # SIGTERM: `depot node sync` stops after the block it executes
        self._kill_timer.start(CANCEL_GRACE_MS)

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()

    def _on_stderr(self) -> None:
        if self._proc is not None:
            self._stderr_buf += bytes(self._proc.readAllStandardError().data())
            self._take_lines()

    def _take_lines(self, final: bool = False) -> None:
        *lines, self._stderr_buf = self._stderr_buf.split(b"\n")
        if final and self._stderr_buf:
            lines.append(self._stderr_buf)
            self._stderr_buf = b""
        newest: JobProgress | None = None
        for raw in lines:
            line = raw.decode("utf-8", "replace").strip()
            if not line:
                continue
            if line.startswith("{"):
                try:
                    doc = json.loads(line)
                except ValueError:
                    doc = None
                if isinstance(doc, dict) and self._other_line(doc):
                    continue
                if isinstance(doc, dict) and isinstance(doc.get("progress"), dict):
                    try:
                        newest = self._parse_progress(doc["progress"]) or newest
                    except (KeyError, TypeError, ValueError):
                        log.debug("unreadable progress line: %.200s", line)
                    continue
            self._tail.append(line)
        if newest is not None:
            self.progressed.emit(newest)  # only the newest of a burst

    def _on_stdout(self) -> None:
        if self._proc is not None:
            self._stdout += bytes(self._proc.readAllStandardOutput().data())
            if len(self._stdout) > 1 << 20:
                del self._stdout[: len(self._stdout) - (1 << 20)]

    def _result(self) -> dict[str, Any] | None:
        for line in reversed(self._stdout.decode("utf-8", "replace").splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    doc = json.loads(line)
                except ValueError:
                    continue
                if isinstance(doc, dict):
                    return doc
        return None

    def _on_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        proc, self._proc = self._proc, None
        self._kill_timer.stop()
        if proc is None:
            return
        self._on_stderr_rest(proc)
        result = self._result()
        proc.deleteLater()
        if isinstance(result, dict) and isinstance(result.get("error"), dict):
            err = result["error"]
            self.failed.emit(JobFailure(str(err.get("code", "error")), str(err.get("message", ""))))
        elif code == 0 and result is not None:
            if self._cancelled:
                result.setdefault("cancelled", True)
            self.finished.emit(result)
        elif self._cancelled:
            self.finished.emit({"cancelled": True})
        else:
            tail = " / ".join(list(self._tail)[-3:])
            self.failed.emit(JobFailure("child_failed", f"exit code {code}: {tail}"))

    def _on_stderr_rest(self, proc: QProcess) -> None:
        self._stderr_buf += bytes(proc.readAllStandardError().data())
        self._stdout += bytes(proc.readAllStandardOutput().data())
        self._take_lines(final=True)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._proc is not None:
            proc, self._proc = self._proc, None
            proc.deleteLater()
            self.failed.emit(JobFailure("child_failed", proc.errorString()))


def _below_normal_priority(proc: QProcess, args: list[str]) -> list[str]:
    """Run the child below normal priority, so the GUI (and the person's other work) come first.

    POSIX: the child lowers its own niceness before running the module;
    Windows: it is created in the BELOW_NORMAL priority class.
    """
    if sys.platform == "win32":
        below_normal = 0x00004000

        def modify(a: Any) -> None:
            a.flags |= below_normal

        proc.setCreateProcessArgumentsModifier(modify)
        return args
    if len(args) >= 2 and args[0] == "-m":
        module, rest = args[1], args[2:]
        code = (
            "import os, runpy, sys\n"
            "try:\n    os.nice(CHILD_NICENESS)\nexcept OSError:\n    pass\n"
            f"sys.argv = [{module!r}] + sys.argv[1:]\n"
            f"runpy.run_module({module!r}, run_name='__main__', alter_sys=True)\n"
        ).replace("CHILD_NICENESS", str(CHILD_NICENESS))
        return ["-c", code, *rest]
    return args


class FullSyncJob(ChildJob):
    """``depot node sync --rpc PEER... --home DIR --json`` in a child process: re-executes every block."""

    def _parse_progress(self, data: dict[str, Any]) -> JobProgress | None:
        return JobProgress.from_sync(data)

    def start(self, peers: list[str], home: Path) -> None:
        args = ["-m", "app.cli", "node", "sync", "--home", str(home), "--json"]
        for p in dict.fromkeys(peers):
            args += ["--rpc", p]
        self.start_process(args, cwd=_project_root())


class ChildIndexJob(ChildJob):
    """This module's ``index`` entry point in a child process, following the node store while it grows."""

    indexed = Signal(object)
    """One run of a following child finished (its report dict); the child goes on."""

    def _parse_progress(self, data: dict[str, Any]) -> JobProgress | None:
        return JobProgress.from_index(data)

    def _other_line(self, doc: dict[str, Any]) -> bool:
        if isinstance(doc.get("indexed"), dict):
            self.indexed.emit(doc["indexed"])
            return True
        return False

    def start(self, node_url: str, index_path: Path, *, records: bool = True, follow_idle_s: float = FOLLOW_IDLE_S) -> None:
        args = ["-m", "app.models.explorer_jobs", "index", "--node-url", node_url, "--index", str(index_path),
                "--follow-idle-s", str(follow_idle_s)]
        if not records:
            args.append("--no-records")
        self.start_process(args, cwd=_project_root())


def _project_root() -> Path:
    return Path(__file__).resolve().parents[2]


# --- the index job: a thread for short catch-ups, a child for long builds -------------------------


class IndexJob(QObject):
    """Builds or updates one explorer index (``Indexer.run``) off the GUI thread; one run at a time."""

    progressed = Signal(object)
    """A ``JobProgress``."""
    finished = Signal(object)
    """The run's report as a dict (``height``, ``txs``, ``cancelled``...)."""
    failed = Signal(object)
    """A ``JobFailure``."""
    indexed = Signal(object)
    """A following child finished one run (its report dict) and goes on following."""

    def __init__(self, node_url: str, index_path: Path, run_blocking: RunBlocking, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.node_url = node_url
        self.index_path = Path(index_path)
        self._run_blocking = run_blocking
        self._cancel = threading.Event()
        self._child: ChildIndexJob | None = None
        self._thread_running = False
        self.mode = ""
        """``"thread"`` or ``"child"`` while running."""

    @property
    def running(self) -> bool:
        return self._thread_running or self._child is not None

    def cancel(self) -> None:
        self._cancel.set()
        if self._child is not None:
            self._child.cancel()

    def start(
        self,
        *,
        gap_blocks: int | None = None,
        gap_txs: int | None = None,
        records: bool = True,
        child: bool | None = None,
    ) -> bool:
        """Start a run (False if one is running).  ``child``: force the mode; default: by the gap (unknown: child)."""
        if self.running:
            return False
        self._cancel = threading.Event()
        if child is None:
            child = (
                gap_blocks is None
                or gap_blocks > CHILD_INDEX_BLOCKS
                or gap_txs is None
                or gap_txs > CHILD_INDEX_TXS
            )
        use_child = child
        if use_child:
            self.mode = "child"
            job = ChildIndexJob(self)
            job.progressed.connect(self.progressed)
            job.indexed.connect(self.indexed)
            job.finished.connect(lambda r: self._child_done(job, r, None))
            job.failed.connect(lambda f: self._child_done(job, None, f))
            self._child = job
            job.start(self.node_url, self.index_path, records=records)
        else:
            self.mode = "thread"
            self._thread_running = True
            from app.node_bridge import spawn

            spawn(self._run_in_thread(records), name="explorer-index")
        return True

    def _child_done(self, job: ChildIndexJob, result: dict[str, Any] | None, failure: JobFailure | None) -> None:
        if self._child is job:
            self._child = None
        job.deleteLater()
        if failure is not None:
            self.failed.emit(failure)
        else:
            self.finished.emit(result or {})

    async def _run_in_thread(self, records: bool) -> None:
        loop = asyncio.get_running_loop()
        cancel = self._cancel
        last = [0.0]

        def progress(p: Any) -> None:  # the worker thread
            now = time.monotonic()
            if now - last[0] >= 0.25 or p.blocks_left == 0:
                last[0] = now
                jp = JobProgress.from_index(p)
                loop.call_soon_threadsafe(self.progressed.emit, jp)

        try:
            report = await self._run_blocking(run_index, self.node_url, self.index_path, progress, cancel.is_set, records)
        except asyncio.CancelledError:
            cancel.set()
            raise
        except Exception as exc:  # noqa: BLE001 - every failure reaches the page as a message
            from node.core.errors import DepotError

            code = exc.code if isinstance(exc, DepotError) else "internal_error"
            message = exc.message if isinstance(exc, DepotError) else str(exc)
            if not isinstance(exc, DepotError):
                log.exception("indexing failed")
            self._thread_running = False
            self.failed.emit(JobFailure(code, message))
            return
        self._thread_running = False
        self.finished.emit(report)


def run_index(
    node_url: str,
    index_path: Path,
    progress: Callable[[Any], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    records: bool = True,
) -> dict[str, Any]:
    """Blocking: bring ``index_path`` up to date with the node store at ``node_url``; the report as a dict."""
    heavy_imports()
    from explorer import Indexer

    with MIGRATIONS_LOCK:
        ix = Indexer.open(node_url, index_path)
    with ix:
        rep = ix.run(progress=progress, cancel=cancel, records=records)
    return _report(rep)


# --- the child entry point ------------------------------------------------------------------------


def _child_main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.models.explorer_jobs")
    sub = p.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("index")
    i.add_argument("--node-url", required=True)
    i.add_argument("--index", required=True)
    i.add_argument("--no-records", action="store_true")
    i.add_argument("--follow-idle-s", type=float, default=0.0,
                   help="keep indexing new blocks until none came for this long (0: one run)")
    args = p.parse_args(argv)
    cancel = threading.Event()

    def watch_stdin() -> None:
        # The raw descriptor, not sys.stdin: a daemon thread blocked inside the buffered reader
        # holds its lock, and the interpreter aborts when it closes stdin at exit.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            fd = sys.stdin.fileno()
            while os.read(fd, 4096):
                pass
        cancel.set()

    threading.Thread(target=watch_stdin, daemon=True, name="stdin-eof").start()
    with contextlib.suppress(ValueError, OSError, AttributeError):
        import signal

        signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    last = [0.0]

    def progress(pr: Any) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.25 or pr.blocks_left == 0:
            last[0] = now
            doc = {
                "phase": pr.phase, "blocks_done": pr.blocks_done, "blocks_left": pr.blocks_left,
                "height": pr.height, "target_height": pr.target_height, "txs_done": pr.txs_done,
                "elapsed_s": round(pr.elapsed_s, 3),
            }
            print(json.dumps({"progress": doc}), file=sys.stderr, flush=True)

    from node.core.errors import DepotError

    try:
        out = follow_index(
            args.node_url, Path(args.index), progress, cancel, records=not args.no_records, follow_idle_s=args.follow_idle_s,
            on_run=lambda rep: print(json.dumps({"indexed": rep}), file=sys.stderr, flush=True),
        )
    except DepotError as exc:
        print(json.dumps({"error": {"code": exc.code, "message": exc.message}}), flush=True)
        return 1
    print(json.dumps(out), flush=True)
    return 0


def follow_index(
    node_url: str,
    index_path: Path,
    progress: Callable[[Any], None] | None,
    cancel: threading.Event,
    *,
    records: bool = True,
    follow_idle_s: float = 0.0,
    on_run: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Blocking: index, then (``follow_idle_s`` > 0) keep indexing new blocks until only a trickle came for that long.

    Records are compared at most every ``FOLLOW_RECORDS_EVERY_S`` while blocks arrive, and once more
    when the store stops growing.  Returns the last run's report, with totals over all runs.
    """
    heavy_imports()
    from explorer import Indexer

    with MIGRATIONS_LOCK:
        ix = Indexer.open(node_url, index_path)
    total_blocks = total_txs = 0
    last_records = 0.0
    records_pending = False
    idle_since = time.monotonic()
    t0 = time.monotonic()
    with ix:
        while True:
            now = time.monotonic()
            do_records = records and (now - last_records >= FOLLOW_RECORDS_EVERY_S or follow_idle_s <= 0 or records_pending)
            rep = _report(ix.run(progress=progress, cancel=cancel.is_set, records=do_records))
            if do_records:
                last_records, records_pending = now, False
            elif rep["blocks"]:
                records_pending = records  # compare the records once the store stops growing
            total_blocks += rep["blocks"]
            total_txs += rep["txs"]
            if on_run is not None:
                on_run(rep)
            if rep["cancelled"] or follow_idle_s <= 0:
                break
            now = time.monotonic()
            if rep["txs"] > FOLLOW_TRICKLE_TXS:
                idle_since = now
            elif now - idle_since >= follow_idle_s and not records_pending:
                break  # only a trickle now: the app's short catch-ups take it from here
            if cancel.wait(1.0 if not rep["blocks"] else 0.2):
                break
    return {**rep, "total_blocks": total_blocks, "total_txs": total_txs, "seconds": round(time.monotonic() - t0, 3)}


def _report(rep: Any) -> dict[str, Any]:
    return {
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
    }


if __name__ == "__main__":
    sys.exit(_child_main())
