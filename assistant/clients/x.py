"""The tweepy client for X, with the request timeout tweepy itself never sets."""

from __future__ import annotations

from typing import Any

from requests.adapters import BaseAdapter, HTTPAdapter


class TimeoutAdapter(BaseAdapter):
    """Gives every request a timeout unless the caller chose one, then hands it to `inner`."""

    def __init__(self, timeout: float, inner: BaseAdapter | None = None):
        super().__init__()
        self.timeout = timeout
        self.inner = inner or HTTPAdapter()

    def send(self, request: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return self.inner.send(request, **kwargs)

    def close(self) -> None:
        self.inner.close()


def make_x_client(settings: Any) -> Any:
    """A tweepy Client from settings: user context when the four write keys are set, else app-only."""
    import requests
    import tweepy

    client = tweepy.Client(
        bearer_token=settings.x_bearer_token or None,
        consumer_key=settings.x_api_key or None,
        consumer_secret=settings.x_api_secret or None,
        access_token=settings.x_access_token or None,
        access_token_secret=settings.x_access_token_secret or None,
        # Our poller does its own bounded backoff: tweepy's can spin when no reset header comes back.
        wait_on_rate_limit=False,
        # Raw answers: we parse each item ourselves, so one malformed mention can't fail a page.
        return_type=requests.Response,
    )
    client.session.mount("https://", TimeoutAdapter(settings.x_timeout_seconds))
    return client
