"""``depot bench`` benchmarks of the gui area (the last printed line is one JSON object)."""

from __future__ import annotations

from typing import Any


def register(benches: Any) -> None:
    """Add this area's benchmarks (use ``app.bench.emit_result`` to print)."""
    _ = benches
