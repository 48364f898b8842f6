"""The light client's typed failures as translated sentences, by error code, for the explorer's light mode.

``node.light`` keeps its English messages for logs and the command line; the app never shows them.  Each
stable ``code`` of ``node.light.errors`` (and the light mode's own ``VerificationMismatch`` reasons) maps to
a sentence a clerk can read, in the app's language.  An unknown code still gets a translated sentence
(its English message is only in the log).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

log = logging.getLogger(__name__)

translate = QCoreApplication.translate



def _sentences() -> dict[str, str]:
    # Built on each call: translations follow the language the app runs in.
    return {
        "light_client_error": translate("ExplorerLightErrors", "The light client could not verify the node's answer."),
        # configuration and the root of trust
        "network_not_configured": translate("ExplorerLightErrors", "This network has no pinned genesis hash, so nothing can be verified."),
        "genesis_mismatch": translate("ExplorerLightErrors", "The node's genesis is not the one pinned for this network."),
        "wrong_chain": translate("ExplorerLightErrors", "The node follows another chain than this network."),
        "invalid_trust_level": translate("ExplorerLightErrors", "The network file's trust level is outside 1/3 to 1."),
        "light_bootstrap_failed": translate("ExplorerLightErrors", "The light client could not check the network's genesis."),
        "light_store_error": translate("ExplorerLightErrors", "The light client's data on this computer cannot be opened."),
        # headers and commits
        "invalid_light_block": translate("ExplorerLightErrors", "The node sent a block header that does not verify."),
        "forged_header": translate("ExplorerLightErrors", "The node sent a forged header: the validators' signatures are for another block."),
        "header_hash_link_broken": translate("ExplorerLightErrors", "The node sent a header that does not follow the verified one before it."),
        "validator_set_mismatch": translate("ExplorerLightErrors", "The node sent a validator set that is not the one the header names."),
        "unexpected_validator_set": translate("ExplorerLightErrors", "The header is signed by a validator set the verified chain did not name."),
        "signer_not_in_validator_set": translate("ExplorerLightErrors", "The header carries signatures of validators outside its validator set."),
        "malformed_commit": translate("ExplorerLightErrors", "The header's signatures are malformed."),
        "invalid_commit_signature": translate("ExplorerLightErrors", "A validator's signature on the header does not verify."),
        "insufficient_voting_power": translate("ExplorerLightErrors", "Two thirds or less of the validators signed the header."),
        "not_enough_trust": translate("ExplorerLightErrors", "Too few of the trusted validators signed the header."),
        "header_time_not_monotonic": translate("ExplorerLightErrors", "The header's time is not later than the verified header before it."),
        "header_from_future": translate("ExplorerLightErrors", "The header's time is ahead of this computer's clock."),
        "header_height_mismatch": translate("ExplorerLightErrors", "The node answered with a header of another height."),
        "trusted_header_expired": translate("ExplorerLightErrors", "The last verified header is older than the trusting period."),
        "not_after_trusted": translate("ExplorerLightErrors", "The header is not after the verified one."),
        "header_withheld": translate("ExplorerLightErrors", "The node withholds a header below its own newest block."),
        "provider_error": translate("ExplorerLightErrors", "The node sent a malformed answer."),
        "peer_unavailable": translate("ExplorerLightErrors", "No node of the network answered, or no other node confirmed the header."),
        # forks
        "fork_detected": translate("ExplorerLightErrors", "A fork was detected: two nodes serve different signed blocks. See the Node page."),
        "light_client_halted": translate("ExplorerLightErrors", "The light client is halted by an unacknowledged fork alert. See the Node page."),
        # proofs
        "proof_invalid": translate("ExplorerLightErrors", "The node's proof does not hold."),
        "malformed_proof": translate("ExplorerLightErrors", "The node's proof is malformed."),
        "state_proof_invalid": translate("ExplorerLightErrors", "The node's proof does not lead to the verified block's state root."),
        "proof_for_other_key": translate("ExplorerLightErrors", "The node answered for another record than the one asked for."),
        "false_absence": translate("ExplorerLightErrors", "The node says the record does not exist but cannot prove it."),
        "answer_height_mismatch": translate("ExplorerLightErrors", "The node's proof is for another block than the one asked for."),
        "tx_proof_invalid": translate("ExplorerLightErrors", "The node's inclusion proof does not lead to the block's transactions root."),
        "tx_mismatch": translate("ExplorerLightErrors", "The node answered with another transaction than the one asked for."),
        "record_not_found": translate("ExplorerLightErrors", "There is no such record: its absence is proven."),
        "account_not_found": translate("ExplorerLightErrors", "There is no such account: its absence is proven."),
        "tx_not_committed": translate("ExplorerLightErrors", "The node knows no committed transaction with this id."),
        "unknown_record_type": translate("ExplorerLightErrors", "This record is of a type this version of Depot does not know."),
        # full sync
        "sync_error": translate("ExplorerLightErrors", "The full sync failed."),
        "bad_block_from_peer": translate("ExplorerLightErrors", "A node sent a block that fails verification."),
        "blocks_withheld": translate("ExplorerLightErrors", "A node withheld blocks or sent them out of order."),
        "genesis_unavailable": translate("ExplorerLightErrors", "No trusted genesis is available for this data folder."),
    }


def _mismatches() -> dict[str, str]:
    """``VerificationMismatch`` reasons (``data["reason"]``): the node's API contradicts what was verified."""
    return {
        "malformed_summary": translate("ExplorerLightErrors", "The node sent a malformed block summary."),
        "block_id": translate("ExplorerLightErrors", "The node's API names another block id than the verified header's."),
        "time_or_proposer": translate("ExplorerLightErrors", "The node's API changed the block's time or proposer."),
        "block_for_id": translate("ExplorerLightErrors", "The block the node named for this id has another verified id."),
        "tx_ids_other_block": translate("ExplorerLightErrors", "The node's list of transactions is for another block."),
        "tx_in_other_block": translate("ExplorerLightErrors", "The transaction is proven to be in another block than the one listed."),
        "tx_other_position": translate("ExplorerLightErrors", "The transaction is proven at another position in the block than listed."),
        "tx_list_incomplete": translate(
            "ExplorerLightErrors", "The node's list of this block's transactions is incomplete or out of order: it does not rebuild the verified transactions root."
        ),
    }


def light_failure_text(e: BaseException) -> str:
    """Why ``e`` happened, as a translated sentence (chosen by the error's code, never its English message)."""
    code = str(getattr(e, "code", "") or "")
    if code == "verification_failed":
        data: dict[str, Any] = getattr(e, "data", {}) or {}
        text = _mismatches().get(str(data.get("reason") or ""))
        if text is not None:
            return text
        return translate("ExplorerLightErrors", "What the node's API said differs from what the light client verified.")
    text = _sentences().get(code)
    if text is not None:
        return text
    log.info("light failure without a sentence: %s: %s", code, getattr(e, "message", e))
    return translate("ExplorerLightErrors", "The light client could not verify this ({0}).").format(code or type(e).__name__)


def light_codes() -> frozenset[str]:
    """Every code this module has a sentence for (tests check ``node.light.errors`` has no other)."""
    return frozenset(_sentences())


def mismatch_reasons() -> frozenset[str]:
    return frozenset(_mismatches())
