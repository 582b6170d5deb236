"""What a need looks like in a post, for triage and for cutting a post into its needs: a
question, or a statement that something does not work, and whether the customer says it is
already solved. Word rules, English; shared so that triage and retrieval agree."""

from __future__ import annotations

import functools
import re

from assistant.text.circumstances import without_circumstances
from assistant.text.leads import word_led
from assistant.text.loss import without_deaths
from assistant.text.money_told import paying_more, price_fell
from assistant.text.our_work import names_the_thing_by_a_fix
from assistant.text.problem_words import FREEZING as _FREEZING
from assistant.text.problem_words import NO_FAULT, PEOPLE, UNSURE_WHICH, against_what_they_did, came_back, not_theirs, stays_the_same
from assistant.text.problem_words import PROBLEM as _PROBLEM
from assistant.text.problem_words import PROBLEM_IN as _PROBLEM_IN
from assistant.text.supposed import WHAT_IF, without_supposed

QUESTION_STARTS = ("how", "what", "when", "where", "why", "can", "could", "do", "does", "is", "are", "will", "who", "any", "should", "which")
_WH = frozenset({"how", "what", "when", "where", "why", "who", "which"})
_FILLERS = frozenset({"and", "also", "plus", "oh", "so", "ok", "okay", "btw", "but", "as", "well", "hey", "hi", "hello", "hiya", "yo"})

# The customer says the problem is over: "a full restart fixed it", "that worked, thanks",
# "figured it out", "found it", "working again". Thanks after this is thanks, not sarcasm. Not
# someone helped ("sorted me out in 5 mins": praise of who did it, no fault gone). Not a
# thing found at a better price ("found it cheaper", "found it for less elsewhere", "found it for
# £20 on amazon"): that is a reason to cancel or a price to match.
_SOLVED = re.compile(
    r"\b(?:fixed|sorted(?!\s+(?:me|us|him|her|them)\s+out\b)|solved|resolved|figured (?:it )?out|found it(?!\W+(?:\w+\W+){0,2}(?:cheaper|for\W+less|less|elsewhere|somewhere\W+else|for\W*[£$€]?\d))|(?:that|it|this) (?:worked|works)|works now|working (?:now|again)|"
    # ... or hedged: "seems to have worked for now", "looks like that's fixed it", "did the trick".
    r"(?:seems?|seemed|appears?|appeared|looks?|looked)\s+(?:like\s+(?:it|that|this)(?:\s+has|'s)?\s+|to\s+have\s+)(?:worked|fixed\s+it|sorted\s+it|solved\s+it|done\s+the\s+trick)|"
    r"(?:did|done)\s+the\s+trick|back to normal|all good|no (?:longer|more) (?:a )?(?:problem|issue))\b",
    re.I,
)


# A handle, with the dots and at-signs people put before it (".@Brand"); a match starts only at the
# start of such a run, so a post of 25,000 at-signs is read once, not once per sign.
HANDLES = re.compile(r"(?:(?<=\w)\.|(?<![\w@.]))[.@]*@\w+")
# Words that make "fixed", "sorted", "back to normal" a wish or a denial, not news: "get this
# sorted", "if you figure it out", "never got it back to normal", "hasn't fixed it".
_NOT_YET = re.compile(
    r"\b(?:get|getting|be|to(?!\W+have(?:\W+been)?\W*$)|need|needs|want|wants|please|pls|can|could|will|would|if|never|not|no|nothing|none|neither|until|unless|hasn'?t|haven'?t|isn'?t|wasn'?t|didn'?t|doesn'?t|still)\W+(?:\w+\W+){0,2}$",
    re.I,
)


# Full-width forms (U+FF01-FF5E: "？", "ｃａｎ'ｔ") as their ASCII letters, the ideographic space as
# a space, and every other question mark as "?": Arabic, Armenian, Ethiopic, the small and double
# ones, the question emoji. A table, not NFKC: one character in, at most two out, so a hostile
# post of 25,000 "ﷺ" (18 letters each under NFKC) is read at its own length.
_PLAIN_FORMS: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_PLAIN_FORMS |= {0x3000: " ", 0x2047: "??", 0x2048: "?!", 0x2049: "!?"} | dict.fromkeys(map(ord, "\ufe56\u061f\u055e\u1367\u2753\u2754"), "?")


def _plain(text: str) -> str:
    """The text as the word rules read it: full-width letters as plain ones ("？" is "?"), every
    question mark as "?", the curly apostrophe straight, and no emoji variation selector."""
    return text.translate(_PLAIN_FORMS).replace("’", "'").replace("\ufe0f", "")


