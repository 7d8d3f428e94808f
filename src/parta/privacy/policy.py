"""Who acts for whom over personal data: pure rules, tested by tables.

Schools keep no birth dates in Parta, so a student's age is estimated from the class: grade
g is aged g + 6 when the year starts (Russian children start grade 1 at 6–7). A student is
under the organisation's consent age when that estimate is below it; a student without a
class counts as under it (the safer assumption for a school), unless the organisation set
the age to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADE_TO_AGE = 6


def under_consent_age(grade: int | None, consent_age: int) -> bool:
    """Whether a student of this grade needs a parent for consent and data requests."""
    if consent_age <= 0:
        return False
    if grade is None:
        return True
    return grade + GRADE_TO_AGE < consent_age


@dataclass(frozen=True)
class Standing:
    """How the caller stands to the subject, as far as personal data goes."""

    is_self: bool
    # The caller is a confirmed parent of the subject in an organisation where the subject is
    # under the consent age.
    parent_of_minor: bool
    # The subject is under the consent age in one of their organisations.
    subject_minor: bool


def may_view(s: Standing) -> bool:
    """See consents, ask for and download the data archive."""
    return s.is_self or s.parent_of_minor


def may_decide(s: Standing) -> bool:
    """Give or withdraw consent, ask for or cancel erasure: a minor's parent decides for
    them; a minor cannot erase their own account or withdraw the parent's consent."""
    if s.is_self:
        return not s.subject_minor
    return s.parent_of_minor


def consent_given_by(s: Standing) -> str:
    """How a consent given now is recorded."""
    return "self" if s.is_self else "guardian"


def admin_may_erase(
    *,
    allowed_by_org: bool,
    target_is_actor: bool,
    target_is_admin: bool,
    target_in_other_orgs: bool,
) -> str | None:
    """Why an administrator may not ask to erase this member (an error code), or None.

    Only accounts that belong to this organisation alone: an account used in another
    school is that person's, not this school's, to erase."""
    if not allowed_by_org:
        return "erasure_not_allowed"
    if target_is_actor:
        return "erase_yourself_in_settings"
    if target_is_admin:
        return "target_is_admin"
    if target_in_other_orgs:
        return "member_of_other_orgs"
    return None
