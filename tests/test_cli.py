"""The command line as a new user meets it: fast help, the demo end to end, JSON for scripts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=300)


def test_help_does_not_import_heavy_libraries() -> None:
    code = "import sys; from assistant.cli import app; print(sorted(m for m in ('torch', 'chromadb', 'langchain_core', 'tweepy', 'slack_bolt', 'mastodon', 'atproto') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert loaded.stdout.strip() == "[]"
    result = run_cli("--help")
    assert result.returncode == 0 and "demo" in result.stdout and "kb" in result.stdout


def test_every_command_has_help() -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()  # in this process: `--help` through a subprocess is covered above
    for command in (
        ["demo"],
        ["run"],
        ["replay"],
        ["tickets"],
        ["ticket"],
        ["stats"],
        ["draft-eval"],
        ["check"],
        ["kb", "sync"],
        ["kb", "search"],
        ["kb", "lint"],
        ["kb", "eval"],
        ["kb", "gaps"],
        ["db", "upgrade"],
        ["db", "current"],
        ["db", "history"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_demo_without_input_drafts_the_sample_posts(tmp_path: Path, built_index: Path) -> None:
    # The session's index of the same folder, copied where the demo keeps its own: a first sync's
    # embedding is tests/test_knowledge.py's; this test is the demo's flow.
    shutil.copytree(built_index, tmp_path / "demo" / "index")
    result = run_cli("demo", "--no-input", "--json", env={"DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["tickets"] >= 100 and summary["new_this_run"] == summary["tickets"]
    assert summary["drafted"] >= 80 and 10 <= summary["no_match"] <= 30
    assert summary["by_state"] == {"awaiting_review": summary["tickets"]}, "nothing is sent without a person"
    assert summary["conversations"] >= 20 and summary["messages_joined"] >= 20, "the samples' conversations join their tickets"
    assert summary["knowledge"]["problems"] == [] and summary["knowledge"]["chunks_embedded"] == 0, "the copied index is in step"
    from assistant.platforms import declared

    assert set(declared()) <= summary["by_platform"].keys(), "a sample post from every network we declare"
    assert "trustpilot" in summary["by_platform"], "and from a network nobody declared (through the webhook)"
    from typer.testing import CliRunner

    from assistant.cli import app

    # The second run in this process (its start-up is the run above): the same command's answer.
    second = CliRunner().invoke(app, ["demo", "--no-input", "--json"], env={"DATA_DIR": str(tmp_path)})
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert again["new_this_run"] == 0 and again["tickets"] == summary["tickets"]
    assert again["knowledge"]["chunks_embedded"] == 0, "an unchanged folder is not re-embedded"


def test_run_names_the_missing_settings(tmp_path: Path) -> None:
    env = {key: "" for key in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_INBOX_CHANNEL", "SLACK_ESCALATION_CHANNEL")}
    result = run_cli("run", env={**env, "DATA_DIR": str(tmp_path)}, cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "SLACK_INBOX_CHANNEL" in result.stderr and "Traceback" not in result.stderr


def test_kb_lint_reports_problems_with_path_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "ok.md").write_text('---\ntitle: OK\nreply: "Fine."\n---\nBody\n')
    (folder / "bad.md").write_text("---\ntitle: Bad\n---\n")
    result = run_cli("kb", "lint", "--json", env={"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["problems"] == ["bad.md:1: reply is missing or not text (a complete answer of at most 230 characters)"]
    assert report["articles"] == 1 and report["never_retrieved"] is None, "no traffic yet: nothing is called unused"
    from typer.testing import CliRunner

    from assistant.cli import app

    # The same command's words for a person, in this process (its start-up is the call above).
    said = CliRunner().invoke(app, ["kb", "lint"], env={"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data")})
    assert said.exit_code == 1 and "no traffic yet" in said.stdout


def test_kb_lint_tells_the_editor_which_sections_a_draft_says_only_in_part_or_never(tmp_path: Path) -> None:
    """A section longer than a post is said by its leading whole sentences; one whose first sentence
    is longer is never said. The editor hears of both; only the second fails `--strict`."""
    from typer.testing import CliRunner

    from assistant.cli import app

    folder = tmp_path / "kb"
    folder.mkdir()
    sentence = "A slight chlorine taste or smell is normal, and keeping a jug of water in the fridge makes it fade. "
    endless = "This sentence " + "goes on and on " * 20 + "without a stop."
    head = '---\ntitle: Taste\nreply: "Run the cold tap for 20 minutes."\n---\n'
    (folder / "taste.md").write_text(head + "## Taste and smell\n" + sentence * 3 + "\n")
    env = {"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data")}
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["kb", "lint", "--json"], env=env).stdout)
    assert report["long_sections"] == [{"article": "taste", "section": "Taste and smell", "characters": len(sentence * 3) - 1, "said": len(sentence * 2) - 1}]
    assert runner.invoke(app, ["kb", "lint", "--strict"], env=env).exit_code == 0
    (folder / "taste.md").write_text(head + "## Taste and smell\n" + endless + "\n")
    said = runner.invoke(app, ["kb", "lint", "--strict"], env=env)
    assert said.exit_code == 1 and "never said" in said.stdout and "Taste and smell" in said.stdout


def test_kb_lint_changes_nothing_and_finds_a_copied_article_under_another_title(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    body = "## Steps\nOpen Settings, then Account, then Password, and choose a new one of twelve letters or more.\n"
    (folder / "reset.md").write_text('---\ntitle: Reset your password\nreply: "Use Settings > Account > Password."\n---\n' + body)
    from typer.testing import CliRunner

    from assistant.cli import app

    env = {"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data")}
    runner = CliRunner()  # in this process (the test above runs lint as its own process)
    assert "1 added" in runner.invoke(app, ["kb", "sync"], env=env).output
    (folder / "copy.md").write_text('---\ntitle: Change the password of your hub\nreply: "Pick a new password in the hub app."\n---\n' + body.upper())
    report = json.loads(runner.invoke(app, ["kb", "lint", "--json"], env=env).stdout)
    assert report["near_duplicates"] == [{"a": "copy", "b": "reset", "similarity": 1.0, "why": "the same text"}], report
    # Lint read the folder, not the index: the sync after it still adds the new article.
    assert "1 added" in runner.invoke(app, ["kb", "sync"], env=env).output


def test_kb_lint_names_a_passage_every_draft_would_be_blocked_for(tmp_path: Path) -> None:
    """An article whose reply only sends the customer elsewhere: every draft from it is blocked as
    "redirect only", so the editor hears of it from lint, not an agent from a card."""
    from typer.testing import CliRunner

    from assistant.cli import app

    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "contact.md").write_text('---\ntitle: Contact us\nreply: "Email us at help@example.com with your order number."\n---\n')
    (folder / "returns.md").write_text('---\ntitle: Returns\nreply: "Returns are free within 30 days: start one from Your Orders."\n---\n')
    env = {"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data")}
    runner = CliRunner()  # in this process: lint's start-up is covered above
    result = runner.invoke(app, ["kb", "lint", "--json"], env=env)
    assert result.exit_code == 0, "a warning, as duplicates are"
    blocked = json.loads(result.stdout)["blocked_passages"]
    assert blocked == [{"article": "contact", "passage": "Email us at help@example.com with your order number.", "checks": ["redirect only"]}]
    strict = runner.invoke(app, ["kb", "lint", "--strict"], env={**env, "COLUMNS": "200"})
    assert strict.exit_code == 1 and "blocked contact" in strict.stdout and "1 passage(s) every draft would be blocked for" in strict.stdout


def test_kb_lint_names_a_line_of_the_brands_prompts_every_reply_would_be_blocked_for(tmp_path: Path) -> None:
    """An editor's follow-up line with a link no article gives: every reply made of it is blocked,
    so lint says which line of which file, in the language it was written in."""
    import shutil

    from typer.testing import CliRunner

    from assistant.cli import app

    shutil.copytree(REPO / "prompts", tmp_path / "prompts")
    spanish = tmp_path / "prompts" / "greetings.es.yaml"
    lines = spanish.read_text(encoding="utf-8").splitlines()
    changed = [
        'persists: "Lo sentimos, @{handle}. Escríbenos en https://soporte.example.net/caso para seguir."' if line.startswith("persists:") else line
        for line in lines
    ]
    spanish.write_text("\n".join(changed) + "\n", encoding="utf-8")
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "returns.md").write_text('---\ntitle: Returns\nreply: "Returns are free within 30 days: start one from Your Orders."\n---\n')
    env = {"KNOWLEDGE_DIR": str(folder), "DATA_DIR": str(tmp_path / "data"), "PROMPTS_DIR": str(tmp_path / "prompts")}
    runner = CliRunner()
    report = json.loads(runner.invoke(app, ["kb", "lint", "--json"], env=env).stdout)
    assert [(line["line"], line["checks"]) for line in report["blocked_lines"]] == [("greetings.es.yaml (persists)", ["link not from a cited article"])], report
    assert json.loads(runner.invoke(app, ["kb", "lint", "--json"], env={**env, "PROMPTS_DIR": str(REPO / "prompts")}).stdout)["blocked_lines"] == []
    strict = runner.invoke(app, ["kb", "lint", "--strict"], env={**env, "COLUMNS": "200"})
    assert strict.exit_code == 1 and "blocked greetings.es.yaml (persists)" in strict.stdout
    (tmp_path / "prompts" / "greetings.yaml").write_text("negative: [unclosed\n", encoding="utf-8")
    unreadable = runner.invoke(app, ["kb", "lint", "--json"], env=env)
    assert unreadable.exit_code == 0 and "not valid YAML" in json.loads(unreadable.stdout)["lines_not_checked"], "the articles are still linted"


def test_ticket_of_an_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    nothing = run_cli("ticket", "12345", env={"DATA_DIR": str(tmp_path)})
    assert nothing.returncode == 2 and "No ticket database at" in nothing.stderr and "`social-reply run` creates it" in nothing.stderr
    assert "demo" not in nothing.stderr, "the demo never creates this database: it is not offered"
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "assistant.db").write_bytes(b"")  # after `make demo`: its tickets are apart
    pointed = run_cli("tickets", env={"DATA_DIR": str(tmp_path), "COLUMNS": "300"})
    assert pointed.returncode == 2 and f"DATA_DIR={tmp_path / 'demo'} social-reply … reads them" in " ".join(pointed.stderr.split()), pointed.stderr
    assert not (tmp_path / "assistant.db").exists(), "a read-only command creates nothing"
    assert run_cli("db", "upgrade", env={"DATA_DIR": str(tmp_path)}).returncode == 0
    result = run_cli("ticket", "12345", env={"DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "Ticket 12345 does not exist" in result.stderr


def test_kb_sync_on_an_empty_folder_says_so_and_succeeds(tmp_path: Path) -> None:
    empty = tmp_path / "kb"
    empty.mkdir()
    result = run_cli("kb", "sync", env={"KNOWLEDGE_DIR": str(empty), "DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0
    assert "No usable articles" in result.stderr and "every post will be flagged 'no match'" in result.stderr


def test_stats_reports_the_queue_and_model_usage(tmp_path: Path) -> None:
    from assistant.store import Store
    from tests.conftest import make_post

    store = Store(f"sqlite:///{tmp_path / 'assistant.db'}")
    ticket_id, _ = store.add_post(make_post().cleaned())
    store.add_draft(
        ticket_id, text="@sam_k hi", citations=[], drafter="llm:m", usage={"model": "m", "latency_ms": 900, "prompt_tokens": 120, "completion_tokens": 40}
    )
    store.close()
    data = json.loads(run_cli("stats", "--json", env={"DATA_DIR": str(tmp_path)}).stdout)
    assert data["tickets"] == {"new": 1}
    assert data["llm"] == [{"model": "m", "drafts": 1, "prompt_tokens": 120, "completion_tokens": 40, "avg_latency_ms": 900, "max_latency_ms": 900}]


def test_check_shows_the_desks_decision_without_acting(services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from assistant.cli import app
    from tests.conftest import make_post

    ticket_id = services.pipeline.ingest(make_post(platform="mastodon", external_id="m9")).ticket_id
    env = {"DATA_DIR": str(services.settings.data_dir), "INDEX_PATH": str(services.settings.index_path)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    runner = CliRunner()  # in this process (the model is loaded already); the last call goes through a real one
    limit = services.settings.mastodon_char_limit
    fits = runner.invoke(app, ["check", str(ticket_id), "--reply", "@sam_k Tap 'Forgot password' on the sign-in screen; the link lasts an hour.", "--json"])
    assert fits.exit_code == 0, fits.output
    assert json.loads(fits.stdout)["allowed"] is True
    too_long = runner.invoke(app, ["check", str(ticket_id), "--reply", "a" * (limit + 1)])
    assert too_long.exit_code == 1 and f"{limit + 1} characters (links count 23); Mastodon allows {limit}" in " ".join(too_long.stdout.split())
    services.desk.claim(ticket_id, "UAGENT1")
    claimed = runner.invoke(app, ["check", str(ticket_id), "--action", "approve", "--actor", "UAGENT2", "--json"])
    assert claimed.exit_code == 1 and "claimed by UAGENT1" in json.loads(claimed.stdout)["errors"]["ticket"]
    assert services.store.get(ticket_id).state == "awaiting_review" and services.store.publications() == []
    unknown = run_cli("check", "999", env=env)
    assert unknown.returncode == 2 and "does not exist" in unknown.stderr


def test_bench_refuses_bad_sizes_and_sections_before_measuring_anything(tmp_path: Path) -> None:
    for args, said in (
        (["--scales", "50,lots"], "--scales: '50,lots' is not a list of article counts"),
        (["--scales", "0"], "--scales"),
        (["--only", "scale"], "--only: unknown section 'scale'"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "bench", *args, "--out", str(tmp_path / "bench.json")],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**os.environ, "DATA_DIR": str(tmp_path)},
            timeout=300,
        )
        assert result.returncode == 2, result.stderr
        assert said in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "bench.json").exists()


def test_tickets_shows_masked_placeholders_checks_the_state_and_has_limit_and_sort(services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app
    from tests.conftest import make_post

    pipeline = services.pipeline
    first = pipeline.ingest(make_post("m-1", "charged twice on card 4111 1111 1111 1111, refund please")).ticket_id
    second = pipeline.ingest(make_post("m-2", "my kettle base is smoking and smells of burning!!")).ticket_id
    third = pipeline.ingest(make_post("m-3", "love the new app update")).ticket_id
    monkeypatch.setenv("DATA_DIR", str(services.settings.data_dir))
    runner = CliRunner()
    shown = runner.invoke(app, ["tickets"])
    # Text, not a rich style tag that vanishes (the table may wrap it across lines).
    assert shown.exit_code == 0 and "[card" in shown.output and "••••1111]" in shown.output, shown.output
    unknown = runner.invoke(app, ["tickets", "--state", "open"])
    assert unknown.exit_code == 2 and "--state 'open' is not a ticket state; use one of: new, awaiting_review, sending" in " ".join(unknown.output.split())
    ids = lambda *args: [row["id"] for row in json.loads(runner.invoke(app, ["tickets", "--json", *args]).output)]  # noqa: E731
    assert ids() == [first, second, third] and ids("--sort", "newest") == [third, second, first]
    assert ids("--limit", "1") == [first] and ids("--limit", "0") == [first, second, third]
    priorities = {t.id: t.priority for t in services.store.list()}
    rank = ("urgent", "high", "normal", "low")
    assert ids("--sort", "priority") == sorted([first, second, third], key=lambda i: (rank.index(priorities[i]), i))
    assert "Showing the first 2; there are more" in runner.invoke(app, ["tickets", "--limit", "2"]).output
    assert runner.invoke(app, ["tickets", "--sort", "loudest"]).exit_code == 2


def test_the_demo_with_no_terminal_to_answer_prints_the_cards_instead_of_failing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app
    from assistant.sources.replay import sample_posts_path

    three = tmp_path / "three.jsonl"
    three.write_text("\n".join(sample_posts_path().read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", "--posts", str(three)], input="", env={"DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 0, result.output
    assert "the input is not a terminal): printing every card and a summary, as with --no-input" in " ".join(result.output.split())
    flat = " ".join(result.output.split())
    assert "Aborted" not in flat and "Summary: 3 tickets · 3 drafted" in flat and "0 sent" in flat, flat[-400:]


def test_a_slow_step_says_so_on_stderr_and_a_quick_one_says_nothing(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.cli import common

    with common.working("A quick step"):
        pass
    monkeypatch.setattr(common, "SLOW", 0.0)  # every step is slow now
    with common.working("Indexing [both] folders"):
        pass
    captured = capsys.readouterr()
    assert captured.out == "", "stdout stays the command's answer (JSON included)"
    assert "A quick step" not in captured.err and "Indexing [both] folders: done in" in captured.err
