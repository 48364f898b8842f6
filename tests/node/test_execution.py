"""The state transition: transactions and blocks against an in-memory state built from a genesis.

Every bad-input test checks two things: the specific error class, and that
state did not change (an empty diff for refused transactions; only the
sender's nonce for failed ones).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from node.core.address import address_of_group, address_of_key
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import decode, encode
from node.core.errors import DecodeError, DepotError, InvalidAmount, InvalidValue
from node.core.execution import BlockEnv, TxOutcome, execute_block, execute_tx
from node.core.genesis import DEFAULT_PARAMS, Genesis, GenesisSection, genesis_state
from node.core.state import DictReader, State
from node.core.transactions import (
    MAX_TX_BYTES,
    DuplicateSignature,
    Expired,
    ExpiryTooFar,
    InvalidPayload,
    InvalidTransaction,
    MissingSignature,
    NonceGap,
    NonceTooLow,
    Transaction,
    TxBody,
    TxSignatureInvalid,
    TxTooLarge,
    UnauthorizedSigner,
    UnknownKind,
    UnknownSender,
    UnsupportedVersion,
    WrongChain,
    add_signature,
    check_stateless,
    decode_transaction,
    sign_body,
    tx_id_of,
)
from node.core.types import U8, U64, Address, Amount, Hash32, Nonce, Signature64, TimestampMs
from node.core.validators import VALIDATORS_KEY, ValidatorSet
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules import default_registry
from node.modules.accounts import ledger
from node.modules.accounts.errors import (
    DuplicateAccount,
    DuplicateOrganisation,
    InvalidAccountSpec,
    UnknownOrganisation,
    UnknownRole,
)
from node.modules.accounts.genesis import AccountsGenesis, GenesisAccount
from node.modules.accounts.records import (
    SUPPLY_KEY,
    Account,
    AccountKey,
    Organisation,
    TokenSupply,
    account_key,
    org_key,
)
from node.modules.accounts.transitions import (
    Issue,
    Redeem,
    RegisterAccount,
    RegisterOrganisation,
    SetRoles,
    Transfer,
    create_account,
    create_organisation,
)
from node.modules.governance.records import (
    OPEN_KEY,
    OpenProposals,
    Proposal,
    ProposalStatus,
    proposal_key,
)
from node.modules.governance.transitions import MAX_VOTING_PERIOD_MS, Propose, Vote

REG = default_registry()
CHAIN = "depot-exec"
T0 = 1_767_225_600_000
NOW = T0 + 10_000
TTL = int(DEFAULT_PARAMS.max_tx_ttl_ms)


def _key(name: str) -> PrivateKey:
    return PrivateKey.from_secret(Scheme.ED25519, hashlib.sha256(b"exec/" + name.encode()).digest())


K = {
    name: _key(name)
    for name in ["bank", "alice", "bob", "op0", "op1", "op2", "op3", "t0", "t1", "t2", "mallory"]
}
K.update({f"v{i}": _key(f"validator-{i}") for i in range(4)})
K["dave"] = PrivateKey.from_secret(Scheme.P256, hashlib.sha256(b"exec/dave").digest())


def addr(name: str) -> Address:
    if name == "treasury":
        return TREASURY
    k = K[name]
    return address_of_key(k.scheme, k.public_key)


TREASURY = address_of_group("northmill", "treasury")
HIGH_AMOUNT = 100_000
OPERATOR_ORGS = ("core-corp", "city-bank", "east-warehouse", "swift-logistics")


def build_net(powers: tuple[int, int, int, int] = (10, 10, 10, 10)) -> Genesis:
    """Four validators with different operators; a bank, two members and a 2-of-3 group account."""
    accounts = [
        AccountSpec("bank", "city-bank", ("bank", "governor"), 1, K["bank"].public_key, 1_000_000),
        AccountSpec("alice", "northmill", ("customer",), 1, K["alice"].public_key, 10_000),
        AccountSpec("bob", "acme-fuel", ("supplier",), 1, K["bob"].public_key, 0),
    ] + [
        AccountSpec(f"op{i}", OPERATOR_ORGS[i], (), 1, K[f"op{i}"].public_key, 0) for i in range(4)
    ]
    validators = [
        ValidatorSpec(1, K[f"v{i}"].public_key, powers[i], K[f"op{i}"].public_key) for i in range(4)
    ]
    g = build_genesis(CHAIN, T0, validators, accounts)
    section = decode(AccountsGenesis, g.sections[0].data)
    group = GenesisAccount(
        address=TREASURY,
        org_id="northmill",
        name="treasury",
        roles=("customer",),
        keys=tuple(AccountKey(U8(1), K[f"t{i}"].public_key) for i in range(3)),
        threshold=U8(2),
        high_threshold=U8(3),
        high_amount=Amount(HIGH_AMOUNT),
        balance=Amount(500_000),
    )
    section = replace(section, accounts=section.accounts + (group,))
    return replace(g, sections=(GenesisSection("accounts", encode(section)),))


def _base(g: Genesis) -> dict[bytes, bytes]:
    return {k: v for k, v in genesis_state(REG, g).diff().items() if v is not None}


BASE = _base(build_net())
EVERYONE = ["bank", "alice", "bob", "op0", "op1", "op2", "op3", "treasury"]


def env(time_ms: int = NOW, height: int = 1) -> BlockEnv:
    return BlockEnv(CHAIN, height, time_ms, bytes(addr("v0")), TTL)


class World:
    """A committed state (a dict of encoded records) and a working ``State`` on top of it."""

    def __init__(self, base: dict[bytes, bytes] = BASE) -> None:
        self.data = dict(base)
        self.state = State(DictReader(self.data))

    def commit(self) -> None:
        for k, v in self.state.diff().items():
            if v is None:
                self.data.pop(k, None)
            else:
                self.data[k] = v
        self.state = State(DictReader(self.data))

    def account(self, who: str | bytes) -> Account:
        a = ledger.get_account(self.state, addr(who) if isinstance(who, str) else who)
        assert a is not None
        return a

    def balance(self, who: str) -> int:
        return int(self.account(who).balance)

    def supply(self) -> TokenSupply:
        return ledger.supply(self.state)

    def tx(
        self,
        signers: list[str],
        kind: str,
        payload: Any,
        *,
        sender: str | None = None,
        nonce: int | None = None,
        expires: int | None = None,
        chain: str = CHAIN,
    ) -> tuple[Transaction, Hash32]:
        who = sender if sender is not None else signers[0]
        a = addr(who)
        if nonce is None:
            acct = ledger.get_account(self.state, a)
            nonce = int(acct.nonce) if acct else 0
        raw = payload if isinstance(payload, bytes) else encode(payload)
        body = TxBody(
            U8(1), chain, a, Nonce(nonce), TimestampMs(expires or NOW + 60_000), kind, raw
        )
        t = sign_body(body, [Signer(K[s]) for s in signers])
        return t, tx_id_of(body)

    def run(self, t: tuple[Transaction, Hash32], e: BlockEnv | None = None) -> TxOutcome:
        tx, tid = t
        return execute_tx(REG, self.state, tx, tid, e or env(), 0)

    def send(self, signers: list[str], kind: str, payload: Any, **kw: Any) -> TxOutcome:
        t = self.tx(signers, kind, payload, **kw)
        assert check_stateless(t[0], CHAIN) == t[1]
        return self.run(t)


@pytest.fixture
def w() -> World:
    return World()


def assert_refused(
    w: World, t: tuple[Transaction, Hash32], error: type[DepotError], e: BlockEnv | None = None
) -> DepotError:
    """The transaction cannot be included: the specific error, and nothing written."""
    w.commit()
    with pytest.raises(error) as info:
        w.run(t, e)
    assert type(info.value) is error
    assert w.state.diff() == {}
    return info.value


def assert_failed(w: World, t: tuple[Transaction, Hash32], code: str) -> TxOutcome:
    """The transaction is included as failed: only the sender's nonce moves."""
    w.commit()
    sender = t[0].body.sender
    before = w.account(sender)
    out = w.run(t)
    assert not out.ok
    assert out.code == code
    assert out.events == []
    assert w.state.diff() == {
        account_key(sender): encode(replace(before, nonce=Nonce(before.nonce + 1)))
    }
    return out


