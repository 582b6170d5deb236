"""X: replies and threads through tweepy's `create_tweet`, direct messages through `create_direct_message`."""

from __future__ import annotations

from typing import Any

from assistant.errors import PublishError
from assistant.publish import PublishResult, first_line
from assistant.sources.items import decode, loads
from assistant.text.measure import thread_parts


class XReplies:
    """Posts replies on X with `create_tweet(in_reply_to_tweet_id=...)`."""

    name = "x"
    dry_run = False

    def __init__(self, client: Any):
        self.client = client

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        posted: list[str] = []
        parent = in_reply_to_id
        for part in thread_parts(text):
            # Each part of a thread answers the one before it, so they read in order under the post.
            try:
                posted.append(self._tweet(part, parent))
            except PublishError as exc:
                if posted:
                    raise PublishError(f"{exc} (after {len(posted)} part(s) of the thread were posted)", maybe_posted=True) from None
                raise
            parent = posted[-1]
        return PublishResult("posted", posted[0], " ".join(f"https://x.com/i/web/status/{i}" for i in posted))

    def _tweet(self, text: str, in_reply_to_id: str) -> str:
        import requests
        import tweepy

        try:
            response = self.client.create_tweet(text=text, in_reply_to_tweet_id=in_reply_to_id, user_auth=True)
        except tweepy.Forbidden as exc:
            # X answers 403 to duplicate content: the same reply may already be live. Never retry blindly.
            duplicate = "duplicate" in str(exc).lower()
            raise PublishError(f"X refused the reply (403): {first_line(exc)}", maybe_posted=duplicate) from None
        except tweepy.TooManyRequests:
            raise PublishError("X rate limit reached (429); try again in a few minutes.") from None
        except tweepy.HTTPException as exc:
            raise PublishError(f"X rejected the reply: {first_line(exc)}", maybe_posted=exc.response.status_code >= 500) from None
        except requests.RequestException as exc:
            # A timeout after sending may mean the tweet exists: a human must check before a retry.
            raise PublishError(f"No answer from X ({type(exc).__name__}); check X before retrying.", maybe_posted=True) from None
        posted = _data(response).get("id")
        if not isinstance(posted, str) or not posted.isdigit():
            raise PublishError("X answered without the new post's id; it may have been posted. Check X before retrying.", maybe_posted=True)
        return posted

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        """A direct message on X to the customer who posted (needs their user id)."""
        import requests
        import tweepy

        if not recipient_id:
            raise PublishError("The post has no X user id to send a DM to; send it by hand.")
        try:
            response = self.client.create_direct_message(participant_id=recipient_id, text=text, user_auth=True)
        except tweepy.HTTPException as exc:
            raise PublishError(f"X refused the DM: {first_line(exc)}", maybe_posted=exc.response.status_code >= 500) from None
        except requests.RequestException as exc:
            raise PublishError(f"No answer from X for the DM ({type(exc).__name__}); check X before resending.", maybe_posted=True) from None
        event_id = _data(response).get("dm_event_id")
        if not isinstance(event_id, str) or not event_id:
            raise PublishError("X answered without the DM's id; it may have been sent. Check X before resending.", maybe_posted=True)
        return PublishResult("posted", event_id, "DM sent on X")


def _data(response: Any) -> dict[str, Any]:
    """The `data` object of an X answer (a raw `requests` response), {} when there is none."""
    try:
        document = loads(decode(response.content))
    except (ValueError, AttributeError):
        return {}
    data = document.get("data") if isinstance(document, dict) else None
    return data if isinstance(data, dict) else {}
