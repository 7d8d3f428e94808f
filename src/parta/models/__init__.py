"""All models, imported here so that Alembic and the app see one complete metadata."""

from parta.models.account import Account, AuthSession, Consent, OneTimeCode, ThrottleEvent
from parta.models.base import Base
from parta.models.call import Call, CallAttendance, CallParticipant
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
from parta.models.content import (
    Assignment,
    Attachment,
    MessageAck,
    Poll,
    PollOption,
    PollVote,
    Submission,
)
from parta.models.events import CalendarFeed, Event, EventReminderSent, EventResponse
from parta.models.integrations import (
    Bot,
    BotToken,
    IncomingWebhook,
    OutgoingWebhook,
    WebhookDelivery,
)
from parta.models.invitation import Invitation, InvitationUse
from parta.models.materials import CatalogueItem, MaterialItem
from parta.models.membership import Membership, ParentLink
from parta.models.ops import AuditEvent, MailMessage, RosterImport
from parta.models.org import Org, OrgApplication, StoredFile
from parta.models.structure import AcademicYear, Group, GroupMember, SchoolClass

__all__ = [
    "AcademicYear",
    "Account",
    "Assignment",
    "Attachment",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Bot",
    "BotToken",
    "CalendarFeed",
    "Call",
    "CallAttendance",
    "CallParticipant",
    "CatalogueItem",
    "Chat",
    "ChatEvent",
    "ChatInvite",
    "ChatMember",
    "Consent",
    "Event",
    "EventReminderSent",
    "EventResponse",
    "Group",
    "GroupMember",
    "IncomingWebhook",
    "Invitation",
    "InvitationUse",
    "MailMessage",
    "MaterialItem",
    "Membership",
    "Mention",
    "Message",
    "MessageAck",
    "MessageEdit",
    "OneTimeCode",
    "Org",
    "OrgApplication",
    "OutgoingWebhook",
    "ParentLink",
    "Poll",
    "PollOption",
    "PollVote",
    "Reaction",
    "RosterImport",
    "SchoolClass",
    "StoredFile",
    "Submission",
    "ThrottleEvent",
    "WebhookDelivery",
]