# --- genesis --------------------------------------------------------------------


def test_genesis_state(w: World) -> None:
    assert w.balance("bank") == 1_000_000
    assert w.balance("alice") == 10_000
    assert w.balance("treasury") == 500_000
    assert w.supply() == TokenSupply(Amount(1_510_000), Amount(0))
    vset = w.state.get(VALIDATORS_KEY, ValidatorSet)
    assert vset is not None and vset.total_power() == 40
    assert {v.operator for v in vset.validators} == {addr(f"op{i}") for i in range(4)}
    treasury = w.account("treasury")
    assert (treasury.threshold, treasury.high_threshold, len(treasury.keys)) == (2, 3, 3)


# --- token.transfer -------------------------------------------------------------


def test_transfer_ok(w: World) -> None:
    out = w.send(["alice"], "token.transfer", Transfer(addr("bob"), Amount(2_500), "INV-1"))
    assert out.ok and out.code == "ok"
    assert w.balance("alice") == 7_500
    assert w.balance("bob") == 2_500
    assert w.account("alice").nonce == 1
    assert set(w.state.diff()) == {account_key(addr("alice")), account_key(addr("bob"))}
    (event,) = out.events
    assert event.kind == "token.transferred"
    assert event.attrs["amount"] == 2_500 and event.attrs["memo"] == "INV-1"
    assert event.attrs["to"] == str(addr("bob"))
    assert w.supply() == TokenSupply(Amount(1_510_000), Amount(0))


def test_transfer_whole_balance(w: World) -> None:
    assert w.send(["alice"], "token.transfer", Transfer(addr("bob"), Amount(10_000), "")).ok
    assert w.balance("alice") == 0


def test_transfer_beyond_balance_fails_and_consumes_nonce(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(10_001), ""))
    out = assert_failed(w, t, "insufficient_funds")
    assert "10000" in out.message
    assert w.balance("alice") == 10_000 and w.balance("bob") == 0
    assert w.account("alice").nonce == 1


def test_transfer_to_unknown_recipient_fails(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("mallory"), Amount(1), ""))
    assert_failed(w, t, "unknown_account")
    assert w.balance("alice") == 10_000


