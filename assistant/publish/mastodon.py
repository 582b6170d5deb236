"""Mastodon: replies, threads and private (direct-visibility) follow-ups through Mastodon.py."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from assistant.errors import PublishError
from assistant.publish import PublishResult
from assistant.text.measure import thread_parts


class MastodonReplies:
    """Replies in the customer's own visibility, each part of a thread answering the one before;
    a private follow-up is a direct post that mentions only the customer. Every post carries an
    Idempotency-Key, so Mastodon itself refuses to make a second copy of a part that is retried."""

    name = "mastodon"
    dry_run = False

    def __init__(self, client: Any):
        self.client = client

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        visibility = self._visibility(in_reply_to_id)
        posted: list[tuple[str, str]] = []
        parent = in_reply_to_id
        for number, part in enumerate(thread_parts(text), start=1):
            try:
                created = self._post(part, parent, visibility, f"reply-{ticket_id}-{number}-{_digest(part)}")
            except PublishError as exc:
                if posted:
                    raise PublishError(f"{exc} (after {len(posted)} part(s) of the thread were posted)", maybe_posted=True) from None
                raise
            posted.append(created)
            parent = created[0]
        return PublishResult("posted", posted[0][0], " ".join(url for _, url in posted))

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        """A direct-visibility post that mentions only the customer (their account is looked up by id)."""
        from mastodon import MastodonError

        if not recipient_id:
            raise PublishError("The post has no Mastodon account id to send a direct message to; send it by hand.")
        try:
            account = self.client.account(recipient_id)
        except MastodonError as exc:
            raise PublishError(f"Mastodon could not find the customer's account: {_first_line(exc)}") from None
        acct = str(account.get("acct") or "") if isinstance(account, dict) else ""
        if not acct:
            raise PublishError("Mastodon answered without the customer's handle; send the direct message by hand.")
        if not re.search(rf"(?<![\w@])@{re.escape(acct)}(?![\w@.-])", text, re.I):
            text = f"@{acct} {text}"  # a direct post reaches exactly the accounts it mentions
        status_id, url = self._post(text, "", "direct", f"dm-{ticket_id}-{_digest(text)}")
        return PublishResult("posted", status_id, f"direct message on Mastodon {url}".strip())

    def _visibility(self, status_id: str) -> str:
        """The visibility the customer used, read from their post (which must still exist)."""
        from mastodon import MastodonError, MastodonNotFoundError

        try:
            status = self.client.status(status_id)
        except MastodonNotFoundError:
            raise PublishError("The customer's post is gone from Mastodon (deleted or hidden); nothing was posted.") from None
        except MastodonError as exc:
            raise PublishError(f"Mastodon did not show the customer's post, so nothing was posted: {_first_line(exc)}") from None
        visibility = status.get("visibility") if isinstance(status, dict) else None
        return visibility if visibility in ("public", "unlisted", "private", "direct") else "unlisted"

    def _post(self, text: str, in_reply_to_id: str, visibility: str, key: str) -> tuple[str, str]:
        from mastodon import (
            MastodonAPIError,
            MastodonNetworkError,
            MastodonRatelimitError,
            MastodonServerError,
        )

        try:
            created = self.client.status_post(text, in_reply_to_id=in_reply_to_id or None, visibility=visibility, idempotency_key=key)
        except MastodonRatelimitError:
            raise PublishError("Mastodon rate limit reached (429); try again in a few minutes.") from None
        except MastodonNetworkError as exc:
            # Sent but unanswered: it may be live. A retry with the same key within an hour is safe.
            raise PublishError(f"No answer from Mastodon ({type(exc).__name__}); check the account before retrying.", maybe_posted=True) from None
        except MastodonServerError as exc:
            raise PublishError(f"Mastodon failed ({_first_line(exc)}); check the account before retrying.", maybe_posted=True) from None
        except MastodonAPIError as exc:
            raise PublishError(f"Mastodon refused the post: {_first_line(exc)}") from None
        status_id = str(created.get("id") or "") if isinstance(created, dict) else ""
        if not status_id:
            raise PublishError("Mastodon answered without the new post's id; it may have been posted. Check before retrying.", maybe_posted=True)
        url = created.get("url")
        return status_id, url if isinstance(url, str) else ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _first_line(exc: Exception) -> str:
    return " ".join(str(part) for part in exc.args if part)[:200] or type(exc).__name__
