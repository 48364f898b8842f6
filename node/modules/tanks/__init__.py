"""Tanks that order by themselves: registry, signed level readings, automatic orders, escrow, settlement."""

from __future__ import annotations

from node.core.registry import Module

MODULE = Module(name="tanks")
