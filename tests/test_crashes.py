"""Crashes lose nothing and post nothing twice: kill -9 at random moments (bounded trials) while
posts arrive, while replies and DMs go out, and while the knowledge index syncs; writers that raise
anything at all; races between agents working from out-of-date cards."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.errors import InvalidReply, TicketChanged
from assistant.publish import PublishResult
from assistant.services import Services, build_services
from assistant.store import TicketState
from tests.conftest import REPO, Clock, make_post, make_settings, outbox_lines

TRIALS = int(os.environ.get("CRASH_TRIALS", "2"))  # CRASH_TRIALS=20 for a longer hunt


def child_env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "DATA_DIR": str(settings.data_dir),
        "INDEX_PATH": str(settings.index_dir),
        "KNOWLEDGE_DIR": str(settings.knowledge_dir),
        "PROMPTS_DIR": str(settings.prompts_dir),
        "DRAFT_LEASE_SECONDS": "0.5",
        "PYTHONPATH": str(REPO),
    }


def run_and_kill(settings: Settings, mode: str, *args: str, window: float, rng: random.Random, started: Callable[[], bool] | None = None) -> bool:
    """Start the child, wait for it to be set up (and, with `started`, for its work to have begun:
    on a loaded machine a fixed window can otherwise pass before it does anything), then kill -9 it
    at a random moment within `window` seconds. True when it was killed before it finished."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", mode, *args], cwd=REPO, env=child_env(settings), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", (line, child.stderr.read() if child.stderr else "")
    deadline = time.monotonic() + 120
    while started is not None and not started() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, window))
    killed = child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    return killed


def test_kill_9_while_posts_arrive_leaves_exactly_one_ticket_per_post(settings: Settings, tmp_path: Path) -> None:
    rng = random.Random(8)
    posts = tmp_path / "posts.jsonl"
    texts = ["where is my order? placed monday", "how do I reset my password", "you charged my card twice!!", "kettle won't boil", "cancel nimbus plus"]
    posts.write_text("".join(json.dumps({"id": str(n), "author": f"c{n}", "text": f"{texts[n % 5]} #{n}"}) + "\n" for n in range(40)))
    build_services(settings).knowledge.sync()  # the index the children share
    kills = sum(run_and_kill(settings, "ingest", str(posts), window=1.2, rng=rng) for _ in range(TRIALS))
    assert kills >= 1, "at least one trial was cut off mid-way"
    # The killed workers' drafting leases (0.5 s) have run out by this process's clock, a second ahead.
    services = build_services(settings.model_copy(update={"draft_lease_seconds": 0.5}), clock=lambda: datetime.now(UTC) + timedelta(seconds=1))
    services.knowledge.sync()
    from assistant.sources.replay import replay

    report = replay(posts, services.pipeline)  # the next replay finishes what was cut off
    tickets = services.store.list()
    ids = Counter(t.post.external_id for t in tickets)
    assert set(ids) == {str(n) for n in range(40)} and set(ids.values()) == {1}, "every post has exactly one ticket"
    assert report.posts == 40 and report.new_tickets + report.duplicates == 40 and not report.problems
    assert all(t.state == TicketState.AWAITING_REVIEW for t in tickets), Counter(t.state for t in tickets)
    for ticket in tickets:
        kinds = Counter(e.kind for e in services.store.get(ticket.id).events)
        assert kinds["received"] == 1 and kinds["ready"] == 1 and kinds["drafted"] == 1, (ticket.id, kinds)


