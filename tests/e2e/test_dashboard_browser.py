"""The coordinators' dashboard in a real headless Chromium (Debian's, driven by Playwright) against the bot and a
real Synapse: sign in through the link the bot sent in an encrypted DM, filter the needs, change a status (the
author gets the DM), add an unanswered question to the FAQ (then the chat answers it), see a chart; a member gets no
link, a used or expired link is refused, a form posted without its CSRF token is refused. Screenshots of the main
pages at desktop and phone width go to build/screenshots (artefacts, not committed)."""

from __future__ import annotations

import os
import re
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from devtools.chat import ChatUser
from tests.e2e.harness import World, next_in

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
LINK = re.compile(r"(http://127\.0\.0\.1:\d+/login/[\w-]+)")
QUESTION = "Can the NCC pay for a mascot costume?"

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (./dev test installs it where it can)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def shoot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, label in ((1280, "desktop"), (360, "phone")):
        await page.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
        await page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)  # type: ignore[attr-defined]
    await page.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]


async def link_by_dm(world: World, coordinator: ChatUser, dm: str, seen: int) -> str:
    sent = await next_in(coordinator, dm, world.bot_id, seen)
    assert sent.encrypted
    link = LINK.search(sent.body)
    assert link, sent.body
    return link.group(1)


async def needs_in_the_browser(world: World, page: Any, member: ChatUser, base: str) -> None:
    """Filter, change a status: the member gets the DM; a form without its token is refused."""
    assert await page.get_by_text("toolkit to measure the social impact").is_visible()
    await page.get_by_label("Words").fill("nothing-like-this")
    await page.get_by_role("button", name="Show").click()
    assert await page.get_by_text("No need matches.").is_visible()
    await page.get_by_label("Words").fill("toolkit")
    await page.get_by_label("Status").first.select_option("all")
    await page.get_by_role("button", name="Show").click()
    assert await page.get_by_text("1 need(s)").is_visible()
    await shoot(page, "needs")
    await page.get_by_label("Status of need 1").select_option("in-progress")
    await page.get_by_label("Note to the author of need 1").fill("We are preparing a webinar")
    await page.get_by_role("button", name="Set").click()
    assert await page.get_by_text("Need #1 is now: in progress. Its author has been told").is_visible()
    member_dm = await member.accept_invite()
    told = await member.wait_for(lambda m: m.room_id == member_dm and "webinar" in m.body, timeout=30)
    assert told.sender == world.bot_id and "in progress" in told.body.lower()
    forged = await page.request.post(f"{base}/needs/1/status", form={"status": "declined"})
    assert forged.status == 403


async def faq_in_the_browser(world: World, page: Any, member: ChatUser, base: str) -> None:
    """An unanswered question added to the FAQ from its cluster; the chat answers it then."""
    await page.goto(f"{base}/faq")
    await page.get_by_text(QUESTION).first.click()  # opens the cluster's form
    await page.get_by_label("Answer", exact=True).first.fill("No: costumes are not eligible costs of the action.")
    await shoot(page, "faq")
    await page.get_by_role("button", name="Add to the FAQ").first.click()
    assert await page.get_by_text("unanswered question(s) marked answered").is_visible()
    answered = await member.ask(world.room_id, f"!faq {QUESTION}")
    assert "costumes are not eligible costs" in answered.body


async def test_a_coordinator_signs_in_from_the_dm_and_works_in_the_browser(world: World) -> None:
    assert CHROMIUM is not None, "CI installs Debian's chromium (./dev test)"
    from playwright.async_api import async_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    await world.start_bot(f"dashboard:\n  listen: 127.0.0.1:{port}\n")
    coordinator, member = await world.coordinator(encrypted=True), await world.member(encrypted=True)
    await member.ask(world.room_id, "!need a toolkit to measure the social impact of our members")
    await member.ask(world.room_id, f"!faq {QUESTION}")
    refused = await member.ask(world.room_id, "!dashboard")
    assert "for the network's coordinators and the moderators" in refused.body
    assert "direct message" in (await coordinator.ask(world.room_id, "!dashboard")).body
    dm = await coordinator.accept_invite()
    link = await link_by_dm(world, coordinator, dm, 0)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = await (await browser.new_context()).new_page()
        await page.goto(link)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/needs")
        await needs_in_the_browser(world, page, member, base)
        await faq_in_the_browser(world, page, member, base)
        await page.goto(f"{base}/charts")
        assert await page.locator("svg.chart").first.is_visible()
        await shoot(page, "charts")
        await page.goto(f"{base}/events")
        await shoot(page, "events")

        again = await (await browser.new_context()).new_page()
        await again.goto(link)
        assert await again.get_by_text("This link does not work").is_visible()  # used already
        await coordinator.send_text(dm, "!dashboard")
        fresh = await link_by_dm(world, coordinator, dm, 1)
        world.advance(minutes=11)
        await again.goto(fresh)
        assert await again.get_by_text("This link does not work").is_visible()  # expired
        await browser.close()
    phone = sorted(p.name for p in SHOTS.glob("*-phone.png"))
    assert phone == ["charts-phone.png", "events-phone.png", "faq-phone.png", "needs-phone.png"]
