"""Bad input from peers: POSTed straight to a validator's /p2p/* endpoints, each refused without effect.

Malformed and oversized bodies, votes with bad signatures or from outside
the set, proposals from the wrong validator or with blocks that do not
match, a correctly signed proposal of an invalid block, messages for
far-future heights and rounds, and a flood of next-height junk.  Each is
refused with a 4xx where the API refuses it, and none has an effect: the
node keeps running, the chain keeps going, balances, nonces and evidence
stay as they were, and (for the signed invalid block) the node prevotes nil,
as seen on the wire by tapping what it sends its peers.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from node.consensus.messages import (
    TxBatch,
)
from node.consensus.tendermint import NIL
from node.core.address import address_of_key
from node.core.blocks import (
    SignedVote,
    Vote,
    vote_signing_message,
)
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import decode, encode
from node.core.types import U8, Hash32, Height, Round
from tests.e2e.bft_harness import (
    OCTET,
    Wire,
    bft_fixture,  # noqa: F401 - fixture
    bft_pool_fixture,  # noqa: F401 - fixture
    quiet_fixture,  # noqa: F401 - fixture
)

pytestmark = [pytest.mark.e2e, pytest.mark.bft_faults, pytest.mark.xdist_group("bft")]

TARGET = 0


def test_malformed_and_oversized_messages_are_refused(quiet: Wire) -> None:
    w = quiet
    good_vote = w.vote(w.height(), 0, NIL, by=1)
    for kind in ("vote", "proposal", "txs"):
        for body in (b"", os.urandom(7), os.urandom(3000), good_vote[:-5], good_vote + b"\x00"):
            r = w.post(kind, body)
            assert r.status_code == 400, (kind, len(body), r.status_code, r.text)
            assert r.json()["error"]["code"] == "malformed_encoding", r.text
    for body in (b"", b"tall", b"12x", "\u00e9".encode()):
        assert w.post("status", body).status_code == 400, body
    # Bigger than the limits: 1 MiB for a vote, 8 MiB for a proposal or a transaction batch.
    assert w.post("vote", b"\x00" * ((1 << 20) + 1)).status_code == 413
    assert w.post("proposal", b"\x00" * ((8 << 20) + 1)).status_code == 413
    assert w.post("txs", b"\x00" * ((8 << 20) + 1)).status_code == 413

    # Gossiped transactions that are garbage, or badly signed, are dropped, never admitted.
    junk = TxBatch((os.urandom(100), os.urandom(200)))
    assert w.post("txs", encode(junk)).status_code in (202, 400)
    assert w.client.post(f"{w.rpc}/p2p/unknown", content=b"x", headers=OCTET).status_code == 404


def test_oversized_chunked_body_is_refused_with_413(quiet: Wire) -> None:
    w = quiet

    def chunks():  # no Content-Length: the limit must hold while the body streams in
        for _ in range(40):
            yield b"\x01" * 65536

    r = w.post("vote", chunks())
    assert w.net.nodes[TARGET].running
    assert r.status_code == 413, r.status_code


def test_votes_with_bad_signatures_or_from_outsiders_are_refused(quiet: Wire) -> None:
    w = quiet
    outsider = PrivateKey.generate(Scheme.ED25519)
    fake_block = os.urandom(32)

    # A validator's address with a signature that is not its own (random, or another validator's key).
    r = w.refused_at_current_height("vote", lambda h: w.vote(h, 0, fake_block, by=1, signature=os.urandom(64)))
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_consensus_message", r.text
    r = w.refused_at_current_height("vote", lambda h: w.vote(h, 0, fake_block, by=1, sign_with=w.keys[2]))
    assert r.status_code == 400, r.text
    # A vote from a key outside the validator set.
    outsider_vote = lambda h: encode(SignedVote(  # noqa: E731
        Vote(U8(1), Height(h), Round(0), Hash32(fake_block)),
        address_of_key(int(outsider.scheme), outsider.public_key),
        Signer(outsider).sign(vote_signing_message(w.chain_id, Vote(U8(1), Height(h), Round(0), Hash32(fake_block)))),
    ))
    r = w.refused_at_current_height("vote", outsider_vote)
    assert r.status_code == 400 and "outside the set" in r.json()["error"]["message"], r.text
    # An unknown vote type, and a round far in the future.
    r = w.refused_at_current_height("vote", lambda h: w.vote(h, 0, NIL, by=1, vote_type=9))
    assert r.status_code == 400, r.text
    r = w.refused_at_current_height("vote", lambda h: w.vote(h, 50_000, NIL, by=1))
    assert r.status_code == 400, r.text
    # Far-future heights: refused outright beyond the look-ahead; nearer ones are only a catch-up hint.
    h = w.height()
    r = w.post("vote", w.vote(h + 5_000, 0, NIL, by=1))
    assert r.status_code == 400 and "too far ahead" in r.json()["error"]["message"], r.text
    assert w.post("vote", w.vote(h + 500, 0, NIL, by=1, signature=os.urandom(64))).status_code in (202, 400)
    assert w.post("status", str(10**12).encode()).status_code == 202  # a lying peer height: harmless

    # A flood of junk for the next height fills the look-ahead buffer; the chain must not care.
    def flood(k: int) -> None:
        with httpx.Client(timeout=20) as c:
            hh = w.height() + 1
            for j in range(k):
                c.post(f"{w.rpc}/p2p/vote", content=w.vote(hh, j % 5, os.urandom(32), by=1 + j % 3, signature=os.urandom(64)),
                       headers=OCTET)

    with ThreadPoolExecutor(4) as ex:
        list(ex.map(flood, [300] * 4))


def test_proposals_from_the_wrong_validator_or_with_invalid_blocks(quiet: Wire) -> None:
    w = quiet
    net = w.net
    far = 7  # a round nobody reaches, so no real proposal takes its place first

    def proposer_of(h: int, r: int) -> int:
        p = net.proposer_node(h, r)
        assert p is not None
        return p

    def wrong_signer(h: int) -> bytes:
        p = proposer_of(h, far)
        other = next(i for i in range(len(net.nodes)) if i not in (p, TARGET))
        blk, bid = w.bad_block(h, other)
        return w.proposal(h, far, blk, bid, by=other)

    r = w.refused_at_current_height("proposal", wrong_signer)
    assert r.status_code == 400 and "not this round's proposer" in r.json()["error"]["message"], r.text

    def forged(h: int) -> bytes:
        p = proposer_of(h, far)
        blk, bid = w.bad_block(h, p)
        return w.proposal(h, far, blk, bid, by=p, sign_with=PrivateKey.generate(Scheme.ED25519))

    r = w.refused_at_current_height("proposal", forged)
    assert r.status_code == 400 and "signature" in r.json()["error"]["message"], r.text

    def garbage_block(h: int) -> bytes:
        p = proposer_of(h, far)
        return w.proposal(h, far, os.urandom(500), os.urandom(32), by=p)

    r = w.refused_at_current_height("proposal", garbage_block)
    assert r.status_code == 400, r.text

    def mismatched(h: int) -> bytes:
        p = proposer_of(h, far)
        blk, _ = w.bad_block(h, p)
        return w.proposal(h, far, blk, os.urandom(32), by=p)

    r = w.refused_at_current_height("proposal", mismatched)
    assert r.status_code == 400 and "does not match" in r.json()["error"]["message"], r.text
    r = w.post("proposal", w.proposal(w.height() + 5_000, 0, b"", bytes(32), by=1))
    assert r.status_code == 400, r.text


def test_signed_proposal_of_an_invalid_block_gets_a_nil_prevote(quiet: Wire) -> None:
    """The round's real proposer key signs a block with a wrong state root: the target must prevote nil."""
    w = quiet
    net = w.net
    me = net.nodes[TARGET].address
    seen: list[tuple[float, Vote]] = []
    lock = threading.Lock()

    def tap(path: str, body: bytes) -> None:
        if path == "/p2p/vote":
            sv = decode(SignedVote, body)
            if bytes(sv.validator) == me and int(sv.vote.vote_type) == 1:
                with lock:
                    seen.append((time.monotonic(), sv.vote))

    net.proxies.tap_out(TARGET, tap)
    # Pick a height whose round-0 proposer is not the target, and strike right after the target
    # finalised the one before it: the real proposal comes only after the idle interval.
    for _ in range(20):
        c = w.height() - 1
        h = c + 2
        p = net.proposer_node(h, 0)
        if p is not None and p != TARGET:
            break
        net.wait_height(c + 1, [TARGET], timeout_s=10)
    else:
        pytest.fail("no height with another proposer")
    while net.height(TARGET, timeout=0.5) != h - 1:
        assert (net.height(TARGET) or 0) < h, "missed the moment; the target went past the height"
        time.sleep(0.01)
    blk, bid = w.bad_block(h, p)
    t_post = time.monotonic()
    r = w.post("proposal", w.proposal(h, 0, blk, bid, by=p))
    assert r.status_code == 202, r.text  # well-formed and signed by the proposer: judged, not refused
    time.sleep(1.5)
    with lock:
        at_h = [(t - t_post, v) for t, v in seen if int(v.height) == h and int(v.round) == 0]
    assert at_h, "the target cast no prevote at the height"
    dt, vote = at_h[0]
    assert bytes(vote.block_id) == NIL, f"the target prevoted the invalid block {bytes(vote.block_id).hex()}"
    # Nil at once, because the block was judged invalid, not after the 1 s propose timeout.
    assert dt < 0.6, f"the nil prevote came {dt:.2f} s after the proposal: a timeout, not a judgment"
    log = net.nodes[TARGET].log.read_text(errors="replace")
    assert f"invalid proposal at height {h}" in log
    # The bad block is never finalised; the next height, honestly proposed, gets a real prevote.
    net.wait_height(h + 2, timeout_s=30)
    finalised = {i: net.get(i, f"/v1/blocks/{h}")["block_id"] for i in range(len(net.nodes))}
    assert len(set(finalised.values())) == 1, f"the nodes disagree at height {h}: {finalised}"
    assert finalised[TARGET] != bid.hex()
    with lock:
        later = [v for _, v in seen if int(v.height) > h]
    assert any(bytes(v.block_id) != NIL for v in later), "the tap saw no ordinary prevote afterwards"
