"""What a machine draft may say: an allow-list, not a list of attacks.

Two checks, for replies and DMs a drafter (not an agent) wrote:

- **Facts.** Every fact-bearing token must come from a cited article, the customer's own posts, or
  the brand's own terms (BRAND_NAME, BRAND_TERMS, the networks' names, the phrasebook): numbers in
  digits or words (phone numbers, amounts, codes, dates, times), links in any spelling (reversed,
  spaced out, defanged, bare, behind Markdown text, emails written "name at domain dot com"),
  names (capitalised words that don't start a sentence, acronyms, CamelCase), key- and wallet-like
  strings, and command-like text (pipes, flags, paths, backticks). Anything else is named.
- **Sentences.** Every sentence must say what a cited article says (close in meaning to one of its
  sentences, with the same polarity: "do not unplug" is not "unplug"), or be one of the brand's
  greetings, apologies and closings (`prompts/phrasebook.yaml`, `prompts/greetings.yaml`). A sentence
  copied from either passes without a model; the rest are compared by the embedding model the index
  already has loaded.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.drafting.links import (
    _MENTION,
    _customer_handle,
    allowed_links,
    find_links,
)
from assistant.kb.articles import Article
from assistant.language import detect
from assistant.numbers import NUMBER_RUN, readings
from assistant.text.lookalikes import fold, plain, visible

Embed = Callable[[list[str]], Any]  # texts -> vectors (the index's embedding function)

SUPPORTED = 0.6  # cosine with a cited article's sentence (MiniLM): paraphrases score 0.65-0.95, other claims under 0.5
PHRASEBOOK = 0.8  # cosine with a phrasebook sentence: only a close rewording of a pleasantry
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+|(?<!\s)\s+(?:—|–|-{2})\s+")
_THREAD_MARK = re.compile(r"\s*\(\d{1,2}/\d{1,2}\)\s*$", re.M)
_HANDLE = re.compile(r"(?<![\w@])@[\w.@-]+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")

_DIGITS = re.compile(r"\d(?:\d|[ .,:/'’\-–](?=\d))*")
_STEP = re.compile(r"\b(?:step|paso|[ée]tape|schritt|passo|part|parte|partie|teil)\s*#?\s*$", re.I)
_KEY_LIKE = re.compile(r"(?<![\w/.@])(?:0x[0-9a-f]{8,}|[A-Za-z0-9+/=_-]{16,})(?![\w/@]|\.\w)")
# Text that reads as a command for a computer, not a sentence for a person.
_COMMAND = re.compile(
    r"`[^`]*`?|\$[({][^)}]*|&&|\|\||(?<=\s)\|(?=\s)|(?<![\w-])--?[a-z][\w-]*(?=\s|$)|(?<![\w.:/])(?:~|\.{1,2})?/(?:[\w.-]+/)+[\w.-]*|"
    r"\b[a-z]:\\[\w\\. -]+|(?<=\s)[<>]{1,2}\s*[~/.\w]+/[\w./-]*|(?<![\w.])\.\/[\w.-]+",
    re.I,
)
# Formatting a social post can't show (a heading, bold, a Markdown link, a code fence): copied from an article's source.
_MARKDOWN = re.compile(r"^\s{0,3}#{1,6}\s|(?<!\S)#{2,6}[ \t]+\S+|\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\([^)\n]+\)|^\s*```", re.M)
# Words that turn a sentence around, in the languages we detect most; compared between a draft's
# sentence and the article sentence it resembles most.
_NEGATION = re.compile(
    r"\b(?:not|no|never|don't|doesn't|didn't|won't|can't|cannot|shouldn't|mustn't|isn't|aren't|wasn't|nothing|nobody|none|without|"
    r"nunca|jamás|nada|sin|ne|pas|jamais|aucun|aucune|sans|nicht|kein|keine|keinen|nie|niemals|ohne|não|nem|nenhum|nenhuma|sem)\b|n't\b",
    re.I,
)
# Claims with no limit ("at any time", "whatever happened", "no questions asked"): a sentence may make
# one only when the article sentence it rests on does; dropping an article's conditions is this.
_ABSOLUTE = re.compile(
    r"\b(?:any ?time|at all times|whenever|forever|for life|whatever|no matter|no questions asked|unlimited|always|guarantee\w*|"
    r"siempre|en cualquier momento|sin importar|toujours|à tout moment|quoi qu|immer|jederzeit|egal|sempre|a qualquer momento|seja como for)\b",
    re.I,
)
# Units of time, in the languages we detect most, each read as one canonical unit: a time a draft
# states ("within an hour", "en 2 días", "morgen") must be one its sources state.
_TIME_UNITS = {
    "second": "second seconds sec secs segundo segundos seconde secondes sekunde sekunden",
    "minute": "minute minutes min mins minuto minutos minuten",
    "hour": "hour hours hr hrs hora horas heure heures stunde stunden",
    "day": "day days business-day dia dias día días jour jours journée tag tage tagen werktag werktage",
    "week": "week weeks semana semanas semaine semaines woche wochen",
    "month": "month months mes meses mois monat monate monaten mês",
    "year": "year years año años an ans année années jahr jahre jahren ano anos",
    "today": "today tonight hoy esta noche aujourd'hui ce soir heute heute abend hoje",
    "tomorrow": "tomorrow overnight mañana demain morgen amanhã",
    "now": "now immediately instantly instant straight away right away asap ahora inmediatamente al momento maintenant immédiatement sofort jetzt agora imediatamente",
    "weekday": "monday tuesday wednesday thursday friday saturday sunday weekend lunes martes miércoles jueves viernes sábado domingo "
    "lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag",
}
_TIME_WORD = {word: unit for unit, words in _TIME_UNITS.items() for word in words.split()}
_SELF = {"i", "i'm", "i'll", "i've", "i'd"}
ECHO_WORDS = 6  # a run this long shared with the model's instructions (and no article) is the prompt leaking


@dataclass(frozen=True)
class Brand:
    """What the brand itself may say in any draft, beside what the cited articles say."""

    terms: tuple[str, ...] = ()  # BRAND_NAME, BRAND_TERMS, the networks' names
    phrases: tuple[str, ...] = ()  # greetings, apologies and closings (`prompts/greetings.yaml`, `prompts/phrasebook.yaml`)
    instructions: str = ""  # the model's prompt templates: a reply never quotes them

    @property
    def phrasebook(self) -> str:
        return " ".join(self.phrases)


@dataclass
class Sources:
    """Everything a machine draft may take its facts and sentences from."""

    articles: Sequence[Article]
    post: str = ""  # the customer's own words (masked): their order number, their device
    customer: str = ""  # the customer's handle
    brand: Sequence[str] = ()  # BRAND_NAME, BRAND_TERMS, the networks' names
    phrasebook: Sequence[str] = ()  # greetings, apologies, closings (templates: {handle}, {platform}, {url})
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def article_text(self) -> str:
        """The cited articles and the brand's own terms: where links, keys and commands may come from."""
        if "articles" not in self._cache:
            self._cache["articles"] = plain("\n".join([*(f"{a.title}\n{a.reply}\n{a.body}\n{a.url}\n{' '.join(a.tags)}" for a in self.articles), *self.brand]))
        return self._cache["articles"]

    @property
    def text(self) -> str:
        """All allowed text, as one string (NFKC, lower case)."""
        if "text" not in self._cache:
            rendered = [re.sub(r"\{\w+\}", " ", phrase) for phrase in self.phrasebook]
            self._cache["text"] = plain("\n".join([self.article_text, self.post, self.customer, *rendered]))
        return self._cache["text"]

    @property
    def words(self) -> set[str]:
        if "words" not in self._cache:
            self._cache["words"] = {w.strip("'’-") for w in _WORD.findall(self.text)} | {w.strip("'’-") for w in _WORD.findall(fold(self.text))}
        return self._cache["words"]

    @property
    def _digit_runs(self) -> list[tuple[str, frozenset[int]]]:
        """Each digit run a source writes ("0800 123 456", "1.2.3"): its digits, and where its groups start and end."""
        if "digit_runs" not in self._cache:
            runs = []
            for run in _DIGITS.finditer(self.text):
                groups = re.findall(r"\d+", run.group(0))
                ends = list(itertools.accumulate(len(group) for group in groups))
                runs.append(("".join(groups), frozenset([0, *ends])))
            self._cache["digit_runs"] = runs
        return self._cache["digit_runs"]

    @property
    def _spoken(self) -> set[str]:
        """The digits of each run of number words a source writes ("five five five" → 555)."""
        if "spoken" not in self._cache:
            self._cache["spoken"] = {reading for run in NUMBER_RUN.finditer(self.text) for reading in readings(run.group(0))}
        return self._cache["spoken"]

    def writes_digits(self, digits: str) -> bool:
        """A source writes this digit string: a number, or a run of its consecutive groups ("123 456"
        gives 123, 456 and 123456), or in words. Looked up where the draft asks, not listed ahead: a
        post of 12,500 groups has 78 million runs of groups."""
        if digits in self._spoken:
            return True
        for joined, bounds in self._digit_runs:
            at = joined.find(digits)
            while at != -1:
                if at in bounds and at + len(digits) in bounds:
                    return True
                at = joined.find(digits, at + 1)
        return False


