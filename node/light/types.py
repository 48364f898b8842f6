"""The light client's values: light blocks, the trusted state, trust options, fork alerts and verified answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Generic, TypeVar

from node.core.blocks import Commit, Header
from node.core.encoding import decode, encode
from node.core.genesis import Genesis, genesis_hash
from node.core.hashing import tagged_hash
from node.core.transactions import Transaction
from node.core.types import Hash32
from node.core.validators import ValidatorSet
from node.light.errors import InvalidTrustLevel

T = TypeVar("T")

DAY_MS = 24 * 3600 * 1000

DEFAULT_TRUSTING_PERIOD_MS = 14 * DAY_MS
"""How long a verified header may serve as the base of a skip (docs/light-client.md, "Trusting period").

A permissioned chain has no unbonding period to derive it from; it is bounded
instead by the consortium's key-retirement rule: an organisation whose
validator is voted out stays answerable for its consensus key for at least
this long.  Two weeks also covers a desktop left closed over a holiday; after
that the client still syncs, sequentially, without any skip.
"""

DEFAULT_MAX_CLOCK_DRIFT_MS = 10_000
"""How far a header's time may be ahead of the client's clock (validators and desktops run NTP)."""


@dataclass(frozen=True, slots=True)
class TrustOptions:
    """How much the client trusts, and for how long."""

    trusting_period_ms: int = DEFAULT_TRUSTING_PERIOD_MS
    """A verified header can be the base of a skipping step while younger than this."""
    trust_numerator: int = 1
    trust_denominator: int = 3
    """Skipping needs strictly more than this fraction of the trusted set's power; in [1/3, 1]."""
    max_clock_drift_ms: int = DEFAULT_MAX_CLOCK_DRIFT_MS
    """Largest tolerated lead of a header's time over the client's clock."""

    def __post_init__(self) -> None:
        if self.trust_denominator <= 0 or self.trust_numerator < 0:
            raise InvalidTrustLevel("a trust level is a positive fraction")
        level = Fraction(self.trust_numerator, self.trust_denominator)
        if not Fraction(1, 3) <= level <= 1:
            raise InvalidTrustLevel(
                f"trust level {level} is outside [1/3, 1]", level=str(level)
            )
        if self.trusting_period_ms <= 0:
            raise InvalidTrustLevel("the trusting period must be positive")
        if self.max_clock_drift_ms < 0:
            raise InvalidTrustLevel("the clock drift cannot be negative")

    @staticmethod
    def parse_level(text: str) -> tuple[int, int]:
        """``"1/3"`` -> ``(1, 3)``; refuses anything else with ``InvalidTrustLevel``."""
        num, sep, den = text.strip().partition("/")
        try:
            n, d = int(num), int(den) if sep else 1
        except ValueError as exc:
            raise InvalidTrustLevel(f"not a fraction: {text!r}") from exc
        TrustOptions(trust_numerator=n, trust_denominator=d)
        return n, d


@dataclass(frozen=True, slots=True)
class LightBlock:
    """A header with the commit that finalised it and the validator set that signed it.

    ``block_id`` is computed from the header, never taken from a node.
    """

    header: Header
    commit: Commit
    validators: ValidatorSet
    """The set that signs this height; must hash to ``header.validators_hash``."""
    block_id: Hash32 = field(init=False)
    header_raw: bytes = field(init=False, repr=False, compare=False)
    """The header's canonical encoding (what ``block_id`` hashes)."""
    commit_raw: bytes | None = field(init=False, repr=False, compare=False)
    """The commit's canonical encoding when the block was decoded from bytes (else None)."""

    def __post_init__(self) -> None:
        raw = encode(self.header)
        object.__setattr__(self, "header_raw", raw)
        object.__setattr__(self, "block_id", Hash32(tagged_hash(b"DEPOT/BLOCK", raw)))
        object.__setattr__(self, "commit_raw", None)

    @classmethod
    def from_raw(cls, header_raw: bytes, commit_raw: bytes, validators: ValidatorSet) -> LightBlock:
        """Decode a header and a commit (strictly: the bytes are the only encoding of what they decode to)."""
        lb = object.__new__(cls)
        for name, value in (
            ("header", decode(Header, header_raw)),
            ("commit", decode(Commit, commit_raw)),
            ("validators", validators),
            ("header_raw", bytes(header_raw)),
            ("commit_raw", bytes(commit_raw)),
            ("block_id", Hash32(tagged_hash(b"DEPOT/BLOCK", header_raw))),
        ):
            object.__setattr__(lb, name, value)
        return lb

    def commit_bytes(self) -> bytes:
        return self.commit_raw if self.commit_raw is not None else encode(self.commit)

    @property
    def height(self) -> int:
        return int(self.header.height)

    @property
    def time_ms(self) -> int:
        return int(self.header.time_ms)


