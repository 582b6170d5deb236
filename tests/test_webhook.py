"""The signed webhook: real HTTP on loopback (waitress, as `run` serves it), real signatures."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.config import load_settings
from assistant.errors import ConfigError
from assistant.services import Services
from assistant.sources.webhook import (
    MAX_BODY,
    PATH,
    WINDOW_SECONDS,
    Refused,
    Webhook,
    sign,
    verify,
    webhook_server,
)
from assistant.store import TicketState

SECRET = "s3cret-for-zapier-0123456789"
SOURCES = {"zapier": SECRET, "reviews": "another-secret-abcdef-0123"}


class Sender:
    """An automation tool posting to the webhook, signing as `source`."""

    def __init__(self, url: str, clock: list[float]):
        self.url = url
        self.clock = clock

    def post(
        self, record: Any, *, source: str = "zapier", secret: str = SECRET, skew: float = 0, body: bytes | None = None, **headers: str
    ) -> requests.Response:
        data = body if body is not None else json.dumps(record).encode()
        stamp = str(int(self.clock[0] + skew))
        signed = {
            "X-Source": source,
            "X-Signature-Timestamp": stamp,
            "X-Signature": sign(secret, stamp, data),
            "Content-Type": "application/json",
            "Connection": "close",
        }
        return requests.post(self.url + PATH, data=data, headers={**signed, **headers}, timeout=10)


@pytest.fixture
def hook(services: Services) -> Iterator[tuple[Sender, Webhook]]:
    clock = [float(int(time.time()))]  # whole seconds, as senders stamp them: the window's edge is exact
    webhook = Webhook(SOURCES, services.pipeline, clock=lambda: clock[0])
    http = webhook_server(webhook, "127.0.0.1", 0)
    threading.Thread(target=http.run, daemon=True).start()
    yield Sender(f"http://127.0.0.1:{http.port}", clock), webhook
    http.close()
    webhook.close()


def _post(**extra: Any) -> dict[str, Any]:
    return {"platform": "facebook", "id": "fb-1", "author": "sam_k", "followers": 230, "text": "where is my order?? placed it monday", **extra}


def _drafted(services: Services, ticket_id: int) -> Any:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ticket = services.store.get(ticket_id)
        if ticket.draft is not None:
            return ticket
        time.sleep(0.05)
    raise AssertionError(f"ticket {ticket_id} was never drafted")


def test_a_signed_post_is_stored_answered_202_then_drafted_and_a_repeat_changes_nothing(hook: Any, services: Services) -> None:
    sender, _ = hook
    first = sender.post(_post())
    assert first.status_code == 202, first.text
    ticket_id = first.json()["ticket"]
    assert first.json()["status"] == "opened"
    ticket = _drafted(services, ticket_id)
    assert ticket.post.platform == "facebook" and ticket.post.author_followers == 230
    assert [c["article_id"] for c in ticket.draft.citations] == ["order-status"]
    again = sender.post(_post())
    assert again.status_code == 202 and again.json() == {"ticket": ticket_id, "status": "duplicate"}
    assert len(services.store.list()) == 1


def test_a_forwarded_reply_carries_the_text_it_replies_to_onto_the_card(hook: Any, services: Services) -> None:
    """A review site's answer to the brand's own reply, forwarded with that reply's text: the card
    shows what the customer answers, since the conversation doesn't hold it."""
    sender, _ = hook
    sent = sender.post(
        _post(id="fb-77", text="it was the blue one, size 10", in_reply_to_id="fb-page-5", in_reply_to_text="Which colour and size did you order?")
    )
    assert sent.status_code == 202, sent.text
    ticket = _drafted(services, sent.json()["ticket"])
    assert ticket.post.in_reply_to_text == "Which colour and size did you order?"
    assert any("“Which colour and size did you order?”" in flag for flag in ticket.draft.flags), ticket.draft.flags


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"secret": "wrong-secret-0123456789"}, "does not match"),
        ({"source": "nobody"}, "unknown source"),
        ({"skew": -(WINDOW_SECONDS + 1)}, "more than 5 minutes"),
        ({"skew": WINDOW_SECONDS + 1}, "more than 5 minutes"),
    ],
)
def test_an_unsigned_wrong_or_stale_request_is_refused_and_nothing_is_stored(hook: Any, services: Services, change: dict[str, Any], reason: str) -> None:
    sender, _ = hook
    answer = sender.post(_post(), **change)
    assert answer.status_code == 401 and reason in answer.json()["error"]
    assert services.store.list() == [] and services.store.rejected() == []


