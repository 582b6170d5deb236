"""What a process reads or makes once: the brand's prompts, the article files, the lexical index of a set
of articles and the evidence of a post, each read again at once when it changes; and the migrated
empty database every new SQLite database starts as a copy of."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import ConfigError
from tests.conftest import REPO, make_settings

ARTICLE = """---
id: {id}
title: {title}
tags: [{tags}]
reply: "{reply}"
---
## More
{reply}
"""


def test_the_prompts_are_read_once_until_a_file_in_their_folder_changes(tmp_path: Path) -> None:
    from assistant.drafting.prompts import Prompts

    folder = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", folder)
    first = Prompts.load(folder)
    assert Prompts.load(folder) is first  # nothing changed: the same prompts, not read again
    greetings = folder / "greetings.yaml"
    text = greetings.read_text(encoding="utf-8")
    greetings.write_text(text.replace('neutral: "Hi @{handle}!"', 'neutral: "Yo @{handle}!"'), encoding="utf-8")  # the same size
    changed = Prompts.load(folder)
    assert changed is not first and changed.greetings["neutral"] != first.greetings["neutral"]
    greetings.write_text("negative: [unclosed\n", encoding="utf-8")  # a careless edit is refused, not answered from before
    with pytest.raises(ConfigError, match="greetings.yaml"):
        Prompts.load(folder)
    (folder / "phrasebook.yaml").unlink()
    greetings.write_text(text, encoding="utf-8")
    assert Prompts.load(folder).phrases == ()  # a file gone is a change too


def test_an_unchanged_article_file_is_parsed_once_per_process_and_an_edited_one_again(tmp_path: Path) -> None:
    from assistant.kb.folder import load_folder

    folder = tmp_path / "kb"
    folder.mkdir()
    path = folder / "refunds.md"
    path.write_text(ARTICLE.format(id="refunds", title="Refunds", tags="refund", reply="Refunds take 5 days."), encoding="utf-8")
    first = load_folder(folder, cache={})
    second = load_folder(folder, cache={})  # another index of the same folder (its own cache)
    assert second.articles["refunds"] is first.articles["refunds"]
    path.write_text(ARTICLE.format(id="refunds", title="Refunds", tags="refund", reply="Refunds take 9 days."), encoding="utf-8")
    assert load_folder(folder, cache={}).articles["refunds"].reply == "Refunds take 9 days."
    path.write_text("---\nid: [\n---\nbroken\n", encoding="utf-8")
    broken = load_folder(folder, cache={})
    assert broken.articles == {} and [problem.path for problem in broken.problems] == ["refunds.md"]


def _index_of(tmp_path: Path, folder: Path, name: str) -> Any:
    from assistant.kb import open_knowledge

    knowledge = open_knowledge(make_settings(tmp_path / name, knowledge_dir=folder, index_path=tmp_path / f"{name}-index"))
    knowledge.sync()
    return knowledge


def test_the_evidence_of_a_post_is_read_once_until_a_sync_changes_the_articles(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    for id_, title, tags, reply in (
        ("refunds", "Refunds", "refund, money back", "Refunds reach your card within 5 days of the return arriving."),
        ("delivery", "Delivery times", "delivery, courier", "Orders arrive in 2 to 4 working days by courier."),
    ):
        (folder / f"{id_}.md").write_text(ARTICLE.format(id=id_, title=title, tags=tags, reply=reply), encoding="utf-8")
    knowledge = _index_of(tmp_path, folder, "a")
    post = "how long until my money back reaches my card?"
    first = knowledge.index.evidence(post)
    assert knowledge.index.evidence(post) is first and first.hits[0].article_id == "refunds"
    from assistant.kb.index import MEMO_CHARS

    long_post = (post + " ") * (MEMO_CHARS // len(post) + 1)  # a post past the limit is read each time, never kept
    assert len(long_post) > MEMO_CHARS and knowledge.index.evidence(long_post) == knowledge.index.evidence(long_post)
    assert knowledge.index.evidence(long_post) is not knowledge.index.evidence(long_post)
    at_limit = long_post[:MEMO_CHARS]
    assert knowledge.index.evidence(at_limit) is knowledge.index.evidence(at_limit)
    other = _index_of(tmp_path, folder, "b")  # a second index of the same articles: one lexical index between them
    assert other.index.lexical() is knowledge.index.lexical()
    (folder / "refunds.md").unlink()
    (folder / "money.md").write_text(
        ARTICLE.format(id="money", title="Money back to your card", tags="money back, card", reply="Money back reaches your card in 3 days."),
        encoding="utf-8",
    )
    knowledge.sync()
    again = knowledge.index.evidence(post)
    assert again is not first and again.hits[0].article_id == "money", again.hits
    assert "refunds" not in [hit.article_id for hit in again.hits]


def test_a_new_sqlite_database_is_a_copy_of_the_migrated_one_and_an_existing_one_is_never_replaced(tmp_path: Path) -> None:
    import sqlite3

    from sqlalchemy import create_engine

    from assistant.store import schema
    from assistant.store.engine import start_from_head

    def tables(path: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(path) as db:
            return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall())

    by_alembic = create_engine(f"sqlite:///{tmp_path / 'alembic.db'}")
    schema.upgrade(by_alembic)  # the revisions, run on this database itself
    by_alembic.dispose()
    copied = tmp_path / "copied.db"
    start_from_head(copied)
    assert tables(copied) == tables(tmp_path / "alembic.db") and schema.current(create_engine(f"sqlite:///{copied}")) == schema.head()
    with sqlite3.connect(copied) as db:
        db.execute("INSERT INTO replicas (id, host, pid, started_at, heartbeat_at) VALUES ('kept', 'h', 1, '2026-12-07', '2026-12-07')")
    start_from_head(copied)  # another process creating the same file a moment later: it is left as it is
    with sqlite3.connect(copied) as db:
        assert db.execute("SELECT id FROM replicas").fetchall() == [("kept",)]
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".new")], "no spare copy is left behind"


@functools.cache
def _a_finished_process_id() -> int:
    """The id of a process that has ended (ids are not reused within the moment a test takes)."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(ended.stdout)


