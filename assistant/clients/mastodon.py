"""Mastodon's client: Mastodon.py with rate limits raised (our poller waits), no version probing,
and the instance's own post limit."""

from __future__ import annotations

from typing import Any

TIMEOUT = 15.0  # seconds per request


def make_client(base_url: str, access_token: str) -> Any:
    """Mastodon.py's client: rate limits raise (our poller waits), no version probing at start."""
    from mastodon import Mastodon

    return Mastodon(access_token=access_token, api_base_url=base_url, ratelimit_method="throw", request_timeout=TIMEOUT, version_check_mode="none")


def instance_limit(client: Any) -> int:
    """The instance's own limit for a post (configuration.statuses.max_characters), 0 if it won't say."""
    from mastodon import MastodonError

    try:
        instance = client.instance_v2()
    except MastodonError:
        return 0
    limit = ((instance.get("configuration") or {}).get("statuses") or {}).get("max_characters") if isinstance(instance, dict) else None
    return limit if isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit <= 100_000 else 0
