"""The `faq:` section of config.yaml, with its per-room option (the passive-answer mode)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config import ConfigPath, RoomId, RoomIdOnly

Mode = Literal["off", "mention", "auto"]


class FaqRoomOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode | None = None


class FusedThresholds(BaseModel):
    """The bands and weights of the fused (lexical + semantic) score, calibrated on the dev set
    (`./dev bench faq_eval --calibrate`); see handlers/faq/fusion.py."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    confident: float = Field(50.0, ge=0, le=100)
    margin: float = Field(6.0, ge=0, le=100)
    ambiguous: float = Field(45.0, ge=0, le=100)
    lexical_weight: float = Field(0.5, ge=0, le=1)
    cosine_floor: float = Field(0.3, ge=0, lt=1)
    auto_confident: float = Field(65.0, ge=0, le=100)  # passive `auto` mode answers only above this
    # "Don't know" when a kind of request never answered (faq.declines) scores this many points above the best
    # entry (negative: even a little below it); null: declines are ignored.
    decline_margin: float | None = Field(-10.0, ge=-100, le=100)


class FaqConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    knowledge_base: ConfigPath | None = None  # file or directory; default: the shipped knowledge/faq/
    declines: ConfigPath | None = None  # kinds of request never answered; default: the shipped knowledge/declines.yaml
    mode: Mode = "mention"  # passive answering where a room does not say otherwise
    rooms: dict[RoomId, FaqRoomOptions] = Field(default_factory=dict)  # per-room options, by room id or alias
    semantic: bool = True  # fuse the shared sentence encoder with the lexical matcher; false: lexical only
    fused: FusedThresholds = FusedThresholds()
    # The lexical-only matcher's bands (semantic: false, or while the encoder is still loading):
    confident: float = Field(58.0, ge=0, le=100)  # answer at or above this score ...
    margin: float = Field(6.0, ge=0, le=100)  # ... when the runner-up is this far behind
    ambiguous: float = Field(55.0, ge=0, le=100)  # "did you mean" at or above this score
    auto_confident: float = Field(80.0, ge=0, le=100)  # passive `auto` mode answers only above this
    decline_margin: float | None = Field(-10.0, ge=-100, le=100)  # the lexical matcher's, as under `fused`
    # Unanswered questions are offered to be passed on to this room (a room id: an alias could be re-pointed);
    # unset, they only go to the gaps log (`!faq gaps`).
    coordinators_room: RoomIdOnly | None = None
    choice_minutes: int = Field(30, ge=1)  # how long a "did you mean" waits for the number
    max_question_chars: int = Field(500, ge=20)

    def mode_in(self, room_id: str) -> Mode:
        options = self.rooms.get(room_id)
        return options.mode if options is not None and options.mode is not None else self.mode
