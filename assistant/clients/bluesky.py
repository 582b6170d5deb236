"""Bluesky's client: the `atproto` SDK logged in with an app password, and raw XRPC queries answered
as plain JSON (one malformed item can't make the SDK's typed models refuse a whole answer)."""

from __future__ import annotations

from typing import Any

TIMEOUT = 15.0  # seconds per request


def make_client(service_url: str, handle: str, app_password: str) -> Any:
    """An `atproto` client logged in with an app password (raises if Bluesky refuses it)."""
    from atproto import Client
    from atproto_client.request import Request

    client = Client(base_url=service_url.rstrip("/") + "/xrpc", request=Request(timeout=TIMEOUT))
    client.login(handle, app_password)
    return client


def raw_call(client: Any, nsid: str, params: Any) -> dict[str, Any]:
    """An XRPC query (`params`: the SDK's model for it) through the SDK's session (auth, refresh,
    errors), answered as plain JSON, so one malformed item can't make the SDK's typed models
    refuse the whole answer."""
    response = client.invoke_query(nsid, params=params, output_encoding="application/json")
    content = response.content
    if not isinstance(content, dict):
        raise ValueError(f"Bluesky answered {nsid} with something other than a JSON object")
    return content
