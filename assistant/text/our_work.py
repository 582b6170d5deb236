"""Our work and our promise on it, as a post tells or asks of them: a fault come back on a thing
we fixed ("the screen you fitted 3 months ago has stopped responding again"), and whether a harm
told is covered ("dropped it again and cracked the new screen, is that covered?"). The post's
words are the thing's and its fault's, which the article on the thing's faults names better than
the article on our promise (`kb.evidence.promise_article` finds that one by its title, tags or
headings)."""

from __future__ import annotations

import re

from assistant.text.problem_words import came_back

__all__ = ["asks_if_covered", "back_after_our_work"]

# Work of ours on the customer's thing, told: "the screen you fitted 3 months ago", "you fixed my
# oven in september", "your engineer replaced the pump", "since the repair". An allow-list of the
# deeds a repair, a service or a treatment is told with, done by us (you, your people, the
# engineer): "I fixed it myself" and "you sold me" are no work of ours on it.
_OUR_WORK = re.compile(
    r"\b(?:you|your\s+(?:engineer|technician|tech|team|guys?|man|men|fitters?|plumber|electrician|cleaners?|staff|store|shop|mechanics?|garage|people)"
    r"|the\s+(?:engineer|technician|tech|fitter|plumber|electrician|mechanic))(?:'ve|’ve|'d|\s+have|\s+had)?\s+(?:only\s+|just\s+|already\s+|originally\s+|recently\s+)?(?:have\s+|had\s+)?"
    r"(?:fixed|fitted|repaired|replaced|installed|serviced|treated|cleaned|mended|re-?fitted|put\s+in|sprayed)\b"
    r"|\b(?:since|after)\s+(?:the|your|its|their|my|our)\s+(?:last\s+|recent\s+)?(?:repair|fix|service|treatment|installation|fitting)\b",
    re.I,
)


def back_after_our_work(text: str) -> bool:
    """A fault come back (`came_back`) on a thing we worked on (`_OUR_WORK`): "you fixed my oven in
    september and it's doing the exact same thing again"."""
    return came_back(text) and bool(_OUR_WORK.search(text))


# Whether what the post tells of is covered, asked of it by a pronoun: "is that covered?", "would
# it be covered", "you'll cover it right?", "does the warranty cover this", "am I covered". A place
# covered ("do you cover Bolton?", "is the place covered by cctv"), a thing covered in something
# ("lenses covered in scratches") or where a thing is covered ("is my car covered to drive in
# France", a policy's reach) is no such question.
_ASKS_IF_COVERED = re.compile(
    r"\b(?:is|are|was|were|would|will|'ll|should|could)\s+(?:that|it|this|these|those|they)\s+(?:be\s+|still\s+|also\s+)*covered\b(?!\s+(?:in|by)\b)"
    r"|\b(?:am\s+i|are\s+we)\s+(?:still\s+)?covered\b(?!\s+in\b)"
    r"|\b(?:(?:will|would|do|does|can|could)\s+(?:you|u|the\s+(?:warranty|guarantee|insurance|plan|cover))|(?:you|u)\s*(?:'ll|'d|will|would))\s+(?:still\s+)?cover\s+(?:it|that|this|them|the\s+(?:repair|damage|cost|bill))\b",
    re.I,
)


def asks_if_covered(text: str) -> bool:
    """The post asks whether what it tells of is covered (`_ASKS_IF_COVERED`)."""
    return bool(_ASKS_IF_COVERED.search(text))
