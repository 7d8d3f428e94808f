"""Bots and their tokens (administrators): create, rename, disable, add to chats, issue and
revoke tokens. Every change is audited."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.chats.members import add_member, announce_joined, deactivate_member
from parta.integrations.schemas import BotIn, BotOut, BotPatch, NewToken, TokenIn, TokenOut
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.kit.ids import is_id, random_token, sha256_hex
from parta.models import Account, Bot, BotToken, Chat, ChatMember

BOT_TOKEN_PREFIX = "pbt_"  # noqa: S105 (a prefix, not a secret)
MAX_LIVE_TOKENS = 20


def require_admin(ctx: OrgContext) -> None:
    ctx.require(Right.MANAGE_ORG, "Only administrators can manage integrations.")


def _name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise Unprocessable("Please enter a name.", fields={"name": "required"})
    return name


async def bot_in_org(db: AsyncSession, ctx: OrgContext, bot_id: str) -> Bot:
    """The organisation's bot; 404 for anything else (other organisations' bots included)."""
    bot = await db.get(Bot, bot_id) if is_id(bot_id) else None
    if bot is None or bot.org_id != ctx.org_id:
        raise not_found("bot")
    return bot


async def chat_for_bots(db: AsyncSession, ctx: OrgContext, chat_id: str) -> Chat:
    """A chat of the organisation that integrations may use: any but direct chats (private
    conversations between two people are never opened to a machine) and archived ones."""
    chat = await db.get(Chat, chat_id) if is_id(chat_id) else None
    if chat is None or chat.org_id != ctx.org_id or chat.kind == "direct":
        raise not_found("chat")
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    return chat


async def _chat_ids(db: AsyncSession, account_ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {a: [] for a in account_ids}
    if account_ids:
        stmt = (
            sa.select(ChatMember.account_id, ChatMember.chat_id)
            .where(ChatMember.account_id.in_(account_ids), ChatMember.status == "active")
            .order_by(ChatMember.chat_id)
        )
        for account_id, chat_id in (await db.execute(stmt)).all():
            out[account_id].append(chat_id)
    return out


async def bot_views(db: AsyncSession, bots: list[Bot]) -> list[BotOut]:
    chats = await _chat_ids(db, [b.account_id for b in bots])
    return [
        BotOut(
            id=b.id,
            account_id=b.account_id,
            kind=b.kind,  # type: ignore[arg-type]  # stored values are "api" or "webhook"
            name=b.name,
            description=b.description,
            chat_ids=chats[b.account_id],
            created_at=b.created_at,
            disabled=b.disabled_at is not None,
        )
        for b in bots
    ]


async def new_bot(
    db: AsyncSession, ctx: OrgContext, name: str, description: str = "", kind: str = "api"
) -> Bot:
    """A bot with its own account (no e-mail, no password: it can never sign in)."""
    account = Account(display_name=_name(name), language="ru")
    db.add(account)
    await db.flush()
    bot = Bot(
        org_id=ctx.org_id,
        account_id=account.id,
        kind=kind,
        name=account.display_name,
        description=description.strip(),
        created_by=ctx.account_id,
    )
    db.add(bot)
    await db.flush()
    return bot


async def list_bots(db: AsyncSession, ctx: OrgContext) -> list[BotOut]:
    """The organisation's bots, webhook authors included (administrators)."""
    require_admin(ctx)
    stmt = sa.select(Bot).where(Bot.org_id == ctx.org_id).order_by(Bot.id)
    return await bot_views(db, list((await db.execute(stmt)).scalars()))


async def create_bot(db: AsyncSession, ctx: OrgContext, body: BotIn, *, ip: str) -> BotOut:
    """Create an API bot (administrators). It can do nothing until given a token and chats."""
    require_admin(ctx)
    bot = await new_bot(db, ctx, body.name, body.description)
    await record(
        db,
        "bot.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="bot",
        target_id=bot.id,
        ip=ip,
        data={"name": bot.name},
    )
    return (await bot_views(db, [bot]))[0]


async def get_bot(db: AsyncSession, ctx: OrgContext, bot_id: str) -> BotOut:
    require_admin(ctx)
    return (await bot_views(db, [await bot_in_org(db, ctx, bot_id)]))[0]


