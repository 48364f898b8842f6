"""The gateway configuration file: TOML and JSON, tank groups, and a clear error for each mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from node.gateway.config import Secret, load_config, parse_mqtt_url
from node.gateway.convert import Scaling, Signal, ValueType, WordOrder
from node.gateway.errors import GatewayConfigError

GOOD = """
[gateway]
name = "site-7"
poll_interval_s = 5
device_keyfile = "device.json"
device_password_file = "device.pw"

[http]
rpc = "http://127.0.0.1:26657"
relay_keyfile = "relay.json"
relay_password_env = "RELAY_PW"

[mqtt]
url = "mqtt://gw7@127.0.0.1:1883"
password_file = "mqtt.pw"
topic_prefix = "plant/depot"

[[sensors]]
name = "plc-1"
host = "10.0.0.5"
word_order = "little"

[[sensors]]
name = "sim"
host = "127.0.0.1"
port = 5020

[[tanks]]
tank_id = "north-1"
sensor = "plc-1"
register = 100
type = "u16"
scale = [16000, 27648]
offset = 4000
span_mm = 2500
zero_mm = 30
stuck_after_s = 3600

[[tanks]]
tank_id = "tank-{n:04d}"
count = 3
first = 7
stride = 8
sensor = "sim"
register = 0
span_mm = 3000
"""


def write(tmp_path: Path, text: str, name: str = "gw.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_full_toml_configuration(tmp_path):
    cfg = load_config(write(tmp_path, GOOD))
    assert cfg.name == "site-7" and cfg.poll_interval_s == 5.0
    assert cfg.device.keyfile == tmp_path / "device.json"  # relative to the file
    assert cfg.device.password == Secret(file=tmp_path / "device.pw")
    assert cfg.http is not None and cfg.http.relay.password == Secret(env="RELAY_PW")
    assert cfg.mqtt is not None and (cfg.mqtt.host, cfg.mqtt.port, cfg.mqtt.username) == ("127.0.0.1", 1883, "gw7")
    assert cfg.mqtt.client_id == "depot-gw-site-7" and cfg.mqtt.url == "mqtt://127.0.0.1:1883"
    north = cfg.tanks[0]
    assert north.value_type is ValueType.U16 and north.word_order is WordOrder.LITTLE  # the sensor's default
    assert north.scaling == Scaling(16000, 27648, 4000) and north.zero_mm == 30 and north.stuck_after_ms == 3_600_000
    assert [(t.tank_id, t.register) for t in cfg.tanks[1:]] == [("tank-0007", 0), ("tank-0008", 8), ("tank-0009", 16)]
    assert all(t.signal is Signal.CURRENT and t.word_order is WordOrder.BIG for t in cfg.tanks[1:])
    assert cfg.buffer_path == tmp_path / "site-7-data" / "buffer.sqlite3"


def test_json_is_read_too(tmp_path):
    doc = {
        "gateway": {"name": "j", "chain_id": "c", "device_keyfile": "/k.json", "device_password_env": "PW"},
        "mqtt": {"url": "mqtts://broker.example:8883"},
        "sensors": [{"name": "s", "host": "h"}],
        "tanks": [{"tank_id": "t1", "sensor": "s", "register": 0, "signal": "level", "type": "u32"}],
    }
    cfg = load_config(write(tmp_path, json.dumps(doc), "gw.json"))
    assert cfg.http is None and cfg.mqtt is not None and cfg.mqtt.tls and cfg.mqtt.port == 8883
    assert cfg.tanks[0].signal is Signal.LEVEL


@pytest.mark.parametrize(
    ("edit", "where", "says"),
    [
        (lambda t: t.replace('name = "site-7"', 'name = "site 7"'), "gateway.name", "not allowed"),
        (lambda t: t.replace("poll_interval_s = 5", "poll_interval_s = 0"), "gateway.poll_interval_s", "between"),
        (lambda t: t.replace("poll_interval_s = 5", 'pol_interval_s = 5'), "gateway.pol_interval_s", "unknown setting"),
        (lambda t: t.replace('device_password_file = "device.pw"', 'password = "hunter2"'), "gateway.password", "not written"),
        (lambda t: t.replace('device_password_file = "device.pw"', ""), "gateway", "device_password_file or device_password_env"),
        (lambda t: t.replace("register = 100", 'register = "100"'), "tanks[0].register", "integer"),
        (lambda t: t.replace("register = 100", "register = 70000"), "tanks[0].register", "between"),
        (lambda t: t.replace('sensor = "plc-1"\nregister', 'sensor = "plc-9"\nregister'), "tanks[0].sensor", "no sensor named"),
        (lambda t: t.replace('word_order = "little"', 'word_order = "middle"'), "sensors[0].word_order", "one of"),
        (lambda t: t.replace("span_mm = 2500", ""), "tanks[0].span_mm", "required for a 4–20 mA"),
        (lambda t: t.replace("scale = [16000, 27648]", "scale = [1, 0]"), "tanks[0].scale", "denominator"),
        (lambda t: t.replace('tank_id = "tank-{n:04d}"', 'tank_id = "tank"'), "tanks[1].tank_id", "must contain {n}"),
        (lambda t: t.replace('tank_id = "north-1"', 'tank_id = "north/1"'), "tanks[0].tank_id", "not a valid tank id"),
        (lambda t: t.replace("stride = 8", "stride = 1"), "tanks[1].stride", "between"),
        (lambda t: t.replace("stride = 8", "stride = 2\nfirst = 1"), "tanks[1].first", ""),  # duplicate key: TOML error
        (lambda t: t.replace('url = "mqtt://gw7@127.0.0.1:1883"', 'url = "mqtt://gw7:secret@127.0.0.1"'), "mqtt.url", "password in the URL"),
        (lambda t: t.replace('url = "mqtt://gw7@127.0.0.1:1883"', 'url = "http://127.0.0.1"'), "mqtt.url", "mqtt://"),
        (lambda t: t.replace('rpc = "http://127.0.0.1:26657"', 'rpc = "127.0.0.1:26657"'), "http.rpc", "http://"),
        (lambda t: t.replace('topic_prefix = "plant/depot"', 'topic_prefix = "plant/#"'), "mqtt.topic_prefix", "not a valid"),
    ],
)
def test_each_mistake_names_its_field(tmp_path, edit, where, says):
    with pytest.raises(GatewayConfigError) as err:
        load_config(write(tmp_path, edit(GOOD)))
    assert err.value.code == "gateway_config_invalid"
    message = err.value.message
    assert message.startswith("gw.toml: ")
    if "TOML" not in message:
        assert where in message, message
        assert says in message, message
    assert "hunter2" not in message


def test_overlapping_registers_and_duplicate_ids_are_refused(tmp_path):
    overlap = GOOD.replace("register = 0\nspan_mm = 3000", "register = 0\nspan_mm = 3000") + """
