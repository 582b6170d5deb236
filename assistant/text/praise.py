"""Whether praise is praise: what a post thanks or praises for, checked against an allow-list of
help, and the signs that it may be sarcasm (irony beside it, a bare word of praise beside what
happened, thanks beside something that has lasted or a long wait). Read by triage."""

from __future__ import annotations

import functools
import html
import itertools
import re

from assistant.language import detect
from assistant.text.feelings import LETTERS, POSITIVE, POSITIVE_EMOJI, TEARS, THANKS, THANKS_LANGUAGE
from assistant.text.loss import tells_of_a_death
from assistant.text.needs import HANDLES
from assistant.text.problem_words import STAFF
from assistant.text.waits import long_wait

# What thanks or praise is for, when the post says it ("thanks for the quick reply", "love how easy
# the new app is", "thank you to the very helpful guard"): the words up to the end of the clause.
_PRAISED_FOR = re.compile(
    r"\b(?:thank(?:s| you)?|thx|ty|cheers|kudos)(?: (?:so|very) much| a lot| again)? (?:for|to)\b|"
    r"\b(?:love|loving|amazing|great|brilliant|awesome|glad|happy|nice|wonderful)(?: it)? (?:how|that|when|the way)\b|"
    # Praise of doing something is praise for it: "love paying 200 a month", "enjoying waiting in".
    r"\b(?:love|loving|enjoy|enjoying|adore)(?= \w+ing\b)",
    re.I,
)
PRAISE_WINDOW = 200
PRAISES = 12
_CLAUSE_END = re.compile(r"[.!?;,\n(\u2014-]|\b(?:but|though|although)\b", re.I)
# What thanks may be for without a word of praise beside it: help, a reply, a fix, someone's time.
# An allow-list: thanks for anything else ("for making me wait three hours", "for charging me
# twice", "love how you delete my playlists", "thanks to you I have 0 minutes") may be sarcasm, and a
# person reads it before anyone answers (intent "mixed"). Function words carry nothing either way.
_HELPFUL = frozenset(
    "help helping helped reply replies replied replying response responses responding respond answer answers answered answering getting "
    "get got back touch info information update updates advice support supporting assist assistance assisting fix fixing fixed sort "
    "sorting sorted resolve resolving resolved solve solving solved solution looking checking patience time understanding heads up "
    "quick quickly fast prompt speedy swift rapid kind kindness care taking everything all explanation explaining clarification "
    "reaching out following follow message messages call calling chat chatting tip tips suggestion suggestions service customer feedback "
    "asking responsiveness interaction ongoing continued making made day better easier work efforts effort refund refunds replacement "
    "exchange".split()
)
# Help done to something, whatever it was done to: "fixing my order", "sorting out the booking",
# "the refund on my card". (Not "making" or "getting": "making me wait", "getting my hopes up".)
_HELP_DONE = frozenset(
    "help helping helped fix fixing fixed sort sorting sorted resolve resolving resolved solve solving solved looking checking "
    "replacing replaced replacement refund refunding refunded repair repairing repaired support supporting assistance assisting".split()
)
_FUNCTION_WORDS = frozenset(
    "a an the your you you're my me our us it its this that these those to on in of with at and or so all very much such for from "
    "i i'm we he she they them him her his their be been being is are was were am have has had do does did just really again "
    "always today yesterday tonight guys team folks then too as well".split()
)
# Irony beside praise: an upside-down or thinking face, or a final "NOT" ("Y'all really the best
# company ever..... NOOOOOOOTTTTTT", "Cheers for the help... not").
_IRONY_EMOJI = set("🙃🤔😒🙄")
_FINAL_NOT = re.compile(r"\bn+o+t+\W*$", re.I)
# Something that has gone on, or come back: "showers have been cold for a week now", "down since
# Monday", "all weekend", "broken again", "3rd cold shower this week", "every single time". Thanked for nothing beside it, the thanks may be sarcasm
# ("… for a week now. thanks pulsefit"); whatever the state is, its lasting is what the post tells.
_LASTING = re.compile(
    r"\b(?:for|over)\s+(?:(?:like|about|around|nearly|almost|over|the\s+(?:past|last))\s+)?(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|\d+)\s+(?:whole\s+|full\s+)?)?"
    r"(?:days?|weeks?|months?|years?|ages)\b(?!\s+(?:ago|time|later))"
    r"|\bsince\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last\s+\w+|this\s+morning|the\s+\w+|\d)"
    r"|\ball\s+(?:day|night|week|weekend|month)\b|\bevery\s+(?:single\s+)?(?:time|day|night|week|morning|evening)\b"
    r"|\b(?:[2-9]|\d{2,})(?:nd|rd|th)\b|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:\w+\s+)?(?:time|day|week|month|one)\b|(?<!thanks )(?<!thank you )(?<!thx )(?<!cheers )\bagain\b",
    re.I,
)


