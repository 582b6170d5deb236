"""The schema: Alembic's revisions make exactly the models' tables, bring every earlier release's
database to them with its rows, run once under a lock however many processes start together, and
read-only commands never change it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import ConfigError
from assistant.store import Store, make_engine, schema
from assistant.store.models import Base
from tests.conftest import empty_database, make_post, postgres_url
from tests.test_cli import run_cli
from tests.test_store import KIND_SCHEMA, OLD_SCHEMA


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tickets.db'}"
    return empty_database(postgres_url("schema"))


def _differences(engine_url: str) -> list[object]:
    engine = make_engine(engine_url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata))
    finally:
        engine.dispose()


def _create(engine_url: str, statements: list[str]) -> None:
    engine = make_engine(engine_url)
    with engine.begin() as connection:
        for statement in statements:
            if engine.dialect.name == "postgresql":
                statement = statement.replace("id INTEGER PRIMARY KEY", "id SERIAL PRIMARY KEY").replace(" TIMESTAMP", " TIMESTAMP WITH TIME ZONE")
            connection.execute(text(statement))
    engine.dispose()


def test_the_revisions_make_exactly_the_models_tables(url: str) -> None:
    store = Store(url)
    assert schema.current(store.engine) == schema.head()
    store.close()
    assert _differences(url) == [], "a model changed without a revision (write one: see CONTRIBUTING.md)"


def test_a_database_of_the_last_release_before_migrations_is_adopted_with_its_rows(url: str) -> None:
    """The release before Alembic created its tables itself (create_all): no version table. Its
    tables are the baseline's; the revisions after it run, and its tickets are still there."""
    baseline = _baseline()
    engine = make_engine(url)
    baseline.BASELINE.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO posts (platform, external_id, author_handle, author_id, author_name, author_followers, text, url, in_reply_to_id, "
                "conversation_id, posted_at, received_at, ours, reply_url, reply_source) VALUES ('x', '1', 'sam', '', '', 0, 'hi', '', '', '', "
                "'2026-11-20 08:00:00', '2026-11-20 08:00:00', FALSE, '', '')"
            )
        )
    engine.dispose()
    assert schema.current(make_engine(url)) is None
    store = Store(url)
    assert schema.current(store.engine) == schema.head()
    with store.engine.connect() as connection:
        assert connection.scalar(text("SELECT author_handle FROM posts WHERE external_id = '1'")) == "sam", "the old post is still there"
    assert store.add_post(make_post("2").cleaned())[1] is True
    store.close()
    assert _differences(url) == []


@pytest.mark.parametrize("statements", [OLD_SCHEMA, KIND_SCHEMA], ids=["one-publication-per-ticket", "keyed-by-kind"])
def test_older_databases_reach_the_head_revision_and_keep_their_rows(url: str, statements: list[str]) -> None:
    _create(url, statements)
    store = Store(url)
    assert schema.current(store.engine) == schema.head()
    old = store.get(1)
    assert old.state == "sent" and old.publication is not None and old.publication.external_id == "555" and old.publication.taken_by == ""
    store.close()
    names = {index["name"] for index in inspect(make_engine(url)).get_indexes("timers")}
    assert "uq_timers_key" in names


def test_read_only_commands_refuse_an_old_database_and_leave_it_as_it_was(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _create(url, OLD_SCHEMA)
    with pytest.raises(ConfigError, match="db upgrade"):
        Store(url, migrate=False)
    engine = make_engine(url)
    assert not inspect(engine).has_table("alembic_version") and not inspect(engine).has_table("timers"), "nothing was created"
    engine.dispose()
    refused = run_cli("tickets", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert refused.returncode == 2 and "earlier release: run `social-reply db upgrade` first" in refused.stderr
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    before = runner.invoke(app, ["db", "current", "--json"])
    assert json.loads(before.output) == {"current": None, "head": schema.head(), "up_to_date": False}
    upgraded = runner.invoke(app, ["db", "upgrade"])
    assert upgraded.exit_code == 0 and f"to revision {schema.head()}" in upgraded.output
    again = runner.invoke(app, ["db", "upgrade"])
    assert "nothing to do" in again.output
    history = json.loads(runner.invoke(app, ["db", "history", "--json"]).output)
    assert [r["revision"] for r in history] == ["0001", "0002", "0003", "0004", "0005"] and all(r["applied"] for r in history)
    listed = runner.invoke(app, ["tickets", "--json"])
    assert listed.exit_code == 0 and [t["id"] for t in json.loads(listed.output)] == [1]


def test_a_database_from_a_newer_release_is_refused_not_changed(url: str) -> None:
    Store(url).close()
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ConfigError, match="newer release"):
        Store(url)
    with pytest.raises(ConfigError, match="newer release"):
        Store(url, migrate=False)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "9999"
    engine.dispose()


def test_processes_started_together_on_an_empty_database_all_open_it(url: str) -> None:
    """Four processes open the store at the same moment (as replicas starting together do): each
    waits on the schema lock, one creates the tables, all of them serve."""
    code = (
        "import sys, time\n"
        "from assistant.store import Store\n"
        "start = float(sys.argv[2])\n"
        "while time.time() < start: time.sleep(0.001)\n"
        "store = Store(sys.argv[1]); print(store.counts()); store.close()\n"
    )
    import time

    start = time.time() + 3.0  # past every interpreter's imports, so the opens really overlap
    children = [subprocess.Popen([sys.executable, "-c", code, url, str(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0, 0, 0], [err[-800:] for _, err in results]
    assert all(out.strip() == "{}" for out, _ in results)
    assert _differences(url) == []


def _baseline():  # type: ignore[no-untyped-def]
    import importlib.util

    path = Path(schema.MIGRATIONS, "versions", "0001_baseline.py")
    spec = importlib.util.spec_from_file_location("baseline_revision", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