@pytest.mark.parametrize("skew", [-WINDOW_SECONDS, WINDOW_SECONDS])
def test_a_request_signed_exactly_five_minutes_away_is_still_taken(hook: Any, skew: int) -> None:
    sender, _ = hook
    assert sender.post(_post(id=f"edge{skew}"), skew=skew).status_code == 202


def test_the_other_sources_secret_does_not_sign_for_zapier(hook: Any) -> None:
    sender, _ = hook
    assert sender.post(_post(), source="zapier", secret=SOURCES["reviews"]).status_code == 401
    assert sender.post(_post(), source="reviews", secret=SOURCES["reviews"]).status_code == 202


def test_a_signed_but_bad_post_is_kept_as_rejected_with_its_reason_and_the_next_comes_in(hook: Any, services: Services) -> None:
    sender, _ = hook
    for body, reason in [
        (json.dumps({"id": "x1", "author": "sam", "text": "hi"}).encode(), "'platform' is required"),
        (json.dumps(_post(text="")).encode(), "'text' is missing or empty"),
        (b'{"platform": "facebook", "id": ', "not valid JSON"),
        ("\udcff".encode("utf-8", "surrogatepass"), "not UTF-8"),
        (json.dumps(_post(followers=-3)).encode(), "'followers' must be a whole number"),
        (json.dumps(_post(platform="<!channel> FB")).encode(), "must be a short name"),
    ]:
        answer = sender.post(None, body=body)
        assert answer.status_code == 400 and reason in answer.json()["error"], answer.text
    assert [item.source for item in services.store.rejected()] == ["webhook:zapier"] * 6
    assert sender.post(_post(id="fb-2")).status_code == 202


def test_a_body_over_the_limit_is_refused_before_it_is_read_and_the_limit_itself_is_read(hook: Any) -> None:
    sender, _ = hook
    over = sender.post(None, body=b"x" * (MAX_BODY + 1))
    assert over.status_code == 413
    at = sender.post(None, body=b" " * MAX_BODY)
    assert at.status_code == 400, "the limit itself is read and parsed"


def test_only_post_to_the_one_path(hook: Any) -> None:
    sender, _ = hook
    assert requests.get(sender.url + PATH, headers={"Connection": "close"}, timeout=10).status_code == 405
    assert requests.post(sender.url + "/webhooks/other", data=b"{}", headers={"Connection": "close"}, timeout=10).status_code == 404


@hsettings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["X-Source", "x-signature-timestamp", "X-Signature", "Other"]), st.text(max_size=80), max_size=4),
    st.binary(max_size=200),
    st.floats(min_value=0, max_value=2e10, allow_nan=False),
)
def test_any_headers_and_body_are_verified_or_refused_never_crashed_on(headers: dict[str, str], body: bytes, now: float) -> None:
    try:
        assert verify(SOURCES, headers, body, now) in SOURCES
    except Refused as exc:
        assert exc.status == 401 and exc.message


@hsettings(max_examples=200, deadline=None)
@given(st.binary(max_size=500), st.integers(min_value=0, max_value=2**33))
def test_what_we_sign_we_verify_and_one_changed_byte_is_refused(body: bytes, stamp: int) -> None:
    headers = {"X-Source": "zapier", "X-Signature-Timestamp": str(stamp), "X-Signature": sign(SECRET, str(stamp), body)}
    assert verify(SOURCES, headers, body, stamp) == "zapier"
    with pytest.raises(Refused):
        verify(SOURCES, headers, body + b"!", stamp)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("zapier", "must be name=secret"),
        ("Zapier=0123456789abcdef", "must be name=secret"),
        ("zapier=short", "shorter than 16 characters"),
        ("zapier=0123456789abcdef,zapier=fedcba9876543210", "named twice"),
    ],
)
def test_bad_webhook_secrets_are_named_without_echoing_a_secret(value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(webhook_secrets=value)
    assert "WEBHOOK_SECRETS" in str(caught.value) and message in str(caught.value)
    assert "0123456789abcdef" not in str(caught.value) and "short" not in str(caught.value).replace("shorter", "")


@hsettings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.dictionaries(
            st.sampled_from(["platform", "id", "author", "text", "followers", "created_at"]),
            st.one_of(st.text(max_size=30), st.integers(), st.none(), st.booleans()),
        ).map(lambda d: json.dumps(d).encode()),
    )
)
def test_any_body_is_a_post_or_a_400_with_a_reason(body: bytes) -> None:
    from assistant.sources.webhook import parse

    try:
        post = parse(body)
    except Refused as exc:
        assert exc.status == 400 and exc.message
    else:
        assert post.text.strip() and post.external_id.strip()


