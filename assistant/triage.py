"""Triage: what the post is (intent), how the customer feels (sentiment), and how soon to answer.

Rules, not a model: every decision comes with the reason an agent sees on the card.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from assistant.language import detect
from assistant.posts import Post
from assistant.text.hazard import hazard_in
from assistant.text.needs import (
    HANDLES,
    answer_rest,
    answers_earlier_question,
    asks_why,
    bare_follow_up,
    is_question,
    is_solved,
    points_to_dm,
    rules_language,
    states_a_problem,
    wants_a_fix,
    without_names,
)
from assistant.text.spam import promotes
from assistant.text.waits import long_wait

_WORD = re.compile(r"[a-z']+")
_NEGATIVE = {
    "angry",
    "awful",
    "bad",
    "broke",
    "broken",
    "charged",
    "cancel",
    "cracked",
    "damaged",
    "dead",
    "disgusting",
    "down",
    "error",
    "fail",
    "failed",
    "fails",
    "failing",
    "furious",
    "garbage",
    "hate",
    "nothing",
    "no",
    "joke",
    "late",
    "lost",
    "missing",
    "never",
    "nobody",
    "not",
    "outage",
    "overcharged",
    "problem",
    "refund",
    "ridiculous",
    "rubbish",
    "scam",
    "still",
    "stuck",
    "trash",
    "waiting",
    "wrong",
    "smh",
    "ugh",
    "wtf",
    "fuming",
    "frustrated",
    "frustrating",
    "sucks",
    "leaking",
    "leak",
    "burning",
    "smoke",
    "sparks",
    "dangerous",
    "stolen",
    "hacked",
    "locked",
}
# Judgements and swearing, by their stem (so not also in _NEGATIVE): every form counts ("disgraceful", "disgracefully",
# "appalled", "shitty", "crappiest", "incompetence"). No stem here begins a word of another sense.
_NEGATIVE_STEMS = (
    "abysmal",
    "annoy",
    "appal",
    "atroci",
    "bullshit",
    "crap",
    "disappoint",
    "disgrac",
    "dreadful",
    "fuck",
    "hopeless",
    "horribl",
    "incompeten",
    "nightmar",
    "outrag",
    "pathetic",
    "rude",
    "shambl",
    "shameful",
    "shit",
    "shocking",
    "terribl",
    "unaccept",
    "unreliab",
    "useless",
    "worse",
    "worst",
)
_POSITIVE = {
    "amazing",
    "awesome",
    "best",
    "brilliant",
    "excellent",
    "fantastic",
    "glad",
    "great",
    "happy",
    "helpful",
    "legend",
    "legends",
    "love",
    "loving",
    "lovely",
    "perfect",
    "quick",
    "superb",
    "thank",
    "thanks",
    "thx",
    "ty",
    "wonderful",
    "kudos",
    "shoutout",
    "impressed",
    "delighted",
}
# A post of thanks and nothing else, in any language the product detects: every word is one of
# these (an allow-list: any other word, such as a problem in a language triage can't read, makes
# it an ordinary post), and at least one is a word of thanks, which also says the language.
_THANKS_LANGUAGE = {"thank": "en", "thanks": "en", "thx": "en", "ty": "en", "cheers": "en", "gracias": "es", "merci": "fr", "danke": "de"}
_THANKS_LANGUAGE |= {"dankeschön": "de", "obrigado": "pt", "obrigada": "pt", "valeu": "pt", "grazie": "it", "bedankt": "nl", "dankjewel": "nl"}
_THANKS_LANGUAGE |= {"dankuwel": "nl", "teşekkürler": "tr", "teşekkür": "tr", "sağol": "tr", "sağolun": "tr", "ありがとう": "ja", "どうも": "ja"}
_THANKS_LANGUAGE |= {"ありがとうございます": "ja", "ありがとうございました": "ja"}
# Words of thanks alone: a "thank you" closes a conversation; it does not praise the team.
_THANKS = frozenset(word for word, code in _THANKS_LANGUAGE.items() if code == "en")
_THANKS_FILLERS = frozenset(
    {"you", "so", "much", "very", "a", "lot", "lots", "many", "ok", "okay", "yes", "again", "guys", "all", "muchas", "muchísimas", "mil", "de", "nuevo"}
    | {"muy", "vale", "beaucoup", "mille", "fois", "encore", "bien", "vielen", "vielmals", "dank", "herzlichen", "sehr", "schön", "muito", "muita", "tante"}
    | {"molte", "hartelijk", "je", "wel", "çok", "ederim", "ederiz", "tamam"}
)
_LETTERS = re.compile(r"[^\W\d_]+")
_POSITIVE_EMOJI = set("😀😃😄😁😊😍🥰❤💙💚💜👍🙌🎉👏✨🥳😎🤩💯")


def _emoji_named(*words: str) -> frozenset[str]:
    """Every emoji whose Unicode name says one of `words`: a feeling is read in each face that
    shows it, not only in the faces someone listed."""
    said = re.compile(rf"\b(?:{'|'.join(words)})\b")
    points = itertools.chain(range(0x2600, 0x27C0), range(0x1F300, 0x1FB00))
    return frozenset(chr(point) for point in points if said.search(unicodedata.name(chr(point), "")))


# Unhappy faces and signs, by name ("WHITE FROWNING FACE" ☹, "PENSIVE FACE" 😔, "FACE PALM" 🤦…).
_NEGATIVE_EMOJI = frozenset("😤🔥") | _emoji_named(
    "FROWNING", "CRYING", "DISAPPOINTED", "WORRIED", "ANGRY", "POUTING", "PERSEVERING", "ANGUISHED", "FEARFUL", "WEARY",
    "TIRED FACE", "CONFOUNDED", "PENSIVE", "CONFUSED", "UNAMUSED", "ROLLING EYES", "BROKEN HEART", "THUMBS DOWN",
    "VOMITING", "NAUSEATED", "SYMBOLS COVERING MOUTH", "FACE PALM", "NO GOOD GESTURE", "EXPLODING HEAD",
    "HOLDING BACK TEARS",
)  # fmt: skip
# The same feelings typed as text: ":(", ":-(", ":'(", ">:(", ":/" (never the "://" of a link).
_SAD_EMOTICON = re.compile(r"(?<![\w:/])>?[:;=]['’]?-?(?:\(+|/(?![/\w])|\[)(?!\w)")
_URGENT = re.compile(
    r"\b(urgent|asap|emergency|immediately|right now|charged twice|double charged|fraud|hacked|"
    r"stolen|smoke|sparks|burning|fire|shock|outage|down for|cannot log ?in|can'?t log ?in|locked out)\b",
    re.IGNORECASE,
)
_REQUEST = re.compile(
    r"\b(help|please|pls|plz|need|fix|how do i|how can i|can you|could you|can i|could i|is there a way|anyone know|want(?:ed)? to (?:ask|know)|"
    r"(?:would|'d) (?:love|like) to (?:know|see|have|get|ask)|would (?:be|it be) (?:great|nice|good|lovely|awesome|brilliant|helpful) (?:if|to)|"
    r"any ideas?|what'?s the best way|let me know)\b",
    re.I,
)
# Negation and waiting words: a complaint in a statement ("still not here"), but nothing in a
# plain question ("is there no charge for delivery?"), unless it asks why something went wrong.
# Words that make a statement a grievance but a question only a question: "no", "late", and the
# words of a transaction ("how long does a refund take?", "how do I cancel?", "will I be charged?"),
# and a state asked about ("is my phone locked to you?", "is my number blocked?").
_WEAK = frozenset({"no", "not", "never", "nothing", "still", "waiting", "down", "late", "problem", "refund", "cancel", "charged", "locked", "blocked"})
_CLAUSE = re.compile(r"(?<=[.!?;\n])\s*")

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
    r"\b(?:for|over)\s+(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|\d+)\s+(?:whole\s+|full\s+)?)?"
    r"(?:days?|weeks?|months?|years?|ages)\b(?!\s+(?:ago|time|later))"
    r"|\bsince\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last\s+\w+|this\s+morning|the\s+\w+|\d)"
    r"|\ball\s+(?:day|night|week|weekend|month)\b|\bevery\s+(?:single\s+)?(?:time|day|night|week|morning|evening)\b"
    r"|\b(?:[2-9]|\d{2,})(?:nd|rd|th)\b|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:\w+\s+)?(?:time|day|week|month|one)\b|(?<!thanks )(?<!thank you )(?<!thx )(?<!cheers )\bagain\b",
    re.I,
)


_HANDLE_OR_LINK = re.compile(rf"{HANDLES.pattern}|https?://\S+")
_NAMED = re.compile(r"[A-Za-z']+")
_PRAISING = frozenset(_POSITIVE | set("good nice easy smooth friendly polite efficient professional generous fab fabulous outstanding superior".split()))
_DEGREE = re.compile(r"(?:est|er|ly)$")  # "smoothest", "nicer", "kindly"


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
        helped = all(w in _HELPFUL or w in _PRAISING for w in words)
        ok = helped or bool(words) and words[0] in _HELP_DONE or any(w in _PRAISING or _DEGREE.sub("", w) in _PRAISING for w in words)
        found.append((match.end(), match.end() + len(said_for), said_for, ok, helped))
    return found


@functools.lru_cache(maxsize=1024)  # read by every word rule of one post's triage: worked out once
def _without_thanks(text: str, *, helped_only: bool = False) -> str:
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
# tells of a mistake. Praise that names what it praises ("great service", "love the coat") or thanks
# is read as it is.
_BARE_CLAUSE = re.compile(r"[.!?;,\n]+|\s+-+\s+")
_BARE_FILLERS = frozenset({"just", "so", "oh", "wow", "how", "really", "very", "well", "simply", "absolutely", "yeah", "yay"})
# Words that point back and name nothing praised: "love that for me" praises what the post said
# before it. ("Love it" stays praise: "energy usage down, love it".)
_POINTING = frozenset({"that", "this", "these", "those", "for", "me", "us", "all"})


def _bare_praise(plain: str) -> str:
    """The bare word of praise ("great"), when every word of praise in the post stands alone in its
    clause, another clause says something, and none praises it ("Professional, knowledgeable.
    Kudos." names what is good); else ''."""
    clauses = [_LETTERS.findall(clause.lower()) for clause in _BARE_CLAUSE.split(plain)]
    clauses = [words for words in clauses if words]
    praising = [words for words in clauses if any(w in _POSITIVE for w in words)]
    if not praising or len(clauses) < 2 or any(w in _THANKS for words in praising for w in words):
        return ""
    named = any(
        w in _PRAISING or _DEGREE.sub("", w) in _PRAISING or _DEGREE.sub("", w) + "e" in _PRAISING for words in clauses for w in words if w not in _POSITIVE
    )
    if not named and all(all(w in _POSITIVE or w in _BARE_FILLERS or w in _POINTING for w in words) for words in praising) and len(praising) < len(clauses):
        return " ".join(praising[0])
    return ""


def praise_in_doubt(text: str) -> str:
    """Why a post with words of praise may not be praise ("" when it is): thanks or praise for
    something neither praised nor on the allow-list of help (`_HELPFUL`), irony beside it, or a
    post in a language triage can't read whose praise is only its emoji."""
    plain = _HANDLE_OR_LINK.sub(" ", html.unescape(text).replace("’", "'"))
    if any(ch in _IRONY_EMOJI for ch in plain) or _FINAL_NOT.search(plain):
        return "praise beside irony (an upside-down face, a final “not”): read the tone before replying"
    for _, _, said_for, ok, _ in _praised_for(plain):
        if not ok:
            return f"thanks or praise for “{' '.join(said_for.split()[:8])}”, which may be sarcasm: read the tone before replying"
    bare = _bare_praise(plain)
    if bare:
        return f"praise that names nothing it praises (“{bare}”) beside what happened, which may be sarcasm: read the tone before replying"
    if long_wait(plain):  # "been on hold for 50 minutes … fantastic service": no wait is praised
        return "praise beside a long wait, which may be sarcasm: read the tone before replying"
    words = _LETTERS.findall(plain.lower())
    lasting = _LASTING.search(plain)
    if lasting and not any(w in _POSITIVE and w not in _THANKS for w in words) and not any(ch in _POSITIVE_EMOJI for ch in plain):
        return f"thanks beside something that has gone on or come back (“{lasting.group(0)}”), which may be sarcasm: read the tone before replying"
    # In a language triage has no words for, a smile is all it reads: without a word of thanks
    # ("¡Muchísimas gracias al equipo!") the post may be a question ("Wann geht … endlich weiter 😁").
    language = None if any(w in _POSITIVE or w in _THANKS_LANGUAGE for w in words) else detect(text)
    if language is not None and language.code != "en":
        return f"praise in {language.name} read from its emoji alone: read it before replying"
    return ""


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
# A bill or a price going down is good news: "heating bill down loads", "my bill went down £20".
_GOOD_DOWN = re.compile(
    r"\b((?:bills?|prices?|costs?|spend(?:ing)?|usage|payments?|premiums?)(?: \w+)?) (?:went |gone |has gone |is |are |came |come |going )?down\b"
)


def _plain(text: str) -> str:
    """The text without friendly negatives ("no worries"), good news put as "down", and help it
    thanks for ("thanks for the refund")."""
    return _GOOD_DOWN.sub(r"\1", _FRIENDLY_NO.sub(" ", without_names(_without_thanks(text, helped_only=True)).lower()))


def _negative_words(text: str) -> int:
    count = 0
    for clause in _CLAUSE.split(_plain(text)):
        weak_counts = not is_question(clause) or asks_why(clause)
        count += sum((w in _NEGATIVE or w.startswith(_NEGATIVE_STEMS)) and (weak_counts or w not in _WEAK) for w in _WORD.findall(clause))
    return count


def _sentiment(words: list[str], text: str, problem: bool) -> tuple[str, int]:
    words = _WORD.findall(_plain(" ".join(words)))
    negative = _negative_words(text) + sum(ch in _NEGATIVE_EMOJI for ch in text) + len(_SAD_EMOTICON.findall(text))
    positive = sum(w in _POSITIVE for w in words) + sum(ch in _POSITIVE_EMOJI for ch in text)
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


def thanks_language(text: str) -> str:
    """The language of a post that says thank you and nothing else ("Ok! Thanks", "¡Muchas
    gracias!", "Merci beaucoup !"; handles, links, emoji and "<3" aside), or "" for any other post."""
    plain = html.unescape(text).replace("<3", " ").lower()
    if any(ch in _NEGATIVE_EMOJI for ch in plain) or _SAD_EMOTICON.search(_HANDLE_OR_LINK.sub(" ", plain)):
        return ""  # "Thanks ☹": thanks with an unhappy face closes nothing
    words = _LETTERS.findall(_HANDLE_OR_LINK.sub(" ", plain))
    if not all(w in _THANKS_LANGUAGE or w in _THANKS_FILLERS for w in words):
        return ""
    return next((_THANKS_LANGUAGE[w] for w in words if w in _THANKS_LANGUAGE), "")


# Asking us to pass praise on is praise, not a request for help: "please thank him", "please pass on
# my thanks to the team", "can you tell Dave he's a star".
_PASS_ON = re.compile(
    r"\b(?:please|pls|plz|can you|could you|would you)\s+(?:(?:pass|send|give|say)\s+(?:on\s+)?(?:my|our|a big|a huge|big)\s+(?:thanks|thank you|gratitude|compliments|regards)"
    r"|thank\s+(?:him|her|them|the\s+\w+|[A-Z][a-z]+)|(?:tell|let)\s+(?:him|her|them|[A-Z][a-z]+|the\s+\w+)\s+(?:know\s+)?(?:he|she|they)\s*(?:'s|'re|is|are|was|were|did))",
    re.I,
)


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
    asks = is_question(text) or bool(_REQUEST.search(_PASS_ON.sub(" ", _without_thanks(text)))) or wants_a_fix(text)
    if solved and not problem and not is_question(text):  # "thanks for the help" is no request
        return "praise", "the customer says it is solved, no question"
    if sentiment == "positive" and not asks:
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
    words = _WORD.findall(text.lower())
    solved = is_solved(text)
    problem = states_a_problem(_plain(text))
    sentiment, strength = _sentiment(words, text, problem)
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
    praised = [w for w in _WORD.findall(_plain(" ".join(words))) if w in _POSITIVE and w not in _THANKS] or [ch for ch in text if ch in _POSITIVE_EMOJI]
    thanks_only = intent == "praise" and not solved and not praised
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