@dataclass(frozen=True, slots=True)
class TrustedState:
    """What the client trusts: a verified header (or the pinned genesis, height 0)."""

    height: int
    block_id: Hash32
    """The header's id; for genesis, the genesis hash (block 1's ``prev_block_id``)."""
    time_ms: int
    validators: ValidatorSet
    """The set that signed this header; for genesis, the genesis set (which signs block 1)."""
    validators_hash: Hash32
    """``validators.hash()``, checked when the header was verified."""
    next_validators_hash: Hash32
    """The set named for ``height + 1``."""
    light_block: LightBlock | None
    """None only for the genesis root."""

    @property
    def is_genesis(self) -> bool:
        return self.light_block is None

    @staticmethod
    def of(lb: LightBlock) -> TrustedState:
        return TrustedState(
            height=lb.height,
            block_id=lb.block_id,
            time_ms=lb.time_ms,
            validators=lb.validators,
            validators_hash=lb.header.validators_hash,
            next_validators_hash=lb.header.next_validators_hash,
            light_block=lb,
        )

    @staticmethod
    def genesis(g: Genesis) -> TrustedState:
        """The root of trust: height 0, whose "next" set is the genesis validator set."""
        vset = ValidatorSet.of(list(g.validators))
        return TrustedState(
            height=0,
            block_id=genesis_hash(g),
            time_ms=int(g.genesis_time_ms),
            validators=vset,
            validators_hash=vset.hash(),
            next_validators_hash=vset.hash(),
            light_block=None,
        )


@dataclass(frozen=True, slots=True)
class ForkAlert:
    """What the app shows when two nodes serve conflicting verified headers (stored with the evidence)."""

    evidence_id: int
    height: int
    primary: str
    """URL of the node the client synced from."""
    witness: str
    """URL of the node that served the other header."""
    primary_block_id: Hash32
    witness_block_id: Hash32
    common_height: int
    """The trusted height both headers were verified from."""
    detected_at_ms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "evidence_id": self.evidence_id,
            "height": self.height,
            "primary": self.primary,
            "witness": self.witness,
            "primary_block_id": self.primary_block_id.hex(),
            "witness_block_id": self.witness_block_id.hex(),
            "common_height": self.common_height,
            "detected_at_ms": self.detected_at_ms,
        }


@dataclass(frozen=True, slots=True)
class VerifiedRecord(Generic[T]):
    """A state record (or its proven absence) checked against a verified header's state root."""

    key: bytes
    value: bytes | None
    """The record's canonical encoding; None if proven absent."""
    record: T | None
    """The decoded record (its type from the module registry); None if absent."""
    record_type: str | None
    """The registry's name for the kind of record (``account``, ``proposal``, ...)."""
    height: int
    """The verified header the proof was checked against."""
    block_id: Hash32
    state_root: Hash32

    @property
    def exists(self) -> bool:
        return self.value is not None

    @property
    def verified_against(self) -> str:
        return f"verified against block {self.height}"


@dataclass(frozen=True, slots=True)
class VerifiedTx:
    """A committed transaction proven to be in a verified block."""

    tx_id: Hash32
    tx: Transaction
    raw: bytes
    height: int
    index: int
    block_id: Hash32
    txs_root: Hash32
    result_code: str
    """As the node reports it: headers do not commit to outcomes, so this part is *not* verified."""

    @property
    def verified_against(self) -> str:
        return f"verified against block {self.height}"


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one light sync did."""

    height: int
    block_id: Hash32
    verified_headers: int
    """Headers verified in this run (the trace; every header in sequential mode)."""
    mode: str
    """``skipping`` or ``sequential``."""
    witnesses_checked: int
    seconds: float
    faulty_witnesses: tuple[str, ...] = ()
