"""`social-reply`: the demo, the real bot, and every capability of the library from the shell.

Heavy libraries (torch, chromadb, langchain) are imported inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape

from assistant.config import Settings, load_settings
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.services import Services

app = typer.Typer(
    help="Social Reply Assistant: social posts in, grounded draft replies out, humans approve.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a traceback must never print settings or post bodies
)
kb_app = typer.Typer(help="The knowledge folder: sync the index, search it, check articles.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonOption = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _fail(message: str) -> None:
    for line in message.splitlines() or [""]:
        err.print(f"[red]error:[/] {escape(line)}")
    raise typer.Exit(2)


def _services(settings: Settings, **kwargs: Any) -> "Services":
    from assistant.services import build_services

    return build_services(settings, **kwargs)


def _quiet() -> None:
    from assistant.logs import configure_logging

    configure_logging("WARNING", "%(levelname)s %(name)s: %(message)s")


def _sync(services: "Services", as_json: bool) -> dict[str, Any]:
    started = time.perf_counter()
    report = services.knowledge.sync()
    result = {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "chunks_embedded": report.chunks_embedded,
        "articles": len(services.knowledge.articles),
        "problems": [str(problem) for problem in services.knowledge.problems],
        "seconds": round(time.perf_counter() - started, 2),
    }
    if not as_json:
        console.print(f"Knowledge: {len(services.knowledge.articles)} articles · {report.summary()} · {result['seconds']} s")
        for problem in services.knowledge.problems:
            err.print(f"[yellow]skipped[/] {problem}")
        if not services.knowledge.articles:
            err.print(f"[yellow]No usable articles in {services.settings.knowledge_dir}: every post will be flagged 'no match'.[/]")
    return result


@app.command()
def demo(
    no_input: bool = typer.Option(False, "--no-input", help="Print every card and a summary; no prompts."),
    posts: Optional[Path] = typer.Option(None, help="JSON Lines of posts to replay (default: the bundled samples)."),
    fresh: bool = typer.Option(False, "--fresh", help="Forget earlier demo runs and start over."),
    as_json: bool = JsonOption,
) -> None:
    """Index knowledge/, replay sample posts through the whole pipeline, then review them in the terminal."""
    import shutil

    from assistant.conversation import customer_posts
    from assistant.sources.replay import replay, sample_conversations_path, sample_posts_path
    from assistant.terminal import render_card, review_queue

    _quiet()
    base = load_settings()
    demo_dir = base.data_dir / "demo"
    if fresh and demo_dir.exists():
        shutil.rmtree(demo_dir)
    # The demo never posts anywhere: its own data folder, no X client, the outbox only.
    settings = base.model_copy(update={"data_dir": demo_dir, "database_url": ""})
    started = time.perf_counter()
    services = _services(settings)
    sync = _sync(services, as_json)
    source = posts or sample_posts_path()
    if not source.is_file():
        _fail(f"{source} does not exist.")
    replayed = replay(source, services.pipeline)
    created = replayed.new_tickets
    joined = 0
    if posts is None:  # the bundled samples go on: customers answer, and some of our replies seen in the feed
        followed = replay(sample_conversations_path(), services.pipeline)
        created, joined = created + followed.new_tickets, followed.joined
        replayed.problems.extend(followed.problems)
        # The card names the language; posts from Mastodon, Bluesky and the webhook keep their own length rules.
        for extra in ("languages.jsonl", "platforms.jsonl"):
            more = replay(sample_posts_path().parent / extra, services.pipeline)
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
    summary = {
        "tickets": len(tickets),
        "new_this_run": created,
        "drafted": sum(1 for t in tickets if t.draft is not None and t.draft.text),
        "no_match": sum(1 for t in tickets if t.no_match),
        "escalation_suggested": sum(1 for t in tickets if t.draft and any(f.startswith("specialist topic") for f in t.draft.flags)),
        "spam": sum(1 for t in tickets if t.intent == "spam"),
        "conversations": sum(1 for t in tickets if len(customer_posts(t)) > 1 or t.replies or any(m.ours for m in t.messages)),
        "messages_joined": joined,
        "citations": _citation_check(source, tickets),
        "by_state": services.store.counts(),
        "by_platform": dict(sorted(Counter(t.post.platform for t in tickets).items())),
        "outbox": str(services.publishers.outbox.path),
        "knowledge": sync,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        _emit(summary)
        return
    if no_input:
        for ticket in sorted(tickets, key=lambda t: (-t.priority_score, t.id)):
            console.print(render_card(ticket), soft_wrap=False)
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


def _citation_check(source: Path, tickets: list[Any]) -> dict[str, int]:
    """Where the replayed file gives `expected` articles (the evaluation format), how often the draft agreed."""
    expected: dict[str, list[str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("expected"), list) and "id" in record:
            expected[str(record["id"])] = record["expected"]
    check = {"answerable": 0, "expected_first": 0, "unanswerable": 0, "flagged_no_match": 0}
    for ticket in tickets:
        wanted = expected.get(ticket.post.external_id)
        if wanted is None or ticket.intent in ("spam", "praise"):
            continue
        cited = [c["article_id"] for c in ticket.draft.citations] if ticket.draft else []
        if wanted:
            check["answerable"] += 1
            check["expected_first"] += bool(cited) and cited[0] in wanted
        else:
            check["unanswerable"] += 1
            check["flagged_no_match"] += ticket.no_match
    return check


@app.command()
def run(
    replay_file: Optional[Path] = typer.Option(None, "--replay", help="Also feed this JSON Lines file of posts in at start-up."),
) -> None:
    """The real bot: Slack (Socket Mode or HTTP), the X, Mastodon and Bluesky pollers and publishers, and the signed webhook, as configured."""
    import threading

    settings = load_settings()
    from assistant.logs import configure_logging

    configure_logging(settings.log_level)
    log = logging.getLogger("assistant")
    from assistant.sources import connect_all

    try:
        settings.require_slack()
        settings.require_platforms()
        connected, off = connect_all(settings)  # X, Mastodon, Bluesky: each as configured, credentials checked now
    except AssistantError as exc:
        _fail(str(exc))
    started = time.perf_counter()
    services = _services(settings, live={network.platform: network.publisher for network in connected if network.publisher is not None})
    from assistant.slack.app import build_app, drain, http_server, serve_socket_mode

    bolt = build_app(services)  # reaches Slack (auth.test): an unreachable SLACK_API_URL or a bad token stops here
    # Both ports are taken before anything starts, so one already in use ends start-up with its setting's name.
    slack_http = None if settings.slack_app_token else http_server(bolt, "0.0.0.0", settings.port)
    webhook_server = None
    if settings.webhook_sources:
        from assistant.sources.webhook import PATH, Webhook, webhook_server as serve_webhook

        webhook = Webhook(settings.webhook_sources, services.pipeline, outbound=services.publishers.outbound)
        webhook_server = serve_webhook(webhook, "0.0.0.0", settings.webhook_port)
    report = services.knowledge.sync()
    log.info("knowledge: %d articles (%s); %d skipped", len(services.knowledge.articles), report.summary(), len(services.knowledge.problems))
    for problem in services.knowledge.problems:
        log.warning("knowledge article skipped: %s", problem)
    log.info("resumed: %s", services.resume())
    log.info("LIVE slack: %s", "Socket Mode" if settings.slack_app_token else f"HTTP on :{settings.port}/slack/events")
    log.info("%s drafting: %s", "LIVE" if settings.llm_enabled else "OFFLINE", services.drafter.name)
    log.info("replies: %s", services.publishers.describe())
    if replay_file is not None:
        from assistant.sources.replay import replay

        if not replay_file.is_file():
            _fail(f"{replay_file} does not exist.")
        replayed = replay(replay_file, services.pipeline)
        log.info("replayed %s: %d new ticket(s), %d bad line(s) kept aside (social-reply rejected)", replay_file, replayed.new_tickets, len(replayed.problems))
    stop = threading.Event()
    if settings.kb_poll_seconds > 0:
        from assistant.kb.health import watch_folder

        threading.Thread(
            target=watch_folder,
            args=(settings.knowledge_dir, services.knowledge.sync, stop, settings.kb_poll_seconds),
            daemon=True,
            name="kb-watch",
        ).start()
        log.info("LIVE knowledge sync: %s is checked for changes every %.0f s", settings.knowledge_dir, settings.kb_poll_seconds)
    if services.inbox is not None:
        from assistant.scheduler import Scheduler

        threading.Thread(target=Scheduler(services.store, services.inbox).run, args=(stop, settings.timer_poll_seconds), daemon=True, name="timers").start()
        log.info("LIVE timers: SLA warnings and follow-ups checked every %.0f s (%s)", settings.timer_poll_seconds, services.store.sla().summary())
    warn = services.inbox.announce if services.inbox is not None else None  # a poller's warnings reach the inbox channel too
    for network in connected:
        poller = network.poller(services.store, warn)
        threading.Thread(target=poller.run, args=(services.pipeline, stop, network.interval), daemon=True, name=f"{network.platform}-poll").start()
        log.info("LIVE %s", network.description)
    for reason in off:
        log.info("%s", reason)
    if webhook_server is not None:
        threading.Thread(target=webhook_server.run, daemon=True, name="webhook").start()
        log.info("LIVE webhook: POST :%d%s from %s", settings.webhook_port, PATH, ", ".join(sorted(settings.webhook_sources)))
    else:
        log.info("OFF webhook (set WEBHOOK_SECRETS to take signed posts from other networks)")
    log.info("serving %.1f s after start-up began", time.perf_counter() - started)

    def warm_model() -> None:
        # Once everything serves (started alongside, its imports slowed the rest of start-up more
        # than they saved), so a post arriving later is not kept waiting for the model.
        from assistant.kb.embeddings import warm

        loaded = warm(settings.embedding_model)
        log.info("ready to draft: embedding model loaded in %.1f s, %.1f s after start-up began", loaded, time.perf_counter() - started)

    threading.Thread(target=warm_model, daemon=True, name="warm-model").start()
    import signal

    def terminate(signum: int, _frame: Any) -> None:
        raise SystemExit(0)  # unwinds to `finally`, where work already acknowledged is finished

    signal.signal(signal.SIGTERM, terminate)
    try:
        if slack_http is None:
            serve_socket_mode(bolt, settings.slack_app_token)
        else:
            slack_http.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        if webhook_server is not None:
            webhook_server.close()  # no new posts; those stored are drafted below
            webhook.close()
        log.info("stopping: finishing the Slack work already acknowledged (sends, redraws, notes)")
        drain(bolt)
        log.info("stopped")


@app.command()
def replay(file: Path = typer.Argument(..., help="JSON Lines of posts (format in the README)."), as_json: bool = JsonOption) -> None:
    """Feed posts from a file through the pipeline into the ticket store (cards appear when `run` is up)."""
    from assistant.sources.replay import replay as replay_file

    _quiet()
    if not file.is_file():
        _fail(f"{file} does not exist.")
    services = _services(load_settings())
    services.knowledge.sync()
    report = replay_file(file, services.pipeline)
    data = {
        "posts": report.posts,
        "new_tickets": report.new_tickets,
        "joined_conversations": report.joined,
        "ours": report.ours,
        "duplicates": report.duplicates,
        "skipped": [{"line": p.line, "reason": p.reason} for p in report.problems],
    }
    if as_json:
        _emit(data)
        return
    console.print(
        f"{data['posts']} posts: {data['new_tickets']} new tickets, {data['joined_conversations']} joined their conversation, "
        f"{data['ours']} our own, {data['duplicates']} already known."
    )
    for problem in report.problems:
        err.print(f"[yellow]{escape(str(file))}:{problem.line}: skipped: {escape(problem.reason)}[/] (kept in `social-reply rejected`)")


@app.command()
def rejected(limit: int = typer.Option(50, help="How many to show, newest first."), as_json: bool = JsonOption) -> None:
    """Items sources could not turn into tickets (bad replay lines, malformed mentions), with why."""
    from rich.table import Table

    from assistant.store import Store

    items = Store(load_settings().db_url).rejected(limit)
    rows = [
        {"id": i.id, "source": i.source, "where": i.where, "external_id": i.external_id, "reason": i.reason, "received_at": i.received_at, "raw": i.raw}
        for i in items
    ]
    if as_json:
        _emit(rows)
        return
    if not rows:
        console.print("Nothing was rejected: every item became a ticket.")
        return
    table = Table("id", "source", "where", "reason", "item (personal data masked)")
    for row in rows:
        table.add_row(str(row["id"]), escape(row["source"]), escape(row["where"]), escape(row["reason"]), escape(row["raw"][:120]))
    console.print(table)


def _ticket_dict(ticket: Any, events: bool = False) -> dict[str, Any]:
    draft = ticket.draft
    data: dict[str, Any] = {
        "id": ticket.id,
        "state": ticket.state,
        "priority": ticket.priority,
        "intent": ticket.intent,
        "sentiment": ticket.sentiment,
        "why": ticket.priority_reasons,
        "author": ticket.post.author_handle,
        "followers": ticket.post.author_followers,
        "post": ticket.post.text,
        "draft": draft.text if draft else "",
        "dm_draft": draft.dm_text if draft else "",
        "citations": [c["article_id"] for c in draft.citations] if draft else [],
        "flags": draft.flags if draft else [],
        "no_match": ticket.no_match,
        "round": ticket.round or 1,
        "follows": ticket.previous_ticket_id,
    }
    if events:
        from assistant.conversation import messages

        data["conversation"] = [
            {"at": m.at, "from": "us" if m.ours else m.who, "outside_app": m.outside, "approved_by": "" if m.outside or not m.ours else m.who, "text": m.text}
            for m in messages(ticket)
        ]
        data["events"] = [
            {"at": e.at, "actor": e.actor, "kind": e.kind, "from": e.from_state, "to": e.to_state, "text": e.text, "note": e.note}
            for e in ticket.events
        ]
    return data


@app.command()
def tickets(state: Optional[str] = typer.Option(None, help="Only tickets in this state."), as_json: bool = JsonOption) -> None:
    """List tickets in the store."""
    from rich.table import Table

    from assistant.store import Store

    store = Store(load_settings().db_url)
    rows = [_ticket_dict(t) for t in store.list(states=[state] if state else None)]
    if as_json:
        _emit(rows)
        return
    table = Table("id", "state", "priority", "author", "post", "cites")
    for row in rows:
        table.add_row(str(row["id"]), row["state"], row["priority"], "@" + row["author"], row["post"][:60], ",".join(row["citations"]))
    console.print(table)


@app.command()
def ticket(ticket_id: str = typer.Argument(..., help="Ticket number."), as_json: bool = JsonOption) -> None:
    """One ticket with its full audit log."""
    from assistant.store import Store

    try:
        data = _ticket_dict(Store(load_settings().db_url).get(ticket_id), events=True)
    except AssistantError as exc:
        _fail(str(exc))
    if as_json:
        _emit(data)
        return
    console.print_json(json.dumps(data, default=str, ensure_ascii=False))


@kb_app.command("sync")
def kb_sync(as_json: bool = JsonOption) -> None:
    """Re-embed only new and changed articles and drop deleted ones."""
    _quiet()
    services = _services(load_settings())
    result = _sync(services, as_json)
    if as_json:
        _emit(result)


@kb_app.command("search")
def kb_search(
    text: str = typer.Argument(..., help="A customer post or question."),
    k: int = 5,
    mode: str = typer.Option("hybrid", help="hybrid, dense or lexical."),
    as_json: bool = JsonOption,
) -> None:
    """Show the best articles for a text, with scores and whether they pass the no-match decision."""
    from rich.table import Table

    _quiet()
    if mode not in ("hybrid", "dense", "lexical"):
        _fail("--mode must be hybrid, dense or lexical.")
    services = _services(load_settings())
    services.knowledge.sync()
    from assistant.kb.decision import as_decision
    from assistant.posts import Post
    from assistant.triage import triage

    intent = triage(Post("cli", "search", "customer", text)).intent
    grounding = services.knowledge.ground(text, intent)
    verdict = grounding.decided
    matched = {article.id for article, _ in grounding.matched}
    hits = services.knowledge.index.search(text, k, mode=mode)  # type: ignore[arg-type]
    articles = services.knowledge.articles
    rows = [
        {
            "article_id": h.article_id,
            "title": articles[h.article_id].title if h.article_id in articles else "",
            "score": h.score,
            "cosine": h.confidence,
            "bm25": h.lexical,
            "match": h.article_id in matched,
        }
        for h in hits
    ]
    decision = {
        **as_decision(services.knowledge.decision).describe(),
        "intent": intent,
        "answerable": verdict.answerable,
        "probability": None if verdict.probability is None else round(verdict.probability, 4),
        "reason": verdict.reason,
    }
    if as_json:
        _emit({"query": text, "mode": mode, "decision": decision, "results": rows})
        return
    said = "an article answers it" if verdict.answerable else f"no article: {verdict.reason}"
    chance = "" if verdict.probability is None else f" ({verdict.probability:.0%} likely)"
    table = Table("article", "title", "score", "cosine", "bm25", "used", title=f"{intent} · {said}{chance}")
    for row in rows:
        table.add_row(row["article_id"], escape(row["title"]), f"{row['score']:.4f}", f"{row['cosine']:.3f}", f"{row['bm25']:.2f}", "yes" if row["match"] else "no")
    console.print(table)


@kb_app.command("eval")
def kb_eval(
    knowledge: Optional[Path] = typer.Option(None, help="Knowledge folder to evaluate (default: KNOWLEDGE_DIR)."),
    cases: Optional[Path] = typer.Option(None, help="JSON Lines cases {text, expected} (default: the bundled sample posts)."),
    save: bool = typer.Option(False, "--save", help="Learn the no-match decision on these cases and use it for this knowledge folder and embedding model."),
    ship: bool = typer.Option(False, "--ship", hidden=True, help="Developers: relearn the shipped decision from the bundled sets."),
    as_json: bool = JsonOption,
) -> None:
    """Score retrieval (hit@1, hit@3, MRR) for hybrid and its dense and BM25 baselines, and the
    no-match decision in sample and cross-validated (5 folds, 3 shuffles)."""
    from rich.table import Table

    from assistant.kb.evaluate import report_for

    _quiet()
    settings = load_settings()
    if ship:
        from assistant.kb.evaluate import ship as ship_decision

        _emit(ship_decision(settings))
        return
    folder = knowledge or settings.knowledge_dir
    case_file = cases or _sample_posts()
    if not folder.is_dir():
        _fail(f"Knowledge folder {folder} does not exist.")
    if not case_file.is_file():
        _fail(f"Cases file {case_file} does not exist.")
    try:
        report = report_for(settings, folder, case_file, save=save)
    except AssistantError as exc:
        _fail(str(exc))
    if as_json:
        _emit(report)
        return
    for problem in report["problems"]:
        err.print(f"[yellow]skipped[/] {escape(problem)}")
    table = Table("retriever", "hit@1", "hit@3", "MRR", title=f"Retrieval · {report['cases']} cases ({report['answerable']} answerable, {report['unanswerable']} with no fitting article) · {report['articles']} articles · {'index reused' if report['index_reused'] else 'indexed now'}")
    for row in report["results"]:
        table.add_row(row["mode"], f"{row['hit_at_1']:.3f}", f"{row['hit_at_3']:.3f}", f"{row['mrr']:.3f}")
    console.print(table)
    decisions = report["decisions"]
    if "error" in decisions:
        err.print(f"[yellow]no learned decision[/]: {escape(decisions['error'])}")
        return
    table = Table("no-match decision", "measured", "no-match right", "false no-match", "decision accuracy",
                  title="No match · cross-validated = decided by a model that never saw the case (the figure to trust)")
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


def _sample_posts() -> Path:
    from assistant.sources.replay import sample_posts_path

    return sample_posts_path()


@kb_app.command("lint")
def kb_lint(
    cases: Optional[Path] = typer.Option(None, help="Also count articles these cases retrieve (JSON Lines {text, expected})."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings (near-duplicates, never retrieved) too."),
    as_json: bool = JsonOption,
) -> None:
    """Check the articles: format problems (path and line), near-duplicates, articles nothing retrieves."""
    from assistant.kb.health import near_duplicates, never_retrieved

    _quiet()
    settings = load_settings()
    services = _services(settings)
    services.knowledge.sync()
    knowledge = services.knowledge
    problems = [str(problem) for problem in knowledge.problems]
    duplicates = near_duplicates(knowledge.articles, knowledge.index.embedder.embeddings)
    retrieved = services.store.cited_article_ids()
    if cases is not None:
        from assistant.kb.evaluate import load_cases

        loaded, _ = load_cases(cases)
        for case in loaded:
            retrieved |= {hit.article_id for hit in knowledge.index.search(case.text, k=3)}
    unused = never_retrieved(knowledge.articles, retrieved)
    result = {
        "articles": len(knowledge.articles),
        "problems": problems,
        "near_duplicates": [{"a": a, "b": b, "similarity": sim} for a, b, sim in duplicates],
        "never_retrieved": unused,
        "retrieval_sources": "drafts in the store" + (f" and {cases}" if cases else ""),
    }
    if as_json:
        _emit(result)
    else:
        for problem in problems:
            console.print(f"[red]error[/] {problem}")
        for a, b, sim in duplicates:
            console.print(f"[yellow]near-duplicate[/] {a} ~ {b} (similarity {sim:.2f}): merge them or make them distinct")
        if unused:
            console.print(f"[yellow]never retrieved[/] by {result['retrieval_sources']}: {', '.join(unused)}")
        console.print(f"{len(knowledge.articles)} articles OK, {len(problems)} problem(s), {len(duplicates)} near-duplicate pair(s), {len(unused)} never retrieved.")
    if problems or (strict and (duplicates or unused)):
        raise typer.Exit(1)


@kb_app.command("gaps")
def kb_gaps(limit: int = typer.Option(10, help="How many groups to show."), as_json: bool = JsonOption) -> None:
    """Customer posts that found no good article, grouped by meaning: the articles to write next."""
    from assistant.kb.health import group_gaps

    _quiet()
    services = _services(load_settings())
    gaps = group_gaps(
        services.store.list(no_match=True), services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name
    )[:limit]
    rows = [{"posts": gap.size, "example": gap.example, "others": gap.posts[1:4], "tickets": gap.ticket_ids, "latest": gap.latest} for gap in gaps]
    if as_json:
        _emit(rows)
        return
    if not rows:
        console.print("No knowledge gaps: every post so far found an article (or was spam or praise).")
    for number, row in enumerate(rows, start=1):
        console.print(f"[bold]{number}. {row['posts']} post(s)[/] e.g. “{row['example']}”")
        for other in row["others"]:
            console.print(f"   · “{other}”")


@app.command("draft-eval")
def draft_eval(
    knowledge: Optional[Path] = typer.Option(None, help="Knowledge folder (default: KNOWLEDGE_DIR)."),
    cases: Optional[Path] = typer.Option(None, help="JSON Lines cases {text, expected} (default: the bundled sample posts)."),
    hostile: Optional[Path] = typer.Option(None, help="Hostile posts to resist (default: the bundled corpus; '-' for none)."),
    questions: Optional[Path] = typer.Option(
        None, help="Posts asking several things, with the articles answering each ({text, expected, parts}; default: two_questions.jsonl beside the cases; '-' for none)."
    ),
    attacks: Optional[Path] = typer.Option(
        None, help="Attack drafts by class ({text, cite, obey, class, lang}; default: the bundled attacks.jsonl; '-' for none): each must be blocked."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Draft every case and report citation accuracy, limits, substance, privacy, posts asking two things, hostile posts resisted and attack drafts blocked by class."""
    from rich.table import Table

    from assistant.drafting.evaluate import draft_report, draft_targets
    from assistant.sources.replay import sample_posts_path

    _quiet()
    settings = load_settings()
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
            _fail(f"{path} does not exist.")
    report = draft_report(settings, folder, case_file, hostile_file, questions_file=questions_file, attacks_file=attacks_file)
    report["targets"] = draft_targets(report)
    if as_json:
        _emit(report)
        return
    table = Table("figure", "value", title=f"draft-eval · {report['drafter']} · {report['cases']} cases ({report['answerable']} answerable, {report['unanswerable']} no fitting article, {report['hostile']} hostile)")
    for key in ("citation_accuracy", "citation_coverage", "retrieval_hit_at_1", "within_limits", "redirect_only_share", "dm_handoff_share",
                "public_personal_data_requests", "no_match_flagged", "hostile_resisted", "blocked_drafts", "thread_drafts"):
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
        table.add_row("drafts from the model", f"{model['from_model']} of {model['drafts']} ({model['model_share']:.1%}) · {model['avg_request_ms']} ms per request")
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


