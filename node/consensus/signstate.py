"""Never double-sign: the last height/round/step a validator signed, persisted before the signature leaves.

A validator that restarts (or is restarted twice in a second) reloads this
file and refuses to sign anything at or below what it already signed, unless
it is the very same message, whose stored signature it re-sends.  The file is
written atomically and fsync'd before the signature is returned.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from node.core.blocks import Vote, vote_signing_message
from node.core.crypto import Signer
from node.core.errors import DepotError
from node.keyfile import write_bytes_atomically

STEP_PROPOSE = 1
STEP_PREVOTE = 2
STEP_PRECOMMIT = 3


class DoubleSignRefused(DepotError):
    """Signing this would conflict with something this validator already signed."""

    code = "double_sign_refused"


@dataclass(slots=True)
class LastSigned:
    height: int = 0
    round: int = -1
    step: int = 0
    block_id: str = ""
    signature: str = ""


class SignGuard:
    """Signs votes and proposals through the persisted last-signed record."""

    def __init__(self, path: Path, signer: Signer) -> None:
        self.path = Path(path)
        self.signer = signer
        self._lock = threading.Lock()
        self.last = self._load()

    def _load(self) -> LastSigned:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return LastSigned()
        except (OSError, ValueError) as exc:
            # Refuse to guess: signing with a lost record could double-sign.
            raise DoubleSignRefused(f"cannot read the sign-state file {self.path}: {exc}") from exc
        return LastSigned(**data)

    def _sign(self, height: int, round_: int, step: int, block_id: bytes, message: bytes) -> bytes:
        with self._lock:
            last = self.last
            hrs, prev = (height, round_, step), (last.height, last.round, last.step)
            if hrs < prev:
                raise DoubleSignRefused(f"already signed at {prev}, refusing {hrs}")
            if hrs == prev:
                if last.block_id == block_id.hex() and last.signature:
                    return bytes.fromhex(last.signature)
                raise DoubleSignRefused(f"already signed a different value at {hrs}")
            sig = self.signer.sign(message)
            rec = LastSigned(height, round_, step, block_id.hex(), sig.hex())
            write_bytes_atomically(self.path, json.dumps(_as_dict(rec)).encode())
            self.last = rec
            return sig

    def sign_vote(self, chain_id: str, vote: Vote) -> bytes:
        step = STEP_PREVOTE if int(vote.vote_type) == 1 else STEP_PRECOMMIT
        return self._sign(int(vote.height), int(vote.round), step, bytes(vote.block_id), vote_signing_message(chain_id, vote))

    def sign_proposal(self, height: int, round_: int, block_id: bytes, message: bytes) -> bytes:
        return self._sign(height, round_, STEP_PROPOSE, block_id, message)

    def sign_unguarded(self, message: bytes) -> bytes:
        """Test-only Byzantine mode: sign without the guard (used to prove evidence is caught)."""
        return self.signer.sign(message)


def _as_dict(rec: LastSigned) -> dict[str, object]:
    return {"height": rec.height, "round": rec.round, "step": rec.step, "block_id": rec.block_id, "signature": rec.signature}
