"""Baseline: the schema of the last release before Alembic.

Created whole on an empty database, or reached in place from any earlier release's database (rows
kept).

Earlier releases had no migration tool: each `Store()` added missing columns and indexes, rekeyed
publications by (ticket, kind, round), and widened text columns on PostgreSQL. This revision does that
once, against its own copy of the tables (never the live models, which later revisions change).

Revision ID: 0001
Revises:
Created: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

BASELINE = sa.MetaData()

sa.Table(
    "admin_events",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("kind", sa.String(length=32), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint("id"),
)
sa.Table(
    "cursors",
    BASELINE,
    sa.Column("name", sa.String(length=64), nullable=False),
    sa.Column("value", sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint("name"),
)
sa.Table(
    "posts",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("platform", sa.String(length=32), nullable=False),
    sa.Column("external_id", sa.String(length=128), nullable=False),
    sa.Column("author_handle", sa.String(length=256), nullable=False),
    sa.Column("author_id", sa.String(length=128), nullable=False),
    sa.Column("author_name", sa.String(length=128), nullable=False),
    sa.Column("author_followers", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("url", sa.String(length=2048), nullable=False),
    sa.Column("in_reply_to_id", sa.String(length=128), nullable=False),
    sa.Column("conversation_id", sa.String(length=128), nullable=False),
    sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("conversation_ticket_id", sa.Integer(), nullable=True),
    sa.Column("ours", sa.Boolean(), nullable=False),
    sa.Column("reply_url", sa.String(length=2048), nullable=False),
    sa.Column("reply_source", sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("platform", "external_id", name="uq_post_platform_external"),
)
sa.Index("ix_posts_conversation_id", BASELINE.tables["posts"].c["conversation_id"])
sa.Index("ix_posts_conversation_ticket_id", BASELINE.tables["posts"].c["conversation_ticket_id"])
sa.Table(
    "receipts",
    BASELINE,
    sa.Column("key", sa.String(length=191), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("key"),
)
sa.Index("ix_receipts_seen_at", BASELINE.tables["receipts"].c["seen_at"])
sa.Table(
    "rejected_items",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("source", sa.String(length=64), nullable=False),
    sa.Column("where", sa.Text(), nullable=False),
    sa.Column("external_id", sa.Text(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("raw", sa.Text(), nullable=False),
    sa.Column("digest", sa.String(length=64), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("source", "digest", name="uq_rejected_source_digest"),
)
sa.Table(
    "settings",
    BASELINE,
    sa.Column("name", sa.String(length=64), nullable=False),
    sa.Column("value", sa.Text(), nullable=False),
    sa.Column("changed_by", sa.String(length=64), nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint("name"),
)
sa.Table(
    "tickets",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("post_id", sa.Integer(), nullable=False),
    sa.Column("state", sa.String(length=24), nullable=False),
    sa.Column("intent", sa.String(length=24), nullable=False),
    sa.Column("sentiment", sa.String(length=16), nullable=False),
    sa.Column("priority", sa.String(length=16), nullable=False),
    sa.Column("priority_score", sa.Integer(), nullable=False),
    sa.Column("priority_reasons", sa.JSON(), nullable=False),
    sa.Column("no_match", sa.Boolean(), nullable=False),
    sa.Column("card_channel", sa.String(length=64), nullable=False),
    sa.Column("card_ts", sa.String(length=32), nullable=False),
    sa.Column("escalation_reason", sa.Text(), nullable=False),
    sa.Column("escalation_channel", sa.String(length=64), nullable=False),
    sa.Column("escalation_ts", sa.String(length=32), nullable=False),
    sa.Column("last_actor", sa.String(length=64), nullable=False),
    sa.Column("claimed_by", sa.String(length=64), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("drafting_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("waiting_since", sa.DateTime(timezone=True), nullable=True),
    sa.Column("previous_ticket_id", sa.Integer(), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ["post_id"],
        ["posts.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("post_id"),
)
sa.Index("ix_tickets_previous_ticket_id", BASELINE.tables["tickets"].c["previous_ticket_id"])
sa.Index("ix_tickets_state", BASELINE.tables["tickets"].c["state"])
sa.Table(
    "drafts",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("ticket_id", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("citations", sa.JSON(), nullable=False),
    sa.Column("drafter", sa.String(length=64), nullable=False),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("author", sa.String(length=64), nullable=False),
    sa.Column("flags", sa.JSON(), nullable=False),
    sa.Column("model_notes", sa.JSON(), nullable=True),
    sa.Column("dm_text", sa.Text(), nullable=False),
    sa.Column("problems", sa.JSON(), nullable=False),
    sa.Column("override_by", sa.String(length=64), nullable=False),
    sa.Column("override_reason", sa.Text(), nullable=False),
    sa.Column("model", sa.String(length=128), nullable=False),
    sa.Column("latency_ms", sa.Integer(), nullable=False),
    sa.Column("prompt_tokens", sa.Integer(), nullable=False),
    sa.Column("completion_tokens", sa.Integer(), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ["ticket_id"],
        ["tickets.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
)
sa.Index("ix_drafts_ticket_id", BASELINE.tables["drafts"].c["ticket_id"])
sa.Table(
    "events",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("ticket_id", sa.Integer(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(length=64), nullable=False),
    sa.Column("kind", sa.String(length=32), nullable=False),
    sa.Column("from_state", sa.String(length=24), nullable=False),
    sa.Column("to_state", sa.String(length=24), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(
        ["ticket_id"],
        ["tickets.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
)
sa.Index("ix_events_ticket_id", BASELINE.tables["events"].c["ticket_id"])
sa.Table(
    "model_calls",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("ticket_id", sa.Integer(), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("model", sa.String(length=128), nullable=False),
    sa.Column("mode", sa.String(length=16), nullable=False),
    sa.Column("latency_ms", sa.Integer(), nullable=False),
    sa.Column("prompt_tokens", sa.Integer(), nullable=False),
    sa.Column("completion_tokens", sa.Integer(), nullable=False),
    sa.Column("outcome", sa.String(length=16), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(
        ["ticket_id"],
        ["tickets.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
)
sa.Index("ix_model_calls_ticket_id", BASELINE.tables["model_calls"].c["ticket_id"])
sa.Table(
    "publications",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("ticket_id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=8), nullable=False),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("platform", sa.String(length=32), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("in_reply_to_id", sa.String(length=128), nullable=False),
    sa.Column("status", sa.String(length=16), nullable=False),
    sa.Column("external_id", sa.String(length=128), nullable=False),
    sa.Column("detail", sa.Text(), nullable=False),
    sa.Column("approved_by", sa.String(length=64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ["ticket_id"],
        ["tickets.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("ticket_id", "kind", "round", name="uq_publication_ticket_kind_round"),
)
sa.Index("ix_publications_external_id", BASELINE.tables["publications"].c["external_id"])
sa.Index("ix_publications_ticket_id", BASELINE.tables["publications"].c["ticket_id"])
sa.Table(
    "timers",
    BASELINE,
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("ticket_id", sa.Integer(), nullable=False),
    sa.Column("kind", sa.String(length=24), nullable=False),
    sa.Column("round", sa.Integer(), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(length=12), nullable=False),
    sa.Column("taken_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("taken_by", sa.String(length=64), nullable=False),
    sa.Column("created_by", sa.String(length=64), nullable=False),
    sa.Column("note", sa.Text(), nullable=False),
    sa.Column("fired_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ["ticket_id"],
        ["tickets.id"],
    ),
    sa.PrimaryKeyConstraint("id"),
)
sa.Index("ix_timers_due_at", BASELINE.tables["timers"].c["due_at"])
sa.Index("ix_timers_status", BASELINE.tables["timers"].c["status"])
sa.Index("ix_timers_ticket_id", BASELINE.tables["timers"].c["ticket_id"])

# Defaults the earlier releases' models gave, for columns added to rows that predate them.
DEFAULTS: dict[tuple[str, str], object] = {
    ("posts", "author_id"): "",
    ("posts", "author_name"): "",
    ("posts", "author_followers"): 0,
    ("posts", "url"): "",
    ("posts", "in_reply_to_id"): "",
    ("posts", "conversation_id"): "",
    ("posts", "ours"): False,
    ("posts", "reply_url"): "",
    ("posts", "reply_source"): "",
    ("tickets", "intent"): "",
    ("tickets", "sentiment"): "",
    ("tickets", "priority"): "",
    ("tickets", "priority_score"): 0,
    ("tickets", "no_match"): False,
    ("tickets", "card_channel"): "",
    ("tickets", "card_ts"): "",
    ("tickets", "escalation_reason"): "",
    ("tickets", "escalation_channel"): "",
    ("tickets", "escalation_ts"): "",
    ("tickets", "last_actor"): "",
    ("tickets", "claimed_by"): "",
    ("tickets", "version"): 0,
    ("tickets", "round"): 1,
    ("drafts", "round"): 1,
    ("drafts", "author"): "",
    ("drafts", "dm_text"): "",
    ("drafts", "override_by"): "",
    ("drafts", "override_reason"): "",
    ("drafts", "model"): "",
    ("drafts", "latency_ms"): 0,
    ("drafts", "prompt_tokens"): 0,
    ("drafts", "completion_tokens"): 0,
    ("events", "from_state"): "",
    ("events", "to_state"): "",
    ("events", "text"): "",
    ("events", "note"): "",
    ("publications", "kind"): "reply",
    ("publications", "round"): 1,
    ("publications", "in_reply_to_id"): "",
    ("publications", "external_id"): "",
    ("publications", "detail"): "",
    ("publications", "approved_by"): "",
    ("rejected_items", "where"): "",
    ("rejected_items", "external_id"): "",
    ("timers", "round"): 1,
    ("timers", "status"): "pending",
    ("timers", "taken_by"): "",
    ("timers", "created_by"): "system",
    ("timers", "note"): "",
    ("settings", "changed_by"): "",
    ("model_calls", "latency_ms"): 0,
    ("model_calls", "prompt_tokens"): 0,
    ("model_calls", "completion_tokens"): 0,
    ("model_calls", "reason"): "",
    ("admin_events", "note"): "",
}
OLD_PUBLICATION_KEYS = (["ticket_id"], ["ticket_id", "kind"])


def upgrade() -> None:
    bind = op.get_bind()
    if not sa.inspect(bind).has_table("tickets"):
        BASELINE.create_all(bind)  # a new database
        return
    _adopt(bind)


def downgrade() -> None:
    raise NotImplementedError("The baseline is not taken down; restore a backup (pg_dump) instead.")


def _adopt(bind: Connection) -> None:
    """A database made by an earlier release, brought to the baseline with its rows."""
    inspector = sa.inspect(bind)
    if inspector.has_table("publications") and _old_publication_key(inspector):
        _rekey_publications(bind, inspector)
    BASELINE.create_all(bind)  # tables added since (checkfirst: present ones are left alone)
    inspector = sa.inspect(bind)
    for table in BASELINE.sorted_tables:
        present = {column["name"]: column for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                _add_column(bind, table.name, column)
            elif bind.dialect.name == "postgresql":
                wanted, have = getattr(column.type, "length", None), getattr(present[column.name]["type"], "length", None)
                if wanted and have and have < wanted:
                    bind.execute(sa.text(f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" TYPE VARCHAR({wanted})'))
        indexes = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(bind)


def _old_publication_key(inspector: sa.Inspector) -> bool:
    constraints = inspector.get_unique_constraints("publications")
    indexes = inspector.get_indexes("publications")
    return any(c["column_names"] in OLD_PUBLICATION_KEYS for c in constraints) or any(
        i["unique"] and i["column_names"] in OLD_PUBLICATION_KEYS for i in indexes
    )


def _rekey_publications(bind: Connection, inspector: sa.Inspector) -> None:
    """Publications keyed by ticket alone, or by (ticket, kind), become keyed by (ticket, kind, round):
    every old row is the first round's reply unless it says otherwise."""
    publications = BASELINE.tables["publications"]
    columns = [c["name"] for c in inspector.get_columns("publications")]
    if bind.dialect.name == "sqlite":  # SQLite can't drop a constraint: the table is rebuilt, rows kept
        bind.execute(sa.text("ALTER TABLE publications RENAME TO publications_before_rounds"))
        for index in inspector.get_indexes("publications"):
            bind.execute(sa.text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
        publications.create(bind)
        shared = [name for name in columns if name in publications.columns and name not in ("kind", "round")]
        selected = ", ".join(_or_default("publications", name) for name in shared)
        names = ", ".join(f'"{name}"' for name in shared)
        kind = "COALESCE(kind, 'reply')" if "kind" in columns else "'reply'"
        bind.execute(sa.text(f"INSERT INTO publications ({names}, kind, round) SELECT {selected}, {kind}, 1 FROM publications_before_rounds"))
        bind.execute(sa.text("DROP TABLE publications_before_rounds"))
        return
    for name in ("kind", "round"):
        if name not in columns:
            _add_column(bind, "publications", publications.columns[name])
    for constraint in inspector.get_unique_constraints("publications"):
        if constraint["column_names"] in OLD_PUBLICATION_KEYS:
            bind.execute(sa.text(f'ALTER TABLE publications DROP CONSTRAINT "{constraint["name"]}"'))
    for index in inspector.get_indexes("publications"):
        if index["unique"] and index["column_names"] in OLD_PUBLICATION_KEYS and not index.get("duplicates_constraint"):
            bind.execute(sa.text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
    bind.execute(sa.text("ALTER TABLE publications ADD CONSTRAINT uq_publication_ticket_kind_round UNIQUE (ticket_id, kind, round)"))


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _or_default(table: str, name: str) -> str:
    default = DEFAULTS.get((table, name))
    return f'"{name}"' if default is None else f'COALESCE("{name}", {_literal(default)})'


def _add_column(bind: Connection, table: str, column: sa.Column[object]) -> None:
    """A column added since the database was made: nullable, with the old models' default for old rows."""
    kind = column.type.compile(bind.dialect)
    default = DEFAULTS.get((table, column.name))
    clause = "" if default is None else f" DEFAULT {_literal(default)}"
    bind.execute(sa.text(f'ALTER TABLE {table} ADD COLUMN "{column.name}" {kind}{clause}'))
