"""Never double-sign: the last height/round/step a validator signed, persisted before the signature leaves.

A validator that restarts (or is restarted twice in a second) reloads this
file and refuses to sign anything at or below what it already signed, unless
it is the very same message, whose stored signature it re-sends.  The file is
written atomically and fsync'd before the signature is returned.

With each signature the file also keeps what a restart needs to go on safely
at that height: the lock and valid value the state machine held when it
signed (a lock from an earlier round must outlive a restart, or the validator
could come back unlocked and help decide another value), and every vote it
signed at the height with its signature (so a peer that missed one still gets
it: they are re-sent, never signed again).
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


#: Votes of one height kept for re-sending; rounds beyond this many are rare and only the newest matter.
MAX_VOTES_KEPT = 64

Lock = tuple[bytes | None, int, bytes | None, int]
"""(locked value, locked round, valid value, valid round) of the state machine; None/-1: none."""


@dataclass(slots=True)
class LastSigned:
    height: int = 0
    round: int = -1
    step: int = 0
    block_id: str = ""
    signature: str = ""
    lock: list[object] | None = None
    """[locked block hex or "", locked round, valid block hex or "", valid round] when this was signed."""
    votes: list[list[object]] | None = None
    """This height's signed votes: [round, step, block hex, signature hex], oldest first."""

    def lock_state(self) -> Lock | None:
        if not self.lock or len(self.lock) != 4:
            return None
        lv, lr, vv, vr = self.lock
        return (bytes.fromhex(str(lv)) or None, int(str(lr)), bytes.fromhex(str(vv)) or None, int(str(vr)))

    def signed_votes(self) -> list[tuple[int, int, bytes, bytes]]:
        """(round, step, block id, signature) of every vote signed at ``height``, oldest first."""
        out = []
        for v in self.votes or ():
            r, st, bid, sig = v
            out.append((int(str(r)), int(str(st)), bytes.fromhex(str(bid)), bytes.fromhex(str(sig))))
        return out


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
        try:
            rec = LastSigned(**data)
            rec.lock_state()
            rec.signed_votes()
        except (TypeError, ValueError) as exc:
            raise DoubleSignRefused(f"the sign-state file {self.path} is not one this release wrote: {exc}") from exc
        return rec

    def _sign(
        self, height: int, round_: int, step: int, block_id: bytes, message: bytes, lock: Lock | None = None
    ) -> bytes:
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
            votes = list(last.votes or ()) if height == last.height else []
            if step in (STEP_PREVOTE, STEP_PRECOMMIT):
                votes = [*votes, [round_, step, block_id.hex(), sig.hex()]][-MAX_VOTES_KEPT:]
            lock_rec = None
            if lock is not None:
                lv, lr, vv, vr = lock
                lock_rec = [(lv or b"").hex(), int(lr), (vv or b"").hex(), int(vr)]
            rec = LastSigned(height, round_, step, block_id.hex(), sig.hex(), lock_rec, votes)
            write_bytes_atomically(self.path, json.dumps(_as_dict(rec)).encode())
            self.last = rec
            return sig

    def sign_vote(self, chain_id: str, vote: Vote, lock: Lock | None = None) -> bytes:
        step = STEP_PREVOTE if int(vote.vote_type) == 1 else STEP_PRECOMMIT
        return self._sign(
            int(vote.height), int(vote.round), step, bytes(vote.block_id), vote_signing_message(chain_id, vote), lock
        )

    def sign_proposal(self, height: int, round_: int, block_id: bytes, message: bytes, lock: Lock | None = None) -> bytes:
        return self._sign(height, round_, STEP_PROPOSE, block_id, message, lock)

    def sign_unguarded(self, message: bytes) -> bytes:
        """Test-only Byzantine mode: sign without the guard (used to prove evidence is caught)."""
        return self.signer.sign(message)


def _as_dict(rec: LastSigned) -> dict[str, object]:
    return {
        "height": rec.height, "round": rec.round, "step": rec.step, "block_id": rec.block_id,
        "signature": rec.signature, "lock": rec.lock, "votes": rec.votes,
    }
