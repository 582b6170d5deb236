"""Events: the Home tab, drawn each time someone opens it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from assistant.kb.health import group_gaps
from assistant.slack.blocks import home_view

if TYPE_CHECKING:
    from slack_bolt import App

    from assistant.services import Services

log = logging.getLogger(__name__)


def register(app: "App", services: "Services") -> None:
    @app.event("app_home_opened")
    def home_opened(event: dict[str, Any], client: Any) -> None:
        if event.get("tab", "home") != "home":
            return
        recent = services.store.list(no_match=True, limit=500, newest_first=True)
        gaps = group_gaps(recent, services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name)
        client.views_publish(user_id=event["user"], view=home_view(services.store.counts(), gaps))
