"""Endpoints: events of an organisation, answers, the calendar and the personal feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import AwareDatetime

from parta.auth.deps import Ctx, CurrentActor
from parta.deps import DB
from parta.events import feed, places, rsvp, service
from parta.events.schemas import (
    EventIn,
    EventOut,
    EventPatch,
    FeedOut,
    Kind,
    ResponsesOut,
    RsvpIn,
    Scope,
)

router = APIRouter(tags=["events"])
ORG = "/orgs/{org_id}/events"


@router.post(ORG, response_model=EventOut, status_code=201)
async def create(body: EventIn, ctx: Ctx, db: DB) -> EventOut:
    """Organise an event of the organisation, a class, a group or a chat (verified staff:
    administrators anywhere, teachers in their classes, groups and chats; 403
    `may_not_organise` otherwise). The invited get `event.updated` and an e-mail."""
    return await service.create_event(db, ctx, body)


@router.get(ORG, response_model=list[EventOut])
async def calendar(
    ctx: Ctx,
    db: DB,
    start: Annotated[AwareDatetime, Query(alias="from")],
    end: Annotated[AwareDatetime, Query(alias="to")],
    kind: Annotated[list[Kind] | None, Query()] = None,
    scope: Scope | None = None,
    place_id: Annotated[str | None, Query(max_length=26)] = None,
    include_cancelled: bool = True,
) -> list[EventOut]:
    """My calendar: events overlapping [from, to) that are for me or that I organise
    (at most 400 days at once), by start time. Filters: `kind` (repeatable), `scope`,
    `place_id` (a class, group or chat id)."""
    return await service.calendar(
        db,
        ctx,
        start=start,
        end=end,
        kinds=kind or (),
        scope=scope,
        place_id=place_id,
        include_cancelled=include_cancelled,
    )


# Declared before "/{event_id}" so that "places" is not read as an event id.
@router.get(ORG + "/places", response_model=places.OrganiserPlaces)
async def organiser_places(ctx: Ctx, db: DB) -> places.OrganiserPlaces:
    """Where I may organise events (the audience picker's choices): whether the whole
    organisation, and which classes and groups. Chats: every chat I am a member of."""
    return await places.organiser_places(db, ctx)


@router.get(ORG + "/{event_id}", response_model=EventOut)
async def get_one(event_id: str, ctx: Ctx, db: DB) -> EventOut:
    """One event (404 unless it is for me, I organise it, or I lead the organisation)."""
    return await service.get_event(db, ctx, event_id)


@router.patch(ORG + "/{event_id}", response_model=EventOut)
async def update(event_id: str, body: EventPatch, ctx: Ctx, db: DB) -> EventOut:
    """Change an event (the organiser or an administrator). The invited get `event.updated`;
    changes of time, place or title also an e-mail."""
    return await service.update_event(db, ctx, event_id, body)


@router.post(ORG + "/{event_id}/cancel", response_model=EventOut)
async def cancel(event_id: str, ctx: Ctx, db: DB) -> EventOut:
    """Cancel an event (the organiser or an administrator); the invited are told."""
    return await service.cancel_event(db, ctx, event_id)


@router.put(ORG + "/{event_id}/rsvp", response_model=EventOut)
async def answer(event_id: str, body: RsvpIn, ctx: Ctx, db: DB) -> EventOut:
    """Answer going / not_going / maybe (changeable). With no places left `going` puts me on
    the waiting list (`my_answer` = "waiting"). 403 `not_invited`, 409 `event_cancelled`,
    `event_over`."""
    return await rsvp.answer(db, ctx, event_id, body.answer)


@router.get(ORG + "/{event_id}/responses", response_model=ResponsesOut)
async def responses(event_id: str, ctx: Ctx, db: DB) -> ResponsesOut:
    """Who answered what, with counts; class events also by family (the organiser and
    administrators; 403 `not_organiser` otherwise)."""
    return await rsvp.responses(db, ctx, event_id)


@router.get("/me/calendar-feed", response_model=FeedOut)
async def feed_status(actor: CurrentActor, db: DB) -> FeedOut:
    """Whether I have a personal calendar feed address."""
    return await feed.feed_status(db, actor)


@router.post("/me/calendar-feed", response_model=FeedOut)
async def feed_regenerate(actor: CurrentActor, db: DB) -> FeedOut:
    """Make (or remake) my secret feed address; `url` is shown only in this answer and any
    previous address stops working."""
    return await feed.regenerate(db, actor)


@router.delete("/me/calendar-feed", status_code=204)
async def feed_revoke(actor: CurrentActor, db: DB) -> Response:
    """Revoke my feed address."""
    await feed.revoke(db, actor)
    return Response(status_code=204)


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 404: {"description": "Unknown token"}},
)
async def feed_ics(token: str, db: DB) -> Response:
    """The personal iCalendar feed (no session: the secret address is the key)."""
    body = await feed.render_feed(db, token)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300", "X-Robots-Tag": "noindex"},
    )
