"""Who proposes at a height and round: a smooth weighted round robin over the validator set.

Each validator proposes in proportion to its voting power, interleaved rather
than in runs (nginx's smooth weighted round robin, which CometBFT's priority
scheme also produces), and the choice is a pure function of the set, the
height and the round, so every honest node agrees without extra state.
"""

from __future__ import annotations

from functools import lru_cache
from math import gcd

from node.core.validators import ValidatorSet

MAX_CYCLE = 10_000


@lru_cache(maxsize=64)
def _cycle(weights: tuple[tuple[bytes, int], ...]) -> tuple[bytes, ...]:
    g = 0
    for _, w in weights:
        g = gcd(g, w)
    scaled = [(a, w // g) for a, w in weights]
    total = sum(w for _, w in scaled)
    if total > MAX_CYCLE:
        # Keep the cycle short for sets with huge, coprime powers; proportions stay close.
        scaled = [(a, max(1, w * MAX_CYCLE // total)) for a, w in scaled]
        total = sum(w for _, w in scaled)
    current = [0] * len(scaled)
    seq = []
    for _ in range(total):
        for i, (_, w) in enumerate(scaled):
            current[i] += w
        best = max(range(len(scaled)), key=lambda i: (current[i], -i))
        current[best] -= total
        seq.append(scaled[best][0])
    return tuple(seq)


def proposer(vset: ValidatorSet, height: int, round_: int) -> bytes:
    """The address of the proposer of ``round_`` at ``height``."""
    seq = _cycle(tuple((bytes(v.address), int(v.power)) for v in vset.validators))
    return seq[(height + round_) % len(seq)]
