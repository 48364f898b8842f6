"""The gateway's SQLite buffer: its own migrations, atomic sequence numbers, batches, bridge dedupe, pruning."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from node.core.crypto import PrivateKey, Scheme, Signer
from node.core.encoding import decode
from node.core.types import U8, U32, U64, TimestampMs
from node.gateway.buffer import Buffer, alembic_config, current_revision, head_revision
from node.gateway.errors import ChainMismatch, GatewayBufferError
from node.gateway.schema import VERSION_TABLE, BatchState, HttpState
from node.modules.tanks.readings import Fault, LevelReading, SignedReading, sign_reading

SIGNER = Signer(PrivateKey.generate(Scheme.ED25519))
NOW = 1_767_225_600_000


class Clock:
    def __init__(self) -> None:
        self.t = NOW

    def __call__(self) -> int:
        return self.t


def builder(tank_id: str, level: int = 1000):
    def build(seq: int) -> SignedReading:
        r = LevelReading(tank_id, U64(seq), TimestampMs(NOW), U32(level), U32(8000), U8(int(Fault.NONE)))
        return sign_reading("depot-test", r, SIGNER)
    return build


def open_buffer(path: Path, clock: Clock | None = None) -> Buffer:
    return Buffer(path, durable=False, clock_ms=clock or Clock())


def test_migrations_use_their_own_version_table_and_go_both_ways(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")
    with b.engine.connect() as conn:
        assert current_revision(conn) == head_revision() == "gw0001"
        names = set(inspect(conn).get_table_names())
    assert {"gw_reading", "gw_batch", "gw_tank", "gw_meta", VERSION_TABLE} <= names
    assert "alembic_version" not in names  # never collides with a node store in the same file
    with b.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
        assert not {"gw_reading", "gw_batch"} & set(inspect(conn).get_table_names())
    b.close()
    b = open_buffer(tmp_path / "b.sqlite3")  # upgrades again on open
    assert b.counts()["http_pending"] == 0
    b.close()
    with sqlite3.connect(tmp_path / "b.sqlite3") as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_buffer_from_a_newer_release_is_refused(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")
    b.close()
    with sqlite3.connect(tmp_path / "b.sqlite3") as raw:
        raw.execute(f"UPDATE {VERSION_TABLE} SET version_num = 'gw9999'")
    with pytest.raises(GatewayBufferError, match="newer than this release"):
        open_buffer(tmp_path / "b.sqlite3")


def test_sequence_numbers_start_from_the_clock_and_survive_restarts(tmp_path):
    clock = Clock()
    b = open_buffer(tmp_path / "b.sqlite3", clock)
    got = b.take([("a", builder("a")), ("b", builder("b")), ("a", builder("a"))], http=True, mqtt=False)
    assert [(r.tank_id, r.seq) for r in got] == [("a", NOW), ("b", NOW), ("a", NOW + 1)]
    assert decode(SignedReading, got[2].signed).reading.seq == NOW + 1
    b.close()
    clock.t = NOW - 10_000  # the clock went back: numbering continues from the buffer, never repeats
    b = open_buffer(tmp_path / "b.sqlite3", clock)
    assert [r.seq for r in b.take([("a", builder("a"))], http=True, mqtt=True)] == [NOW + 2]
    assert b.raise_seq_floor({"a": NOW + 100, "b": 5}) == {"a": NOW + 100}
    assert b.take([("a", builder("a"))], http=True, mqtt=True)[0].seq == NOW + 101
    b.close()


def test_a_failing_signature_stores_nothing(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")

    def broken(seq: int) -> SignedReading:
        raise RuntimeError("token unplugged")

    with pytest.raises(RuntimeError):
        b.take([("a", builder("a")), ("b", broken)], http=True, mqtt=False)
    assert b.last_seq("a") == 0 and b.counts()["http_pending"] == 0
    assert b.take([("a", builder("a"))], http=True, mqtt=False)[0].seq == NOW
    b.close()


def test_batch_lifecycle_keeps_order_and_settles_exactly(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")
    rows = b.take([(t, builder(t)) for t in ("a", "b", "c", "d")], http=True, mqtt=False)
    ids = [r.id for r in rows]
    batch = b.create_batch(ids[:3], nonce=4, tx_id="aa" * 32, raw=b"tx", expires_ms=NOW + 1)
    with pytest.raises(RuntimeError, match="already open"):
        b.create_batch(ids[3:], nonce=5, tx_id="bb" * 32, raw=b"tx", expires_ms=NOW + 1)
    assert b.pending_http(10)[0].id == ids[3]
    b.close()
    b = open_buffer(tmp_path / "b.sqlite3")  # a restart finds the open batch with its readings
    again = b.open_batch()
    assert again == batch and again.reading_ids == tuple(ids[:3])
    rebuilt = b.rebuild_batch(batch.id, nonce=6, tx_id="cc" * 32, raw=b"tx2", expires_ms=NOW + 2)
    assert (rebuilt.nonce, rebuilt.tx_id, rebuilt.reading_ids) == (6, "cc" * 32, tuple(ids[:3]))
    # Refused: the first reading was already on chain, the others go back in front of "d".
    b.release_batch(batch.id, state=BatchState.DISSOLVED, code="reading_replayed",
                    settle={ids[0]: (HttpState.ON_CHAIN, "reading_replayed")})
    assert b.open_batch() is None
    assert [r.id for r in b.pending_http(10)] == ids[1:]
    batch2 = b.create_batch(ids[1:], nonce=6, tx_id="dd" * 32, raw=b"tx3", expires_ms=NOW + 3)
    assert b.commit_batch(batch2.id, height=12) == 3
    assert b.counts() == {"http_pending": 0, "http_in_batch": 0, "delivered": 3, "on_chain": 1, "rejected": 0,
                          "mqtt_pending": 0, "published": 0}
    assert [s for _, s, _ in b.http_states("a")] == [HttpState.ON_CHAIN]
    b.close()


def test_mqtt_marks_and_pruning(tmp_path):
    clock = Clock()
    b = open_buffer(tmp_path / "b.sqlite3", clock)
    rows = b.take([(t, builder(t)) for t in ("a", "b")], http=False, mqtt=True)
    assert [r.id for r in b.pending_mqtt(10)] == [r.id for r in rows]
    assert [r.id for r in b.pending_mqtt(10, after_id=rows[0].id)] == [rows[1].id]
    b.mark_published([rows[0].id])
    assert b.counts()["mqtt_pending"] == 1 and b.backlog() == 1
    clock.t += 10_000
    assert b.prune(NOW + 1) == 1  # only the published one; the pending one stays whatever its age
    assert [r.id for r in b.pending_mqtt(10)] == [rows[1].id]
    b.close()


def test_bridge_receive_drops_redeliveries(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")
    srs = [builder("a")(seq) for seq in (5, 6, 7)]
    assert [b.receive(sr) for sr in srs] == ["stored"] * 3
    assert b.receive(srs[1]) == "duplicate" and b.receive(srs[2]) == "duplicate"
    assert [r.seq for r in b.pending_http(10)] == [5, 6, 7]
    b.close()
    b = open_buffer(tmp_path / "b.sqlite3")
    assert b.receive(srs[0]) == "duplicate" and b.last_seq("a") == 7
    b.close()


def test_a_buffer_belongs_to_one_chain(tmp_path):
    b = open_buffer(tmp_path / "b.sqlite3")
    b.bind_chain("depot-a")
    b.bind_chain("depot-a")
    with pytest.raises(ChainMismatch, match="depot-a"):
        b.bind_chain("depot-b")
    b.close()
