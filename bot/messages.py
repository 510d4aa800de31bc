"""Building message contents: m.notice, HTML with a plain-text body from the same data, real replies.

All user text entering HTML goes through `escape`; Markdown is rendered with raw HTML disabled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt

BACKTICK_RUNS = re.compile(r"`+")
QUOTE_LIMIT = 100  # characters of someone's text a reply may repeat
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable("table")


def markdown_to_html(text: str) -> str:
    """Markdown to HTML; any HTML in the source is shown as text, never interpreted."""
    return _markdown.render(text).strip()


def pill(user_id: str, display_name: str | None = None) -> str:
    """A clickable mention of a user (HTML); pair it with `mention_ids` so the client pings them."""
    return f'<a href="https://matrix.to/#/{escape(user_id)}">{escape(display_name or user_id)}</a>'


def notice(
    text: str,
    html: str | None = None,
    *,
    reply_to: str | None = None,
    thread_root: str | None = None,
    mention_ids: Sequence[str] = (),
    msgtype: str = "m.notice",
) -> dict[str, Any]:
    """A bot message. `m.mentions` is always set, so nobody is pinged by accident."""
    content: dict[str, Any] = {
        "msgtype": msgtype,
        "body": text,
        "m.mentions": {"user_ids": list(mention_ids)},
    }
    if html is not None:
        content |= {"format": "org.matrix.custom.html", "formatted_body": html}
    if thread_root:
        content["m.relates_to"] = {
            "rel_type": "m.thread",
            "event_id": thread_root,
            "is_falling_back": reply_to is None,
            "m.in_reply_to": {"event_id": reply_to or thread_root},
        }
    elif reply_to:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": reply_to}}
    return content


def markdown_notice(markdown: str, **kwargs: Any) -> dict[str, Any]:
    """A notice written in Markdown: the Markdown is the plain body, its rendering the HTML."""
    return notice(markdown, markdown_to_html(markdown), **kwargs)


def file_content(filename: str, content_type: str, size: int, location: dict[str, Any]) -> dict[str, Any]:
    """An m.file event; `location` is what the upload returned (`url`, or `file` with keys when encrypted)."""
    return {
        "msgtype": "m.file",
        "body": filename,
        "filename": filename,
        **location,
        "info": {"mimetype": content_type, "size": size},
    }


VARIATION_AND_SKIN_TONE = "\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"


def reaction_of(content: dict[str, Any]) -> tuple[str, str] | None:
    """An `m.reaction`'s (key, target event id), the key without variation selector or skin tone
    (`👍🏽️` -> `👍`), so features compare plain emoji; None if it is not an annotation."""
    relates = content.get("m.relates_to") or {}
    key, target = relates.get("key"), relates.get("event_id")
    if relates.get("rel_type") != "m.annotation" or not isinstance(key, str) or not isinstance(target, str):
        return None
    return "".join(ch for ch in key if ch not in VARIATION_AND_SKIN_TONE), target


def thread_root_of(content: dict[str, Any]) -> str | None:
    """The thread a message belongs to, so the reply stays in it."""
    relates = content.get("m.relates_to") or {}
    if relates.get("rel_type") == "m.thread":
        return relates.get("event_id")
    return None


def code(text: str) -> str:
    """Inline code in Markdown that no text can break out of: line breaks become spaces (a blank line would
    end the span), and the fence is one backtick longer than the longest run of backticks inside."""
    text = " ".join(text.split()) or " "
    longest = max((len(run) for run in BACKTICK_RUNS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A person's own words echoed in a reply (an error, a hint): shortened, and as unbreakable inline code."""
    text = " ".join(text.split())
    return code(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


__all__ = [
    "code",
    "escape",
    "file_content",
    "markdown_notice",
    "markdown_to_html",
    "notice",
    "pill",
    "quoted",
    "reaction_of",
    "thread_root_of",
]
