"""Where the bot may call out to on someone else's say-so: a webhook sender's callback URL.

An allow-list, checked twice. When a post arrives, its `callback_url` must name a host its sender
is allowed (`WEBHOOK_CALLBACK_HOSTS`), by name, with no user info and no address literal in any
spelling. When the reply is sent, the name is resolved, every address it resolves to must be a
public unicast one (OWASP's SSRF guidance: no loopback, private, link-local/metadata, shared,
multicast, reserved or unspecified address, IPv4-mapped and 6to4/Teredo forms unwrapped first),
and the connection goes to the address that was checked, so a DNS answer that changes in between
(rebinding) can't swap it. Redirects are never followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Resolve = Callable[[str, int], list[str]]  # (host, port) -> the addresses it resolves to
Dial = Callable[[tuple[str, int], float], socket.socket]  # connect to (address, port) within a timeout
MAX_ANSWER = 64_000  # bytes of a callback's answer that are read

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


class CallbackRefused(ValueError):
    """A callback URL the bot won't call, with the reason (never the URL's user info)."""


def _ascii_host(host: str) -> str:
    """A host name as DNS sees it (lower case, IDNA, no trailing dot); raises CallbackRefused."""
    host = host.strip().rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise CallbackRefused("its host is not a valid domain name") from None
    return host


def _numeric(host: str) -> bool:
    """True for an address literal in any spelling: dotted, decimal (2130706433), octal (0177.1),
    hex (0x7f.1), short forms (127.1), and IPv6 in brackets or not."""
    if host.startswith("[") or ":" in host:
        return True
    try:
        socket.inet_aton(host)  # the C library's reading, which accepts every legacy spelling
        return True
    except (OSError, ValueError):
        pass
    return bool(re.fullmatch(r"(?:0x[0-9a-f]*|[0-9]+)", host.rsplit(".", 1)[-1]))


def _domain(host: str) -> bool:
    """A name of two or more DNS labels whose last label (the top-level domain) starts with a letter."""
    labels = host.split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(label) for label in labels) and labels[-1][0].isalpha()


@dataclass(frozen=True)
class AllowedHost:
    """One allow-list entry: `hooks.example.com`, `*.example.com` (any name under it, not itself),
    either with `:port` (without one, only the scheme's own port is allowed)."""

    name: str
    port: int | None = None

    @property
    def wildcard(self) -> bool:
        return self.name.startswith("*.")

    def allows(self, host: str, port: int, default_port: int) -> bool:
        if port != (self.port or default_port):
            return False
        if self.wildcard:
            return host.endswith(self.name[1:]) and host != self.name[2:]
        return host == self.name

    def __str__(self) -> str:
        return self.name + (f":{self.port}" if self.port else "")


def parse_entry(entry: str) -> AllowedHost:
    """An allow-list entry as written in the setting; raises ValueError saying what is wrong."""
    name, _, port_text = entry.strip().lower().partition(":")
    base = name[2:] if name.startswith("*.") else name
    try:
        base = _ascii_host(base)
    except CallbackRefused:
        raise ValueError(f"{entry!r} is not a host name") from None
    if _numeric(base) or not _domain(base):
        raise ValueError(f"{entry!r} is not a host name (like hooks.example.com or *.example.com; addresses are never allowed)")
    port = None
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise ValueError(f"{entry!r} has a port that is not 1-65535")
        port = int(port_text)
    return AllowedHost(("*." if name.startswith("*.") else "") + base, port)


def parse_callback_hosts(value: str) -> dict[str, tuple[AllowedHost, ...]]:
    """`zapier=hooks.zapier.com *.example.org:8443, n8n=n8n.example.com` → sender → its hosts."""
    hosts: dict[str, tuple[AllowedHost, ...]] = {}
    for number, pair in enumerate((part.strip() for part in value.split(",") if part.strip()), start=1):
        name, sep, entries = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[a-z0-9_-]{1,32}", name) or not entries.split():
            raise ValueError(f"entry {number} must be sender=host [host ...], the sender as named in WEBHOOK_SECRETS (like zapier=hooks.zapier.com)")
        if name in hosts:
            raise ValueError(f"{name!r} is named twice")
        hosts[name] = tuple(parse_entry(entry) for entry in entries.split())
    return hosts


@dataclass(frozen=True)
class Target:
    """A callback URL taken apart once checked: what to connect to and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str


def check_callback(url: str, allowed: Sequence[AllowedHost], sender: str) -> Target:
    """The URL's target if `sender` may be called there; raises CallbackRefused with the fix."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.netloc:
        raise CallbackRefused("it is not an http(s) URL")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise CallbackRefused("it carries user info (name@host); name the host alone")
    if any(ch.isspace() or ch == "\\" for ch in parts.netloc):
        raise CallbackRefused("its host contains spaces or backslashes")
    raw_host = parts.hostname or ""
    if not raw_host:
        raise CallbackRefused("it names no host")
    host = _ascii_host(raw_host)
    if _numeric(host):
        raise CallbackRefused("it names an address, not a host name; callbacks go only to allowed host names")
    if not _domain(host):
        raise CallbackRefused("its host is not a domain name")
    try:
        port = parts.port
    except ValueError:
        raise CallbackRefused("its port is not 1-65535") from None
    default_port = 443 if scheme == "https" else 80
    if not any(entry.allows(host, port or default_port, default_port) for entry in allowed):
        where = f"{sender}'s hosts are {', '.join(map(str, allowed))}" if allowed else f"{sender} has no allowed callback hosts"
        raise CallbackRefused(f"its host {host}{f':{port}' if port else ''} is not allowed: {where}; add it to WEBHOOK_CALLBACK_HOSTS ({sender}=host …)")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, host, port or default_port, path)


