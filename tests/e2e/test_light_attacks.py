"""Attacks on the light client from a malicious node over real HTTP: each refused or detected with its own error.

Every test serves a synthetic chain (known validator keys, validator-set
changes at will) from ``EvilNode`` on loopback, lets it lie in one way, and
checks the client's specific error, that nothing unverified was stored, and
(for a fork) that the evidence was stored and sync halted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from node.core.blocks import Commit, CommitFlag, CommitSig, Vote, VoteType, vote_signing_message
from node.core.types import U8, Hash32, Height, Round
from node.devgenesis import AccountSpec
from node.light.client import LightClient
from node.light.errors import (
    FalseAbsence,
    ForgedHeader,
    ForkDetected,
    GenesisMismatch,
    HeaderWithheld,
    HeightMismatch,
    InsufficientVotingPower,
    LightClientHalted,
    MalformedProof,
    ProofForOtherKey,
    StateProofInvalid,
    TxMismatch,
    TxProofInvalid,
    UnknownSigner,
    ValidatorSetMismatch,
)
from node.light.network import NetworkConfig
from node.light.provider import HttpProvider
from node.light.store import LightStore
from node.light.synthetic import SyntheticChain, SyntheticValidator
from node.light.types import LightBlock
from node.modules import default_registry
from node.modules.accounts.records import account_key
from tests.e2e.evil_node import EvilNode
from tests.kit import make_kit

pytestmark = pytest.mark.e2e

T0 = 1_767_225_600_000


@pytest.fixture
def kit():
    return make_kit()


@pytest.fixture
def chain(kit) -> SyntheticChain:
    alice = kit.actors["alice"]
    c = SyntheticChain(
        default_registry(), genesis_time_ms=T0,
        accounts=[AccountSpec("alice", "northmill", ("customer",), 1, alice.key.public_key, 12_345)],
    )  # fmt: skip
    c.extend(40)
    c.extend(1, txs=[kit.transfer("alice", "bob", 5)])
    c.extend(19)
    return c


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LightStore]:
    s = LightStore.open(f"sqlite:///{tmp_path / 'light.db'}")
    yield s
    s.close()


def light(chain: SyntheticChain, store: LightStore, primary: EvilNode, *witnesses: EvilNode) -> LightClient:
    return LightClient(
        store,
        NetworkConfig(chain.chain_id, chain.genesis_hash),
        HttpProvider(primary.url),
        [HttpProvider(w.url) for w in witnesses],
        registry=default_registry(),
        clock=lambda: int(chain.header(chain.height).time_ms) + 1000,
    )


def members(chain: SyntheticChain, height: int, n: int) -> list[SyntheticValidator]:
    return [chain.known[bytes(v.address)] for v in chain.vsets[height].validators[:n]]


def test_honest_node_over_http(chain, store, kit):
    with EvilNode(chain) as node:
        lc = light(chain, store, node)
        assert lc.sync().height == 60
        assert lc.get_account(kit.actors["alice"].address).record.balance == 12_345
        r = lc.sync(mode="sequential")
        assert r.verified_headers == 0
    with EvilNode(chain) as node, LightStore.open("sqlite://") as fresh:
        assert light(chain, fresh, node).sync(mode="sequential").verified_headers == 60


@pytest.mark.parametrize("mode", ["skipping", "sequential"])
def test_forged_header(chain, store, mode):
    lb = chain.light_block(60)
    forged = LightBlock(dataclasses.replace(lb.header, state_root=Hash32(b"\xee" * 32)), lb.commit, lb.validators)
    with EvilNode(chain, light_blocks={60: forged}) as node:
        with pytest.raises(ForgedHeader):
            light(chain, store, node).sync(mode=mode)
    assert store.count() == 0 or store.latest().height < 60


@pytest.mark.parametrize("mode", ["skipping", "sequential"])
def test_header_signed_by_too_little_power(chain, store, mode):
    lb = chain.light_block(60)
    weak = LightBlock(lb.header, chain.sign_commit(60, lb.block_id, lb.validators, members(chain, 60, 2)), lb.validators)
    with EvilNode(chain, light_blocks={60: weak}) as node:
        with pytest.raises(InsufficientVotingPower):
            light(chain, store, node).sync(mode=mode)


def test_signatures_from_keys_outside_the_set(chain, store):
    lb = chain.light_block(60)
    outsiders = [SyntheticValidator.generate() for _ in range(3)]
    msg = vote_signing_message(chain.chain_id, Vote(U8(VoteType.PRECOMMIT), Height(60), Round(0), lb.block_id))
    sigs = tuple(CommitSig(U8(CommitFlag.COMMIT), o.address, o.signer.sign(msg)) for o in outsiders)
    bad = LightBlock(lb.header, Commit(lb.commit.height, lb.commit.round, lb.block_id, lb.commit.signatures[:1] + sigs), lb.validators)
    with EvilNode(chain, light_blocks={60: bad}) as node:
        with pytest.raises(UnknownSigner):
            light(chain, store, node).sync()


def test_wrong_validator_set_for_a_header(chain, store):
    other = SyntheticChain(default_registry(), genesis_time_ms=T0)
    with EvilNode(chain, validator_sets={60: other.vsets[0]}) as node:
        with pytest.raises(ValidatorSetMismatch):
            light(chain, store, node).sync()


def test_withheld_header(chain, store):
    with EvilNode(chain, withhold={60}) as node:
        with pytest.raises(HeaderWithheld):
            light(chain, store, node).sync()


def test_withheld_range(chain, store):
    with EvilNode(chain, range_heights=lambda hs: [h for h in hs if h != 30]) as node:
        with pytest.raises(HeaderWithheld):
            light(chain, store, node).sync(mode="sequential")
    with EvilNode(chain, range_heights=lambda hs: [h for h in hs if h < 30]) as node:
        with pytest.raises(HeaderWithheld):
            light(chain, store, node).sync(mode="sequential")
    assert store.count() == 0


def test_reordered_range(chain, store):
    def swap(hs: list[int]) -> list[int]:
        hs = list(hs)
        if len(hs) > 12:
            hs[10], hs[11] = hs[11], hs[10]
        return hs

    with EvilNode(chain, range_heights=swap) as node:
        with pytest.raises(HeightMismatch):
            light(chain, store, node).sync(mode="sequential")


def test_reordered_headers_one_by_one(chain, store):
    # Without the range endpoint: the node answers header 31 when asked for 30.
    with EvilNode(chain, serve_header_ranges=False, serve_raw_blocks=False, light_blocks={30: chain.light_block(31)}) as node:
        with pytest.raises(HeightMismatch):
            light(chain, store, node).sync(mode="sequential")


def test_genesis_that_does_not_hash_to_the_pin(chain, store):
    other = SyntheticChain(default_registry(), chain_id=chain.chain_id, genesis_time_ms=T0)
    other.extend(5)
    # The node claims the pinned genesis in its status but serves another genesis document.
    with EvilNode(other, claimed_genesis_hash=chain.genesis_hash) as node:
        lc = LightClient(store, NetworkConfig(chain.chain_id, chain.genesis_hash), HttpProvider(node.url), registry=default_registry())
        with pytest.raises(GenesisMismatch):
            lc.sync()


# --- proofs ------------------------------------------------------------------------------------------


def _tamper(field: str, fn):
    def t(answer: dict) -> dict:
        return {**answer, field: fn(answer)}

    return t


def test_wrong_state_proof(chain, store, kit):
    key = account_key(kit.actors["alice"].address)
    def flip(a: dict) -> str:
        p = bytearray(bytes.fromhex(a["proof"]))
        p[5] ^= 1  # a sibling hash
        return p.hex()

    with EvilNode(chain, state_tamper=_tamper("proof", flip)) as node:
        lc = light(chain, store, node)
        lc.sync()
        with pytest.raises(StateProofInvalid):
            lc.get_record(key)


def test_wrong_value_with_the_real_proof(chain, store, kit):
    from node.core.encoding import decode, encode
    from node.modules.accounts.records import Account

    def richer(a: dict) -> str | None:
        if a["value"] is None:
            return None
        acct = decode(Account, bytes.fromhex(a["value"]))
        return encode(dataclasses.replace(acct, balance=type(acct.balance)(10**12))).hex()

    with EvilNode(chain, state_tamper=_tamper("value", richer)) as node:
        lc = light(chain, store, node)
        with pytest.raises(StateProofInvalid):
            lc.get_account(kit.actors["alice"].address)


def test_truncated_state_proof(chain, store, kit):
    with EvilNode(chain, state_tamper=_tamper("proof", lambda a: a["proof"][:-10])) as node:
        lc = light(chain, store, node)
        with pytest.raises(MalformedProof):
            lc.get_account(kit.actors["alice"].address)


def test_proof_for_another_key(chain, store, kit):
    alice_key = account_key(kit.actors["alice"].address)
    with EvilNode(chain) as honest:
        other_answer = honest.route(f"/v1/state/{b'token/supply'.hex()}?height=60")
    # The node answers the supply record (with its valid proof) when asked for Alice's account.
    with EvilNode(chain, state_tamper=lambda a: {**other_answer, "key": a["key"]}) as node:
        lc = light(chain, store, node)
        lc.sync()
        with pytest.raises(ProofForOtherKey):
            lc.get_record(alice_key)
    with EvilNode(chain, state_tamper=lambda a: other_answer) as node:
        with pytest.raises(ProofForOtherKey):
            light(chain, store, node).get_record(alice_key)


def test_non_membership_proof_for_a_key_that_exists(chain, store, kit):
    alice_key = account_key(kit.actors["alice"].address)
    with EvilNode(chain, state_tamper=lambda a: {**a, "value": None}) as node:
        lc = light(chain, store, node)
        with pytest.raises(FalseAbsence):
            lc.get_account(kit.actors["alice"].address)
    absent_key = account_key(b"\x55" * 20)
    with EvilNode(chain) as honest:
        absent_answer = honest.route(f"/v1/state/{absent_key.hex()}?height=60")
    with EvilNode(chain, state_tamper=lambda a: {**absent_answer, "key": a["key"]}) as node:
        with pytest.raises(FalseAbsence):
            light(chain, store, node).get_record(alice_key)


def test_tx_inclusion_attacks(chain, store, kit):
    tx = chain.block(41).txs[0]
    tid = tx.tx_id()
    with EvilNode(chain) as node:
        assert light(chain, store, node).get_tx(tid).height == 41
    # The block holds one transaction; the node claims a second leaf beside it.
    bad_proof = _tamper("proof", lambda a: {"index": 0, "total": 2, "aunts": ["00" * 32]})
    wrong_height = _tamper("height", lambda a: 40)
    other_tx = kit.transfer("bob", "carol", 1)
    from node.core.encoding import encode

    wrong_tx = _tamper("raw", lambda a: encode(other_tx).hex())
    for tamper, error in ((bad_proof, TxProofInvalid), (wrong_height, TxProofInvalid), (wrong_tx, TxMismatch)):
        with EvilNode(chain, tx_tamper=tamper) as node, LightStore.open("sqlite://") as fresh:
            with pytest.raises(error):
                light(chain, fresh, node).get_tx(tid)


# --- forks ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("liar", ["witness", "primary"])
def test_conflicting_headers_from_primary_and_witness_halt_sync(chain, store, tmp_path, liar):
    """Two of four validators (half the power, more than 1/3) sign a second header at 60."""
    two = members(chain, 60, 2)
    other_side = chain.forged_light_block(60, signers=two, validators=two, state_root=Hash32(b"\x99" * 32))
    honest_node = EvilNode(chain)
    lying_node = EvilNode(chain, light_blocks={60: other_side})
    with honest_node as honest, lying_node as lying:
        primary, witness = (honest, lying) if liar == "witness" else (lying, honest)
        with pytest.raises(ForkDetected) as e:
            light(chain, store, primary, witness).sync()
        alert = e.value.alert
        assert alert.height == 60 and alert.primary == primary.url and alert.witness == witness.url
        assert {alert.primary_block_id, alert.witness_block_id} == {chain.block_ids[60], other_side.block_id}
        assert store.count() == 0, "never accepted"
        assert store.halted() and store.alerts()[0].evidence_id == alert.evidence_id
        a, b = store.evidence(alert.evidence_id)
        assert {a.block_id, b.block_id} == {chain.block_ids[60], other_side.block_id}
        with pytest.raises(LightClientHalted):
            light(chain, store, honest, honest).sync()
