"""Signed JSON and cross-signing keys, checked against Synapse's own libraries (signedjson, PyNaCl)."""

from __future__ import annotations

import nacl.signing
import signedjson.sign

from bot.signing import CrossSigningKeys, SigningKey, b64decode, sign_json, verify_json

USER = "@ncc-bot:example.org"


def test_signatures_match_signedjson_and_verify() -> None:
    key = SigningKey.generate()
    reference = nacl.signing.SigningKey(key.seed)
    reference.version, reference.alg = key.public, "ed25519"  # type: ignore[attr-defined]
    obj = {"b": [1, 2], "a": "é", "unsigned": {"ignored": True}, "signatures": {"@other:x": {"ed25519:K": "s"}}}
    ours = sign_json(obj, USER, key)
    theirs = signedjson.sign.sign_json({k: v for k, v in obj.items() if k != "unsigned"}, USER, reference)
    assert ours["signatures"] == theirs["signatures"]
    assert "unsigned" not in ours and ours["signatures"]["@other:x"] == {"ed25519:K": "s"}  # others kept
    assert verify_json(ours, USER, key.public)
    tampered = {**ours, "a": "e"}
    assert not verify_json(tampered, USER, key.public)
    assert not verify_json(ours, USER, SigningKey.generate().public)
    assert not verify_json(ours, "@someone:else", key.public)


def test_the_master_key_signs_the_other_two_and_keys_round_trip() -> None:
    keys = CrossSigningKeys.generate()
    body = keys.public_keys(USER)
    master = {"user_id": USER, "usage": ["master"], "keys": {keys.master.key_id: keys.master.public}}
    assert body["master_key"] == master
    for name, usage in (("self_signing_key", "self_signing"), ("user_signing_key", "user_signing")):
        assert body[name]["usage"] == [usage]
        assert verify_json(body[name], USER, keys.master.public)
    again = CrossSigningKeys.from_json(keys.to_json())
    assert again == keys and len(b64decode(keys.to_json()["master"])) == 32
