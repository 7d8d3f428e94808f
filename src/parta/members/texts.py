"""Mail texts of the members domain, in the recipient's language (Russian first)."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "verified": {
        "ru": (
            "Ваша роль подтверждена — {org}",
            "Здравствуйте, {name}!\n\n"
            "Администратор организации «{org}» подтвердил вашу роль. "
            "Теперь вам доступны все возможности сотрудника.\n\n"
            "— Парта",
        ),
        "en": (
            "Your role has been verified — {org}",
            "Hello {name},\n\n"
            "An administrator of {org} has verified your role. "
            "All staff features are now available to you.\n\n"
            "— Parta",
        ),
    },
    "link_confirmed": {
        "ru": (
            "Связь с ребёнком подтверждена — {org}",
            "Здравствуйте, {name}!\n\n"
            "Организация «{org}» подтвердила, что вы родитель ученика {child}. "
            "Теперь вы видите его класс и можете общаться с учителями.\n\n"
            "— Парта",
        ),
        "en": (
            "Your link to your child is confirmed — {org}",
            "Hello {name},\n\n"
            "{org} has confirmed that you are a parent of {child}. "
            "You can now see their class and talk to their teachers.\n\n"
            "— Parta",
        ),
    },
    "link_rejected": {
        "ru": (
            "Связь с ребёнком не подтверждена — {org}",
            "Здравствуйте, {name}!\n\n"
            "Организация «{org}» не подтвердила связь с учеником {child}. "
            "Если это ошибка, обратитесь к классному руководителю.\n\n"
            "— Парта",
        ),
        "en": (
            "Your link to a student was not confirmed — {org}",
            "Hello {name},\n\n"
            "{org} did not confirm your link to {child}. "
            "If this is a mistake, please contact the class teacher.\n\n"
            "— Parta",
        ),
    },
}


def render(key: str, language: str, **values: str) -> tuple[str, str]:
    """(subject, body) of message `key` in `language`, Russian when the language is unknown."""
    variants = _TEXTS[key]
    subject, body = variants.get(language, variants["ru"])
    return subject.format(**values), body.format(**values)
