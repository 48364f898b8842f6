"""What can go wrong in the light client and full sync: one ``DepotError`` subclass per failure, each with a stable code.

Every attack the light client defends against ends in its own class, so the
app can tell a clerk *what* a node did (served a forged header, a proof for
another key, ...) in a translated sentence, and tests can pin the exact
reaction.  ``LightClientError`` is the common base; the subclasses carry the
heights, hashes and peers involved in ``data``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from node.core.errors import DepotError

if TYPE_CHECKING:
    from node.light.types import ForkAlert


class LightClientError(DepotError):
    """Base of every light-client failure."""

    code = "light_client_error"


# --- configuration and trust root -------------------------------------------------


class NetworkNotConfigured(LightClientError):
    """No network file (chain id, pinned genesis hash, peers) and nothing to derive one from."""

    code = "network_not_configured"


class GenesisMismatch(LightClientError):
    """The genesis document offered does not hash to the genesis hash pinned in the network file."""

    code = "genesis_mismatch"


class WrongChain(LightClientError):
    """A node, header or answer belongs to another chain."""

    code = "wrong_chain"


class InvalidTrustLevel(LightClientError):
    """A trust level outside [1/3, 1]."""

    code = "invalid_trust_level"


# --- headers and commits ---------------------------------------------------------------


class InvalidLightBlock(LightClientError):
    """A header, commit or validator set that fails verification (base of the specific cases)."""

    code = "invalid_light_block"


class ForgedHeader(InvalidLightBlock):
    """The commit served with a header was not made for that header (the header was altered)."""

    code = "forged_header"


class HeaderHashLinkBroken(InvalidLightBlock):
    """An adjacent header does not name the trusted header as its previous block."""

    code = "header_hash_link_broken"


class ValidatorSetMismatch(InvalidLightBlock):
    """The validator set served for a header does not hash to the header's ``validators_hash``."""

    code = "validator_set_mismatch"


class UnexpectedValidatorSet(InvalidLightBlock):
    """An adjacent header is signed by another set than the one the trusted header named as next."""

    code = "unexpected_validator_set"


class UnknownSigner(InvalidLightBlock):
    """A commit carries entries of validators that are not in the header's validator set."""

    code = "signer_not_in_validator_set"


class MalformedCommit(InvalidLightBlock):
    """A commit that breaks the commit rules (§8.4/8.5): wrong size or order, bad flag, duplicate."""

    code = "malformed_commit"


class InvalidCommitSignature(InvalidLightBlock):
    """A precommit signature in a commit does not verify with its validator's key."""

    code = "invalid_commit_signature"


class InsufficientVotingPower(InvalidLightBlock):
    """The header's own validator set signed it with 2/3 of the power or less."""

    code = "insufficient_voting_power"


class NotEnoughTrust(InvalidLightBlock):
    """Skipping: the trusted validators signed at most the trust level; bisection takes over."""

    code = "not_enough_trust"


class HeaderTimeNotMonotonic(InvalidLightBlock):
    """A header is not later than the trusted header before it."""

    code = "header_time_not_monotonic"


class HeaderFromFuture(InvalidLightBlock):
    """A header's time is further ahead of the client's clock than the allowed drift."""

    code = "header_from_future"


class HeightMismatch(InvalidLightBlock):
    """A node answered with a header, commit or set for another height than asked (reordering)."""

    code = "header_height_mismatch"


class TrustedHeaderExpired(LightClientError):
    """The trusted header is older than the trusting period: skipping from it is not allowed."""

    code = "trusted_header_expired"


class NotAfterTrusted(LightClientError):
    """Asked to verify a header at or below the trusted height."""

    code = "not_after_trusted"


# --- providers -------------------------------------------------------------------------


class HeaderWithheld(LightClientError):
    """A node does not serve a header it claims to have (below its own latest height)."""

    code = "header_withheld"


class ProviderError(LightClientError):
    """A node answered something that is not a well-formed answer (bad JSON shape, bad hex)."""

    code = "provider_error"


class PeerUnavailable(LightClientError):
    """No node could be reached (primary, witnesses or sync peers)."""

    code = "peer_unavailable"


# --- forks -----------------------------------------------------------------------------


class ForkDetected(LightClientError):
    """Two nodes served different headers at one height, each verifying from the trusted root.

    That takes more than the trust level of a trusted validator set signing
    two blocks at one height: an attack on this client or on the chain.  The
    evidence (both signed headers) is stored, sync halts, and ``alert`` is what
    the app shows.
    """

    code = "fork_detected"
    http_status = 409

    def __init__(self, alert: ForkAlert) -> None:
        super().__init__(
            f"fork detected at height {alert.height}: {alert.primary} and {alert.witness} "
            f"serve different headers, both signed by the trusted validators "
            f"(evidence #{alert.evidence_id} stored; sync halted)",
            evidence_id=alert.evidence_id,
            height=alert.height,
            primary=alert.primary,
            witness=alert.witness,
        )
        self.alert = alert


class LightClientHalted(LightClientError):
    """Sync refuses to run while a detected fork has not been acknowledged."""

    code = "light_client_halted"
    http_status = 409


# --- verified reads --------------------------------------------------------------------


class ProofError(LightClientError):
    """A state or inclusion proof that does not prove what the node claims (base)."""

    code = "proof_invalid"


class MalformedProof(ProofError):
    """A proof that is not a canonical encoding (truncated, trailing bytes, bad flag)."""

    code = "malformed_proof"


class StateProofInvalid(ProofError):
    """A state proof that does not lead to the verified header's state root."""

    code = "state_proof_invalid"


class ProofForOtherKey(ProofError):
    """The node answered with, or proved, another key than the one asked for."""

    code = "proof_for_other_key"


class FalseAbsence(ProofError):
    """The node claims a record is absent but its proof ends on that record's own leaf."""

    code = "false_absence"


class AnswerHeightMismatch(ProofError):
    """The node answered for another height than the verified header asked about."""

    code = "answer_height_mismatch"


class TxProofInvalid(ProofError):
    """A transaction's inclusion proof does not lead to its block's verified transactions root."""

    code = "tx_proof_invalid"


class TxMismatch(ProofError):
    """The transaction served is not the one asked for (its id differs)."""

    code = "tx_mismatch"


class RecordNotFound(LightClientError):
    """The record is proven absent at a verified height (a verified answer, not a failure of the node)."""

    code = "record_not_found"
    http_status = 404


class AccountNotFound(RecordNotFound):
    """The account is proven absent at a verified height."""

    code = "account_not_found"


class TxNotCommitted(LightClientError):
    """The node knows no committed transaction with that id (pending or unknown)."""

    code = "tx_not_committed"
    http_status = 404


class UnknownRecordType(LightClientError):
    """A key under no record prefix the registry knows."""

    code = "unknown_record_type"


# --- full sync -------------------------------------------------------------------------


class SyncError(DepotError):
    """Full sync could not go on (base)."""

    code = "sync_error"


class BadBlockFromPeer(SyncError):
    """A peer served a block that fails re-execution or its commit check."""

    code = "bad_block_from_peer"


class BlocksWithheld(SyncError):
    """A peer answered a range without the blocks it claims to have, or out of order."""

    code = "blocks_withheld"


class GenesisUnavailable(SyncError):
    """The node's home has no genesis document and none could be obtained and checked."""

    code = "genesis_unavailable"
