"""Days we work: a question asking whether we do a thing, or are open, on a day of the week or a
holiday ("do you deliver on sundays?", "can I get in on a sunday?", "are you open on Christmas
Eve?"), and a sentence of an article that says which days ("Tuesday to Saturday", "Mon-Fri",
"at weekends", "every day", "on bank holidays"). The evidence (`kb.evidence`) answers the question
with the article that says, and leaves without an article one no article says anything of: hours
that name no holiday don't say whether we open on Christmas Eve.

A day of the customer's own ("can I cancel my visit on friday?", "what time will the crew turn up
on friday?", "ordered monday") asks of a booking, not of our days: only a day in general (a plural,
"a sunday", "weekends"), a holiday, or a day beside opening or closing is asked of us."""

from __future__ import annotations

import re

from assistant.text.needs import as_the_rules_read, is_question

DAY_KINDS = ("day", "holiday")

_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# Holidays by name. A holiday of the customer's own ("while I'm on holiday") is no day of ours.
_HOLIDAY = (
    r"(?:christmas|xmas)(?:\s+(?:day|eve))?|boxing\s+day|new\s+year'?s?(?:\s+(?:day|eve))?|easter(?:\s+(?:sunday|monday|weekend))?"
    r"|good\s+friday|(?:bank|public)\s+holidays?"
)
# A day in general: "on sundays", "on a sunday", "at weekends", "at the weekend", "on weekdays".
_ANY_SUCH_DAY = rf"\b{_WEEKDAY}s\b|\ban?\s+{_WEEKDAY}\b|\b(?:at|on|over)\s+(?:the\s+)?weekends?\b|\bweekends\b|\bweekdays\b"
_OPENING = r"\b(?:open|opening|close|closing|shut|staffed)\b"
# A clause that asks: it ends with a question mark, or opens with a verb or a question word.
_ASKING_OPENER = re.compile(
    r"^\W*(?:(?:hi|hey|hello|and|also|so|just|quick\s+question|pls|please)\W+)*"
    r"(?:are|r|is|do|does|can|could|will|would|what|when|which|any|how)\b",
    re.I,
)
# ... and tells of a day gone by, or one of the customer's own: "since monday", "last saturday",
# "ordered on a sunday", "my lesson on saturdays".
_PAST_OR_OWN = re.compile(r"\b(?:since|last|ago|yesterday|was|were|did|had|ordered|placed|booked|my|our|his|her|their)\b", re.I)
# ("For christmas" is what a thing is for: "a gift card for christmas", "hiring for christmas".)
_HOLIDAY_ASKED = re.compile(rf"\b(?:on|over|at|during|this|next|before|until|till)\s+(?:the\s+|a\s+)?(?P<day>{_HOLIDAY})\b", re.I)
_HOLIDAY_NAMED = re.compile(rf"\b(?P<day>{_HOLIDAY})\b", re.I)
_HOLIDAY_TIMES = re.compile(rf"\b(?P<day>{_HOLIDAY})\s+(?:\w+\s+)?(?:hours|times|days)\b", re.I)
_DAY_ASKED = re.compile(rf"(?:\b(?:on|at|over|during|for)\s+)?(?P<day>{_ANY_SUCH_DAY})", re.I)
_WEEKDAY_NAMED = re.compile(rf"(?:\b(?:on|at|for)\s+)?(?P<day>\b{_WEEKDAY}s?\b)", re.I)
_CLAUSE = re.compile(r"[^.!?\n]+[.!?]*")
_BREAK = re.compile(r"[,;+]|\band\b", re.I)
_REACH = 120

# How an article says which days: a weekday ("Tuesday to Saturday", "Mon-Fri", "on Sundays"),
# weekends or weekdays, every day, 7 days a week, 24/7; and a holiday by name.
STATES_DAYS = re.compile(
    rf"\b{_WEEKDAY}s?\b|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\s?(?:-|–|to)\s?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b"
    r"|\bweekends?\b|\bweekdays?\b|\bevery\s+day\b|\b(?:7|seven)\s+days\s+a\s+week\b|\b24/7\b",
    re.I,
)
STATES_HOLIDAYS = re.compile(rf"\b(?:{_HOLIDAY})\b", re.I)

# The word before a holiday's head that names no thing of its own there: "bank" of "bank holidays"
# is no bank ("bank transfer"), "good" of "good friday" praises nothing.
_HOLIDAY_MODIFIER = re.compile(r"\b(?:bank|public)(?=\s+holidays?\b)|\bgood(?=\s+friday\b)|\bboxing(?=\s+day\b)", re.I)


