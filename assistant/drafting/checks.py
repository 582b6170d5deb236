"""The checks every draft passes, whichever drafter (or agent) wrote it.

A failed check is a `Problem`: shown on the card with its name and reason, and it blocks Approve
until an agent edits the reply or overrides the check with a reason (which goes into the audit log).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.drafting.links import _MENTION, SHORTENERS, _customer_handle, allowed_links, find_links
from assistant.drafting.lookalikes import fold, plain
from assistant.kb.articles import Article
from assistant.platforms import platform as rules_for
from assistant.privacy import PLACEHOLDER

if TYPE_CHECKING:
    from assistant.drafting.allowlist import Brand, Embed

THREAD_SEPARATOR = "\n---\n"  # a reply of several numbered parts is stored as parts joined by this


@dataclass(frozen=True)
class Problem:
    name: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def graphemes(text: str) -> int:
    """User-perceived characters: combining marks, ZWJ sequences, variation selectors, skin tones and
    flag pairs count once (Bluesky counts graphemes)."""
    count, joined, regional = 0, False, 0
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        if unicodedata.combining(char) or code in (0xFE0E, 0xFE0F) or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:
            continue
        if char == "\u200d":
            joined = True
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            regional += 1
            if regional % 2 == 0:
                continue
        else:
            regional = 0
        if joined:
            joined = False
            continue
        count += 1
    return count


def platform_length(text: str, platform: str) -> tuple[int, int, str]:
    """(length as the platform counts it, the platform's limit, the unit)."""
    rules = rules_for(platform)
    return rules.length(text), rules.limit, rules.unit


def dm_too_long(text: str, platform: str) -> str:
    """Why a private message is too long for `platform`, or ''."""
    rules = rules_for(platform)
    length = rules.dm_measure(text) if text else 0
    if length > rules.dm_limit:
        return f"the DM is {length} {'graphemes' if rules.dm_measure is graphemes else 'characters'}; {rules.title} allows {rules.dm_limit}"
    return ""


def thread_parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(THREAD_SEPARATOR) if part.strip()]


def split_into_thread(text: str, platform: str) -> str | None:
    """A reply too long for one post as numbered parts, cut only between sentences.

    Returns the parts joined by THREAD_SEPARATOR, or None when one sentence alone is too long
    (then the caller offers the article's link instead; a sentence is never cut).
    """
    sentences = [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]
    _, limit, _ = platform_length("", platform)
    marker_room = 8  # " (12/12)"
    parts: list[str] = []
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}".strip()
        if platform_length(candidate, platform)[0] + marker_room <= limit:
            current = candidate
            continue
        if not current or platform_length(sentence, platform)[0] + marker_room > limit:
            return None
        parts.append(current)
        current = sentence
    if current:
        parts.append(current)
    if len(parts) == 1:
        return parts[0]
    return THREAD_SEPARATOR.join(f"{part} ({number}/{len(parts)})" for number, part in enumerate(parts, start=1))


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_REDIRECT = re.compile(
    r"\b(dm us|send us a (?:dm|direct message|private message|message)|(?:slide|pop) into (?:our|the) dms|"
    r"(?:sent|send|sending) you a (?:dm|direct message|private message)|check your (?:dms|direct messages|inbox)|"
    r"(?:continue|carry on|take this|move this|pick this up) (?:in|to|over|via) (?:a |the )?(?:dms?|direct messages?|private)|"
    r"message us|contact (?:our )?(?:support|customer service|the team|us)|reach out to|get in touch|"
    r"visit (?:our|the) (?:website|site|help ?cent(?:re|er)|support page)|submit a (?:ticket|request|form)|"
    r"open a (?:ticket|case)|call us|give us a call|email us|drop us an? (?:email|line)|fill (?:in|out) (?:the|our) form|"
    r"check (?:out )?our (?:faq|help ?cent(?:re|er)|website))\b",
    re.I,
)
_PLEASANTRY = re.compile(
    r"^(?:@\w+\s*)*(?:hi|hey|hello|thanks?|thank you|sorry|so sorry|we're sorry|apologies|we hear you|"
    r"we're here to help|happy to help|we'd love to help|we want to help|we understand|that's not what we want)\b",
    re.I,
)
_PERSONAL_DATA = (
    r"(?:e-?mail(?: address)?|phone(?: number)?|mobile(?: number)?|number|address|post ?code|zip ?code|"
    r"card(?: number| details)?|password|passcode|account (?:number|details)|date of birth|dob|order number|"
    r"full name|bank details|security code|cvv|pin)"
)
_ASK_PUBLIC = re.compile(
    rf"\b(?:reply with|tell us|share|post|send|give us|let us know|what(?:'s| is)|confirm|provide|include)\b"
    rf"[^.?!\n]{{0,40}}\b(?:your|the)\s+{_PERSONAL_DATA}",
    re.I,
)
_PRIVATE_CHANNEL = re.compile(r"\b(dm|direct message|private message|privately|in private|securely via)\b", re.I)

