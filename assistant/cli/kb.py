"""`kb`: the knowledge folder: sync the index, search it, evaluate retrieval, lint the articles, find the gaps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape

from assistant.cli.common import (
    JsonOption,
    console,
    emit,
    err,
    fail,
    kb_app,
    open_services,
    open_store,
    quiet,
    sync_knowledge,
    working,
)
from assistant.config import load_settings
from assistant.errors import AssistantError, ConfigError


@kb_app.command("sync")
def kb_sync(as_json: bool = JsonOption) -> None:
    """Re-embed only new and changed articles and drop deleted ones."""
    quiet()
    services = open_services(load_settings(), read_only=True)
    result = sync_knowledge(services, as_json)
    if as_json:
        emit(result)


@kb_app.command("search")
def kb_search(
    text: str = typer.Argument(..., help="A customer post or question."),
    k: int = 5,
    mode: str = typer.Option("hybrid", help="hybrid, dense or lexical."),
    local: bool = typer.Option(False, "--local", help="Search here even when a bot runs on this machine (it is asked first: faster)."),
    as_json: bool = JsonOption,
) -> None:
    """Show the best articles for a text, with scores and whether they pass the no-match decision.
    A bot running on this machine (`run`, PORT) answers it from its loaded model and index."""
    if mode not in ("hybrid", "dense", "lexical"):
        fail("--mode must be hybrid, dense or lexical.")
    settings = load_settings()
    report = None if local else _ask_the_bot(settings.port, text, k, mode)
    if report is None:
        from assistant.kb import open_knowledge
        from assistant.kb.lookup import search_report

        quiet()
        try:
            with working("Loading the knowledge index and the model"):
                knowledge = open_knowledge(settings)  # the index alone: a search reads no tickets
                knowledge.sync()
        except AssistantError as exc:
            fail(str(exc))
        report = search_report(knowledge, text, k, mode)
        report["answered_by"] = "this command"
    if as_json:
        emit(report)
        return
    from rich.table import Table

    decision = report["decision"]
    said = "an article answers it" if decision["answerable"] else f"no article: {decision['reason']}"
    chance = "" if decision["probability"] is None else f" ({decision['probability']:.0%} likely)"
    table = Table("article", "title", "score", "cosine", "bm25", "used", title=f"{decision['intent']} · {said}{chance}")
    for row in report["results"]:
        table.add_row(
            row["article_id"], escape(row["title"]), f"{row['score']:.4f}", f"{row['cosine']:.3f}", f"{row['bm25']:.2f}", "yes" if row["match"] else "no"
        )
    console.print(table)
    if report.get("answered_by") == "the running bot":
        err.print(f"(answered by the bot running on port {settings.port}; --local to search here)")


def _ask_the_bot(port: int, text: str, k: int, mode: str) -> dict[str, Any] | None:
    """The running bot's answer (`GET /kb/search` on 127.0.0.1:PORT), or None when no bot of ours
    answers there at once (nothing listening, another program, not ready yet)."""
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    query = urllib.parse.urlencode({"q": text, "k": k, "mode": mode})
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/kb/search?{query}", timeout=3) as answer:  # noqa: S310 - loopback, our own bot
            report = json.loads(answer.read().decode("utf-8"))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    if not isinstance(report, dict) or not isinstance(report.get("results"), list) or "decision" not in report:
        return None
    report["answered_by"] = "the running bot"
    return report


@kb_app.command("eval")
def kb_eval(
    knowledge: Path | None = typer.Option(None, help="Knowledge folder to evaluate (default: KNOWLEDGE_DIR)."),
    cases: Path | None = typer.Option(None, help="JSON Lines cases {text, expected} (default: the bundled sample posts)."),
    save: bool = typer.Option(False, "--save", help="Learn the no-match decision on these cases and use it for this knowledge folder and embedding model."),
    ship: bool = typer.Option(False, "--ship", hidden=True, help="Developers: relearn the shipped decision from the bundled sets."),
    from_desk: bool = typer.Option(
        False, "--from-desk", help="Evaluate on the desk's labels: what agents did with past tickets (approved, edited, rewritten, dismissed as no fit)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Score retrieval (hit@1, hit@3, MRR) for hybrid and its dense and BM25 baselines, and the
    no-match decision in sample and cross-validated (5 folds, 3 shuffles)."""
    import tempfile

    from rich.table import Table

    from assistant.kb.evaluate import report_for

    quiet()
    settings = load_settings()
    if ship:
        from assistant.kb.evaluate import ship as ship_decision

        emit(ship_decision(settings))
        return
    if from_desk and cases is not None:
        fail("--from-desk evaluates on the desk's labels; leave out --cases.")
    folder = knowledge or settings.knowledge_dir
    scratch = tempfile.TemporaryDirectory()
    desk: dict[str, Any] = {}
    if from_desk:
        from assistant import learning
        from assistant.kb.articles import ArticleLimits
        from assistant.kb.folder import load_folder

        found = learning.labels(open_store(settings), load_folder(folder, ArticleLimits.from_settings(settings)).articles)
        desk = learning.summary(found)
        if desk["labels"] == 0:
            fail(f"No desk labels yet ({desk['actions']} agent actions, none a label): approve, edit or dismiss tickets as 'no article fits' first.")
        cases = Path(scratch.name) / "desk.jsonl"
        learning.write_cases(found, cases)
    case_file = cases or _sample_posts()
    if not folder.is_dir():
        fail(f"Knowledge folder {folder} does not exist.")
    if not case_file.is_file():
        fail(f"Cases file {case_file} does not exist.")
    try:
        with working("Evaluating retrieval: every case, both retrievers, each decision cross-validated (about 10 s)"):
            report = report_for(settings, folder, case_file, save=save)
    except AssistantError as exc:
        fail(str(exc))
    scratch.cleanup()
    if desk:
        report["desk"] = desk
    if as_json:
        emit(report)
        return
    if desk:
        actions = ", ".join(f"{kind} {count}" for kind, count in desk["by_action"].items())
        console.print(
            f"Desk labels: {desk['labels']} ({desk['answerable']} answered from an article, {desk['no_article']} with none) from {desk['actions']} agent actions: {actions}."
        )
    for problem in report["problems"]:
        err.print(f"[yellow]skipped[/] {escape(problem)}")
    table = Table(
        "retriever",
        "hit@1",
        "hit@3",
        "MRR",
        title=f"Retrieval · {report['cases']} cases ({report['answerable']} answerable, {report['unanswerable']} with no fitting article) · {report['articles']} articles · {'index reused' if report['index_reused'] else 'indexed now'}",
    )
    for row in report["results"]:
        table.add_row(row["mode"], f"{row['hit_at_1']:.3f}", f"{row['hit_at_3']:.3f}", f"{row['mrr']:.3f}")
    console.print(table)
    decisions = report["decisions"]
    if "error" in decisions:
        err.print(f"[yellow]no learned decision[/]: {escape(decisions['error'])}")
        return
    table = Table(
        "no-match decision",
        "measured",
        "no-match right",
        "false no-match",
        "decision accuracy",
        title="No match · cross-validated = decided by a model that never saw the case (the figure to trust)",
    )
    rows = [(f"{row['mode']} thresholds", "cross-validated", row["cross_validated"]) for row in report["results"]]
    rows += [(f"{row['mode']} thresholds", "in sample", row) for row in report["results"]]
    rows += [("learned", "cross-validated", decisions["learned"]["cross_validated"]), ("learned", "in sample", decisions["learned"]["in_sample"])]
    installed = decisions["installed"]
    rows.append(("this installation", "as installed", installed["scores"]))
    for name, measured, scores in rows:
        table.add_row(escape(name), measured, f"{scores['no_match_correct']:.1%}", f"{scores['false_no_match']:.1%}", f"{scores['no_match_accuracy']:.1%}")
    console.print(table)
    console.print(f"This installation decides with {escape(installed['source'])}.")
    if report["extra_training_sets"]:
        console.print(f"The learned decision also trains on the bundled set(s): {', '.join(report['extra_training_sets'])} (never on a held-out case).")
    if save:
        console.print(f"Saved the learned decision to {report['saved']}; `run` uses it for this folder and embedding model unless NO_MATCH_* is set.")


