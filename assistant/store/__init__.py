"""Tickets, posts, drafts and the audit log, through SQLAlchemy (SQLite by default, PostgreSQL by URL)."""

from assistant.policy import TRANSITIONS, TicketState
from assistant.store.arrivals import Arrival
from assistant.store.engine import make_engine
from assistant.store.facade import Store
from assistant.store.models import Draft, Event, PostRow, Publication, Ticket, Timer

__all__ = ["Arrival", "Draft", "Event", "PostRow", "Publication", "Store", "Ticket", "TicketState", "Timer", "TRANSITIONS", "make_engine"]
