"""User text is never interpreted as Markdown in the bot's replies: whatever a person types, quoting it yields
one code span with their (shortened) words as plain text, never a link, an image or markup the bot did not write."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bot.messages import QUOTE_LIMIT, markdown_to_html, quoted
from tests.fakes import TestBed

MARKUP = st.sampled_from(["`", "``", "```", "\n", "\n\n", "[", "](", ")", "!", "<", ">", "*", "_", "#", "\\", "|", " "])
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=40).map("".join)
ATTACKS = [
    "x``  [Your NCC account is suspended - verify here](https://evil.example/login) ``y",
    "x` ![img](mxc://evil/track) `",
    "a\n\n[link](https://evil.example)",
    "<img src=x onerror=alert(1)>",
]


def spans(rendered: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r"<code>(.*?)</code>", rendered, flags=re.S)]


@given(TEXT)
def test_quoted_text_is_one_code_span_and_nothing_else(text: str) -> None:
    rendered = markdown_to_html(f"`{'x'}` is not a category: {quoted(text)} — see `!help`.")
    assert "<a " not in rendered and "<img" not in rendered
    words = " ".join(text.split()).replace("\x00", "\ufffd")  # CommonMark shows NUL as U+FFFD
    inner = spans(rendered)
    assert len(inner) == 3, rendered
    shown = inner[1].strip()
    expected = words if len(words) <= QUOTE_LIMIT else words[: QUOTE_LIMIT - 1].rstrip() + "…"
    assert shown == expected.strip() or (not expected.strip() and not shown)


async def test_the_reported_injections_render_as_text(tmp_path: Path) -> None:
    bed = await TestBed.start(tmp_path)
    try:
        for attack in ATTACKS:
            for command in (f"!help {attack}", f"!need category 1 {attack}", f"!event add {attack} | x"):
                sent = await bed.say(command)
                formatted = " ".join(s.content.get("formatted_body", "") for s in sent)
                assert "<a " not in formatted and "<img" not in formatted, (command, formatted)
    finally:
        await bed.close()


def test_long_text_is_not_echoed_at_length() -> None:
    assert len(quoted("y" * 64_000)) < QUOTE_LIMIT + 10
