"""The business modules of the chain, registered in one place."""

from __future__ import annotations

from functools import cache

from node.core.registry import Registry
from node.modules import accounts, approvals, bills, consensus, governance, tanks

MODULES = (
    accounts.MODULE,
    governance.MODULE,
    consensus.MODULE,
    approvals.MODULE,
    tanks.MODULE,
    bills.MODULE,
)


@cache
def default_registry() -> Registry:
    """The registry of every module this release knows."""
    return Registry(MODULES)
