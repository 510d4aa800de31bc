"""Message contents: notices with HTML and plain text, replies, threads, no accidental pings, escaping."""

from bot.messages import code, markdown_notice, markdown_to_html, notice, pill, thread_root_of


def test_notice_is_a_plain_notice_without_pings() -> None:
    content = notice("hello")
    assert content == {
        "msgtype": "m.notice",
        "body": "hello",
        "m.mentions": {"user_ids": []},
        "format": "org.matrix.custom.html",
        "formatted_body": "hello",
    }


def test_reply_and_html() -> None:
    content = notice("a", "<b>a</b>", reply_to="$e", mention_ids=["@u:x"])
    assert content["format"] == "org.matrix.custom.html" and content["formatted_body"] == "<b>a</b>"
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$e"}}
    assert content["m.mentions"] == {"user_ids": ["@u:x"]}


def test_reply_in_a_thread_stays_in_the_thread() -> None:
    content = notice("a", reply_to="$e", thread_root="$root")
    assert content["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": False,
        "m.in_reply_to": {"event_id": "$e"},
    }
    assert thread_root_of(content) == "$root"
    assert thread_root_of({"m.relates_to": {"m.in_reply_to": {"event_id": "$x"}}}) is None


def test_markdown_never_passes_html_through() -> None:
    html = markdown_to_html("**bold** <script>alert(1)</script> <img src=x onerror=y>")
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_markdown_notice_keeps_markdown_as_body() -> None:
    content = markdown_notice("See `!help`")
    assert content["body"] == "See !help" and "<code>!help</code>" in content["formatted_body"]


def test_pill_escapes() -> None:
    assert pill("@a:x", "<A>") == '<a href="https://matrix.to/#/@a:x">&lt;A&gt;</a>'


def test_code_handles_backticks() -> None:
    assert code("!ping") == "`!ping`"
    assert markdown_to_html(code("a`b")) == "<p><code>a`b</code></p>"


def test_reactions_are_read_without_variation_selectors_or_skin_tones() -> None:
    from bot.messages import reaction_of

    def content(key: object, rel_type: str = "m.annotation") -> dict[str, object]:
        return {"m.relates_to": {"rel_type": rel_type, "event_id": "$answer", "key": key}}

    assert reaction_of(content("👍🏽")) == ("👍", "$answer")
    assert reaction_of(content("✅\ufe0f")) == ("✅", "$answer")
    assert reaction_of(content("👍", rel_type="m.reference")) is None
    assert reaction_of(content(None)) is None
    assert reaction_of({}) is None
