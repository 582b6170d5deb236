"""What a draft's words mean to the rules: redirects and pleasantries, grounding, promises of a
remedy, blame, insults, talk about instructions, words a post dictated. Pattern tables and the
small readers the rules in `rules` are built from (in English, Spanish, French, German, Portuguese
where the words differ)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from assistant.drafting.length import _SENTENCE
from assistant.drafting.links import _MENTION, find_links
from assistant.kb.articles import Article
from assistant.text.instructions import suspicious
from assistant.text.lookalikes import fold
from assistant.text.measure import THREAD_SEPARATOR, thread_parts

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
ASK_PUBLIC = re.compile(
    rf"\b(?:reply with|tell us|share|post|send|give us|let us know|what(?:'s| is)|confirm|provide|include)\b"
    rf"[^.?!\n]{{0,40}}\b(?:your|the)\s+{_PERSONAL_DATA}",
    re.I,
)
PRIVATE_CHANNEL = re.compile(r"\b(dm|direct message|private message|privately|in private|securely via)\b", re.I)


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
CONTENT_WORD = re.compile(r"[^\W\d_][\w'-]*")
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
AMOUNT = re.compile(r"[£$€¥]\s?\d[\d,.]*|(?<![\w,.])\d[\d,.]*\s?(?:pounds|quid|dollars|euros|gbp|usd|eur|bucks)\b|\b\d{1,3}\s?%", re.I)

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
_SELF_WORDS = {"we", "i", "us", "me", "ourselves", "myself", "you", "yourself", "anyone", "nobody", "no", "one", "noone"}
_DEFLECTING = re.compile(
    r"\bnot (?:our|my) fault\b|(?<!not )\b(?:your|their|his|her) (?:own )?fault\b|"
    r"\bthanks to (?:the |their |his |her |our )?(?:incompeten\w+|carelessness|laziness|mistakes?|negligence)|"
    r"\b(?:incompetent|lazy|careless|clueless|useless|hopeless) (?:courier|driver|staff|team|agent|warehouse|bank|engineer|technician|colleague|partner|supplier|manufacturer|developer|people)s?\b|"
    r"\buser error\b|\byou should have\b|\bif you had (?:read|followed|checked)\b|\byou didn't (?:read|follow|check)\b|"
    # The same in Spanish, French, German and Portuguese: "the courier's fault", "not our fault", "is to blame".
    r"\bculpa (?:es |fue |[eé] |foi )?(?:de|del|de la|de los|do|da|dos|das|tuya|suya|sua|tua)\b|\b(?:la )?faute (?:de|du|des|à|au)\b|"
    r"\bschuld (?:ist|sind|hat|haben|liegt|tr[aä]gt|tragen|war)\b|\b(?:ist|sind|war|waren) schuld\b|\bnicht unsere schuld\b|\bresponsab\w+ (?:es|fue|é|foi|est) (?:de|del|do|da|du)\b"
)


def blame(text: str, approved: str = "", own: Sequence[str] = ()) -> str:
    """The words that put the fault on someone else, or ''. Owning it ("we messed up", or by the
    brand's own names, `own`: "Orchard dropped the ball") is fine; "you messed up" is blaming the
    customer, which is not. What the approved text says in the same words (`said_by`) is the
    brand's, not the draft's."""
    ours = [f" {name} " for name in (_word_run(term) for term in own) if name]
    found = unapproved(_DEFLECTING.finditer(text), text, approved)
    if found:
        return found.group(0)
    for pattern in _BLAMING:
        for match in pattern.finditer(text):
            if said_by(text, match.start(), match.end(), approved):
                continue
            who = match.group("who").split()
            negated = re.search(
                r"(?:\bnot|n't|\bnever|\bno one|\bnobody) (?:\w+ )?$",
                text[max(0, match.start() - 16) : match.start("who") if "blam" in match.group(0) else match.start()],
            )
            if negated:
                continue
            named = f" {_word_run(' '.join(who))} "
            if (
                who
                and (who[-1] == "you" or not set(who) & _SELF_WORDS)
                and " ".join(who[-2:]) != "our team"
                and not any(name in named or named in name for name in ours)
            ):
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
DISCLOSURE = re.compile(
    r"\b(?:my|the|our) (?:system |hidden |initial |original |secret |internal )?(?:prompt|instructions|system message)\b|\bsystem prompt\b|"
    r"\bi (?:was|am|have been) (?:told|instructed|programmed|designed) to\b|\bas an ai\b|\b(?:large )?language model\b|"
    r"\b(?:api[ _-]?key|access token|secret key|client secret|bearer token)\b|\b(?:admin|root|master|system|staff|our) password (?:is|was|:)|"
    r"\bsk-[a-z0-9-]{6,}|\bxox[abprs]-[\w-]+",
    re.I,
)
OTHERS_ACCOUNT = re.compile(
    r"\b(?:someone|somebody|anyone|another (?:person|customer|user)|other (?:people|customers|users))(?:'s|s'| else's)? (?:account|password|data|details|address|email|order|phone|login)s?\b",
    re.I,
)
PROFANITY_THRESHOLD = 0.9
QUOTED_WORDS = 4  # a sentence of at least this many words that the approved text says whole is the brand's, not ours to score
# Text that addresses the person reviewing the draft instead of the customer.
REVIEWER = re.compile(
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


def unbacked_promise_of(text: str, backing: str) -> str:
    """Why a sentence promises a remedy no cited article backs, or ''. A remedy stated as done or
    guaranteed needs an article that says so in those words; one offered needs an article that
    offers that kind of remedy at all."""
    for sentence in sentences_of(text):
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


def dictated_echo(post: str, text: str, articles: str) -> str:
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


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.replace(THREAD_SEPARATOR, " ")) if s.strip()]


def profane(sentences: Sequence[str], approved: str = "") -> str:
    """The first sentence that is profane or insulting (lookalike letters folded), or ''.

    `approved` (`approved_words` of the cited articles and the brand's lines) is what the brand
    stands behind. A word of the insult list it says in the same words is the brand's own word,
    not ours to answer for: "Deleted files stay in the Trash", "our dumbbell set", "a damaged cable
    is useless" (`said_by`). A sentence it says whole is not scored either. The same word put
    anywhere else ("you are trash") is still caught."""
    for sentence in sentences:
        # A handle is the customer's name, not our words ("@ass.bsky.social", "@dickens"): read as
        # "@user". A handle of anyone else is refused on its own (`rules.mentions_others`).
        said = _MENTION.sub("@user", sentence)
        if approved and _quotes(_word_run(said), approved, QUOTED_WORDS):
            continue
        for text in (said, fold(said)):
            found = unapproved(_INSULT.finditer(text), text, approved)
            if found:
                return found.group(0)
    # Handles carry no tone of ours and make every greeting unique: scored as "@user", so the
    # sentences drafts share with articles are scored once.
    scored = [sentence for sentence in sentences if not (approved and _quotes(_word_run(_MENTION.sub("@user", sentence)), approved, QUOTED_WORDS))]
    scores = _profanity([_MENTION.sub("@user", sentence.strip()) for sentence in scored])
    return next((sentence.strip()[:60] for sentence, score in zip(scored, scores, strict=False) if score >= PROFANITY_THRESHOLD), "")


def _word_run(text: str) -> str:
    """The text's words, lookalikes folded, lower case, one space apart: how approved text is compared."""
    return " ".join(re.findall(r"\w+", fold(text).lower()))


def _quotes(words: str, approved: str, least: int = 1) -> bool:
    """`words` (a `_word_run`) is a run of the approved text, of at least `least` words."""
    return len(words.split()) >= least and f" {words} " in f" {approved} "


def said_by(text: str, start: int, end: int, approved: str) -> bool:
    """The words of `text` from `start` to `end` (widened to whole words: "Shit" of "Shitake") are
    what the approved text (`approved_words`: the cited articles, the brand's lines) says there:
    the span with the word just before it and the word just after it, where the sentence has them,
    and three words at least, is a run of it. "in the Trash", "the API key for", "never share your
    password with" pass when an article says them; "question is useless", "the API key you",
    "please share your password" do not."""
    if not approved:
        return False
    # Handles are nobody's words: blanked, offsets kept ("@dana Snow is to blame" quotes from "Snow").
    text = _MENTION.sub(lambda handle: " " * len(handle.group(0)), text)
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    span = _word_run(text[start:end]).split()
    # Neighbours within the sentence: "Hi @dana! Blame it on the weather" quotes from "Blame".
    before = _word_run(re.split(r"[.!?\n]", text[:start])[-1]).split()
    after = _word_run(re.split(r"[.!?\n]", text[end:])[0]).split()
    if not span:
        return False
    left, right = before[-1:], after[:1]
    short = max(0, 3 - len(span) - len(left) - len(right))  # a sentence edge: reach further on the other side
    if short:
        left, right = (before[-1 - short :] if not right else left), (after[: 1 + short] if not left else right)
    run = [*left, *span, *right]
    return len(run) >= 3 and _quotes(" ".join(run), approved)


def unapproved(matches: Iterable[re.Match[str]], text: str, approved: str) -> re.Match[str] | None:
    """The first match the approved text does not say in the same words (`said_by`)."""
    return next((match for match in matches if not said_by(text, match.start(), match.end(), approved)), None)


def approved_words(text: str) -> str:
    """Text the brand stands behind, as `said_by` compares it."""
    return _word_run(text)


_PROFANITY_SCORES: dict[str, float] = {}


def _profanity(sentences: list[str]) -> list[float]:
    """alt-profanity-check's probability per sentence. The sentences not seen before go in one call,
    and drafts built from articles (which repeat the same sentences) mostly cost nothing."""
    unseen = list(dict.fromkeys(sentence for sentence in sentences if sentence not in _PROFANITY_SCORES))
    if unseen:
        if len(_PROFANITY_SCORES) > 20_000:
            _PROFANITY_SCORES.clear()
        _PROFANITY_SCORES.update(zip(unseen, _profanity_model()(unseen), strict=False))
    return [_PROFANITY_SCORES[sentence] for sentence in sentences]


@functools.lru_cache(maxsize=1)
def _profanity_model() -> Callable[[list[str]], list[float]]:
    """alt-profanity-check's model as plain arithmetic: its TF-IDF vectoriser, then the mean over its
    calibrated linear SVMs of the sigmoid of each one's score, which is what scikit-learn's
    `predict_proba` computes (equal to 1e-12 on the bundled posts, tested) without its ~5 ms of
    checks per call. Any other shape of model (a newer package) is called as it is."""
    import numpy as np
    from profanity_check import predict_prob
    from profanity_check import profanity_check as package

    model, vectorizer = package.model, package.vectorizer
    fitted = getattr(model, "calibrated_classifiers_", [])
    plain = (
        getattr(model, "method", "") == "sigmoid"
        and fitted
        and all(hasattr(c.estimator, "coef_") and len(c.calibrators) == 1 and hasattr(c.calibrators[0], "a_") for c in fitted)
    )
    if not plain:
        return lambda texts: [float(score) for score in predict_prob(texts)]
    weights = np.array([c.estimator.coef_.ravel() for c in fitted]).T
    intercepts = np.array([c.estimator.intercept_[0] for c in fitted])
    slopes = np.array([c.calibrators[0].a_ for c in fitted])
    offsets = np.array([c.calibrators[0].b_ for c in fitted])

    def scores(texts: list[str]) -> list[float]:
        margins = vectorizer.transform(texts) @ weights + intercepts
        return [float(p) for p in (1.0 / (1.0 + np.exp(slopes * margins + offsets))).mean(axis=1)]

    return scores
