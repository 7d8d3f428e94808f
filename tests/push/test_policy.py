"""The push decision, rule by rule (pure: no server)."""

from __future__ import annotations

import pytest

from parta.push.policy import Facts, Kind, Prefs, should_push

ALL_ON = Prefs()
NOTHING = Prefs(messages=False, mentions=False, calls=False, reminders=False)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (Facts("message", ALL_ON), True),
        (Facts("message", ALL_ON, chat_muted=True), False),
        (Facts("message", ALL_ON, own=True), False),
        (Facts("message", ALL_ON, already_read=True), False),
        (Facts("message", Prefs(messages=False)), False),
        (Facts("mention", ALL_ON, chat_muted=True), True),  # a mention cuts through a mute
        (Facts("mention", Prefs(mentions=False)), False),
        (Facts("mention", ALL_ON, already_read=True), False),
        (Facts("call", ALL_ON, chat_muted=True), True),
        (Facts("call", Prefs(calls=False)), False),
        (Facts("event_reminder", ALL_ON), True),
        (Facts("ack_reminder", Prefs(reminders=False)), False),
        (Facts("test", NOTHING, quiet=True), True),  # the person asked for it
    ],
)
def test_rules(facts: Facts, expected: bool) -> None:
    assert should_push(facts) is expected


@pytest.mark.parametrize("kind", ["message", "mention", "call", "event_reminder", "ack_reminder"])
def test_quiet_hours_hold_everything_back(kind: Kind) -> None:
    assert should_push(Facts(kind, ALL_ON)) is True
    assert should_push(Facts(kind, ALL_ON, quiet=True)) is False
