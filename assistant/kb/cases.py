"""Sections written for a customer's case, found by what the post says and what the heading says
rather than by nearness in meaning: what is owed for a fault ("Compensation for a long outage"),
money taken after stopping ("Charged after cancelling"), what happens next, a refusal ("When
there's no courtesy car"), a firm going under, a missing part, a code shown ("Fault codes"),
someone acting for the customer ("Someone else collecting").
`kb.passages` asks them in turn when no heading is clearly nearest the post."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.kb.headings import headed_for_conduct, headed_for_people, headed_for_someone_else, names_a_harm, names_a_return
from assistant.text.asks import LOST_PERSON, asks_for_a_proxy, tells_of_conduct
from assistant.text.codes import CODES_HEADING, shows_a_code
from assistant.text.our_work import back_after_our_work, harmed_by_us
from assistant.text.query import word_prefixes

# A customer asking what they get for what went wrong ("do I get anything back for this??", "are we
# getting anything for it", "am I owed anything", "will I be compensated"): the words differ from a
# section's ("Compensation for a long outage", "£9.76 credit for each extra day") more than MiniLM
# bridges (0.36 against the title's 0.65). An allow-list of the asks, and of what a section that
# answers says; only a section the heading of which says so, and only one.
_ASKS_WHAT_IS_OWED = re.compile(
    r"\b(?:(?:do|will|would|can|could|are|am|is|should)\s+(?:i|we|you|u)\s+(?:be\s+)?(?:get|getting|owed|due|entitled\s+to|compensated|receive|receiving)\b"
    r"[^.?!]{0,25}?\b(?:anything|something|compensation|credit|a\s+credit)\b|\b(?:anything|something)\s+(?:back\s+)?for\s+(?:it|this|that|the\s+\w+)\b|\bam\s+i\s+owed\b|\bcompensat\w*"
    # ... or who pays for the damage: "it burst my tyre. who pays for this", "will you pay for the repair".
    r"|\bwho(?:'s|\s+is)?\s+(?:going\s+to\s+)?pay(?:s|ing)?\s+for\b|\b(?:will|are|would|do)\s+(?:you|u)\s+(?:going\s+to\s+)?(?:pay|cover)\s+(?:for\s+)?(?:it|this|that|the\s+(?:repair|damage|cost|bill))\b)",
    re.I,
)
_OWED_HEADING = re.compile(r"\b(?:compensation|compensated|credit|goodwill|money back|claim(?:ing)?\s+for\s+(?:the\s+)?damage)\b", re.I)


def _one_headed(sections: list[tuple[int, str, str]], post: str, asks: Callable[[str], object], headed: Callable[[str], object]) -> int | None:
    """The one section whose heading `headed` holds for, for a post `asks` holds for (a pattern's
    `search`, or a rule such as `tells_of_conduct`); None when no section or several are headed so."""
    if not post or not asks(post):
        return None
    found = [number for number, heading, _ in sections if headed(heading)]
    return found[0] if len(found) == 1 else None


# A part or an item that didn't come with the rest ("bed frame came with no bolts for the headboard",
# "arrived without the legs", "one of the slats is missing", "no screws in the box"): the one section
# headed for what is missing ("Missing parts", "Item missing from the parcel") answers, not the
# reply on building the frame. Coming without a scratch is no part missing. An article whose title
# is what's missing ("Something is missing or wrong in my order") answers it in its reply.
_TOLD_MISSING = re.compile(
    r"\b(?:is|are|was|were|'s|’s)\s+(?:\w+\s+)?missing\b|\bmissing\s+(?:a|an|the|some|two|three|\d+|its|their|one|all|any)\b"
    r"|\b(?:came|come|arrived|delivered|turned\s+up|got\s+(?:it|them|mine))\s+(?:\w+\s+){0,2}?(?:with\s+no|without)\s+"
    r"(?!(?:a\s+|any\s+)?(?:scratch|hitch|problem|issue|fuss|delay|mark|dent|damage)s?\b)\w+"
    r"|\bno\s+\w+(?:\s+\w+)?\s+in\s+the\s+(?:box|parcel|pack|package|bag)\b|\b(?:wasn'?t|weren'?t|isn'?t|aren'?t)\s+in\s+the\s+(?:box|parcel|pack|package|bag)\b",
    re.I,
)
_MISSING_HEADING = re.compile(r"\bmissing\b|\bnot\s+in\s+the\s+(?:box|parcel|pack|package|bag)\b", re.I)


# We going out of business, however it is said ("what happens to my warranty if you go bust", "if
# keyward goes under", "if you stop trading", "went into administration"): the one section headed for
# it ("If Solwick ceased trading") answers, not the reply on what the cover is.
_GOES_UNDER = re.compile(
    r"\b(?:go(?:es)?|went|gone|going)\s+(?:bust|under|bankrupt|belly[\s-]up|out\s+of\s+business|into\s+(?:administration|liquidation|receivership))\b"
    # (A thing shutting down is a fault: "the app keeps shutting down".)
    r"|\b(?:cease[sd]?|ceasing|stop(?:s|ped)?|stopping)\s+trading\b",
    re.I,
)
_GONE_UNDER_HEADING = re.compile(
    r"\b(?:ceas\w*\s+trading|stop\w*\s+trading|go(?:es)?\s+(?:bust|under)|out\s+of\s+business|administration|insolven\w*|bankrupt\w*)\b", re.I
)


# Money taken after the customer stopped paying for a thing, in their words: "cancelled my
# subscription on sunday and you still took £30 on tuesday", "ended my plan last month but got
# billed again". The section headed for it ("Charged after cancelling", "Payment taken after you
# closed your account") answers, however near MiniLM puts the reply ("Skip, pause or cancel …").
_TAKEN_AFTER_STOPPING = re.compile(
    r"\b(?:cancel+(?:ed|led|ing)?|stopped|ended|closed|unsubscribed|paused|terminated)\b[^.!?\n]{0,80}?\b(?:still|again|yet|but|and)\b[^.!?\n]{0,30}?"
    r"\b(?:took|taken|taking|takes|charged|charging|charges|billed|billing|debited|paid|deducted|renewed)\b"
    r"|\b(?:took|taken|charged|billed|debited|deducted|renewed)\b[^.!?\n]{0,40}?\b(?:after|since|despite|even\s+though)\b[^.!?\n]{0,20}?\b(?:i\s+|we\s+)?(?:cancel+(?:ed|led|ing)?|stopped|ended|closed|unsubscribed|paused)\b",
    re.I,
)
_CHARGED_AFTER_HEADING = re.compile(
    r"\b(?:charged|charge|billed|payments?|paid|money\s+taken|debited|renewed)\b[^.]{0,30}?\bafter\s+(?:you\s+|I\s+)?(?:cancel\w*|ending|ended|stopping|stopped|closing|closed|pausing|paused)\b",
    re.I,
)


def owed_section(sections: list[tuple[int, str, str]], post: str) -> int | None:
    """The one section whose heading says what a customer is owed, for a post asking what it gets."""
    return _one_headed(sections, post, _ASKS_WHAT_IS_OWED.search, _OWED_HEADING.search)


# A customer taking a complaint further ("not happy with how my complaint was handled, who else can
# I go to", "how do I escalate this", "can I go to the ombudsman"): the section for when they're not
# happy with our answer answers them, however far its words are from theirs in meaning (MiniLM puts
# "Not happy with our answer" at 0.22 for the first, the article's title at 0.60).
_ESCALATES = re.compile(
    r"\bwho\s+(?:else\s+)?(?:can|do|should|could)\s+(?:i|we)\s+(?:go|turn|complain|escalate|appeal|speak|talk|write)\s+to\b|\bescalat\w+|\bappeal\b"
    r"|\btake\s+(?:it|this|that|my\s+complaint|the\s+complaint|things|the\s+matter)\s+further\b|\bombudsman\b"
    r"|\b(?:not|n't)\s+(?:happy|satisfied)\s+with\s+(?:your|the|how|the\s+way|what)\b|\b(?:unhappy|dissatisfied)\s+with\s+(?:your|the|how|the\s+way)\b",
    re.I,
)
_ESCALATION_HEADING = re.compile(
    r"\b(?:not\s+(?:happy|satisfied)|unhappy|dissatisfied|escalat\w*|tak(?:e|ing)\s+(?:it|your\s+complaint|things)\s+further|ombudsman|appeal\w*|independent\s+review)\b",
    re.I,
)


def _escalation_section(sections: list[tuple[int, str, str]], post: str) -> int | None:
    """The one section whose heading is for taking a complaint further, for a post doing so."""
    return _one_headed(sections, post, _ESCALATES.search, _ESCALATION_HEADING.search)


# A customer asking what happens after something they did or that happened ("I submitted a claim
# on monday, what happens next?", "my direct debit failed, what now"): the section for what follows
# it ("After you've made a claim") answers them, when the post names its thing. MiniLM puts "After
# you've made a claim" at 0.64 for the first, below "A claim taking too long" at 0.69.
_ASKS_WHATS_NEXT = re.compile(
    r"\bwhat(?:'s|\s+is|\s+are)?\s+(?:happens\s+|comes\s+|do\s+(?:i|we)\s+do\s+|should\s+(?:i|we)\s+do\s+|the\s+)?next(?:\s+steps?)?\b"
    r"|\bwhat\s+now\b|\bnext\s+steps?\b|\bwhat\s+happens\s+(?:now|after|from\s+here)\b",
    re.I,
)
_NEXT_HEADING = re.compile(r"^\s*(?:after|once)\b|\bwhat\s+happens\s+(?:next|after|now)\b|\bnext\s+steps?\b", re.I)
_NEXT_WORDS = word_prefixes("after once what happens next step steps you've youve your have been made with this that")


def _next_section(sections: list[tuple[int, str, str]], post: str) -> int | None:
    """The one section for what follows a thing the post names (`_NEXT_HEADING`), for a post asking
    what happens next."""
    return _one_headed_for_its_thing(sections, post, _ASKS_WHATS_NEXT, _NEXT_HEADING, _NEXT_WORDS)


def _one_headed_for_its_thing(
    sections: list[tuple[int, str, str]], post: str, asks: re.Pattern[str], headed: re.Pattern[str], naming_nothing: set[str], title: str = ""
) -> int | None:
    """`_one_headed`, of the sections whose heading's thing (its words but `naming_nothing`) the
    post, or the article's `title`, names."""
    if not post or not asks.search(post):
        return None
    said = word_prefixes(post) | word_prefixes(title)
    found = [number for number, heading, _ in sections if headed.search(heading) and (word_prefixes(heading) - naming_nothing) & said]
    return found[0] if len(found) == 1 else None


