"""The genesis document: the chain's identity, first validators and each module's opening state.

Its hash (``genesis_hash``) is the root of trust every light client pins and
the ``prev_block_id`` of block 1.  The JSON file people edit is converted to
the canonical structure below, each module's section encoded by that module's
own genesis type, so adding a module adds a section and changes nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from node.core.encoding import MaxLen, decode, encode, from_json, to_json
from node.core.errors import DepotError, InvalidValue
from node.core.hashing import tagged_hash
from node.core.registry import Registry
from node.core.state import State
from node.core.types import U32, U64, Hash32, TimestampMs
from node.core.validators import VALIDATORS_KEY, Validator, ValidatorSet

PARAMS_KEY = b"chain/params"


class InvalidGenesis(DepotError):
    code = "invalid_genesis"


@dataclass(frozen=True, slots=True)
class ChainParams:
    """Chain-wide parameters, in state so governance can change them later."""

    max_tx_ttl_ms: U64
    """How far ahead of block time a transaction's expiry may be."""
    max_block_txs: U32
    """The most transactions one block may carry."""
    block_time_ms: U32
    """Target interval between blocks while transactions are waiting."""
    empty_block_interval_ms: U32
    """When idle, an empty block after this long so that chain time keeps moving (deadlines)."""


DEFAULT_PARAMS = ChainParams(
    max_tx_ttl_ms=U64(24 * 3600 * 1000),
    max_block_txs=U32(10_000),
    block_time_ms=U32(500),
    empty_block_interval_ms=U32(5_000),
)


@dataclass(frozen=True, slots=True)
class GenesisSection:
    """One module's opening state, in that module's canonical encoding."""

    module: Annotated[str, MaxLen(64)]
    data: bytes


@dataclass(frozen=True, slots=True)
class Genesis:
    chain_id: Annotated[str, MaxLen(64)]
    genesis_time_ms: TimestampMs
    params: ChainParams
    validators: tuple[Validator, ...]
    sections: tuple[GenesisSection, ...]
    """Sorted by module name."""


def genesis_hash(g: Genesis) -> Hash32:
    return Hash32(tagged_hash(b"DEPOT/GENESIS", encode(g)))


def genesis_state(registry: Registry, g: Genesis) -> State:
    """Execute the genesis document into a fresh state; its ``diff()`` is height 0."""
    state = State()
    if not g.chain_id or not g.chain_id.isascii():
        raise InvalidGenesis("chain id must be non-empty ASCII")
    if [bytes(v.address) for v in g.validators] != sorted(bytes(v.address) for v in g.validators):
        raise InvalidGenesis("genesis validators must be sorted by address (one canonical document per chain)")
    try:
        vset = ValidatorSet.of(list(g.validators))
    except DepotError as exc:
        raise InvalidGenesis(f"validators: {exc.message}") from exc
    state.put(VALIDATORS_KEY, vset)
    state.put(PARAMS_KEY, g.params)
    by_name = {m.name: m for m in registry.modules}
    names = [s.module for s in g.sections]
    if names != sorted(set(names)):
        raise InvalidGenesis("genesis sections must be sorted by module, without duplicates")
    for section in g.sections:
        m = by_name.get(section.module)
        if m is None or m.genesis_type is None or m.init_genesis is None:
            raise InvalidGenesis(f"no module {section.module!r} takes a genesis section")
        try:
            m.init_genesis(state, decode(m.genesis_type, section.data))
        except DepotError as exc:
            raise InvalidGenesis(f"{section.module}: {exc.message}") from exc
    return state


def genesis_to_json(registry: Registry, g: Genesis) -> dict[str, Any]:
    by_name = {m.name: m for m in registry.modules}
    modules: dict[str, Any] = {}
    for s in g.sections:
        gt = by_name[s.module].genesis_type
        if gt is None:  # pragma: no cover - rejected on load
            raise InvalidGenesis(f"module {s.module!r} has no genesis type")
        modules[s.module] = to_json(decode(gt, s.data))
    return {
        "chain_id": g.chain_id,
        "genesis_time_ms": int(g.genesis_time_ms),
        "params": to_json(g.params),
        "validators": to_json(g.validators),
        "modules": modules,
    }


def genesis_from_json(registry: Registry, data: Any) -> Genesis:
    if not isinstance(data, dict):
        raise InvalidGenesis("genesis must be a JSON object")
    by_name = {m.name: m for m in registry.modules}
    unknown = set(data) - {"chain_id", "genesis_time_ms", "params", "validators", "modules"}
    if unknown:
        raise InvalidGenesis(f"unknown genesis field(s) {sorted(unknown)}")
    if not isinstance(data.get("modules", {}), dict):
        raise InvalidGenesis("genesis 'modules' must be an object")
    try:
        sections = []
        for name in sorted(data.get("modules", {})):
            m = by_name.get(name)
            if m is None or m.genesis_type is None:
                raise InvalidGenesis(f"unknown genesis module {name!r}")
            obj = from_json(m.genesis_type, data["modules"][name], f"$.modules.{name}")
            sections.append(GenesisSection(name, encode(obj)))
        return Genesis(
            chain_id=from_json(str, data.get("chain_id"), "$.chain_id"),
            genesis_time_ms=from_json(TimestampMs, data.get("genesis_time_ms"), "$.genesis_time_ms"),
            params=from_json(ChainParams, data.get("params", to_json(DEFAULT_PARAMS)), "$.params"),
            validators=from_json(tuple[Validator, ...], data.get("validators"), "$.validators"),
            sections=tuple(sections),
        )
    except InvalidValue as exc:
        raise InvalidGenesis(exc.message) from exc


def load_genesis_file(registry: Registry, path: Path) -> Genesis:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidGenesis(f"cannot read genesis file {path}: {exc}") from exc
    return genesis_from_json(registry, data)


def write_genesis_file(registry: Registry, g: Genesis, path: Path) -> None:
    Path(path).write_text(json.dumps(genesis_to_json(registry, g), indent=2) + "\n", encoding="utf-8")
