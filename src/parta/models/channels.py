"""Information channels: what a channel's posts carry beyond the message (views, comments),
scheduled posts, and the audience of channels an administrator creates.

A channel is a chat of kind `channel` (parta.chats); its posts are its messages. Everything
here hangs off those rows, so history, files, polls, pins and sync need nothing new.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class ChannelAudience(Base):
    """Who an administrator's channel is for, and who besides administrators posts in it.

    Membership is derived from these fields and the roster (parta.channels.audience), the
    same way as the organisation's own channel: nobody is added by hand. `class_ids` narrows
    students and parents to those classes (and brings the classes' teachers in).
    """

    __tablename__ = "channel_audiences"

    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), index=True
    )
    everyone: Mapped[bool] = mapped_column(default=False)
    staff: Mapped[bool] = mapped_column(default=False)
    students: Mapped[bool] = mapped_column(default=False)
    parents: Mapped[bool] = mapped_column(default=False)
    class_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Account ids of the people who post besides the organisation's administrators.
    poster_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_by: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = created_column()


class ChannelPost(Base):
    """A channel post's counters and its comment switch. Created on first need (a view, a
    comment, the switch), so posts made by any path (a poll, a bot, a forward) are posts;
    a post without a row has no views, no comments, and comments on."""

    __tablename__ = "channel_posts"

    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    comments_enabled: Mapped[bool] = mapped_column(default=True)
    view_count: Mapped[int] = mapped_column(default=0)
    comment_count: Mapped[int] = mapped_column(default=0)
    last_comment_at: Mapped[datetime | None]


class ChannelPostView(Base):
    """One person has seen one post: the key makes every member count once."""

    __tablename__ = "channel_post_views"

    message_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )


class ChannelComment(Base):
    """A comment under a channel post. Not a message of the chat: comments stay out of the
    channel's history, unread counts and search."""

    __tablename__ = "channel_comments"
    __table_args__ = (
        sa.UniqueConstraint("post_id", "author_id", "client_id"),
        sa.Index("ix_channel_comments_post_id_id", "post_id", "id"),
    )

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("chats.id", ondelete="CASCADE"))
    post_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("messages.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text)
    html: Mapped[str] = mapped_column(sa.Text)
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = created_column()


class ScheduledPost(Base):
    """A post written now and published later by the scheduler, as its author.

    status: scheduled, published (message_id set), cancelled, failed (`error` says why:
    the author may no longer post, the channel was archived...).
    """

    __tablename__ = "channel_scheduled_posts"
    __table_args__ = (sa.Index("ix_channel_scheduled_posts_due", "status", "publish_at"),)

    id: Mapped[str] = id_column()
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    chat_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("chats.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    comments_enabled: Mapped[bool] = mapped_column(default=True)
    publish_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(12), default="scheduled")
    error: Mapped[str | None] = mapped_column(sa.String(40))
    message_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class ScheduledPostFile(Base):
    """A file uploaded for a scheduled post: held (not swept as an abandoned upload) until
    the post is published, when it is attached to the message like any file."""

    __tablename__ = "channel_scheduled_files"

    attachment_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True
    )
    scheduled_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("channel_scheduled_posts.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
