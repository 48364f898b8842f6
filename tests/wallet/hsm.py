"""SoftHSM2 for the wallet tests: a private token folder per test process, fresh tokens on demand.

SoftHSM2 reads its configuration (``SOFTHSM2_CONF``) and scans its token folder
when the PKCS#11 library is initialised, so a token created afterwards (by
``softhsm2-util``, as an administrator would) becomes visible after the
library is re-initialised.  ``SoftHsm.new_token`` does both; tests call it
before they open any session.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import service_missing

USER_PIN = "4321-user"
SO_PIN = "8765-officer"


@dataclass
class SoftHsm:
    module: str
    folder: Path

    @property
    def pin(self) -> str:
        return USER_PIN

    def new_token(self, label: str | None = None) -> str:
        """Initialise a new token (as ``softhsm2-util --init-token`` does) and make it visible."""
        import pkcs11

        label = label or f"t-{secrets.token_hex(4)}"
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", USER_PIN],
            check=True,
            capture_output=True,
            env=dict(os.environ),
        )
        lib = pkcs11.lib(self.module)
        lib.reinitialize()
        return label

    def delete_token(self, label: str) -> None:
        """Remove a token's files, as unplugging a USB token removes it."""
        subprocess.run(["softhsm2-util", "--delete-token", "--token", label], check=True, capture_output=True)


@pytest.fixture(scope="session")
def softhsm(pkcs11_module: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftHsm]:
    """SoftHSM2 with a token folder of this test process (SOFTHSM2_CONF points at it)."""
    if shutil.which("softhsm2-util") is None:
        service_missing("softhsm2-util is not installed (apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    yield SoftHsm(pkcs11_module, folder)
    if old is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = old
