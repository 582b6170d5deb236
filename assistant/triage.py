"""Triage: what the post is (intent), how the customer feels (sentiment), and how soon to answer.

Rules, not a model: every decision comes with the reason an agent sees on the card.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.posts import Post
from assistant.text.circumstances import without_circumstances
from assistant.text.direct_messages import points_to_dm
from assistant.text.feelings import (
    LETTERS,
    NEGATIVE,
    NEGATIVE_EMOJI,
    NEGATIVE_STEMS,
    POSITIVE,
    POSITIVE_EMOJI,
    SAD_EMOTICON,
    TEARS,
    THANKS,
    THANKS_FILLERS,
    THANKS_LANGUAGE,
    WORD,
)
from assistant.text.follow_ups import answer_rest, answers_earlier_question, bare_follow_up, gives_only_a_reference
from assistant.text.hazard import hazard_in
from assistant.text.loss import without_deaths
from assistant.text.money_told import WHAT_THEY_PAY
from assistant.text.needs import (
    asks_why,
    cut_before_questions,
    is_question,
    is_solved,
    rules_language,
    states_a_problem,
    states_a_request,
    wants_a_fix,
    without_names,
    without_things_named,
)
from assistant.text.praise import HANDLE_OR_LINK, PASS_ON, passes_on_thanks, praise_in_doubt, thanks_someone_of_ours, without_thanks
from assistant.text.spam import promotes
from assistant.text.supposed import without_supposed

_URGENT = re.compile(
    r"\b(urgent|asap|emergency|immediately|right now|charged twice|double charged|fraud|hacked|"
    r"stolen|smoke|sparks|burning|fire|shock|outage|down for|cannot log ?in|can'?t log ?in|locked out)\b",
    re.IGNORECASE,
)
# "Help" asks for it, unless it is help had: "a little help went a long way", "you've been a great
# help", "thank her for her help" (help someone gave, or help praised). "The help button",
# "zero help from you" and "would appreciate your help" still ask.
_HELP_HAD = "".join(rf"(?<!\b{word} )" for word in ("his", "her", "their", "little", "great", "big", "such", "much", "real", "huge"))
_REQUEST = re.compile(
    rf"\b({_HELP_HAD}help(?!\s+(?:went|was|were|you\s+gave|received)\b)|please|pls|plz|need|fix|how do i|how can i|can you|could you|can i|could i|is there a way|anyone know|want(?:ed)? to (?:ask|know)|"
    r"(?:would|'d) (?:love|like) to (?:know|see|have|get|ask)|would (?:be|it be) (?:great|nice|good|lovely|awesome|brilliant|helpful) (?:if|to)|"
    r"any ideas?|what'?s the best way|let me know)\b",
    re.I,
)
# Negation and waiting words: a complaint in a statement ("still not here"), but nothing in a
# plain question ("is there no charge for delivery?"), unless it asks why something went wrong.
# Words that make a statement a grievance but a question only a question: "no", "late", and the
# words of a transaction ("how long does a refund take?", "how do I cancel?", "will I be charged?"),
# and a state asked about ("is my phone locked to you?", "is my number blocked?"), and smoke, which a
# customer asks leave to do ("can I smoke in the car if the windows are open").
_WEAK = frozenset({"no", "not", "never", "nothing", "still", "waiting", "down", "late", "problem", "refund", "cancel", "charged", "locked", "blocked", "smoke"})
_CLAUSE = re.compile(r"(?<=[.!?;\n])\s*")


@dataclass(frozen=True)
class Triage:
    intent: str
    sentiment: str  # negative, neutral, positive
    priority: str  # urgent, high, normal, low
    score: int
    reasons: list[str] = field(default_factory=list)
    solved: bool = False  # the customer says the problem is over ("a full restart fixed it")
    thanks_only: bool = False  # praise that only thanks ("Ok! Thanks", "THANK YOU!!"): no word or emoji of praise beside the thanks
    thanks_in: str = ""  # the language of a post of thanks alone, by its word of thanks ("gracias": es), for a reply in it
    hazard: str = ""  # the words in which the post reports a hazard ("caught on fire", "my account was hacked"): `text.hazard`
    hazard_kind: str = ""  # "gas", "safety" (another danger) or "security" (someone else at the money or account): `text.hazard`


_FRIENDLY_NO = re.compile(r"\bno (?:worries|problem|prob|rush|bother)\b", re.I)
# What the customer says of themselves is no grievance against us: "I'm useless with flat pack",
# "we're hopeless at DIY", "I'm rubbish at tech". Said of us ("you're useless") it is.
_OF_THEMSELVES = re.compile(
    r"\b(?:i'?m|i\s+am|im|we'?re|we\s+are|i\s+was|we\s+were)\s+(?:(?:so|such|just|really|completely|totally|pretty|very|a\s+bit|absolutely|honestly)\s+)*"
    r"(?:an?\s+)?(?:useless|hopeless|rubbish|terrible|awful|bad|crap|clueless|a\s+disaster|a\s+nightmare|no\s+good|not\s+good|not\s+great)\s+(?:at|with)\b",
    re.I,
)
# A person's health told as context ("my boss has terrible hay fever, which flowers won't set her
# off", "I have really bad asthma"): how bad it is is no grievance against us. An allow-list of
# conditions, each after the words that say how bad.
_CONDITION = re.compile(
    r"\b(?:(?:really|very|so|such|terrible|awful|bad|severe|horrible|chronic|dreadful|shocking|nasty|horrendous|serious|crippling)\s+)+"
    r"(?:hay\s*fever|asthma|allerg(?:y|ies)|eczema|psoriasis|arthritis|migraines?|headaches|back\s+pain|anxiety|depression|dementia|"
    r"morning\s+sickness|eyesight|hearing|mobility|insomnia|nut\s+allergy|sinuses)\b",
    re.I,
)
# What the customer pays going down is good news: "heating bill down loads", "my bill went down £20"
# (the same things as going up is harm: `text.money_told.WHAT_THEY_PAY`), and so is what they use.
_GOOD_DOWN = re.compile(rf"\b((?:{WHAT_THEY_PAY}|spend(?:ing)?|usage)(?: \w+)?) (?:went |gone |has gone |is |are |came |come |going )?down\b")


# A thing still as it came is no wait: "changed my mind, still in the box", "still sealed", "still
# has the tags on"; nor is a thing still good: "still perfect", "still going strong", "still looks
# brand new", "still works like a dream" (a word of praise or of good order within three words).
_STILL_GOOD = "|".join(sorted(POSITIVE - THANKS)) + r"|strong|brand\s+new|like\s+new|as\s+new|like\s+a\s+dream|as\s+good\s+as"
_STILL_UNUSED = re.compile(
    r"\bstill\s+(?=(?:in\s+(?:the|its|my|their|original)\s+(?:\w+\s+)?(?:box|boxes|packaging|package|wrapper|wrapping|bag|cellophane)|sealed|unopened|unused|unworn|"
    r"boxed|brand\s+new|new|with\s+(?:the\s+|its\s+)?tags|has\s+(?:the\s+|its\s+)?tags|got\s+(?:the\s+)?tags"
    rf"|(?:(?!not\b|no\b|never\b|[a-z]*n't\b)[a-z']+\s+){{0,2}}(?:{_STILL_GOOD}))\b)"
)


@functools.lru_cache(maxsize=256)  # read by triage's sentiment, intent and problem rules of one post
def _plain(text: str) -> str:
    """The text without friendly negatives ("no worries"), what the customer says of themselves
    ("I'm useless with flat pack"), how bad a person's health condition is ("terrible hay fever"), good news put as "down", a thing still as it came, and help it
    thanks for ("thanks for the refund")."""
    lowered = without_names(without_thanks(text, helped_only=True)).lower()
    return _GOOD_DOWN.sub(r"\1", _STILL_UNUSED.sub("", _FRIENDLY_NO.sub(" ", _CONDITION.sub(" condition ", _OF_THEMSELVES.sub(" ", lowered)))))


def states_an_open_problem(text: str) -> bool:
    """The post states a problem it doesn't thank us for having fixed ("thanks for fixing the leak
    on our road" states none): what triage reads, and what `draft-eval` counts praise misfires by."""
    return states_a_problem(_plain(text))


