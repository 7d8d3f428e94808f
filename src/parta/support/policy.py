"""Who may do what with a support request: pure rules (table-driven tests in tests/support).

Three parties take part in a request's thread:
- the requester, the member who opened it (in that organisation);
- the organisation's administrators, who see every request of their organisation;
- the platform operator, who sees a request only once an administrator escalated it.

Internal notes are for the staff (administrators and the operator) and never reach the
requester. The service first finds the request under the caller's scope (404 otherwise);
these rules then decide each action (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["requester", "org", "platform"]
Status = Literal["open", "answered", "closed"]
STATUSES: tuple[Status, ...] = ("open", "answered", "closed")


@dataclass(frozen=True)
class Access:
    """How one person takes part in one request."""

    requester: bool = False  # opened it
    org_staff: bool = False  # an administrator of its organisation
    platform: bool = False  # the operator, through the console (escalated requests only)

    @property
    def sees(self) -> bool:
        return self.requester or self.org_staff or self.platform

    @property
    def staff(self) -> bool:
        return self.org_staff or self.platform

    @property
    def side(self) -> Side:
        """The side the person writes for: an administrator who opened a request writes as
        its requester, the operator always as the platform."""
        if self.platform:
            return "platform"
        return "requester" if self.requester else "org"


def org_access(*, account_id: str, requester_id: str, is_admin: bool) -> Access:
    """Access through the organisation's routes."""
    return Access(requester=account_id == requester_id, org_staff=is_admin)


def platform_access(*, escalated: bool) -> Access:
    """Access through the operator's console: escalated requests only."""
    return Access(platform=escalated)


def may_read_notes(access: Access) -> bool:
    return access.staff


def may_reply(access: Access) -> bool:
    return access.sees


def may_note(access: Access) -> bool:
    return access.staff


def may_escalate(access: Access, *, escalated: bool, status: str) -> bool:
    """Only the organisation's administrators pass a request on, once, while it is open."""
    return access.org_staff and not escalated and status != "closed"


def settable_statuses(access: Access, status: str) -> list[Status]:
    """Statuses the person may set now. Staff: any other; the requester: close, or reopen
    a closed request."""
    if access.staff:
        return [s for s in STATUSES if s != status]
    if access.requester:
        return ["open"] if status == "closed" else ["closed"]
    return []


def status_after(kind: str, side: Side, status: str) -> str:
    """The status after an entry: a note changes nothing; the requester's reply waits for
    staff (open); a staff reply waits for the requester (answered) — also on a closed
    request, which a reply reopens."""
    if kind != "reply":
        return status
    return "open" if side == "requester" else "answered"


def shows_author(viewer: Access, side: str) -> bool:
    """The operator's name is shown to nobody but the operator: others see "Platform
    support" (the operator's staff are not members of any organisation)."""
    return side != "platform" or viewer.platform
