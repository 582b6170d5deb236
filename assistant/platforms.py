"""What each network allows a reply to be: its length rule, whether it has direct messages, threads.

Each network is declared once, here, as data; the drafters, the checks, the cards and the review
desk ask `platform(name)` instead of testing names. A platform nobody declared (a webhook's
"trustpilot") gets X's length rule, no direct messages and no threads: the safe reading of a
network we know nothing about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from assistant.text.measure import (
    X_LIMIT,
    graphemes,
    mastodon_length,
    x_weighted_length,
)


@dataclass(frozen=True)
class Platform:
    name: str  # as stored on posts: "x", "mastodon", "bluesky", a webhook's "facebook"
    title: str  # as customers name it: X, Mastodon, Bluesky
    limit: int  # the most a public post may hold, in `unit`
    unit: str  # how `measure` counts, for messages: "graphemes"
    measure: Callable[[str], int]
    can_dm: bool  # a private message to the customer can be sent from here
    threads: bool  # a long reply may be a chain of numbered posts
    dm_limit: int = 10_000  # the most a private message may hold, by `dm_measure`
    dm_measure: Callable[[str], int] = len
    counting: str = ""  # one line for the edit form: how this network counts

    def length(self, text: str) -> int:
        return self.measure(text)

    def fits(self, text: str) -> bool:
        return 0 < self.measure(text) <= self.limit


X = Platform(
    name="x",
    title="X",
    limit=X_LIMIT,
    unit="characters as X counts them (emoji and CJK 2, links 23)",
    measure=x_weighted_length,
    can_dm=True,
    threads=True,
    dm_limit=10_000,
    counting="Emoji and CJK count 2, links 23.",
)


MASTODON = Platform(
    name="mastodon",
    title="Mastodon",
    limit=500,  # the common default; the instance's own configuration replaces it at start-up
    unit="characters (links count 23)",
    measure=mastodon_length,
    can_dm=True,  # a direct-visibility post that mentions only the customer
    threads=True,
    dm_limit=500,  # a direct post is a post: the same limit
    dm_measure=mastodon_length,
    counting="Links count 23; a mention of someone on another server counts only the name before the second @.",
)


BLUESKY = Platform(
    name="bluesky",
    title="Bluesky",
    limit=300,
    unit="graphemes",
    measure=graphemes,
    can_dm=True,  # through the chat service when the app password allows it, else the outbox
    threads=True,
    dm_limit=1000,  # chat.bsky.convo messages: 1,000 graphemes
    dm_measure=graphemes,
    counting="Each emoji, flag or accented letter counts once; links count in full.",
)


FACEBOOK = Platform(
    name="facebook",
    title="Facebook",
    limit=8000,  # a comment holds up to 8,000 characters
    unit="characters",
    measure=len,
    can_dm=False,  # Messenger needs a page token we don't hold: private answers point to the article
    threads=False,  # one comment answers one comment
    counting="A comment holds up to 8,000 characters; links count in full.",
)

DECLARED = {rules.name: rules for rules in (X, MASTODON, BLUESKY, FACEBOOK)}


def declared() -> dict[str, Platform]:
    """Every declared platform, by name."""
    return dict(DECLARED)


def platform(name: str) -> Platform:
    """The declared rules for posts on `name`; a name nobody declared gets the fallback (see the
    module's text). Limits as declared: an installation's own come from its `Platforms`."""
    rules = DECLARED.get(name)
    if rules is not None:
        return rules
    return replace(
        X,
        name=name,
        title=name.title() if name else "this network",
        unit="characters by X's rule (no rule is declared for this network)",
        can_dm=False,
        threads=False,
        counting="No rule is declared for this network, so X's is used: emoji and CJK count 2, links 23.",
    )


class Platforms:
    """The rules of one installation: the declared ones, with the limits its settings give
    (MASTODON_CHAR_LIMIT) and, winning over those, the limits its connected servers said at start-up
    (a Mastodon instance's configuration). Owned by the services; never shared between them."""

    def __init__(self, configured: Mapping[str, int] | None = None, learned: Mapping[str, int] | None = None):
        self._configured = {name: limit for name, limit in (configured or {}).items() if _valid(limit)}
        self._learned = {name: limit for name, limit in (learned or {}).items() if _valid(limit)}

    def __call__(self, name: str) -> Platform:
        rules = platform(name)
        limit = self._learned.get(name) or self._configured.get(name)
        return replace(rules, limit=limit) if limit else rules

    def titles(self) -> tuple[str, ...]:
        return tuple(rules.title for rules in DECLARED.values())


def _valid(limit: object) -> bool:
    return isinstance(limit, int) and not isinstance(limit, bool) and limit > 0


DEFAULT = Platforms()  # the declared limits: for callers that are given no installation's own
