"""The separate needs in one post: "where's my order? and can I change my email?" asks two
things, and so does "camera won't focus + the sound cuts out" or "battery drains in an hour.
drops wifi constantly". Two articles may answer them.

Words only rules, and nothing is dropped: every word of the post is in exactly one part.

- A post is cut into clauses: at sentence ends, line breaks, semicolons, list bullets, and at the
  joins people put between two problems or questions ("and", "also", "plus", "+", "&", a comma
  before a new clause), and at a handle after a word: what follows is said to that account ("… and
  it takes forever to charge @Brand sort it out").
- A clause too short to say anything on its own ("photos", "and?", "@Brand yes.") stays with its
  neighbour: handles, hashtags and yes/okay are not words of a need.
- A statement just before a question is that question's context ("My kettle is broken. How do I
  return it?" is one need).
- At most `MAX_CANDIDATES` are asked about; past that, context gives way before needs do.
- What is left are the candidate needs. Which of them really are separate needs is decided by
  retrieval (`Knowledge.ground`): a candidate that no article answers well, or that the same
  article answers as its neighbour, joins it.
"""

from __future__ import annotations

import re

from assistant.text.needs import cut_before_questions, states_a_need
from assistant.text.needs import is_question as _is_question

MAX_PARTS = 3  # needs a draft answers; more is a ramble, and the rest stays with the third
MAX_CANDIDATES = 6  # clauses retrieval is asked about; the rest stays with the last
MIN_WORDS = 1  # content words a question needs to stand alone ("and?" or "why??" is not a question)
MIN_STATEMENT_WORDS = 1  # a statement needs one: "and?" or "!!!" is not a need

