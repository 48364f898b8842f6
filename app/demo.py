"""The embedded demo network: runs ``depot devnet`` as a child process and stops it with the app.

How the child is run, and why this way:

* It is started with ``subprocess.Popen`` (non-blocking) and watched by
  polling ``Popen.poll()`` from coroutines on the app's asyncio loop.  That
  needs no event-loop subprocess support, which differs between qasync's
  Unix selector loop and its Windows IOCP loop, and no child-watcher thread.
* Its output goes to ``<home>/devnet.log`` (no pipe to drain); the tail of
  the log is quoted in the error when it fails to start.
* Its stdin is a pipe that stays open while the app runs and is closed on
  stop, so a child that watches stdin for end-of-file also stops when the
  app dies without cleaning up.
* Stopping: close stdin, then SIGTERM (POSIX) or CTRL_BREAK_EVENT (Windows;
  the child is started in its own process group so the break reaches only
  it), wait ``stop_grace_s``, then kill the child *and its descendants*
  (the devnet runs its nodes as processes of its own).
* Descendants: on POSIX the child leads its own process group (same session,
  so it keeps the terminal) and the group is killed after the child exits
  or is killed.  On Windows the child is put in a Job object that kills the
  whole tree when the job handle closes -- on stop, or when Depot exits for
  any reason, even a crash.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from node.client import AsyncNodeClient, NodeApiError, NodeUnreachable
from node.core.errors import DepotError

log = logging.getLogger(__name__)

DEVNET_FILE = "devnet.json"
LOG_FILE = "devnet.log"
_PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DemoError(DepotError):
    """The demo network could not be started (or wrote a devnet.json we cannot read)."""

    code = "demo_failed"


def default_demo_home() -> Path:
    """``<user data dir>/Depot/demo``, where the demo network keeps its chain and keys."""
    return Path(platformdirs.user_data_dir("Depot", appauthor=False)) / "demo"


# --- devnet.json ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoNode:
    """One node of the demo network."""

    name: str
    rpc: str
    """Base URL of its HTTP API, e.g. ``http://127.0.0.1:PORT``."""


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """A ready-made account of the demo network, with its keystore and password."""

    name: str
    address: str
    """Checksummed (Bech32) address text as people see it."""
    role: str
    keystore: Path
    """Keystore file (relative paths in devnet.json are relative to the demo home)."""
    password: str = field(repr=False)
    """Demo-only password of the keystore; never log it."""
    organisation: str = ""
    """Id of the member organisation the account acts for."""


@dataclass(frozen=True, slots=True)
class DevnetInfo:
    """What ``depot devnet`` wrote to ``devnet.json`` once its network was up."""

    chain_id: str
    nodes: tuple[DemoNode, ...]
    accounts: tuple[DemoAccount, ...]

    @property
    def rpc(self) -> str:
        """The API URL of the first node."""
        return self.nodes[0].rpc


def parse_devnet_info(doc: Any, home: Path) -> DevnetInfo:
    """Check and convert the JSON of ``devnet.json``; raise ``DemoError`` saying what is wrong."""
    if not isinstance(doc, dict):
        raise DemoError("devnet.json is not a JSON object")
    chain_id = doc.get("chain_id")
    if not isinstance(chain_id, str | int) or isinstance(chain_id, bool):
        raise DemoError("devnet.json has no chain_id")
    nodes_doc, accounts_doc = doc.get("nodes"), doc.get("accounts", [])
    if not isinstance(nodes_doc, list) or not nodes_doc:
        raise DemoError("devnet.json lists no nodes")
    if not isinstance(accounts_doc, list):
        raise DemoError("devnet.json: accounts is not a list")
    nodes = []
    for i, n in enumerate(nodes_doc):
        if not isinstance(n, dict) or not isinstance(n.get("rpc"), str):
            raise DemoError(f"devnet.json: node {i} has no rpc URL")
        nodes.append(DemoNode(name=str(n.get("name", f"node{i}")), rpc=n["rpc"].rstrip("/")))
    accounts = []
    for i, a in enumerate(accounts_doc):
        if not isinstance(a, dict) or not isinstance(a.get("address"), str):
            raise DemoError(f"devnet.json: account {i} has no address")
        keystore = Path(str(a.get("keystore", "")))
        accounts.append(
            DemoAccount(
                name=str(a.get("name", f"account{i}")),
                address=a["address"],
                role=str(a.get("role", "")),
                keystore=keystore if keystore.is_absolute() else home / keystore,
                password=str(a.get("password", "")),
                organisation=str(a.get("organisation", "")),
            )
        )
    return DevnetInfo(chain_id=str(chain_id), nodes=tuple(nodes), accounts=tuple(accounts))


