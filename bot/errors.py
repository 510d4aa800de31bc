"""Exceptions whose message is meant for the person in the room, and the ones that are not."""


class UserError(Exception):
    """Its message is safe and useful to show in the room as-is."""


class UsageError(UserError):
    """Malformed command; the core appends the command's usage line."""


class NotAllowed(UserError):
    """The sender may not run this command (a coordinator command asked by a member)."""


class NotFound(UserError):
    """An id that names nothing; the message says where to find valid ids."""


class ConfigError(Exception):
    """config.yaml (or an NCC_BOT_* variable) is invalid; the message names each bad setting."""
