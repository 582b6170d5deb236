"""What a process reads or makes once: the brand's prompts, the article files, the lexical index of a set
of articles and the evidence of a post, each read again at once when it changes; and the migrated
empty database every new SQLite database starts as a copy of."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

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
