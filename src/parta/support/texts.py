"""Mail about support requests and suggestions, in the recipient's language (Russian first)."""

from __future__ import annotations

_SIGN = {"ru": "\n\n— Парта", "en": "\n\n— Parta"}

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "new_ticket": {
        "ru": (
            "Новое обращение: {subject}",
            "{who} пишет в поддержку организации «{org}»:\n\n{text}\n\nОткрыть обращение: {link}",
        ),
        "en": (
            "New support request: {subject}",
            "{who} writes to the support of {org}:\n\n{text}\n\nOpen the request: {link}",
        ),
    },
    "escalated": {
        "ru": (
            "Обращение передано в поддержку платформы: {subject}",
            "Организация «{org}» передала обращение в поддержку платформы ({who}).\n\n"
            "{text}\n\nОткрыть обращение: {link}",
        ),
        "en": (
            "Request passed to platform support: {subject}",
            "{org} has passed a support request to platform support ({who}).\n\n"
            "{text}\n\nOpen the request: {link}",
        ),
    },
    "reply_to_requester": {
        "ru": (
            "Ответ на ваше обращение: {subject}",
            "{who} отвечает на ваше обращение «{subject}»:\n\n{text}\n\n"
            "Ответить или закрыть обращение: {link}",
        ),
        "en": (
            "Reply to your support request: {subject}",
            "{who} replied to your request “{subject}”:\n\n{text}\n\n"
            "Reply or close the request: {link}",
        ),
    },
    "reply_to_staff": {
        "ru": (
            "Новое сообщение в обращении: {subject}",
            "{who} пишет в обращении «{subject}» (организация «{org}»):\n\n{text}\n\n"
            "Открыть обращение: {link}",
        ),
        "en": (
            "New message in a support request: {subject}",
            "{who} wrote in the request “{subject}” ({org}):\n\n{text}\n\nOpen the request: {link}",
        ),
    },
    "note_to_staff": {
        "ru": (
            "Внутренняя заметка в обращении: {subject}",
            "{who} оставляет заметку для сотрудников в обращении «{subject}» "
            "(организация «{org}»; автор обращения её не видит):\n\n{text}\n\n"
            "Открыть обращение: {link}",
        ),
        "en": (
            "Internal note in a support request: {subject}",
            "{who} left a note for staff in the request “{subject}” ({org}; the requester "
            "does not see it):\n\n{text}\n\nOpen the request: {link}",
        ),
    },
    "suggestion_decided": {
        "ru": (
            "Ваше предложение: {title}",
            "Поддержка платформы рассмотрела ваше предложение «{title}».\n\n"
            "Статус: {status}{text}\n\nВаши предложения: {link}",
        ),
        "en": (
            "Your suggestion: {title}",
            "Platform support has looked at your suggestion “{title}”.\n\n"
            "Status: {status}{text}\n\nYour suggestions: {link}",
        ),
    },
}

_LABELS = {
    "ru": {
        "platform": "Поддержка платформы",
        "admin": "{name} (администратор)",
        "files": "Вложения: {count}",
        "planned": "запланировано",
        "done": "сделано",
        "declined": "отклонено",
        "new": "новое",
    },
    "en": {
        "platform": "Platform support",
        "admin": "{name} (administrator)",
        "files": "Attachments: {count}",
        "planned": "planned",
        "done": "done",
        "declined": "declined",
        "new": "new",
    },
}

MAX_QUOTE = 2000


def lang_of(language: str) -> str:
    return language if language in _SIGN else "ru"


def label(language: str, key: str, **values: str) -> str:
    return _LABELS[lang_of(language)][key].format(**values)


def quote(text: str, files: int, language: str) -> str:
    """The entry's text for a mail (cut when long), with the number of attachments."""
    text = text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"
    if files:
        extra = label(language, "files", count=str(files))
        text = f"{text}\n\n{extra}" if text else extra
    return text


def render(key: str, language: str, **values: str) -> tuple[str, str]:
    """(subject, body) of message `key` in `language`, Russian when the language is unknown."""
    lang = lang_of(language)
    subject, body = _TEXTS[key][lang]
    return subject.format(**values), body.format(**values).rstrip() + _SIGN[lang]
