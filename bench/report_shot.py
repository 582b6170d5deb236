"""`make report-shot`: a week of the bundled sample posts worked through the review desk on a
controlled clock, `report --html` of it, and a screenshot of that page in headless Chromium.

    python -m bench.report_shot docs/report.html docs/report.png

The agents' script is fixed (who answers, who edits, what is escalated, how long each takes), so the
page is the same from run to run; the figures are the report's own. Chromium is Debian's
(`apt-get install chromium`, or CHROMIUM=/path); without it the HTML is still written.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.config import load_settings
from assistant.hours import parse_hours
from assistant.reports import html_report
from assistant.services import build_services
from assistant.sources.replay import read_posts, sample_posts_path

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
AGENTS = ("UAGENT1", "UAGENT2", "UAGENT3")
NAMES = {"UAGENT1": "Ana", "UAGENT2": "Ben", "UAGENT3": "Cal"}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def week(data_dir: Path) -> tuple[object, datetime, datetime]:
    """The store after a scripted week: ~10-20 posts a day from every network, most answered as
    drafted, some edited or rewritten, a few escalated, waits from minutes to hours."""
    settings = load_settings(data_dir=data_dir, database_url="", kb_poll_seconds=0)
    clock = Clock(MONDAY)
    services = build_services(settings, clock=clock)
    services.knowledge.sync()
    store = services.store
    store.default_sla = replace(store.default_sla, hours=parse_hours("mon-fri 08:00-20:00"))
    rng = random.Random(7)
    folder = sample_posts_path().parent
    posts = [*read_posts(sample_posts_path()), *read_posts(folder / "platforms.jsonl")]
    rng.shuffle(posts)
    per_day = (18, 14, 22, 12, 16, 6, 4)
    used = 0
    for day, count in enumerate(per_day):
        for post in posts[used : used + count]:
            wrote = MONDAY + timedelta(days=day, hours=rng.uniform(7, 21))
            clock.now = wrote + timedelta(minutes=rng.choice((1, 2, 3, 5, 40)))  # a late poll now and then
            ticket_id = services.pipeline.ingest(replace(post, external_id=f"{post.external_id}-w{day}", created_at=wrote)).ticket_id
            if ticket_id is None:
                continue
            ticket = store.get(ticket_id)
            if ticket.state != "awaiting_review":
                continue
            agent = AGENTS[rng.randrange(len(AGENTS))]
            busy = 1.0 if day < 5 else 3.0  # the weekend is thinly staffed
            clock.now += timedelta(minutes=rng.expovariate(1 / (12 * busy)))
            roll = rng.random()
            draft = ticket.draft.text if ticket.draft else ""
            try:
                if roll < 0.08:
                    services.desk.escalate(ticket_id, agent, "needs a manager's decision")
                    clock.now += timedelta(minutes=rng.uniform(20, 90))
                    services.desk.edit_and_send(ticket_id, "UBOSS", draft or f"@{ticket.post.author_handle} Thanks, we're on it.")
                elif draft and roll < 0.72:
                    services.desk.approve(ticket_id, agent)
                elif draft and roll < 0.9:
                    services.desk.edit_and_send(ticket_id, agent, draft.replace("Thanks", "Thank you") + " Hope that helps!")
                elif roll < 0.95:
                    services.desk.dismiss(ticket_id, agent, "no reply needed")
                else:
                    services.desk.edit_and_send(ticket_id, agent, f"@{ticket.post.author_handle} Thanks for telling us. We're looking into it now.")
            except Exception as exc:  # noqa: BLE001 - a draft a check refuses stays unanswered, as it would
                print(f"ticket {ticket_id}: {exc}", file=sys.stderr)
        used += count
    return store, MONDAY, MONDAY + timedelta(days=7)


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def main(html_path: Path, png_path: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="report-shot-") as work:
        store, since, until = week(Path(work) / "data")
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(html_report(store, since, until, name=lambda actor: NAMES.get(actor, actor)), encoding="utf-8")
        print(f"Wrote {html_path}")
        browser = chromium()
        if browser is None:
            print("error: no Chromium to take the screenshot with; install Debian's chromium (apt-get install chromium) or set CHROMIUM", file=sys.stderr)
            return 2
        profile = Path(work) / "chromium"
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1400,1900",
            f"--screenshot={png_path.resolve()}",
            html_path.resolve().as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0 or not png_path.is_file():
            print(f"error: Chromium did not take the screenshot (exit {done.returncode}): {done.stderr[-800:]}", file=sys.stderr)
            return 1
        print(f"Wrote {png_path}")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:] or ["docs/report.html", "docs/report.png"]
    sys.exit(main(Path(arguments[0]), Path(arguments[1])))