# Whom the thanks are to, then what for: "thanks to the crew for fixing it", or what they did,
# told of them: "big thanks to Sam who sorted our wasps", "thanks to the engineer that fixed it".
_WHOM = re.compile(r"[^.!?,;]{0,60}?\b(?:for|who|that)\s+", re.I)
_UNDONE = frozenset("no not nothing never none nobody noone half".split())
# A visit to help, told of whom it was ("who came out at 2am", "that came straight round", "who
# got us back in"): help in a trade that comes out to the customer, as a fix is anywhere.
_VISIT = re.compile(
    r"(?:came|come|coming|popped|popping|rushed|rushing|drove|got)\s+(?:straight\s+|right\s+|back\s+|all\s+the\s+way\s+)?(?:out|round|over|here|to\s+(?:the\s+|our\s+|my\s+)?rescue)\b"
    r"|(?:rescued|rescuing|let(?:ting)?\s+(?:me|us)\s+(?:back\s+)?in|(?:got|getting)\s+(?:me|us)\s+(?:back\s+)?in)\b",
    re.I,
)
_QUOTED = re.compile(r"[\"'“‘«]\s*(?:fix|sort|resolv|solv|repair|replac|help|refund)", re.I)
HANDLE_OR_LINK = re.compile(rf"{HANDLES.pattern}|https?://\S+")
_NAMED = re.compile(r"[A-Za-z']+")
# ... and how someone was with the customer ("for being so gentle today", "so patient with my mum").
_PRAISING = frozenset(
    POSITIVE
    | set("good nice easy smooth friendly polite efficient professional generous fab fabulous outstanding superior".split())
    | set("gentle patient caring reassuring thorough calm attentive considerate welcoming cheerful courteous accommodating knowledgeable".split())
)
_DEGREE = re.compile(r"(?:est|er|ly)$")  # "smoothest", "nicer", "kindly"
# Whom the customer thanks, by their role ("massive thanks to the crew today", "thanks to the
# drivers"): thanking them is praise, as thanking the team is. What they are thanked for still
# counts ("thanks to the driver for leaving it in the rain").
_OUR_PEOPLE = re.compile(STAFF, re.I)


def _praised_for(plain: str) -> list[tuple[int, int, str, bool, bool]]:
    """Each thing the post thanks or praises for: where it stands, its words, whether it is praised
    itself or on the allow-list of help ("the lovely invite", "the quick reply"), and whether it is
    help alone ("your help", "the refund": no word of it says anything went wrong)."""
    found = []
    # What a clause thanks for is short: each is read from the next PRAISE_WINDOW characters, and
    # at most PRAISES of them, so a post repeating "thanks for" 2,000 times costs no more.
    for match in itertools.islice(_PRAISED_FOR.finditer(plain), PRAISES):
        said_for = _CLAUSE_END.split(plain[match.end() : match.end() + PRAISE_WINDOW], maxsplit=1)[0]
        tagless = re.sub(r"#\w+", " ", said_for)  # a hashtag tags the post; it is not what the thanks are for
        # A name ("Danny", "Reading", "Edinburgh") is whom or where, not what for.
        words = [w.lower() for w in _NAMED.findall(tagless) if not (w[0].isupper() and not w.isupper()) and w.lower() not in _FUNCTION_WORDS]
        # Help done to a thing ("fixing the leak on our road", "sorting my broken order") is over: the
        # thing was the problem and is no longer, unless the words undo it ("fixing nothing", "'fixing' it").
        # "thanks to the crew for fixing it": whom comes first, what for after "for" (or "who", "that").
        whom = _WHOM.match(said_for) if match.group(0).lower().endswith("to") else None
        deed = [w.lower() for w in _NAMED.findall(said_for[whom.end() :]) if w.lower() not in _FUNCTION_WORDS] if whom else words
        # A word of praise inside ("… yesterday jess was brilliant", unpunctuated) starts another clause: then not.
        visit = bool(_VISIT.match(said_for[whom.end() :] if whom else said_for.lstrip()))  # "thanks to Dan who came out at 2am"
        done = bool(deed) and (deed[0] in _HELP_DONE or visit) and not any(w in _UNDONE or w in _PRAISING for w in deed) and not _QUOTED.search(said_for[:40])
        helped = done or all(w in _HELPFUL or w in _PRAISING or _OUR_PEOPLE.fullmatch(w) for w in words)
        ok = helped or any(w in _PRAISING or _DEGREE.sub("", w) in _PRAISING for w in words)
        found.append((match.end(), match.end() + len(said_for), said_for, ok, helped))
    return found