# A transaction the customer says they want ("want to cancel plus", "I'd like a refund", "need to
# cancel my booking"): a request, however it is put, not a grievance.
_WANTED = re.compile(
    r"(?<!\byou )(?<!\bu )(?<!\bguys )(?<!\bthey )(?<!\bhe )(?<!\bshe )(?<!\bit )\b(?:want|wanna|wish|need|like|plan|planning|going|trying|how)\s+to\s+(?:\w+\s+){0,2}$",
    re.I,
)
_TRANSACTION = frozenset({"cancel", "refund", "charged"})


def _pieces(text: str) -> Iterator[str]:
    """The post as the feeling words read it (`_plain`): each sentence, cut before each question it
    asks after a break, so a question's words and the harm told before it are weighed apart."""
    return (piece for sentence in _CLAUSE.split(_plain(text)) for piece in cut_before_questions(sentence))


def _negative_words(text: str) -> int:
    # Each clause read once, however often the post repeats it (a hostile post is one clause 12,000 times).
    return sum(
        times * _negative_in(without_things_named(piece))
        for piece, times in Counter(_pieces(without_supposed(_plain(without_circumstances(without_deaths(text)))))).items()
    )


def _negative_in(clause: str) -> int:
    """The words of harm in one clause ("how does the error report work?" names a thing: the caller
    reads it without the thing's name)."""
    count = 0
    weak_counts = not is_question(clause) or asks_why(clause)
    for found in WORD.finditer(clause):
        w = found.group(0)
        wanted = w in _TRANSACTION and _WANTED.search(clause[max(0, found.start() - 60) : found.start()])
        count += (w in NEGATIVE or w.startswith(NEGATIVE_STEMS)) and (weak_counts and not wanted or w not in _WEAK)
    return count


