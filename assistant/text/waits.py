"""A wait the customer tells of: half an hour or more, said with a word of waiting. Read by triage
(praise beside a long wait may be sarcasm) and by the reply's opening (an apology for the wait)."""

from __future__ import annotations

import re

# A wait worth an apology: half an hour or more, or any number of hours, days, weeks or months,
# said with a word of waiting ("9 weeks for a screen repair", "> 40 min on hold", "still nothing
# after 3 days"). Durations in words count too ("two weeks").
_AMOUNT = r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|few)"
_DURATION = re.compile(rf"\b({_AMOUNT})\s*\+?\s*(min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|wks?|months?)\b", re.I)
_WAITING = re.compile(
    r"\b(?:wait\w*|hold\w*|on (?:the )?(?:phone|line)|no (?:reply|answer|response)|"
    r"chas\w*|to (?:replace|repair|ship|arrive|deliver|refund|respond|reply|fix))\b",
    re.I,
)
# Words that tell of a wait only just before its duration ("been 2 weeks", "took 3 weeks", "sat in
# the airport for 7 hours"), or "still" just after it ("2 days and still nothing"): elsewhere they
# tell of anything ("the ride kept going for another 40 mins, now I've been charged for it").
_WAITING_NEAR = re.compile(r"\b(?:still|been|took|taking|takes|stuck|stood|standing|sat|sitting)\b", re.I)
_STILL = re.compile(r"\bstill\b", re.I)
# Stuck on a state is how long a fault has lasted, not a wait for us: "router light stuck on red
# for an hour", "stuck on the loading screen at 99% for 2 days", and so is stuck at a reading ("the
# battery has been stuck at 10% for a week": its "been" is the state's, not "been 3 weeks"). Stuck
# on the tarmac, a train or hold is a wait.
_STUCK_ON_A_STATE = re.compile(
    r"(?:\bbeen\s+)?\bstuck\s+on\s+(?!(?:the\s+|a\s+|an\s+|my\s+|our\s+)?(?:tarmac|runway|plane|train|bus|coach|ferry|boat|platform|hold|phone|line|motorway|road|bridge|m\d+|a\d+)\b)"
    r"|(?:\bbeen\s+)?\bstuck\s+at\s+(?=[-+]?\d)(?![-+]?[\d.,]+\s*(?:min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?)\b)",
    re.I,
)
_NEAR_WORDS = 8
LONG_WAIT_MINUTES = 30

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_NUMBERS |= {"eleven": 11, "twelve": 12, "several": 3, "many": 3, "few": 2}


def plain(text: str) -> str:
    """Straight apostrophes, no emoji variation selectors ("I️" is "I"), '>' for '&gt;': the text as
    the reply's opening reads it."""
    return text.replace("’", "'").replace("\ufe0f", "").replace("&gt;", ">")


def _minutes(amount: str, unit: str) -> float:
    number = _NUMBERS.get(amount.lower())
    value = float(number if number is not None else amount.replace(",", "."))
    unit = unit.lower()
    if unit.startswith("m") and not unit.startswith("mo"):
        return value
    if unit.startswith("h"):
        return value * 60
    if unit.startswith("d"):
        return value * 60 * 24
    if unit.startswith("w"):
        return value * 60 * 24 * 7
    return value * 60 * 24 * 30


# "Still" asked of what comes next ("my flight is delayed 3 hours, will you still be open??") is no
# wait the customer has had.
# Nor is "still" asked of how a thing was during something ("power cut for 4 hours last night, was
# the alarm still working?").
_STILL_AHEAD = re.compile(
    r"\b(?:will|would|can|could|shall|are|is|was|were|does|do|did)\s+(?:you|it|they|we|i|[\w-]+|the\s+[\w-]+|my\s+[\w-]+|your\s+[\w-]+)\s+still\b", re.I
)


# A duration before the thing it measures is no wait: "the 6 month plan", "a 12-month contract", "a
# 3 day pass", "my 6 month old daughter" (the unit said once, in full, though there are several),
# unless the post tells a wait besides ("two day shipping and still nothing"). A wait named so is
# one: "a 2 hour delay", "a 40 minute wait". Words that go on the sentence name no thing.
_ATTRIBUTE = re.compile(r"[\s-]*([a-z]+)", re.I)
_GOES_ON = frozenset(
    "and or but so still now later ago already since before after for in on at to of from by with without the a an my our your this that "
    "wait waiting waited delay delayed delays queue queuing queueing hold late overdue behind past plus later".split()
)


def _names_a_thing(found: re.Match[str], text: str) -> bool:
    amount, unit = found.group(1), found.group(2)
    several = _NUMBERS.get(amount.lower(), 2 if not amount.isalpha() and float(amount.replace(",", ".")) > 1 else 1) > 1
    after = _ATTRIBUTE.match(text, found.end())
    whole_word = unit.lower() in {"minute", "hour", "day", "week", "month"}  # "45 min earlier" is short for minutes
    return several and whole_word and after is not None and after.group(1).lower() not in _GOES_ON