def is_redirect_only(text: str) -> bool:
    """True when every sentence only redirects ('DM us', 'contact support') or is a pleasantry."""
    sentences = [s.strip() for part in thread_parts(text) for s in _SENTENCE.split(part) if s.strip()]
    redirects = 0
    for sentence in sentences:
        if _REDIRECT.search(sentence):
            redirects += 1
            continue
        bare = sentence
        for link in find_links(sentence):
            bare = bare.replace(link.text, "")
        bare = _MENTION.sub("", bare).strip(" .,!-–—")
        if not bare or _PLEASANTRY.match(bare) and len(bare.split()) <= 8:
            continue
        return False
    return redirects > 0


_WORDS = re.compile(r"[a-z][a-z']{3,}")
_CONTENT_WORD = re.compile(r"[^\W\d_][\w'-]*")
_COMMON = set(
    "this that with your have will from they them then there their what when where which would could should about "
    "just more also been were here help sorry thanks thank please hope know need sure right back into only over "
    "some such than very want well like make sent team take look it's we're you're we'll we've don't can't "
    "hi hey hello".split()
)


def grounded_share(text: str, cited: Sequence[Article], phrasebook: str = "") -> float:
    """Share of the reply's content words found in the cited articles or the brand's own phrases
    (`prompts/greetings.yaml`), words compared by a stem-like prefix."""
    bare = fold(text)
    for link in find_links(text):
        bare = bare.replace(link.text, " ")
    words = [w for w in _WORDS.findall(_MENTION.sub(" ", bare)) if w not in _COMMON]
    if not words:
        return 1.0
    sources = " ".join(f"{a.title} {a.reply} {a.body} {' '.join(a.tags)}" for a in cited) + " " + phrasebook
    source = {w[:5] for w in _WORDS.findall(fold(sources))}
    return sum(w[:5] in source for w in words) / len(words)


