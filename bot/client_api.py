"""The client-server API calls matrix-nio has no method for (cross-signing uploads, joins via a server, room
state): one authenticated request, its status and JSON body. Network errors are the caller's to handle."""

from __future__ import annotations

import json
from typing import Any

from bot.matrix import MatrixConnection

API = "/_matrix/client/v3"


async def client_api(
    matrix: MatrixConnection, method: str, path: str, body: dict[str, Any] | None = None
) -> tuple[int, dict[str, Any]]:
    """`path` under /_matrix/client/v3 (query string included); a non-JSON answer reads as {}."""
    client = matrix.client
    headers = {"Authorization": f"Bearer {client.access_token}", "Content-Type": "application/json"}
    data = json.dumps(body) if body is not None else None
    response = await client.send(method, API + path, data, headers=headers)
    try:
        answer = await response.json(content_type=None)
    except ValueError:
        answer = {}
    return response.status, answer if isinstance(answer, dict) else {}
