"""Links, mentions and handles as a check reads them: in any script, lookalike letters, defanged
dots or missing scheme ("ｅｖｉｌ.example", "evil[.]example", "www.evil.example/x"), and which links
and handles a reply may carry."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.kb.articles import Article
from assistant.text.lookalikes import fold, plain

# Links in any form, found in folded text: with a scheme, www., a bare domain (any script, punycode
# included), an email address. A bare name counts when its last label is a real or reserved TLD.
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,15}://|\bwww\.)[^\s<>\"'()\[\]{}]+", re.I)
_BARE = re.compile(r"(?<![\w@./-])(?:[^\W_](?:[\w-]{0,62}[^\W_])?\.)+(?:[^\W\d_][\w-]{0,62}|xn--[a-z0-9-]+)(?::\d{1,5})?(?:/[^\s<>\"'()\[\]{}]*)?")
_IP = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:/[^\s<>\"'()\[\]{}]*)?(?![\w.])")
_EMAIL_ADDRESS = re.compile(r"(?<![\w.+@-])[\w.+-]+@((?:[^\W_](?:[\w-]{0,62}[^\W_])?\.)+[^\W\d_][\w-]{1,62})")
_RESERVED_TLDS = {"example", "test", "invalid", "localhost", "local", "onion", "internal", "home", "corp", "lan", "i2p", "intranet"}
SHORTENERS = {
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "lnkd.in",
    "s.id",
    "rb.gy",
    "t.ly",
    "v.gd",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "qr.ae",
    "trib.al",
    "dlvr.it",
    "tiny.one",
}
# Mentions: NFKC already turned full-width and small at-signs into "@".
# A handle after an @: X's (@sam_k), a fediverse one with its server (@ines@fosstodon.org), or
# Bluesky's, which is a domain name (@dana.bsky.social, @nytimes.com).
_HANDLE = r"\w{1,30}(?:@(?:[^\W_](?:[\w-]{0,62}[^\W_])?\.)+[^\W\d_][\w-]{1,62}|(?:\.[\w-]{1,63})*\.[^\W\d_]{2,63}(?![\w-]))?"
_MENTION = re.compile(rf"(?<![\w@])@({_HANDLE})")


@dataclass(frozen=True)
class Link:
    text: str  # as written (NFKC, lower case)
    normal: str  # host (Unicode, no www.) and path: how links are compared
    host: str


@functools.lru_cache(maxsize=1)
def _suffixes() -> Any:
    """The public suffix list snapshot bundled with tldextract (no download)."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _host_and_path(link: str) -> tuple[str, str]:
    link = re.sub(r"^[a-z][a-z0-9+.-]*://", "", link)
    host, _, path = link.partition("/")
    host = host.split("@")[-1].split(":")[0].strip(".")
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                import idna

                label = idna.decode(label)
            except Exception:  # noqa: BLE001 - broken punycode stays as written (and never matches)
                pass
        labels.append(label)
    host = ".".join(labels).removeprefix("www.")
    return host, path.rstrip("/.,);:!?'\"")


@functools.lru_cache(maxsize=4096)
def _is_domain(host: str) -> bool:
    tld = host.rsplit(".", 1)[-1]
    if "." not in host or not tld:
        return False
    return tld in _RESERVED_TLDS or tld.startswith("xn--") or bool(_suffixes()(host).suffix)


def find_links(text: str) -> list[Link]:
    """Every link in `text`, whatever script, lookalikes, defanged dots or missing scheme it uses."""
    written, folded = plain(text), fold(text)
    spans: list[tuple[int, int]] = []
    for pattern in (_URL, _BARE, _IP):
        for match in pattern.finditer(folded):
            if not any(start <= match.start() < end for start, end in spans):
                spans.append(match.span())
    links = []
    for start, end in spans:
        raw = written[start:end].rstrip(".,);:!?'\"")
        host, path = _host_and_path(raw)
        seen = folded[start:end].rstrip(".,);:!?'\"")
        if _URL.match(seen) or _IP.fullmatch(seen) or _is_domain(_host_and_path(seen)[0]) or _is_domain(host):
            links.append(Link(raw, f"{host}/{path}".rstrip("/"), host))
    for match in _EMAIL_ADDRESS.finditer(folded):
        if _is_domain(match.group(1)):
            address = written[match.start() : match.end()]
            links.append(Link(address, "mailto:" + address, _host_and_path(written[match.start(1) : match.end(1)])[0]))
    return links


def allowed_links(articles: Sequence[Article]) -> set[str]:
    """Links a reply may carry: each cited article's url and any link written into its text."""
    allowed: set[str] = set()
    for article in articles:
        allowed |= _written_links(f"{article.url}\n{article.reply}\n{article.body}")
    return allowed


@functools.lru_cache(maxsize=4096)
def _written_links(text: str) -> frozenset[str]:
    """The links an article's text holds (read once per article version, not once per draft)."""
    return frozenset(link.normal for link in find_links(text))


def _customer_handle(customer: str) -> str:
    handle = re.match(_HANDLE, fold(customer).lstrip("@"))  # the handle as read after an @
    return handle.group(0) if handle else ""
