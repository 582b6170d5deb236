"""`python -m bench` (`make bench`): measure, print the table, write the JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from assistant.config import load_settings
from assistant.logs import configure_logging
from bench.measure import run_bench

console = Console()
app = typer.Typer(add_completion=False)


def _finish(table: Table, out: Path, markdown: Path | None) -> None:
    console.print(table)
    console.print(f"Wrote {out}")
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(as_markdown(table))
        console.print(f"Wrote {markdown}")


def as_markdown(table: Table) -> str:
    """The printed table as Markdown: its title, then one row per figure."""
    cells = [[str(cell) for cell in column._cells] for column in table.columns]
    header = [str(column.header) for column in table.columns]
    rows = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in zip(*cells, strict=True)]
    return f"# {table.title}\n\n| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n" + "\n".join(rows) + "\n"


def too_slow(hostile: dict[str, Any], limit_ms: float) -> list[str]:
    """The hostile section's figures over `limit_ms`: the whole pipeline, an agent's edit through
    the checks, a model's draft checked against the post, a hostile article's sync and a draft
    citing it (each its slowest shape)."""
    checks, articles = hostile.get("checks", {}), hostile.get("articles", {})
    figures = [
        ("the pipeline", hostile.get("slowest_ms", 0.0), hostile.get("slowest_unit", "")),
        ("an agent's edit through the checks", checks.get("edit_slowest_ms", 0.0), checks.get("edit_slowest_unit", "")),
        ("a model's draft checked against the post", checks.get("model_slowest_ms", 0.0), checks.get("model_slowest_unit", "")),
        ("an article's sync", articles.get("sync_slowest_ms", 0.0), articles.get("sync_slowest_unit", "")),
        ("a draft citing the article", articles.get("draft_slowest_ms", 0.0), articles.get("draft_slowest_unit", "")),
    ]
    return [f"{what}: {ms:,.0f} ms on {unit!r} repeated, over {limit_ms:,.0f} ms" for what, ms, unit in figures if limit_ms and ms > limit_ms]


def _gate(results: dict[str, Any], limit_ms: float) -> None:
    """Exit 1 when `--fail-over` is set and a hostile shape took longer (a rule reading from every
    character to the end of the post shows here, long before a customer's post finds it)."""
    slow = too_slow(results.get("hostile", {}), limit_ms)
    for line in slow:
        typer.echo(f"too slow: {line}", err=True)
    if slow:
        raise typer.Exit(code=1)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


@app.command()
def main(
    out: Path = typer.Option(Path("bench.json"), help="Where to write the figures as JSON."),
    markdown: Path | None = typer.Option(None, help="Also write the table as Markdown here (make bench: docs/bench-latest.md)."),
    scales: str = typer.Option("50,1000,5000", help="Folder sizes (generated articles) for the sync, search and throughput figures."),
    only: str = typer.Option("", help="Run one section only: throughput, slack, conversations, search or hostile."),
    slack_latency_ms: int = typer.Option(200, help="Latency the loopback Slack Web API adds to each call."),
    fail_over: float = typer.Option(0, help="Exit 1 when a hostile shape takes longer than this many ms (0: never). CI: 10,000, ten times the target."),
) -> None:
    """Measure retrieval quality (against baselines), sync, search and pipeline throughput (against
    the model alone), conversations, drafts and Slack."""
    configure_logging("WARNING", "%(levelname)s %(name)s: %(message)s")
    sections = {"throughput": _throughput_rows, "slack": _slack_rows, "conversations": _conversation_rows, "search": _search_rows, "hostile": _hostile_rows}
    if only and only not in sections:
        _fail(f"--only: unknown section {only!r}; the sections that run alone are {', '.join(repr(name) for name in sections)}.")
    try:
        sizes = tuple(int(size) for size in scales.split(","))
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        _fail(f"--scales: {scales!r} is not a list of article counts, such as 50,1000,5000.")
    results = run_bench(load_settings(), scales=sizes, only=only, slack_latency=slack_latency_ms / 1000)
    out.write_text(json.dumps(results, indent=2, default=str))
    machine = results["machine"]
    table = Table(
        "figure",
        "value",
        "target",
        title=f"Social Reply Assistant bench · {machine['cores']} cores (budget {machine['cpu_budget']}, {machine['torch_threads']} embedding thread(s)) · Python {machine['python']}",
    )
    if only:
        sections[only](table, results[only])
        _finish(table, out, markdown)
        _gate(results, fail_over)
        return
    retrieval = results["retrieval"]
    for name, report in (("samples", retrieval), ("Brightline", retrieval["second_set"])):
        for row in report["results"]:
            table.add_row(f"retrieval {row['mode']} ({name})", f"hit@1 {row['hit_at_1']:.3f} · hit@3 {row['hit_at_3']:.3f} · MRR {row['mrr']:.3f}", "")
        held_out = report["decisions"]["learned"]["cross_validated"]
        thresholds = report["results"][0]["cross_validated"]
        table.add_row(
            f"no match, cross-validated ({name})",
            f"learned: {held_out['no_match_correct']:.1%} right, {held_out['false_no_match']:.1%} lost · "
            f"thresholds: {thresholds['no_match_correct']:.1%} right, {thresholds['false_no_match']:.1%} lost",
            ">= 80% right, <= 5% lost",
        )
    _throughput_rows(table, results["throughput"])
    drafts = results["drafts"]
    table.add_row(
        f"drafts ({drafts['drafter']}), {drafts['cases']} cases",
        f"citation accuracy {drafts['citation_accuracy']:.1%} (coverage {drafts['citation_coverage']:.1%}) · within limits {drafts['within_limits']:.0%} · "
        f"redirect-only {drafts['redirect_only_share']:.1%} · public PII asks {drafts['public_personal_data_requests']:.0%} · "
        f"no-match flagged {drafts['no_match_flagged']:.1%} · hostile resisted {drafts['hostile_resisted']:.0%} · "
        f"obeying model blocked {drafts['obeying_blocked']}/{drafts['obeying_drafts']} · normal drafts blocked {drafts['normal_drafts_blocked']}/{drafts['normal_drafts']}",
        "",
    )
    table.add_row("peak memory", f"{results['peak_rss_mb']} MB", "")
    for name, passed in {**retrieval["targets"], **drafts["targets"]}.items():
        table.add_row(f"target: {name}", "met" if passed else "MISSED", "")
    _conversation_rows(table, results["conversations"])
    _slack_rows(table, results["slack"])
    _search_rows(table, results["search"])
    _hostile_rows(table, results["hostile"])
    _finish(table, out, markdown)
    _gate(results, fail_over)


def _hostile_rows(table: Any, hostile: dict[str, Any]) -> None:
    table.add_row(
        f"hostile posts of {hostile['length']:,} characters ({hostile['posts']} shapes), one each through the pipeline",
        f"slowest {hostile['slowest_ms']:.0f} ms ({hostile['slowest_unit']!r} repeated) · median {hostile['median_ms']:.0f} ms",
        "< 1,000 ms each",
    )
    checks = hostile["checks"]
    table.add_row(
        f"the draft checks on hostile text ({hostile['posts']} shapes): an agent's edit of {checks['edit_length']:,} characters (reply and DM)",
        f"slowest {checks['edit_slowest_ms']:.0f} ms ({checks['edit_slowest_unit']!r}) · median {checks['edit_median_ms']:.0f} ms",
        "< 1,000 ms each",
    )
    table.add_row(
        f"… a model's draft against a hostile post of {hostile['length']:,} characters",
        f"slowest {checks['model_slowest_ms']:.0f} ms ({checks['model_slowest_unit']!r}) · median {checks['model_median_ms']:.0f} ms",
        "< 1,000 ms each",
    )
    articles = hostile["articles"]
    table.add_row(
        f"hostile articles of {articles['bytes']:,} bytes as read ({articles['shapes']} shapes, {articles['refused']} refused): the sync of each",
        f"slowest {articles['sync_slowest_ms']:.0f} ms ({articles['sync_slowest_unit']!r}) · median {articles['sync_median_ms']:.0f} ms",
        "< 5,000 ms each",
    )
    table.add_row(
        f"… a post's draft, citing it in {articles['cited']} of {articles['shapes']}",
        f"slowest {articles['draft_slowest_ms']:.0f} ms ({articles['draft_slowest_unit']!r}) · median {articles['draft_median_ms']:.0f} ms",
        "< 1,000 ms each",
    )


def _search_rows(table: Any, search: dict[str, Any]) -> None:
    table.add_row(
        f"kb search, a new process, bot running ({search['runs']} runs)",
        f"median {search['bot_seconds_median']} s · max {search['bot_seconds_max']} s · peak {search['bot_rss_mb_max']} MB · answered by {', '.join(search['answered_by'])}",
        "≤ 1.5 s, ≤ 400 MB",
    )
    table.add_row("kb search --local, a new process", f"median {search['local_seconds_median']} s · peak {search['local_rss_mb_max']} MB", "")


def _conversation_rows(table: Any, conversations: dict[str, Any]) -> None:
    if isinstance(conversations.get("real_posts"), int):
        table.add_row(
            f"real reply threads, {conversations['real_posts']} posts (realdata)",
            f"{conversations['real_customer_posts']} customer posts → {conversations['real_tickets']} tickets "
            f"({conversations['real_reference_conversations']} by the reply chains; {conversations['real_multi_message']} multi-message) · "
            f"agreement {conversations['real_grouping_agreement']:.1%}",
            "100%",
        )
    table.add_row(
        f"a post joining its conversation, {conversations['stored_posts']:,} posts stored",
        f"p50 {conversations['arrival_p50_ms']} ms · p95 {conversations['arrival_p95_ms']} ms",
        "p95 < 20 ms",
    )
    table.add_row(f"due-timer scan, {conversations['pending_timers']:,} pending", f"{conversations['timer_scan_ms']} ms", "< 100 ms")
    for name, passed in conversations["targets"].items():
        table.add_row(f"target: {name}", "met" if passed else "MISSED", "")


def _throughput_rows(table: Any, figures: dict[str, Any]) -> None:
    raw = figures["raw_embedding"]
    table.add_row(
        f"the model alone, {figures['posts']}",
        f"{raw['batch_32_per_second']}/s at batch 32 · {raw['batch_8_per_second']}/s at batch 8 · {raw['one_at_a_time_per_second']}/s one at a time",
        "the reference",
    )
    for scale in figures["scales"]:
        size = f"{scale['articles']:,} articles"
        table.add_row(
            f"full sync, {size} ({scale['chunks']:,} chunks)", f"{scale['full_sync_seconds']} s", "< 60 s at 1,000" if scale["articles"] == 1000 else ""
        )
        table.add_row(
            f"sync after editing one article, {size}",
            f"{scale['edit_one_sync_seconds']} s, {scale['edit_one_chunks_embedded']} chunks",
            "≤ 2 s, that article only",
        )
        table.add_row(f"sync of an unchanged folder, {size}", f"{scale['no_change_sync_seconds']} s", "≤ 0.2 s")
        table.add_row(f"first query after an edit, {size}", f"{scale['first_query_after_edit_ms']} ms", "< 50 ms")
        table.add_row(
            f"query latency, {size}",
            f"posts: p50 {scale['post_query_p50_ms']} ms · p95 {scale['post_query_p95_ms']} ms · generated: p95 {scale['query_p95_ms']} ms",
            "p95 ≤ 50 ms",
        )
        for store, run in scale["pipeline"].items():
            table.add_row(
                f"pipeline, {size}, {store}",
                f"{run['posts_per_second']} posts/s = {run['ratio_to_raw_batch_32']}× the model alone · no match {run['no_match_share']:.1%}",
                "≥ 0.4×",
            )
    before = figures["store_first_one_by_one"]
    table.add_row(
        f"pipeline before (store first, one post at a time), {before['articles']:,} articles",
        f"{before['posts_per_second']} posts/s = {before['ratio_to_raw_batch_32']}×",
        "",
    )
    loaded = figures["under_load"]
    table.add_row(
        f"under load ({loaded['busy_processes']} busy processes), {loaded['articles']:,} articles",
        f"model alone {loaded['raw_embedding']['batch_32_per_second']}/s at batch 32 · pipeline {loaded['pipeline']['posts_per_second']} posts/s = {loaded['pipeline']['ratio_to_raw_batch_32']}×",
        "",
    )
    for name, passed in figures["targets"].items():
        table.add_row(f"target: {name}", "met" if passed else "MISSED", "")


def _slack_rows(table: Any, slack: dict[str, Any]) -> None:
    table.add_row(
        f"Slack acks, {slack['clicks']} clicks (Web API {slack['web_api_latency_ms']} ms/call, platform {slack['platform_latency_ms']} ms/post)",
        f"p50 {slack['ack_p50_ms']} ms · p95 {slack['ack_p95_ms']} ms · p99 {slack['ack_p99_ms']} ms · max {slack['ack_max_ms']} ms",
        "p99 <= 250 ms",
    )
    table.add_row(
        "Slack work done (all tickets sent, cards redrawn)",
        f"{slack['all_settled_seconds']} s · {slack['web_api_calls']} Web API calls · {slack['refused_by_slack']} refused · one reply per ticket: {slack['exactly_one_reply_per_ticket']}",
        "",
    )
    for name, passed in slack["targets"].items():
        table.add_row(f"target: {name}", "met" if passed else "MISSED", "")


if __name__ == "__main__":
    app()
