"""Facebook: what a reply may be there. Posts arrive through the signed webhook (an automation tool
forwards page comments); replies go to the sender's callback URL or the outbox."""

from __future__ import annotations

from assistant.platforms import Platform

PLATFORM = Platform(
    name="facebook",
    title="Facebook",
    limit=8000,  # a comment holds up to 8,000 characters
    unit="characters",
    measure=len,
    can_dm=False,  # Messenger needs a page token we don't hold: private answers point to the article
    threads=False,  # one comment answers one comment
    counting="A comment holds up to 8,000 characters; links count in full.",
)
