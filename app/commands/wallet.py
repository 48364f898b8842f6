"""``depot wallet`` subcommands: keys (file, PKCS#11, watch-only), backups, building, co-signing, the decoded view.

Every command with ``--json`` prints one JSON object; errors print
``{"error": {"code", "message"}}`` and exit non-zero (``app.cli.main``).
Passwords and PINs come from files (``--password-file``, ``--pin-file``) or,
on a terminal, from a prompt; never from the command line, where other users
of the machine could read them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from node.core.errors import DepotError

DEFAULT_PKCS11_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/local/lib/libykcs11.dylib",
)


def default_home() -> Path:
    env = os.environ.get("DEPOT_WALLET_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("Depot", appauthor=False)) / "wallet"


def _out(args: argparse.Namespace, data: dict[str, Any], human: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data), flush=True)
    else:
        print(human, flush=True)


def _read_secret_file(path: str, what: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise DepotError(f"cannot read the {what} file {path}: {exc.strerror}") from None


def _secret(args: argparse.Namespace, attr: str, what: str, *, reason: str = "", confirm: bool = False) -> str:
    path = getattr(args, attr, None)
    if path:
        return _read_secret_file(path, what)
    if sys.stdin.isatty():
        if reason:
            print(reason, file=sys.stderr)
        first = getpass.getpass(f"{what}: ")
        if confirm and getpass.getpass(f"{what} again: ") != first:
            raise DepotError(f"the two {what}s differ")
        return first
    from wallet.errors import PasswordRequired

    raise PasswordRequired(
        f"a {what} is needed: pass --{attr.replace('_', '-')}" + (f" ({reason})" if reason else ""),
        reason=reason or "no terminal to ask on",
        key=getattr(args, "key", "") or "",
    )


def _wallet(args: argparse.Namespace) -> Any:
    from wallet.keystore import Wallet

    return Wallet(Path(args.home) if args.home else default_home())


def _module(args: argparse.Namespace) -> str:
    if args.pkcs11_module:
        return str(args.pkcs11_module)
    env = os.environ.get("DEPOT_PKCS11_MODULE")
    if env:
        return env
    for m in DEFAULT_PKCS11_MODULES:
        if Path(m).exists():
            return m
    raise DepotError("no PKCS#11 module found: pass --pkcs11-module PATH (SoftHSM2, OpenSC, YKCS11)")


def _entry_json(e: Any) -> dict[str, Any]:
    d = {k: v for k, v in e.to_json().items() if k != "file"}
    return d


def _signer(args: argparse.Namespace, wallet: Any, name: str) -> Any:
    """Unlock key ``name``: keyring if remembered, else password (saying why), or the token PIN."""
    from wallet.errors import PasswordRequired

    entry = wallet.entry(name)
    if entry.backend == "pkcs11":
        return wallet.signer(name, pin=_secret(args, "pin_file", "token PIN"))
    if getattr(args, "password_file", None):
        return wallet.signer(name, password=_read_secret_file(args.password_file, "password"))
    try:
        return wallet.signer(name)
    except PasswordRequired as exc:
        return wallet.signer(name, password=_secret(args, "password_file", "key password", reason=exc.reason))


# --- commands --------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from wallet.keystore import scheme_from_name

    w = _wallet(args)
    scheme = scheme_from_name(args.scheme)
    if args.backend == "pkcs11":
        e = w.create_pkcs11_key(
            args.name,
            module=_module(args),
            token_label=args.token_label,
            pin=_secret(args, "pin_file", "token PIN"),
            scheme=scheme,
            key_id=bytes.fromhex(args.key_id) if args.key_id else None,
            label=args.label,
        )
    else:
        password = _secret(args, "password_file", "new key password", confirm=True)
        e = w.create_file_key(args.name, password, scheme=scheme, strength=args.strength, label=args.label)
        if args.remember:
            w.remember(args.name, password)
            e = w.entry(args.name)
    _out(args, {"key": _entry_json(e)}, f"created {e.backend} key {e.name}: {e.address}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    w = _wallet(args)
    items = []
    lines = []
    for e in w.entries():
        plan, why = w.unlock_plan(e.name)
        items.append({**_entry_json(e), "unlock": plan, "unlock_reason": why})
        state = " (retired)" if e.retired_ms else ""
        lines.append(f"{e.name:<20} {e.backend:<7} {e.scheme or '-':<8} {e.address}{state}  unlock: {plan}")
    _out(args, {"keys": items, "home": str(w.home)}, "\n".join(lines) or "no keys")
    return 0


def cmd_token_keys(args: argparse.Namespace) -> int:
    """The private keys on a PKCS#11 token; with an existing wallet, which of them it holds (nothing is written)."""
    from node.core.address import address_of_key, format_address
    from wallet.keystore import list_token_keys

    if not args.token_label:
        raise DepotError("say which token: --token-label LABEL")
    home = Path(args.home) if args.home else default_home()
    wallet = _wallet(args) if (home / "wallet.json").exists() else None
    module = _module(args)
    keys = list_token_keys(
        module=module, token_label=args.token_label, pin=_secret(args, "pin_file", "token PIN"), wallet=wallet
    )
    items = []
    lines = [f"{'label':<20} {'key id':<18} {'type':<8} {'in the wallet as':<18} address"]
    for k in keys:
        address = ""
        if k.usable and k.scheme is not None:
            address = format_address(address_of_key(int(k.scheme), bytes.fromhex(k.public_key)))
        items.append(
            {
                "label": k.label,
                "key_id": k.key_id,
                "key_type": k.key_type,
                "public_key": k.public_key,
                "address": address,
                "usable": k.usable,
                "wallet_key": k.wallet_key,
            }
        )
        note = "" if k.usable else "  (cannot sign for the chain)"
        lines.append(f"{k.label or '-':<20} {k.key_id or '-':<18} {k.key_type:<8} {k.wallet_key or '-':<18} {address or '-'}{note}")
    human = "\n".join(lines) if keys else f"no private keys on token {args.token_label!r}"
    _out(args, {"module": module, "token_label": args.token_label, "keys": items}, human)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from node.core.crypto import PrivateKey
    from wallet.keystore import scheme_from_name

    w = _wallet(args)
    if args.backup:
        names = w.import_backup(Path(args.backup), _secret(args, "backup_password_file", "backup password"))
        _out(args, {"imported": names}, f"imported {len(names)} keys: {', '.join(names)}")
        return 0
    if not args.name:
        raise DepotError("--name is required")
    if args.watch:
        e = w.add_watch_only(args.name, args.watch, label=args.label)
    elif args.keyfile:
        e = w.import_keyfile(args.name, Path(args.keyfile), label=args.label)
    elif args.seed_file:
        secret = bytes.fromhex(_read_secret_file(args.seed_file, "seed").strip())
        key = PrivateKey.from_secret(scheme_from_name(args.scheme), secret)
        del secret
        if args.backend == "pkcs11":
            from wallet.signers import Pkcs11Token

            if key.scheme.name != "ED25519":
                raise DepotError("only Ed25519 seeds can be imported into a token")
            kid = bytes.fromhex(args.key_id) if args.key_id else os.urandom(8)
            pin = _secret(args, "pin_file", "token PIN")
            with Pkcs11Token(_module(args), args.token_label, pin, rw=True) as t:
                t.import_ed25519_seed(key.secret, kid, args.label or f"depot {args.name}")
            e = w.add_pkcs11_key(args.name, module=_module(args), token_label=args.token_label, pin=pin, key_id=kid, label=args.label)
        else:
            e = w.import_secret(args.name, key, _secret(args, "password_file", "new key password", confirm=True),
                                strength=args.strength, label=args.label)
    elif args.backend == "pkcs11":
        if not args.key_id:
            raise DepotError("--key-id is required to add an existing token key")
        e = w.add_pkcs11_key(args.name, module=_module(args), token_label=args.token_label,
                             pin=_secret(args, "pin_file", "token PIN"), key_id=bytes.fromhex(args.key_id), label=args.label)
    else:
        raise DepotError("say what to import: --keyfile, --seed-file, --watch, --backup, or --backend pkcs11 --key-id")
    _out(args, {"key": _entry_json(e)}, f"imported {e.backend} key {e.name}: {e.address}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    w = _wallet(args)
    n = w.export_backup(Path(args.out), _secret(args, "backup_password_file", "backup password", confirm=True),
                        strength=args.strength)
    _out(args, {"backup": str(args.out), "keys": n}, f"backup of {n} keys written to {args.out}")
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    w = _wallet(args)
    if args.forget:
        w.forget(args.key)
        _out(args, {"key": args.key, "remember": False}, f"key {args.key} is no longer remembered")
        return 0
    w.remember(args.key, _secret(args, "password_file", "key password"))
    _out(args, {"key": args.key, "remember": True}, f"key {args.key} will unlock from the keyring")
    return 0


def _view(pst: Any, wallet: Any | None, signer: Any | None = None) -> Any:
    from wallet.view import view_body

    known = {e.public_key_bytes: e.name for e in wallet.entries() if e.public_key} if wallet is not None else {}
    return view_body(
        pst.body_bytes,
        address_book=wallet.addressbook if wallet is not None else None,
        expected_tx_id=pst.tx_id,
        signatures=pst.signatures,
        signer=signer,
        signatures_needed=pst.needed(),
        known_keys=known,
    )


def cmd_build(args: argparse.Namespace) -> int:
    from node.client import NodeClient
    from node.core.address import parse_address
    from wallet.builder import build_body
    from wallet.pst import new_pst
    from wallet.submit import sender_context

    w = _wallet(args)
    fields_text = Path(args.fields[1:]).read_text() if args.fields.startswith("@") else args.fields
    try:
        fields = json.loads(fields_text)
    except ValueError as exc:
        raise DepotError(f"--fields is not JSON: {exc}") from None
    sender = parse_address(args.sender) if args.sender else w.address_of(args.key)
    with NodeClient(args.rpc) as c:
        ctx = sender_context(c, sender)
    body = build_body(chain_id=ctx.chain_id, sender=sender, nonce=ctx.nonce, kind=args.kind, fields=fields, ttl_ms=args.ttl_s * 1000)
    pst = new_pst(body, ctx.account, note=args.note)
    view = _view(pst, w)
    pst.save(Path(args.out))
    _out(args, {"out": str(args.out), "tx_id": view.tx_id, "view": view.to_json()}, view.render_text() + f"\nwritten to {args.out}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from wallet.pst import load_pst

    w = _wallet(args) if (args.home or os.environ.get("DEPOT_WALLET_HOME")) else None
    pst = load_pst(Path(args.in_file))
    view = _view(pst, w)
    _out(args, {"view": view.to_json(), "complete": pst.is_complete()}, view.render_text())
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from wallet.pst import add_signature, finalize, load_pst

    w = _wallet(args)
    pst = load_pst(Path(args.in_file))
    signer = _signer(args, w, args.key)
    try:
        view = _view(pst, w, signer)  # refuses altered, unknown or non-canonical bytes before signing
        if args.confirm_fingerprint and args.confirm_fingerprint.replace(" ", "") != view.fingerprint.replace(" ", ""):
            raise DepotError("the digest fingerprint does not match the one you were given: not signing")
        if not args.json:
            print(view.render_text(), file=sys.stderr)
        signed = add_signature(pst, signer)
    finally:
        signer.close()
    signed.save(Path(args.out))
    out: dict[str, Any] = {
        "out": str(args.out),
        "tx_id": view.tx_id,
        "signatures": len(signed.signatures),
        "needed": signed.needed(),
        "complete": signed.is_complete(),
        "view": view.to_json(),
    }
    if args.submit:
        from node.client import NodeClient
        from wallet.submit import submit

        with NodeClient(args.submit) as c:
            out["submitted"] = submit(c, finalize(signed), timeout_s=args.timeout)
        _record_payments(w, signed)
    _out(args, out, f"signed ({len(signed.signatures)} of {signed.needed() or '?'}) -> {args.out}")
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    from node.client import NodeClient
    from wallet.pst import finalize, load_pst
    from wallet.submit import submit

    pst = load_pst(Path(args.in_file))
    with NodeClient(args.rpc) as c:
        result = submit(c, finalize(pst), timeout_s=args.timeout)
    if args.home or os.environ.get("DEPOT_WALLET_HOME"):
        _record_payments(_wallet(args), pst)
    _out(args, result, f"{result['tx_id']} final at height {result['height']}")
    return 0


def _record_payments(w: Any, pst: Any) -> None:
    from node.modules import default_registry

    payload = default_registry().decode_payload(pst.body.kind, pst.body.payload)
    to = getattr(payload, "to", None)
    if to is not None and pst.body.kind == "token.transfer":
        w.addressbook.record_payment(to)


def cmd_rotate(args: argparse.Namespace) -> int:
    """A new key, and an ``account.rotate_key`` transaction signed by the old one (a PST file)."""
    from node.client import NodeClient
    from node.core.address import parse_address
    from wallet.builder import build_body
    from wallet.keystore import scheme_from_name
    from wallet.pst import add_signature, finalize, new_pst
    from wallet.submit import sender_context, submit

    w = _wallet(args)
    old = w.entry(args.key)
    account = parse_address(args.account) if args.account else parse_address(old.address)
    if args.backend == "pkcs11":
        new = w.create_pkcs11_key(args.new_name, module=_module(args), token_label=args.token_label,
                                  pin=_secret(args, "pin_file", "token PIN"), scheme=scheme_from_name(args.scheme), label=args.label)
    else:
        pw = _read_secret_file(args.new_password_file, "new key password") if args.new_password_file else \
            _secret(args, "new_password_file", "new key password", confirm=True)
        new = w.create_file_key(args.new_name, pw, scheme=scheme_from_name(args.scheme), strength=args.strength, label=args.label)
    fields = {"old": {"scheme": old.scheme_enum.value, "public_key": old.public_key},
              "new": {"scheme": new.scheme_enum.value, "public_key": new.public_key}}
    with NodeClient(args.rpc) as c:
        ctx = sender_context(c, account)
        body = build_body(chain_id=ctx.chain_id, sender=account, nonce=ctx.nonce, kind="account.rotate_key", fields=fields)
        pst = new_pst(body, ctx.account, note=f"rotate {old.name} -> {new.name}")
        signer = _signer(args, w, old.name)
        try:
            pst = add_signature(pst, signer)
        finally:
            signer.close()
        pst.save(Path(args.out))
        out: dict[str, Any] = {"new_key": _entry_json(new), "out": str(args.out), "tx_id": pst.tx_id.hex(),
                               "signatures": len(pst.signatures), "needed": pst.needed()}
        if pst.is_complete():
            out["submitted"] = submit(c, finalize(pst), timeout_s=args.timeout)
            w.retire(old.name)
            out["retired"] = old.name
    _out(args, out, f"new key {new.name}; rotation {'submitted' if 'submitted' in out else 'written to ' + str(args.out)}")
    return 0


def cmd_contact(args: argparse.Namespace) -> int:
    w = _wallet(args)
    if args.add:
        c = w.addressbook.add(args.add, args.label or "", args.organisation or "", args.note or "")
        _out(args, {"contact": c.to_json()}, f"added {c.label}: {args.add}")
        return 0
    contacts = [c.to_json() for c in w.addressbook.contacts()]
    _out(args, {"contacts": contacts}, "\n".join(f"{c['label']:<30} {c['organisation']:<20} {c['address']}" for c in contacts) or "no contacts")
    return 0


# --- parser ------------------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", default=None, help="wallet folder (default: $DEPOT_WALLET_HOME or the user data folder)")
    p.add_argument("--json", action="store_true")


def _token_opts(p: argparse.ArgumentParser) -> None:
    p.add_argument("--backend", choices=("file", "pkcs11"), default="file")
    p.add_argument("--pkcs11-module", default=None, help="PKCS#11 library (SoftHSM2, OpenSC, YKCS11); or $DEPOT_PKCS11_MODULE")
    p.add_argument("--token-label", default=None)
    p.add_argument("--pin-file", default=None)
    p.add_argument("--key-id", default=None, help="CKA_ID of the token key, hex")


def register(sub: Any) -> None:
    """Add ``depot wallet ...`` to the top-level subparsers."""
    w = sub.add_parser("wallet", help="keys, backups, building, co-signing and the decoded view of transactions")
    ws = w.add_subparsers(dest="wallet_command", required=True)

    n = ws.add_parser("new", help="create a key (key file, or non-extractable on a PKCS#11 token)")
    _common(n)
    _token_opts(n)
    n.add_argument("--name", required=True)
    n.add_argument("--scheme", default=None, help="ed25519 (default for files) or p256 (default for tokens)")
    n.add_argument("--password-file", default=None)
    n.add_argument("--strength", default="moderate", help="Argon2id strength of the key file")
    n.add_argument("--remember", action="store_true", help="keep a random unlock secret in the OS keyring")
    n.add_argument("--label", default="")
    n.set_defaults(func=lambda a: cmd_new(_default_scheme(a)))

    ls = ws.add_parser("list", help="the wallet's keys and how each unlocks")
    _common(ls)
    ls.set_defaults(func=cmd_list)

    tk = ws.add_parser("token-keys", help="the private keys on a PKCS#11 token and which of them the wallet holds")
    _common(tk)
    tk.add_argument("--pkcs11-module", default=None, help="PKCS#11 library (SoftHSM2, OpenSC, YKCS11); or $DEPOT_PKCS11_MODULE")
    tk.add_argument("--token-label", required=True)
    tk.add_argument("--pin-file", default=None)
    tk.set_defaults(func=cmd_token_keys)

    im = ws.add_parser("import", help="import a key file, a seed, a token key, a watch-only address or a backup")
    _common(im)
    _token_opts(im)
    im.add_argument("--name", default=None)
    im.add_argument("--keyfile", default=None)
    im.add_argument("--seed-file", default=None, help="file holding the 32-byte secret as hex")
    im.add_argument("--scheme", default="ed25519")
    im.add_argument("--watch", default=None, help="an address to follow without a key")
    im.add_argument("--backup", default=None)
    im.add_argument("--backup-password-file", default=None)
    im.add_argument("--password-file", default=None)
    im.add_argument("--strength", default="moderate")
    im.add_argument("--label", default="")
    im.set_defaults(func=cmd_import)

    ex = ws.add_parser("export", help="an encrypted backup of every key and the address book")
    _common(ex)
    ex.add_argument("--out", required=True)
    ex.add_argument("--backup-password-file", default=None)
    ex.add_argument("--strength", default="sensitive")
    ex.set_defaults(func=cmd_export)

    rm = ws.add_parser("remember", help="unlock a key file from the OS keyring (or --forget)")
    _common(rm)
    rm.add_argument("--key", required=True)
    rm.add_argument("--password-file", default=None)
    rm.add_argument("--forget", action="store_true")
    rm.set_defaults(func=cmd_remember)

    ro = ws.add_parser("rotate", help="a new key and the account.rotate_key transaction, signed by the old key")
    _common(ro)
    _token_opts(ro)
    ro.add_argument("--key", required=True, help="the key being replaced")
    ro.add_argument("--new-name", required=True)
    ro.add_argument("--account", default=None, help="the account whose key changes (default: the old key's own)")
    ro.add_argument("--rpc", required=True)
    ro.add_argument("--out", required=True, help="the partially signed rotation (for other signers)")
    ro.add_argument("--scheme", default="ed25519")
    ro.add_argument("--password-file", default=None, help="password of the old key")
    ro.add_argument("--new-password-file", default=None)
    ro.add_argument("--strength", default="moderate")
    ro.add_argument("--label", default="")
    ro.add_argument("--timeout", type=float, default=30.0)
    ro.set_defaults(func=cmd_rotate)

    b = ws.add_parser("build", help="build any transaction kind by name and fields into a partially signed file")
    _common(b)
    b.add_argument("--rpc", required=True)
    b.add_argument("--kind", required=True)
    b.add_argument("--fields", required=True, help="JSON object of the payload fields, or @FILE")
    g = b.add_mutually_exclusive_group(required=True)
    g.add_argument("--key", help="send from this key's own account")
    g.add_argument("--from", dest="sender", help="send from this account (an organisation account)")
    b.add_argument("--out", required=True)
    b.add_argument("--note", default="")
    b.add_argument("--ttl-s", type=int, default=3600)
    b.set_defaults(func=cmd_build)

    s = ws.add_parser("sign", help="show the decoded transaction, sign it, write the file for the next signer")
    _common(s)
    s.add_argument("--in", dest="in_file", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--key", required=True)
    s.add_argument("--password-file", default=None)
    s.add_argument("--pin-file", default=None)
    s.add_argument("--confirm-fingerprint", default=None, help="refuse unless the digest fingerprint is this")
    s.add_argument("--submit", default=None, metavar="RPC", help="submit once enough signatures are on it")
    s.add_argument("--timeout", type=float, default=30.0)
    s.set_defaults(func=cmd_sign)

    sh = ws.add_parser("show-tx", help="the decoded view of a partially signed transaction file")
    _common(sh)
    sh.add_argument("--in", dest="in_file", required=True)
    sh.set_defaults(func=cmd_show)

    su = ws.add_parser("submit", help="submit a fully signed transaction file and wait until final")
    _common(su)
    su.add_argument("--in", dest="in_file", required=True)
    su.add_argument("--rpc", required=True)
    su.add_argument("--timeout", type=float, default=30.0)
    su.set_defaults(func=cmd_submit)

    c = ws.add_parser("contact", help="the address book: list, or --add ADDRESS --label TEXT")
    _common(c)
    c.add_argument("--add", default=None)
    c.add_argument("--label", default=None)
    c.add_argument("--organisation", default=None)
    c.add_argument("--note", default=None)
    c.set_defaults(func=cmd_contact)


def _default_scheme(args: argparse.Namespace) -> argparse.Namespace:
    if args.scheme is None:
        args.scheme = "p256" if args.backend == "pkcs11" else "ed25519"
    return args
