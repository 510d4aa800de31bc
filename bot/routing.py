"""Routing: a new event to the one feature that takes it.

A message that is a command goes to that command (with the sender's authority checked and its errors turned
into helpful replies). Any other event goes to the listeners for its type in their declared order; the first
that claims it (returns True) ends its journey, so a reply inside a guided dialogue never also reaches the
FAQ's number picker or passive answering.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from nio.events import Event

from bot import edits, metrics, phrases
from bot.commands import parse_invocation, suggest
from bot.context import CommandContext, EventContext, Services
from bot.edits import Edit, edit_of
from bot.errors import UsageError, UserError
from bot.feature import Command
from bot.messages import code, notice
from bot.permissions import Authority
from bot.ratelimit import SenderLimits, Verdict

log = logging.getLogger(__name__)


UNLIMITED_TYPES = frozenset({"m.room.member"})  # membership bookkeeping (the DM outbox) always runs


class Routing:
    def __init__(self, services: Services) -> None:
        self.services = services
        limits = services.settings.limits
        self.limits = SenderLimits(
            per_minute=limits.messages_per_minute, burst=limits.burst, privileged_factor=limits.moderator_factor
        )

    async def route(self, room_id: str, event: Event) -> None:
        services = self.services
        services.metrics.inc(metrics.EVENTS)
        source = event.source
        services.metrics.event_seen(source.get("origin_server_ts"), services.now())
        content = source.get("content") or {}
        event_type = source["type"]
        authority = services.rooms.authority(room_id, source["sender"])  # once per event: limits and commands
        privileged = authority >= Authority.ROOM_MODERATOR
        if event_type not in UNLIMITED_TYPES and not await self._within_limits(room_id, event, source, privileged):
            return
        fields = {
            "services": services,
            "room_id": room_id,
            "sender": source["sender"],
            "event_id": event.event_id,
            "content": content,
            "is_direct": services.rooms.is_direct(room_id),
            "event_type": event_type,
            "source": source,
        }
        if event_type == "m.room.message" and (edit := edit_of(content)) is not None:
            await self._edited(fields, edit, authority)  # never offered to listeners: chat edits are not news
            return
        if event_type == "m.room.message" and isinstance(content.get("body"), str):
            body = content["body"]
            too_long = len(body) > services.settings.limits.max_command_chars
            invocation = None if too_long else parse_invocation(body, services.settings.command_prefix)
            if too_long and body.lstrip().startswith(services.settings.command_prefix):
                ctx = EventContext(**fields)
                limit = services.settings.limits.max_command_chars
                await ctx.reply(phrases.say("too_long", ctx.language, length=f"{len(body):,}", limit=f"{limit:,}"))
                return
            if invocation is not None:
                await self.run_command(CommandContext(**fields, authority=authority), invocation.name, invocation.args)
                return
        await self.offer(EventContext(**fields))

    async def _within_limits(self, room_id: str, event: Event, source: dict, privileged: bool) -> bool:
        """Spend one of the sender's tokens (more for moderators); over the limit, say so once, then nothing."""
        sender = source["sender"]
        at = (source.get("origin_server_ts") or 0) / 1000 or self.services.now().timestamp()
        verdict = self.limits.check(sender, at, privileged=privileged)
        if verdict is Verdict.ALLOW:
            return True
        self.services.metrics.inc(metrics.SENDER_LIMITED)
        if verdict is Verdict.WARN:
            log.info("sender rate-limited", extra={"sender": sender, "room_id": room_id})
            lang = self.services.languages.of(sender) or self.services.settings.room_language(room_id)
            content = notice(phrases.say("slow_down", lang), reply_to=event.event_id)
            await self.services.matrix.send(room_id, content, tx_key=f"{event.event_id}#slow-down")
        return False

    async def _edited(self, fields: dict[str, Any], edit: Edit, authority: Authority) -> None:
        """An edited command runs again, its answer edited in place (see bot/edits.py); other edits are ignored."""
        settings = self.services.settings
        body = edit.new_content.get("body")
        window = timedelta(minutes=settings.edit_window_minutes)
        if not isinstance(body, str) or not window or len(body) > settings.limits.max_command_chars:
            return
        invocation = parse_invocation(body, settings.command_prefix)
        if invocation is None:
            return
        record = await edits.reply_to_edit(self.services.db, edit, fields["sender"], window, self.services.now())
        if record is None:
            return
        fields = {**fields, "content": edit.new_content, "answers": edit.original_event_id}
        if not record.rerunnable:
            ctx = EventContext(**fields)
            await ctx.reply(phrases.say("edited_after_running", ctx.language))
            return
        ctx = CommandContext(**fields, authority=authority, replaces=record.reply_event_id)
        await self.run_command(ctx, invocation.name, invocation.args)

    async def offer(self, ctx: EventContext) -> str | None:
        """Offer the event to its listeners in order; returns the feature that claimed it, if any."""
        for listener in self.services.registry.listeners(ctx.event_type):
            try:
                claimed = await listener.func(ctx)
            except Exception:
                self.services.metrics.inc(metrics.ERRORS, stage="listener")
                log.exception("listener failed", extra={"listener": listener.feature, "event_id": ctx.event_id})
                continue
            if claimed:
                return listener.feature
        return None

    async def run_command(self, ctx: CommandContext, name: str, args: str) -> None:
        """`ctx.authority` is the sender's in this room, as `route` found it."""
        registry = self.services.registry
        prefix = ctx.prefix
        resolved = registry.resolve(name, args)
        if resolved is None:
            guess = suggest(name, registry.top_level_names())
            lang = ctx.language
            hint = phrases.say("did_you_mean", lang, guess=code(prefix + guess)) if guess else "."
            self.services.metrics.inc(metrics.COMMANDS, command="(unknown)", outcome="unknown")
            text = phrases.say("unknown", lang, command=code(prefix + name), hint=hint, help=code(prefix + "help"))
            await ctx.reply(text, markdown=True)
            await self._remember(ctx, rerunnable=True)
            return
        command, rest = resolved
        ctx.command, ctx.args = command, rest
        outcome = await self._invoke(ctx, command, rest)
        self.services.metrics.inc(metrics.COMMANDS, command=command.name, outcome=outcome)
        await self._remember(ctx, rerunnable=command.read_only or outcome != "ok")

    async def _remember(self, ctx: CommandContext, *, rerunnable: bool) -> None:
        """Keep the answer's id, so that an edit of this command edits it (bot/edits.py)."""
        if ctx.first_reply is not None and self.services.settings.edit_window_minutes:
            original = ctx.answers or ctx.event_id
            await edits.remember(
                self.services.db, original, ctx.sender, ctx.first_reply, self.services.now(), rerunnable=rerunnable
            )

    async def _invoke(self, ctx: CommandContext, command: Command, rest: str) -> str:
        """Run the command within the sender's authority; returns its outcome for the metrics."""
        prefix = ctx.prefix
        if ctx.authority < command.requires:
            log.info("command refused", extra={"command": command.name, "sender": ctx.sender})
            lang = ctx.language
            hint = (
                phrases.say("try_instead", lang, command=code(prefix + command.instead))
                if command.instead
                else phrases.say("help_shows", lang, help=code(prefix + "help"))
            )
            who = phrases.say(phrases.WHO_KEYS[int(command.requires)], lang)
            refusal = phrases.say("refused", lang, command=code(prefix + command.name), who=who, hint=hint)
            await ctx.reply(refusal, markdown=True)
            return "refused"
        try:
            await command.func(ctx, rest)
        except UsageError as exc:
            usage = phrases.say("usage", ctx.language)
            await ctx.reply(f"{exc.text(ctx.language)}\n{usage}: {code(command.usage_line(prefix))}", markdown=True)
            return "invalid"
        except UserError as exc:
            await ctx.reply(exc.text(ctx.language), markdown=True)
            return "invalid"
        except Exception:
            ref = uuid.uuid4().hex[:6]
            self.services.metrics.inc(metrics.ERRORS, stage="command")
            log.exception("command failed", extra={"command": command.name, "event_id": ctx.event_id, "ref": ref})
            await ctx.reply(phrases.say("failed", ctx.language, ref=ref))
            return "failed"
        return "ok"
