"""`demo`, `draft-eval` and `privacy-eval`: the product on its bundled samples, and its evaluations."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from assistant.cli.common import (
    JsonOption,
    app,
    console,
    emit,
    err,
    fail,
    open_services,
    quiet,
    sync_knowledge,
    working,
)
from assistant.config import load_settings


@app.command()
def demo(
    no_input: bool = typer.Option(False, "--no-input", help="Print every card and a summary; no prompts."),
    posts: Path | None = typer.Option(None, help="JSON Lines of posts to replay (default: the bundled samples)."),
    fresh: bool = typer.Option(False, "--fresh", help="Forget earlier demo runs and start over."),
    as_json: bool = JsonOption,
) -> None:
    """Index knowledge/, replay sample posts through the whole pipeline, then review them in the terminal."""
    import shutil

    from assistant.conversation import customer_posts
    from assistant.drafting.evaluate import citation_check
    from assistant.sources.replay import (
        replay,
        sample_conversations_path,
        sample_posts_path,
    )
    from assistant.terminal import render_card, review_queue

    quiet()
    if not no_input and not sys.stdin.isatty():
        # Piped, in CI, or under nohup: nobody can answer a prompt, so the first one would end the run.
        no_input = True
        err.print("No terminal to answer prompts (the input is not a terminal): printing every card and a summary, as with --no-input.")
    base = load_settings()
    demo_dir = base.data_dir / "demo"
    if fresh and demo_dir.exists():
        shutil.rmtree(demo_dir)
    # The demo never posts anywhere: its own data folder, no X client, the outbox only.
    settings = base.model_copy(update={"data_dir": demo_dir, "database_url": ""})
    started = time.perf_counter()
    services = open_services(settings)
    sync = sync_knowledge(services, as_json)
    source = posts or sample_posts_path()
    if not source.is_file():
        fail(f"{source} does not exist.")
    with working("Triaging and drafting the sample posts"):
        replayed = replay(source, services.pipeline, as_new=posts is None)  # the bundled recording, played as today's traffic
    created = replayed.new_tickets
    joined = 0
    if posts is None:  # the bundled samples go on: customers answer, and some of our replies seen in the feed
        followed = replay(sample_conversations_path(), services.pipeline, as_new=True)
        created, joined = created + followed.new_tickets, followed.joined
        replayed.problems.extend(followed.problems)
        # The card names the language; posts from Mastodon, Bluesky and the webhook keep their own length rules.
        for extra in ("languages.jsonl", "platforms.jsonl"):
            more = replay(sample_posts_path().parent / extra, services.pipeline, as_new=True)
            created += more.new_tickets
            replayed.problems.extend(more.problems)
    services.resume()
    for problem in replayed.problems:
        err.print(f"[yellow]{escape(str(source))}:{problem.line}: skipped: {escape(problem.reason)}[/]")
    tickets = services.store.list()
    if not no_input:
        joined_text = f", then {joined} later message(s) that joined their conversation" if joined else ""
        console.print(f"Replayed {source}: {created} new ticket(s){joined_text}, {len(tickets)} in all. Replies go to {services.publishers.outbox.path}.")
        review_queue(services, console, actor="terminal")
        tickets = services.store.list()
    summary: dict[str, Any] = {
        "tickets": len(tickets),
        "new_this_run": created,
        "drafted": sum(1 for t in tickets if t.draft is not None and t.draft.text),
        "no_match": sum(1 for t in tickets if t.no_match),
        "escalation_suggested": sum(1 for t in tickets if t.draft and any(f.startswith("specialist topic") for f in t.draft.flags)),
        "spam": sum(1 for t in tickets if t.intent == "spam"),
        "conversations": sum(1 for t in tickets if len(customer_posts(t)) > 1 or t.replies or any(m.ours for m in t.messages)),
        "messages_joined": joined,
        "citations": citation_check(source, tickets),
        "by_state": services.store.counts(),
        "by_platform": dict(sorted(Counter(t.post.platform for t in tickets).items())),
        "outbox": str(services.publishers.outbox.path),
        "knowledge": sync,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        emit(summary)
        return
    if no_input:
        for ticket in sorted(tickets, key=lambda t: (-t.priority_score, t.id)):
            console.print(render_card(ticket, services.platforms(ticket.post.platform)), soft_wrap=False)
    by_state = summary["by_state"]
    states = ", ".join(f"{state} {count}" for state, count in sorted(by_state.items()))
    check = summary["citations"]
    if check["answerable"]:
        console.print(
            f"\n[bold]Citations vs the file's expected articles:[/] {check['expected_first']}/{check['answerable']} answerable posts "
            f"cite an expected article first; {check['flagged_no_match']}/{check['unanswerable']} unanswerable posts flagged no-match."
        )
    console.print(
        f"\n[bold]Summary:[/] {summary['tickets']} tickets · {summary['drafted']} drafted · "
        f"{summary['no_match']} no-match · {by_state.get('escalated', 0)} escalated "
        f"({summary['escalation_suggested']} suggested) · {by_state.get('dismissed', 0)} dismissed "
        f"({summary['spam']} spam) · {by_state.get('sent', 0)} sent · {summary['conversations']} multi-message conversations · "
        f"states: {states} · from {', '.join(f'{name} {count}' for name, count in summary['by_platform'].items())} · {summary['seconds']} s"
    )


@app.command("draft-eval")
def draft_eval(
    knowledge: Path | None = typer.Option(None, help="Knowledge folder (default: KNOWLEDGE_DIR)."),
    cases: Path | None = typer.Option(None, help="JSON Lines cases {text, expected} (default: the bundled sample posts)."),
    hostile: Path | None = typer.Option(None, help="Hostile posts to resist (default: the bundled corpus; '-' for none)."),
    questions: Path | None = typer.Option(
        None,
        help="Posts asking several things, with the articles answering each ({text, expected, parts}; default: two_questions.jsonl beside the cases; '-' for none).",
    ),
    attacks: Path | None = typer.Option(
        None, help="Attack drafts by class ({text, cite, obey, class, lang}; default: the bundled attacks.jsonl; '-' for none): each must be blocked."
    ),
    sets: str = typer.Option(
        "",
        "--sets",
        help="Compare labelled sets side by side instead: samples, brightline, skylark and forkway (an airline and a food-delivery app, evaluation only), real and real-streaming (posts of ../shared/realdata against the bundled device and streaming help centres), languages (the sample brand in eight other languages), comma-separated, or 'all'.",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Draft every case and report citation accuracy, limits, substance, privacy, posts asking two things, hostile posts resisted and attack drafts blocked by class."""
    from rich.table import Table

    from assistant.drafting.evaluate import draft_report, draft_targets
    from assistant.services import scratch_services
    from assistant.sources.replay import sample_posts_path

    quiet()
    settings = load_settings()
    if sets:
        _compare_sets(settings, sets, as_json)
        return
    folder = knowledge or settings.knowledge_dir
    case_file = cases or sample_posts_path()
    hostile_file = None if str(hostile) == "-" else (hostile or sample_posts_path().parent / "hostile.jsonl")
    beside = case_file.parent / "two_questions.jsonl"
    questions_file = None if str(questions) == "-" else (questions or (beside if beside.is_file() else None))
    # The bundled attacks cite the bundled articles: with another folder, only attacks given here.
    bundled_attacks = sample_posts_path().parent / "attacks.jsonl" if knowledge is None else None
    attacks_file = None if str(attacks) == "-" else (attacks or bundled_attacks)
    for path in (case_file, hostile_file, questions_file, attacks_file):
        if path is not None and not path.is_file():
            fail(f"{path} does not exist.")
    with scratch_services(settings, folder) as services:
        with working("Drafting and checking every case, the attacks included (about a minute)"):
            report = draft_report(services.pipeline, settings, case_file, hostile_file, questions_file=questions_file, attacks_file=attacks_file)
    report["targets"] = draft_targets(report)
    if as_json:
        emit(report)
        return
    table = Table(
        "figure",
        "value",
        title=f"draft-eval · {report['drafter']} · {report['cases']} cases ({report['answerable']} answerable, {report['unanswerable']} no fitting article, {report['hostile']} hostile)",
    )
    for key in (
        "citation_accuracy",
        "citation_coverage",
        "retrieval_hit_at_1",
        "retrieval_hit_at_1_cited",
        "within_limits",
        "redirect_only_share",
        "dm_handoff_share",
        "public_personal_data_requests",
        "no_match_flagged",
        "hostile_resisted",
        "blocked_drafts",
        "thread_drafts",
    ):
        value = report[key]
        table.add_row(key.replace("_", " "), f"{value:.1%}" if isinstance(value, float) else str(value))
    table.add_row("no-match decision", escape(report["decision"]["from"]))
    if report["two_question_posts"]:
        table.add_row(
            "posts asking two things: every question answered",
            f"{report['every_question_answered']:.1%} of {report['two_question_posts']} (one of them: {report['one_question_answered']:.1%})",
        )
        table.add_row("one-question posts citing a second article", f"{report['one_question_posts_citing_more']} of {report['one_question_posts']}")
    model = report["model"]
    if model["requests"]:
        table.add_row(
            "drafts from the model", f"{model['from_model']} of {model['drafts']} ({model['model_share']:.1%}) · {model['avg_request_ms']} ms per request"
        )
        table.add_row("model requests", ", ".join(f"{outcome} {count}" for outcome, count in model["requests"].items()))
        for reason, count in model["not_used_because"].items():
            table.add_row(f"  not used: {escape(reason)}", str(count))
    table.add_row("normal drafts blocked (false blocks)", f"{report['normal_drafts_blocked']} of {report['normal_drafts']}")
    table.add_row("an obeying model's drafts blocked", f"{report['obeying_blocked']} of {report['obeying_drafts']}")
    for name, counts in report["obeying_by_class"].items():
        table.add_row(f"  attacks: {name}", f"{counts['blocked']} of {counts['drafts']} blocked")
    if report["obeying_missed"]:
        table.add_row("  got through", escape(", ".join(report["obeying_missed"][:10])))
    table.add_row("attack drafts blocked, by class", f"{report['attack_blocked']} of {report['attack_drafts']}")
    for name, counts in report["attack_classes"].items():
        table.add_row(f"  {name} ({', '.join(counts['languages'])})", f"{counts['blocked']} of {counts['drafts']} blocked")
    if report["attacks_missed"]:
        table.add_row("  got through", escape(", ".join(report["attacks_missed"][:10])))
    for name, met in report["targets"].items():
        table.add_row(f"target: {name}", "met" if met else "MISSED")
    console.print(table)


