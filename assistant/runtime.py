"""The running bot as one object: `Bot(settings).start()` connects every configured part and starts
its threads (heartbeat, recovery, knowledge watcher, timers, one poller per network, the webhook,
the model warm-up); `serve()` answers Slack until a signal; `stop()` stops the threads, waits for
the timer loop, finishes the Slack work already acknowledged and leaves. `social-reply run` is
these three calls.

Several bots may run on one database (replicas). Each is a `Replica`: Slack requests and webhook
posts go to any of them, but each network's poller, start-up and periodic recovery, and the sync of
a shared index are duties one replica holds at a time (see `store.replicas`)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from assistant import learning
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.kb import resolve_decision
from assistant.kb.embeddings import warm
from assistant.kb.health import watch_folder
from assistant.kb.index import EMBEDDING_STEP
from assistant.networks import Connected, connect_all
from assistant.observe import Operations
from assistant.progress import watching
from assistant.replica import EDITORS, KNOWLEDGE, RECOVERY, RELEARN, Replica, poller_duty
from assistant.scheduler import Scheduler
from assistant.services import Services, build_services
from assistant.serving import StoppableServer
from assistant.slack.app import build_app, drain, http_server, serve_socket_mode
from assistant.sources.replay import replay
from assistant.sources.webhook import PATH, Webhook, webhook_server

log = logging.getLogger("assistant")
STOP_WAIT = 30.0  # seconds a graceful stop waits for the timer loop's reminder under way


class StartupProgress:
    """What a sync that embeds articles tells the operator while it works: a bar on a terminal, a
    log line every few seconds otherwise, and why nothing serves yet on the first start."""

    EVERY = 5.0

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None
        self._logged = 0.0
        self._started = 0.0

    def __call__(self, what: str, done: int, total: int) -> None:
        if what != EMBEDDING_STEP:  # the sync's chunks only
            return
        now = time.perf_counter()
        if done == 0:
            self._started = self._logged = now
            log.info("knowledge: embedding %d chunks of new or changed articles before serving (the first start embeds the whole folder)", total)
            if sys.stderr.isatty():
                from rich.progress import Progress

                self._bar = Progress(transient=True)
                self._bar.start()
                self._task = self._bar.add_task("embedding the knowledge folder", total=total)
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=done)
        elif now - self._logged >= self.EVERY or done == total:
            rate = done / max(now - self._started, 1e-6)
            log.info("knowledge: embedded %d/%d chunks (%.0f a second, about %.0f s to go)", done, total, rate, (total - done) / max(rate, 1e-6))
            self._logged = now
        if done == total and self._bar is not None:
            self._bar.stop()
            log.info("knowledge: embedded %d chunks in %.1f s", total, now - self._started)


class Bot:
    """Slack, the pollers, the webhook and the timers of one process, started and stopped together."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.services: Services | None = None
        self._stop = threading.Event()
        self._bolt: Any = None
        self._slack_http: Any = None
        self._probes: Any = None
        self.operations: Operations | None = None
        self._webhook: Webhook | None = None
        self._webhook_server: Any = None
        self._started = time.perf_counter()
        self.replica: Replica | None = None
        self._timers: threading.Thread | None = None

    def start(self, *, replay_file: Path | None = None, replay_as_new: bool = False) -> Services:
        """Check the settings, connect, bind both ports, sync the knowledge, resume interrupted work,
        then start the threads. Raises an AssistantError naming the setting when something is wrong,
        before anything has started."""
        settings = self.settings
        if replay_file is not None and not replay_file.is_file():
            raise ConfigError(f"--replay: {replay_file} does not exist.")
        settings.require_slack()
        settings.require_platforms()
        self._team = settings.team()  # a broken team file stops the start, with where and why
        connected, off = connect_all(settings)  # X, Mastodon, Bluesky: each as configured, credentials checked now
        self._started = time.perf_counter()
        live = {network.platform: network.publisher for network in connected if network.publisher is not None}
        learned = {network.platform: network.limit for network in connected if network.limit}
        services = self.services = build_services(settings, live=live, learned_limits=learned)
        self.replica = Replica(services.store)
        self.replica.join()
        self._thread("heartbeat", self.replica.run_heartbeat, self._stop)
        self.operations = Operations(services, self.replica)
        self._bolt = build_app(services)  # reaches Slack (auth.test): an unreachable SLACK_API_URL or a bad token stops here
        self.operations.slack = (True, "")
        # Both ports are taken before anything starts, so one already in use ends start-up with its setting's name.
        # PORT serves the probes and /metrics in either mode, and Slack's requests in HTTP mode.
        if settings.slack_app_token:
            self._probes = StoppableServer(self.operations.around(), "0.0.0.0", settings.port)
        else:
            self._slack_http = http_server(self._bolt, "0.0.0.0", settings.port, around=self.operations.around)
        if settings.webhook_sources:
            self._webhook = Webhook(settings.webhook_sources, services.pipeline, outbound=services.publishers.outbound)
            self._webhook_server = webhook_server(self._webhook, "0.0.0.0", settings.webhook_port)
        report = self._sync_knowledge()
        log.info("knowledge: %d articles (%s); %d skipped", len(services.knowledge.articles), report.summary(), len(services.knowledge.problems))
        for problem in services.knowledge.problems:
            log.warning("knowledge article skipped: %s", problem)
        if self.replica.holds(RECOVERY):
            log.info("resumed: %s", services.resume())
        else:
            log.info("recovery: another replica holds it; this one takes it over if that one stops")
        log.info("LIVE slack: %s", "Socket Mode" if settings.slack_app_token else f"HTTP on :{settings.port}/slack/events")
        log.info("%s drafting: %s", "LIVE" if settings.llm_enabled else "OFFLINE", services.drafter.name)
        log.info("replies: %s", services.publishers.describe())
        if replay_file is not None:
            replayed = replay(replay_file, services.pipeline, as_new=replay_as_new)
            log.info(
                "replayed %s: %d new ticket(s), %d bad line(s) kept aside (social-reply rejected)", replay_file, replayed.new_tickets, len(replayed.problems)
            )
        self._start_threads(services, connected, off)
        log.info("serving %.1f s after start-up began", time.perf_counter() - self._started)
        return services

    def _sync_knowledge(self) -> Any:
        """Sync the index with the folder. A shared index (a Chroma server) is written by one replica
        at a time: the others wait, then find it in step and only read the folder."""
        assert self.services is not None and self.replica is not None
        if not self.settings.chroma_host:
            with watching(StartupProgress()):
                return self.services.knowledge.sync()  # this replica's own index
        with self.replica.exclusive(KNOWLEDGE, self._stop) as held:
            if not held:
                raise ConfigError("stopped while waiting for another replica's knowledge sync")
            with watching(StartupProgress()):
                return self.services.knowledge.sync()

    def _tell_editors(self, text: str) -> None:
        """Broken or fixed knowledge files, said in the inbox channel once: by the replica holding
        the editors duty (every replica logs them)."""
        assert self.services is not None and self.replica is not None and self.services.inbox is not None
        if self.replica.holds(EDITORS):
            self.services.inbox.announce(text, here=False)

    def _recover(self) -> None:
        """Every few seconds: if this replica holds the recovery duty, take over what a gone replica
        left (sends in flight, drafts, cards). Nothing is touched while its replica beats."""
        assert self.services is not None and self.replica is not None
        while not self._stop.wait(self.replica.retry):
            try:
                if self.replica.holds(RECOVERY):
                    summary = self.services.resume()
                    if any(summary.values()):
                        log.info("recovered from a replica that stopped: %s", summary)
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("recovery failed; trying again in %.0f s", self.replica.retry)

    def _relearn(self) -> None:
        """Every DESK_RELEARN_HOURS: the replica holding the duty relearns the no-match decision on
        the desk's labels (kept only when not worse); every replica then uses the decision saved
        for its folder, whoever learned it."""
        assert self.services is not None and self.replica is not None
        services, settings = self.services, self.settings
        while not self._stop.wait(settings.desk_relearn_hours * 3600):
            try:
                if self.replica.holds(RELEARN):
                    result = learning.relearn(
                        settings,
                        services.knowledge.index,
                        settings.knowledge_dir,
                        learning.labels(services.store, services.knowledge.articles),
                        by=f"run ({self.replica.id})",
                    )
                    log.info("desk relearning on %d labels: %s", result["labels"], result["reason"])
                services.knowledge.decision, source = resolve_decision(settings, settings.knowledge_dir)
                log.info("no-match decision: %s", source)
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("desk relearning failed; trying again in %.1f h", settings.desk_relearn_hours)

    def _start_threads(self, services: Services, connected: list[Connected], off: list[str]) -> None:
        settings = self.settings
        assert self.replica is not None
        if self._probes is not None:
            self._thread("probes", self._probes.run)
        log.info("LIVE operations: GET :%d/healthz, /readyz and /metrics", settings.port)
        self._thread("recovery", self._recover)
        if settings.desk_relearn_hours > 0:
            self._thread("relearn", self._relearn)
            log.info(
                "LIVE desk relearning: the no-match decision is relearned on agents' actions every %g h (kept only when not worse)",
                settings.desk_relearn_hours,
            )
        if settings.kb_poll_seconds > 0:
            sync = services.knowledge.sync if not settings.chroma_host else self._sync_knowledge
            tell = self._tell_editors if services.inbox is not None else None
            self._thread("kb-watch", watch_folder, settings.knowledge_dir, sync, self._stop, settings.kb_poll_seconds, tell)
            log.info("LIVE knowledge sync: %s is checked for changes every %.0f s", settings.knowledge_dir, settings.kb_poll_seconds)
        if services.inbox is not None:
            self._timers = self._thread(
                "timers",
                Scheduler(
                    services.store,
                    services.inbox,
                    claim_lapse=settings.claim_lapse_after,
                    digest_every=settings.here_digest_interval,
                    team=self._team,
                    tags_of=lambda article: services.knowledge.articles[article].tags if article in services.knowledge.articles else (),
                ).run,
                self._stop,
                settings.timer_poll_seconds,
            )
            log.info("LIVE timers: SLA warnings and follow-ups checked every %.0f s (%s)", settings.timer_poll_seconds, services.store.sla().summary())
            if self._team.agents:
                log.info("LIVE routing: %d agent(s) in %s, at most %d open tickets each", len(self._team.agents), settings.team_file, self._team.max_open)
        warn = services.inbox.announce if services.inbox is not None else None  # a poller's warnings reach the inbox channel too
        for network in connected:
            duty = self.replica.duty(poller_duty(network.platform))
            self._thread(f"{network.platform}-poll", network.poller(services.store, warn).run, services.pipeline, self._stop, network.interval, duty)
            log.info("LIVE %s (polled by one replica at a time)", network.description)
        for reason in off:
            log.info("%s", reason)
        if self._webhook_server is not None:
            self._thread("webhook", self._webhook_server.run)
            log.info("LIVE webhook: POST :%d%s from %s", settings.webhook_port, PATH, ", ".join(sorted(settings.webhook_sources)))
        else:
            log.info("OFF webhook (set WEBHOOK_SECRETS to take signed posts from other networks)")
        # Once everything serves (started alongside, its imports slowed the rest of start-up more
        # than they saved), so a post arriving later is not kept waiting for the model.
        self._thread("warm-model", self._warm_model)

    def _thread(self, name: str, target: Any, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, daemon=True, name=name)
        thread.start()
        return thread

    def _warm_model(self) -> None:
        loaded = warm(self.settings.embedding_model, self.settings.torch_threads)
        log.info("ready to draft: embedding model loaded in %.1f s, %.1f s after start-up began", loaded, time.perf_counter() - self._started)

    def serve(self) -> None:
        """Answer Slack (Socket Mode or HTTP) until SIGTERM or Ctrl-C, then `stop()`."""

        def terminate(signum: int, _frame: Any) -> None:
            raise SystemExit(0)  # unwinds to `finally`, where work already acknowledged is finished

        signal.signal(signal.SIGTERM, terminate)
        try:
            if self._slack_http is None:
                serve_socket_mode(self._bolt, self.settings.slack_app_token)
            else:
                self._slack_http.run()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop the threads and the webhook (posts already stored are drafted), then finish the Slack
        work already acknowledged: sends, redraws, notes."""
        self._stop.set()
        if self._timers is not None:
            # A reminder being said is finished and marked, never cut between saying and marking.
            self._timers.join(timeout=STOP_WAIT)
            if self._timers.is_alive():
                log.warning("the timer loop did not finish in %.0f s; its reminder is looked up before anyone says it again", STOP_WAIT)
        if self._slack_http is not None:
            self._slack_http.close()  # its loop ran on this thread and has returned: the port is let go
        if self._probes is not None:
            self._probes.close()
        if self._webhook_server is not None:
            self._webhook_server.close()
        if self._webhook is not None:
            self._webhook.close()
        if self._bolt is not None:
            log.info("stopping: finishing the Slack work already acknowledged (sends, redraws, notes)")
            drain(self._bolt)
        if self.replica is not None:
            self.replica.leave()  # its duties pass to another replica now, not after the lease
        log.info("stopped")
