"""What the needs feature says to coordinators, and to authors about their needs, in seven languages (kept in
phrases.yaml); and the names of the statuses, shown in the reader's language and read back in any of them."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import LANGUAGES, Phrasebook
from handlers.shared.text import fold

NEEDS = Phrasebook.load(Path(__file__).with_name("phrases.yaml"))


def status_name(status: str, lang: str) -> str:
    key = f"status_{status}"
    return NEEDS.say(key, lang) if key in NEEDS.texts else status


def status_from_name(word: str, statuses: tuple[str, ...]) -> str | None:
    """`ouvert`, `in Bearbeitung`, `in-progress`: the status a coordinator means, in whichever language."""
    wanted = fold(word).replace(" ", "-")
    for status in statuses:
        if any(fold(status_name(status, lang)).replace(" ", "-") == wanted for lang in LANGUAGES):
            return status
    return None
