"""Callbacks go only where allowed: a host on the sender's allow-list, by name, resolving to public
addresses only, connected to at the address that was checked, never redirected.

Traffic stays on loopback: a resolver stub names the addresses, and the dialer hands the checked
public address's connection to a receiver on 127.0.0.1.
"""

from __future__ import annotations

import io
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.config import load_settings
from assistant.errors import ConfigError, PublishError
from assistant.outbound import (
    CallbackRefused,
    Outbound,
    check_callback,
    parse_callback_hosts,
    public_address,
)
from assistant.publish.webhook import CallbackReplies
from assistant.services import Services
from assistant.sources.webhook import PATH, Webhook, webhook_server
from assistant.store import TicketState
from tests.conftest import module_services
from tests.test_webhook import (
    CALLBACK_HOST,
    PUBLIC,
    SECRET,
    SOURCES,
    Receiver,
    Sender,
    _drafted,
    _post,
    loopback_outbound,
)

ALLOWED = parse_callback_hosts(f"zapier={CALLBACK_HOST} *.example.org:8443")["zapier"]
# Address ranges no callback may reach, with a few addresses of each.
NON_PUBLIC = [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "0.0.0.0/8",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "192.0.2.0/24",
    "198.18.0.0/15",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
]


def _spellings(address: int) -> list[str]:
    """An IPv4 address in the spellings resolvers and browsers accept: dotted, decimal, hex, octal,
    short forms, and IPv6 forms of it."""
    octets = address.to_bytes(4, "big")
    a, b, c, d = octets
    return [
        ".".join(map(str, octets)),
        str(address),
        hex(address),
        "0" + oct(address)[2:],
        ".".join(f"0{n:o}" for n in octets),
        ".".join(hex(n) for n in octets),
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"[::ffff:{a}.{b}.{c}.{d}]",
        f"[::ffff:{(a << 8) | b:x}:{(c << 8) | d:x}]",
        f"[{ipaddress.IPv6Address(f'::ffff:{a}.{b}.{c}.{d}').exploded}]",
    ]


@given(st.integers(0, 2**32 - 1), st.sampled_from(["http", "https"]), st.sampled_from(["", ":80", ":443", ":8443"]))
@hsettings(max_examples=300, deadline=None)
def test_an_address_in_any_spelling_is_never_a_callback_host(address: int, scheme: str, port: str) -> None:
    for spelling in _spellings(address):
        with pytest.raises(CallbackRefused):
            check_callback(f"{scheme}://{spelling}{port}/replies", ALLOWED, "zapier")


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/replies",
        "http://hooks.example.com@127.0.0.1/",
        "http://user:pw@hooks.example.com/",
        "http://127.0.0.1:80@hooks.example.com/",
        "http://hooks.example.com.evil.test/",
        "http://evilhooks.example.com/",
        "http://hooks.example.com:8080/",
        "http://example.org:8443/",
        "ftp://hooks.example.com/",
        "gopher://hooks.example.com/",
        "http:///hooks.example.com",
        "http://hooks.example.com\\@127.0.0.1/",
        "http://HOOKS.EXAMPLE.COM.:81/",
        "file:///etc/passwd",
        "http://[::1]:8443/",
        "http://0/",
        "http://metadata.google.internal/",
    ],
)
def test_a_host_not_on_the_senders_list_or_written_to_trick_is_refused(url: str) -> None:
    with pytest.raises(CallbackRefused):
        check_callback(url, ALLOWED, "zapier")


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        (f"https://{CALLBACK_HOST}/r?x=1", CALLBACK_HOST, 443),
        (f"http://{CALLBACK_HOST.upper()}./r", CALLBACK_HOST, 80),
        ("https://a.b.example.org:8443/x", "a.b.example.org", 8443),
    ],
)
def test_an_allowed_host_is_taken_apart_for_the_connection(url: str, host: str, port: int) -> None:
    target = check_callback(url, ALLOWED, "zapier")
    assert (target.host, target.port) == (host, port)


@given(st.sampled_from(NON_PUBLIC), st.integers(0, 2**128 - 1))
@hsettings(max_examples=400, deadline=None)
def test_no_loopback_private_link_local_shared_multicast_or_reserved_address_is_public(network: str, offset: int) -> None:
    net = ipaddress.ip_network(network)
    address = net[offset % net.num_addresses]
    assert not public_address(str(address))
    if address.version == 4:
        assert not public_address(f"::ffff:{address}"), "an IPv4-mapped IPv6 address is the IPv4 one"
        assert not public_address(str(ipaddress.IPv6Address((0x2002 << 112) | (int(address) << 80)))), "6to4 unwrapped"


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses_are_public(address: str) -> None:
    assert public_address(address)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("zapier=127.0.0.1", "is not a host name"),
        ("zapier=2130706433", "is not a host name"),
        ("zapier=localhost", "is not a host name"),
        ("zapier", "must be sender=host"),
        ("zapier=", "must be sender=host"),
        ("n8n=hooks.example.com", "WEBHOOK_SECRETS does not"),
        ("zapier=a.example.com:99999", "port"),
        ("zapier=a.example.com,zapier=b.example.com", "named twice"),
    ],
)
def test_a_bad_callback_allow_list_stops_start_up_naming_the_setting(value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as refused:
        load_settings(webhook_secrets=f"zapier={SECRET}", webhook_callback_hosts=value)
    assert str(refused.value).startswith("WEBHOOK_CALLBACK_HOSTS:")


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    yield from module_services(tmp_path_factory, "outbound")


@pytest.fixture
def hook(services: Services) -> Iterator[tuple[Sender, Services, Receiver]]:
    receiver = Receiver()
    outbound = receiver.outbound
    services.publishers.outbound = outbound
    services.publishers.callbacks = dict(SOURCES)
    clock = [float(int(time.time()))]
    webhook = Webhook(SOURCES, services.pipeline, outbound=outbound, clock=lambda: clock[0])
    http = webhook_server(webhook, "127.0.0.1", 0)
    threading.Thread(target=http.run, daemon=True).start()
    yield Sender(f"http://127.0.0.1:{http.port}", clock), services, receiver
    http.close()
    webhook.close()
    receiver.server.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/replies",
        "http://localhost/replies",
        "http://2130706433/replies",
        "http://0.0.0.0/replies",
        "http://hooks.example.com@127.0.0.1/replies",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/replies",
        "http://192.168.1.1/replies",
        "http://[::1]/replies",
        "http://[::ffff:7f00:1]/replies",
        "http://0x7f.1/replies",
        "https://evil.test/replies",
    ],
)
def test_a_post_naming_a_callback_host_its_sender_is_not_allowed_is_refused_400_and_opens_no_ticket(hook: Any, url: str) -> None:
    sender, services, receiver = hook
    answer = sender.post(_post(id="fb-ssrf", callback_url=url))
    assert answer.status_code == 400 and "callback_url" in answer.json()["error"]
    assert "WEBHOOK_CALLBACK_HOSTS" in answer.json()["error"], "the 400 names the setting"
    assert not [t for t in services.store.list() if t.post.external_id == "fb-ssrf"] and receiver.got == []
    assert any("callback_url" in item.reason for item in services.store.rejected())


