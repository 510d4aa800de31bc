"""The FAQ through a real Synapse: answers with sources, choices, gaps, curation, feedback, passive mode."""

from __future__ import annotations

from sqlalchemy import select

from handlers.faq import models
from tests.e2e.harness import World, refused


async def test_answer_is_a_reply_with_sources(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    reply = await member.ask(world.room_id, "!faq do we have to add a disclaimer to our publications?")
    assert reply.content["msgtype"] == "m.notice"
    assert "eu-disclaimer" in reply.body and "Sources: " in reply.body and "<a href=" in reply.content["formatted_body"]
    assert '<a href="http' in reply.content["formatted_body"]


async def test_french_question_gets_a_french_answer(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    reply = await member.ask(world.room_id, "!ask combien de temps dure un projet NCC au maximum ?")
    assert "project-duration" in reply.body and "mois" in reply.body
    polish = await member.ask(world.room_id, "!faq ile maksymalnie może trwać projekt NCC?")
    assert "project-duration" in polish.body and "miesięcy" in polish.body and "Źródła:" in polish.body


async def test_ambiguous_question_then_number_pick(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    choices = await member.ask(world.room_id, "!faq horizon europe")  # three entries are about Horizon Europe
    assert choices.body.startswith("Did you mean:\n\n1. ") and choices.body.endswith("\n\nReply with the number.")
    first_option = choices.body.splitlines()[2][3:]
    picked = await member.ask(world.room_id, "2")
    assert "Sources:" in picked.body and first_option not in picked.body  # the second choice, not the first
    other = await world.coordinator()
    stray = await other.send_text(world.room_id, "1")  # only the asker's own number counts
    await world.barrier(other)
    assert world.replies_from_bot(other, stray) == []


async def test_unknown_question_is_logged_as_a_gap(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    reply = await member.ask(world.room_id, "!faq can we rent a sailing boat for the team retreat?")
    assert reply.body.startswith("I don't have an answer to that yet")
    gaps = await coordinator.ask(world.room_id, "!faq gaps")
    assert "1× “can we rent a sailing boat for the team retreat?”" in gaps.body
    refusal = await member.ask(world.room_id, "!faq gaps")
    assert refused(refusal)


async def test_coordinators_curate_members_cannot(world: World) -> None:
    await world.start_bot()
    member, coordinator = await world.member(), await world.coordinator()
    refusal = await member.ask(world.room_id, "!faq add Where is the sailing boat? | In the harbour.")
    assert refused(refusal)
    added = await coordinator.ask(
        world.room_id,
        "!faq add Can we rent a sailing boat for the team retreat? | No: retreats are not funded. "
        "| https://example.org/rules",
    )
    entry_id = added.body.split()[1]  # "Added <id> (en). ..."
    answer = await member.ask(world.room_id, "!faq can we rent a sailing boat for the team retreat?")
    assert "retreats are not funded" in answer.body and "example.org" in answer.body
    aliased = await coordinator.ask(world.room_id, f"!faq alias {entry_id} is a boat trip eligible?")
    assert "now also answers" in aliased.body
    answer = await member.ask(world.room_id, "!faq is a boat trip eligible?")
    assert "retreats are not funded" in answer.body
    await coordinator.ask(world.room_id, f"!faq edit {entry_id} | Boats are never eligible costs.")
    answer = await member.ask(world.room_id, "!faq is a boat trip eligible?")
    assert "Boats are never eligible costs." in answer.body
    await coordinator.ask(world.room_id, f"!faq remove {entry_id}")
    gone = await member.ask(world.room_id, f"!faq show {entry_id}")
    assert "There is no FAQ entry" in gone.body
    # edits survive a restart: the removal still holds, the alias is gone with the entry
    await world.stop_bot()
    await world.start_bot()
    again = await member.ask(world.room_id, f"!faq show {entry_id}")
    assert "There is no FAQ entry" in again.body


async def test_feedback_reactions_are_recorded(world: World) -> None:
    bot = await world.start_bot()
    member = await world.member()
    reply = await member.ask(world.room_id, "!faq do we have to add a disclaimer to our publications?")
    assert "eu-disclaimer" in reply.body
    reaction = {"m.relates_to": {"rel_type": "m.annotation", "event_id": reply.event_id, "key": "👎️"}}
    await member.send(world.room_id, reaction, event_type="m.reaction")
    assert bot.services is not None
    db = bot.services.db

    await world.barrier(member)  # the reactions came before the ping: they are handled
    async with db.session() as session:
        assert list(await session.scalars(select(models.Feedback.vote))) == ["down"]
    async with db.session() as session:
        reasons = list(await session.scalars(select(models.Gap.reason)))
    assert reasons == ["downvoted"]


async def test_mention_mode_answers_when_named(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    quiet = await member.send_text(world.room_id, "who needs to endorse our application?")
    named = await member.send_text(
        world.room_id,
        f"{world.bot_id}: who needs to endorse our application?",
        **{"m.mentions": {"user_ids": [world.bot_id]}},
    )
    reply = await member.reply_to(named)
    assert "endorsement-letter" in reply.body
    await world.barrier(member)
    assert world.replies_from_bot(member, quiet) == []


async def test_auto_mode_answers_confident_questions_in_a_thread(world: World) -> None:
    await world.start_bot("faq:\n  mode: auto\n")
    member = await world.member()
    chat = await member.send_text(world.room_id, "see you all tomorrow at the workshop")
    question = await member.send_text(world.room_id, "what is the co-financing rate of the NCC grants?")
    reply = await member.reply_to(question)
    assert reply.content["m.relates_to"]["rel_type"] == "m.thread"
    assert "cofinancing-rate" in reply.body
    await world.barrier(member)
    assert world.replies_from_bot(member, chat) == []  # not a question: no answer in auto mode either


async def test_a_question_passed_on_comes_back_answered_and_becomes_an_entry(world: World) -> None:
    """The whole loop: unanswered -> passed on (yes) -> a coordinator's thread reply relayed to the asker as a reply
    to the question -> `!faq adopt` -> the same question answered from the new entry."""
    hub = world.synapse.create_room(
        world.coordinator_account.access_token, name="NCC coordinators", invite=[world.bot_id]
    )
    await world.start_bot(f"faq:\n  coordinators_room: '{hub}'\n")
    member, coordinator = await world.member(), await world.coordinator()
    question = "Is there a sailing club the network uses for team retreats?"
    asked = await member.send_text(world.room_id, f"!faq {question}")
    offer = await member.reply_to(asked)
    assert "pass your question on to the coordinators" in offer.body
    confirmation = await member.ask(world.room_id, "yes")
    assert confirmation.body.startswith("Passed on to the coordinators")
    thread = await coordinator.wait_for(lambda m: m.room_id == hub and m.sender == world.bot_id and question in m.body)
    assert thread.content["msgtype"] == "m.text" and world.member_account.user_id not in thread.body
    answer = "Not that we know of; the Lisbon NCC rented boats from the municipal club last year."
    relation = {
        "rel_type": "m.thread",
        "event_id": thread.event_id,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": thread.event_id},
    }
    await coordinator.send_text(hub, answer, **{"m.relates_to": relation})
    relayed = await member.wait_for(lambda m: m.room_id == world.room_id and answer in m.body)
    assert relayed.reply_to == asked and relayed.content["m.mentions"] == {"user_ids": [world.member_account.user_id]}
    hint = await coordinator.wait_for(lambda m: m.room_id == hub and "faq adopt" in m.body)
    number = hint.body.split("faq adopt ", 1)[1].split()[0]
    who = await coordinator.ask(hub, f"!faq who {number}")
    assert world.member_account.user_id in who.body
    adopted = await coordinator.ask(hub, f"!faq adopt {number} topic community")
    assert adopted.body.startswith("Added ")
    again = await member.ask(world.room_id, f"!faq {question}")
    assert answer in again.body
