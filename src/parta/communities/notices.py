"""Telling people about a community: private realtime notifications to its members (the
community has no chat log, so these carry no sequence number; a client that missed one
reloads the community), and mail to organisation administrators about invitations.

Every audience is worked out from the participations at the moment of the change, inside
the writing transaction, and the events are published only after it commits.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.communities.access import audience
from parta.mail.outbox import queue_mail
from parta.models import Account, Membership
from parta.realtime.log import notify

_SIGN = {"ru": "\n\n— Парта", "en": "\n\n— Parta"}
_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "invited": {
        "ru": (
            "Приглашение в сообщество «{title}»",
            "{org} приглашают в сообщество «{title}» ({home}).\n\n"
            "Участие начнётся, только когда вы его одобрите и выберете, кто из ваших "
            "сотрудников и классов в нём участвует: раздел «Сообщества» в Парте.",
        ),
        "en": (
            "Invitation to the community {title}",
            "{org} is invited to the community {title} ({home}).\n\n"
            "It takes part only once you approve and choose which of your staff and classes "
            "join: the Communities section in Parta.",
        ),
    },
    "requested": {
        "ru": (
            "Заявка на участие в сообществе «{title}»",
            "{org} просит принять её в сообщество «{title}». Принять или отклонить заявку "
            "можно в разделе «Сообщества» в Парте.",
        ),
        "en": (
            "Request to join the community {title}",
            "{org} asks to join the community {title}. Accept or refuse the request in the "
            "Communities section in Parta.",
        ),
    },
}


def _render(key: str, language: str, **values: str) -> tuple[str, str]:
    lang = language if language in _SIGN else "ru"
    subject, body = _TEXTS[key][lang]
    return subject.format(**values), body.format(**values) + _SIGN[lang]


async def tell(
    db: AsyncSession, accounts: Collection[str], kind: str, data: dict[str, Any]
) -> None:
    if accounts:
        notify(db, tuple(sorted(accounts)), kind, data)


async def tell_members(
    db: AsyncSession, community_id: str, kind: str, data: dict[str, Any]
) -> frozenset[str]:
    """Send `kind` to the community's members now; returns them."""
    people = await audience(db, community_id)
    await tell(db, people, kind, {"community_id": community_id, **data})
    return people


async def tell_change(db: AsyncSession, community_id: str, before: frozenset[str]) -> None:
    """Who takes part may have changed: members now get `community.updated` (reload it),
    people who lost access get `community.removed` (drop it from the screen)."""
    await db.flush()
    now = await tell_members(db, community_id, "community.updated", {})
    await tell(db, before - now, "community.removed", {"community_id": community_id})


async def org_admins(db: AsyncSession, org_id: str) -> list[str]:
    stmt = sa.select(Membership.account_id).where(
        Membership.org_id == org_id,
        Membership.role == OrgRole.ADMIN,
        Membership.status == "active",
        Membership.account_id.is_not(None),
    )
    return [a for a in (await db.execute(stmt)).scalars() if a]


async def tell_admins(db: AsyncSession, org_id: str, data: dict[str, Any]) -> list[str]:
    """`community.participation` to the organisation's administrators (their screen of
    invitations reloads); returns them."""
    admins = await org_admins(db, org_id)
    await tell(db, admins, "community.participation", {"org_id": org_id, **data})
    return admins


async def mail(db: AsyncSession, accounts: Collection[str], key: str, **values: str) -> int:
    """Queue mail `key` to each of these people with a confirmed address."""
    if not accounts:
        return 0
    stmt = sa.select(Account.email, Account.language).where(
        Account.id.in_(list(accounts)),
        Account.email.is_not(None),
        Account.email_verified_at.is_not(None),
        Account.is_active.is_(True),
    )
    sent = 0
    for email, language in (await db.execute(stmt)).all():
        if email:
            subject, body = _render(key, language, **values)
            await queue_mail(db, email, subject, body)
            sent += 1
    return sent
