"""Bolt listeners, one module per Slack surface; each exposes `register(app, services)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.slack.listeners import actions, commands, events, views

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from slack_bolt import App

    from assistant.services import Services


def register_listeners(app: App, services: Services, forms: Executor) -> None:
    actions.register(app, services, forms)
    views.register(app, services)
    commands.register(app, services)
    events.register(app, services)
