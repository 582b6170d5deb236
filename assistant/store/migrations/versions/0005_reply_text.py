"""The text of the post a post replies to (`posts.in_reply_to_text`), when the source gives it with
the post: what the customer answers, shown on the card beside a reply to a post we never saw.

Revision ID: 0005
Revises: 0004
Created: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("in_reply_to_text", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("in_reply_to_text")