@app.command("privacy-eval")
def privacy_eval(
    cases: Optional[Path] = typer.Option(None, help="JSON Lines {class, text or messages, hide | keep} (default: the bundled 370-case corpus)."),
    presidio_python: Optional[Path] = typer.Option(None, help="A Python with presidio-analyzer installed: Presidio is measured beside ours (make privacy-check)."),
    as_json: bool = JsonOption,
) -> None:
    """Personal data by class: how many cases each masker hides entirely, and how many ordinary ones (order numbers, prices, dates, handles) it leaves readable."""
    from rich.table import Table

    from assistant.privacy_eval import load_cases, ours, presidio, run
    from assistant.sources.replay import sample_posts_path

    _quiet()
    path = cases or sample_posts_path().parent / "personal_data.jsonl"
    if not path.is_file():
        _fail(f"{path} does not exist.")
    if presidio_python is not None and not presidio_python.is_file():
        _fail(f"--presidio-python: {presidio_python} does not exist; `make privacy-check` builds one.")
    try:
        loaded = load_cases(path)
    except ValueError as exc:
        _fail(str(exc))
    report: dict[str, Any] = {"cases_file": str(path), "ours": run(ours(load_settings().regions), loaded)}
    if presidio_python is not None:
        try:
            report["presidio"] = presidio(str(presidio_python), path, loaded)
        except RuntimeError as exc:
            _fail(str(exc))
    if as_json:
        _emit(report)
        return
    names = ["ours", *(["presidio"] if "presidio" in report else [])]
    mine = report["ours"]
    table = Table("class", *names, title=f"privacy-eval · {mine['cases']} personal-data cases in {mine['classes']} classes, {mine['keep_cases']} to keep readable")
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


