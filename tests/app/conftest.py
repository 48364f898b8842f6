"""Fixtures for the app's tests: the qasync loop inside pytest-qt, and a real devnet that tests can grow."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import asyncio  # noqa: E402
from collections.abc import Callable, Coroutine, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QLocale  # noqa: E402

from node.client import NodeClient  # noqa: E402
from node.core.crypto import Signer  # noqa: E402
from node.core.encoding import encode  # noqa: E402
from node.keyfile import load_keyfile  # noqa: E402
from tests.kit import DevnetProcess  # noqa: E402
from wallet.send import build_transfer  # noqa: E402


@pytest.fixture
def aloop(gui_loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The app's one asyncio loop (qasync), running for this test (see ``gui_loop`` in tests/conftest.py)."""
    return gui_loop


RunAsync = Callable[..., Any]


@pytest.fixture
def run_async(qtbot: Any, aloop: asyncio.AbstractEventLoop) -> RunAsync:
    """``run_async(coro, timeout_s=10)``: run a coroutine on the qasync loop and return its result."""

    def run(coro: Coroutine[Any, Any, Any], timeout_s: float = 10.0) -> Any:
        task = aloop.create_task(coro)
        qtbot.waitUntil(task.done, timeout=int(timeout_s * 1000))
        return task.result()

    return run


class Chain:
    """The session's devnet, growing on request: each transfer is waited for, so it gets a block.

    The payer and payee are the supplier and logistics demo accounts; no app test
    reads their balances.  Tests share the chain, so they never assume exact heights.
    """

    def __init__(self, net: DevnetProcess) -> None:
        self.net = net
        self.rpc = net.rpc
        self.chain_id: str = net.info["chain_id"]
        payer = net.account("supplier")
        self._signer = Signer(load_keyfile(Path(payer["keystore"]), payer["password"]))
        self._payee = net.account("logistics")["address"]
        with NodeClient(self.rpc) as c:
            self._nonce: int = c.account(payer["address"])["account"]["nonce"]

    def tip(self) -> int:
        with NodeClient(self.rpc) as c:
            return int(c.status()["height"])

    def make_blocks(self, n: int) -> list[dict[str, Any]]:
        """Commit ``n`` transfers one after another (blocking); their committed views, in order."""
        views = []
        with NodeClient(self.rpc) as c:
            for _ in range(n):
                tx = build_transfer(
                    self.chain_id, self._signer, self._nonce, self._payee, 1, "app test"
                )
                self._nonce += 1
                tid = c.submit_tx(encode(tx))["tx_id"]
                view = c.wait_tx(tid, timeout_s=20)
                assert view["status"] == "committed", view
                views.append(view)
        return views

    def grow_to(self, height: int) -> int:
        """Make blocks until the chain is at least ``height`` high; the new tip."""
        tip = self.tip()
        if tip < height:
            tip = max(tip, self.make_blocks(height - tip)[-1]["height"])
        return tip


@pytest.fixture(scope="session")
def devnet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevnetProcess]:
    """`depot devnet` with one validator and 100 ms blocks, shared by this worker's app tests."""
    net = DevnetProcess(
        tmp_path_factory.mktemp("app-devnet") / "net", extra=["--block-time-ms", "100"]
    )
    try:
        yield net
    finally:
        code = net.stop()
    assert code == 0, net.log_text()[-3000:]


@pytest.fixture(scope="session")
def chain(devnet: DevnetProcess) -> Chain:
    return Chain(devnet)


@pytest.fixture
def english_locale() -> Iterator[None]:
    """Numbers formatted the English way (``1,234.56``) whatever the machine's locale."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        yield
    finally:
        QLocale.setDefault(before)