@dataclass(frozen=True)
class Fact:
    kind: str  # "number", "time", "link", "handle", "name", "key", "command", "markdown"
    token: str

    def __str__(self) -> str:
        return f"{self.kind} “{self.token}”"


def unsourced_facts(text: str, sources: Sources) -> list[Fact]:
    """The fact-bearing tokens of `text` that no source gives, in order, each once."""
    cased = visible(text)
    found: list[Fact] = []
    allowed = allowed_links(sources.articles)
    own = _customer_handle(sources.customer)
    for variant in _link_spellings(cased):
        links = find_links(variant)
        found += [Fact("link", link.text) for link in links if link.normal not in allowed and link.normal not in sources.article_text]
        for handle in _MENTION.findall(fold(variant)):
            if handle != own and not any(handle in link.text for link in links):
                found.append(Fact("handle", "@" + handle))
    bare = _without_links(cased)
    for match in _KEY_LIKE.finditer(bare):
        token = match.group(0)
        if any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token) and plain(token) not in sources.article_text:
            found.append(Fact("key", token))
            bare = bare.replace(token, " ")
    for run in _DIGITS.finditer(bare):
        digits = re.sub(r"\D", "", run.group(0))
        listed = re.match(r"\s*[.)]\s", bare[run.end() : run.end() + 3]) and not bare[: run.start()].strip(" \n-*")
        if listed or _STEP.search(bare[max(0, run.start() - 12) : run.start()]):
            continue  # a step's number ("Step 2:", "1. ") counts steps; it states no fact
        if not sources.writes_digits(digits):
            found.append(Fact("number", run.group(0).strip()))
    for run in NUMBER_RUN.finditer(bare):
        read = readings(run.group(0))
        if not any(map(sources.writes_digits, read)) and plain(run.group(0)) not in sources.text:
            found.append(Fact("number", run.group(0).strip()))
    for match in _COMMAND.finditer(bare):
        token = match.group(0).strip()
        if token and plain(token) not in sources.article_text:
            found.append(Fact("command", token))
    stated_units = {_TIME_WORD[word] for word in _WORD.findall(sources.article_text) if word in _TIME_WORD}
    for sentence in sentences(bare):
        if _is_phrase(_comparable(sentence), sources):
            continue  # the brand's own words ("That made our day") state no time
        for word in _WORD.findall(sentence.lower()):
            unit = _TIME_WORD.get(word)
            if unit and unit not in stated_units:
                found.append(Fact("time", word))
    markdown = _MARKDOWN.search(cased)
    if markdown:
        found.append(Fact("markdown", markdown.group(0).strip()))
    found += [Fact("name", name) for name in _names(bare, sources)]
    unique: dict[tuple[str, str], Fact] = {}
    for fact in found:
        unique.setdefault((fact.kind, fact.token.lower()), fact)
    return list(unique.values())


