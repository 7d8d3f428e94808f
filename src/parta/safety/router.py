"""Endpoints of safety: the organisation's rules, word lists, the moderators' queue of held
and hidden messages, a chat's quiet hours and notice, a parent's rules for their child,
teachers' working hours (docs/api/safety.md)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.http import client_ip
from parta.members.schemas import IdPath
from parta.safety import children, held, hidden, hours, notice, quiet, wordlists
from parta.safety import settings as rules
from parta.safety.schemas import (
    ChatQuiet,
    ChatQuietIn,
    ChatSafety,
    CheckIn,
    CheckOut,
    ChildRulesIn,
    ChildRulesOut,
    HiddenText,
    QueueItem,
    QueuePage,
    RejectIn,
    SafetyPatch,
    SafetySettings,
    WordListIn,
    WordListOut,
    WordListPatch,
    WorkingHoursIn,
    WorkingHoursOut,
)

router = APIRouter(tags=["safety"])
ORG = "/orgs/{org_id}/safety"
CHAT = "/orgs/{org_id}/chats/{chat_id}"


@router.get(f"{ORG}/settings", response_model=SafetySettings)
async def get_settings(ctx: Ctx) -> SafetySettings:
    """Safe mode, quiet hours and rate limits of the organisation (every member may read
    them: they say who can reach whom and when)."""
    return rules.get_settings_for(ctx)


@router.patch(f"{ORG}/settings", response_model=SafetySettings)
async def update_settings(body: SafetyPatch, request: Request, ctx: Ctx, db: DB) -> SafetySettings:
    """Change the rules (administrators; audited). Only the parts and fields sent change."""
    return await rules.update_settings(db, ctx, body, ip=client_ip(request))


# Word lists ------------------------------------------------------------------------------


@router.get(f"{ORG}/word-lists", response_model=list[WordListOut])
async def list_word_lists(ctx: Ctx, db: DB) -> list[WordListOut]:
    """The organisation's word lists (administrators)."""
    return await wordlists.list_lists(db, ctx)


@router.post(f"{ORG}/word-lists", response_model=WordListOut, status_code=201)
async def create_word_list(body: WordListIn, request: Request, ctx: Ctx, db: DB) -> WordListOut:
    """A new list: its words (any form matches), phrases or prefixes ending in *, and what
    happens to a message containing one (hide, hold). 422 `bad_entry`, `too_many_lists`."""
    return await wordlists.create_list(db, ctx, body, ip=client_ip(request))


@router.patch(f"{ORG}/word-lists/{{list_id}}", response_model=WordListOut)
async def update_word_list(
    list_id: IdPath, body: WordListPatch, request: Request, ctx: Ctx, db: DB
) -> WordListOut:
    """Change a list (administrators; audited)."""
    return await wordlists.update_list(db, ctx, list_id, body, ip=client_ip(request))


@router.delete(f"{ORG}/word-lists/{{list_id}}", status_code=204)
async def delete_word_list(list_id: IdPath, request: Request, ctx: Ctx, db: DB) -> Response:
    """Delete a list (administrators; audited)."""
    await wordlists.delete_list(db, ctx, list_id, ip=client_ip(request))
    return Response(status_code=204)


@router.post(f"{ORG}/word-lists/check", response_model=CheckOut)
async def check_text(body: CheckIn, ctx: Ctx, db: DB) -> CheckOut:
    """Try a text against every enabled list: what would happen to it and why."""
    return await wordlists.check_text(db, ctx, body.text)


# The moderators' queue -------------------------------------------------------------------


@router.get(f"{ORG}/queue", response_model=QueuePage)
async def get_queue(
    ctx: Ctx,
    db: DB,
    status: str = Query("open", pattern="^(open|closed)$"),
    cursor: str | None = Query(None, max_length=26),
    limit: int = Query(50, ge=1, le=50),
) -> QueuePage:
    """Held and hidden messages of the chats I moderate (every chat for safeguarding
    staff), newest first: `open` ones wait for a decision. Empty for everyone else."""
    return await held.queue(db, ctx, open_=status == "open", cursor=cursor, limit=limit)


@router.post(f"{ORG}/held/{{held_id}}/approve", response_model=QueueItem)
async def approve_held(held_id: IdPath, request: Request, ctx: Ctx, db: DB) -> QueueItem:
    """Send a held message as its author (audited). 409 `already_decided`,
    `author_cannot_post`; 404 unless I handle its chat."""
    return await held.approve(db, ctx, held_id, ip=client_ip(request))


