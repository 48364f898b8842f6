"""The gateway's configuration file (TOML or JSON), read into frozen dataclasses and checked.

The format is documented in ``docs/gateway.md``.  Every problem is a
``GatewayConfigError`` whose message names the file, the field (``tanks[3].register``)
and what is wrong, so an operator at a tank site can fix it without reading code.
Relative paths are relative to the configuration file's folder.  Passwords are
never in the file itself: a password file or an environment variable names them.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from node.gateway.convert import Scaling, Signal, ValueType, WordOrder
from node.gateway.errors import GatewayConfigError
from node.modules.tanks.readings import MAX_READINGS_PER_REPORT

TANK_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
"""Tank ids as the chain accepts them (1-64 ASCII letters, digits, ``.``, ``_``, ``-``); also safe MQTT topic levels."""
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MODBUS_MAX_READ = 125
"""Holding registers one Modbus read (function 3) may return."""


@dataclass(frozen=True, slots=True)
class Secret:
    """Where a password comes from: a file (first line) or an environment variable. Never the value."""

    file: Path | None = None
    env: str | None = None

    def read(self, what: str) -> str:
        """The password; ``GatewayConfigError`` if its file or variable is missing or empty."""
        if self.file is not None:
            try:
                text = self.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise GatewayConfigError(
                    f"cannot read the {what} password file {str(self.file)!r}: {exc.strerror}"
                ) from None
            value = text.splitlines()[0] if text else ""
        elif self.env is not None:
            value = os.environ.get(self.env, "")
            if not value:
                raise GatewayConfigError(f"the environment variable {self.env} ({what} password) is not set")
        else:
            raise GatewayConfigError(f"no {what} password configured (password_file or password_env)")
        if not value:
            raise GatewayConfigError(f"the {what} password is empty")
        return value


@dataclass(frozen=True, slots=True)
class KeySource:
    """An encrypted key file (``node.keyfile``) and where its password comes from."""

    keyfile: Path
    password: Secret


@dataclass(frozen=True, slots=True)
class SensorConfig:
    """One Modbus TCP endpoint (a PLC, a transmitter, a serial gateway, the simulator)."""

    name: str
    host: str
    port: int = 502
    unit: int = 1
    """Modbus unit (device) id, 0..255."""
    timeout_s: float = 2.0
    word_order: WordOrder = WordOrder.BIG
    """Default word order of 32-bit values on this endpoint."""
    max_registers_per_read: int = MODBUS_MAX_READ
    """Reads are coalesced across tanks up to this many registers."""


@dataclass(frozen=True, slots=True)
class TankConfig:
    """One tank: where its value is, how to turn it into millimetres, and which key signs it."""

    tank_id: str
    sensor: str
    register: int
    """Holding register address as on the wire (0-based)."""
    signal: Signal = Signal.CURRENT
    value_type: ValueType = ValueType.U32
    word_order: WordOrder = WordOrder.BIG
    scaling: Scaling = Scaling()
    """Raw value to µA (current) or mm (level)."""
    zero_mm: int = 0
    """Level at 4 mA."""
    span_mm: int = 0
    """Level change from 4 mA to 20 mA (required for a current signal)."""
    stuck_after_ms: int = 0
    """The same raw value for this long is ``Fault.STUCK``; 0: never."""
    device: KeySource | None = None
    """Overrides the gateway's device key for this tank."""


