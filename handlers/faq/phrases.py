"""What the FAQ says to coordinators (curation, gaps, figures, passed-on questions) and the member replies that
are not answers, in seven languages (kept in phrases.yaml; the answers' own frame is in render.py)."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import Phrasebook

FAQ = Phrasebook.load(Path(__file__).with_name("phrases.yaml"))