def as_the_rules_read(text: str) -> str:
    """The text as the word rules read it (`_plain`), without @handles: for the rules of sibling
    modules (`text.asks`)."""
    return HANDLES.sub(" ", _plain(text))


# A condition, then what happens asked with the verb first, no question mark: "if I cancel plus do I
# lose the courses I'm halfway through", "if my flight is late will you wait".
_IF_THEN_ASKED = re.compile(
    r"\bif\b[^.!?\n]{1,80}?\s(?:do|does|did|will|would|can|could|should|shall)\s+(?:i|we|you|u|they|he|she)\s+(?!think\b|want\b)[a-z]", re.I
)


# A question after a phrase of when or where, the verb before its subject: "during the hosepipe ban
# can I still wash my car", "after the update do I need to pair it again", "on sundays is there a
# later train". The verb-first order after such a phrase asks; a statement keeps its subject first.
_LEAD_THEN_ASKED = re.compile(
    r"(?:^|[.!?\n])(?:[^\w.!?\n]*(?:@\w+|hi|hey|hello|hiya|so|and|also|but|ok|okay)\b)*[^\w.!?\n]*(?:during|after|before|while|once|until|since|on|in|at|for|over|from|with|without|by|now\s+that|this|next)(?:\s+[^\s.!?,;:]+){1,6}?\s+"
    r"(?:do|does|did|will|would|can|could|should|shall|may|is|are)\s+(?:i|we|you|u|they|he|she|it|there)\s+(?!think\b|want\b)[a-z]",
    re.I,
)


@functools.lru_cache(maxsize=4096)  # asked of every clause by several word rules of one post: a post of 12,000 "a." asked it 25,000 times
def is_question(text: str) -> bool:
    """A question mark, or a clause opening like a question: "how do I…", "my phone was stolen, how
    do I block it", "also what's…" ("what's" opens like "what"). "When typing, it lags" opens like
    one but states a problem."""
    plain = _plain(text)
    return "?" in plain or bool(_IF_THEN_ASKED.search(plain) or _LEAD_THEN_ASKED.search(plain)) or opens_like_a_question(text)


def told_with_a_question_mark(text: str) -> bool:
    """A statement said in disbelief: a question by its mark alone, opening like no question and
    supposing nothing ("i got charged twice for the starter pack??", "my order never came?"), where
    "what happens if my bag is damaged?" and "is it broken?" ask."""
    plain = _plain(text)
    return "?" in plain and not opens_like_a_question(text) and not _ASKS_INSIDE.search(HANDLES.sub(" ", plain))


# What makes a sentence ending in "?" ask after all: a supposition ("my bag is damaged if it
# rains?"), a question opening with a negative verb ("don't you need to follow me?", "isn't this
# backwards?"), or a tag asking to confirm ("… is that correct?", "… right?", "so yes?"). A question
# after the harm ("paid twice, how do I get a refund?") leaves the harm told.
_ASKS_INSIDE = re.compile(
    r"\b(?:if|whether|unless)\b"
    r"|\b(?:isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|can'?t|won'?t|wouldn'?t|couldn'?t|shouldn'?t|haven'?t|hasn'?t|wasn'?t|weren'?t)\s+(?:you|u|i|we|it|they|this|that|there)\b(?!\s+(?:is|are|was|were|has|have|had|do|does|did)\b)"
    r"|\b(?:is (?:that|this|it) (?:right|correct|normal|ok|okay|true)|right|correct|yes|no|or not|yeah)\W*\?",
    re.I,
)


# A sentence after the first that asks in a question's own words, its mark left off: "the show got
# postponed + what time are doors on the new date", "mould is back. also how much notice do I give".
# Stricter than a clause's opening word: "Will wait.", "What a disaster." and "When I call, they
# say no" open sentences too, and ask nothing. A "+" glued to a word is a name's ("AppleCare+ can
# I get a refund"), not a join.
_ASKED_AFTER_A_BREAK = re.compile(
    r"(?:[.!;\n]|(?<!\S)[+&]|\band\b)[^\w.!;+&\n]*(?:(?:and|also|plus|so|but|btw|ok|okay)\b[^\w.!;+&\n]*){0,3}"
    r"(?:(?:how|what|when|where|who|why)(?:'s|\s+(?:do|does|did|can|could|should|would|will|is|are|was|were|much|many|long|time|now|else|happens?))"
    r"|(?:can|could|do|does|did|is|are|will|would|should|shall)\s+(?:i|we|you|u|someone|anyone|somebody|anybody|they|he|she|it|there)\b)",
    re.I,
)


