"""Who is asking: the Actor (account + session) and, for organisation routes, the OrgContext.

Authentication: the `parta_session` cookie (web; unsafe methods need the X-CSRF-Token header)
or `Authorization: Bearer <token>` (API clients).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Request

from parta.auth.roles import STAFF_ROLES, OrgRole, Right, rights_of
from parta.auth.tokens import CSRF_HEADER, SESSION_COOKIE, csrf_for, resolve_token
from parta.auth.totp_state import is_enrolled
from parta.deps import DB
from parta.kit.errors import Forbidden, Unauthorized, not_found
from parta.kit.ids import constant_time_equal, is_id
from parta.models import Account, AuthSession, Membership, Org

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Actor:
    account: Account
    session: AuthSession
    via_cookie: bool

    @property
    def id(self) -> str:
        return self.account.id


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return None


async def optional_actor(request: Request, db: DB) -> Actor | None:
    """The signed-in actor, or None for anonymous requests."""
    token = _bearer(request)
    via_cookie = False
    if token is None:
        token = request.cookies.get(SESSION_COOKIE)
        via_cookie = token is not None
    if not token:
        return None
    found = await resolve_token(db, token)
    if found is not None and found[1].is_guest:
        found = None  # a call guest's session works only on the guest endpoints
    if found is None:
        if via_cookie:
            return None
        raise Unauthorized("The session has ended or the token is not valid. Please sign in.")
    sess, account = found
    if via_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not constant_time_equal(sent, csrf_for(sess.token_hash)):
            raise Forbidden(
                "The request is missing its CSRF token. Reload the page and try again.",
                code="csrf_failed",
            )
    request.state.actor_id = account.id
    return Actor(account=account, session=sess, via_cookie=via_cookie)


async def current_actor(actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    if actor is None:
        raise Unauthorized("Please sign in.")
    return actor


async def operator_actor(actor: Annotated[Actor, Depends(current_actor)], db: DB) -> Actor:
    """Platform operator only; everyone else gets 404 so the console's existence is not revealed.

    The operator must have two-factor authentication on (403 `totp_enrolment_required`
    until then); every session of an enrolled account has passed it (auth/totp_signin.py)."""
    if not actor.account.is_operator:
        raise not_found("page")
    if not await is_enrolled(db, actor.id):
        raise Forbidden(
            "Turn on two-factor authentication in your settings to use the operator console.",
            code="totp_enrolment_required",
        )
    return actor


OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
OperatorActor = Annotated[Actor, Depends(operator_actor)]


@dataclass
class OrgContext:
    """The actor inside one organisation: their active memberships and the rights they give."""

    actor: Actor
    org: Org
    memberships: list[Membership]
    rights: frozenset[Right] = field(default_factory=frozenset)

    @property
    def org_id(self) -> str:
        return self.org.id

    @property
    def account_id(self) -> str:
        return self.actor.account.id

    def roles(self) -> set[OrgRole]:
        return {OrgRole(m.role) for m in self.memberships}

    def has_role(self, *roles: OrgRole) -> bool:
        return any(m.role in roles for m in self.memberships)

    def is_verified_staff(self) -> bool:
        return any(
            m.role in STAFF_ROLES and (m.role == OrgRole.ADMIN or m.verified_at is not None)
            for m in self.memberships
        )

    def membership(self, role: OrgRole) -> Membership | None:
        return next((m for m in self.memberships if m.role == role), None)

    def can(self, right: Right) -> bool:
        return right in self.rights

    def require(self, right: Right, message: str = "You do not have the right to do this.") -> None:
        if right not in self.rights:
            raise Forbidden(message)


async def load_org_context(db: DB, actor: Actor, org_id: str) -> OrgContext:
    """The actor's context in `org_id`; 404 unless they have an active membership there."""
    if not is_id(org_id):
        raise not_found("organisation")
    org = await db.get(Org, org_id)
    if org is None or org.status != "active":
        raise not_found("organisation")
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.account_id == actor.account.id,
        Membership.status == "active",
    )
    memberships = list((await db.execute(stmt)).scalars())
    if not memberships:
        raise not_found("organisation")
    if (
        (org.settings or {}).get("admins_require_totp")
        and any(m.role == OrgRole.ADMIN for m in memberships)
        and not await is_enrolled(db, actor.account.id)
    ):
        raise Forbidden(
            "This organisation requires administrators to use two-factor authentication. "
            "Turn it on in your settings.",
            code="totp_required_by_org",
        )
    rights: set[Right] = set()
    for m in memberships:
        rights |= rights_of(OrgRole(m.role), m.role == OrgRole.ADMIN or m.verified_at is not None)
    return OrgContext(actor=actor, org=org, memberships=memberships, rights=frozenset(rights))


async def org_context(org_id: str, db: DB, actor: CurrentActor) -> OrgContext:
    return await load_org_context(db, actor, org_id)


Ctx = Annotated[OrgContext, Depends(org_context)]
