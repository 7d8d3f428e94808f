"""message search: FTS5 table and triggers on SQLite, a GIN index on PostgreSQL

Hand-written (the initial revision is regenerated from the models; these objects are not
in the models). See parta.search.index.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

from parta.search import index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    index.create(op.get_bind())


def downgrade() -> None:
    index.drop(op.get_bind())
