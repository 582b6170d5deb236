"""The database's schema, changed only by Alembic's revisions (`store/migrations/versions`) and only
under a lock: however many replicas start at once, one upgrades and the others find it done.

- `upgrade(engine)`: run every revision the database lacks (`run`, `demo` and `db upgrade` do);
- `require_current(engine)`: what read-only commands call instead; they never change the schema;
- `current`, `history`: what `db current` and `db history` print.

The lock is PostgreSQL's transaction-level advisory lock, held by the transaction that migrates (its
DDL is transactional, so a replica killed half way leaves the schema as it was). SQLite has no such
lock: an exclusive `flock` on a file beside the database stands in (processes on one machine, which
is all SQLite serves).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from assistant.errors import ConfigError

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x50C1A1_5EED  # pg_advisory_xact_lock's key for "the schema"; any constant of ours


@dataclass(frozen=True)
class Revision:
    id: str
    title: str
    applied: bool = False


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head() -> str:
    """The newest revision this release has (read once: the revision files don't change while it runs)."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database or one from before Alembic."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def history(engine: Engine | None = None) -> list[Revision]:
    """Every revision, oldest first, marked applied up to the database's current one."""
    scripts = ScriptDirectory.from_config(_config())
    at = current(engine) if engine is not None else None
    applied = {script.revision for script in scripts.iterate_revisions(at, "base")} if at else set()
    ordered = list(reversed(list(scripts.walk_revisions())))
    return [Revision(script.revision, (script.doc or "").strip().splitlines()[0], script.revision in applied) for script in ordered]


@contextlib.contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that holds the schema lock; committed on leaving."""
    if engine.dialect.name == "sqlite":
        database = engine.url.database or ""
        with contextlib.ExitStack() as stack:
            if database and database != ":memory:":
                import fcntl

                handle = stack.enter_context(open(f"{database}.schema-lock", "a+b"))
                fcntl.flock(handle, fcntl.LOCK_EX)  # let go when the file closes
            with engine.begin() as connection:
                yield connection
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        yield connection


def upgrade(engine: Engine, to: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to `to` (every revision by default) under the lock; returns the revisions
    before and after. A database from before Alembic is brought to the baseline in place first."""
    try:
        with _locked(engine) as connection:
            before = MigrationContext.configure(connection).get_current_revision()
            if to == "head" and before is not None and before == head():
                return before, before  # already current: every start of a command on a current database
            command.upgrade(_config(connection), to)
            after = MigrationContext.configure(connection).get_current_revision()
    except CommandError as exc:
        raise ConfigError(f"DATABASE_URL: cannot upgrade the ticket database ({exc}). Was it made by a newer release?") from None
    return before, after


def no_database(where: str, path: Path | None = None) -> str:
    """What a command says when the ticket database it reads does not exist yet. `run` and `db
    upgrade` create it; the demo never does (it keeps its tickets in DATA_DIR/demo), so when the
    demo's database is there, the command to read it is said instead."""
    said = f"No ticket database at {where} yet: `social-reply run` creates it (or `social-reply db upgrade`)."
    demo = path.parent / "demo" / path.name if path is not None else None
    if demo is not None and demo.is_file():
        return f"{said} The demo keeps its tickets apart: DATA_DIR={demo.parent} social-reply … reads them."
    return said


def require_current(engine: Engine) -> None:
    """Refuse, with the command to run, a database this release cannot read as it is."""
    at, wanted = current(engine), head()
    if at == wanted:
        return
    where = engine.url.render_as_string(hide_password=True)
    if at is None and not inspect(engine).has_table("tickets"):
        database = engine.url.database
        raise ConfigError(no_database(where, Path(database) if engine.url.get_backend_name() == "sqlite" and database else None))
    if at is None:
        raise ConfigError(f"The ticket database at {where} was made by an earlier release: run `social-reply db upgrade` first.")
    known = {revision.id for revision in history()}
    if at not in known:
        raise ConfigError(f"The ticket database at {where} is at revision {at}, which this release does not know: it was made by a newer release.")
    raise ConfigError(f"The ticket database at {where} is at revision {at}; this release needs {wanted}: run `social-reply db upgrade` first.")
