"""The FAQ page (outcomes per language and month, votes per entry, the unanswered questions clustered, each with
an "add to the FAQ" form that is the chat's own `!faq add`), the events page (upcoming and past, RSVPs,
attendance, calendar files) and participation per NCC. The FAQ and participation are the network coordinators'."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from handlers.dashboard import actions
from handlers.dashboard.charts import bar_chart
from handlers.dashboard.flash import flash, take_flash
from handlers.dashboard.pages import viewer_rooms
from handlers.dashboard.views import render, services_of, viewer
from handlers.events import feature as events_feature
from handlers.events.render import to_ics
from handlers.faq import report
from handlers.network import feature as network_feature
from handlers.network.participation import held_since
from handlers.network.service import Target
from handlers.network.tally import tally

log = logging.getLogger(__name__)
WEB_ROOM = "!dashboard"  # where a command from the browser is "asked": no room's objects, no room's power


def coordinators_only(request: web.Request) -> web.Response | None:
    if not viewer(request).network:
        return render(request, "message.html", 403, title="For network coordinators",
                      text="This page is for the network's coordinators.")  # fmt: skip
    return None


async def faq_page(request: web.Request) -> web.StreamResponse:
    refused = coordinators_only(request)
    if refused is not None:
        return refused
    db = services_of(request).db
    since = services_of(request).now() - timedelta(days=365)
    outcomes = await report.outcomes_by_month(db, since)
    votes = sorted((await report.votes_by_entry(db)).items(), key=lambda kv: -sum(kv[1].values()))[:30]
    clusters = (await report.gap_clusters(db))[:30]
    by_lang: dict[str, list[int]] = {}
    for (_month, lang), counts in outcomes.items():
        totals = by_lang.setdefault(lang, [0, 0, 0])
        for index, key in enumerate(("answer", "ambiguous", "none")):
            totals[index] += counts.get(key, 0)
    chart = bar_chart("Questions per language: answered, did you mean, unknown", sorted(by_lang.items()),
                      ["answered", "did you mean", "unknown"])  # fmt: skip
    return render(
        request, "faq.html", title="FAQ", outcomes=outcomes, votes=votes, clusters=clusters, chart=chart,
        message=take_flash(request), submission=secrets.token_urlsafe(12),
    )  # fmt: skip


def field(text: object, limit: int) -> str:
    """A form field as one `!faq add` field: `|` separates fields there, so it cannot be part of one."""
    return " ".join(str(text or "").replace("|", "/").split())[:limit]


async def faq_add(request: web.Request) -> web.StreamResponse:
    refused = coordinators_only(request)
    if refused is not None:
        return refused
    who, services = viewer(request), services_of(request)
    form = await request.post()
    question, answer, topic = (
        field(form.get("question"), 300),
        field(form.get("answer"), 3000),
        field(form.get("topic"), 40),
    )
    args = f"{question} | {answer}" + (f" | topic {topic}" if topic else "")
    submission = str(form.get("submission", "")) or secrets.token_urlsafe(12)
    outcome = await actions.run_as(
        services, who.user_id, "faq add", args, room_id=WEB_ROOM, submission=f"faq-{submission}"
    )
    if outcome.ok:
        marked = await report.mark_answered(services.db, str(form.get("representative", question)), services.now())
        outcome = actions.Outcome(True, (*outcome.messages, f"{marked} unanswered question(s) marked answered."))
    log.info("dashboard change", extra={"user_id": who.user_id, "action": "faq add", "ok": outcome.ok})
    flash(request, outcome.messages)
    raise web.HTTPSeeOther("/faq")


async def events_page(request: web.Request) -> web.StreamResponse:
    who, services = viewer(request), services_of(request)
    events = events_feature.optional_service(services)
    if events is None:
        return render(request, "message.html", 404, title="Events", text="The events feature is not enabled.")
    rooms = viewer_rooms(request, who)
    now = services.now()
    upcoming = await events.upcoming(rooms, 100)
    past = [e for e in await events.started_between(now - timedelta(days=90), now) if e.room_id in set(rooms)][-100:]
    network = network_feature.optional_service(services)
    present = await network.attendance_counts([e.id for e in past]) if network else {}
    rows = []
    for group, items in (("upcoming", upcoming), ("past", list(reversed(past)))):
        for event in items:
            answers = list((await events.rsvps(event.id)).values())
            zone = services.settings.room_timezone(event.room_id)
            room = services.rooms.display_name(event.room_id)
            rows.append({
                "group": group, "id": event.id, "title": event.title, "room": room,
                "when": event.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z"),
                "going": answers.count("going"), "maybe": answers.count("maybe"), "no": answers.count("no"),
                "present": present.get(event.id),
            })  # fmt: skip
    return render(request, "events.html", title="Events", rows=rows)


async def event_ics(request: web.Request) -> web.StreamResponse:
    who, services = viewer(request), services_of(request)
    events = events_feature.optional_service(services)
    event_id = request.match_info["id"]
    event = await events.event(int(event_id)) if events and event_id.isdigit() else None
    if event is None or not who.may_see_room(event.room_id):
        return render(request, "message.html", 404, title="Not found", text="There is no such event in your rooms.")
    data = to_ics([event], ZoneInfo(str(services.settings.room_timezone(event.room_id))), now=services.now())
    return web.Response(body=data, content_type="text/calendar",
                        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'})  # fmt: skip


async def announcements_page(request: web.Request) -> web.StreamResponse:
    who, services = viewer(request), services_of(request)
    events = events_feature.optional_service(services)
    if events is None:
        return render(request, "message.html", 404, title="Announcements", text="The events feature is not enabled.")
    rooms = viewer_rooms(request, who)
    names = services.rooms.display_name

    def shown(moment: object, zone: ZoneInfo) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if moment else "—"  # type: ignore[attr-defined]

    rows = []
    for row in await events.announcements(rooms):
        zone = ZoneInfo(row.zone)
        rows.append({
            "id": row.id, "text": row.text, "schedule": row.schedule or "once", "next": shown(row.next_run_at, zone),
            "last": shown(row.last_sent_at, zone), "skipped": row.skipped or 0,
            "last_skipped": shown(row.last_skipped_at, zone),
            "rooms": ", ".join(names(r) for r in row.rooms if who.may_see_room(r)),
            "others": sum(1 for r in row.rooms if not who.may_see_room(r)),
        })  # fmt: skip
    return render(request, "announcements.html", title="Announcements", rows=rows)


async def participation_page(request: web.Request) -> web.StreamResponse:
    refused = coordinators_only(request)
    if refused is not None:
        return refused
    services = services_of(request)
    network = network_feature.optional_service(services)
    if network is None:
        return render(request, "message.html", 404, title="Participation", text="The network feature is not enabled.")
    nccs = await network.nccs_of(Target("network"))
    held = await held_since(services, services.now() - timedelta(days=365))
    counts = tally(held, [n.id for n in nccs])
    limit = network.config.missed_flag
    rows = [{"name": n.name, "country": n.country or "", "offered": counts[n.id].offered,
             "attended": counts[n.id].attended, "marks": "".join("✓" if m else "✗" for m in counts[n.id].marks[-12:]),
             "flagged": counts[n.id].flagged(limit)} for n in nccs]  # fmt: skip
    return render(request, "participation.html", title="Participation", rows=rows, limit=limit)


ROUTES = (
    ("GET", "/faq", faq_page),
    ("POST", "/faq/add", faq_add),
    ("GET", "/events", events_page),
    ("GET", "/events/{id}.ics", event_ics),
    ("GET", "/announcements", announcements_page),
    ("GET", "/participation", participation_page),
)
