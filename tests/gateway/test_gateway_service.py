"""A whole gateway (MQTT only) against the simulator and Mosquitto: faults, signatures, metrics, CLI checks."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from node.core.crypto import Scheme
from node.core.encoding import decode
from node.gateway.buffer import Buffer
from node.gateway.config import load_config
from node.gateway.service import Gateway
from node.keyfile import read_keyfile_info
from node.modules.tanks.readings import Fault, SignedReading, reading_signing_message
from node.sim.tanks import (
    SensorFault,
    SimClock,
    SimulatorServer,
    TankSimulator,
    gateway_tanks,
    make_specs,
)
from tests.gateway.gwkit import REPO, free_port, until, write_key

CHAIN = "depot-gw-service"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def test_gateway_turns_registers_into_signed_readings_and_faults(mqtt_url: str, tmp_path: Path):
    device = write_key(tmp_path, "device", Scheme.P256)
    specs = make_specs(4, 31, prefix="svc-")
    metrics_port = free_port()

    async def main() -> dict[str, int]:
        sim = TankSimulator(specs, seed=31, start_ms=now_ms())
        server = SimulatorServer(sim, port=0, clock=SimClock(now_ms(), 30.0))  # values move between polls
        await server.start()
        tanks = gateway_tanks(sim, "sim")
        tanks[3]["stuck_after_s"] = 2
        doc = {
            "gateway": {"name": "svc", "chain_id": CHAIN, "poll_interval_s": 0.2, "data_dir": str(tmp_path / "data"),
                        "device_keyfile": str(device.keyfile), "device_password_file": str(device.password_file),
                        "metrics_listen": f"127.0.0.1:{metrics_port}", "durable": False},
            "mqtt": {"url": mqtt_url, "client_id": f"svc-{time.time_ns()}"},
            "sensors": [{"name": "sim", "host": "127.0.0.1", "port": server.port}],
            "tanks": tanks,
        }
        (tmp_path / "gw.json").write_text(json.dumps(doc))
        gw = Gateway(load_config(tmp_path / "gw.json"))
        stop = asyncio.Event()
        task = asyncio.create_task(gw.run(stop))
        try:
            await until(lambda: gw.polls >= 2, what="polls")
            sim.set_fault(specs[1].tank_id, SensorFault.LOOP_LOW)
            sim.set_fault(specs[2].tank_id, SensorFault.LOOP_HIGH)
            sim.set_fault(specs[3].tank_id, SensorFault.STUCK)
            polls = gw.polls
            await until(lambda: gw.polls >= polls + 16, what="polls with faults")
            async with httpx.AsyncClient() as http:
                text = (await http.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
                health = (await http.get(f"http://127.0.0.1:{metrics_port}/healthz")).json()
            assert "depot_gateway_fault_ne43_low_total" in text and "# TYPE depot_gateway_buffered gauge" in text
            assert health["ok"] and health["name"] == "svc"
            await until(lambda: gw.buffer is not None and gw.buffer.counts()["mqtt_pending"] == 0, what="publishing")
        finally:
            stop.set()
            await task
            await server.stop()
        return gw.metrics.snapshot()

    m = asyncio.run(main())
    assert m["fault_ne43_low"] >= 6 and m["fault_ne43_high"] >= 6 and m["fault_stuck"] >= 1
    assert m["readings_read"] == m["readings_buffered"] == m["readings_published"]
    buf = Buffer(tmp_path / "data" / "buffer.sqlite3", durable=False, clock_ms=now_ms)
    info = read_keyfile_info(device.keyfile)
    from node.core import crypto
    from node.gateway.schema import reading as reading_table

    with buf.engine.connect() as conn:
        rows = conn.execute(reading_table.select().order_by(reading_table.c.id)).all()
    buf.close()
    faults: dict[str, set[int]] = {}
    for row in rows:
        sr = decode(SignedReading, row.signed)
        r = sr.reading
        assert (r.tank_id, int(r.seq), int(r.fault)) == (row.tank_id, row.seq, row.fault)
        assert bytes(sr.public_key) == info.public_key and int(sr.scheme) == int(Scheme.P256)
        assert crypto.is_valid(sr.scheme, sr.public_key, reading_signing_message(CHAIN, r), sr.signature)
        if r.fault != Fault.NONE:
            assert r.level_mm == 0  # a fault is never a level
        faults.setdefault(r.tank_id, set()).add(int(r.fault))
    assert faults[specs[0].tank_id] == {Fault.NONE}
    assert Fault.NE43_LOW in faults[specs[1].tank_id] and Fault.NE43_HIGH in faults[specs[2].tank_id]
    assert faults[specs[3].tank_id] == {Fault.NONE, Fault.STUCK}  # moving at first, then frozen
    low = [decode(SignedReading, r.signed).reading for r in rows if r.tank_id == specs[1].tank_id and r.fault]
    assert all(int(x.current_ua) == 3_600 for x in low)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.commands.gateway", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_keygen_and_check_from_the_command_line(tmp_path: Path):
    (tmp_path / "pw").write_text("correct horse\n")
    out = _cli("gateway", "keygen", "--out", str(tmp_path / "dev.json"), "--password-file", str(tmp_path / "pw"),
               "--scheme", "p256", "--strength", "interactive", "--json")
    assert out.returncode == 0, out.stderr
    key = json.loads(out.stdout)
    assert key["scheme"] == 2 and len(bytes.fromhex(key["public_key"])) == 33
    again = _cli("gateway", "keygen", "--out", str(tmp_path / "dev.json"), "--password-file", str(tmp_path / "pw"))
    assert again.returncode == 1 and json.loads(again.stdout)["error"]["code"] == "keyfile_exists"

    cfg = {
        "gateway": {"name": "cli", "chain_id": "c", "device_keyfile": "dev.json", "device_password_file": "pw"},
        "mqtt": {"url": "mqtt://127.0.0.1:1"},
        "sensors": [{"name": "s", "host": "127.0.0.1"}],
        "tanks": [{"tank_id": "t{n}", "count": 3, "sensor": "s", "register": 0, "span_mm": 1000}],
    }
    (tmp_path / "gw.json").write_text(json.dumps(cfg))
    check = _cli("gateway", "--config", str(tmp_path / "gw.json"), "--check", "--json")
    assert check.returncode == 0, check.stdout + check.stderr
    summary = json.loads(check.stdout)
    assert summary["tanks"] == 3 and summary["keys"]["device"]["public_key"] == key["public_key"]
    assert "correct horse" not in check.stdout + check.stderr

    (tmp_path / "pw").write_text("wrong\n")
    bad = _cli("gateway", "--config", str(tmp_path / "gw.json"), "--check")
    assert bad.returncode == 1 and json.loads(bad.stdout)["error"]["code"] == "wrong_password"
    cfg["tanks"][0]["register"] = -1
    (tmp_path / "gw.json").write_text(json.dumps(cfg))
    invalid = _cli("gateway", "--config", str(tmp_path / "gw.json"))
    err = json.loads(invalid.stdout)["error"]
    assert invalid.returncode == 1 and err["code"] == "gateway_config_invalid" and "tanks[0].register" in err["message"]
