"""Bills: a settlement bill per order for both parties, monthly statements per counterparty."""

from __future__ import annotations

from node.core.registry import Module

MODULE = Module(name="bills")