def cut_before_questions(text: str) -> list[str]:
    """`text` cut before each question it asks after a break (`_ASKED_AFTER_A_BREAK`), so each
    piece is read on its own: "my gums keep bleeding + how do I cancel my care plan" tells of harm,
    then asks; in "why should I pick plus + how do I cancel my plan" the "why" is not the cancel's."""
    # A full stop, "!" or ";" ends the piece before; a join ("and", "+") opens the question.
    bounds = [0, *(found.start() + (text[found.start()] in ".!;\n") for found in _ASKED_AFTER_A_BREAK.finditer(text)), len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if text[start:end].strip()]


def opens_like_a_question(text: str) -> bool:
    """A clause of `text` opens like a question, whatever its punctuation."""
    if _ASKED_AFTER_A_BREAK.search(HANDLES.sub(" ", _plain(text))):
        return True
    for clause in re.split(r"[,:]\s*", HANDLES.sub(" ", _plain(text)).lower()):
        words = [word.removesuffix("'s") for word in re.findall(r"[a-z']+", clause)]  # "what's" opens like "what"; "can't" is no question
        before = ""
        while words and words[0] in _FILLERS:
            before, words = words[0], words[1:]
        # "When typing, it lags" and "what amazing service" open like a question and ask nothing;
        # "does refreshing the page lose my place" asks.
        if words and words[0] in QUESTION_STARTS and not (len(words) > 1 and (words[1].endswith("ing") and words[0] in _WH or _exclaims(words))):
            return True
        # A verb before its subject asks whatever the verb ("would you give my data to the police",
        # "did you get my email", "may I bring my dog"); without one it states ("did a reset, no
        # luck", "have tried everything", "was charged twice"), and so it does after "so" or "as"
        # ("so was she", "as am I").
        if len(words) > 1 and words[0] in _ASKS_BEFORE_ITS_SUBJECT and words[1] in _SUBJECTS and before not in ("so", "as"):
            return True
    return False


_ASKS_BEFORE_ITS_SUBJECT = frozenset("would did have has may shall was were might".split())
_SUBJECTS = frozenset("i you u we they he she it anyone anybody someone somebody there".split())


# What "how" asks with ("how do…", "how long…", "how much…", "how can I…"): after any other word it
# exclaims ("how rude", "how embarrassing for you"), as "what" does before "a" or "an" ("what a
# waste of an evening", "what an absolute shambles").
_HOW_ASKS = frozenset(
    "do does did can could should would will is are was were has have had am may might shall much many long often far old soon come about "
    "to i we you u it they he she else big early late fast quickly quick".split()
)


def _exclaims(words: list[str]) -> bool:
    return words[0] == "what" and words[1] in ("a", "an") or words[0] == "how" and words[1] not in _HOW_ASKS


_WHY = re.compile(r"^[^\w'@.]*(?:[\w'@.]+[^\w'@.]+){0,3}(?:wh+y+|how come)\b", re.I)  # "whyyy" too; disjoint classes: no backtracking on "what is''''…"


def asks_why(clause: str) -> bool:
    """A question asking why something went wrong ("why does my app keep closing?", "hey @Brand
    how come…"): a complaint put as a question, unlike a plain one ("is there no charge?")."""
    return bool(_WHY.match(clause))


# Words that name a fault whether said or asked about ("is there a problem with your website",
# "anybody else have an issue with…", "how do I fix this"): unlike a negation ("is there no
# charge?") or "full" ("is the flight full?"), a question does not make them innocent.
_FAULT = re.compile(
    rf"\b(?:broke\w*|crash\w*|{_FREEZING}|glitch\w*|bug|bugs|buggy|error\w*|stuck|missing|deleted|disappear\w*|ruin\w*|damaged|cracked|"
    r"problem\w*|issue\w*|unable|leak\w*|stolen|hacked|fixes|unauthori[sz]ed|unresponsive|"
    # "fix" the deal is no fault: "my fix ends next month", "a 2-year fix", "when the fix runs out"
    r"fix(?!\s+(?:ends?|ending|ended|expires?|expiring|expired|runs? out|running out|ran out|is up|finish\w*|deal|rate|tariff|period|term)\b)(?<!year fix))\b",
    re.I,
)
# ... unless only supposed: "what happens if my bag is damaged?", "in case it's stolen".
_SUPPOSED = re.compile(r"\b(?:if|in case|what happens|suppose|supposing|would|should|whether)\b", re.I)


