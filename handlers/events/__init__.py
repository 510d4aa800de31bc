"""Events, reminders and scheduled announcements: on time, exactly once, in the room's time zone.

The router is defined in `commands.py`; importing the other modules registers their commands, jobs and listeners.
"""

from handlers.events import announce, cli, jobs, listeners  # noqa: F401 - they register on the router
from handlers.events.commands import router

__all__ = ["router"]
