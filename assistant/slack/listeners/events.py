"""Events: the Home tab, drawn each time someone opens it.

Slack retries an event it thinks was not acknowledged (`X-Slack-Retry-Num`); the event id is
remembered, so a retry is never processed twice, even across a restart.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from assistant.dashboard import home
from assistant.kb.health import group_gaps
from assistant.slack.home import home_view
from assistant.slack.pacing import work as paced

if TYPE_CHECKING:
    from slack_bolt import App

    from assistant.services import Services

log = logging.getLogger(__name__)


def first_time(services: Services, body: dict[str, Any]) -> bool:
    event_id = str(body.get("event_id") or "")
    if not event_id:
        return True
    if services.store.remember(f"slack-event:{event_id}"):
        return True
    log.info("Slack event %s was already handled; retry ignored", event_id)
    return False


def register(app: App, services: Services) -> None:
    def home_opened(body: dict[str, Any], event: dict[str, Any], client: Any) -> None:
        if event.get("tab", "home") != "home" or not first_time(services, body):
            return

        recent = services.store.list(no_match=True, limit=500, newest_first=True)
        gaps = group_gaps(recent, services.knowledge.index.embedder.embeddings, brand=services.settings.brand_name)

        user = str(event["user"])
        board = home(services.store, user, services.desk.is_manager(user))
        client.views_publish(user_id=user, view=home_view(services.store.counts(), gaps, board=board, user=user))

    app.event("app_home_opened")(ack=lambda ack: ack(), lazy=[paced(home_opened)])