# "How does the streak freeze work", "how do price freezes work": a question how a thing works
# names the thing; a fault word in its name ("freeze", "lost property", "crash cover") tells no
# fault. ("Why does it freeze" and "how do I stop it crashing" ask about one: no "work" follows.)
_HOW_IT_WORKS = re.compile(
    r"\bhow\s+(?:does|do|will|would|did)\s+(?!(?:i|we|you|u|it|they|my|our)\b)(?:the\s+|a\s+|an\s+|your\s+|ur\s+|this\s+|that\s+)?[^\W\d_][\w'’ -]{0,40}?\s+(?:actually\s+)?work\s*(?:\?+|$|[.!])",
    re.I,
)


def without_things_named(text: str) -> str:
    """The text without the name of a thing it asks how works (`_HOW_IT_WORKS`): what fault words
    are read in, by triage, the tone and the cutting into needs alike."""
    return _HOW_IT_WORKS.sub(" ", text)


def asks_what_if(text: str) -> bool:
    """The post asks what to do, or what happens, if a thing happens (`supposed.WHAT_IF`)."""
    return bool(WHAT_IF.search(_plain(text)))


# A why-question about the customer's own things or the brand's doing is a complaint ("why does my
# camera…", "why is it so hard to reach you"); "why should I choose Flex?" names neither.
_WHOSE = re.compile(r"\b(?:my|mine|our|me|us|you|your|y'?all)\b", re.I)
# Why we ask the customer for something ("why does the app need my location all the time", "why do
# you want my date of birth") asks our reason, which is no fault of theirs.
_WHY_WE_REQUIRE = re.compile(
    r"\bwh+y+\s+(?:do|does|did|would|will)\s+(?:you|u|ya|it|they|the\s+[\w-]+|your\s+[\w-]+)\s+(?:guys\s+)?(?:even\s+|actually\s+)?"
    r"(?:need|needs|want|wants|ask\s+(?:me\s+|us\s+)?for|require|requires|collect|request)\b",
    re.I,
)


# What went wrong, told inside a question as a fact: a past or perfect negation after "that",
# "which", "who", "because", "since" or "but" ("a refund for a code I bought that did not work?",
# "why charge users who couldn't use it?"). A present one describes a thing asked about ("a plan
# that doesn't need a credit check?").
_TOLD_AS_FACT = re.compile(
    r"\b(?:that|which|who|because|since|but)\b[^.?!]{0,60}?\b(?:didn'?t|did not|wasn'?t|was not|weren'?t|were not|hasn'?t|has not|haven'?t|have not|"
    r"couldn'?t|could not|never)\b",
    re.I,
)


def speaks_of_a_fault(clause: str) -> bool:
    """The clause tells of a fault the customer has, said or asked about: a word of fault that is
    not only supposed, or a why-question about the customer's things or the brand's doing; not
    when it says the fault is over."""
    plain = _plain(clause)
    if is_solved(plain):  # "sorted my issue in 5 mins", "looks like it solved the problem"
        return False
    if asks_why(plain) and _WHOSE.search(plain) and not _WHY_WE_REQUIRE.search(plain):
        return True
    # "how does the streak freeze work?" names a thing, as "do you do crash courses?" names a service
    # (`without_names`), and "haven't driven since" tells of the customer's own choice
    plain = without_names(without_things_named(plain))
    return (bool(_FAULT.search(plain)) or bool(_TOLD_AS_FACT.search(plain))) and not _SUPPOSED.search(plain)


# A problem going on now, in the present tense ("still doesn't work", "keeps getting declined",
# "now it won't connect"): a fix told before it is over, or was a fix of something else. "Still"
# counts before a negation or a fault only ("thanks still for the support" is no problem).
_ONGOING = re.compile(
    r"\b(?:can'?t|cannot|won'?t|doesn'?t|isn'?t|aren'?t|is not|are not|does not|will not|keeps?\W+(?:on\W+)?\w+ing|"
    r"still\W+(?:\w+\W+){0,2}?(?:not|no|never|doesn'?t|won'?t|can'?t|isn'?t|broken|down|stuck|missing|crash\w*|fail\w*|the same|happening))\b",
    re.I,
)
# ... or, beside a bare "it works", told as a habit ("every time I try on 4G …, on wifi it works").
_HABIT = re.compile(r"\b(?:every ?time|each time|constantly|always fails)\b", re.I)
# "It works" is news of a fix only about the thing that failed: "it works everywhere else", "on
# wifi it works" or "with another card it worked" tell where it doesn't fail, beside a problem.
_WORKS = re.compile(r"^(?:that|it|this) (?:worked|works)$", re.I)
_OTHER = r"(?:else|elsewhere|everywhere|other|others|another|different)"
_ELSEWHERE_AFTER = re.compile(rf"^\W*(?:\w+\W+){{0,3}}?{_OTHER}\b", re.I)  # "it works everywhere else"
_ELSEWHERE_BEFORE = re.compile(rf"\b{_OTHER}(?:\W+\w+){{0,3}}\W*$", re.I)  # "with another card it works"


