"""node.client against a real node: a devnet for the endpoints and the stream, `node run` for restarts."""

from __future__ import annotations

import asyncio
import contextlib
import http.server
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from app.devnet import DEMO_BALANCE, create_devnet, free_port
from node.client import (
    AsyncNodeClient,
    NodeApiError,
    NodeClient,
    NodeUnreachable,
    SseParser,
    decode_answer,
)
from node.core.address import address_of_key, format_address
from node.core.crypto import PrivateKey, Signer
from node.core.encoding import encode
from node.core.errors import DepotError, InvalidAddress, InvalidValue
from node.core.transactions import Transaction
from node.keyfile import load_keyfile
from node.service import NodeConfig
from tests.kit import REPO, DevnetProcess
from wallet.send import build_transfer

T = TypeVar("T")
Event = tuple[str, dict[str, Any]]


def run(coro: Coroutine[Any, Any, T], timeout_s: float = 30) -> T:
    """Run ``coro`` on a fresh asyncio loop in a thread of its own and return its result.

    Not ``asyncio.run`` in this thread: on an xdist worker that also runs the app's
    tests, the app's qasync loop stays registered as this thread's running loop.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout_s)).result()


async def until(condition: Callable[[], bool], timeout_s: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await asyncio.sleep(0.01)


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class Payer:
    """A demo account that signs transfers, counting its own nonces (the node's lags pending ones)."""

    def __init__(self, rpc: str, account: dict[str, Any]) -> None:
        self.address: str = account["address"]
        self.signer = Signer(load_keyfile(Path(account["keystore"]), account["password"]))
        with NodeClient(rpc) as c:
            self.chain_id: str = c.status()["chain_id"]
            self.nonce: int = c.account(self.address)["account"]["nonce"]

    def transfer(self, to: str, amount: int, memo: str = "") -> Transaction:
        tx = build_transfer(self.chain_id, self.signer, self.nonce, to, amount, memo)
        self.nonce += 1
        return tx


# --- a real devnet shared by this module ------------------------------------------------


@pytest.fixture(scope="module")
def devnet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevnetProcess]:
    net = DevnetProcess(tmp_path_factory.mktemp("client") / "net", extra=["--block-time-ms", "100"])
    try:
        yield net
    finally:
        code = net.stop()
    assert code == 0, net.log_text()[-3000:]


@pytest.fixture(scope="module")
def supplier(devnet: DevnetProcess) -> Payer:
    return Payer(devnet.rpc, devnet.account("supplier"))


@pytest.fixture(scope="module")
def committed(devnet: DevnetProcess, supplier: Payer) -> list[dict[str, Any]]:
    """Three transfers, each waited for before the next: at least three blocks with a transaction."""
    to = devnet.account("logistics")["address"]
    views = []
    with NodeClient(devnet.rpc) as c:
        for i in range(3):
            tid = c.submit_tx(encode(supplier.transfer(to, 10 + i, f"setup {i}")))["tx_id"]
            views.append(c.wait_tx(tid, timeout_s=20))
    assert [v["status"] for v in views] == ["committed"] * 3
    return views


def test_status_health_and_block_pages_back_to_the_first_block(
    devnet: DevnetProcess, committed: list[dict[str, Any]]
) -> None:
    with NodeClient(devnet.rpc) as c:
        status = c.status()
        assert status["chain_id"] == devnet.info["chain_id"]
        tip = status["height"]
        assert tip >= committed[-1]["height"] >= 3
        health = c.healthz()
        assert health["ok"] is True and health["height"] >= tip
        assert [b["height"] for b in c.blocks(before=tip + 1, limit=2)["blocks"]] == [tip, tip - 1]
        assert c.blocks(limit=1)["blocks"][0]["height"] >= tip  # no `before`: the newest
        heights: list[int] = []
        pages = 0
        before = tip + 1
        while page := c.blocks(before=before, limit=2)["blocks"]:
            pages += 1
            heights += [b["height"] for b in page]
            before = page[-1]["height"]
        top = c.blocks(before=tip + 1, limit=1)["blocks"][0]
    assert heights == list(range(tip, 0, -1))
    assert pages == (tip + 1) // 2
    assert set(top) == {
        "height",
        "block_id",
        "time",
        "num_txs",
        "proposer",
        "state_root",
        "txs_root",
    }
    assert top["proposer"] == status["validators"][0]["address"]
    assert len(bytes.fromhex(top["block_id"])) == 32  # hex stays hex