@pytest.mark.parametrize("resolved", [("127.0.0.1",), ("10.1.2.3",), ("169.254.169.254",), ("::ffff:127.0.0.1",), ("fd00::1",), (PUBLIC, "192.168.0.9")])
def test_an_allowed_name_resolving_to_a_non_public_address_is_never_connected_to(hook: Any, resolved: tuple[str, ...]) -> None:
    sender, services, receiver = hook
    ticket_id = sender.post(_post(id=f"fb-rebind-{'-'.join(resolved)}", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, ticket_id)
    services.publishers.outbound = loopback_outbound(receiver.port, resolved=resolved)
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SEND_FAILED and "non-public address" in outcome.message
    assert outcome.ticket.publication.status == "failed", "refused before anything was sent: not 'maybe sent'"
    assert receiver.got == [] and services.publishers.outbound.dialled == []


def test_the_connection_goes_to_the_address_that_was_checked_not_a_second_lookup(hook: Any) -> None:
    sender, services, receiver = hook
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])  # a rebinding resolver: public once, then loopback
    lookups: list[str] = []
    outbound = services.publishers.outbound

    def rebinding(host: str, port: int) -> list[str]:
        lookups.append(host)
        return next(answers)

    ticket_id = sender.post(_post(id="fb-pin", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, ticket_id)
    outbound.resolve = rebinding
    assert services.desk.approve(ticket_id, "U1").ticket.state == TicketState.SENT
    assert lookups == [CALLBACK_HOST] and outbound.dialled == [(PUBLIC, receiver.port)] and len(receiver.got) == 1
    assert receiver.got[0][0]["Host"] == f"{CALLBACK_HOST}:{receiver.port}", "the request still names the host"


def test_a_redirect_is_a_refusal_and_is_never_followed(hook: Any) -> None:
    sender, services, receiver = hook
    elsewhere = Receiver()
    receiver.script = [302]
    ticket_id = sender.post(_post(id="fb-redirect", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, ticket_id)
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SEND_FAILED and "HTTP 302" in outcome.message
    assert len(receiver.got) == 1 and elsewhere.got == []
    elsewhere.server.close()


def test_a_host_taken_off_the_list_after_the_post_arrived_is_not_called(hook: Any) -> None:
    sender, services, receiver = hook
    ticket_id = sender.post(_post(id="fb-later", callback_url=receiver.url)).json()["ticket"]
    _drafted(services, ticket_id)
    services.publishers.outbound.hosts = {}
    outcome = services.desk.approve(ticket_id, "U1")
    assert outcome.ticket.state == TicketState.SEND_FAILED and "no allowed callback hosts" in outcome.message
    assert receiver.got == [] and outcome.ticket.publication.status == "failed"


def test_an_unresolvable_name_sends_nothing_and_can_be_retried() -> None:
    outbound = Outbound(parse_callback_hosts(f"zapier={CALLBACK_HOST}"), lambda host, port: (_ for _ in ()).throw(socket.gaierror("no such name")))
    with pytest.raises(PublishError, match="could not be resolved") as failed:
        CallbackReplies(f"https://{CALLBACK_HOST}/r", "zapier", SECRET, outbound, sleep=lambda s: None).publish(
            ticket_id=1, platform="facebook", in_reply_to_id="fb-1", text="Hi @sam"
        )
    assert not failed.value.maybe_posted


@pytest.mark.parametrize("kind", ["text/plain", "application/x-www-form-urlencoded", "", "application/jsonp", "multipart/form-data; boundary=x"])
def test_a_body_that_is_not_json_is_refused_415_unread(services: Services, kind: str) -> None:
    webhook = Webhook(SOURCES, services.pipeline)
    started: list[str] = []
    body = json.dumps(_post()).encode()
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": PATH, "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": kind, "wsgi.input": io.BytesIO(body)}
    webhook.wsgi(environ, lambda status_line, headers: started.append(status_line))
    assert started[0].startswith("415") and environ["wsgi.input"].tell() == 0
    webhook.close()


def test_json_with_a_charset_is_json(hook: Any) -> None:
    sender, _, _ = hook
    assert sender.post(_post(id="fb-charset"), **{"Content-Type": "application/json; charset=utf-8"}).status_code == 202
