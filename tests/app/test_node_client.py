"""node.client against a real HTTP server speaking the documented API (the stub node until the node lands).

This tests ``node/client.py``; it lives with the app's tests only because the
stub node does.  Move it to tests/node/ once the node's own harness exists.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import socket  # noqa: E402

import httpx  # noqa: E402
import pytest  # noqa: E402
from stub_node import CHAIN_ID, CUSTOMER, StubNode  # noqa: E402

from node.client import (  # noqa: E402
    AsyncNodeClient,
    NodeApiError,
    NodeClient,
    NodeUnreachable,
    SseParser,
    decode_answer,
)
from node.core.errors import DepotError, InvalidAddress, InvalidValue  # noqa: E402


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- the blocking client -----------------------------------------------------------


def test_status_blocks_account(stub_node: StubNode) -> None:
    with NodeClient(stub_node.url) as c:
        status = c.status()
        assert status["chain_id"] == CHAIN_ID
        assert status["height"] == 3
        page = c.blocks(limit=2)["blocks"]
        assert [b["height"] for b in page] == [3, 2]
        assert [b["height"] for b in c.blocks(before=2, limit=20)["blocks"]] == [1]
        acct = c.account(CUSTOMER)
        assert acct["exists"] and acct["account"]["balance"] == 123_456
        assert isinstance(page[0]["block_id"], str)  # hex stays hex
        assert c.healthz() == {"ok": True, "height": 3}


def test_api_error_carries_code_message_status(stub_node: StubNode) -> None:
    with NodeClient(stub_node.url) as c:
        with pytest.raises(NodeApiError) as info:
            c.tx("ab" * 32)
        err = info.value
        assert isinstance(err, DepotError)
        assert (err.code, err.http_status) == ("not_found", 404)
        assert "no transaction" in err.message
        with pytest.raises(NodeApiError) as info:
            c.submit_tx(b"\x01\x02")
        assert info.value.code == "nonce_too_low"
        assert info.value.message == "nonce 3 already used; next is 5"


def test_unreachable_node_raises_node_unreachable() -> None:
    url = _closed_port_url()
    with NodeClient(url, timeout_s=2) as c, pytest.raises(NodeUnreachable) as info:
        c.status()
    assert info.value.code == "node_unreachable"
    assert info.value.url == url


def test_bad_arguments_fail_before_any_request() -> None:
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


def _response(status: int, body: bytes, path: str = "/v1/x") -> httpx.Response:
    return httpx.Response(status, content=body, request=httpx.Request("GET", f"http://n{path}"))


def test_decode_answer_shapes() -> None:
    assert decode_answer(_response(200, b'{"a": 1}')) == {"a": 1}
    with pytest.raises(NodeApiError) as info:
        decode_answer(_response(200, b"[1, 2]"))
    assert info.value.code == "malformed_response"
    with pytest.raises(NodeApiError) as info:
        decode_answer(_response(502, b"<html>Bad gateway</html>"))
    assert (info.value.code, info.value.http_status) == ("http_error", 502)
    body = (
        b'{"error": {"code": "rate_limited", "message": "slow down", "data": {"retry_after_s": 2}}}'
    )
    with pytest.raises(NodeApiError) as info:
        decode_answer(_response(429, body))
    assert info.value.code == "rate_limited"
    assert info.value.data == {"retry_after_s": 2}


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


def test_stream_yields_events_and_reconnects(stub_node: StubNode, run_async) -> None:
    changes: list[bool] = []
    got: list[tuple[str, dict]] = []

    async def consume(c: AsyncNodeClient) -> None:
        # One task iterates and closes the stream, as NodeBridge does.
        stream = c.stream(on_connection=lambda up, _e: changes.append(up), initial_backoff_s=0.05)
        async with contextlib.aclosing(stream):
            async for item in stream:
                got.append(item)
                if len(got) == 3:
                    return

    async def wait_for(cond) -> None:
        while not cond():
            await asyncio.sleep(0.01)

    async def scenario() -> None:
        async with AsyncNodeClient(stub_node.url) as c:
            consumer = asyncio.ensure_future(consume(c))
            await wait_for(lambda: changes)
            await asyncio.to_thread(stub_node.add_blocks, 1, events_per_block=1)
            await wait_for(lambda: len(got) == 2)
            await asyncio.to_thread(stub_node.drop_streams)
            await wait_for(lambda: changes.count(True) == 2)
            await asyncio.to_thread(stub_node.add_blocks, 1)
            await asyncio.wait_for(consumer, 5)

    run_async(scenario())
    assert [name for name, _ in got] == ["block", "chain_event", "block"]
    assert [d["height"] for _, d in got] == [4, 4, 5]
    assert changes == [True, False, True]
    assert stub_node.stream_requests == 2


def test_stream_reports_unreachable_node(run_async) -> None:
    changes: list[tuple[bool, str]] = []

    async def consume(c: AsyncNodeClient) -> None:
        stream = c.stream(
            on_connection=lambda up, e: changes.append((up, e.code if e else "")),
            initial_backoff_s=0.01,
        )
        async with contextlib.aclosing(stream):
            async for _ in stream:
                pass

    async def scenario() -> None:
        async with AsyncNodeClient(_closed_port_url()) as c:
            task = asyncio.ensure_future(consume(c))
            while len(changes) < 1:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # several retries: still one report
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    run_async(scenario())
    assert changes == [(False, "node_unreachable")]


def test_stream_refused_with_4xx_raises(stub_node: StubNode, run_async) -> None:
    async def scenario() -> None:
        async with AsyncNodeClient(stub_node.url) as c:
            async for _ in c.stream():
                pass

    stub_node.refuse_stream = True
    stub_node.refuse_status = 404
    with pytest.raises(NodeApiError) as info:
        run_async(scenario())
    assert info.value.http_status == 404


def test_async_client_endpoints(stub_node: StubNode, run_async) -> None:
    async def scenario() -> tuple[dict, dict]:
        async with AsyncNodeClient(stub_node.url) as c:
            return await c.status(), await c.blocks(before=3, limit=5)

    status, page = run_async(scenario())
    assert status["height"] == 3
    assert [b["height"] for b in page["blocks"]] == [2, 1]
