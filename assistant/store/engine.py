"""The database: an engine for any SQLAlchemy URL, the schema brought up to date, and the one
session factory and clock every repository of the store shares."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import ConfigError
from assistant.sla import Targets
from assistant.store.models import Base, Publication, utcnow

DRAFT_LEASE_SECONDS = 120.0  # a crashed worker's undrafted tickets are taken over after this
REOPEN_WINDOW = timedelta(hours=72)  # a customer writing again within this reopens a finished ticket


class Database:
    """One database: its engine, the session factory and the clock the repositories share. Each
    repository method is one transaction."""

    def __init__(
        self,
        url: str,
        *,
        draft_lease_seconds: float = DRAFT_LEASE_SECONDS,
        clock: Callable[[], datetime] = utcnow,
        reopen_window: timedelta = REOPEN_WINDOW,
        sla: Targets | None = None,
    ):
        self.draft_lease = timedelta(seconds=draft_lease_seconds)
        self.clock = clock  # every time the store records; tests pass a controlled one
        self.reopen_window = reopen_window
        self.default_sla = sla or Targets()
        if url.startswith("sqlite:///"):
            folder = Path(url.removeprefix("sqlite:///")).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"DATA_DIR: cannot create {folder} for the ticket database ({exc.strerror or exc}).") from None
        self.engine = make_engine(url)
        try:
            _migrate(self.engine)
        except DBAPIError as exc:
            self.engine.dispose()
            reason = str(exc.orig or exc).strip().splitlines()[0][:300]
            raise ConfigError(f"DATABASE_URL: cannot open {_hide_password(url)!r}: {reason}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", self._stamp)

    def _stamp(self, session: Session, _context: Any, _instances: Any) -> None:
        """New rows get their times from the store's clock (a controlled one in tests)."""
        now = self.clock()
        for row in session.new:
            for name in ("at", "received_at", "created_at", "updated_at", "seen_at"):
                if hasattr(type(row), name) and getattr(row, name, None) is None:
                    setattr(row, name, now)

    def close(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL and a busy timeout for concurrent writers.

    Raises ConfigError naming DATABASE_URL when the URL can't be parsed or its driver isn't installed.
    """
    try:
        parsed = make_url(url)
        is_sqlite = parsed.get_backend_name() == "sqlite"
        if is_sqlite:
            connect_args: dict[str, Any] = {"timeout": 30, "check_same_thread": False}
        elif parsed.get_backend_name() == "postgresql":
            connect_args = {"connect_timeout": 10}  # an unreachable host fails in seconds, not minutes
        else:
            connect_args = {}
        engine = create_engine(parsed, connect_args=connect_args)
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(
            f"DATABASE_URL: {_hide_password(url)!r} is not a database URL ({exc}); use sqlite:///path/to/file.db "
            "or postgresql+psycopg://user:password@host/db, or leave it empty for SQLite in DATA_DIR."
        ) from None
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            f"DATABASE_URL: no driver for {_hide_password(url)!r} ({exc}). For PostgreSQL install the extra: "
            "pip install -e '.[postgres]' and use postgresql+psycopg://..."
        ) from None
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return re.sub(r"://([^:/@]*):[^@]*@", r"://\1:***@", url)


def _migrate(engine: Engine) -> None:
    """Bring a database made by an earlier release up to these models, on SQLite and PostgreSQL.

    Additive changes only, plus two: publications keyed by (ticket, kind, round) instead of ticket
    alone or (ticket, kind) (a conversation has a reply, and maybe a DM, per round), and wider text
    columns on PostgreSQL. Anything bigger needs a real migration tool.
    """
    inspector = inspect(engine)
    if inspector.has_table("publications"):
        old_keys = (["ticket_id"], ["ticket_id", "kind"])
        old_key = any(c["column_names"] in old_keys for c in inspector.get_unique_constraints("publications")) or any(
            i["unique"] and i["column_names"] in old_keys for i in inspector.get_indexes("publications")
        )
        if old_key and engine.dialect.name == "sqlite":
            # SQLite can't drop a constraint: rebuild the table under the new key, rows kept.
            columns = [c["name"] for c in inspector.get_columns("publications")]
            with engine.begin() as connection:
                connection.execute(text("ALTER TABLE publications RENAME TO publications_before_rounds"))
                Base.metadata.tables["publications"].create(connection)
                shared = [name for name in columns if name in Publication.__table__.columns and name not in ("kind", "round")]
                selected = ", ".join(_with_default(Publication.__table__.columns[name]) for name in shared)
                names = ", ".join(f'"{name}"' for name in shared)
                kind = "COALESCE(kind, 'reply')" if "kind" in columns else "'reply'"
                connection.execute(text(f"INSERT INTO publications ({names}, kind, round) SELECT {selected}, {kind}, 1 FROM publications_before_rounds"))
                connection.execute(text("DROP TABLE publications_before_rounds"))
        elif old_key:
            _add_missing_columns(engine)  # kind ('reply') and round (1) for every existing row
            with engine.begin() as connection:
                for constraint in inspector.get_unique_constraints("publications"):
                    if constraint["column_names"] in old_keys:
                        connection.execute(text(f'ALTER TABLE publications DROP CONSTRAINT "{constraint["name"]}"'))
                for index in inspector.get_indexes("publications"):
                    if index["unique"] and index["column_names"] in old_keys and not index.get("duplicates_constraint"):
                        connection.execute(text(f'DROP INDEX IF EXISTS "{index["name"]}"'))
                connection.execute(text("ALTER TABLE publications ADD CONSTRAINT uq_publication_ticket_kind_round UNIQUE (ticket_id, kind, round)"))
                connection.execute(text("CREATE INDEX IF NOT EXISTS ix_publications_ticket_id ON publications (ticket_id)"))
    Base.metadata.create_all(engine)
    _add_missing_columns(engine)
    _add_missing_indexes(engine)
    if engine.dialect.name == "postgresql":
        inspector = inspect(engine)
        with engine.begin() as connection:
            for table in Base.metadata.sorted_tables:
                present = {c["name"]: c["type"] for c in inspector.get_columns(table.name)}
                for column in table.columns:
                    wanted, have = getattr(column.type, "length", None), getattr(present.get(column.name), "length", None)
                    if wanted and have and have < wanted:
                        connection.execute(text(f'ALTER TABLE {table.name} ALTER COLUMN "{column.name}" TYPE VARCHAR({wanted})'))


def _default_of(column: Any) -> object:
    """The column's plain default value (None when it has none, or a callable one)."""
    arg = getattr(column.default, "arg", None)
    return None if callable(arg) else arg


def _with_default(column: Any) -> str:
    """The column in a copy, with its default where an old row holds NULL."""
    default = _default_of(column)
    if isinstance(default, str):
        return f"""COALESCE("{column.name}", '{default.replace("'", "''")}')"""
    if isinstance(default, (int, float)) and not isinstance(default, bool):
        return f'COALESCE("{column.name}", {default})'
    return f'"{column.name}"'


def _add_missing_indexes(engine: Engine) -> None:
    """Indexes added since a table was created (create_all makes them for new tables only)."""
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(engine, checkfirst=True)


def _add_missing_columns(engine: Engine) -> None:
    """Columns added since a database was created are added to it (nullable, with the default).

    Enough for additive changes between releases; anything more needs a real migration.
    """
    inspector = inspect(engine)
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue  # created whole by create_all
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(engine.dialect)
                default = _default_of(column)
                clause = ""
                if isinstance(default, bool):
                    clause = f" DEFAULT {'TRUE' if default else 'FALSE'}"
                elif isinstance(default, (int, float)):
                    clause = f" DEFAULT {default}"
                elif isinstance(default, str):
                    clause = " DEFAULT '" + default.replace("'", "''") + "'"
                connection.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{clause}'))
