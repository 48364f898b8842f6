"""Synthetic signed chains with known validator keys, for light-client tests, benchmarks and demos.

A ``SyntheticChain`` starts from a real genesis document (so its hash is a
real root of trust) and builds headers whose every field is consistent:
hash links, commits signed by the validators chosen per height, validator-set
changes at any height, transaction roots over real signed transactions, and
state roots of a real state tree, so state and inclusion proofs are genuine.
It does not execute transactions: state changes are written as given.  That
is what a light client sees of a chain, which is why it is enough to test
one; a full node could not replay such a chain.

``forged_light_block`` makes the other side of a fork (a different header at
a height, signed by whichever keys the test picks), which is how the
equivocation tests build a conflicting header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from node.core.address import address_of_key
from node.core.blocks import (
    HEADER_VERSION,
    Block,
    Commit,
    CommitFlag,
    CommitSig,
    Header,
    Vote,
    VoteType,
    block_id_of,
    commit_hash,
    evidence_root,
    vote_signing_message,
)
from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import encode
from node.core.genesis import Genesis, genesis_hash, genesis_state, genesis_to_json
from node.core.hashing import tagged_hash
from node.core.merkle import InclusionProof, merkle_root, prove
from node.core.registry import Registry
from node.core.state_tree import EMPTY, StateProof, StateTree
from node.core.transactions import Transaction
from node.core.types import U8, U16, Address, Hash32, Height, Round, TimestampMs
from node.core.validators import Validator, ValidatorSet, make_validator
from node.devgenesis import AccountSpec, ValidatorSpec, build_genesis
from node.light.errors import HeaderWithheld, TxNotCommitted
from node.light.provider import NodeStatus, StateAnswer, TxAnswer
from node.light.types import LightBlock


@dataclass(slots=True)
class SyntheticValidator:
    """A validator whose consensus key the test holds."""

    key: PrivateKey
    power: int
    operator_key: PrivateKey
    signer: Signer = field(init=False)
    validator: Validator = field(init=False)

    def __post_init__(self) -> None:
        self.signer = Signer(self.key)
        self.validator = make_validator(
            int(self.key.scheme),
            self.key.public_key,
            self.power,
            address_of_key(int(self.operator_key.scheme), self.operator_key.public_key),
        )

    @property
    def address(self) -> Address:
        return self.validator.address

    @staticmethod
    def generate(power: int = 10) -> SyntheticValidator:
        return SyntheticValidator(PrivateKey.generate(Scheme.ED25519), power, PrivateKey.generate(Scheme.ED25519))


class _NodeDict:
    """State-tree node records in memory."""

    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


Signers = Iterable[SyntheticValidator] | None


class SyntheticChain:
    """A chain of signed headers built in memory (see the module docstring)."""

    def __init__(
        self,
        registry: Registry,
        *,
        chain_id: str = "depot-synthetic",
        validators: int | Sequence[SyntheticValidator] = 4,
        genesis_time_ms: int,
        block_interval_ms: int = 1000,
        accounts: Sequence[AccountSpec] = (),
    ) -> None:
        self.registry = registry
        self.chain_id = chain_id
        self.block_interval_ms = block_interval_ms
        vals = (
            [SyntheticValidator.generate() for _ in range(validators)]
            if isinstance(validators, int)
            else list(validators)
        )
        self.known: dict[bytes, SyntheticValidator] = {bytes(v.address): v for v in vals}
        specs = list(accounts) + [
            AccountSpec(
                f"operator-{i}", "core-corp", ("governor",), int(v.operator_key.scheme),
                v.operator_key.public_key, 0,
            )
            for i, v in enumerate(vals)
        ]
        self.genesis: Genesis = build_genesis(
            chain_id,
            genesis_time_ms,
            [
                ValidatorSpec(int(v.key.scheme), v.key.public_key, v.power, v.operator_key.public_key)
                for v in vals
            ],
            specs,
        )
        self.genesis_hash = genesis_hash(self.genesis)
        self._nodes = _NodeDict()
        self.tree = StateTree(self._nodes, cache_size=0)
        puts = {k: v for k, v in genesis_state(registry, self.genesis).diff().items() if v is not None}
        root, nodes = self.tree.update(EMPTY, puts)
        self._nodes.nodes.update(nodes)
        self.tree.mark_persisted(nodes)
        self.state: dict[bytes, bytes] = dict(puts)
        """The latest state, key -> value."""
        self.roots: list[bytes] = [root]
        self.vsets: list[ValidatorSet] = [ValidatorSet.of([v.validator for v in vals])]
        """``vsets[h]``: the set that signs height h (``vsets[0]`` = ``vsets[1]`` = genesis set)."""
        self.headers: list[Header | None] = [None]
        self.block_ids: list[Hash32] = [self.genesis_hash]
        self.commits: list[Commit | None] = [None]
        self._light: list[LightBlock | None] = [None]
        self.txs: list[list[bytes]] = [[]]
        self.tx_index: dict[bytes, tuple[int, int]] = {}
        self._next_vset: ValidatorSet = self.vsets[0]
        self._schedule: dict[int, ValidatorSet] = {}

    # --- reading -----------------------------------------------------------------------

    @property
    def height(self) -> int:
        return len(self.headers) - 1

    def header(self, height: int) -> Header:
        h = self.headers[height]
        if h is None:
            raise IndexError("genesis has no header")
        return h

    def commit(self, height: int) -> Commit:
        c = self.commits[height]
        if c is None:
            raise IndexError("genesis has no commit")
        return c

    def validators_at(self, height: int) -> ValidatorSet:
        """The set that signs ``height`` (known one past the tip)."""
        if 0 <= height <= self.height:
            return self.vsets[height]
        if height == self.height + 1:
            return self._next_vset
        raise IndexError(f"no validator set known for height {height}")

    def light_block(self, height: int) -> LightBlock:
        lb = self._light[height]
        if lb is None:
            raise IndexError("genesis has no header")
        return lb

    def block(self, height: int) -> Block:
        """The full block (its transactions decoded) with the previous block's commit."""
        from node.core.transactions import decode_transaction

        last = self.commits[height - 1] if height > 1 else None
        txs = tuple(decode_transaction(r) for r in self.txs[height])
        return Block(self.header(height), txs, last, ())

    def prove(self, key: bytes, height: int) -> tuple[bytes | None, StateProof]:
        """The value of ``key`` after block ``height`` and its proof against that header's state root."""
        return self.tree.prove(self.roots[height], key)

    def tx_proof(self, tx_id: bytes) -> tuple[int, int, bytes, InclusionProof] | None:
        """``(height, index, raw, proof)`` of a committed transaction, or None."""
        loc = self.tx_index.get(bytes(tx_id))
        if loc is None:
            return None
        h, i = loc
        return h, i, self.txs[h][i], prove(self.txs[h], i)

    # --- building ----------------------------------------------------------------------

    def add_validator(self, power: int = 10) -> SyntheticValidator:
        """New keys the chain knows how to sign with (use them in ``change_validators``)."""
        v = SyntheticValidator.generate(power)
        self.known[bytes(v.address)] = v
        return v

    def change_validators(self, from_height: int, validators: Iterable[SyntheticValidator]) -> ValidatorSet:
        """Make ``validators`` the set that signs ``from_height`` onwards (at least two above the tip)."""
        if from_height < self.height + 2:
            raise ValueError("a change must be named by a header not built yet (height + 2 or later)")
        vals = list(validators)
        for v in vals:
            self.known[bytes(v.address)] = v
        vset = ValidatorSet.of([v.validator for v in vals])
        self._schedule[from_height] = vset
        return vset

    def sign_commit(
        self,
        height: int,
        block_id: bytes,
        vset: ValidatorSet,
        signers: Signers = None,
        round_: int = 0,
    ) -> Commit:
        """A commit of ``vset`` for ``block_id``: COMMIT for each signer in the set, ABSENT for the rest.

        ``signers`` None means every member; signers outside ``vset`` are ignored
        (see ``forged_light_block`` to put outsiders in a commit).
        """
        chosen = None if signers is None else {bytes(s.address) for s in signers}
        msg = vote_signing_message(
            self.chain_id, Vote(U8(VoteType.PRECOMMIT), Height(height), Round(round_), Hash32(block_id))
        )
        sigs = []
        for v in vset.validators:
            a = bytes(v.address)
            if chosen is None or a in chosen:
                sigs.append(CommitSig(U8(CommitFlag.COMMIT), v.address, self.known[a].signer.sign(msg)))
            else:
                sigs.append(CommitSig(U8(CommitFlag.ABSENT), v.address, b""))
        return Commit(Height(height), Round(round_), Hash32(block_id), tuple(sigs))

    def extend(
        self,
        n: int = 1,
        *,
        signers: Signers = None,
        changes: Mapping[bytes, bytes | None] | None = None,
        txs: Sequence[Transaction] = (),
        time_step_ms: int | None = None,
    ) -> None:
        """Add ``n`` blocks; ``changes`` and ``txs`` go into the first of them."""
        step = self.block_interval_ms if time_step_ms is None else time_step_ms
        signer_list = None if signers is None else list(signers)
        for i in range(n):
            height = self.height + 1
            vset = self._next_vset
            nxt = self._schedule.pop(height + 1, vset)
            root = self.roots[-1]
            if i == 0 and changes:
                root, nodes = self.tree.update(root, changes)
                self._nodes.nodes.update(nodes)
                self.tree.mark_persisted(nodes)
                for k, v in changes.items():
                    if v is None:
                        self.state.pop(k, None)
                    else:
                        self.state[k] = v
            raw_txs = [encode(t) for t in txs] if i == 0 else []
            prev = self.headers[-1]
            prev_time = int(self.genesis.genesis_time_ms) if prev is None else int(prev.time_ms)
            header = Header(
                version=U16(HEADER_VERSION),
                chain_id=self.chain_id,
                height=Height(height),
                time_ms=TimestampMs(prev_time + step),
                prev_block_id=self.block_ids[-1],
                last_commit_hash=commit_hash(self.commits[-1]),
                txs_root=Hash32(merkle_root(raw_txs)),
                state_root=Hash32(root),
                validators_hash=vset.hash(),
                next_validators_hash=nxt.hash(),
                evidence_hash=evidence_root(()),
                proposer=vset.validators[height % len(vset.validators)].address,
            )
            header_raw = encode(header)
            bid = Hash32(tagged_hash(b"DEPOT/BLOCK", header_raw))
            commit = self.sign_commit(height, bid, vset, signer_list)
            # Kept as a provider would hand it over: decoded from canonical bytes.
            self._light.append(LightBlock.from_raw(header_raw, encode(commit), vset))
            self.headers.append(header)
            self.block_ids.append(bid)
            self.commits.append(commit)
            self.vsets.append(vset)
            self.roots.append(root)
            self.txs.append(raw_txs)
            for j in range(len(raw_txs)):
                self.tx_index[bytes(txs[j].tx_id())] = (height, j)
            self._next_vset = nxt

    def forged_light_block(
        self,
        height: int,
        *,
        signers: Iterable[SyntheticValidator],
        validators: Iterable[SyntheticValidator] | None = None,
        **header_changes: Any,
    ) -> LightBlock:
        """Another header at ``height`` (fields changed as given), signed by ``signers``.

        With ``validators`` the forged header names that set as its signers
        (the lunatic attack: equivocating validators vouching for a set they chose).
        """
        base = self.header(height)
        signer_list = list(signers)
        for s in signer_list:
            self.known[bytes(s.address)] = s
        vset = (
            ValidatorSet.of([v.validator for v in validators])
            if validators is not None
            else self.vsets[height]
        )
        if validators is not None:
            for v in validators:
                self.known[bytes(v.address)] = v
        header = replace(base, validators_hash=vset.hash(), **header_changes)
        bid = block_id_of(header)
        return LightBlock(header, self.sign_commit(height, bid, vset, signer_list), vset)