def public_address(text: str) -> bool:
    """True only for a public unicast address: what a callback may connect to."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and not public_address(str(embedded)):
            return False
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
    return address.is_global and not (
        address.is_multicast or address.is_private or address.is_loopback or address.is_link_local or address.is_reserved or address.is_unspecified
    )


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`."""
    return list(dict.fromkeys(str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))


def system_dial(address: tuple[str, int], timeout: float) -> socket.socket:
    return socket.create_connection(address, timeout=timeout)


class NotSent(Exception):
    """Nothing reached the receiver (refused, unresolvable, not allowed): safe to try again later."""


class NoAnswer(Exception):
    """The request may have reached the receiver, but no answer came back."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


@dataclass
class Outbound:
    """Sends callback requests to checked addresses only. `resolve` and `dial` are the system's;
    tests give a resolver stub and a dialer that keeps traffic on loopback."""

    hosts: dict[str, tuple[AllowedHost, ...]] = field(default_factory=dict)
    resolve: Resolve = system_resolve
    dial: Dial = system_dial
    tls: ssl.SSLContext | None = None

    def check(self, url: str, sender: str) -> Target:
        return check_callback(url, self.hosts.get(sender, ()), sender)

    def address(self, target: Target) -> str:
        """The one address to connect to: the first the name resolves to, once every one is public."""
        try:
            addresses = self.resolve(target.host, target.port)
        except OSError as exc:
            raise NotSent(f"{target.host} could not be resolved ({type(exc).__name__})") from None
        if not addresses:
            raise NotSent(f"{target.host} resolves to no address")
        private = [address for address in addresses if not public_address(address)]
        if private:
            raise CallbackRefused(f"{target.host} resolves to a non-public address ({private[0]}); callbacks go only to public addresses")
        return addresses[0]

    def post(self, url: str, sender: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
        """POST `body` to the sender's callback; raises CallbackRefused, NotSent or NoAnswer."""
        target = self.check(url, sender)
        address = self.address(target)
        connection = _connection(target, address, self.dial, timeout, self.tls)
        try:
            try:
                connection.connect()
            except (OSError, ssl.SSLError) as exc:
                raise NotSent(f"could not connect ({type(exc).__name__})") from None
            try:
                connection.request("POST", target.path, body=body, headers=headers)
                response = connection.getresponse()
                return Answer(response.status, response.read(MAX_ANSWER))
            except (OSError, http.client.HTTPException) as exc:
                raise NoAnswer(f"no answer ({type(exc).__name__})") from None
        finally:
            connection.close()


def _connection(target: Target, address: str, dial: Dial, timeout: float, tls: ssl.SSLContext | None) -> http.client.HTTPConnection:
    """An HTTP(S) connection to `target` whose socket goes to `address` (TLS still checks the name)."""

    class Pinned(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = dial((address, target.port), timeout)

    class PinnedTLS(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.sock = (tls or ssl.create_default_context()).wrap_socket(dial((address, target.port), timeout), server_hostname=target.host)

    kind = PinnedTLS if target.scheme == "https" else Pinned
    return kind(target.host, target.port, timeout=timeout)
