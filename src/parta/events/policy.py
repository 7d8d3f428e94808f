"""Who may organise events: pure functions of the actor's roles and the place.

Only verified staff organise. Administrators and heads: anywhere in the organisation.
Other verified staff: their own classes (class teacher), their groups (lead or member) and
chats they belong to. Students and parents never organise. The organiser and the
administrators manage (change, cancel, see the answers).
"""

from __future__ import annotations

from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.models import Event


def is_lead(ctx: OrgContext) -> bool:
    """Administrators and verified heads act for the whole organisation."""
    return any(
        m.role == OrgRole.ADMIN or (m.role == OrgRole.HEAD and m.verified_at is not None)
        for m in ctx.memberships
    )


def may_create(ctx: OrgContext, scope: str, *, in_place: bool) -> bool:
    """`in_place`: the actor teaches the class, leads or belongs to the group, or is a
    member of the chat (the service works it out)."""
    if not ctx.is_verified_staff():
        return False
    if is_lead(ctx):
        return True
    return scope != "org" and in_place


def may_manage(ctx: OrgContext, event: Event) -> bool:
    return event.created_by == ctx.account_id or is_lead(ctx)
