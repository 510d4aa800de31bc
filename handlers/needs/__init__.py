"""Needs: members tell the coordinators what their NCC needs, in one line or a guided DM conversation.

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.needs import cli, commands, coordination, listeners, profile  # noqa: F401 - they declare on the feature
from handlers.needs.feature import feature

__all__ = ["feature"]