# Where a post is cut: sentence ends, line breaks, semicolons, bullets, and the words and signs
# people join two needs with. A cut through blanks starts where they start ((?<!\s)): a post of
# 25,000 spaces is read once, not once per space. A comma cuts only before a clause that names its own subject or
# problem (", messages don't appear"), never inside a list of things ("contacts, photos").
_JOIN = r"(?:and|also|plus|but also|as well as|oh and|and also)"
# After "my", "the", "your"… the word is a name, not a join: "how do I cancel my plus membership?".
_NAMED = "".join(rf"(?<!\b{word})" for word in ("my", "your", "our", "the", "a", "an", "his", "her", "their", "this", "that"))  # the pattern ignores case
# Where a post's questions may start: sentence ends, line breaks and semicolons, and a question
# asked after a join in a question's own words (`cut_before_questions`).
# A "+" closing a name is part of it, not a join: "AppleCare+ can I get a refund", "Disney+ won't load".
_NAME_PLUS = "".join(rf"(?-i:(?<!\b[A-Z]\w{{{n}}})(?<!\b[a-z][A-Z]\w{{{n}}}))" for n in range(15))
# A handle after a word opens what is said to that account ("… takes forever to charge @Brand fix
# it plz"), unless it is the word's object ("I can only listen to @Radio1 now", "I rang @Brand and").
_NOT_AN_OBJECT = "".join(
    rf"(?<!\b{word})" for word in "to at from with via for by on of about like and or than cc rang called asked told emailed messaged".split()
)
_SENTENCE_SPLIT = re.compile(r"(?<=[?!.])\s+|(?<!\s)\s*\n+\s*|(?<!\s)\s*;\s*")
_CLAUSE_SPLIT = re.compile(
    rf"(?<=[?!.])\s+(?=\S)|(?<!\s)\s*\n+\s*(?:[-*•·]\s+|\d{{1,2}}[.)]\s+)?|(?<!\s)\s*;\s*|(?<=[^\W\d_]){_NOT_AN_OBJECT}\s+(?=@\w+\s+[^\W\d_])|(?<!\s)\s+(?=[+&]\s+)|(?=\+\s+)(?<![\s+]){_NAME_PLUS}|(?:(?<!\s){_NAMED}\s+|(?<=[^\w\s.,'’\"]))(?={_JOIN}\b\s+\S)|,\s+(?={_JOIN}\b)|,\s+(?=[^\W\d_]+(?:\s+[^\W\d_']+)?\s+(?:is|are|was|were|has|have|had|won['’]?t|doesn['’]?t|don['’]?t|can['’]?t|isn['’]?t|aren['’]?t|keeps?|stopped|stops|not|never|goes|takes|play|plays|work|works)\b)",
    re.I,
)
# How a customer adds one more thing: "also", "plus", "btw", "+", "&" (a bare "and" often goes on
# with the same need: "my kettle is broken and how do I return it?").
ADDED = re.compile(r"^(?:(?:also|plus|btw|by the way|and also|oh and|one more thing|another thing)\b|[+&])", re.I)
# A question joined with a bare "and" is a need of its own when it names its own subject: "my
# direct debit went up again and when are you fitting my smart meter??". One that points back at
# the statement ("… is broken and how do I return it?") asks about it.
_AND = re.compile(r"^and\s+(?:how|what|when|where|why|can|could|do|does|is|are|will|who|which|should)\b", re.I)
# ("Is there", "are there" point at nothing: "… and is there a number I can ring?")
# ... nor does a demonstrative before a time ("how much is an eye test these days", "this week").
_POINTS_BACK = re.compile(
    r"\b(?:it|its|it's|(?:this|that|these|those)(?!\s+(?:days?|weeks?|weekends?|months?|years?|mornings?|afternoons?|evenings?|nights?|times?)\b)|"
    r"them|they|one|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )there|then|so|same)\b",
    re.I,
)
# ... unless it takes what it points at somewhere of its own: "sleep data missing again, and how do I
# add it to my new phone", "the vpn is really slow, and how do I set it up on my router" ask about
# the phone and the router ("… is broken and how do I return it?" takes it nowhere).
_OWN_THING = re.compile(
    r"\b(?:it|them|this|that)\s+(?:up\s+|back\s+|over\s+|across\s+)?(?:to|on|onto|into|with)\s+(?:my|our|a|an)\s+(?:new\s+|other\s+|second\s+)?[^\W\d_]{2,}",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_HANDLE = re.compile(r"[@#][\w.]+")  # "@AppleSupport" or "#ios11" says who or where, not what is needed
_STOP = frozenset(
    "the and also plus you your yours our ours are was were can could does did have has had how what when where why who which "
    "will would should this that these those there their they them for with from about into any anyone just still yet not "
    "but get got its it's i'm i've don't can't won't hey hello please pls thanks thank well yes yeah yep nope okay".split()
)


def _content_words(text: str) -> int:
    return sum(word.lower() not in _STOP for word in _WORD.findall(_HANDLE.sub(" ", text)))


def _stands_alone(piece: str) -> bool:
    return _content_words(piece) >= (MIN_WORDS if _is_question(piece) else MIN_STATEMENT_WORDS)


def clauses(text: str) -> list[str]:
    """The post cut at every place a need may start (`_CLAUSE_SPLIT`), nothing joined back: "parcel
    says delivered + how do I reset my password" is two clauses."""
    return [piece.strip() for piece in _CLAUSE_SPLIT.split(text or "") if piece and piece.strip()]


_AND_OPENS = re.compile(r"^\W*and(?![^\W_])", re.I)


def _joined(part: str) -> bool:
    """A part that opens with a word people join two needs with: "and", or what adds one (`ADDED`)."""
    return bool(ADDED.match(part.lstrip()) or _AND_OPENS.match(part))


def joined_to_another(parts: list[str], n: int) -> bool:
    """Whether part `n` of a post (`need_parts`) is joined to a neighbour with "and", "also", "plus"
    or "+": it opens with the join, or the next part does."""
    return _joined(parts[n]) or (n + 1 < len(parts) and _joined(parts[n + 1]))


def stated_needs(parts: list[str]) -> list[bool]:
    """Which of a post's parts (`need_parts`) state a need: a question, a request or a problem in
    words (`states_a_need`), or a part the customer added another need to ("router's on red again
    and also how do I change my payment date", "moving next month + what happens to the engineer
    visit"): "also" and "+" say that what came before was a need too."""
    return [states_a_need(part) or bool(n + 1 < len(parts) and ADDED.match(parts[n + 1])) for n, part in enumerate(parts)]


def need_parts(text: str) -> list[str]:
    """The post's candidate needs, in the order written (at most `MAX_CANDIDATES`): questions with
    the statement just before them, and statements of a problem. One part (the whole post) when
    it has one clause or none that stands alone."""
    pieces = clauses(text)
    parts: list[str] = []
    pending: list[str] = []  # words too few to stand alone: they go with the next part that does
    for piece in pieces:
        pending.append(piece)
        if _stands_alone(piece):
            parts.append(" ".join(pending))
            pending = []
    if pending:
        if parts:
            parts[-1] = f"{parts[-1]} {' '.join(pending)}"
        else:
            parts.append(" ".join(pending))
    # A statement just before a question is its context, unless the customer added the question
    # to it ("my drink was missing. also how do I cancel?", "can't log in + is there a number").
    joined: list[str] = []
    for part in parts:
        added = ADDED.match(part) or _AND.match(part) and (not _POINTS_BACK.search(part) or _OWN_THING.search(part))
        if joined and _is_question(part) and not _is_question(joined[-1]) and not added:
            joined[-1] = f"{joined[-1]} {part}"
        elif joined and not _is_question(part) and _is_question(joined[-1]) and not added:
            joined[-1] = f"{joined[-1]} {part}"  # said after a question, unmarked: why it is asked
        else:
            joined.append(part)
    return _within_cap(joined) or [text]


def _within_cap(parts: list[str]) -> list[str]:
    """At most `MAX_CANDIDATES` parts. Context gives way first: a part that states no need joins
    the part before it (the first joins the next), so a long post's later needs are still asked
    about ("Yes. Clean install. I turned off refresh … keyboard lags. Apps crash. Battery lasts
    5 hours"); only then is the tail joined.

    Each part is read once: a part joined from others states a need when one of them did. Read
    again after every join, a post of 2,500 short sentences stating nothing ("we tried. ") took
    133 s."""
    parts = list(parts)
    needs = [states_a_need(part) for part in parts] if len(parts) > MAX_CANDIDATES else []
    while len(parts) > MAX_CANDIDATES:
        context = next((n for n, need in enumerate(needs) if not need), None)
        if context is None:
            return parts[: MAX_CANDIDATES - 1] + [" ".join(parts[MAX_CANDIDATES - 1 :])]
        into = context - 1 if context else 1
        first, second = sorted((context, into))
        parts[first : second + 1] = [f"{parts[first]} {parts[second]}"]
        needs[first : second + 1] = [needs[first] or needs[second]]
    return parts


def _joined_back(pieces: list[tuple[str, bool]]) -> str:
    """Pieces of a post joined: a space between sentences, a piece cut inside one as written."""
    joined = ""
    for piece, opens in pieces:
        joined = f"{joined} {piece.lstrip()}" if opens and joined else joined + piece
    return joined.strip()


def question_parts(text: str) -> list[str]:
    """The post's questions, each with the statements before it, in the order asked (at most
    `MAX_PARTS`). One part (the whole post) when it asks one thing or none. Questions are the
    surest sign of separate needs; `need_parts` finds the rest."""
    # Each piece with whether it opens a sentence: pieces of one sentence are joined back as written.
    pieces = [(piece, n == 0) for sentence in _SENTENCE_SPLIT.split(text or "") if sentence for n, piece in enumerate(cut_before_questions(sentence))]
    parts: list[str] = []
    context: list[tuple[str, bool]] = []
    for piece, opens in pieces:
        if not piece.strip():
            continue
        context.append((piece, opens))
        if _is_question(piece) and _content_words(piece) >= MIN_WORDS:
            parts.append(_joined_back(context))
            context = []
    if context:  # statements after the last question belong to it
        if parts:
            parts[-1] = f"{parts[-1]} {_joined_back(context)}"
        else:
            parts.append(_joined_back(context))
    if len(parts) > MAX_PARTS:
        parts = parts[: MAX_PARTS - 1] + [" ".join(parts[MAX_PARTS - 1 :])]
    return parts or [text]
