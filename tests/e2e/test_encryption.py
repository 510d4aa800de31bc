"""Encrypted rooms through a real Synapse, with members whose nio clients have their own crypto stores."""

from __future__ import annotations

import logging
import shutil

import pytest

from bot.signing import verify_json
from tests.e2e.harness import World, eventually


async def test_commands_are_answered_encrypted(world: World) -> None:
    room = world.encrypted_room()
    await world.start_bot()
    member = await world.member(encrypted=True)
    ping = await member.ask(room, "!ping", timeout=30)
    assert ping.body == "pong" and ping.encrypted and ping.content["msgtype"] == "m.notice"
    help_reply = await member.ask(room, "!help")
    assert help_reply.encrypted and "!ping" in help_reply.body
    answer = await member.ask(room, "!faq do we have to add a disclaimer to our publications?")
    assert answer.encrypted and "eu-disclaimer" in answer.body


async def test_restart_with_the_same_store_still_reads_and_writes(world: World) -> None:
    room = world.encrypted_room()
    first = await world.start_bot()
    device = first.services.matrix.device_id if first.services else None
    member = await world.member(encrypted=True)
    await member.ask(room, "!ping", timeout=30)
    await world.stop_bot()
    again = await world.start_bot()
    assert again.services is not None and again.services.matrix.device_id == device  # no new device
    reply = await member.ask(room, "!ping", timeout=30)
    assert reply.encrypted and reply.body == "pong"


async def test_lost_store_is_reported_and_a_new_device_takes_over(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    room = world.encrypted_room()
    first = await world.start_bot()
    old_device = first.services.matrix.device_id if first.services else None
    member = await world.member(encrypted=True)
    await member.ask(room, "!ping", timeout=30)
    await world.stop_bot()
    shutil.rmtree(world.dir / "bot-data" / "store")
    caplog.set_level(logging.ERROR, logger="bot.app")
    second = await world.start_bot()
    assert any("crypto store missing" in r.getMessage() for r in caplog.records)
    assert second.services is not None and second.services.matrix.device_id != old_device
    reply = await member.ask(room, "!ping", timeout=30)  # the member's client shares keys with the new device
    assert reply.encrypted and reply.body == "pong"


async def test_a_message_whose_key_never_comes_gets_one_notice(world: World) -> None:
    room = world.encrypted_room()
    await world.start_bot("encryption:\n  decrypt_grace_seconds: 2\n")
    member = await world.member(encrypted=True)
    await member.ask(room, "!ping", timeout=30)
    member.client.olm.outbound_group_sessions.pop(room, None)  # a new session ...
    for device in member.client.device_store.active_user_devices(world.bot_id):
        member.client.blacklist_device(device)  # ... that the bot's device never receives
    secret = await member.send_text(room, "!ping")
    notice = await member.reply_to(secret, timeout=30)
    assert "could not read this encrypted message" in notice.body
    for device in member.client.device_store.active_user_devices(world.bot_id):
        member.client.unblacklist_device(device)  # readable again from the next session on
    member.client.olm.outbound_group_sessions.pop(room, None)
    await world.barrier(member, room)
    assert len(world.replies_from_bot(member, secret)) == 1


async def test_a_key_that_arrives_late_is_used_and_answered_once(world: World) -> None:
    """The bot's device gets the room key only after the message: it waits, then answers once."""
    room = world.encrypted_room()
    bot = await world.start_bot("encryption:\n  decrypt_grace_seconds: 60\n")
    assert bot.services is not None
    client = bot.services.matrix.client
    member = await world.member(encrypted=True)
    await member.ask(room, "!ping", timeout=30)
    held: list[object] = []
    original = client._handle_to_device

    async def hold_keys(response: object) -> None:  # the homeserver delivers, the bot's device "gets" them later
        held.append(response)

    client._handle_to_device = hold_keys  # type: ignore[method-assign]
    member.client.olm.outbound_group_sessions.pop(room, None)  # a fresh room key, sent as a to-device message
    late = await member.send_text(room, "!ping")
    await eventually(lambda: bot.metrics.totals["undecryptable_events"] >= 1, timeout=30)
    assert world.replies_from_bot(member, late) == []
    client._handle_to_device = original  # type: ignore[method-assign]
    for response in held:
        await original(response)
    reply = await member.reply_to(late, timeout=30)
    assert reply.body == "pong" and reply.encrypted
    await world.barrier(member, room)
    assert len(world.replies_from_bot(member, late)) == 1
    assert bot.metrics.totals["late_decrypted_events"] == 1


async def test_files_are_uploaded_as_encrypted_attachments(world: World) -> None:
    from handlers.faq.kb import load_entries

    room = world.encrypted_room()
    await world.start_bot()
    coordinator = await world.coordinator(encrypted=True)
    request = await coordinator.send_text(room, "!faq export")
    upload = await coordinator.wait_for(
        lambda m: m.reply_to == request and m.content.get("msgtype") == "m.file", timeout=30
    )
    assert upload.encrypted and "url" not in upload.content
    plain = await coordinator.download(upload)
    path = world.dir / "export.yaml"
    path.write_bytes(plain)
    assert len(load_entries(path)) >= 40


async def test_scheduled_announcement_is_delivered_encrypted(world: World) -> None:
    room = world.encrypted_room()
    await world.start_bot()
    coordinator = await world.coordinator(encrypted=True)
    scheduled = await coordinator.ask(
        room, "!announce at in 1 hour | The **onsite event** registration is open", timeout=30
    )
    assert scheduled.body.startswith("Announcement #1") and scheduled.encrypted
    world.advance(hours=1)
    posted = await coordinator.wait_for(
        lambda m: m.room_id == room and m.body.startswith("The onsite event registration"), timeout=60
    )
    assert posted.encrypted and "<strong>onsite event</strong>" in posted.content["formatted_body"]


async def test_needs_csv_export_is_an_encrypted_attachment(world: World) -> None:
    import csv
    import io

    room = world.encrypted_room()
    await world.start_bot()
    coordinator = await world.coordinator(encrypted=True)
    await coordinator.ask(room, "!need a stakeholder engagement roadmap for municipalities", timeout=30)
    request = await coordinator.send_text(room, "!needs export all")
    upload = await coordinator.wait_for(
        lambda m: m.reply_to == request and m.content.get("msgtype") == "m.file", timeout=30
    )
    assert upload.encrypted and "file" in upload.content
    plain = await coordinator.download(upload)
    rows = list(csv.DictReader(io.StringIO(plain.decode("utf-8-sig"))))
    assert rows[0]["text"] == "a stakeholder engagement roadmap for municipalities"


async def test_keys_at_rest_are_private_and_not_under_the_default_pickle_key(world: World) -> None:
    import stat

    bot = await world.start_bot()
    member = await world.member()
    await member.ask(world.room_id, "!ping")
    await world.stop_bot()
    data = world.dir / "bot-data"
    folders = [data, data / "store"]
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o700 for f in folders)
    files = [p for f in folders for p in f.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"ncc-bot.db", "session.json", "crypto-store.key"}
    assert any(p.suffix == ".db" for p in (data / "store").iterdir())
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files), [(p.name, oct(p.stat().st_mode)) for p in files]
    key = (data / "crypto-store.key").read_text().strip()
    assert len(key) >= 32 and key != "DEFAULT_KEY"
    assert bot.services is not None and bot.services.matrix.client.config.pickle_key == key
    again = await world.start_bot()  # the same key opens the same store: same device, still reads
    assert again.services is not None and again.services.matrix.client.device_id == bot.services.matrix.client.device_id
    assert (await member.ask(world.room_id, "!ping")).body == "pong"