# The longest link a browser or server takes (2,048 characters, as most do): one longer is a
# hostile run ("https://a.b/?q=" repeated through a 200 KB article), blanked without compiling it
# as a pattern, which costs 0.7 s for 190,000 characters.
LONGEST_LINK = 2048


def _without_links(text: str) -> str:
    """`text` with its links and handles blanked (their parts are not numbers or names): every
    occurrence of each, in any case."""
    for link in sorted(find_links(text), key=lambda link: -len(link.text)):
        if len(link.text) <= LONGEST_LINK or len(text.lower()) != len(text):
            text = re.sub(re.escape(link.text), " ", text, flags=re.I)
        else:
            text = _blanked(text, link.text.lower())
    return _HANDLE.sub(" ", _THREAD_MARK.sub(" ", text))


def _blanked(text: str, lowered: str) -> str:
    """`text` with each occurrence of `lowered` (in any case) as one space; `text.lower()` is as
    long as `text`, so its positions are the text's."""
    folded, kept, at = text.lower(), [], 0
    while (found := folded.find(lowered, at)) >= 0 and lowered:
        kept += [text[at:found], " "]
        at = found + len(lowered)
    return "".join(kept) + text[at:]


def _link_spellings(text: str) -> list[str]:
    """The text as written, and as a link hidden in it would read: letters spaced out joined up
    ("e v i l . c o m"), words reversed ("moc.elpmaxe"), "name at domain dot com" as an email."""
    spaced = re.sub(r"(?<!\S)(?:\S[ \t]){3,}\S(?!\S)", lambda m: m.group(0).replace(" ", "").replace("\t", ""), text)
    spaced = re.sub(r"(?<=\w)\s+\.\s+(?=\w)", ".", spaced)
    reversed_words = " ".join(word[::-1] for word in text.split() if "." in word or "/" in word)
    at_sign = re.sub(r"(?<=\w)\s*(?:[\[({<]\s*at\s*[\])}>]|\s at\s|\s@\s)\s*(?=[\w-]+\s*(?:\.|[\[({]\s*dot\s*[\])}]|\sdot\s))", "@", text, flags=re.I)
    return list(dict.fromkeys([text, spaced, reversed_words, at_sign]))


