"""Who a Slack id is, as a person reads it on the command line, in the report and its charts.

Slack shows its own names for the mentions we write (`<@U…>`), so only what leaves Slack needs a
name. Two sources, in this order: the team file's `name:` (the lead's word), then the name Slack
gave with the person's own last request (`speaker`, kept by the store). An id nobody named stays
the id. A name is only ever shown beside its id ("Ana (U0ANA)"), so two people who chose the same
name are still told apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.routing import Team

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,31}$")
NAME_LIMIT = 80
# What a name may hold: letters, marks, digits, spaces and the punctuation of names. Everything else
# (markup, mention and link syntax, control and format characters, emoji) is left out.
_KEPT = {"L", "M", "N", "Zs"}
_PUNCTUATION = set(".-'’_()")


def clean_name(name: Any) -> str:
    """`name` as we may show it: allowed characters only, spaces collapsed, at most NAME_LIMIT."""
    if not isinstance(name, str):
        return ""
    kept = "".join(c if unicodedata.category(c)[0] in {"L", "M", "N"} or c in _PUNCTUATION else " " for c in unicodedata.normalize("NFC", name))
    return " ".join(kept.split())[:NAME_LIMIT].strip()


def speaker(body: Any) -> tuple[str, str] | None:
    """(user id, name) of the person who sent a Slack request, from the request itself: a button or
    form (`user: {id, name, username}`) or a slash command (`user_id`, `user_name`). None when the
    request names nobody, or names them in a form we don't accept."""
    if not isinstance(body, dict):
        return None
    user = body.get("user")
    if isinstance(user, dict):
        found = (user.get("id"), user.get("name") or user.get("username"))
    else:
        found = (body.get("user_id"), body.get("user_name"))
    user_id, name = found
    if not isinstance(user_id, str) or not USER_ID.match(user_id):
        return None
    name = clean_name(name)
    return (user_id, name) if name else None


def naming(team: Team | None, learned: Mapping[str, str]) -> Callable[[str], str]:
    """`name(user)`: "Ana (U0ANA)" when the team file or Slack named them, else the id as it is."""

    def name(user: str) -> str:
        agent = team.agent(user) if team is not None else None
        given = clean_name(agent.name if agent is not None else "") or clean_name(learned.get(user, ""))
        return f"{given} ({user})" if given else user

    return name


def names_for(settings: Settings, store: Any) -> Callable[[str], str]:
    """The naming every report uses: the team file (when it loads) and the names the store learned."""
    from assistant.errors import AssistantError

    try:
        team = settings.team()
    except AssistantError:
        team = None  # a broken team file is said where it matters (`run`, `check`); a report still names from Slack
    return naming(team, store.names())
