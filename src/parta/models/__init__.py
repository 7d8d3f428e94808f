"""All models, imported here so that Alembic and the app see one complete metadata."""

from parta.models.account import Account, AuthSession, Consent, OneTimeCode, ThrottleEvent
from parta.models.base import Base
from parta.models.call import Call, CallAttendance, CallParticipant
from parta.models.channels import (
    ChannelAudience,
    ChannelComment,
    ChannelPost,
    ChannelPostView,
    ScheduledPost,
    ScheduledPostFile,
)
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
from parta.models.community import (
    Community,
    CommunityOrg,
    CommunityOrgCode,
    CommunityPerson,
    CommunityPost,
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
from parta.models.moderation import (
    Block,
    ChatAccessGrant,
    ChatSilence,
    Report,
    ReportAction,
    Suspension,
    TrustMessage,
    TrustThread,
)
from parta.models.notify import NotifyPrefs, PushJob, PushSubscription, PushVapidKey
from parta.models.ops import AuditEvent, MailMessage, RosterImport
from parta.models.org import Org, OrgApplication, StoredFile
from parta.models.privacy import DataExport, DeletionRequest
from parta.models.safety import ChildSafety, HeldMessage, HiddenMessage, WordList, WorkingHours
from parta.models.structure import AcademicYear, Group, GroupMember, SchoolClass
from parta.models.support import NewsPost, Suggestion, SupportFile, SupportMessage, SupportTicket
from parta.models.totp import SignInChallenge, TotpFactor, TotpRecoveryCode

__all__ = [
    "AcademicYear",
    "Account",
    "Assignment",
    "Attachment",
    "AuditEvent",
    "AuthSession",
    "Base",
    "Block",
    "Bot",
    "BotToken",
    "CalendarFeed",
    "Call",
    "CallAttendance",
    "CallParticipant",
    "CatalogueItem",
    "ChannelAudience",
    "ChannelComment",
    "ChannelPost",
    "ChannelPostView",
    "Chat",
    "ChatAccessGrant",
    "ChatEvent",
    "ChatInvite",
    "ChatMember",
    "ChatSilence",
    "ChildSafety",
    "Community",
    "CommunityOrg",
    "CommunityOrgCode",
    "CommunityPerson",
    "CommunityPost",
    "Consent",
    "DataExport",
    "DeletionRequest",
    "Event",
    "EventReminderSent",
    "EventResponse",
    "Group",
    "GroupMember",
    "HeldMessage",
    "HiddenMessage",
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
    "NewsPost",
    "NotifyPrefs",
    "OneTimeCode",
    "Org",
    "OrgApplication",
    "OutgoingWebhook",
    "ParentLink",
    "Poll",
    "PollOption",
    "PollVote",
    "PushJob",
    "PushSubscription",
    "PushVapidKey",
    "Reaction",
    "Report",
    "ReportAction",
    "RosterImport",
    "ScheduledPost",
    "ScheduledPostFile",
    "SchoolClass",
    "SignInChallenge",
    "StoredFile",
    "Submission",
    "Suggestion",
    "SupportFile",
    "SupportMessage",
    "SupportTicket",
    "Suspension",
    "ThrottleEvent",
    "TotpFactor",
    "TotpRecoveryCode",
    "TrustMessage",
    "TrustThread",
    "WebhookDelivery",
    "WordList",
    "WorkingHours",
]