@app.command()
def check(
    ticket_id: str = typer.Argument(..., help="Ticket number."),
    action: str = typer.Option("edit", help="approve, edit, escalate, dismiss, return, close, claim, release or override."),
    reply: Optional[str] = typer.Option(None, help="The reply text to check (edit)."),
    dm: Optional[str] = typer.Option(None, help="The DM text to check (edit)."),
    actor: str = typer.Option("cli", help="Who would act (a claim by someone else refuses)."),
    as_json: bool = JsonOption,
) -> None:
    """Ask the review desk whether an action (and a reply text) would be allowed now, without doing it:
    the same decision the Slack modal and the terminal queue show. Exit code 1 when refused."""
    from assistant.policy import Action

    try:
        wanted = Action(action)
    except ValueError:
        _fail(f"--action: {action!r} is not one of {', '.join(a.value for a in Action)}.")
    services = _services(load_settings())
    if reply is not None or dm is not None:
        services.knowledge.sync()  # the checks read the cited articles
    verdict = services.desk.check(_ticket_number(ticket_id), actor, wanted, reply=reply, dm=dm)
    data = {"ticket": verdict.ticket.id, "action": wanted.value, "allowed": verdict.ok, "errors": verdict.errors, "reply": verdict.reply, "failed_checks": [p.as_dict() for p in verdict.problems]}
    if as_json:
        _emit(data)
    else:
        console.print(("allowed" if verdict.ok else "refused") + f": {wanted.value} on ticket {verdict.ticket.id}")
        for field, message in verdict.errors.items():
            console.print(f"  {field}: {message}", markup=False)
    if not verdict.ok:
        raise typer.Exit(1)


