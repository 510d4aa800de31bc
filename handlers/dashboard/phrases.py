"""What the dashboard says in the chat, in seven languages (phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import Phrasebook

DASHBOARD = Phrasebook.load(Path(__file__).with_name("phrases.yaml"))
