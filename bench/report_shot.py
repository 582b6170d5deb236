"""`make report-shot`: a week of the bundled sample posts worked through the review desk on a
controlled clock, `report --html` of it, and a screenshot of that page in headless Chromium.

    python -m bench.report_shot docs/report.html docs/report.png

The agents' script is fixed (who answers, who edits, what is escalated, how long each takes), so the
page is the same from run to run; the figures are the report's own. Chromium is Debian's
(`apt-get install chromium`, or CHROMIUM=/path); without it the HTML is still written.
"""

from __future__ import annotations

import heapq
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
from assistant.posts import Post
from assistant.reports import html_report
from assistant.scheduler import Scheduler
from assistant.services import build_services
from assistant.sources.replay import read_posts, sample_posts_path

MONDAY = datetime(2026, 11, 16, tzinfo=UTC)
AGENTS = ("UAGENT1", "UAGENT2", "UAGENT3")
NAMES = {"UAGENT1": "Ana", "UAGENT2": "Ben", "UAGENT3": "Cal", "UBOSS": "Dee (manager)"}
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
    """The store after a scripted week: 4-22 posts a day spread over the networks, some customers
    writing again, most drafts sent as they are, some edited or rewritten, a few escalated to the
    manager, waits from minutes to hours (some past their SLA), all on one clock, in time order."""
    settings = load_settings(data_dir=data_dir, database_url="", kb_poll_seconds=0)
    clock = Clock(MONDAY)
    services = build_services(settings, clock=clock)
    services.knowledge.sync()
    store = services.store
    scheduler = Scheduler(store)  # no Slack: SLA warnings and breaches are recorded, not said
    rng = random.Random(7)
    folder = sample_posts_path().parent
    posts = [*read_posts(sample_posts_path()), *read_posts(folder / "platforms.jsonl")]
    rng.shuffle(posts)
    networks = ("x", "x", "x", "mastodon", "bluesky", "facebook")
    events: list[tuple[datetime, int, str, object]] = []
    order = 0
    used = 0
    for day, count in enumerate((18, 14, 22, 12, 16, 6, 4)):
        for post in posts[used : used + count]:
            wrote = MONDAY + timedelta(days=day, hours=rng.uniform(7, 21))
            platform = post.platform if post.platform != "x" else rng.choice(networks)
            late = timedelta(minutes=rng.choice((1, 2, 3, 5, 40)))  # a late poll now and then
            order += 1
            heapq.heappush(
                events, (wrote + late, order, "arrive", replace(post, platform=platform, external_id=f"{post.external_id}-w{day}", created_at=wrote))
            )
        used += count
    while events:
        at, _, kind, payload = heapq.heappop(events)
        clock.now = at
        scheduler.tick()
        try:
            if kind == "arrive":
                came = services.pipeline.ingest(payload)  # type: ignore[arg-type]
                if came.ticket_id is not None and came.created and store.get(came.ticket_id).state == "awaiting_review":
                    wait = timedelta(minutes=rng.choice((4, 8, 12, 20, 35, 60)) * (3 if at.weekday() >= 5 else 1))
                    if rng.random() < 0.1:
                        wait += timedelta(hours=rng.uniform(1, 5))  # a busy hour: some pass their SLA
                    order += 1
                    heapq.heappush(events, (at + wait, order, "answer", came.ticket_id))
            elif kind == "answer":
                _answer(services, int(payload), rng, clock, events)  # type: ignore[arg-type]
                order += 1
            elif kind == "manager":
                ticket = store.get(int(payload))  # type: ignore[arg-type]
                draft = ticket.draft.text if ticket.draft else ""
                services.desk.edit_and_send(ticket.id, "UBOSS", draft or f"@{ticket.post.author_handle} Thanks, we're on it and will reply here today.")
            elif kind == "again":
                ticket = store.get(int(payload))  # type: ignore[arg-type]
                follow = make_follow_up(ticket, at)
                services.pipeline.ingest(follow)
                if store.get(ticket.id).state == "awaiting_review":
                    heapq.heappush(events, (at + timedelta(minutes=15), order + 10_000, "answer", ticket.id))
        except Exception as exc:  # noqa: BLE001 - a draft a check refuses stays unanswered, as it would
            print(f"{kind} at {at:%a %H:%M}: {exc}", file=sys.stderr)
    clock.now = MONDAY + timedelta(days=7)
    scheduler.tick()
    return store, MONDAY, MONDAY + timedelta(days=7)


def _answer(services: object, ticket_id: int, rng: random.Random, clock: Clock, events: list) -> None:  # type: ignore[type-arg]
    """What the agent does with a card: send it, edit it, rewrite it, escalate it or dismiss it."""
    store, desk = services.store, services.desk  # type: ignore[attr-defined]
    ticket = store.get(ticket_id)
    if ticket.state != "awaiting_review":
        return
    agent = AGENTS[ticket_id % len(AGENTS)]
    draft = ticket.draft.text if ticket.draft and not ticket.draft.blocked else ""
    roll = rng.random()
    if roll < 0.07:
        desk.escalate(ticket_id, agent, "needs a manager's decision")
        heapq.heappush(events, (clock.now + timedelta(minutes=rng.uniform(20, 120)), 20_000 + ticket_id, "manager", ticket_id))
    elif draft and roll < 0.72:
        desk.approve(ticket_id, agent)
    elif draft and roll < 0.9:
        desk.edit_and_send(ticket_id, agent, draft.replace("Thanks", "Thank you") + " Hope that helps!")
    elif roll < 0.94:
        desk.dismiss(ticket_id, agent, "no reply needed")
    else:
        desk.edit_and_send(ticket_id, agent, f"@{ticket.post.author_handle} Thanks for telling us. We're looking into it now and will reply here.")
    if store.get(ticket_id).state == "sent" and rng.random() < 0.12:  # the customer writes again
        heapq.heappush(events, (clock.now + timedelta(minutes=rng.uniform(10, 90)), 30_000 + ticket_id, "again", ticket_id))


def make_follow_up(ticket: object, at: datetime) -> Post:
    """The customer answering our reply on the same network."""
    post = ticket.post  # type: ignore[attr-defined]
    reply = ticket.replies[-1]  # type: ignore[attr-defined]
    return Post(
        platform=post.platform,
        external_id=f"{post.external_id}-again",
        author_handle=post.author_handle,
        author_id=post.author_id,
        text="thanks, but it still isn't working for me. what else can I try?",
        created_at=at,
        in_reply_to_id=reply.external_id or post.external_id,
        conversation_id=post.conversation_id or post.external_id,
    )


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
