"""The events feature's declaration: config section and the modules that add its commands, jobs,
RSVP listener, start-up reconciliation, CLI and privacy hooks.

Events, reminders and scheduled announcements: on time, exactly once, in the room's time zone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.feature import Feature
from handlers.events.config import EventsConfig
from handlers.help import HELP_DIR

if TYPE_CHECKING:
    from handlers.events.service import EventsService

feature: Feature[EventsConfig, EventsService] = Feature(
    "events", config=EventsConfig, description="Events and announcements", translations=HELP_DIR / "events.yaml"
)
REMINDERS = feature.counter(
    "reminders", help="Event reminders by outcome: on_time, late (sent with a note), skipped.", labels=("outcome",)
)
ANNOUNCEMENTS = feature.counter(
    "announcements", help="Announcement occurrences by outcome: on_time, late, skipped.", labels=("outcome",)
)
