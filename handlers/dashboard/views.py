"""What every page shares: the app's keys, the security headers, and rendering a template for the viewer."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import jinja2
from aiohttp import web

from bot.context import Services
from handlers.dashboard.auth import Viewer
from handlers.dashboard.config import DashboardConfig

COOKIE = "ncc_dashboard"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",  # a sign-in link in a URL never leaves in a Referer
    "Cache-Control": "no-store",
}
SERVICES: web.AppKey[Services] = web.AppKey("services", Services)
CONFIG: web.AppKey[DashboardConfig] = web.AppKey("config", DashboardConfig)
TEMPLATES: web.AppKey[jinja2.Environment] = web.AppKey("templates", jinja2.Environment)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# what the security middleware found for this request: the viewer, their session's CSRF token and cookie
VIEWER: web.RequestKey[Viewer] = web.RequestKey("viewer", Viewer)
CSRF: web.RequestKey[str] = web.RequestKey("csrf", str)
SESSION: web.RequestKey[str] = web.RequestKey("session", str)
LIMITER: web.AppKey[Any] = web.AppKey("limiter", object)


def render(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    env = request.app[TEMPLATES]
    viewer: Viewer | None = request.get(VIEWER)
    page = env.get_template(template).render(
        viewer=viewer, csrf=request.get(CSRF, ""), nonce=secrets.token_urlsafe(12), path=request.path, **values
    )
    return web.Response(text=page, status=status, content_type="text/html", charset="utf-8")


def viewer(request: web.Request) -> Viewer:
    return request[VIEWER]


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]