def test_block_header_and_commit_describe_the_same_block(
    devnet: DevnetProcess, committed: list[dict[str, Any]]
) -> None:
    h = committed[-1]["height"]
    with NodeClient(devnet.rpc) as c:
        block = c.block(h)
        assert c.block(block["block_id"]) == block
        assert c.block(bytes.fromhex(block["block_id"])) == block
        assert c.block(str(h)) == block
        assert c.block()["height"] >= h  # "latest"
        header = c.header(h)
        commit = c.commit(h)
        parent = c.block(h - 1)
    assert block["height"] == h
    assert committed[-1]["tx_id"] in [t["tx_id"] for t in block["txs"]]
    assert (header["block_id"], header["header"]) == (block["block_id"], block["header"])
    assert block["header"]["prev_block_id"] == parent["block_id"]
    assert commit["height"] == h
    assert (commit["commit"]["height"], commit["commit"]["block_id"]) == (h, block["block_id"])
    assert [s["validator"] for s in commit["commit"]["signatures"]] == [block["header"]["proposer"]]


def test_transfer_is_submitted_waited_for_and_found(devnet: DevnetProcess, supplier: Payer) -> None:
    to = devnet.account("customer")["address"]
    tx = supplier.transfer(to, 12_345, "client test")
    tid = tx.tx_id().hex()
    with NodeClient(devnet.rpc) as c:
        before = c.account(supplier.address)["account"], c.account(to)["account"]
        assert c.submit_tx(encode(tx)) == {"tx_id": tid, "status": "pending"}
        view = c.wait_tx(tx.tx_id(), timeout_s=20)
        assert view["status"] == "committed" and view["result"]["ok"]
        assert c.tx(tid)["height"] == view["height"]
        h = view["height"]
        events = c.events(from_height=h, to_height=h, kind="token.transferred")["events"]
        after = c.account(supplier.address)["account"], c.account(to)["account"]
    assert view["tx_id"] == tid and view["tx"]["payload"]["memo"] == "client test"
    assert bytes.fromhex(view["raw"]) == encode(tx)
    ours = [e for e in events if e["tx_id"] == tid]
    assert len(ours) == 1 and ours[0]["height"] == h
    assert ours[0]["attrs"] == {
        "amount": 12_345,
        "memo": "client test",
        "sender": supplier.address,
        "to": to,
    }
    assert after[0]["balance"] == before[0]["balance"] - 12_345
    assert after[1]["balance"] == before[1]["balance"] + 12_345
    assert after[0]["nonce"] == before[0]["nonce"] + 1


def test_batch_answers_each_transaction_in_order(devnet: DevnetProcess, supplier: Payer) -> None:
    to = devnet.account("logistics")["address"]
    first, second = supplier.transfer(to, 1, "batch 1"), supplier.transfer(to, 2, "batch 2")
    replay = build_transfer(supplier.chain_id, supplier.signer, 0, to, 3, "replayed nonce")
    with NodeClient(devnet.rpc) as c:
        results = c.submit_batch([encode(first), b"\x01\x02", encode(replay), encode(second)])[
            "results"
        ]
        assert results[0] == {"tx_id": first.tx_id().hex(), "status": "pending"}
        assert results[1]["error"]["code"] == "malformed_encoding"
        assert results[2]["error"]["code"] == "nonce_too_low"
        assert results[3] == {"tx_id": second.tx_id().hex(), "status": "pending"}
        assert len(results) == 4
        assert c.wait_tx(second.tx_id(), timeout_s=20)["status"] == "committed"
        assert c.tx(first.tx_id())["status"] == "committed"
        with pytest.raises(NodeApiError) as info:
            c.tx(replay.tx_id())
    assert info.value.code == "not_found"


