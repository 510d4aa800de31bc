"""Events, reminders and scheduled announcements: on time, exactly once, in the room's time zone.

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.events import announce, cli, commands, jobs, listeners, service  # noqa: F401 - they declare on the feature
from handlers.events.feature import feature

__all__ = ["feature"]
