"""The dashboard's web server (aiohttp, already in the tree through matrix-nio), run by the bot process: security
headers on every answer, the session read from its cookie and the viewer's authority asked afresh on each request,
CSRF tokens on every form, sign-in rate-limited per client address, templates that escape everything."""

from __future__ import annotations

import logging
import secrets
import time
from collections import deque
from pathlib import Path

import jinja2
from aiohttp import web

from bot.context import Services
from handlers.dashboard import pages, pages_more
from handlers.dashboard.auth import end_session, link_user, open_session, redeem, session_of, viewer_of
from handlers.dashboard.config import DashboardConfig
from handlers.dashboard.views import (
    CONFIG,
    COOKIE,
    CSRF,
    HEADERS,
    LIMITER,
    SERVICES,
    SESSION,
    TEMPLATES,
    VIEWER,
    Handler,
    render,
)

log = logging.getLogger(__name__)
HERE = Path(__file__).parent


class SignInLimiter:
    """At most `per_minute` sign-in attempts per client address (links are 256-bit, but tries cost nothing)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        window = self._seen.setdefault(client, deque())
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        if len(self._seen) > 10_000:  # forget the quiet ones: bounded memory whatever the traffic
            self._seen = {k: v for k, v in self._seen.items() if v and now - v[-1] <= 60}
        return True


@web.middleware
async def security(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Headers on every answer; the viewer from the session; forms need their session's CSRF token."""
    services = request.app[SERVICES]
    row = await session_of(services, request.cookies.get(COOKIE))
    if row is not None:
        viewer = viewer_of(services, row.user_id)
        if viewer.has_authority:  # lost their power level since: signed out, in effect
            request[VIEWER], request[CSRF], request[SESSION] = viewer, row.csrf, request.cookies[COOKIE]
    if request.method == "POST" and request.path != "/login":
        form = await request.post()
        if VIEWER not in request or not secrets.compare_digest(str(form.get("csrf", "")), request[CSRF]):
            log.warning("dashboard form refused: no session or CSRF token", extra={"path": request.path})
            text = "This form has expired or did not come from the dashboard."
            response: web.StreamResponse = render(request, "message.html", 403, title="Refused", text=text)
        else:
            response = await answer(request, handler)
    else:
        response = await answer(request, handler)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:  # redirects too: they get the headers
        return exc


def signed_in(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        if VIEWER not in request:
            return render(request, "signin.html", 401, title="Sign in")
        return await handler(request)

    return wrapped


async def home(request: web.Request) -> web.StreamResponse:
    if VIEWER in request:
        raise web.HTTPSeeOther("/needs")
    return render(request, "signin.html", title="Sign in")


async def link_page(request: web.Request) -> web.StreamResponse:
    """The link itself changes nothing (link previews open it too): it shows a button that signs in."""
    secret = request.match_info["secret"]
    user_id = await link_user(request.app[SERVICES], secret)
    if user_id is None:
        return render(request, "message.html", 403, title="This link does not work",
                      text="It was used already, it expired, or it is not a sign-in link. Ask the bot for a new one "
                      "with !dashboard in a direct message.")  # fmt: skip
    return render(request, "confirm.html", title="Sign in", user_id=user_id, secret=secret)


async def sign_in(request: web.Request) -> web.StreamResponse:
    services, config = request.app[SERVICES], request.app[CONFIG]
    client = request.remote or "?"
    if not request.app[LIMITER].allow(client):
        log.warning("dashboard sign-in rate-limited", extra={"client": client})
        return render(request, "message.html", 429, title="Too many attempts", text="Wait a minute, then try again.")
    form = await request.post()
    user_id = await redeem(services, str(form.get("secret", "")))
    if user_id is None or not viewer_of(services, user_id).has_authority:
        log.warning("dashboard sign-in refused", extra={"client": client, "user_id": user_id})
        return render(request, "message.html", 403, title="Sign-in refused",
                      text="This link was used already, expired, or is not for someone with authority.")  # fmt: skip
    cookie = await open_session(services, user_id, config.session_hours)
    log.info("dashboard sign-in", extra={"user_id": user_id, "client": client})
    response = web.HTTPSeeOther("/needs")
    response.set_cookie(COOKIE, cookie, max_age=config.session_hours * 3600, httponly=True, samesite="Strict",
                        secure=config.secure_cookie, path="/")  # fmt: skip
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    await end_session(request.app[SERVICES], request[SESSION])
    log.info("dashboard sign-out", extra={"user_id": request[VIEWER].user_id})
    response = web.HTTPSeeOther("/")
    response.del_cookie(COOKIE, path="/")
    return response


def build_app(services: Services, config: DashboardConfig) -> web.Application:
    app = web.Application(middlewares=[security], client_max_size=256 * 1024)
    app[SERVICES], app[CONFIG], app[LIMITER] = services, config, SignInLimiter(config.sign_ins_per_minute)
    app[TEMPLATES] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    app.router.add_get("/", home)
    app.router.add_get("/login/{secret}", link_page)
    app.router.add_post("/login", sign_in)
    app.router.add_post("/logout", signed_in(sign_out))
    app.router.add_static("/static", HERE / "static", append_version=True)
    for method, path, handler in (*pages.ROUTES, *pages_more.ROUTES):
        app.router.add_route(method, path, signed_in(handler))
    return app
