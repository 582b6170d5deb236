"""Posts and updates ticket cards in the inbox channel, and escalations in the managers' channel.

Redraws of one ticket are serialised and each reads the ticket when it runs, so the last redraw
always shows the latest state, however many workers touch the ticket at once. A card Slack refuses
is replaced by a minimal one (never invisible), the refusal logged and counted in `stats`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from assistant.errors import NotDelivered
from assistant.people import person as named
from assistant.platforms import DEFAULT, Platforms
from assistant.policy import reminded
from assistant.sla import short
from assistant.slack.cards import (
    CardContext,
    card_text,
    escalation_message,
    escalation_text,
    ticket_card,
)
from assistant.slack.pacing import ACK_FIRST
from assistant.slack.text import say
from assistant.store import Store, Ticket
from assistant.store.models import aware

log = logging.getLogger(__name__)
REDRAWS = 3  # attempts to draw a ticket that keeps changing underneath
REFUSED = "slack_refused"  # the event kind that records a message Slack would not take
REMINDER = "social_reply_reminder"  # the metadata event type a reminder carries, with its key
CARD = "social_reply_card"  # the metadata event type a ticket's card carries, with the ticket and its post
ESCALATED = "social_reply_escalation"  # the metadata event type an escalation message carries, with its key
UNREADABLE = ("not_in_channel", "missing_scope")  # Slack's answers when the bot may never read a channel
SKEW = 3600  # seconds: a card is looked for from an hour before its ticket was made (clocks differ)


def _fallback(ticket: Ticket) -> list[dict[str, Any]]:
    text = (
        f":warning: Ticket #{ticket.id} ({ticket.state}) could not be drawn in full; Slack refused its card. "
        f"See it with `/social ticket {ticket.id}` or `social-reply ticket {ticket.id}`."
    )
    return [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]


def _card_key(ticket: Ticket) -> dict[str, str]:
    """What a card's metadata says it is: this ticket, opened by this post (a second deployment
    sharing the channel has other posts)."""
    return {"ticket": str(ticket.id), "post": f"{ticket.post.platform}:{ticket.post.external_id}"}


@dataclass(frozen=True)
class Picture:
    """What a ticket's messages show, built once per read of the ticket: equal keys need no redraw."""

    card: list[Any]
    escalation: list[Any]  # empty unless the ticket has a message in the managers' channel
    text: str

    @property
    def key(self) -> str:
        return json.dumps([block.to_dict() for block in self.card + self.escalation], sort_keys=True) + self.text


def card_context(store: Store, ticket: Ticket, platforms: Platforms = DEFAULT) -> CardContext:
    """What the card shows beyond the ticket: the customer's earlier tickets, the SLA, the follow-up."""
    earlier = store.earlier_tickets(ticket.id)
    due, target = None, ""
    if ticket.waiting_since is not None and ticket.priority:
        targets = store.sla()
        first = (ticket.round or 1) <= 1
        due = targets.deadlines(ticket.priority, ticket.round or 1, ticket.waiting_since)[1]
        target = f"{short(targets.target(ticket.priority, ticket.round or 1))} for {ticket.priority}, {'first' if first else 'next'} response"
        target += ", in business hours" if targets.hours is not None else ""
    follow = [t for t in store.timers(ticket.id, status="pending") if t.kind == "follow_up"]
    return CardContext(
        earlier[:1], len(earlier), due, target, follow[0].due_at if follow else None, follow[0].created_by if follow else "", platforms(ticket.post.platform)
    )


def _picture(store: Store, ticket: Ticket, platforms: Platforms = DEFAULT) -> Picture:
    return Picture(
        ticket_card(ticket, card_context(store, ticket, platforms)), escalation_message(ticket, "") if ticket.escalation_ts else [], card_text(ticket)
    )