@router.post(f"{ORG}/held/{{held_id}}/reject", response_model=QueueItem)
async def reject_held(
    held_id: IdPath, body: RejectIn, request: Request, ctx: Ctx, db: DB
) -> QueueItem:
    """Do not send a held message; its author is told, with the reason if given (audited)."""
    return await held.reject(db, ctx, held_id, body, ip=client_ip(request))


@router.post(f"{ORG}/hidden/{{message_id}}/restore", response_model=QueueItem)
async def restore_hidden(message_id: IdPath, request: Request, ctx: Ctx, db: DB) -> QueueItem:
    """Show a hidden message to everyone (audited; announced as `message.edited`)."""
    return await hidden.restore(db, ctx, message_id, ip=client_ip(request))


@router.post(f"{ORG}/hidden/{{message_id}}/keep", response_model=QueueItem)
async def keep_hidden(message_id: IdPath, request: Request, ctx: Ctx, db: DB) -> QueueItem:
    """Confirm a hidden message stays hidden (audited)."""
    return await hidden.keep_hidden(db, ctx, message_id, ip=client_ip(request))


@router.get(f"{CHAT}/messages/{{message_id}}/hidden", response_model=HiddenText)
async def hidden_text(chat_id: IdPath, message_id: IdPath, ctx: Ctx, db: DB) -> HiddenText:
    """The text of a hidden message: its author and the chat's handlers (403 for others)."""
    return await hidden.read_text(db, ctx, chat_id, message_id)


# A chat's notice and quiet hours ---------------------------------------------------------


@router.get(f"{CHAT}/safety", response_model=ChatSafety)
async def chat_safety(chat_id: IdPath, ctx: Ctx, db: DB) -> ChatSafety:
    """What the chat shows to those writing: quiet hours now and until when, the other
    person's working hours (direct chats), my messages waiting for a moderator."""
    return await notice.chat_safety(db, ctx, chat_id)


@router.put(f"{CHAT}/quiet-hours", response_model=ChatQuiet)
async def set_chat_quiet(chat_id: IdPath, body: ChatQuietIn, ctx: Ctx, db: DB) -> ChatQuiet:
    """The chat's quiet hours (its moderators): the organisation's, none, or custom."""
    return await quiet.update_chat_quiet(db, ctx, chat_id, body)


# A parent's rules for their child --------------------------------------------------------


@router.get(f"{ORG}/children", response_model=list[ChildRulesOut])
async def my_children(ctx: Ctx, db: DB) -> list[ChildRulesOut]:
    """My minor children here, with the rules I chose and those that apply."""
    return await children.my_children(db, ctx)


@router.put(f"{ORG}/children/{{student_id}}", response_model=ChildRulesOut)
async def set_child(
    student_id: IdPath, body: ChildRulesIn, request: Request, ctx: Ctx, db: DB
) -> ChildRulesOut:
    """Make safe mode stricter for my minor child (never looser than the organisation's
    rules); 404 for anyone but my minor child. Audited."""
    return await children.set_child(db, ctx, student_id, body, ip=client_ip(request))


# Working hours ---------------------------------------------------------------------------


@router.get("/orgs/{org_id}/me/working-hours", response_model=WorkingHoursOut)
async def my_working_hours(ctx: Ctx, db: DB) -> WorkingHoursOut:
    """My "I answer during working hours" (enabled false when not set)."""
    return await hours.get_mine(db, ctx)


@router.put("/orgs/{org_id}/me/working-hours", response_model=WorkingHoursOut)
async def set_working_hours(body: WorkingHoursIn, ctx: Ctx, db: DB) -> WorkingHoursOut:
    """Set my working hours (verified teachers and staff; 403 `staff_only` otherwise)."""
    return await hours.set_mine(db, ctx, body)


@router.delete("/orgs/{org_id}/me/working-hours", status_code=204)
async def clear_working_hours(ctx: Ctx, db: DB) -> Response:
    """Stop showing working hours."""
    await hours.clear_mine(db, ctx)
    return Response(status_code=204)


@router.get("/orgs/{org_id}/people/{account_id}/working-hours", response_model=WorkingHoursOut)
async def working_hours_of(account_id: IdPath, ctx: Ctx, db: DB) -> WorkingHoursOut:
    """A member's working hours as shown on their profile (enabled false when not set)."""
    return await hours.of_person(db, ctx, account_id)
