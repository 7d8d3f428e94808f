"""The digest mail in the recipient's language (Russian first, Russian when unknown)."""

from __future__ import annotations

from parta.digests.content import Item, OrgDigest

_T: dict[str, dict[str, str]] = {
    "ru": {
        "subject_daily": "Парта: сводка за день",
        "subject_weekly": "Парта: сводка за неделю",
        "hello": "Здравствуйте, {name}!",
        "intro_daily": "Вот что ждёт вас в Парте.",
        "intro_weekly": "Вот что ждёт вас в Парте на этой неделе.",
        "acks": "Важное: просят подтвердить, что вы прочитали",
        "mentions": "Вас упомянули",
        "events_daily": "События в ближайшие два дня",
        "events_weekly": "События на неделю вперёд",
        "open": "Открыть Парту: {url}",
        "why": "Вы получаете эту сводку, потому что включили её в настройках Парты.",
        "unsubscribe": "Отписаться одним нажатием: {url}",
        "settings": "Настроить уведомления: {url}",
        "sign": "— Парта",
    },
    "en": {
        "subject_daily": "Parta: your daily digest",
        "subject_weekly": "Parta: your weekly digest",
        "hello": "Hello, {name}!",
        "intro_daily": "Here is what is waiting for you in Parta.",
        "intro_weekly": "Here is what is waiting for you in Parta this week.",
        "acks": "Important: please confirm you have read",
        "mentions": "You were mentioned",
        "events_daily": "Events in the next two days",
        "events_weekly": "Events in the week ahead",
        "open": "Open Parta: {url}",
        "why": "You get this digest because you turned it on in Parta's settings.",
        "unsubscribe": "Unsubscribe with one click: {url}",
        "settings": "Notification settings: {url}",
        "sign": "— Parta",
    },
}


def _t(lang: str, key: str, **values: str) -> str:
    return _T[lang][key].format(**values)


def _section(title: str, items: list[Item]) -> list[str]:
    if not items:
        return []
    lines = ["", f"{title}:"]
    for item in items:
        lines.append(f"• {item.text}")
        if item.link:
            lines.append(f"  {item.link}")
    return lines


def render(
    language: str,
    frequency: str,
    name: str,
    parts: list[OrgDigest],
    *,
    base_url: str,
    unsubscribe_url: str,
) -> tuple[str, str]:
    """(subject, body) of the digest."""
    lang = language if language in _T else "ru"
    lines = [_t(lang, "hello", name=name), "", _t(lang, f"intro_{frequency}")]
    for part in parts:
        if len(parts) > 1:
            lines += ["", f"== {part.org_name} =="]
        lines += _section(_t(lang, "acks"), part.acks)
        lines += _section(_t(lang, "mentions"), part.mentions)
        lines += _section(_t(lang, f"events_{frequency}"), part.events)
    lines += [
        "",
        _t(lang, "open", url=f"{base_url}/"),
        "",
        "-- ",
        _t(lang, "why"),
        _t(lang, "unsubscribe", url=unsubscribe_url),
        _t(lang, "settings", url=f"{base_url}/settings/notifications"),
        "",
        _t(lang, "sign"),
    ]
    return _t(lang, f"subject_{frequency}"), "\n".join(lines)
