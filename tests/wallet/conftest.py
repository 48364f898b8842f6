"""Fixtures of the wallet tests: SoftHSM2 tokens and the OS keyring (gnome-keyring in CI)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.wallet.hsm import SoftHsm, softhsm  # noqa: F401 - the session fixture

__all__ = ["SoftHsm"]


@pytest.fixture
def keyring_backend(os_keyring: str) -> Any:
    """The real OS keyring of this run (gnome-keyring's Secret Service on a private D-Bus session)."""
    import keyring

    from wallet.remember import keyring_status

    kr = keyring.get_keyring()
    usable, reason = keyring_status(kr)
    if not usable:
        pytest.fail(f"DEPOT_TEST_KEYRING={os_keyring} but the keyring is not usable: {reason}")
    return kr
