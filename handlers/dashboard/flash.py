"""What a change said, shown once on the next page (Post/Redirect/Get): kept in memory per session, bounded."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from aiohttp import web

from handlers.dashboard.views import SESSION

KEEP = 1000
_messages: OrderedDict[str, tuple[str, ...]] = OrderedDict()


def flash(request: web.Request, messages: Sequence[str]) -> None:
    key = request.get(SESSION)
    if key:
        _messages[key] = tuple(m[:2000] for m in messages)
        while len(_messages) > KEEP:
            _messages.popitem(last=False)


def take_flash(request: web.Request) -> tuple[str, ...]:
    key = request.get(SESSION)
    return _messages.pop(key, ()) if key else ()
