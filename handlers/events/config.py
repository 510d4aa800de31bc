"""The `events:` section of config.yaml: default reminders, misfire policy, config-declared announcements."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.config import RoomId, check_timezone
from bot.errors import UserError
from bot.messages import markdown_to_plain
from handlers.events.when import parse_offsets, parse_schedule


def checked(parse: object, value: str) -> str:
    """Run a chat parser at config time: what would fail on every `!event add` fails `check-config` instead."""
    try:
        parse(value)  # type: ignore[operator]
    except UserError as exc:
        raise ValueError(markdown_to_plain(str(exc))) from None
    return value


class ConfigAnnouncement(BaseModel):
    """A recurring announcement declared in config.yaml; synced at start-up (added, changed or removed)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]{1,39}$")
    rooms: list[RoomId] = Field(min_length=1)
    schedule: str  # cron or plain words, as in `!announce every`
    timezone: str | None = None  # default: each room's zone
    text: str = Field(min_length=1)  # Markdown

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        return checked(parse_schedule, value)


class EventsRoomOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_room_mention: bool = False  # reminders in this room start with @room (and notify everyone)


class EventsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    default_reminders: list[str] = Field(default_factory=lambda: ["7d", "1d", "1h"])
    late_note_after_seconds: int = Field(60, ge=0)  # a reminder this late says it is late
    announcement_grace_minutes: int = Field(60, ge=0)  # a recurring announcement later than this is skipped
    announcements: list[ConfigAnnouncement] = Field(default_factory=list)
    rooms: dict[RoomId, EventsRoomOptions] = Field(default_factory=dict)  # per-room options, by room id or alias

    @field_validator("default_reminders")
    @classmethod
    def _offsets(cls, value: list[str]) -> list[str]:
        checked(parse_offsets, ",".join(value))
        return value

    def room_mention_allowed(self, room_id: str) -> bool:
        options = self.rooms.get(room_id)
        return options is not None and options.allow_room_mention
