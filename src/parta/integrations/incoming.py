"""Incoming webhooks: a secret URL that posts Markdown into one chat as the webhook's bot.

The URL's token is shown once and stored as SHA-256. Each webhook has its own bot (kind
"webhook") that is a member of the chat, so its messages go through `send_message` like
anyone's: the chat's posting rules, the message log, `message.new` to every member.
"""

from __future__ import annotations

import json
import math

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor, OrgContext
from parta.chats.flood import SlidingWindow
from parta.chats.members import add_member, announce_joined
from parta.config import get_settings
from parta.integrations.bots import chat_for_bots, disable_bot, new_bot, require_admin
from parta.integrations.schemas import (
    HookMessageIn,
    HookMessageOut,
    IncomingIn,
    IncomingOut,
    NewIncoming,
)
from parta.kit.clock import utcnow
from parta.kit.errors import (
    BadRequest,
    PayloadTooLarge,
    TooManyRequests,
    Unprocessable,
    UnsupportedMediaType,
    not_found,
)
from parta.kit.ids import is_id, new_id, random_token, sha256_hex
from parta.messages.service import send_message
from parta.models import Account, AuthSession, Bot, IncomingWebhook, Org

HOOK_TOKEN_PREFIX = "phk_"  # noqa: S105 (a prefix, not a secret)
MAX_BODY_BYTES = 64 * 1024
# Per webhook and per process (like the messages flood limit): enough for a gradebook
# announcing a day's homework, not enough to flood a class chat.
PER_MINUTE = 30
_window = SlidingWindow(PER_MINUTE, 60.0)


def hook_url(token: str) -> str:
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}/api/v1/hooks/{token}"


def _view(h: IncomingWebhook) -> IncomingOut:
    return IncomingOut(
        id=h.id,
        name=h.name,
        chat_id=h.chat_id,
        bot_id=h.bot_id,
        created_at=h.created_at,
        last_used_at=h.last_used_at,
    )


async def list_incoming(db: AsyncSession, ctx: OrgContext) -> list[IncomingOut]:
    """The organisation's live incoming webhooks (administrators; never their URLs)."""
    require_admin(ctx)
    stmt = (
        sa.select(IncomingWebhook)
        .where(IncomingWebhook.org_id == ctx.org_id, IncomingWebhook.revoked_at.is_(None))
        .order_by(IncomingWebhook.id)
    )
    return [_view(h) for h in (await db.execute(stmt)).scalars()]


async def create_incoming(
    db: AsyncSession, ctx: OrgContext, body: IncomingIn, *, ip: str
) -> NewIncoming:
    """Create a webhook for a chat: its bot joins the chat; the URL is in this answer only."""
    require_admin(ctx)
    chat = await chat_for_bots(db, ctx, body.chat_id)
    bot = await new_bot(db, ctx, body.name, kind="webhook")
    role = "moderator" if chat.kind == "channel" else "member"
    await add_member(db, chat, bot.account_id, role, by=ctx.account_id)
    await announce_joined(db, chat, [bot.account_id], by=ctx.account_id)
    token = HOOK_TOKEN_PREFIX + random_token(32)
    hook = IncomingWebhook(
        org_id=ctx.org_id,
        chat_id=chat.id,
        bot_id=bot.id,
        name=bot.name,
        token_hash=sha256_hex(token),
        created_by=ctx.account_id,
    )
    db.add(hook)
    await db.flush()
    await record(
        db,
        "webhook.incoming_created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="incoming_webhook",
        target_id=hook.id,
        ip=ip,
        data={"chat_id": chat.id, "name": hook.name},
    )
    return NewIncoming(**_view(hook).model_dump(), url=hook_url(token))


async def delete_incoming(db: AsyncSession, ctx: OrgContext, hook_id: str, *, ip: str) -> None:
    """Revoke the URL and take its bot out of the chat (its messages stay)."""
    require_admin(ctx)
    hook = await db.get(IncomingWebhook, hook_id) if is_id(hook_id) else None
    if hook is None or hook.org_id != ctx.org_id or hook.revoked_at is not None:
        raise not_found("webhook")
    hook.revoked_at = utcnow()
    bot = await db.get(Bot, hook.bot_id)
    if bot is not None:
        await disable_bot(db, bot, by=ctx.account_id)
    await record(
        db,
        "webhook.incoming_deleted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="incoming_webhook",
        target_id=hook.id,
        ip=ip,
    )


def parse_payload(raw: bytes, content_type: str) -> HookMessageIn:
    """The posted JSON as a HookMessageIn, or a clear 4xx."""
    if content_type.split(";", 1)[0].strip().lower() != "application/json":
        raise UnsupportedMediaType(
            "Send the message as JSON (Content-Type: application/json).", code="json_required"
        )
    if len(raw) > MAX_BODY_BYTES:
        raise too_large()
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("The body is not valid JSON.", code="invalid_json") from exc
    if not isinstance(data, dict):
        raise Unprocessable(
            'Send a JSON object like {"text": "..."}.', fields={"body": "an object"}
        )
    try:
        return HookMessageIn.model_validate(data)
    except ValidationError as exc:
        fields = {".".join(map(str, e["loc"])) or "body": e["msg"] for e in exc.errors()}
        raise Unprocessable("Some fields are missing or invalid.", fields=fields) from exc


def too_large() -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.", code="payload_too_large"
    )


async def receive(
    db: AsyncSession, token: str, raw: bytes, content_type: str
) -> tuple[HookMessageOut, bool]:
    """Post the payload into the webhook's chat. 404 for unknown or revoked URLs."""
    if not token.startswith(HOOK_TOKEN_PREFIX) or len(token) > 100:
        raise not_found("webhook")
    stmt = (
        sa.select(IncomingWebhook, Bot, Account, Org)
        .join(Bot, Bot.id == IncomingWebhook.bot_id)
        .join(Account, Account.id == Bot.account_id)
        .join(Org, Org.id == IncomingWebhook.org_id)
        .where(IncomingWebhook.token_hash == sha256_hex(token))
    )
    row = (await db.execute(stmt)).first()
    if row is None:
        raise not_found("webhook")
    hook, bot, account, org = row
    if hook.revoked_at is not None or bot.disabled_at is not None or org.status != "active":
        raise not_found("webhook")
    payload = parse_payload(raw, content_type)
    now = utcnow()
    wait = _window.hit(hook.id, now.timestamp())
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"Too many messages through this webhook. Try again in {seconds} s.",
            code="rate_limited",
            headers={"Retry-After": str(seconds)},
        )
    hook.last_used_at = now
    session = AuthSession(
        id=hook.id,
        account_id=account.id,
        token_hash=hook.token_hash,
        created_at=hook.created_at,
        last_seen_at=now,
        expires_at=now,
    )
    ctx = OrgContext(
        actor=Actor(account=account, session=session, via_cookie=False),
        org=org,
        memberships=[],
        rights=frozenset(),
    )
    message, created = await send_message(
        db, ctx, hook.chat_id, client_id=payload.client_id or new_id(), body=payload.text
    )
    out = HookMessageOut(
        message_id=message.id, chat_id=message.chat_id, seq=message.seq, created=created
    )
    return out, created