@functools.lru_cache(maxsize=1024)  # read by every word rule of one post's triage: worked out once
def without_thanks(text: str, *, helped_only: bool = False) -> str:
    """The post without what it thanks for ("thank you for the quick fix, love it"): what someone is
    thanked for is not what they are asked for. `helped_only`: only help alone ("thanks for the
    refund" is no complaint about a refund; "thanks for the great update that deleted my photos" is)."""
    plain = text.replace("’", "'")
    for start, end, _, ok, helped in reversed(_praised_for(plain)):
        if helped if helped_only else ok:
            plain = plain[:start] + " " * (end - start) + plain[end:]
    return plain


# A clause that is a word of praise and nothing else ("great.", "Perfect!", "just brilliant"): it
# praises whatever the rest of the post tells, and "ordered a black dress, got a green one. great."
# tells of a mistake. Praise that names what it praises ("great service", "love the coat") is read as
# it is, and so is a sentence that thanks ("Great, thanks."): a sign-off. A sign-off in a sentence of
# its own doesn't make the others praise ("'up to 900mb' and I get 12. love that for me. thanks").
_SENTENCE_END = re.compile(r"[.!?\n]+|\s+-+\s+")
_CLAUSE_CUT = re.compile(r"[,;]+")
_BARE_FILLERS = frozenset({"just", "so", "oh", "wow", "how", "really", "very", "well", "simply", "absolutely", "yeah", "yay"})
# Words that point back and name nothing praised: "love that for me" praises what the post said
# before it. ("Love it" stays praise: "energy usage down, love it".)
_POINTING = frozenset({"that", "this", "these", "those", "for", "me", "us", "all"})


def _is_help(words: list[str]) -> bool:
    """Whether a clause tells only of help ("got my refund", "sorted it out quickly"): what a bare
    word of praise beside it may praise, read against the same allow-list as thanks."""
    said = [w for w in words if w not in _FUNCTION_WORDS]
    return all(w in _HELPFUL or w in _HELP_DONE or w in _PRAISING for w in said)


def _bare_praise(plain: str) -> str:
    """The bare word of praise ("great"), when every word of praise outside a sentence that thanks
    stands alone in its clause, another clause says something other than help, and none names what
    is good ("Professional, knowledgeable. Kudos." names it); else ''."""
    sentences = [[LETTERS.findall(clause.lower()) for clause in _CLAUSE_CUT.split(sentence)] for sentence in _SENTENCE_END.split(plain)]
    thanking = [any(w in THANKS for words in clauses for w in words) for clauses in sentences]
    clauses = [words for clauses, thanks in zip(sentences, thanking, strict=True) if not thanks for words in clauses if words]
    praising = [words for words in clauses if any(w in POSITIVE for w in words)]
    told = [words for words in clauses if not any(w in POSITIVE for w in words)]
    if not praising or not told or all(_is_help(words) for words in told):
        return ""
    every = [words for clauses in sentences for words in clauses]
    named = any(
        w in _PRAISING or _DEGREE.sub("", w) in _PRAISING or _DEGREE.sub("", w) + "e" in _PRAISING
        for words in every
        for w in words
        if w not in POSITIVE and w not in THANKS
    )
    if not named and all(all(w in POSITIVE or w in _BARE_FILLERS or w in _POINTING for w in words) for words in praising):
        return " ".join(praising[0])
    return ""


# "The best part is…" told of what happened ("best part of the conversation is it had a priority
# tag on it", "best bit was when they hung up on me"): the commonest turn of phrase for what went
# wrong. What the best part was, named as a thing ("the best part was the crew"), is praise.
_BEST_PART = re.compile(
    r"\b(?:the\s+)?best\s+(?:part|bit)\b(?:\s+(?:of|about)\s+[^.!?\n]{1,60}?)?\s+(?:is|was|being|has\s+to\s+be)\s+(?:that\s+)?"
    r"(?:it|they|you|u|when|how|i|we|he|she|the\s+fact|nobody|no\s*one|someone)\b",
    re.I,
)