def test_events_page_by_cursor_also_inside_one_block(devnet: DevnetProcess, supplier: Payer) -> None:
    to = devnet.account("logistics")["address"]
    txs = [supplier.transfer(to, 1 + i, f"paged {i}") for i in range(7)]
    with NodeClient(devnet.rpc) as c:
        assert all("error" not in r for r in c.submit_batch([encode(t) for t in txs])["results"])
        heights = {c.wait_tx(t.tx_id(), timeout_s=20)["height"] for t in txs}
        lo, hi = min(heights), max(heights)
        whole = c.events(from_height=lo, to_height=hi, kind="token.transferred", limit=1000)
        assert whole["next"] is None
        paged: list[dict[str, Any]] = []
        after = None
        while True:
            page = c.events(from_height=lo, to_height=hi, kind="token.transferred", limit=2, after=after)
            paged += page["events"]
            assert len(page["events"]) <= 2
            if page["next"] is None:
                break
            after = page["next"]
        with pytest.raises(NodeApiError) as info:
            c.events(from_height=lo, after="not-a-cursor")
    # At least one block carries several of the seven: pages of 2 had to go on inside it.
    assert max(sum(1 for e in whole["events"] if e["height"] == h) for h in heights) >= 3
    assert paged == whole["events"]
    assert {t.tx_id().hex() for t in txs} <= {e["tx_id"] for e in paged}
    assert (info.value.code, info.value.http_status) == ("invalid_request", 400) and "after" in info.value.message


def test_account_and_state_records(devnet: DevnetProcess) -> None:
    auditor = devnet.account("auditor")  # no test here moves its tokens
    stranger = format_address(address_of_key(1, Signer(PrivateKey.generate()).public_key))
    with NodeClient(devnet.rpc) as c:
        view = c.account(auditor["address"])
        state = c.state(bytes.fromhex(view["key"]))
        none = c.account(stranger)
    assert view["exists"] and view["address"] == auditor["address"]
    record = view["account"]
    assert (record["organisation"], record["roles"]) == (auditor["organisation"], ["auditor"])
    assert (record["balance"], record["nonce"]) == (DEMO_BALANCE, 0)
    assert (state["key"], state["value"]) == (view["key"], view["value"])
    assert state["state_root"] == view["state_root"] or state["height"] > view["height"]
    assert not none["exists"] and none["account"] is None and none["value"] is None


def test_account_record_has_the_documented_fields(devnet: DevnetProcess) -> None:
    with NodeClient(devnet.rpc) as c:
        record = c.account(devnet.account("auditor")["address"])["account"]
    documented = {
        "address",
        "organisation",
        "roles",
        "balance",
        "escrow",
        "nonce",
        "keys",
        "threshold",
    }
    assert documented <= set(record), documented - set(record)
    assert record["escrow"] == 0


def test_state_at_an_earlier_height(
    devnet: DevnetProcess, supplier: Payer, committed: list[dict[str, Any]]
) -> None:
    h = committed[0]["height"]  # the supplier's account changed after this height
    with NodeClient(devnet.rpc) as c:
        key = bytes.fromhex(c.account(supplier.address)["key"])
        then = c.state(key, height=h)
        header = c.header(h)["header"]
        latest = c.state(key)
    assert (then["height"], then["state_root"]) == (h, header["state_root"])
    assert then["value"] != latest["value"]


def test_validators_match_status_and_headers(
    devnet: DevnetProcess, committed: list[dict[str, Any]]
) -> None:
    with NodeClient(devnet.rpc) as c:
        status = c.status()
        now = c.validators()
        at_1 = c.validators(height=1)
        header_1 = c.header(1)["header"]
    assert [v["address"] for v in now["validators"]] == [v["address"] for v in status["validators"]]
    assert at_1["hash"] == header_1["validators_hash"] == now["hash"]


