"""The light client's pure rules: adjacent and skipping verification, bisection, time, trust level, proofs.

Chains are synthetic (``node.light.synthetic``): real genesis, real keys,
real commits and state trees, validator sets changed at will.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from node.core.blocks import CommitFlag, CommitSig
from node.core.encoding import encode
from node.core.types import U8, Hash32
from node.light import verifier
from node.light.errors import (
    FalseAbsence,
    ForgedHeader,
    HeaderFromFuture,
    HeaderHashLinkBroken,
    HeaderTimeNotMonotonic,
    HeightMismatch,
    InsufficientVotingPower,
    InvalidCommitSignature,
    InvalidTrustLevel,
    MalformedCommit,
    MalformedProof,
    NotEnoughTrust,
    ProofForOtherKey,
    StateProofInvalid,
    TrustedHeaderExpired,
    TxMismatch,
    TxProofInvalid,
    UnexpectedValidatorSet,
    UnknownSigner,
    ValidatorSetMismatch,
    WrongChain,
)
from node.light.synthetic import SyntheticChain, SyntheticValidator
from node.light.types import DAY_MS, LightBlock, TrustedState, TrustOptions
from node.modules import default_registry
from node.modules.accounts.records import account_key
from tests.kit import make_kit

T0 = 1_767_225_600_000
OPTS = TrustOptions()


def chain(n: int = 20, validators: int = 4, **kw) -> SyntheticChain:
    c = SyntheticChain(default_registry(), genesis_time_ms=T0, validators=validators, **kw)
    c.extend(n)
    return c


def now_after(c: SyntheticChain) -> int:
    return int(c.header(c.height).time_ms) + 1_000


def root(c: SyntheticChain) -> TrustedState:
    return TrustedState.genesis(c.genesis)


def signers(c: SyntheticChain, height: int, n: int) -> list[SyntheticValidator]:
    return [c.known[bytes(v.address)] for v in c.vsets[height].validators[:n]]


# --- adjacent ---------------------------------------------------------------------------------


def test_sequential_from_genesis_verifies_every_header():
    c = chain(30)
    t = verifier.verify_sequential(c.chain_id, root(c), [c.light_block(h) for h in range(1, 31)], now_after(c), OPTS)
    assert t.height == 30 and t.block_id == c.block_ids[30]


def test_block_one_must_follow_the_pinned_genesis():
    c = chain(2)
    other = chain(2)
    with pytest.raises(HeaderHashLinkBroken):
        verifier.verify_adjacent(c.chain_id, root(other), c.light_block(1), now_after(c), OPTS)


def test_adjacent_needs_more_than_two_thirds():
    c = chain(5)
    lb = c.light_block(3)
    # Two of four equal validators: half the power.
    weak = LightBlock(lb.header, c.sign_commit(3, lb.block_id, lb.validators, signers(c, 3, 2)), lb.validators)
    with pytest.raises(InsufficientVotingPower) as e:
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(2)), weak, now_after(c), OPTS)
    assert e.value.data["signed"] == 20 and e.value.data["total"] == 40
    exactly = LightBlock(lb.header, c.sign_commit(3, lb.block_id, lb.validators, signers(c, 3, 3)), lb.validators)
    verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(2)), exactly, now_after(c), OPTS)


def test_forged_header_with_the_original_commit():
    c = chain(5)
    lb = c.light_block(4)
    forged = LightBlock(dataclasses.replace(lb.header, state_root=Hash32(b"\x66" * 32)), lb.commit, lb.validators)
    with pytest.raises(ForgedHeader):
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), forged, now_after(c), OPTS)


def test_signatures_from_outside_the_set():
    c = chain(5)
    lb = c.light_block(4)
    outsider = SyntheticValidator.generate()
    c.known[bytes(outsider.address)] = outsider
    # The outsider's entry replaces a member's, and one appended.
    from node.core.blocks import Commit, Vote, VoteType, vote_signing_message
    from node.core.types import Height, Round

    msg = vote_signing_message(c.chain_id, Vote(U8(VoteType.PRECOMMIT), Height(4), Round(0), lb.block_id))
    extra = CommitSig(U8(CommitFlag.COMMIT), outsider.address, outsider.signer.sign(msg))
    for sigs in (lb.commit.signatures[:3] + (extra,), lb.commit.signatures + (extra,)):
        bad = LightBlock(lb.header, Commit(lb.commit.height, lb.commit.round, lb.block_id, sigs), lb.validators)
        with pytest.raises(UnknownSigner) as e:
            verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), bad, now_after(c), OPTS)
        assert e.value.data["outsiders"] == [bytes(outsider.address)]


def test_a_member_entry_signed_with_another_key():
    c = chain(5)
    lb = c.light_block(4)
    outsider = SyntheticValidator.generate()
    first = lb.commit.signatures[0]
    forged_sig = outsider.signer.sign(b"anything")
    sigs = (dataclasses.replace(first, signature=forged_sig),) + lb.commit.signatures[1:]
    bad = LightBlock(lb.header, dataclasses.replace(lb.commit, signatures=sigs), lb.validators)
    with pytest.raises(InvalidCommitSignature):
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), bad, now_after(c), OPTS)


def test_commit_structure_errors():
    c = chain(5)
    lb = c.light_block(4)
    sigs = lb.commit.signatures
    cases = [
        tuple(reversed(sigs)),  # not in set order
        sigs[:3],  # one entry missing
        (dataclasses.replace(sigs[0], flag=U8(CommitFlag.ABSENT)),) + sigs[1:],  # absent with a signature
        (dataclasses.replace(sigs[0], flag=U8(9)),) + sigs[1:],  # unknown flag
    ]
    for s in cases:
        bad = LightBlock(lb.header, dataclasses.replace(lb.commit, signatures=s), lb.validators)
        with pytest.raises(MalformedCommit):
            verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), bad, now_after(c), OPTS)


def test_wrong_validator_set_for_a_header():
    c = chain(5)
    lb = c.light_block(4)
    other = chain(1)
    with pytest.raises(ValidatorSetMismatch):
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), LightBlock(lb.header, lb.commit, other.vsets[1]), now_after(c), OPTS)


def test_adjacent_header_signed_by_a_set_the_trusted_header_did_not_name():
    c = chain(5)
    rogue = [SyntheticValidator.generate() for _ in range(4)]
    forged = c.forged_light_block(4, signers=rogue, validators=rogue)
    with pytest.raises(UnexpectedValidatorSet):
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(3)), forged, now_after(c), OPTS)


def test_time_must_increase_and_not_come_from_the_future():
    c = chain(5)
    t3 = TrustedState.of(c.light_block(3))
    lb4 = c.light_block(4)
    with pytest.raises(HeaderFromFuture):
        verifier.verify_adjacent(c.chain_id, t3, lb4, int(lb4.header.time_ms) - OPTS.max_clock_drift_ms - 1, OPTS)
    verifier.verify_adjacent(c.chain_id, t3, lb4, int(lb4.header.time_ms) - OPTS.max_clock_drift_ms, OPTS)
    back = c.forged_light_block(4, signers=signers(c, 4, 4), time_ms=c.header(3).time_ms)
    with pytest.raises(HeaderTimeNotMonotonic):
        verifier.verify_adjacent(c.chain_id, t3, back, now_after(c), OPTS)


def test_other_chain_refused():
    c = chain(3)
    with pytest.raises(WrongChain):
        verifier.verify_adjacent("depot-other", root(c), c.light_block(1), now_after(c), OPTS)


# --- skipping -------------------------------------------------------------------------------------


def test_skipping_with_an_unchanged_set_is_one_step():
    c = chain(1000)
    steps = verifier.skipping_steps(c.chain_id, root(c), c.light_block(1000), now_after(c), OPTS)
    with pytest.raises(StopIteration) as done:
        next(steps)
    assert [lb.height for lb in done.value.value] == [1000]


def _drive(c: SyntheticChain, trusted: TrustedState, target: int, opts: TrustOptions = OPTS) -> tuple[list[int], list[int]]:
    steps = verifier.skipping_steps(c.chain_id, trusted, c.light_block(target), now_after(c), opts)
    asked = []
    try:
        h = next(steps)
        while True:
            asked.append(h)
            h = steps.send(c.light_block(h))
    except StopIteration as done:
        return asked, [lb.height for lb in done.value]


def test_bisection_follows_a_replaced_validator_set():
    c = chain(10)
    # The whole set is replaced at 50 and again at 90: no trusted validator vouches for 100 directly.
    a = [c.add_validator() for _ in range(4)]
    c.change_validators(50, a)
    c.extend(80)
    b = [c.add_validator() for _ in range(4)]
    c.change_validators(c.height + 2, b)
    c.extend(30)
    target = c.height
    asked, trace = _drive(c, root(c), target)
    assert trace[-1] == target and len(asked) >= 2
    # Each step of the trace was verified from the previous one.
    assert trace == sorted(trace)
    with pytest.raises(NotEnoughTrust):
        verifier.verify_non_adjacent(c.chain_id, root(c), c.light_block(target), now_after(c), OPTS)


def test_skipping_across_a_partial_change_needs_no_bisection_at_trust_one_third():
    c = chain(10)
    keep = signers(c, 10, 2)  # half the old power stays
    new = [c.add_validator() for _ in range(2)]
    c.change_validators(20, keep + new)
    c.extend(40)
    asked, trace = _drive(c, root(c), c.height)
    assert asked == [] and trace == [c.height]
    # With trust level 2/3 the old set's half is not enough: bisection down to the change.
    strict = TrustOptions(trust_numerator=2, trust_denominator=3)
    asked, trace = _drive(c, root(c), c.height, strict)
    assert asked and 19 in trace and 20 in trace


def test_skipping_needs_two_thirds_of_the_new_set_too():
    c = chain(30)
    lb = c.light_block(30)
    weak = LightBlock(lb.header, c.sign_commit(30, lb.block_id, lb.validators, signers(c, 30, 2)), lb.validators)
    with pytest.raises(InsufficientVotingPower):
        verifier.verify_non_adjacent(c.chain_id, TrustedState.of(c.light_block(1)), weak, now_after(c), OPTS)


def test_lunatic_header_vouched_by_equivocating_validators_passes_skipping_alone():
    """Why witnesses exist: > 1/3 of the trusted set can make a header that verifies by itself."""
    c = chain(30)
    two = signers(c, 30, 2)
    lunatic = c.forged_light_block(30, signers=two, validators=two, state_root=Hash32(b"\x13" * 32))
    verifier.verify_non_adjacent(c.chain_id, root(c), lunatic, now_after(c), OPTS)


def test_expired_trust_refuses_skipping_but_not_adjacent():
    c = chain(10)
    t = TrustedState.of(c.light_block(2))
    late = int(c.header(2).time_ms) + OPTS.trusting_period_ms
    with pytest.raises(TrustedHeaderExpired):
        verifier.verify_non_adjacent(c.chain_id, t, c.light_block(10), late, OPTS)
    verifier.verify_adjacent(c.chain_id, t, c.light_block(3), late, OPTS)
    assert verifier.is_expired(t, late, OPTS) and not verifier.is_expired(t, late - 1, OPTS)


def test_pivot_of_the_wrong_height_refused():
    c = chain(10)
    a = [c.add_validator() for _ in range(4)]
    c.change_validators(50, a)
    c.extend(60)
    steps = verifier.skipping_steps(c.chain_id, root(c), c.light_block(c.height), now_after(c), OPTS)
    h = next(steps)
    with pytest.raises(HeightMismatch):
        steps.send(c.light_block(h + 1))


def test_trust_level_range():
    for num, den in ((1, 4), (0, 1), (4, 3)):
        with pytest.raises(InvalidTrustLevel):
            TrustOptions(trust_numerator=num, trust_denominator=den)
    assert TrustOptions.parse_level("1/2") == (1, 2)
    assert TrustOptions.parse_level("1") == (1, 1)
    with pytest.raises(InvalidTrustLevel):
        TrustOptions.parse_level("a third")
    assert TrustOptions().trusting_period_ms == 14 * DAY_MS


def test_unequal_power_counts_power_not_heads():
    vals = [SyntheticValidator.generate(power) for power in (70, 10, 10, 10)]
    c = SyntheticChain(default_registry(), genesis_time_ms=T0, validators=vals)
    c.extend(3)
    lb = c.light_block(3)
    big = [v for v in vals if v.power == 70]
    alone = LightBlock(lb.header, c.sign_commit(3, lb.block_id, lb.validators, big), lb.validators)
    verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(2)), alone, now_after(c), OPTS)
    small = [v for v in vals if v.power == 10]
    three = LightBlock(lb.header, c.sign_commit(3, lb.block_id, lb.validators, small), lb.validators)
    with pytest.raises(InsufficientVotingPower):
        verifier.verify_adjacent(c.chain_id, TrustedState.of(c.light_block(2)), three, now_after(c), OPTS)


def test_backwards_through_hash_links():
    c = chain(5)
    verifier.verify_backwards(c.header(5), c.header(4))
    with pytest.raises(HeaderHashLinkBroken):
        verifier.verify_backwards(c.header(5), dataclasses.replace(c.header(4), state_root=Hash32(b"\x01" * 32)))
    with pytest.raises(HeightMismatch):
        verifier.verify_backwards(c.header(5), c.header(3))


# --- proofs ---------------------------------------------------------------------------------------


def _state_chain() -> tuple[SyntheticChain, bytes, bytes]:
    kit = make_kit()
    from node.devgenesis import AccountSpec

    alice = kit.actors["alice"]
    c = SyntheticChain(
        default_registry(), genesis_time_ms=T0,
        accounts=[AccountSpec("alice", "northmill", ("customer",), 1, alice.key.public_key, 500)],
    )  # fmt: skip
    c.extend(3)
    present = account_key(alice.address)
    absent = account_key(b"\x42" * 20)
    return c, present, absent


def _answer(c: SyntheticChain, key: bytes, h: int) -> dict:
    value, proof = c.prove(key, h)
    return {"answer_key": key, "answer_height": h, "value": value, "proof": proof.encode()}


def test_state_membership_and_non_membership():
    c, present, absent = _state_chain()
    hd = c.header(3)
    verifier.verify_state_answer(hd, present, **_answer(c, present, 3))
    verifier.verify_state_answer(hd, absent, **_answer(c, absent, 3))


def test_state_attacks_each_have_their_error():
    c, present, absent = _state_chain()
    hd = c.header(3)
    good = _answer(c, present, 3)
    # A wrong value with the real proof.
    with pytest.raises(StateProofInvalid):
        verifier.verify_state_answer(hd, present, **{**good, "value": good["value"] + b"\x00"})
    # A truncated proof.
    with pytest.raises(MalformedProof):
        verifier.verify_state_answer(hd, present, **{**good, "proof": good["proof"][:-5]})
    # A proof of another key (the answer for the other key).
    other = _answer(c, b"token/supply", 3)
    with pytest.raises(ProofForOtherKey):
        verifier.verify_state_answer(hd, present, **{**other, "answer_key": present})
    with pytest.raises(ProofForOtherKey):
        verifier.verify_state_answer(hd, present, **other)
    # "Absent", for a key that exists: with its real proof, and with an absent key's proof.
    with pytest.raises(FalseAbsence):
        verifier.verify_state_answer(hd, present, **{**good, "value": None})
    with pytest.raises(FalseAbsence):
        verifier.verify_state_answer(hd, present, **{**_answer(c, absent, 3), "answer_key": present})
    # A proof against another height's root.
    with pytest.raises(Exception) as e:
        verifier.verify_state_answer(hd, present, **{**good, "answer_height": 2})
    assert e.value.code == "answer_height_mismatch"


def test_tx_inclusion():
    kit = make_kit()
    c = SyntheticChain(default_registry(), genesis_time_ms=T0)
    txs = [kit.transfer("alice", "bob", i + 1) for i in range(5)]
    c.extend(1, txs=txs)
    h, i, raw, proof = c.tx_proof(txs[3].tx_id())
    assert verifier.verify_tx_answer(c.header(h), txs[3].tx_id(), raw, proof) == txs[3]
    with pytest.raises(TxMismatch):
        verifier.verify_tx_answer(c.header(h), txs[2].tx_id(), raw, proof)
    _, _, raw2, proof2 = c.tx_proof(txs[2].tx_id())
    with pytest.raises(TxProofInvalid):
        verifier.verify_tx_answer(c.header(h), txs[3].tx_id(), raw, proof2)
    with pytest.raises(TxMismatch):
        verifier.verify_tx_answer(c.header(h), txs[3].tx_id(), raw[:-1], proof)
    assert encode(txs[3]) == raw


# --- purity -----------------------------------------------------------------------------------------


def test_verifier_is_pure():
    """No I/O, clock or concurrency in the rules: the same check as node/core's (tests/test_layers.py)."""
    from tests.test_layers import CLOCK_CALLS, CORE_FORBIDDEN

    path = Path(__file__).resolve().parents[2] / "node" / "light" / "verifier.py"
    tree = ast.parse(path.read_text())
    bad = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for n in names:
            if any(n == f or n.startswith(f + ".") for f in CORE_FORBIDDEN | {"node.light.client", "node.light.store", "node.light.provider", "node.sync"}):
                bad.append(n)
        if isinstance(node, ast.Attribute) and node.attr in CLOCK_CALLS:
            bad.append(node.attr)
    assert not bad, bad


def test_fast_precommit_message_is_the_cores():
    from node.core.blocks import Vote, VoteType, vote_signing_message
    from node.core.types import Height, Round

    for chain_id, h, r in (("depot-x", 5, 0), ("depot-vectors", 2**63, 2**32 - 1)):
        bid = Hash32(bytes(range(32)))
        expected = vote_signing_message(chain_id, Vote(U8(VoteType.PRECOMMIT), Height(h), Round(r), bid))
        assert verifier._precommit_message(chain_id, h, r, bid) == expected


def test_light_block_from_raw_is_the_same_block():
    from node.core.errors import DecodeError

    c = chain(3)
    lb = c.light_block(2)
    raw = LightBlock.from_raw(encode(lb.header), encode(lb.commit), lb.validators)
    assert raw == lb and raw.block_id == lb.block_id and raw.commit_bytes() == encode(lb.commit)
    with pytest.raises(DecodeError):
        LightBlock.from_raw(encode(lb.header) + b"\x00", encode(lb.commit), lb.validators)