def test_transfer_to_self_fails(w: World) -> None:
    assert_failed(
        w,
        w.tx(["alice"], "token.transfer", Transfer(addr("alice"), Amount(1), "")),
        "invalid_transfer",
    )


@pytest.mark.parametrize(
    ("signer", "kind", "payload"),
    [
        ("alice", "token.transfer", Transfer(Address(bytes(20)), Amount(0), "")),
        ("bank", "token.issue", Issue(Address(bytes(20)), Amount(0))),
        ("bank", "token.redeem", Redeem(Amount(0))),
    ],
    ids=["transfer", "issue", "redeem"],
)
def test_zero_amount_fails(w: World, signer: str, kind: str, payload: Any) -> None:
    if isinstance(payload, (Transfer, Issue)):
        payload = replace(payload, to=addr("bob"))
    # Zero is refused as invalid_transfer (InvalidTransfer), not as InvalidAmount.
    assert_failed(w, w.tx([signer], kind, payload), "invalid_amount")
    assert w.supply() == TokenSupply(Amount(1_510_000), Amount(0))


@pytest.mark.parametrize("amount", [1 << 63, (1 << 64) - 1])
def test_amount_over_cap_is_refused_at_decode(w: World, amount: int) -> None:
    with pytest.raises(InvalidAmount):
        Amount(amount)
    payload = bytes(addr("bob")) + amount.to_bytes(8, "big") + bytes(4)
    with pytest.raises(InvalidAmount):
        decode(Transfer, payload)
    t = w.tx(["alice"], "token.transfer", payload)
    assert_refused(w, t, InvalidAmount)
    assert w.balance("alice") == 10_000


def test_largest_amount_decodes_but_cannot_be_paid(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(Amount.MAX), ""))
    assert_failed(w, t, "insufficient_funds")


# --- token.issue / token.redeem -------------------------------------------------


def test_issue_by_non_bank_fails(w: World) -> None:
    assert_failed(
        w, w.tx(["alice"], "token.issue", Issue(addr("alice"), Amount(1_000))), "not_bank"
    )
    assert w.supply() == TokenSupply(Amount(1_510_000), Amount(0))
    assert_failed(w, w.tx(["alice"], "token.redeem", Redeem(Amount(1_000))), "not_bank")
    assert w.balance("alice") == 10_000


def test_issue_and_redeem_by_bank_change_supply(w: World) -> None:
    out = w.send(["bank"], "token.issue", Issue(addr("alice"), Amount(5_000)))
    assert out.ok and out.events[0].kind == "token.issued"
    assert w.balance("alice") == 15_000
    assert w.supply() == TokenSupply(Amount(1_515_000), Amount(0))
    out = w.send(["bank"], "token.redeem", Redeem(Amount(300_000)))
    assert out.ok and out.events[0].kind == "token.redeemed"
    assert w.balance("bank") == 700_000
    assert w.supply() == TokenSupply(Amount(1_515_000), Amount(300_000))
    assert w.account("bank").nonce == 2


def test_redeem_beyond_balance_fails(w: World) -> None:
    assert_failed(
        w, w.tx(["bank"], "token.redeem", Redeem(Amount(1_000_001))), "insufficient_funds"
    )


def test_issue_to_unknown_account_fails(w: World) -> None:
    assert_failed(
        w, w.tx(["bank"], "token.issue", Issue(addr("mallory"), Amount(1))), "unknown_account"
    )


def test_issue_that_would_overflow_supply_fails(w: World) -> None:
    t = w.tx(["bank"], "token.issue", Issue(addr("alice"), Amount(Amount.MAX - 1_000_000)))
    assert_failed(w, t, "supply_overflow")


def test_bank_role_removed_by_governance_stops_issuance(w: World) -> None:
    _pass(w, "account.set_roles", SetRoles(addr("bank"), ("governor",)))
    assert_failed(w, w.tx(["bank"], "token.issue", Issue(addr("alice"), Amount(1))), "not_bank")


# --- nonces, expiry, kinds ------------------------------------------------------


def test_replayed_nonce_is_refused(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    assert w.run(t).ok
    err = assert_refused(w, t, NonceTooLow)
    assert isinstance(err, InvalidTransaction)
    assert err.data == {"nonce": 0, "expected": 1}
    assert w.balance("bob") == 1


def test_skipped_nonce_is_refused(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), nonce=1)
    err = assert_refused(w, t, NonceGap)
    assert err.data == {"nonce": 1, "expected": 0}
    assert w.account("alice").nonce == 0


def test_failed_transaction_cannot_be_replayed_either(w: World) -> None:
    t = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(99_999), ""))
    assert not w.run(t).ok
    assert_refused(w, t, NonceTooLow)


def test_expired_is_refused(w: World) -> None:
    assert_refused(
        w,
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), expires=NOW),
        Expired,
    )
    assert_refused(
        w,
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), expires=NOW - 1),
        Expired,
    )