async def update_bot(
    db: AsyncSession, ctx: OrgContext, bot_id: str, body: BotPatch, *, ip: str
) -> BotOut:
    """Rename or describe a bot (its past messages show the new name too)."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    if body.name is not None:
        bot.name = _name(body.name)
        account = await db.get(Account, bot.account_id)
        assert account is not None
        account.display_name = bot.name
    if body.description is not None:
        bot.description = body.description.strip()
    await record(
        db,
        "bot.updated",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="bot",
        target_id=bot.id,
        ip=ip,
    )
    await db.flush()
    return (await bot_views(db, [bot]))[0]


async def disable_bot(db: AsyncSession, bot: Bot, *, by: str) -> None:
    """Revoke the bot's tokens, take it out of its chats, deactivate its account."""
    now = utcnow()
    bot.disabled_at = bot.disabled_at or now
    await db.execute(
        sa.update(BotToken)
        .where(BotToken.bot_id == bot.id, BotToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    account = await db.get(Account, bot.account_id)
    if account is not None:
        account.is_active = False
    stmt = (
        sa.select(Chat, ChatMember)
        .join(ChatMember, ChatMember.chat_id == Chat.id)
        .where(ChatMember.account_id == bot.account_id, ChatMember.status == "active")
    )
    for chat, row in (await db.execute(stmt)).all():
        await deactivate_member(db, chat, row, "removed", by=by)


async def delete_bot(db: AsyncSession, ctx: OrgContext, bot_id: str, *, ip: str) -> None:
    """Disable a bot for good (its messages stay, under its name)."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    if bot.kind != "api":
        raise Conflict(
            "This bot belongs to an incoming webhook; delete the webhook instead.",
            code="webhook_bot",
        )
    await disable_bot(db, bot, by=ctx.account_id)
    await record(
        db,
        "bot.deleted",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="bot",
        target_id=bot.id,
        ip=ip,
    )


def _live_api_bot(bot: Bot) -> None:
    if bot.disabled_at is not None:
        raise Conflict("The bot is disabled.", code="bot_disabled")
    if bot.kind != "api":
        raise Conflict("A webhook's bot takes no tokens or chats.", code="webhook_bot")


async def add_to_chat(
    db: AsyncSession, ctx: OrgContext, bot_id: str, chat_id: str, *, ip: str
) -> BotOut:
    """Add the bot to a chat of the organisation (members see it join). In a channel it
    joins as a moderator, since only moderators may post there."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    _live_api_bot(bot)
    chat = await chat_for_bots(db, ctx, chat_id)
    role = "moderator" if chat.kind == "channel" else "member"
    if await add_member(db, chat, bot.account_id, role, by=ctx.account_id) is not None:
        await announce_joined(db, chat, [bot.account_id], by=ctx.account_id)
        await record(
            db,
            "bot.chat_added",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="bot",
            target_id=bot.id,
            ip=ip,
            data={"chat_id": chat.id},
        )
    return (await bot_views(db, [bot]))[0]


async def remove_from_chat(
    db: AsyncSession, ctx: OrgContext, bot_id: str, chat_id: str, *, ip: str
) -> BotOut:
    """Take the bot out of a chat; it can no longer read or post there."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    chat = await db.get(Chat, chat_id) if is_id(chat_id) else None
    if chat is None or chat.org_id != ctx.org_id:
        raise not_found("chat")
    row = (
        await db.execute(
            sa.select(ChatMember).where(
                ChatMember.chat_id == chat.id,
                ChatMember.account_id == bot.account_id,
                ChatMember.status == "active",
            )
        )
    ).scalar_one_or_none()
    if row is not None:
        await deactivate_member(db, chat, row, "removed", by=ctx.account_id)
        await record(
            db,
            "bot.chat_removed",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="bot",
            target_id=bot.id,
            ip=ip,
            data={"chat_id": chat.id},
        )
    return (await bot_views(db, [bot]))[0]


def _token_view(t: BotToken) -> TokenOut:
    return TokenOut(
        id=t.id,
        name=t.name,
        scopes=list(t.scopes),
        created_at=t.created_at,
        last_used_at=t.last_used_at,
        revoked=t.revoked_at is not None,
    )


async def list_tokens(db: AsyncSession, ctx: OrgContext, bot_id: str) -> list[TokenOut]:
    """The bot's tokens (never the secrets themselves)."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    stmt = sa.select(BotToken).where(BotToken.bot_id == bot.id).order_by(BotToken.id)
    return [_token_view(t) for t in (await db.execute(stmt)).scalars()]


async def issue_token(
    db: AsyncSession, ctx: OrgContext, bot_id: str, body: TokenIn, *, ip: str
) -> NewToken:
    """A new token with the given scopes; the secret is in this answer only."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    _live_api_bot(bot)
    live = (
        await db.execute(
            sa.select(sa.func.count()).where(
                BotToken.bot_id == bot.id, BotToken.revoked_at.is_(None)
            )
        )
    ).scalar_one()
    if live >= MAX_LIVE_TOKENS:
        raise Conflict(
            f"A bot may have at most {MAX_LIVE_TOKENS} live tokens; revoke one first.",
            code="too_many_tokens",
        )
    secret = BOT_TOKEN_PREFIX + random_token(32)
    token = BotToken(
        bot_id=bot.id,
        org_id=ctx.org_id,
        name=body.name.strip(),
        token_hash=sha256_hex(secret),
        scopes=sorted(set(body.scopes)),
        created_by=ctx.account_id,
    )
    db.add(token)
    await db.flush()
    await record(
        db,
        "bot.token_issued",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="bot",
        target_id=bot.id,
        ip=ip,
        data={"token_id": token.id, "scopes": token.scopes},
    )
    return NewToken(**_token_view(token).model_dump(), token=secret)


async def revoke_token(
    db: AsyncSession, ctx: OrgContext, bot_id: str, token_id: str, *, ip: str
) -> None:
    """Revoke a token: its next request gets 401."""
    require_admin(ctx)
    bot = await bot_in_org(db, ctx, bot_id)
    token = await db.get(BotToken, token_id) if is_id(token_id) else None
    if token is None or token.bot_id != bot.id:
        raise not_found("token")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        await record(
            db,
            "bot.token_revoked",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="bot",
            target_id=bot.id,
            ip=ip,
            data={"token_id": token.id},
        )