def test_node_errors_carry_code_message_data_and_status(
    devnet: DevnetProcess, supplier: Payer, committed: list[dict[str, Any]]
) -> None:
    to = devnet.account("logistics")["address"]
    replay = build_transfer(supplier.chain_id, supplier.signer, 0, to, 1, "")
    with NodeClient(devnet.rpc) as c:
        with pytest.raises(NodeApiError) as not_found:
            c.tx("ab" * 32)
        with pytest.raises(NodeApiError) as no_block:
            c.block(10**9)
        with pytest.raises(NodeApiError) as garbage:
            c.submit_tx(b"\x01\x02")
        with pytest.raises(NodeApiError) as too_low:
            c.submit_tx(encode(replay))
        with pytest.raises(NodeApiError) as bad_query:
            c.events(limit=10**6)
    assert isinstance(not_found.value, DepotError)
    assert (not_found.value.code, not_found.value.http_status) == ("not_found", 404)
    assert "no transaction" in not_found.value.message
    assert (no_block.value.code, no_block.value.http_status) == ("not_found", 404)
    assert (garbage.value.code, garbage.value.http_status) == ("malformed_encoding", 400)
    assert (too_low.value.code, too_low.value.http_status) == ("nonce_too_low", 400)
    assert too_low.value.data == {"nonce": 0, "expected": supplier.nonce}
    assert too_low.value.message == f"nonce 0 was already used; the next is {supplier.nonce}"
    assert bad_query.value.http_status == 400


def test_unreachable_node_raises_node_unreachable() -> None:
    url = _closed_port_url()
    with NodeClient(url, timeout_s=2) as c, pytest.raises(NodeUnreachable) as info:
        c.status()
    assert info.value.code == "node_unreachable"
    assert info.value.url == url


def test_bad_arguments_fail_before_any_request() -> None:
    # Nothing listens: a request would raise NodeUnreachable, not these.
    with NodeClient(_closed_port_url()) as c:
        with pytest.raises(InvalidAddress):
            c.account("depot1notanaddress")
        with pytest.raises(InvalidValue):
            c.tx("../../v1/status")
        with pytest.raises(InvalidValue):
            c.blocks(limit=101)
        with pytest.raises(InvalidValue):
            c.header(-1)
        with pytest.raises(InvalidValue):
            c.submit_batch([])
    with pytest.raises(InvalidValue):
        NodeClient("127.0.0.1:1")


def test_async_client_endpoints(devnet: DevnetProcess, committed: list[dict[str, Any]]) -> None:
    h = committed[-1]["height"]

    async def scenario() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with AsyncNodeClient(devnet.rpc) as c:
            return (
                await c.status(),
                await c.blocks(before=h, limit=5),
                await c.wait_tx(committed[-1]["tx_id"]),
            )

    status, page, view = run(scenario())
    assert status["chain_id"] == devnet.info["chain_id"] and status["height"] >= h
    assert [b["height"] for b in page["blocks"]] == list(range(h - 1, max(h - 6, 0), -1))
    assert view["status"] == "committed" and view["height"] == h


# --- answers no real node gives ----------------------------------------------------------


def _response(status: int, body: bytes, path: str = "/v1/x") -> httpx.Response:
    return httpx.Response(status, content=body, request=httpx.Request("GET", f"http://n{path}"))


def test_decode_answer_reads_objects_and_error_bodies() -> None:
    assert decode_answer(_response(200, b'{"a": 1}')) == {"a": 1}
    body = (
        b'{"error": {"code": "rate_limited", "message": "slow down", "data": {"retry_after_s": 2}}}'
    )
    with pytest.raises(NodeApiError) as info:
        decode_answer(_response(429, body))
    assert (info.value.code, info.value.message, info.value.http_status) == (
        "rate_limited",
        "slow down",
        429,
    )
    assert info.value.data == {"retry_after_s": 2}


Answer = tuple[int, str, bytes]


@contextlib.contextmanager
def canned_server(answers: dict[str, list[Answer]]) -> Iterator[tuple[str, list[str | None]]]:
    """A loopback HTTP server giving each path its next canned answer (the last one repeats).

    Yields its URL and the ``Last-Event-ID`` header of every request, in order.
    """
    last_event_ids: list[str | None] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            last_event_ids.append(self.headers.get("Last-Event-ID"))
            queue = answers[self.path.split("?")[0]]
            status, content_type, body = queue.pop(0) if len(queue) > 1 else queue[0]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", last_event_ids
    finally:
        server.shutdown()
        server.server_close()


