"""A chatty question read as sentences: "my director keeps asking... what is this call for?".

Both signals need it. The encoder compares the whole message and its last sentences (the context dilutes the
whole message's vector). The lexical side counts the words said only before the question sentence for less: a
context sentence brings words no entry uses ("board", "tomorrow", a town), and at full weight they counted
against the right entry as much as an off-topic word in the question itself. Pure text; no numpy here, so the
lexical-only bot can use it.
"""

from __future__ import annotations

import re

from handlers.shared.text import content_stems, tokens

SENTENCE_RE = re.compile(r"(?<=[.?!;:¿¡…])\s+|\n+|\s+[-–—]\s+")
MAX_SEGMENTS = 3  # the whole message plus its last two sentences


def segments(question: str) -> list[str]:
    """The whole question, then up to two of its last sentences that have three words or more."""
    parts = [p.strip() for p in SENTENCE_RE.split(question) if p and p.strip()]
    tail = [p for p in parts if len(tokens(p)) >= 3][-(MAX_SEGMENTS - 1) :] if len(parts) > 1 else []
    return [question, *(p for p in tail if p != question)]


def context_stems(question: str, lang: str, memo: dict[str, str] | None = None) -> frozenset[str]:
    """The stems said only before the question sentence (the last of three words or more); none for a message
    of one sentence. `memo`: as for content_stems (an index build's)."""
    parts = segments(question)
    if len(parts) < 2:
        return frozenset()
    last = parts[-1]
    before = question[: question.rfind(last)]
    return frozenset(content_stems(before, lang, memo)) - frozenset(content_stems(last, lang, memo))