def _not_yet(plain: str, solved: re.Match[str]) -> bool:
    """The solved-word is wished for or denied ("get this sorted", "hasn't fixed it"): the words
    just before it say so."""
    return bool(_NOT_YET.search(plain[max(0, solved.start() - 40) : solved.start()]))


def is_solved(text: str) -> bool:
    """The customer says the problem is over: a solved-word not wished for or denied, and no
    problem still going on or come back after it ("fixed it. But still doesn't work", "… and it's
    doing the same thing again"). A bare "it works" is
    a fix only when it is not said of another case ("it works everywhere else") and no problem
    goes on anywhere in the post ("keeps getting declined … it works on my laptop")."""
    plain = _plain(text)
    # "the coat you fixed last month" names the thing by a fix of the past (`names_the_thing_by_a_fix`)
    said = [match for match in _SOLVED.finditer(plain) if not _not_yet(plain, match) and not names_the_thing_by_a_fix(plain, *match.span())]
    if not said or _ONGOING.search(plain[said[-1].end() :]) or came_back(plain[said[-1].end() :]):
        return False
    for match in said:
        if not _WORKS.match(match.group()):
            return True
        around = plain[: match.start()] + " " + plain[match.end() :]
        elsewhere = _ELSEWHERE_AFTER.match(plain[match.end() :]) or _ELSEWHERE_BEFORE.search(plain[max(0, match.start() - 40) : match.start()])
        if not elsewhere and not _ONGOING.search(around) and not _HABIT.search(around):
            return True
    return False


# "All good" closes a holiday or a chat as often as a fault ("got back yesterday, all good thanks");
# "all good now" or "all good again" tells of one over.
_ALL_GOOD = re.compile(r"\ball good\b(?!\W+(?:now|again)\b)", re.I)


def tells_of_a_fix(text: str) -> bool:
    """The post says a problem is over in the words of a fix (`is_solved` without a bare "all
    good"): what "Glad to hear it's working again" answers."""
    return is_solved(text) and is_solved(_ALL_GOOD.sub(" ", text))


def wants_a_fix(text: str) -> bool:
    """The customer speaks of a fix that hasn't happened ("I want to have it fixed before Friday",
    "it's supposed to be sorted by now"): a request, whatever else the post says."""
    plain = _plain(text)
    return any(_not_yet(plain, match) for match in _SOLVED.finditer(plain))


# Words of a fault that, together, name a service or a product: "do you keep lost property", "the
# lost and found at York", "proof of my no claims", a "no-fee account". What the customer lost is
# still a fault ("lost my bag"), and "no one" is no product.
_NAMES = re.compile(
    r"\blost\s+(?:property|(?:and|&|n)\s+found)\b|\bno[- ]claims?\b|\bno-(?!one\b)[a-z]+\b"
    # "Late" before what is open or kept late is a service: "late openings", "late check-out".
    r"|\blate\s+(?:openings?|opening\s+hours|nights?|night\s+(?:opening|shopping)|check[- ]?outs?|check[- ]?ins?|arrivals?\s+desk)\b"
    # A word of fault before a device or a cover that is for it names the thing: "the leak sensor",
    # "smoke detector", "breakdown cover", "damage waiver", "theft protection", "a crash course".
    r"|\b(?:leak|leaks|smoke|flood|damage|theft|breakdown|accident|crash)\s+(?:sensors?|detectors?|alarms?|cover|waiver|protection|insurance|alerts?|courses?|helmets?|barriers?|mats?|tests?)\b"
    # Fixing as what we do, asked of a kind of thing ("do you fix zips on coats?"), is a service;
    # asked of the customer's own ("can you fix my phone", "can you fix it") it tells of a fault.
    r"|\b(?:do|can|will)\s+(?:you|u)\s+fix(?=\s+(?!(?:my|our|the|it|this|that|mine|his|her|their|them|these|those)\b)[a-z])",
    re.I,
)


