"""Exceptions whose message is meant for the person in the room, and the ones that are not."""

from __future__ import annotations

from typing import Any


class UserError(Exception):
    """Its message is safe and useful to show in the room as-is: a str, or a Text (bot/i18n.py) said in the
    language of the person it answers."""

    def __init__(self, message: Any = "", *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def text(self, lang: str) -> str:
        render = getattr(self.message, "render", None)
        return render(lang) if callable(render) else str(self.message)

    def __str__(self) -> str:
        return self.text("en")


class UsageError(UserError):
    """Malformed command; the core appends the command's usage line."""


class NotAllowed(UserError):
    """The sender may not run this command (a coordinator command asked by a member)."""


class NotFound(UserError):
    """An id that names nothing; the message says where to find valid ids."""


class ConfigError(Exception):
    """config.yaml (or an NCC_BOT_* variable) is invalid; the message names each bad setting."""
