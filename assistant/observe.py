"""Operations on the bot's HTTP port: `/healthz` (the process answers), `/readyz` (it can do its
work: database, index, embedding model, Slack), `/metrics` for Prometheus, and `/kb/search` for
`kb search` run on the same machine (loopback only).

Most metrics are read from the database when scraped: every replica shows the team's totals, and
they survive restarts (alert on `max` across replicas, not `sum`). Two are this process's own: how
fast Slack requests were acknowledged, and when this replica's pollers last succeeded. README
"Operations" lists every metric with example alert rules.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric, SummaryMetricFamily

from assistant.telemetry import ACK_SECONDS, POLLED

if TYPE_CHECKING:
    from assistant.replica import Replica
    from assistant.services import Services

log = logging.getLogger(__name__)

PROBES = ("/healthz", "/readyz", "/metrics")
SEARCH = "/kb/search"  # `kb search` on this machine asks the running bot (loopback only)
LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


class StoreCollector:
    """The team's counts, read from the store at each scrape."""

    def __init__(self, services: Services):
        self.store = services.store

    def collect(self) -> Iterator[Metric]:
        try:
            totals = self.store.totals()
            leases = self.store.leases()
            alive = self.store.alive()
        except Exception as exc:  # noqa: BLE001 - a scrape must answer; /readyz says why
            log.warning("metrics: the database did not answer (%s)", type(exc).__name__)
            return
        posts = CounterMetricFamily("social_reply_posts_received", "Customer posts stored, per source network.", labels=["source"])
        for source, n in sorted(totals.posts.items()):
            posts.add_metric([source], n)
        yield posts
        rejected = CounterMetricFamily(
            "social_reply_rejected_items", "Items a source delivered that could not become tickets, per source and kind of reason.", labels=["source", "reason"]
        )
        for (source, reason), n in sorted(totals.rejected.items()):
            rejected.add_metric([source, reason], n)
        yield rejected
        drafts = CounterMetricFamily("social_reply_drafts", "Drafts written, per drafter and outcome (blocked: a check failed).", labels=["drafter", "outcome"])
        for (drafter, outcome), n in sorted(totals.drafts.items()):
            drafts.add_metric([drafter, outcome], n)
        yield drafts
        checks = CounterMetricFamily("social_reply_draft_checks_failed", "Checks that failed on a draft, per check.", labels=["check"])
        for name, n in sorted(totals.checks_failed.items()):
            checks.add_metric([name], n)
        yield checks
        tickets = GaugeMetricFamily("social_reply_tickets", "Tickets now, per state.", labels=["state"])
        for state, n in sorted(totals.tickets.items()):
            tickets.add_metric([state], n)
        yield tickets
        yield CounterMetricFamily("social_reply_sla_warnings", "SLA warnings said (a reply due soon).", value=totals.events.get("sla_warning", 0))
        yield CounterMetricFamily("social_reply_sla_breaches", "SLA breaches said (a reply past its target).", value=totals.events.get("sla_breached", 0))
        publications = CounterMetricFamily(
            "social_reply_publications",
            "Replies and DMs handed to a network, per network, kind and outcome (posted, dry_run, failed, uncertain, pending, queued).",
            labels=["network", "kind", "outcome"],
        )
        for (network, kind, outcome), n in sorted(totals.publications.items()):
            publications.add_metric([network, kind, outcome], n)
        yield publications
        calls = CounterMetricFamily("social_reply_llm_calls", "Requests to a language model, per model and outcome.", labels=["model", "outcome"])
        fallbacks = CounterMetricFamily(
            "social_reply_llm_fallbacks", "Model requests that gave no usable draft (the offline drafter wrote it).", labels=["model"]
        )
        tokens = CounterMetricFamily("social_reply_llm_tokens", "Tokens sent to and received from language models.", labels=["model", "kind"])
        latency = SummaryMetricFamily("social_reply_llm_call_seconds", "Time language-model requests took.", labels=["model"])
        per_model: dict[str, list[int]] = {}
        for (model, outcome), (n, ms, prompt, completion) in sorted(totals.model_calls.items()):
            calls.add_metric([model, outcome], n)
            summed = per_model.setdefault(model, [0, 0, 0, 0, 0])
            summed[0] += n
            summed[1] += ms
            summed[2] += prompt
            summed[3] += completion
            summed[4] += 0 if outcome == "accepted" else n
        for model, (n, ms, prompt, completion, fell_back) in sorted(per_model.items()):
            latency.add_metric([model], count_value=n, sum_value=ms / 1000)
            tokens.add_metric([model, "prompt"], prompt)
            tokens.add_metric([model, "completion"], completion)
            fallbacks.add_metric([model], fell_back)
        yield from (calls, fallbacks, tokens, latency)
        held = GaugeMetricFamily("social_reply_lease_held", "1 for the replica holding each duty now.", labels=["duty", "replica"])
        for duty, (holder, _until) in sorted(leases.items()):
            if holder:
                held.add_metric([duty, holder], 1)
        yield held
        yield GaugeMetricFamily("social_reply_replicas_alive", "Replicas beating on this database now.", value=len(alive))