def _names(text: str, sources: Sources) -> list[str]:
    """Capitalised words that are not the first of a sentence, acronyms and CamelCase words no
    source uses: the names of companies, products and people a draft may not bring in. German
    capitalises every noun, so there only acronyms and CamelCase count."""
    language = detect(text)
    german = language is not None and language.code in ("de", "lb")
    names = []
    for sentence in re.split(r"(?<=[.!?。！？])\s+|\n+", text):
        words = _WORD.findall(sentence)
        signed = bool(re.match(r"\s*[—–~-]", sentence))  # "— Acme Support": a signature has no first word to excuse
        for position, word in enumerate(words):
            bare = word.strip("'’-")
            if len(bare) < 2 or bare.lower() in _SELF or bare.lower() in sources.words:
                continue
            acronym = bare.isupper() and sum(ch.isalpha() for ch in bare) >= 2
            camel = bool(re.search(r"[a-z][A-Z]", bare))
            capital = bare[0].isupper() and (position > 0 or signed) and not german
            if acronym or camel or capital:
                names.append(bare)
    return names


def sentences(text: str) -> list[str]:
    """The sentences of a reply or DM as a reader meets them (thread markers and handles aside)."""
    parts = []
    for line in re.split(r"\n---\n", text):
        for sentence in _SENTENCE_END.split(_THREAD_MARK.sub("", line)):
            if _WORD.search(_HANDLE.sub(" ", sentence)):
                parts.append(sentence.strip())
    return parts


@functools.lru_cache(maxsize=20_000)
def _comparable(sentence: str) -> str:
    """A sentence reduced to what is compared: no handles, links, punctuation or case. Cached: the
    same article sentences are compared for every draft that cites them."""
    text = _without_links(visible(sentence)).lower()
    return " ".join(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text))


def _source_sentences(sources: Sources) -> list[str]:
    if "sentences" not in sources._cache:
        sources._cache["sentences"] = [s for article in sources.articles for s in _article_sentences(article.title, article.reply, article.body)]
    return sources._cache["sentences"]


@functools.lru_cache(maxsize=4096)
def _article_sentences(title: str, reply: str, body: str) -> tuple[str, ...]:
    """An article's sentences, and each pair of neighbours (a draft may join two in one)."""
    text = re.sub(r"(?m)^#+\s*", "", f"{title}.\n{reply}\n{body}")
    pieces = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    return tuple(pieces + [f"{a} {b}" for a, b in zip(pieces, pieces[1:], strict=False)])


def _phrase_patterns(sources: Sources) -> tuple[re.Pattern[str], ...]:
    return _patterns_of(tuple(sources.phrasebook))