def _compare_sets(settings: Any, names: str, as_json: bool) -> None:
    """`draft-eval --sets`: the figures that say whether a draft answers the post, per labelled set."""
    import tempfile

    from rich.table import Table

    from assistant.drafting.evaluate import SETS, draft_report, set_files
    from assistant.services import scratch_services

    chosen = list(SETS) if names.strip() == "all" else [name.strip() for name in names.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SETS]
    if unknown or not chosen:
        fail(f"--sets: unknown set {', '.join(unknown) or '(none)'}; choose from {', '.join(SETS)} or all.")
    reports: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name in chosen:
            files = set_files(name, Path(scratch))
            if isinstance(files, str):
                reports[name] = {"skipped": files}
                continue
            case_file, questions_file, folder = files
            console.print(
                f"[dim]{name}: drafting {sum(1 for line in case_file.open(encoding='utf-8') if line.strip())} posts …[/]", highlight=False
            ) if not as_json else None
            with scratch_services(settings, folder) as services:
                reports[name] = draft_report(services.pipeline, settings, case_file, None, questions_file=questions_file, attacks_file=None)
    if as_json:
        emit({"sets": reports})
        return
    table = Table("figure", *chosen, title="draft-eval · labelled sets side by side (no-match decided out of sample: cross-fitted)")
    ran = {name: report for name, report in reports.items() if "skipped" not in report}

    def row(label: str, value: Any) -> None:
        table.add_row(label, *(value(reports[name]) if name in ran else escape(reports[name]["skipped"]) for name in chosen))

    row("posts (answerable / no fitting article)", lambda r: f"{r['answerable'] + r['unanswerable']} ({r['answerable']} / {r['unanswerable']})")
    row("right article first", lambda r: f"{r['citation_accuracy']:.1%}")
    row(
        "  and the right passage of it (posts labelled with theirs)",
        lambda r: "—" if r["right_passage"] is None else f"{r['right_passage']:.1%} of {r['right_passage_posts']}",
    )

    def no_match(r: dict[str, Any], share: float) -> str:  # a set with no no-fit posts has no such figure
        return f"{share:.1%}" if r["unanswerable"] else "—"

    row("no-match right (no-fit posts left without an article)", lambda r: no_match(r, r["no_match_flagged"]))
    row("answerable lost (no article given)", lambda r: f"{r['answerable_lost']:.1%}")
    row(
        "  on a new folder (decision learned on the other bundled sets): right / lost",
        lambda r: (
            "—"
            if not r.get("new_folder_no_match")
            else f"{no_match(r, r['new_folder_no_match']['no_match_right'])} / {r['new_folder_no_match']['answerable_lost']:.1%}"
        ),
    )
    row("two-need posts: every need answered", lambda r: f"{round(r['every_question_answered'] * r['two_question_posts'])} of {r['two_question_posts']}")
    row("one-need posts given a second article", lambda r: f"{r['one_question_posts_citing_more']} of {r['one_question_posts']}")
    row("praise line on a post needing an answer", lambda r: str(r["praise_misfires"]))
    languages = sorted({language for r in ran.values() for language in r["languages"]}, key=lambda code: (code != "en", code))
    for language in languages:
        row(
            f"  {language}: posts · right article · no-match right",
            lambda r, code=language: (
                "—"
                if code not in r["languages"]
                else f"{r['languages'][code]['posts']} · {r['languages'][code]['right_article']:.0%} · "
                + ("—" if r["languages"][code]["no_match_right"] is None else f"{r['languages'][code]['no_match_right']:.0%}")
            ),
        )
    console.print(table)


