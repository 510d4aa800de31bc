"""What the events feature says to coordinators and rooms, in seven languages (kept in phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import Phrasebook

EVENTS = Phrasebook.load(Path(__file__).with_name("phrases.yaml"))
