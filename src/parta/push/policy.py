"""Whether one person gets one push: the only place that decides, so that later rules (quiet
hours, organisation policies) plug in here and every kind of push obeys them.

Pure functions over facts the worker has already loaded; tested table-driven.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Kind = Literal["message", "mention", "call", "event_reminder", "ack_reminder", "test"]


@dataclass(frozen=True)
class Prefs:
    """A person's push preferences (the defaults when they never changed them)."""

    messages: bool = True
    mentions: bool = True
    calls: bool = True
    reminders: bool = True
    previews: bool = True


@dataclass(frozen=True)
class Facts:
    kind: Kind
    prefs: Prefs
    # Message pushes: the chat is muted by this person; they wrote it themselves; they have
    # already read it (on another device, while the push waited to be coalesced).
    chat_muted: bool = False
    own: bool = False
    already_read: bool = False
    # The chat is in its quiet hours (parta.safety: the organisation's or the chat's own).
    quiet: bool = False


def should_push(f: Facts) -> bool:
    """Push or not.

    - The person asked for a test: always.
    - Quiet hours hold everything back.
    - Their own messages and what they have already read: never.
    - A new message: unless the chat is muted or they turned message pushes off.
    - A mention (also @all outside channels): even in a muted chat, like the app's own
      notifications, unless they turned mention pushes off.
    - A ringing call: unless call pushes are off (a muted chat still rings, as on phones).
    - Event and acknowledgement reminders: unless reminder pushes are off.
    """
    if f.kind == "test":
        return True
    if f.quiet:
        return False
    if f.kind in ("message", "mention") and (f.own or f.already_read):
        return False
    if f.kind == "message":
        return f.prefs.messages and not f.chat_muted
    if f.kind == "mention":
        return f.prefs.mentions
    if f.kind == "call":
        return f.prefs.calls
    return f.prefs.reminders


# Pushes about a chat in quiet hours that wait for them to end (the worker puts them back in
# the queue until then). A call is not among them: by morning it is long over, so it is not
# pushed at all (`Facts.quiet`); the app still rings on open devices.
HELD_KINDS = frozenset({"message", "ack_reminder"})


def held_until(kind: str, quiet_until: datetime | None) -> datetime | None:
    """When a push of `kind` about a chat whose quiet hours end at `quiet_until` (None: not
    in quiet hours) may go out; None: now (or, for a call, never: see `should_push`)."""
    return quiet_until if kind in HELD_KINDS else None
