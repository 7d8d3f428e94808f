"""Endpoints of communities that span organisations.

`/communities/...` is the one part of the API not under an organisation: the caller is
resolved into a community member (`access.community_context`) on every request, and anyone
else gets 404. The administrator's side (answering invitations, choosing whom the
organisation sends, withdrawing) and starting a community are organisation routes under
`/orgs/{org_id}/communities`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor
from parta.communities import admin, people, posts, service
from parta.communities.schemas import (
    CommunityIn,
    CommunityInviteIn,
    CommunityJoinIn,
    CommunityMemberOut,
    CommunityOrgCodeOut,
    CommunityOrgOut,
    CommunityOut,
    CommunityParticipationOut,
    CommunityPatch,
    CommunityPostIn,
    CommunityPostOut,
    CommunityPostPage,
    CommunityRemovedOut,
    CommunitySelectionIn,
)
from parta.deps import DB
from parta.kit.http import client_ip

router = APIRouter(tags=["communities"])
ORG = "/orgs/{org_id}/communities"
ONE = "/communities/{community_id}"


# --- organisation routes ------------------------------------------------------------


@router.post(ORG, response_model=CommunityOut, status_code=201)
async def create(body: CommunityIn, request: Request, ctx: Ctx, db: DB) -> CommunityOut:
    """Start a community (verified staff and administrators; 403 `may_not_create`). The
    organisation takes part at once with the creator alone; its administrators are told and
    choose whom else it sends."""
    return await service.create_community(db, ctx, body, client_ip(request))


@router.get(ORG + "/participations", response_model=list[CommunityParticipationOut])
async def participations(ctx: Ctx, db: DB) -> list[CommunityParticipationOut]:
    """Communities the organisation is invited to, asked to join, takes part in or left
    (administrators; 403 otherwise)."""
    return await admin.participations(db, ctx)


@router.get(ORG + "/participations/{participation_id}", response_model=CommunityParticipationOut)
async def participation(participation_id: str, ctx: Ctx, db: DB) -> CommunityParticipationOut:
    """One of them (administrators)."""
    return await admin.participation(db, ctx, participation_id)


@router.post(
    ORG + "/participations/{participation_id}/approve", response_model=CommunityParticipationOut
)
async def approve(
    participation_id: str, body: CommunitySelectionIn, request: Request, ctx: Ctx, db: DB
) -> CommunityParticipationOut:
    """Accept an invitation, choosing whom the organisation sends: every verified teacher,
    chosen verified staff, the students of chosen classes (administrators; 409
    `no_invitation`, 422 `bad_selection`)."""
    return await admin.approve(db, ctx, participation_id, body, client_ip(request))


@router.put(
    ORG + "/participations/{participation_id}/selection", response_model=CommunityParticipationOut
)
async def choose(
    participation_id: str, body: CommunitySelectionIn, request: Request, ctx: Ctx, db: DB
) -> CommunityParticipationOut:
    """Change whom the organisation sends; people no longer chosen lose access at once
    (administrators)."""
    return await admin.choose(db, ctx, participation_id, body, client_ip(request))


@router.post(
    ORG + "/participations/{participation_id}/withdraw", response_model=CommunityParticipationOut
)
async def withdraw(
    participation_id: str, request: Request, ctx: Ctx, db: DB
) -> CommunityParticipationOut:
    """Decline an invitation, cancel a request, or leave: the organisation's people lose
    access at once (administrators)."""
    return await admin.withdraw(db, ctx, participation_id, client_ip(request))


@router.post(ORG + "/join", response_model=CommunityParticipationOut, status_code=201)
async def join(
    body: CommunityJoinIn, request: Request, ctx: Ctx, db: DB
) -> CommunityParticipationOut:
    """Ask to join a community with its code and the people to send (administrators; 404
    `community_not_found`). Its moderators accept; an open invitation is accepted at once."""
    return await admin.join(db, ctx, body, client_ip(request))


@router.get(ORG + "/code", response_model=CommunityOrgCodeOut)
async def org_code(ctx: Ctx, db: DB) -> CommunityOrgCodeOut:
    """The organisation's invitation code, for the moderators of a community that should
    invite it (administrators). Made on first use."""
    return CommunityOrgCodeOut(code=await admin.org_code(db, ctx))


@router.post(ORG + "/code", response_model=CommunityOrgCodeOut)
async def renew_org_code(ctx: Ctx, db: DB) -> CommunityOrgCodeOut:
    """Replace the invitation code (administrators); the old one stops working."""
    return CommunityOrgCodeOut(code=await admin.org_code(db, ctx, renew=True))


# --- community routes (members only; 404 to everyone else) --------------------------

Cursor = Annotated[str | None, Query(max_length=26, description="next_cursor of the last page")]
Limit = Annotated[int | None, Query(ge=1, le=posts.MAX_PAGE)]


@router.get("/communities", response_model=list[CommunityOut])
async def mine(actor: CurrentActor, db: DB) -> list[CommunityOut]:
    """Communities I am a member of now (through any of my organisations)."""
    return await service.my_communities(db, actor)


@router.get(ONE, response_model=CommunityOut)
async def get_one(community_id: str, actor: CurrentActor, db: DB) -> CommunityOut:
    """One community (404 unless I am a member now). `join_code` for moderators only."""
    return await service.get_community(db, actor, community_id)


@router.patch(ONE, response_model=CommunityOut)
async def update(
    community_id: str, body: CommunityPatch, actor: CurrentActor, db: DB
) -> CommunityOut:
    """Change title, description or kind (moderators; 403 `not_moderator`)."""
    return await service.update_community(db, actor, community_id, body)


@router.post(ONE + "/join-code", response_model=CommunityOut)
async def renew_join_code(community_id: str, actor: CurrentActor, db: DB) -> CommunityOut:
    """A new join code; the old one stops working (moderators)."""
    return await service.renew_join_code(db, actor, community_id)


@router.get(ONE + "/orgs", response_model=list[CommunityOrgOut])
async def orgs(community_id: str, actor: CurrentActor, db: DB) -> list[CommunityOrgOut]:
    """Organisations taking part (moderators also see invited, asking, left, removed)."""
    return await service.list_orgs(db, actor, community_id)


@router.post(ONE + "/orgs", response_model=CommunityOrgOut, status_code=201)
async def invite(
    community_id: str, body: CommunityInviteIn, actor: CurrentActor, db: DB
) -> CommunityOrgOut:
    """Invite an organisation by its exact name or its invitation code (moderators; 404
    `org_not_found`, 409 `ambiguous_org_name`, `already_invited`, `already_taking_part`).
    It takes part only after its administrator approves."""
    return await service.invite_org(db, actor, community_id, body)


@router.post(ONE + "/orgs/{participation_id}/accept", response_model=CommunityOrgOut)
async def accept(
    community_id: str, participation_id: str, actor: CurrentActor, db: DB
) -> CommunityOrgOut:
    """Accept an organisation that asked to join (moderators; 409 `not_requested`)."""
    return await service.accept_request(db, actor, community_id, participation_id)


@router.delete(ONE + "/orgs/{participation_id}", status_code=204)
async def remove_org(
    community_id: str, participation_id: str, actor: CurrentActor, db: DB
) -> Response:
    """Remove an organisation, withdraw its invitation or refuse its request (moderators;
    409 `home_org`)."""
    await service.remove_org(db, actor, community_id, participation_id)
    return Response(status_code=204)


@router.get(ONE + "/members", response_model=list[CommunityMemberOut])
async def members(community_id: str, actor: CurrentActor, db: DB) -> list[CommunityMemberOut]:
    """Members: name, organisation, roles. Never contact details."""
    return await people.list_members(db, actor, community_id)


@router.delete(ONE + "/members/{account_id}", status_code=204)
async def remove_member(
    community_id: str, account_id: str, actor: CurrentActor, db: DB
) -> Response:
    """Remove a person from the community (moderators; the owner for moderators)."""
    await people.remove_member(db, actor, community_id, account_id)
    return Response(status_code=204)


@router.get(ONE + "/removed", response_model=list[CommunityRemovedOut])
async def removed(community_id: str, actor: CurrentActor, db: DB) -> list[CommunityRemovedOut]:
    """People the moderators removed (moderators)."""
    return await people.removed_people(db, actor, community_id)


@router.delete(ONE + "/removed/{account_id}", status_code=204)
async def restore(community_id: str, account_id: str, actor: CurrentActor, db: DB) -> Response:
    """Let a removed person back (moderators)."""
    await people.restore(db, actor, community_id, account_id)
    return Response(status_code=204)


@router.put(ONE + "/moderators/{account_id}", response_model=CommunityMemberOut)
async def add_moderator(
    community_id: str, account_id: str, actor: CurrentActor, db: DB
) -> CommunityMemberOut:
    """Make a member (staff, not students) a moderator (the owner; 403 `not_owner`)."""
    return await people.set_moderator(db, actor, community_id, account_id, True)


@router.delete(ONE + "/moderators/{account_id}", response_model=CommunityMemberOut)
async def drop_moderator(
    community_id: str, account_id: str, actor: CurrentActor, db: DB
) -> CommunityMemberOut:
    """Make a moderator a plain member again (the owner)."""
    return await people.set_moderator(db, actor, community_id, account_id, False)


@router.get(ONE + "/posts", response_model=CommunityPostPage)
async def list_posts(
    community_id: str, actor: CurrentActor, db: DB, cursor: Cursor = None, limit: Limit = None
) -> CommunityPostPage:
    """The conversation's posts (not replies), newest first."""
    return await posts.list_posts(db, actor, community_id, cursor=cursor, limit=limit)


@router.post(ONE + "/posts", response_model=CommunityPostOut, status_code=201)
async def create_post(
    community_id: str, body: CommunityPostIn, response: Response, actor: CurrentActor, db: DB
) -> CommunityPostOut:
    """Post, or reply with `parent_id` (members). A retry with the same `client_id` returns
    the stored post with 200. Members get `community.post`."""
    out, new = await posts.create_post(db, actor, community_id, body)
    if not new:
        response.status_code = 200
    return out


@router.get(ONE + "/posts/{post_id}/replies", response_model=list[CommunityPostOut])
async def replies(
    community_id: str, post_id: str, actor: CurrentActor, db: DB
) -> list[CommunityPostOut]:
    """Replies to a post, oldest first."""
    return await posts.replies(db, actor, community_id, post_id)


@router.delete(ONE + "/posts/{post_id}", status_code=204)
async def delete_post(community_id: str, post_id: str, actor: CurrentActor, db: DB) -> Response:
    """Delete a post or reply (its author or a moderator). Members get
    `community.post_deleted`."""
    await posts.delete_post(db, actor, community_id, post_id)
    return Response(status_code=204)