def holiday_modifiers(text: str) -> str:
    """The words of `text` that only modify a holiday's name (`_HOLIDAY_MODIFIER`), used nowhere
    else in it: "do you work on bank holidays and is it more?" names no bank."""
    found = {word.lower() for word in _HOLIDAY_MODIFIER.findall(text)}
    rest = {word.lower() for word in re.findall(r"\w+", _HOLIDAY_MODIFIER.sub(" ", text))} if found else set()
    return " ".join(sorted(found - rest))


def asked_day(text: str) -> tuple[str, str, str]:
    """What day of ours a post asks of: ("holiday" or "day", the day as written, the words of the
    clause asking it without the day: what is asked of that day); ("", "", "") for none. A holiday
    is asked by its name after "on", "over", "during"…, or beside opening or closing; a weekday in
    general ("sundays", "a sunday", "weekends") in any clause that asks, and a day by its name
    ("sunday") beside opening or closing ("what time do you close on sunday")."""
    plain = as_the_rules_read(text)
    for clause in _CLAUSE.findall(plain):
        if not (clause.rstrip().endswith("?") or _ASKING_OPENER.search(clause)):
            continue
        for kind, pattern in (
            ("holiday", _HOLIDAY_ASKED),
            ("holiday", _HOLIDAY_TIMES),
            ("day", _DAY_ASKED),
            ("holiday", _HOLIDAY_NAMED),
            ("day", _WEEKDAY_NAMED),
        ):
            for found in pattern.finditer(clause):
                part = _part_around(clause, found.start("day"))
                beside_opening = pattern not in (_HOLIDAY_NAMED, _WEEKDAY_NAMED) or re.search(_OPENING, part, re.I)
                if beside_opening and not _PAST_OR_OWN.search(part.replace(found.group(), " ")):
                    return kind, found.group("day").lower(), " ".join(part.replace(found.group(), " ").split()).strip(" ?!.")
    return "", "", ""


def _part_around(clause: str, at: int) -> str:
    """The part of a clause holding position `at`: between the commas, semicolons, "+" or "and"
    around it ("how much notice do I need to give to cancel and do you do saturdays?": "do you do
    saturdays?"), and within `_REACH` characters either side (a hostile clause of 25,000 characters
    is read a bounded stretch at a time)."""
    before, after = clause[max(0, at - _REACH) : at], clause[at : at + _REACH]
    start = max((m.end() for m in _BREAK.finditer(before)), default=0)
    end = next((m.start() for m in _BREAK.finditer(after)), len(after))
    return before[start:] + after[:end]


# By when a thing can be done, asked: "can you take up my trousers by friday?", "I need it cleaned
# before the 12th, is that possible?", "will it be ready in time for the wedding?". A day or date
# promised before ("it was meant to arrive by friday") is lateness told, not asked; so is why it
# can't be ("why are there never any slots before thursday"), and a day the customer must do a
# thing of their own by ("I need to get to Porto by friday") asks nothing of how long we take.
_BY_WHEN = re.compile(
    r"\b(?:by|before)\s+(?:this\s+|next\s+|the\s+)?(?:(?:mon|tues?|wednes|wed|thurs?|fri|satur|sat|sun)(?:day)?|tomorrow|tonight|weekend|end\s+of\s+(?:the\s+)?(?:week|month|day)"
    r"|\d{1,2}(?:st|nd|rd|th))\b|\bin\s+time\s+for\b",  # a date ("the 12th"), not an hour ("before 10")
    re.I,
)
_PROMISED_BEFORE = re.compile(
    r"\b(?:was|were|meant|supposed|should\s+have|promised|due|said|told|why|never)\b|\bhow\s+come\b|\b(?:i|we)(?:'ve|\s+have)?\s+(?:need|have|want|got|must)\s+to\b",
    re.I,
)


def asks_by_when(text: str) -> bool:
    """The post asks whether a thing can be done by a day (`_BY_WHEN`): any sentence of ours stating how long things take answers."""
    plain = as_the_rules_read(text)
    if not _BY_WHEN.search(plain):  # read first: a hostile post of 25,000 characters without a day costs no more
        return False
    return is_question(plain) and any(_BY_WHEN.search(part) and not _PROMISED_BEFORE.search(part) for part in re.split(r"(?<=[.!?\n])", plain))
