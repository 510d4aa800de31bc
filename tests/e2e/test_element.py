"""Element-like behaviour through a real Synapse: an edited command re-run with the answer edited in place, a
plain question in a DM answered, and every reply with an HTML part and a plain body without markup."""

from __future__ import annotations

from tests.e2e.harness import World, eventually


async def test_an_edited_command_edits_the_answer(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    original = await member.send_text(world.room_id, "!pnig")
    typo_answer = await member.reply_to(original)
    assert "did you mean !ping?" in typo_answer.body
    edit = {
        "msgtype": "m.text",
        "body": "* !ping",
        "m.new_content": {"msgtype": "m.text", "body": "!ping"},
        "m.relates_to": {"rel_type": "m.replace", "event_id": original},
    }
    await member.send(world.room_id, edit)

    def edited() -> list:
        return [
            m
            for m in member.messages
            if m.sender == world.bot_id
            and (m.content.get("m.relates_to") or {}).get("rel_type") == "m.replace"
            and m.content["m.relates_to"]["event_id"] == typo_answer.event_id
        ]

    await eventually(edited, timeout=15)
    assert edited()[0].content["m.new_content"]["body"] == "pong"
    await world.barrier(member)
    assert len(world.replies_from_bot(member, original)) == 1  # edited in place, not answered twice


async def test_a_plain_question_in_a_dm_is_answered(world: World) -> None:
    await world.start_bot()
    member = await world.member()
    dm = world.synapse.create_room(
        world.member_account.access_token, name="dm", invite=[world.bot_id], is_direct=True
    )
    token = world.member_account.access_token
    await eventually(lambda: world.synapse.membership(token, dm, world.bot_id) == "join", timeout=30)
    answer = await member.ask(dm, "hi, how long can an NCC project last")
    assert "project-duration" in answer.body and "**" not in answer.body
    assert answer.content["format"] == "org.matrix.custom.html" and answer.content["msgtype"] == "m.notice"
    assert not any(  # an answer right away is a quiet notice: it does not notify
        n["event"]["event_id"] == answer.event_id for n in world.synapse.notifications(token)
    )
