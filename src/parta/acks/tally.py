"""Counting confirmations: who should confirm a message and who has.

Recipients are the chat's active members other than the author. In a class's parents' chat
the count is by family, so that "read by 23 of 25 families" means families: every active
student of the class is a family (children who share a parent are one family), confirmed
when any of its parents in the chat confirmed; a parent in the chat with no linked child in
the class is a family of their own. Staff in a parents' chat may confirm but are not a
family, so they are not counted there.

A permission slip (Message.ack_question) is answered yes/no: an answer counts as a
confirmation, and a family's answer is the latest answer of any of its parents (they share
one answer; either may change it until the deadline).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.chats.people import Brief, briefs
from parta.models import Bot, Chat, ChatMember, Membership, Message, MessageAck, ParentLink


@dataclass
class Family:
    children: list[str]  # names
    parents: set[str]  # account ids of the family's parents who are chat members


@dataclass
class Audience:
    """A chat's members and, for parents' chats, its families (independent of the author)."""

    chat: Chat
    members: set[str]
    by_family: bool
    families: list[Family] = field(default_factory=list)
    people: dict[str, Brief] = field(default_factory=dict)


@dataclass(frozen=True)
class AckRow:
    at: datetime
    answer: str | None = None  # slips: "yes" / "no"
    comment: str = ""


@dataclass
class FamilyTally:
    family: Family
    parents: list[str]  # account ids, the author left out
    confirmed_by: str | None  # slips: who gave the family's (latest) answer
    confirmed_at: datetime | None
    answer: str | None = None
    comment: str = ""


@dataclass
class Tally:
    by_family: bool
    confirmed: int
    total: int
    recipients: list[str]
    acks: dict[str, datetime]
    families: list[FamilyTally]
    rows: dict[str, AckRow] = field(default_factory=dict)

    def answers(self) -> list[str | None]:
        """The counted answers: one per family, or one per recipient who answered."""
        if self.by_family:
            return [f.answer for f in self.families]
        return [self.rows[a].answer for a in self.recipients if a in self.rows]

    @property
    def yes(self) -> int:
        return self.answers().count("yes")

    @property
    def no(self) -> int:
        return self.answers().count("no")

    def pending(self) -> list[str]:
        """Who should still confirm: by family, the parents of unconfirmed families."""
        if self.by_family:
            return sorted({p for f in self.families if f.confirmed_at is None for p in f.parents})
        return [a for a in self.recipients if a not in self.acks]


def counts_by_family(chat: Chat) -> bool:
    return chat.kind == "class_parents" and chat.class_id is not None


async def _members(db: AsyncSession, chat_ids: Collection[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    stmt = sa.select(ChatMember.chat_id, ChatMember.account_id).where(
        ChatMember.chat_id.in_(list(chat_ids)),
        ChatMember.status == "active",
        # Bots (integrations) sit in chats but never confirm anything.
        ChatMember.account_id.not_in(sa.select(Bot.account_id)),
    )
    for chat_id, account_id in (await db.execute(stmt)).all():
        out[chat_id].add(account_id)
    return out


async def _families(
    db: AsyncSession, chat: Chat, members: set[str]
) -> tuple[list[Family], set[str]]:
    """The class's families, and the account ids of the students (for their names)."""
    students = (
        await db.execute(
            sa.select(Membership.id, Membership.account_id, Membership.full_name).where(
                Membership.org_id == chat.org_id,
                Membership.class_id == chat.class_id,
                Membership.role == OrgRole.STUDENT.value,
                Membership.status == "active",
            )
        )
    ).all()
    parent = sa.orm.aliased(Membership)
    links = (
        await db.execute(
            sa.select(ParentLink.student_membership_id, parent.account_id)
            .join(parent, parent.id == ParentLink.parent_membership_id)
            .where(
                ParentLink.student_membership_id.in_([s.id for s in students]),
                ParentLink.status == "confirmed",
                parent.status == "active",
                parent.account_id.is_not(None),
            )
        )
    ).all()
    parents_of: dict[str, set[str]] = defaultdict(set)
    for student_mid, parent_account in links:
        if parent_account is not None:
            parents_of[student_mid].add(parent_account)
    # Children who share a parent are one family (siblings in the same class).
    root: dict[str, str] = {s.id: s.id for s in students}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    first_child_of: dict[str, str] = {}
    for s in students:
        for p in parents_of[s.id]:
            other = first_child_of.setdefault(p, s.id)
            root[find(s.id)] = find(other)
    groups: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for s in students:
        groups[find(s.id)].append((s.id, s.account_id, s.full_name))
    accounts = {a for s in students if (a := s.account_id)}
    names = await briefs(db, chat.org_id, accounts)
    families = []
    linked: set[str] = set()
    for kids in groups.values():
        parent_ids = {p for mid, _, _ in kids for p in parents_of[mid]} & members
        linked |= parent_ids
        kid_names = sorted(names[a].name if a else full for _, a, full in kids)
        families.append(Family(children=kid_names, parents=parent_ids))
    return families, linked


