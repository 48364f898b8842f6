"""DemoNetwork's process handling, run on a real child process that plays ``depot devnet``.

The child here is a small script that names a real running node (the
session's devnet) in its devnet.json; ``depot devnet`` itself is exercised by
test_gui_demo.py.  What is under test is how the app starts, waits for,
reports and stops the child.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from app.demo import (  # noqa: E402
    DemoAccount,
    DemoError,
    DemoNetwork,
    parse_devnet_info,
    pick_overview_account,
)
from node.core.address import format_address  # noqa: E402

FAKE_DEVNET = Path(__file__).with_name("fake_devnet.py")
CUSTOMER = format_address(bytes(range(1, 21)))


def demo(tmp_path: Path, mode: str, rpc: str, **kw) -> DemoNetwork:
    home = tmp_path / "home"
    return DemoNetwork(
        home, command=[sys.executable, str(FAKE_DEVNET), mode, rpc, str(home), CUSTOMER], **kw
    )


def test_start_waits_for_devnet_json_and_health_then_stops(
    tmp_path: Path, devnet, run_async
) -> None:
    net = demo(tmp_path, "normal", devnet.rpc)
    info = run_async(net.start(), timeout_s=30)
    assert net.running
    assert info.chain_id == "depot-demo" and net.rpc == devnet.rpc
    assert [a.role for a in net.accounts] == ["bank", "customer"]
    assert net.accounts[1].keystore == net.home / "keys/acme.json"
    assert "fake devnet starting" in net.log_path.read_text()
    run_async(net.stop(), timeout_s=30)
    assert not net.running
    assert (net.home / "stopped").read_text() == "signal"
    run_async(net.stop())  # twice is fine


def test_stale_devnet_json_is_not_mistaken_for_a_fresh_one(
    tmp_path: Path, devnet, run_async
) -> None:
    net = demo(tmp_path, "silent", devnet.rpc, start_timeout_s=1.5)
    net.home.mkdir(parents=True)
    (net.home / "devnet.json").write_text(
        json.dumps({"chain_id": "old", "nodes": [{"rpc": devnet.rpc}]})
    )
    with pytest.raises(DemoError) as info:
        run_async(net.start(), timeout_s=30)
    assert "did not write" in info.value.message
    assert not net.running


def test_early_exit_reports_the_log_tail(tmp_path: Path, run_async) -> None:
    net = demo(tmp_path, "crash", "http://127.0.0.1:9")
    with pytest.raises(DemoError) as info:
        run_async(net.start(), timeout_s=30)
    assert "exited with code 3" in info.value.message
    assert "port 26657 already in use" in info.value.message
    assert info.value.data["exit_code"] == 3


def test_unhealthy_node_times_out_and_child_is_stopped(tmp_path: Path, run_async) -> None:
    net = demo(tmp_path, "normal", "http://127.0.0.1:9", start_timeout_s=2)
    with pytest.raises(DemoError) as info:
        run_async(net.start(), timeout_s=30)
    assert "/healthz" in info.value.message
    assert not net.running
    assert (net.home / "stopped").exists()


def test_child_ignoring_sigterm_is_killed_after_the_grace_period(
    tmp_path: Path, devnet, run_async
) -> None:
    net = demo(tmp_path, "stubborn", devnet.rpc, stop_grace_s=0.5)
    run_async(net.start(), timeout_s=30)
    pid = net.pid
    run_async(net.stop(), timeout_s=30)
    assert not net.running
    assert pid is not None and not _alive(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_kill_takes_the_childs_own_processes_along(tmp_path: Path, devnet, run_async) -> None:
    net = demo(tmp_path, "tree", devnet.rpc, stop_grace_s=0.5)
    run_async(net.start(), timeout_s=30)
    node_pid = int((net.home / "node.pid").read_text())
    assert _alive(node_pid)
    run_async(net.stop(), timeout_s=30)
    deadline = time.monotonic() + 5
    while _alive(node_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(node_pid)


def test_closing_stdin_stops_a_child_that_watches_it(tmp_path: Path, devnet, run_async) -> None:
    net = demo(tmp_path, "stdin", devnet.rpc, stop_grace_s=10)
    run_async(net.start(), timeout_s=30)
    run_async(net.stop(), timeout_s=30)
    assert (net.home / "stopped").read_text() == "stdin"


def test_stop_now_works_without_the_loop(tmp_path: Path, devnet, run_async) -> None:
    net = demo(tmp_path, "normal", devnet.rpc)
    run_async(net.start(), timeout_s=30)
    net.stop_now()
    assert not net.running


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped by whoever adopted it counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        state = next((ln for ln in status.read_text().splitlines() if ln.startswith("State:")), "")
        return "Z" not in state.split()[1:2]
    return True


# --- devnet.json ----------------------------------------------------------------------


def test_parse_devnet_info_refuses_bad_documents(tmp_path: Path) -> None:
    for doc, fragment in [
        ([], "not a JSON object"),
        ({"nodes": [{"rpc": "http://x"}]}, "chain_id"),
        ({"chain_id": "c", "nodes": []}, "no nodes"),
        ({"chain_id": "c", "nodes": [{"name": "n"}]}, "rpc"),
        ({"chain_id": "c", "nodes": [{"rpc": "http://x"}], "accounts": [{"name": "a"}]}, "address"),
    ]:
        with pytest.raises(DemoError) as info:
            parse_devnet_info(doc, tmp_path)
        assert fragment in info.value.message


def test_pick_overview_account_prefers_a_customer() -> None:
    def acct(name: str, role: str) -> DemoAccount:
        return DemoAccount(name, f"depot1{name}", role, Path(), "pw")

    bank, customer = acct("bank", "bank"), acct("acme", "customer")
    assert pick_overview_account([bank, customer]) is customer
    assert pick_overview_account([bank]) is bank
    assert pick_overview_account([]) is None
    assert "pw" not in repr(customer)
