"""The wallet against a real devnet, as clerks would use it.

- A P-256 key generated on a PKCS#11 token (SoftHSM2) gets an account through
  governance (the validator operators vote), is funded, and signs a transfer
  the network accepts.
- A 2-of-3 organisation account (threshold 2, 3 from the higher amount) is
  registered by governance.  Three clerks, each with their own wallet folder
  ("machine"), pass a partially signed transaction file between them with
  ``depot wallet sign``: one signature is refused by the chain, two are
  enough, above the higher amount three are needed.  A key rotated out by
  ``account.rotate_key`` no longer signs.  The same account also approves a
  payment on chain (``approval.propose`` / ``approval.sign``).
- ``depot wallet show-tx`` refuses a file whose bytes were altered.

Four validators when ``depot devnet --validators 4`` runs here, else one (the
test prints which).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

import pytest

from node.client import NodeApiError, NodeClient
from node.core.address import address_of_group, format_address, parse_address
from node.core.crypto import P256_HALF_N, Scheme
from node.core.encoding import encode
from node.core.types import Address
from node.modules.approvals.records import ApprovalStatus, approval_key
from tests.kit import DevnetProcess, depot
from tests.wallet.hsm import SoftHsm, softhsm  # noqa: F401 - session fixture
from wallet.builder import build_body
from wallet.keystore import Wallet
from wallet.pst import load_pst
from wallet.signers import Signer, sign_transaction
from wallet.submit import sender_context, submit

pytestmark = pytest.mark.e2e

OPERATORS = ("core_enterprise", "bank", "warehouse_manager", "logistics")
HIGH = 50_000_00  # 50,000.00


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory):
    wanted = int(os.environ.get("DEPOT_WALLET_E2E_VALIDATORS", "4"))
    home = tmp_path_factory.mktemp("walletnet") / "net"
    try:
        n = DevnetProcess(home, validators=wanted)
    except RuntimeError as exc:
        if wanted == 1:
            raise
        print(f"depot devnet --validators {wanted} did not start here ({str(exc)[-300:]}); using 1 validator")
        home = tmp_path_factory.mktemp("walletnet1") / "net"
        wanted = 1
        n = DevnetProcess(home, validators=1)
    n.validators = wanted  # type: ignore[attr-defined]
    print(f"wallet e2e on a devnet of {wanted} validator(s)")
    yield n
    assert n.stop() == 0


class Clerk:
    """A person with a wallet folder of their own (one machine each)."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.home = root / f"wallet-{name}"
        self.wallet = Wallet(self.home)
        self.password = f"pw-{name}-{secrets.token_hex(4)}"
        self.password_file = root / f"{name}.pw"
        self.password_file.write_text(self.password)

    def file_key(self, key_name: str) -> Signer:
        self.wallet.create_file_key(key_name, self.password, strength="interactive")
        return self.wallet.signer(key_name, password=self.password)


def demo_signer(net: DevnetProcess, root: Path, who: str) -> tuple[Signer, Address]:
    acct = net.account(who)
    w = Wallet(root / f"demo-{who}")
    if not any(e.name == who for e in w.entries()):
        w.import_keyfile(who, Path(acct["keystore"]))
    return w.signer(who, password=acct["password"]), parse_address(acct["address"])