def test_expiry_too_far_is_refused(w: World) -> None:
    t = w.tx(
        ["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), expires=NOW + TTL + 1
    )
    assert_refused(w, t, ExpiryTooFar)


def test_expiry_bounds_are_inclusive_of_the_ttl(w: World) -> None:
    assert w.send(
        ["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), expires=NOW + TTL
    ).ok
    assert w.send(
        ["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), expires=NOW + 1
    ).ok


def test_unknown_kind_is_refused(w: World) -> None:
    assert_refused(w, w.tx(["alice"], "token.steal", Redeem(Amount(1))), UnknownKind)


def test_malformed_payload_is_refused(w: World) -> None:
    assert_refused(w, w.tx(["alice"], "token.transfer", Redeem(Amount(1))), InvalidPayload)
    good = encode(Transfer(addr("bob"), Amount(1), ""))
    assert_refused(w, w.tx(["alice"], "token.transfer", good + b"\x00"), InvalidPayload)


def test_unknown_sender_is_refused(w: World) -> None:
    t = w.tx(["mallory"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    assert_refused(w, t, UnknownSender)


# --- stateless checks -----------------------------------------------------------


def test_check_stateless_wrong_chain() -> None:
    t, _ = World().tx(
        ["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), chain="depot-other"
    )
    with pytest.raises(WrongChain) as info:
        check_stateless(t, CHAIN)
    assert info.value.data == {"expected": CHAIN, "got": "depot-other"}


def test_check_stateless_bad_signature() -> None:
    t, tid = World().tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    assert check_stateless(t, CHAIN) == tid
    sig = t.signatures[0]
    bad = bytearray(sig.signature)
    bad[5] ^= 1
    forged = Transaction(t.body, (replace(sig, signature=Signature64(bytes(bad))),))
    with pytest.raises(TxSignatureInvalid) as info:
        check_stateless(forged, CHAIN)
    assert info.value.data == {"index": 0}
    # Skipping verification (already verified in the mempool) does not look at the bytes.
    assert check_stateless(forged, CHAIN, verify_signatures=False) == tid


def test_check_stateless_signature_for_another_chain() -> None:
    body = World().tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))[0].body
    other = replace(body, chain_id="depot-other")
    wrong = sign_body(other, [Signer(K["alice"])]).signatures
    with pytest.raises(TxSignatureInvalid):
        check_stateless(Transaction(body, wrong), CHAIN)


def test_check_stateless_missing_duplicate_version() -> None:
    t, _ = World().tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    with pytest.raises(MissingSignature):
        check_stateless(Transaction(t.body, ()), CHAIN)
    with pytest.raises(DuplicateSignature):
        check_stateless(Transaction(t.body, t.signatures * 2), CHAIN)
    with pytest.raises(DuplicateSignature):
        add_signature(t, Signer(K["alice"]))
    v2 = replace(t.body, version=U8(2))
    with pytest.raises(UnsupportedVersion):
        check_stateless(sign_body(v2, [Signer(K["alice"])]), CHAIN)


def test_oversized_transaction_is_refused() -> None:
    with pytest.raises(TxTooLarge):
        decode_transaction(bytes(MAX_TX_BYTES + 1))


def test_transaction_over_the_size_limit_is_refused_in_blocks_too() -> None:
    body = TxBody(
        U8(1),
        CHAIN,
        addr("alice"),
        Nonce(0),
        TimestampMs(NOW + 1),
        "token.transfer",
        bytes(MAX_TX_BYTES),
    )
    with pytest.raises((InvalidValue, DecodeError, TxTooLarge)):
        tx = sign_body(body, [Signer(K["alice"])])
        raw = encode(tx)
        assert len(raw) > MAX_TX_BYTES
        inside_a_block = decode(Transaction, raw)  # how Block decoding reads it
        check_stateless(inside_a_block, CHAIN)


def test_ids_ignore_signatures() -> None:
    w = World()
    t, tid = w.tx(["t0"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), sender="treasury")
    t2 = add_signature(t, Signer(K["t1"]))
    t3 = sign_body(t.body, [Signer(K["t2"]), Signer(K["t1"])])
    assert t.tx_id() == t2.tx_id() == t3.tx_id() == tid
    assert len({encode(t), encode(t2), encode(t3)}) == 3


# --- authorisation --------------------------------------------------------------


def test_signature_by_another_accounts_key_is_refused(w: World) -> None:
    t = w.tx(["bob"], "token.transfer", Transfer(addr("bob"), Amount(1), ""), sender="alice")
    check_stateless(t[0], CHAIN)  # a genuine signature ...
    assert_refused(w, t, UnauthorizedSigner)  # ... by a key that is not alice's
    # An extra foreign signature beside the right one is refused too.
    t = w.tx(["alice", "bob"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    assert_refused(w, t, UnauthorizedSigner)
    assert w.balance("alice") == 10_000


def test_key_under_the_wrong_scheme_label_is_refused(w: World) -> None:
    tx, tid = w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1), ""))
    relabelled = Transaction(tx.body, (replace(tx.signatures[0], scheme=U8(2)),))
    assert_refused(w, (relabelled, tid), UnauthorizedSigner)


def _treasury_pay(w: World, signers: list[str], amount: int) -> tuple[Transaction, Hash32]:
    return w.tx(
        signers, "token.transfer", Transfer(addr("bob"), Amount(amount), ""), sender="treasury"
    )


def test_group_account_needs_two_signatures(w: World) -> None:
    err = assert_refused(w, _treasury_pay(w, ["t0"], 1_000), UnauthorizedSigner)
    assert err.data == {"have": 1, "need": 2}
    assert_refused(w, _treasury_pay(w, ["t0", "alice"], 1_000), UnauthorizedSigner)
    assert w.run(_treasury_pay(w, ["t0", "t2"], 1_000)).ok
    assert w.run(_treasury_pay(w, ["t2", "t1"], HIGH_AMOUNT - 1)).ok
    assert w.balance("bob") == HIGH_AMOUNT - 1 + 1_000
    assert w.account("treasury").nonce == 2


def test_group_account_high_amount_needs_three(w: World) -> None:
    err = assert_refused(w, _treasury_pay(w, ["t0", "t1"], HIGH_AMOUNT), UnauthorizedSigner)
    assert err.data == {"have": 2, "need": 3}
    assert w.run(_treasury_pay(w, ["t0", "t1", "t2"], HIGH_AMOUNT)).ok
    assert w.balance("bob") == HIGH_AMOUNT
    # Three signatures on a small amount are fine too.
    assert w.run(_treasury_pay(w, ["t0", "t1", "t2"], 1)).ok


def test_high_threshold_counts_the_amount_even_if_the_transfer_fails(w: World) -> None:
    t = _treasury_pay(w, ["t0", "t1", "t2"], 600_000)
    assert_failed(w, t, "insufficient_funds")


# --- blocks ---------------------------------------------------------------------


def test_execute_block_includes_failed_transactions(w: World) -> None:
    txs = [
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(100), ""), nonce=0),
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(1 << 40), ""), nonce=1),
        w.tx(["bob"], "token.transfer", Transfer(addr("alice"), Amount(50), ""), nonce=0),
    ]
    outcomes, events = execute_block(REG, w.state, [t for t, _ in txs], [i for _, i in txs], env())
    assert [o.code for o in outcomes] == ["ok", "insufficient_funds", "ok"]
    assert [o.tx_id for o in outcomes] == [i for _, i in txs]
    assert events == []
    assert w.balance("alice") == 10_000 - 100 + 50
    assert w.account("alice").nonce == 2


