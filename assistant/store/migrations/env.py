"""Alembic's entry: migrations run on the connection `assistant.store.schema.upgrade` opened and
locked (never a URL of its own), against the models' metadata."""

from __future__ import annotations

from alembic import context

from assistant.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite changes a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
