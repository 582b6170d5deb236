"""Posts and updates ticket cards in the inbox channel, and escalations in the managers' channel."""

from __future__ import annotations

from typing import Any

from assistant.slack.blocks import card_text, escalation_message, escape, ticket_card
from assistant.store import Store


class SlackInbox:
    def __init__(self, client: Any, store: Store, channel: str, escalation_channel: str):
        self.client = client
        self.store = store
        self.channel = channel
        self.escalation_channel = escalation_channel

    def show(self, ticket_id: int) -> None:
        """Post the ticket's card once; the channel and message ts are kept on the ticket."""
        ticket = self.store.get(ticket_id)
        if ticket.card_ts:
            self.refresh(ticket_id)
            return
        response = self.client.chat_postMessage(channel=self.channel, text=card_text(ticket), blocks=ticket_card(ticket))
        self.store.set_card(ticket.id, response["channel"], response["ts"])

    def refresh(self, ticket_id: int) -> None:
        """Redraw the card, and the managers' message if it was escalated, so everyone sees who did what."""
        ticket = self.store.get(ticket_id)
        if not ticket.card_ts:
            self.show(ticket_id)
            return
        self.client.chat_update(channel=ticket.card_channel, ts=ticket.card_ts, text=card_text(ticket), blocks=ticket_card(ticket))
        if ticket.escalation_ts:
            self.client.chat_update(
                channel=ticket.escalation_channel, ts=ticket.escalation_ts, text=f"Ticket #{ticket.id}", blocks=escalation_message(ticket, "")
            )

    def note(self, ticket_id: int, text: str) -> None:
        """Add a line to the card's thread: the running record agents read."""
        ticket = self.store.get(ticket_id)
        if ticket.card_ts:
            self.client.chat_postMessage(channel=ticket.card_channel, thread_ts=ticket.card_ts, text=escape(text))

    def escalate(self, ticket_id: int) -> None:
        """Tell the managers, with the context and a link back to the card."""
        ticket = self.store.get(ticket_id)
        permalink = ""
        if ticket.card_ts:
            permalink = self.client.chat_getPermalink(channel=ticket.card_channel, message_ts=ticket.card_ts).get("permalink", "")
        response = self.client.chat_postMessage(
            channel=self.escalation_channel,
            text=f"Ticket #{ticket.id} escalated: {ticket.escalation_reason}",
            blocks=escalation_message(ticket, permalink),
        )
        self.store.set_card(ticket.id, response["channel"], response["ts"], escalation=True)