def _praise_words(text: str) -> int:
    """Words of praise, each clause read on its own: in a question a word of praise is what is asked
    about ("what's the best printer for home", "is there a quick way to…"), not praise; thanks
    counts wherever it is, and so does praise in a question asking why ("why are you so great")."""
    clauses = Counter(part for piece in _pieces(text) for part in _COMMA.split(piece))
    return sum(times * _praise_in(clause) for clause, times in clauses.items())


def _praise_in(clause: str) -> int:
    # An exclamation is no question, whatever its opening ("how I love Ricardo!", "@Delta is the best!").
    asked = is_question(clause) and not asks_why(clause) and not clause.rstrip().endswith("!")
    return sum(w in POSITIVE and (not asked or w in THANKS) for w in WORD.findall(clause))


_COMMA = re.compile(r",\s*")


def _sentiment(text: str, problem: bool) -> tuple[str, int]:
    praised = _praise_words(text)
    hearts = sum(ch in POSITIVE_EMOJI for ch in text)
    # Tears beside praise or a happy face are of joy ("it's gorgeous, my mum cried 😭❤️").
    faces = sum(ch in NEGATIVE_EMOJI and not ((praised or hearts) and ch in TEARS) for ch in text)
    negative = _negative_words(text) + faces + len(SAD_EMOTICON.findall(text))
    positive = praised + hearts
    # "thanks for nothing", "great, another outage": praise words next to complaints are sarcasm.
    if positive and negative:
        positive = max(0, positive - 2 * negative)
    # "can't even sign in … thanks a lot!!", "memory full, is there a way to clear it thanks":
    # thanks beside a problem that is not solved is politeness or sarcasm, never praise.
    if problem:
        positive = 0
    balance = positive - negative
    if balance > 0:
        return "positive", balance
    if balance < 0:
        return "negative", balance
    return "neutral", 0


_REFERENCE_LIKE = re.compile(r"\b[^\W_]*[-/]?\d[\w/-]*")


def thanks_language(text: str) -> str:
    """The language of a post that says thank you and nothing else ("Ok! Thanks", "¡Muchas
    gracias!", "Merci beaucoup !"; handles, links, emoji and "<3" aside), or "" for any other post."""
    plain = html.unescape(text).replace("<3", " ").lower()
    if any(ch in NEGATIVE_EMOJI for ch in plain) or SAD_EMOTICON.search(HANDLE_OR_LINK.sub(" ", plain)):
        return ""  # "Thanks ☹": thanks with an unhappy face closes nothing
    # Letters glued to digits are a reference, not a word: "TY0000" and "TY-0000" are no "ty".
    words = LETTERS.findall(_REFERENCE_LIKE.sub(" ", HANDLE_OR_LINK.sub(" ", plain)))
    if not all(w in THANKS_LANGUAGE or w in THANKS_FILLERS for w in words):
        return ""
    return next((THANKS_LANGUAGE[w] for w in words if w in THANKS_LANGUAGE), "")


def asks_something(text: str) -> bool:
    """The post asks a question, requests something ("send me a new code please") or wishes a fix.
    What someone is thanked for is not asked for: "thanks to the crew for fixing it", "big thanks to
    Sam who sorted our wasps" (`without_thanks`) neither requests nor wishes a fix."""
    thanked_aside = without_thanks(text)
    # "can you say thanks to the driver who waited for my nan" asks only that thanks be passed on
    return is_question(PASS_ON.sub(" ", text)) or bool(_REQUEST.search(PASS_ON.sub(" ", thanked_aside))) or wants_a_fix(thanked_aside)


