"""A change made in the browser is the chat command itself, run as the signed-in person: the same parser,
validation, authority (the room facts decide, as in the chat) and side effects (the author's DM), so the two can
never disagree. What the command would have replied is shown on the page instead of posted in a room."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.context import CommandContext, Services
from bot.errors import UsageError, UserError
from bot.messages import markdown_to_plain
from bot.permissions import Authority


@dataclass
class WebContext(CommandContext):
    said: list[str] = field(default_factory=list)

    async def reply(self, text: str, html: str | None = None, *, markdown: bool = False, **_: Any) -> str:
        self.said.append(markdown_to_plain(text) if markdown else text)
        return f"$web-reply-{len(self.said)}"

    async def send(self, room_id: str, content: dict[str, Any], *, event_type: str = "m.room.message") -> str:
        if room_id == self.room_id:  # what the command would post where it was asked: shown on the page
            self.said.append(str(content.get("body", "")))
            return f"$web-send-{len(self.said)}"
        return await super().send(room_id, content, event_type=event_type)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    messages: tuple[str, ...]


async def run_as(services: Services, user_id: str, name: str, args: str, *, room_id: str, submission: str) -> Outcome:
    """`!<name> <args>` as `user_id` would type it in `room_id`; `submission` (the form's nonce) keys its
    transactions, so a form sent twice is one change and one DM."""
    command = services.registry.find(name)
    if command is None:
        raise LookupError(name)
    authority = services.rooms.authority(room_id, user_id)
    ctx = WebContext(
        services=services, room_id=room_id, sender=user_id, event_id=f"$web-{submission}",
        content={"msgtype": "m.text", "body": f"{services.settings.command_prefix}{name} {args}"},
        command=command, args=args, authority=authority,
    )  # fmt: skip
    if authority < command.requires:
        return Outcome(False, ("You may not do this here.",))
    try:
        await command.func(ctx, args)
    except UsageError as exc:
        return Outcome(False, (exc.text(ctx.language), f"Usage: {command.usage_line(ctx.prefix)}"))
    except UserError as exc:
        return Outcome(False, (exc.text(ctx.language),))
    return Outcome(True, tuple(ctx.said))


__all__ = ["Authority", "Outcome", "WebContext", "run_as"]
