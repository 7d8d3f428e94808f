"""What a bot token may do, and which chat events outgoing webhooks may subscribe to."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    MESSAGES_WRITE = "messages:write"  # post into chats the bot was added to
    CHATS_READ = "chats:read"  # list those chats and read their history
    EVENTS_WRITE = "events:write"  # reserved for the calendar API (grants nothing yet)


# Chat events an outgoing webhook may subscribe to (the chat log's kinds; private
# notifications such as drafts or mutes are never sent out).
OUTGOING_EVENTS = frozenset(
    {
        "message.new",
        "message.edited",
        "message.deleted",
        "member.joined",
        "member.left",
        "member.removed",
        "poll.updated",
    }
)
