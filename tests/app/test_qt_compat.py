"""The guard against PySide6 6.12.0's emit() dropping references to True: a long session does not abort."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from app.qt_compat import guard_bool_refcounts, emit_leaks_true_references
app = QCoreApplication([])
leaks = emit_leaks_true_references()
guard_bool_refcounts()
class O(QObject):
    s = Signal(object)
o = O()
o.s.connect(lambda d: None)
for _ in range(200_000):  # far more emits than True has references in a fresh interpreter
    o.s.emit({"ok": True, "failed": False})
print("leaks" if leaks else "no-leak", "survived")
"""


def test_many_emits_do_not_abort_the_interpreter() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("survived")


def test_the_guard_is_idempotent() -> None:
    from app.qt_compat import guard_bool_refcounts

    first = guard_bool_refcounts()
    assert guard_bool_refcounts() == first
