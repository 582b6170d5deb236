"""Replicas and leases: who is alive, who holds which duty, who owns each send, draft and reminder.

- `replicas`: one row per running bot process, with its heartbeat;
- `leases`: a duty one replica does at a time (a network's poller, the knowledge sync, recovery);
- `publications.taken_by`, `tickets.drafting_by`: the replica that handed a reply to the platform,
  or is drafting a ticket (recovery leaves a live replica's work alone);
- `timers.key` (unique) and `timers.said_ts`: a reminder's idempotency key, recorded when it is
  claimed, and the Slack message that said it.

Revision ID: 0002
Revises: 0001
Created: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replicas",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=128), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_replicas_heartbeat_at", "replicas", ["heartbeat_at"], unique=False)
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    # Rows already there get "" (nobody): recovery treats them as ownerless, as before.
    op.add_column("publications", sa.Column("taken_by", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("tickets", sa.Column("drafting_by", sa.String(length=64), nullable=False, server_default=""))
    op.add_column("timers", sa.Column("key", sa.String(length=96), nullable=True))
    op.add_column("timers", sa.Column("said_ts", sa.String(length=32), nullable=False, server_default=""))
    op.create_index("uq_timers_key", "timers", ["key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_timers_key", table_name="timers")
    with op.batch_alter_table("timers") as batch:
        batch.drop_column("said_ts")
        batch.drop_column("key")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("drafting_by")
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("taken_by")
    op.drop_table("leases")
    op.drop_index("ix_replicas_heartbeat_at", table_name="replicas")
    op.drop_table("replicas")
