"""The evaluation commands as a user runs them (kept apart from test_cli so the two slowest
command-line tests run on the other worker)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO
from tests.test_cli import run_cli


def test_kb_eval_reports_hybrid_beside_both_baselines_in_sample_and_cross_validated(tmp_path: Path) -> None:
    from assistant.kb.decision import calibration_path, load_learned
    from assistant.sources.replay import sample_posts_path

    env = {"DATA_DIR": str(tmp_path)}
    # Two runs, as a user makes them: learn and save, then read the table with what was saved.
    cli = run_cli("kb", "eval", "--json", "--save", env=env)
    assert cli.returncode == 0, cli.stderr
    report = json.loads(cli.stdout)
    assert [row["mode"] for row in report["results"]] == ["hybrid", "dense", "lexical"]
    assert report["cases"] >= 200 and report["unanswerable"] >= 30 and not report["index_reused"]
    hybrid, dense, lexical = report["results"]
    assert hybrid["hit_at_1"] >= 0.85 and hybrid["hit_at_3"] >= 0.95
    assert hybrid["mrr"] > max(dense["mrr"], lexical["mrr"])
    # Every decision carries both figures; held out, the learned decision meets the loss target and
    # beats the thresholds on the no-fit posts.
    decisions = report["decisions"]
    for row in report["results"]:
        assert set(row["cross_validated"]) == {"no_match_correct", "false_no_match", "no_match_accuracy"}
    learned = decisions["learned"]
    assert set(learned) >= {"in_sample", "cross_validated"} and report["extra_training_sets"] == ["brightline"]
    assert learned["cross_validated"]["false_no_match"] <= 0.05
    assert learned["cross_validated"]["no_match_correct"] > hybrid["cross_validated"]["no_match_correct"] + 0.15
    assert decisions["installed"]["source"].startswith("the shipped decision"), "decided before this run's --save"
    saved = load_learned(calibration_path(tmp_path, REPO / "knowledge", "minilm"))
    assert saved is not None and report["saved"] == str(calibration_path(tmp_path, REPO / "knowledge", "minilm"))
    assert saved.trained_on["cases"] == str(sample_posts_path()) and saved.trained_on["extra_sets"] == ["brightline"]
    # From now on this installation uses what it learned, and says so; the unchanged folder is not re-indexed.
    table = run_cli("kb", "eval", env=env)
    shown = " ".join(table.stdout.split())
    assert table.returncode == 0 and "learned by `kb eval --save`" in shown and "index reused" in shown
    assert f"hybrid │ {hybrid['hit_at_1']:.3f} │ {hybrid['hit_at_3']:.3f}" in shown, "the same figures as the JSON"


def test_draft_eval_meets_its_targets_with_the_offline_drafter(tmp_path: Path) -> None:
    from assistant.sources.replay import sample_posts_path

    # The first 62 attacks here; tests/test_injection.py runs all of them, check by check.
    first = [line for line in (sample_posts_path().parent / "hostile.jsonl").read_text(encoding="utf-8").splitlines() if '"class": "original"' in line]
    (tmp_path / "hostile.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    # One attack draft of each of three classes here; tests/test_allowlist.py runs the whole corpus.
    attacks = [line for line in (sample_posts_path().parent / "attacks.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = {json.loads(line)["class"]: line for line in attacks if json.loads(line)["class"] in ("number", "secret", "unsupported-advice")}
    (tmp_path / "attacks.jsonl").write_text("\n".join(chosen.values()) + "\n", encoding="utf-8")
    result = run_cli(
        "draft-eval", "--json", "--hostile", str(tmp_path / "hostile.jsonl"), "--attacks", str(tmp_path / "attacks.jsonl"), env={"DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["drafter"] == "offline" and report["hostile"] == 62 and report["obeying_drafts"] == 62
    assert sorted(report["attack_classes"]) == ["number", "secret", "unsupported-advice"] and report["attack_blocked"] == report["attack_drafts"] == 3
    assert report["targets"] == {name: True for name in report["targets"]}, report
    assert report["citation_accuracy"] >= report["retrieval_hit_at_1"]
    # The bundled posts asking two things (two_questions.jsonl beside the sample posts).
    assert report["two_question_posts"] == 13 and report["one_question_posts"] == 170
    assert report["every_question_answered"] + report["one_question_answered"] == 1.0
