"""The rules every draft is read against, whichever drafter (or agent) wrote it: one small named
function each, in one list (`RULES`), run in that order by `checks.check_reply_text`.

Each rule reads a `Reading`: the reply and its DM after NFKC and lookalike folding (so
"ｅｖｉｌ.example", "＠Rival" or a Cyrillic "а" can't slip past), with what it cites. The last
rules apply to machine drafts only: they must say only what is allowed (`allowlist`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assistant.drafting.allowlist import (
    Brand,
    Embed,
    Sources,
    quotes_instructions,
    unsourced_facts,
    unsupported_sentences,
)
from assistant.drafting.length import _SENTENCE, dm_too_long, length_problems
from assistant.drafting.links import (
    _MENTION,
    SHORTENERS,
    _customer_handle,
    allowed_links,
    find_links,
)
from assistant.drafting.problem import Problem
from assistant.drafting.secrets import asks_for_secret
from assistant.kb.articles import Article
from assistant.platforms import Platform
from assistant.posts import suspicious
from assistant.privacy import PLACEHOLDER
from assistant.text.lookalikes import fold, plain
from assistant.text.measure import THREAD_SEPARATOR, thread_parts


@dataclass
class Reading:
    """A draft as every rule reads it."""

    text: str
    rules: Platform
    customer: str
    cited: Sequence[Article]
    dm_text: str = ""
    machine_written: bool = False
    brand: Brand = field(default_factory=Brand)
    notes: Sequence[str] = ()
    post: str = ""
    embed: Embed | None = None

    @cached_property
    def both(self) -> str:
        return f"{self.text}\n{self.dm_text}"

    @cached_property
    def folded(self) -> str:
        return fold(self.both)

    @cached_property
    def links(self) -> list:
        return find_links(self.both)

    @cached_property
    def allowed(self) -> set[str]:
        return allowed_links(self.cited)

    @cached_property
    def foreign(self) -> list[str]:
        """Links the cited articles don't give."""
        return [link.text for link in self.links if link.normal not in self.allowed]

    @cached_property
    def mentioned(self) -> list[str]:
        """Handles mentioned besides the customer's (never those inside a link)."""
        own = _customer_handle(self.customer)
        handles = {handle for handle in _MENTION.findall(self.folded) if not any(handle in link.text for link in self.links)}
        return sorted(handle for handle in handles if handle != own)

    @cached_property
    def backing(self) -> str:
        return fold(" ".join(f"{a.title} {a.reply} {a.body}" for a in self.cited))

    @cached_property
    def revealed(self) -> re.Match[str] | None:
        return _DISCLOSURE.search(self.folded)

    @cached_property
    def sources(self) -> Sources:
        return Sources(self.cited, post=self.post, customer=self.customer, brand=self.brand.terms, phrasebook=self.brand.phrases)


Rule = Callable[[Reading], list[Problem]]


def _one(name: str, reason: str | None) -> list[Problem]:
    return [Problem(name, reason)] if reason else []


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



# -- the rules, in the order the card lists their problems -------------------------------------


def not_grounded(draft: Reading) -> list[Problem]:
    if not (draft.machine_written and draft.cited):
        return []
    share = grounded_share(draft.both, draft.cited, draft.brand.phrasebook)
    return _one("not grounded", f"only {share:.0%} of its words come from the cited articles" if share < 0.5 else None)


def no_answer(draft: Reading) -> list[Problem]:
    short = draft.machine_written and len(_CONTENT_WORD.findall(_MENTION.sub(" ", fold(draft.text)))) < 4
    return _one("no answer in it", "a machine draft of under four words can't be an answer; write one" if short else None)


def too_long(draft: Reading) -> list[Problem]:
    return length_problems(draft.text, draft.rules) + _one("too long", dm_too_long(draft.dm_text, draft.rules))


def redirect_only(draft: Reading) -> list[Problem]:
    private = any(article.private for article in draft.cited)
    only = is_redirect_only(draft.text) and not (private and draft.dm_text.strip())
    return _one("redirect only", "it only sends the customer elsewhere; answer the question (or cite a private article and draft the DM)" if only else None)


def asks_personal_data_in_public(draft: Reading) -> list[Problem]:
    for sentence in _sentences(fold(draft.text)):
        asked = _ASK_PUBLIC.search(sentence)
        if asked and not _PRIVATE_CHANNEL.search(sentence):
            return [Problem("asks for personal data in public", f"“{asked.group(0).strip()}”: ask for it in a DM instead")]
    return []


def foreign_link(draft: Reading) -> list[Problem]:
    return _one("link not from a cited article", ", ".join(dict.fromkeys(draft.foreign[:3])))


def shortened_link(draft: Reading) -> list[Problem]:
    shortened = [link.text for link in draft.links if link.host in SHORTENERS and link.normal not in draft.allowed]
    return _one("shortened link", f"{shortened[0]}: it hides where it goes" if shortened else None)


def mentions_others(draft: Reading) -> list[Problem]:
    others = draft.mentioned
    return _one("mentions someone else", ", ".join("@" + handle for handle in others[:3]) + ": only the customer may be mentioned" if others else None)


