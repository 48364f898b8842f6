"""Errors of the accounts and settlement-token module."""

from __future__ import annotations

from node.core.errors import DepotError


class AccountsError(DepotError):
    code = "accounts_error"


class UnknownAccount(AccountsError):
    code = "unknown_account"
    http_status = 404


class UnknownOrganisation(AccountsError):
    code = "unknown_organisation"


class DuplicateOrganisation(AccountsError):
    code = "duplicate_organisation"


class DuplicateAccount(AccountsError):
    code = "duplicate_account"


class InsufficientFunds(AccountsError):
    code = "insufficient_funds"


class NotBank(AccountsError):
    """Only an account with the bank role may issue or redeem the settlement token."""

    code = "not_bank"


class MissingRole(AccountsError):
    code = "missing_role"


class UnknownRole(AccountsError):
    code = "unknown_role"


class InvalidTransfer(AccountsError):
    code = "invalid_transfer"


class SupplyOverflow(AccountsError):
    code = "supply_overflow"


class InvalidAccountSpec(AccountsError):
    """An account definition whose keys, threshold or address do not fit together."""

    code = "invalid_account"


class UnknownKey(AccountsError):
    """A key named as one of an account's signers is not among its keys."""

    code = "unknown_key"


class AccountInactive(AccountsError):
    code = "account_inactive"
