"""The database: an engine for any SQLAlchemy URL, its schema brought up to date (`schema`), and the one
session factory and clock every repository of the store shares."""

from __future__ import annotations

import atexit
import functools
import os
import re
import secrets
import shutil
import socket
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import ConfigError
from assistant.sla import Targets
from assistant.store import schema
from assistant.store.models import utcnow

DRAFT_LEASE_SECONDS = 120.0  # a crashed worker's undrafted tickets are taken over after this
LEASE_SECONDS = 30.0  # a replica silent this long is gone: its duties and unfinished work pass on within it
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
        migrate: bool = True,
        lease_seconds: float = LEASE_SECONDS,
        replica_id: str = "",
    ):
        # Who "we" are in the rows that name an owner (a send, a draft, a reminder): the replica.
        self.me = (replica_id or f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}")[:64]
        self.draft_lease = timedelta(seconds=draft_lease_seconds)
        self.lease = timedelta(seconds=lease_seconds)  # a replica silent this long is gone (see `replicas`)
        self.clock = clock  # every time the store records; tests pass a controlled one
        self.reopen_window = reopen_window
        self.default_sla = sla or Targets()
        path = sqlite_file(url)
        if path is not None:
            if not migrate and missing_database(url):  # a read-only command creates nothing
                raise ConfigError(schema.no_database(str(path), path))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"DATA_DIR: cannot create {path.parent} for the ticket database ({exc.strerror or exc}).") from None
            if migrate:
                sweep_leftovers(path)
                if not path.exists():
                    start_from_head(path)
        self.engine = make_engine(url)
        try:
            if migrate:
                schema.upgrade(self.engine)  # under the schema lock: of replicas starting together, one upgrades
            else:
                schema.require_current(self.engine)  # read-only commands never change the schema
        except (DBAPIError, ConfigError) as exc:
            self.engine.dispose()
            if isinstance(exc, ConfigError):
                raise
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

    def ping(self) -> None:
        """Raises unless the database answers."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()


SCHEMA_FOLDER = "social-reply-schema-"  # in the temporary folder: social-reply-schema-<pid>-<random>
_SCHEMA_FOLDER = re.compile(rf"{SCHEMA_FOLDER}(\d{{1,10}})-\w+")
_SPARE = re.compile(r"\.(.+)\.(\d{1,10})\.[0-9a-f]{8}\.new")  # `start_from_head`'s copy before its link: .<name>.<pid>.<token>.new


def _gone(pid: int) -> bool:
    """No process with this id runs on this machine (another user's process counts as running)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # not ours to signal: it runs
        return False
    return False


def sweep_leftovers(path: Path) -> None:
    """What processes killed in `start_from_head` left beside the database `path`: a spare copy (a
    second name for the live file, when killed after the link). Removed once the process that made
    it is gone; a running one's is left alone."""
    try:
        names = [entry.name for entry in os.scandir(path.parent) if entry.name.startswith(f".{path.name}.")]
    except OSError:
        return
    for name in names:
        match = _SPARE.fullmatch(name)
        if match and match.group(1) == path.name and _gone(int(match.group(2))):
            (path.parent / name).unlink(missing_ok=True)


def _sweep_schema_folders(temporary: Path) -> None:
    """The migrated empty databases of processes killed before they could remove them (a kill -9
    runs no exit handler); a running process's folder is left alone."""
    try:
        names = [entry.name for entry in os.scandir(temporary) if entry.name.startswith(SCHEMA_FOLDER)]
    except OSError:
        return
    for name in names:
        match = _SCHEMA_FOLDER.fullmatch(name)
        if match and _gone(int(match.group(1))):
            shutil.rmtree(temporary / name, ignore_errors=True)


@functools.cache
def _migrated_empty() -> Path:
    """An empty SQLite database at the head revision, made by Alembic's revisions once per process
    (in a folder of its own, named with the process id and removed when the process ends; a killed
    process's is removed by the next process that makes one)."""
    _sweep_schema_folders(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=f"{SCHEMA_FOLDER}{os.getpid()}-"))
    atexit.register(shutil.rmtree, folder, True)
    engine = make_engine(f"sqlite:///{folder / 'empty.db'}")
    try:
        schema.upgrade(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    finally:
        engine.dispose()
    return folder / "empty.db"


def start_from_head(path: Path) -> None:
    """A SQLite file that doesn't exist yet starts as a copy of an empty database this process
    migrated: the revisions run once per process, not once per database (an evaluation makes one
    per set, the tests hundreds; each costs about 0.1 s). The copy appears whole or not at all (a
    hard link of a finished copy), so a process racing to create the same file finds it made, and
    anything that goes wrong leaves the file to Alembic, as before."""
    spare = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    try:
        shutil.copyfile(_migrated_empty(), spare)
        os.link(spare, path)
    except Exception:  # noqa: BLE001 - exists already, no hard links here, a full disk: Alembic makes it instead
        pass
    finally:
        spare.unlink(missing_ok=True)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for any other database, or SQLite in memory)."""
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def missing_database(url: str) -> Path | None:
    """The SQLite file this URL names when it does not exist yet: commands that only read must not
    create it (None when it exists, or the database is not a SQLite file)."""
    path = sqlite_file(url)
    return path if path is not None and not path.exists() else None


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
