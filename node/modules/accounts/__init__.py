"""Accounts, organisations and roles, and the settlement token (issued and redeemed only by a bank)."""

from __future__ import annotations

from node.core.registry import GovernanceAction, Module, RecordType, TxKind
from node.modules.accounts import errors
from node.modules.accounts.genesis import AccountsGenesis, init_genesis
from node.modules.accounts.records import (
    ACCOUNT_PREFIX,
    ORG_PREFIX,
    SUPPLY_KEY,
    Account,
    Organisation,
    TokenSupply,
)
from node.modules.accounts.transitions import (
    SIGNER_CHANGE_VALUE,
    Issue,
    Redeem,
    RegisterAccount,
    RegisterOrganisation,
    RotateKey,
    SetRoles,
    SetSigners,
    Transfer,
    action_register_account,
    action_register_org,
    action_set_roles,
    apply_issue,
    apply_redeem,
    apply_rotate_key,
    apply_set_signers,
    apply_transfer,
    authorize,
)

MODULE = Module(
    name="accounts",
    tx_kinds=(
        TxKind("token.transfer", Transfer, apply_transfer, "Pay settlement tokens to another account", lambda p: int(p.amount),
               commutes=True),
        TxKind("token.issue", Issue, apply_issue, "Issue settlement tokens (bank only)", lambda p: int(p.amount)),
        TxKind("token.redeem", Redeem, apply_redeem, "Redeem settlement tokens (bank only)", lambda p: int(p.amount)),
        TxKind(
            "account.rotate_key", RotateKey, apply_rotate_key,
            "Replace one of this account's signing keys (its assets stay)", lambda _p: SIGNER_CHANGE_VALUE,
        ),
        TxKind(
            "account.set_signers", SetSigners, apply_set_signers,
            "Change who signs for this account and how many signatures it needs", lambda _p: SIGNER_CHANGE_VALUE,
        ),
    ),
    actions=(
        GovernanceAction("org.register", RegisterOrganisation, action_register_org, "Register a member organisation"),
        GovernanceAction("account.register", RegisterAccount, action_register_account, "Register an account with roles"),
        GovernanceAction("account.set_roles", SetRoles, action_set_roles, "Change an account's roles"),
    ),
    records=(
        RecordType(ACCOUNT_PREFIX, Account, "account"),
        RecordType(ORG_PREFIX, Organisation, "organisation"),
        RecordType(SUPPLY_KEY, TokenSupply, "token supply"),
    ),
    errors=(
        errors.UnknownAccount,
        errors.UnknownOrganisation,
        errors.DuplicateOrganisation,
        errors.DuplicateAccount,
        errors.InsufficientFunds,
        errors.NotBank,
        errors.MissingRole,
        errors.UnknownRole,
        errors.InvalidTransfer,
        errors.SupplyOverflow,
        errors.InvalidAccountSpec,
        errors.UnknownKey,
    ),
    genesis_type=AccountsGenesis,
    init_genesis=init_genesis,
    authorizer=authorize,
)
