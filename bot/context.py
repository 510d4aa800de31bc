"""What a handler receives: the services it may use and the event it is answering. No global state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from bot.languages import PersonLanguages
from bot.messages import as_edit, file_content, markdown_notice, notice, thread_root_of
from bot.metrics import Metrics
from bot.permissions import Authority

LATE_REPLY = timedelta(minutes=1)  # an answer later than this mentions the asker

if TYPE_CHECKING:
    from bot.clock import Clock
    from bot.config import CoreSettings
    from bot.dm import DirectMessages
    from bot.feature import Command
    from bot.matrix import MatrixConnection
    from bot.privacy import Privacy
    from bot.registry import Registry
    from bot.rooms import RoomFacts
    from bot.scheduler import Scheduler
    from bot.storage import Database
    from bot.tasks import Tasks
    from bot.upgrades import RoomMoves


@dataclass
class Services:
    """Everything long-lived the app wires together once; handlers get it through their context.

    A feature's own service is reached through its Feature object (`faq_feature.service_of(services)`),
    never through a string key here."""

    settings: CoreSettings
    db: Database
    matrix: MatrixConnection
    registry: Registry
    rooms: RoomFacts
    tasks: Tasks
    dms: DirectMessages
    scheduler: Scheduler
    clock: Clock
    privacy: Privacy
    metrics: Metrics = field(default_factory=Metrics)  # counters and gauges for /metrics and !status
    languages: PersonLanguages = field(default_factory=PersonLanguages)  # each person's `!lang`
    started_at: datetime | None = None
    feature_services: dict[str, object] = field(default_factory=dict)  # filled by the app, read via Feature
    moves: RoomMoves | None = None  # room upgrades followed (bot/upgrades.py)

    @property
    def user_id(self) -> str:
        return self.matrix.user_id

    def now(self) -> datetime:
        return self.clock.now()


@dataclass
class EventContext:
    """An incoming event and the ways to answer it. Replies get transaction ids derived from the event id,
    so re-handling the same event after a crash cannot post a second answer."""

    services: Services
    room_id: str
    sender: str
    event_id: str
    content: dict[str, Any]
    is_direct: bool = False
    event_type: str = "m.room.message"
    source: dict[str, Any] = field(default_factory=dict)  # the whole event, for listeners that need more
    answers: str | None = None  # the event replies relate to, when not this one (an edited command's original)
    replaces: str | None = None  # the bot's earlier reply, which the first reply edits instead of repeating
    first_reply: str | None = None  # the id of the first message sent in answer
    _sent: int = 0

    @property
    def settings(self) -> CoreSettings:
        return self.services.settings

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def prefix(self) -> str:
        return self.services.settings.command_prefix

    @property
    def timezone(self) -> tzinfo:
        return self.services.settings.room_timezone(self.room_id)

    @property
    def language(self) -> str:
        """The language to answer the sender in: theirs if they chose one (`!lang`), else the room's."""
        return self.chosen_language or self.services.settings.room_language(self.room_id)

    @property
    def chosen_language(self) -> str | None:
        return self.services.languages.of(self.sender)

    def now(self) -> datetime:
        return self.services.clock.now()

    def next_tx_key(self) -> str:
        self._sent += 1
        return f"{self.event_id}#{self._sent}"

    async def reply(
        self,
        text: str,
        html: str | None = None,
        *,
        markdown: bool = False,
        mention_sender: bool = False,
        start_thread: bool = False,
    ) -> str:
        """Answer as an m.notice reply to the event, staying in its thread; returns the reply's event id.

        `markdown=True` renders `text` as Markdown (never for raw user text: use `html` with escape() instead).
        `start_thread=True` answers in a thread rooted at the event (quiet answers that should not fill the room).
        An answer more than a minute after its question (the bot was away) mentions the asker as an m.text, so
        it notifies them: an m.notice never does (the default push rule `.m.rule.suppress_notices`).
        """
        thread_root = thread_root_of(self.content) or (self.event_id if start_thread else None)
        late = self.is_late()
        kwargs: dict[str, Any] = {
            "reply_to": self.answers or self.event_id,
            "thread_root": thread_root,
            "mention_ids": [self.sender] if mention_sender or late else [],
            "msgtype": "m.text" if late else "m.notice",
        }
        content = markdown_notice(text, **kwargs) if markdown else notice(text, html, **kwargs)
        if self.replaces is not None and self.first_reply is None:
            content = as_edit(content, self.replaces)
            await self.send(self.room_id, content)
            self.first_reply = self.replaces  # later replies are new messages; the answer keeps its id
            return self.replaces
        return await self.send(self.room_id, content)

    def is_late(self) -> bool:
        """Was the event sent more than LATE_REPLY ago (by the server's clock)?"""
        sent = self.source.get("origin_server_ts")
        return isinstance(sent, int) and self.now().timestamp() - sent / 1000 > LATE_REPLY.total_seconds()

    async def send(self, room_id: str, content: dict[str, Any], *, event_type: str = "m.room.message") -> str:
        sent = await self.services.matrix.send(room_id, content, tx_key=self.next_tx_key(), event_type=event_type)
        if self.first_reply is None and room_id == self.room_id:
            self.first_reply = sent
        return sent

    async def send_direct(
        self, user_id: str, text: str, html: str | None = None, *, markdown: bool = False
    ) -> str | None:
        """A notice in the bot's DM with `user_id` (created, encrypted, if needed; queued until they join)."""
        content = markdown_notice(text) if markdown else notice(text, html)
        return await self.services.dms.send(user_id, content, tx_key=self.next_tx_key())

    async def send_file(
        self,
        data: bytes,
        filename: str,
        content_type: str,
        *,
        room_id: str | None = None,
        reply: bool = True,
        image_size: tuple[int, int] | None = None,
    ) -> str:
        """Upload a file and post it as m.file, or m.image with `image_size` (to this room unless `room_id` says
        otherwise); encrypted as an attachment where the room is encrypted."""
        target = room_id or self.room_id
        matrix = self.services.matrix
        location = await matrix.upload(data, filename, content_type, encrypt=self.services.rooms.is_encrypted(target))
        content = file_content(filename, content_type, len(data), location)
        if image_size is not None:
            content["msgtype"] = "m.image"
            content["info"] |= {"w": image_size[0], "h": image_size[1]}
        if reply and target == self.room_id:
            content["m.relates_to"] = {"m.in_reply_to": {"event_id": self.answers or self.event_id}}
        return await self.send(target, content)


@dataclass
class CommandContext(EventContext):
    command: Command | None = None
    args: str = ""
    authority: Authority = Authority.MEMBER  # the sender's, in this room

    @property
    def is_network_coordinator(self) -> bool:
        return self.authority >= Authority.NETWORK_COORDINATOR

    def can_moderate(self, room_id: str) -> bool:
        """May the sender act on the objects of `room_id`? Network coordinators anywhere, moderators in theirs."""
        return self.services.rooms.can_moderate(room_id, self.sender)

    def may_read(self, room_id: str) -> bool:
        """May the sender see the objects of `room_id`: a member of that room, or someone who moderates it."""
        return self.services.rooms.has_joined(room_id, self.sender) or self.can_moderate(room_id)


@dataclass
class JobContext:
    """What a scheduled job gets: the services, and its kind and entity id (never a pickled object)."""

    services: Services
    kind: str
    entity_id: str

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def settings(self) -> CoreSettings:
        return self.services.settings

    def now(self) -> datetime:
        return self.services.clock.now()

    async def send(self, room_id: str, content: dict[str, Any], *, tx_key: str) -> str:
        return await self.services.matrix.send(room_id, content, tx_key=tx_key)
