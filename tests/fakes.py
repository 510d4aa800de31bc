"""The handler test layer: real features, real routing, a real SQLite database and a frozen clock, with only the
Matrix edge faked (it records what would be sent). Each test runs in milliseconds.

    bed = await TestBed.start(tmp_path)
    replies = await bed.say("!ping")            # a member in a group room
    replies = await bed.say("2", room=bed.dm)   # the member's DM with the bot
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nio.events import Event

from bot.app import migration_folders, settle_heap
from bot.cli import load
from bot.clock import FrozenClock
from bot.context import Services
from bot.dm import DirectMessages
from bot.feature import Feature, Listener, Order
from bot.metrics import Metrics
from bot.privacy import Privacy
from bot.registry import Registry, enabled
from bot.rooms import RoomFacts
from bot.routing import Routing
from bot.scheduler import Scheduler
from bot.storage import Database
from bot.tasks import Tasks
from handlers import FEATURES

BOT = "@bot:test"
MEMBER = "@member:test"
COORDINATOR = "@coordinator:test"
GROUP = "!group:test"
DM = "!dm-member:test"


@dataclass
class PowerLevels:
    users: dict[str, int] = field(default_factory=dict)

    def get_user_level(self, user_id: str) -> int:
        return self.users.get(user_id, 0)


@dataclass
class FakeRoom:
    users: dict[str, object]
    invited_users: dict[str, object] = field(default_factory=dict)
    power_levels: PowerLevels = field(default_factory=PowerLevels)
    display_name: str = "room"
    encrypted: bool = False


@dataclass(frozen=True)
class Sent:
    room_id: str
    content: dict[str, Any]
    tx_key: str | None
    event_type: str

    @property
    def body(self) -> str:
        return str(self.content.get("body", ""))


class FakeMatrix:
    """The Matrix edge: records sends, hands out event ids, 'creates' DM rooms."""

    user_id = BOT
    encryption = False

    def __init__(self, rooms: dict[str, FakeRoom]) -> None:
        self.rooms = rooms
        self.sent: list[Sent] = []
        self.left: list[str] = []
        self.created: list[str] = []
        self._ids = itertools.count(1)

    async def send(
        self, room_id: str, content: dict[str, Any], *, tx_key: str | None = None, event_type: str = "m.room.message"
    ) -> str:
        check_message(content)
        self.sent.append(Sent(room_id, content, tx_key, event_type))
        return f"$bot{next(self._ids)}"

    async def upload(self, data: bytes, filename: str, content_type: str, *, encrypt: bool = False) -> dict[str, Any]:
        return {"url": f"mxc://test/{next(self._ids)}"}

    async def reject(self, room_id: str) -> None:
        """Leave (or decline) a room."""
        self.left.append(room_id)
        self.rooms.pop(room_id, None)

    async def create_direct_room(self, user_id: str) -> str:
        room_id = f"!dm-{user_id.strip('@').split(':')[0]}-{next(self._ids)}:test"
        self.rooms[room_id] = FakeRoom(users={BOT: None, user_id: None})
        self.created.append(room_id)
        return room_id


class TestBed:
    """Services wired as the app wires them, over the fake edge. Time stands still until `advance()`."""

    __test__ = False  # not a pytest class

    def __init__(self, services: Services, matrix: FakeMatrix, clock: FrozenClock) -> None:
        self.services = services
        self.matrix = matrix
        self.clock = clock
        self.routing = Routing(services)
        self._events = itertools.count(1)

    @classmethod
    async def start(
        cls,
        tmp_path: Path,
        config: str = "",
        *,
        features: Sequence[Feature[Any, Any]] = FEATURES,
        now: datetime = datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
        rooms: dict[str, FakeRoom] | None = None,
        direct: Sequence[str] = (),
    ) -> TestBed:
        """`rooms` replaces the default group room and DM; `direct` names the rooms known to be DMs."""
        path = tmp_path / "config.yaml"
        path.write_text(f"coordinators: ['{COORDINATOR}']\n" + config)
        settings = load(path, features, environ={"NCC_BOT_DATA_DIR": str(tmp_path / "data")})
        features = enabled(features, settings.handlers)
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bed.db'}", migrations=migration_folders(features))
        await db.upgrade()
        if rooms is None:
            rooms = {
                GROUP: FakeRoom(users={BOT: None, MEMBER: None, COORDINATOR: None}, display_name="NCC group"),
                DM: FakeRoom(users={BOT: None, MEMBER: None}, display_name="DM"),
            }
            direct = [DM]
        matrix = FakeMatrix(rooms)
        clock = FrozenClock(now)
        facts = RoomFacts(settings, rooms, db)
        dms = DirectMessages(matrix, db, facts, clock)  # type: ignore[arg-type]
        registry = Registry(features, core_listeners=[Listener("m.room.member", dms.on_member, "core", Order.OBSERVE)])

        async def no_runner(job: Any, entity_id: str) -> None:
            return None

        services = Services(
            settings=settings,
            db=db,
            matrix=matrix,  # type: ignore[arg-type]
            registry=registry,
            rooms=facts,
            tasks=Tasks(),
            dms=dms,
            scheduler=Scheduler(db, clock, registry, no_runner),  # never started: jobs stay pending
            clock=clock,
            privacy=Privacy(registry),
            metrics=Metrics.of(features),
            started_at=clock.now(),
        )
        for feature in features:
            if feature.service_factory is not None:
                services.feature_services[feature.name] = await feature.service_factory(services)
        settle_heap()
        async with db.begin() as session:  # the member's DM is known as theirs
            session.add(_direct_room(MEMBER, DM))
        for room_id in direct:
            await facts.learn_direct(room_id, "created")
        return cls(services, matrix, clock)

    async def close(self) -> None:
        await self.services.tasks.cancel_all()
        await self.services.db.dispose()

    def advance(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))

    async def event(
        self,
        event_type: str,
        content: dict[str, Any],
        *,
        room: str = GROUP,
        sender: str = MEMBER,
        state_key: str | None = None,
        event_id: str | None = None,
        sent_ago: timedelta = timedelta(0),
    ) -> list[Sent]:
        """Route one event as intake would (`sent_ago`: it waited that long, e.g. the bot was down); returns
        what the bot sent in answer."""
        source: dict[str, Any] = {
            "type": event_type,
            "event_id": event_id or f"$ev{next(self._events)}",
            "sender": sender,
            "origin_server_ts": int((self.clock.now() - sent_ago).timestamp() * 1000),
            "content": content,
        }
        if state_key is not None:
            source["state_key"] = state_key
        before = len(self.matrix.sent)
        await self.routing.route(room, Event.parse_event(source))
        return self.matrix.sent[before:]

    async def say(
        self,
        body: str,
        *,
        room: str = GROUP,
        sender: str = MEMBER,
        event_id: str | None = None,
        sent_ago: timedelta = timedelta(0),
        **content: Any,
    ) -> list[Sent]:
        """A message; the same `event_id` twice is a replay (as after a kill -9 before the ledger write)."""
        message = {"msgtype": "m.text", "body": body, **content}
        return await self.event(
            "m.room.message", message, room=room, sender=sender, event_id=event_id, sent_ago=sent_ago
        )

    async def ask(self, body: str, *, room: str = GROUP, sender: str = MEMBER) -> str:
        """The text of the bot's single answer to `body`."""
        sent = await self.say(body, room=room, sender=sender)
        assert len(sent) == 1, [s.body for s in sent]
        return sent[0].body


MARKUP = re.compile(r"\*\*\S|\S\*\*|^#+ ", re.MULTILINE)  # the bot's own emphasis and headings


def check_message(content: dict[str, Any]) -> None:
    """What every message the bot sends must be, whatever the feature: an HTML part (no tables) and a plain
    body without Markdown markup (notifications and previews show it as it is)."""
    if content.get("msgtype") in ("m.text", "m.notice"):
        assert content.get("format") == "org.matrix.custom.html" and content.get("formatted_body"), content
        assert "<table" not in content["formatted_body"], content
        assert not MARKUP.search(content["body"]), content["body"]
    new = content.get("m.new_content")
    if isinstance(new, dict):
        check_message(new)


def _direct_room(user_id: str, room_id: str) -> Any:
    from bot.dm import DirectRoom

    return DirectRoom(user_id=user_id, room_id=room_id)