@kb_app.command("learn")
def kb_learn(
    dry_run: bool = typer.Option(False, "--dry-run", help="Measure before and after, but keep the decision in use."),
    as_json: bool = JsonOption,
) -> None:
    """Relearn the no-match decision on the desk's labels; keep it only when, cross-validated, it is not worse than the one in use."""
    from assistant import learning
    from assistant.kb.evaluate import _index_for

    quiet()
    settings = load_settings()
    folder = settings.knowledge_dir
    if not folder.is_dir():
        fail(f"Knowledge folder {folder} does not exist.")
    from assistant.kb.articles import ArticleLimits
    from assistant.kb.folder import load_folder

    found = learning.labels(open_store(settings), load_folder(folder, ArticleLimits.from_settings(settings)).articles)
    try:
        result = learning.relearn(settings, lambda: _index_for(settings, folder)[0], folder, found, save=not dry_run)
    except AssistantError as exc:
        fail(str(exc))
    if as_json:
        emit(result)
        return
    console.print(f"Desk labels: {result['labels']} ({result['answerable']} answered from an article, {result['no_article']} with none).")
    if "before" in result:
        before, after = result["before"], result["after"]
        console.print(
            f"In use ({escape(before['decision'])}): no-match right {before['no_match_correct']:.1%}, answerable lost {before['false_no_match']:.1%}, accuracy {before['no_match_accuracy']:.1%}"
        )
        console.print(
            f"Relearned (cross-validated, 5 folds × 3): no-match right {after['no_match_correct']:.1%}, answerable lost {after['false_no_match']:.1%}, accuracy {after['no_match_accuracy']:.1%}"
        )
    console.print(escape(result["reason"]) + (f" Saved to {escape(result['saved'])}." if result.get("saved") else ""))
    if not result["kept"]:
        raise typer.Exit(1)


