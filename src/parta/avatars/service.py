"""Setting, removing and showing avatars of people and chats.

An upload is checked like every other file (type sniffed from its bytes, size limit), then
re-encoded by `images.square_avatar`; only the re-encoded picture is stored, never the
original. Replacing or removing an avatar deletes its StoredFile row, so the old address
answers 404 from then on.

Who may see an avatar: a person's, anyone who shares an active organisation with them (and
themselves); a chat's, the chat's active members. Everyone else gets 404.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from starlette.datastructures import UploadFile

from parta.auth.deps import Actor, OrgContext
from parta.avatars.images import OUTPUT_MIME, square_avatar
from parta.avatars.urls import avatar_url
from parta.chats import policy
from parta.chats.access import visible_chat
from parta.files.service import IMAGE_TYPES, SNIFF_BYTES, describe_types, sniff_mime
from parta.files.storage import Storage, get_storage, too_large
from parta.kit.errors import Forbidden, UnsupportedMediaType, not_found
from parta.kit.ids import is_id
from parta.models import Account, Chat, ChatMember, Membership, Org, StoredFile
from parta.realtime.log import emit

MAX_BYTES = 5 * 1024 * 1024


async def read_image(upload: UploadFile, max_bytes: int = MAX_BYTES) -> bytes:
    """The uploaded bytes: 413 over the limit, 415 unless the content is JPEG, PNG or WebP."""
    if upload.size is not None and upload.size > max_bytes:
        raise too_large(max_bytes)
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if sniff_mime(data[:SNIFF_BYTES]) not in IMAGE_TYPES:
        raise UnsupportedMediaType(
            f"This type of file is not accepted. Accepted types: {describe_types(IMAGE_TYPES)}.",
            code="unsupported_file_type",
        )
    return data


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _store(
    db: AsyncSession,
    data: bytes,
    *,
    org_id: str | None,
    uploaded_by: str,
    storage: Storage | None = None,
) -> StoredFile:
    picture = await anyio.to_thread.run_sync(square_avatar, data)
    storage = storage or get_storage()
    sha, size = await storage.save_stream(_one_chunk(picture), len(picture))
    row = StoredFile(
        org_id=org_id,
        sha256=sha,
        size=size,
        mime=OUTPUT_MIME,
        original_name="avatar.webp",
        uploaded_by=uploaded_by,
    )
    db.add(row)
    await db.flush()
    return row


async def _drop(db: AsyncSession, file_id: str | None) -> None:
    if file_id:
        await db.execute(sa.delete(StoredFile).where(StoredFile.id == file_id))


async def set_my_avatar(db: AsyncSession, actor: Actor, data: bytes) -> Account:
    account = actor.account
    stored = await _store(db, data, org_id=None, uploaded_by=account.id)
    old, account.avatar_file_id = account.avatar_file_id, stored.id
    await _drop(db, old)
    await db.flush()
    return account


async def remove_my_avatar(db: AsyncSession, actor: Actor) -> Account:
    account = actor.account
    old, account.avatar_file_id = account.avatar_file_id, None
    await _drop(db, old)
    await db.flush()
    return account


async def moderated_chat(db: AsyncSession, ctx: OrgContext, chat_id: str) -> Chat:
    """The chat if the actor moderates it: 404 when not visible, 403 when not a moderator
    (direct chats have no avatar of their own: they show the other person's)."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind == "direct" or not policy.is_moderator(me.role):
        raise Forbidden("Only the chat's moderators can change its picture.")
    return chat


async def _announce(db: AsyncSession, chat: Chat, by: str) -> None:
    await emit(
        db, chat.id, "chat.updated", {"avatar_url": avatar_url(chat.avatar_file_id), "by": by}
    )


async def set_chat_avatar(db: AsyncSession, ctx: OrgContext, chat: Chat, data: bytes) -> Chat:
    stored = await _store(db, data, org_id=chat.org_id, uploaded_by=ctx.account_id)
    old, chat.avatar_file_id = chat.avatar_file_id, stored.id
    await _drop(db, old)
    await db.flush()
    await _announce(db, chat, ctx.account_id)
    return chat


async def remove_chat_avatar(db: AsyncSession, ctx: OrgContext, chat: Chat) -> Chat:
    old, chat.avatar_file_id = chat.avatar_file_id, None
    if old:
        await _drop(db, old)
        await db.flush()
        await _announce(db, chat, ctx.account_id)
    return chat


async def visible_avatar(db: AsyncSession, viewer_id: str, file_id: str) -> StoredFile:
    """The avatar file if the viewer may see it, else 404 (whether or not it exists)."""
    if not is_id(file_id):
        raise not_found("picture")
    mine = aliased(Membership)
    theirs = aliased(Membership)
    shares_org = (
        sa.select(mine.id)
        .join(theirs, theirs.org_id == mine.org_id)
        .join(Org, Org.id == mine.org_id)
        .where(
            mine.account_id == viewer_id,
            mine.status == "active",
            theirs.account_id == Account.id,
            theirs.status == "active",
            Org.status == "active",
        )
        .exists()
    )
    person = sa.select(Account.id).where(
        Account.avatar_file_id == file_id, sa.or_(Account.id == viewer_id, shares_org)
    )
    chat = (
        sa.select(Chat.id)
        .join(ChatMember, ChatMember.chat_id == Chat.id)
        .where(
            Chat.avatar_file_id == file_id,
            ChatMember.account_id == viewer_id,
            ChatMember.status == "active",
        )
    )
    allowed = (await db.execute(person.union_all(chat).limit(1))).first()
    stored = await db.get(StoredFile, file_id) if allowed else None
    if stored is None:
        raise not_found("picture")
    return stored
