"""What a push carries: a title, a short text and the page to open — no more than the lock
screen shows. With previews off it says only what happened ("New message"), never who or
what. The service worker (web/public/sw.js) shows it; `tag` lets a newer push of the same
chat replace the older notification instead of piling up."""

from __future__ import annotations

from typing import Any

from parta.kit.clock import utcnow
from parta.push import texts
from parta.push.policy import Kind

TITLE_MAX = 120
BODY_MAX = 300


def _cut(value: str, limit: int) -> str:
    value = value.strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def payload(
    kind: Kind,
    title: str,
    body: str,
    url: str,
    tag: str,
    *,
    count: int = 1,
    org_id: str | None = None,
    chat_id: str | None = None,
    require_interaction: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "v": 1,
        "kind": kind,
        "title": _cut(title, TITLE_MAX),
        "body": _cut(body, BODY_MAX),
        "url": url,
        "tag": tag,
        "count": count,
        "ts": int(utcnow().timestamp() * 1000),
    }
    if org_id:
        out["org_id"] = org_id
    if chat_id:
        out["chat_id"] = chat_id
    if require_interaction:
        out["require_interaction"] = True
    return out


def chat_url(chat_id: str, message_id: str | None = None) -> str:
    return f"/chats/{chat_id}" + (f"?msg={message_id}" if message_id else "")


def event_url(event_id: str) -> str:
    return f"/calendar/e/{event_id}"


def message_text(language: str, kind: str, preview: str, files: int) -> str:
    """A message as one line: its text, or what it is (a poll, a task, files)."""
    labels = {"poll": "kind_poll", "assignment": "kind_assignment", "call": "kind_call"}
    if kind in labels:
        label = texts.text(language, labels[kind])
        return f"{label}: {preview}" if preview else label
    if not preview and files:
        return f"{texts.text(language, 'kind_files')} ({files})"
    return preview


def for_messages(
    language: str,
    previews: bool,
    *,
    chat_title: str,
    direct: bool,
    author: str,
    text: str,
    count: int,
    org_id: str,
    chat_id: str,
    message_id: str,
) -> dict[str, Any]:
    """New messages in one chat: "Chat (3)" / "Anna: text" (direct chats: "Anna (3)")."""
    url = chat_url(chat_id, message_id)
    if not previews:
        key = "new_messages" if count > 1 else "new_message"
        return payload(
            "message", texts.text(language, "app"), texts.text(language, key), url, chat_id,
            count=count, org_id=org_id, chat_id=chat_id,
        )  # fmt: skip
    title = author if direct else (chat_title or texts.text(language, "app"))
    if count > 1:
        title = f"{title} ({count})"
    body = text if direct else f"{author}: {text}"
    return payload(
        "message", title, body, url, chat_id, count=count, org_id=org_id, chat_id=chat_id
    )


def for_mention(
    language: str,
    previews: bool,
    *,
    chat_title: str,
    direct: bool,
    author: str,
    text: str,
    org_id: str,
    chat_id: str,
    message_id: str,
) -> dict[str, Any]:
    """A mention keeps its own notification (its tag is the message): it must not be
    replaced by the chat's next ordinary message."""
    url, tag = chat_url(chat_id, message_id), f"mention:{message_id}"
    if not previews:
        return payload(
            "mention", texts.text(language, "app"), texts.text(language, "mentioned"), url, tag,
            org_id=org_id, chat_id=chat_id,
        )  # fmt: skip
    chat = author if direct else (chat_title or texts.text(language, "app"))
    title = texts.text(language, "mentioned_by", name=author, chat=chat)
    return payload("mention", title, text, url, tag, org_id=org_id, chat_id=chat_id)


def for_call(
    language: str,
    previews: bool,
    *,
    caller: str,
    video: bool,
    org_id: str,
    chat_id: str,
    call_id: str,
) -> dict[str, Any]:
    body = texts.text(language, "incoming_video" if video else "incoming_call")
    title = caller if previews else texts.text(language, "app")
    return payload(
        "call", title, body, chat_url(chat_id), f"call:{call_id}",
        org_id=org_id, chat_id=chat_id, require_interaction=True,
    )  # fmt: skip


def for_event_reminder(
    language: str, previews: bool, *, title: str, when: str, where: str, org_id: str, event_id: str
) -> dict[str, Any]:
    url, tag = event_url(event_id), f"event:{event_id}"
    if not previews:
        head = texts.text(language, "reminder_hidden")
        return payload("event_reminder", texts.text(language, "app"), head, url, tag)
    body = f"{when}\n{where}" if where else when
    head = texts.text(language, "reminder", title=title)
    return payload("event_reminder", head, body, url, tag, org_id=org_id)


def for_ack_reminder(
    language: str,
    previews: bool,
    *,
    chat_title: str,
    author: str,
    text: str,
    org_id: str,
    chat_id: str,
    message_id: str,
) -> dict[str, Any]:
    url, tag = chat_url(chat_id, message_id), f"ack:{message_id}"
    if not previews:
        head = texts.text(language, "ack_hidden")
        return payload("ack_reminder", texts.text(language, "app"), head, url, tag)
    title = texts.text(language, "ack", chat=chat_title or author)
    return payload(
        "ack_reminder", title, f"{author}: {text}", url, tag, org_id=org_id, chat_id=chat_id
    )


def for_test(language: str) -> dict[str, Any]:
    return payload(
        "test",
        texts.text(language, "app"),
        texts.text(language, "test"),
        "/settings/notifications",
        "test",
    )