# Promises by meaning: a remedy (by any of its names) stated as approved, sent, on its way, yours or
# guaranteed. Allowed only when a cited article speaks of that kind of remedy.
_REMEDIES = {
    "refund": r"refund\w*|money back|reimburs\w*|repay\w*|pay you back|cash ?back|charge ?back|reverse (?:the|that|your) (?:charge|payment)|"
    r"reembols\w*|devol\w* (?:el|tu|su|o|seu|teu) (?:dinero|dinheiro|importe)|devoluci[oó]n del (?:dinero|importe)|rembours\w*|r[uü]ckerstatt\w*|erstatt\w*|geld zur[uü]ck|estorn\w*|rimbors\w*",
    "credit": r"(?:account|store|goodwill|service|bill) credit|credit(?:ed)? (?:to )?(?:your|you)|credit note|gift ?cards?|e-?gift|loyalty points|bonus points|"
    r"cr[eé]dito|saldo a favor|un avoir|guthaben|gutschrift|tarjeta regalo|carte cadeau|cart[aã]o (?:de )?presente",
    "compensation": r"compensat\w*|make (?:it|this|that) up to you|(?:gesture of )?goodwill|for (?:your|the) (?:trouble|inconvenience|hassle)|on us\b|on the house|"
    r"cover (?:the )?(?:cost|bill|fee)|waiv\w+|free of charge|at no (?:extra )?cost|won't be charged|will not be charged|no charge|"
    r"compensaci[oó]n|compensa[çc][aã]o|indemni\w+|dédommag\w*|entsch[aä]dig\w*|kulanz\w*|gratis|gratuit\w*|kostenlos|sin coste|sin costo|sans frais|sem custo",
    "discount": r"voucher|discount|coupon|promo(?:tion(?:al)?)? ?code|\d+ ?% off|free (?:gift|month|months|year|upgrade|subscription|shipping|delivery|kettle|thermostat|device|product|plus)|complimentary|freebie|"
    r"descuento|cup[oó]n|cupom|desconto|r[ée]duction|remise|bon d'achat|code promo|rabatt|gutschein",
    "replacement": r"replacement|replace (?:it|the|your|them)|send(?:ing)? (?:you )?(?:a )?(?:new|another|fresh|second) (?:one|unit|kettle|device|thermostat|vacuum|item|product)|a new (?:one|unit|kettle|device|thermostat|vacuum)\b|swap (?:it|the|them)|new one|"
    r"reemplaz\w*|sustitu\w*|remplac\w*|ersatz\w*|austausch\w*|umtausch\w*|substitu\w*|troca|(?:uno|una|um|uma) nuev[oa]|(?:um|uma) nov[oa]|un nouvel?|une nouvelle|(?:ein|einen) neue[ns]?",
}
_REMEDY = {kind: re.compile(rf"\b(?:{pattern})", re.I) for kind, pattern in _REMEDIES.items()}
_COMMITMENT = re.compile(
    r"\b(?:we(?:'ll| will| shall| can| are going to|'re going to|'re| are| have|'ve| just)|i(?:'ll| will|'ve| have| just)|you(?:'ll| will| are going to)|"
    r"you(?:'re| are) (?:getting|entitled|due|owed)|(?:has|have) been|is being|are being|approved|authori[sz]ed|processed|issued|arranged|confirmed|"
    r"guarantee\w*|on (?:its|their|the) way|coming your way|in the post|dispatched|sent|credited|added|applied|granted|consider (?:it|this)|"
    r"(?:is|are) yours|enjoy|here(?:'s| is| are)|use (?:the |this |that |promo |discount |voucher )?code|expect|promise\w*|rest assured|definitely|of course|"
    r"consider|won't|will not|(?:it|this|that|this one)(?:'s| is)|"
    # Spanish, French, German, Portuguese: "we (will) give/send/refund", "you will receive", "guaranteed", "approved"
    r"(?:te|le|les|os) (?:devolvemos|enviamos|enviaremos|damos|daremos|reembolsamos|reembolsaremos|mandamos|haremos)|vamos a|recibir[aá]s?|garantiz\w*|aprobad[oa]s?|"
    r"nous (?:allons|vous|avons|rembourserons|enverrons)|vous (?:allez|recevrez|serez)|garanti\w*|approuv\w*|"
    r"wir (?:werden|haben|erstatten|schicken|senden|geben)|sie (?:erhalten|bekommen|werden)|garantiert|genehmigt|"
    r"vamos|iremos|(?:voc[eê]|vais) (?:vai|receber\w*)|receber[aá]|garant\w*|aprovad[oa]s?)\b",
    re.I,
)
# A remedy stated as already done or guaranteed: no article can know that of this customer's case.
_DONE = re.compile(
    r"\b(?:(?:has|have) been|already|approved|authori[sz]ed|guarantee\w*|on (?:its|the|their) way|coming your way|in the post|"
    r"is being (?:processed|sent|issued)|(?:we've|we have|i've|i have|we just|i just) (?:issued|processed|sent|credited|arranged|refunded|approved|added|applied|dispatched|waived)|"
    r"consider (?:it|this|that|your [\w-]+) (?:done|refunded|sorted|settled|covered|replaced)|(?:is|are) yours|"
    r"aprobad[oa]s?|ya (?:est[aá]|hemos|se ha)|hoy mismo|garantizad[oa]|approuv[ée]e?s?|d[ée]j[aà]|garanti[e]?s?|genehmigt|bereits|schon (?:erstattet|veranlasst|unterwegs)|garantiert|"
    r"aprovad[oa]s?|j[aá] (?:foi|est[aá]|fizemos)|garantid[oa])\b",
    re.I,
)
_AMOUNT = re.compile(r"[£$€¥]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:pounds|quid|dollars|euros|gbp|usd|eur|bucks)\b|\b\d{1,3}\s?%", re.I)

