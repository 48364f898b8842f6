"""A malicious node for tests: a real HTTP server on loopback that serves a chain we build, and lies on demand.

``EvilNode`` speaks the node API (docs/api.md) the light client and full
sync use: status, genesis, headers, commits, validator sets, ranges of
headers and raw blocks, state with proofs, transactions with inclusion
proofs.  What it serves comes from a ``SyntheticChain`` (any validator keys,
any validator-set changes) or from a real node's ``Store`` (full sync).
Each attack is a knob:

- ``light_blocks[h]``: serve this light block (header, commit, validator
  set) at height ``h`` instead of the chain's (forged headers, too little
  power, outsiders' signatures, a fork's other side);
- ``validator_sets[h]``: serve this set for height ``h``;
- ``withhold``: heights answered 404 although ``status`` claims them;
- ``range_heights``: rewrite the heights a range answer contains
  (withheld or reordered ranges);
- ``state_tamper`` / ``tx_tamper``: rewrite a state or transaction answer;
- ``raw_blocks_tamper``: rewrite a raw block range (full sync);
- ``claimed_height``, ``claimed_genesis_hash``: lie in the status.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

from node.core.blocks import Commit, Header
from node.core.encoding import encode
from node.core.genesis import Genesis, genesis_hash, genesis_to_json
from node.core.state_tree import StateTree
from node.core.validators import ValidatorSet
from node.light.synthetic import SyntheticChain
from node.light.types import LightBlock
from node.modules import default_registry
from node.storage import Store

Json = dict[str, Any]


class NotFound(Exception):
    pass


@dataclass
class EvilNode:
    """See the module docstring.  Use as a context manager; ``url`` is where it listens."""

    chain: SyntheticChain | None = None
    store: Store | None = None
    genesis: Genesis | None = None
    light_blocks: dict[int, LightBlock] = field(default_factory=dict)
    validator_sets: dict[int, ValidatorSet] = field(default_factory=dict)
    withhold: set[int] = field(default_factory=set)
    range_heights: Callable[[list[int]], list[int]] | None = None
    state_tamper: Callable[[Json], Json] | None = None
    tx_tamper: Callable[[Json], Json] | None = None
    raw_blocks_tamper: Callable[[list[Json]], list[Json]] | None = None
    claimed_height: int | None = None
    claimed_genesis_hash: bytes | None = None
    serve_genesis: bool = True
    serve_header_ranges: bool = True
    serve_raw_blocks: bool = True
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if (self.chain is None) == (self.store is None):
            raise ValueError("serve either a synthetic chain or a store")
        if self.store is not None and self.genesis is None:
            raise ValueError("a store needs its genesis")
        self._server: ThreadingHTTPServer | None = None
        self._tree = StateTree(self.store) if self.store is not None else None
        self._lock = threading.Lock()

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> EvilNode:
        node = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                node.requests.append(self.path)
                try:
                    status, body = 200, node.route(self.path)
                except NotFound as exc:
                    status, body = 404, {"error": {"code": "not_found", "message": str(exc)}}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # --- the chain served ------------------------------------------------------------------------

    @property
    def chain_id(self) -> str:
        if self.chain is not None:
            return self.chain.chain_id
        assert self.genesis is not None
        return self.genesis.chain_id

    def _genesis(self) -> Genesis:
        if self.chain is not None:
            return self.chain.genesis
        assert self.genesis is not None
        return self.genesis

    def height(self) -> int:
        if self.chain is not None:
            return self.chain.height
        assert self.store is not None
        return self.store.latest_height()

    def light_block(self, h: int) -> LightBlock:
        if h in self.withhold or not 1 <= h <= self.height():
            raise NotFound(f"no block at height {h}")
        if h in self.light_blocks:
            return self.light_blocks[h]
        if self.chain is not None:
            lb = self.chain.light_block(h)
        else:
            from node.core.encoding import decode

            assert self.store is not None
            lb = LightBlock(
                decode(Header, self.store.header(h) or b""),
                decode(Commit, self.store.commit(h) or b""),
                decode(ValidatorSet, self.store.validator_set_at(h)),
            )
        if h in self.validator_sets:
            lb = LightBlock(lb.header, lb.commit, self.validator_sets[h])
        return lb

    def vset(self, h: int) -> ValidatorSet:
        if h in self.validator_sets:
            return self.validator_sets[h]
        if h in self.light_blocks:
            return self.light_blocks[h].validators
        if self.chain is not None:
            return self.chain.validators_at(h)
        assert self.store is not None
        from node.core.encoding import decode

        return decode(ValidatorSet, self.store.validator_set_at(h))

    # --- routes --------------------------------------------------------------------------------

    def route(self, path: str) -> Json:
        u = urlparse(path)
        q = {k: v[0] for k, v in parse_qs(u.query).items()}
        parts = [p for p in u.path.split("/") if p]
        if parts == ["v1", "status"]:
            return {
                "chain_id": self.chain_id,
                "genesis_hash": (self.claimed_genesis_hash or genesis_hash(self._genesis())).hex(),
                "height": self.claimed_height if self.claimed_height is not None else self.height(),
            }
        if parts == ["v1", "genesis"]:
            if not self.serve_genesis:
                raise NotFound("no such route")
            return genesis_to_json(default_registry(), self._genesis())
        if len(parts) == 3 and parts[:2] == ["v1", "headers"]:
            lb = self.light_block(int(parts[2]))
            return {"height": lb.height, "block_id": lb.block_id.hex(), "header_raw": encode(lb.header).hex()}
        if len(parts) == 3 and parts[:2] == ["v1", "commits"]:
            lb = self.light_block(int(parts[2]))
            return {"height": lb.height, "commit_raw": encode(lb.commit).hex()}
        if parts == ["v1", "validators"]:
            h = int(q["height"])
            if h > self.height() + 1:
                raise NotFound(f"no validator set for {h}")
            vs = self.vset(h)
            return {"height": h, "hash": vs.hash().hex(), "raw": encode(vs).hex()}
        if parts == ["v1", "raw", "headers"]:
            if not self.serve_header_ranges:
                raise NotFound("no such route")
            return self._range(int(q["from_height"]), int(q.get("limit", 100)), "headers")
        if parts == ["v1", "raw", "blocks"]:
            if not self.serve_raw_blocks:
                raise NotFound("no such route")
            return self._range(int(q["from_height"]), int(q.get("limit", 50)), "blocks")
        if len(parts) == 3 and parts[:2] == ["v1", "state"]:
            return self._state(bytes.fromhex(parts[2]), int(q["height"]))
        if len(parts) == 3 and parts[:2] == ["v1", "txs"]:
            return self._tx(bytes.fromhex(parts[2]))
        raise NotFound(f"no route {u.path}")

    def _range(self, start: int, limit: int, kind: str) -> Json:
        latest = self.height()
        heights = list(range(start, min(latest, start + limit - 1) + 1))
        if self.range_heights is not None:
            heights = self.range_heights(heights)
        items = []
        for h in heights:
            if kind == "headers":
                lb = self.light_block(h)
                items.append({"height": h, "header": encode(lb.header).hex(), "commit": encode(lb.commit).hex()})
            else:
                items.append(self._raw_block(h))
        if kind == "blocks" and self.raw_blocks_tamper is not None:
            items = self.raw_blocks_tamper(items)
        claimed = self.claimed_height if self.claimed_height is not None else latest
        return {"latest": claimed, kind: items}

    def _raw_block(self, h: int) -> Json:
        if self.chain is not None:
            return {"height": h, "block": encode(self.chain.block(h)).hex(), "commit": encode(self.chain.commit(h)).hex()}
        assert self.store is not None
        b, c = self.store.block(h), self.store.commit(h)
        if b is None or c is None:
            raise NotFound(f"no block {h}")
        return {"height": h, "block": b.hex(), "commit": c.hex()}

    def _state(self, key: bytes, h: int) -> Json:
        if self.chain is not None:
            value, proof = self.chain.prove(key, h)
            root = self.chain.roots[h]
        else:
            assert self.store is not None and self._tree is not None
            stored = self.store.state_root(h)
            if stored is None:
                raise NotFound(f"no state at {h}")
            root = bytes(stored)
            with self._lock:
                value, proof = self._tree.prove(root, key)
        answer = {
            "key": key.hex(),
            "value": None if value is None else value.hex(),
            "height": h,
            "state_root": root.hex(),
            "proof": proof.encode().hex(),
        }
        return self.state_tamper(answer) if self.state_tamper is not None else answer

    def _tx(self, tx_id: bytes) -> Json:
        if self.chain is None:
            raise NotFound("transactions are served from synthetic chains only")
        found = self.chain.tx_proof(tx_id)
        if found is None:
            raise NotFound(f"no transaction {tx_id.hex()}")
        h, i, raw, proof = found
        answer = {
            "tx_id": tx_id.hex(),
            "status": "committed",
            "height": h,
            "index": i,
            "raw": raw.hex(),
            "proof": proof.to_json(),
            "result": {"code": "ok"},
            "txs_root": self.chain.header(h).txs_root.hex(),
        }
        return self.tx_tamper(answer) if self.tx_tamper is not None else answer
