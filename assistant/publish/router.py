"""Which writer posts a ticket's reply: the network's live publisher, the sender's callback (webhook
posts), or the outbox (dry run)."""

from __future__ import annotations

from typing import Any

from assistant.outbound import Outbound
from assistant.publish import Outbox, Publisher
from assistant.publish.webhook import CallbackReplies


class PublisherRouter:
    """Picks where a post's reply goes: the live writer of its platform; else, for a post a webhook
    sender gave a callback URL, that URL (signed with the sender's secret); else the outbox."""

    def __init__(self, outbox: Outbox, live: dict[str, Publisher] | None = None, callbacks: dict[str, str] | None = None, outbound: Outbound | None = None):
        self.outbox = outbox
        self.live = live or {}
        self.callbacks = callbacks or {}  # webhook sender → its secret (WEBHOOK_SECRETS)
        self.outbound = outbound or Outbound()  # where callbacks may go (WEBHOOK_CALLBACK_HOSTS)

    def for_platform(self, platform: str) -> Publisher:
        return self.live.get(platform, self.outbox)

    def for_post(self, post: Any) -> Publisher:
        """The writer for a reply to `post` (a stored post: platform, reply_url, reply_source)."""
        if post.platform in self.live:
            return self.live[post.platform]
        secret = self.callbacks.get(getattr(post, "reply_source", "") or "")
        if getattr(post, "reply_url", "") and secret:
            return CallbackReplies(post.reply_url, post.reply_source, secret, self.outbound)
        return self.outbox

    def describe(self) -> str:
        live = ", ".join(sorted(self.live)) or "none"
        callbacks = f"; webhook posts with a callback URL are answered there ({', '.join(sorted(self.callbacks))})" if self.callbacks else ""
        return f"live platforms: {live}{callbacks}; everything else goes to the outbox at {self.outbox.path}"