# A customer refused something ("car was written off, why won't you give me a hire car", "why was
# my refund refused?"): the section for when it isn't given ("When there's no courtesy car", "When
# we can't refund") answers them, not the reply saying how it is normally given. The heading's
# thing must be the post's or the article's own (its title).
_REFUSED = re.compile(
    r"\bwhy\s+(?:won'?t|wont|can'?t|cant|didn'?t|don'?t|do\s+not|will\s+not|cannot|wouldn'?t)\s+(?:you|u|i|we|they)\s+"
    r"(?:give|get|have|provide|offer|let|send|pay|refund|cover)\b|\b(?:was|were|been|got|is|are)\s+(?:refused|denied|declined|rejected|turned\s+down)\b",
    re.I,
)
_NOT_GIVEN_HEADING = re.compile(
    r"\bwhen\s+(?:there(?:'s|\s+is|\s+are)|you\s+(?:get|have))\s+no\b|\b(?:isn'?t|aren'?t|is\s+not|are\s+not|not)\s+"
    r"(?:provided|given|offered|available|included|eligible|covered|paid)\b|\bwhen\s+we\s+(?:can'?t|cannot|won'?t|don'?t)\b|\brefus(?:e|ed|al|ing)\b",
    re.I,
)
_NOT_GIVEN_WORDS = word_prefixes(
    "when there there's there are you get have isn't aren't provided given offered available included eligible covered paid cannot won't don't refused refusal"
)