# Blame: of anyone but us ("the courier messed up", "DPD's fault", "not our fault", "your fault").
_WHO = r"(?P<who>(?:[\w-]+ ){0,2}[\w-]+)"
_BLAMING = [
    re.compile(rf"\b{_WHO}(?:'s|s') fault\b"),
    re.compile(rf"\b{_WHO} (?:is|was|are|were|'s|'re) (?:to blame|at fault|responsible for (?:this|the|your) (?:mess|mistake|problem|delay|issue|error))"),
    re.compile(rf"\b{_WHO} (?:messed|screwed|mucked|cocked|fouled) (?:it |this |things |that |your [\w-]+ )?up\b"),
    re.compile(rf"\b{_WHO} (?:dropped the ball|botched|made a (?:mess|hash) of)"),
    re.compile(r"\bblam(?:e|es|ed|ing) (?:it |this )?(?:on )?(?P<who>(?:the |our |their |his |her |that |those )?[\w-]+)"),
    re.compile(r"\bfault (?:of|lies with|is with|belongs to) (?P<who>(?:the |our |their |his |her )?[\w-]+)"),
]
_SELF_WORDS = {"we", "i", "us", "me", "ourselves", "myself", "nimbus", "you", "yourself", "anyone", "nobody", "no", "one", "noone"}
_DEFLECTING = re.compile(
    r"\bnot (?:our|my) fault\b|(?<!not )\b(?:your|their|his|her) (?:own )?fault\b|"
    r"\bthanks to (?:the |their |his |her |our )?(?:incompeten\w+|carelessness|laziness|mistakes?|negligence)|"
    r"\b(?:incompetent|lazy|careless|clueless|useless|hopeless) (?:courier|driver|staff|team|agent|warehouse|bank|engineer|technician|colleague|partner|supplier|manufacturer|developer|people)s?\b|"
    r"\buser error\b|\byou should have\b|\bif you had (?:read|followed|checked)\b|\byou didn't (?:read|follow|check)\b|"
    # The same in Spanish, French, German and Portuguese: "the courier's fault", "not our fault", "is to blame".
    r"\bculpa (?:es |fue |[eé] |foi )?(?:de|del|de la|de los|do|da|dos|das|tuya|suya|sua|tua)\b|\b(?:la )?faute (?:de|du|des|à|au)\b|"
    r"\bschuld (?:ist|sind|hat|haben|liegt|tr[aä]gt|tragen|war)\b|\b(?:ist|sind|war|waren) schuld\b|\bnicht unsere schuld\b|\bresponsab\w+ (?:es|fue|é|foi|est) (?:de|del|do|da|du)\b"
)


def _blame(text: str) -> str:
    """The words that put the fault on someone else, or ''. Owning it ("we messed up") is fine;
    "you messed up" is blaming the customer, which is not."""
    found = _DEFLECTING.search(text)
    if found:
        return found.group(0)
    for pattern in _BLAMING:
        for match in pattern.finditer(text):
            who = match.group("who").split()
            negated = re.search(r"(?:\bnot|n't|\bnever|\bno one|\bnobody) (?:\w+ )?$", text[max(0, match.start() - 16) : match.start("who") if "blam" in match.group(0) else match.start()])
            if negated:
                continue
            if who and (who[-1] == "you" or not set(who) & _SELF_WORDS) and " ".join(who[-2:]) != "our team":
                return match.group(0)
    return ""