@pytest.mark.parametrize(("length", "status"), [("-1", 400), ("abc", 400), (str(MAX_BODY + 1), 413)])
def test_a_bad_content_length_is_refused_without_reading(services: Services, length: str, status: int) -> None:
    import io

    webhook = Webhook(SOURCES, services.pipeline)
    started: list[str] = []
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": PATH, "CONTENT_LENGTH": length, "wsgi.input": io.BytesIO(b"never read")}
    webhook.wsgi(environ, lambda status_line, headers: started.append(status_line))
    assert started[0].startswith(str(status)) and environ["wsgi.input"].tell() == 0
    webhook.close()


CALLBACK_HOST = "hooks.example.com"
PUBLIC = "93.184.216.34"  # what the resolver stub says CALLBACK_HOST is: a public address


def loopback_outbound(port: int, *, resolved: tuple[str, ...] = (PUBLIC,)) -> Any:
    """The real allow-list and address checks, with a resolver stub and a dialer that sends the
    connection for the checked public address to the receiver on loopback (no traffic leaves)."""
    from assistant.outbound import Outbound, parse_callback_hosts

    dialled: list[tuple[str, int]] = []

    def resolve(host: str, _port: int) -> list[str]:
        if host != CALLBACK_HOST:
            raise socket.gaierror(f"unknown host {host}")
        return list(resolved)

    def dial(address: tuple[str, int], timeout: float) -> socket.socket:
        dialled.append(address)
        assert address == (PUBLIC, port), f"only the checked address is dialled, not {address}"
        return socket.create_connection(("127.0.0.1", port), timeout=timeout)

    outbound = Outbound(parse_callback_hosts(f"zapier={CALLBACK_HOST}:{port}"), resolve, dial)
    outbound.dialled = dialled  # type: ignore[attr-defined]
    return outbound


class Receiver:
    """The sender's end of the callback, on loopback: answers as scripted (200 when the script is out).
    `url` names it by the allowed host name; `outbound` reaches it there."""

    def __init__(self, script: list[int] | None = None):
        from tests.fakes.http import LoopbackServer

        self.script = list(script or [])
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.server = LoopbackServer(self._handle)

    def _handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.got.append((headers, body))
        status = self.script.pop(0) if self.script else 200
        payload = {"id": "fb-reply-99"} if status == 200 else {"error": "not now"}
        return status, {"Content-Type": "application/json"}, json.dumps(payload).encode()

    @property
    def port(self) -> int:
        return int(self.server.url.rsplit(":", 1)[1])

    @property
    def url(self) -> str:
        return f"http://{CALLBACK_HOST}:{self.port}/replies"

    @property
    def outbound(self) -> Any:
        return loopback_outbound(self.port)


@pytest.fixture
def called(settings: Any) -> Iterator[tuple[Sender, Services]]:
    from assistant.services import build_services

    built = build_services(settings.model_copy(update={"webhook_secrets": ",".join(f"{k}={v}" for k, v in SOURCES.items())}))
    built.knowledge.sync()
    clock = [float(int(time.time()))]
    webhook = Webhook(SOURCES, built.pipeline, outbound=built.publishers.outbound, clock=lambda: clock[0])
    http = webhook_server(webhook, "127.0.0.1", 0)
    threading.Thread(target=http.run, daemon=True).start()
    yield Sender(f"http://127.0.0.1:{http.port}", clock), built
    http.close()
    webhook.close()
    built.store.close()


def _reach(services: Services, receiver: Receiver) -> None:
    """The allow-list and the stubbed network that lead to this receiver, shared by arrival and send."""
    outbound = receiver.outbound
    services.publishers.outbound.hosts = outbound.hosts
    services.publishers.outbound.resolve = outbound.resolve
    services.publishers.outbound.dial = outbound.dial