def test_what_a_killed_process_left_beside_the_database_is_removed_by_the_next_start_and_a_live_ones_is_not(tmp_path: Path) -> None:
    """A process killed inside `start_from_head` leaves its spare copy: before its link (a copy),
    or after it (a second name for the live file). The next process to open the database removes
    both; a live process's spare, and the rows of the database, are left as they are."""
    import os
    import sqlite3

    from assistant.store import Store

    dead, alive = _a_finished_process_id(), os.getppid()
    path = tmp_path / "data" / "assistant.db"
    store = Store(f"sqlite:///{path}")
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO replicas (id, host, pid, started_at, heartbeat_at) VALUES ('kept', 'h', 1, '2026-12-07', '2026-12-07')")
    after_link = path.with_name(f".assistant.db.{dead}.0a1b2c3d.new")
    os.link(path, after_link)
    before_link = path.with_name(f".assistant.db.{dead}.deadbeef.new")
    shutil.copyfile(path, before_link)
    live = path.with_name(f".assistant.db.{alive}.12345678.new")
    shutil.copyfile(path, live)
    other = path.with_name(f".other.db.{dead}.deadbeef.new")  # another database's: not this one's to sweep
    shutil.copyfile(path, other)
    Store(f"sqlite:///{path}", migrate=False).close()  # a read-only command changes nothing
    assert after_link.exists() and before_link.exists()
    Store(f"sqlite:///{path}").close()
    assert not after_link.exists() and not before_link.exists(), "the ended process's spares are gone"
    assert live.exists() and other.exists(), "a running process's spare, and another database's, are left"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id FROM replicas").fetchall() == [("kept",)]
    # Killed before its link, on a database that was never made: the next start makes it and sweeps.
    fresh = tmp_path / "new" / "assistant.db"
    fresh.parent.mkdir()
    shutil.copyfile(path, fresh.with_name(f".assistant.db.{dead}.0badc0de.new"))
    Store(f"sqlite:///{fresh}").close()
    assert sorted(p.name for p in fresh.parent.iterdir() if p.name.endswith(".new")) == [] and fresh.exists()


def test_the_migrated_empty_database_of_a_process_killed_with_kill_9_is_removed_by_the_next_process(tmp_path: Path) -> None:
    """Each process migrates one empty database in a folder of its own (`social-reply-schema-<pid>-…`)
    and removes it when it ends; a kill -9 runs no exit handler, so the next process that makes one
    removes the folders of processes that have ended, and leaves a running one's."""
    import signal

    make = "from assistant.store.engine import _migrated_empty; print(_migrated_empty().parent, flush=True)"
    env = {**__import__("os").environ, "TMPDIR": str(tmp_path)}
    killed = subprocess.Popen([sys.executable, "-c", f"{make}; import time; time.sleep(60)"], stdout=subprocess.PIPE, text=True, env=env)
    assert killed.stdout is not None
    its_folder = Path(killed.stdout.readline().strip())
    living = subprocess.Popen([sys.executable, "-c", f"{make}; import time; time.sleep(60)"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert living.stdout is not None
        living_folder = Path(living.stdout.readline().strip())
        assert its_folder.parent == tmp_path and (its_folder / "empty.db").is_file() and living_folder.is_dir()
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert its_folder.is_dir(), "a kill -9 leaves it"
        done = subprocess.run([sys.executable, "-c", make], capture_output=True, text=True, env=env, check=True)
        assert not its_folder.exists(), "the next process removed the killed one's"
        assert living_folder.is_dir(), "a running process's is left alone"
        assert not Path(done.stdout.strip()).exists(), "a process that ends removes its own"
    finally:
        living.kill()
        living.wait()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=".0123456789abcdefnw_-", min_size=1, max_size=30),
            st.builds(
                lambda pid, token: f".assistant.db.{pid}.{token}.new",
                st.one_of(st.deferred(lambda: st.just(_a_finished_process_id())), st.sampled_from([0, 1, -1, 99999999999])),
                st.text("0123456789abcdefg", min_size=7, max_size=9),
            ),
            st.builds(
                lambda name: f".{name}.{_a_finished_process_id()}.deadbeef.new",
                st.sampled_from(["assistant.db", "assistant", "db", "other.db", "assistant.db.x"]),
            ),
        ),
        max_size=8,
    )
)
def test_the_sweep_removes_only_an_ended_processs_spare_of_this_database(names: list[str]) -> None:
    """Whatever else lies beside the database, the sweep removes exactly the files named as
    `start_from_head`'s spare of this database (`.<name>.<pid>.<8 hex>.new`) by a process that has
    ended, and never the database itself."""
    import re
    import tempfile

    from assistant.store.engine import sweep_leftovers

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "assistant.db"
        path.write_bytes(b"the database")
        made = {name for name in names if name not in {".", "..", "assistant.db"} and "/" not in name}
        for name in made:
            (Path(folder) / name).write_bytes(b"x")
        sweep_leftovers(path)
        left = {p.name for p in Path(folder).iterdir()}
        ended = {name for name in made if re.fullmatch(rf"\.assistant\.db\.{_a_finished_process_id()}\.[0-9a-f]{{8}}\.new", name)}
        assert left == (made - ended) | {"assistant.db"} and path.read_bytes() == b"the database"
