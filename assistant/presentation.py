"""A ticket in words a person reads, the same on a Slack card and in the terminal queue: where its
DM is, and the model's own risk notes (quoted plainly, never as guidance)."""

from __future__ import annotations

import re

from assistant.store.models import Ticket


def model_notes(ticket: Ticket) -> list[str]:
    """The model's risk notes as plain quoted words: no formatting, links or mentions can survive
    into the card, and they are labelled as the model's, never as guidance."""
    draft = ticket.draft
    notes = (draft.model_notes or []) if draft else []
    cleaned = [re.sub(r"[*_~`>|<\[\]]", "", " ".join(note.split()))[:300] for note in notes[:5]]
    return [note for note in cleaned if note]


def describe_dm(ticket: Ticket) -> str:
    """Where the ticket's DM is, in words for the card; '' when it has none."""
    dm = ticket.dm
    if dm is None:
        return ""
    return {
        "queued": "DM waiting to be sent after the public reply",
        "pending": "DM being sent",
        "posted": "DM sent",
        "dry_run": "DM written to the outbox (dry run)",
        "failed": f"DM NOT sent ({dm.detail}); send it by hand",
        "uncertain": f"DM may or may not have been sent ({dm.detail})",
    }.get(dm.status, f"DM {dm.status}")