def _ticket_number(text: str) -> int:
    from assistant.errors import TicketNotFound

    if not text.strip().isdigit():
        raise TicketNotFound(text)
    return int(text)


@app.command()
def stats(as_json: bool = JsonOption) -> None:
    """Queue by state, and model calls: drafts, tokens and latency per model."""
    from rich.table import Table

    from assistant.store import Store

    store = Store(load_settings().db_url)
    data = {"tickets": store.counts(), "llm": store.usage_totals(), "model": store.model_summary(), "slack_cards_refused": store.count_events("slack_refused")}
    if as_json:
        _emit(data)
        return
    console.print("Tickets: " + (", ".join(f"{state} {count}" for state, count in sorted(data["tickets"].items())) or "none"))
    if data["slack_cards_refused"]:
        console.print(f"Slack refused {data['slack_cards_refused']} card(s); minimal cards were posted instead (see the logs).")
    _print_model_summary(data["model"])
    if not data["llm"]:
        return
    table = Table("model", "drafts", "prompt tokens", "completion tokens", "avg latency", "max latency")
    for row in data["llm"]:
        table.add_row(row["model"], str(row["drafts"]), str(row["prompt_tokens"]), str(row["completion_tokens"]), f"{row['avg_latency_ms']} ms", f"{row['max_latency_ms']} ms")
    console.print(table)


