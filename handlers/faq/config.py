"""The `faq:` section of config.yaml, with its per-room option (the passive-answer mode)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config import ConfigPath, RoomId

Mode = Literal["off", "mention", "auto"]


class FaqRoomOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode | None = None


class FaqConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    knowledge_base: ConfigPath | None = None  # file or directory; default: the shipped knowledge/faq/
    mode: Mode = "mention"  # passive answering where a room does not say otherwise
    rooms: dict[RoomId, FaqRoomOptions] = Field(default_factory=dict)  # per-room options, by room id or alias
    confident: float = Field(50.0, ge=0, le=100)  # answer at or above this score ...
    margin: float = Field(8.0, ge=0, le=100)  # ... when the runner-up is this far behind
    ambiguous: float = Field(42.0, ge=0, le=100)  # "did you mean" at or above this score
    auto_confident: float = Field(80.0, ge=0, le=100)  # passive `auto` mode answers only above this
    choice_minutes: int = Field(30, ge=1)  # how long a "did you mean" waits for the number
    max_question_chars: int = Field(500, ge=20)

    def mode_in(self, room_id: str) -> Mode:
        options = self.rooms.get(room_id)
        return options.mode if options is not None and options.mode is not None else self.mode
