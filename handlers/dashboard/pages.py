"""The needs pages: the list (filters, sort, pages of 50), a status change with its note (the chat's own command,
so the author gets the same DM), the CSV of what is shown, and the charts. Network coordinators see every room's
needs; a room's moderators the needs filed in their rooms."""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from aiohttp import web

from handlers.dashboard import actions
from handlers.dashboard.auth import Viewer
from handlers.dashboard.charts import bar_chart
from handlers.dashboard.flash import flash, take_flash
from handlers.dashboard.views import render, services_of, viewer
from handlers.needs import feature as needs_feature
from handlers.needs.api import Browse, NeedInfo
from handlers.needs.models import STATUSES
from handlers.network import feature as network_feature
from handlers.network.service import Target
from handlers.shared.sheets import to_csv

log = logging.getLogger(__name__)
PAGE = 50
SORTS = {"newest": "Newest first", "oldest": "Oldest first", "supported": "Most supported"}
STATUS_CHOICES = ("open", "all", *STATUSES)


async def parse_query(request: web.Request, who: Viewer) -> tuple[Browse, dict[str, str]]:
    """The filters from the address, each checked against what exists: anything else is ignored."""
    q = request.query
    needs = needs_feature.service_of(services_of(request))
    chosen = {k: q.get(k, "") for k in ("status", "category", "room", "ncc", "group", "since", "q", "sort", "page")}
    status = chosen["status"] if chosen["status"] in STATUS_CHOICES else "open"
    category = chosen["category"] if chosen["category"] in needs.categories.by_id else None
    rooms: frozenset[str] | None = None if who.network else who.rooms
    if chosen["room"] and who.may_see_room(chosen["room"]):
        rooms = frozenset({chosen["room"]})
    reached = await network_rooms(request, chosen["ncc"], chosen["group"])
    if reached is not None:  # the rooms of an NCC or a group, within the viewer's own
        rooms = frozenset(r for r in reached if who.may_see_room(r) and (rooms is None or r in rooms))
    since = None
    try:
        since = datetime.combine(date.fromisoformat(chosen["since"]), time(0), UTC) if chosen["since"] else None
    except ValueError:
        chosen["since"] = ""
    page = int(chosen["page"]) if chosen["page"].isdigit() and 0 < int(chosen["page"]) < 100_000 else 1
    sort = chosen["sort"] if chosen["sort"] in SORTS else "newest"
    words = " ".join(chosen["q"].split())[:100]
    browse = Browse(rooms, status, category, since, words, sort, (page - 1) * PAGE, PAGE)
    return browse, {**chosen, "status": status, "sort": sort, "q": words, "page": str(page)}


async def network_rooms(request: web.Request, ncc: str, group: str) -> list[str] | None:
    network = network_feature.optional_service(services_of(request))
    if network is None or not (ncc or group):
        return None
    target = Target("ncc", ncc) if ncc else Target("group", group)
    return [services_of(request).settings.current_room_id(r) for r in await network.rooms_of(target)]


async def network_choices(request: web.Request) -> tuple[list[str], list[str]]:
    """The NCC and group names to filter by (none without the network feature)."""
    network = network_feature.optional_service(services_of(request))
    if network is None:
        return [], []
    nccs = [n.name for n in await network.nccs_of(Target("network"))]
    groups = sorted({g for names in (await network.groups_of_nccs()).values() for g in names})
    return nccs, groups


def room_label(request: web.Request, room_id: str) -> str:
    rooms = services_of(request).rooms
    return "direct message" if rooms.is_direct(room_id) else rooms.display_name(room_id)


def row_of(request: web.Request, need: NeedInfo) -> dict[str, Any]:
    categories = needs_feature.service_of(services_of(request)).categories.by_id
    category = categories[need.category].name("en") if need.category in categories else need.category
    return {
        "id": need.id, "created": need.created_at.strftime("%Y-%m-%d"), "status": need.status, "category": category,
        "text": need.text, "room": room_label(request, need.room_id), "supporters": need.supporters,
        "country": need.country or "", "note": need.status_note or "", "source": need.source or "",
    }  # fmt: skip


