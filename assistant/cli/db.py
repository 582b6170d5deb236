"""The ticket database's schema: `db upgrade` runs Alembic's revisions under the schema lock (as `run`
and `demo` do on start), `db current` says where the database is, `db history` lists every revision."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from assistant.cli.common import JsonOption, console, db_app, emit, fail
from assistant.config import load_settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def _engine(*, create: bool = False) -> Engine:
    """The database's engine; a SQLite file that does not exist is made only by `upgrade`."""
    from assistant.store import make_engine

    url = load_settings().db_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not create and not path.exists():
            fail(f"No ticket database at {path} yet: `social-reply db upgrade` (or `demo`, `run`) creates it.")
        path.parent.mkdir(parents=True, exist_ok=True)
    return make_engine(url)


@db_app.command("upgrade")
def db_upgrade(
    to: str = typer.Option("head", "--to", help="The revision to reach (every one by default)."),
    as_json: bool = JsonOption,
) -> None:
    """Run the revisions the database lacks, under the schema lock; rows are kept. Run it first when upgrading, then restart the replicas."""
    from assistant.store import schema

    engine = _engine(create=True)
    try:
        before, after = schema.upgrade(engine, to)
    finally:
        engine.dispose()
    if as_json:
        emit({"before": before, "after": after})
        return
    if before == after:
        console.print(f"Already at revision {after}; nothing to do.")
    else:
        console.print(f"Upgraded the ticket database from {before or 'nothing (or a release before migrations)'} to revision {after}.")


@db_app.command("current")
def db_current(as_json: bool = JsonOption) -> None:
    """The revision the database is at, and whether this release needs more."""
    from assistant.store import schema

    engine = _engine()
    try:
        at, wanted = schema.current(engine), schema.head()
    finally:
        engine.dispose()
    if as_json:
        emit({"current": at, "head": wanted, "up_to_date": at == wanted})
        return
    if at == wanted:
        console.print(f"{at} (up to date)")
    else:
        console.print(f"{at or 'none'}; this release needs {wanted}: run `social-reply db upgrade`")


@db_app.command("history")
def db_history(as_json: bool = JsonOption) -> None:
    """Every revision, oldest first, with whether this database has it."""
    from assistant.store import schema

    engine = _engine()
    try:
        revisions = schema.history(engine)
    finally:
        engine.dispose()
    if as_json:
        emit([{"revision": r.id, "title": r.title, "applied": r.applied} for r in revisions])
        return
    for revision in revisions:
        console.print(f"{revision.id}  {'applied' if revision.applied else 'pending'}  {revision.title}")
