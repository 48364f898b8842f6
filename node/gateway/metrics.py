"""Counters and gauges of a gateway or bridge, as a dict and in the Prometheus text format.

Thread-safe (the MQTT client's network thread counts too).  Counters only go
up; gauges (``buffered``, ``node_up``, ``mqtt_up``) are set.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

COUNTERS: Mapping[str, str] = {
    "readings_read": "readings taken from sensors (including faults)",
    "read_errors": "Modbus reads that failed (timeout, refused, exception answer)",
    "faults": "readings that carry a sensor fault instead of a level",
    "fault_ne43_low": "loop current below 3.8 mA",
    "fault_ne43_high": "loop current above 20.5 mA",
    "fault_stuck": "a value that did not change for longer than allowed",
    "fault_other": "other sensor faults (out-of-range digital level)",
    "readings_buffered": "readings stored in the buffer",
    "readings_dropped_full": "readings not taken because the buffer was full",
    "buffer_errors": "polls whose readings could not be stored (disk full, broken file)",
    "readings_delivered": "readings in a final, successful tank.report",
    "readings_on_chain": "readings the chain already had (a retry after a lost answer)",
    "readings_rejected": "readings the chain refused for good",
    "readings_published": "readings acknowledged by the MQTT broker",
    "readings_received": "readings received from the MQTT broker (bridge)",
    "readings_duplicate": "readings received twice from the broker and dropped (bridge)",
    "readings_invalid": "messages from the broker that are not a correctly signed reading (bridge)",
    "txs_submitted": "tank.report transactions submitted",
    "txs_committed": "tank.report transactions committed and successful",
    "txs_failed": "tank.report transactions committed but failed",
    "txs_refused": "tank.report transactions the node refused at submission",
    "delivery_errors": "node or broker unreachable, or an unexpected answer",
}
GAUGES: Mapping[str, str] = {
    "buffered": "readings waiting in the buffer for some delivery path",
    "node_up": "1 while the node answers",
    "mqtt_up": "1 while connected to the broker",
}


class Metrics:
    """A named set of counters and gauges."""

    def __init__(self, prefix: str = "depot_gateway") -> None:
        self.prefix = prefix
        self._lock = threading.Lock()
        self._values: dict[str, int] = {name: 0 for name in (*COUNTERS, *GAUGES)}

    def inc(self, name: str, n: int = 1) -> None:
        if name not in COUNTERS:
            raise KeyError(f"unknown counter {name!r}")
        with self._lock:
            self._values[name] += n

    def set(self, name: str, value: int) -> None:
        if name not in GAUGES:
            raise KeyError(f"unknown gauge {name!r}")
        with self._lock:
            self._values[name] = value

    def get(self, name: str) -> int:
        with self._lock:
            return self._values[name]

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._values)

    def prometheus(self) -> str:
        """The values in the Prometheus text exposition format."""
        values = self.snapshot()
        lines: list[str] = []
        for name, help_text in COUNTERS.items():
            full = f"{self.prefix}_{name}_total"
            lines += [f"# HELP {full} {help_text}", f"# TYPE {full} counter", f"{full} {values[name]}"]
        for name, help_text in GAUGES.items():
            full = f"{self.prefix}_{name}"
            lines += [f"# HELP {full} {help_text}", f"# TYPE {full} gauge", f"{full} {values[name]}"]
        return "\n".join(lines) + "\n"
