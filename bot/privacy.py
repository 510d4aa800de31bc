"""Personal data across the whole bot: each feature's `personal_data` / `forget` hooks plus the core's own
traces (direct-message rooms and their outbox, messages waiting for a room key). Used by `!mydata` / `!forgetme`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from bot import state
from bot.dm import DirectRoom, Outbox
from bot.edits import CommandReply
from bot.storage import id_key

if TYPE_CHECKING:
    from bot.context import Services
    from bot.registry import Registry


class Privacy:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    async def collect(self, services: Services, user_id: str) -> dict[str, Any]:
        """Everything held about `user_id`, one key per feature, plus `core`."""
        data: dict[str, Any] = {"user_id": user_id, "exported_at": services.now().isoformat()}
        data["core"] = await self._core_data(services, user_id)
        for feature in self.registry.features:
            for hook in feature.personal_data_hooks:
                data[feature.name] = await hook(services, user_id)
        return data

    async def forget(self, services: Services, user_id: str) -> None:
        for feature in self.registry.features:
            for hook in feature.forget_hooks:
                await hook(services, user_id)
        async with services.db.begin() as session:
            await session.execute(delete(state.Undecrypted).where(state.Undecrypted.user_id == user_id))
            await session.execute(delete(Outbox).where(Outbox.user_id == user_id))
            await session.execute(delete(DirectRoom).where(DirectRoom.user_id == user_id))
            await session.execute(delete(CommandReply).where(CommandReply.sender_key == id_key(user_id)))
        await services.languages.forget(services.db, user_id)

    async def _core_data(self, services: Services, user_id: str) -> dict[str, Any]:
        async with services.db.session() as session:
            room = await session.get(DirectRoom, user_id)
            waiting = list(await session.scalars(select(Outbox).where(Outbox.user_id == user_id)))
            parked = list(await session.scalars(select(state.Undecrypted).where(state.Undecrypted.user_id == user_id)))
            mine = CommandReply.sender_key == id_key(user_id)
            replies = list(await session.scalars(select(CommandReply).where(mine)))
        return {
            "language_you_chose": services.languages.of(user_id),
            "direct_message_room": room.room_id if room else None,
            "messages_waiting_for_you": [{"queued_at": m.created_at.isoformat()} for m in waiting],
            "your_messages_waiting_for_a_room_key": [
                {"event_id": p.event_id, "room_id": p.room_id, "first_seen_at": p.first_seen_at.isoformat()}
                for p in parked
            ],
            "answers_your_edits_would_change": [  # kept for edit_window_minutes, so an edited command edits them
                {"answer_event_id": r.reply_event_id, "at": r.created_at.isoformat()} for r in replies
            ],
        }
