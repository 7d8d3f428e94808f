"""Texts of pushes in the recipient's language (Russian first, Russian when unknown)."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    "ru": {
        "app": "Парта",
        "new_message": "Новое сообщение",
        "new_messages": "Новые сообщения",
        "mentioned": "Вас упомянули",
        "mentioned_by": "{name} упоминает вас: {chat}",
        "incoming_call": "Входящий звонок",
        "incoming_video": "Входящий видеозвонок",
        "reminder": "Напоминание: {title}",
        "reminder_hidden": "Напоминание о событии",
        "ack": "Просьба подтвердить: {chat}",
        "ack_hidden": "Просьба подтвердить прочтение",
        "test": "Уведомления на этом устройстве работают.",
        "kind_poll": "Опрос",
        "kind_assignment": "Задание",
        "kind_call": "Звонок",
        "kind_files": "Файлы",
        "online": "онлайн",
    },
    "en": {
        "app": "Parta",
        "new_message": "New message",
        "new_messages": "New messages",
        "mentioned": "You were mentioned",
        "mentioned_by": "{name} mentioned you: {chat}",
        "incoming_call": "Incoming call",
        "incoming_video": "Incoming video call",
        "reminder": "Reminder: {title}",
        "reminder_hidden": "Event reminder",
        "ack": "Please confirm: {chat}",
        "ack_hidden": "Please confirm you have read a message",
        "test": "Notifications work on this device.",
        "kind_poll": "Poll",
        "kind_assignment": "Task",
        "kind_call": "Call",
        "kind_files": "Files",
        "online": "online",
    },
}


def text(language: str, key: str, **values: str) -> str:
    lang = language if language in _TEXTS else "ru"
    return _TEXTS[lang][key].format(**values)
