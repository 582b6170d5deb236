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
    # From now on this installation uses what it learned, and says so; the unchanged folder is not
    # re-indexed. (On every third sample post: the table and the JSON of one smaller set.)
    lines = [line for line in sample_posts_path().read_text(encoding="utf-8").splitlines() if line.strip()][::3]
    (tmp_path / "third.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()  # in this process: the same command, without a second and third start-up
    table = runner.invoke(app, ["kb", "eval", "--cases", str(tmp_path / "third.jsonl")], env={**env, "COLUMNS": "200"})
    shown = " ".join(table.stdout.split())
    assert table.exit_code == 0 and "learned by `kb eval --save`" in shown and "index reused" in shown, table.output
    small = json.loads(runner.invoke(app, ["kb", "eval", "--json", "--cases", str(tmp_path / "third.jsonl")], env=env).stdout)["results"][0]
    assert f"{len(lines)} cases" in shown and f"hybrid │ {small['hit_at_1']:.3f} │ {small['hit_at_3']:.3f}" in shown, "the same figures as the JSON"
