"""One-click unsubscribe (RFC 8058): every digest carries a signed link to its recipient's
unsubscribe address, in the body and in List-Unsubscribe (with List-Unsubscribe-Post, so
mail apps offer their own button).

The token is the account id and an HMAC of it under the server's secret: nothing is
stored, it keeps working for later digests, and it can do one thing only — turn that
person's digest off. A GET shows a page with a button (link checkers and previews fetch
links, they must not unsubscribe anyone); the POST, which needs no session, unsubscribes.
"""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.config import get_settings
from parta.kit.clock import utcnow
from parta.kit.errors import not_found
from parta.kit.ids import constant_time_equal, hmac_hex, is_id
from parta.models import Account, NotifyPrefs

PURPOSE = "digest-unsubscribe:"


def _signature(account_id: str) -> str:
    return hmac_hex(get_settings().resolved_secret_key(), PURPOSE + account_id)[:32]


def token_for(account_id: str) -> str:
    return f"{account_id}.{_signature(account_id)}"


def url_for(account_id: str) -> str:
    base = get_settings().public_base_url.rstrip("/")
    return f"{base}/api/v1/digests/unsubscribe/{token_for(account_id)}"


def headers_for(account_id: str) -> dict[str, str]:
    """The RFC 2369/8058 headers of a digest."""
    return {
        "List-Unsubscribe": f"<{url_for(account_id)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }


def account_of(token: str) -> str | None:
    """The account a token was made for, or None when it is not one of ours."""
    account_id, _, signature = token.partition(".")
    if not is_id(account_id) or len(signature) != 32:
        return None
    return account_id if constant_time_equal(signature, _signature(account_id)) else None


async def holder(db: AsyncSession, token: str) -> Account:
    """The token's account; 404 for anything else."""
    account_id = account_of(token)
    account = await db.get(Account, account_id) if account_id else None
    if account is None:
        raise not_found("link")
    return account


async def unsubscribe(db: AsyncSession, token: str) -> Account:
    """Turn the token holder's digest off (idempotent)."""
    account = await holder(db, token)
    prefs = await db.get(NotifyPrefs, account.id)
    if prefs is not None and prefs.digest != "off":
        prefs.digest, prefs.digest_next_at, prefs.updated_at = "off", None, utcnow()
        await record(
            db,
            "digest.unsubscribed",
            actor_id=account.id,
            target_type="account",
            target_id=account.id,
        )
    return account


_PAGES = {
    "ru": {
        "title": "Сводка Парты",
        "ask": "Больше не присылать сводку Парты на {email}?",
        "button": "Отписаться",
        "done": "Готово: сводка больше не придёт на {email}.",
        "again": "Включить её снова можно в настройках уведомлений.",
        "bad": "Ссылка не подходит. Отписаться можно в настройках уведомлений Парты.",
        "settings": "Настройки уведомлений",
    },
    "en": {
        "title": "Parta digest",
        "ask": "Stop sending Parta's digest to {email}?",
        "button": "Unsubscribe",
        "done": "Done: the digest will no longer come to {email}.",
        "again": "You can turn it on again in the notification settings.",
        "bad": "This link is not valid. You can unsubscribe in Parta's notification settings.",
        "settings": "Notification settings",
    },
}

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def page(language: str, kind: str, email: str = "") -> str:
    """A small self-contained page: ask (with the POST button), done, or bad link."""
    lang = language if language in _PAGES else "ru"
    t = _PAGES[lang]
    mail = html.escape(email)
    settings = f"{html.escape(get_settings().public_base_url.rstrip('/'))}/settings/notifications"
    if kind == "ask":
        main = (
            f"<p>{t['ask'].format(email=mail)}</p>"
            '<form method="post"><button type="submit">'
            f"{t['button']}</button></form>"
        )
    elif kind == "done":
        main = f"<p>{t['done'].format(email=mail)}</p><p>{t['again']}</p>"
    else:
        main = f"<p>{t['bad']}</p>"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{t['title']}</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;"
        "padding:0 1rem}button{font:inherit;padding:.5rem 1.2rem}</style></head>"
        f"<body><main><h1>{t['title']}</h1>{main}"
        f'<p><a href="{settings}">{t["settings"]}</a></p></main></body></html>'
    )
