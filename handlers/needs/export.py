"""Needs as CSV (opens in spreadsheets: UTF-8 with a byte-order mark) or JSON; timestamps ISO 8601 in UTC."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from handlers.needs.models import Need
from handlers.shared.sheets import to_csv as sheet

COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "status",
    "category",
    "text",
    "lang",
    "country",
    "urgency",
    "due_on",
    "supporters",
    "contact_ok",
    "contact",
    "room_id",
    "merged_into",
    "status_note",
    "source",
)


DIRECT = "direct message"
RoomLabel = Callable[[str], str]


def as_is(room_id: str) -> str:
    return room_id


def row(need: Need, room_label: RoomLabel = as_is) -> dict[str, Any]:
    """One need as export fields. The author's id is given only where they agreed to be contacted; a DM's room
    id (1:1 with its person) only as `direct message` (`room_label`)."""
    return {
        "id": need.id,
        "created_at": need.created_at.isoformat(),
        "updated_at": need.updated_at.isoformat(),
        "status": need.status,
        "category": need.category,
        "text": need.text,
        "lang": need.lang,
        "country": need.country or "",
        "urgency": need.urgency or "",
        "due_on": need.due_on.isoformat() if need.due_on else "",
        "supporters": need.supporters,
        "contact_ok": need.contact_ok,
        "contact": need.user_id if need.contact_ok and need.user_id else "",
        "room_id": room_label(need.room_id) if need.room_id else "",
        "merged_into": need.merged_into or "",
        "status_note": need.status_note or "",
        "source": need.source or "",
    }


def to_csv(needs: Iterable[Need], room_label: RoomLabel = as_is) -> bytes:
    """Every text cell neutralised against formulas (need text, country, notes come from members)."""
    return sheet(COLUMNS, (list(row(n, room_label).values()) for n in needs))  # row's keys are COLUMNS, in order


def to_json(needs: Iterable[Need], room_label: RoomLabel = as_is) -> bytes:
    return json.dumps([row(n, room_label) for n in needs], ensure_ascii=False, indent=1).encode("utf-8")


def hiding_direct(is_direct: Callable[[str], bool]) -> RoomLabel:
    return lambda room_id: DIRECT if is_direct(room_id) else room_id
