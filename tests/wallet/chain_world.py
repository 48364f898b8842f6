"""An in-memory chain for the wallet's protocol tests: clerks with their own accounts and a 2-of-3 treasury.

The treasury is an organisation account (``northmill/treasury``) whose three
keys are the three clerks' keys; it needs 2 signatures, 3 from ``HIGH_AMOUNT``
up.  Each clerk also has a personal single-key account, which is what sends
``approval.*`` transactions.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from node.core.address import address_of_group, address_of_key
from node.core.crypto import PrivateKey, Scheme
from node.core.encoding import decode, encode
from node.core.execution import BlockEnv, TxOutcome, execute_block, execute_tx
from node.core.genesis import DEFAULT_PARAMS, GenesisSection, genesis_state
from node.core.state import DictReader, State
from node.core.transactions import TX_VERSION, Transaction, TxBody, check_stateless
from node.core.types import U8, Address, Amount, Nonce, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules import default_registry
from node.modules.accounts import ledger
from node.modules.accounts.genesis import AccountsGenesis, GenesisAccount
from node.modules.accounts.records import Account, AccountKey
from wallet.signers import FileSigner, Signer, sign_transaction

REG = default_registry()
CHAIN = "depot-wallet-test"
T0 = 1_767_225_600_000
HIGH_AMOUNT = 100_000
TREASURY = address_of_group("northmill", "treasury")
TTL = int(DEFAULT_PARAMS.max_tx_ttl_ms)


def key(name: str, scheme: Scheme = Scheme.ED25519) -> PrivateKey:
    return PrivateKey.from_secret(scheme, hashlib.sha256(b"wallet-test/" + name.encode()).digest())


KEYS = {n: key(n) for n in ("bank", "bob", "c0", "c1", "c2", "v0", "outsider", "new0")}
KEYS["p0"] = key("p0", Scheme.P256)


def addr(name: str) -> Address:
    if name == "treasury":
        return TREASURY
    k = KEYS[name]
    return address_of_key(int(k.scheme), k.public_key)


def signer(name: str) -> Signer:
    return FileSigner(KEYS[name])


def _genesis_base() -> dict[bytes, bytes]:
    accounts = [
        AccountSpec("bank", "city-bank", ("bank", "governor"), 1, KEYS["bank"].public_key, 1_000_000),
        AccountSpec("bob", "acme-fuel", ("supplier",), 1, KEYS["bob"].public_key, 0),
        AccountSpec("outsider", "acme-fuel", ("supplier",), 1, KEYS["outsider"].public_key, 1_000),
        AccountSpec("p0", "northmill", ("customer",), 2, KEYS["p0"].public_key, 5_000),
    ] + [AccountSpec(f"c{i}", "northmill", ("customer",), 1, KEYS[f"c{i}"].public_key, 1_000) for i in range(3)]
    g = build_genesis(CHAIN, T0, [ValidatorSpec(1, KEYS["v0"].public_key, 10, KEYS["bank"].public_key)], accounts)
    section = decode(AccountsGenesis, g.sections[0].data)
    group = GenesisAccount(
        address=TREASURY,
        org_id="northmill",
        name="treasury",
        roles=("customer",),
        keys=tuple(AccountKey(U8(1), KEYS[f"c{i}"].public_key) for i in range(3)),
        threshold=U8(2),
        high_threshold=U8(3),
        high_amount=Amount(HIGH_AMOUNT),
        balance=Amount(500_000),
    )
    section = replace(section, accounts=section.accounts + (group,))
    g = replace(g, sections=(GenesisSection("accounts", encode(section)),))
    return {k: v for k, v in genesis_state(REG, g).diff().items() if v is not None}


BASE = _genesis_base()


class World:
    """Committed records plus a height and a clock; ``run`` executes one transaction as a block."""

    def __init__(self) -> None:
        self.data = dict(BASE)
        self.height = 0
        self.time_ms = T0 + 1_000
        self.nonces: dict[bytes, int] = {}

    @property
    def state(self) -> State:
        return State(DictReader(self.data))

    def account(self, who: str | bytes) -> Account:
        a = ledger.get_account(self.state, addr(who) if isinstance(who, str) else who)
        assert a is not None
        return a

    def balance(self, who: str) -> int:
        return int(self.account(who).balance)

    def body(self, sender: str, kind: str, payload: Any, *, nonce: int | None = None) -> TxBody:
        a = addr(sender)
        n = int(self.account(a).nonce) if nonce is None else nonce
        return TxBody(U8(TX_VERSION), CHAIN, a, Nonce(n), TimestampMs(self.time_ms + 600_000), kind, encode(payload))

    def sign(self, body: TxBody, signers: list[str]) -> Transaction:
        return sign_transaction(body, [signer(s) for s in signers])

    def run(self, tx: Transaction, *, advance_ms: int = 1_000) -> TxOutcome:
        """Execute ``tx`` in the next block (raises ``InvalidTransaction`` if it cannot be included)."""
        self.height += 1
        self.time_ms += advance_ms
        tid = check_stateless(tx, CHAIN)
        state = self.state
        env = BlockEnv(CHAIN, self.height, self.time_ms, bytes(addr("v0")), TTL)
        outcomes, _ = execute_block(REG, state, [tx], [tid], env)
        self._commit(state)
        return outcomes[0]

    def empty_block(self, advance_ms: int) -> list[Any]:
        self.height += 1
        self.time_ms += advance_ms
        state = self.state
        env = BlockEnv(CHAIN, self.height, self.time_ms, bytes(addr("v0")), TTL)
        _, events = execute_block(REG, state, [], [], env)
        self._commit(state)
        return events

    def check(self, tx: Transaction) -> None:
        """Like mempool admission: raise the error a node would answer, change nothing."""
        tid = check_stateless(tx, CHAIN)
        env = BlockEnv(CHAIN, self.height + 1, self.time_ms + 1_000, bytes(addr("v0")), TTL)
        execute_tx(REG, self.state, tx, tid, env, 0, strict=True)

    def _commit(self, state: State) -> None:
        for k, v in state.diff().items():
            if v is None:
                self.data.pop(k, None)
            else:
                self.data[k] = v
