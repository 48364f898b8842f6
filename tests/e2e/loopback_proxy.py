"""Loopback TCP proxies the BFT tests control, so a validator's traffic can really be lost.

One ``Link`` is one directed connection path between two validators: it
listens on a loopback port and forwards bytes, both ways, to the destination
node's real port.  Node ``i`` is configured to reach node ``j`` only through
link ``(i, j)``, so cutting every link that starts or ends at ``i`` takes away
all of ``i``'s consensus traffic, in and out (proposals, votes, gossip,
catch-up downloads), while clients still reach ``i`` directly.

A cut link closes its open connections at once and then, depending on the
mode, either refuses new ones (the connection is reset, as by a firewall's
REJECT) or swallows them (accepted, bytes read and thrown away, never an
answer: packets vanishing, as by DROP, so the sender waits for its timeout).

All links run on one asyncio loop in a daemon thread; the methods of
``ProxyNet`` are called from the test's thread and are thread-safe.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

HOST = "127.0.0.1"
CHUNK = 64 * 1024


class Mode(enum.Enum):
    OPEN = "open"
    REFUSE = "refuse"
    """Cut: new connections are reset at once."""
    BLACKHOLE = "blackhole"
    """Cut: new connections are accepted and everything sent on them is thrown away."""


@dataclass
class LinkStats:
    connections: int = 0
    """Connections forwarded to the destination."""
    refused: int = 0
    """Connections reset or swallowed while the link was cut."""
    severed: int = 0
    """Open connections closed by a cut."""
    bytes_forwarded: int = 0
    bytes_dropped: int = 0


@dataclass
class Link:
    """A proxy from node ``src`` to node ``dst`` (which listens on ``target_port``)."""

    src: int
    dst: int
    target_port: int
    port: int = 0
    mode: Mode = Mode.OPEN
    stats: LinkStats = field(default_factory=LinkStats)
    server: asyncio.AbstractServer | None = None
    conns: set[asyncio.StreamWriter] = field(default_factory=set)
    """Writers of every live connection (both sides), so a cut can close them."""
    held: set[asyncio.StreamWriter] = field(default_factory=set)
    """Swallowed connections, closed when the link is healed."""
    tap: Callable[[str, bytes], None] | None = None
    """Called (on the proxy's thread) with the path and body of every HTTP request forwarded."""

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


class ProxyNet:
    """Directed proxies between numbered nodes, with cuts per node or per link."""

    def __init__(self) -> None:
        self.links: dict[tuple[int, int], Link] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="loopback-proxy", daemon=True)
        self._thread.start()

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float = 10) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    # --- set-up -------------------------------------------------------------------

    def add_link(self, src: int, dst: int, target_port: int) -> Link:
        """Start a proxy for ``src``'s traffic to ``dst`` and return it (its ``url`` goes in src's peers)."""
        link = Link(src, dst, target_port)

        async def start() -> None:
            link.server = await asyncio.start_server(
                lambda r, w: self._accept(link, r, w), HOST, 0, reuse_address=True
            )
            link.port = link.server.sockets[0].getsockname()[1]

        self._call(start())
        self.links[(src, dst)] = link
        return link

    def mesh(self, ports: dict[int, int]) -> dict[int, list[str]]:
        """A link for every ordered pair of nodes; returns each node's peer URLs."""
        peers: dict[int, list[str]] = {i: [] for i in ports}
        for i in ports:
            for j in ports:
                if i != j:
                    peers[i].append(self.add_link(i, j, ports[j]).url)
        return peers

    def close(self) -> None:
        async def stop() -> None:
            for link in self.links.values():
                if link.server is not None:
                    link.server.close()
                self._sever(link)
                for w in list(link.held):
                    w.close()

        with contextlib.suppress(Exception):
            self._call(stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    # --- perturbations ------------------------------------------------------------

    def links_of(self, node: int) -> list[Link]:
        return [lk for (s, d), lk in self.links.items() if node in (s, d)]

    def cut(self, links: Iterable[Link], mode: Mode = Mode.BLACKHOLE) -> None:
        if mode is Mode.OPEN:
            raise ValueError("cut needs REFUSE or BLACKHOLE")

        async def do() -> None:
            for link in links:
                link.mode = mode
                self._sever(link)

        self._call(do())

    def heal(self, links: Iterable[Link]) -> None:
        async def do() -> None:
            for link in links:
                link.mode = Mode.OPEN
                for w in list(link.held):
                    w.close()
                link.held.clear()

        self._call(do())

    def disconnect(self, node: int, mode: Mode = Mode.BLACKHOLE) -> None:
        """Cut every link into and out of ``node``."""
        self.cut(self.links_of(node), mode)

    def reconnect(self, node: int) -> None:
        self.heal(self.links_of(node))

    def tap_out(self, node: int, fn: Callable[[str, bytes], None] | None) -> None:
        """See every request ``node`` sends to its peers (``fn(path, body)``); None stops it.

        Open connections on those links are closed so that parsing starts at a request boundary
        (the node reconnects at once).
        """

        async def do() -> None:
            for (s, _d), link in self.links.items():
                if s == node:
                    link.tap = fn
                    self._sever(link)

        self._call(do())

    def stats_of(self, node: int) -> LinkStats:
        total = LinkStats()
        for link in self.links_of(node):
            for k in vars(total):
                setattr(total, k, getattr(total, k) + getattr(link.stats, k))
        return total

    # --- the forwarding -------------------------------------------------------------

    def _sever(self, link: Link) -> None:
        for w in list(link.conns):
            link.stats.severed += 1
            with contextlib.suppress(Exception):
                w.transport.abort()
        link.conns.clear()

    async def _accept(self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if link.mode is Mode.REFUSE:
            link.stats.refused += 1
            writer.transport.abort()
            return
        if link.mode is Mode.BLACKHOLE:
            link.stats.refused += 1
            await self._swallow(link, reader, writer)
            return
        try:
            up_r, up_w = await asyncio.open_connection(HOST, link.target_port)
        except OSError:
            writer.transport.abort()
            return
        if link.mode is not Mode.OPEN:  # cut while we were connecting
            up_w.transport.abort()
            writer.transport.abort()
            return
        link.stats.connections += 1
        link.conns.update((writer, up_w))
        tap = _RequestTap(link) if link.tap is not None else None
        await asyncio.gather(self._pump(link, reader, up_w, tap), self._pump(link, up_r, writer))
        link.conns.discard(writer)
        link.conns.discard(up_w)

    async def _pump(
        self, link: Link, src: asyncio.StreamReader, dst: asyncio.StreamWriter, tap: _RequestTap | None = None
    ) -> None:
        try:
            while True:
                data = await src.read(CHUNK)
                if not data:
                    break
                if link.mode is not Mode.OPEN:
                    link.stats.bytes_dropped += len(data)
                    break
                if tap is not None:
                    tap.feed(data)
                dst.write(data)
                link.stats.bytes_forwarded += len(data)
                await dst.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            with contextlib.suppress(Exception):
                if dst.can_write_eof():
                    dst.write_eof()
                else:
                    dst.close()
            if link.mode is not Mode.OPEN:
                with contextlib.suppress(Exception):
                    dst.transport.abort()

    async def _swallow(self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link.held.add(writer)
        try:
            while link.mode is Mode.BLACKHOLE and writer in link.held:
                data = await reader.read(CHUNK)
                if not data:
                    break
                link.stats.bytes_dropped += len(data)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            link.held.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()



class _RequestTap:
    """Splits the client side of an HTTP/1.1 connection into requests (Content-Length bodies only)."""

    def __init__(self, link: Link) -> None:
        self.link = link
        self.buf = bytearray()

    def feed(self, data: bytes) -> None:
        self.buf += data
        while True:
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self.buf[:end]).decode("latin-1").split("\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if len(self.buf) < end + 4 + length:
                return
            body = bytes(self.buf[end + 4 : end + 4 + length])
            del self.buf[: end + 4 + length]
            parts = head[0].split(" ")
            tap = self.link.tap
            if tap is not None and len(parts) >= 2:
                with contextlib.suppress(Exception):
                    tap(parts[1], body)
