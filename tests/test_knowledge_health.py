"""Content editors keep the folder healthy: lint warnings, knowledge gaps, sync while the bot runs."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.kb import Knowledge
from assistant.kb.embeddings import MiniLMEmbeddings
from assistant.kb.evidence import Thresholds
from assistant.kb.folder import load_folder
from assistant.kb.health import (
    group_gaps,
    near_duplicates,
    never_retrieved,
    watch_folder,
)
from assistant.kb.index import KnowledgeIndex
from tests.conftest import SlackHarness, make_post, wait_until
from tests.test_knowledge import GOOD, write


def test_near_duplicate_articles_are_found_and_distinct_ones_are_not(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.md",
        GOOD.format(id="reset-password", title="Reset your password", reply="Tap Forgot password on the sign-in screen to get a reset link.", details="x"),
    )
    write(
        tmp_path,
        "b.md",
        GOOD.format(
            id="password-reset", title="Resetting your password", reply="Tap 'Forgot password' on the sign in screen and we email a reset link.", details="x"
        ),
    )
    write(
        tmp_path,
        "c.md",
        GOOD.format(id="refund-timeline", title="Refund timing", reply="Refunds reach your bank 3-5 days after we get the return.", details="x"),
    )
    pairs = near_duplicates(load_folder(tmp_path).articles, MiniLMEmbeddings())
    assert [(a, b) for a, b, _ in pairs] == [("password-reset", "reset-password")]


def test_articles_never_retrieved_are_listed() -> None:
    articles = {key: None for key in ("a", "b", "c")}
    assert never_retrieved(articles, {"a", "zzz"}) == ["b", "c"]  # type: ignore[arg-type]


def test_unanswered_posts_are_grouped_by_meaning_biggest_group_first(services) -> None:  # noqa: ANN001
    posts = [
        "are you hiring? would love a job at nimbus",
        "any jobs going in your warehouse",
        "career opportunities at nimbus?",
        "do you sponsor local football teams",
        "would nimbus sponsor our charity fun run",
        "what is the capital of france",
        "FREE FOLLOWERS giveaway follow me 🎁",
    ]
    services.knowledge.decision = Thresholds(0.5, 3.0)  # strict, so every one of these is unanswered
    for number, text in enumerate(posts):
        services.pipeline.ingest(make_post(f"gap-{number}", text))
    unanswered = services.store.list(no_match=True)
    assert len(unanswered) >= 6
    gaps = group_gaps(unanswered, services.knowledge.index.embedder.embeddings, brand="Nimbus Home")
    assert [gap.size for gap in gaps] == [3, 2, 1]
    assert "hiring" in gaps[0].example and "sponsor" in gaps[1].example
    assert all("giveaway" not in post for gap in gaps for post in gap.posts), "spam is not a knowledge gap"


def test_the_home_tab_shows_the_queue_and_the_top_gaps(slack: SlackHarness) -> None:
    slack.services.knowledge.decision = Thresholds(0.5, 3.0)
    for number, text in enumerate(["are you hiring? would love a job at nimbus", "any jobs going in your warehouse"]):
        slack.services.pipeline.ingest(make_post(f"h{number}", text))
    event = {"type": "app_home_opened", "user": "UMANAGER", "channel": "D1", "tab": "home", "event_ts": str(time.time())}
    response = slack.event(event, event_id="Ev1")
    assert response.status_code == 200
    [published] = wait_until(lambda: slack.api.of("views.publish"))
    assert published["user_id"] == "UMANAGER"
    text = json.dumps(published["view"]["blocks"])
    assert "Knowledge gaps" in text and "2 post(s)" in text and "2 waiting for an agent" in text


def test_the_running_bot_notices_edited_added_and_deleted_articles(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    write(folder, "reset.md", GOOD.format(id="reset-password", title="Reset your password", reply="Tap Forgot password.", details="x"))
    knowledge = Knowledge(folder, KnowledgeIndex(tmp_path / "index"), Thresholds(0.0, 0.0))
    knowledge.sync()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_folder, args=(folder, knowledge.sync, stop, 0.05), daemon=True)
    watcher.start()
    try:
        write(folder, "refund.md", GOOD.format(id="refund-timeline", title="Refund timing", reply="Refunds take 5 days.", details="x"))
        wait_until(lambda: "refund-timeline" in knowledge.articles)
        (folder / "reset.md").unlink()
        wait_until(lambda: "reset-password" not in knowledge.index.indexed_hashes())
        write(folder, "refund.md", GOOD.format(id="refund-timeline", title="Refund timing", reply="Refunds take 7 days.", details="x"))
        wait_until(lambda: knowledge.articles["refund-timeline"].reply == "Refunds take 7 days.")
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert knowledge.index.indexed_hashes() == {"refund-timeline": knowledge.articles["refund-timeline"].content_hash}


def test_slash_commands_sync_lint_and_list_gaps(slack: SlackHarness) -> None:
    slack.services.knowledge.decision = Thresholds(0.5, 3.0)
    slack.services.pipeline.ingest(make_post("g1", "are you hiring? would love a job at nimbus"))
    # Before any draft cites an article, none is called unused.
    assert "no traffic yet" in slack.answer("kb lint") and "never cited" not in slack.answer("kb lint")
    slack.services.pipeline.ingest(make_post("g2", "how do I reset my password? the link never arrives"))
    synced, linted, gaps = (slack.answer(command) for command in ("kb sync", "kb lint", "kb gaps"))
    assert "Knowledge synced: 0 added, 0 updated, 0 removed" in synced
    assert "36 articles OK, 0 problem(s), 0 duplicate or near-duplicate pair(s), 35 never retrieved." in linted and "never cited by a draft" in linted
    assert "`reset-password`" not in linted.split("never cited by a draft")[1]
    assert "1 post(s)" in gaps and "hiring" in gaps


def test_slash_lint_names_a_section_too_long_for_a_post(slack: SlackHarness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same finding as `kb lint`: a section longer than a post is said in part, one whose first
    sentence is longer is never said."""
    folder = tmp_path / "kb"
    folder.mkdir()
    sentence = "A slight chlorine taste or smell is normal, and keeping a jug of water in the fridge makes it fade. "
    (folder / "taste.md").write_text('---\ntitle: Taste\nreply: "Run the cold tap for 20 minutes."\n---\n## Taste and smell\n' + sentence * 3 + "\n")
    (folder / "long.md").write_text('---\ntitle: Long\nreply: "Call us any time."\n---\n## Endless\n' + "and on " * 60 + "it goes.\n")
    monkeypatch.setattr(slack.services.knowledge, "folder", folder)
    linted = slack.answer("kb lint")
    assert "1 section(s) no draft can say" in linted
    whole, said = len((sentence * 3).strip()), len((sentence * 2).strip())
    assert f"`taste` › Taste and smell ({whole} characters): drafts say its first {said} characters" in linted
    assert "`long` › Endless" in linted and "no draft says it" in linted


