"""What the dashboard reads and writes, on SQLite and PostgreSQL: needs browsed in a reader's scope with words
(LIKE wildcards typed by someone are literal), tallies per month computed by the database in UTC, and sign-in links
redeemed once, before they expire."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert

from bot.storage import Database
from handlers.dashboard import auth
from handlers.needs import api
from handlers.needs.models import Need

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def services(db: Database, now: datetime = NOW) -> Any:
    return SimpleNamespace(db=db, now=lambda: now)


async def add(db: Database, room: str, text: str, created: datetime, status: str = "open") -> None:
    row = {"user_id": "@a:test", "room_id": room, "text": text, "norm": text, "lang": "en", "category": "financing"}
    row |= {"status": status, "supporters": 0, "contact_ok": False, "created_at": created, "updated_at": created}
    async with db.begin() as session:
        await session.execute(insert(Need), [row])


async def test_browse_and_tallies_in_scope(db: Database) -> None:
    await add(db, "!a:test", "100% of our budget_lines", datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    await add(db, "!a:test", "10 of our budgetXlines", datetime(2026, 12, 1, 0, 30, tzinfo=UTC), "addressed")
    await add(db, "!b:test", "coastal mapping", datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    found, total = await api.browse(
        services(db), api.Browse(frozenset({"!a:test"}), status="all", words="100% budget_")
    )
    assert total == 1 and found[0].text.startswith("100%")  # % and _ are the person's characters, not wildcards
    found, total = await api.browse(services(db), api.Browse(None, status="open", sort="oldest"))
    assert total == 2 and [n.room_id for n in found] == ["!a:test", "!b:test"]
    by_category, by_month = await api.tallies(services(db), frozenset({"!a:test"}))
    assert by_category == {("financing", "open"): 1, ("financing", "addressed"): 1}
    assert by_month == {"2026-11": 1, "2026-12": 1}  # by UTC, whatever the server's zone


async def test_a_link_is_redeemed_once_and_not_after_it_expired(db: Database) -> None:
    secret = await auth.mint_link(services(db), "@c:test", "$ask", 10)
    assert secret and await auth.mint_link(services(db), "@c:test", "$ask", 10) is None  # a replay mints nothing
    assert await auth.link_user(services(db), secret) == "@c:test"
    assert await auth.redeem(services(db), secret) == "@c:test"
    assert await auth.redeem(services(db), secret) is None
    late = await auth.mint_link(services(db), "@c:test", "$ask-2", 10)
    assert late and await auth.redeem(services(db, NOW + timedelta(minutes=10, seconds=1)), late) is None
    cookie = await auth.open_session(services(db), "@c:test", 8)
    assert (await auth.session_of(services(db), cookie)) is not None
    assert await auth.revoke_all(services(db), "@c:test") == 1
    assert await auth.session_of(services(db), cookie) is None
