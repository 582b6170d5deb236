"""Mastodon: replies, threads and private (direct-visibility) follow-ups through Mastodon.py."""

from __future__ import annotations

import re

from assistant.platforms import Platform

# Mastodon counts a link as 23 characters whatever its length, and a mention of someone on another
# server by its local part only (@ines@fosstodon.org counts as @ines).
_LINK = re.compile(r"https?://[^\s<>\"]+", re.I)
_REMOTE_MENTION = re.compile(r"(?<![\w/@])(@\w+)@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def mastodon_length(text: str) -> int:
    return len(_REMOTE_MENTION.sub(r"\1", _LINK.sub("x" * 23, text)))


PLATFORM = Platform(
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
