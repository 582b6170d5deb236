"""The desk teaches the no-match decision: each agent action is a label, `kb learn` relearns on
them and keeps the new decision only when it is not worse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant import learning
from assistant.metrics import EDITED_UP_TO
from assistant.sources.replay import sample_posts_path
from assistant.store.stats import DeskTicket
from tests.conftest import make_post
from tests.test_cli import run_cli

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def _ticket(action: str, drafted: str = "", sent: str = "", note: str = "", cited: tuple[str, ...] = ("a",), no_match: bool = False) -> DeskTicket:
    return DeskTicket(1, "post", no_match, "question", drafted, cited if drafted else (), action, sent, note, "U1", NOW)


@given(st.integers(min_value=0, max_value=100))
def test_an_edit_is_a_label_for_the_article_up_to_the_edit_limit_and_a_rewrite_is_not(changed: int) -> None:
    drafted = "x" * 100
    sent = "y" * changed + "x" * (100 - changed)
    found = learning.label(_ticket("approved", drafted, sent))
    if changed == 0:
        assert (found.kind, found.expected) == ("as_drafted", ("a",))
    elif changed <= EDITED_UP_TO * 100:
        assert (found.kind, found.expected) == ("edited", ("a",)) and found.edited_share == changed / 100
    else:
        assert (found.kind, found.expected) == ("rewritten", ())


@pytest.mark.parametrize(
    "reason", ["No article fits", "the article doesn't fit", "wrong article", "no-fit", "No answer in the help centre", "didn't fit at all"]
)
def test_a_dismissal_that_says_no_article_fits_is_a_no_article_label(reason: str) -> None:
    assert learning.label(_ticket("dismissed", note=reason)).expected == ()


@pytest.mark.parametrize(("action", "note"), [("dismissed", "spam"), ("dismissed", "no reply needed"), ("escalated", "angry VIP")])
def test_escalations_and_other_dismissals_are_counted_but_are_no_label(action: str, note: str) -> None:
    assert learning.label(_ticket(action, note=note)).expected is None


def test_an_agent_answering_in_their_own_words_where_no_article_was_found_is_a_no_article_label() -> None:
    assert learning.label(_ticket("approved", sent="our own words", no_match=True)).expected == ()
    assert learning.label(_ticket("approved", drafted="a draft without an article", sent="our own words", cited=())).expected == ()


def _folder() -> dict[str, Any]:
    from assistant.kb.folder import load_folder
    from tests.conftest import REPO

    return load_folder(REPO / "knowledge").articles


@pytest.mark.parametrize("language", ["", "es", "pt"])
def test_a_reply_carrying_another_articles_link_or_reply_is_a_label_for_that_article(language: str) -> None:
    articles = _folder()
    other = articles["refund-timeline"].in_language(language) if language else articles["refund-timeline"]
    assert other is not None
    drafted = "Hi @sam! Tap Forgot password on the sign-in screen and we'll email a reset link."
    for sent in (f"Hi @sam, this one explains it: {other.url}", f"@sam {other.reply} Anything else, just ask.", f"@SAM  {other.reply.upper()}"):
        found = learning.label(_ticket("approved", drafted, sent, cited=("reset-password",)), articles)
        assert (found.kind, found.expected) == ("other_article", ("refund-timeline",)), sent
        # The agent's own reply where no article was found counts too.
        assert learning.label(_ticket("approved", sent=sent, no_match=True), articles).expected == ("refund-timeline",)
    # Without the folder, or quoting the cited article itself, or under QUOTED_REPLY characters of a reply, it is as before.
    rewrite = f"@sam {other.reply}"
    assert learning.label(_ticket("approved", drafted, rewrite, cited=("reset-password",))).kind == "rewritten"
    own = articles["reset-password"]
    assert (
        learning.label(_ticket("approved", drafted, f"Here: {own.url} and that is all there is to it, really", cited=("reset-password",)), articles).kind
        == "rewritten"
    )
    assert (
        learning.label(_ticket("approved", drafted, "@sam " + other.reply[: learning.QUOTED_REPLY - 1], cited=("reset-password",)), articles).kind
        == "rewritten"
    )


def test_a_small_edit_that_adds_a_link_still_counts_for_the_cited_article() -> None:
    articles = _folder()
    drafted = articles["reset-password"].reply + " " + articles["reset-password"].url
    sent = drafted + " " + articles["change-email"].url  # at most half the characters changed
    found = learning.label(_ticket("approved", drafted, sent, cited=("reset-password",)), articles)
    assert (found.kind, found.expected) == ("edited", ("reset-password",))


SCORES = {"no_match_correct": 0.6, "false_no_match": 0.05, "no_match_accuracy": 0.8}


@pytest.mark.parametrize(
    ("after", "kept"),
    [
        ({"no_match_correct": 0.7, "false_no_match": 0.05, "no_match_accuracy": 0.83}, True),
        ({"no_match_correct": 0.6, "false_no_match": 0.06, "no_match_accuracy": 0.8}, True),  # at the limit
        ({"no_match_correct": 0.9, "false_no_match": 0.0601, "no_match_accuracy": 0.9}, False),  # loses more answerable posts
        ({"no_match_correct": 0.6, "false_no_match": 0.05, "no_match_accuracy": 0.7899}, False),  # less accurate
    ],
)
def test_a_relearned_decision_is_kept_only_when_it_is_not_worse(after: dict[str, float], kept: bool) -> None:
    assert learning.verdict(SCORES, after)[0] is kept


def test_the_desk_labels_relearn_the_decision_and_every_attempt_is_logged(services: Any) -> None:
    posts = [json.loads(line) for line in sample_posts_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    answerable = [p for p in posts if p["expected"]][:16]
    unanswerable = [p for p in posts if not p["expected"]][:12]
    desk, store = services.desk, services.store
    done: dict[str, int] = {}
    for number, post in enumerate(answerable + unanswerable):
        ticket = store.get(services.pipeline.ingest(make_post(f"desk-{number}", post["text"])).ticket_id)
        if ticket.state != "awaiting_review":
            continue
        cited = [c["article_id"] for c in ticket.draft.citations] if ticket.draft and ticket.draft.text else []
        if post["expected"] and cited and cited[0] in post["expected"] and not ticket.draft.blocked:
            if number % 2:
                desk.approve(ticket.id, "UAGENT1")
                done["as_drafted"] = done.get("as_drafted", 0) + 1
            else:
                desk.edit_and_send(ticket.id, "UAGENT1", ticket.draft.text.replace("@", "@ ", 1).rstrip(".") + " Thanks!")
                done["edited"] = done.get("edited", 0) + 1
        elif not post["expected"]:
            desk.dismiss(ticket.id, "UAGENT2", "No article fits")
            done["no_fit"] = done.get("no_fit", 0) + 1
    found = learning.labels(store)
    counts = learning.summary(found)
    assert counts["by_action"] == done and counts["labels"] == sum(done.values())
    assert counts["answerable"] == done["as_drafted"] + done["edited"] >= 5 and counts["no_article"] == done["no_fit"] >= 5

    too_few = learning.relearn(services.settings, services.knowledge.index, services.settings.knowledge_dir, found[:4])
    assert not too_few["kept"] and too_few["reason"].startswith("too few labels")
    tried = learning.relearn(services.settings, services.knowledge.index, services.settings.knowledge_dir, found, save=False)
    assert set(tried) >= {"before", "after", "kept", "reason"} and "saved" not in tried
    log = learning.history(services.settings.data_dir)
    assert [entry["labels"] for entry in log] == [4, counts["labels"]] and log[-1]["reason"] == tried["reason"]
    report = run_cli("report", "--json", env={"DATA_DIR": str(services.settings.data_dir)})
    assert report.returncode == 0, report.stderr
    desk_learning = json.loads(report.stdout)["desk_learning"]
    assert desk_learning["labels"] == counts["labels"] and desk_learning["last_relearning"]["reason"] == tried["reason"]


def test_kb_eval_from_the_desk_says_when_there_is_nothing_to_learn_from(tmp_path: Path) -> None:
    assert run_cli("db", "upgrade", env={"DATA_DIR": str(tmp_path)}).returncode == 0
    result = run_cli("kb", "eval", "--from-desk", env={"DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "No desk labels yet (0 agent actions" in result.stderr
