"""The network's typed service: who belongs where, and which rooms a target (a group, an NCC, the network)
reaches. Other features use it through `network_feature.optional_service(services)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Services
from handlers.network.config import NetworkConfig
from handlers.network.models import (
    Attendance,
    GroupMember,
    Member,
    Ncc,
    NccRoom,
    Offering,
    OfferingEvent,
    OfferingNcc,
    Round,
)


@dataclass(frozen=True)
class Target:
    kind: str  # network | group | ncc
    name: str = ""


class NetworkService:
    def __init__(self, services: Services, config: NetworkConfig) -> None:
        self.services = services
        self.config = config

    async def sync_config(self) -> None:
        """config.yaml's NCCs, rooms and groups into the tables; rows added in the chat are left alone."""
        async with self.services.db.begin() as session:
            await session.execute(delete(GroupMember).where(GroupMember.from_config.is_(True)))
            await session.execute(delete(NccRoom).where(NccRoom.from_config.is_(True)))
            declared = {n.name.casefold() for n in self.config.nccs}
            for ncc in await session.scalars(select(Ncc).where(Ncc.from_config.is_(True))):
                if ncc.name.casefold() not in declared:
                    await session.delete(ncc)
            by_name: dict[str, Ncc] = {}
            for item in self.config.nccs:
                ncc = await find_ncc(session, item.name) or Ncc(name=item.name)
                ncc.country, ncc.from_config = item.country, True
                session.add(ncc)
                await session.flush()
                by_name[item.name.casefold()] = ncc
                for room_id in item.rooms:
                    await session.merge(NccRoom(room_id=room_id, ncc_id=ncc.id, from_config=True))
            for group, names in self.config.groups.items():
                for name in names:
                    member = GroupMember(group_name=group, ncc_id=by_name[name.casefold()].id, from_config=True)
                    await session.merge(member)

    async def rooms_of(self, target: Target) -> list[str]:
        """The rooms a target reaches, in a stable order."""
        query = select(NccRoom.room_id)
        if target.kind == "group":
            query = query.join(GroupMember, GroupMember.ncc_id == NccRoom.ncc_id).where(
                GroupMember.group_name == target.name
            )
        elif target.kind == "ncc":
            query = query.join(Ncc, Ncc.id == NccRoom.ncc_id).where(Ncc.name == target.name)
        async with self.services.db.session() as session:
            return sorted(set(await session.scalars(query)))

    async def nccs_of(self, target: Target) -> list[Ncc]:
        """The NCCs a target stands for now, by name."""
        query = select(Ncc)
        if target.kind == "group":
            query = query.join(GroupMember, GroupMember.ncc_id == Ncc.id).where(GroupMember.group_name == target.name)
        elif target.kind == "ncc":
            query = query.where(Ncc.name == target.name)
        async with self.services.db.session() as session:
            return list(await session.scalars(query.order_by(Ncc.name)))

    async def room_nccs(self) -> dict[str, int]:
        """room id (as the settings now know it) -> NCC id."""
        async with self.services.db.session() as session:
            rows = (await session.execute(select(NccRoom.room_id, NccRoom.ncc_id))).all()
        return {self.services.settings.current_room_id(room): ncc for room, ncc in rows}

    async def groups_of_nccs(self) -> dict[int, list[str]]:
        async with self.services.db.session() as session:
            rows = (await session.execute(select(GroupMember.ncc_id, GroupMember.group_name))).all()
        groups: dict[int, list[str]] = {}
        for ncc_id, group in sorted(rows, key=lambda r: r[1]):
            groups.setdefault(ncc_id, []).append(group)
        return groups

    async def record_offering(self, source_key: str, title: str, starts_at: datetime, target: Target) -> int:
        """One offering per asking message, with the NCCs it is for as they stand now."""
        nccs = await self.nccs_of(target)
        async with self.services.db.begin() as session:
            row = await session.scalar(select(Offering).where(Offering.source_key == source_key))
            if row is None:
                shown = f"{target.kind} {target.name}".strip()
                row = Offering(source_key=source_key, title=title, starts_at=starts_at, target=shown)
                session.add(row)
                await session.flush()
                for ncc in nccs:
                    session.add(OfferingNcc(offering_id=row.id, ncc_id=ncc.id))
            return row.id

    async def attendance_counts(self, event_ids: list[int]) -> dict[int, int]:
        """event id -> people present, for the events whose attendance was taken."""
        async with self.services.db.session() as session:
            query = select(Round.event_id).where(Round.event_id.in_(event_ids), Round.attendance_at.is_not(None))
            taken = set(await session.scalars(query))
            present = select(Attendance.event_id, func.count()).where(
                Attendance.event_id.in_(taken), Attendance.present.is_(True)
            )
            rows = (await session.execute(present.group_by(Attendance.event_id))).all()
        counts = dict.fromkeys(taken, 0)
        counts.update({event_id: int(count) for event_id, count in rows})
        return counts

    async def link_offering(self, offering_id: int, event_id: int) -> None:
        async with self.services.db.begin() as session:
            await session.merge(OfferingEvent(event_id=event_id, offering_id=offering_id))

    async def ncc_of_room(self, room_id: str) -> Ncc | None:
        room_id = self.services.settings.config_room_id(room_id)
        async with self.services.db.session() as session:
            row = await session.get(NccRoom, room_id)
            return await session.get(Ncc, row.ncc_id) if row else None

    async def ncc_of_person(self, user_id: str) -> Ncc | None:
        """A person's confirmed NCC (an unconfirmed `!ncc join` does not count)."""
        async with self.services.db.session() as session:
            row = await session.get(Member, user_id)
            if row is None or row.confirmed_at is None:
                return None
            return await session.get(Ncc, row.ncc_id)


async def ncc_names(session: AsyncSession) -> dict[int, str]:
    """NCC id -> name, for listings that name the NCCs of their rows."""
    return {ncc.id: ncc.name for ncc in await session.scalars(select(Ncc))}


async def find_ncc(session: AsyncSession, name: str) -> Ncc | None:
    """By name, whatever the case."""
    for ncc in await session.scalars(select(Ncc)):
        if ncc.name.casefold() == name.strip().casefold():
            return ncc
    return None
