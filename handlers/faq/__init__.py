"""FAQ: answers members' questions on the NCC call and EU dissemination rules, in their language.

The router is defined in `commands.py`; importing the other modules registers their commands and listeners.
"""

from handlers.faq import cli, curation, listeners  # noqa: F401 - they register on the router
from handlers.faq.commands import router

__all__ = ["router"]
