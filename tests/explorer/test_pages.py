"""Keyset pagination: no duplicates and no gaps across pages while new blocks are appended and indexed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from explorer import BadQuery, Explorer, Indexer, Page
from node.core.address import format_address
from tests.explorer.chains import Driver


def index(home: Path) -> None:
    with Indexer.open_home(home) as ix:
        ix.run()


@pytest.fixture
def busy(tmp_path: Path) -> Iterator[Driver]:
    d = Driver.new(tmp_path / "node")
    for b in range(5):
        d.block([d.transfer("alice", n, 1 + b) for n in ("bob", "carol", "dave")] + [d.transfer("bob", "alice", 2)])
    index(d.home)
    yield d
    d.close()


def page_through(fetch: Callable[[Any], Page[Any, Any]], between: Callable[[], None], key: Callable[[Any], Any]) -> list[Any]:
    """Every item of a listing, calling ``between()`` after each page (the chain grows meanwhile)."""
    out: list[Any] = []
    after = None
    while True:
        page = fetch(after)
        out += [key(x) for x in page.items]
        if page.next is None:
            return out
        after = page.next
        between()


def grow(d: Driver) -> Callable[[], None]:
    def step() -> None:
        d.block([d.transfer("alice", "bob", 3), d.transfer("carol", "alice", 4)])
        index(d.home)

    return step


def test_newest_first_history_pages_neither_repeat_nor_skip(busy: Driver) -> None:
    alice = format_address(busy.addr("alice"))
    with Explorer.open_home(busy.home) as ex:
        snapshot = [t.pos for t in ex.history(alice, limit=1000).items]
        got = page_through(lambda a: ex.history(alice, limit=3, after=a), grow(busy), lambda t: t.pos)
        # Pages keep going into the past from where they were: exactly the history as it was
        # when the first page was read, in order, although blocks were appended meanwhile.
        assert got == snapshot
        assert len(ex.history(alice, limit=1000).items) > len(snapshot)


def test_oldest_first_listing_grows_at_the_end(busy: Driver) -> None:
    with Explorer.open_home(busy.home) as ex:
        got = page_through(lambda a: ex.txs(limit=4, after=a, newest_first=False), grow(busy), lambda t: t.pos)
        assert got == sorted(set(got))
        assert got == [t.pos for t in ex.txs(limit=1000, newest_first=False).items]


@pytest.mark.parametrize("listing", ["txs", "kind", "events", "event_party", "blocks", "records", "addresses", "block_txs"])
def test_every_listing_pages_without_gaps(busy: Driver, listing: str) -> None:
    alice = busy.addr("alice")
    with Explorer.open_home(busy.home) as ex:
        listings: dict[str, Callable[[Any, int], Page[Any, Any]]] = {
            "txs": lambda a, n: ex.txs(after=a, limit=n),
            "kind": lambda a, n: ex.txs(kind="token.transfer", after=a, limit=n),
            "events": lambda a, n: ex.events(after=a, limit=n),
            "event_party": lambda a, n: ex.events(party=alice, after=a, limit=n),
            "blocks": lambda a, n: ex.blocks(after=a, limit=n),
            "records": lambda a, n: ex.records(after=a, limit=n),
            "addresses": lambda a, n: ex.addresses(after=a, limit=n),
            "block_txs": lambda a, n: ex.txs(height=3, after=a, limit=n, newest_first=False),
        }
        fetch = listings[listing]
        growing = grow(busy) if listing not in ("records", "addresses") else (lambda: None)
        for size in (1, 2, 3):
            whole = list(fetch(None, 1000).items)  # the listing as it is before paging starts
            assert len(whole) > size

            def sized(after: Any, n: int = size) -> Page[Any, Any]:
                return fetch(after, n)

            got = page_through(sized, growing, lambda x: x)
            assert got == whole, (listing, size)


def test_filters_combine(busy: Driver) -> None:
    alice, bob = busy.addr("alice"), busy.addr("bob")
    with Explorer.open_home(busy.home) as ex:
        both = ex.txs(party=alice, kind="token.transfer", height=2, limit=100).items
        assert both and all(t.height == 2 and t.kind == "token.transfer" for t in both)
        assert {t.pos for t in both} == {t.pos for t in ex.txs(height=2, limit=100).items}
        b = ex.block(2)
        c = ex.block(3)
        assert b is not None and c is not None
        in_time = ex.txs(from_ms=b.time_ms, to_ms=c.time_ms, limit=100).items
        assert {t.height for t in in_time} == {2}
        assert ex.heights_between(b.time_ms, c.time_ms + 1) == (2, 3)
        assert ex.heights_between(c.time_ms + 10**9, None) is None
        from_bob = [t for t in ex.history(bob, limit=100).items if t.sender == format_address(bob)]
        assert len(from_bob) == 5
        assert ex.txs(kind="no.such", limit=10).items == ()
        with pytest.raises(BadQuery):
            ex.txs(limit=0)
        with pytest.raises(BadQuery):
            ex.txs(limit=100_000)
