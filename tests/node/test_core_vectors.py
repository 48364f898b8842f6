"""Re-check the core protocol vectors in tests/vectors/ against the implementation.

If any of these fail, the wire format changed: either the change is a bug, or
it is a protocol change that needs the vectors regenerated
(``python scripts/gen_vectors_core.py``) and docs/protocol.md updated.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest

from node.core import crypto, errors
from node.core.address import (
    address_of_group,
    address_of_key,
    format_address,
    parse_address,
)
from node.core.blocks import (
    Block,
    Commit,
    Header,
    Vote,
    block_id_of,
    check_block_shape,
    verify_commit,
    vote_signing_message,
)
from node.core.encoding import MaxLen, decode, encode, from_json, to_json
from node.core.errors import DepotError, InvalidAddress
from node.core.genesis import ChainParams, genesis_from_json, genesis_hash, genesis_state
from node.core.hashing import tagged_hash
from node.core.state_tree import StateTree
from node.core.transactions import (
    TxBody,
    check_stateless,
    decode_transaction,
    tx_id_of,
    tx_signing_message,
)
from node.core.types import U8, U16, U32, U64, Address, Hash32
from node.core.validators import Validator, ValidatorSet
from node.modules import default_registry
from node.modules.accounts.records import Account, Organisation, TokenSupply
from node.modules.accounts.transitions import (
    Issue,
    Redeem,
    RegisterAccount,
    RegisterOrganisation,
    SetRoles,
    Transfer,
)
from node.modules.governance.records import Proposal
from node.modules.governance.transitions import Propose
from node.modules.governance.transitions import Vote as GovVote

ROOT = Path(__file__).resolve().parent.parent.parent
VECTORS = ROOT / "tests" / "vectors"


def _load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


ENCODING = _load("encoding.json")
ADDRESSES = _load("addresses.json")
SIGNATURES = _load("signatures.json")
TRANSACTIONS = _load("transactions.json")
HEADERS = _load("headers.json")
GENESIS = _load("genesis.json")

ERRORS: dict[str, type[DepotError]] = {
    name: cls
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, DepotError)
}


def _h(x: str) -> bytes:
    return bytes.fromhex(x)


# --- encoding -------------------------------------------------------------------


_SCALARS: dict[str, Any] = {
    "u8": U8,
    "u16": U16,
    "u32": U32,
    "u64": U64,
    "bool": bool,
    "hash32": Hash32,
    "address": Address,
    "bytes": bytes,
    "string": str,
}


def _parse_type(text: str) -> Any:
    """The annotation for a schema type such as ``list<option<u16>>(max 4)``."""
    limit = None
    m = re.fullmatch(r"(.*)\(max (\d+)\)", text)
    if m:
        text, limit = m.group(1), int(m.group(2))
    if text.startswith("option<") and text.endswith(">"):
        tp: Any = _parse_type(text[7:-1]) | None
    elif text.startswith("list<") and text.endswith(">"):
        tp = tuple[_parse_type(text[5:-1]), ...]  # type: ignore[misc]
    else:
        tp = _SCALARS[text]
    return tp if limit is None else Annotated[tp, MaxLen(limit)]


def _schema_type(name: str) -> type:
    fields = []
    for entry in ENCODING["schemas"][name]:
        fname, ftype = (x.strip() for x in entry.split(":", 1))
        fields.append((fname, _parse_type(ftype)))
    return dataclasses.make_dataclass(name, fields, frozen=True, slots=True)


TYPES: dict[str, type] = {
    "EncodingExample": _schema_type("EncodingExample"),
    "Transfer": Transfer,
    "Issue": Issue,
    "Redeem": Redeem,
    "Propose": Propose,
    "GovVote": GovVote,
    "RegisterOrganisation": RegisterOrganisation,
    "RegisterAccount": RegisterAccount,
    "SetRoles": SetRoles,
    "Organisation": Organisation,
    "Account": Account,
    "TokenSupply": TokenSupply,
    "Proposal": Proposal,
    "ChainParams": ChainParams,
    "Vote": Vote,
}


@pytest.mark.parametrize("case", ENCODING["valid"], ids=lambda c: c["note"])
def test_encoding_valid(case: dict[str, Any]) -> None:
    cls = TYPES[case["type"]]
    value = from_json(cls, case["value"])
    assert encode(value).hex() == case["hex"]
    decoded = decode(cls, _h(case["hex"]))
    assert decoded == value
    assert to_json(decoded) == case["value"]


@pytest.mark.parametrize("case", ENCODING["invalid"], ids=lambda c: c["note"])
def test_encoding_invalid(case: dict[str, Any]) -> None:
    cls = TYPES[case["type"]]
    with pytest.raises(ERRORS[case["error"]]) as info:
        decode(cls, _h(case["hex"]))
    assert type(info.value) is ERRORS[case["error"]]
    assert info.value.code == case["code"]


def test_encoding_vectors_cover_the_rules() -> None:
    errors_seen = {c["error"] for c in ENCODING["invalid"]}
    assert errors_seen == {"DecodeError", "InvalidAmount"}
    notes = " ".join(c["note"] for c in ENCODING["invalid"])
    for rule in ("trailing", "truncated", "bool = 2", "option tag = 2", "UTF-8", "over the cap"):
        assert rule in notes


# --- addresses ------------------------------------------------------------------


@pytest.mark.parametrize("case", ADDRESSES["keys"], ids=lambda c: c["label"])
def test_address_of_key(case: dict[str, Any]) -> None:
    pk = _h(case["public_key"])
    assert crypto.key_fingerprint(case["scheme"], pk).hex() == case["key_fingerprint"]
    assert tagged_hash(b"DEPOT/ADDR", _h(case["key_fingerprint"]))[:20].hex() == case["address"]
    addr = address_of_key(case["scheme"], pk)
    assert addr.hex() == case["address"]
    assert format_address(addr) == case["text"] == str(addr)
    assert len(case["text"]) == ADDRESSES["text_length"]
    assert parse_address(case["text"]) == addr


@pytest.mark.parametrize("case", ADDRESSES["groups"], ids=lambda c: c["name"])
def test_group_address(case: dict[str, Any]) -> None:
    addr = address_of_group(case["org_id"], case["name"])
    assert addr.hex() == case["address"]
    assert format_address(addr) == case["text"]
    assert parse_address(case["text"]) == addr


def test_raw_and_accepted_addresses() -> None:
    for case in ADDRESSES["raw"]:
        assert format_address(_h(case["address"])) == case["text"]
        assert parse_address(case["text"]).hex() == case["address"]
    for case in ADDRESSES["accepted"]:
        assert parse_address(case["text"]).hex() == case["address"]


@pytest.mark.parametrize("case", ADDRESSES["invalid"], ids=lambda c: c["note"])
def test_invalid_address_text(case: dict[str, Any]) -> None:
    with pytest.raises(InvalidAddress):
        parse_address(case["text"])


# --- signatures -----------------------------------------------------------------


@pytest.mark.parametrize("case", SIGNATURES["cases"], ids=lambda c: c["note"])
def test_signature_case(case: dict[str, Any]) -> None:
    domain = crypto.Domain(case["domain"].encode())
    msg = crypto.signing_message(domain, case["chain_id"], _h(case["digest"]))
    assert msg.hex() == case["message"]
    pk, sig = _h(case["public_key"]), _h(case["signature"])
    if case["secret"] is not None:
        key = crypto.PrivateKey.from_secret(crypto.Scheme(case["scheme"]), _h(case["secret"]))
        assert key.public_key == pk
        if case["valid"] and key.scheme is crypto.Scheme.ED25519:
            assert key.sign(msg) == sig  # Ed25519 is deterministic
    assert crypto.is_valid(case["scheme"], pk, msg, sig) is case["valid"]
    if case["valid"]:
        crypto.verify(case["scheme"], pk, msg, sig)
    else:
        with pytest.raises(ERRORS[case["error"]]):
            crypto.verify(case["scheme"], pk, msg, sig)


def test_signature_cases_cover_the_rules() -> None:
    notes = " ".join(c["note"] for c in SIGNATURES["cases"])
    for rule in ("valid", "domain", "another chain id", "high-S", "labelled as"):
        assert rule in notes
    assert int(SIGNATURES["p256_order"], 16) == crypto.P256_N


@pytest.mark.parametrize("case", SIGNATURES["normalize_p256"], ids=lambda c: c["note"])
def test_normalize_p256(case: dict[str, Any]) -> None:
    assert crypto.normalize_p256_signature(_h(case["input"])).hex() == case["output"]


# --- transactions ---------------------------------------------------------------


@pytest.mark.parametrize("case", TRANSACTIONS["cases"], ids=lambda c: c["note"])
def test_transaction_case(case: dict[str, Any]) -> None:
    body = from_json(TxBody, case["body"])
    assert encode(body).hex() == case["body_hex"]
    assert decode(TxBody, _h(case["body_hex"])) == body
    tid = tx_id_of(body)
    assert tid.hex() == case["tx_id"]
    assert tagged_hash(b"DEPOT/TXID", _h(case["body_hex"])).hex() == case["tx_id"]
    msg = tx_signing_message(body.chain_id, tid)
    assert msg.hex() == case["signing_message"]
    tx = decode_transaction(_h(case["tx_hex"]))
    assert tx.body == body
    assert encode(tx).hex() == case["tx_hex"]
    assert [to_json(s) for s in tx.signatures] == case["signatures"]
    assert check_stateless(tx, body.chain_id) == tid
    keys = {k["public_key"]: k for k in TRANSACTIONS["keys"].values()}
    for s in tx.signatures:
        k = keys[s.public_key.hex()]
        key = crypto.PrivateKey.from_secret(crypto.Scheme(k["scheme"]), _h(k["secret"]))
        assert key.public_key == s.public_key
        if key.scheme is crypto.Scheme.ED25519:
            assert key.sign(msg) == s.signature


def test_same_body_same_id() -> None:
    by_body: dict[str, set[str]] = {}
    hexes: dict[str, set[str]] = {}
    for case in TRANSACTIONS["cases"]:
        by_body.setdefault(case["body_hex"], set()).add(case["tx_id"])
        hexes.setdefault(case["body_hex"], set()).add(case["tx_hex"])
    assert all(len(ids) == 1 for ids in by_body.values())
    # At least two bodies appear with different signatures (and so different bytes).
    assert sum(1 for h in hexes.values() if len(h) > 1) >= 2


# --- headers, commits, validator sets ------------------------------------------


def _vset() -> ValidatorSet:
    vs = from_json(tuple[Validator, ...], HEADERS["validator_set"]["validators"])
    return ValidatorSet(vs)


def test_validator_set_hash() -> None:
    vset = _vset()
    assert [encode(v).hex() for v in vset.validators] == HEADERS["validator_set"]["encodings"]
    assert encode(vset).hex() == HEADERS["validator_set"]["hex"]
    assert decode(ValidatorSet, _h(HEADERS["validator_set"]["hex"])) == vset
    assert vset.hash().hex() == HEADERS["validator_set"]["hash"]
    keys = HEADERS["validator_keys"]
    for v, k in zip(vset.validators, keys, strict=True):
        key = crypto.PrivateKey.from_secret(crypto.Scheme.ED25519, _h(k["seed"]))
        assert key.public_key == v.public_key == _h(k["public_key"])


def test_header_and_block_id() -> None:
    header = from_json(Header, HEADERS["header"]["value"])
    assert encode(header).hex() == HEADERS["header"]["hex"]
    assert decode(Header, _h(HEADERS["header"]["hex"])) == header
    assert block_id_of(header).hex() == HEADERS["header"]["block_id"]
    assert (
        tagged_hash(b"DEPOT/BLOCK", _h(HEADERS["header"]["hex"])).hex()
        == (HEADERS["header"]["block_id"])
    )
    assert header.validators_hash.hex() == HEADERS["validator_set"]["hash"]
    assert header.evidence_hash.hex() == HEADERS["empty_evidence_hash"]


def test_block_and_last_commit() -> None:
    block = decode(Block, _h(HEADERS["block"]["hex"]))
    assert encode(block).hex() == HEADERS["block"]["hex"]
    assert block.header == from_json(Header, HEADERS["header"]["value"])
    check_block_shape(block)
    assert [tx_id_of(t.body).hex() for t in block.txs] == HEADERS["block"]["tx_ids"]
    assert block.last_commit is not None
    assert encode(block.last_commit).hex() == HEADERS["last_commit"]["hex"]
    assert block.last_commit.hash().hex() == HEADERS["last_commit"]["hash"]
    assert block.header.last_commit_hash.hex() == HEADERS["last_commit"]["hash"]
    verify_commit(
        HEADERS["chain_id"],
        _vset(),
        block.header.prev_block_id,
        int(block.header.height) - 1,
        block.last_commit,
    )


def test_precommit_signing_message() -> None:
    pc = HEADERS["precommit"]
    vote = from_json(Vote, pc["vote"])
    assert encode(vote).hex() == pc["hex"]
    assert tagged_hash(b"DEPOT/VOTE", encode(vote)).hex() == pc["digest"]
    assert vote_signing_message(HEADERS["chain_id"], vote).hex() == pc["signing_message"]
    assert vote.block_id.hex() == HEADERS["header"]["block_id"]


@pytest.mark.parametrize("case", HEADERS["commits"], ids=lambda c: c["note"])
def test_commit_case(case: dict[str, Any]) -> None:
    commit = decode(Commit, _h(case["hex"]))
    assert to_json(commit) == case["commit"]
    assert commit.hash().hex() == case["hash"]
    vset = _vset()
    assert vset.total_power() == case["total_power"]
    bid = _h(HEADERS["header"]["block_id"])
    for label, num in (("verifies_two_thirds", 2), ("verifies_one_third", 1)):
        try:
            signed = verify_commit(
                HEADERS["chain_id"], vset, bid, 2, commit, trust_numerator=num, trust_denominator=3
            )
        except errors.DepotError:
            assert case[label] is False
        else:
            assert case[label] is True
            assert signed == case["signed_power"]


def test_commit_rule_boundaries() -> None:
    """More than the trust level is needed: exactly 2/3 (or 1/3) of the power is not enough."""
    vset = _vset()
    bid = _h(HEADERS["header"]["block_id"])
    full = decode(Commit, _h(HEADERS["commits"][2]["hex"]))  # all four commit
    chain = HEADERS["chain_id"]
    assert verify_commit(chain, vset, bid, 2, full) == 40
    with pytest.raises(errors.DepotError):
        verify_commit(chain, vset, bid, 3, full)  # another height
    with pytest.raises(errors.DepotError):
        verify_commit(chain, vset, bytes(32), 2, full)  # another block
    with pytest.raises(errors.DepotError):
        verify_commit("depot-other", vset, bid, 2, full)  # another chain: signatures fail
    # Two of four (20 of 40) fails 2/3 and passes 1/3; 40/3 is not reached by one (10 of 40).
    two = HEADERS["commits"][1]
    assert (two["verifies_two_thirds"], two["verifies_one_third"]) == (False, True)
    one = dataclasses.replace(
        full,
        signatures=tuple(
            s if i == 0 else dataclasses.replace(s, flag=U8(1), signature=b"")
            for i, s in enumerate(full.signatures)
        ),
    )
    with pytest.raises(errors.DepotError, match="more than 1/3"):
        verify_commit(chain, vset, bid, 2, one, trust_numerator=1, trust_denominator=3)
    # A COMMIT entry whose signature does not verify spoils the commit, even if enough others signed.
    bad = dataclasses.replace(
        full,
        signatures=(dataclasses.replace(full.signatures[0], signature=bytes(64)),)
        + full.signatures[1:],
    )
    with pytest.raises(errors.DepotError, match="does not verify"):
        verify_commit(chain, vset, bid, 2, bad)


def test_skipping_verification_with_an_older_set() -> None:
    from node.core.blocks import (
        CommitFlag,
        CommitSig,
        InvalidCommit,
        VoteType,
        verify_commit_trusting,
    )
    from node.core.types import Height, Round
    from node.core.validators import make_validator

    old = _vset()
    keys = [
        crypto.PrivateKey.from_secret(crypto.Scheme.ED25519, _h(k["seed"]))
        for k in HEADERS["validator_keys"]
    ]
    newcomer = crypto.PrivateKey.from_secret(crypto.Scheme.ED25519, bytes([42]) * 32)
    operator = old.validators[0].operator
    members = keys[:3] + [newcomer]
    new = ValidatorSet.of([make_validator(1, k.public_key, 10, operator) for k in members])
    by_addr = {address_of_key(1, k.public_key): k for k in members}
    bid = Hash32(bytes(range(32)))
    chain = HEADERS["chain_id"]
    msg = vote_signing_message(chain, Vote(U8(VoteType.PRECOMMIT), Height(9), Round(0), bid))
    sigs = tuple(
        CommitSig(U8(CommitFlag.COMMIT), v.address, by_addr[v.address].sign(msg))
        for v in new.validators
    )
    commit = Commit(Height(9), Round(0), bid, sigs)
    assert verify_commit(chain, new, bid, 9, commit) == 40
    # Three of the old set's four validators (30 of 40) signed it: more than 1/3 of the old set.
    assert verify_commit_trusting(chain, old, bid, 9, commit) == 30
    # The exact-set check still refuses the old set: its entries do not line up.
    with pytest.raises(InvalidCommit):
        verify_commit(chain, old, bid, 9, commit, trust_numerator=1, trust_denominator=3)


# --- genesis --------------------------------------------------------------------


class _Nodes:
    def __init__(self) -> None:
        self.nodes: dict[bytes, bytes] = {}

    def get_node(self, node_hash: bytes) -> bytes | None:
        return self.nodes.get(node_hash)


def test_genesis() -> None:
    registry = default_registry()
    g = genesis_from_json(registry, GENESIS["genesis_json"])
    assert encode(g).hex() == GENESIS["hex"]
    assert genesis_hash(g).hex() == GENESIS["genesis_hash"]
    assert tagged_hash(b"DEPOT/GENESIS", _h(GENESIS["hex"])).hex() == GENESIS["genesis_hash"]
    state = genesis_state(registry, g)
    puts = {k: v for k, v in state.diff().items() if v is not None}
    assert [{"key": k.hex(), "value": v.hex()} for k, v in sorted(puts.items())] == GENESIS["state"]
    root, _ = StateTree(_Nodes()).update(bytes(32), puts)
    assert root.hex() == GENESIS["state_root"]


# --- the files are what the generator writes -----------------------------------


def test_generator_reproduces_the_files() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_vectors_core.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
