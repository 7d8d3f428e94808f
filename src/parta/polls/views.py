"""Polls as messages show them (loader used by parta.messages.views).

Who chose what is read here and only here, and only to count: the names of voters leave this
module for public polls alone, and account ids never do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.models import Account, Message, Poll, PollOption, PollVote
from parta.polls import policy
from parta.polls.schemas import PollOptionOut, PollOut


@dataclass
class _Tally:
    votes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    names: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    voters: set[str] = field(default_factory=set)
    mine: set[str] = field(default_factory=set)


async def polls_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, PollOut]:
    """The poll of each poll message, as `viewer_id` sees it (None: neutral, for events).

    Two queries for the whole page (polls with their options, then the votes), none when
    the page has no live poll message.
    """
    message_ids = [m.id for m in messages if m.kind == "poll" and m.deleted_at is None]
    if not message_ids:
        return {}
    stmt = (
        sa.select(Poll, PollOption)
        .join(PollOption, PollOption.poll_id == Poll.id)
        .where(Poll.message_id.in_(message_ids))
        .order_by(Poll.id, PollOption.position)
    )
    polls: dict[str, Poll] = {}
    options: dict[str, list[PollOption]] = defaultdict(list)
    for poll, option in (await db.execute(stmt)).all():
        polls[poll.id] = poll
        options[poll.id].append(option)
    if not polls:
        return {}
    # Names are joined only for public polls: an anonymous poll's voters stay ids, used for
    # counting and the viewer's own marks, never returned.
    name = sa.case((Poll.anonymous, sa.null()), else_=Account.display_name)
    votes = (
        sa.select(PollVote.poll_id, PollVote.option_id, PollVote.account_id, name)
        .join(Poll, Poll.id == PollVote.poll_id)
        .join(Account, Account.id == PollVote.account_id)
        .where(PollVote.poll_id.in_(list(polls)))
        .order_by(PollVote.created_at, PollVote.id)
    )
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for poll_id, option_id, account_id, voter_name in (await db.execute(votes)).all():
        tally = tallies[poll_id]
        tally.votes[option_id] += 1
        tally.voters.add(account_id)
        if voter_name is not None:
            tally.names[option_id].append(voter_name)
        if viewer_id is not None and account_id == viewer_id:
            tally.mine.add(option_id)
    return {
        p.message_id: _out(p, options[p.id], tallies[p.id], viewer_id is not None)
        for p in polls.values()
    }


def _out(poll: Poll, options: list[PollOption], tally: _Tally, personal: bool) -> PollOut:
    closed = policy.is_closed(poll.closed_at, poll.deadline, utcnow())
    reveal = policy.reveals_correct(poll.quiz, personal and bool(tally.mine), closed)
    return PollOut(
        id=poll.id,
        question=poll.question,
        options=[
            PollOptionOut(
                id=o.id,
                text=o.text,
                votes=tally.votes.get(o.id, 0),
                mine=o.id in tally.mine,
                voters=None if poll.anonymous else list(tally.names.get(o.id, [])),
                correct=(o.id == poll.correct_option_id) if reveal else None,
            )
            for o in options
        ],
        multiple=poll.multiple,
        anonymous=poll.anonymous,
        quiz=poll.quiz,
        allow_add_options=poll.allow_add_options,
        deadline=poll.deadline,
        closed=closed,
        total_voters=len(tally.voters),
    )
