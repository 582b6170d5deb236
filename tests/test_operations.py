"""The probes and /metrics on the bot's HTTP port, as an operator's monitoring reads them: a scripted
day (model drafts and a fallback, a rejected item, a reply sent, SLA breaches, duties held), then a
scrape over HTTP whose counts are checked one by one."""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from assistant.observe import Operations
from assistant.replica import Replica
from assistant.scheduler import Scheduler
from assistant.services import Services
from assistant.slack import constants as c
from assistant.slack.app import build_app, drain, http_server
from tests.conftest import SIGNING_SECRET, make_post, wait_until
from tests.fakes.openai_api import FakeOpenAI
from tests.fakes.slack_api import FakeSlackAPI, SignedSlackClient
from tests.test_llm_drafting import answer


class Served:
    def __init__(self, services: Services) -> None:
        self.operations = Operations(services, Replica(services.store))
        self.app = build_app(services)
        self.server = http_server(self.app, "127.0.0.1", 0, around=self.operations.around)
        threading.Thread(target=self.server.run, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.port}"

    def get(self, path: str) -> requests.Response:
        return requests.get(self.url + path, timeout=10)

    def scrape(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        response = self.get("/metrics")
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples
        }

    def close(self) -> None:
        self.server.close()
        drain(self.app)


@pytest.fixture
def served(llm_services: Services, slack_api: FakeSlackAPI) -> Iterator[Served]:
    running = Served(llm_services)
    yield running
    running.close()


