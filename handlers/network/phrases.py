"""What the network feature says, in seven languages (kept in phrases.yaml)."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import Phrasebook

NETWORK = Phrasebook.load(Path(__file__).with_name("phrases.yaml"))
