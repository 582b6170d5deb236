"""The checks every draft passes, whichever drafter (or agent) wrote it.

A failed check is a `Problem`: shown on the card with its name and reason, and it blocks Approve
until an agent edits the reply or overrides the check with a reason (which goes into the audit log).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.drafting.limits import X_LIMIT, x_weighted_length
from assistant.kb.articles import Article

THREAD_SEPARATOR = "\n---\n"  # a reply of several numbered parts is stored as parts joined by this
DM_LIMIT = 10_000  # X allows 10,000 characters in a direct message
# Limits that differ per installation; `build_services` sets Mastodon's from MASTODON_CHAR_LIMIT.
PLATFORM_LIMITS = {"mastodon": 500, "bluesky": 300}  # characters; Bluesky counts graphemes


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
    if platform == "mastodon":
        return len(text), PLATFORM_LIMITS["mastodon"], "characters"
    if platform == "bluesky":
        return graphemes(text), PLATFORM_LIMITS["bluesky"], "graphemes"
    return x_weighted_length(text), X_LIMIT, "characters as X counts them (emoji and CJK 2, links 23)"


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
_LINK = re.compile(r"(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[^\s]*)?", re.I)
_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})")
_PROMISES = {
    "refund": re.compile(r"\b(refund(?:ed|ing)?|money back|reimburse\w*)\b", re.I),
    "credit": re.compile(r"\b(credit(?:ed)? (?:to )?your|account credit|store credit|goodwill credit)\b", re.I),
    "compensation": re.compile(r"\b(compensat\w+|make it up to you|gesture of goodwill)\b", re.I),
    "discount": re.compile(r"\b(voucher|discount|coupon|\d+% off|free (?:gift|month|upgrade))\b", re.I),
    "replacement": re.compile(r"\b((?:free |a )?replacement|replace it|send (?:you )?a new one)\b", re.I),
}
_PROMISE_VERB = re.compile(r"\b(we(?:'ll| will| can| are going to)|you(?:'ll| will) (?:get|receive)|we've (?:issued|sent|processed)|i(?:'ll| will))\b", re.I)
_BLAME = re.compile(
    r"\b((?:the |our |your )?(?:courier|driver|warehouse|bank|dev(?:elopment)? team|engineering|it team|other team|"
    r"another (?:team|department)|manufacturer|supplier|partner)(?:'s| is| was| are)? (?:fault|to blame|messed up|screwed up|"
    r"dropped the ball|mistake|error)|not our fault|blame (?:the|our|your)|(?:their|his|her) fault)\b",
    re.I,
)


def is_redirect_only(text: str) -> bool:
    """True when every sentence only redirects ('DM us', 'contact support') or is a pleasantry."""
    sentences = [s.strip() for part in thread_parts(text) for s in _SENTENCE.split(part) if s.strip()]
    redirects = 0
    for sentence in sentences:
        if _REDIRECT.search(sentence):
            redirects += 1
            continue
        bare = _MENTION.sub("", _LINK.sub("", sentence)).strip(" .,!-–—")
        if not bare or _PLEASANTRY.match(bare) and len(bare.split()) <= 8:
            continue
        return False
    return redirects > 0


def _normal_link(link: str) -> str:
    return re.sub(r"^https?://", "", link.lower()).rstrip("/.,);:!?")


def allowed_links(articles: Sequence[Article]) -> set[str]:
    """Links a reply may carry: each cited article's url and any link written into its text."""
    allowed = set()
    for article in articles:
        if article.url:
            allowed.add(_normal_link(article.url))
        allowed |= {_normal_link(link) for link in _LINK.findall(f"{article.reply}\n{article.body}")}
    return allowed


_WORDS = re.compile(r"[a-z][a-z']{3,}")
_COMMON = set(
    "this that with your have will from they them then there their what when where which would could should about "
    "just more also been were here help sorry thanks thank please hope know need sure right back into only over "
    "some such than very want well like make sent team take look it's we're you're we'll we've don't can't "
    "hi hey hello".split()
)


def grounded_share(text: str, cited: Sequence[Article], phrasebook: str = "") -> float:
    """Share of the reply's content words found in the cited articles or the brand's own phrases
    (`prompts/greetings.yaml`), words compared by a stem-like prefix."""
    words = [w for w in _WORDS.findall(_MENTION.sub(" ", _LINK.sub(" ", text.lower()))) if w not in _COMMON]
    if not words:
        return 1.0
    sources = " ".join(f"{a.title} {a.reply} {a.body} {' '.join(a.tags)}" for a in cited) + " " + phrasebook
    source = {w[:5] for w in _WORDS.findall(sources.lower())}
    return sum(w[:5] in source for w in words) / len(words)


