"""Typed HTTP client of a Depot node's JSON API (docs/api.md), in a blocking and an asyncio flavour.

Both clients share one description of every endpoint (``_Endpoints``); they
differ only in how a request is sent.  Answers are the documented JSON as plain
dicts (hex fields stay hex strings, amounts stay integers).  Failures are
``DepotError`` subclasses: ``NodeApiError`` when the node answered with an
error, ``NodeUnreachable`` when it could not be reached or did not answer in
time.  This module must not import anything above ``node`` (no Qt, no app).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import string
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from urllib.parse import quote

import httpx

from node.core.address import parse_address
from node.core.errors import DepotError, InvalidValue

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 10.0
"""Connect/read timeout of one ordinary request."""

MAX_BLOCKS_PER_PAGE = 100
"""The node answers at most this many header summaries per ``/v1/blocks`` page."""

MAX_BATCH_TXS = 5_000
"""The node accepts at most this many transactions per ``/v1/txs/batch`` request."""

_WAIT_MARGIN_S = 5.0
"""Extra read time for ``wait_tx`` beyond the server-side wait, so the node answers first."""

_HEX = frozenset(string.hexdigits.lower())
_JsonDict = dict[str, Any]


# --- errors -------------------------------------------------------------------


class NodeApiError(DepotError):
    """The node answered with an error body ``{"error": {"code", "message", "data"}}``.

    ``code`` is the node's stable error code (``nonce_too_low``, ``not_found``,
    ...), ``message`` its English text for people, ``data`` its details and
    ``http_status`` the HTTP status of the answer.  Unlike other ``DepotError``
    classes the code is per instance: one class covers every code the node
    sends, and the app translates by ``code``.
    """

    code = "node_api_error"

    def __init__(
        self,
        code: str,
        message: str,
        *,
        http_status: int,
        data: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        # Instance values shadow DepotError's class defaults on purpose (see the docstring).
        self.code = code  # type: ignore[misc]
        self.http_status = http_status  # type: ignore[misc]
        self.data = dict(data or {})

    def __repr__(self) -> str:
        return f"NodeApiError(code={self.code!r}, http_status={self.http_status}, message={self.message!r})"


class NodeUnreachable(DepotError):
    """The node could not be reached: refused connection, DNS failure, timeout, broken stream."""

    code = "node_unreachable"
    http_status = 503

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"the node at {url} is unreachable: {reason}", url=url, reason=reason)
        self.url = url
        self.reason = reason


# --- argument checks ------------------------------------------------------------


def _hex_arg(value: str | bytes, what: str) -> str:
    """Lowercase hex text of an id given as bytes or hex text; refuse anything else."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if not isinstance(value, str):
        raise InvalidValue(f"{what} must be hex text or bytes, got {type(value).__name__}")
    text = value.strip().lower()
    text = text.removeprefix("0x")
    if not text or len(text) % 2 or not set(text) <= _HEX:
        raise InvalidValue(f"{what} must be hex, got {value[:80]!r}", value=value[:80])
    return text


def _height_arg(value: int, what: str = "height") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValue(f"{what} must be a non-negative integer, got {value!r}")
    return value


def _block_ref(ref: int | str | bytes) -> str:
    """Path segment for ``/v1/blocks/{height or block_id or "latest"}``."""
    if isinstance(ref, int):
        return str(_height_arg(ref))
    if isinstance(ref, str) and ref.strip().lower() == "latest":
        return "latest"
    if isinstance(ref, str) and ref.strip().isdigit():
        return str(int(ref.strip()))
    return _hex_arg(ref, "block id")


def _address_arg(address: str) -> str:
    # Checked here too so a mistyped address fails with InvalidAddress before any I/O.
    parse_address(address)
    return address.strip()


# --- request description and answer decoding ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Request:
    """One HTTP request to the node, independent of how it is sent."""

    method: str
    path: str
    params: dict[str, str | int] = field(default_factory=dict)
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    timeout_s: float | None = None
    """Overrides the client's default timeout for this request (``wait_tx``)."""


def decode_answer(response: httpx.Response) -> _JsonDict:
    """The JSON object of a successful answer, or raise ``NodeApiError`` for an error answer."""
    if response.status_code >= 400:
        raise _error_of(response)
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise NodeApiError(
            "malformed_response",
            f"the node answered {response.request.url.path} with invalid JSON: {e}",
            http_status=response.status_code,
        ) from e
    if not isinstance(body, dict):
        raise NodeApiError(
            "malformed_response",
            f"the node answered {response.request.url.path} with {type(body).__name__}, not an object",
            http_status=response.status_code,
        )
    return body


