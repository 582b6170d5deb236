"""Bluesky: replies and threads through the `atproto` SDK, private messages through its chat service.

A reply names its parent and its thread's root (both read from Bluesky at send time, so a deleted
post is found before anything is posted). Links and the customer's mention become facets with
UTF-8 byte offsets, which is how Bluesky makes them clickable. A private message goes through the
chat service when the app password was made with direct-message access; otherwise it is written
to the outbox for an agent to send by hand, and the result says so.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.errors import PublishError
from assistant.publish import Outbox, PublishResult, first_line
from assistant.sources.bluesky import raw_call
from assistant.text.measure import thread_parts


def facets(text: str, mentioned: dict[str, str]) -> list[Any]:
    """Link (and tag) facets as the SDK detects them, plus a mention facet for each handle in
    `mentioned` (handle → DID) written as @handle; byte offsets into the UTF-8 text."""
    from atproto import models
    from atproto_client.utils import facet_detection

    found = list(facet_detection.detect_facets(text))
    for handle, did in mentioned.items():
        for match in re.finditer(rf"(?<![\w@.])@{re.escape(handle)}(?![\w.-]*\w)", text, re.I):
            start, end = len(text[: match.start()].encode()), len(text[: match.end()].encode())
            found.append(
                models.AppBskyRichtextFacet.Main(
                    features=[models.AppBskyRichtextFacet.Mention(did=did)],
                    index=models.AppBskyRichtextFacet.ByteSlice(byte_start=start, byte_end=end),
                )
            )
    return sorted(found, key=lambda facet: facet.index.byte_start)


class BlueskyReplies:
    name = "bluesky"
    dry_run = False

    def __init__(self, client: Any, outbox: Outbox):
        self.client = client
        self.outbox = outbox  # where a private message goes when the app password can't send one

    def publish(self, *, ticket_id: int, platform: str, in_reply_to_id: str, text: str) -> PublishResult:
        from atproto import models

        parent = self._post(in_reply_to_id)
        parent_ref = models.ComAtprotoRepoStrongRef.Main(uri=parent["uri"], cid=parent["cid"])
        record: dict[str, Any] = parent["record"] if isinstance(parent.get("record"), dict) else {}
        reply: dict[str, Any] = record["reply"] if isinstance(record.get("reply"), dict) else {}
        root: Any = reply.get("root")  # the thread's first post; the customer's own post when it starts one
        root_ref = models.ComAtprotoRepoStrongRef.Main(uri=root["uri"], cid=root["cid"]) if _is_ref(root) else parent_ref
        author = parent.get("author") or {}
        mentioned = {author["handle"]: author["did"]} if isinstance(author.get("handle"), str) and isinstance(author.get("did"), str) else {}
        posted: list[str] = []
        for part in thread_parts(text):
            try:
                created = self._send(part, models.AppBskyFeedPost.ReplyRef(root=root_ref, parent=parent_ref), mentioned)
            except PublishError as exc:
                if posted:
                    raise PublishError(f"{exc} (after {len(posted)} part(s) of the thread were posted)", maybe_posted=True) from None
                raise
            posted.append(created.uri)
            parent_ref = models.ComAtprotoRepoStrongRef.Main(uri=created.uri, cid=created.cid)
        return PublishResult("posted", posted[0], " ".join(_web_url(uri, self._own_handle()) for uri in posted))

    def send_dm(self, *, ticket_id: int, platform: str, recipient_id: str, text: str) -> PublishResult:
        from atproto import models
        from atproto_client.exceptions import (
            AtProtocolError,
            BadRequestError,
            NetworkError,
            UnauthorizedError,
        )

        if not recipient_id.startswith("did:"):
            raise PublishError("The post has no Bluesky DID to message; send it by hand.")
        chat = self.client.with_bsky_chat_proxy()
        try:
            convo = chat.chat.bsky.convo.get_convo_for_members(models.ChatBskyConvoGetConvoForMembers.Params(members=[recipient_id])).convo
        except (BadRequestError, UnauthorizedError) as exc:
            if "scope" in str(exc).lower() or isinstance(exc, UnauthorizedError):
                kept = self.outbox.send_dm(ticket_id=ticket_id, platform=platform, recipient_id=recipient_id, text=text)
                return PublishResult(
                    kept.status,
                    kept.external_id,
                    "the Bluesky app password has no direct-message access, so the message was written to the outbox for you to send by hand",
                )
            raise PublishError(f"Bluesky would not open a conversation with the customer: {first_line(exc)}") from None
        except AtProtocolError as exc:
            raise PublishError(f"Bluesky's chat service did not answer ({first_line(exc)}); nothing was sent.") from None
        try:
            sent = chat.chat.bsky.convo.send_message(
                models.ChatBskyConvoSendMessage.Data(convo_id=convo.id, message=models.ChatBskyConvoDefs.MessageInput(text=text, facets=facets(text, {})))
            )
        except NetworkError as exc:
            raise PublishError(
                f"No answer from Bluesky's chat service ({first_line(exc)}); check the conversation before resending.", maybe_posted=True
            ) from None
        except AtProtocolError as exc:
            raise PublishError(f"Bluesky refused the message: {first_line(exc)}") from None
        return PublishResult("posted", sent.id, "message sent on Bluesky")

    def _post(self, uri: str) -> dict[str, Any]:
        """The customer's post as Bluesky shows it now (its cid, author and thread root)."""
        from atproto import models
        from atproto_client.exceptions import AtProtocolError

        try:
            answer = raw_call(self.client, "app.bsky.feed.getPosts", models.AppBskyFeedGetPosts.Params(uris=[uri]))
        except AtProtocolError as exc:
            raise PublishError(f"Bluesky did not show the customer's post, so nothing was posted: {first_line(exc)}") from None
        posts = [post for post in answer.get("posts") or [] if isinstance(post, dict) and post.get("uri") == uri]
        if not posts or not isinstance(posts[0].get("cid"), str):
            raise PublishError("The customer's post is gone from Bluesky (deleted or hidden); nothing was posted.")
        return posts[0]

    def _send(self, text: str, reply: Any, mentioned: dict[str, str]) -> Any:
        from atproto_client.exceptions import (
            AtProtocolError,
            BadRequestError,
            InvokeTimeoutError,
            NetworkError,
            RateLimitExceededError,
        )

        try:
            return self.client.send_post(text, reply_to=reply, facets=facets(text, mentioned))
        except RateLimitExceededError:
            raise PublishError("Bluesky rate limit reached (429); try again in a few minutes.") from None
        except (InvokeTimeoutError, NetworkError) as exc:
            # Sent but unanswered (or 502): it may be live. A human checks before a retry.
            raise PublishError(f"No answer from Bluesky ({first_line(exc)}); check the account before retrying.", maybe_posted=True) from None
        except BadRequestError as exc:
            raise PublishError(f"Bluesky refused the post: {first_line(exc)}") from None
        except AtProtocolError as exc:
            raise PublishError(f"Bluesky failed ({first_line(exc)}); check the account before retrying.", maybe_posted=True) from None

    def _own_handle(self) -> str:
        me = getattr(self.client, "me", None)
        return str(getattr(me, "handle", "") or "")


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("uri"), str) and isinstance(value.get("cid"), str)


def _web_url(uri: str, handle: str) -> str:
    rkey = uri.rsplit("/", 1)[-1]
    return f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else uri