def test_proxy_error_pages_and_non_object_answers_become_node_api_errors() -> None:
    # A fake server: a real node never answers with an HTML page or a JSON array.
    answers = {
        "/v1/status": [(502, "text/html", b"<html><h1>502 Bad Gateway</h1></html>")],
        "/v1/blocks": [(200, "application/json", b"[1, 2]")],
        "/healthz": [(200, "text/plain", b"OK")],
    }
    with canned_server(answers) as (url, _), NodeClient(url) as c:
        with pytest.raises(NodeApiError) as page:
            c.status()
        with pytest.raises(NodeApiError) as array:
            c.blocks()
        with pytest.raises(NodeApiError) as text:
            c.healthz()
    assert (page.value.code, page.value.http_status) == ("http_error", 502)
    assert "502 Bad Gateway" in page.value.message
    assert (array.value.code, array.value.http_status) == ("malformed_response", 200)
    assert "list" in array.value.message
    assert text.value.code == "malformed_response" and "invalid JSON" in text.value.message


# --- Server-Sent Events ---------------------------------------------------------------


def test_sse_parser_follows_the_standard() -> None:
    p = SseParser()
    lines = [
        ": comment",
        "event: block",
        'data: {"height": 1,',
        'data: "num_txs": 0}',
        "id: 7",
        "",
        "data:no-space",
        "",
        "retry: 1500",
        "event: ignored-without-data",
        "",
    ]
    out = [e for e in (p.feed_line(line) for line in lines) if e is not None]
    assert out == [("block", '{"height": 1,\n"num_txs": 0}'), ("message", "no-space")]
    assert p.last_event_id == "7"
    assert p.retry_ms == 1500


def test_stream_delivers_the_block_and_chain_event_of_a_real_transfer(
    devnet: DevnetProcess, supplier: Payer
) -> None:
    to = devnet.account("logistics")["address"]
    tx = supplier.transfer(to, 77, "streamed")
    tid = tx.tx_id().hex()
    changes: list[bool] = []

    async def scenario() -> tuple[list[Event], dict[str, Any]]:
        got: list[Event] = []
        async with AsyncNodeClient(devnet.rpc) as c:
            stream = c.stream(on_connection=lambda up, _e: changes.append(up))
            async with contextlib.aclosing(stream):
                async for name, data in stream:
                    got.append((name, data))
                    if name == "hello":  # subscribed: now the transfer's block cannot be missed
                        await c.submit_tx(encode(tx))
                    if name == "chain_event" and data.get("tx_id") == tid:
                        break
            return got, await c.block(got[-1][1]["height"])

    got, block = run(scenario())
    assert got[0] == ("hello", {"height": got[0][1]["height"], "chain_id": devnet.info["chain_id"]})
    name, event = got[-1]
    assert event["kind"] == "token.transferred" and event["tx_index"] == 0
    assert event["attrs"] == {
        "amount": 77,
        "memo": "streamed",
        "sender": supplier.address,
        "to": to,
    }
    announced = [d for n, d in got if n == "block" and d["height"] == event["height"]]
    assert announced == [
        {
            "height": block["height"],
            "block_id": block["block_id"],
            "time": block["header"]["time_ms"],
            "num_txs": 1,
        }
    ]
    assert got.index(("block", announced[0])) < len(got) - 1  # the block comes before its events
    assert changes == [True]


def test_stream_refused_by_the_node_raises(devnet: DevnetProcess) -> None:
    changes: list[tuple[bool, DepotError | None]] = []

    async def scenario() -> None:
        # A wrong path prefix in the node URL: the real node answers 404 to /nope/v1/stream.
        async with AsyncNodeClient(devnet.rpc + "/nope") as c:
            async for _ in c.stream(on_connection=lambda up, e: changes.append((up, e))):
                pass

    with pytest.raises(NodeApiError) as info:
        run(scenario())
    assert (info.value.code, info.value.http_status) == ("not_found", 404)
    assert changes == [(False, info.value)]


def test_stream_reports_unreachable_node_once() -> None:
    changes: list[tuple[bool, str]] = []

    async def scenario() -> None:
        async with AsyncNodeClient(_closed_port_url()) as c:
            stream = c.stream(
                on_connection=lambda up, e: changes.append((up, e.code if e else "")),
                initial_backoff_s=0.01,
            )
            async with contextlib.aclosing(stream):
                consumer = asyncio.ensure_future(anext(stream))
                await until(lambda: bool(changes))
                await asyncio.sleep(0.1)  # several retries: still one report
                consumer.cancel()
                await asyncio.gather(consumer, return_exceptions=True)

    run(scenario())
    assert changes == [(False, "node_unreachable")]


