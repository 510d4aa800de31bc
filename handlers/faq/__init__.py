"""FAQ: answers members' questions on the NCC call and EU dissemination rules, in their language.

The feature is declared in `feature.py`; its other modules add to it when imported, here.
"""

from handlers.faq import cli, commands, curation, listeners, relay  # noqa: F401 - they declare on the feature
from handlers.faq.feature import feature

__all__ = ["feature"]
