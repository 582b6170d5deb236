"""Assignment: the agent a ticket is routed to (`tickets.assigned_to`, "" for nobody), by the team's
round robin (assistant/routing.py). Distinct from a claim: it puts the ticket in their queue and
locks no one out.

Revision ID: 0003
Revises: 0002
Created: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("assigned_to", sa.String(length=64), nullable=False, server_default=""))
    op.create_index("ix_tickets_assigned_to", "tickets", ["assigned_to"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tickets_assigned_to", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("assigned_to")