def test_kill_9_while_sending_never_sends_twice_and_marks_what_was_cut_off(settings: Settings) -> None:
    rng = random.Random(9)
    services = build_services(settings)
    services.knowledge.sync()
    texts = ["you charged my card twice for one kettle!!", "how do I reset my password", "where is my refund, returned it 2 weeks ago"]
    for n in range(30):
        services.pipeline.ingest(make_post(str(n), f"{texts[n % 3]} ({n})", author=f"c{n}", author_id=f"70{n}"))
    with_dm = {t.id for t in services.store.list() if t.draft and t.draft.dm_text}
    assert with_dm, "some answers go by DM"
    services.store.close()
    kills = 0
    outbox = settings.data_dir / "outbox.jsonl"
    for _ in range(TRIALS * 2):  # a cheap child (no model): more trials
        before = len(outbox.read_text().splitlines()) if outbox.exists() else 0
        grew = lambda: outbox.exists() and len(outbox.read_text().splitlines()) > before  # noqa: E731 - the kill lands while it sends
        kills += run_and_kill(settings, "publish", window=1.5, rng=rng, started=grew)
        after = build_services(settings)
        after.resume()  # what a restart does: mark what was cut off, send DMs queued behind sent replies
        after.store.close()
    assert kills >= 1
    services = build_services(settings)
    lines = outbox_lines(services)
    sent = Counter((line["ticket_id"], line["kind"]) for line in lines)
    assert sent and max(sent.values()) == 1, f"sent twice: {[key for key, n in sent.items() if n > 1]}"
    for ticket in services.store.list():
        reply, dm = ticket.publication, ticket.dm
        if reply is None:
            assert ticket.state == TicketState.AWAITING_REVIEW
            continue
        assert reply.status in ("dry_run", "uncertain"), reply.status
        if reply.status == "dry_run":
            assert ticket.state == TicketState.SENT and sent[(ticket.id, "reply")] == 1, "a reply recorded as sent went out"
        else:
            assert ticket.state == TicketState.SEND_FAILED, "a cut-off reply is marked, never retried blindly"
        if ticket.id in with_dm:
            assert dm is not None
            if dm.status == "dry_run":
                assert sent[(ticket.id, "dm")] == 1
            else:
                assert dm.status in ("uncertain", "queued"), dm.status
                assert dm.status != "queued" or reply.status != "dry_run", "a DM queued behind a sent reply is sent on restart"


def test_kill_9_during_a_knowledge_sync_is_repaired_by_the_next_one(tmp_path: Path, shared_index: Path) -> None:
    rng = random.Random(10)
    folder = tmp_path / "knowledge"
    shutil.copytree(REPO / "knowledge", folder)
    settings = make_settings(tmp_path, knowledge_dir=folder, index_path=tmp_path / "index")
    services = build_services(settings)
    services.knowledge.sync()
    for trial in range(TRIALS):  # each trial re-embeds the whole folder
        for path in folder.rglob("*.md"):
            path.write_text(path.read_text() + f"\n## Note {trial}\nChecked in review {trial}.\n")
        run_and_kill(settings, "sync", window=2.0, rng=rng)
    services = build_services(settings)
    services.knowledge.sync()
    articles = services.knowledge.articles
    got = services.knowledge.index.collection.get(include=["metadatas"])
    chunks = Counter(meta["article_id"] for meta in got["metadatas"])
    assert chunks == {article.id: len(article.chunks()) for article in articles.values()}, "every article whole, once"
    assert services.knowledge.index.indexed_hashes() == {article.id: article.content_hash for article in articles.values()}
    assert not services.knowledge.sync().changed


