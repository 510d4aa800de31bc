"""The coordinators' dashboard: needs, gaps, events and participation in the browser, signed in through Matrix
(a one-time link the bot sends by DM), with the chat's own authority model and commands behind every change.

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.dashboard import commands  # noqa: F401 - it declares on the feature
from handlers.dashboard.feature import feature

__all__ = ["feature"]
