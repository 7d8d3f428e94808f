"""Texts the roster import sends (Russian first: the schools' language)."""

from __future__ import annotations

from datetime import datetime


def parent_invitation_subject(org_name: str) -> str:
    return f"Приглашение в Парту: {org_name}"[:300]


def parent_invitation_body(
    *, inviter: str, org_name: str, child_name: str, link: str, expires_at: datetime
) -> str:
    """The e-mail to a parent with the link that joins them as the parent of their child."""
    return (
        "Здравствуйте!\n\n"
        f"{inviter} приглашает вас в пространство «{org_name}» в Парте — "
        "платформе общения школы с учениками и родителями.\n\n"
        f"Ссылка для родителя ученика {child_name}:\n"
        f"{link}\n\n"
        f"Ссылка действует до {expires_at:%d.%m.%Y} включительно. "
        "Перейдите по ней, зарегистрируйтесь или войдите, и школа подтвердит, "
        "что вы родитель этого ребёнка.\n\n"
        "Ссылка личная: не пересылайте её другим людям. Если вы не ждали этого письма, "
        "просто удалите его.\n\n"
        "— Парта\n"
    )