def _error_of(response: httpx.Response) -> NodeApiError:
    """The ``NodeApiError`` of a 4xx/5xx answer, also when its body is not the documented shape."""
    status = response.status_code
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = None
    err = body.get("error") if isinstance(body, dict) else None
    if isinstance(err, dict) and isinstance(err.get("code"), str):
        data = err.get("data")
        return NodeApiError(
            err["code"],
            str(err.get("message") or err["code"]),
            http_status=status,
            data=data
            if isinstance(data, dict)
            else ({"detail": data} if data is not None else None),
        )
    # Not the documented error body (a proxy, or a framework default page).
    text = response.text[:200].strip() if response.content else ""
    return NodeApiError(
        "http_error",
        f"HTTP {status} {response.reason_phrase}" + (f": {text}" if text else ""),
        http_status=status,
    )


def _unreachable(base_url: str, e: httpx.TransportError) -> NodeUnreachable:
    reason = "timed out" if isinstance(e, httpx.TimeoutException) else (str(e) or type(e).__name__)
    return NodeUnreachable(base_url, reason)


# --- the endpoints, shared by both clients ------------------------------------------

R = TypeVar("R")


class _Endpoints(Generic[R]):
    """Every documented endpoint as a method; ``R`` is a dict (blocking) or a coroutine of one."""

    def _call(self, request: _Request) -> R:  # pragma: no cover - abstract
        raise NotImplementedError

    def status(self) -> R:
        """``GET /v1/status``: chain id, genesis hash, height, validators, mempool size, node info."""
        return self._call(_Request("GET", "/v1/status"))

    def healthz(self) -> R:
        """``GET /healthz``: ``{"ok": true, "height"}`` once the node serves requests."""
        return self._call(_Request("GET", "/healthz"))

    def blocks(self, before: int | None = None, limit: int = 20) -> R:
        """``GET /v1/blocks``: header summaries newest first, below height ``before`` if given."""
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 1 <= limit <= MAX_BLOCKS_PER_PAGE
        ):
            raise InvalidValue(f"limit must be 1..{MAX_BLOCKS_PER_PAGE}, got {limit!r}")
        params: dict[str, str | int] = {"limit": limit}
        if before is not None:
            params["before"] = _height_arg(before, "before")
        return self._call(_Request("GET", "/v1/blocks", params=params))

    def block(self, height_or_id: int | str | bytes = "latest") -> R:
        """``GET /v1/blocks/{ref}``: a block by height, by block id (hex or bytes) or ``"latest"``."""
        return self._call(_Request("GET", f"/v1/blocks/{_block_ref(height_or_id)}"))

    def header(self, height: int) -> R:
        """``GET /v1/headers/{height}``: the header and its canonical encoding."""
        return self._call(_Request("GET", f"/v1/headers/{_height_arg(height)}"))

    def commit(self, height: int) -> R:
        """``GET /v1/commits/{height}``: the validators' signatures that finalised that block."""
        return self._call(_Request("GET", f"/v1/commits/{_height_arg(height)}"))

    def validators(self, height: int | None = None) -> R:
        """``GET /v1/validators``: the validator set at ``height`` (the latest if omitted)."""
        params: dict[str, str | int] = {}
        if height is not None:
            params["height"] = _height_arg(height)
        return self._call(_Request("GET", "/v1/validators", params=params))

    def tx(self, tx_id: str | bytes) -> R:
        """``GET /v1/txs/{tx_id}``: a pending or committed transaction with its result and proof."""
        return self._call(_Request("GET", f"/v1/txs/{_hex_arg(tx_id, 'transaction id')}"))

    def wait_tx(self, tx_id: str | bytes, timeout_s: float = 10.0) -> R:
        """``GET /v1/txs/{tx_id}/wait``: answers once committed, or the pending status after the timeout."""
        if not 0 < timeout_s <= 600:
            raise InvalidValue(f"timeout_s must be in (0, 600], got {timeout_s!r}")
        return self._call(
            _Request(
                "GET",
                f"/v1/txs/{_hex_arg(tx_id, 'transaction id')}/wait",
                params={"timeout_s": _seconds_param(timeout_s)},
                timeout_s=timeout_s + _WAIT_MARGIN_S,
            )
        )

    def submit_tx(self, raw: bytes) -> R:
        """``POST /v1/txs``: submit one canonically encoded transaction; 202 ``{"tx_id", "status"}``."""
        if not isinstance(raw, bytes | bytearray) or not raw:
            raise InvalidValue("a transaction must be non-empty bytes")
        return self._call(_Request("POST", "/v1/txs", json={"tx": bytes(raw).hex()}))

    def submit_batch(self, raws: list[bytes]) -> R:
        """``POST /v1/txs/batch``: submit up to 5,000 transactions; one result or error per tx, in order."""
        if not raws or len(raws) > MAX_BATCH_TXS:
            raise InvalidValue(f"a batch holds 1..{MAX_BATCH_TXS} transactions, got {len(raws)}")
        if not all(isinstance(r, bytes | bytearray) and r for r in raws):
            raise InvalidValue("every transaction in a batch must be non-empty bytes")
        return self._call(
            _Request("POST", "/v1/txs/batch", json={"txs": [bytes(r).hex() for r in raws]})
        )

    def account(self, address: str) -> R:
        """``GET /v1/accounts/{address}``: the account record (or null) with its state proof."""
        return self._call(_Request("GET", f"/v1/accounts/{quote(_address_arg(address), safe='')}"))

    def state(self, key: bytes, height: int | None = None) -> R:
        """``GET /v1/state/{key}``: any state record with a membership or non-membership proof."""
        params: dict[str, str | int] = {}
        if height is not None:
            params["height"] = _height_arg(height)
        return self._call(_Request("GET", f"/v1/state/{_hex_arg(key, 'state key')}", params=params))

    def events(
        self,
        *,
        from_height: int | None = None,
        to_height: int | None = None,
        kind: str | None = None,
        limit: int | None = None,
        after: str | None = None,
    ) -> R:
        """``GET /v1/events``: chain events in a height range, optionally of one kind.

        A full page carries ``next``; pass it as ``after`` for the page after it (it pages
        inside one block too).
        """
        params: dict[str, str | int] = {}
        if after is not None:
            params["after"] = after
        if from_height is not None:
            params["from_height"] = _height_arg(from_height, "from_height")
        if to_height is not None:
            params["to_height"] = _height_arg(to_height, "to_height")
        if kind is not None:
            params["kind"] = kind
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
                raise InvalidValue(f"limit must be a positive integer, got {limit!r}")
            params["limit"] = limit
        return self._call(_Request("GET", "/v1/events", params=params))

    def records(self, prefix: bytes, *, after: bytes | None = None, limit: int = 100) -> R:
        """``GET /v1/records``: latest records under a key prefix, decoded, keyset-paged (no proofs)."""
        if not prefix:
            raise InvalidValue("a key prefix is required")
        params: dict[str, str | int] = {"prefix": _hex_arg(prefix, "prefix"), "limit": int(limit)}
        if after is not None:
            params["after"] = _hex_arg(after, "after")
        return self._call(_Request("GET", "/v1/records", params=params))

    def evidence(self, limit: int = 100) -> R:
        """``GET /v1/evidence``: equivocation evidence committed on chain."""
        return self._call(_Request("GET", "/v1/evidence", params={"limit": int(limit)}))

    def block_tx_ids(self, ref: int | str) -> R:
        """``GET /v1/blocks/{ref}/tx_ids``: a block's transaction ids in order."""
        return self._call(_Request("GET", f"/v1/blocks/{_block_ref(ref)}/tx_ids"))


