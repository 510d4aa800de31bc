"""The network layer: which NCC a room and a person belong to, capacity groups of NCCs, announcements and events
for a group, an NCC or the whole network (one message per room, exactly once), participation in events, the
post-event needs round, and peer introductions between NCCs with similar needs (with both sides' consent).

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.network import attendance, broadcast, commands, followup, intros, participation  # noqa: F401
from handlers.network.feature import feature

__all__ = ["feature"]