def send(c: NodeClient, sender: Address, signers: list[Signer], kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    ctx = sender_context(c, sender)
    body = build_body(chain_id=ctx.chain_id, sender=sender, nonce=ctx.nonce, kind=kind, fields=fields)
    return submit(c, sign_transaction(body, signers), timeout_s=60)


def govern(net: DevnetProcess, root: Path, c: NodeClient, action: str, fields: dict[str, Any]) -> None:
    """A proposal by the core enterprise's operator, then votes by the other operators until it passes."""
    proposer, paddr = demo_signer(net, root, "core_enterprise")
    status = c.status()
    deadline = status["time"] + 600_000 if isinstance(status.get("time"), int) else int(time.time() * 1000) + 600_000
    out = send(c, paddr, [proposer], "gov.propose",
               {"title": f"{action} for the wallet test", "deadline_ms": deadline, "action": {"kind": action, "fields": fields}})
    pid = next(e["attrs"]["proposal_id"] for e in out["events"] if e["kind"] == "gov.proposed")
    for voter in OPERATORS[1 : getattr(net, "validators", 1)]:
        if any(e["kind"] in ("gov.passed", "gov.failed") for e in out["events"]):
            break
        s, a = demo_signer(net, root, voter)
        out = send(c, a, [s], "gov.vote", {"proposal_id": pid, "approve": True})
    kinds = [e["kind"] for e in out["events"]]
    assert "gov.passed" in kinds, out["events"]


def register(net: DevnetProcess, root: Path, c: NodeClient, address: Address, name: str, keys: list[Signer],
             threshold: int = 1, high_threshold: int = 0, high_amount: int = 0) -> None:
    govern(net, root, c, "account.register", {
        "address": format_address(address), "org_id": "northmill", "name": name, "roles": ["customer"],
        "keys": [{"scheme": int(k.scheme), "public_key": k.public_key.hex()} for k in keys],
        "threshold": threshold, "high_threshold": high_threshold, "high_amount": high_amount,
    })


def fund(net: DevnetProcess, root: Path, c: NodeClient, to: Address, amount: int) -> None:
    s, a = demo_signer(net, root, "customer")
    send(c, a, [s], "token.transfer", {"to": format_address(to), "amount": amount, "memo": "funding"})


def balance(c: NodeClient, address: Address) -> int:
    return int(c.account(str(address))["account"]["balance"])


def cli(*args: str) -> dict[str, Any]:
    r = depot("wallet", *args, "--json", timeout=120)
    lines = r.stdout.strip().splitlines()
    assert lines, r.stderr
    out = json.loads(lines[-1])
    out["_rc"] = r.returncode
    return out


def test_p256_token_key_signs_a_transfer_the_devnet_accepts(net: DevnetProcess, softhsm: SoftHsm, tmp_path: Path):  # noqa: F811
    label = softhsm.new_token()
    w = Wallet(tmp_path / "wallet-token")
    e = w.create_pkcs11_key("clerk-token", module=softhsm.module, token_label=label, pin=softhsm.pin, scheme=Scheme.P256)
    token = w.signer("clerk-token", pin=softhsm.pin)
    address = parse_address(e.address)
    supplier = parse_address(net.account("supplier")["address"])
    with NodeClient(net.rpc) as c:
        register(net, tmp_path, c, address, f"token-clerk-{secrets.token_hex(3)}", [token])
        fund(net, tmp_path, c, address, 10_000_00)
        before = balance(c, supplier)
        out = send(c, address, [token], "token.transfer", {"to": format_address(supplier), "amount": 1_234_56, "memo": "INV-HSM-1"})
        assert balance(c, supplier) == before + 1_234_56
        assert balance(c, address) == 10_000_00 - 1_234_56
        tx = c.tx(out["tx_id"])
    token.close()
    sig = tx["tx"]["signatures"][0]
    assert sig["scheme"] == 2 and sig["public_key"] == e.public_key
    assert int(sig["signature"][64:], 16) <= P256_HALF_N


def test_two_of_three_organisation_account_across_three_wallets(net: DevnetProcess, tmp_path: Path):
    a, b, cc = (Clerk(tmp_path, n) for n in ("alice", "bruno", "chen"))
    ka, kb, kc = a.file_key("a"), b.file_key("b"), cc.file_key("c")
    group_name = f"treasury-{secrets.token_hex(3)}"
    group = address_of_group("northmill", group_name)
    supplier = parse_address(net.account("supplier")["address"])
    rpc = net.rpc
    with NodeClient(rpc) as c:
        register(net, tmp_path, c, group, group_name, [ka, kb, kc], threshold=2, high_threshold=3, high_amount=HIGH)
        fund(net, tmp_path, c, group, 200_000_00)
        # Each clerk knows the organisation account (watch-only) and the supplier (address book).
        for clerk in (a, b, cc):
            clerk.wallet.add_watch_only("treasury", format_address(group))
            clerk.wallet.addressbook.add(supplier, "Acme Fuel receivables", "Acme Fuel Supply")

        # 1. Alice builds a payment of 1,000.00 from the treasury and signs it on her machine.
        built = cli("build", "--home", str(a.home), "--rpc", rpc, "--from", format_address(group), "--kind", "token.transfer",
                    "--fields", json.dumps({"to": format_address(supplier), "amount": 1_000_00, "memo": "INV-7"}),
                    "--out", str(tmp_path / "pay.pst"))
        assert built["_rc"] == 0, built
        assert built["view"]["value_minor"] == 1_000_00 and not built["view"]["warnings"]
        one = cli("sign", "--home", str(a.home), "--in", str(tmp_path / "pay.pst"), "--out", str(tmp_path / "pay-a.pst"),
                  "--key", "a", "--password-file", str(a.password_file))
        assert (one["_rc"], one["signatures"], one["needed"], one["complete"]) == (0, 1, 2, False)
        # One signature is not enough: the wallet will not submit it, and the chain refuses it.
        refused = cli("submit", "--in", str(tmp_path / "pay-a.pst"), "--rpc", rpc)
        assert refused["_rc"] == 1 and refused["error"]["code"] == "not_enough_signatures"
        with pytest.raises(NodeApiError) as exc:
            c.submit_tx(encode(_tx(tmp_path / "pay-a.pst")))
        assert exc.value.code == "unauthorized_signer"
        # 2. The file goes to Bruno's machine: he reads the decoded view, signs, and submits.
        shown = cli("show-tx", "--home", str(b.home), "--in", str(tmp_path / "pay-a.pst"))
        assert shown["_rc"] == 0 and shown["view"]["kind"] == "token.transfer"
        assert "Acme Fuel receivables" in json.dumps(shown["view"]["lines"])
        before = balance(c, supplier)
        two = cli("sign", "--home", str(b.home), "--in", str(tmp_path / "pay-a.pst"), "--out", str(tmp_path / "pay-ab.pst"),
                  "--key", "b", "--password-file", str(b.password_file), "--submit", rpc)
        assert two["_rc"] == 0, two
        assert two["complete"] and two["submitted"]["height"] >= 1
        assert balance(c, supplier) == before + 1_000_00

        # 3. Above the higher amount, two signatures are refused and three are accepted.
        ctx = sender_context(c, group)
        big = build_body(chain_id=ctx.chain_id, sender=group, nonce=ctx.nonce, kind="token.transfer",
                         fields={"to": format_address(supplier), "amount": HIGH, "memo": "INV-8"})
        with pytest.raises(NodeApiError) as exc:
            c.submit_tx(encode(sign_transaction(big, [ka, kb])))
        assert exc.value.code == "unauthorized_signer"
        before = balance(c, supplier)
        submit(c, sign_transaction(big, [ka, kb, kc]), timeout_s=60)
        assert balance(c, supplier) == before + HIGH

        # 4. Altered bytes: a file whose amount was changed after Alice signed is refused.
        doc = json.loads((tmp_path / "pay-a.pst").read_text())
        body = bytearray.fromhex(doc["body"])
        at = body.rfind((1_000_00).to_bytes(8, "big"))
        body[at + 5] ^= 0x10
        (tmp_path / "altered.pst").write_text(json.dumps({**doc, "body": body.hex()}))
        altered = cli("show-tx", "--home", str(b.home), "--in", str(tmp_path / "altered.pst"))
        assert altered["_rc"] == 1 and altered["error"]["code"] == "altered_transaction"

        # 5. Chen rotates his key: a new key, the rotation signed by him, then by Alice and Bruno (3 of 3:
        #    changing signers always needs the higher threshold).
        rot = cli("rotate", "--home", str(cc.home), "--key", "c", "--new-name", "c2", "--account", format_address(group),
                  "--rpc", rpc, "--out", str(tmp_path / "rot-c.pst"), "--password-file", str(cc.password_file),
                  "--new-password-file", str(cc.password_file), "--strength", "interactive")
        assert rot["_rc"] == 0 and (rot["signatures"], rot["needed"]) == (1, 3), rot
        r2 = cli("sign", "--home", str(a.home), "--in", str(tmp_path / "rot-c.pst"), "--out", str(tmp_path / "rot-ca.pst"),
                 "--key", "a", "--password-file", str(a.password_file))
        assert r2["_rc"] == 0
        r3 = cli("sign", "--home", str(b.home), "--in", str(tmp_path / "rot-ca.pst"), "--out", str(tmp_path / "rot-cab.pst"),
                 "--key", "b", "--password-file", str(b.password_file), "--submit", rpc)
        assert r3["_rc"] == 0 and r3["complete"], r3
        keys = {k["public_key"] for k in c.account(str(group))["account"]["keys"]}
        new_c = Wallet(cc.home).signer("c2", password=cc.password)
        assert kc.public_key.hex() not in keys and new_c.public_key.hex() in keys
        # The rotated-out key no longer signs; its replacement does.
        ctx = sender_context(c, group)
        small = build_body(chain_id=ctx.chain_id, sender=group, nonce=ctx.nonce, kind="token.transfer",
                           fields={"to": format_address(supplier), "amount": 10_00, "memo": "INV-9"})
        with pytest.raises(NodeApiError) as exc:
            c.submit_tx(encode(sign_transaction(small, [ka, kc])))
        assert exc.value.code == "unauthorized_signer"
        submit(c, sign_transaction(small, [ka, new_c]), timeout_s=60)


def test_organisation_account_approves_a_payment_on_chain(net: DevnetProcess, tmp_path: Path):
    a, b = Clerk(tmp_path, "ana"), Clerk(tmp_path, "ben")
    ka, kb, kx = a.file_key("a"), b.file_key("b"), a.file_key("spare")
    group_name = f"payables-{secrets.token_hex(3)}"
    group = address_of_group("northmill", group_name)
    supplier = parse_address(net.account("supplier")["address"])
    with NodeClient(net.rpc) as c:
        register(net, tmp_path, c, group, group_name, [ka, kb, kx], threshold=2)
        for k, n in ((ka, "ana"), (kb, "ben")):  # each member acts on chain through their own account
            register(net, tmp_path, c, k.address, f"{n}-{secrets.token_hex(3)}", [k])
        fund(net, tmp_path, c, group, 5_000_00)
        fund(net, tmp_path, c, ka.address, 10_00)
        fund(net, tmp_path, c, kb.address, 10_00)
        status = c.status()
        now = status["time"] if isinstance(status.get("time"), int) else int(time.time() * 1000)
        before = balance(c, supplier)
        out = send(c, ka.address, [ka], "approval.propose", {
            "account": format_address(group), "memo": "INV-55", "deadline_ms": now + 3_600_000,
            "proposal": {"kind": "token.transfer", "fields": {"to": format_address(supplier), "amount": 700_00, "memo": "INV-55"}},
        })
        aid = next(e["attrs"]["approval_id"] for e in out["events"] if e["kind"] == "approval.proposed")
        assert balance(c, supplier) == before  # one approval is not enough
        out = send(c, kb.address, [kb], "approval.sign", {"approval_id": aid})
        assert "approval.executed" in [e["kind"] for e in out["events"]]
        assert balance(c, supplier) == before + 700_00
        rec = c.state(approval_key(aid))
        assert rec["record"]["status"] == int(ApprovalStatus.EXECUTED) and rec["record"]["result_code"] == "ok"


def _tx(path: Path) -> Any:
    pst = load_pst(path)
    from node.core.transactions import Transaction

    return Transaction(pst.body, pst.signatures)


def test_cli_session_with_a_file_key_and_a_token_key_leaves_no_secret_in_the_clear(
    net: DevnetProcess, softhsm: SoftHsm, tmp_path: Path  # noqa: F811
):
    """``depot wallet`` with both backends against the devnet: a seed imported into a key file and another
    into a token (``--backend pkcs11``), a 2-of-2 account built for and co-signed with the password and the
    PIN, the token key rotated to a new P-256 key made on the token, a backup exported.  Then no seed,
    password or PIN is in the clear in the wallet folder, the partially signed files, the backup, the
    CLI's output, SoftHSM2's token folder, or the devnet's databases and logs."""
    from types import SimpleNamespace

    from node.core.crypto import PrivateKey
    from tests.wallet.test_wallet_secret_scan import scan

    inputs, out, home = tmp_path / "inputs", tmp_path / "out", tmp_path / "wallet"
    inputs.mkdir()  # what the person typed or was handed: the only place the secrets may be
    out.mkdir()
    label = softhsm.new_token()
    file_seed, token_seed = secrets.token_bytes(32), secrets.token_bytes(32)
    secret_values: dict[str, bytes | str] = {
        "file key seed": file_seed,
        "token key seed": token_seed,
        "key password": f"clerk password {secrets.token_hex(6)}",
        "backup password": f"backup phrase {secrets.token_hex(6)}",
        "token PIN": softhsm.pin,
    }
    files = {}
    for name, value in (("seed1", file_seed.hex()), ("seed2", token_seed.hex()), ("pw", secret_values["key password"]),
                        ("bpw", secret_values["backup password"]), ("pin", softhsm.pin)):
        files[name] = inputs / name
        files[name].write_text(str(value))
    said: list[str] = []

    def run(*args: str, ok: bool = True) -> dict[str, Any]:
        r = depot("wallet", *args, "--json", timeout=120)
        said.extend([r.stdout, r.stderr])
        result = json.loads(r.stdout.strip().splitlines()[-1])
        assert (r.returncode == 0) is ok, (args, result, r.stderr[-1500:])
        return result

    token = ["--pkcs11-module", softhsm.module, "--token-label", label, "--pin-file", str(files["pin"])]
    h = ["--home", str(home)]
    run("import", *h, "--name", "clerk", "--seed-file", str(files["seed1"]), "--password-file", str(files["pw"]),
        "--strength", "interactive")
    t = run("import", *h, "--name", "tok", "--seed-file", str(files["seed2"]), "--backend", "pkcs11", *token,
            "--key-id", "c0ffee")
    token_public = PrivateKey.from_secret(Scheme.ED25519, token_seed).public_key
    assert t["key"]["backend"] == "pkcs11" and t["key"]["public_key"] == token_public.hex()
    assert t["key"]["pkcs11"]["key_id"] == "c0ffee"
    file_public = PrivateKey.from_secret(Scheme.ED25519, file_seed).public_key
    members = [SimpleNamespace(scheme=Scheme.ED25519, public_key=k) for k in (file_public, token_public)]
    group_name = f"desk-{secrets.token_hex(3)}"
    group = address_of_group("northmill", group_name)
    supplier = parse_address(net.account("supplier")["address"])
    rpc = net.rpc
    with NodeClient(rpc) as c:
        register(net, tmp_path, c, group, group_name, members, threshold=2)  # type: ignore[arg-type]
        fund(net, tmp_path, c, group, 1_000_00)
        before = balance(c, supplier)
        run("build", *h, "--rpc", rpc, "--from", format_address(group), "--kind", "token.transfer",
            "--fields", json.dumps({"to": format_address(supplier), "amount": 12_34, "memo": "INV-CLI"}),
            "--out", str(out / "pay.pst"))
        one = run("sign", *h, "--in", str(out / "pay.pst"), "--out", str(out / "pay-1.pst"), "--key", "clerk",
                  "--password-file", str(files["pw"]))
        assert (one["signatures"], one["needed"], one["complete"]) == (1, 2, False)
        two = run("sign", *h, "--in", str(out / "pay-1.pst"), "--out", str(out / "pay-2.pst"), "--key", "tok",
                  "--pin-file", str(files["pin"]), "--submit", rpc)
        assert two["complete"] and two["submitted"]["height"] >= 1
        assert balance(c, supplier) == before + 12_34

        # The token key is rotated to a new P-256 key made on the same token; the clerk co-signs it.
        rot = run("rotate", *h, "--key", "tok", "--new-name", "tok-p256", "--account", format_address(group),
                  "--rpc", rpc, "--out", str(out / "rot.pst"), "--backend", "pkcs11", "--scheme", "p256", *token)
        assert (rot["signatures"], rot["needed"]) == (1, 2) and rot["new_key"]["scheme"] == "p256"
        done = run("sign", *h, "--in", str(out / "rot.pst"), "--out", str(out / "rot-2.pst"), "--key", "clerk",
                   "--password-file", str(files["pw"]), "--submit", rpc)
        assert done["complete"]
        keys = {k["public_key"] for k in c.account(str(group))["account"]["keys"]}
        assert keys == {file_public.hex(), rot["new_key"]["public_key"]}
        # The rotated-out token key no longer signs for the account; the new one does.
        w = Wallet(home)
        clerk = w.signer("clerk", password=str(secret_values["key password"]))
        old, new = w.signer("tok", pin=softhsm.pin), w.signer("tok-p256", pin=softhsm.pin)
        try:
            ctx = sender_context(c, group)
            body = build_body(chain_id=ctx.chain_id, sender=group, nonce=ctx.nonce, kind="token.transfer",
                              fields={"to": format_address(supplier), "amount": 1_00, "memo": "after rotation"})
            with pytest.raises(NodeApiError) as exc:
                c.submit_tx(encode(sign_transaction(body, [clerk, old])))
            assert exc.value.code == "unauthorized_signer"
            submit(c, sign_transaction(body, [clerk, new]), timeout_s=60)
        finally:
            for s in (clerk, old, new):
                s.close()
    run("export", *h, "--out", str(out / "wallet.backup"), "--backup-password-file", str(files["bpw"]),
        "--strength", "interactive")
    (out / "cli-output.txt").write_text("\n".join(said))

    scanned = [p for p in (*home.rglob("*"), *out.rglob("*"), *net.home.rglob("*"), *softhsm.folder.rglob("*"))
               if p.is_file()]
    scanned.append(net.home.parent / f"{net.home.name}.devnet.log")
    assert any(p.suffix in (".sqlite", ".sqlite3", ".db") or "sqlite" in p.name for p in scanned), "no database scanned"
    assert scan([files["seed1"]], {"seed": file_seed}) == [f"seed in {files['seed1']}"]  # the scanner finds secrets
    assert scan(scanned, secret_values) == []
