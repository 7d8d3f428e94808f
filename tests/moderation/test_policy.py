"""The pure rules of moderation, table by table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from parta.moderation import policy
from parta.moderation.policy import Facts
from parta.moderation.trust import pseudonyms

SAFE = Facts(safeguarding=True)
MOD = Facts(moderates_chat=True)
ADMIN_SAFE = Facts(safeguarding=True, admin=True)
NOBODY = Facts()
REPORTER = Facts(reporter=True)


@pytest.mark.parametrize(
    ("facts", "reason", "handles", "sees"),
    [
        (SAFE, "bullying", True, True),
        (SAFE, "self_harm", True, True),
        (MOD, "bullying", True, True),
        (MOD, "self_harm", False, False),  # concerns about self-harm: safeguarding only
        (NOBODY, "spam", False, False),
        (REPORTER, "spam", False, True),  # the reporter follows their report
        (Facts(safeguarding=True, reported=True), "bullying", False, False),
        (Facts(moderates_chat=True, reported=True), "spam", False, False),
        (Facts(moderates_chat=True, reporter=True), "spam", True, True),
    ],
)
def test_who_handles_and_sees(facts: Facts, reason: str, handles: bool, sees: bool) -> None:
    assert policy.handles(facts, reason) is handles
    assert policy.sees(facts, reason) is sees


@pytest.mark.parametrize(
    ("facts", "action", "chat_kind", "allowed"),
    [
        (MOD, "delete_message", "group", True),
        (MOD, "silence", "class", True),
        (MOD, "remove_from_chat", "group", True),
        (MOD, "remove_from_chat", "direct", False),
        (MOD, "suspend", "group", False),  # an administrator's decision
        (SAFE, "suspend", None, False),
        (ADMIN_SAFE, "suspend", None, True),
        (SAFE, "silence", None, False),  # a report of a person has no chat
        (REPORTER, "delete_message", "group", False),
        (NOBODY, "delete_message", "group", False),
    ],
)
def test_who_may_act(facts: Facts, action: str, chat_kind: str | None, allowed: bool) -> None:
    assert policy.may_act(facts, "bullying", action, chat_kind=chat_kind) is allowed


def test_actions_offered() -> None:
    assert policy.actions_for(ADMIN_SAFE, "spam", chat_kind="group", message=True) == list(
        policy.ACTIONS
    )
    assert policy.actions_for(MOD, "spam", chat_kind="direct", message=True) == [
        "delete_message",
        "silence",
    ]
    assert policy.actions_for(ADMIN_SAFE, "spam", chat_kind=None, message=False) == ["suspend"]
    assert policy.actions_for(REPORTER, "spam", chat_kind="group", message=True) == []


@pytest.mark.parametrize(
    ("reporter", "target", "allowed"),
    [("a", "b", True), ("a", "a", False), ("a", None, False)],
)
def test_may_report(reporter: str, target: str | None, allowed: bool) -> None:
    assert policy.may_report(reporter_id=reporter, target_id=target) is allowed


@pytest.mark.parametrize(
    ("minutes", "ok"),
    [(4, False), (5, True), (60, True), (60 * 24 * 30, True), (60 * 24 * 31, False)],
)
def test_silence_bounds(minutes: int, ok: bool) -> None:
    length = policy.silence_length(minutes)
    assert (length == timedelta(minutes=minutes)) if ok else length is None


@pytest.mark.parametrize(
    ("blocks", "result"),
    [
        (set(), None),
        ({("a", "b")}, "mine"),
        ({("b", "a")}, "theirs"),
        ({("a", "b"), ("b", "a")}, "mine"),  # my own block is what I must undo
        ({("a", "c")}, None),
    ],
)
def test_direct_blocked(blocks: set[tuple[str, str]], result: str | None) -> None:
    assert policy.direct_blocked(blocks, "a", "b") == result


@pytest.mark.parametrize(
    ("student", "everyone", "responder", "allowed"),
    [
        (True, False, False, True),
        (False, False, False, False),
        (False, True, False, True),
        (True, True, True, False),  # responders do not write to the line they answer
    ],
)
def test_who_writes_to_the_trust_line(
    student: bool, everyone: bool, responder: bool, allowed: bool
) -> None:
    assert (
        policy.may_write_trust(
            is_student=student, everyone_allowed=everyone, is_responder=responder
        )
        is allowed
    )


@pytest.mark.parametrize(
    ("anonymous", "escalated", "sees"),
    [(True, False, False), (True, True, True), (False, False, True)],
)
def test_when_the_writer_is_seen(anonymous: bool, escalated: bool, sees: bool) -> None:
    assert policy.sees_writer(anonymous=anonymous, escalated=escalated) is sees


def test_pseudonyms_are_stable_and_translated() -> None:
    key = pseudonyms.draw()
    assert pseudonyms.label(key, "ru") == pseudonyms.label(key, "ru")
    assert pseudonyms.label(key, "ru").startswith("Аноним · ")
    assert pseudonyms.label(key, "en").startswith("Anonymous · ")
    assert pseudonyms.label("0-0-27", "ru") == "Аноним · Синий кит 27"
    assert pseudonyms.label("0-0-27", "en") == "Anonymous · Blue whale 27"
    assert pseudonyms.label("garbage", "ru") == "Аноним"
