"""The manager's exports: the HTML report (every chart, self-contained, hostile text escaped), the
CSV of tickets and the audit log (a spreadsheet never runs a cell), per-article figures, and the
commands that write them."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.reports import FORMULA_START, cell, export_csv, html_report
from assistant.services import Services
from tests.conftest import Clock, SlackHarness, examples, make_post, module_services
from tests.test_cli import run_cli

START = datetime(2026, 11, 23, 9, tzinfo=UTC)
CHARTS = (
    "First response, from when the customer wrote (minutes)",
    "Responses per interaction",
    "SLA breaches",
    "Draft acceptance: replies out",
    "Conversations opened, per network",
    "Replies per agent",
)


def _three_days(services: Services) -> dict[str, int]:
    """A few conversations over three days on two networks: sent as drafted, edited, escalated."""
    store, desk = services.store, services.desk
    clock = Clock(START)
    store.clock = clock
    made = {}
    for day in range(3):
        clock.now = START + timedelta(days=day)
        sent = services.pipeline.ingest(make_post(f"p{day}", author=f"ann{day}", created_at=clock.now - timedelta(minutes=30))).ticket_id
        edited = services.pipeline.ingest(make_post(f"m{day}", platform="mastodon", author=f"bob{day}", created_at=clock.now)).ticket_id
        hostile = services.pipeline.ingest(
            make_post(f"h{day}", '<script>alert(1)</script> =HYPERLINK("http://evil") where is my order?', author="eve")
        ).ticket_id
        clock.now += timedelta(minutes=20)
        desk.approve(sent, "UAGENT1")
        text = store.get(edited).draft.text
        desk.edit_and_send(edited, "UAGENT2", text + " Thanks!" if text else "@bob Thanks, we're on it.")
        desk.escalate(hostile, "UAGENT2", "asks for something odd")
        made.update({f"sent{day}": sent, f"edited{day}": edited, f"hostile{day}": hostile})
    clock.now = START + timedelta(days=3)
    return made


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, dict[str, int]]]:
    """One store worked for three days, read by every test here."""
    built = module_services(tmp_path_factory, "reports")
    services = next(built)
    yield services, _three_days(services)
    built.close()


def test_the_html_report_has_every_chart_is_self_contained_and_escapes_what_customers_wrote(week: tuple[Services, dict[str, int]]) -> None:
    services, _ = week
    page = html_report(services.store, START - timedelta(hours=1), START + timedelta(days=3), name=lambda actor: {"UAGENT1": "Ana"}.get(actor, actor))
    for title in CHARTS:
        assert f"<figcaption>{title}</figcaption>" in page, title
    assert page.count("<svg") == len(CHARTS)
    assert "<script" not in page and "src=" not in page and "href=" not in page, "nothing runs, nothing is fetched"
    assert "9 conversations, 9 answered" not in page and "9 conversations, 6 answered" in page
    assert "escalated 3 of 9 (33%)" in page and "Ana" in page
    assert "mastodon" in page and page.count("<rect x=") >= 3
    assert "Per article" in page and "<td>order-status</td>" in page or "<td>reset-password</td>" in page


def test_the_csv_export_has_each_conversation_and_its_log_and_never_a_formula(week: tuple[Services, dict[str, int]], tmp_path: Path) -> None:
    services, made = week
    tickets_csv, events_csv = export_csv(services.store, START - timedelta(hours=1), START + timedelta(days=3), tmp_path / "out")
    tickets = list(csv.DictReader(tickets_csv.open(encoding="utf-8")))
    assert len(tickets) == 9 and {row["network"] for row in tickets} == {"x", "mastodon"}
    first = next(row for row in tickets if row["ticket"] == str(made["sent0"]))
    assert first["written_at"] == (START - timedelta(minutes=30)).isoformat(timespec="seconds") and first["first_response_minutes"] == "50.0"
    assert first["customer"] == "'@ann0", "a cell starting with @ is text in a spreadsheet"
    hostile = next(row for row in tickets if row["ticket"] == str(made["hostile0"]))
    assert hostile["escalated"] == "True" and hostile["first_reply_at"] == ""
    cells = [value for path in (tickets_csv, events_csv) for row in csv.reader(path.open(encoding="utf-8")) for value in row]
    assert not any(value.startswith(FORMULA_START) for value in cells)
    events = list(csv.DictReader(events_csv.open(encoding="utf-8")))
    assert {"received", "approved", "dry_run", "escalated"} <= {row["kind"] for row in events}


@given(st.text(max_size=40))
@settings(max_examples=examples(300), deadline=None)
def test_any_cell_is_written_as_text_and_read_back_whole(text: str) -> None:
    written = cell(text)
    assert not written.startswith(FORMULA_START)
    assert written in (text, "'" + text)


def test_report_writes_html_and_csv_and_kb_stats_ranks_articles(week: tuple[Services, dict[str, int]], tmp_path: Path) -> None:
    from assistant.metrics import article_figures

    services, _ = week
    figures = article_figures(services.store.desk_history(), START - timedelta(hours=1), START + timedelta(days=3))
    assert figures and all(
        counts["cited"] >= counts["as_drafted"] + counts["edited"] + counts["rewritten"] + counts["escalated"] for counts in figures.values()
    )
    top = next(iter(figures.values()))
    assert top["rewritten"] + top["escalated"] == max(c["rewritten"] + c["escalated"] for c in figures.values()), "the article to fix first is first"
    env = {"DATA_DIR": str(services.settings.data_dir)}
    page, folder = tmp_path / "r" / "report.html", tmp_path / "csv"
    result = run_cli("report", "--since", "30d", "--html", str(page), "--csv", str(folder), env=env)
    assert result.returncode == 0, result.stderr
    assert f"Wrote {page}" in result.stdout and (folder / "tickets.csv").is_file() and page.read_text().count("<svg") == len(CHARTS)
    stats = run_cli("kb", "stats", "--since", "30d", "--json", env=env)
    assert stats.returncode == 0 and json.loads(stats.stdout) == json.loads(json.dumps(figures))


@given(st.lists(st.one_of(st.integers(0, 100_000).map(float), st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=20))
@settings(max_examples=examples(300), deadline=None)
def test_an_axis_holds_every_value_in_four_round_steps(values: list[float]) -> None:
    from assistant.reports import _top

    top = _top(values)
    assert top >= max(values) and top > 0
    if all(v.is_integer() for v in values) and max(values) > 0:
        assert (top / 4).is_integer(), "counts get whole-number ticks"


def test_a_manager_gets_the_charts_as_an_image_in_their_dm_and_an_agent_the_text(slack: SlackHarness) -> None:
    services = slack.services
    services.desk.is_manager = lambda user: user == "UBOSS"
    services.desk.approve(services.pipeline.ingest(make_post("img1")).ticket_id, "UAGENT1")
    services.pipeline.ingest(make_post("img2", author="bob", platform="mastodon"))

    agent = slack.answer("report 7d", user="UAGENT1")
    assert "Conversations: 2 opened, 1 answered" in agent and "DMs" not in agent and slack.api.uploads == {}

    manager = slack.answer("report 7d", user="UBOSS")
    assert "The charts are in your DMs" in manager
    [opened] = slack.api.of("conversations.open")
    assert opened["users"] == "UBOSS"
    [(file_id, data)] = slack.api.uploads.items()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, "a PNG of the charts"
    [completed] = slack.api.of("files.completeUploadExternal")
    assert completed["channel_id"] == "DBOSS" and file_id in str(completed["files"])

    slack.api.refuse_next["files.getUploadURLExternal"] = "missing_scope"
    refused = slack.answer("report 7d", user="UBOSS")
    assert "could not be sent to your DMs (missing_scope)" in refused and "files:write" in refused and "Conversations: 2 opened" in refused
