"""Every query of the support domain. Lists take the scope they read in: one requester in
one organisation, one organisation's inbox, or the escalated requests of the platform."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.kit.ids import is_id
from parta.models import Account, Membership, Org, SupportFile, SupportMessage, SupportTicket
from parta.support.keyset import before

MAX_ENTRIES = 500


async def ticket(
    db: AsyncSession, ticket_id: str, *, for_update: bool = False
) -> SupportTicket | None:
    if not is_id(ticket_id):
        return None
    stmt = sa.select(SupportTicket).where(SupportTicket.id == ticket_id)
    if for_update:
        # Entries of one request change its status in order (PostgreSQL; SQLite has one writer).
        stmt = stmt.with_for_update()
    return (await db.execute(stmt)).scalar_one_or_none()


def _page(
    stmt: sa.Select[SupportTicket], cursor: str | None, limit: int
) -> sa.Select[SupportTicket]:
    if cursor is not None:
        stmt = stmt.where(before(SupportTicket.last_activity_at, SupportTicket.id, cursor))
    order = (SupportTicket.last_activity_at.desc(), SupportTicket.id.desc())
    return stmt.order_by(*order).limit(limit)


async def of_requester(
    db: AsyncSession,
    org_id: str,
    account_id: str,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> list[SupportTicket]:
    stmt = sa.select(SupportTicket).where(
        SupportTicket.org_id == org_id, SupportTicket.requester_id == account_id
    )
    if status:
        stmt = stmt.where(SupportTicket.status == status)
    return list((await db.execute(_page(stmt, cursor, limit))).scalars())


async def of_org(
    db: AsyncSession, org_id: str, *, status: str | None, cursor: str | None, limit: int
) -> list[SupportTicket]:
    stmt = sa.select(SupportTicket).where(SupportTicket.org_id == org_id)
    if status:
        stmt = stmt.where(SupportTicket.status == status)
    return list((await db.execute(_page(stmt, cursor, limit))).scalars())


async def escalated(
    db: AsyncSession, *, status: str | None, org_id: str | None, cursor: str | None, limit: int
) -> list[SupportTicket]:
    stmt = sa.select(SupportTicket).where(SupportTicket.escalated_at.is_not(None))
    if status:
        stmt = stmt.where(SupportTicket.status == status)
    if org_id:
        stmt = stmt.where(SupportTicket.org_id == org_id)
    return list((await db.execute(_page(stmt, cursor, limit))).scalars())


async def counts_by_status(
    db: AsyncSession, *, org_id: str | None = None, escalated_only: bool = False
) -> dict[str, int]:
    """Requests per status in an organisation's inbox or the platform's."""
    stmt = sa.select(SupportTicket.status, sa.func.count()).group_by(SupportTicket.status)
    if org_id is not None:
        stmt = stmt.where(SupportTicket.org_id == org_id)
    if escalated_only:
        stmt = stmt.where(SupportTicket.escalated_at.is_not(None))
    return {s: int(n) for s, n in (await db.execute(stmt)).all()}


async def entries(
    db: AsyncSession, ticket_id: str, *, with_notes: bool
) -> tuple[list[SupportMessage], dict[str, list[SupportFile]]]:
    """The thread, oldest first (the latest MAX_ENTRIES), and the files of each entry."""
    stmt = sa.select(SupportMessage).where(SupportMessage.ticket_id == ticket_id)
    if not with_notes:
        stmt = stmt.where(SupportMessage.kind != "note")
    stmt = stmt.order_by(SupportMessage.created_at.desc(), SupportMessage.id.desc())
    rows = list((await db.execute(stmt.limit(MAX_ENTRIES))).scalars())
    rows.reverse()
    files: dict[str, list[SupportFile]] = defaultdict(list)
    if rows:
        fstmt = (
            sa.select(SupportFile)
            .where(SupportFile.message_id.in_([m.id for m in rows]))
            .order_by(SupportFile.message_id, SupportFile.position)
        )
        for f in (await db.execute(fstmt)).scalars():
            files[f.message_id].append(f)
    return rows, files


async def names(db: AsyncSession, account_ids: Iterable[str]) -> dict[str, str]:
    ids = list(set(account_ids))
    if not ids:
        return {}
    stmt = sa.select(Account.id, Account.display_name).where(Account.id.in_(ids))
    return {a: n for a, n in (await db.execute(stmt)).all()}


async def roles_in(
    db: AsyncSession, org_id: str, account_ids: Iterable[str]
) -> dict[str, list[str]]:
    """Active roles of these people in the organisation."""
    ids = list(set(account_ids))
    if not ids:
        return {}
    stmt = sa.select(Membership.account_id, Membership.role).where(
        Membership.org_id == org_id,
        Membership.account_id.in_(ids),
        Membership.status == "active",
    )
    out: dict[str, list[str]] = defaultdict(list)
    for account_id, role in (await db.execute(stmt)).all():
        if account_id:
            out[account_id].append(role)
    return {k: sorted(v) for k, v in out.items()}


async def org_names(db: AsyncSession, org_ids: Iterable[str]) -> dict[str, str]:
    ids = list(set(org_ids))
    if not ids:
        return {}
    return {
        o: n
        for o, n in (await db.execute(sa.select(Org.id, Org.name).where(Org.id.in_(ids)))).all()
    }


async def is_admin(db: AsyncSession, org_id: str, account_id: str) -> bool:
    stmt = (
        sa.select(Membership.id)
        .where(
            Membership.org_id == org_id,
            Membership.account_id == account_id,
            Membership.role == OrgRole.ADMIN,
            Membership.status == "active",
        )
        .limit(1)
    )
    return (await db.execute(stmt)).first() is not None


async def admin_ids(db: AsyncSession, org_id: str) -> list[str]:
    """The organisation's active administrators (the support staff of its requests)."""
    stmt = sa.select(Membership.account_id).where(
        Membership.org_id == org_id,
        Membership.role == OrgRole.ADMIN,
        Membership.status == "active",
        Membership.account_id.is_not(None),
    )
    return sorted({a for (a,) in (await db.execute(stmt)).all() if a})


async def operator_ids(db: AsyncSession) -> list[str]:
    stmt = sa.select(Account.id).where(Account.is_operator.is_(True), Account.is_active.is_(True))
    return sorted(a for (a,) in (await db.execute(stmt)).all())


async def mail_targets(db: AsyncSession, account_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(email, language) of these people, for confirmed addresses of active accounts."""
    ids = list(set(account_ids))
    if not ids:
        return []
    stmt = sa.select(Account.email, Account.language).where(
        Account.id.in_(ids),
        Account.email.is_not(None),
        Account.email_verified_at.is_not(None),
        Account.is_active.is_(True),
    )
    return [(e, lang) for e, lang in (await db.execute(stmt)).all() if e]
