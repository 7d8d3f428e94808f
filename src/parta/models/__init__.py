"""All models, imported here so that Alembic and the app see one complete metadata."""

from parta.models.account import Account, AuthSession, Consent, OneTimeCode, ThrottleEvent
from parta.models.base import Base
from parta.models.chat import (
    Chat,
    ChatEvent,
    ChatInvite,
    ChatMember,
    Mention,
    Message,
    MessageEdit,
    Reaction,
)
from parta.models.invitation import Invitation, InvitationUse
from parta.models.membership import Membership, ParentLink
from parta.models.ops import AuditEvent, MailMessage, RosterImport
from parta.models.org import Org, OrgApplication, StoredFile
from parta.models.structure import AcademicYear, Group, GroupMember, SchoolClass

__all__ = [
    "AcademicYear",
    "Account",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Chat",
    "ChatEvent",
    "ChatInvite",
    "ChatMember",
    "Consent",
    "Group",
    "GroupMember",
    "Invitation",
    "InvitationUse",
    "MailMessage",
    "Membership",
    "Mention",
    "Message",
    "MessageEdit",
    "OneTimeCode",
    "Org",
    "OrgApplication",
    "ParentLink",
    "Reaction",
    "RosterImport",
    "SchoolClass",
    "StoredFile",
    "ThrottleEvent",
]