# How a customer asks to do a thing themselves: "how do I …", "can I …", "I want to …", "is there
# a way to …" (the deed follows).
ASKS_HOW_TO = (
    r"(?:how\s+(?:do|can|would|should)\s+(?:i|we)|how\s+to|can\s+(?:i|we)|(?:i|we)\s+(?:want|need|'d\s+like|would\s+like)\s+to|is\s+there\s+a\s+way\s+to)"
)


# What the customer no longer needs, would rather not do, or a plan they can't keep, is their own
# choice, not a fault, and a time is no fault either:
# "got the vacuum as a gift and don't need it", "don't need my season ticket anymore", "can't travel
# tomorrow anymore". (What the brand's thing doesn't do stays a fault: "it doesn't need a code
# anymore" is not theirs to choose, and "I don't want the slug" is a complaint about a thing.)
_OWN_CHOICE = word_led(
    r"\b(?:don'?t|do not|no longer)\s+(?:need|use)\s+(?:it|them|this|that|my\s+[\w-]+(?:\s+[\w-]+)?|our\s+[\w-]+)(?:\s+(?:any ?more|now|either))?\b"
    r"|\bcan'?t\s+(?:travel|go|make\s+it|come|attend)\s+(?:tomorrow\s+|today\s+|on\s+\w+\s+)?(?:any ?more|after\s+all)\b"
    # What the customer would rather not do, and when a thing is due: "don't want to keep my
    # number", "our flight isn't till 6pm", "it's not until friday".
    r"|\b(?:don'?t|do not|doesn'?t|does not)\s+(?:really\s+)?(?:want|wish|plan|intend)\s+to\b"
    # ... or would rather didn't happen: "I don't want the reminders going to him", "we don't want
    # my mum to see the price", "I'd rather not get emails" (a thing unwanted is still a complaint:
    # "I don't want the slug", and so is our suggestion turned down: "I'd rather not. This happens constantly").
    r"|\b(?:don'?t|do\s+not)\s+(?:really\s+)?want\s+(?:the|my|our|any|them|him|her|it|this|that|these|those)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:going|to\s+(?:go|be|see|get|know|find|have)|sent|seeing|knowing|getting|being)\b"
    r"|\b(?:i|we)(?:'d|\s+would)\s+rather\s+not\s+(?:get|have|receive|see|hear|be\s+(?:sent|emailed|texted|called|contacted))\b"
    # ... or would stop themselves: "how do I stop it renewing", "I want to stop my subscription"
    # (stopping a fault is still one: "how do I stop my phone crashing").
    rf"|\b{ASKS_HOW_TO}\s+stop\b"
    r"(?!\s+(?:it|them|this|that|(?:the|my|our)\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:from\s+)?(?:crash|freez|lag|drain|drop|overheat|leak|break|fail|die|dying|buffer|disconnect|glitch|turn\w*\s+off|shut\w*\s+down|switch\w*\s+off|logg\w*\s+out))"
    # A taste is the customer's own ("it's just not for us", "not really my style", "didn't like the
    # colour", "doesn't suit me"); not what a thing does that they dislike ("don't like it when the
    # app logs me out").
    r"|\bnot\s+(?:really\s+|quite\s+|exactly\s+)?(?:for\s+(?:me|us|him|her|them)\b(?!\s+to\b)|(?:my|our|his|her|their)\s+(?:style|taste|thing|cup\s+of\s+tea)\b)"
    r"|\b(?:don'?t|do\s+not|didn'?t|did\s+not)\s+(?:really\s+|much\s+)?(?:like|love|suit)\s+"
    r"(?:it|them|this|that|(?:the|its|their)\s+(?:colou?rs?|look|looks|style|size|fit|feel|shape|design|taste|flavou?rs?|smell|pattern|material|fabric))\b"
    r"(?!\s+(?:when|whenever|that|how|if|because)\b)"
    r"|\b(?:doesn'?t|does\s+not|didn'?t|did\s+not)\s+(?:really\s+)?suit\s+(?:me|us|him|her|them|my|our)\b"
    r"|\b(?:isn'?t|is not|aren'?t|are not|not)\s+(?:due\s+)?(?:until|till|til|'til)\b"
    # A person without a thing is a circumstance ("my nan doesn't have a smartphone", "I don't own
    # a printer"); a thing without one is a fault ("the room doesn't have hot water").
    # When a thing ends is a date, not a fault ("my pass runs out next month", "runs out on friday").
    r"|\br[au]n(?:s|ning)?\s+out\s+(?=(?:next|soon|tomorrow|on|in\s+(?:a|an|one|two|three|\d+)|at\s+the\s+end|this|by|before|at\s+midnight)\b)"
    # A first time is a circumstance ("never bought glasses online before", "I've never used the app
    # before"); what never happened before is still news of a fault ("never had this problem before").
    r"|\b(?:never|not)\s+(?:\w+\s+)?(?:bought|ordered|used|booked|tried|shopped|flown|travelled|traveled|rented|hired|worn|signed\s+up|set\s+up|done\s+this)"
    r"\b(?:\s+(?!(?:a|any|this|that|the)\s+(?:problem|issue|fault)s?\b)[\w'-]+){0,4}?\s+before\b"
    # What a person hasn't used yet is their own ("bought a pass last week and haven't used it").
    r"|\b(?:haven'?t|have\s+not|hasn'?t|has\s+not|never|not)\s+(?:yet\s+|even\s+|actually\s+)?(?:used|opened|worn|visited|started|watched|activated)\s+"
    r"(?:it|them|this|that|(?:my|our|the|a|an)\s+[\w-]+)(?:\s+yet)?\b"
    # What a person hasn't done in a while is their own ("passed 8 years ago but haven't driven since",
    # "haven't flown in years"); not since a change of ours ("haven't used it since the update").
    r"|\b(?:haven'?t|have\s+not|hasn'?t|has\s+not|not|never)\s+(?:really\s+|properly\s+|actually\s+)?"
    r"(?:driven|flown|ridden|travell?ed|cycled|swum|skied|played|worn|used\s+(?:it|one|them))\s+(?:much\s+|at\s+all\s+)?"
    r"(?:since(?!\s+(?:the|your|you|it|they|then\s+it)\b)|in\s+(?:years|ages|months|a\s+(?:while|long\s+time|year|decade))|for\s+(?:years|ages|months|a\s+(?:while|long\s+time|year|decade)|\d+\s+(?:years|months)))"
    # What a person would be spared is a purpose, not a fault ("so they don't cry in the queue", "so I don't have to wait").
    # After the words it follows, not opening a sentence ("So I don't know what they did" tells).
    rf"|(?<=[^\W\d_]\s)so\s+(?:that\s+)?(?:i|we|they|he|she|you|(?:my|our|the)\s+{PEOPLE})\s+(?:don'?t|doesn'?t|do\s+not|does\s+not)\s+(?:have\s+to\s+|need\s+to\s+)?[\w-]+"
    rf"|\b(?:i|we|he|she|they|(?:my|our)\s+{PEOPLE})\s+(?:doesn'?t|don'?t|does not|do not|didn'?t)\s+"
    r"(?:have|own|use|got)\s+(?:a|an)\b(?!\s+(?:choice|option|say|clue)\b)"
    # ... and so is what a person never does ("I never carry cash", "my mum never uses the app"):
    # a habit of theirs, where what never happens to them is news of a fault ("I never get the
    # texts", "we never have signal").
    rf"|\b(?:i|we|he|she|they|(?:my|our)\s+{PEOPLE})\s+(?:never|rarely|seldom)\s+(?:ever\s+)?(?:carry|carries|use|uses|own|owns|drive|drives|wear|wears|keep|keeps)\b"
    rf"|{UNSURE_WHICH}"  # ... and which to choose they don't know
    # ... and what they never learned ("I'm 38 and never learned"; not a child of theirs, taught by us).
    r"|\b(?:(?:i|we)(?:'ve|\s+have)?\s+(?:\w+\s+)?|and\s+)never\s+(?:learned|learnt)(?=\s*(?:to\b|how\b|[,.!?]|$))"
    # ... and so is a person who has none: "send a password to my accountant who doesn't use keyward".
    r"|\bwho\s+(?:doesn'?t|don'?t|does not|do not)\s+(?:have|own|use)\b"
    # What a person can't do themselves is a circumstance ("can't really have anyone round at the
    # moment", "my dad can't drive", "we can't lift the sofa ourselves"), not a fault of ours: "I
    # can't log in" and "can't get through to you" are still faults, and so is what a charge leaves
    # them unable to afford.
    rf"|\b(?:(?:i|we|he|she|they|(?:my|our)\s+{PEOPLE})\s+)?(?:can'?t|cannot|can\s+not|couldn'?t)\s+(?:really\s+|easily\s+|always\s+)?"
    r"(?:have\s+(?:anyone|anybody|someone|somebody|people|visitors|a\s+visit)(?:\s+(?:round|over|in|here))?|be\s+(?:home|in|there|around)|drive|lift|carry|walk|climb|travel|"
    r"take\s+(?:time|a\s+day)\s+off|get\s+time\s+off|leave\s+the\s+house)\b",
    re.I,
)


