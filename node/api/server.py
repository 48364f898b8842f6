"""The node's HTTP/JSON API (FastAPI), described by the OpenAPI document at ``/openapi.json``.

Every error leaves as ``{"error": {"code", "message", "data"}}`` with a stable
code.  Reads go to the store (never half a block); state reads come with a
proof against the state root of a committed header, so a light client can
check them itself.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from node.api.limits import LimitsMiddleware
from node.core import merkle
from node.core.address import format_address, parse_address
from node.core.blocks import Block, Commit, Header
from node.core.encoding import decode, encode, to_json
from node.core.errors import DecodeError, DepotError
from node.core.state_tree import InvalidStateKey
from node.core.transactions import decode_transaction
from node.core.validators import ValidatorSet
from node.modules.accounts.records import Account, account_key
from node.views import block_json, block_summary, commit_json, event_json, header_json, tx_json

if TYPE_CHECKING:
    from node.service import Node


class NotFound(DepotError):
    code = "not_found"
    http_status = 404


class NodeStopping(DepotError):
    code = "node_stopping"
    http_status = 503


class MalformedRequest(DepotError):
    code = "malformed_request"


class MalformedJson(DepotError):
    code = "malformed_json"


# --- documented shapes (OpenAPI) ---------------------------------------------------------


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable error code")
    message: str = Field(description="What went wrong, for people")
    data: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class SubmitTx(BaseModel):
    tx: str = Field(description="Hex of the canonical transaction encoding")


class SubmitBatch(BaseModel):
    txs: list[str] = Field(description="Hex encodings, at most max_batch_txs")


class Submitted(BaseModel):
    tx_id: str
    status: str = "pending"


class ValidatorView(BaseModel):
    address: str
    scheme: int
    public_key: str
    power: int
    operator: str


class NodeInfo(BaseModel):
    name: str
    version: str
    mode: str


class Status(BaseModel):
    chain_id: str
    genesis_hash: str
    height: int
    block_id: str
    state_root: str
    time: int
    validators: list[ValidatorView]
    mempool_size: int
    node: NodeInfo


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse},
    404: {"model": ErrorResponse},
    413: {"model": ErrorResponse},
    429: {"model": ErrorResponse},
}


def _height_param(raw: str, latest: int) -> int:
    if raw == "latest":
        return latest
    try:
        h = int(raw)
    except ValueError as exc:
        raise MalformedRequest(f"not a height: {raw!r}") from exc
    if h < 0:
        raise MalformedRequest("height must not be negative")
    return h


def _hex32(raw: str, what: str) -> bytes:
    try:
        b = bytes.fromhex(raw)
    except ValueError as exc:
        raise MalformedRequest(f"{what} must be hex") from exc
    if len(b) != 32:
        raise MalformedRequest(f"{what} must be 32 bytes")
    return b


def validators_json(vset: ValidatorSet) -> list[dict[str, Any]]:
    return [
        {
            "address": format_address(v.address),
            "scheme": int(v.scheme),
            "public_key": v.public_key.hex(),
            "power": int(v.power),
            "operator": format_address(v.operator),
        }
        for v in vset.validators
    ]


def create_app(node: Node) -> Any:
    app = FastAPI(
        title="Depot node API",
        version="1",
        description="HTTP/JSON API of a Depot consortium-chain node. See docs/api.md.",
        responses=ERRORS,
    )
    store = node.store
    chain = node.chain
    registry = node.registry

    @app.exception_handler(DepotError)
    async def depot_error(_req: Request, exc: DepotError) -> JSONResponse:
        return JSONResponse({"error": exc.to_json()}, status_code=exc.http_status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_req: Request, exc: RequestValidationError) -> JSONResponse:
        errs = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errs):
            return JSONResponse(
                {"error": {"code": "malformed_json", "message": "the request body is not valid JSON"}},
                status_code=400,
            )
        first = errs[0] if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return JSONResponse(
            {"error": {"code": "invalid_request", "message": f"{where}: {first.get('msg', 'invalid')}"}},
            status_code=400,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_req: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "not_found" if exc.status_code == 404 else "http_error"
        return JSONResponse({"error": {"code": code, "message": str(exc.detail)}}, status_code=exc.status_code)

    async def in_thread(fn: Any, *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

    # --- status -------------------------------------------------------------------

    @app.get("/v1/status", response_model=Status, summary="Chain and node status")
    async def status() -> dict[str, Any]:
        h = chain.last_header
        return {
            "chain_id": chain.chain_id,
            "genesis_hash": chain.genesis_hash.hex(),
            "height": chain.height,
            "block_id": chain.last_block_id.hex(),
            "state_root": chain.state_root.hex(),
            "time": int(h.time_ms) if h else int(chain.genesis.genesis_time_ms),
            "validators": validators_json(chain.validators()),
            "mempool_size": len(node.mempool),
            "node": {
                "name": node.config.name,
                "version": "0.1.0",
                "mode": "validator" if node.signer else "full",
            },
        }

    @app.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, Any]:
        return {"ok": True, "height": chain.height}

    @app.get("/metrics", response_class=PlainTextResponse, summary="Prometheus metrics")
    async def metrics() -> str:
        lines = [
            "# TYPE depot_height gauge",
            f"depot_height {chain.height}",
            "# TYPE depot_mempool_size gauge",
            f"depot_mempool_size {len(node.mempool)}",
            "# TYPE depot_stream_subscribers gauge",
            f"depot_stream_subscribers {node.hub.subscriber_count}",
            "# TYPE depot_uptime_seconds gauge",
            f"depot_uptime_seconds {time.monotonic() - node.started_at:.1f}",
        ]
        for k, v in node.metrics.items():
            kind = "counter" if k.endswith("_total") else "gauge"
            lines += [f"# TYPE depot_{k} {kind}", f"depot_{k} {v}"]
        return "\n".join(lines) + "\n"

    # --- transactions -------------------------------------------------------------

    async def _tx_from_request(request: Request) -> bytes:
        body = await request.body()
        if request.headers.get("content-type", "").startswith("application/octet-stream"):
            return body
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise MalformedJson("the request body is not valid JSON") from exc
        if not isinstance(data, dict) or not isinstance(data.get("tx"), str):
            raise MalformedRequest('expected {"tx": "<hex>"}')
        try:
            return bytes.fromhex(data["tx"])
        except ValueError as exc:
            raise DecodeError("the transaction is not valid hex") from exc

    @app.post(
        "/v1/txs",
        status_code=202,
        response_model=Submitted,
        summary="Submit a transaction",
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/json": {"schema": SubmitTx.model_json_schema()},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                },
                "required": True,
            }
        },
    )
    async def submit(request: Request) -> dict[str, Any]:
        raw = await _tx_from_request(request)
        tx = decode_transaction(raw)
        tid = await node.submit(tx, raw)
        return {"tx_id": tid.hex(), "status": "pending"}

    @app.post("/v1/txs/batch", summary="Submit many transactions; results in order")
    async def submit_batch(batch: SubmitBatch) -> dict[str, Any]:
        if len(batch.txs) > node.config.max_batch_txs:
            raise MalformedRequest(f"at most {node.config.max_batch_txs} transactions per batch")
        results: list[dict[str, Any] | None] = [None] * len(batch.txs)
        txs = []
        raws = []
        where = []
        for i, h in enumerate(batch.txs):
            try:
                raw = bytes.fromhex(h)
                txs.append(decode_transaction(raw))
                raws.append(raw)
                where.append(i)
            except ValueError:
                results[i] = {"error": {"code": "malformed_encoding", "message": "not hex"}}
            except DepotError as exc:
                results[i] = {"error": exc.to_json()}
        outcomes = await node.submit_many(txs, raws)
        for i, r in zip(where, outcomes, strict=True):
            results[i] = {"error": r.to_json()} if isinstance(r, DepotError) else {"tx_id": r.hex(), "status": "pending"}
        return {"results": results}

    def _tx_view(tid: bytes) -> dict[str, Any]:
        loc = store.tx_location(tid)
        if loc is None:
            if tid in node.mempool:
                return {"tx_id": tid.hex(), "status": "pending"}
            raise NotFound(f"no transaction {tid.hex()}")
        raw_block = store.block(loc.height)
        if raw_block is None:  # pragma: no cover - the index and blocks commit together
            raise NotFound("block missing")
        block = decode(Block, raw_block)
        encoded = [encode(t) for t in block.txs]
        tx = block.txs[loc.index]
        proof = merkle.prove(encoded, loc.index)
        events = [
            event_json(e.height, e.tx_index, tid.hex(), e.kind, e.attrs)
            for e in store.events(loc.height, loc.height, limit=100_000)
            if e.tx_index == loc.index
        ]
        return {
            "tx_id": tid.hex(),
            "status": "committed",
            "height": loc.height,
            "index": loc.index,
            "tx": tx_json(registry, tx),
            "raw": encoded[loc.index].hex(),
            "result": {"code": loc.result_code, "ok": loc.ok, "events": events},
            "proof": proof.to_json(),
            "txs_root": block.header.txs_root.hex(),
        }

    @app.get("/v1/txs/{tx_id}", summary="A transaction with its inclusion proof")
    async def get_tx(tx_id: str) -> dict[str, Any]:
        return await in_thread(_tx_view, _hex32(tx_id, "tx id"))  # type: ignore[no-any-return]

    @app.get("/v1/txs/{tx_id}/wait", summary="Wait until a transaction is committed")
    async def wait_tx(tx_id: str, timeout_s: float = Query(10.0, ge=0, le=60)) -> dict[str, Any]:
        tid = _hex32(tx_id, "tx id")
        fut = node.hub.wait_for(tid)
        try:
            # Wait even for a transaction this node has not seen yet: it may have been submitted
            # to another validator and reach us by gossip, or only in a block.
            if await in_thread(store.tx_location, tid) is None:
                try:
                    await asyncio.wait_for(asyncio.shield(fut), timeout=timeout_s)
                except TimeoutError:
                    pass
        finally:
            node.hub.cancel_wait(tid, fut)
        return await in_thread(_tx_view, tid)  # type: ignore[no-any-return]

    # --- blocks -------------------------------------------------------------------

    @app.get("/v1/blocks", summary="Recent block summaries, newest first")
    async def blocks(before: int | None = Query(None, ge=0), limit: int = Query(20, ge=1, le=100)) -> dict[str, Any]:
        def load() -> list[dict[str, Any]]:
            out = []
            for m in store.recent_blocks(before, limit):
                s = block_summary(dict(m))
                raw = store.header(m["height"])
                if raw is not None:
                    hd = decode(Header, raw)
                    s["proposer"] = format_address(hd.proposer)
                    s["txs_root"] = hd.txs_root.hex()
                out.append(s)
            return out

        return {"blocks": await in_thread(load)}

    def _resolve_height(ref: str) -> int:
        if len(ref) == 64:
            h = store.height_of_block(_hex32(ref, "block id"))
            if h is None:
                raise NotFound(f"no block {ref}")
            return h
        h = _height_param(ref, chain.height)
        if h < 1 or h > chain.height:
            raise NotFound(f"no block at height {h} (latest is {chain.height})")
        return h

    @app.get("/v1/blocks/{ref}", summary="A block by height, id or 'latest'")
    async def block(ref: str) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            h = _resolve_height(ref)
            raw = store.block(h)
            if raw is None:
                raise NotFound(f"no block at height {h}")
            out = block_json(registry, decode(Block, raw))
            out["header_raw"] = (store.header(h) or b"").hex()
            return out

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/blocks/{ref}/tx_ids", summary="The ids of a block's transactions, in order (from the index)")
    async def block_tx_ids(ref: str) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            h = _resolve_height(ref)
            return {"height": h, "tx_ids": [bytes(t).hex() for t in store.tx_ids_in_block(h)]}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/headers/{ref}", summary="A header by height, id or 'latest'")
    async def header(ref: str) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            h = _resolve_height(ref)
            raw = store.header(h)
            if raw is None:
                raise NotFound(f"no header at height {h}")
            hd = decode(Header, raw)
            return {"height": h, "block_id": hd.block_id().hex(), "header": header_json(hd), "header_raw": raw.hex()}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/commits/{ref}", summary="The commit that finalised a block")
    async def commit(ref: str) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            h = _resolve_height(ref)
            raw = store.commit(h)
            if raw is None:
                raise NotFound(f"no commit at height {h}")
            return {"height": h, "commit": commit_json(decode(Commit, raw)), "commit_raw": raw.hex()}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/validators", summary="The validator set in force at a height")
    async def validators(height: int | None = Query(None, ge=1)) -> dict[str, Any]:
        h = chain.height + 1 if height is None else height
        raw = await in_thread(store.validator_set_at, h)
        vset = decode(ValidatorSet, raw)
        return {"height": h, "validators": validators_json(vset), "hash": vset.hash().hex(), "raw": raw.hex()}

    # --- state --------------------------------------------------------------------

    def _proven(key: bytes, at: int | None = None) -> dict[str, Any]:
        if at is None:
            # Snapshot height and root together: the writer may commit meanwhile.
            height, root = chain.height, bytes(chain.state_root)
        else:
            if at > chain.height:
                raise NotFound(f"no state at height {at} (latest is {chain.height})")
            stored = store.state_root(at)
            if stored is None:
                raise NotFound(f"no state root at height {at}")
            height, root = at, bytes(stored)
        with node.read_tree_lock:
            value, proof = node.read_tree.prove(root, key)
        return {
            "key": key.hex(),
            "value": value.hex() if value is not None else None,
            "height": height,
            "state_root": root.hex(),
            "proof": proof.encode().hex(),
            "proof_json": proof.to_json(),
        }

    @app.get("/v1/accounts/{address}", summary="An account with its state proof")
    async def account(address: str, height: int | None = Query(None, ge=0)) -> dict[str, Any]:
        addr = parse_address(address)

        def load() -> dict[str, Any]:
            out = _proven(account_key(addr), height)
            acct = decode(Account, bytes.fromhex(out["value"])) if out["value"] else None
            view = to_json(acct) if acct else None
            if view is not None:
                view["organisation"] = view.pop("org_id")
                view["escrow"] = view["frozen"]  # the documented name; "frozen" is the record's
            out.update({"address": format_address(addr), "exists": acct is not None, "account": view})
            return out

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/state/{key_hex}", summary="Any state record with a membership or non-membership proof")
    async def state(key_hex: str, height: int | None = Query(None, ge=0)) -> dict[str, Any]:
        try:
            key = bytes.fromhex(key_hex)
        except ValueError as exc:
            raise MalformedRequest("key must be hex") from exc
        if not 1 <= len(key) <= 256:
            raise InvalidStateKey("a state key is 1 to 256 bytes")

        def load() -> dict[str, Any]:
            out = _proven(key, height)
            rt = registry.record_type_for(key)
            if rt is not None and out["value"] is not None:
                out["record_type"] = rt.name
                out["record"] = to_json(decode(rt.record_type, bytes.fromhex(out["value"])))
            return out

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/records", summary="Latest records under a key prefix, decoded (no proofs), keyset-paged")
    async def records(
        prefix: str = Query(..., description="hex key prefix, e.g. hex of b'acct/'"),
        after: str | None = Query(None, description="hex key to continue after"),
        limit: int = Query(100, ge=1, le=1000),
    ) -> dict[str, Any]:
        try:
            p = bytes.fromhex(prefix)
            a = bytes.fromhex(after) if after else None
        except ValueError as exc:
            raise MalformedRequest("prefix and after must be hex") from exc
        if not p:
            raise MalformedRequest("a prefix is required")

        def load() -> dict[str, Any]:
            out = []
            for k, v in store.iter_state(p, after=a, limit=limit):
                item: dict[str, Any] = {"key": k.hex(), "value": v.hex()}
                rt = registry.record_type_for(k)
                if rt is not None:
                    item["record_type"] = rt.name
                    item["record"] = to_json(decode(rt.record_type, v))
                out.append(item)
            return {"height": chain.height, "records": out, "next": out[-1]["key"] if len(out) == limit else None}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/evidence", summary="Evidence of validator misbehaviour committed on chain")
    async def evidence(limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        from node.core.evidence import EVIDENCE_PREFIX, EvidenceRecord

        def load() -> dict[str, Any]:
            out = []
            for k, v in store.iter_state(EVIDENCE_PREFIX, limit=limit):
                rec = decode(EvidenceRecord, v)
                out.append(
                    {
                        "evidence": k[len(EVIDENCE_PREFIX):].hex(),
                        "validator": format_address(rec.validator),
                        "height": int(rec.height),
                        "round": int(rec.round),
                        "vote_type": int(rec.vote_type),
                        "committed_height": int(rec.committed_height),
                        "votes": [
                            {"block_id": sv.vote.block_id.hex(), "signature": sv.signature.hex()}
                            for sv in (rec.evidence.vote_a, rec.evidence.vote_b)
                        ],
                    }
                )
            return {"evidence": out}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/genesis", summary="The genesis document (JSON) this chain started from")
    async def genesis() -> dict[str, Any]:
        from node.core.genesis import genesis_to_json

        return genesis_to_json(registry, chain.genesis)  # clients hash it and compare with their pin

    @app.get("/v1/raw/headers", summary="Encoded headers with their commits, for light clients")
    async def raw_headers(from_height: int = Query(..., ge=1), limit: int = Query(100, ge=1, le=500)) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            out = []
            last = min(chain.height, from_height + limit - 1)
            for h in range(from_height, last + 1):
                hd, c = store.header(h), store.commit(h)
                if hd is None or c is None:
                    break
                out.append({"height": h, "header": hd.hex(), "commit": c.hex()})
            return {"latest": chain.height, "headers": out}

        return await in_thread(load)  # type: ignore[no-any-return]

    @app.get("/v1/raw/blocks", summary="Encoded blocks with their commits, for syncing nodes")
    async def raw_blocks(from_height: int = Query(..., ge=1), limit: int = Query(50, ge=1, le=500)) -> dict[str, Any]:
        def load() -> dict[str, Any]:
            out = []
            last = min(chain.height, from_height + limit - 1)
            for h in range(from_height, last + 1):
                b, c = store.block(h), store.commit(h)
                if b is None or c is None:
                    break
                out.append({"height": h, "block": b.hex(), "commit": c.hex()})
            return {"latest": chain.height, "blocks": out}

        return await in_thread(load)  # type: ignore[no-any-return]

    # --- events -------------------------------------------------------------------

    @app.get("/v1/events", summary="Events in a height range, paged by a cursor")
    async def events(
        from_height: int = Query(1, ge=0),
        to_height: int | None = Query(None, ge=0),
        kind: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
        after: str | None = Query(
            None, pattern=r"^[0-9]{1,18}:[0-9]{1,9}$",
            description="the 'next' of the previous page: go on after that event (also inside one block)",
        ),
    ) -> dict[str, Any]:
        cursor = None
        if after is not None:
            h, q = after.split(":")
            cursor = (int(h), int(q))
        last: list[tuple[int, int]] = []

        def build() -> list[dict[str, Any]]:
            rows = store.events(from_height, to_height, kind, limit, after=cursor)
            if len(rows) == limit:
                last.append((rows[-1].height, rows[-1].seq))
            ids_by_height: dict[int, list[bytes]] = {}
            out = []
            for e in rows:
                tid = None
                if e.tx_index is not None:
                    ids = ids_by_height.get(e.height)
                    if ids is None:
                        ids = ids_by_height[e.height] = store.tx_ids_in_block(e.height)
                    tid = ids[e.tx_index].hex() if e.tx_index < len(ids) else None
                out.append(event_json(e.height, e.tx_index, tid, e.kind, e.attrs))
            return out

        out = await in_thread(build)
        return {"events": out, "next": f"{last[0][0]}:{last[0][1]}" if last else None}

    @app.get("/v1/stream", summary="Server-Sent Events: 'block' and 'chain_event'")
    async def stream(
        request: Request, events: bool = Query(True, description="also send every chain event")
    ) -> StreamingResponse:
        if node.hub.closed:
            raise NodeStopping("the node is stopping; reconnect shortly")
        sub = node.hub.subscribe(events)

        async def gen() -> Any:
            try:
                yield f"event: hello\ndata: {json.dumps({'height': chain.height, 'chain_id': chain.chain_id})}\n\n"
                while True:
                    try:
                        item = await asyncio.wait_for(sub.queue.get(), timeout=15)
                    except TimeoutError:
                        if await request.is_disconnected():
                            break
                        yield ": keep-alive\n\n"
                        continue
                    if item is None:
                        break
                    name, data = item
                    yield f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
            finally:
                node.hub.unsubscribe(sub)

        return StreamingResponse(
            gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
        )

    from node.api.p2p import p2p_router

    app.include_router(p2p_router(node))

    return LimitsMiddleware(
        app,
        max_body=node.config.max_body_bytes,
        max_batch_body=node.config.max_batch_body_bytes,
        rate_per_s=node.config.rate_limit_per_s,
        burst=node.config.rate_limit_burst,
    )
