"""The double-sign guard: what it refuses, and what it keeps on disk for a restart at the same height."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from node.consensus.signstate import DoubleSignRefused, SignGuard
from node.core.blocks import Vote, vote_signing_message
from node.core.crypto import PrivateKey, Scheme, Signer, verify
from node.core.types import U8, Hash32, Height, Round

CHAIN = "depot-signstate"
A, B, NIL = b"\xaa" * 32, b"\xbb" * 32, bytes(32)


def vote(kind: int, h: int, r: int, bid: bytes) -> Vote:
    return Vote(U8(kind), Height(h), Round(r), Hash32(bid))


def test_a_restart_finds_the_lock_and_every_vote_of_the_height(tmp_path: Path) -> None:
    path, key = tmp_path / "sign_state.json", PrivateKey.generate(Scheme.ED25519)
    g = SignGuard(path, Signer(key))
    g.sign_vote(CHAIN, vote(1, 5, 0, A), (None, -1, A, 0))
    s1 = g.sign_vote(CHAIN, vote(2, 5, 0, A), (A, 0, A, 0))  # precommit: locked on A in round 0
    s2 = g.sign_vote(CHAIN, vote(1, 5, 1, NIL), (A, 0, A, 0))  # a later nil prevote keeps the lock
    again = SignGuard(path, Signer(key))  # the restart
    assert again.last.lock_state() == (A, 0, A, 0)
    votes = again.last.signed_votes()
    assert [(r, st, bid) for r, st, bid, _ in votes] == [(0, 2, A), (0, 3, A), (1, 2, NIL)]
    assert votes[1][3] == s1 and votes[2][3] == s2
    # Each stored signature is the validator's, over exactly that vote.
    for r, st, bid, sig in votes:
        verify(int(Scheme.ED25519), key.public_key, vote_signing_message(CHAIN, vote(st - 1, 5, r, bid)), sig)
    # Re-signing the last vote returns its stored signature; anything older or different is refused.
    assert again.sign_vote(CHAIN, vote(1, 5, 1, NIL)) == s2
    with pytest.raises(DoubleSignRefused):
        again.sign_vote(CHAIN, vote(1, 5, 1, B))
    with pytest.raises(DoubleSignRefused):
        again.sign_vote(CHAIN, vote(2, 5, 0, A))
    # A new height starts a new list of votes.
    again.sign_vote(CHAIN, vote(1, 6, 0, B), (None, -1, None, -1))
    assert [(r, st) for r, st, _, _ in SignGuard(path, Signer(key)).last.signed_votes()] == [(0, 2)]


def test_an_older_file_without_lock_or_votes_still_loads_and_a_foreign_one_is_refused(tmp_path: Path) -> None:
    path, key = tmp_path / "sign_state.json", PrivateKey.generate(Scheme.ED25519)
    path.write_text(json.dumps({"height": 3, "round": 1, "step": 3, "block_id": A.hex(), "signature": "00" * 64}))
    g = SignGuard(path, Signer(key))
    assert g.last.lock_state() is None and g.last.signed_votes() == []
    with pytest.raises(DoubleSignRefused):
        g.sign_vote(CHAIN, vote(1, 3, 0, A))
    path.write_text(json.dumps({"height": 3, "surprise": True}))
    with pytest.raises(DoubleSignRefused, match="not one this release wrote"):
        SignGuard(path, Signer(key))
    path.write_text(json.dumps({"height": 3, "round": 1, "step": 3, "block_id": "", "signature": "",
                                "lock": ["zz", 0, "", -1], "votes": []}))
    with pytest.raises(DoubleSignRefused):
        SignGuard(path, Signer(key))