def _print_model_summary(model: dict[str, Any]) -> None:
    """The share of drafts the model wrote, its requests by outcome, and why the rest were not used."""
    if not model["requests"]:
        console.print("No model requests yet (the offline drafter makes none).")
        return
    requests = ", ".join(f"{outcome} {count}" for outcome, count in model["requests"].items())
    console.print(f"Drafts from the model: {model['from_model']} of {model['drafts']} ({model['model_share']:.0%}); requests: {requests}; {model['avg_request_ms']} ms on average.")
    for reason, count in model["not_used_because"].items():
        console.print(f"  not used {count}×: {escape(reason)}")


@app.command()
def report(
    since: str = typer.Option("7d", "--since", help="The period before now: 7d, 30d, 12h, 2w."),
    as_json: bool = JsonOption,
) -> None:
    """The support numbers from the audit log: first response, responses per interaction, one-reply
    resolution, draft acceptance, escalations, SLA breaches, per agent."""
    from assistant.metrics import describe, parse_since
    from assistant.metrics import report as numbers_for
    from assistant.store import Store

    try:
        period = parse_since(since)
    except ValueError as exc:
        _fail(str(exc))
    settings = load_settings()
    try:
        store = Store(settings.db_url, sla=settings.sla)
    except AssistantError as exc:
        _fail(str(exc))
    numbers = numbers_for(store, period)
    if as_json:
        _emit(numbers)
        return
    console.print(f"[bold]Last {escape(since)}[/] ({numbers['since'][:16]} to {numbers['until'][:16]} UTC)")
    for line in describe(numbers):
        console.print(escape(line))


def main() -> None:
    """Run the CLI; an error a user or operator can fix ends as `error: ...` lines and exit code 2."""
    try:
        app()
    except AssistantError as exc:
        try:
            _fail(str(exc))
        except typer.Exit as stop:
            sys.exit(stop.exit_code)