def check_reply_text(
    text: str,
    *,
    platform: str,
    customer: str,
    cited: Sequence[Article],
    dm_text: str = "",
    machine_written: bool = False,
    phrasebook: str = "",
) -> list[Problem]:
    """Every check on a public reply (and its DM draft, if any). Empty list: nothing blocks Approve.

    A machine-written draft must also be grounded: most of its words come from the cited articles.
    """
    problems: list[Problem] = []
    if machine_written and cited:
        share = grounded_share(f"{text} {dm_text}", cited, phrasebook)
        if share < 0.5:
            problems.append(Problem("not grounded", f"only {share:.0%} of its words come from the cited articles"))
    parts = thread_parts(text)
    for number, part in enumerate(parts, start=1):
        length, limit, unit = platform_length(part, platform)
        if length > limit:
            where = f"part {number}" if len(parts) > 1 else "the reply"
            problems.append(Problem("too long", f"{where} is {length} {unit}; {platform} allows {limit}"))
    if dm_text and len(dm_text) > DM_LIMIT:
        problems.append(Problem("too long", f"the DM is {len(dm_text)} characters; the limit is {DM_LIMIT}"))
    private = any(article.private for article in cited)
    if is_redirect_only(text) and not (private and dm_text.strip()):
        problems.append(Problem("redirect only", "it only sends the customer elsewhere; answer the question (or cite a private article and draft the DM)"))
    for sentence in _SENTENCE.split(text.replace(THREAD_SEPARATOR, " ")):
        asked = _ASK_PUBLIC.search(sentence)
        if asked and not _PRIVATE_CHANNEL.search(sentence):
            problems.append(Problem("asks for personal data in public", f"“{asked.group(0).strip()}”: ask for it in a DM instead"))
            break
    allowed = allowed_links(cited)
    foreign = [link for link in _LINK.findall(text) if _normal_link(link) not in allowed]
    if foreign:
        problems.append(Problem("link not from a cited article", ", ".join(foreign[:3])))
    handle = re.match(r"\w+", customer)  # the handle as X reads it after an @
    own = handle.group(0).lower() if handle else ""
    others = sorted({handle for handle in _MENTION.findall(text) if handle.lower() != own})
    if others:
        problems.append(Problem("mentions someone else", ", ".join("@" + handle for handle in others[:3]) + ": only the customer may be mentioned"))
    backing = " ".join(f"{a.reply} {a.body}" for a in cited)
    for kind, pattern in _PROMISES.items():
        for sentence in _SENTENCE.split(f"{text} {dm_text}"):
            if pattern.search(sentence) and _PROMISE_VERB.search(sentence) and not pattern.search(backing):
                problems.append(Problem("unbacked promise", f"promises a {kind}, which no cited article offers"))
                break
    blamed = _BLAME.search(f"{text} {dm_text}")
    if blamed:
        problems.append(Problem("blames others", f"“{blamed.group(0)}”: own the problem instead"))
    return problems


_INJECTION = re.compile(
    r"(ignore (?:all |any |the |your )?(?:previous|prior|above|earlier|preceding)?\s*(?:instructions|rules|prompts?|directions)|"
    r"disregard (?:all |any |the |your )?(?:previous |prior |above )?(?:instructions|rules|guidelines)|"
    r"forget (?:all |everything |your )(?:instructions|rules|you were told)|"
    r"(?:system|developer|hidden|initial|original) prompt|reveal (?:your|the) (?:prompt|instructions|rules|system)|"
    r"(?:show|print|repeat|output) (?:me )?(?:your|the) (?:prompt|instructions|system message)|"
    r"you are now|from now on you|act as (?:a|an|my)|pretend (?:to be|you are)|roleplay as|jailbreak|\bDAN\b|developer mode|"
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
    """Why a post looks like an attempt to instruct the assistant, or '' if it doesn't."""
    found = _INJECTION.search(text)
    if found:
        return f"tries to give the assistant instructions (“{found.group(0).strip()[:60]}”)"
    if _ENCODED.search(text):
        return "contains encoded text that may hide instructions"
    return ""
