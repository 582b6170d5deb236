"""The networks `run` connects: for each, its client built and checked from the settings, its
source's poller and its publisher, as one `Connected`; or, unset, why it is off. Adding a network
is a client, a source, a publisher, a declaration in `platforms` and a `connect_…` here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mastodon import MastodonError, MastodonUnauthorizedError

from assistant.clients.bluesky import make_client as bluesky_client
from assistant.clients.mastodon import instance_limit
from assistant.clients.mastodon import make_client as mastodon_client
from assistant.clients.x import make_x_client
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.publish import Outbox
from assistant.publish.bluesky import BlueskyReplies
from assistant.publish.mastodon import MastodonReplies
from assistant.publish.x import XReplies
from assistant.sources.bluesky import BlueskyNotifications
from assistant.sources.mastodon import MastodonMentions
from assistant.sources.x import XMentions

if TYPE_CHECKING:
    from assistant.store import Store


@dataclass(frozen=True)
class Connected:
    """A network `run` reached at start-up: its live publisher and the poller to start."""

    platform: str
    description: str  # for the start-up log: which account, which server, what it may do
    publisher: Any  # None: it reads only, and its replies go to the outbox
    poller: Callable[[Store, Callable[[str], None] | None], Any]  # (store, warn) → an object with run(intake, stop, interval)
    interval: float
    limit: int = 0  # the post limit its server said (a Mastodon instance's); 0: it said none


def connect_x(settings: Settings) -> Connected | str:
    """X as configured: a bearer token reads mentions, the four user keys also post replies."""
    if not settings.x_read_enabled:
        return "OFF X mentions polling (set X_BEARER_TOKEN or the four X user keys); try `run --replay FILE`"

    client = make_x_client(settings)
    user_auth = not settings.x_bearer_token
    handle = next((h.lstrip("@") for h in settings.own_handle_list if "@" not in h.lstrip("@") and "." not in h), "")
    writes = "posting replies" if settings.x_write_enabled else "replies to the outbox (set the four user keys to post)"
    return Connected(
        "x",
        f"X: mentions polling every {settings.x_poll_seconds:g} s, {writes}",
        XReplies(client) if settings.x_write_enabled else None,
        lambda store, warn: XMentions(client, store, user_auth=user_auth, username=handle, warn=warn),
        settings.x_poll_seconds,
    )


def connect_mastodon(settings: Settings) -> Connected | str:
    """Mastodon as configured: checks the token, reads the instance's limit. Off (with the reason)
    without settings; a refused token stops the start with the setting to fix."""
    if not settings.mastodon_enabled:
        return "OFF Mastodon (set MASTODON_BASE_URL and MASTODON_ACCESS_TOKEN)"

    client = mastodon_client(settings.mastodon_base_url, settings.mastodon_access_token)
    try:
        me = client.account_verify_credentials()
    except MastodonUnauthorizedError:
        raise ConfigError(f"MASTODON_ACCESS_TOKEN: {settings.mastodon_base_url} refused the token; make a new one with the scopes in .env.example.") from None
    except MastodonError as exc:
        raise ConfigError(f"MASTODON_BASE_URL: could not reach Mastodon at {settings.mastodon_base_url} ({type(exc).__name__}); check the address.") from None
    limit = instance_limit(client)
    acct = me.get("acct", "?") if isinstance(me, dict) else "?"
    said = "its own limit" if limit else "no limit of its own, so MASTODON_CHAR_LIMIT"
    return Connected(
        "mastodon",
        f"Mastodon: @{acct} on {settings.mastodon_base_url}, replies up to {limit or settings.mastodon_char_limit} characters ({said}), polling every {settings.mastodon_poll_seconds:g} s",
        MastodonReplies(client),
        lambda store, warn: MastodonMentions(client, store),
        settings.mastodon_poll_seconds,
        limit,
    )


def connect_bluesky(settings: Settings) -> Connected | str:
    """Bluesky as configured: logs in with the app password. Off (with the reason) without
    settings; a refused login stops the start with the setting to fix."""
    if not settings.bluesky_enabled:
        return "OFF Bluesky (set BLUESKY_HANDLE and BLUESKY_APP_PASSWORD)"
    # The SDK's errors only when Bluesky is set: importing them costs about a second of every start.
    from atproto_client.exceptions import AtProtocolError, BadRequestError, UnauthorizedError

    try:
        client = bluesky_client(settings.bluesky_service_url, settings.bluesky_handle, settings.bluesky_app_password)
    except (UnauthorizedError, BadRequestError):
        raise ConfigError(
            f"BLUESKY_APP_PASSWORD: {settings.bluesky_service_url} refused the login of {settings.bluesky_handle}; check the handle and make a new app password."
        ) from None
    except AtProtocolError as exc:
        raise ConfigError(
            f"BLUESKY_SERVICE_URL: could not reach Bluesky at {settings.bluesky_service_url} ({type(exc).__name__}); check the address."
        ) from None
    return Connected(
        "bluesky",
        f"Bluesky: @{settings.bluesky_handle} on {settings.bluesky_service_url}, polling every {settings.bluesky_poll_seconds:g} s "
        "(private answers by chat if the app password allows direct messages, else to the outbox)",
        BlueskyReplies(client, Outbox(settings.data_dir / "outbox.jsonl")),
        lambda store, warn: BlueskyNotifications(client, store),
        settings.bluesky_poll_seconds,
    )


CONNECTIONS: tuple[Callable[[Settings], Connected | str], ...] = (connect_x, connect_mastodon, connect_bluesky)


def connect_all(settings: Settings) -> tuple[list[Connected], list[str]]:
    """Every network, as configured: the connected ones, and for the others why they are off. A
    network whose settings are given but refused (a wrong password) raises: half-running would send
    its replies to the outbox."""
    connected: list[Connected] = []
    off: list[str] = []
    for connect in CONNECTIONS:
        result = connect(settings)
        if isinstance(result, Connected):
            connected.append(result)
        else:
            off.append(result)
    return connected, off
