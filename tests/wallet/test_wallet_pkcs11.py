"""PKCS#11 tokens on SoftHSM2: keys that never leave the token, and every token failure told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from node.core.crypto import Scheme
from tests.wallet.hsm import SoftHsm
from wallet.errors import (
    MechanismUnavailable,
    PinLocked,
    Pkcs11ModuleError,
    TokenKeyExists,
    TokenKeyNotFound,
    TokenNotFound,
    TokenRemoved,
    WrongPin,
)
from wallet.keystore import Wallet
from wallet.signers import Pkcs11Token, _map_pkcs11_error


@pytest.mark.parametrize("scheme", [Scheme.ED25519, Scheme.P256], ids=["ed25519", "p256"])
def test_generated_private_key_is_not_extractable(softhsm: SoftHsm, scheme: Scheme):
    import pkcs11
    from pkcs11 import Attribute

    label = softhsm.new_token()
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        token.generate(scheme, b"\x07", "sealed")
        priv = token.private_key_object(b"\x07")
        assert priv[Attribute.EXTRACTABLE] is False
        assert priv[Attribute.SENSITIVE] is True
        assert priv[Attribute.NEVER_EXTRACTABLE] is True
        assert priv[Attribute.ALWAYS_SENSITIVE] is True
        assert priv[Attribute.TOKEN] is True
        with pytest.raises(pkcs11.exceptions.AttributeSensitive):
            priv[Attribute.VALUE]
        # Wrapping it out under a key of our own is refused too.
        from pkcs11 import KeyType, Mechanism

        with pytest.raises(pkcs11.exceptions.PKCS11Error):
            aes = token._session.generate_key(KeyType.AES, 256, store=False, template={Attribute.WRAP: True})
            aes.wrap_key(priv, mechanism=Mechanism.AES_KEY_WRAP_PAD)


def test_wrong_pin_is_told_apart(softhsm: SoftHsm):
    label = softhsm.new_token()
    with pytest.raises(WrongPin) as exc:
        Pkcs11Token(softhsm.module, label, "0000-wrong")
    assert "0000-wrong" not in str(exc.value) and exc.value.code == "wrong_pin"
    # The right PIN still works afterwards.
    Pkcs11Token(softhsm.module, label, softhsm.pin).close()


def test_locked_pin(softhsm: SoftHsm):
    """SoftHSM2 never locks a user PIN (it has no retry counter; CKF_USER_PIN_LOCKED is never set):
    twelve wrong PINs in a row are each just CKR_PIN_INCORRECT.  What a locking token (a smart card,
    a YubiKey) answers, CKR_PIN_LOCKED, is mapped to ``PinLocked`` — checked here on the library's own
    exception class, since no token that runs here can produce it."""
    import pkcs11

    label = softhsm.new_token()
    for _ in range(12):
        with pytest.raises(WrongPin):
            Pkcs11Token(softhsm.module, label, "0000-wrong")
    Pkcs11Token(softhsm.module, label, softhsm.pin).close()  # still not locked: SoftHSM2's behaviour
    err = _map_pkcs11_error(pkcs11.exceptions.PinLocked(), "token 'x'")
    assert isinstance(err, PinLocked) and err.code == "pin_locked"


def test_token_removed_mid_signing_by_library_shutdown(softhsm: SoftHsm):
    import pkcs11

    label = softhsm.new_token()
    token = Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True)
    s = token.generate(Scheme.P256, b"\x01", "k")
    assert len(s.sign(b"before")) == 64
    pkcs11.lib(softhsm.module).finalize()  # what a driver does when the reader disappears
    try:
        with pytest.raises(TokenRemoved) as exc:
            s.sign(b"during")
        assert exc.value.code == "token_removed"
    finally:
        pkcs11.lib(softhsm.module)  # initialises it again for the next tests
    # Plugged back in: a new session signs with the same key.
    with Pkcs11Token(softhsm.module, label, softhsm.pin) as again:
        assert len(again.signer(b"\x01").sign(b"after")) == 64


def test_token_removed_mid_signing_by_deleting_the_token(softhsm: SoftHsm):
    label = softhsm.new_token()
    token = Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True)
    s = token.generate(Scheme.ED25519, b"\x01", "k")
    assert len(s.sign(b"before")) == 64
    softhsm.delete_token(label)
    with pytest.raises(TokenRemoved):
        s.sign(b"during")
    token.close()


def test_missing_token_key_module(softhsm: SoftHsm, tmp_path: Path):
    label = softhsm.new_token()
    with pytest.raises(TokenNotFound):
        Pkcs11Token(softhsm.module, "no-such-token", softhsm.pin)
    with pytest.raises(Pkcs11ModuleError):
        Pkcs11Token(str(tmp_path / "nope.so"), label, softhsm.pin)
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        with pytest.raises(TokenKeyNotFound):
            token.signer(b"\x99")
        token.generate(Scheme.P256, b"\x01", "k")
        with pytest.raises(TokenKeyExists):
            token.generate(Scheme.P256, b"\x01", "k")


def test_a_token_without_eddsa_refuses_ed25519_and_says_to_use_p256(softhsm: SoftHsm):
    """SoftHSM2 offers CKM_EDDSA; a token that does not (many smart cards) is this one with the mechanism
    taken out of the list it reported: Ed25519 is refused with a clear error, P-256 works on it."""
    import pkcs11

    label = softhsm.new_token()
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        assert token.offers_eddsa
        token.mechanisms = frozenset(m for m in token.mechanisms if m != pkcs11.Mechanism.EDDSA)
        assert not token.offers_eddsa
        with pytest.raises(MechanismUnavailable) as exc:
            token.generate(Scheme.ED25519, b"\x01", "ed")
        assert exc.value.code == "mechanism_unavailable" and "P-256" in exc.value.message
        assert len(token.generate(Scheme.P256, b"\x02", "p").sign(b"m")) == 64


def test_two_keys_on_one_token_are_unlocked_together_and_closing_one_keeps_the_other(softhsm: SoftHsm, tmp_path: Path):
    """PKCS#11 logs a process in per token: a second login answers CKR_USER_ALREADY_LOGGED_IN and a logout
    on any session ends them all.  Two signers (and a key listing) on one token share one login, a wrong PIN
    for the second is still refused, and the login ends with the last of them."""
    label = softhsm.new_token()
    w = Wallet(tmp_path / "w")
    w.create_pkcs11_key("a", module=softhsm.module, token_label=label, pin=softhsm.pin, scheme=Scheme.P256)
    w.create_pkcs11_key("b", module=softhsm.module, token_label=label, pin=softhsm.pin, scheme=Scheme.ED25519)
    a = w.signer("a", pin=softhsm.pin)
    b = w.signer("b", pin=softhsm.pin)
    with pytest.raises(WrongPin):
        w.signer("b", pin="0000-wrong")  # the token does not re-check a PIN while logged in; the wallet does
    assert len(a.sign(b"one")) == 64 and len(b.sign(b"two")) == 64
    assert {k.wallet_key for k in w.token_keys(module=softhsm.module, token_label=label, pin=softhsm.pin)} == {"a", "b"}
    a.close()
    assert len(b.sign(b"still logged in")) == 64  # closing a and the listing logged nobody out
    b.close()
    with pytest.raises(WrongPin):  # logged out: the next opening is a real login, checked by the token
        w.signer("a", pin="0000-wrong")
    again = w.signer("a", pin=softhsm.pin)
    assert len(again.sign(b"three")) == 64
    again.close()


def test_wallet_records_token_keys_by_label_and_id(softhsm: SoftHsm, tmp_path: Path):
    label = softhsm.new_token()
    w = Wallet(tmp_path / "w")
    e = w.create_pkcs11_key("clerk-token", module=softhsm.module, token_label=label, pin=softhsm.pin, scheme=Scheme.P256)
    assert e.backend == "pkcs11" and e.pkcs11 is not None and e.pkcs11.token_label == label
    assert w.unlock_plan("clerk-token")[0] == "pin"
    s = w.signer("clerk-token", pin=softhsm.pin)
    assert s.public_key.hex() == e.public_key and len(s.sign(b"m")) == 64
    s.close()
    with pytest.raises(WrongPin):
        w.signer("clerk-token", pin="9999-bad")
    # A second wallet adds the same token key by id.
    w2 = Wallet(tmp_path / "w2")
    e2 = w2.add_pkcs11_key("same", module=softhsm.module, token_label=label, pin=softhsm.pin,
                           key_id=bytes.fromhex(e.pkcs11.key_id))
    assert e2.public_key == e.public_key


def test_listing_the_keys_on_a_token_and_which_the_wallet_has(softhsm: SoftHsm, tmp_path: Path):
    """Label, key id, type and public key of every private key on the token; the wallet's own marked."""
    from pkcs11 import Attribute, KeyType, Mechanism
    from pkcs11.util.ec import encode_named_curve_parameters

    from node.core.crypto import PrivateKey
    from wallet.keystore import list_token_keys

    label = softhsm.new_token()
    seed = bytes(range(32))
    with Pkcs11Token(softhsm.module, label, softhsm.pin, rw=True) as token:
        ed = token.generate(Scheme.ED25519, b"\x01", "clerk ed25519")
        p256 = token.generate(Scheme.P256, b"\x02", "clerk p256")
        token.import_ed25519_seed(seed, b"\x0a\x0b", "imported")
        # Keys the chain cannot use are listed too, as what they are.
        token._session.generate_keypair(KeyType.RSA, 2048, store=True, id=b"\x03", label="an rsa key")
        token._session.generate_keypair(
            KeyType.EC, store=True, id=b"\x04", label="a p384 key", mechanism=Mechanism.EC_KEY_PAIR_GEN,
            public_template={Attribute.EC_PARAMS: encode_named_curve_parameters("1.3.132.0.34")},
        )
    home = tmp_path / "not-yet"
    keys = list_token_keys(module=softhsm.module, token_label=label, pin=softhsm.pin)
    assert not home.exists()  # listing without a wallet writes nothing
    by_id = {k.key_id: k for k in keys}
    assert [k.label for k in keys] == sorted(k.label for k in keys)
    assert set(by_id) == {"01", "02", "0a0b", "03", "04"}
    assert (by_id["01"].label, by_id["01"].key_type, by_id["01"].public_key) == ("clerk ed25519", "ed25519", ed.public_key.hex())
    assert (by_id["02"].key_type, by_id["02"].public_key, by_id["02"].scheme) == ("p256", p256.public_key.hex(), Scheme.P256)
    assert by_id["0a0b"].public_key == PrivateKey.from_secret(Scheme.ED25519, seed).public_key.hex()
    assert (by_id["03"].key_type, by_id["04"].key_type) == ("rsa", "ec")
    assert [k.key_id for k in keys if k.usable] == ["01", "02", "0a0b"]  # sorted by label
    assert not any(k.in_wallet for k in keys)

    w = Wallet(tmp_path / "w")
    w.add_pkcs11_key("mine", module=softhsm.module, token_label=label, pin=softhsm.pin, key_id=b"\x02")
    marked = {k.key_id: k.wallet_key for k in w.token_keys(module=softhsm.module, token_label=label, pin=softhsm.pin)}
    assert marked == {"01": "", "02": "mine", "0a0b": "", "03": "", "04": ""}
    # A key the wallet holds as a key file (the same seed) is recognised by its public key.
    w.import_secret("as-file", PrivateKey.from_secret(Scheme.ED25519, seed), "a file password", strength="interactive")
    marked = {k.key_id: k.wallet_key for k in w.token_keys(module=softhsm.module, token_label=label, pin=softhsm.pin)}
    assert marked["0a0b"] == "as-file"

    with pytest.raises(WrongPin):
        w.token_keys(module=softhsm.module, token_label=label, pin="0000-wrong")
    with pytest.raises(TokenNotFound):
        w.token_keys(module=softhsm.module, token_label="no-such-token", pin=softhsm.pin)
    with pytest.raises(Pkcs11ModuleError):
        w.token_keys(module=str(tmp_path / "nope.so"), token_label=label, pin=softhsm.pin)


def test_an_empty_token_lists_no_keys(softhsm: SoftHsm, tmp_path: Path):
    label = softhsm.new_token()
    assert Wallet(tmp_path / "w").token_keys(module=softhsm.module, token_label=label, pin=softhsm.pin) == []