def test_stream_retries_a_proxy_error_page() -> None:
    # A fake server: only a proxy in front of the node answers the stream with a 5xx HTML page.
    answers = {
        "/v1/stream": [
            (503, "text/html", b"<html>upstream connect error</html>"),
            (200, "text/event-stream", b'event: block\ndata: {"height": 1}\n\n'),
        ]
    }
    changes: list[tuple[bool, str | None]] = []

    async def scenario(url: str) -> Event:
        async with AsyncNodeClient(url) as c:
            stream = c.stream(
                on_connection=lambda up, e: changes.append((up, e.code if e else None)),
                initial_backoff_s=0.05,
            )
            async with contextlib.aclosing(stream):
                return await anext(stream)

    with canned_server(answers) as (url, _):
        assert run(scenario(url), timeout_s=10) == ("block", {"height": 1})
    assert changes == [(False, "http_error"), (True, None)]


def test_stream_honours_retry_and_sends_last_event_id() -> None:
    # A fake server: the real node sends neither `retry:` nor `id:` fields.
    answers = {
        "/v1/stream": [
            (200, "text/event-stream", b'retry: 50\nid: 7\nevent: block\ndata: {"height": 1}\n\n'),
            (200, "text/event-stream", b'event: block\ndata: {"height": 2}\n\n'),
        ]
    }
    changes: list[tuple[bool, str | None]] = []

    async def scenario(url: str) -> list[Event]:
        got: list[Event] = []
        async with AsyncNodeClient(url) as c:
            # Without the node's `retry: 50` the reconnection would wait about a minute.
            stream = c.stream(
                on_connection=lambda up, e: changes.append((up, e.code if e else None)),
                initial_backoff_s=60,
            )
            async with contextlib.aclosing(stream):
                async for item in stream:
                    got.append(item)
                    if len(got) == 2:
                        return got
        return got

    with canned_server(answers) as (url, last_event_ids):
        got = run(scenario(url), timeout_s=10)
    assert got == [("block", {"height": 1}), ("block", {"height": 2})]
    assert changes == [(True, None), (False, "node_unreachable"), (True, None)]
    assert last_event_ids == [None, "7"]


# --- a node stopped and restarted on the same port ------------------------------------------


