"""From a sync response to handler calls: invites, gap filling, de-duplication, permissions, error replies.

Rooms are handled concurrently, the events of one room strictly in order. An event is recorded in the ledger
after it was handled; the sync token is saved after the whole batch (see bot/state.py for why both).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any

from nio import InviteMemberEvent, MegolmEvent, SyncResponse
from nio.events import Event

from bot import state
from bot.commands import parse_invocation, suggest
from bot.context import CommandContext, EventContext, Services
from bot.crypto import Crypto
from bot.errors import UsageError, UserError
from bot.messages import code
from bot.permissions import invite_allowed, is_coordinator

log = logging.getLogger(__name__)
HANDLED_TYPES = {"m.room.message", "m.reaction", "m.room.member", "m.room.encrypted"}


class Dispatcher:
    def __init__(self, services: Services, crypto: Crypto | None = None) -> None:
        self.services = services
        self.crypto = crypto
        self.creators: dict[str, set[str]] = {}  # room v12+: creators hold top power outside power_levels

    @property
    def me(self) -> str:
        return self.services.user_id

    # --------------------------------------------------------------------------------------------- syncs
    async def handle_sync(self, response: SyncResponse, since: str | None) -> None:
        """Handle one sync batch. `since=None` is the very first start: history is not answered."""
        await self._handle_invites(response)
        self._track_creators(response)
        if since is None:
            return
        work = []
        for room_id, info in response.rooms.join.items():
            events = list(info.timeline.events)
            joined_now = self._index_of_own_join(events)
            if joined_now is not None:
                events = events[joined_now + 1 :]  # a room we just joined: its history is not ours to answer
            elif info.timeline.limited and info.timeline.prev_batch:
                gap = await self.services.matrix.fetch_gap(room_id, info.timeline.prev_batch, since)
                self.services.counters["gap_events"] += len(gap)
                events = _dedupe([*gap, *events])
            if events:
                work.append(self.handle_room_events(room_id, events))
        await asyncio.gather(*work)

    def _track_creators(self, response: SyncResponse) -> None:
        for room_id, info in response.rooms.join.items():
            for event in [*info.state, *info.timeline.events]:
                source = event.source
                if source.get("type") == "m.room.create" and source.get("state_key") == "":
                    extra = (source.get("content") or {}).get("additional_creators") or []
                    self.creators[room_id] = {source["sender"], *[c for c in extra if isinstance(c, str)]}

    def _index_of_own_join(self, events: list[Event]) -> int | None:
        for index, event in enumerate(events):
            source = event.source
            if (
                source.get("type") == "m.room.member"
                and source.get("state_key") == self.me
                and source.get("content", {}).get("membership") == "join"
                and (source.get("unsigned", {}).get("prev_content") or {}).get("membership") != "join"
            ):
                return index
        return None

    async def _handle_invites(self, response: SyncResponse) -> None:
        settings = self.services.settings
        for room_id, info in response.rooms.invite.items():
            inviter = next(
                (
                    e.sender
                    for e in info.invite_state
                    if isinstance(e, InviteMemberEvent) and e.state_key == self.me and e.membership == "invite"
                ),
                None,
            )
            allowed = inviter is not None and invite_allowed(
                inviter,
                coordinators=settings.coordinators,
                users=settings.auto_join.users,
                servers=settings.auto_join.servers,
                own_server=settings.server_name,
                from_coordinators=settings.auto_join.from_coordinators,
                from_own_server=settings.auto_join.from_own_server,
            )
            if allowed:
                joined = await self.services.matrix.join(room_id)
                log.info("invite accepted", extra={"room_id": room_id, "inviter": inviter, "joined": joined})
            else:
                await self.services.matrix.reject(room_id)
                log.info("invite rejected by the auto-join policy", extra={"room_id": room_id, "inviter": inviter})

    # -------------------------------------------------------------------------------------------- events
    async def handle_room_events(self, room_id: str, events: list[Event]) -> None:
        candidates = [e for e in events if self._wants(e)]
        if not candidates:
            return
        async with self.services.db.session() as session:
            todo = await state.unhandled(session, [e.event_id for e in candidates])
        for event in candidates:
            if event.event_id in todo and isinstance(event, MegolmEvent):
                if self.crypto is not None:  # not readable yet: wait for the room key, never drop it
                    await self.crypto.park(room_id, event)
                continue
            if event.event_id in todo:
                try:
                    await self.handle_event(room_id, event)
                except Exception:  # e.g. the reply itself was refused: log once, never stop the bot
                    self.services.counters["errors"] += 1
                    log.exception("event handling failed", extra={"event_id": event.event_id, "room_id": room_id})
                async with self.services.db.begin() as session:
                    await state.mark_handled(session, event.event_id, room_id)

    def _wants(self, event: Event) -> bool:
        source = event.source
        if source.get("sender") == self.me or source.get("type") not in HANDLED_TYPES:
            return False
        content = source.get("content") or {}
        if source.get("type") == "m.room.message":
            if content.get("msgtype") == "m.notice":
                return False  # other bots speak in notices: never answer them (no bot loops)
            if (content.get("m.relates_to") or {}).get("rel_type") == "m.replace":
                return False  # an edit: the original was already answered
        return bool(getattr(event, "event_id", None))

    async def handle_event(self, room_id: str, event: Event) -> None:
        self.services.counters["events"] += 1
        source = event.source
        content = source.get("content") or {}
        kind = source["type"]
        ctx_args = {
            "services": self.services,
            "room_id": room_id,
            "sender": source["sender"],
            "event_id": event.event_id,
            "content": content,
            "is_direct": self.is_direct(room_id),
        }
        if kind == "m.room.message" and isinstance(content.get("body"), str):
            invocation = parse_invocation(content["body"], self.services.settings.command_prefix)
            if invocation is not None:
                await self.run_command(CommandContext(**ctx_args), invocation.name, invocation.args)
                return
            await self._notify("message", EventContext(**ctx_args), event)
        elif kind == "m.reaction":
            await self._notify("reaction", EventContext(**ctx_args), event)
        elif kind == "m.room.member":
            if self.services.dms is not None:
                membership = content.get("membership", "")
                await self.services.dms.on_member(room_id, source.get("state_key", ""), membership)
            await self._notify("member", EventContext(**ctx_args), event)

    async def _notify(self, kind: Any, ctx: EventContext, event: Event) -> None:
        for listener in self.services.registry.listeners(kind):
            try:
                await listener.func(ctx, event)
            except Exception:
                self.services.counters["errors"] += 1
                log.exception("listener failed", extra={"listener": listener.group, "event_id": ctx.event_id})

    # ------------------------------------------------------------------------------------------ commands
    async def run_command(self, ctx: CommandContext, name: str, args: str) -> None:
        registry = self.services.registry
        prefix = ctx.prefix
        resolved = registry.resolve(name, args)
        if resolved is None:
            guess = suggest(name, registry.top_level_names())
            hint = f" — did you mean {code(prefix + guess)}?" if guess else "."
            await ctx.reply(
                f"Unknown command {code(prefix + name)}{hint} {code(prefix + 'help')} lists the commands.",
                markdown=True,
            )
            return
        command, rest = resolved
        ctx.command, ctx.args = command, rest
        ctx.is_coordinator = self.is_coordinator(ctx.room_id, ctx.sender)
        self.services.counters["commands"] += 1
        if command.coordinators_only and not ctx.is_coordinator:
            log.info("coordinator command refused", extra={"command": command.name, "sender": ctx.sender})
            await ctx.reply(
                f"Sorry, {code(prefix + command.name)} is for coordinators only. "
                f"{code(prefix + 'help')} shows what you can use.",
                markdown=True,
            )
            return
        try:
            await command.func(ctx, rest)
        except UsageError as exc:
            await ctx.reply(f"{exc}\nUsage: {code(command.usage_line(prefix))}", markdown=True)
        except UserError as exc:
            await ctx.reply(str(exc), markdown=True)
        except Exception:
            ref = uuid.uuid4().hex[:6]
            self.services.counters["errors"] += 1
            log.exception("command failed", extra={"command": command.name, "event_id": ctx.event_id, "ref": ref})
            await ctx.reply(f"Sorry, that failed on my side (ref {ref}). The coordinators can find it in the log.")

    # ------------------------------------------------------------------------------------------ room facts
    def is_direct(self, room_id: str) -> bool:
        room = self.services.matrix.client.rooms.get(room_id)
        if room is None:
            return False
        return len(room.users) + len(room.invited_users) <= 2

    def is_coordinator(self, room_id: str, user_id: str) -> bool:
        settings = self.services.settings
        room = self.services.matrix.client.rooms.get(room_id)
        level = room.power_levels.get_user_level(user_id) if room is not None else None
        if room is not None and user_id in self.creators.get(room_id, ()) and user_id not in room.power_levels.users:
            level = 100  # a room creator in room version 12+ (nio does not know them)
        return is_coordinator(
            user_id,
            listed=settings.coordinators,
            power_level=level,
            threshold=settings.coordinator_power_level,
            is_direct=self.is_direct(room_id),
        )


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[str] = set()
    unique = []
    for event in events:
        event_id = getattr(event, "event_id", None)
        if event_id and event_id in seen:
            continue
        if event_id:
            seen.add(event_id)
        unique.append(event)
    return unique