def cross_signed(world: World) -> tuple[str | None, set[str]]:
    """The bot's master key and its devices signed by its self-signing key (itself signed by the master), as
    any member's client sees them: what Element checks before it shows a bot message without a red shield."""
    token, user = world.member_account.access_token, world.bot_id
    keys = world.synapse._request("POST", "/_matrix/client/v3/keys/query", {"device_keys": {user: []}}, token)
    master = next(iter(((keys.get("master_keys") or {}).get(user) or {}).get("keys", {}).values()), None)
    ssk_object = (keys.get("self_signing_keys") or {}).get(user)
    if master is None or ssk_object is None or not verify_json(ssk_object, user, master):
        return master, set()
    ssk = next(iter(ssk_object["keys"].values()))
    devices = (keys.get("device_keys") or {}).get(user) or {}
    return master, {device_id for device_id, device in devices.items() if verify_json(device, user, ssk)}


async def test_the_bot_is_cross_signed_and_keeps_its_identity(world: World) -> None:
    bot = await world.start_bot()
    assert bot.services is not None
    device = bot.services.matrix.client.device_id
    await eventually(lambda: device in cross_signed(world)[1], timeout=30)
    master = cross_signed(world)[0]
    assert (world.dir / "bot-data" / "cross-signing.json").stat().st_mode & 0o777 == 0o600

    await world.stop_bot()
    bot = await world.start_bot()  # a restart: same device, same identity
    assert bot.services is not None and bot.services.matrix.client.device_id == device
    await world.barrier(await world.member())
    assert cross_signed(world) == (master, {device})

    await world.stop_bot()
    shutil.rmtree(world.dir / "bot-data" / "store")  # the crypto store is lost: a new device
    bot = await world.start_bot()
    assert bot.services is not None
    new_device = bot.services.matrix.client.device_id
    assert new_device != device
    await eventually(lambda: new_device in cross_signed(world)[1], timeout=30)
    assert cross_signed(world)[0] == master  # signed by the same identity
