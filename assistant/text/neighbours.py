"""A neighbour's thing or doing, told as what the post is about: "my neighbour's burglar alarm has
been going off for 3 hours, can you switch it off?", "our neighbours have rats and won't do
anything", "my neighbour keeps putting his rubbish in my bin". No thing of ours is asked of: only a
folder with an article named or headed for neighbours ("noisy neighbours", "Cameras facing a
neighbour") answers it (`kb.evidence.with_unnamed_asks`). A neighbour as a place or a person of
the customer's choosing ("leave it with my neighbour", "add my neighbour as a keyholder"), or one
who complained of a thing of ours ("our heat pump rattles, neighbours have complained"), is none;
so is what neighbours have, a fault's measure as often as theirs ("lights went off in my house but
the neighbours have power")."""

from __future__ import annotations

import re

__all__ = ["NEIGHBOUR_NAMES", "tells_of_a_neighbour"]

_NEIGHBOUR = r"(?:my|our|the)\s+(?:next[- ]door\s+)?neighbou?rs?"
_OURS = r"(?:my|our)\s+(?:next[- ]door\s+)?neighbou?rs?"  # what they do: "the neighbours" may be anyone's
_TOLD = re.compile(
    # Whose thing it is: "my neighbour's tree", "the neighbours' music", "next door's dog".
    rf"\b{_NEIGHBOUR}(?:'s|’s|s'|s’)(?!\s+(?:house|address|door|place|flat|home)\b)\s+\w+"
    r"|\bnext[- ]door(?:'s|’s)\s+\w+"
    # What they do or won't do: "my neighbour keeps using my wifi", "our neighbours won't cut the hedge".
    rf"|\b{_OURS}\s+(?:keeps?|kept|constantly|always|won'?t|will\s+not|refuses?|plays?|playing|"
    r"uses?|using|parks?|parking|puts?|putting|leaves?|leaving|is\s+(?:always|constantly|using|playing|parking|putting|leaving)|are\s+(?:always|constantly|using|playing|parking|putting|leaving))\b",
    re.I,
)
# How an article's title, tags or headings name neighbours.
NEIGHBOUR_NAMES = re.compile(r"\bneighbou?r", re.I)


def tells_of_a_neighbour(text: str) -> bool:
    """The post tells of a neighbour's thing or doing (`_TOLD`)."""
    return bool(_TOLD.search(text))
