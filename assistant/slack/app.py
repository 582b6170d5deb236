"""The Bolt app: built here, listeners registered, served over Socket Mode or HTTP.

Ack first, work after: the app runs with `process_before_response=True` and every listener is a
Bolt lazy listener. The ack half runs in the HTTP request thread and touches neither the database,
a model nor the Web API, so Slack hears back in milliseconds however slow those are. The work half
runs on a bounded pool (WORKERS threads): a burst of clicks queues there instead of holding HTTP
threads, and its size caps the connections to the database and to Slack. Chosen over a home-made
queue because Bolt already hands each lazy half its own copy of the request, context and client.
The one exception: opening a form (Edit, Escalate, Override, Return, Show full post) must happen
within 3 s of the click, so those acks hand the work to a small pool of its own instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import ConfigError
from assistant.naming import speaker
from assistant.services import Services
from assistant.serving import StoppableServer
from assistant.slack.inbox import SlackInbox
from assistant.slack.listeners import register_listeners
from assistant.slack.pacing import ACK_FIRST

log = logging.getLogger(__name__)
WORKERS = 16  # work halves run at once; mostly waiting on Slack's Web API (100–500 ms a call)
FORM_WORKERS = 4  # opening forms (Edit, Escalate…): a pool of their own, to beat Slack's 3 s trigger expiry


def build_app(services: Services, client: WebClient | None = None) -> App:
    """A Bolt app wired to the services; its inbox is attached to the pipeline."""
    settings = services.settings
    settings.require_slack()
    if client is None:
        client = WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url or WebClient.BASE_URL)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    quiet = logging.getLogger("slack_sdk.web.base_client")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a failure here is said once, below, with the setting to fix
    try:  # Bolt checks the token with auth.test here: the first call to Slack
        app = App(
            client=client,
            signing_secret=settings.slack_signing_secret or None,
            request_verification_enabled=bool(settings.slack_signing_secret),
            process_before_response=True,
            listener_executor=ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="slack-work"),
        )
    except BoltError as exc:
        raise ConfigError(f"SLACK_BOT_TOKEN: Slack refused it ({str(exc)[:160]}); copy the Bot User OAuth Token (xoxb-…) from the app's OAuth page") from None
    except OSError as exc:  # URLError, refused, unresolvable, timed out
        reason = getattr(exc, "reason", exc)
        raise ConfigError(
            f"SLACK_API_URL: cannot reach Slack at {client.base_url} ({type(reason).__name__}: {str(reason)[:120]}); "
            "check the address and the network, or leave SLACK_API_URL empty for Slack itself"
        ) from None
    finally:
        quiet.setLevel(level)

    known: dict[str, str] = {}  # whose name this app already kept: one write per person and name

    @app.middleware
    def learn_names(body: dict[str, Any], next: Callable[[], Any]) -> Any:  # noqa: A002 - Bolt passes `next` by this name
        found = speaker(body)
        if found is not None and known.get(found[0]) != found[1]:
            try:
                services.store.learn_name(*found)
                known[found[0]] = found[1]
            except SQLAlchemyError as exc:  # a name is never worth a refused click
                log.warning("could not keep the Slack name of %s: %s", found[0], type(exc).__name__)
        return next()

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("unhandled Slack request error: %s", error, exc_info=error)

    forms = ThreadPoolExecutor(max_workers=FORM_WORKERS, thread_name_prefix="slack-forms")
    setattr(app, "forms_executor", forms)  # noqa: B010 - drained with the listener pool; App declares no such field
    register_listeners(app, services, forms)
    services.attach_inbox(SlackInbox(client, services.store, settings.slack_inbox_channel, settings.slack_escalation_channel, services.platforms))
    if services.managers is not None:
        services.managers.members = lambda group: list(client.usergroups_users_list(usergroup=group).get("users") or [])
    return app


HTTP_THREADS = 16  # request threads: they only verify, parse and ack


def http_server(app: App, host: str = "0.0.0.0", port: int = 3000, *, around: Callable[[Any], Any] | None = None) -> Any:
    """`/slack/events` on waitress (a production WSGI server); `.run()` serves, `.close()` stops.
    `around` wraps the WSGI app (the probes and metrics, `observe.Operations.around`)."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler

    wsgi = ACK_FIRST.around(SlackRequestHandler(app))
    return StoppableServer(around(wsgi) if around is not None else wsgi, host, port, threads=HTTP_THREADS)


def serve_socket_mode(app: App, app_token: str) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()


def drain(app: App) -> None:
    """Wait for the work already acknowledged (at shutdown, before closing what it uses)."""
    app.forms_executor.shutdown(wait=True)  # type: ignore[attr-defined]
    app.listener_runner.listener_executor.shutdown(wait=True)