class Operations:
    """The probes and metrics of one running bot."""

    def __init__(self, services: Services, replica: Replica | None = None):
        self.services = services
        self.replica = replica
        self.slack = (False, "not connected yet")
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(ACK_SECONDS)
        self.registry.register(POLLED)
        self.registry.register(StoreCollector(services))

    def healthz(self) -> tuple[int, dict[str, Any]]:
        return 200, {"status": "alive", "replica": self.replica.id if self.replica is not None else ""}

    def readyz(self) -> tuple[int, dict[str, Any]]:
        """Each thing this replica needs, with what is wrong; 503 until every one is ready."""
        from assistant.kb.embeddings import model_ready

        checks: dict[str, dict[str, Any]] = {}
        try:
            self.services.store.ping()
            checks["database"] = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - the answer is the point
            checks["database"] = {"ok": False, "detail": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
        knowledge = self.services.knowledge
        checks["index"] = (
            {"ok": True, "articles": len(knowledge.articles)} if knowledge.synced else {"ok": False, "detail": "the knowledge index is still being built"}
        )
        model = self.services.settings.embedding_model
        checks["embedding_model"] = {"ok": True} if model_ready(model) else {"ok": False, "detail": f"{model} is still loading"}
        ok, detail = self.slack
        checks["slack"] = {"ok": True} if ok else {"ok": False, "detail": detail}
        ready = all(check["ok"] for check in checks.values())
        return (200 if ready else 503), {"ready": ready, "checks": checks}

    def metrics(self) -> bytes:
        return generate_latest(self.registry)

    def search(self, environ: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """`kb search` answered from this bot's loaded model and index: for a command on this
        machine only (a client on loopback; anyone else is refused: private articles are searched)."""
        from urllib.parse import parse_qs

        from assistant.kb.lookup import search_report

        if environ.get("REMOTE_ADDR", "") not in LOOPBACK:
            return "403 Forbidden", {"error": "kb search answers commands on this machine only"}
        knowledge = self.services.knowledge
        if not knowledge.synced:
            return "503 Service Unavailable", {"error": "the index is still being built"}
        asked = parse_qs(str(environ.get("QUERY_STRING", "")))
        text = (asked.get("q") or [""])[0][:5000]
        if not text.strip():
            return "400 Bad Request", {"error": "say what to search: ?q=…"}
        try:
            k = int((asked.get("k") or ["5"])[0])
            return "200 OK", search_report(knowledge, text, k, (asked.get("mode") or ["hybrid"])[0])
        except ValueError as exc:
            return "400 Bad Request", {"error": str(exc)}

    def around(self, wsgi_app: Callable[..., Iterable[bytes]] | None = None) -> Callable[..., Iterable[bytes]]:
        """A WSGI app answering the probes and metrics; everything else goes to `wsgi_app` (the Slack
        endpoint), its acknowledgement timed. Without `wsgi_app` the rest is 404."""

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            path = environ.get("PATH_INFO", "")
            if path in PROBES and environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
                if path == "/metrics":
                    body, kind, status = self.metrics(), CONTENT_TYPE_LATEST, "200 OK"
                else:
                    code, data = self.healthz() if path == "/healthz" else self.readyz()
                    body, kind, status = json.dumps(data).encode(), "application/json", "200 OK" if code == 200 else "503 Service Unavailable"
                start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
                return [body]
            if path == SEARCH and environ.get("REQUEST_METHOD", "GET") == "GET":
                answered, found = self.search(environ)
                body = json.dumps(found).encode()
                start_response(answered, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            if wsgi_app is None:
                body = b'{"error": "not found"}'
                start_response("404 Not Found", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            started = time.perf_counter()
            try:
                return wsgi_app(environ, start_response)
            finally:
                ACK_SECONDS.observe(time.perf_counter() - started)

        return app
