"""Edited commands. Element users fix a typo by editing their message (`m.replace`): `!pnig` edited to `!ping`
is run again, and the bot edits its own answer to the original instead of posting a second one.

Only a command the bot answered can be re-run this way, by its own sender, within `edit_window_minutes`; an edit
of anything else (chat, or a message that only becomes a command by the edit) is ignored. A command that changed
something (a need filed, an event added) is not run a second time by an edit, which would do it twice: the sender
is told to send the corrected command anew. Read-only commands, and commands that did nothing (unknown, refused,
malformed), are re-run. The record keeps hashes
of the command's event id and sender and the id of the bot's own reply: nothing a person could be traced by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, delete
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base, Database, UtcDateTime, id_key, utcnow


class CommandReply(Base):
    __tablename__ = "core_command_reply"
    event_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the command's event id, hashed
    sender_key: Mapped[str] = mapped_column(String(64))  # its sender, hashed: only they may edit it
    reply_event_id: Mapped[str] = mapped_column(String(255))  # the bot's answer, which an edit edits in turn
    rerunnable: Mapped[bool] = mapped_column(default=True)  # it changed nothing: running it again is harmless
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


@dataclass(frozen=True)
class Edit:
    original_event_id: str
    new_content: dict[str, Any]


def edit_of(content: dict[str, Any]) -> Edit | None:
    """The edit an `m.room.message` carries, if it is one (with the replacement content)."""
    relates = content.get("m.relates_to") or {}
    new = content.get("m.new_content")
    target = relates.get("event_id") if isinstance(relates, dict) else None
    if isinstance(relates, dict) and relates.get("rel_type") == "m.replace" and isinstance(target, str):
        return Edit(target, new if isinstance(new, dict) else {})
    return None


async def remember(
    db: Database, event_id: str, sender: str, reply_event_id: str, now: datetime, *, rerunnable: bool
) -> None:
    async with db.begin() as session:
        row = await session.get(CommandReply, id_key(event_id))
        if row is None:
            session.add(
                CommandReply(
                    event_key=id_key(event_id),
                    sender_key=id_key(sender),
                    reply_event_id=reply_event_id,
                    rerunnable=rerunnable,
                    created_at=now,
                )
            )
        elif not rerunnable:
            row.rerunnable = False  # an edit that finally ran a changing command: further edits must not repeat it


async def reply_to_edit(db: Database, edit: Edit, sender: str, window: timedelta, now: datetime) -> CommandReply | None:
    """The record of the edited command, if this edit concerns it (same sender, within the window)."""
    async with db.session() as session:
        row = await session.get(CommandReply, id_key(edit.original_event_id))
    if row is None or row.sender_key != id_key(sender) or now - row.created_at > window:
        return None
    return row


async def prune(db: Database, window: timedelta, now: datetime) -> None:
    async with db.begin() as session:
        await session.execute(delete(CommandReply).where(CommandReply.created_at < now - window))
