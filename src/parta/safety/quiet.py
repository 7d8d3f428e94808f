"""Quiet hours of chats: when a chat is quiet now and until when.

A chat follows its organisation's quiet hours when they are on and the chat is of a kind
they cover (parents' chats by default), unless its moderators chose otherwise: none in this
chat (`off`) or their own hours (`custom`, under `quiet_hours` in the chat's settings).
Messages are always written and delivered in the app; only pushes (parta.push) and e-mail
digests (parta.digests) wait until the quiet hours end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats import policy as chat_policy
from parta.chats.access import visible_chat
from parta.events.views import zone
from parta.kit.errors import Forbidden
from parta.models import Account, Chat, Membership, Org
from parta.realtime.log import emit
from parta.safety import policy
from parta.safety.schemas import ChatQuiet, ChatQuietIn, QuietState
from parta.safety.settings import rule_of, safety_settings

KEY = "quiet_hours"


@dataclass(frozen=True)
class Quiet:
    until: datetime
    source: Literal["org", "chat"]


def chat_rule(chat: Chat) -> ChatQuiet:
    """The chat's own choice (the organisation's hours by default)."""
    raw: Any = (chat.settings or {}).get(KEY)
    if isinstance(raw, dict):
        try:
            value = ChatQuietIn.model_validate(raw)
        except ValueError:
            value = None
        if value is not None:
            return ChatQuiet(**value.model_dump())
    return ChatQuiet(mode="org", start="19:00", end="08:00", days_off=[])


async def _direct_roles(db: AsyncSession, chat: Chat) -> list[set[str]]:
    key = (chat.unique_key or "").split(":")
    if len(key) != 4:
        return []
    stmt = sa.select(Membership.account_id, Membership.role).where(
        Membership.org_id == chat.org_id,
        Membership.account_id.in_(key[2:]),
        Membership.status == "active",
    )
    roles: dict[str, set[str]] = {}
    for account_id, role in (await db.execute(stmt)).all():
        roles.setdefault(account_id or "", set()).add(role)
    return list(roles.values())


async def chat_quiet(db: AsyncSession, chat: Chat, org: Org, now: datetime) -> Quiet | None:
    """The quiet hours the chat is in now, or None."""
    own = chat_rule(chat)
    source: Literal["org", "chat"] = "chat"
    if own.mode == "off" or chat.kind == "channel":
        return None
    if own.mode == "custom":
        rule = rule_of(own.start, own.end, own.days_off)
    else:
        hours = safety_settings(org).quiet_hours
        if not hours.enabled:
            return None
        roles = await _direct_roles(db, chat) if chat.kind == "direct" else []
        if not policy.scopes_of(chat.kind, roles) & set(hours.chats):
            return None
        rule, source = rule_of(hours.start, hours.end, hours.days_off), "org"
    until = policy.quiet_until(rule, zone(org), now)
    return Quiet(until=until, source=source) if until is not None else None


async def hold_until(
    db: AsyncSession, chat_id: str, now: datetime, cache: dict[str, datetime | None]
) -> datetime | None:
    """For the push worker: until when pushes about this chat wait (None: send now)."""
    if chat_id not in cache:
        chat = await db.get(Chat, chat_id)
        org = await db.get(Org, chat.org_id) if chat is not None else None
        quiet = await chat_quiet(db, chat, org, now) if chat and org else None
        cache[chat_id] = quiet.until if quiet else None
    return cache[chat_id]


async def digest_hold(db: AsyncSession, account: Account, now: datetime) -> datetime | None:
    """Until when the person's e-mail digest waits: a digest gathers news from every chat,
    so it waits while any of their organisations with quiet hours on is in them."""
    stmt = (
        sa.select(Org)
        .join(Membership, Membership.org_id == Org.id)
        .where(
            Membership.account_id == account.id,
            Membership.status == "active",
            Org.status == "active",
        )
    )
    latest: datetime | None = None
    for org in set((await db.execute(stmt)).scalars()):
        hours = safety_settings(org).quiet_hours
        if not hours.enabled:
            continue
        until = policy.quiet_until(rule_of(hours.start, hours.end, hours.days_off), zone(org), now)
        if until is not None and (latest is None or until > latest):
            latest = until
    return latest


def state(org: Org, quiet: Quiet | None) -> QuietState:
    if quiet is None:
        return QuietState(active=False)
    local = quiet.until.astimezone(zone(org))
    return QuietState(
        active=True,
        until=quiet.until,
        until_local=f"{local:%H:%M}",
        until_weekday=local.isoweekday(),
        source=quiet.source,
    )


def may_edit(chat: Chat, chat_role: str | None) -> bool:
    """Moderators of every chat but direct ones (which follow the organisation's hours)."""
    return chat.kind not in ("direct", "channel") and chat_policy.is_moderator(chat_role)


async def update_chat_quiet(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: ChatQuietIn
) -> ChatQuiet:
    """A chat's moderators choose its quiet hours: the organisation's, none, or their own."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if not may_edit(chat, me.role):
        raise Forbidden(
            "Only the chat's moderators can change its quiet hours.", code="not_moderator"
        )
    value = body.model_dump()
    if chat_rule(chat).model_dump() != value:
        chat.settings = {**(chat.settings or {}), KEY: value}
        await db.flush()
        await emit(db, chat.id, "chat.updated", {"settings": chat.settings, "by": ctx.account_id})
    return chat_rule(chat)
