"""Fixtures for multi-process tests: a running devnet shared by a module's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.kit import DevnetProcess


@pytest.fixture(scope="module")
def devnet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevnetProcess]:
    home = tmp_path_factory.mktemp("devnet") / "net"
    net = DevnetProcess(home)
    yield net
    code = net.stop()
    assert code == 0, net.log_text()[-3000:]
    assert not (home / "devnet.json").exists(), "devnet.json must be removed on a clean stop"