[[tanks]]
tank_id = "extra"
sensor = "sim"
register = 9
span_mm = 1000
"""
    with pytest.raises(GatewayConfigError, match="overlaps the registers of tank 'tank-0008'"):
        load_config(write(tmp_path, overlap))
    dup = GOOD + '\n[[tanks]]\ntank_id = "north-1"\nsensor = "sim"\nregister = 500\nspan_mm = 1\n'
    with pytest.raises(GatewayConfigError, match="configured twice"):
        load_config(write(tmp_path, dup))


def test_mqtt_only_needs_a_chain_id_and_some_delivery_is_needed(tmp_path):
    no_http = GOOD.split("[http]")[0] + "[mqtt]" + GOOD.split("[mqtt]")[1]
    with pytest.raises(GatewayConfigError, match="chain_id: is required"):
        load_config(write(tmp_path, no_http))
    nothing = GOOD.split("[http]")[0] + "[[sensors]]" + GOOD.split("[[sensors]]", 1)[1]
    with pytest.raises(GatewayConfigError, match="at least one delivery"):
        load_config(write(tmp_path, nothing))


def test_unreadable_files(tmp_path):
    with pytest.raises(GatewayConfigError, match="cannot read the configuration"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(GatewayConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[gateway\n"))
    with pytest.raises(GatewayConfigError, match="not valid JSON"):
        load_config(write(tmp_path, "{", "gw.json"))
    with pytest.raises(GatewayConfigError, match="gateway: is missing"):
        load_config(write(tmp_path, "[http]\nrpc='http://x'\n"))


def test_secrets_come_from_files_or_the_environment(tmp_path, monkeypatch):
    (tmp_path / "pw").write_text("s3cret\nignored second line\n")
    assert Secret(file=tmp_path / "pw").read("device") == "s3cret"
    monkeypatch.setenv("GW_PW", "from-env")
    assert Secret(env="GW_PW").read("device") == "from-env"
    monkeypatch.delenv("GW_PW")
    with pytest.raises(GatewayConfigError, match="GW_PW"):
        Secret(env="GW_PW").read("device")
    with pytest.raises(GatewayConfigError, match="cannot read the device password file"):
        Secret(file=tmp_path / "nope").read("device")
    (tmp_path / "empty").write_text("")
    with pytest.raises(GatewayConfigError, match="empty"):
        Secret(file=tmp_path / "empty").read("device")


def test_mqtt_urls():
    assert parse_mqtt_url("mqtt://127.0.0.1") == ("127.0.0.1", 1883, False, None)
    assert parse_mqtt_url("mqtts://u%40x@b:9") == ("b", 9, True, "u@x")
    with pytest.raises(GatewayConfigError):
        parse_mqtt_url("mqtt://:1883")
