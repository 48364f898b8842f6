"""The settings file: defaults, round trip, atomic writes, damaged files and never a secret."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from app.settings_store import (
    AppSettings,
    NetworkSpec,
    SettingsError,
    SettingsStore,
    _check_no_secrets,
)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg")
    assert not store.exists()
    s = store.load()
    assert (s.first_run_done, s.network, s.node_mode, s.theme, s.auto_lock_minutes) == (False, "demo", "light", "system", 5)


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "cfg")
    s = dataclasses.replace(
        AppSettings(),
        first_run_done=True,
        network="consortium",
        consortium=NetworkSpec("Northmill", "depot-main", "ab" * 32, ("https://a.example", "http://b.example:8080")),
        node_mode="full",
        language="zh_CN",
        theme="dark",
        pkcs11_module="/usr/lib/softhsm/libsofthsm2.so",
        auto_lock_minutes=15,
        wallet_key="clerk",
    )
    store.save(s)
    assert store.load() == s
    assert oct(store.path.stat().st_mode & 0o777) == "0o600"
    assert not list(store.directory.glob(".*.tmp"))  # the temporary file was renamed into place


def test_damaged_file_is_reported_and_defaults_are_used(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid JSON"):
        store.load()
    assert store.load_or_default() == AppSettings()
    store.path.write_text(json.dumps({"depot_settings": 99}), encoding="utf-8")
    with pytest.raises(SettingsError, match="version"):
        store.load()


def test_out_of_range_values_fall_back_to_defaults(tmp_path: Path) -> None:
    doc = {"depot_settings": 1, "theme": "purple", "language": "xx", "auto_lock_minutes": -3, "node_mode": 7}
    store = SettingsStore(tmp_path)
    store.path.write_text(json.dumps(doc), encoding="utf-8")
    s = store.load()
    assert (s.theme, s.language, s.auto_lock_minutes, s.node_mode) == ("system", "", 5, "light")


def test_a_secret_is_never_written() -> None:
    with pytest.raises(SettingsError, match="never hold secrets"):
        _check_no_secrets({"depot_settings": 1, "wallet_password": "x"})
    with pytest.raises(SettingsError):
        _check_no_secrets({"consortium": {"pin": "1234"}})
    _check_no_secrets(AppSettings().to_json())  # the real settings have no such field
