"""Poll use cases: create (as a message), vote, add an option, close.

Every change emits a numbered "poll.updated" with the neutral view (counts, and voters'
names for public polls only), so no event ever says who voted for what in an anonymous poll;
the voter's own devices learn their choice from a private "poll.mine".
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats.access import member_row
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.messages.schemas import MessageOut
from parta.messages.service import send_message
from parta.models import Chat, ChatMember, Message, Poll, PollOption, PollVote
from parta.polls import policy
from parta.polls.schemas import MAX_OPTIONS, PollIn, PollOut
from parta.polls.views import polls_for
from parta.realtime.log import emit, notify

MAX_QUESTION = 300
MAX_OPTION = 100


@dataclass
class _Scope:
    poll: Poll
    message: Message
    chat: Chat
    me: ChatMember


def _option_text(text: str, field: str) -> str:
    cleaned = policy.clean_text(text)
    if not cleaned:
        raise Unprocessable("An option is empty.", code="empty_option", fields={field: "empty"})
    if len(cleaned) > MAX_OPTION:
        raise Unprocessable(
            f"An option is longer than {MAX_OPTION} characters.",
            code="option_too_long",
            fields={field: f"at most {MAX_OPTION} characters"},
        )
    return cleaned


def _checked(body: PollIn) -> tuple[str, list[str]]:
    """The cleaned question and options; 422 for anything a poll cannot be."""
    question = policy.clean_text(body.question)
    if not question:
        raise Unprocessable(
            "The question is empty.", code="empty_question", fields={"question": "empty"}
        )
    options = [_option_text(t, f"options.{i}") for i, t in enumerate(body.options)]
    if len({policy.option_key(t) for t in options}) != len(options):
        raise Unprocessable(
            "The options must differ from each other.",
            code="duplicate_options",
            fields={"options": "duplicates"},
        )
    if body.quiz:
        if body.multiple:
            raise Unprocessable(
                "A quiz has one correct answer, so it is single choice.",
                code="quiz_single_choice",
                fields={"multiple": "not in a quiz"},
            )
        if body.correct_option is None or body.correct_option >= len(options):
            raise Unprocessable(
                "Mark which option of the quiz is correct.",
                code="quiz_correct_option",
                fields={"correct_option": "index of one of the options"},
            )
        if body.allow_add_options:
            raise Unprocessable(
                "Voters cannot add options to a quiz.",
                code="quiz_add_options",
                fields={"allow_add_options": "not in a quiz"},
            )
    elif body.correct_option is not None:
        raise Unprocessable(
            "Only a quiz has a correct option.",
            code="not_a_quiz",
            fields={"correct_option": "only with quiz"},
        )
    if body.deadline is not None and body.deadline <= utcnow():
        raise Unprocessable(
            "The deadline must be in the future.",
            code="deadline_past",
            fields={"deadline": "in the past"},
        )
    return question, options


async def create_poll(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: PollIn
) -> tuple[MessageOut, bool]:
    """Post a poll: a message of kind "poll" (whoever may post in the chat may ask). Returns
    (message, created); a retried client id returns the stored message."""
    question, texts = _checked(body)

    async def add_poll(message: Message) -> None:
        options = [PollOption(id=new_id(), position=i, text=t) for i, t in enumerate(texts)]
        poll = Poll(
            id=new_id(),
            org_id=message.org_id,
            chat_id=message.chat_id,
            message_id=message.id,
            question=question,
            multiple=body.multiple,
            anonymous=body.anonymous,
            quiz=body.quiz,
            correct_option_id=options[body.correct_option].id
            if body.quiz and body.correct_option is not None
            else None,
            allow_add_options=body.allow_add_options,
            deadline=body.deadline,
            created_by=ctx.account_id,
        )
        db.add(poll)
        await db.flush()  # options reference the poll row
        for option in options:
            option.poll_id = poll.id
            db.add(option)
        await db.flush()

    return await send_message(
        db, ctx, chat_id, client_id=body.client_id, body=question, kind="poll", on_created=add_poll
    )


async def _scope(db: AsyncSession, ctx: OrgContext, poll_id: str, *, lock: bool) -> _Scope:
    """The poll if the actor is an active member of its chat in this organisation; else 404.

    `lock` takes the poll's row lock (PostgreSQL): changes to one poll run one at a time, so
    every count a change publishes includes all the changes committed before it.
    """
    if not is_id(poll_id):
        raise not_found("poll")
    stmt = sa.select(Poll).where(Poll.id == poll_id, Poll.org_id == ctx.org_id)
    if lock:
        stmt = stmt.with_for_update()
    poll = (await db.execute(stmt)).scalar_one_or_none()
    if poll is None:
        raise not_found("poll")
    me = await member_row(db, poll.chat_id, ctx.account_id)
    chat = await db.get(Chat, poll.chat_id)
    message = await db.get(Message, poll.message_id)
    if me is None or me.status != "active" or chat is None or message is None:
        raise not_found("poll")
    return _Scope(poll, message, chat, me)


def _check_open(s: _Scope) -> None:
    if s.message.deleted_at is not None:
        raise Conflict("The poll's message was deleted.", code="message_deleted")
    if s.chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    if policy.is_closed(s.poll.closed_at, s.poll.deadline, utcnow()):
        raise Conflict("The poll is closed.", code="poll_closed")


async def _view(db: AsyncSession, s: _Scope, viewer_id: str | None) -> PollOut:
    return (await polls_for(db, [s.message], viewer_id))[s.message.id]


async def _publish(db: AsyncSession, s: _Scope) -> None:
    neutral = await _view(db, s, None)
    await emit(
        db,
        s.chat.id,
        "poll.updated",
        {"message_id": s.message.id, "poll": neutral.model_dump(mode="json")},
    )


async def vote(db: AsyncSession, ctx: OrgContext, poll_id: str, option_ids: list[str]) -> PollOut:
    """Set my choice (replacing an earlier one; [] takes it back) while the poll is open.
    Any member of the chat may vote, also where only moderators may post (channels)."""
    s = await _scope(db, ctx, poll_id, lock=True)
    _check_open(s)
    stmt = sa.select(PollOption.id).where(PollOption.poll_id == s.poll.id)
    known = set((await db.execute(stmt)).scalars())
    chosen = set(option_ids)
    if not chosen <= known:
        raise Unprocessable(
            "Choose among the poll's options.", code="bad_option", fields={"option_ids": "unknown"}
        )
    if len(chosen) > 1 and not s.poll.multiple:
        raise Unprocessable(
            "This poll takes one choice.", code="single_choice", fields={"option_ids": "one"}
        )
    mine = sa.select(PollVote).where(
        PollVote.poll_id == s.poll.id, PollVote.account_id == ctx.account_id
    )
    current = {v.option_id: v for v in (await db.execute(mine)).scalars()}
    if chosen == set(current):
        return await _view(db, s, ctx.account_id)
    if not policy.may_change_vote(s.poll.quiz, bool(current)):
        raise Conflict("A quiz answer cannot be changed.", code="quiz_answered")
    for option_id, row in current.items():
        if option_id not in chosen:
            await db.delete(row)
    now = utcnow()
    for option_id in sorted(chosen - set(current)):
        db.add(
            PollVote(
                poll_id=s.poll.id, option_id=option_id, account_id=ctx.account_id, created_at=now
            )
        )
    await db.flush()
    await _publish(db, s)
    notify(
        db,
        (ctx.account_id,),
        "poll.mine",
        {"message_id": s.message.id, "poll_id": s.poll.id, "option_ids": sorted(chosen)},
        chat_id=s.chat.id,
    )
    return await _view(db, s, ctx.account_id)


async def add_option(db: AsyncSession, ctx: OrgContext, poll_id: str, text: str) -> PollOut:
    """Add an option to a poll that lets voters do so (up to 10 options in all)."""
    s = await _scope(db, ctx, poll_id, lock=True)
    _check_open(s)
    if not s.poll.allow_add_options:
        raise Forbidden("This poll does not take new options.", code="add_options_off")
    cleaned = _option_text(text, "text")
    stmt = sa.select(PollOption).where(PollOption.poll_id == s.poll.id)
    options = list((await db.execute(stmt)).scalars())
    if not policy.may_add_option(True, len(options)):
        raise Conflict(f"A poll has at most {MAX_OPTIONS} options.", code="too_many_options")
    if policy.option_key(cleaned) in {policy.option_key(o.text) for o in options}:
        raise Conflict("The poll already has this option.", code="duplicate_option")
    position = max(o.position for o in options) + 1
    db.add(PollOption(poll_id=s.poll.id, position=position, text=cleaned, added_by=ctx.account_id))
    await db.flush()
    await _publish(db, s)
    return await _view(db, s, ctx.account_id)


async def close_poll(db: AsyncSession, ctx: OrgContext, poll_id: str) -> PollOut:
    """Close early: the author or a chat moderator. Closing a closed poll changes nothing."""
    s = await _scope(db, ctx, poll_id, lock=True)
    if s.message.deleted_at is not None:
        raise Conflict("The poll's message was deleted.", code="message_deleted")
    if not policy.may_close(s.poll.created_by == ctx.account_id, s.me.role):
        raise Forbidden(
            "Only the author or a moderator can close the poll.", code="close_not_allowed"
        )
    if not policy.is_closed(s.poll.closed_at, s.poll.deadline, utcnow()):
        s.poll.closed_at, s.poll.closed_by = utcnow(), ctx.account_id
        await db.flush()
        await _publish(db, s)
    return await _view(db, s, ctx.account_id)


async def poll_of_author(db: AsyncSession, ctx: OrgContext, poll_id: str) -> Poll:
    """The poll for its author's export; 404 when not visible, 403 for anyone else."""
    s = await _scope(db, ctx, poll_id, lock=False)
    if s.message.deleted_at is not None:
        raise Conflict("The poll's message was deleted.", code="message_deleted")
    if s.poll.created_by != ctx.account_id:
        raise Forbidden("Only the poll's author can export its results.", code="not_author")
    return s.poll
