"""Communities that span organisations: the community, each organisation's participation
(with the people its administrator chose), the community's own roles and removals, its
conversation, and each organisation's code for being invited.

The one deliberate exception to "every row belongs to one organisation": a community and its
posts belong to no organisation. Who may see them is derived on every request from the
participations (parta.communities.access), never stored per person.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from parta.models.base import ID, Base, created_column, id_column


class Community(Base):
    """A methodological association, a subject association, a joint project...

    `join_code` lets an organisation's administrator ask to join; the community's moderators
    then accept. It is shown to moderators only and can be replaced.
    """

    __tablename__ = "communities"

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # methodological, subject, joint_project, other
    kind: Mapped[str] = mapped_column(sa.String(30))
    join_code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    home_org_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="SET NULL"), index=True
    )
    created_by: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class CommunityOrg(Base):
    """One organisation's participation in a community, and whom it sends.

    status: `invited` (the community asked, the organisation's administrator has not
    answered), `requested` (the administrator asked with the community's code, the
    moderators have not answered), `active` (both agreed), `withdrawn` (the organisation left
    or declined), `removed` (the community's moderators removed it or refused its request).
    Only `active` gives anyone access.

    Whom it sends, chosen by its administrator: every verified teacher (`all_teachers`),
    chosen staff memberships (`staff_ids`) and the students of chosen classes (`class_ids`).
    """

    __tablename__ = "community_orgs"
    __table_args__ = (
        sa.UniqueConstraint("community_id", "org_id"),
        sa.Index("ix_community_orgs_org_status", "org_id", "status"),
    )

    id: Mapped[str] = id_column()
    community_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("communities.id", ondelete="CASCADE")
    )
    org_id: Mapped[str] = mapped_column(ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(sa.String(12))
    all_teachers: Mapped[bool] = mapped_column(default=False)
    staff_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    class_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    invited_by: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_by: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = created_column()


class CommunityPerson(Base):
    """A person the community itself knows about: its owner and moderators, and people its
    moderators removed (`removed_at`), who stay out even while their organisation sends
    them. Everyone else is a plain member through their organisation's participation."""

    __tablename__ = "community_people"
    __table_args__ = (sa.UniqueConstraint("community_id", "account_id"),)

    id: Mapped[str] = id_column()
    community_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("communities.id", ondelete="CASCADE")
    )
    account_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(12), default="member")  # owner, moderator
    removed_at: Mapped[datetime | None]
    removed_by: Mapped[str | None] = mapped_column(ID)
    # The name as the person's organisation spelt it when they were removed (the list of
    # removed people is shown to moderators while the person may no longer be a member).
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    created_at: Mapped[datetime] = created_column()


class CommunityPost(Base):
    """A post of the community's conversation, or a reply to one (`parent_id`).

    The author's name is kept as their organisation spelt it when they wrote; `client_id`
    makes a retried post return the stored one.
    """

    __tablename__ = "community_posts"
    __table_args__ = (
        sa.UniqueConstraint("community_id", "author_id", "client_id"),
        sa.Index("ix_community_posts_thread", "community_id", "parent_id", "id"),
    )

    id: Mapped[str] = id_column()
    community_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("communities.id", ondelete="CASCADE")
    )
    parent_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("community_posts.id", ondelete="CASCADE")
    )
    author_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("accounts.id", ondelete="SET NULL")
    )
    author_org_id: Mapped[str | None] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    client_id: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text, default="")
    reply_count: Mapped[int] = mapped_column(default=0)
    last_reply_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_column()
    deleted_at: Mapped[datetime | None]
    deleted_by: Mapped[str | None] = mapped_column(ID)


class CommunityOrgCode(Base):
    """An organisation's code for being invited into communities: whoever has it (the
    administrator gives it out) can invite the organisation, which still needs the
    administrator's approval. Organisations are otherwise found only by their exact name."""

    __tablename__ = "community_org_codes"

    org_id: Mapped[str] = mapped_column(
        ID, sa.ForeignKey("orgs.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    created_at: Mapped[datetime] = created_column()
