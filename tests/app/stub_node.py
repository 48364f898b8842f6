"""A small real HTTP server speaking the documented node API (docs/api.md) for the app's tests.

It stands in for the node until the real one lands: real sockets, real JSON
and a real Server-Sent Events stream, with a chain that grows only when a test
says so.  Replace its uses with the real node's test harness once that exists.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import socket
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from node.core.address import format_address

CHAIN_ID = "depot-stub-1"
PROPOSER = format_address(bytes(range(20)))
CUSTOMER = format_address(bytes(range(1, 21)))


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "data": {}}}, status)


class StubNode:
    """Serves the API on 127.0.0.1 in a background thread; ``add_blocks`` grows the chain."""

    def __init__(self, *, initial_blocks: int = 3) -> None:
        self.blocks: list[dict[str, Any]] = []
        self.accounts: dict[str, dict[str, Any]] = {
            CUSTOMER: {
                "address": CUSTOMER,
                "organisation": "customer-co",
                "roles": ["customer"],
                "balance": 123_456,
                "escrow": 10_000,
                "nonce": 0,
                "keys": [],
                "threshold": 1,
            }
        }
        self.stream_requests = 0
        self.refuse_stream = False
        self.refuse_status = 503
        self._queues: set[asyncio.Queue[str | None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.url = ""
        for _ in range(initial_blocks):
            self._append_block()

    # --- chain --------------------------------------------------------------------

    def _append_block(self) -> dict[str, Any]:
        height = len(self.blocks) + 1
        block_id = hashlib.sha256(f"{CHAIN_ID}/{height}".encode()).hexdigest()
        summary = {
            "height": height,
            "block_id": block_id,
            "time": int(time.time() * 1000),
            "num_txs": height % 3,
            "proposer": PROPOSER,
            "state_root": "00" * 32,
            "txs_root": "11" * 32,
        }
        self.blocks.append(summary)
        return summary

    def add_blocks(self, n: int = 1, *, events_per_block: int = 0) -> None:
        """Finalise ``n`` blocks and announce them on every open stream (thread-safe)."""
        assert self._loop is not None
        done = threading.Event()

        def add() -> None:
            for _ in range(n):
                b = self._append_block()
                event = {k: b[k] for k in ("height", "block_id", "time", "num_txs")}
                self._publish(f"event: block\ndata: {json.dumps(event)}\n\n")
                for i in range(events_per_block):
                    ev = {
                        "height": b["height"],
                        "tx_index": i,
                        "tx_id": "ab" * 32,
                        "kind": "transfer",
                        "attrs": {},
                    }
                    self._publish(f"event: chain_event\ndata: {json.dumps(ev)}\n\n")
            done.set()

        self._loop.call_soon_threadsafe(add)
        done.wait(5)

    def drop_streams(self) -> None:
        """Close every open event stream (the clients should reconnect)."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._publish, None)

    def _publish(self, chunk: str | None) -> None:
        for q in list(self._queues):
            q.put_nowait(chunk)

    # --- HTTP ------------------------------------------------------------------------

    def _app(self) -> Starlette:
        async def healthz(request: Request) -> Response:
            return JSONResponse({"ok": True, "height": len(self.blocks)})

        async def status(request: Request) -> Response:
            tip = self.blocks[-1]
            return JSONResponse(
                {
                    "chain_id": CHAIN_ID,
                    "genesis_hash": "22" * 32,
                    "height": tip["height"],
                    "block_id": tip["block_id"],
                    "state_root": tip["state_root"],
                    "time": tip["time"],
                    "validators": [],
                    "mempool_size": 0,
                    "node": {"name": "stub", "version": "0", "mode": "full"},
                }
            )

        async def blocks(request: Request) -> Response:
            try:
                limit = int(request.query_params.get("limit", "20"))
                before = int(request.query_params.get("before", str(len(self.blocks) + 1)))
            except ValueError:
                return _error(400, "invalid_value", "before and limit are integers")
            if not 1 <= limit <= 100:
                return _error(400, "invalid_value", "limit must be 1..100")
            chosen = [b for b in reversed(self.blocks) if b["height"] < before][:limit]
            return JSONResponse({"blocks": chosen})

        async def account(request: Request) -> Response:
            address = request.path_params["address"]
            record = self.accounts.get(address)
            return JSONResponse(
                {
                    "address": address,
                    "exists": record is not None,
                    "account": record,
                    "height": len(self.blocks),
                    "state_root": "00" * 32,
                    "key": "",
                    "value": None,
                    "proof": "",
                }
            )

        async def tx(request: Request) -> Response:
            return _error(404, "not_found", f"no transaction {request.path_params['tx_id']}")

        async def submit(request: Request) -> Response:
            try:
                body = await request.json()
                bytes.fromhex(body["tx"])
            except (ValueError, KeyError, TypeError):
                return _error(400, "malformed_json", 'body must be {"tx": hex}')
            return _error(400, "nonce_too_low", "nonce 3 already used; next is 5")

        async def stream(request: Request) -> Response:
            self.stream_requests += 1
            if self.refuse_stream:
                return _error(self.refuse_status, "unavailable", "no stream here")
            queue: asyncio.Queue[str | None] = asyncio.Queue()
            self._queues.add(queue)

            async def events() -> AsyncIterator[str]:
                try:
                    yield ": hello\n\n"
                    while True:
                        chunk = await queue.get()
                        if chunk is None:
                            return
                        yield chunk
                finally:
                    self._queues.discard(queue)

            return StreamingResponse(events(), media_type="text/event-stream")

        return Starlette(
            routes=[
                Route("/healthz", healthz),
                Route("/v1/status", status),
                Route("/v1/blocks", blocks),
                Route("/v1/accounts/{address}", account),
                Route("/v1/txs/{tx_id}", tx),
                Route("/v1/txs", submit, methods=["POST"]),
                Route("/v1/stream", stream),
            ]
        )

    # --- life cycle -----------------------------------------------------------------------

    def start(self) -> StubNode:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(
            self._app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        started = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            loop.call_soon(started.set)
            assert self._server is not None and self._sock is not None
            loop.run_until_complete(self._server.serve(sockets=[self._sock]))
            loop.close()

        self._thread = threading.Thread(target=run, name="stub-node", daemon=True)
        self._thread.start()
        started.wait(5)
        deadline = time.monotonic() + 5
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        with contextlib.suppress(RuntimeError):
            self.drop_streams()
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        self._server = None
