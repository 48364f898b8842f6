"""Validator-to-validator endpoints: proposals, votes, transaction gossip and status (binary bodies)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response

from node.core.errors import DepotError

if TYPE_CHECKING:
    from node.service import Node


class NoConsensus(DepotError):
    code = "no_consensus"
    http_status = 404


def p2p_router(node: Node) -> APIRouter:
    router = APIRouter(prefix="/p2p", tags=["p2p"])

    def driver():  # type: ignore[no-untyped-def]
        if node.consensus is None:
            raise NoConsensus("this node takes no part in consensus")
        return node.consensus

    async def _receive(kind: str, request: Request) -> Response:
        body = await request.body()
        await driver().receive(kind, body)
        return Response(status_code=202)

    @router.post("/vote", summary="A signed prevote or precommit (canonical SignedVote)")
    async def vote(request: Request) -> Response:
        return await _receive("vote", request)

    @router.post("/proposal", summary="A signed proposal with its block (canonical SignedProposal)")
    async def proposal(request: Request) -> Response:
        return await _receive("proposal", request)

    @router.post("/txs", summary="Gossiped transactions (canonical TxBatch)")
    async def txs(request: Request) -> Response:
        return await _receive("txs", request)

    @router.post("/status", summary="A peer's committed height (ASCII integer)")
    async def status(request: Request) -> Response:
        body = await request.body()
        try:
            h = int(body.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            return Response(status_code=400)
        driver().on_status(h)
        return Response(status_code=202)

    @router.get("/proposal/{height}/{block_id}", summary="A proposal this node holds, by block id")
    async def get_proposal(height: int, block_id: str) -> Response:
        try:
            bid = bytes.fromhex(block_id)
        except ValueError:
            return Response(status_code=400)
        raw = driver().proposal_for(height, bid)
        if raw is None:
            return Response(status_code=404)
        return Response(content=raw, media_type="application/octet-stream")

    return router
