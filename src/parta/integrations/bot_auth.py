"""Bearer authentication of bots: the token resolves to the bot, its organisation and its
scopes, and to an OrgContext with no role and no rights, so the ordinary chat services
(which look at chat membership) can act for it.

Bot tokens (`pbt_…`) are refused by every route outside /bot (they do not resolve as
sessions), so a bot can never reach what its scopes do not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request

from parta.auth.deps import Actor, OrgContext
from parta.deps import DB
from parta.integrations.bots import BOT_TOKEN_PREFIX
from parta.integrations.scopes import Scope
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Unauthorized
from parta.kit.ids import sha256_hex
from parta.models import Account, AuthSession, Bot, BotToken, Org

# As with sessions: writing last_used_at on every call would turn reads into writes.
TOUCH_INTERVAL = timedelta(minutes=5)


@dataclass
class BotCaller:
    bot: Bot
    token: BotToken
    ctx: OrgContext

    def require(self, scope: Scope) -> None:
        """403 `missing_scope` unless the token carries `scope`."""
        if scope not in self.token.scopes:
            raise Forbidden(
                f"This token lacks the scope {scope.value}.",
                code="missing_scope",
                fields={"scope": scope.value},
            )


def _bearer(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    token = value.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send the bot's token as `Authorization: Bearer <token>`.")
    return token


async def bot_caller(request: Request, db: DB) -> BotCaller:
    """The bot behind the Bearer token; 401 for unknown, revoked or disabled ones."""
    token = _bearer(request)
    if not token.startswith(BOT_TOKEN_PREFIX) or len(token) > 100:
        raise Unauthorized("The token is not a valid bot token.")
    stmt = (
        sa.select(BotToken, Bot, Account, Org)
        .join(Bot, Bot.id == BotToken.bot_id)
        .join(Account, Account.id == Bot.account_id)
        .join(Org, Org.id == Bot.org_id)
        .where(BotToken.token_hash == sha256_hex(token))
    )
    row = (await db.execute(stmt)).first()
    if row is None:
        raise Unauthorized("The token is not valid.")
    tok, bot, account, org = row
    if (
        tok.revoked_at is not None
        or bot.disabled_at is not None
        or not account.is_active
        or org.status != "active"
    ):
        raise Unauthorized("The token was revoked or the bot is disabled.")
    now = utcnow()
    if tok.last_used_at is None or now - tok.last_used_at > TOUCH_INTERVAL:
        tok.last_used_at = now
    request.state.actor_id = account.id
    # A stand-in session that is never stored: services only read its id.
    session = AuthSession(
        id=tok.id,
        account_id=account.id,
        token_hash=tok.token_hash,
        created_at=tok.created_at,
        last_seen_at=now,
        expires_at=now,
    )
    ctx = OrgContext(
        actor=Actor(account=account, session=session, via_cookie=False),
        org=org,
        memberships=[],
        rights=frozenset(),
    )
    return BotCaller(bot=bot, token=tok, ctx=ctx)


BotAuth = Annotated[BotCaller, Depends(bot_caller)]
