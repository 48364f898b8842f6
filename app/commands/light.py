"""``depot`` subcommands for the light area."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this area's subcommands to ``sub`` (the top-level subparsers)."""
    _ = (sub, argparse)
