"""Where the light client gets headers, commits, validator sets and proofs: a node's HTTP API, or memory.

A provider only fetches and decodes; it proves nothing.  Everything it
returns goes through ``node.light.verifier`` before the client believes it.
It does refuse answers that are malformed or for another height than asked
(a reordered range), and reports a header the node claims to have but does
not serve as ``HeaderWithheld``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from node.client import NodeApiError, decode_answer
from node.core.blocks import Block, Header
from node.core.encoding import codec_for, decode
from node.core.errors import DecodeError, DepotError
from node.core.merkle import InclusionProof
from node.core.types import Hash32
from node.core.validators import ValidatorSet
from node.light.errors import (
    HeaderWithheld,
    HeightMismatch,
    PeerUnavailable,
    ProviderError,
    TxNotCommitted,
)
from node.light.types import LightBlock

MAX_RANGE = 500
"""Most headers asked for in one range request."""


@dataclass(frozen=True, slots=True)
class NodeStatus:
    """What a node says about itself (unverified)."""

    chain_id: str
    genesis_hash: Hash32
    height: int


@dataclass(frozen=True, slots=True)
class StateAnswer:
    """A node's answer for one state key at one height (unverified)."""

    key: bytes
    height: int
    value: bytes | None
    proof: bytes


@dataclass(frozen=True, slots=True)
class TxAnswer:
    """A node's answer for a committed transaction (unverified)."""

    tx_id: bytes
    height: int
    index: int
    raw: bytes
    proof: InclusionProof
    result_code: str


class Provider(Protocol):
    """The reads the light client needs from one node."""

    url: str

    def status(self) -> NodeStatus: ...

    def genesis(self) -> dict[str, Any] | None:
        """The genesis document's JSON form, or None if the node does not serve it."""
        ...

    def light_block(self, height: int) -> LightBlock: ...

    def light_blocks(self, start: int, end: int) -> list[LightBlock]:
        """Consecutive light blocks ``start..end`` (inclusive), in order."""
        ...

    def state(self, key: bytes, height: int) -> StateAnswer: ...

    def tx(self, tx_id: bytes) -> TxAnswer: ...

    def close(self) -> None: ...