# Insults and profanity: a maintained model (alt-profanity-check) per sentence, and the words it misses.
_INSULT = re.compile(
    r"\b(?:idiot\w*|moron\w*|stupid\w*|dumb\w*|dummy|dummies|clowns?|losers?|pathetic|imbeciles?|jerks?|fools?|scum\w*|trash|garbage|"
    r"incompetent|useless|lazy|crap\w*|damn\w*|bloody|wtf|stfu|bastards?|piss\w*|dick\w*|pricks?|twats?|wankers?|bollocks|cunts?|bitch\w*|"
    r"shut up|get lost|nobody cares|who cares|go to hell|what the hell|sucks?(?! up| in| out)|sucked(?! up| in| out))\b|"
    r"f[\W_]*[u*@v][\W_]*[c*][\W_]*k|\bsh[i1!*][t+]|\ba[s$*]{2}(?:hole)?\b",
    re.I,
)
# The model talking about itself, its instructions or secrets, instead of answering.
_DISCLOSURE = re.compile(
    r"\b(?:my|the|our) (?:system |hidden |initial |original |secret |internal )?(?:prompt|instructions|system message)\b|\bsystem prompt\b|"
    r"\bi (?:was|am|have been) (?:told|instructed|programmed|designed) to\b|\bas an ai\b|\b(?:large )?language model\b|"
    r"\b(?:api[ _-]?key|access token|secret key|client secret|bearer token)\b|\b(?:admin|root|master|system|staff|our) password (?:is|was|:)|"
    r"\bsk-[a-z0-9-]{6,}|\bxox[abprs]-[\w-]+",
    re.I,
)
_OTHERS_ACCOUNT = re.compile(
    r"\b(?:someone|somebody|anyone|another (?:person|customer|user)|other (?:people|customers|users))(?:'s|s'| else's)? (?:account|password|data|details|address|email|order|phone|login)s?\b",
    re.I,
)
PROFANITY_THRESHOLD = 0.9
# Text that addresses the person reviewing the draft instead of the customer.
_REVIEWER = re.compile(
    r"approv(?:e|ed|al)[^.!?\n]{0,20}\bas[- ]is|(?:safe|fine|ok(?:ay)?|good|cleared|ready) to (?:send|post|publish|approve|go out)|"
    r"no need to (?:review|check|edit|read|change|verify|look)|"
    r"(?:please |just )?(?:approve|send|post|publish) (?:it|this|the reply|the draft)(?: now| immediately| right away)? without (?:any )?(?:changes|editing|edits|review|reviewing|checking|reading)|"
    r"do(?:n't| not) (?:edit|change|modify|review|check|alter) (?:this|the|it|anything)|(?:pre|already)[- ]?approved|"
    r"approved by (?:legal|compliance|management|a manager|the manager|your manager|marketing|the team|pr|security|the brand)|"
    r"(?:legal|compliance|management|marketing|security|the manager) (?:has |have )?(?:approved|cleared|signed off|verified)|"
    r"(?:dear |note (?:to|for) (?:the )?|attention:?\s*|hey |hi |to the |for the )(?:agents?|reviewers?|moderators?|human(?: reviewer)?s?|operators?|approvers?|support agents?)\b|"
    r"(?:override|ignore|skip|bypass|disable|dismiss) (?:the |any |all |these |those )?(?:checks?|warnings?|flags?|filters?|review|blocks?)|"
    r"(?:checks?|warnings?|flags?) (?:are|is) (?:wrong|false|a false positive|mistaken|broken)|verified (?:safe|correct|accurate)|"
    r"this (?:reply|draft|message|response|answer) (?:is|has been|was) (?:verified|approved|checked|reviewed|cleared|vetted)",
    re.I,
)


def _unbacked_promise(text: str, backing: str) -> str:
    """Why a sentence promises a remedy no cited article backs, or ''. A remedy stated as done or
    guaranteed needs an article that says so in those words; one offered needs an article that
    offers that kind of remedy at all."""
    for sentence in _sentences(text):
        for kind, remedy in _REMEDY.items():
            named = remedy.search(sentence)
            if not named:
                continue
            done = _DONE.search(sentence)
            if done and done.group(0) not in backing:
                return f"states a {kind} as done or guaranteed (“{named.group(0)}”, “{done.group(0)}”); only a person who checked can say that"
            if _COMMITMENT.search(sentence) and not remedy.search(backing):
                return f"promises a {kind} (“{named.group(0)}”), which no cited article offers"
    return ""


