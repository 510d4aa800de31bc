"""Building message contents: m.notice, HTML with a plain-text body from the same data, real replies.

All user text entering HTML goes through `escape`; Markdown is rendered with raw HTML disabled. Every message has
both parts: the HTML for the timeline, and a plain body without any markup for notifications, room previews and
clients that show text only (`**not**` would be read literally there). No tables: Element X drops them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt

BACKTICK_RUNS = re.compile(r"`+")
QUOTE_LIMIT = 100  # characters of someone's text a reply may repeat
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})


def markdown_to_html(text: str) -> str:
    """Markdown to HTML; any HTML in the source is shown as text, never interpreted."""
    return _markdown.render(text).strip()


def text_to_html(text: str) -> str:
    """Plain text as HTML, for the messages written without markup: escaped, line breaks kept."""
    return escape(text).replace("\n", "<br>")


def markdown_to_plain(text: str) -> str:
    """What the Markdown says, without its markup: emphasis and code marks dropped, lists as bullets or
    numbers, a link as its text with the address after it."""
    lines: list[str] = []
    lists: list[int | None] = []  # per open list: the next number, or None for bullets
    quote_depth = 0
    prefix = ""
    for token in _markdown.parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append(None)
        elif kind == "ordered_list_open":
            start = token.attrGet("start")  # 0 is a start too (a "0. none of these" choice)
            lists.append(1 if start is None else int(str(start)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists:
                lines.append("")
        elif kind == "list_item_open":
            number = lists[-1]
            prefix = "  " * (len(lists) - 1) + ("• " if number is None else f"{number}. ")
            if number is not None:
                lists[-1] = number + 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind in ("inline", "code_block", "fence"):
            body = _inline_plain(token.children or []) if kind == "inline" else token.content.rstrip("\n")
            first, *rest = body.split("\n")
            quote = "> " * quote_depth
            lines.append(quote + prefix + first)
            lines.extend(quote + " " * len(prefix) + line for line in rest)
            prefix = ""
        elif kind == "hr":
            lines.append("———")
        elif kind in ("paragraph_close", "heading_close") and not token.hidden and not lists:
            lines.append("")
    return "\n".join(lines).strip()


def _inline_plain(children: Sequence[Any]) -> str:
    parts: list[str] = []
    links: list[tuple[str, int]] = []  # (href, where its text starts)
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
        elif child.type == "link_open":
            links.append((str(child.attrGet("href") or ""), len(parts)))
        elif child.type == "link_close" and links:
            href, start = links.pop()
            label = "".join(parts[start:])
            if href and href != label and not href.startswith("mailto:"):
                parts.append(f" ({href})")
    return "".join(parts)


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
    content |= {"format": "org.matrix.custom.html", "formatted_body": text_to_html(text) if html is None else html}
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
    """A notice written in Markdown: its rendering is the HTML, its text without markup the plain body."""
    return notice(markdown_to_plain(markdown), markdown_to_html(markdown), **kwargs)


def as_edit(content: dict[str, Any], target_event_id: str) -> dict[str, Any]:
    """`content` as an edit (`m.replace`) of the bot's own message `target_event_id`: clients show the new
    content in place; the fallback body (`* ...`) is for clients without edits."""
    new = {k: v for k, v in content.items() if k != "m.relates_to"}
    edit = {**new, "body": "* " + new["body"], "m.new_content": new}
    if "formatted_body" in new:
        edit["formatted_body"] = "* " + new["formatted_body"]
    edit["m.relates_to"] = {"rel_type": "m.replace", "event_id": target_event_id}
    return edit


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
    "as_edit",
    "code",
    "escape",
    "file_content",
    "markdown_notice",
    "markdown_to_html",
    "markdown_to_plain",
    "notice",
    "pill",
    "quoted",
    "reaction_of",
    "text_to_html",
    "thread_root_of",
]
