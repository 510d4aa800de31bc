"""Needs queries on SQLite and PostgreSQL: duplicates, filters and pages, merge, anonymising, retention."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.storage import Database
from handlers.needs import store
from handlers.needs.models import History, Need, Profile, Support
from handlers.needs.parse import Filters, normalise


async def add(db: Database, text: str, category: str = "financing", **kw: object) -> int:
    async with db.begin() as session:
        need = Need(
            user_id=kw.pop("author", "@a:x"),
            room_id="!r:x",
            text=text,
            norm=normalise(text, "en"),
            lang="en",
            category=category,
            **kw,
        )
        session.add(need)
        await session.flush()
        return need.id


async def test_similar_open_needs_in_the_same_category(db: Database) -> None:
    first = await add(db, "examples of social finance mechanisms used by other NCCs")
    await add(db, "examples of social finance mechanisms used by other NCCs", status="declined")
    await add(db, "examples of social finance mechanisms used by other NCCs", category="capacity-building")
    async with db.session() as session:
        found = await store.similar_open(
            session, normalise("other NCCs' social finance mechanisms: examples?", "en"), "financing", 75
        )
        assert [need.id for need, _ in found] == [first]
        assert await store.similar_open(session, normalise("a roadmap for stakeholders", "en"), "financing", 75) == []


async def test_filters_pages_and_order(db: Database) -> None:
    ids = [await add(db, f"need number {n}", country="Portugal" if n % 2 else "Poland") for n in range(5)]
    async with db.begin() as session:
        (await session.get(Need, ids[3])).supporters = 5
        (await session.get(Need, ids[4])).status = "addressed"
    async with db.session() as session:
        page, total = await store.list_needs(session, Filters(), 0, 2)
        assert total == 4 and page[0].id == ids[3]  # most supported first
        rest, _ = await store.list_needs(session, Filters(), 2, 2)
        assert len(rest) == 2 and {n.id for n in page + rest} == set(ids[:4])
        portugal, count = await store.list_needs(session, Filters("all", country="portugal"), 0, 10)
        assert count == 2 and all(n.country == "Portugal" for n in portugal)
        future = Filters("all", since=date.today() + timedelta(days=1))
        assert (await store.list_needs(session, future, 0, 10))[1] == 0


async def test_merge_moves_supporters_and_records_history(db: Database) -> None:
    target, source = await add(db, "a roadmap", author="@t:x"), await add(db, "a road map", author="@s:x")
    async with db.begin() as session:
        await store.add_support(session, await session.get(Need, source), "@fan:x")
        await store.add_support(session, await session.get(Need, source), "@t:x")
    async with db.begin() as session:
        moved = await store.merge(session, await session.get(Need, source), await session.get(Need, target), "@c:x")
    assert moved == 2  # @fan and the source's author; the target's own author is not a supporter of it
    async with db.session() as session:
        merged, kept = await session.get(Need, source), await session.get(Need, target)
        assert merged.status == "merged" and merged.merged_into == target and kept.supporters == 2
        details = list(await session.scalars(select(History.detail).where(History.need_id == target)))
        assert details == [f"#{source}: a road map"]


async def test_forget_anonymises_needs_and_deletes_the_rest(db: Database) -> None:
    need_id = await add(db, "training", author="@gone:x", source_event_id="$e")
    async with db.begin() as session:
        session.add(Profile(user_id="@gone:x", country="Malta"))
        session.add(History(need_id=need_id, user_id="@gone:x", kind="created"))
        await store.add_support(session, await session.get(Need, await add(db, "other")), "@gone:x")
    async with db.session() as session:
        data = await store.personal_data(session, "@gone:x")
    assert data["needs_filed"][0]["text"] == "training" and data["profile"] == {"country": "Malta"}
    async with db.begin() as session:
        await store.forget(session, "@gone:x", lambda room: False)
    async with db.session() as session:
        need = await session.get(Need, need_id)
        assert need.user_id is None and need.source_event_id is None and need.text == "training"
        assert await session.get(Profile, "@gone:x") is None
        assert list(await session.scalars(select(Support).where(Support.user_id == "@gone:x"))) == []


async def test_retention_purges_old_closed_needs_only(db: Database) -> None:
    old = datetime.now(UTC) - timedelta(days=800)
    stale = await add(db, "old and addressed", status="addressed", updated_at=old)
    fresh = await add(db, "old but open", updated_at=old)
    async with db.begin() as session:
        assert await store.purge_closed(session, timedelta(days=730), datetime.now(UTC)) == 1
    async with db.session() as session:
        assert await session.get(Need, stale) is None and await session.get(Need, fresh) is not None