# How far a date was moved is no wait the customer had: "completion's been pushed back 2 weeks",
# "the course was moved back a week", "they brought it forward 3 days" (a flight "delayed 3
# hours" the customer waits through, and stays a wait).
_MOVED = r"\b(?:(?:pushed|put|moved|set)\s+(?:it\s+|them\s+)?back|(?:moved|brought)\s+(?:it\s+|them\s+)?forward|postponed|rescheduled)\s+(?:by\s+|for\s+)?(?:another\s+|a\s+further\s+)?"
_SHIFTED = re.compile(_MOVED + "$", re.I)
_MOVED_BY = re.compile(_MOVED + rf"(?=\s*(?:{_AMOUNT}|(?:day|week|month|fortnight)s?)\b)", re.I)


def moves_a_date(text: str) -> bool:
    """The post tells of a date moved by some time ("completion's been pushed back 2 weeks"): no
    wait, and no harm of ours to apologise for, but a case an article's section may be for ("If
    your completion is delayed")."""
    return bool(_MOVED_BY.search(plain(text)))


# How long the customer will be away or has booked is no wait either: "we're away for 3 weeks in
# august, can we put the cleans on hold", "booked 3 hours and the cleaner left after 2", "while
# I'm travelling for 2 months". Booked some time ago is one ("booked 3 weeks ago and still no
# confirmation"), and so is a booking waited on ("trying to change my booking for 4 weeks").
_PLANNED = re.compile(
    r"\b(?:away|abroad|holiday|holidays|vacation|travelling|traveling|staying|visiting|booked|hired|rented)\s+(?:for\s+)?(?:about\s+|around\s+|roughly\s+)?$",
    re.I,
)
_AGO = re.compile(r"\s+ago\b", re.I)


def _measures_a_plan(found: re.Match[str], text: str) -> bool:
    return bool(_PLANNED.search(text[max(0, found.start() - 40) : found.start()])) and not _AGO.match(text, found.end())


def long_wait(text: str) -> bool:
    """The customer says they waited half an hour or more."""
    read = _STUCK_ON_A_STATE.sub("on ", _STILL_AHEAD.sub(" ", plain(text)))
    told = bool(_WAITING.search(read) or _STILL.search(read))  # "two day shipping and still nothing" tells a wait all the same
    long = [
        m
        for m in _DURATION.finditer(read)
        if _minutes(m.group(1), m.group(2)) >= LONG_WAIT_MINUTES
        and (told or not _names_a_thing(m, read))
        and not _SHIFTED.search(read[max(0, m.start() - 40) : m.start()])
        and not _measures_a_plan(m, read)
    ]
    if not long:
        return False
    if _WAITING.search(read):
        return True
    for m in long:
        before = read[max(0, m.start() - 200) : m.start()].split()[-_NEAR_WORDS:]
        after = read[m.end() : m.end() + 200].split()[:_NEAR_WORDS]
        if _STILL.search(" ".join(after)):  # "2 days and still nothing"
            return True
        if _WAITING_NEAR.search(" ".join(before)) and not _held_for(" ".join(before), read):  # "been 3 weeks"
            return True
    return False


# How long the customer has had what they pay for is no wait: "want to cancel my unlimited, it's
# been 14 months", "been a member for 3 years". Only where the post tells of no fault ("my account
# has been locked for 3 days" is a wait).
# So is how long they have had a thing they mean to send back or cancel ("I want to send the camera
# back, it's been 10 days"); one already sent back is a wait for what comes of it ("returned it,
# been 3 weeks").
_HELD = re.compile(
    r"\b(?:member(?:ship)?s?|customer|subscri\w*|contract|plan|unlimited|loyal|with (?:you|u))\b"
    r"|\b(?:want|wanted|wanna|like|need|hoping|hope|planning|going|able|allowed)\s+to\s+(?:return|send\b(?:\s+[\w']+){0,3}\s+back|cancel|exchange|swap)\b"
    r"|\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+)?(?:return|send\b(?:\s+[\w']+){0,3}\s+back|cancel|exchange|swap)\b",
    re.I,
)


# The duration right after "been" (or "been a member for"): how long it has been, not how long a
# state has lasted ("has been blocked for 2 days").
_BEEN_THEN = re.compile(r"\bbeen(?:\s+(?:a\s+)?(?:member|customer|subscriber)s?)?(?:\s+(?:for|with\s+(?:you|u)))?\s*$", re.I)


def _held_for(before: str, text: str) -> bool:
    from assistant.text.needs import without_names
    from assistant.text.problem_words import PROBLEM

    # A taste or a choice of the customer's own is no fault ("it's just not for us": `without_names`).
    return bool(_BEEN_THEN.search(before) and _HELD.search(before)) and not PROBLEM.search(without_names(text))