def _seconds_param(seconds: float) -> int | str:
    return int(seconds) if float(seconds).is_integer() else f"{seconds:g}"


def _timeout(default_s: float, request: _Request) -> httpx.Timeout:
    return httpx.Timeout(request.timeout_s if request.timeout_s is not None else default_s)


def _normalise_base_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise InvalidValue(f"a node URL starts with http:// or https://, got {base_url!r}")
    return url


# --- blocking client -----------------------------------------------------------------


class NodeClient(_Endpoints[_JsonDict]):
    """Blocking client for scripts, the CLI and tests; never use it on the GUI thread."""

    def __init__(self, base_url: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = _normalise_base_url(base_url)
        self.timeout_s = timeout_s
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s)

    def _call(self, request: _Request) -> _JsonDict:
        try:
            response = self._http.request(
                request.method,
                request.path,
                params=request.params or None,
                json=request.json,
                content=request.content,
                headers=request.headers or None,
                timeout=_timeout(self.timeout_s, request),
            )
        except httpx.TransportError as e:
            raise _unreachable(self.base_url, e) from e
        return decode_answer(response)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# --- asyncio client ------------------------------------------------------------------

ConnectionCallback = Callable[[bool, DepotError | None], None]
"""Told ``(True, None)`` when the event stream (re)connects and ``(False, error)`` when it drops."""


