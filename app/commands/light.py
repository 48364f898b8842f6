"""``depot`` subcommands for the light area."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add this area's subcommands to ``sub`` (the top-level subparsers)."""
    _ = (sub, argparse)


def cmd_node_sync(args: Any) -> int:
    """``depot node sync``: implemented with the full-sync issue."""
    from node.core.errors import DepotError

    raise DepotError("full sync is not available in this build yet")
