"""The bot's cross-signing identity: without it, Element marks every encrypted bot message "not verified by its
owner" (a red shield), and clients that exclude insecure devices send it no room keys at all.

matrix-nio has no cross-signing, so this does it over the client API once the device's keys are on the server:
on first start it creates the master, self-signing and user-signing keys, uploads them (user-interactive auth with
the bot's password) and signs its own device with the self-signing key. The private keys stay in the data dir
(`cross-signing.json`, 0600), so a restart keeps the identity, and a new device (a lost crypto store) is signed by
the same identity. Failures are logged and retried at the next start: the bot works on, unsigned.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from bot.client_api import client_api
from bot.config import CoreSettings
from bot.data_dir import write_private
from bot.matrix import MatrixConnection
from bot.signing import CrossSigningKeys, sign_json

log = logging.getLogger(__name__)
KEYS_FILE = "cross-signing.json"


class CrossSigningError(Exception):
    pass


def keys_file(settings: CoreSettings) -> Path:
    return settings.data_dir / KEYS_FILE


def load_keys(settings: CoreSettings) -> CrossSigningKeys | None:
    path = keys_file(settings)
    if not path.exists():
        return None
    return CrossSigningKeys.from_json(json.loads(path.read_text(encoding="utf-8")))


async def ensure_cross_signed(settings: CoreSettings, matrix: MatrixConnection) -> str:
    """Make sure the bot has a cross-signing identity and its device is signed by it; returns what was done."""
    user_id, device_id = matrix.user_id, matrix.client.device_id
    own = await _request(matrix, "POST", "/keys/query", {"device_keys": {user_id: []}})
    server_master = _public_of((own.get("master_keys") or {}).get(user_id))
    keys = load_keys(settings)
    if server_master is None:
        keys = keys or CrossSigningKeys.generate()
        write_private(keys_file(settings), json.dumps(keys.to_json()))  # kept before the upload: never lost
        await _upload_identity(settings, matrix, keys)
        done = "identity created"
    elif keys is None or keys.master.public != server_master:
        log.warning(
            "the bot's cross-signing identity on the server is not the one in the data dir, so this device stays "
            "unsigned: restore cross-signing.json from the backup (see README, 'Cross-signing')",
            extra={"keys_file": str(keys_file(settings))},
        )
        return "identity unknown"
    else:
        done = "identity kept"
    device = ((own.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    if device is None:
        raise CrossSigningError(f"the device {device_id} has no keys on the server yet")
    if keys.self_signing.key_id in (device.get("signatures") or {}).get(user_id, {}):
        return done + ", device already signed"
    signed = sign_json(device, user_id, keys.self_signing)
    result = await _request(matrix, "POST", "/keys/signatures/upload", {user_id: {device_id: signed}})
    if result.get("failures"):
        raise CrossSigningError(f"the server refused the device signature: {result['failures']}")
    return done + ", device signed"


async def _upload_identity(settings: CoreSettings, matrix: MatrixConnection, keys: CrossSigningKeys) -> None:
    body: dict[str, Any] = keys.public_keys(matrix.user_id)
    status, answer = await client_api(matrix, "POST", "/keys/device_signing/upload", body)
    if status == 401 and "session" in answer:  # user-interactive auth: the password, once
        if settings.password is None:
            raise CrossSigningError(
                "creating the cross-signing identity needs the bot's password once (NCC_BOT_PASSWORD), "
                "and only an access token is configured"
            )
        body["auth"] = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": matrix.user_id},
            "password": settings.password.get_secret_value(),
            "session": answer["session"],
        }
        status, answer = await client_api(matrix, "POST", "/keys/device_signing/upload", body)
    if status != 200:
        raise CrossSigningError(f"uploading the cross-signing keys failed: HTTP {status} {answer.get('errcode')}")


def _public_of(key_object: dict[str, Any] | None) -> str | None:
    keys = (key_object or {}).get("keys") or {}
    return next(iter(keys.values()), None) if keys else None


async def _request(matrix: MatrixConnection, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    status, answer = await client_api(matrix, method, path, body)
    if status != 200:
        raise CrossSigningError(f"{path}: HTTP {status} {answer.get('errcode')}")
    return answer
