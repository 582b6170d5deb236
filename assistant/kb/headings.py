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


# What an article on a fault come back after our work is named or headed with: the fault again
# ("broke again", "The same fault came back", "not fixed", "fault after repair") or the work done
# again ("redo", "re-clean", "put right"); a thing that comes back ("Old messages come back after a
# restart", "When your order comes back") is none. Failing that, our promise on it by name
# ("Our guarantee", "Repair warranty").
_RETURN_NAME = re.compile(
    r"\bsame\s+(?:fault|problem|issue)s?\b|\b(?:broke|broken|failed|stopped|faulty)\s+again\b|\bnot\s+(?:fixed|repaired|put\s+right)\b"
    r"|\b(?:fault|problem|issue)s?\s+(?:came\s+back\s+)?after\s+(?:a\s+|the\s+|our\s+|your\s+)?(?:repair|service|fix|visit|clean|treatment)\b"
    r"|\bre-?(?:do|clean|treat|treatment|fit|repair)\b|\bput\s+(?:it\s+)?right\b",
    re.I,
)
_GUARANTEE = r"guarantee[ds]?|warrant(?:y|ies)"
_GUARANTEE_NAME = re.compile(rf"\b(?:{_GUARANTEE})\b", re.I)
_COVER_NAME = re.compile(rf"\b(?:{_GUARANTEE}|insurance|insured)\b", re.I)  # ... or what covers a harm told


def names_a_return(text: str) -> bool:
    """A title, tags or heading for a fault come back after our work (`_RETURN_NAME`): the one rule
    for which article answers such a post (`kb.evidence.promise_article`) and which of its sections."""
    return bool(_RETURN_NAME.search(text))


# What an article on a harm we did to a customer's thing is named or headed with: "Damaged or
# shrunk items", "Something was damaged or lost in the move", "Damage and loss"; what the customer
# lost ("Lost your ticket") is none.
_HARM_NAME = re.compile(r"\b(?:damage[ds]?|broken|shrunk|ruined|loss|lost(?!\s+(?:your|my|a|an|the)\b))\b", re.I)


def names_a_harm(text: str) -> bool:
    """A title, tags or heading for a harm we did to a customer's thing (`_HARM_NAME`)."""
    return bool(_HARM_NAME.search(text))


def names_a_guarantee(text: str) -> bool:
    """A title or tags naming our guarantee or warranty (`_GUARANTEE_NAME`)."""
    return bool(_GUARANTEE_NAME.search(text))


def names_a_cover(text: str) -> bool:
    """A title or tags naming what covers a harm (`_COVER_NAME`: a guarantee, a warranty or
    insurance; "cover" alone is also a mattress's)."""
    return bool(_COVER_NAME.search(text))
