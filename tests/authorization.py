"""The authorization matrix, shared by the fake-edge test and the one through Synapse: every coordinator command
and every read-by-id command, asked by each role in each place, with the outcome the authority model (README,
"Who may do what") gives. The oracle is written from the model, not from the code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.permissions import Authority

ROLES = ("member", "moderator of another room", "moderator of this room", "network coordinator")
PLACES = ("this room", "another room", "DM")


@dataclass(frozen=True)
class Case:
    text: str
    requires: Authority
    object_room: str | None = None  # "here" / "there": whose object it touches (None: the room it is asked in)
    reads: bool = False  # a read: members of the object's room may, too
    authors_only: bool = False  # its author or a moderator; others who can see it are told it is not theirs


@dataclass
class Layout:
    """Who is who and where: user ids per role, the two group rooms, each role's DM, who is in which room."""

    users: dict[str, str]
    here: str
    there: str
    dms: dict[str, str]
    members: dict[str, set[str]] = field(default_factory=dict)  # room -> user ids joined

    def room(self, place: str, role: str) -> str:
        return {"this room": self.here, "another room": self.there, "DM": self.dms[role]}[place]


CASES = [
    Case("!status", Authority.NETWORK_COORDINATOR),
    Case("!stats", Authority.NETWORK_COORDINATOR),
    Case("!faq gaps", Authority.NETWORK_COORDINATOR),
    Case("!faq add Where is the harbour? | By the sea.", Authority.NETWORK_COORDINATOR),
    Case("!faq alias cofinancing-rate How much co-funding is there?", Authority.NETWORK_COORDINATOR),
    Case("!event add tomorrow 10:00 | Another call", Authority.ROOM_MODERATOR),
    Case("!announce at tomorrow 09:00 | Hello", Authority.ROOM_MODERATOR),
    Case("!needs all", Authority.ROOM_MODERATOR),
    Case("!needs summary", Authority.ROOM_MODERATOR),
    Case("!needs export all", Authority.ROOM_MODERATOR),
]
for _number, _room in ((1, "here"), (2, "there")):
    CASES += [
        Case(f"!event show {_number}", Authority.MEMBER, _room, reads=True),
        Case(f"!event ics {_number}", Authority.MEMBER, _room, reads=True),
        Case(f"!event remindme {_number}", Authority.MEMBER, _room, reads=True),
        Case(f"!event cancel {_number}", Authority.ROOM_MODERATOR, _room),
        Case(f"!event edit {_number} title Renamed", Authority.ROOM_MODERATOR, _room),
        Case(f"!event remind {_number} 2h", Authority.ROOM_MODERATOR, _room),
        Case(f"!announce preview {_number}", Authority.ROOM_MODERATOR, _room),
        Case(f"!announce cancel {_number}", Authority.ROOM_MODERATOR, _room),
        Case(f"!need status {_number} addressed thanks", Authority.ROOM_MODERATOR, _room),
        Case(f"!need category {_number} financing", Authority.MEMBER, _room, authors_only=True),
    ]


def expected(layout: Layout, role: str, place: str, case: Case) -> str:
    room = layout.room(place, role)
    moderates = {"moderator of this room": layout.here, "moderator of another room": layout.there}.get(role)
    if role == "network coordinator":
        authority = Authority.NETWORK_COORDINATOR
    elif moderates == room:
        authority = Authority.ROOM_MODERATOR
    else:
        authority = Authority.MEMBER
    if authority < case.requires:
        return "refused"
    if case.object_room is None:
        return "allowed"
    object_room = layout.here if case.object_room == "here" else layout.there
    may_manage = role == "network coordinator" or moderates == object_room
    joined = layout.users[role] in layout.members[object_room]
    if may_manage or (case.reads and joined):
        return "allowed"
    return "not yours" if case.authors_only and joined else "not found"


def outcome(replies: list[str]) -> str:
    text = "\n".join(replies)
    if text.startswith("Sorry, ") and " is for " in text:
        return "refused"
    if "There is no " in text:
        return "not found"
    if " is not yours" in text:
        return "not yours"
    return "allowed"


SEED = (
    "!event add in 5 hours | Working group",
    "!announce at in 4 hours | Registration closes",
    "!need peer learning on impact measurement for our region",
)