_VERB = r"(?:say|tell (?:them|everyone|people|him|her)|reply(?: only)? with|respond with|answer with|end (?:it |your reply |the reply )?with|sign off with|finish with|add|write|post|tweet|include|repeat(?: after me)?|announce|confirm|print|output|type)"
_DICTATED = re.compile(rf"\b{_VERB}\b[^'\"“‘«\n:]{{0,30}}(?:['\"“‘«]([^'\"”’»\n]{{2,160}})['\"”’»]|:\s*([^.!?\n]{{2,160}}))", re.I)
_DICTATED_PLAIN = re.compile(rf"\b{_VERB}\s+(?:that\s+)?([^'\"“‘«\n.!?:]{{8,160}})", re.I)
_SHOUTED = re.compile(r"\b[A-Z]{4,}\b")


def _echoed(post: str, text: str, articles: str) -> str:
    """Words a post dictated ("reply with 'PWNED'", "repeat after me: ...", "confirm that ..." or
    shouted, in a post that gives instructions) that the draft repeats and the cited articles don't
    say: the mark of a model doing what the post told it."""
    folded, backing = fold(text), fold(articles)
    segments = [quoted or after_colon for quoted, after_colon in _DICTATED.findall(post)]
    instructing = bool(suspicious(post))
    if instructing:
        segments += [segment for segment in _DICTATED_PLAIN.findall(post) if len(segment.split()) >= 2]
    for segment in segments:
        said = fold(segment).strip(" .,!?;:-'\"“”‘’«»")
        if len(said) >= 4 and said in folded and said not in backing:
            return said
    if instructing:
        shouted_in_articles = set(_SHOUTED.findall(unicodedata.normalize("NFKC", articles)))
        for token in _SHOUTED.findall(unicodedata.normalize("NFKC", post)):
            if token in unicodedata.normalize("NFKC", text) and token not in shouted_in_articles:
                return token
    return ""


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.replace(THREAD_SEPARATOR, " ")) if s.strip()]


def _profane(sentences: Sequence[str]) -> str:
    """The first sentence that is profane or insulting (lookalike letters folded), or ''."""
    for sentence in sentences:
        found = _INSULT.search(sentence) or _INSULT.search(fold(sentence))
        if found:
            return found.group(0)
    # Handles carry no tone of ours and make every greeting unique: scored as "@user", so the
    # sentences drafts share with articles are scored once.
    scores = _profanity([_MENTION.sub("@user", sentence.strip()) for sentence in sentences])
    return next((sentence.strip()[:60] for sentence, score in zip(sentences, scores) if score >= PROFANITY_THRESHOLD), "")


_PROFANITY_SCORES: dict[str, float] = {}


def _profanity(sentences: list[str]) -> list[float]:
    """alt-profanity-check's probability per sentence. One model call costs ~20 ms whatever its size,
    so the sentences not seen before go in one call, and drafts built from articles (which repeat
    the same sentences) mostly cost nothing."""
    unseen = list(dict.fromkeys(sentence for sentence in sentences if sentence not in _PROFANITY_SCORES))
    if unseen:
        from profanity_check import predict_prob

        if len(_PROFANITY_SCORES) > 20_000:
            _PROFANITY_SCORES.clear()
        _PROFANITY_SCORES.update(zip(unseen, (float(score) for score in predict_prob(unseen))))
    return [_PROFANITY_SCORES[sentence] for sentence in sentences]


