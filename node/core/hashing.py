"""SHA-256 and the domain tags that keep every hash in Depot from colliding with another kind."""

from __future__ import annotations

import hashlib

HASH_SIZE = 32
ZERO_HASH = bytes(HASH_SIZE)


def sha256(data: bytes) -> bytes:
    """Plain SHA-256 of ``data``."""
    return hashlib.sha256(data).digest()


def tagged_hash(tag: bytes, data: bytes) -> bytes:
    """SHA-256 over a length-prefixed ASCII tag followed by ``data``.

    The one-byte length makes ``tag`` self-delimiting, so two different tags can
    never produce the same pre-image.
    """
    if len(tag) > 255:
        raise ValueError("tag too long")
    return hashlib.sha256(bytes([len(tag)]) + tag + data).digest()