def _hex(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise ProviderError(f"{what} is not hex text")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise ProviderError(f"{what} is not hex") from exc


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProviderError(f"{what} is not an integer")
    return value


def _decode(cls: type[Any], raw: bytes, what: str) -> Any:
    try:
        return decode(cls, raw)
    except DepotError as exc:
        raise ProviderError(f"{what} is not a canonical encoding: {exc.message}") from exc


_HEADER_DECODER = codec_for(Header)[1]


def header_of_block(raw_block: bytes) -> bytes:
    """The encoded header at the front of an encoded block, without decoding its transactions."""
    try:
        _, end = _HEADER_DECODER(raw_block, 0)
    except DepotError as exc:
        raise ProviderError(f"block is not a canonical encoding: {exc.message}") from exc
    except (IndexError, ValueError) as exc:  # pragma: no cover - the decoder raises DecodeError
        raise ProviderError("block is truncated") from exc
    return bytes(raw_block[:end])


def _light_block(header_raw: bytes, commit_raw: bytes, vset_for: Any) -> LightBlock:
    """A light block from encodings, its validator set looked up by the header it names."""
    try:
        header = decode(Header, header_raw)
    except DepotError as exc:
        raise ProviderError(f"header is not a canonical encoding: {exc.message}") from exc
    try:
        return LightBlock.from_raw(header_raw, commit_raw, vset_for(header))
    except DecodeError as exc:
        raise ProviderError(f"commit is not a canonical encoding: {exc.message}") from exc


class HttpProvider:
    """A node's HTTP API (docs/api.md) as a light-client provider."""

    def __init__(self, url: str, *, timeout_s: float = 10.0) -> None:
        self.url = url.strip().rstrip("/")
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s)
        self._vsets_by_raw: dict[bytes, ValidatorSet] = {}
        self._vsets_by_hash: dict[bytes, ValidatorSet] = {}
        self._claimed_height: int | None = None
        self._range_endpoint: str | None = "/v1/raw/headers"

    def __repr__(self) -> str:
        return f"HttpProvider({self.url})"

    def close(self) -> None:
        self._http.close()

    def _get(self, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        try:
            response = self._http.get(path, params=params)
        except httpx.TransportError as exc:
            raise PeerUnavailable(
                f"the node at {self.url} is unreachable: {exc or type(exc).__name__}", url=self.url
            ) from exc
        return decode_answer(response)

    def _missing(self, height: int, exc: NodeApiError) -> DepotError:
        if exc.code == "not_found" and self._claimed_height is not None and height <= self._claimed_height:
            return HeaderWithheld(
                f"the node at {self.url} claims height {self._claimed_height} but does not serve "
                f"header {height}",
                url=self.url,
                height=height,
            )
        return exc

    # --- headers --------------------------------------------------------------------------

    def status(self) -> NodeStatus:
        s = self._get("/v1/status")
        try:
            out = NodeStatus(
                chain_id=str(s["chain_id"]),
                genesis_hash=Hash32(_hex(s["genesis_hash"], "genesis hash")),
                height=_int(s["height"], "height"),
            )
        except (KeyError, DepotError) as exc:
            raise ProviderError(f"the node at {self.url} sent a malformed status") from exc
        self._claimed_height = out.height
        return out

    def genesis(self) -> dict[str, Any] | None:
        try:
            return self._get("/v1/genesis")
        except NodeApiError as exc:
            if exc.http_status == 404:
                return None
            raise

    def validators(self, height: int) -> ValidatorSet:
        try:
            v = self._get("/v1/validators", {"height": height})
        except NodeApiError as exc:
            raise self._missing(height, exc) from exc
        if _int(v.get("height"), "validator set height") != height:
            raise HeightMismatch(
                f"asked {self.url} for the validators of height {height}, got {v.get('height')}",
                asked=height,
                got=v.get("height"),
            )
        raw = _hex(v.get("raw"), "validator set")
        vs = self._vsets_by_raw.get(raw)
        if vs is None:
            vs = self._vsets_by_raw[raw] = _decode(ValidatorSet, raw, "validator set")
            self._vsets_by_hash.setdefault(bytes(vs.hash()), vs)
        return vs

    def _vset_for(self, header: Header) -> ValidatorSet:
        vs = self._vsets_by_hash.get(bytes(header.validators_hash))
        return vs if vs is not None else self.validators(int(header.height))

    def _signed_header(self, height: int) -> tuple[bytes, bytes]:
        try:
            hd = self._get(f"/v1/headers/{height}")
            cm = self._get(f"/v1/commits/{height}")
        except NodeApiError as exc:
            raise self._missing(height, exc) from exc
        return _hex(hd.get("header_raw"), "header"), _hex(cm.get("commit_raw"), "commit")

    def _checked(self, height: int, header_raw: bytes, commit_raw: bytes) -> LightBlock:
        lb = _light_block(header_raw, commit_raw, self._vset_for)
        if lb.height != height:
            raise HeightMismatch(
                f"asked {self.url} for header {height}, got header {lb.height}",
                asked=height,
                got=lb.height,
            )
        return lb

    def light_block(self, height: int) -> LightBlock:
        return self._checked(height, *self._signed_header(height))

    def light_blocks(self, start: int, end: int) -> list[LightBlock]:
        out: list[LightBlock] = []
        h = start
        while h <= end:
            limit = min(MAX_RANGE, end - h + 1)
            page = self._range(h, limit)
            if not page:
                raise HeaderWithheld(
                    f"the node at {self.url} served no headers from {h}", url=self.url, height=h
                )
            for header_raw, commit_raw in page[:limit]:
                out.append(self._checked(h, header_raw, commit_raw))
                h += 1
        return out

    def _range(self, start: int, limit: int) -> list[tuple[bytes, bytes]]:
        """Encoded signed headers from ``start``: the headers endpoint if the node has it, else raw blocks, else one by one."""
        while self._range_endpoint is not None:
            key = "headers" if self._range_endpoint.endswith("headers") else "blocks"
            try:
                page = self._get(self._range_endpoint, {"from_height": start, "limit": limit})
            except NodeApiError as exc:
                if exc.http_status == 404 and exc.code in ("not_found", "http_error"):
                    # An older node without this endpoint: fall back to the next way.
                    self._range_endpoint = "/v1/raw/blocks" if key == "headers" else None
                    continue
                raise
            items = page.get(key)
            if not isinstance(items, list):
                raise ProviderError(f"the node at {self.url} sent a malformed range")
            latest = page.get("latest")
            if isinstance(latest, int) and not isinstance(latest, bool):
                self._claimed_height = max(self._claimed_height or 0, latest)
            out = []
            for item in items:
                if not isinstance(item, dict):
                    raise ProviderError(f"the node at {self.url} sent a malformed range item")
                if key == "headers":
                    header_raw = _hex(item.get("header"), "header")
                else:
                    header_raw = header_of_block(_hex(item.get("block"), "block"))
                out.append((header_raw, _hex(item.get("commit"), "commit")))
            if len(out) < limit and self._claimed_height is not None:
                if start + len(out) <= self._claimed_height:
                    missing = start + len(out)
                    raise HeaderWithheld(
                        f"the node at {self.url} claims height {self._claimed_height} but withheld "
                        f"headers from {missing}",
                        url=self.url,
                        height=missing,
                    )
            return out
        return [self._signed_header(h) for h in range(start, start + limit)]

    # --- proofs ---------------------------------------------------------------------------

    def state(self, key: bytes, height: int) -> StateAnswer:
        a = self._get(f"/v1/state/{key.hex()}", {"height": height})
        value = a.get("value")
        return StateAnswer(
            key=_hex(a.get("key"), "key"),
            height=_int(a.get("height"), "height"),
            value=None if value is None else _hex(value, "value"),
            proof=_hex(a.get("proof"), "proof"),
        )

    def tx(self, tx_id: bytes) -> TxAnswer:
        try:
            a = self._get(f"/v1/txs/{bytes(tx_id).hex()}")
        except NodeApiError as exc:
            if exc.code == "not_found":
                raise TxNotCommitted(
                    f"the node knows no transaction {bytes(tx_id).hex()}", tx_id=bytes(tx_id)
                ) from exc
            raise
        if a.get("status") != "committed":
            raise TxNotCommitted(
                f"transaction {bytes(tx_id).hex()} is not committed yet", tx_id=bytes(tx_id)
            )
        try:
            proof = InclusionProof.from_json(a.get("proof"))
        except DecodeError as exc:
            raise ProviderError(f"malformed inclusion proof: {exc.message}") from exc
        result = a.get("result")
        if not isinstance(result, dict):
            result = {}
        return TxAnswer(
            tx_id=_hex(a.get("tx_id"), "tx id"),
            height=_int(a.get("height"), "height"),
            index=_int(a.get("index"), "index"),
            raw=_hex(a.get("raw"), "raw transaction"),
            proof=proof,
            result_code=str(result.get("code", "")),
        )


def decode_block(raw: bytes) -> Block:
    """A full block from its canonical encoding (full sync); ``ProviderError`` if malformed."""
    return _decode(Block, raw, "block")  # type: ignore[no-any-return]
