"""Who may ask for confirmation of a message."""

from __future__ import annotations

from parta.auth.deps import OrgContext
from parta.kit.errors import Forbidden
from parta.models import Chat, ChatMember


def check_may_require_ack(ctx: OrgContext, chat: Chat, me: ChatMember) -> None:
    """Teachers and administrators (verified staff) may mark a message "please confirm"."""
    if not ctx.is_verified_staff():
        raise Forbidden(
            "Only teachers and administrators can ask for confirmation.",
            code="ack_not_allowed",
        )