@functools.lru_cache(maxsize=16)
def _patterns_of(phrasebook: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The phrasebook's sentences as patterns, compiled once per phrasebook (not once per draft)."""
    patterns = []
    for phrase in phrasebook:
        # Handles and links are not compared; a network's name is one word.
        for sentence in _SENTENCE_END.split(re.sub(r"\{(?:handle|url)\}", "", phrase)):
            words = _comparable(re.sub(r"\{\w+\}", " zzslotzz ", sentence))
            if words:
                patterns.append(re.compile(" ".join(re.escape(w) for w in words.split(" ")).replace("zzslotzz", r"[^\W_]+") + r"(?: |$)"))
    return tuple(patterns)


def _verbatim(sentence: str, sources: Sources) -> bool:
    """True when the sentence is copied from a cited article or is one of the brand's phrases, or is
    one of those phrases followed by a copied sentence ("Hi @sam, Orders ship within …")."""
    said = _comparable(sentence)
    if not said:
        return True
    if "copied" not in sources._cache:
        sources._cache["copied"] = " ".join(_comparable(s) for s in _source_sentences(sources)) + " " + _comparable(sources.article_text)
    copied = sources._cache["copied"]
    if said in copied:
        return True
    return _is_phrase(said, sources, copied)


def _is_phrase(said: str, sources: Sources, copied: str = "") -> bool:
    """True when a compared sentence is one of the brand's phrases, or (given `copied`) one of them
    followed by copied text."""
    for pattern in _phrase_patterns(sources):
        opening = pattern.match(said)
        if opening and (opening.end() >= len(said) or copied and said[opening.end() :].strip() in copied):
            return True
    return False


def unsupported_sentences(text: str, sources: Sources, embed: Embed | None) -> list[tuple[str, str]]:
    """(sentence, why) for each sentence of `text` that no cited article supports and that is not
    one of the brand's pleasantries. Without `embed` only copied sentences pass."""
    waiting = [sentence for sentence in sentences(text) if not _verbatim(sentence, sources)]
    if not waiting:
        return []
    if embed is None or not sources.articles and not sources.phrasebook:
        return [(sentence, "no cited article says this") for sentence in waiting]
    candidates = _source_sentences(sources)
    phrases = [re.sub(r"\{\w+\}", "", s).strip() for phrase in sources.phrasebook for s in _SENTENCE_END.split(phrase) if _WORD.search(s)]
    vectors = _vectors(embed, waiting)  # a sentence met before (a redraft, a repeated attack) is not embedded again
    against = _vectors(getattr(embed, "lasting", embed), candidates + phrases)  # the articles' sentences: kept across processes
    if not len(against):
        return [(sentence, "no cited article says this") for sentence in waiting]
    unsupported = []
    for sentence, vector in zip(waiting, vectors, strict=False):
        scores = against @ vector
        article_scores, phrase_scores = scores[: len(candidates)], scores[len(candidates) :]
        if len(phrase_scores) and float(phrase_scores.max()) >= PHRASEBOOK and _same_polarity(sentence, phrases[int(phrase_scores.argmax())]):
            continue
        if not len(article_scores):
            unsupported.append((sentence, "no cited article says this"))
            continue
        best = int(article_scores.argmax())
        if float(article_scores[best]) < SUPPORTED:
            unsupported.append((sentence, f"no cited article says this (closest: {float(article_scores[best]):.2f})"))
        elif not _same_polarity(sentence, candidates[best]):
            unsupported.append((sentence, f"says more or the opposite of the article (“{candidates[best].strip()[:80]}”)"))
    return unsupported


def _same_polarity(sentence: str, source: str) -> bool:
    """The sentence says it the way the source does: negated only if the source is, and with no
    limitless claim ("at any time", "always") the source doesn't make."""
    said, backing = visible(sentence), visible(source)
    if bool(_NEGATION.search(said)) != bool(_NEGATION.search(backing)):
        return False
    return not _ABSOLUTE.search(said) or bool(_ABSOLUTE.search(backing))


_VECTORS: dict[str, Any] = {}


def _vectors(embed: Embed, texts: list[str]) -> Any:
    """Unit vectors of sentences, each embedded once per process (bounded: dropped whole when full)."""
    import numpy as np

    missing = [text for text in dict.fromkeys(texts) if text not in _VECTORS]
    if missing:
        if len(_VECTORS) > 50_000:
            _VECTORS.clear()
        _VECTORS.update(zip(missing, _unit(np.asarray(embed([_comparable(text) for text in missing]), dtype=np.float32)), strict=False))
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    return np.stack([_VECTORS[text] for text in texts])


def _unit(vectors: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def quotes_instructions(text: str, brand: Brand, sources: Sources) -> str:
    """A run of ECHO_WORDS words the reply shares with the model's instructions that no article or
    phrase of the brand says: the prompt, leaking. '' when there is none."""
    if not brand.instructions:
        return ""
    said = _comparable(text).split()
    instructions = " " + _comparable(brand.instructions) + " "
    allowed = " " + _comparable(sources.article_text) + " " + " ".join(_comparable(p) for p in brand.phrases) + " "
    for start in range(len(said) - ECHO_WORDS + 1):
        run = " " + " ".join(said[start : start + ECHO_WORDS]) + " "
        if run in instructions and run not in allowed:
            return run.strip()
    return ""