class AsyncNodeClient(_Endpoints[Coroutine[Any, Any, _JsonDict]]):
    """asyncio client: every endpoint method returns a coroutine of the answer's dict."""

    def __init__(self, base_url: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = _normalise_base_url(base_url)
        self.timeout_s = timeout_s
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout_s)

    async def _call(self, request: _Request) -> _JsonDict:
        try:
            response = await self._http.request(
                request.method,
                request.path,
                params=request.params or None,
                json=request.json,
                content=request.content,
                headers=request.headers or None,
                timeout=_timeout(self.timeout_s, request),
            )
        except httpx.TransportError as e:
            raise _unreachable(self.base_url, e) from e
        return decode_answer(response)

    async def stream(
        self,
        *,
        on_connection: ConnectionCallback | None = None,
        initial_backoff_s: float = 0.5,
        max_backoff_s: float = 30.0,
        idle_timeout_s: float | None = None,
    ) -> AsyncIterator[tuple[str, _JsonDict]]:
        """Server-Sent Events of ``GET /v1/stream`` as ``(event_name, data)``, forever.

        Reconnects after a refused or dropped connection, waiting
        ``initial_backoff_s`` doubled on each failure (with jitter) up to
        ``max_backoff_s``, or the ``retry:`` the node asked for; the wait
        resets once a connection succeeds.  Events missed while disconnected
        are not replayed: callers catch up through the REST endpoints when
        ``on_connection`` reports ``True`` again.  A 4xx answer other than 408
        and 429 means the node refuses the stream and raises ``NodeApiError``.
        ``idle_timeout_s`` (None: wait forever) treats a silent connection as
        dropped.  Stop by breaking out of the loop or cancelling the task.
        """
        backoff = initial_backoff_s
        connected: bool | None = None
        last_event_id: str | None = None

        def tell(up: bool, error: DepotError | None) -> None:
            nonlocal connected
            if connected is not up and on_connection is not None:
                on_connection(up, error)
            connected = up

        timeout = httpx.Timeout(self.timeout_s, read=idle_timeout_s)
        while True:
            parser = SseParser()
            headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
            if last_event_id:
                headers["Last-Event-ID"] = last_event_id
            error: DepotError
            try:
                async with self._http.stream(
                    "GET", "/v1/stream", headers=headers, timeout=timeout
                ) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        api_error = _error_of(response)
                        if response.status_code < 500 and response.status_code not in (408, 429):
                            raise api_error
                        raise _RetryableAnswer(api_error)
                    tell(True, None)
                    backoff = initial_backoff_s
                    async for line in response.aiter_lines():
                        event = parser.feed_line(line)
                        if event is None:
                            continue
                        name, data_text = event
                        data = _event_data(name, data_text)
                        if data is not None:
                            yield name, data
                    error = NodeUnreachable(self.base_url, "the event stream ended")
            except _RetryableAnswer as e:
                error = e.error
            except NodeApiError as e:
                tell(False, e)
                raise
            except httpx.TransportError as e:
                error = _unreachable(self.base_url, e)
            last_event_id = parser.last_event_id or last_event_id
            tell(False, error)
            if parser.retry_ms is not None:
                delay = parser.retry_ms / 1000
            else:
                delay = backoff * random.uniform(0.75, 1.25)
                backoff = min(backoff * 2, max_backoff_s)
            log.debug(
                "event stream from %s down (%s); retrying in %.1f s", self.base_url, error, delay
            )
            await asyncio.sleep(delay)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


class _RetryableAnswer(Exception):
    """A 5xx/408/429 answer to the stream request: retry like a dropped connection."""

    def __init__(self, error: NodeApiError) -> None:
        super().__init__(error.message)
        self.error = error


def _event_data(name: str, text: str) -> _JsonDict | None:
    try:
        data = json.loads(text) if text else {}
    except json.JSONDecodeError:
        log.warning("ignoring %r event whose data is not JSON: %.80r", name, text)
        return None
    if not isinstance(data, dict):
        log.warning("ignoring %r event whose data is not a JSON object: %.80r", name, text)
        return None
    return data


# --- Server-Sent Events ------------------------------------------------------------------


class SseParser:
    """Incremental parser of the ``text/event-stream`` format (WHATWG HTML, server-sent events).

    Feed it one line at a time (without the line ending); a blank line
    dispatches the pending event as ``(event_name, data)``.  Comments (``:``)
    and events without data are skipped, as the standard says.
    """

    def __init__(self) -> None:
        self._event = ""
        self._data: list[str] = []
        self.last_event_id: str | None = None
        self.retry_ms: int | None = None

    def feed_line(self, line: str) -> tuple[str, str] | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id":
            if "\0" not in value:
                self.last_event_id = value
        elif name == "retry":
            if value.isdigit():
                self.retry_ms = int(value)
        return None

    def _dispatch(self) -> tuple[str, str] | None:
        event, data = self._event or "message", self._data
        self._event, self._data = "", []
        if not data:
            return None
        return event, "\n".join(data)
