"""A `requests` transport adapter for tweepy's session: scripted X API answers, every request recorded.

It can also replay the real recorded exchanges in ../shared/x-cassettes/ (gzip bodies inside YAML).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import yaml
from requests.adapters import BaseAdapter

CASSETTES = Path(__file__).resolve().parents[2].parent / "shared" / "x-cassettes"

Responder = Callable[[requests.PreparedRequest], tuple[int, dict[str, str], bytes]]


def cassette_response(name: str, index: int = 0) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and the decoded body of one recorded interaction."""
    data = yaml.safe_load((CASSETTES / name).read_text())
    response = data["interactions"][index]["response"]
    body = response["body"]["string"]
    if isinstance(body, str):
        body = body.encode()
    try:
        body = gzip.decompress(body)
    except OSError:
        pass
    headers = {key: values[0] for key, values in response["headers"].items() if key.lower() not in ("content-encoding", "content-length")}
    return response["status"]["code"], headers, body


class XTransport(BaseAdapter):
    def __init__(self, responder: Responder):
        super().__init__()
        self.responder = responder
        self.requests: list[requests.PreparedRequest] = []
        self.timeouts: list[Any] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.requests.append(request)
        self.timeouts.append(kwargs.get("timeout"))
        status, headers, body = self.responder(request)
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response._content = body
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        pass


def json_body(data: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
    return status, {"content-type": "application/json"}, json.dumps(data).encode()
