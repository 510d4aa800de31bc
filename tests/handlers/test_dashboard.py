"""The dashboard over the fake edge and aiohttp's test client (fake clock): sign-in only through a link the bot
sends by DM to someone with authority, once and within its minutes; pages scoped like the chat; every form needs its
session's CSRF token; a status change is the chat's command (the author's DM included); user text escaped."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.context import JobContext
from handlers.dashboard.auth import mint_link
from handlers.dashboard.config import DashboardConfig
from handlers.dashboard.feature import feature as dashboard_feature
from handlers.dashboard.server import build_app
from handlers.events.jobs import send_announcement
from handlers.faq.models import Gap
from tests.fakes import BOT, COORDINATOR, MEMBER, FakeRoom, PowerLevels, TestBed

LISBON, VILNIUS = "!lisbon:test", "!vilnius:test"
MODERATOR = "@vilnius-mod:test"
CONFIG = f"""dashboard:
  listen: 127.0.0.1:18090
  public_url: http://bot.example.org/dash
network:
  nccs:
    - {{name: NCC Portugal, rooms: ['{LISBON}']}}
    - {{name: NCC Lithuania, rooms: ['{VILNIUS}']}}
  groups:
    B: [NCC Lithuania]
"""
LINK = re.compile(r"http://bot\.example\.org/dash(/login/[\w-]+)")


@pytest.fixture
async def bed(tmp_path: Path) -> AsyncIterator[TestBed]:
    rooms = {
        LISBON: FakeRoom(users=dict.fromkeys((BOT, MEMBER, COORDINATOR)), display_name="Lisbon"),
        VILNIUS: FakeRoom(
            users=dict.fromkeys((BOT, MEMBER, MODERATOR)),
            power_levels=PowerLevels({MODERATOR: 50}),
            display_name="Vilnius",
        ),
        "!dm-member:test": FakeRoom(users={BOT: None, MEMBER: None}),
    }
    test_bed = await TestBed.start(tmp_path, CONFIG, rooms=rooms, direct=["!dm-member:test"])
    for hook in test_bed.services.registry.features:
        if hook.name == "network":
            for start in hook.start_hooks:
                await start(test_bed.services)
    yield test_bed
    await test_bed.close()


@pytest.fixture
async def web(bed: TestBed) -> AsyncIterator[TestClient]:
    config = dashboard_feature.config_of(bed.services.settings)
    client = TestClient(TestServer(build_app(bed.services, config)))
    await client.start_server()
    yield client
    await client.close()


async def link_for(bed: TestBed, user: str, room: str) -> str:
    sent = await bed.say("!dashboard", sender=user, room=room)
    found = [LINK.search(s.body) for s in sent]
    links = [m.group(1) for m in found if m]
    assert len(links) == 1 and all(s.room_id != room or not LINK.search(s.body) for s in sent), [s.body for s in sent]
    return links[0]


async def sign_in(web: TestClient, path: str) -> None:
    page = await web.get(path)
    assert page.status == 200 and "Sign in to the dashboard as" in await page.text()
    secret = path.rsplit("/", 1)[1]
    done = await web.post("/login", data={"secret": secret}, allow_redirects=False)
    assert done.status == 303 and done.headers["Location"] == "/needs"
    cookie = done.cookies["ncc_dashboard"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]  # http here: see below


def test_the_cookie_is_secure_behind_https() -> None:
    assert DashboardConfig(listen="127.0.0.1:8090", public_url="https://bot.example.org/dash/").secure_cookie
    assert DashboardConfig(listen="127.0.0.1:8090").base_url() == "http://127.0.0.1:8090"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def test_sign_in_works_once_within_its_minutes_and_only_for_authority(bed: TestBed, web: TestClient) -> None:
    refused = await bed.ask("!dashboard", room=LISBON)
    assert "for the network's coordinators and the moderators" in refused
    path = await link_for(bed, COORDINATOR, LISBON)
    await sign_in(web, path)
    reused = await web.post("/login", data={"secret": path.rsplit("/", 1)[1]})
    assert reused.status == 403 and "Sign-in refused" in await reused.text()
    stale = await link_for(bed, MODERATOR, VILNIUS)
    bed.advance(minutes=11)
    assert (await web.get(stale)).status == 403
    assert (await web.post("/login", data={"secret": stale.rsplit("/", 1)[1]})).status == 403
    page = await web.get("/needs")
    assert page.status == 200 and page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Referrer-Policy"] == "no-referrer"
    secret = await mint_link(bed.services, MEMBER, "$forged-for-a-member", 10)  # not through !dashboard
    member_try = await web.post("/login", data={"secret": secret})
    assert member_try.status == 403 and "not for someone with authority" in await member_try.text()
    revoked = await bed.ask("!dashboard revoke", sender=COORDINATOR, room=LISBON)
    assert "1 session(s) ended" in revoked
    assert (await web.get("/needs")).status == 401


async def test_needs_are_scoped_escaped_and_changed_through_the_chat_command(bed: TestBed, web: TestClient) -> None:
    await bed.say("!need <script>alert(1)</script> a toolkit to measure social impact", room=LISBON)
    await bed.say("!need =HYPERLINK(1) mapping the coastal ecosystem of Lithuania", room=VILNIUS)
    await sign_in(web, await link_for(bed, MODERATOR, VILNIUS))
    html = await (await web.get("/needs")).text()
    assert "mapping the coastal ecosystem" in html and "toolkit" not in html  # Lisbon's need: not their room
    assert (await web.get(f"/needs?room={LISBON}")).status == 200
    assert "toolkit" not in await (await web.get(f"/needs?room={LISBON}")).text()  # a room not theirs is ignored
    forged = await web.post("/needs/2/status", data={"status": "addressed", "note": "x"})
    assert forged.status == 403 and "did not come from the dashboard" in await forged.text()
    other = await web.post("/needs/1/status", data={"status": "addressed", "csrf": csrf_of(html)})
    assert other.status == 404  # Lisbon's need, by id: not found for Vilnius' moderator
    before = len(bed.matrix.sent)
    form = {"status": "addressed", "note": "See the webinar", "csrf": csrf_of(html), "submission": "s1"}
    done = await web.post("/needs/2/status", data=form)
    assert done.status == 200 and "Need #2 is now: addressed" in await done.text()
    dms = [s.body for s in bed.matrix.sent[before:] if s.room_id.startswith("!dm-member")]
    assert len(dms) == 1 and "See the webinar" in dms[0]  # the author is told, as from the chat
    csv = await (await web.get("/needs.csv?status=all")).text()
    assert "'=HYPERLINK(1)" in csv and "toolkit" not in csv
    await sign_in(web, await link_for(bed, COORDINATOR, LISBON))
    html = await (await web.get("/needs?status=all&q=toolkit")).text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html and "1 need(s)" in html
    charts = await (await web.get("/charts")).text()
    assert "<svg" in charts and "Needs by category and status" in charts and re.search(r">20\d\d-\d\d<", charts)
    by_ncc = await (await web.get("/needs?status=all&ncc=NCC+Lithuania")).text()
    assert "coastal ecosystem" in by_ncc and "toolkit" not in by_ncc and "1 need(s)" in by_ncc
    by_group = await (await web.get("/needs?status=all&group=B")).text()
    assert "coastal ecosystem" in by_group and "toolkit" not in by_group


async def test_a_gap_added_from_the_dashboard_is_answered_in_the_chat(bed: TestBed, web: TestClient) -> None:
    question = "Can the NCC pay for a mascot costume?"
    await bed.say(f"!faq {question}", room=LISBON)
    await sign_in(web, await link_for(bed, COORDINATOR, LISBON))
    html = await (await web.get("/faq")).text()
    assert "mascot costume" in html
    form = {"csrf": csrf_of(html), "question": question, "representative": question, "submission": "f1"}
    added = await web.post("/faq/add", data={**form, "answer": "No | costumes are not eligible costs."})
    text = await added.text()
    assert added.status == 200 and "Added" in text and "1 unanswered question(s) marked answered" in text
    answer = await bed.ask(f"!faq {question}", room=LISBON)
    assert "costumes are not eligible costs" in answer
    async with bed.services.db.session() as session:
        assert all(g.answered_at is not None for g in await session.scalars(select(Gap)))
    moderator_web = web  # the FAQ page is the network coordinators'
    await sign_in(moderator_web, await link_for(bed, MODERATOR, VILNIUS))
    assert (await moderator_web.get("/faq")).status == 403


async def test_announcements_show_next_last_and_skipped_in_scope(bed: TestBed, web: TestClient) -> None:
    await bed.say("!announce every day 09:00 | Coffee corner is open", sender=MODERATOR, room=VILNIUS)
    await bed.say("!announce at in 2 days 10:00 | Lisbon only", sender=COORDINATOR, room=LISBON)
    bed.advance(days=1, hours=3)  # the bot was away: 09:00 passed hours ago, beyond the grace time
    await send_announcement(JobContext(bed.services, "events.announcement", "1"), "1")
    await sign_in(web, await link_for(bed, MODERATOR, VILNIUS))
    html = await (await web.get("/announcements")).text()
    assert "Coffee corner is open" in html and "Lisbon only" not in html
    assert re.search(r"<td>1 \(last 2027-03-0\d 09:00 CET\)</td>", html), html