def test_an_approved_reply_goes_to_the_callback_signed_with_the_senders_secret(called: Any) -> None:
    sender, services = called
    receiver = Receiver()
    _reach(services, receiver)
    ticket_id = sender.post(_post(callback_url=receiver.url)).json()["ticket"]
    ticket = _drafted(services, ticket_id)
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SENT and "through zapier's callback" in outcome.message
    assert outcome.ticket.publication.external_id == "fb-reply-99"
    [(headers, body)] = receiver.got
    assert verify(SOURCES, headers, body, time.time()) == "zapier", "signed as the sender signs to us, with its own secret"
    sent = json.loads(body)
    assert (sent["platform"], sent["in_reply_to_id"], sent["kind"], sent["text"]) == ("facebook", "fb-1", "reply", ticket.draft.text)
    assert headers["Idempotency-Key"] == sent["reply_id"] and sent["reply_id"].startswith(f"ticket-{ticket_id}-reply-")
    assert not services.publishers.outbox.path.exists()
    receiver.server.close()


def test_a_busy_callback_is_retried_with_backoff_and_a_refusal_is_not(called: Any) -> None:
    sender, services = called
    receiver = Receiver([503, 200])
    _reach(services, receiver)
    first = sender.post(_post(id="fb-busy", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, first)
    started = time.monotonic()
    assert services.desk.approve(first, "U1").ticket.state == TicketState.SENT
    assert len(receiver.got) == 2 and time.monotonic() - started >= 1.0, "waited before the second attempt"
    assert len({json.loads(body)["reply_id"] for _, body in receiver.got}) == 1, "both attempts carry one reply id"
    receiver.script = [400]
    second = sender.post(_post(id="fb-refused", text="how do I cancel nimbus plus?", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, second)
    refused = services.desk.approve(second, "U1")
    assert refused.ticket.state == TicketState.SEND_FAILED and refused.ticket.publication.status == "failed" and "HTTP 400" in refused.message
    assert len(receiver.got) == 3
    receiver.server.close()


def test_every_attempt_failing_is_maybe_sent_when_one_may_have_arrived_and_never_resent_blindly() -> None:
    from assistant.errors import PublishError
    from assistant.publish.webhook import CallbackReplies

    receiver = Receiver([500, 500, 500])
    outbound = receiver.outbound
    waits: list[float] = []
    with pytest.raises(PublishError, match="after 3 attempts.*may have arrived") as failed:
        CallbackReplies(receiver.url, "zapier", SECRET, outbound, sleep=waits.append).publish(
            ticket_id=1, platform="facebook", in_reply_to_id="fb-1", text="Hi @sam"
        )
    assert failed.value.maybe_posted and waits == [1.0, 4.0] and len(receiver.got) == 3
    receiver.server.close()
    with pytest.raises(PublishError, match="could not connect") as unreachable:
        CallbackReplies(receiver.url, "zapier", SECRET, outbound, sleep=waits.append).publish(
            ticket_id=1, platform="facebook", in_reply_to_id="fb-1", text="Hi @sam"
        )
    assert not unreachable.value.maybe_posted, "nothing reached a closed port: retrying later is safe"


def test_a_callback_url_from_a_replay_file_or_an_unknown_sender_is_never_called(called: Any) -> None:
    from assistant.sources.replay import parse_line

    sender, services = called
    receiver = Receiver()
    _reach(services, receiver)
    post = parse_line(json.dumps(_post(id="r-1", platform="facebook", callback_url=receiver.url)))
    ticket_id = services.pipeline.ingest(post).ticket_id
    assert services.store.get(ticket_id).post.reply_url == receiver.url and services.store.get(ticket_id).post.reply_source == ""
    assert "to the outbox" in services.desk.approve(ticket_id, "U1").message and receiver.got == []
    receiver.server.close()


@given(st.text(max_size=60))
@hsettings(max_examples=150, deadline=None)
def test_any_callback_url_is_an_http_url_or_the_post_is_refused_with_the_reason(url: str) -> None:
    from assistant.posts import Post, PostRejected

    try:
        cleaned = Post("facebook", "1", "sam", "where is my order?", reply_url=url).cleaned()
    except PostRejected as exc:
        assert "'callback_url'" in str(exc)
    else:
        assert cleaned.reply_url == "" or cleaned.reply_url.startswith(("http://", "https://")) and not any(ch.isspace() for ch in cleaned.reply_url)