def test_block_with_an_invalid_transaction_raises_with_its_index(w: World) -> None:
    txs = [
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(100), ""), nonce=0),
        w.tx(["alice"], "token.transfer", Transfer(addr("bob"), Amount(100), ""), nonce=0),
    ]
    with pytest.raises(NonceTooLow) as info:
        execute_block(REG, w.state, [t for t, _ in txs], [i for _, i in txs], env())
    assert info.value.data["tx_index"] == 1


# --- governance -----------------------------------------------------------------


def _proposal(w: World, pid: int) -> Proposal:
    p = w.state.get(proposal_key(pid), Proposal)
    assert p is not None
    return p


def _open_ids(w: World) -> tuple[int, ...]:
    rec = w.state.get(OPEN_KEY, OpenProposals)
    return tuple(int(i) for i in rec.ids) if rec else ()


def _propose(
    w: World, who: str, action: str, payload: Any, deadline: int = NOW + 3_600_000
) -> TxOutcome:
    return w.send(
        [who],
        "gov.propose",
        Propose(f"do {action}", action, encode(payload), TimestampMs(deadline)),
    )


def _vote(w: World, who: str, pid: int, approve: bool) -> TxOutcome:
    return w.send([who], "gov.vote", Vote(U64(pid), approve))


def _pass(w: World, action: str, payload: Any) -> int:
    out = _propose(w, "op0", action, payload)
    assert out.ok, out.message
    pid = out.events[0].attrs["proposal_id"]
    assert _vote(w, "op1", pid, True).ok
    assert _vote(w, "op2", pid, True).ok
    assert _proposal(w, pid).status == ProposalStatus.PASSED
    return pid


NEW_ORG = RegisterOrganisation("delta-oil", "Delta Oil Trading", "supplier")
DAVE = RegisterAccount(
    address=addr("dave"),
    org_id="delta-oil",
    name="dave",
    roles=("supplier",),
    keys=(AccountKey(U8(2), K["dave"].public_key),),
    threshold=U8(1),
    high_threshold=U8(0),
    high_amount=Amount(0),
)


DAVE_AT_ACME = replace(DAVE, org_id="acme-fuel")