@dataclass(frozen=True, slots=True)
class MqttConfig:
    """An MQTT broker and how to talk to it (QoS 1 always)."""

    host: str
    port: int
    tls: bool = False
    ca_file: Path | None = None
    username: str | None = None
    password: Secret | None = None
    client_id: str = ""
    topic_prefix: str = "depot"
    keepalive_s: int = 30
    max_inflight: int = 100

    @property
    def url(self) -> str:
        """``mqtt[s]://host:port`` without credentials (safe to log)."""
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class HttpConfig:
    """Delivery of ``tank.report`` transactions to a node."""

    rpc: str
    relay: KeySource
    """The relaying account (role ``gateway``) that signs the transactions."""
    max_readings_per_tx: int = MAX_READINGS_PER_REPORT
    tx_ttl_s: int = 600
    wait_s: float = 10.0
    """How long one ``/wait`` call waits for finality."""


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Everything ``depot gateway --config FILE`` needs."""

    path: Path
    name: str
    data_dir: Path
    device: KeySource
    sensors: tuple[SensorConfig, ...]
    tanks: tuple[TankConfig, ...]
    poll_interval_s: float = 10.0
    chain_id: str | None = None
    http: HttpConfig | None = None
    mqtt: MqttConfig | None = None
    retention_days: int = 7
    max_buffered: int = 1_000_000
    durable: bool = True
    """``synchronous=FULL``: a reading survives a power cut once taken (a tank site loses power)."""
    metrics_listen: tuple[str, int] | None = None
    log_file: Path | None = None

    @property
    def buffer_path(self) -> Path:
        return self.data_dir / "buffer.sqlite3"


# --- reading the file -------------------------------------------------------------------------


class _Reader:
    """Typed access to a parsed document, with errors that name the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = path.parent

    def fail(self, where: str, problem: str) -> NoReturn:
        raise GatewayConfigError(
            f"{self.path.name}: {where}: {problem}" if where else f"{self.path.name}: {problem}",
            path=str(self.path),
            field=where,
        )

    def table(self, doc: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> dict[str, Any] | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.fail(_join(where, key), "is missing")
            return None
        if not isinstance(value, dict):
            self.fail(_join(where, key), "must be a table/object")
        return value

    def only(self, doc: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for key in doc:
            if key not in allowed and "password" in key and not key.endswith(("_file", "_env")):
                self.fail(_join(where, key), "passwords are not written in the configuration; "
                                             "use a *password_file or *password_env setting")
            if key not in allowed:
                self.fail(_join(where, key), f"unknown setting (known: {', '.join(sorted(allowed))})")

    def string(self, doc: Mapping[str, Any], key: str, where: str, default: str | None = None, *,
               pattern: re.Pattern[str] | None = None) -> str:
        value = doc.get(key, default)
        w = _join(where, key)
        if value is None:
            self.fail(w, "is missing")
        if not isinstance(value, str) or not value.strip():
            self.fail(w, f"must be non-empty text, got {value!r}")
        if pattern is not None and not pattern.match(value):
            self.fail(w, f"{value!r} is not allowed (letters, digits, '.', '_', '-', at most 64)")
        return value

    def opt_string(self, doc: Mapping[str, Any], key: str, where: str) -> str | None:
        return None if doc.get(key) is None else self.string(doc, key, where)

    def integer(self, doc: Mapping[str, Any], key: str, where: str, default: int | None, lo: int, hi: int) -> int:
        value = doc.get(key, default)
        w = _join(where, key)
        if value is None:
            self.fail(w, "is missing")
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(w, f"must be an integer, got {value!r}")
        if not lo <= value <= hi:
            self.fail(w, f"must be between {lo} and {hi}, got {value}")
        return value

    def number(self, doc: Mapping[str, Any], key: str, where: str, default: float, lo: float, hi: float) -> float:
        value = doc.get(key, default)
        w = _join(where, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(w, f"must be a number, got {value!r}")
        if not lo <= value <= hi:
            self.fail(w, f"must be between {lo:g} and {hi:g}, got {value}")
        return float(value)

    def boolean(self, doc: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = doc.get(key, default)
        if not isinstance(value, bool):
            self.fail(_join(where, key), f"must be true or false, got {value!r}")
        return value

    def choice(self, doc: Mapping[str, Any], key: str, where: str, enum_type: Any, default: Any) -> Any:
        value = doc.get(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            names = ", ".join(repr(m.value) for m in enum_type)
            self.fail(_join(where, key), f"must be one of {names}, got {value!r}")

    def file_path(self, doc: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> Path | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.fail(_join(where, key), "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(_join(where, key), f"must be a path, got {value!r}")
        p = Path(value).expanduser()
        return p if p.is_absolute() else (self.base / p)

    def secret(self, doc: Mapping[str, Any], where: str, prefix: str = "password", *, required: bool = True) -> Secret | None:
        file = self.file_path(doc, f"{prefix}_file", where)
        env = doc.get(f"{prefix}_env")
        if env is not None and (not isinstance(env, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env)):
            self.fail(_join(where, f"{prefix}_env"), f"must name an environment variable, got {env!r}")
        if "password" in doc:
            self.fail(_join(where, "password"), "passwords are not written in the configuration; use password_file or password_env")
        if file is not None and env is not None:
            self.fail(where, f"give either {prefix}_file or {prefix}_env, not both")
        if file is None and env is None:
            if required:
                self.fail(where, f"{prefix}_file or {prefix}_env is required")
            return None
        return Secret(file=file, env=env)

    def key_source(self, doc: Mapping[str, Any], where: str, prefix: str, *, required: bool) -> KeySource | None:
        keyfile = self.file_path(doc, f"{prefix}_keyfile", where, required=required)
        if keyfile is None:
            for k in (f"{prefix}_password_file", f"{prefix}_password_env"):
                if k in doc:
                    self.fail(_join(where, k), f"needs {prefix}_keyfile")
            return None
        secret = self.secret(doc, where, f"{prefix}_password")
        if secret is None:  # pragma: no cover - secret() fails first when required
            self.fail(where, f"{prefix}_password_file or {prefix}_password_env is required")
        return KeySource(keyfile, secret)

    def required_key_source(self, doc: Mapping[str, Any], where: str, prefix: str) -> KeySource:
        source = self.key_source(doc, where, prefix, required=True)
        if source is None:  # pragma: no cover - key_source() fails first when required
            self.fail(_join(where, f"{prefix}_keyfile"), "is missing")
        return source


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def parse_mqtt_url(url: str, what: str = "mqtt.url") -> tuple[str, int, bool, str | None]:
    """``mqtt://[user@]host[:port]`` or ``mqtts://…`` → (host, port, tls, username); no password in URLs."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise GatewayConfigError(f"{what}: not a valid URL: {exc}") from None
    if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl"):
        raise GatewayConfigError(f"{what}: use mqtt://host:port or mqtts://host:port, got scheme {parts.scheme!r}")
    if not parts.hostname:
        raise GatewayConfigError(f"{what}: the URL names no host")
    if parts.password is not None:
        raise GatewayConfigError(f"{what}: do not put a password in the URL; use a password file or variable")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise GatewayConfigError(f"{what}: an MQTT URL has no path, query or fragment")
    tls = parts.scheme in ("mqtts", "ssl")
    return parts.hostname, port or (8883 if tls else 1883), tls, unquote(parts.username) if parts.username else None


def _read_document(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GatewayConfigError(f"cannot read the configuration {str(path)!r}: {exc.strerror}", path=str(path)) from None
    if len(raw) > 16 * 1024 * 1024:
        raise GatewayConfigError(f"{path.name}: larger than 16 MiB", path=str(path))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise GatewayConfigError(f"{path.name}: not UTF-8 text", path=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            doc = json.loads(text)
        else:
            doc = tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        kind = "JSON" if path.suffix.lower() == ".json" else "TOML"
        raise GatewayConfigError(f"{path.name}: not valid {kind}: {exc}", path=str(path)) from None
    if not isinstance(doc, dict):
        raise GatewayConfigError(f"{path.name}: the top level must be an object", path=str(path))
    return doc


_GATEWAY_KEYS = {
    "name", "data_dir", "poll_interval_s", "chain_id", "device_keyfile", "device_password_file",
    "device_password_env", "retention_days", "max_buffered", "durable", "metrics_listen", "log_file",
}  # fmt: skip
_SENSOR_KEYS = {"name", "host", "port", "unit", "timeout_s", "word_order", "max_registers_per_read"}
_TANK_KEYS = {
    "tank_id", "sensor", "register", "signal", "type", "word_order", "scale", "offset", "zero_mm",
    "span_mm", "stuck_after_s", "device_keyfile", "device_password_file", "device_password_env",
    "count", "first", "stride",
}  # fmt: skip
_HTTP_KEYS = {"rpc", "relay_keyfile", "relay_password_file", "relay_password_env", "max_readings_per_tx", "tx_ttl_s", "wait_s"}
_MQTT_KEYS = {"url", "ca_file", "username", "password_file", "password_env", "client_id", "topic_prefix", "keepalive_s", "max_inflight"}
MAX_TANKS = 10_000


def load_config(path: Path | str) -> GatewayConfig:
    """Read and check the gateway configuration at ``path`` (``.json``: JSON, otherwise TOML)."""
    path = Path(path).resolve()
    doc = _read_document(path)
    r = _Reader(path)
    r.only(doc, {"gateway", "http", "mqtt", "sensors", "tanks"}, "")
    g = r.table(doc, "gateway", "", required=True) or {}
    r.only(g, _GATEWAY_KEYS, "gateway")
    name = r.string(g, "name", "gateway", pattern=NAME_RE)
    data_dir = r.file_path(g, "data_dir", "gateway") or (path.parent / f"{name}-data")
    device = r.required_key_source(g, "gateway", "device")
    chain_id = r.opt_string(g, "chain_id", "gateway")
    metrics_listen = None
    if g.get("metrics_listen") is not None:
        text = r.string(g, "metrics_listen", "gateway")
        host, sep, port = text.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            r.fail("gateway.metrics_listen", f"must be HOST:PORT, got {text!r}")
        metrics_listen = (host, int(port))

    sensors = _sensors(r, doc.get("sensors"))
    tanks = _tanks(r, doc.get("tanks"), {s.name: s for s in sensors})
    http = _http(r, r.table(doc, "http", ""))
    mqtt = _mqtt(r, r.table(doc, "mqtt", ""), default_client_id=f"depot-gw-{name}")
    if http is None and mqtt is None:
        r.fail("", "configure at least one delivery: an [http] table, an [mqtt] table, or both")
    if http is None and chain_id is None:
        r.fail("gateway.chain_id", "is required when readings go only over MQTT (readings are signed for one chain)")

    return GatewayConfig(
        path=path,
        name=name,
        data_dir=data_dir,
        device=device,
        sensors=sensors,
        tanks=tanks,
        poll_interval_s=r.number(g, "poll_interval_s", "gateway", 10.0, 0.1, 86_400),
        chain_id=chain_id,
        http=http,
        mqtt=mqtt,
        retention_days=r.integer(g, "retention_days", "gateway", 7, 0, 3650),
        max_buffered=r.integer(g, "max_buffered", "gateway", 1_000_000, 1_000, 100_000_000),
        durable=r.boolean(g, "durable", "gateway", True),
        metrics_listen=metrics_listen,
        log_file=r.file_path(g, "log_file", "gateway"),
    )


def _sensors(r: _Reader, value: Any) -> tuple[SensorConfig, ...]:
    if not isinstance(value, list) or not value:
        r.fail("sensors", "must be a non-empty list of Modbus endpoints ([[sensors]] tables)")
    out: list[SensorConfig] = []
    for i, s in enumerate(value):
        w = f"sensors[{i}]"
        if not isinstance(s, dict):
            r.fail(w, "must be a table/object")
        r.only(s, _SENSOR_KEYS, w)
        name = r.string(s, "name", w, pattern=NAME_RE)
        if any(o.name == name for o in out):
            r.fail(f"{w}.name", f"{name!r} is used by another sensor")
        out.append(
            SensorConfig(
                name=name,
                host=r.string(s, "host", w),
                port=r.integer(s, "port", w, 502, 1, 65535),
                unit=r.integer(s, "unit", w, 1, 0, 255),
                timeout_s=r.number(s, "timeout_s", w, 2.0, 0.05, 60),
                word_order=r.choice(s, "word_order", w, WordOrder, WordOrder.BIG),
                max_registers_per_read=r.integer(s, "max_registers_per_read", w, MODBUS_MAX_READ, 2, MODBUS_MAX_READ),
            )
        )
    return tuple(out)


def _tanks(r: _Reader, value: Any, sensors: dict[str, SensorConfig]) -> tuple[TankConfig, ...]:
    if not isinstance(value, list) or not value:
        r.fail("tanks", "must be a non-empty list ([[tanks]] tables)")
    out: list[TankConfig] = []
    seen: set[str] = set()
    used: dict[tuple[str, int], str] = {}
    for i, t in enumerate(value):
        w = f"tanks[{i}]"
        if not isinstance(t, dict):
            r.fail(w, "must be a table/object")
        r.only(t, _TANK_KEYS, w)
        sensor_name = r.string(t, "sensor", w)
        sensor = sensors.get(sensor_name)
        if sensor is None:
            r.fail(f"{w}.sensor", f"no sensor named {sensor_name!r} in [[sensors]]")
        signal = r.choice(t, "signal", w, Signal, Signal.CURRENT)
        value_type = r.choice(t, "type", w, ValueType, ValueType.U32)
        word_order = r.choice(t, "word_order", w, WordOrder, sensor.word_order)
        sc = t.get("scale", [1, 1])
        if (not isinstance(sc, list) or len(sc) != 2 or any(isinstance(x, bool) or not isinstance(x, int) for x in sc)
                or sc[1] <= 0 or sc[0] == 0):
            r.fail(f"{w}.scale", f"must be [numerator, denominator] integers, denominator > 0, got {sc!r}")
        scaling = Scaling(sc[0], sc[1], r.integer(t, "offset", w, 0, -(2**31), 2**31))
        zero_mm = r.integer(t, "zero_mm", w, 0, -100_000, 100_000)
        span_mm = r.integer(t, "span_mm", w, 0, 0, 1_000_000)
        if signal is Signal.CURRENT and span_mm == 0:
            r.fail(f"{w}.span_mm", "is required for a 4–20 mA signal (the level change from 4 to 20 mA)")
        stuck_s = r.number(t, "stuck_after_s", w, 0, 0, 30 * 86_400)
        device = r.key_source(t, w, "device", required=False)
        count = r.integer(t, "count", w, 1, 1, MAX_TANKS)
        first = r.integer(t, "first", w, 1, 0, 10**9)
        stride = r.integer(t, "stride", w, value_type.registers, value_type.registers, 65535)
        pattern = r.string(t, "tank_id", w)
        if count > 1 and "{n" not in pattern:
            r.fail(f"{w}.tank_id", "with count > 1 the id must contain {n} (e.g. \"tank-{n:04d}\")")
        base = r.integer(t, "register", w, None, 0, 65535)
        for k in range(count):
            n = first + k
            try:
                tank_id = pattern.format(n=n) if "{" in pattern else pattern
            except (KeyError, ValueError, IndexError, AttributeError):
                r.fail(f"{w}.tank_id", f"{pattern!r} is not a valid pattern; only {{n}} may be used")
            if not TANK_ID_RE.match(tank_id):
                r.fail(f"{w}.tank_id", f"{tank_id!r} is not a valid tank id (1-64 letters, digits, '.', '_', '-')")
            if tank_id in seen:
                r.fail(f"{w}.tank_id", f"{tank_id!r} is configured twice")
            seen.add(tank_id)
            register = base + k * stride
            if register + value_type.registers > 65536:
                r.fail(f"{w}.register", f"tank {tank_id!r} would read past register 65535")
            for a in range(register, register + value_type.registers):
                other = used.get((sensor.name, a))
                if other is not None:
                    r.fail(f"{w}.register", f"tank {tank_id!r} overlaps the registers of tank {other!r} on {sensor.name!r}")
                used[(sensor.name, a)] = tank_id
            out.append(
                TankConfig(
                    tank_id=tank_id, sensor=sensor.name, register=register, signal=signal,
                    value_type=value_type, word_order=word_order, scaling=scaling, zero_mm=zero_mm,
                    span_mm=span_mm, stuck_after_ms=int(stuck_s * 1000), device=device,
                )
            )
            if len(out) > MAX_TANKS:
                r.fail("tanks", f"at most {MAX_TANKS} tanks per gateway")
    return tuple(out)


def _http(r: _Reader, h: dict[str, Any] | None) -> HttpConfig | None:
    if h is None:
        return None
    r.only(h, _HTTP_KEYS, "http")
    rpc = r.string(h, "rpc", "http")
    if not rpc.startswith(("http://", "https://")):
        r.fail("http.rpc", f"must start with http:// or https://, got {rpc!r}")
    relay = r.required_key_source(h, "http", "relay")
    return HttpConfig(
        rpc=rpc,
        relay=relay,
        max_readings_per_tx=r.integer(h, "max_readings_per_tx", "http", MAX_READINGS_PER_REPORT, 1, MAX_READINGS_PER_REPORT),
        tx_ttl_s=r.integer(h, "tx_ttl_s", "http", 600, 10, 86_400),
        wait_s=r.number(h, "wait_s", "http", 10.0, 0.5, 60),
    )


def _mqtt(r: _Reader, m: dict[str, Any] | None, *, default_client_id: str) -> MqttConfig | None:
    if m is None:
        return None
    r.only(m, _MQTT_KEYS, "mqtt")
    try:
        host, port, tls, url_user = parse_mqtt_url(r.string(m, "url", "mqtt"))
    except GatewayConfigError as exc:
        r.fail("", exc.message)
    username = r.opt_string(m, "username", "mqtt") or url_user
    password = r.secret(m, "mqtt", required=False)
    if password is not None and username is None:
        r.fail("mqtt", "a password needs a username")
    prefix = r.string(m, "topic_prefix", "mqtt", "depot")
    if any(c in prefix for c in "+#\0") or prefix.startswith("/") or prefix.endswith("/") or prefix.startswith("$"):
        r.fail("mqtt.topic_prefix", f"{prefix!r} is not a valid topic prefix (no +, #, leading $ or surrounding /)")
    return MqttConfig(
        host=host,
        port=port,
        tls=tls,
        ca_file=r.file_path(m, "ca_file", "mqtt"),
        username=username,
        password=password,
        client_id=r.string(m, "client_id", "mqtt", default_client_id),
        topic_prefix=prefix,
        keepalive_s=r.integer(m, "keepalive_s", "mqtt", 30, 5, 3600),
        max_inflight=r.integer(m, "max_inflight", "mqtt", 100, 1, 10_000),
    )


def mqtt_config_from_url(url: str, *, client_id: str, topic_prefix: str = "depot",
                         password: Secret | None = None, ca_file: Path | None = None) -> MqttConfig:
    """An ``MqttConfig`` from a command-line URL (the bridge's ``--mqtt``)."""
    host, port, tls, username = parse_mqtt_url(url, "--mqtt")
    return MqttConfig(host=host, port=port, tls=tls, ca_file=ca_file, username=username, password=password,
                      client_id=client_id, topic_prefix=topic_prefix)
