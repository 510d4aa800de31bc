"""The network layer: which NCC a room and a person belong to, capacity groups of NCCs, and announcements to a
group, an NCC or the whole network (one message per room, exactly once).

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.network import broadcast, commands  # noqa: F401 - they declare on the feature
from handlers.network.feature import feature

__all__ = ["feature"]
