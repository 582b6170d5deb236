"""`kb diff`: an edit's effect on past posts and labelled cases before it is live."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.kb.impact import NO_ARTICLE, Case, compare
from assistant.services import Services
from tests.conftest import REPO, make_post
from tests.test_cli import run_cli

PASSWORD = "I forgot my password and the reset email never arrives"
ORDER = "where is my order NH-48213? it was due monday"


def _edited(tmp_path: Path) -> Path:
    """A copy of the bundled folder with the password article (and its translations) removed."""
    edited = tmp_path / "edited"
    shutil.copytree(REPO / "knowledge", edited)
    for path in (edited / "account").glob("reset-password*.md"):
        path.unlink()
    return edited


def test_removing_an_article_shows_which_posts_and_cases_it_would_break(services: Services, tmp_path: Path) -> None:
    ticket_id = services.pipeline.ingest(make_post("d1", PASSWORD)).ticket_id
    services.pipeline.ingest(make_post("d2", ORDER, author="bob"))
    cases = [
        *(Case(f"ticket #{t.id}", t.post.text, None, t.intent or "question") for t in services.store.list()),
        Case("sample 1", "how do I reset my password? the app won't let me in", ("reset-password",)),
        Case("sample 2", ORDER, ("order-status",)),
    ]
    impact = compare(services.settings, services.settings.knowledge_dir, _edited(tmp_path), cases)
    by_source = {change.case.source: change for change in impact.changes}
    assert set(by_source) == {f"ticket #{ticket_id}", "sample 1"}, [c.line() for c in impact.changes]
    assert by_source["sample 1"].verdict == "broken" and by_source["sample 1"].before == "reset-password"
    assert by_source[f"ticket #{ticket_id}"].after != "reset-password"
    assert impact.changes[0].verdict == "broken", "the broken ones first"

    same = compare(services.settings, services.settings.knowledge_dir, REPO / "knowledge", cases)
    assert same.changes == [] and same.cases == 4


def test_kb_diff_on_the_command_line_says_what_changes_and_reads_only(services: Services, tmp_path: Path) -> None:
    services.pipeline.ingest(make_post("d3", PASSWORD))
    edited = _edited(tmp_path)
    (edited / "orders" / "broken.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    env = {"DATA_DIR": str(services.settings.data_dir)}
    index_before = sorted(p.name for p in services.settings.index_dir.rglob("*"))
    result = run_cli("kb", "diff", str(edited), "--no-samples", "--json", env=env)
    assert result.returncode == 0, result.stderr
    impact = json.loads(result.stdout)
    assert impact["cases"] == 1 and impact["changed"] == 1 and impact["changes"][0]["before"] == "reset-password"
    assert impact["changes"][0]["after"] in (NO_ARTICLE,) or impact["changes"][0]["after"] != "reset-password"
    assert any("broken.md" in problem for problem in impact["problems"]), "the edited folder's broken file is named"
    assert sorted(p.name for p in services.settings.index_dir.rglob("*")) == index_before, "the live index is not touched"
    missing = run_cli("kb", "diff", str(tmp_path / "nope"), env=env)
    assert missing.returncode != 0 and "is not a folder" in missing.stderr