class NodeProcess:
    """`depot node run` on a fixed port, so the same URL answers again after a restart."""

    def __init__(self, home: Path) -> None:
        cfg = NodeConfig.load(home)
        cfg.port = free_port()
        cfg.save()
        self.home = home
        self.rpc = f"http://127.0.0.1:{cfg.port}"
        self.log = home.parent / "node.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout_s: float = 60) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "node", "run", "--home", str(self.home)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=REPO,
            )
        deadline = time.monotonic() + timeout_s
        while True:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-2000:]
            try:
                if httpx.get(self.rpc + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the node did not answer"
            time.sleep(0.05)

    def stop(self) -> int:
        """SIGTERM, as an operator stops it; the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return int(self.proc.returncode)


@pytest.fixture(scope="module")
def restartable(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[NodeProcess, dict[str, Any]]]:
    """A one-validator chain whose node the tests stop and start; running when a test begins."""
    setup = create_devnet(tmp_path_factory.mktemp("restart") / "net", 1, block_time_ms=100)
    node = NodeProcess(Path(setup["nodes"][0]["home"]))
    try:
        yield node, setup
    finally:
        if node.proc is not None:
            node.stop()


@pytest.fixture
def restartable_node(
    restartable: tuple[NodeProcess, dict[str, Any]],
) -> tuple[NodeProcess, dict[str, Any]]:
    node, _ = restartable
    if not node.running:
        node.start()
    return restartable


def test_stream_reconnects_after_the_node_restarts(
    restartable_node: tuple[NodeProcess, dict[str, Any]],
) -> None:
    node, setup = restartable_node
    accounts = {a["name"]: a for a in setup["accounts"]}
    payer = Payer(node.rpc, accounts["supplier"])
    to = accounts["logistics"]["address"]
    changes: list[tuple[bool, str | None]] = []
    got: list[Event] = []

    def chain_event_of(tid: str) -> dict[str, Any] | None:
        return next((d for n, d in got if n == "chain_event" and d.get("tx_id") == tid), None)

    async def pay_and_see(c: AsyncNodeClient, memo: str) -> dict[str, Any]:
        tid = (await c.submit_tx(encode(payer.transfer(to, 1, memo))))["tx_id"]
        await until(lambda: chain_event_of(tid) is not None, what=f"the event of {memo!r}")
        event = chain_event_of(tid)
        assert event is not None
        return event

    async def scenario() -> tuple[dict[str, Any], int, dict[str, Any]]:
        async with AsyncNodeClient(node.rpc) as c:
            stream = c.stream(
                on_connection=lambda up, e: changes.append((up, e.code if e else None)),
                initial_backoff_s=0.05,
                max_backoff_s=0.25,
            )

            async def consume() -> None:
                async with contextlib.aclosing(stream):
                    async for item in stream:
                        got.append(item)

            consumer = asyncio.ensure_future(consume())
            try:
                await until(lambda: changes == [(True, None)], what="the first connection")
                before = await pay_and_see(c, "before the restart")
                code = await asyncio.to_thread(node.stop)
                await until(lambda: not changes[-1][0], what="the drop to be reported")
                await asyncio.to_thread(node.start)
                await until(lambda: changes[-1][0], what="the reconnection")
                after = await pay_and_see(c, "after the restart")
            finally:
                consumer.cancel()
                await asyncio.gather(consumer, return_exceptions=True)
            return before, code, after

    before, code, after = run(scenario(), timeout_s=120)
    assert code == 0, "the node stops cleanly on SIGTERM"
    # Up, down, up: a stopping node refuses new streams, so no phantom reconnection.
    assert changes[0] == changes[-1] == (True, None) and len(changes) == 3
    assert all(a[0] != b[0] for a, b in zip(changes, changes[1:], strict=False))
    assert {e for up, e in changes if not up} == {"node_unreachable"}
    hellos = [d for n, d in got if n == "hello"]
    assert hellos[-1]["height"] >= before["height"]  # the restarted node kept its chain
    assert after["height"] > before["height"]
    assert (before["attrs"]["memo"], after["attrs"]["memo"]) == (
        "before the restart",
        "after the restart",
    )


def test_a_stopping_node_lets_go_promptly(
    restartable_node: tuple[NodeProcess, dict[str, Any]],
) -> None:
    node, _ = restartable_node
    assert node.proc is not None

    async def stop_and_knock() -> tuple[float | None, list[float]]:
        """SIGTERM, then stream requests once the first stream ends: (seconds to exit, or None
        after 5 s; seconds each stream the stopping node answered stayed open)."""
        async with httpx.AsyncClient(base_url=node.rpc, timeout=10) as http:
            # Idle keep-alive connections, so the late requests need no connect.
            await asyncio.gather(*(http.get("/healthz") for _ in range(6)))

            async def stream_request() -> float | None:
                started = time.monotonic()
                answered = False
                try:
                    async with http.stream("GET", "/v1/stream") as response:
                        answered = True
                        async for _ in response.aiter_lines():
                            pass
                except httpx.TransportError:
                    pass
                return time.monotonic() - started if answered else None

            async with http.stream("GET", "/v1/stream") as first:
                lines = first.aiter_lines()
                assert await anext(lines) == "event: hello"
                signalled = time.monotonic()
                assert node.proc is not None
                node.proc.send_signal(signal.SIGTERM)
                async for _ in lines:  # ends when the stopping node closes its event hub
                    pass
                late = await asyncio.gather(*(stream_request() for _ in range(5)))
        held = [t for t in late if t is not None]
        try:
            await asyncio.to_thread(node.proc.wait, max(0.1, signalled + 5 - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None, held
        return time.monotonic() - signalled, held

    try:
        took, held = run(stop_and_knock())
    finally:
        if node.running:  # it did not stop in time: end it here rather than wait
            node.proc.kill()
            node.proc.wait()
    problems = []
    # Streams the node answered while stopping (if any request came early enough) end at once.
    if any(t >= 1.0 for t in held):
        problems.append(f"streams opened while it stopped stayed open for {held} s")
    if took is None:
        problems.append("it was still running 5 s after SIGTERM")
    elif node.proc.returncode != 0:
        problems.append(f"it exited with code {node.proc.returncode}")
    assert not problems, problems
