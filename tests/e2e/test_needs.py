"""Needs through a real Synapse: one-shot and guided (encrypted DM) filing, support, coordination, export, GDPR."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import MetaData, select, text

from handlers.needs.models import Need
from tests.e2e.harness import World, next_in, refused


async def test_one_shot_need_and_support_instead_of_a_copy(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    event_id = await member.send_text(world.room_id, "!need a simple framework to measure our social impact")
    reply = await member.reply_to(event_id)
    assert reply.content["msgtype"] == "m.notice" and reply.body.startswith("Noted as need #1 (Impact measurement)")
    similar = await coordinator.ask(world.room_id, "!need a simple framework for measuring social impact")
    assert (
        similar.body.startswith("A similar need was filed in this room: #1 (Impact measurement")
        and "!need +1 1" in similar.body
    )
    assert "framework" not in similar.body  # another person's words are never quoted
    supported = await coordinator.ask(world.room_id, "!need +1 1")
    assert supported.body == "You support need #1 (1 supporter(s))."
    again = await coordinator.ask(world.room_id, "!need +1 1")
    assert again.body.startswith("You already support")
    own = await member.ask(world.room_id, "!need +1 1")
    assert "is yours already" in own.body
    anyway = await coordinator.ask(world.room_id, "!need new a simple framework for measuring social impact")
    assert anyway.body.startswith("Noted as need #2")
    other = await world.member()  # the same need in other words is found by its meaning
    reworded = await other.ask(world.room_id, "!need we want an easy way to evaluate the social change we bring about")
    assert reworded.body.startswith("A similar need was filed in this room:"), reworded.body


async def test_bad_input_gets_clear_replies(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    assert "Usage:" in (await member.ask(world.room_id, "!need +1 abc")).body
    assert "There is no need #99" in (await member.ask(world.room_id, "!need +1 99")).body
    long = await member.ask(world.room_id, "!need " + "x" * 2100)
    assert "keep a need under 2000" in long.body
    await member.ask(world.room_id, "!need help mapping social innovation actors in coastal towns")
    wrong = await member.ask(world.room_id, "!need category 1 financng")
    assert "Did you mean financing?" in wrong.body
    moved = await member.ask(world.room_id, "!need category 1 financing")
    assert moved.body == "Need #1 is now in Financing."


async def test_guided_dialogue_in_an_encrypted_dm_with_back_cancel_and_restart(world: World) -> None:
    await world.start_bot()
    member = await world.member(encrypted=True)
    started = await member.ask(world.room_id, "!need")
    assert "direct message" in started.body
    dm = await member.accept_invite()
    bot = world.bot_id
    first = await next_in(member, dm, bot, 0)
    assert first.encrypted and first.body.startswith("What does your NCC need?")
    await member.send_text(dm, "Help to map the social innovation ecosystem of our coastal islands")
    category = await next_in(member, dm, bot, 1)
    assert "I suggest Ecosystem mapping" in category.body
    await member.send_text(dm, "back")
    assert (await next_in(member, dm, bot, 2)).body.startswith("What does your NCC need?")
    await member.send_text(dm, "A method to map the social innovation ecosystem of our coastal islands")
    await next_in(member, dm, bot, 3)
    await member.send_text(dm, "ok")
    assert "How urgent" in (await next_in(member, dm, bot, 4)).body
    await world.stop_bot()  # a restart in the middle of the dialogue
    await world.start_bot()
    await member.send_text(dm, "9")
    assert "Reply with a number from 1 to 4" in (await next_in(member, dm, bot, 5)).body
    await member.send_text(dm, "2")
    assert "Which NCC or country" in (await next_in(member, dm, bot, 6)).body
    await member.send_text(dm, "Portugal")
    await next_in(member, dm, bot, 7)
    await member.send_text(dm, "yes")
    confirm = await next_in(member, dm, bot, 8)
    assert "Category: Ecosystem mapping" in confirm.body and "NCC / country: Portugal" in confirm.body
    await member.send_text(dm, "yes")
    filed = await next_in(member, dm, bot, 9)
    assert filed.body.startswith("Filed as need #1")
    # a second dialogue remembers the country, and `cancel` files nothing
    await member.send_text(dm, "!need")
    await next_in(member, dm, bot, 10)
    await member.send_text(dm, "cancel")
    assert (await next_in(member, dm, bot, 11)).body.startswith("Cancelled; nothing was filed")
    assert world.bot is not None and world.bot.services is not None
    async with world.bot.services.db.session() as session:
        needs = list(await session.scalars(select(Need)))
    assert [(n.category, n.country, n.urgency, n.contact_ok) for n in needs] == [
        ("ecosystem-mapping", "Portugal", "within 3 months", True)
    ]


async def test_coordinators_list_set_status_merge_and_export(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(encrypted=True), await world.coordinator()
    refusal = await member.ask(world.room_id, "!needs")
    assert refused(refusal)
    await member.ask(world.room_id, "!need a roadmap to engage national stakeholders in our work")
    await coordinator.ask(world.room_id, "!need new examples of social finance mechanisms used by other NCCs")
    await coordinator.ask(world.room_id, "!need new a stakeholder engagement roadmap template")
    listing = await coordinator.ask(world.room_id, "!needs")
    assert "1–3 of 3" in listing.body and "#1 [open]" in listing.body
    filtered = await coordinator.ask(world.room_id, "!needs category=financing")
    assert "#2 [open]" in filtered.body and "#1 " not in filtered.body
    bad = await coordinator.ask(world.room_id, "!needs since=yesterday")
    assert "is not a date" in bad.body
    status = await coordinator.ask(world.room_id, "!need status 1 in-progress A webinar is planned in March.")
    assert "Its author has been told by direct message" in status.body
    dm = await member.accept_invite()
    told = await next_in(member, dm, world.bot_id, 0)
    assert "is now: in progress" in told.body and "A webinar is planned in March." in told.body and told.encrypted
    merged = await coordinator.ask(world.room_id, "!need merge 3 1")
    assert merged.body.startswith("Need #3 merged into #1. Supporters moved: 1")
    summary = await coordinator.ask(world.room_id, "!needs summary")
    assert "Needs by category and status" in summary.body and "merged 1" in summary.body
    assert "<ul>" in summary.content["formatted_body"] and "<table" not in summary.content["formatted_body"]
    chart = await coordinator.wait_for(
        lambda m: m.reply_to == summary.reply_to and m.content.get("msgtype") == "m.image", timeout=30
    )
    image = await coordinator.download(chart)
    assert image.startswith(b"\x89PNG") and chart.content["info"]["w"] >= 600
    request = await coordinator.send_text(world.room_id, "!needs export all")
    upload = await coordinator.wait_for(
        lambda m: m.reply_to == request and m.content.get("msgtype") == "m.file", timeout=30
    )
    rows = list(csv.DictReader(io.StringIO((await coordinator.download(upload)).decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["status"] == "in-progress" and rows[0]["supporters"] == "1"
    assert rows[2]["status"] == "merged" and rows[2]["merged_into"] == "1"
    assert rows[0]["created_at"].endswith("+00:00")


async def test_mydata_and_forgetme_leave_no_trace(world: World) -> None:
    await world.start_bot()
    member = await world.member(encrypted=True)
    user_id = world.member_account.user_id
    sent = [await member.send_text(world.room_id, "!need training on scaling social innovations for our team")]
    await member.reply_to(sent[-1])
    sent.append(await member.send_text(world.room_id, "!faq do we have to add a disclaimer to our publications?"))
    answer = await member.reply_to(sent[-1])
    sent.append(await member.send_text(world.room_id, "!faq zorblax quimper vantoo flebbit?"))  # a gap
    await member.reply_to(sent[-1])
    reply = await member.ask(world.room_id, "!mydata")
    assert "direct chat" in reply.body
    dm = await member.accept_invite()
    upload = await member.wait_for(lambda m: m.room_id == dm and m.content.get("msgtype") == "m.file", timeout=30)
    data: dict[str, Any] = json.loads(await member.download(upload))
    assert data["user_id"] == user_id and "core" in data
    assert data["needs"]["needs_filed"][0]["text"] == "training on scaling social innovations for our team"
    assert data["faq"]["questions_asked"][0]["answer"] == "eu-disclaimer"
    assert data["faq"]["unanswered_or_downvoted"][0]["text"] == "zorblax quimper vantoo flebbit?"
    sent.append(await member.send_text(dm, "!need a mentor for our impact report"))  # filed in the DM
    await member.reply_to(sent[-1], timeout=30)
    assert (await member.ask(world.room_id, "!forgetme")).body.count("!forgetme confirm") == 1
    done = await member.ask(world.room_id, "!forgetme confirm")
    assert done.body.startswith("Done")  # answered once everything is deleted
    assert world.bot is not None and world.bot.services is not None
    localpart = user_id.split(":")[0].lstrip("@")
    traces = [user_id, localpart, dm, answer.event_id, *sent]
    async with world.bot.services.db.engine.connect() as conn:
        metadata = MetaData()
        await conn.run_sync(metadata.reflect)
        for table in metadata.sorted_tables:
            for row in (await conn.execute(table.select())).all():
                flat = " ".join(str(v) for v in row)
                assert not [t for t in traces if t in flat], (table.name, row)
        needs = (await conn.execute(text("select count(*) from needs_need"))).scalar()
    assert needs == 2  # the needs stay, anonymised


async def test_abandoned_dialogue_expires_with_a_note(world: World) -> None:
    await world.start_bot()  # the default expiry: 24 h
    member = await world.member(encrypted=True)
    await member.ask(world.room_id, "!need")
    dm = await member.accept_invite()
    await next_in(member, dm, world.bot_id, 0)
    world.advance(hours=24, minutes=2)
    note = await next_in(member, dm, world.bot_id, 1)
    assert "timed out" in note.body


async def test_guided_dialogue_follows_the_language_of_the_need(world: World) -> None:
    await world.start_bot()
    member = await world.member(encrypted=True)
    await member.ask(world.room_id, "!need")
    dm = await member.accept_invite()
    await next_in(member, dm, world.bot_id, 0)
    await member.send_text(dm, "Nous cherchons une méthode pour cartographier les acteurs de l'innovation sociale")
    category = await next_in(member, dm, world.bot_id, 1)
    assert category.body.startswith("Quelle catégorie convient le mieux ?")
    await member.send_text(dm, "ok")
    assert "d'ici un mois" in (await next_in(member, dm, world.bot_id, 2)).body
