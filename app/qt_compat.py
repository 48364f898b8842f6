"""Work-arounds for defects of the Qt binding in use, each detected at run time and applied only when present.

PySide6 6.12.0: ``SignalInstance.emit()`` returns ``True`` without taking a
reference to it, so every ``.emit()`` made from Python drops one reference
to ``True`` that was never taken (6.11.3 does not; measured in
``tests/app/test_qt_compat.py``).  On CPython 3.11, where ``True`` is an
ordinary object, a few hundred emits bring its count to zero and the
interpreter aborts ("bool_dealloc: deallocating True or False") — at exit, or
in the middle of a session.  Python 3.12 made ``True`` immortal, which is
what ``guard_bool_refcounts`` does here: it gives ``True`` and ``False`` so
many references that no session can use them up.  The real fix is a PySide6
without the defect (pin ``PySide6 != 6.12.0``).
"""

from __future__ import annotations

import ctypes
import logging
import platform
import sys

log = logging.getLogger(__name__)

_PADDING = 1 << 40
"""References added to True and False: a trillion leaked emits before it matters."""
_applied = False


def emit_leaks_true_references() -> bool:
    """True when this PySide6's ``emit`` drops a reference to ``True`` it never took."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    leaked = before - sys.getrefcount(True)
    if leaked > 0:
        # Give back what the probe itself took before anything else can notice.
        ctypes.c_ssize_t.from_address(id(True)).value += leaked
    return leaked > 0


def guard_bool_refcounts() -> bool:
    """Make ``True``/``False`` effectively immortal if this binding leaks their references; True if applied."""
    global _applied
    if _applied:
        return True
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False  # immortal already: the binding's extra decrements do nothing
    if not emit_leaks_true_references():
        return False
    for value in (True, False):
        ctypes.c_ssize_t.from_address(id(value)).value += _PADDING  # ob_refcnt is a PyObject's first field
    _applied = True
    log.warning(
        "this PySide6 drops references to True on every emit(); True and False were pinned "
        "(use a PySide6 other than 6.12.0)"
    )
    return True
