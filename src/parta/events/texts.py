"""Mail texts about events, in the recipient's language (Russian first)."""

from __future__ import annotations

_SIGN = {"ru": "\n\n— Парта", "en": "\n\n— Parta"}

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "created": {
        "ru": ("Новое событие: {title}", "Вас приглашают: «{title}».\n\n{when}{where}{desc}"),
        "en": ("New event: {title}", "You are invited: {title}.\n\n{when}{where}{desc}"),
    },
    "changed": {
        "ru": ("Событие изменено: {title}", "Событие «{title}» изменено.\n\n{when}{where}{desc}"),
        "en": ("Event changed: {title}", "The event {title} has changed.\n\n{when}{where}{desc}"),
    },
    "cancelled": {
        "ru": ("Событие отменено: {title}", "Событие «{title}» отменено.\n\n{when}"),
        "en": ("Event cancelled: {title}", "The event {title} has been cancelled.\n\n{when}"),
    },
    "reminder": {
        "ru": ("Напоминание: {title}", "Скоро событие «{title}».\n\n{when}{where}"),
        "en": ("Reminder: {title}", "Coming up: {title}.\n\n{when}{where}"),
    },
    "promoted": {
        "ru": (
            "Место освободилось: {title}",
            "Для вас нашлось место на событии «{title}» — вы в списке участников.\n\n{when}",
        ),
        "en": (
            "A place is yours: {title}",
            "A place has become free at {title}: you are now on the list of participants."
            "\n\n{when}",
        ),
    },
}

_LABELS = {
    "ru": {"when": "Когда", "where": "Где", "online": "онлайн", "all_day": "весь день"},
    "en": {"when": "When", "where": "Where", "online": "online", "all_day": "all day"},
}


def label(language: str, key: str) -> str:
    return _LABELS.get(language, _LABELS["ru"])[key]


def render(key: str, language: str, **values: str) -> tuple[str, str]:
    """(subject, body) of message `key` in `language`, Russian when the language is unknown."""
    lang = language if language in _SIGN else "ru"
    subject, body = _TEXTS[key][lang]
    return subject.format(**values), body.format(**values).rstrip() + _SIGN[lang]
