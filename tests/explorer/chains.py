"""Real chains for the explorer tests: a node store built block by block with ``node.chain.Chain``.

``Driver`` owns a node's data folder (``HOME/node.db``), signs transactions
for named accounts, chooses each block's time and which validators sign its
commit (so participation has something to measure).  It holds no tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from node.chain import Candidate, Chain, ExecutedBlock
from node.core.address import address_of_key
from node.core.blocks import Commit, CommitFlag, CommitSig, Vote, VoteType, vote_signing_message
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.genesis import Genesis
from node.core.transactions import TX_VERSION, Transaction, TxBody, check_stateless, sign_body
from node.core.types import U8, Address, Amount, Nonce, Round, TimestampMs
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.modules import default_registry
from node.modules.accounts.transitions import Issue, Redeem, Transfer
from node.storage import Store

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
MIN = 60_000


def key(name: str, scheme: Scheme = Scheme.ED25519) -> PrivateKey:
    """A fixed key per name, so failures reproduce."""
    return PrivateKey.from_secret(scheme, hashlib.sha256(b"explorer-tests/" + name.encode()).digest())


def addr_of(k: PrivateKey) -> Address:
    return address_of_key(int(k.scheme), k.public_key)


# name -> (organisation, roles, opening balance)
ACCOUNTS: dict[str, tuple[str, tuple[str, ...], int]] = {
    "bank": ("city-bank", ("bank", "governor"), 10_000_000),
    "alice": ("northmill", ("customer",), 1_000_000),
    "bob": ("acme-fuel", ("supplier",), 1_000_000),
    "carol": ("northmill", ("customer",), 1_000_000),
    "dave": ("northmill", ("customer",), 0),
}


def make_genesis(
    chain_id: str = "depot-explorer-test",
    validators: int = 1,
    accounts: dict[str, tuple[str, tuple[str, ...], int]] | None = None,
    genesis_time_ms: int = T0,
) -> tuple[Genesis, dict[str, PrivateKey], list[PrivateKey]]:
    """A genesis with named accounts and ``validators`` validators of power 10 (bank operates them)."""
    accounts = accounts or ACCOUNTS
    keys = {n: key(f"{chain_id}/{n}") for n in accounts}
    vkeys = [key(f"{chain_id}/validator-{i}") for i in range(validators)]
    specs = [AccountSpec(n, org, roles, 1, keys[n].public_key, bal) for n, (org, roles, bal) in accounts.items()]
    g = build_genesis(
        chain_id,
        genesis_time_ms,
        [ValidatorSpec(1, vk.public_key, 10, keys["bank"].public_key) for vk in vkeys],
        specs,
    )
    return g, keys, vkeys


class Driver:
    """Builds and commits blocks into ``home/node.db``."""

    def __init__(
        self,
        home: Path,
        genesis: Genesis,
        keys: dict[str, PrivateKey],
        validators: list[PrivateKey],
        url: str | None = None,
    ) -> None:
        """A chain in ``home/node.db`` (or in the store at ``url``, e.g. PostgreSQL)."""
        home.mkdir(parents=True, exist_ok=True)
        self.home = home
        self.genesis = genesis
        self.keys = keys
        self.vkeys = {addr_of(k): k for k in validators}
        self.url = url or f"sqlite:///{home / 'node.db'}"
        self.chain = Chain(Store.open(self.url), default_registry(), genesis)
        self.time = int(genesis.genesis_time_ms)
        self.nonces: dict[str, int] = {}
        self.blocks: list[ExecutedBlock] = []

    @classmethod
    def new(cls, home: Path, validators: int = 1, url: str | None = None, **kw: Any) -> Driver:
        g, keys, vkeys = make_genesis(validators=validators, **kw)
        return cls(home, g, keys, vkeys, url)

    def close(self) -> None:
        self.chain.store.close()

    def addr(self, name: str) -> Address:
        return addr_of(self.keys[name])

    def tx(self, who: str, kind: str, payload: Any) -> Transaction:
        n = self.nonces.get(who, 0)
        self.nonces[who] = n + 1
        body = TxBody(
            U8(TX_VERSION), self.genesis.chain_id, self.addr(who), Nonce(n),
            TimestampMs(self.time + 100 * MIN), kind, encode(payload),
        )
        return sign_body(body, [Signer(self.keys[who])])

    def transfer(self, who: str, to: str, amount: int, memo: str = "") -> Transaction:
        return self.tx(who, "token.transfer", Transfer(self.addr(to), Amount(amount), memo))

    def issue(self, to: str, amount: int) -> Transaction:
        return self.tx("bank", "token.issue", Issue(self.addr(to), Amount(amount)))

    def redeem(self, amount: int) -> Transaction:
        return self.tx("bank", "token.redeem", Redeem(Amount(amount)))

    def block(
        self,
        txs: Iterable[Transaction] = (),
        *,
        at: int | None = None,
        step_ms: int = 1000,
        absent: Sequence[int] = (),
    ) -> ExecutedBlock:
        """Commit a block at time ``at`` (or ``step_ms`` after the last); validators at ``absent``
        positions of the set (address order) leave their commit entry ABSENT."""
        self.time = at if at is not None else self.time + step_ms
        cands = [Candidate(t, check_stateless(t, self.chain.chain_id), None, encode(t)) for t in txs]
        vset = self.chain.validators()
        proposer = vset.validators[(self.chain.height + 1) % len(vset.validators)].address
        ex = self.chain.build_block(cands, self.time, proposer)
        assert not ex.dropped, ex.dropped
        vote = Vote(U8(VoteType.PRECOMMIT), ex.block.header.height, Round(0), ex.block_id)
        msg = vote_signing_message(self.chain.chain_id, vote)
        sigs = []
        for i, v in enumerate(vset.validators):
            if i in absent:
                sigs.append(CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
            else:
                sigs.append(CommitSig(U8(CommitFlag.COMMIT), v.address, Signer(self.vkeys[v.address]).sign(msg)))
        self.chain.commit(ex, Commit(ex.block.header.height, Round(0), ex.block_id, tuple(sigs)))
        self.blocks.append(ex)
        return ex
