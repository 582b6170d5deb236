"""Wiring: builds the store, knowledge, drafter, publishers, review desk and pipeline from settings."""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.drafting.allowlist import Brand
from assistant.drafting.checks import DraftChecker
from assistant.drafting.draft import Drafter
from assistant.drafting.llm import LLMDrafter
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.prompts import Prompts
from assistant.kb import Knowledge, evaluation_index_path, open_knowledge
from assistant.outbound import Outbound
from assistant.pipeline import Pipeline
from assistant.platforms import Platforms
from assistant.publish import Outbox, Publisher
from assistant.publish.router import PublisherRouter
from assistant.publish.x import XReplies
from assistant.review import ReviewDesk
from assistant.store import Store
from assistant.store.engine import missing_database

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    store: Store
    knowledge: Knowledge
    drafter: Drafter
    publishers: PublisherRouter
    desk: ReviewDesk
    pipeline: Pipeline
    platforms: Platforms
    managers: Managers | None = None
    inbox: Any = None  # SlackInbox when Slack is connected

    def attach_inbox(self, inbox: Any) -> None:
        self.inbox = inbox
        self.pipeline.inbox = inbox

    def resume(self) -> dict[str, int]:
        """After a (re)start: the pipeline's recovery, then DMs whose reply went out just before a stop."""
        summary = self.pipeline.resume()
        summary["dms_sent"] = self.desk.deliver_queued_dms()
        return summary


class Managers:
    """Who manages: the user ids in MANAGERS, and the members of its user groups (S…), which Slack
    is asked for (`usergroups.users.list`, kept 5 minutes). Nobody named: everyone may."""

    TTL = 300.0

    def __init__(self, ids: tuple[str, ...]):
        self.users = {i for i in ids if not i.startswith("S")}
        self.groups = [i for i in ids if i.startswith("S")]
        self.members: Callable[[str], list[str]] | None = None  # set when Slack is connected
        self._cache: tuple[float, set[str]] = (0.0, set())
        self._lock = threading.Lock()

    @property
    def everyone(self) -> bool:
        return not self.users and not self.groups

    def __call__(self, user: str) -> bool:
        if self.everyone or user in self.users:
            return True
        return user in self._group_members()

    def _group_members(self) -> set[str]:
        if not self.groups or self.members is None:
            return set()
        with self._lock:
            fetched, members = self._cache
            if time.monotonic() - fetched < self.TTL:
                return members
            found: set[str] = set()
            for group in self.groups:
                try:
                    found |= set(self.members(group))
                except Exception:  # noqa: BLE001 - Slack down: nobody is a manager by group for now
                    log.warning("could not read the members of user group %s; only MANAGERS user ids count as managers now", group)
                    return self._cache[1]
            self._cache = (time.monotonic(), found)
            return found


def make_drafter(settings: Settings, prompts: Prompts, platforms: Platforms) -> Drafter:
    if settings.llm_enabled:
        return LLMDrafter(
            prompts,
            api_key=settings.openai_api_key,
            model=settings.openai_model,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
            seed=settings.llm_seed,
            brand=settings.brand_name,
            platforms=platforms,
        )
    return OfflineDrafter(prompts, platforms)


def brand_of(settings: Settings, prompts: Prompts, platforms: Platforms) -> Brand:
    """What the brand may say in any draft: its names, the networks' names, its pleasantries, and
    the prompt templates a reply must never quote."""
    networks = platforms.titles()
    return Brand(
        terms=(*settings.brand_term_list, *networks),
        phrases=(*prompts.all_greetings, *prompts.phrases),
        instructions=f"{prompts.system}\n{prompts.user}",
    )


def build_services(
    settings: Settings,
    *,
    x_client: Any = None,
    live: dict[str, Publisher] | None = None,
    clock: Callable[[], datetime] | None = None,
    learned_limits: dict[str, int] | None = None,
    read_only: bool = False,
) -> Services:
    """Everything but Slack and the pollers, which `run` adds when their settings are present.
    `live`: publishers of connected networks by platform name (X's is made from `x_client`).
    `learned_limits`: post limits connected servers said (a Mastodon instance's), which win over
    the settings' (MASTODON_CHAR_LIMIT). `read_only`: for commands that never write tickets (the
    `kb` commands, `check`): the schema is never changed, and before the first `run` or `demo`
    (no SQLite file yet) they read an empty store in memory."""
    platforms = Platforms({"mastodon": settings.mastodon_char_limit}, learned_limits)
    settings.require_knowledge_dir()
    prompts = Prompts.load(settings.prompts_dir)
    if read_only and missing_database(settings.db_url):
        store = Store.from_settings(settings.model_copy(update={"database_url": "sqlite://"}), clock=clock)  # nothing written to disk
    else:
        store = Store.from_settings(settings, clock=clock, migrate=not read_only)
    knowledge = open_knowledge(settings)
    drafter = make_drafter(settings, prompts, platforms)
    live = dict(live or {})
    if x_client is not None and settings.x_write_enabled:
        live["x"] = XReplies(x_client)
    publishers = PublisherRouter(
        Outbox(settings.data_dir / "outbox.jsonl"), live, callbacks=settings.webhook_sources, outbound=Outbound(settings.callback_hosts)
    )
    managers = Managers(settings.manager_ids)
    checker = DraftChecker(knowledge, platforms)
    desk = ReviewDesk(store, publishers, checker.check_reply, managers, platforms)
    pipeline = Pipeline(
        store,
        knowledge,
        drafter,
        brand=brand_of(settings, prompts, platforms),
        regions=settings.regions,
        own_handles=settings.own_handle_list,
        checker=checker,
    )
    return Services(settings, store, knowledge, drafter, publishers, desk, pipeline, platforms, managers)


@contextmanager
def scratch_services(settings: Settings, folder: Path) -> Iterator[Services]:
    """The product on a throwaway store (and no live networks) over the articles in `folder`, for
    an evaluation: its index is kept between runs, per folder and embedding model."""
    with tempfile.TemporaryDirectory(prefix="draft-eval-") as work:
        services = build_services(
            settings.model_copy(
                update={"data_dir": Path(work), "database_url": "", "knowledge_dir": folder, "index_path": evaluation_index_path(settings, folder)}
            )
        )
        try:
            yield services
        finally:
            services.store.close()
            services.knowledge.index.close()
