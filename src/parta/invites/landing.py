"""The public side of a link: resolving a token, the landing page, the policy, login ideas."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.config import get_settings
from parta.invites import repository as repo
from parta.invites.links import ensure_usable, find_by_token
from parta.invites.schemas import Landing, LandingWarning, OrgBrief, PolicyOut
from parta.invites.texts import POLICY_EN, POLICY_RU
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Gone, NotFound
from parta.members.service import active_membership
from parta.models import Account, Group, Invitation, Membership, Org, SchoolClass

DEFAULT_PRIMARY_GRADES = (1, 2, 3, 4)
STUDENT_STATUSES = ("active", "pending")


@dataclass
class Target:
    """A usable invitation with everything it points at."""

    invitation: Invitation
    org: Org
    school_class: SchoolClass | None = None
    group: Group | None = None
    personal: Membership | None = None  # the pending roster membership (kind "personal")
    student: Membership | None = None  # the child (kind "parent")

    @property
    def role(self) -> OrgRole:
        return OrgRole(self.invitation.role)

    @property
    def primary_grade(self) -> bool:
        if self.role != OrgRole.STUDENT or self.school_class is None:
            return False
        return self.school_class.grade in primary_grades(self.org)


def primary_grades(org: Org) -> set[int]:
    raw = (org.settings or {}).get("primary_grades", DEFAULT_PRIMARY_GRADES)
    if not isinstance(raw, list | tuple):
        return set(DEFAULT_PRIMARY_GRADES)
    return {g for g in raw if isinstance(g, int)}


def _unknown() -> NotFound:
    return NotFound(
        "This invitation link does not exist. Check that it was copied in full.",
        code="invitation_not_found",
    )


async def resolve(db: AsyncSession, token: str) -> Target:
    """The invitation behind `token`: 404 when unknown, 410 when it can no longer be used."""
    invitation = await find_by_token(db, token)
    if invitation is None:
        raise _unknown()
    org = await db.get(Org, invitation.org_id)
    if org is None or org.status != "active":
        raise _unknown()
    ensure_usable(invitation, utcnow())
    target = Target(invitation=invitation, org=org)
    class_id = invitation.class_id
    if invitation.kind == "personal":
        target.personal = await repo.get_membership(db, org.id, invitation.membership_id)
        if target.personal is None:
            raise _unknown()
        if target.personal.status != "pending" or target.personal.account_id is not None:
            raise Gone(
                "This personal invitation has already been used.", code="invitation_exhausted"
            )
        class_id = class_id or target.personal.class_id
    elif invitation.kind == "parent":
        target.student = await repo.get_membership(db, org.id, invitation.student_membership_id)
        # A roster's pending student can already have their parents invited.
        if target.student is None or target.student.status not in STUDENT_STATUSES:
            raise _unknown()
        class_id = target.student.class_id
    target.school_class = await repo.get_class(db, org.id, class_id)
    target.group = await repo.get_group(db, org.id, invitation.group_id)
    return target


def short_name(full_name: str) -> str:
    """A first name and an initial: «Петров Иван Сергеевич» → «Иван П.».

    Two words are read as «Иван Петров» → «Иван П.».
    """
    words = full_name.split()
    if len(words) >= 3:
        return f"{words[1]} {words[0][0]}."
    if len(words) == 2:
        return f"{words[0]} {words[1][0]}."
    return words[0] if words else ""


def cannot_be_own_parent() -> Conflict:
    return Conflict("This link is for your parents: send it to them.", code="cannot_be_own_parent")


async def warning_for(db: AsyncSession, target: Target, account: Account) -> LandingWarning | None:
    """Why a signed-in visitor cannot use this link, if they cannot."""
    if target.student is not None and target.student.account_id == account.id:
        err = cannot_be_own_parent()
        return LandingWarning(code=err.code, message=err.message)
    if target.invitation.kind != "parent" and await active_membership(
        db, target.org.id, account.id, target.role
    ):
        return LandingWarning(
            code="already_member",
            message="You are already a member of this organisation in this role.",
        )
    return None


async def landing(db: AsyncSession, token: str, account: Account | None) -> Landing:
    target = await resolve(db, token)
    inv = target.invitation
    for_person = None
    if target.personal is not None:
        for_person = target.personal.full_name
    elif target.student is not None:
        for_person = short_name(target.student.full_name)
    return Landing(
        org=OrgBrief(name=target.org.name, kind=target.org.kind),
        role=target.role,
        kind=inv.kind,  # type: ignore[arg-type]
        class_label=target.school_class.label if target.school_class else None,
        group_name=target.group.name if target.group else None,
        for_person=for_person,
        primary_grade=target.primary_grade,
        expires_at=inv.expires_at,
        policy_version=get_settings().policy_version,
        warning=await warning_for(db, target, account) if account is not None else None,
    )


def policy() -> PolicyOut:
    return PolicyOut(version=get_settings().policy_version, text_ru=POLICY_RU, text_en=POLICY_EN)


_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Russian to Latin letters (the passport table, simplified)."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower())


def username_base(name: str) -> str:
    """«Иван Петров» → «ivan.petrov»: Latin, 3–24 characters, starting with a letter."""
    words = [re.sub(r"[^a-z0-9]", "", transliterate(w)) for w in name.split()]
    words = [w for w in words if w][:2]
    base = ".".join(words).lstrip("0123456789.")[:24].rstrip(".")
    if len(base) < 3:
        base = (base + "student")[:24] if base else "student"
    return base


async def suggest_username(db: AsyncSession, token: str, name: str) -> str:
    """A free login for a young student, derived from their name."""
    await resolve(db, token)  # only holders of a live link may ask
    base = username_base(name)
    taken = await repo.usernames_like(db, base)
    if base not in taken:
        return base
    for n in range(2, 100):
        if f"{base}{n}" not in taken:
            return f"{base}{n}"
    while True:  # pragma: no cover - a hundred namesakes
        candidate = f"{base}{secrets.randbelow(10**6)}"
        if not await repo.username_taken(db, candidate):
            return candidate
