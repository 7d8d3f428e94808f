"""Pure rules of the application review (who may open the console is the OperatorActor's job)."""

from __future__ import annotations

from parta.auth.deps import Actor
from parta.models import OrgApplication

REVIEWABLE = frozenset({"pending"})


def can_review(actor: Actor | None, application: OrgApplication) -> bool:
    """Only an operator decides, and only once: approved or rejected applications are final."""
    if actor is None or not actor.account.is_operator:
        return False
    return application.status in REVIEWABLE
