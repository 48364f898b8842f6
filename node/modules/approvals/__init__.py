"""Pending approvals for multi-signer organisation accounts, collected on chain."""

from __future__ import annotations

from node.core.registry import Module

MODULE = Module(name="approvals")
