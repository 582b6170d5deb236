"""What a post says is late or hasn't come, and which section of an article is for it: "sofa was
meant to arrive 3 weeks ago and still no new date" is "A delayed order", not the reply giving lead
times (`kb.passages.headed_section` asks `_late_section`; `kb.index` asks `names_what_is_late`
whether an article's headings are for the thing a post says is late)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.text.needs import is_question
from assistant.text.problem_words import STAFF
from assistant.text.query import word_prefixes

# A customer telling us that what was due hasn't come ("sofa was meant to arrive 3 weeks ago and still
# no new date", "a delivery that never turns up", "nobody came", "no sign of the driver", "still no
# refund"): the article's section for when it is late, didn't come or when it comes answers them,
# not its reply on how it normally goes. MiniLM puts "A delayed order" at 0.39 for the first, against 0.74 for the reply
# that gives lead times. An allow-list of the ways people say it, and of the headings that answer;
# only a section the heading of which says so, and only one.
_HAS_NOT_COME = re.compile(
    r"\b(?:didn'?t|did\s+not|never|hasn'?t|has\s+not|haven'?t|have\s+not|still\s+(?:not|hasn'?t|haven'?t|isn'?t))\s+(?:\w+\s+)?"
    r"(?:arrived?|arrives|come|comes|came|turn(?:ed|s)?\s+up|show(?:ed|n|s)?\s+up|been\s+delivered|delivered|got\s+here|had|received|got|gotten)\b"
    # ... told as it goes on: "the code never comes through", "the email doesn't arrive", "texts don't come"
    r"|\b(?:doesn'?t|does\s+not|don'?t|do\s+not|won'?t|will\s+not)\s+(?:\w+\s+)?(?:arrive|come(?!\s+(?:with|here|back|to|in(?:to)?|over|across|from)\b)|turn\s+up|show\s+up|get\s+delivered|receive)\b"
    r"|\b(?:nobody|no\s*one|no-one)\s+(?:has\s+|have\s+|ever\s+)?(?:came|come|showed|turned\s+up|knocked|arrived|been)\b|\bno\s+sign\s+of\b|\bstill\s+(?:no|not|nothing|waiting)\b"
    # ... or no word has come: "nobody has called me back", "heard nothing", "haven't heard back", "no reply"
    r"|\b(?:nobody|no\s*one|no-one)\s+(?:has\s+|have\s+|ever\s+)?(?:called|rung|phoned|rang|emailed|contacted|replied|responded|answered|got\s+back|gotten\s+back)\b"
    r"|\b(?:heard|had|got|received)\s+nothing\b|\b(?:haven'?t|hasn'?t|have\s+not|has\s+not|didn'?t|never)\s+(?:heard|had\s+(?:a\s+)?(?:reply|response|call|word))\b"
    r"|\b(?:no|not\s+a)\s+(?:reply|response|word|call\s*back|update)\s+(?:yet|since|from|at\s+all)\b"
    # "it's not there" (where the courier says it was left), "week 3 of waiting for my refund"
    r"|\b(?:it'?s|it\s+is|it\s+was|they'?re|they\s+are)\s+not\s+there\b|\b(?:isn'?t|wasn'?t|aren'?t|weren'?t)\s+there\b|\bwaiting\s+(?:for|on)\s+(?:my|the|our|a|an|this)\b"
    # "been waiting 2 hours for breakdown recovery", "waiting over a week on the refund"
    r"|\bwaiting\s+(?:for\s+)?(?:over\s+|nearly\s+|almost\s+|about\s+|around\s+|more\s+than\s+)?(?:\d+|an?|two|three|four|five|six|several)\s*"
    r"(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|months?)\s+(?:for|on)\b"
    r"|\b(?:meant|supposed|due)\s+to\s+(?:arrive|come|be\s+(?:here|delivered))\b[^.?!]{0,40}?\b(?:ago|yesterday|still|last|today|tonight|this\s+(?:morning|afternoon|evening)|by\s+now)\b"
    r"|\b(?:running|arrived|was|were|is|are|been)\s+(?:\w+\s+){0,3}?(?<!\btoo\s)(?:late|delayed|overdue)\b"
    # ... or a sum not yet where it should be: "the money still isn't in my account", "refund still
    # not showing", "payment still hasn't cleared".
    r"|\bstill\s+(?:isn'?t|is\s+not|not|hasn'?t|has\s+not|haven'?t|have\s+not)\s+(?:been\s+)?(?:in|into|on|showing|through|there|here|cleared|appeared|landed|gone\s+through|come\s+through)\b"
    # What used to come has stopped: "I'm not getting my daily reminder anymore", "stopped receiving the emails".
    r"|\b(?:not|n't|never|stopped)\s+(?:getting|receiving)\s+(?:my|the|any|your|our|them|their)\b",
    re.I,
)
# A heading for what didn't come at all ("Reminders not coming", "The engineer didn't turn up").
_NOT_COME = (
    r"didn'?t\s+(?:arrive|come|turn\s+up|show\s+up|get\s+it|receive)|hasn'?t\s+(?:arrived|come|received)|haven'?t\s+(?:arrived|come|received)|never\s+(?:got|received)|"
    # ... or wasn't given: "Certificate not issued", "Refund not credited", "Code not sent".
    r"not\s+(?:arrived|arriving|come|coming|turned\s+up|turning\s+up|showing\s+up|delivered|received|getting\s+through|issued|sent|credited|activated|applied|processed|paid\s+out)|never\s+(?:arrived|came)|no[- ]show|nobody\s+(?:came|knocked|turned\s+up)"
    # ... "No alerts at all", "None at all"
    r"|no\s+[\w-]+(?:\s+[\w-]+)?\s+at\s+all|none\s+at\s+all"
)
_NOT_COME_HEADING = re.compile(rf"\b(?:{_NOT_COME})\b", re.I)
_LATE_HEADING = re.compile(
    rf"\b(?:late|delayed|delays?|overdue|{_NOT_COME}|tak(?:es|ing)\s+too\s+long|too\s+long|how\s+long\s+until|where(?:'s|\s+is|\s+are)\s+(?:my|your|the|our)"
    # ... or for one of our people who can't come: "If your teacher cancels", "When the engineer is ill".
    rf"|{STAFF}\s+(?:cancels|cancelled|is\s+(?:ill|sick|away|off))"
    r")\b",
    re.I,
)
# ... or when a thing comes ("When your refund arrives", "How long a claim takes", "Refund timing"):
# only for a post that names the thing. A train 35 minutes late is not a claim that is.
_TIMING_HEADING = re.compile(
    r"\bwhen\s+(?:your|the|a|my)\s+(\w+)\s+(?:arrives|comes|shows)\b|\bhow\s+long\s+(?:a|your|the)\s+(\w+)\s+takes\b|\b(\w+)\s+timing\b", re.I
)


_SAID_CUT = re.compile(r"[,.;:!?\n]+|\s+(?:and|but|so|because)\s+|\s+[+&]\s+", re.I)
_MONEY = re.compile(r"[£$€]\s?\d|\d\s?(?:quid|pounds|dollars|euros|eur|gbp|usd)\b|\b(?:the|my|our|your|their|his|her)\s+(?:money|funds|cash)\b", re.I)
_MONEY_THINGS = word_prefixes("payment refund money compensation credit payout")


def _late_section(sections: list[tuple[int, str, str]], post: str, title: str = "") -> int | None:
    """The one section whose heading is for what is late or didn't come, for a post saying so. What
    the article's `title` names is the article's own thing: cited for the post, it needs no naming
    ("A late or missing delivery" under "Delivery", for "my bike was meant to arrive tuesday")."""
    if not post or not _HAS_NOT_COME.search(post):
        return None
    said = _told_late(post) | word_prefixes(title)
    late = [(number, heading) for number, heading, _ in sections if _late_for(heading, said)]
    # "Alerts arrive late" and "No alerts at all": a post telling no lateness ("not getting any alerts
    # anymore") is the one for what never comes. A post telling lateness keeps MiniLM's choice: a
    # heading saying "late" may be for another case ("Late returns").
    if len(late) > 1 and not _TOLD_LATE.search(post):
        late = [(number, heading) for number, heading in late if _NOT_COME_HEADING.search(heading)]
    return late[0][0] if len(late) == 1 else None


# A post telling a thing came late, not that it never came: "40 mins late", "delayed", "took 3 days".
_TOLD_LATE = re.compile(r"\b(?:late|later|delayed|delay|delays|overdue|slow|slowly|took|takes|taking)\b", re.I)


# The thing waited for, named where the waiting is told: "still waiting on the refund you promised
# for the missed clean" waits for a refund, not a clean; "no sign of my parcel", "still no refund".
# (A word waited for is from the one named after it: "still no word from the cleaner".)
_WAITED_FOR = re.compile(
    r"\b(?:waiting\s+(?:for|on)|no\s+sign\s+of|still\s+no)\s+(?:(?:my|the|our|a|an|this|that|your|his|her|their|any)\s+)?"
    r"(?!(?:\d|an?\b|one\b|two\b|few\b|several\b|word|reply|replies|response|answer|news|update|call|email|contact|feedback)\b)([^\W\d_][\w'-]*(?:\s+(?!(?:you|we|they|i|it|he|she|for|from|since|that|which|after|to|of|in|on|at)\b)[^\W\d_][\w'-]*)?)",
    re.I,
)


def _told_late(post: str) -> set[str]:
    """The words (`word_prefixes`) of what a post saying something is late tells. What hasn't come
    is named in what the post tells, not in what it asks: in "the engineer didn't turn up, is there
    a payment for that" the engineer is late, not a payment. A sum names a payment. A thing named
    as the one waited for (`_WAITED_FOR`) is what is late, whatever else the post names."""
    waited = [found.group(1) for found in _WAITED_FOR.finditer(post)]
    told = waited or [piece for piece in _SAID_CUT.split(post) if _HAS_NOT_COME.search(piece) or not is_question(piece)]
    return word_prefixes(" ".join(told)) | (_MONEY_THINGS if any(_MONEY.search(piece) for piece in told) else set())


def names_what_is_late(headings: Sequence[str], post: str) -> bool:
    """Whether a post saying something is late names the thing one of these headings is for when
    it is late ("my claim … has been open since august. still waiting" and "A claim taking too
    long"): the article with that section is the one for the post, however near another comes by
    the words it names (the burst pipe the claim is for). An article's title and tags are read as
    a heading too ("Delay Repay" with "late train" is for a late train). A heading naming nothing
    late ("When it's very late") says nothing of which article."""
    if not post or not headings or not _HAS_NOT_COME.search(post):
        return False
    said = _told_late(post)
    title, *sections = headings
    return any(_late_for(heading, said, naming_nothing=False) for heading in [_near_lateness(title), *sections] if heading)


# The words a heading says lateness with, and those that name nothing ("didn't arrive", "When it's
# very late", "If your order hasn't come"), as `word_prefixes` reads them.
_LATENESS = word_prefixes(
    "late later delayed delay delays overdue arrive arrived arriving arrives didn hasn haven never came come comes turn turned show shows "
    "nobody knocked when very your yours this that there their what with from have been still missing "
    # "A claim taking too long", "How long until help arrives" (help is whoever comes), "Where is my refund?"
    "takes taking long until help someone anyone where coming turning showing getting through"
)


def _late_for(heading: str, said: set[str], *, naming_nothing: bool = True) -> bool:
    """A heading for what is late or didn't come (`_LATE_HEADING`), or for when a thing comes
    (`_TIMING_HEADING`), whose thing the post names (`said`: `word_prefixes`): "The engineer didn't turn up"
    for a post about the engineer, "When it's very late" for any (unless not `naming_nothing`); "How
    long a claim takes" not for a train 35 minutes late."""
    found = _TIMING_HEADING.search(heading)
    if found:
        return bool(word_prefixes(next(group for group in found.groups() if group)) & said)
    if not _LATE_HEADING.search(heading):
        return False
    things = word_prefixes(heading) - _LATENESS
    return (naming_nothing and not things) or bool(things & said)


_WORD = re.compile(r"\S+")
NEAR_LATENESS = 2  # words either side of the lateness that name what is late


def _near_lateness(heading: str) -> str:
    """The words beside each lateness a title read with its tags says (`_LATE_HEADING`), or "" when
    it says none. The thing late is named next to it: in "Changing or cancelling your move. cancel
    … change date … completion delayed chain" "delayed" is the completion's, not the date's or the
    cancellation's. (A section heading is a phrase: each of its words names the case.)"""
    found = list(_LATE_HEADING.finditer(heading))
    if not found:
        return ""
    words = list(_WORD.finditer(heading))
    near: list[str] = []
    for match in found:
        before = [w for w in words if w.end() <= match.start()][-NEAR_LATENESS:]
        after = [w for w in words if w.start() >= match.end()][:NEAR_LATENESS]
        near += [w.group(0) for w in before] + [match.group(0)] + [w.group(0) for w in after]
    return " ".join(near)


# A heading for a thing that came, if late ("Arrived after the date you chose", "Delivered late",
# "Came after the event").
_CAME_HEADING = re.compile(r"^\s*(?:(?:it|they|the\s+\w+)\s+)?(?:arrived|came|delivered|turned\s+up|showed\s+up)\b", re.I)


def came_against(heading: str, post: str) -> bool:
    """The heading is for a thing that came (`_CAME_HEADING`) and the post says it hasn't come, and
    not that it came late: "flowers … were meant to arrive today and it's 7pm. nothing." is not
    told what happens when they arrive after the day."""
    return bool(_CAME_HEADING.search(heading)) and bool(_HAS_NOT_COME.search(post)) and not _TOLD_LATE.search(post)