def _intent(text: str, words: list[str], sentiment: str, problem: bool, solved: bool, unseen: bool = False) -> tuple[str, str]:
    if promotes(text, asks_or_tells=is_question(text) or problem) or (text.count("http") >= 2 and not _REQUEST.search(text)):
        return "spam", "looks like promotion or spam"
    if thanks_language(text):
        return "praise", "thanks alone"
    if points_to_dm(text):
        return "dm", "took it to a direct message: answer it there"
    if bare_follow_up(text):
        return "follow-up", "says the problem remains, not what it is: a follow-up to earlier messages"
    if answers_earlier_question(text) and not _negative_words(answer_rest(text) or ""):
        return "answer", "answers a question from earlier messages"
    if gives_only_a_reference(text):
        return "answer", "gives a reference asked for in earlier messages, and nothing else"
    asks = asks_something(text)
    if solved and not problem and not is_question(text):  # "thanks for the help" is no request
        return "praise", "the customer says it is solved, no question"
    # "I want to send the camera back, thanks", "I'd like to cancel thanks": thanks closing a request
    # stated is politeness, not praise.
    if sentiment == "positive" and not asks and not states_a_request(text):
        doubt = praise_in_doubt(text)
        return ("mixed", doubt) if doubt else ("praise", "thanks or praise, no question")
    if unseen and not asks and not problem and sentiment != "negative":
        # "It's on a Macbook Air, running High Sierra", "Me too", "Sent twice now": beside a post we
        # can't see, no article can be chosen from this alone. An unhappy one may tell of harm in
        # words the rules don't know ("Face ID works 57% of the time. I'm very disappointed"): it
        # stays a complaint or venting, and is drafted.
        return "answer", "replies to a post this conversation doesn't hold, and asks nothing of its own"
    if sentiment == "negative" or problem and not asks:
        if asks:
            return "complaint", "a problem with a request for help"
        if problem and rules_language(text):  # what tells venting here (few words, "my order") is English
            return "complaint", "describes a problem"
        if len(words) <= 6 or text.isupper() or not re.search(r"\b(my|our|order|account|app|device)\b", text, re.I):
            return "venting", "frustration without a question; may not need a reply"
        return "complaint", "describes a problem"
    if asks:
        return "question", "asks for information or help"
    return "venting" if len(words) <= 4 else "question", "no clear request"


def triage(post: Post, *, unseen: bool = False) -> Triage:
    """Classify a post and give it a priority, with the reasons shown to agents. `unseen`: the post
    replies to one its conversation doesn't hold (`conversation.unseen_parent`)."""
    text = post.text
    words = WORD.findall(text.lower())
    solved = is_solved(text)
    problem = states_an_open_problem(text)
    sentiment, strength = _sentiment(text, problem)
    intent, intent_reason = _intent(text, words, sentiment, problem, solved, unseen)
    reasons = [f"{intent}: {intent_reason}"]
    score = {"complaint": 3, "question": 2, "dm": 2, "follow-up": 2, "answer": 2, "mixed": 1, "venting": 1, "praise": 0, "spam": -5}[intent]
    if sentiment == "negative" and strength <= -2:
        score += 1
        reasons.append("strongly negative")
    urgent = _URGENT.search(text)
    if urgent and intent != "spam":
        score += 3
        reasons.append(f"urgent wording: “{urgent.group(0)}”")
    hazard = hazard_in(text) if intent != "spam" else None
    if hazard:
        score += 0 if urgent else 3
        reasons.append(f"{hazard.kind}: reports “{hazard.words}”")
    followers = post.author_followers
    if intent != "spam":
        if followers >= 100_000:
            score += 3
            reasons.append(f"very large reach: {followers:,} followers")
        elif followers >= 10_000:
            score += 2
            reasons.append(f"large reach: {followers:,} followers")
        elif followers >= 1_000:
            score += 1
            reasons.append(f"reach: {followers:,} followers")
    if score >= 6 or hazard:  # a danger or a fraud reported is urgent whoever reports it
        priority = "urgent"
    elif score >= 4:
        priority = "high"
    elif score >= 2:
        priority = "normal"
    else:
        priority = "low"
    praised = [w for w in WORD.findall(_plain(" ".join(words))) if w in POSITIVE and w not in THANKS] or [ch for ch in text if ch in POSITIVE_EMOJI]
    # Thanks to pass on, or said to someone of ours ("thanks to Dan who came out at 2am"), are praise's: "We'll pass it on".
    thanks_only = intent == "praise" and not solved and not praised and not passes_on_thanks(text) and not thanks_someone_of_ours(text)
    return Triage(
        intent=intent,
        sentiment=sentiment,
        priority=priority,
        score=score,
        reasons=reasons,
        solved=solved and intent == "praise",
        thanks_only=thanks_only,
        thanks_in=thanks_language(text) if thanks_only else "",
        hazard=hazard.words if hazard else "",
        hazard_kind=hazard.kind if hazard else "",
    )
