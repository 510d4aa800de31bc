"""The `needs:` section of config.yaml."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.config import ConfigPath


class NeedsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories_file: ConfigPath | None = None  # default: the shipped handlers/needs/categories.yaml
    semantic: bool = True  # propose categories with the shared encoder too; false: keywords only
    duplicate_threshold: float = Field(75.0, ge=0, le=100)  # similarity from which an open need is offered for +1
    duplicate_cosine: float = Field(0.45, ge=-1, le=1)  # with the encoder: whole texts this close (DuplicateRule)
    dialogue_expiry_hours: float = Field(24.0, gt=0)  # an abandoned guided dialogue ends after this long
    closed_retention_days: int | None = Field(730, ge=1)  # addressed/declined/withdrawn needs are deleted after
    page_size: int = Field(10, ge=1, le=50)
    max_chars: int = Field(2000, ge=20, le=20_000)