def check_reply_text(
    text: str,
    *,
    platform: str,
    customer: str,
    cited: Sequence[Article],
    dm_text: str = "",
    machine_written: bool = False,
    brand: "Brand | None" = None,
    notes: Sequence[str] = (),
    post: str = "",
    embed: "Embed | None" = None,
) -> list[Problem]:
    """Every check on a public reply, its DM and the model's notes. Empty list: nothing blocks Approve.

    Each check reads the text after NFKC and lookalike folding, so "ｅｖｉｌ.example", "＠Rival" or a
    Cyrillic "а" can't slip past it. A machine-written draft must also say only what is allowed
    (`allowlist`): its facts and its sentences come from the cited articles, the customer's post or
    the brand's own names and phrases. `embed` compares sentences by meaning (the index's model).
    """
    from assistant.drafting.allowlist import Brand, Sources, quotes_instructions, unsourced_facts, unsupported_sentences
    from assistant.drafting.secrets import asks_for_secret

    brand = brand or Brand()
    phrasebook = brand.phrasebook
    problems: list[Problem] = []
    both = f"{text}\n{dm_text}"
    folded = fold(both)
    if machine_written and cited:
        share = grounded_share(both, cited, phrasebook)
        if share < 0.5:
            problems.append(Problem("not grounded", f"only {share:.0%} of its words come from the cited articles"))
    if machine_written and len(_CONTENT_WORD.findall(_MENTION.sub(" ", fold(text)))) < 4:
        problems.append(Problem("no answer in it", "a machine draft of under four words can't be an answer; write one"))
    parts = thread_parts(text)
    for number, part in enumerate(parts, start=1):
        length, limit, unit = platform_length(part, platform)
        if length > limit:
            where = f"part {number}" if len(parts) > 1 else "the reply"
            problems.append(Problem("too long", f"{where} is {length} {unit}; {platform} allows {limit}"))
    if len(parts) > 1 and not rules_for(platform).threads:
        problems.append(Problem("thread not possible", f"{rules_for(platform).title} takes one reply, not a thread; shorten it to one part"))
    dm_problem = dm_too_long(dm_text, platform)
    if dm_problem:
        problems.append(Problem("too long", dm_problem))
    private = any(article.private for article in cited)
    if is_redirect_only(text) and not (private and dm_text.strip()):
        problems.append(Problem("redirect only", "it only sends the customer elsewhere; answer the question (or cite a private article and draft the DM)"))
    for sentence in _sentences(fold(text)):
        asked = _ASK_PUBLIC.search(sentence)
        if asked and not _PRIVATE_CHANNEL.search(sentence):
            problems.append(Problem("asks for personal data in public", f"“{asked.group(0).strip()}”: ask for it in a DM instead"))
            break
    allowed = allowed_links(cited)
    links = find_links(both)
    foreign = [link.text for link in links if link.normal not in allowed]
    if foreign:
        problems.append(Problem("link not from a cited article", ", ".join(dict.fromkeys(foreign[:3]))))
    shortened = [link.text for link in links if link.host in SHORTENERS and link.normal not in allowed]
    if shortened:
        problems.append(Problem("shortened link", f"{shortened[0]}: it hides where it goes"))
    own = _customer_handle(customer)
    handles = {handle for handle in _MENTION.findall(folded) if not any(handle in link.text for link in links)}
    mentioned = others = sorted(handle for handle in handles if handle != own)
    if others:
        problems.append(Problem("mentions someone else", ", ".join("@" + handle for handle in others[:3]) + ": only the customer may be mentioned"))
    backing = fold(" ".join(f"{a.title} {a.reply} {a.body}" for a in cited))
    promise = _unbacked_promise(folded, backing)
    if promise:
        problems.append(Problem("unbacked promise", promise))
    amounts = [m.group(0) for m in _AMOUNT.finditer(folded) if re.sub(r"\s", "", m.group(0)) not in re.sub(r"\s", "", backing)]
    if amounts:
        problems.append(Problem("amount not from a cited article", f"{amounts[0]}: money and percentages must come from the articles"))
    blamed = _blame(folded)
    if blamed:
        problems.append(Problem("blames others", f"“{blamed}”: own the problem instead"))
    rude = _profane(_sentences(plain(both)))
    if rude:
        problems.append(Problem("insult or profanity", f"“{rude}”"))
    revealed = _DISCLOSURE.search(folded)
    if revealed:
        problems.append(Problem("talks about its instructions or secrets", f"“{revealed.group(0)}”: a reply answers the customer, nothing else"))
    placeholder = PLACEHOLDER.search(both)
    if placeholder:
        problems.append(Problem("repeats personal data", f"{placeholder.group(0)}: masked personal data from a post never goes back out"))
    others = _OTHERS_ACCOUNT.search(folded)
    if others:
        problems.append(Problem("another person's account", f"“{others.group(0)}”: we only discuss the customer's own account, with them, in a DM"))
    articles = " ".join(f"{a.title} {a.reply} {a.body} {a.url}" for a in cited) + " " + phrasebook
    echoed = _echoed(post, both, articles) if machine_written and post else ""
    if echoed:
        problems.append(Problem("repeats the post", f"“{echoed}” comes from the customer's post, not from an article"))
    secret = asks_for_secret(both, [f"{a.title}. {a.reply} {a.body}" for a in cited])
    if secret:
        problems.append(Problem("asks for a secret", f"“{secret}”: nobody at the brand needs a customer's password, code, PIN or card number"))
    if machine_written:
        sources = Sources(cited, post=post, customer=customer, brand=brand.terms, phrasebook=brand.phrases)
        reported = {token.lower() for token in foreign} | {"@" + handle for handle in mentioned}  # said above already
        facts = [fact for fact in unsourced_facts(both, sources) if fact.token.lower() not in reported]
        if facts:
            problems.append(Problem("fact not from a cited article", "; ".join(map(str, facts[:4])) + ": every number, link, name, code or command must come from a cited article, the post or the brand's terms"))
        unsupported = unsupported_sentences(both, sources, embed)
        if unsupported:
            sentence, why = unsupported[0]
            more = f" (and {len(unsupported) - 1} more)" if len(unsupported) > 1 else ""
            problems.append(Problem("unsupported sentence", f"“{sentence[:120]}”: {why}{more}"))
        leaked = quotes_instructions(both, brand, sources)
        if leaked and not revealed:
            problems.append(Problem("talks about its instructions or secrets", f"“{leaked}” is from the model's instructions: a reply answers the customer, nothing else"))
    for where, words in (("the reply", both), ("the model's notes", "\n".join(notes))):
        addressed = _REVIEWER.search(fold(words))
        if addressed:
            problems.append(Problem("speaks to the reviewer", f"{where} says “{addressed.group(0)}”: a draft talks to the customer, never to whoever approves it"))
            break
    return problems