def test_an_empty_knowledge_folder_still_gives_every_post_a_card(settings, tmp_path: Path) -> None:  # noqa: ANN001
    from assistant.services import build_services

    empty = tmp_path / "empty-knowledge"
    empty.mkdir()
    services = build_services(settings.model_copy(update={"knowledge_dir": empty, "index_path": tmp_path / "idx"}))
    report = services.knowledge.sync()
    assert not report.changed and services.knowledge.articles == {}
    ticket = services.store.get(services.pipeline.ingest(make_post()).ticket_id)
    assert ticket.state == "awaiting_review" and ticket.no_match and "no match" in ticket.draft.flags[0]


def test_the_benchmark_articles_are_valid_and_distinct(tmp_path: Path) -> None:
    from bench.measure import synthetic_folder

    ids = synthetic_folder(tmp_path, 40)
    loaded = load_folder(tmp_path)
    assert loaded.problems == [] and sorted(loaded.articles) == sorted(ids)
    assert len({a.content_hash for a in loaded.articles.values()}) == 40
    assert all(len(a.chunks()) == 5 for a in loaded.articles.values())


def test_a_file_that_breaks_while_the_bot_runs_is_said_with_its_path_and_reason_and_so_is_its_fix(tmp_path: Path, caplog: Any) -> None:
    folder = tmp_path / "knowledge"
    write(folder, "reset.md", GOOD.format(id="reset-password", title="Reset your password", reply="Tap Forgot password.", details="x"))
    write(folder, "old.md", "---\ntitle: Old\n---\n")  # broken before the bot started: said on the first look
    knowledge = Knowledge(folder, KnowledgeIndex(tmp_path / "index"), Thresholds(0.0, 0.0))
    told: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch_folder, args=(folder, knowledge.sync, stop, 0.05, told.append), daemon=True)
    watcher.start()
    try:
        wait_until(lambda: told)
        assert told == ["Knowledge folder:\n• skipped old.md:1: reply is missing or not text (a complete answer of at most 230 characters)"]
        write(folder, "reset.md", "---\nid: reset-password\ntitle: Reset your password\nreply: [oops\n---\n")  # an editor's slip
        wait_until(lambda: len(told) == 2)
        assert told[1].startswith("Knowledge folder:\n• skipped reset.md:5: front matter is not valid YAML"), told[1]
        assert "reset-password" not in knowledge.articles, "skipped, and the editor is told which file and why"
        write(folder, "reset.md", GOOD.format(id="reset-password", title="Reset your password", reply="Tap Forgot password.", details="x"))
        wait_until(lambda: len(told) == 3)
        assert told[2].startswith("Knowledge folder:\n• fixed: reset.md:5:") and "reset-password" in knowledge.articles
        # An edit that changes nothing about the broken files says nothing.
        write(folder, "reset.md", GOOD.format(id="reset-password", title="Reset your password", reply="Tap Forgot password now.", details="x"))
        wait_until(lambda: knowledge.articles["reset-password"].reply == "Tap Forgot password now.")
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert len(told) == 3
    assert "knowledge: skipped reset.md:5: front matter is not valid YAML" in caplog.text


def test_only_new_and_fixed_problems_are_news() -> None:
    from assistant.kb.health import problem_news

    assert problem_news(None, set()) == [] and problem_news({"a.md:1: x"}, {"a.md:1: x"}) == []
    assert problem_news(None, {"b.md:2: y", "a.md:1: x"}) == ["skipped a.md:1: x", "skipped b.md:2: y"]
    assert problem_news({"a.md:1: x"}, {"a.md:3: z"}) == ["skipped a.md:3: z", "fixed: a.md:1: x"]