async def needs_page(request: web.Request) -> web.StreamResponse:
    who = viewer(request)
    browse, chosen = await parse_query(request, who)
    needs = needs_feature.service_of(services_of(request))
    found, total = await needs.browse(browse)
    nccs, groups = await network_choices(request)
    rooms = sorted(
        ((r, services_of(request).rooms.display_name(r)) for r in viewer_rooms(request, who)), key=lambda p: p[1]
    )
    pages = max(1, -(-total // PAGE))
    categories = [(c.id, c.name("en")) for c in needs.categories.categories]
    return render(
        request, "needs.html", title="Needs", needs=[row_of(request, n) for n in found], total=total,
        chosen=chosen, pages=pages, rooms=rooms, nccs=nccs, groups=groups, categories=categories,
        statuses=STATUS_CHOICES, sorts=SORTS, settable=STATUSES[:-1], message=take_flash(request),
        query=request.query_string, submission=secrets.token_urlsafe(12),
    )  # fmt: skip


def viewer_rooms(request: web.Request, who: Viewer) -> list[str]:
    rooms = services_of(request).rooms
    return [r for r in rooms.room_ids() if not rooms.is_direct(r)] if who.network else sorted(who.rooms)


async def needs_csv(request: web.Request) -> web.StreamResponse:
    who = viewer(request)
    browse, _ = await parse_query(request, who)
    needs = needs_feature.service_of(services_of(request))
    found, _ = await needs.browse(replace(browse, offset=0, limit=100_000))
    header = ("id", "created", "status", "category", "text", "room", "supporters", "country", "note", "source")
    data = to_csv(header, ([row_of(request, n)[k] for k in header] for n in found))
    log.info("dashboard export", extra={"user_id": who.user_id, "rows": len(found)})
    stamp = services_of(request).now().strftime("%Y%m%d")
    return web.Response(body=data, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="ncc-needs-{stamp}.csv"'})  # fmt: skip


async def set_status(request: web.Request) -> web.StreamResponse:
    """`!need status <id> <status> <note>`, as the viewer, in the need's own room (so their authority there
    decides, exactly as in the chat)."""
    who, services = viewer(request), services_of(request)
    form = await request.post()
    need_id = request.match_info["id"]
    status, note = str(form.get("status", "")), " ".join(str(form.get("note", "")).split())[:500]
    need = await needs_feature.service_of(services).need(int(need_id)) if need_id.isdigit() else None
    if need is None or not who.may_see_room(need.room_id) or status not in STATUSES:
        return render(request, "message.html", 404, title="Not found", text="There is no such need that you manage.")
    submission = str(form.get("submission", "")) or secrets.token_urlsafe(12)
    outcome = await actions.run_as(services, who.user_id, "need status", f"{need.id} {status} {note}".strip(),
                                   room_id=need.room_id, submission=f"status-{submission}")  # fmt: skip
    log.info("dashboard change", extra={"user_id": who.user_id, "action": "need status", "need_id": need.id,
                                        "status": status, "ok": outcome.ok})  # fmt: skip
    flash(request, outcome.messages)
    back = str(form.get("back", ""))
    raise web.HTTPSeeOther("/needs" + (f"?{back}" if back and "\n" not in back else ""))


async def charts_page(request: web.Request) -> web.StreamResponse:
    who, services = viewer(request), services_of(request)
    needs = needs_feature.service_of(services)
    by_category, by_month = await needs.tallies(None if who.network else who.rooms)
    names = {c.id: c.name("en") for c in needs.categories.categories}
    legend = ["open", "in-progress", "addressed", "declined", "withdrawn", "merged"]
    totals = Counter[str]()
    for (category, _status), count in by_category.items():
        totals[category] += count
    rows = [(names.get(c, c), [by_category[(c, s)] for s in legend]) for c, _ in totals.most_common()]
    months = [(month, [count]) for month, count in sorted(by_month.items())[-18:]]
    charts = [
        ("Needs by category and status", bar_chart("Needs by category and status", rows, legend)),
        ("Needs filed per month", bar_chart("Needs filed per month", months)),
    ]
    return render(request, "charts.html", title="Charts", charts=charts, total=sum(totals.values()))


ROUTES = (
    ("GET", "/needs", needs_page),
    ("GET", "/needs.csv", needs_csv),
    ("POST", "/needs/{id}/status", set_status),
    ("GET", "/charts", charts_page),
)