def test_a_sync_that_stops_before_writing_its_hashes_is_redone(tmp_path: Path) -> None:
    from assistant.kb import Knowledge
    from assistant.kb.evidence import Thresholds
    from assistant.kb.index import KnowledgeIndex

    folder = tmp_path / "kb"
    shutil.copytree(REPO / "knowledge" / "account", folder)
    knowledge = Knowledge(folder, KnowledgeIndex(tmp_path / "index"), Thresholds(0.0, 0.0))
    collection = knowledge.index.collection
    original = collection.update

    def crash(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt("killed while writing hashes")

    collection.update = crash  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        knowledge.sync()
    collection.update = original  # type: ignore[method-assign]
    assert set(knowledge.index.indexed_hashes().values()) == {""}, "chunks without hashes read as unfinished"
    report = knowledge.sync()
    assert sorted(report.updated) == sorted(knowledge.articles) and not report.added
    assert knowledge.index.indexed_hashes() == {a.id: a.content_hash for a in knowledge.articles.values()}
    assert len(collection.get()["ids"]) == sum(len(a.chunks()) for a in knowledge.articles.values())


class ExplodingWriter:
    """A platform writer with a bug: whatever it raises, the ticket must end in a defined state."""

    name, dry_run = "exploding", False

    def __init__(self, reply_error: BaseException | None, dm_error: BaseException | None = None):
        self.reply_error, self.dm_error = reply_error, dm_error

    def publish(self, **kwargs: Any) -> PublishResult:
        if self.reply_error:
            raise self.reply_error
        return PublishResult("posted", "1", "posted")

    def send_dm(self, **kwargs: Any) -> PublishResult:
        if self.dm_error:
            raise self.dm_error
        return PublishResult("posted", "2", "DM sent")


@pytest.mark.parametrize("error", [TypeError("bad arg"), KeyError("id"), ConnectionResetError(104, "reset"), RuntimeError("boom"), ValueError("nope")])
def test_any_exception_from_a_writer_leaves_a_defined_state_and_the_truth(services: Services, error: Exception) -> None:
    services.publishers.live["x"] = ExplodingWriter(error)  # type: ignore[assignment]
    ticket_id = services.pipeline.ingest(make_post()).ticket_id
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SEND_FAILED and outcome.ticket.publication.status == "uncertain"
    assert "Not sent for certain" in outcome.message and type(error).__name__ in outcome.message
    with pytest.raises(InvalidReply, match="check the platform"):
        services.desk.approve(ticket_id, "U2")

    services.publishers.live["x"] = ExplodingWriter(None, error)  # type: ignore[assignment]
    private = services.pipeline.ingest(make_post("2", "you charged my card twice for one kettle!!", author_id="77")).ticket_id
    outcome = services.desk.approve(private, "U1")
    ticket = outcome.ticket
    assert ticket.state == TicketState.SENT and ticket.dm.status == "uncertain" and "DM may not have been sent" in outcome.message
    assert services.desk.deliver_queued_dms() == 0, "an uncertain DM is never resent blindly"


def test_approve_from_an_out_of_date_card_is_refused_with_what_changed(services: Services) -> None:
    ticket_id = services.pipeline.ingest(make_post()).ticket_id
    seen = services.store.get(ticket_id).version  # what agent 2's card shows
    services.desk.escalate(ticket_id, "U1", "needs a lead")
    services.desk.return_to_agents(ticket_id, "UMANAGER", "Do not promise a refund; offer the reset steps only")
    with pytest.raises(TicketChanged, match="this ticket changed|changed since your card") as refused:
        services.desk.approve(ticket_id, "U2", seen)
    assert "returned by UMANAGER" in str(refused.value) and "Do not promise a refund" in str(refused.value)
    assert outbox_lines(services) == []
    fresh = services.store.get(ticket_id).version
    assert services.desk.approve(ticket_id, "U2", fresh).ticket.state == TicketState.SENT


def test_an_override_or_edit_the_agent_did_not_see_blocks_their_approve(services: Services) -> None:
    ticket_id = services.pipeline.ingest(make_post()).ticket_id
    seen = services.store.get(ticket_id).version
    draft = services.store.get(ticket_id).draft
    services.store.add_draft(ticket_id, text=draft.text + " Anything else?", citations=draft.citations, drafter="agent", author="U1")
    with pytest.raises(TicketChanged, match="the reply was edited by U1"):
        services.desk.approve(ticket_id, "U2", seen)
    with pytest.raises(TicketChanged):
        services.desk.dismiss(ticket_id, "U2", "venting", seen)
    with pytest.raises(TicketChanged):
        services.desk.edit_and_send(ticket_id, "U2", "@sam_k Tap 'Forgot password' on the sign-in screen.", seen=seen)
    assert services.store.get(ticket_id).state == TicketState.AWAITING_REVIEW and outbox_lines(services) == []


def test_an_edit_claims_the_send_with_its_text_so_a_concurrent_approve_cannot_post_it(services: Services) -> None:
    """Two agents at once: one edits, one approves the old draft. Exactly one reply goes out, and it
    is the text its sender saw; the edited text is never posted under the other agent's approval."""
    import threading

    for round_ in range(12):
        ticket_id = services.pipeline.ingest(make_post(f"race-{round_}")).ticket_id
        seen = services.store.get(ticket_id).version
        original = services.store.get(ticket_id).draft.text
        edited = f"@sam_k Tap 'Forgot password' on the sign-in screen; the link lasts an hour. ({round_})"
        results: dict[str, Any] = {}

        def approve() -> None:
            try:
                results["approve"] = services.desk.approve(ticket_id, "UAPPROVER", seen)
            except Exception as exc:  # noqa: BLE001
                results["approve"] = exc

        def edit() -> None:
            try:
                results["edit"] = services.desk.edit_and_send(ticket_id, "UEDITOR", edited, seen=seen)
            except Exception as exc:  # noqa: BLE001
                results["edit"] = exc

        threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        posted = [line for line in outbox_lines(services) if line["ticket_id"] == ticket_id]
        assert len(posted) == 1, results
        ticket = services.store.get(ticket_id)
        approved = [e for e in ticket.events if e.kind == "approved"]
        assert len(approved) == 1
        expected = edited if approved[0].actor == "UEDITOR" else original
        assert posted[0]["text"] == expected == ticket.publication.text, "what was posted is what its approver saw"


class BrokenDrafter:
    """A drafter with a bug on one kind of post: the feed must go on and the ticket be tried again."""

    name = "broken"

    def __init__(self, inner: Any):
        self.inner, self.broken = inner, True

    def draft(self, post: Any, triage: Any, grounding: Any, history: Any = None) -> Any:
        if self.broken and "kettle" in post.text:
            raise ZeroDivisionError("a bug in the drafter")
        return self.inner.draft(post, triage, grounding, history)


@pytest.mark.parametrize("instant", [True, False], ids=["decided-first", "stored-first"])
def test_a_drafting_failure_never_stops_the_feed_and_is_retried_later(settings: Settings, tmp_path: Path, instant: bool) -> None:
    from assistant.sources.replay import replay

    clock = Clock(datetime.now(UTC))
    services = build_services(settings.model_copy(update={"draft_lease_seconds": 60}), clock=clock)
    services.knowledge.sync()
    services.pipeline.drafter = drafter = BrokenDrafter(services.drafter)
    drafter.instant = instant  # decided before storing (the offline drafter's way) or stored first (a model's)
    path = tmp_path / "posts.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": str(n), "text": text}) + "\n"
            for n, text in enumerate(["my kettle won't boil", "how do I reset my password", "where is my order"])
        )
    )
    report = replay(path, services.pipeline)
    assert report.new_tickets == 3
    states = {t.post.external_id: t.state for t in services.store.list()}
    assert states == {"0": TicketState.NEW, "1": TicketState.AWAITING_REVIEW, "2": TicketState.AWAITING_REVIEW}
    failed = [e for e in services.store.get(services.store.list(states=[TicketState.NEW])[0].id).events if e.kind == "draft_failed"]
    assert failed and "ZeroDivisionError" in failed[0].note
    drafter.broken = False
    assert services.pipeline.draft_pending() == 0, "the failed attempt's lease still holds it"
    clock.now += timedelta(seconds=61)
    assert services.pipeline.draft_pending() == 1, "the next poll or replay drafts it, once the lease ran out"
    assert {t.state for t in services.store.list()} == {TicketState.AWAITING_REVIEW}
