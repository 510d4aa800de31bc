"""Needs: members tell the coordinators what their NCC needs, in one line or a guided DM conversation.

The router is defined in `commands.py`; importing the other modules registers their commands and listeners.
"""

from handlers.needs import cli, coordination, listeners  # noqa: F401 - they register on the router
from handlers.needs.commands import router

__all__ = ["router"]