# Asking us to pass praise on is praise, not a request for help: "please thank him", "please pass on
# my thanks to the team", "can you tell Dave he's a star".
PASS_ON = re.compile(
    r"\b(?:please|pls|plz|can you|could you|would you)\s+(?:(?:pass|send|give|say)\s+(?:on\s+)?(?:(?:my|our|a big|a huge|big|a)\s+)?(?:thanks|thank you|gratitude|compliments|regards)"
    r"|thank\s+(?:him|her|them|the\s+\w+|[A-Z][a-z]+)|(?:tell|let)\s+(?:him|her|them|[A-Z][a-z]+|the\s+\w+)\s+(?:know\s+)?(?:he|she|they)\s*(?:'s|'re|is|are|was|were|did))",
    re.I,
)


def passes_on_thanks(text: str) -> bool:
    """The customer asks us to thank someone ("please pass on my thanks", "thank Sam for me")."""
    return bool(PASS_ON.search(text))


# Thanks to someone of ours by name or role, not to us who read it: "thanks to Dan who came out at
# 2am", "big thanks to the crew today", "shout out to your driver". Praise to pass on, not a "thank
# you" to answer "You're welcome".
_THANKS_TO_SOMEONE = re.compile(
    r"\b(?:thanks|thank\s+you|cheers|shout\s*-?\s*out|big\s+up)\s+(?:so\s+much\s+|again\s+)?to\s+(?!(?:you|u|ya|y'all|all|everyone|everybody|all\s+of\s+you)\b)"
    r"(?:(?-i:[A-Z][a-z]+)|(?:the|your|our)\s+\w+)",
    re.I,
)


def thanks_someone_of_ours(text: str) -> bool:
    """The post thanks someone of ours by name or role (`_THANKS_TO_SOMEONE`)."""
    return bool(_THANKS_TO_SOMEONE.search(text))


def praise_in_doubt(text: str) -> str:
    """Why a post with words of praise may not be praise ("" when it is): thanks or praise for
    something neither praised nor on the allow-list of help (`_HELPFUL`), irony beside it, or a
    post in a language triage can't read whose praise is only its emoji."""
    plain = HANDLE_OR_LINK.sub(" ", html.unescape(text).replace("’", "'"))
    if any(ch in _IRONY_EMOJI for ch in plain) or _FINAL_NOT.search(plain):
        return "praise beside irony (an upside-down face, a final “not”): read the tone before replying"
    if tells_of_a_death(plain):  # "thank you for everything you did for mum in her last days": the bereaved mean it
        return ""
    if any(ch in TEARS for ch in plain):  # of joy or of sorrow: "best night of my life 🥹", "I'll miss you 😭"
        return "praise beside tears, of joy or of sorrow: read the tone before replying"
    for _, _, said_for, ok, _ in _praised_for(plain):
        if not ok and not passes_on_thanks(plain):  # no one asks for sarcasm to be passed on
            return f"thanks or praise for “{' '.join(said_for.split()[:8])}”, which may be sarcasm: read the tone before replying"
    if _BEST_PART.search(plain):  # "Best part of the conversation is it had a priority tag on it"
        return "praise of “the best part” of what happened, a turn of phrase for what went wrong, which may be sarcasm: read the tone before replying"
    bare = _bare_praise(plain)
    if bare:
        return f"praise that names nothing it praises (“{bare}”) beside what happened, which may be sarcasm: read the tone before replying"
    if long_wait(plain):  # "been on hold for 50 minutes … fantastic service": no wait is praised
        return "praise beside a long wait, which may be sarcasm: read the tone before replying"
    words = LETTERS.findall(plain.lower())
    lasting = _LASTING.search(plain)
    if lasting and not any(w in POSITIVE and w not in THANKS for w in words) and not any(ch in POSITIVE_EMOJI for ch in plain):
        return f"thanks beside something that has gone on or come back (“{lasting.group(0)}”), which may be sarcasm: read the tone before replying"
    # In a language triage has no words for, a smile is all it reads: without a word of thanks
    # ("¡Muchísimas gracias al equipo!") the post may be a question ("Wann geht … endlich weiter 😁").
    language = None if any(w in POSITIVE or w in THANKS_LANGUAGE for w in words) else detect(text)
    if language is not None and language.code != "en":
        return f"praise in {language.name} read from its emoji alone: read it before replying"
    return ""
