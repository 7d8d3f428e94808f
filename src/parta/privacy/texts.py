"""Mail texts of the privacy domain, in the recipient's language (Russian first)."""

from __future__ import annotations

# What an erased person is called wherever their messages stay (one stored name: the rows
# keep no trace of who it was).
DELETED_NAME = "Удалённый пользователь"

_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "export_ready": {
        "ru": (
            "Архив данных готов — {name}",
            "Здравствуйте!\n\n"
            "Архив с данными ({name}) готов. Скачать его можно в Парте: "
            "Настройки → Мои данные ({url}). Архив хранится {days} дн., затем удаляется.\n\n"
            "Если вы не запрашивали архив, смените пароль и сообщите администратору школы.\n\n"
            "— Парта",
        ),
        "en": (
            "Your data archive is ready — {name}",
            "Hello,\n\n"
            "The archive of data ({name}) is ready. Download it in Parta: "
            "Settings → My data ({url}). It is kept for {days} days, then deleted.\n\n"
            "If you did not ask for it, change your password and tell the school's "
            "administrator.\n\n"
            "— Parta",
        ),
    },
    "deletion_scheduled": {
        "ru": (
            "Аккаунт будет удалён {date}",
            "Здравствуйте!\n\n"
            "Аккаунт «{name}» отключён и будет удалён {date}: имя, контакты, файлы и текст "
            "сообщений будут стёрты, в переписке останется «Удалённый пользователь».\n\n"
            "Передумали? До этой даты удаление может отменить администратор школы "
            "(а для ребёнка — родитель в разделе «Мои данные»).\n\n"
            "— Парта",
        ),
        "en": (
            "The account will be deleted on {date}",
            "Hello,\n\n"
            "The account \u201c{name}\u201d is switched off and will be deleted on {date}: the "
            "name, contacts, files and message texts will be erased, and conversations will "
            "show \u201cDeleted user\u201d.\n\n"
            "Changed your mind? Until then the school's administrator can cancel the "
            "deletion (and a parent can, for a child, in My data).\n\n"
            "— Parta",
        ),
    },
    "deletion_cancelled": {
        "ru": (
            "Удаление аккаунта отменено",
            "Здравствуйте!\n\n"
            "Удаление аккаунта «{name}» отменено, аккаунт снова работает.\n\n"
            "— Парта",
        ),
        "en": (
            "The account deletion was cancelled",
            "Hello,\n\n"
            "The deletion of the account \u201c{name}\u201d was cancelled; the account works "
            "again.\n\n"
            "— Parta",
        ),
    },
}


def render(key: str, language: str, **values: str) -> tuple[str, str]:
    """(subject, body) of message `key` in `language`, Russian when the language is unknown."""
    variants = _TEXTS[key]
    subject, body = variants.get(language, variants["ru"])
    return subject.format(**values), body.format(**values)
