"""People named in the desk's messages, marked where our code names them.

A message like "Ticket 12 is claimed by U0AGENT2" is shown in Slack (where U0AGENT2 becomes a
mention), in the terminal queue and on the command line (where it stays the id). Finding ids in the
finished text would also turn a customer's handle that looks like an id (`@U0AGENT1`) into a live
mention. So the desk marks the person where it names them (`person(actor)`), with a token no one
outside this process can write, and each surface renders only those marks: Slack as `<@id>`
(`slack.text.say`), everything else as the plain id (`plain`).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

_TOKEN = secrets.token_hex(8)
_MARK = re.compile("\ue000" + _TOKEN + ":([^\ue000\ue001]{1,100})\ue001")


def person(actor: str) -> str:
    """`actor` (a Slack user id, "system", a name typed in the terminal) as a person we named."""
    return f"\ue000{_TOKEN}:{actor}\ue001" if actor else "someone"


def plain(text: str) -> str:
    """The text with each person we named as their id: for the terminal, the CLI and logs."""
    return _MARK.sub(lambda match: match.group(1), text or "")


def render(text: str, each: Callable[[str], str]) -> str:
    """The text with each person we named replaced by `each(actor)`, the rest as is."""
    return _MARK.sub(lambda match: each(match.group(1)), text or "")
