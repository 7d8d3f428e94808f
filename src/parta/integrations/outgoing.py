"""Outgoing webhooks (administrators): subscribe a URL to chosen events of chosen chats,
change, re-enable, rotate the signing secret, read the delivery log."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.db import on_commit
from parta.integrations.bots import chat_for_bots, require_admin
from parta.integrations.schemas import (
    AttemptOut,
    DeliveryOut,
    NewSecret,
    OutgoingIn,
    OutgoingOut,
    OutgoingPatch,
)
from parta.integrations.signing import webhook_secret
from parta.integrations.tap import watch
from parta.kit.clock import utcnow
from parta.kit.errors import AppError, Conflict, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.models import OutgoingWebhook, WebhookDelivery

MAX_PER_ORG = 20


def _view(h: OutgoingWebhook) -> OutgoingOut:
    return OutgoingOut(
        id=h.id,
        name=h.name,
        url=h.url,
        events=list(h.events),
        chat_ids=list(h.chat_ids),
        active=h.active,
        consecutive_failures=h.consecutive_failures,
        disabled_reason=h.disabled_reason,
        created_at=h.created_at,
    )


def _changed(db: AsyncSession) -> None:
    async def _reload() -> None:
        watch.invalidate()

    on_commit(db, _reload)


async def _webhook(db: AsyncSession, ctx: OrgContext, webhook_id: str) -> OutgoingWebhook:
    hook = await db.get(OutgoingWebhook, webhook_id) if is_id(webhook_id) else None
    if hook is None or hook.org_id != ctx.org_id:
        raise not_found("webhook")
    return hook


async def _chats(db: AsyncSession, ctx: OrgContext, chat_ids: list[str]) -> list[str]:
    ids = sorted(set(chat_ids))
    for chat_id in ids:
        try:
            await chat_for_bots(db, ctx, chat_id)
        except AppError as exc:
            raise Unprocessable(
                "Choose chats of this organisation (not direct chats, not archived ones).",
                code="bad_chat",
                fields={"chat_ids": chat_id[:26]},
            ) from exc
    return ids


async def list_outgoing(db: AsyncSession, ctx: OrgContext) -> list[OutgoingOut]:
    require_admin(ctx)
    stmt = (
        sa.select(OutgoingWebhook)
        .where(OutgoingWebhook.org_id == ctx.org_id)
        .order_by(OutgoingWebhook.id)
    )
    return [_view(h) for h in (await db.execute(stmt)).scalars()]


async def create_outgoing(
    db: AsyncSession, ctx: OrgContext, body: OutgoingIn, *, ip: str
) -> NewSecret:
    """Subscribe a URL; the signing secret is in this answer (and after each rotation)."""
    require_admin(ctx)
    count = (
        await db.execute(sa.select(sa.func.count()).where(OutgoingWebhook.org_id == ctx.org_id))
    ).scalar_one()
    if count >= MAX_PER_ORG:
        raise Conflict(
            f"An organisation may have at most {MAX_PER_ORG} outgoing webhooks.",
            code="too_many_webhooks",
        )
    hook = OutgoingWebhook(
        org_id=ctx.org_id,
        name=" ".join(body.name.split()) or "webhook",
        url=body.url,
        events=body.events,
        chat_ids=await _chats(db, ctx, body.chat_ids),
        created_by=ctx.account_id,
    )
    db.add(hook)
    await db.flush()
    await record(
        db,
        "webhook.outgoing_created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="outgoing_webhook",
        target_id=hook.id,
        ip=ip,
        data={"url": hook.url, "events": hook.events, "chat_ids": hook.chat_ids},
    )
    _changed(db)
    return NewSecret(**_view(hook).model_dump(), secret=webhook_secret(hook.id, 1))


async def get_outgoing(db: AsyncSession, ctx: OrgContext, webhook_id: str) -> OutgoingOut:
    require_admin(ctx)
    return _view(await _webhook(db, ctx, webhook_id))


async def update_outgoing(
    db: AsyncSession, ctx: OrgContext, webhook_id: str, body: OutgoingPatch, *, ip: str
) -> OutgoingOut:
    """Change the address, events or chats, or switch it off/on (`active`). Switching a
    disabled webhook on clears its failure count; events of the time it was off are lost."""
    require_admin(ctx)
    hook = await _webhook(db, ctx, webhook_id)
    changed = sorted(k for k, v in body.model_dump().items() if v is not None)
    if body.name is not None:
        hook.name = " ".join(body.name.split()) or hook.name
    if body.url is not None:
        hook.url = body.url
    if body.events is not None:
        hook.events = body.events
    if body.chat_ids is not None:
        hook.chat_ids = await _chats(db, ctx, body.chat_ids)
    if body.active is not None and body.active != hook.active:
        hook.active = body.active
        hook.consecutive_failures = 0
        hook.disabled_reason = "" if body.active else "switched off by an administrator"
    hook.updated_at = utcnow()
    await record(
        db,
        "webhook.outgoing_updated",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="outgoing_webhook",
        target_id=hook.id,
        ip=ip,
        data={"changed": changed},
    )
    _changed(db)
    await db.flush()
    return _view(hook)


async def rotate_secret(
    db: AsyncSession, ctx: OrgContext, webhook_id: str, *, ip: str
) -> NewSecret:
    """A new signing secret; the old one stops working at once."""
    require_admin(ctx)
    hook = await _webhook(db, ctx, webhook_id)
    hook.secret_version += 1
    hook.updated_at = utcnow()
    await record(
        db,
        "webhook.outgoing_secret_rotated",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="outgoing_webhook",
        target_id=hook.id,
        ip=ip,
    )
    await db.flush()
    return NewSecret(
        **_view(hook).model_dump(), secret=webhook_secret(hook.id, hook.secret_version)
    )


async def delete_outgoing(db: AsyncSession, ctx: OrgContext, webhook_id: str, *, ip: str) -> None:
    """Delete the subscription with its queue and log."""
    require_admin(ctx)
    hook = await _webhook(db, ctx, webhook_id)
    await db.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    await db.delete(hook)
    await record(
        db,
        "webhook.outgoing_deleted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="outgoing_webhook",
        target_id=hook.id,
        ip=ip,
        data={"url": hook.url},
    )
    _changed(db)


def _delivery_view(d: WebhookDelivery) -> DeliveryOut:
    return DeliveryOut(
        id=d.id,
        event=d.event,
        chat_id=d.chat_id,
        seq=d.seq,
        status=d.status,  # type: ignore[arg-type]  # stored values are the three statuses
        attempts=d.attempts,
        next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
        last_status_code=d.last_status_code,
        last_error=d.last_error,
        created_at=d.created_at,
        finished_at=d.finished_at,
        log=[AttemptOut.model_validate(e) for e in d.log or []],
    )


async def deliveries(
    db: AsyncSession,
    ctx: OrgContext,
    webhook_id: str,
    *,
    status: str | None,
    cursor: str | None,
    limit: int | None,
) -> Page[DeliveryOut]:
    """The webhook's delivery log, newest first."""
    require_admin(ctx)
    hook = await _webhook(db, ctx, webhook_id)
    n = clamp_limit(limit)
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    if cursor is not None:
        if not is_id(cursor):
            raise Unprocessable("Invalid cursor.", fields={"cursor": "invalid"})
        stmt = stmt.where(WebhookDelivery.id < cursor)
    rows = list((await db.execute(stmt.order_by(WebhookDelivery.id.desc()).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    return Page(items=[_delivery_view(d) for d in rows], next_cursor=rows[-1].id if more else None)
