"""The organisation's electronic gradebook: "Journal" (for staff) and "Diary" (for students
and parents) entries, each shown only to the roles it is meant for."""

from __future__ import annotations

from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.orgs.schemas import GradebookLinks, OrgSettings


def links_for(settings: OrgSettings, ctx: OrgContext) -> GradebookLinks:
    """The entries this member should see. Staff see the journal once an administrator has
    verified them (as with every staff right); students and parents see the diary."""
    return GradebookLinks(
        journal_url=settings.gradebook_url if ctx.is_verified_staff() else None,
        diary_url=settings.diary_url if ctx.has_role(OrgRole.STUDENT, OrgRole.PARENT) else None,
    )