@functools.lru_cache(maxsize=256)  # read by the problem and tone rules of one post and its clauses
def without_names(text: str) -> str:
    """The text without the services whose names are words of a fault (`_NAMES`), without what
    the customer no longer needs or can't keep to (`_OWN_CHOICE`), and without a fault said not
    to have happened (`problem_words.NO_FAULT`)."""
    return NO_FAULT.sub(" ", _OWN_CHOICE.sub(" ", _NAMES.sub(" ", text)))


def states_a_problem(text: str) -> bool:
    """Something does not work, and the customer does not say it is solved now: by the English word
    rules, or by those of the post's language (`_PROBLEM_IN`)."""
    plain = _plain(text)
    if is_solved(text):
        return False
    rules = _PROBLEM_IN.get(rules_language(plain), _PROBLEM)  # the post's language is told once
    told = without_supposed(plain)  # "what happens if my bag is damaged?" supposes a fault, it tells none
    # "how does the streak freeze work?" names a thing; "my dad died" and "I'm not a UK taxpayer" tell no fault
    told = without_circumstances(without_deaths(without_things_named(told)))
    # "… back to square one", "my bill has doubled", "got someone else's order", "it reset even though I did a lesson",
    # "has said 'label created' since monday", "now it's £150 cheaper in your sale"
    if came_back(told) or paying_more(told) or not_theirs(told) or against_what_they_did(told) or stays_the_same(told) or price_fell(told):
        return True
    return bool(rules.search(without_names(HANDLES.sub(" ", told))))  # a handle is a name ("@BrokenRecords"), not what happened


