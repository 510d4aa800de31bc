"""Matrix signed JSON and cross-signing keys: pure functions over Ed25519 (pycryptodome, already under nio) and
canonical JSON (matrix-org's `canonicaljson`), so every step is tested without a homeserver.

A user's cross-signing identity is three Ed25519 keys: the master key, which signs the other two; the self-signing
key, which signs the user's own devices (what tells Element "verified by its owner"); the user-signing key, which
signs other users' master keys. See the spec, "Cross-signing".
"""

from __future__ import annotations

import base64
import copy
from dataclasses import dataclass
from typing import Any

from canonicaljson import encode_canonical_json
from Crypto.PublicKey import ECC
from Crypto.Signature import eddsa

USAGES = ("master", "self_signing", "user_signing")


def unpadded_b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class SigningKey:
    seed: bytes  # the 32-byte private seed

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(ECC.generate(curve="ed25519").seed)

    @property
    def public(self) -> str:
        key = ECC.construct(curve="ed25519", seed=self.seed)
        return unpadded_b64(key.public_key().export_key(format="raw"))

    @property
    def key_id(self) -> str:
        return f"ed25519:{self.public}"

    def sign(self, message: bytes) -> str:
        return unpadded_b64(eddsa.new(ECC.construct(curve="ed25519", seed=self.seed), "rfc8032").sign(message))


def signable(obj: dict[str, Any]) -> bytes:
    """The bytes a signature covers: the object without `signatures` and `unsigned`, as canonical JSON."""
    return encode_canonical_json({k: v for k, v in obj.items() if k not in ("signatures", "unsigned")})


def sign_json(obj: dict[str, Any], user_id: str, key: SigningKey) -> dict[str, Any]:
    """A copy of `obj` with `key`'s signature added under `user_id` (other signatures kept)."""
    signed = copy.deepcopy(obj)
    signed.pop("unsigned", None)
    signed.setdefault("signatures", {}).setdefault(user_id, {})[key.key_id] = key.sign(signable(obj))
    return signed


def verify_json(obj: dict[str, Any], user_id: str, public: str) -> bool:
    """Does `obj` carry a valid signature by the Ed25519 key `public` under `user_id`?"""
    signature = ((obj.get("signatures") or {}).get(user_id) or {}).get(f"ed25519:{public}")
    if not isinstance(signature, str):
        return False
    key = ECC.import_key(b"\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00" + b64decode(public))  # SPKI wrapper
    try:
        eddsa.new(key, "rfc8032").verify(signable(obj), b64decode(signature))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class CrossSigningKeys:
    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @classmethod
    def generate(cls) -> CrossSigningKeys:
        return cls(SigningKey.generate(), SigningKey.generate(), SigningKey.generate())

    def to_json(self) -> dict[str, str]:
        return {usage: unpadded_b64(getattr(self, usage).seed) for usage in USAGES}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> CrossSigningKeys:
        return cls(*(SigningKey(b64decode(data[usage])) for usage in USAGES))

    def public_keys(self, user_id: str) -> dict[str, dict[str, Any]]:
        """The body of `/keys/device_signing/upload` (without `auth`): the master key signs the other two."""
        def key_object(usage: str) -> dict[str, Any]:
            key: SigningKey = getattr(self, usage)
            return {"user_id": user_id, "usage": [usage], "keys": {key.key_id: key.public}}

        return {
            "master_key": key_object("master"),
            "self_signing_key": sign_json(key_object("self_signing"), user_id, self.master),
            "user_signing_key": sign_json(key_object("user_signing"), user_id, self.master),
        }
