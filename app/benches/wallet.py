"""``depot bench wallet``: key-file unlock time and signatures per second on each signer backend.

The PKCS#11 figures use a throw-away SoftHSM2 token (``--pkcs11-module``, or
``$DEPOT_PKCS11_MODULE``, or SoftHSM2 where Debian installs it) in a temporary
token folder, so the bench never touches a real token.  Signing on a token
includes the wallet's verification of every signature the token returns.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SOFTHSM_MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                   "/usr/local/lib/softhsm/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so")


def _rate(fn: Callable[[bytes], bytes], seconds: float) -> float:
    msg = secrets.token_bytes(80)
    n = 0
    t0 = time.perf_counter()
    while True:
        fn(msg)
        n += 1
        el = time.perf_counter() - t0
        if el >= seconds:
            return n / el


def _unlock_s(home: Path, strength: str, runs: int) -> float:
    from node.core.crypto import PrivateKey
    from node.keyfile import create_keyfile, load_keyfile

    path = home / f"bench-{strength}.json"
    password = secrets.token_urlsafe(16)
    create_keyfile(path, PrivateKey.generate(), password, strength=strength)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        load_keyfile(path, password)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _pkcs11(home: Path, module: str, seconds: float) -> dict[str, Any]:
    tokens = home / "tokens"
    tokens.mkdir()
    conf = home / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    util = shutil.which("softhsm2-util")
    if util is None:
        return {"pkcs11_skipped": "softhsm2-util not found"}
    old_conf = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)  # read by SoftHSM2 when the module initialises
    try:
        pin = secrets.token_hex(4)
        subprocess.run([util, "--init-token", "--free", "--label", "bench", "--so-pin", secrets.token_hex(4), "--pin", pin],
                       check=True, capture_output=True)
        import pkcs11

        pkcs11.lib(module).reinitialize()  # SoftHSM2 reads its token folder when it initialises
        return _pkcs11_rates(module, pin, seconds)
    finally:
        if old_conf is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old_conf
        import pkcs11

        pkcs11.lib(module).reinitialize()


def _pkcs11_rates(module: str, pin: str, seconds: float) -> dict[str, Any]:
    from node.core.crypto import Scheme
    from wallet.signers import Pkcs11Token

    out: dict[str, Any] = {}
    with Pkcs11Token(module, "bench", pin, rw=True) as token:
        p256 = token.generate(Scheme.P256, b"\x01", "bench p256")
        out["sign_per_s_pkcs11_p256"] = round(_rate(p256.sign, seconds), 1)
        if token.offers_eddsa:
            ed = token.generate(Scheme.ED25519, b"\x02", "bench ed25519")
            out["sign_per_s_pkcs11"] = round(_rate(ed.sign, seconds), 1)
            out["pkcs11_scheme"] = "ed25519"
        else:
            out["sign_per_s_pkcs11"] = out["sign_per_s_pkcs11_p256"]
            out["pkcs11_scheme"] = "p256 (the token offers no CKM_EDDSA)"
    return out


def bench_wallet(args: argparse.Namespace) -> dict[str, Any]:
    from node.core import crypto
    from node.core.crypto import PrivateKey, Scheme, signing_message
    from wallet.signers import FileSigner

    seconds = float(args.seconds)
    result: dict[str, Any] = {"bench": "wallet"}
    with tempfile.TemporaryDirectory(prefix="depot-bench-wallet-") as tmp:
        home = Path(tmp)
        result["unlock_moderate_s"] = round(_unlock_s(home, "moderate", args.unlocks), 3)
        result["unlock_interactive_s"] = round(_unlock_s(home, "interactive", args.unlocks), 3)
        if args.sensitive:
            result["unlock_sensitive_s"] = round(_unlock_s(home, "sensitive", 1), 3)
        ed = FileSigner(PrivateKey.generate(Scheme.ED25519))
        p = FileSigner(PrivateKey.generate(Scheme.P256))
        result["sign_per_s_file"] = round(_rate(ed.sign, seconds), 1)
        result["sign_per_s_file_p256"] = round(_rate(p.sign, seconds), 1)
        msg = signing_message(crypto.Domain.TX, "bench", secrets.token_bytes(32))
        sig = ed.sign(msg)
        result["verify_per_s_ed25519"] = round(_rate(lambda _m: crypto.verify(1, ed.public_key, msg, sig) or b"", seconds), 1)
        module = args.pkcs11_module or os.environ.get("DEPOT_PKCS11_MODULE") or os.environ.get("DEPOT_TEST_PKCS11_MODULE")
        module = module or next((m for m in SOFTHSM_MODULES if Path(m).exists()), None)
        if module is None:
            result["sign_per_s_pkcs11"] = None
            result["pkcs11_skipped"] = "no SoftHSM2 module found (--pkcs11-module PATH)"
        else:
            result.update(_pkcs11(home, module, seconds))
            result["pkcs11_module"] = module
    result["cores"] = os.cpu_count()
    return result


def register(benches: Any) -> None:
    """``depot bench wallet``."""
    from app.bench import emit_result

    b = benches.add_parser("wallet", help="key-file unlock time and signatures per second per signer backend")
    b.add_argument("--seconds", type=float, default=2.0, help="how long each signing rate is measured")
    b.add_argument("--unlocks", type=int, default=3, help="unlocks timed per strength (the median is reported)")
    b.add_argument("--sensitive", action="store_true", help="also time one SENSITIVE unlock (1 GiB, seconds)")
    b.add_argument("--pkcs11-module", default=None)
    b.add_argument("--json", action="store_true")
    b.set_defaults(func=lambda a: emit_result(a, bench_wallet(a)))