class SyntheticProvider:
    """A ``SyntheticChain`` served from memory as a light-client provider (benchmarks, unit tests)."""

    def __init__(self, chain: SyntheticChain, url: str = "memory://synthetic") -> None:
        self.chain = chain
        self.url = url

    def status(self) -> NodeStatus:
        return NodeStatus(self.chain.chain_id, self.chain.genesis_hash, self.chain.height)

    def genesis(self) -> dict[str, Any] | None:
        return genesis_to_json(self.chain.registry, self.chain.genesis)

    def light_block(self, height: int) -> LightBlock:
        if not 1 <= height <= self.chain.height:
            raise HeaderWithheld(f"no header {height} in the synthetic chain", height=height)
        return self.chain.light_block(height)

    def light_blocks(self, start: int, end: int) -> list[LightBlock]:
        return [self.light_block(h) for h in range(start, end + 1)]

    def state(self, key: bytes, height: int) -> StateAnswer:
        value, proof = self.chain.prove(key, height)
        return StateAnswer(key, height, value, proof.encode())

    def tx(self, tx_id: bytes) -> TxAnswer:
        found = self.chain.tx_proof(tx_id)
        if found is None:
            raise TxNotCommitted(f"no transaction {bytes(tx_id).hex()}")
        h, i, raw, proof = found
        return TxAnswer(bytes(tx_id), h, i, raw, proof, "ok")

    def close(self) -> None:
        pass


__all__ = ["SyntheticChain", "SyntheticProvider", "SyntheticValidator"]
