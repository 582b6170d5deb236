"""Alembic's migrations of the ticket database: `env.py` runs them on the connection
`assistant.store.schema` hands it (under the schema lock); `versions/` holds one file per revision."""