def test_proposal_passes_only_with_more_than_two_thirds(w: World) -> None:
    out = _propose(w, "op0", "account.register", DAVE_AT_ACME)
    assert out.ok
    assert [e.kind for e in out.events] == ["gov.proposed", "gov.voted"]  # the operator's own yes
    pid = out.events[0].attrs["proposal_id"]
    assert pid == 1
    assert _open_ids(w) == (1,)
    assert _vote(w, "op1", pid, True).ok
    # 20 of 40 is not more than 2/3: still open, nothing registered.
    assert _proposal(w, pid).status == ProposalStatus.OPEN
    assert ledger.get_account(w.state, addr("dave")) is None
    assert_failed(
        w,
        w.tx(["alice"], "token.transfer", Transfer(addr("dave"), Amount(1), "")),
        "unknown_account",
    )
    out = _vote(w, "op2", pid, True)  # 30 of 40
    assert out.ok
    kinds = [e.kind for e in out.events]
    assert kinds == ["gov.voted", "account.registered", "gov.passed"]
    p = _proposal(w, pid)
    assert (p.status, p.result_code) == (ProposalStatus.PASSED, "ok")
    assert [(b.voter, b.approve, int(b.power)) for b in p.ballots] == [
        (addr("op0"), True, 10), (addr("op1"), True, 10), (addr("op2"), True, 10)
    ]  # fmt: skip
    assert _open_ids(w) == ()
    dave = w.account("dave")
    assert dave.roles == ("supplier",) and dave.org_id == "acme-fuel" and dave.balance == 0
    assert dave.created_height == 1 and dave.nonce == 0
    # A late vote on a decided proposal fails (nonce consumed, nothing else).
    assert_failed(w, w.tx(["op3"], "gov.vote", Vote(U64(pid), True)), "proposal_closed")
    # The new account, with its P-256 key, can receive and pay.
    assert w.send(["alice"], "token.transfer", Transfer(addr("dave"), Amount(10), "")).ok
    assert w.send(["dave"], "token.transfer", Transfer(addr("alice"), Amount(4), "")).ok
    assert w.balance("dave") == 6


def test_register_org_then_account_by_governance(w: World) -> None:
    pid = _pass(w, "org.register", NEW_ORG)
    org = w.state.get(org_key("delta-oil"), Organisation)
    assert org is not None and org.kind == "supplier" and org.registered_height == 1
    assert _proposal(w, pid).result_code == "ok"
    _pass(w, "account.register", DAVE)
    assert w.account("dave").org_id == "delta-oil"


def test_exactly_two_thirds_does_not_pass() -> None:
    g = build_net((20, 20, 10, 10))  # total 60
    w = World(_base(g))
    action = SetRoles(addr("alice"), ("customer", "governor"))
    pid = _propose(w, "op0", "account.set_roles", action).events[0].attrs["proposal_id"]
    assert _vote(w, "op1", pid, True).ok  # 40 of 60: exactly 2/3
    assert _proposal(w, pid).status == ProposalStatus.OPEN
    assert w.account("alice").roles == ("customer",)
    assert _vote(w, "op2", pid, True).ok  # 50 of 60
    assert _proposal(w, pid).status == ProposalStatus.PASSED
    assert w.account("alice").roles == ("customer", "governor")


def test_proposal_rejected_when_a_third_votes_no(w: World) -> None:
    pid = _propose(w, "op0", "org.register", NEW_ORG).events[0].attrs["proposal_id"]
    assert _vote(w, "op1", pid, False).ok  # 10 of 40 against: passing is still possible
    assert _proposal(w, pid).status == ProposalStatus.OPEN
    out = _vote(w, "op2", pid, False)  # 20 of 40 against: 2/3 is out of reach
    assert out.ok and "gov.rejected" in [e.kind for e in out.events]
    assert _proposal(w, pid).status == ProposalStatus.REJECTED
    assert _open_ids(w) == ()
    assert w.state.get(org_key("delta-oil"), Organisation) is None
    assert_failed(w, w.tx(["op3"], "gov.vote", Vote(U64(pid), True)), "proposal_closed")


def test_cannot_vote_twice(w: World) -> None:
    pid = _propose(w, "op0", "org.register", NEW_ORG).events[0].attrs["proposal_id"]
    assert _vote(w, "op1", pid, True).ok
    before = _proposal(w, pid)
    assert_failed(w, w.tx(["op1"], "gov.vote", Vote(U64(pid), False)), "already_voted")
    assert_failed(
        w, w.tx(["op0"], "gov.vote", Vote(U64(pid), True)), "already_voted"
    )  # the proposer
    assert _proposal(w, pid) == before


def test_non_operator_cannot_vote(w: World) -> None:
    pid = _propose(w, "bank", "org.register", NEW_ORG).events[0].attrs["proposal_id"]
    p = _proposal(w, pid)
    assert p.ballots == ()  # a governor without power proposes without voting
    assert_failed(w, w.tx(["alice"], "gov.vote", Vote(U64(pid), True)), "not_voter")
    assert_failed(w, w.tx(["bank"], "gov.vote", Vote(U64(pid), True)), "not_voter")
    assert _proposal(w, pid) == p


def test_vote_on_unknown_proposal(w: World) -> None:
    assert_failed(w, w.tx(["op1"], "gov.vote", Vote(U64(99), True)), "unknown_proposal")


def test_non_governor_cannot_propose(w: World) -> None:
    t = w.tx(
        ["alice"],
        "gov.propose",
        Propose("x", "org.register", encode(NEW_ORG), TimestampMs(NOW + 1_000)),
    )
    assert_failed(w, t, "not_governor")
    assert _open_ids(w) == ()


