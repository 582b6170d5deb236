"""Bluesky: replies and threads through the `atproto` SDK, private messages through its chat service."""

from __future__ import annotations

from assistant.drafting.checks import graphemes
from assistant.platforms import Platform

PLATFORM = Platform(
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