def rules_language(text: str) -> str:
    """The language of a post triage has word rules for besides English ("" for English, for a
    post too short to tell, and for any other language, which keeps the English rules)."""
    from assistant.language import detect  # the language model is loaded on first use only

    language = detect(text)
    return language.code if language is not None and language.code in _PROBLEM_IN else ""


# A request stated, not asked: "need a receipt for my stay", "I'd like to change my booking",
# "we want a refund" (at the clause's start, after the fillers that join it).
_ASKS_FOR = re.compile(
    r"^\W*(?:(?:and|also|plus|so|but|btw|hi|hey|hello|oh)\W+)*(?:(?:i|we)\b\s*)?(?:really\s+|just\s+|urgently\s+|also\s+|still\s+)?"
    r"(?:need|needs|want|wanted|would\s+like|'d\s+like|will\s+need|'ll\s+need|require)\s+(?:a|an|the|my|our|to|some|help|proof|confirmation)\b",
    re.I,
)


# What the customer wants to tell us is no request: "just wanted to say thanks", "I want to let you
# know the driver was lovely", "we'd like to pass on our thanks".
_TELLS_US = re.compile(
    r"(?:want|wanted|like)\s+to\s+(?:say|thank|tell|let\s+(?:you|u|y'all|everyone)\s+know|share|give|pass|express|shout|send\s+(?:my|our|love|a\s+big|a\s+huge)|"
    r"compliment|praise|congratulate|commend|recognise|recognize|highlight|mention|acknowledge)\b",
    re.I,
)
_CLAUSE_CUT = re.compile(r"[.!?;,\n]+")


def states_a_request(text: str) -> bool:
    """A clause of the post opens with a request stated, not asked ("I want to send the camera
    back, thanks", "I'd like to cancel"): something for us to do, whatever thanks close it."""
    for clause in _CLAUSE_CUT.split(HANDLES.sub(" ", _plain(text))):
        if _ASKS_FOR.search(clause) and not _TELLS_US.search(clause):
            return True
    return False


def states_a_need(clause: str) -> bool:
    """A question, a request stated ("need a receipt for my stay"), or a statement that something
    does not work: what a need looks like."""
    return is_question(clause) or bool(_PROBLEM.search(_plain(clause))) or bool(_ASKS_FOR.search(HANDLES.sub(" ", _plain(clause))))