def _refused_section(sections: list[tuple[int, str, str]], post: str, title: str) -> int | None:
    """The one section for when a thing isn't given (`_NOT_GIVEN_HEADING`), for a post saying it
    was refused, when the post or the article's `title` names the heading's thing."""
    return _one_headed_for_its_thing(sections, post, _REFUSED, _NOT_GIVEN_HEADING, _NOT_GIVEN_WORDS, title)


def case_section(sections: list[tuple[int, str, str]], post: str, title: str) -> int | None:
    """The one section written for the post's case, the rules asked in turn (module docstring); None
    when none holds. `title`: the article's."""
    found = owed_section(sections, post)
    if found is None:
        found = _one_headed(sections, post, _TAKEN_AFTER_STOPPING.search, _CHARGED_AFTER_HEADING.search)
    if found is None:
        found = _escalation_section(sections, post)
    if found is None:
        found = _next_section(sections, post)
    if found is None:
        found = _one_headed(sections, post, LOST_PERSON.search, headed_for_people)
    if found is None:
        found = _one_headed(sections, post, tells_of_conduct, headed_for_conduct)  # "the bin man was rude": "Complaints about a crew"
    if found is None:
        found = _one_headed(sections, post, _GOES_UNDER.search, _GONE_UNDER_HEADING.search)
    if found is None and not _MISSING_HEADING.search(title):  # an article about what's missing answers it in its reply
        found = _one_headed(sections, post, _TOLD_MISSING.search, _MISSING_HEADING.search)
    if found is None:
        found = _refused_section(sections, post, title)
    if found is None:  # "F28 flashing and no heating, it's freezing in here": "Fault codes", not "Frozen condensate pipe"
        found = _one_headed(sections, post, shows_a_code, CODES_HEADING.search)
    if found is None:  # "can my husband collect my parcel for me?": "Someone else collecting", not the reply
        found = _one_headed(sections, post, asks_for_a_proxy, headed_for_someone_else)
    if found is None:  # "you fixed my oven in september and it's doing the same thing again": "The same fault came back"
        found = _one_headed(sections, post, back_after_our_work, names_a_return)
    if found is None and not names_a_harm(title):  # "you've lost my suit jacket": "Damage and loss" (an article titled for it answers in its reply)
        found = _one_headed(sections, post, harmed_by_us, names_a_harm)
    return found