def unbacked_promise(draft: Reading) -> list[Problem]:
    return _one("unbacked promise", _unbacked_promise(draft.folded, draft.backing))


def unbacked_amount(draft: Reading) -> list[Problem]:
    backing = re.sub(r"\s", "", draft.backing)
    amounts = [m.group(0) for m in _AMOUNT.finditer(draft.folded) if re.sub(r"\s", "", m.group(0)) not in backing]
    return _one("amount not from a cited article", f"{amounts[0]}: money and percentages must come from the articles" if amounts else None)


def blames_others(draft: Reading) -> list[Problem]:
    blamed = _blame(draft.folded)
    return _one("blames others", f"“{blamed}”: own the problem instead" if blamed else None)


def insult_or_profanity(draft: Reading) -> list[Problem]:
    rude = _profane(_sentences(plain(draft.both)))
    return _one("insult or profanity", f"“{rude}”" if rude else None)


def talks_about_instructions(draft: Reading) -> list[Problem]:
    revealed = draft.revealed
    return _one("talks about its instructions or secrets", f"“{revealed.group(0)}”: a reply answers the customer, nothing else" if revealed else None)


def repeats_personal_data(draft: Reading) -> list[Problem]:
    placeholder = PLACEHOLDER.search(draft.both)
    return _one("repeats personal data", f"{placeholder.group(0)}: masked personal data from a post never goes back out" if placeholder else None)


def another_persons_account(draft: Reading) -> list[Problem]:
    others = _OTHERS_ACCOUNT.search(draft.folded)
    return _one("another person's account", f"“{others.group(0)}”: we only discuss the customer's own account, with them, in a DM" if others else None)


def repeats_the_post(draft: Reading) -> list[Problem]:
    if not (draft.machine_written and draft.post):
        return []
    articles = " ".join(f"{a.title} {a.reply} {a.body} {a.url}" for a in draft.cited) + " " + draft.brand.phrasebook
    echoed = _echoed(draft.post, draft.both, articles)
    return _one("repeats the post", f"“{echoed}” comes from the customer's post, not from an article" if echoed else None)


def asks_for_a_secret(draft: Reading) -> list[Problem]:
    secret = asks_for_secret(draft.both, [f"{a.title}. {a.reply} {a.body}" for a in draft.cited])
    return _one("asks for a secret", f"“{secret}”: nobody at the brand needs a customer's password, code, PIN or card number" if secret else None)


def unsourced_fact(draft: Reading) -> list[Problem]:
    """Machine drafts: every number, link, name, code or command comes from an allowed source."""
    if not draft.machine_written:
        return []
    reported = {token.lower() for token in draft.foreign} | {"@" + handle for handle in draft.mentioned}  # said above already
    facts = [fact for fact in unsourced_facts(draft.both, draft.sources) if fact.token.lower() not in reported]
    said = "; ".join(map(str, facts[:4])) + ": every number, link, name, code or command must come from a cited article, the post or the brand's terms"
    return _one("fact not from a cited article", said if facts else None)


def unsupported_sentence(draft: Reading) -> list[Problem]:
    """Machine drafts: every sentence says what an article (or the phrasebook) says."""
    if not draft.machine_written:
        return []
    unsupported = unsupported_sentences(draft.both, draft.sources, draft.embed)
    if not unsupported:
        return []
    sentence, why = unsupported[0]
    more = f" (and {len(unsupported) - 1} more)" if len(unsupported) > 1 else ""
    return [Problem("unsupported sentence", f"“{sentence[:120]}”: {why}{more}")]


def quotes_its_instructions(draft: Reading) -> list[Problem]:
    """Machine drafts: six words in a row from the prompt templates (unless an article says them)."""
    if not draft.machine_written or draft.revealed:
        return []
    leaked = quotes_instructions(draft.both, draft.brand, draft.sources)
    return _one("talks about its instructions or secrets", f"“{leaked}” is from the model's instructions: a reply answers the customer, nothing else" if leaked else None)


def speaks_to_the_reviewer(draft: Reading) -> list[Problem]:
    for where, words in (("the reply", draft.both), ("the model's notes", "\n".join(draft.notes))):
        addressed = _REVIEWER.search(fold(words))
        if addressed:
            return [Problem("speaks to the reviewer", f"{where} says “{addressed.group(0)}”: a draft talks to the customer, never to whoever approves it")]
    return []


RULES: list[Rule] = [
    not_grounded,
    no_answer,
    too_long,
    redirect_only,
    asks_personal_data_in_public,
    foreign_link,
    shortened_link,
    mentions_others,
    unbacked_promise,
    unbacked_amount,
    blames_others,
    insult_or_profanity,
    talks_about_instructions,
    repeats_personal_data,
    another_persons_account,
    repeats_the_post,
    asks_for_a_secret,
    unsourced_fact,
    unsupported_sentence,
    quotes_its_instructions,
    speaks_to_the_reviewer,
]
