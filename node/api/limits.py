"""ASGI middleware that bounds what a client can make the node do: body size and request rate."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()


async def _send_error(send: Any, status: int, code: str, message: str) -> None:
    body = _error_body(code, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    """Refuses bodies over a size (413 ``body_too_large``) and clients over a rate (429 ``rate_limited``).

    The rate limit is a token bucket per client address.  The size limit is
    enforced on the declared Content-Length and again while the body streams
    in, so a chunked upload cannot get around it.
    """

    def __init__(
        self,
        app: Any,
        *,
        max_body: int,
        max_batch_body: int,
        rate_per_s: float,
        burst: int,
        batch_paths: tuple[str, ...] = ("/v1/txs/batch", "/p2p/proposal", "/p2p/txs"),
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_batch_body = max_batch_body
        self.rate = rate_per_s
        self.burst = float(burst)
        self.batch_paths = batch_paths
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def _allow(self, client: str) -> bool:
        if self.rate <= 0:
            return True
        now = time.monotonic()
        tokens, last = self._buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[client] = (tokens, now)
            return False
        self._buckets[client] = (tokens - 1, now)
        self._buckets.move_to_end(client)
        if len(self._buckets) > 10_000:
            self._buckets.popitem(last=False)
        return True

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        # Validators' own traffic is not rate-limited per address (peers may share one, as on
        # loopback); it is bounded by size here and by signatures in the consensus driver.
        if not scope.get("path", "").startswith("/p2p/") and not self._allow(client):
            await _send_error(send, 429, "rate_limited", "too many requests; slow down and retry")
            return
        limit = self.max_batch_body if scope.get("path") in self.batch_paths else self.max_body
        declared: int | None = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0:
                    await _send_error(send, 400, "malformed_request", "invalid Content-Length")
                    return
                if declared > limit:
                    await _send_error(
                        send, 413, "body_too_large", f"request body of {declared} bytes exceeds {limit}"
                    )
                    return
        if declared is not None or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            # The server holds a body to its declared length, so the check above is the limit.
            await self.app(scope, receive, send)
            return
        # No Content-Length (chunked): read the body here, refusing it as soon as it passes the
        # limit, before the application sees any of it; then hand it over in one piece.
        chunks: list[bytes] = []
        received = 0
        while True:
            msg: Message = await receive()
            if msg["type"] != "http.request":
                return  # the client went away
            body = msg.get("body", b"")
            received += len(body)
            if received > limit:
                await _send_error(send, 413, "body_too_large", f"request body exceeds {limit} bytes")
                return
            chunks.append(body)
            if not msg.get("more_body", False):
                break
        whole: Message | None = {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        async def replay() -> Message:
            nonlocal whole
            if whole is not None:
                msg, whole = whole, None
                return msg
            return await receive()  # http.disconnect, when it comes

        await self.app(scope, replay, send)