@pytest.mark.parametrize(
    ("action", "payload", "deadline", "title"),
    [
        ("org.dissolve", encode(NEW_ORG), NOW + 1_000, "t"),
        ("org.register", encode(NEW_ORG) + b"\x00", NOW + 1_000, "t"),
        ("org.register", encode(SetRoles(addr("bob"), ())), NOW + 1_000, "t"),
        ("org.register", encode(NEW_ORG), NOW, "t"),
        ("org.register", encode(NEW_ORG), NOW + MAX_VOTING_PERIOD_MS + 1, "t"),
        ("org.register", encode(NEW_ORG), NOW + 1_000, "   "),
    ],
    ids=[
        "unknown-action",
        "trailing-byte",
        "wrong-payload",
        "deadline-now",
        "deadline-too-far",
        "no-title",
    ],
)
def test_invalid_proposals_fail(
    w: World, action: str, payload: bytes, deadline: int, title: str
) -> None:
    t = w.tx(["op0"], "gov.propose", Propose(title, action, payload, TimestampMs(deadline)))
    assert_failed(w, t, "invalid_proposal")


def test_proposal_expires_in_end_block(w: World) -> None:
    deadline = NOW + 5_000
    pid = _propose(w, "op0", "org.register", NEW_ORG, deadline).events[0].attrs["proposal_id"]
    w.commit()
    # Before the deadline, end_block leaves it open.
    _, events = execute_block(REG, w.state, [], [], env(deadline - 1, 2))
    assert events == [] and w.state.diff() == {}
    assert _vote(w, "op1", pid, True).ok
    w.commit()
    # At the deadline the vote is closed, then the block's end closes the proposal.
    t = w.tx(["op2"], "gov.vote", Vote(U64(pid), True))
    out = execute_tx(REG, w.state, t[0], t[1], env(deadline, 3), 0)
    assert out.code == "proposal_closed"
    _, events = execute_block(REG, w.state, [], [], env(deadline, 3))
    assert [(e.kind, e.attrs) for e in events] == [("gov.expired", {"proposal_id": pid})]
    p = _proposal(w, pid)
    assert p.status == ProposalStatus.EXPIRED and len(p.ballots) == 2
    assert _open_ids(w) == ()
    assert w.state.get(org_key("delta-oil"), Organisation) is None


def test_unknown_role_is_refused(w: World) -> None:
    wizard = replace(DAVE, org_id="northmill", roles=("supplier", "wizard"))
    out = _propose(w, "op0", "account.register", wizard)
    pid = out.events[0].attrs["proposal_id"]
    assert _vote(w, "op1", pid, True).ok
    out = _vote(w, "op2", pid, True)
    assert out.ok  # the vote is fine; the action it triggers fails
    assert "gov.failed" in [e.kind for e in out.events]
    p = _proposal(w, pid)
    assert (p.status, p.result_code) == (ProposalStatus.FAILED, "unknown_role")
    assert ledger.get_account(w.state, addr("dave")) is None
    # Changing roles to an unknown one fails the same way and leaves the roles alone.
    out = _propose(w, "op0", "account.set_roles", SetRoles(addr("alice"), ("wizard",)))
    pid = out.events[0].attrs["proposal_id"]
    _vote(w, "op1", pid, True)
    _vote(w, "op2", pid, True)
    assert _proposal(w, pid).result_code == "unknown_role"
    assert w.account("alice").roles == ("customer",)


def test_set_roles_passes(w: World) -> None:
    _pass(w, "account.set_roles", SetRoles(addr("alice"), ("customer", "governor")))
    assert w.account("alice").roles == ("customer", "governor")
    # Now alice may propose (a governor without voting power).
    assert _propose(w, "alice", "org.register", NEW_ORG).ok


def test_register_account_in_unknown_org_fails(w: World) -> None:
    pid = _pass_or_fail(w, "account.register", DAVE)
    p = _proposal(w, pid)
    assert (p.status, p.result_code) == (ProposalStatus.FAILED, "unknown_organisation")


def _pass_or_fail(w: World, action: str, payload: Any) -> int:
    pid = _propose(w, "op0", action, payload).events[0].attrs["proposal_id"]
    _vote(w, "op1", pid, True)
    _vote(w, "op2", pid, True)
    return pid


# --- account and organisation rules (what governance actions check) -------------


T_KEYS = tuple(AccountKey(U8(1), K[f"t{i}"].public_key) for i in range(3))
DAVE_KEY = AccountKey(U8(2), K["dave"].public_key)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"org_id": "nowhere"}, UnknownOrganisation),
        ({"address": addr("alice")}, DuplicateAccount),
        ({"roles": ("supplier", "wizard")}, UnknownRole),
        ({"roles": ("supplier", "supplier")}, UnknownRole),
        ({"keys": ()}, InvalidAccountSpec),
        ({"threshold": U8(0)}, InvalidAccountSpec),
        ({"threshold": U8(2)}, InvalidAccountSpec),
        ({"high_threshold": U8(2)}, InvalidAccountSpec),
        ({"keys": (DAVE_KEY, DAVE_KEY)}, InvalidAccountSpec),
        ({"keys": (AccountKey(U8(2), K["alice"].public_key),)}, InvalidAccountSpec),
        ({"keys": (AccountKey(U8(9), K["dave"].public_key),)}, InvalidAccountSpec),
        ({"address": addr("bob")[:19] + b"\x00"}, InvalidAccountSpec),
        ({"keys": T_KEYS}, InvalidAccountSpec),  # several keys need the group address
    ],
    ids=[
        "unknown-org",
        "duplicate",
        "unknown-role",
        "role-twice",
        "no-keys",
        "threshold-0",
        "threshold-over-keys",
        "high-threshold-over-keys",
        "key-twice",
        "ed25519-as-p256",
        "unknown-scheme",
        "address-not-derived",
        "multi-key-single-address",
    ],  # fmt: skip
)
def test_account_rules(w: World, change: dict[str, Any], error: type[DepotError]) -> None:
    spec = replace(DAVE_AT_ACME, **change)
    w.commit()
    with pytest.raises(error):
        create_account(w.state, spec, 1)
    assert w.state.diff() == {}


