"""Reading a consortium's network file (``network.json``: chain id, pinned genesis hash, peers) for the first run.

The format is the light client's (``node.light.network.NetworkConfig``), which
has the last word; the checks here come first so each mistake gets its own
translated sentence next to the file field.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from app.settings_store import NetworkSpec
from node.core.errors import DepotError
from node.light.network import NetworkConfig

translate = QCoreApplication.translate
MAX_NETWORK_FILE_BYTES = 256 * 1024


class NetworkFileError(ValueError):
    """``message`` is the translated sentence; ``code`` names the check that failed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def peer_problem(url: str) -> str:
    """"" when ``url`` can be a peer (http or https with a host), else why not (translated)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return translate("network_file", "“{0}” is not a URL.").format(url)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if parts.scheme not in ("http", "https"):
        return translate("network_file", "“{0}” must start with http:// or https://.").format(url)
    if not parts.hostname:
        return translate("network_file", "“{0}” has no host name.").format(url)
    if not port_ok:
        return translate("network_file", "“{0}” has an impossible port.").format(url)
    return ""


def parse_network(doc: object) -> NetworkSpec:
    """The network of a network file's JSON, or ``NetworkFileError`` saying what is wrong."""
    if not isinstance(doc, dict):
        raise NetworkFileError("not_object", translate("network_file", "The network file is not a JSON object."))
    chain_id = doc.get("chain_id")
    if not isinstance(chain_id, str) or not chain_id.strip():
        raise NetworkFileError("no_chain_id", translate("network_file", "The network file names no chain (chain_id)."))
    gh = doc.get("genesis_hash")
    if not isinstance(gh, str) or len(gh) != 64 or any(c not in "0123456789abcdefABCDEF" for c in gh):
        raise NetworkFileError(
            "bad_genesis_hash",
            translate("network_file", "The genesis hash must be 64 hexadecimal characters."),
        )
    peers = doc.get("peers")
    if not isinstance(peers, list) or not peers:
        raise NetworkFileError("no_peers", translate("network_file", "The network file lists no peers to connect to."))
    for p in peers:
        problem = peer_problem(p) if isinstance(p, str) else translate("network_file", "A peer is not text.")
        if problem:
            raise NetworkFileError("bad_peer", problem)
    name = doc.pop("name", "") if "name" in doc else ""
    try:
        config = NetworkConfig.from_json(doc, "network file")
    except DepotError as e:
        raise NetworkFileError(
            "invalid", translate("network_file", "The network file is not valid: {0}").format(e.message)
        ) from None
    return NetworkSpec(
        name=str(name or config.chain_id),
        chain_id=config.chain_id,
        genesis_hash=bytes(config.genesis_hash).hex(),
        peers=config.peers,
    )


def read_network_file(path: Path) -> NetworkSpec:
    """Read and check ``path`` (blocking: run it in an executor)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_NETWORK_FILE_BYTES:
            raise NetworkFileError("too_large", translate("network_file", "The file is too large to be a network file."))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NetworkFileError("missing", translate("network_file", "There is no file at this path.")) from None
    except IsADirectoryError:
        raise NetworkFileError("directory", translate("network_file", "This is a folder, not a file.")) from None
    except UnicodeDecodeError:
        raise NetworkFileError("not_text", translate("network_file", "The file is not text (UTF-8).")) from None
    except OSError as e:
        raise NetworkFileError(
            "unreadable", translate("network_file", "The file cannot be read: {0}").format(e.strerror or str(e))
        ) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise NetworkFileError(
            "not_json",
            translate("network_file", "The file is not valid JSON (line {0}, column {1}).").format(e.lineno, e.colno),
        ) from None
    return parse_network(doc)
