"""What the network feature says, in seven languages: NCCs, groups and announcements (phrases.yaml), attendance,
participation and post-event rounds (rounds.yaml), peer introductions (peers.yaml)."""

from __future__ import annotations

from pathlib import Path

from handlers.shared.i18n import Phrasebook

HERE = Path(__file__).parent
NETWORK = Phrasebook.load(HERE / "phrases.yaml")
ROUNDS = Phrasebook.load(HERE / "rounds.yaml")
PEERS = Phrasebook.load(HERE / "peers.yaml")


def in_quotes(text: str, limit: int = 80) -> str:
    """Someone's words inside a plain-text notice (escaped as HTML there): one line, shortened, in quotes."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"