def _value(scraped: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return scraped.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_after_a_scripted_day_count_what_happened(served: Served, llm_services: Services, llm: FakeOpenAI, slack_api: FakeSlackAPI) -> None:
    services, store = llm_services, llm_services.store
    llm.script += [answer("@sam_k Tap 'Forgot password'; the link lasts 1 hour.", ["reset-password"]), ("status", 503)]
    first = services.pipeline.ingest(make_post("1", "@NimbusHome forgot my password and the reset email never arrives")).ticket_id
    second = services.pipeline.ingest(make_post("2", "@NimbusHome the reset link never comes, what now?")).ticket_id
    services.pipeline.reject("replay", "'created_at' '[card ••••6467]' is not an ISO 8601 time", '{"id": "9"}', where="posts.jsonl:3")
    card = wait_until(lambda: [m for m in slack_api.of("chat.postMessage") if f"#{first}" in json.dumps(m.get("blocks"))])[0]
    client = SignedSlackClient(served.url + "/slack/events", SIGNING_SECRET)
    assert client.click(c.APPROVE, card["blocks"][-1]["elements"][0]["value"]).status_code == 200
    wait_until(lambda: store.get(first).state == "sent")
    # The day goes on without an answer for the second customer: past its warning and its breach.
    store.clock = lambda: datetime.now(UTC) + timedelta(days=2)
    assert Scheduler(store).tick() == 1
    replica = served.operations.replica
    assert replica is not None
    replica.join()
    assert replica.holds("recovery") and replica.holds("poll:x")

    scraped = served.scrape()
    assert _value(scraped, "social_reply_posts_received_total", source="x") == 2
    assert _value(scraped, "social_reply_rejected_items_total", source="replay", reason="is not an iso time") == 1
    assert _value(scraped, "social_reply_drafts_total", drafter="llm:fake-model", outcome="ready") == 1
    assert _value(scraped, "social_reply_drafts_total", drafter="offline", outcome="ready") == 1
    assert _value(scraped, "social_reply_tickets", state="sent") == 1 and _value(scraped, "social_reply_tickets", state="awaiting_review") == 1
    assert store.get(second).state == "awaiting_review"
    assert _value(scraped, "social_reply_publications_total", network="x", kind="reply", outcome="dry_run") == 1
    assert _value(scraped, "social_reply_sla_breaches_total") == 1 and _value(scraped, "social_reply_sla_warnings_total") == 0, "no warning after its breach"
    assert _value(scraped, "social_reply_llm_calls_total", model="fake-model", outcome="accepted") == 1
    assert _value(scraped, "social_reply_llm_fallbacks_total", model="fake-model") == 1
    assert _value(scraped, "social_reply_llm_tokens_total", model="fake-model", kind="prompt") == 100
    assert _value(scraped, "social_reply_llm_call_seconds_count", model="fake-model") == 2
    assert _value(scraped, "social_reply_lease_held", duty="recovery", replica=replica.id) == 1
    assert _value(scraped, "social_reply_lease_held", duty="poll:x", replica=replica.id) == 1
    assert _value(scraped, "social_reply_replicas_alive") == 1
    assert _value(scraped, "social_reply_slack_ack_seconds_count") >= 1, "the click's acknowledgement was timed"
    assert _value(scraped, "social_reply_slack_ack_seconds_bucket", le="3.0") == _value(scraped, "social_reply_slack_ack_seconds_count")


def test_healthz_answers_and_readyz_says_what_is_not_ready(served: Served, llm_services: Services) -> None:
    alive = served.get("/healthz")
    assert alive.status_code == 200 and alive.json()["status"] == "alive"
    waiting = served.get("/readyz")
    assert waiting.status_code == 503 and waiting.json()["checks"]["slack"] == {"ok": False, "detail": "not connected yet"}
    served.operations.slack = (True, "")
    ready = served.get("/readyz")
    assert ready.status_code == 200, ready.json()
    checks = ready.json()["checks"]
    assert set(checks) == {"database", "index", "embedding_model", "slack"} and checks["index"]["articles"] > 0
    # The database goes away (its file replaced by a folder): not ready, and why.
    store = llm_services.store
    path = store.engine.url.database
    assert path
    store.engine.dispose()
    shutil.move(path, path + ".away")
    os.mkdir(path)
    gone = served.get("/readyz")
    assert gone.status_code == 503 and gone.json()["checks"]["database"]["ok"] is False and "OperationalError" in gone.json()["checks"]["database"]["detail"]
    os.rmdir(path)
    shutil.move(path + ".away", path)
    assert served.get("/readyz").status_code == 200
    assert served.get("/nothing-here").status_code in (404, 405), "anything else goes to Slack's endpoint, which refuses it"


def test_without_a_slack_endpoint_the_probes_still_answer_and_the_rest_is_404(llm_services: Services) -> None:
    operations = Operations(llm_services)
    app = operations.around()
    statuses: list[str] = []
    body = b"".join(app({"PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST"}, lambda status, headers: statuses.append(status)))
    assert statuses == ["404 Not Found"] and json.loads(body) == {"error": "not found"}
    metrics = b"".join(app({"PATH_INFO": "/metrics", "REQUEST_METHOD": "GET"}, lambda status, headers: statuses.append(status)))
    assert statuses[-1] == "200 OK" and b"social_reply_tickets" in metrics


def test_a_first_start_says_why_it_waits_and_how_far_the_index_is(services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from assistant.kb import Knowledge, open_index
    from assistant.progress import watching
    from assistant.runtime import StartupProgress

    progress = StartupProgress()
    progress.EVERY = 0.0  # a line per batch here; every 5 s in `run`
    fresh = Knowledge(services.knowledge.folder, open_index(services.settings, tmp_path / "fresh-index"), services.knowledge.decision)
    with caplog.at_level("INFO", logger="assistant"):
        with watching(progress):
            report = fresh.sync()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("knowledge:")]
    total = report.chunks_embedded
    assert total > 64, "more than one batch"
    assert lines[0] == f"knowledge: embedding {total} chunks of new or changed articles before serving (the first start embeds the whole folder)"
    assert lines[1].startswith(f"knowledge: embedded 64/{total} chunks") and lines[-1].startswith(f"knowledge: embedded {total}/{total} chunks")
    caplog.clear()
    with caplog.at_level("INFO", logger="assistant"):
        with watching(progress):
            fresh.sync()
    assert not [r for r in caplog.records if r.getMessage().startswith("knowledge: embed")], "nothing to embed, nothing said"


def test_kb_search_on_this_machine_is_answered_by_the_running_bot(services: Services, slack_api: FakeSlackAPI) -> None:
    import io
    import json
    import socket

    from assistant.cli.kb import _ask_the_bot
    from assistant.kb.lookup import search_report
    from tests.test_cli import run_cli

    running = Served(services)
    try:
        asked = running.get("/kb/search?q=how+do+I+reset+my+password&k=3")
        assert asked.status_code == 200
        report = asked.json()
        assert report == json.loads(json.dumps(search_report(services.knowledge, "how do I reset my password", 3))), "the same answer as a search here"
        assert report["results"][0]["article_id"] == "reset-password" and len(report["results"]) == 3
        assert running.get("/kb/search?q=%20").status_code == 400 and running.get("/kb/search?q=x&mode=fuzzy").status_code == 400
        statuses: list[str] = []
        environ = {"PATH_INFO": "/kb/search", "REQUEST_METHOD": "GET", "QUERY_STRING": "q=refund", "REMOTE_ADDR": "10.1.2.3", "wsgi.input": io.BytesIO()}
        body = b"".join(running.operations.around()(environ, lambda status, headers: statuses.append(status)))
        assert statuses == ["403 Forbidden"] and b"this machine only" in body, "private articles are searched: loopback only"

        result = run_cli(
            "kb",
            "search",
            "how do I reset my password",
            "--k",
            "3",
            "--json",
            env={"PORT": str(running.server.port), "DATA_DIR": str(services.settings.data_dir)},
        )
        assert result.returncode == 0, result.stderr
        answered = json.loads(result.stdout)
        assert answered["answered_by"] == "the running bot" and answered["results"] == report["results"]
    finally:
        running.close()
    with socket.socket() as probe:  # a port nothing listens on: the command searches by itself
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    assert _ask_the_bot(free, "refund", 3, "hybrid") is None