def _sample_posts() -> Path:
    from assistant.sources.replay import sample_posts_path

    return sample_posts_path()


@kb_app.command("lint")
def kb_lint(
    cases: Path | None = typer.Option(None, help="Also count articles these cases retrieve (JSON Lines {text, expected})."),
    strict: bool = typer.Option(
        False, "--strict", help="Exit 1 on warnings (near-duplicates, never retrieved, blocked passages or lines, sections never said) too."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Check the articles: format problems (path and line), duplicates, articles nothing retrieves, passages (and the brand's own whole-reply lines) every draft would be blocked for. Read-only: the index is not changed."""
    from assistant.drafting.checks import blocked_lines, blocked_passages
    from assistant.drafting.offline import said_in_part
    from assistant.drafting.prompts import Prompts
    from assistant.kb.articles import ArticleLimits
    from assistant.kb.embeddings import make_embeddings
    from assistant.kb.health import lint
    from assistant.platforms import Platforms
    from assistant.services import brand_of

    quiet()
    settings = load_settings()
    settings.require_knowledge_dir(settings.knowledge_dir)
    # No ticket database yet (a new install's own SQLite file): no traffic, and nothing is created.
    fresh = settings.local_database is not None and not settings.local_database.exists()
    retrieved = set() if fresh else open_store(settings).cited_article_ids()
    embeddings = make_embeddings(settings.embedding_model, settings.openai_api_key, settings.openai_base_url, settings.torch_threads)
    if cases is not None:
        from assistant.kb.evaluate import _index_for, load_cases

        index = _index_for(settings, settings.knowledge_dir)[0]  # the evaluation index, never the live one
        loaded, _ = load_cases(cases)
        for case in loaded:
            retrieved |= {hit.article_id for hit in index.search(case.text, k=3)}
    with working("Checking every article (formats, duplicates, near-duplicates by meaning)"):
        report = lint(settings.knowledge_dir, ArticleLimits.from_settings(settings), embeddings, retrieved, blocked_passages, said_in_part)
    problems, duplicates, unused, blocked = report.problems, report.duplicates, report.unused or [], report.blocked
    long_sections = report.long_sections
    try:  # the brand's lines are checked where the prompts folder is readable; lint is about the articles first
        prompts = Prompts.load(settings.prompts_dir)
        lines, unread = blocked_lines(prompts, brand_of(settings, prompts, Platforms({"mastodon": settings.mastodon_char_limit}))), ""
    except ConfigError as exc:
        lines, unread = [], str(exc)
    sources = "drafts in the store" + (f" and {cases}" if cases else "")
    result = {
        "articles": report.articles,
        "problems": problems,
        "near_duplicates": [{"a": a, "b": b, "similarity": sim, "why": why} for a, b, sim, why in duplicates],
        "never_retrieved": report.unused,
        "retrieval_sources": sources,
        "blocked_passages": [{"article": article, "passage": passage, "checks": names} for article, passage, names in blocked],
        "blocked_lines": [{"line": where, "text": text, "checks": names} for where, text, names in lines],
        "long_sections": [{"article": article, "section": heading, "characters": size, "said": said} for article, heading, size, said in long_sections],
        "lines_not_checked": unread,
    }
    if as_json:
        emit(result)
    else:
        for problem in problems:
            console.print(f"[red]error[/] {escape(problem)}")
        for a, b, sim, why in duplicates:
            console.print(f"[yellow]duplicate[/] {a} ~ {b} ({why}, similarity {sim:.2f}): merge them or make them distinct")
        for article, passage, names in blocked:
            console.print(
                f"[yellow]blocked[/] {article}: a draft saying “{escape(passage[:80])}” fails {', '.join(names)}; reword it so an agent can approve it"
            )
        for article, heading, size, said in long_sections:
            if said:
                console.print(
                    f"[dim]said in part[/] {article} › {escape(heading)}: {size} characters, longer than a post; drafts say its first {said} characters, whole sentences, "
                    "and link the article (split the section to say all of it)"
                )
            else:
                console.print(
                    f"[yellow]never said[/] {article} › {escape(heading)}: its first sentence is longer than a post; drafts never say it, so shorten it"
                )
        for where, text, names in lines:
            console.print(f"[yellow]blocked[/] {where}: every reply “{escape(text[:80])}” fails {', '.join(names)}; reword it in {settings.prompts_dir}")
        if unread:
            console.print(f"[dim]the brand's lines were not checked[/]: {escape(unread)}")
        if report.unused is None:
            console.print("[dim]no traffic yet[/]: no draft has cited an article, so none is called unused (give --cases to count what they retrieve)")
        elif unused:
            console.print(f"[yellow]never retrieved[/] by {sources}: {', '.join(unused)}")
        console.print(report.summary())
    if lines:
        console.print(f"{len(lines)} line(s) of the brand's prompts every reply made of them would be blocked for.") if not as_json else None
    if problems or (strict and (duplicates or unused or blocked or lines or report.unsaid)):
        raise typer.Exit(1)


@kb_app.command("gaps")
def kb_gaps(limit: int = typer.Option(10, help="How many groups to show."), as_json: bool = JsonOption) -> None:
    """Customer posts that found no good article, grouped by meaning: the articles to write next."""
    from assistant.kb.health import group_gaps

    quiet()
    services = open_services(load_settings(), read_only=True)
    with working("Grouping the posts no article answered by meaning"):
        gaps = group_gaps(services.store.list(no_match=True), services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name)[:limit]
    rows: list[dict[str, Any]] = [
        {"posts": gap.size, "example": gap.example, "others": gap.posts[1:4], "tickets": gap.ticket_ids, "latest": gap.latest} for gap in gaps
    ]
    if as_json:
        emit(rows)
        return
    if not rows:
        console.print("No knowledge gaps: every post so far found an article (or was spam or praise).")
    for number, row in enumerate(rows, start=1):
        console.print(f"[bold]{number}. {row['posts']} post(s)[/] e.g. “{row['example']}”")
        for other in row["others"]:
            console.print(f"   · “{other}”")


@kb_app.command("stats")
def kb_stats(
    since: str = typer.Option("30d", "--since", help="The period before now: 7d, 30d, 12h, 2w."),
    limit: int = typer.Option(20, help="How many articles to show."),
    as_json: bool = JsonOption,
) -> None:
    """Per article: how often drafts cited it and what agents did with those drafts (sent as drafted,
    edited, rewritten, escalated, dismissed), the one to fix first at the top. Reads the store only."""
    from assistant.metrics import article_figures, parse_since

    try:
        period = parse_since(since)
    except ValueError as exc:
        fail(str(exc))
    try:
        store = open_store(load_settings())
    except AssistantError as exc:
        fail(str(exc))
    until = store.clock()
    figures = article_figures(store.desk_history(), until - period, until)
    if as_json:
        emit(figures)
        return
    if not figures:
        console.print(f"No drafts were acted on in the last {escape(since)}: no figures per article yet.")
        return
    console.print(f"[bold]Articles cited in the last {escape(since)}[/], the most often rewritten or escalated first:")
    console.print("  cited  as drafted  edited  rewritten  escalated  dismissed  article")
    for article, counts in list(figures.items())[:limit]:
        row = "  ".join(
            f"{counts[key]:>{width}}" for key, width in (("cited", 5), ("as_drafted", 10), ("edited", 6), ("rewritten", 9), ("escalated", 9), ("dismissed", 9))
        )
        console.print(f"  {row}  {escape(article)}")
    if len(figures) > limit:
        console.print(f"  … and {len(figures) - limit} more (--limit)")


@kb_app.command("diff")
def kb_diff(
    edited: Path = typer.Argument(..., help="The edited copy of the knowledge folder (KNOWLEDGE_DIR is what is live)."),
    posts: int = typer.Option(500, "--posts", help="How many of the customers' latest past posts to try (0: none)."),
    samples: bool = typer.Option(True, "--samples/--no-samples", help="Also try the labelled sample posts."),
    as_json: bool = JsonOption,
) -> None:
    """Before an edit goes live: which past posts (from the store) and labelled cases would get a
    different article, or none, from the edited folder than from the live one. Changes nothing."""
    from assistant.kb.evaluate import load_cases
    from assistant.kb.impact import Case, compare

    quiet()
    settings = load_settings()
    if not edited.is_dir():
        fail(f"{edited} is not a folder: give the edited copy of the knowledge folder.")
    services = open_services(settings, read_only=True)
    cases: list[Case] = []
    if posts > 0:
        for ticket in services.store.list(limit=posts, newest_first=True):
            cases.append(Case(f"ticket #{ticket.id}", ticket.post.text, None, ticket.intent or "question"))
    if samples:
        labelled, _ = load_cases(_sample_posts())
        cases += [Case(f"sample {number}", case.text, tuple(case.expected)) for number, case in enumerate(labelled, start=1)]
    if not cases:
        fail("nothing to try: no past posts in the store and --no-samples.")
    with working(f"Indexing both folders and grounding {len(cases)} posts on each"):
        impact = compare(settings, settings.knowledge_dir, edited, cases)
    if as_json:
        emit(impact.as_dict())
        return
    for problem in impact.problems:
        console.print(f"[yellow]edited folder: {escape(problem)}[/]")
    if not impact.changes:
        console.print(f"No post would get a different article: {impact.cases} tried.")
        return
    console.print(
        f"[bold]{len(impact.changes)} of {impact.cases} posts would get a different article[/]: "
        f"{impact.count('broken')} labelled case(s) broken, {impact.count('fixed')} fixed."
    )
    for change in impact.changes[:200]:
        console.print(escape(change.line()))
    if len(impact.changes) > 200:
        console.print(f"… and {len(impact.changes) - 200} more (--json for all)")