_INJECTION = re.compile(
    r"(ignore (?:all |any |the |your )?(?:previous|prior|above|earlier|preceding)?\s*(?:instructions|rules|prompts?|directions)|"
    r"disregard (?:all |any |the |your )?(?:previous |prior |above )?(?:instructions|rules|guidelines)|"
    r"forget (?:all |everything |your )(?:instructions|rules|you were told)|"
    r"(?:system|developer|hidden|initial|original) prompt|reveal (?:your|the) (?:prompt|instructions|rules|system)|"
    r"(?:show|print|repeat|output) (?:me )?(?:your|the) (?:prompt|instructions|system message)|"
    r"you are now|from now on you|act as (?:a|an|my|the|manager|admin|support|staff|developer)\b|\b(?:system|assistant|developer|admin)\s*:|(?:reply|respond|answer|end|sign off|finish)(?: \w+)? with\s+['\"“‘]|pretend (?:to be|you are)|roleplay as|jailbreak|\bDAN\b|developer mode|"
    r"new instructions?:|<\|?(?:im_start|im_end|system|endoftext)\|?>|\[\s*(?:system|inst|admin)\s*\]|^\s*(?:system|assistant)\s*:|"
    r"(?:reply|respond|answer|tweet|post|say)(?:\s+(?:only|exactly|just|with))*\s+(?:the (?:word|phrase|text)|this|the following|exactly)|"
    r"\b(?:say|tweet|post|write)\s+['\"“‘]|repeat (?:the following|after me|this)|"
    r"(?:hidden|secret|internal) (?:instructions|prompt|rules)|(?:system|admin) override|ignore the above|"
    r"(?:authori[sz]ed|official) instruction|instruction from|api key|"
    r"include (?:this|the following) (?:link|url)|post (?:this|the following) (?:link|url)|"
    r"base64|rot13|decode (?:this|the following)|as an ai|override (?:your|the) (?:rules|safety|filters))",
    re.I | re.M,
)
_ENCODED = re.compile(r"(?:[A-Za-z0-9+/]{24,}={0,2})|(?:\\x[0-9a-f]{2}){4,}|(?:&#\d{2,4};){4,}", re.I)


def suspicious(text: str) -> str:
    """Why a post (or an author's name) looks like an attempt to instruct the assistant, or ''.
    Read after lookalike folding too, so "іgnоre" in Cyrillic is still "ignore"."""
    found = _INJECTION.search(text) or _INJECTION.search(fold(text))
    if found:
        return f"tries to give the assistant instructions (“{found.group(0).strip()[:60]}”)"
    if _ENCODED.search(text):
        return "contains encoded text that may hide instructions"
    return ""
