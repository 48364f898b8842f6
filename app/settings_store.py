"""The app's own settings (network, node mode, language, theme, key backends, auto-lock) in one JSON file.

QSettings keeps only the window's geometry; everything a person chooses lives
here, in ``<user config dir>/Depot/settings.json``, written atomically
(temporary file, fsync, rename) so a crash never leaves half a file.  No
secret is ever stored: no password, PIN or key — the checks below refuse
field names that look like one.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from node.core.errors import DepotError
from node.keyfile import write_bytes_atomically

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
FILE_NAME = "settings.json"
LANGUAGES = ("en", "zh_CN")
THEMES = ("system", "light", "dark")
NODE_MODES = ("light", "full")
NETWORKS = ("demo", "consortium")
AUTO_LOCK_CHOICES_MIN = (0, 1, 2, 5, 10, 15, 30, 60)
"""0 means never."""
_SECRET_WORDS = ("password", "pin", "secret", "seed", "private")


class SettingsError(DepotError):
    """The settings file cannot be read or written."""

    code = "settings_error"


@dataclass(frozen=True, slots=True)
class NetworkSpec:
    """A consortium network to join, as its network file describes it."""

    name: str = ""
    """What the consortium calls it (shown in the title and settings)."""
    chain_id: str = ""
    genesis_hash: str = ""
    """Hex SHA-256 of the genesis block: the light client's trusted root."""
    peers: tuple[str, ...] = ()
    """Node API URLs (``http://host:port``) to sync from."""

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "chain_id": self.chain_id,
            "genesis_hash": self.genesis_hash,
            "peers": list(self.peers),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> NetworkSpec:
        return cls(
            name=str(d.get("name", "")),
            chain_id=str(d.get("chain_id", "")),
            genesis_hash=str(d.get("genesis_hash", "")),
            peers=tuple(str(p) for p in d.get("peers", ())),
        )


@dataclass(frozen=True, slots=True)
class AppSettings:
    """Everything the person chose; defaults are what a first run without answers gets."""

    first_run_done: bool = False
    network: str = "demo"
    """"demo" (the embedded four-validator network) or "consortium" (``consortium`` below)."""
    consortium: NetworkSpec = field(default_factory=NetworkSpec)
    node_mode: str = "light"
    """"light" (headers and proofs) or "full" (re-executes everything; auditors)."""
    data_dir: str = ""
    """The node's and wallet's folder; "" means the platform's user data folder."""
    wallet_key: str = ""
    """Name of the wallet key the person signs with (not the key itself)."""
    language: str = ""
    """"en" or "zh_CN"; "" follows the system."""
    theme: str = "system"
    pkcs11_module: str = ""
    """Path of the PKCS#11 module (.so/.dll/.dylib) for token keys."""
    auto_lock_minutes: int = 5
    """Lock unlocked keys after this long without input; 0 never."""

    def to_json(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["consortium"] = self.consortium.to_json()
        return {"depot_settings": FORMAT_VERSION, **d}

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> AppSettings:
        """Read what is understood; unknown or out-of-range values fall back to the default."""
        base = cls()
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in doc:
                continue
            value = doc[f.name]
            default = getattr(base, f.name)
            if f.name == "consortium":
                if isinstance(value, dict):
                    values[f.name] = NetworkSpec.from_json(value)
                continue
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, int):
                ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            else:
                ok = isinstance(value, str)
            if ok:
                values[f.name] = value
        s = dataclasses.replace(base, **values)
        if s.language not in ("", *LANGUAGES):
            s = dataclasses.replace(s, language="")
        if s.theme not in THEMES:
            s = dataclasses.replace(s, theme="system")
        if s.node_mode not in NODE_MODES:
            s = dataclasses.replace(s, node_mode="light")
        if s.network not in NETWORKS:
            s = dataclasses.replace(s, network="demo")
        return s


def default_config_dir() -> Path:
    """``$DEPOT_CONFIG_HOME``, else the platform's user config folder for Depot."""
    env = os.environ.get("DEPOT_CONFIG_HOME", "").strip()
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("Depot", appauthor=False))


def _check_no_secrets(doc: Any, where: str = "$") -> None:
    if isinstance(doc, dict):
        for k, v in doc.items():
            if any(w in str(k).lower() for w in _SECRET_WORDS) and k != "pkcs11_module":
                raise SettingsError(f"refusing to store {where}.{k}: settings never hold secrets")
            _check_no_secrets(v, f"{where}.{k}")


class SettingsStore:
    """Loads and saves ``AppSettings``; ``save`` is atomic and may run in an executor."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_config_dir()
        self.path = self.directory / FILE_NAME

    def exists(self) -> bool:
        return self.path.exists()

    def load(self) -> AppSettings:
        """The saved settings; defaults when there is no file; ``SettingsError`` when unreadable."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return AppSettings()
        except OSError as e:
            raise SettingsError(f"cannot read {self.path}: {e.strerror}") from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            raise SettingsError(f"{self.path} is not valid JSON") from None
        if not isinstance(doc, dict) or doc.get("depot_settings") != FORMAT_VERSION:
            raise SettingsError(f"{self.path} is not a Depot settings file of version {FORMAT_VERSION}")
        return AppSettings.from_json(doc)

    def load_or_default(self) -> AppSettings:
        """Like ``load``, but a damaged file is logged and replaced by defaults (the app must start)."""
        try:
            return self.load()
        except SettingsError as e:
            log.warning("%s; using default settings", e.message)
            return AppSettings()

    def save(self, settings: AppSettings) -> None:
        doc = settings.to_json()
        _check_no_secrets(doc)
        self.directory.mkdir(parents=True, exist_ok=True)
        data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            write_bytes_atomically(self.path, data)
        except OSError as e:
            raise SettingsError(f"cannot write {self.path}: {e.strerror}") from None