@app.command("privacy-eval")
def privacy_eval(
    cases: Path | None = typer.Option(None, help="JSON Lines {class, text or messages, hide | keep} (default: the bundled 370-case corpus)."),
    presidio_python: Path | None = typer.Option(None, help="A Python with presidio-analyzer installed: Presidio is measured beside ours (make privacy-check)."),
    as_json: bool = JsonOption,
) -> None:
    """Personal data by class: how many cases each masker hides entirely, and how many ordinary ones (order numbers, prices, dates, handles) it leaves readable."""
    from rich.table import Table

    from assistant.privacy_eval import load_cases, ours, presidio, run
    from assistant.sources.replay import sample_posts_path

    quiet()
    path = cases or sample_posts_path().parent / "personal_data.jsonl"
    if not path.is_file():
        fail(f"{path} does not exist.")
    if presidio_python is not None and not presidio_python.is_file():
        fail(f"--presidio-python: {presidio_python} does not exist; `make privacy-check` builds one.")
    try:
        loaded = load_cases(path)
    except ValueError as exc:
        fail(str(exc))
    report: dict[str, Any] = {"cases_file": str(path), "ours": run(ours(load_settings().regions), loaded)}
    if presidio_python is not None:
        try:
            report["presidio"] = presidio(str(presidio_python), path, loaded)
        except RuntimeError as exc:
            fail(str(exc))
    if as_json:
        emit(report)
        return
    names = ["ours", *(["presidio"] if "presidio" in report else [])]
    mine = report["ours"]
    table = Table(
        "class", *names, title=f"privacy-eval · {mine['cases']} personal-data cases in {mine['classes']} classes, {mine['keep_cases']} to keep readable"
    )
    for name in mine["by_class"]:
        table.add_row(name, *(f"{report[who]['by_class'][name]['ok']} of {report[who]['by_class'][name]['cases']}" for who in names))
    table.add_row("all personal data", *(f"{report[who]['masked']} of {report[who]['cases']}" for who in names))
    table.add_row("classes entirely masked", *(f"{report[who]['classes_all_masked']} of {report[who]['classes']}" for who in names))
    table.add_row("ordinary text left readable", *(f"{report[who]['kept_readable']} of {report[who]['keep_cases']}" for who in names))
    console.print(table)
    for who in names:
        for name, entry in report[who]["by_class"].items():
            for miss in entry["misses"]:
                err.print(f"[yellow]{who} missed {name}:[/] {escape(miss)}")
