"""Tickets, posts, drafts and the audit log, through SQLAlchemy (SQLite by default, PostgreSQL by URL)."""

from assistant.store.models import Draft, Event, PostRow, Publication, Ticket, Timer
from assistant.store.tickets import TRANSITIONS, Store, TicketState

__all__ = ["Draft", "Event", "PostRow", "Publication", "Store", "Ticket", "TicketState", "Timer", "TRANSITIONS"]