def test_group_account_rules(w: World) -> None:
    spec = RegisterAccount(
        address=address_of_group("acme-fuel", "desk"),
        org_id="acme-fuel",
        name="desk",
        roles=("supplier",),
        keys=T_KEYS,
        threshold=U8(2),
        high_threshold=U8(3),
        high_amount=Amount(5),
    )
    with pytest.raises(InvalidAccountSpec):
        create_account(w.state, replace(spec, name="other-desk"), 1)
    with pytest.raises(InvalidAccountSpec):
        create_account(w.state, replace(spec, high_threshold=U8(1)), 1)
    assert w.state.diff() == {}
    acct = create_account(w.state, spec, 1)
    assert (acct.threshold, acct.high_threshold, acct.nonce, acct.balance) == (2, 3, 0, 0)


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        (RegisterOrganisation("city-bank", "Again", "bank"), DuplicateOrganisation),
        (RegisterOrganisation("new-org", "New", "pirate"), InvalidAccountSpec),
        (RegisterOrganisation("", "Empty", "supplier"), InvalidAccountSpec),
        (RegisterOrganisation("bad id", "Space", "supplier"), InvalidAccountSpec),
        (RegisterOrganisation("bad/id", "Slash", "supplier"), InvalidAccountSpec),
        (RegisterOrganisation("bad\x00id", "NUL", "supplier"), InvalidAccountSpec),
    ],
    ids=["duplicate", "unknown-kind", "empty-id", "space", "slash", "nul"],
)
def test_organisation_rules(w: World, spec: RegisterOrganisation, error: type[DepotError]) -> None:
    with pytest.raises(error):
        create_organisation(w.state, spec, 1)
    assert w.state.diff() == {}


# --- supply conservation (stateful property) ------------------------------------

PEOPLE = ["bank", "alice", "bob"]
AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=20_000),
    st.integers(min_value=0, max_value=Amount.MAX),
)


class SupplyMachine(RuleBasedStateMachine):
    """Random transfers, issues, redeems and escrow moves never create or destroy tokens."""

    def __init__(self) -> None:
        super().__init__()
        self.w = World()
        self.sent: dict[str, int] = dict.fromkeys(EVERYONE, 0)

    def _send(self, who: str, kind: str, payload: Any) -> None:
        out = self.w.send([who], kind, payload)
        self.sent[who] += 1
        assert isinstance(out.ok, bool)

    @rule(sender=st.sampled_from(PEOPLE), to=st.sampled_from(PEOPLE + ["mallory"]), amount=AMOUNTS)
    def transfer(self, sender: str, to: str, amount: int) -> None:
        self._send(sender, "token.transfer", Transfer(addr(to), Amount(amount), ""))

    @rule(sender=st.sampled_from(["bank", "alice"]), to=st.sampled_from(PEOPLE), amount=AMOUNTS)
    def issue(self, sender: str, to: str, amount: int) -> None:
        self._send(sender, "token.issue", Issue(addr(to), Amount(amount)))

    @rule(sender=st.sampled_from(["bank", "bob"]), amount=AMOUNTS)
    def redeem(self, sender: str, amount: int) -> None:
        self._send(sender, "token.redeem", Redeem(Amount(amount)))

    @rule(
        op=st.sampled_from(["freeze", "unfreeze", "pay"]),
        who=st.sampled_from(PEOPLE),
        to=st.sampled_from(PEOPLE + ["mallory"]),
        amount=AMOUNTS,
    )
    def escrow(self, op: str, who: str, to: str, amount: int) -> None:
        # The ledger functions other modules use for escrow, in a nested journal like a transition.
        child = self.w.state.child()
        try:
            if op == "freeze":
                ledger.freeze(child, addr(who), amount)
            elif op == "unfreeze":
                ledger.unfreeze(child, addr(who), amount)
            else:
                ledger.pay_from_escrow(child, addr(who), addr(to), amount)
        except DepotError:
            return
        child.commit()

    @invariant()
    def supply_is_conserved(self) -> None:
        held = 0
        for who in EVERYONE:
            a = self.w.account(who)
            assert a.balance >= 0 and a.frozen >= 0
            held += int(a.balance) + int(a.frozen)
        sup = self.w.supply()
        assert held == int(sup.issued) - int(sup.redeemed)
        assert ledger.get_account(self.w.state, addr("mallory")) is None

    @invariant()
    def every_included_transaction_consumed_a_nonce(self) -> None:
        for who in PEOPLE:
            assert self.w.account(who).nonce == self.sent[who]


SupplyMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestSupplyConservation = SupplyMachine.TestCase


def test_supply_record_matches_genesis_balances() -> None:
    data = BASE[SUPPLY_KEY]
    assert decode(TokenSupply, data) == TokenSupply(Amount(1_510_000), Amount(0))