async def audiences(db: AsyncSession, chats: Sequence[Chat]) -> dict[str, Audience]:
    """Each chat's audience for counting (a few queries per chat; pages hold few chats)."""
    members = await _members(db, [c.id for c in chats])
    out = {}
    for chat in chats:
        aud = Audience(chat=chat, members=members[chat.id], by_family=counts_by_family(chat))
        aud.people = await briefs(db, chat.org_id, aud.members)
        if aud.by_family:
            families, linked = await _families(db, chat, aud.members)
            for account_id in sorted(aud.members - linked):
                brief = aud.people[account_id]
                if OrgRole.PARENT.value in brief.roles and not brief.verified:
                    families.append(Family(children=[], parents={account_id}))
            aud.families = families
        out[chat.id] = aud
    return out


async def acks_of(db: AsyncSession, message_ids: Collection[str]) -> dict[str, dict[str, AckRow]]:
    out: dict[str, dict[str, AckRow]] = defaultdict(dict)
    if not message_ids:
        return out
    stmt = sa.select(
        MessageAck.message_id,
        MessageAck.account_id,
        MessageAck.acked_at,
        MessageAck.answer,
        MessageAck.comment,
    ).where(MessageAck.message_id.in_(list(message_ids)))
    for message_id, account_id, acked_at, answer, comment in (await db.execute(stmt)).all():
        out[message_id][account_id] = AckRow(acked_at, answer, comment or "")
    return out


def family_of(t: Tally, account_id: str) -> FamilyTally | None:
    """The family a parent belongs to (by-family tallies only)."""
    return next((f for f in t.families if account_id in f.family.parents), None)


def tally(aud: Audience, message: Message, acks: dict[str, AckRow]) -> Tally:
    """Confirmed of total for one message of the audience's chat."""
    recipients = sorted(aud.members - {message.author_id or ""})
    rows = {a: r for a, r in acks.items() if a in aud.members and a != message.author_id}
    got = {a: r.at for a, r in rows.items()}
    if not aud.by_family:
        return Tally(False, len(got), len(recipients), recipients, got, [], rows)
    slip = message.ack_question is not None
    families = []
    for f in aud.families:
        parents = sorted(f.parents - {message.author_id or ""})
        times = sorted((got[p], p) for p in parents if p in got)
        # A confirmation counts from the first parent; a slip's answer is the latest one.
        pick = (times[-1] if slip else times[0]) if times else None
        row = rows[pick[1]] if pick else None
        families.append(
            FamilyTally(
                family=f,
                parents=parents,
                confirmed_by=pick[1] if pick else None,
                confirmed_at=pick[0] if pick else None,
                answer=row.answer if row else None,
                comment=row.comment if row else "",
            )
        )
    confirmed = sum(1 for f in families if f.confirmed_at is not None)
    return Tally(True, confirmed, len(families), recipients, got, families, rows)


async def tally_one(db: AsyncSession, chat: Chat, message: Message) -> tuple[Tally, Audience]:
    aud = (await audiences(db, [chat]))[chat.id]
    acks = (await acks_of(db, [message.id]))[message.id]
    return tally(aud, message, acks), aud
