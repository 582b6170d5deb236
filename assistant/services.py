"""Wiring: builds the store, knowledge, drafter, publishers, review desk and pipeline from settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.config import Settings
from assistant.drafting.checks import PLATFORM_LIMITS
from assistant.drafting.draft import Drafter
from assistant.drafting.offline import OfflineDrafter
from assistant.drafting.prompts import Prompts
from assistant.kb import Knowledge, open_index, resolve_thresholds
from assistant.kb.articles import ArticleLimits
from assistant.pipeline import Pipeline
from assistant.publish import Outbox, Publisher, PublisherRouter, XReplies
from assistant.review import ReviewDesk
from assistant.store import Store
from assistant.store.models import utcnow

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
    inbox: Any = None  # SlackInbox when Slack is connected

    def attach_inbox(self, inbox: Any) -> None:
        self.inbox = inbox
        self.pipeline.inbox = inbox

    def resume(self) -> dict[str, int]:
        """After a (re)start: the pipeline's recovery, then DMs whose reply went out just before a stop."""
        summary = self.pipeline.resume()
        summary["dms_sent"] = self.desk.deliver_queued_dms()
        return summary


def make_drafter(settings: Settings, prompts: Prompts) -> Drafter:
    if settings.llm_enabled:
        from assistant.drafting.llm import LLMDrafter

        return LLMDrafter(
            prompts,
            api_key=settings.openai_api_key,
            model=settings.openai_model,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
            brand=settings.brand_name,
        )
    return OfflineDrafter(prompts)


def build_services(settings: Settings, *, x_client: Any = None, clock: Callable[[], datetime] | None = None) -> Services:
    """Everything but Slack and the X poller, which `run` adds when their settings are present."""
    PLATFORM_LIMITS["mastodon"] = settings.mastodon_char_limit
    settings.require_knowledge_dir()
    prompts = Prompts.load(settings.prompts_dir)
    from datetime import timedelta

    store = Store(
        settings.db_url,
        draft_lease_seconds=settings.draft_lease_seconds,
        clock=clock or utcnow,
        reopen_window=timedelta(hours=settings.reopen_window_hours),
        sla=settings.sla,
    )
    knowledge = Knowledge(settings.knowledge_dir, open_index(settings), resolve_thresholds(settings), ArticleLimits.from_settings(settings))
    drafter = make_drafter(settings, prompts)
    live: dict[str, Publisher] = {}
    if x_client is not None and settings.x_write_enabled:
        live["x"] = XReplies(x_client)
    publishers = PublisherRouter(Outbox(settings.data_dir / "outbox.jsonl"), live)
    desk = ReviewDesk(store, publishers, knowledge.check_reply)
    pipeline = Pipeline(
        store, knowledge, drafter, phrasebook=" ".join(prompts.greetings.values()), regions=settings.regions, own_handles=settings.own_handle_list
    )
    return Services(settings, store, knowledge, drafter, publishers, desk, pipeline)
