"""The evaluation commands as a user runs them (kept apart from test_cli so the two slowest
command-line tests run on the other worker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One DATA_DIR for this file's commands: the sample folder's evaluation index is built once."""
    return tmp_path_factory.mktemp("draft-eval-data")


def test_draft_eval_meets_its_targets_with_the_offline_drafter(tmp_path: Path, data_dir: Path) -> None:
    from assistant.sources.replay import sample_posts_path

    # Every third of the 62 original attacks here; tests/test_injection.py runs all 223, check by check.
    first = [line for line in (sample_posts_path().parent / "hostile.jsonl").read_text(encoding="utf-8").splitlines() if '"class": "original"' in line][::3]
    (tmp_path / "hostile.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    # One attack draft of each of three classes here; tests/test_allowlist.py runs the whole corpus.
    attacks = [line for line in (sample_posts_path().parent / "attacks.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = {json.loads(line)["class"]: line for line in attacks if json.loads(line)["class"] in ("number", "secret", "unsupported-advice")}
    (tmp_path / "attacks.jsonl").write_text("\n".join(chosen.values()) + "\n", encoding="utf-8")
    from typer.testing import CliRunner

    from assistant.cli import app

    # In this process (the command's own answer; the models are loaded once per worker): a start-up
    # through a subprocess is covered by tests/test_cli.py.
    result = CliRunner().invoke(
        app,
        ["draft-eval", "--json", "--hostile", str(tmp_path / "hostile.jsonl"), "--attacks", str(tmp_path / "attacks.jsonl")],
        env={"DATA_DIR": str(data_dir)},
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["drafter"] == "offline" and report["hostile"] == 21 and report["obeying_drafts"] == 21
    assert sorted(report["attack_classes"]) == ["number", "secret", "unsupported-advice"] and report["attack_blocked"] == report["attack_drafts"] == 3
    assert report["targets"] == {name: True for name in report["targets"]}, report
    assert report["citation_accuracy"] >= report["retrieval_hit_at_1_cited"] > 0.9
    # The bundled posts asking two things (two_questions.jsonl beside the sample posts).
    assert report["two_question_posts"] == 14 and report["one_question_posts"] == 169
    assert report["every_question_answered"] + report["one_question_answered"] == 1.0
    # Day one on a new folder: the no-match decision learned without a single post of this set.
    new_folder = report["new_folder_no_match"]
    assert new_folder["learned_on"] == ["brightline"], new_folder
    assert 0 <= new_folder["answerable_lost"] <= 0.1 and 0 < new_folder["no_match_right"] <= 1


def test_draft_eval_sets_skip_the_real_posts_when_absent_and_refuse_an_unknown_set(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()  # in this process: the command's own answer, without a start-up
    env = {"DATA_DIR": str(tmp_path), "REALDATA_DIR": str(tmp_path / "absent")}
    result = runner.invoke(app, ["draft-eval", "--sets", "real,real-streaming", "--json"], env=env)
    assert result.exit_code == 0, result.output
    absent = {name: tmp_path / "absent" / file for name, file in (("real", "applesupport_200.csv"), ("real-streaming", "twcs_inbound_6000.csv"))}
    assert json.loads(result.stdout) == {
        "sets": {name: {"skipped": f"skipped: {path} is not present (real posts are never copied into the repository)"} for name, path in absent.items()}
    }
    unknown = runner.invoke(app, ["draft-eval", "--sets", "samples,nope"], env={"DATA_DIR": str(tmp_path)})
    assert unknown.exit_code != 0 and "unknown set nope" in unknown.output


def test_the_language_set_is_reported_per_language(services: Any, tmp_path: Path) -> None:
    from assistant.drafting.evaluate import draft_report, set_files

    files = set_files("languages", Path("."))
    assert not isinstance(files, str)
    posts = [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(posts) == 56 and {post["lang"] for post in posts} == {"de", "es", "fr", "it", "ja", "nl", "pt", "tr"}
    two_each = tmp_path / "two_each.jsonl"  # two posts of each language here; draft-eval --sets languages drafts all 56
    two_each.write_text("".join(json.dumps(post) + "\n" for post in posts if sum(p["lang"] == post["lang"] for p in posts[: posts.index(post)]) < 2))
    report = draft_report(services.pipeline, services.settings, two_each, None)
    languages = report["languages"]
    assert report["answerable"] == sum(language["posts"] for language in languages.values()) == 16
    assert sorted(languages) == ["de", "es", "fr", "it", "ja", "nl", "pt", "tr"]
    assert all(language["posts"] == 2 and language["no_match_right"] is None for language in languages.values())
    assert report["praise_misfires"] == 0 and report["one_question_posts_citing_more"] == 0


@pytest.mark.parametrize(
    ("name", "articles", "posts", "no_fit"),
    [
        ("skylark", 13, 53, 20),
        ("forkway", 14, 56, 19),
        ("ledgerly", 14, 57, 19),
        ("voltwise", 14, 59, 19),
        ("threadline", 14, 57, 19),
        ("tidewave", 14, 62, 19),
        ("parcelwing", 14, 59, 19),
        ("loopnote", 14, 55, 19),
        ("pulsefit", 14, 58, 19),
        ("northline", 14, 58, 19),
        ("keystone", 14, 56, 20),
        ("roadhop", 14, 55, 19),
        ("coursely", 14, 54, 19),
        ("harbourstay", 14, 63, 19),
        ("stagepass", 14, 56, 19),
        ("zipride", 14, 54, 19),
        ("pixelforge", 14, 57, 19),
        ("pawcare", 14, 56, 19),
        ("fibrelink", 14, 56, 19),
        ("greengate", 14, 56, 19),
        ("oakhaven", 14, 56, 19),
        ("reelhouse", 14, 56, 19),
        ("ashvale", 14, 56, 19),
        ("rivermere", 14, 56, 19),
        ("brightsmile", 14, 56, 19),
        ("wheelwright", 14, 56, 19),
        ("parksure", 14, 56, 19),
        ("shieldwell", 14, 56, 19),
        ("pillpost", 14, 56, 19),
        ("lettwell", 14, 56, 19),
        ("boxfresh", 14, 56, 19),
        ("wildmere", 14, 56, 19),
        ("brewhaus", 14, 56, 19),
        ("amperway", 14, 56, 18),
        ("gearwell", 14, 56, 19),
        ("hearthly", 14, 58, 19),
        ("sunvista", 14, 57, 20),
        ("printloft", 14, 61, 20),
        ("lumen", 14, 58, 18),
        ("wordnest", 14, 62, 20),
        ("watchfield", 14, 62, 20),
        ("stowbay", 14, 62, 20),
        ("swapstall", 14, 62, 18),
        ("porchlight", 14, 64, 18),
        ("kindred", 14, 65, 18),
        ("clearsight", 14, 65, 18),
        ("nestbed", 14, 65, 17),
        ("hostmoor", 14, 65, 17),
        ("petalry", 14, 65, 17),
        ("tallybook", 14, 65, 21),
        ("keyward", 14, 65, 23),
        ("stridewell", 14, 65, 21),
        ("solwick", 14, 65, 23),
        ("veilport", 14, 65, 23),
        ("quillmark", 14, 65, 22),
        ("presswell", 14, 65, 22),
        ("steerwise", 14, 65, 22),
        ("readmoor", 14, 65, 22),
        ("seaforde", 14, 65, 22),
        ("bramblecote", 14, 65, 21),
        ("tillbrook", 14, 65, 21),
        ("mopwell", 15, 65, 21),
        ("splashwick", 15, 65, 21),
        ("shearline", 15, 65, 21),
        ("kestrel", 15, 65, 20),
        ("deskhive", 15, 65, 17),
        ("emberwell", 17, 62, 18),
        ("glidebus", 16, 60, 18),
        ("larkspur", 15, 60, 19),
        ("bouncewell", 15, 60, 19),
        ("anvilhire", 15, 60, 20),
        ("kindleaf", 16, 60, 19),
        ("littlewren", 15, 60, 19),
        ("glassbright", 15, 60, 19),
        ("fixpoint", 15, 60, 19),
        ("boltwise", 15, 60, 19),
        ("tunefield", 15, 60, 19),
        ("suddsy", 15, 60, 19),
        ("hemline", 15, 60, 19),
        ("puzzlehall", 15, 60, 19),
        ("chordwell", 15, 60, 19),
    ],
)
def test_the_evaluation_only_sets_are_labelled_against_their_own_folders(name: str, articles: int, posts: int, no_fit: int) -> None:
    """An evaluation-only set's posts name only articles its folder has, its folder loads clean,
    and it is never among the shipped decision's examples (so every decision meets it on day one)."""
    from assistant.drafting.evaluate import SETS, passage_said, set_files
    from assistant.kb.articles import ArticleLimits
    from assistant.kb.evaluate import bundled_sets, load_cases
    from assistant.kb.folder import load_folder

    assert name in SETS and name not in bundled_sets()
    files = set_files(name, Path("."))
    assert not isinstance(files, str)
    cases_file, questions_file, folder = files
    loaded = load_folder(folder, ArticleLimits())
    assert loaded.problems == [] and len(loaded.articles) == articles
    cases, problems = load_cases(cases_file)
    assert problems == [] and len(cases) == posts and sum(not case.expected for case in cases) == no_fit
    assert questions_file is not None
    several = [json.loads(line) for line in questions_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    named = {article for case in cases for article in case.expected} | {article for case in several for part in case["parts"] for article in part}
    assert named <= set(loaded.articles), named - set(loaded.articles)
    # The passages a post is answered by are its expected articles' reply or sections.
    posts = [json.loads(line) for line in cases_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled = [post for post in posts if post.get("passages")]
    assert len(labelled) >= 20
    for post in labelled:
        for label in post["passages"]:
            article, _, passage = label.partition("#")
            assert article in post["expected"], (post["id"], label)
            said = loaded.articles[article]
            assert passage_said(said, passage, f"{said.reply} {said.body}"), (post["id"], label)  # raises for a heading the article lacks


def test_a_draft_says_a_labelled_passage_or_not() -> None:
    """The passage figure's judge: the reply, or a section by its heading, found in a draft that may
    put the section's heading before it or shorten its end; a heading the article lacks is an error
    in the labels, not a wrong draft."""
    from assistant.drafting.evaluate import passage_said
    from assistant.kb.articles import Article

    article = Article(
        "late",
        "My order is late",
        "Follow your courier live on the order screen.",
        "## When it's very late\nOpen the order and choose Get help, then It never arrived. We refund it.\n",
        "late.md",
    )
    assert passage_said(article, "reply", "Hi @dana! Follow your courier live on the order screen. https://x.example")
    assert passage_said(article, "When it's very late", "Sorry about this, @dana. Open the order and choose Get help, then It never arrived.")
    assert passage_said(article, "When it's very late", "@dana When it's very late: open the order  and choose GET HELP, then it never arrived …")
    assert not passage_said(article, "reply", "Sorry about this, @dana. Open the order and choose Get help, then It never arrived. We refund it.")
    assert not passage_said(article, "When it's very late", "Hi @dana! Follow your courier live on the order screen.")
    with pytest.raises(ValueError, match="no section headed"):
        passage_said(article, "Refunds", "anything")


@pytest.mark.parametrize(
    ("text", "expected", "misfire"),
    [
        ("thanks for fixing the leak on our road so quickly yesterday, great team 👏", [], False),
        ("thanks guys, the leak on our road is still pouring", [], True),
        ("cheers for the help", ["contact"], True),
        ("cheers for the help", [], False),
    ],
)
def test_a_praise_line_counts_as_a_misfire_only_where_a_problem_is_still_open(text: str, expected: list[str], misfire: bool) -> None:
    """`draft-eval` counted the praise line for "thanks for fixing the leak on our road" as a misfire
    because the post names a leak, while triage reads the leak as fixed: one reading for both
    (`triage.states_an_open_problem`)."""
    from types import SimpleNamespace

    from assistant.drafting.evaluate import _praise_misfire

    assert _praise_misfire({"ticket": SimpleNamespace(intent="praise"), "expected": expected, "text": text}) is misfire
