"""Every router of the API, in one list."""

from __future__ import annotations

from fastapi import FastAPI

API_PREFIX = "/api/v1"


def include_routers(app: FastAPI) -> None:
    from parta.acks.router import router as acks
    from parta.assignments.router import router as assignments
    from parta.audit.router import router as audit
    from parta.auth.router import router as auth
    from parta.avatars.router import router as avatars
    from parta.calls.guest_router import router as call_guests
    from parta.calls.router import router as calls
    from parta.catalogue.router import router as catalogue
    from parta.channels.router import router as channels
    from parta.chats.router import router as chats
    from parta.communities.router import router as communities
    from parta.digests.router import router as digests
    from parta.events.router import router as events
    from parta.files.router import router as files
    from parta.integrations.bot_router import router as bot_api
    from parta.integrations.hooks_router import router as hooks
    from parta.integrations.router import router as integrations
    from parta.invites.router import router as invites
    from parta.materials.router import router as materials
    from parta.members.router import router as members
    from parta.messages.router import router as messages
    from parta.moderation.router import router as moderation
    from parta.news.router import router as news
    from parta.operator.router import router as operator
    from parta.orgs.router import router as orgs
    from parta.polls.router import router as polls
    from parta.presence.router import router as presence
    from parta.privacy.router import router as privacy
    from parta.push.router import router as push
    from parta.realtime.gateway import router as realtime
    from parta.roster.router import router as roster
    from parta.safety.router import router as safety
    from parta.search.router import router as search
    from parta.structure.router import router as structure
    from parta.support.router import router as support
    from parta.sync.router import router as sync

    for router in (
        auth,
        operator,
        orgs,
        structure,
        members,
        invites,
        roster,
        audit,
        chats,
        messages,
        sync,
        search,
        realtime,
        presence,
        avatars,
        files,
        assignments,
        acks,
        polls,
        calls,
        call_guests,
        integrations,
        bot_api,
        hooks,
        materials,
        catalogue,
        events,
        channels,
        communities,
        support,
        news,
        push,
        digests,
        privacy,
        moderation,
        safety,
    ):
        app.include_router(router, prefix=API_PREFIX)