class SlackInbox:
    def __init__(self, client: Any, store: Store, channel: str, escalation_channel: str, platforms: Platforms = DEFAULT):
        self.client = client
        self.platforms = platforms
        self.store = store
        self.channel = channel
        self.escalation_channel = escalation_channel
        self._locks: defaultdict[int, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def _lock(self, ticket_id: int) -> threading.Lock:
        with self._guard:
            return self._locks[int(ticket_id)]

    def _send(self, method: str, ticket: Ticket, blocks: list[Any], **args: Any) -> Any:
        """Call chat.postMessage/chat.update; if Slack refuses the blocks, send the minimal card."""
        call = self._post if method == "chat_postMessage" else getattr(self.client, method)
        ACK_FIRST.wait()
        try:
            return call(blocks=blocks, **args)
        except SlackApiError as exc:
            error = exc.response.get("error", "") if exc.response is not None else ""
            if error not in ("invalid_blocks", "invalid_blocks_format", "msg_too_long", "invalid_arguments"):
                raise
            details = "; ".join(exc.response.get("response_metadata", {}).get("messages", [])) if exc.response is not None else ""
            log.error("Slack refused the %s of ticket %s (%s %s); posting a minimal card", method, ticket.id, error, details)
            self.store.note(ticket.id, actor="system", kind=REFUSED, note=f"{method}: {error} {details}"[:1000])
            return call(blocks=_fallback(ticket), **args)

    def _post(self, **args: Any) -> Any:
        """chat.postMessage with link and media previews off: a card or a thread line quotes
        customers, and their links must not unfold into previews (or fetch anything) in the channel."""
        return self.client.chat_postMessage(unfurl_links=False, unfurl_media=False, **args)

    def send_image(self, user: str, data: bytes, *, filename: str, title: str, comment: str = "") -> None:
        """An image in `user`'s direct messages with the app (conversations.open, then
        files_upload_v2: the files:write and im:write scopes). Raises SlackApiError when refused."""
        channel = self.client.conversations_open(users=user)["channel"]["id"]
        self.client.files_upload_v2(channel=channel, file=data, filename=filename, title=title, initial_comment=comment, request_file_info=False)

    def show(self, ticket_id: int) -> None:
        """Post the ticket's card once (the channel and message ts are kept on the ticket); later
        calls redraw it in place."""
        self.refresh(ticket_id)

    def refresh(self, ticket_id: int) -> None:
        """Redraw the card (posting it if it has none yet), and the managers' message if it was
        escalated, so everyone sees who did what. If the ticket changed while we drew it (another
        worker or another bot process acted), draw again: the last redraw shows the latest state."""
        with self._lock(ticket_id):
            ticket = self.store.get(ticket_id)
            picture = _picture(self.store, ticket, self.platforms)
            for _ in range(REDRAWS):
                self._draw(ticket, picture)
                ticket = self.store.get(ticket_id)
                latest = _picture(self.store, ticket, self.platforms)
                if latest.key == picture.key:
                    return
                picture = latest
            log.warning("ticket %s kept changing while its card was redrawn; the next change redraws it", ticket_id)

    def _draw(self, ticket: Ticket, picture: Picture) -> None:
        """Post or update the ticket's messages with `picture`. A card with no ts that another
        replica (or this one before a restart) drafted may have been posted by it just before it
        died: it is looked for in the channel first, and redrawn in place when found. A card posted
        while another replica posted one too is withdrawn unless it is the one the ticket keeps
        (`_keep`)."""
        if not ticket.card_ts and ticket.drafting_by != self.store.me and (found := self.find_card(ticket)):
            self._keep(ticket, self.channel, found)
            ticket = self.store.get(ticket.id)
        if not ticket.card_ts:
            metadata = {"event_type": CARD, "event_payload": _card_key(ticket)}
            response = self._send("chat_postMessage", ticket, picture.card, channel=self.channel, text=picture.text, metadata=metadata)
            self._keep(ticket, response["channel"], response["ts"])
            return
        self._send("chat_update", ticket, picture.card, channel=ticket.card_channel, ts=ticket.card_ts, text=picture.text)
        if ticket.escalation_ts:
            self._send("chat_update", ticket, picture.escalation, channel=ticket.escalation_channel, ts=ticket.escalation_ts, text=escalation_text(ticket))

    def _keep(self, ticket: Ticket, channel: str, ts: str) -> None:
        """Record the card at (channel, ts) unless the ticket has one already; if it has, this one is
        a second card of the ticket and is deleted, so agents see one card. Two replicas post two
        when one is starved past its lease (alive, but silent) and the other shows its tickets: the
        first card recorded stays, whichever replica posted it."""
        kept = self.store.keep_card(ticket.id, channel, ts)
        if kept != (channel, ts):
            self.withdraw(ticket.id, channel, ts, kept=kept[1], what="card")

    def withdraw(self, ticket_id: int, channel: str, ts: str, *, kept: str, what: str) -> None:
        """Delete our message at (channel, ts), a second `what` of the ticket beside the one kept
        (`kept`, recorded first by another replica), so everyone sees it once. Already gone is
        fine; Slack refusing is logged and recorded on the ticket, and the second message stays."""
        try:
            self.client.chat_delete(channel=channel, ts=ts)
            log.warning("ticket %s: a second %s (%s) was posted while %s was kept; deleted it", ticket_id, what, ts, kept)
        except SlackApiError as exc:
            error = exc.response.get("error", "") if exc.response is not None else ""
            if error != "message_not_found":  # already gone: another replica withdrew it
                log.error("ticket %s: a second %s (%s) could not be deleted (%s); the one kept is %s", ticket_id, what, ts, error, kept)
                self.store.note(ticket_id, actor="system", kind=REFUSED, note=f"chat_delete of a second {what} {ts}: {error}"[:1000])

    def note(self, ticket_id: int, text: str, *more_people: str) -> None:
        """Add a line to the card's thread: the running record agents read."""
        ticket = self.store.get(ticket_id)
        if ticket.card_ts:
            self._post(channel=ticket.card_channel, thread_ts=ticket.card_ts, text=say(text))

    def announce(self, text: str, here: bool = True) -> None:
        """A message to the whole inbox channel, about no one ticket (a source that may have missed
        posts: `@here`; news of the knowledge folder: `here=False`, no one is pinged)."""
        ACK_FIRST.wait()
        self._post(channel=self.channel, text=("<!here> " if here else "") + say(text))

    def tell_owner(self, ticket_id: int, text: str, person: str | None = None, *, key: str = "") -> str:
        """A line in the card's thread for `person` (None: policy's `reminded`, the one person the
        conversation belongs to). For nobody ('') the line
        pings no one: the channel hears of it in the next @here digest (`Scheduler.digest`), one
        message per interval for every such ticket. `key` travels with the message (as message
        metadata) so `find_said` can tell later whether it went out. Returns the message's ts (''
        when the ticket has no card); NotDelivered when Slack refused it."""
        ticket = self.store.get(ticket_id)
        if not ticket.card_ts:
            return ""
        person = reminded(ticket) if person is None else person
        message = say(f"{named(person)} {text}") if person else say(text)
        ACK_FIRST.wait()
        metadata = {"event_type": REMINDER, "event_payload": {"key": key}} if key else None
        try:
            response = self._post(channel=ticket.card_channel, thread_ts=ticket.card_ts, text=message, metadata=metadata)
        except SlackApiError as exc:
            raise NotDelivered(f"Slack refused the reminder for ticket #{ticket.id}: {exc.response.get('error', 'unknown error')}") from None
        return str(response.get("ts") or "")

    def find_said(self, ticket_id: int, key: str) -> str | None:
        """The ts of the reminder carrying `key` in the card's thread, or None when it is not there
        (see `_find`)."""
        ticket = self.store.get(ticket_id)
        if not ticket.card_ts or not key:
            return None
        wanted = {"event_type": REMINDER, "key": key}
        return self._find(ticket, wanted, self.client.conversations_replies, channel=ticket.card_channel, ts=ticket.card_ts)

    def find_card(self, ticket: Ticket) -> str | None:
        """The ts of `ticket`'s card in the inbox channel (by the metadata it was posted with), or
        None when it is not there (see `_find`)."""
        oldest = f"{aware(ticket.created_at).timestamp() - SKEW:.6f}"
        wanted = {"event_type": CARD, **_card_key(ticket)}
        return self._find(ticket, wanted, self.client.conversations_history, channel=self.channel, oldest=oldest)

    def _find(self, ticket: Ticket, wanted: dict[str, str], read: Any, **where: Any) -> str | None:
        """The ts of the first message `read(**where)` pages through whose metadata is `wanted`
        (its event type and payload), or None. Raises when Slack cannot be asked now (a rate limit,
        an outage): nobody knows, the caller must not guess, and the next round asks again. When
        Slack will never let us read the channel (the bot is not in it, or lacks the history
        scope) nobody can ever know: None, logged, as saying it twice is better than never."""
        cursor = None
        try:
            for _ in range(50):  # 10,000 messages at most
                page = read(include_all_metadata=True, limit=200, cursor=cursor, **where)
                for message in page.get("messages") or []:
                    metadata = message.get("metadata") or {}
                    if {"event_type": metadata.get("event_type"), **(metadata.get("event_payload") or {})} == wanted:
                        return str(message.get("ts") or "") or None
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except SlackApiError as exc:
            error = exc.response.get("error", "") if exc.response is not None else ""
            if error not in UNREADABLE:
                raise
            log.error(
                "cannot read Slack channel %s to tell whether ticket %s's message went out before (%s; invite the bot "
                "to the channel and give it channels:history): saying it, perhaps a second time",
                where.get("channel"),
                ticket.id,
                error,
            )
        return None

    def escalate(self, ticket_id: int, *, key: str = "") -> str:
        """Tell the managers, with the context and a link back to the card. `key` travels with the
        message (as message metadata) so `find_escalation` can tell later whether it went out.
        Returns the message's ts; NotDelivered when Slack refused it."""
        ticket = self.store.get(ticket_id)
        metadata = {"event_type": ESCALATED, "event_payload": {"key": key}} if key else None
        permalink = ""
        if ticket.card_ts:
            try:
                permalink = self.client.chat_getPermalink(channel=ticket.card_channel, message_ts=ticket.card_ts).get("permalink", "")
            except SlackApiError as exc:  # the managers are told all the same, without the link
                log.warning("no link to ticket %s's card for its escalation (%s)", ticket.id, exc.response.get("error", "unknown error"))
        try:
            blocks = escalation_message(ticket, permalink)
            response = self._send("chat_postMessage", ticket, blocks, channel=self.escalation_channel, text=escalation_text(ticket), metadata=metadata)
        except SlackApiError as exc:
            raise NotDelivered(f"Slack refused the escalation of ticket #{ticket.id}: {exc.response.get('error', 'unknown error')}") from None
        self.store.set_card(ticket.id, response["channel"], response["ts"], escalation=True)
        return str(response["ts"])

    def find_escalation(self, ticket_id: int, key: str, since: Any) -> str | None:
        """The ts of the escalation message carrying `key` in the escalation channel (looked for
        from an hour before `since`, when the escalation was made), or None when it is not there
        (see `_find`)."""
        ticket = self.store.get(ticket_id)
        if not key:
            return None
        oldest = f"{aware(since).timestamp() - SKEW:.6f}"
        wanted = {"event_type": ESCALATED, "key": key}
        return self._find(ticket, wanted, self.client.conversations_history, channel=self.escalation_channel, oldest=oldest)
