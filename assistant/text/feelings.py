"""The words and faces of feeling triage reads: unhappy ones, happy ones, thanks in the languages the
brand may be written to in, and the emoji and emoticons that carry the same."""

from __future__ import annotations

import itertools
import re
import unicodedata

WORD = re.compile(r"[a-z']+")
NEGATIVE = {
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
    "sad",
    "upset",
    "unhappy",
    "gutted",
    "heartbroken",
}
# Judgements and swearing, by their stem (so not also in NEGATIVE): every form counts ("disgraceful", "disgracefully",
# "appalled", "shitty", "crappiest", "incompetence"). No stem here begins a word of another sense.
NEGATIVE_STEMS = (
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
    "horrend",
    "horrific",
    "diabolic",
    "woeful",
    "lousy",
    "incompeten",
    "nightmar",
    "outrag",
    "pathetic",
    "ripoff",
    "robber",
    "robbing",
    "extortion",
    "rude",
    "shambl",
    "shameful",
    # What can't be put up with: "the noise is unbearable", "intolerable", "totally unacceptable".
    "unbearab",
    "intolerab",
    "unacceptab",
    "shit",
    "shocking",
    "terribl",
    "unaccept",
    "unreliab",
    "useless",
    "worse",
    "worst",
)
POSITIVE = {
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
    "loved",
    "loves",
    "loving",
    "lovely",
    "enjoyed",
    "fab",
    "fabulous",
    "thrilled",
    "chuffed",
    "perfect",
    "quick",
    "superb",
    "wonderful",
    "kudos",
    "shoutout",
    "impressed",
    "delighted",
    "gorgeous",
    "beautiful",
    "stunning",
    "proud",
    "overjoyed",
    "ecstatic",
    # Whom the customer calls a help: "total lifesaver", "an absolute godsend". (Not "hero": a game's
    # hero is a character, "the new hero is way overpowered".)
    "lifesaver",
    "lifesavers",
    "superstar",
    "superstars",
    "godsend",
    "saviour",
    "saviours",
}
# A post of thanks and nothing else, in any language the product detects: every word is one of
# these (an allow-list: any other word, such as a problem in a language triage can't read, makes
# it an ordinary post), and at least one is a word of thanks, which also says the language.
THANKS_LANGUAGE = {"thank": "en", "thanks": "en", "thx": "en", "ty": "en", "cheers": "en", "gracias": "es", "merci": "fr", "danke": "de"}
THANKS_LANGUAGE |= {"dankeschön": "de", "obrigado": "pt", "obrigada": "pt", "valeu": "pt", "grazie": "it", "bedankt": "nl", "dankjewel": "nl"}
THANKS_LANGUAGE |= {"dankuwel": "nl", "teşekkürler": "tr", "teşekkür": "tr", "sağol": "tr", "sağolun": "tr", "ありがとう": "ja", "どうも": "ja"}
THANKS_LANGUAGE |= {"ありがとうございます": "ja", "ありがとうございました": "ja"}
# Words of thanks alone: a "thank you" closes a conversation; it does not praise the team.
THANKS = frozenset(word for word, code in THANKS_LANGUAGE.items() if code == "en")
POSITIVE |= THANKS  # every English word of thanks ("cheers for sorting it") is a happy word too
THANKS_FILLERS = frozenset(
    {"you", "so", "much", "very", "a", "lot", "lots", "many", "ok", "okay", "yes", "again", "guys", "all", "muchas", "muchísimas", "mil", "de", "nuevo"}
    | {"muy", "vale", "beaucoup", "mille", "fois", "encore", "bien", "vielen", "vielmals", "dank", "herzlichen", "sehr", "schön", "muito", "muita", "tante"}
    | {"molte", "hartelijk", "je", "wel", "çok", "ederim", "ederiz", "tamam"}
)
LETTERS = re.compile(r"[^\W\d_]+")
POSITIVE_EMOJI = set("😀😃😄😁😊😍🥰❤💙💚💜👍🙌🎉👏✨🥳😎🤩💯")


def emoji_named(*words: str) -> frozenset[str]:
    """Every emoji whose Unicode name says one of `words`: a feeling is read in each face that
    shows it, not only in the faces someone listed."""
    said = re.compile(rf"\b(?:{'|'.join(words)})\b")
    points = itertools.chain(range(0x2600, 0x27C0), range(0x1F300, 0x1FB00))
    return frozenset(chr(point) for point in points if said.search(unicodedata.name(chr(point), "")))


# Unhappy faces and signs, by name ("WHITE FROWNING FACE" ☹, "PENSIVE FACE" 😔, "FACE PALM" 🤦…).
# Fire is no face: "day 365 today 🦉🔥 thank you" is hype, as are the spam posts it decorates.
NEGATIVE_EMOJI = frozenset("😤") | emoji_named(
    "FROWNING", "CRYING", "DISAPPOINTED", "WORRIED", "ANGRY", "POUTING", "PERSEVERING", "ANGUISHED", "FEARFUL", "WEARY",
    "TIRED FACE", "CONFOUNDED", "PENSIVE", "CONFUSED", "UNAMUSED", "ROLLING EYES", "BROKEN HEART", "THUMBS DOWN",
    "VOMITING", "NAUSEATED", "SYMBOLS COVERING MOUTH", "FACE PALM", "NO GOOD GESTURE", "EXPLODING HEAD",
    "HOLDING BACK TEARS",
)  # fmt: skip
# Tears are shed for joy too ("best night of my life 🥹", "you found my ring 😭"): beside words of
# praise they are not read as unhappiness.
TEARS = emoji_named("CRYING", "HOLDING BACK TEARS")
# The same feelings typed as text: ":(", ":-(", ":'(", ">:(", ":/" (never the "://" of a link).
SAD_EMOTICON = re.compile(r"(?<![\w:/])>?[:;=]['’]?-?(?:\(+|/(?![/\w])|\[)(?!\w)")
