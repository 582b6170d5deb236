"""What a section's heading is for, where more than one rule asks: a heading for people ("Lost
children"), for complaints about our people ("Complaints about a crew"), or for someone acting for
the customer ("Someone else collecting"). Which article answers (`kb.evidence`) and which of its
sections is said (`kb.passages`, `kb.cases`) read the same rule."""

from __future__ import annotations

import re

from assistant.text.problem_words import PEOPLE, STAFF

# Someone lost with us ("lost my son near the log flume", "separated from the kids"): the section
# headed for people ("Lost children") answers, not the lost property office's reply.
_PEOPLE_HEADING = re.compile(rf"\b{PEOPLE}\b|\b(?:lost|missing)\s+(?:people|persons?|adults?)\b", re.I)


# A section for complaints about our people ("Complaints about a crew", "Feedback on a driver",
# "Unhappy with a member of staff?"): the heading names a complaint or feedback, and one of our people or how they behaved.
_COMPLAINT_HEADING = re.compile(r"\b(?:complain\w*|feedback|unhappy\s+with)\b", re.I)
_PEOPLE_OF_OURS = re.compile(rf"\b(?:{STAFF}|colleagues?|behaviou?r|conduct|attitude|rude\w*)\b", re.I)


def headed_for_conduct(heading: str) -> bool:
    """The heading is for complaints about our people: the one rule for which article answers a
    post telling how our people behaved (`kb.evidence.conduct_article`), and which of its sections."""
    return bool(_COMPLAINT_HEADING.search(heading) and _PEOPLE_OF_OURS.search(heading))


def headed_for_people(heading: str) -> bool:
    """The heading is for people ("Lost children", "If you lose sight of your kids"): the one rule
    for which lost property article answers someone lost, and which of its sections it says."""
    return bool(_PEOPLE_HEADING.search(heading))


# A section for someone acting for the customer, or sharing what is theirs ("Someone else
# collecting", "Hiring for someone else", "Adding someone to your account", "Sharing access with
# family", "Extra drivers"); not one for someone who got in uninvited ("Someone else signed in",
# "Someone else used my account").
_SOMEONE_ELSE_HEADING = re.compile(
    r"\bsomeone\s+else(?!\s+(?:signed|used|got|logged|has|is|in\s+(?:your|my)|accessed|changed)\b)(?!'s)|\bon\s+(?:your|their|someone'?s)\s+behalf\b"
    r"|\b(?:adding|add|inviting|invite|sharing|share)\s+(?:someone|people|a\s+person|users?|family|access|a\s+driver|drivers?|members?)\b"
    r"|\b(?:extra|additional|second|named)\s+drivers?\b",
    re.I,
)


def headed_for_someone_else(heading: str) -> bool:
    """The heading is for someone acting for the customer or sharing what is theirs."""
    return bool(_SOMEONE_ELSE_HEADING.search(heading))