def read_devnet_info(home: Path) -> DevnetInfo | None:
    """The ``devnet.json`` in ``home``, or None if there is none (yet) or it is half written."""
    path = home / DEVNET_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        return None  # being written right now; the caller retries
    return parse_devnet_info(doc, home)


def pick_overview_account(
    accounts: Iterable[DemoAccount], preferred_roles: Iterable[str] = ("customer", "supplier")
) -> DemoAccount | None:
    """The account the overview shows: the first with a preferred role, else the first at all."""
    accounts = list(accounts)
    for role in preferred_roles:
        for a in accounts:
            if a.role == role:
                return a
    return accounts[0] if accounts else None


# --- the child process ----------------------------------------------------------------------


class DemoNetwork:
    """Runs ``python -m app.cli devnet --home HOME --validators N`` for as long as the app runs."""

    def __init__(
        self,
        home: Path | None = None,
        *,
        validators: int = 4,
        start_timeout_s: float = 120.0,
        stop_grace_s: float = 10.0,
        command: list[str] | None = None,
    ) -> None:
        """``command`` replaces the default ``python -m app.cli devnet ...`` (packaged builds, tests)."""
        self.home = Path(home) if home is not None else default_demo_home()
        self.validators = validators
        self.start_timeout_s = start_timeout_s
        self.stop_grace_s = stop_grace_s
        self._command = command
        self._proc: subprocess.Popen[bytes] | None = None
        self._job: _WindowsJob | None = None
        self._info: DevnetInfo | None = None

    @property
    def command(self) -> list[str]:
        if self._command is not None:
            return list(self._command)
        return [
            sys.executable,
            "-m",
            "app.cli",
            "devnet",
            "--home",
            str(self.home),
            "--validators",
            str(self.validators),
            # Stop with the app even if it dies without a word; show some live payments.
            "--exit-on-stdin-eof",
            "--traffic-every-s",
            "4",
            "--demo-tanks",
            "4",
        ]

    @property
    def log_path(self) -> Path:
        return self.home / LOG_FILE

    @property
    def info(self) -> DevnetInfo:
        if self._info is None:
            raise RuntimeError("the demo network is not started")
        return self._info

    @property
    def rpc(self) -> str:
        return self.info.rpc

    @property
    def accounts(self) -> tuple[DemoAccount, ...]:
        return self.info.accounts

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    async def start(self) -> DevnetInfo:
        """Start the child, wait for its devnet.json and for its node to answer /healthz.

        Raises ``DemoError`` (with the tail of the log) if the child exits early
        or is not ready within ``start_timeout_s``.  If the wait fails or is
        cancelled, the child is stopped before the exception propagates.
        """
        if self._proc is not None:
            raise RuntimeError("the demo network is already started")
        self.home.mkdir(parents=True, exist_ok=True)
        before = _file_stamp(self.home / DEVNET_FILE)
        self._spawn()
        try:
            deadline = time.monotonic() + self.start_timeout_s
            self._info = await self._wait_for_devnet_file(before, deadline)
            await self._wait_for_health(self._info.rpc, deadline)
            return self._info
        except BaseException:
            await self.stop()
            raise

    def _spawn(self) -> None:
        env = dict(os.environ)
        # The child imports app.cli from the same tree as this process, installed or not.
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONUNBUFFERED"] = "1"
        kwargs: dict[str, Any] = {}
        if sys.platform != "win32":
            kwargs["process_group"] = 0  # its own group: see _kill_group
        else:
            flags = subprocess.CREATE_NEW_PROCESS_GROUP
            if not _has_console():
                flags |= subprocess.CREATE_NO_WINDOW  # no console window popping up
            kwargs["creationflags"] = flags
        log.info("starting the demo network: %s", " ".join(self.command))
        with open(self.log_path, "wb") as out:
            self._proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.home,
                env=env,
                **kwargs,
            )
        if sys.platform == "win32":
            self._job = _WindowsJob.create()
            if self._job is not None:
                self._job.assign(self._proc)
        atexit.register(self.stop_now)

    async def _wait_for_devnet_file(
        self, before: tuple[int, int] | None, deadline: float
    ) -> DevnetInfo:
        path = self.home / DEVNET_FILE
        while True:
            self._check_alive("before writing devnet.json")
            if _file_stamp(path) != before:
                info = read_devnet_info(self.home)
                if info is not None:
                    return info
            if time.monotonic() > deadline:
                raise DemoError(
                    f"the demo network did not write {path} within {self.start_timeout_s:.0f} s"
                    + self._log_tail(),
                    log=str(self.log_path),
                )
            await asyncio.sleep(0.1)

    async def _wait_for_health(self, rpc: str, deadline: float) -> None:
        async with AsyncNodeClient(rpc, timeout_s=2.0) as client:
            while True:
                self._check_alive("before its node answered")
                try:
                    await client.healthz()
                    return
                except (NodeUnreachable, NodeApiError) as e:
                    last = e
                if time.monotonic() > deadline:
                    raise DemoError(
                        f"the demo node at {rpc} did not answer /healthz within "
                        f"{self.start_timeout_s:.0f} s ({last.message})" + self._log_tail(),
                        log=str(self.log_path),
                    )
                await asyncio.sleep(0.2)

    def _check_alive(self, when: str) -> None:
        assert self._proc is not None
        code = self._proc.poll()
        if code is not None:
            raise DemoError(
                f"the demo network exited with code {code} {when}" + self._log_tail(),
                exit_code=code,
                log=str(self.log_path),
            )

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        tail = text.strip().splitlines()[-lines:]
        return ("\n\n" + "\n".join(tail)) if tail else ""

    async def stop(self) -> None:
        """Ask the child to stop, wait ``stop_grace_s``, then kill it; safe to call twice."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            _ask_to_stop(proc)
            if not await _wait_exit(proc, self.stop_grace_s):
                log.warning(
                    "the demo network did not stop in %.0f s; killing it", self.stop_grace_s
                )
                self._kill(proc)
                await _wait_exit(proc, 5.0)
        self._forget(proc)

    def stop_now(self) -> None:
        """Blocking ``stop`` for when the asyncio loop is gone (interpreter exit, abnormal quit)."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            _ask_to_stop(proc)
            try:
                proc.wait(self.stop_grace_s)
            except subprocess.TimeoutExpired:
                self._kill(proc)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(5.0)
        self._forget(proc)

    def _kill(self, proc: subprocess.Popen[bytes]) -> None:
        if self._job is not None:
            self._job.terminate()
        with contextlib.suppress(OSError):
            proc.kill()
        _kill_group(proc)

    def _forget(self, proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        _kill_group(proc)  # nodes the devnet failed to stop; normally the group is empty by now
        if self._job is not None:
            self._job.close()
            self._job = None
        self._proc = None
        atexit.unregister(self.stop_now)
        log.info("the demo network stopped (exit code %s)", proc.returncode)


def _file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _ask_to_stop(proc: subprocess.Popen[bytes]) -> None:
    """The polite request: end-of-file on stdin, then SIGTERM or CTRL_BREAK_EVENT."""
    with contextlib.suppress(OSError):
        if proc.stdin is not None:
            proc.stdin.close()
    try:
        if sys.platform == "win32":
            proc.send_signal(signal.CTRL_BREAK_EVENT)
        else:
            proc.send_signal(signal.SIGTERM)
    except OSError as e:  # already gone, or (Windows) no console shared with the child
        log.debug("could not signal the demo network: %s", e)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """POSIX: SIGKILL what is left of the child's process group (the devnet's node processes)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):  # ProcessLookupError: the group is already empty
        os.killpg(proc.pid, signal.SIGKILL)


async def _wait_exit(proc: subprocess.Popen[bytes], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while proc.poll() is None:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


# --- Windows: console and Job object --------------------------------------------------------


def _has_console() -> bool:
    import ctypes

    return bool(ctypes.windll.kernel32.GetConsoleWindow())  # type: ignore[attr-defined]


class _WindowsJob:
    """A Job object with KILL_ON_JOB_CLOSE: the child's whole tree dies when Depot exits."""

    def __init__(self, handle: int) -> None:
        self._handle: int | None = handle

    @classmethod
    def create(cls) -> _WindowsJob | None:
        import ctypes
        from ctypes import wintypes

        class IoCounters(ctypes.Structure):
            _fields_ = [
                (name, ctypes.c_ulonglong)
                for name in (
                    "ReadOperationCount",
                    "WriteOperationCount",
                    "OtherOperationCount",
                    "ReadTransferCount",
                    "WriteTransferCount",
                    "OtherTransferCount",
                )
            ]

        class BasicLimits(ctypes.Structure):
            _fields_ = [
                ("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", wintypes.DWORD),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", wintypes.DWORD),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", wintypes.DWORD),
                ("SchedulingClass", wintypes.DWORD),
            ]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [
                ("BasicLimitInformation", BasicLimits),
                ("IoInfo", IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t),
            ]

        job_object_extended_limit_information = 9
        job_object_limit_kill_on_job_close = 0x2000
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k32.CreateJobObjectW.restype = wintypes.HANDLE
        k32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        k32.SetInformationJobObject.argtypes = [
            wintypes.HANDLE,
            ctypes.c_int,
            ctypes.c_void_p,
            wintypes.DWORD,
        ]
        handle = k32.CreateJobObjectW(None, None)
        if not handle:
            log.warning("CreateJobObject failed (error %d)", ctypes.get_last_error())  # type: ignore[attr-defined]
            return None
        info = ExtendedLimits()
        info.BasicLimitInformation.LimitFlags = job_object_limit_kill_on_job_close
        if not k32.SetInformationJobObject(
            handle, job_object_extended_limit_information, ctypes.byref(info), ctypes.sizeof(info)
        ):
            log.warning("SetInformationJobObject failed (error %d)", ctypes.get_last_error())  # type: ignore[attr-defined]
            k32.CloseHandle(handle)
            return None
        return cls(handle)

    def assign(self, proc: subprocess.Popen[bytes]) -> None:
        import ctypes
        from ctypes import wintypes

        k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        if not k32.AssignProcessToJobObject(self._handle, int(proc._handle)):  # type: ignore[attr-defined]
            log.warning(
                "AssignProcessToJobObject failed (error %d); the demo network may outlive a crash",
                ctypes.get_last_error(),  # type: ignore[attr-defined]
            )

    def terminate(self) -> None:
        import ctypes
        from ctypes import wintypes

        if self._handle is None:
            return
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k32.TerminateJobObject.argtypes = [wintypes.HANDLE, wintypes.UINT]
        k32.TerminateJobObject(self._handle, 1)

    def close(self) -> None:
        import ctypes
        from ctypes import wintypes

        if self._handle is None:
            return
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        k32.CloseHandle.argtypes = [wintypes.HANDLE]
        k32.CloseHandle(self._handle)
        self._handle = None
