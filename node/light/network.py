"""The network file: which chain a light client follows, its pinned genesis hash, and the nodes to ask.

``network.json``::

    {"chain_id": "depot-main",
     "genesis_hash": "<64 hex>",
     "peers": ["https://node.core-corp.example", "https://node.city-bank.example"],
     "trust_level": "1/3",                 # optional, in [1/3, 1]
     "trusting_period_ms": 1209600000,     # optional, 14 days
     "max_clock_drift_ms": 10000}          # optional

The genesis hash is the root of trust: the consortium publishes it with the
network file (out of band: installer, signed e-mail, the operator's portal),
and the client believes no genesis document and no header that does not lead
back to it.  ``peers`` are other organisations' nodes; the one a sync reads
from is the primary, the others are witnesses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from node.core.types import Hash32
from node.light.errors import NetworkNotConfigured
from node.light.types import DEFAULT_MAX_CLOCK_DRIFT_MS, DEFAULT_TRUSTING_PERIOD_MS, TrustOptions

NETWORK_FILE = "network.json"


@dataclass(frozen=True, slots=True)
class NetworkConfig:
    """A light client's network: chain id, root of trust, peers and trust options."""

    chain_id: str
    genesis_hash: Hash32
    peers: tuple[str, ...] = ()
    trust: TrustOptions = field(default_factory=TrustOptions)

    def to_json(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id,
            "genesis_hash": self.genesis_hash.hex(),
            "peers": list(self.peers),
            "trust_level": f"{self.trust.trust_numerator}/{self.trust.trust_denominator}",
            "trusting_period_ms": self.trust.trusting_period_ms,
            "max_clock_drift_ms": self.trust.max_clock_drift_ms,
        }

    @staticmethod
    def from_json(data: Any, where: str = "network file") -> NetworkConfig:
        if not isinstance(data, dict):
            raise NetworkNotConfigured(f"{where} must be a JSON object")
        unknown = set(data) - {
            "chain_id", "genesis_hash", "peers", "trust_level", "trusting_period_ms", "max_clock_drift_ms",
        }  # fmt: skip
        if unknown:
            raise NetworkNotConfigured(f"{where}: unknown field(s) {sorted(unknown)}")
        chain_id = data.get("chain_id")
        if not isinstance(chain_id, str) or not chain_id:
            raise NetworkNotConfigured(f"{where}: chain_id is required")
        gh = data.get("genesis_hash")
        try:
            genesis = Hash32(bytes.fromhex(gh)) if isinstance(gh, str) else None
        except ValueError:
            genesis = None
        if genesis is None:
            raise NetworkNotConfigured(f"{where}: genesis_hash must be 64 hex characters")
        peers = data.get("peers", [])
        if not isinstance(peers, list) or not all(isinstance(p, str) and p for p in peers):
            raise NetworkNotConfigured(f"{where}: peers must be a list of URLs")
        num, den = TrustOptions.parse_level(str(data.get("trust_level", "1/3")))
        period = data.get("trusting_period_ms", DEFAULT_TRUSTING_PERIOD_MS)
        drift = data.get("max_clock_drift_ms", DEFAULT_MAX_CLOCK_DRIFT_MS)
        if not isinstance(period, int) or not isinstance(drift, int):
            raise NetworkNotConfigured(f"{where}: periods are integers of milliseconds")
        trust = TrustOptions(
            trusting_period_ms=period,
            trust_numerator=num,
            trust_denominator=den,
            max_clock_drift_ms=drift,
        )
        return NetworkConfig(chain_id, genesis, tuple(p.rstrip("/") for p in peers), trust)

    @staticmethod
    def load(path: Path) -> NetworkConfig:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise NetworkNotConfigured(f"no network file at {path}") from exc
        except (OSError, ValueError) as exc:
            raise NetworkNotConfigured(f"cannot read network file {path}: {exc}") from exc
        return NetworkConfig.from_json(data, str(path))

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")

    def with_peers(self, *urls: str) -> NetworkConfig:
        """This network with ``urls`` added to its peers (kept once, in order)."""
        peers = list(self.peers)
        for u in urls:
            u = u.rstrip("/")
            if u not in peers:
                peers.append(u)
        return NetworkConfig(self.chain_id, self.genesis_hash, tuple(peers), self.trust)
