"""The word side of retrieval: BM25 over the articles' chunks, one index per language version,
and the word stems each article uses (for the no-match decision's word coverage)."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path
from typing import Any

from assistant.kb.articles import SENTENCE_BREAK, Article, chunk_kind, chunk_version, tells_of_faults
from assistant.text.days import DAY_KINDS, STATES_DAYS, STATES_HOLIDAYS, holiday_modifiers
from assistant.text.money_told import rose
from assistant.text.needs import is_question, states_a_problem
from assistant.text.problem_words import PROBLEM

STEMS_KEPT = 4096  # texts whose stems `LexicalIndex.query_stems` keeps
# A word of the post telling its fault ("snapped", "peeling") names an article this many times as much
# as a word naming the thing ("arm"): "arm snapped clean off my glasses" is for repairs, not for
# the frame's fit, whose tags say "arms".
FAULT_WEIGHT = 2.0
# Words of a fault that also name what a customer does ("cancelled" is a class we called off and a
# membership they end): they say which happened no more than the thing does.
_DONE_BY_EITHER = "cancel cancelled cancelling refund refunded charge charged return returned keep keeps"


@functools.cache
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from its data module alone: importing scikit-learn
    itself (SciPy with it) takes about 2 s, which a `kb search` would otherwise spend on one list."""
    import importlib.util

    spec = importlib.util.find_spec("sklearn")
    module = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py" if spec and spec.origin else None
    if module is not None and module.is_file():
        found: dict[str, Any] = {}
        exec(compile(module.read_text(encoding="utf-8"), str(module), "exec"), found)  # noqa: S102 - the installed package's own data file
        if isinstance(found.get("ENGLISH_STOP_WORDS"), frozenset):
            return found["ENGLISH_STOP_WORDS"]
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


# A sentence that speaks of what we do or offer ("We clean wedding dresses", "you can pay with
# Klarna", "you pay by card or cash", "walk-ins welcome", "Amex accepted"), as an answer to "do you …" must.
OURS = re.compile(r"\b(?:we|we're|we've|our|us|you can|available|you(?:'ll| will)? pay|welcome|accepted)\b", re.I)


# A measure as an article states one, by the kind a question asks (`text.asks.measured_thing`):
# a price is an amount in a currency ("£4.99", "$20", "99p", "10 pence") or nothing to pay
# ("free", "no charge": "feel free" and "free up space" are no price); a time is a count of its
# units ("3-5 working days", "30 days", "two weeks") or "same day", "next day"; a distance is a
# count of miles or kilometres; how often is "every 3 months", "once a year", "weekly"; where is a
# place of ours or a path in the app ("in your online account", "under Settings > Redeem code",
# "at any shop with the PayPoint sign").
MONEY = re.compile(
    r"[£$€¥]\s?\d|\b\d+(?:[.,]\d+)?\s?(?:p|pence|c|cents?|pounds?|dollars?|euros?|quid|gbp|usd|eur)\b"
    r"|\bfree(?!\s+(?:up|to\s+(?:ask|contact|call|get\s+in\s+touch)|space)\b)(?<!feel\sfree)\b|\bno\s+(?:extra\s+)?(?:charge|cost|fee)\b",
    re.I,
)
_UNITS_OF_TIME = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|yrs?)"
MEASURES = {
    "price": MONEY,
    "duration": re.compile(
        rf"\b\d+(?:\s?(?:-|–|to)\s?\d+)?[\s-]?(?:working\s+|business\s+|calendar\s+)?{_UNITS_OF_TIME}\b"
        rf"|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty)\s+(?:working\s+|business\s+)?{_UNITS_OF_TIME}\b"
        r"|\b(?:same|next)[\s-]day\b|\bovernight\b",
        re.I,
    ),
    "distance": re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:km|kms|kilomet(?:re|er)s?|miles?|mi)\b", re.I),
    "frequency": re.compile(
        r"\bevery\s+(?:\d+(?:\s?(?:-|–|to)\s?\d+)?\s+|few\s+|other\s+|couple\s+of\s+|two\s+|three\s+|six\s+)?(?:minutes?|mins?|hours?|days?|weeks?|months?|years?|nights?|mornings?)\b"
        r"|\b(?:once|twice|\d+\s+times)\s+(?:a|an|per|each)\s+(?:hour|day|week|month|year)\b|\b(?:hourly|daily|weekly|monthly|yearly|annually)\b",
        re.I,
    ),
    "place": re.compile(
        r"\b(?:in|on|under|from|at|via|through)\s+(?:the\s+|your\s+|our\s+|its\s+|any\s+|each\s+)?(?:online\s+)?"
        r"(?:app|website|site|account|settings|menu|tab|page|portal|dashboard|profile|inbox|shop|store|branch|post\s+office)s?\b"
        r"|\s>\s|\bunder\s+(?-i:[A-Z])|\b[\w-]+\.(?:example|com|co\.uk|org)\b",
        re.I,
    ),
    **{"day": STATES_DAYS, "holiday": STATES_HOLIDAYS},  # which days: "Tuesday to Saturday", "at weekends", "on bank holidays" (`text.days`)
}
DONE_WORDS = "ready done takes take turnaround delivered arrives"  # a thing done in a time, as by when is answered (`_measuring`)
# What a question about a measure says beside its thing: what it costs, or how long it takes, is not what it is.
MEASURE_ASKING = {
    "price": "cost costs costing price prices priced fee fees charge charges pay paying much extra more per each roughly approximately approx",
    # ... and when the customer means to do it: "how far in advance can I book for next summer" asks of booking
    "duration": "long take takes taking usually normally roughly approximately advance ahead early soon next this summer winter spring autumn year month week weekend",
    "distance": "far go get travel ride drive",
    "frequency": "often",
    "place": "find see get put enter check view download type look locate",
    # ... and whether we're there at all: "are you open on sundays", "can I get in on a sunday"
    **dict.fromkeys(DAY_KINDS, "open opening close closing shut staffed hours time times usually normally still get getting anyone anybody someone know"),
}


# How a title or heading names an amount gone up (`text.money_told.rose`): "Price rises", "Premium increases".
RISE_NAMES = "rise rises increase increases"
# A web address's word the folder's articles say in at least this share of them is the brand's own (`LexicalIndex.own_words`).
OWN_SHARE = 0.25
# An address is read from its first label, never from a label after a dot inside it: a run of
# 100,000 "a." in a careless article is read once, not again from each of its labels (no address
# starts after a word character or a hyphen, or after one of them and a dot).
_ADDRESS = re.compile(r"(?<![\w-])(?<![\w-]\.)\b(?:[a-z0-9-]+\.)+(?:example|com|co\.uk|org|net|io|app)\b", re.I)

# "Time" counting occasions ("third time this month", "every time I open it", "tried 3 times") is
# no time of day or of service: it names no title's "Opening times" or "Delivery times".
_OCCASION = re.compile(r"\b(?:first|second|third|fourth|fifth|last|next|this|every|each|any|another|one\s+more|\d+(?:st|nd|rd|th)?)\s+times?\b", re.I)
_TIME_WORD = re.compile(r"\btimes?\b", re.I)

# A post longer than this asks more than one thing about more than one thing: whether it names an
# article only by its thing is no longer telling, and reading it whole for a fault costs a hostile
# post of 25,000 characters a quarter of a second.
ONE_QUESTION_CHARS = 600


class LexicalIndex:
    """BM25 over chunk texts (English stop words removed, Snowball stemming). It also knows which
    word stems each article uses, for the no-match decision's word coverage."""

    def __init__(self, ids: list[str], documents: list[str], headings: list[str] | None = None):
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.ids = ids
        self._stemmer = Stemmer.Stemmer("english")
        # One BM25 per language version (the articles as written, then each translation's
        # language): a word's weight is counted among texts in its own language, and an English
        # post is scored against the English texts exactly as in a folder without translations.
        self._parts: dict[int, tuple[list[str], Any]] = {}
        self._stems: dict[int, dict[str, set[str]]] = {}  # version → article → the word stems its texts use
        self._chunk_stems: dict[int, list[frozenset[str]]] = {}  # version → the word stems of each of its chunks
        self._names: dict[str, set[str]] = {}  # article → the word stems of its title and tags, as written
        self._fault_stems: dict[str, frozenset[str]] = {}  # post → `fault_stems`, kept as `_query_stems` is
        self._headings: dict[str, list[frozenset[str]]] = {}  # article → the word stems of each section heading, as written
        self._heading_texts: dict[str, list[str]] = {}  # article → its title and tags, then its section headings, as written
        self._vocabularies: dict[frozenset[int], set[str]] = {}
        self._query_stems: dict[str, frozenset[str]] = {}
        self._documents = list(zip(ids, documents, strict=False))
        self._own: frozenset[str] | None = None  # `own_words`
        self._measures: dict[int, list[tuple[str, frozenset[str], frozenset[str], bool, str]]] | None = None  # `_sentences`
        by_version: dict[int, list[tuple[str, str]]] = {}
        for chunk_id, document in zip(ids, documents, strict=False):
            by_version.setdefault(chunk_version(chunk_id), []).append((chunk_id, document))
        for version, chunks in sorted(by_version.items()):
            part_ids = [chunk_id for chunk_id, _ in chunks]
            tokens = bm25s.tokenize([document for _, document in chunks], stopwords="en", stemmer=self._stemmer, show_progress=False)
            bm25 = bm25s.BM25()
            bm25.index(tokens, show_progress=False)
            self._parts[version] = (part_ids, bm25)
            words = {number: stem for stem, number in tokens.vocab.items()}
            for chunk_id, row in zip(part_ids, tokens.ids, strict=False):
                article, number = chunk_id.rsplit("::", 1)
                self._stems.setdefault(version, {}).setdefault(article, set()).update(words[n] for n in row)
                self._chunk_stems.setdefault(version, []).append(frozenset(words[n] for n in row))
                if version == 0 and number.isdigit() and chunk_kind(int(number)) == "title":
                    self._names.setdefault(article, set()).update(words[n] for n in row)
        for chunk_id, document in zip(ids, documents, strict=False):
            article, number = chunk_id.rsplit("::", 1)
            if chunk_version(chunk_id) == 0 and number.isdigit() and chunk_kind(int(number)) == "title":
                self._heading_texts.setdefault(article, []).insert(0, document)
        self._titles: dict[str, str] = {}  # article → its title, as written
        for chunk_id, heading in zip(ids, headings or [], strict=False):
            article, number = chunk_id.rsplit("::", 1)
            if chunk_version(chunk_id) == 0 and number.isdigit() and chunk_kind(int(number)) == "title" and heading:
                self._titles[article] = heading
            if chunk_version(chunk_id) == 0 and number.isdigit() and chunk_kind(int(number)) == "section" and heading:
                self._headings.setdefault(article, []).append(frozenset(stem for _, stem in self.words(heading)))
                self._heading_texts.setdefault(article, []).append(heading)

    def article_stems(self, article_id: str, read: set[int]) -> set[str]:
        """The word stems an article's texts use, in the language versions `read`."""
        return set().union(*(self._stems.get(version, {}).get(article_id, set()) for version in read))

    def naming(self, query: str, asked: set[str] | None = None) -> dict[str, float]:
        """For each article whose title or tags (as written) name words of `query`, how much they
        name: each such word counts 1 (a word telling the post's fault, FAULT_WEIGHT), shared among
        the titles that name it ("delay" in two titles is half as telling as "spark" in one). The
        brand's own name (`own_words`) names none; a post telling an amount went up names a rise
        (`RISE_NAMES`).
        Only for a post in English, the language the titles are read in ("die" is German's "the").
        `asked`: the query's stems, when already found."""
        from assistant.language import detect

        language = detect(query)
        if language is not None and language.code != "en":
            return {}
        asked = (self.query_stems(query) if asked is None else asked) - self.own_words() - self.query_stems(holiday_modifiers(query))
        if _OCCASION.search(query) and not _TIME_WORD.search(_OCCASION.sub(" ", query)):  # "third time this month" names no "Opening times"
            asked -= self.query_stems("time times")
        if rose(query):  # "the price went up again" names "Price rises" as "price rose" would
            asked |= self.query_stems(RISE_NAMES)
        named = {article: names | self.headings_named(article, asked) for article, names in self._names.items()}
        titles = {stem: sum(stem in names for names in named.values()) for stem in asked}
        faults = self.fault_stems(query)
        shares = {article: sum((FAULT_WEIGHT if stem in faults else 1) / titles[stem] for stem in asked & names) for article, names in named.items()}
        return {article: share for article, share in shares.items() if share}

    def own_words(self) -> frozenset[str]:
        """The stems of the brand's own name: the words of a web address ("quillmark" of
        "quillmark.example", "help.orchard.example") said in at least `OWN_SHARE` of the articles
        as written (of four or more). A post names the brand to thank or blame it ("thanks
        quillmark 🙄"), never to ask for the article whose title says it ("The Quillmark app").
        (The folder's own nouns, "mattress" or "ticket", were tried too: they tell articles apart
        as often as they mislead.)"""
        if self._own is None:
            by_article: dict[str, set[str]] = {}
            for chunk_id, document in self._documents:
                if chunk_version(chunk_id) == 0:
                    labels = {label for address in _ADDRESS.findall(document) for label in address.lower().split(".")[:-1]}
                    by_article.setdefault(chunk_id.rsplit("::", 1)[0], set()).update(labels)
            counts: dict[str, int] = {}
            for labels in by_article.values():
                for label in labels:
                    counts[label] = counts.get(label, 0) + 1
            common = " ".join(label for label, count in counts.items() if len(by_article) >= 4 and count >= OWN_SHARE * len(by_article))
            self._own = frozenset(stem for _, stem in self.words(common)) if common else frozenset()
        return self._own

    def fault_stems(self, query: str) -> set[str]:
        """The stems of the words a post telling one fault tells it with ("arm snapped clean off",
        "the coating is peeling"): an article they name is for what happened, where one named by
        the thing alone ("arm", "lenses") is for the thing. None for a post telling no fault, nor
        for one of several parts (`need_parts`): which of its faults leads is for its words' nearness
        ("my battery went down 3% while typing this. Drops WiFi constantly" is two needs, each
        with its own article)."""
        from assistant.kb.questions import need_parts

        held = self._fault_stems.get(query)
        if held is None:
            told = len(need_parts(query)) == 1 and states_a_problem(query)  # the cheaper test first: a hostile post is many parts
            held = frozenset(
                self.query_stems(" ".join(found.group(0) for found in PROBLEM.finditer(query))) - self.query_stems(_DONE_BY_EITHER) if told else ()
            )
            if len(self._fault_stems) >= STEMS_KEPT:
                self._fault_stems.clear()
            self._fault_stems[query] = held
        return set(held)

    def for_the_fault(self, query: str, named: dict[str, float], ranked: list[str], asked: set[str] | None = None) -> dict[str, float]:
        """`named` (`naming`) without the bonus of a thing's article for a post telling a fault:
        such a post ("the coating on my lenses is peeling off") is for the article on faults the
        retrievers put first (`ranked`: "Repairs and warranty"), not for one named by the thing
        alone ("Lens types and coatings"). An article named by no word of the fault keeps its
        bonus only when no article for faults ranks above it."""
        faults = self.fault_stems(query) if named else set()
        if not faults:
            return named
        stems = self.query_stems(query) if asked is None else asked
        below_a_fault = {article for rank, article in enumerate(ranked) if any(self.for_faults(above) for above in ranked[:rank])}
        return {article: share for article, share in named.items() if self.named_by(article, faults, stems) or article not in below_a_fault}

    def for_faults(self, article_id: str) -> bool:
        """The article's title and tags tell of faults ("Repairs and warranty": broken, snapped,
        scratched), as a post telling one does (`PROBLEM`)."""
        written = self._heading_texts.get(article_id, [])
        return bool(written) and tells_of_faults(written[0])

    def named_by(self, article_id: str, stems: set[str], asked: set[str]) -> bool:
        """Whether the article's title, tags or a heading it sets apart for the post (whose stems
        are `asked`) name one of `stems`."""
        return bool(stems & (self.names_of(article_id) | self.headings_named(article_id, asked)))

    def headings_of(self, article_id: str) -> list[str]:
        """What the article is for, as written: its title with its tags, then its section headings."""
        return list(self._heading_texts.get(article_id, []))

    def headings_named(self, article_id: str, asked: set[str]) -> set[str]:
        """The stems of the article's section headings the post names, of those it says: a heading
        of two words named whole ("missed a payment" names "A missed payment"), one of three or more
        with at most one word unsaid ("the cable is locked into my car" names "Cable stuck in the
        car"): a case the article sets apart."""
        return set().union(
            *(
                heading & asked
                for heading in self._headings.get(article_id, [])
                if len(heading) > 1 and heading <= asked or len(heading) > 2 and len(heading - asked) <= 1
            )
        )

    def title_of(self, article_id: str) -> str:
        """The article's title, as written ("" when the index was given no headings)."""
        return self._titles.get(article_id, "")

    def asked_beside_the_thing(self, query: str, article_ids: list[str], asked: set[str] | None = None) -> str:
        """The article a question asks about when the first of `article_ids` is for a thing's faults
        (its title names the thing, then a fault: "Dishwasher problems", "Robot vacuum won't
        charge"), the post names that article only by the thing, and tells of no fault: "how long is
        the warranty on the dishwasher" asks about the guarantee, whose word "warranty" the
        dishwasher's article never uses. The first of the others named by such a word, or "". A
        post telling of a fault ("the dishwasher leaves food on the plates") keeps the fault's
        article; so does one naming it by its fault ("won't connect to my wifi")."""
        first = article_ids[0]
        title = self.title_of(first)
        fault = PROBLEM.search(title)
        if fault is None or fault.start() == 0 or len(query) > ONE_QUESTION_CHARS:
            return ""
        stems = self.query_stems(query) if asked is None else asked
        naming = stems & (self.names_of(first) | self.headings_named(first, stems))
        if not naming or not naming <= self.query_stems(title[: fault.start()]) or not is_question(query) or states_a_problem(query):
            return ""
        said = self.article_stems(first, self.read_in(query))
        return next((other for other in article_ids[1:] if (stems & (self.names_of(other) | self.headings_named(other, stems))) - said), "")

    def names_of(self, article_id: str) -> set[str]:
        """The word stems of an article's title and tags, as written."""
        return self._names.get(article_id, set())

    def naming_most(self, words: str) -> str:
        """The one article whose title and tags name most of `words`, at least two ("" when none
        does, or two tie): the folder's article on a thing every help centre words alike, such as
        lost property."""
        asked = self.query_stems(words)
        counts = sorted(((len(names & asked), article) for article, names in self._names.items()), reverse=True)
        if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return ""
        return counts[0][1]

    def query_stems(self, query: str) -> set[str]:
        """The stems of a query's content words, as `words` finds them. The texts asked about most
        (an article's title, tags, reply and headings, each post's passage choice reads them) are
        kept: a bounded cache, dropped whole when full."""
        held = self._query_stems.get(query)
        if held is None:
            held = frozenset(stem for _, stem in self.words(query))
            if len(self._query_stems) >= STEMS_KEPT:
                self._query_stems.clear()
            self._query_stems[query] = held
        return set(held)

    def speak_together(self, first: str, second: str, read: set[int]) -> bool:
        """Whether one chunk of the folder, in the language versions `read`, uses a word of `first`
        and a word of `second`: "match" beside "price" is an article on matching prices, where "it
        must match the passport exactly" is not."""
        ones, others = self.query_stems(first), self.query_stems(second)
        return any(stems & ones and stems & others for version in read for stems in self._chunk_stems.get(version, []))

    def measured(self, kind: str, thing: str, article_ids: list[str], read: set[int]) -> str:
        """The first of `article_ids` with a sentence that states a measure of `kind` (`MEASURES`)
        and, with its section's heading or the article's title, names every content word of
        `thing` (what a question asks the measure of: `text.asks.measured_thing`); "" for none, or
        for a thing of no content word but what asking the measure says (`MEASURE_ASKING`: "how much is it")."""
        stating = {article for article, _ in self._measuring(kind, thing, read)}
        return next((article for article in article_ids if article in stating), "")

    def measuring_chunks(self, kind: str, thing: str, article_id: str, read: set[int]) -> list[str]:
        """The chunks of an article whose sentences `measured` reads as stating the measure asked,
        in the article's order: the passage that answers "how much for the block of 20" is the
        section headed "Block bookings" that prices 20 hours, not the reply pricing one lesson."""
        return list(dict.fromkeys(chunk for article, chunk in self._measuring(kind, thing, read) if article == article_id))

    def _measuring(self, kind: str, thing: str, read: set[int]) -> list[tuple[str, str]]:
        """(article, chunk) of each sentence stating a measure of `kind` that names every content word of `thing`."""
        asked = self.query_stems(thing) - self.query_stems(MEASURE_ASKING.get(kind, ""))
        if kind not in MEASURES or not asked and kind not in DAY_KINDS and thing:  # a day, or a measure of nothing but us: any sentence saying one
            return []
        # By when (a duration of no thing: `text.days.asks_by_when`), a sentence of a thing done in that time ("ready in 7 days", not "kept for 90 days")
        return [
            (article, chunk)
            for version in sorted(read)
            for article, kinds, stems, _, chunk in self._sentences().get(version, [])
            if kind in kinds and asked <= stems and (thing or kind != "duration" or self.query_stems(DONE_WORDS) & stems)
        ]

    def chunks_stating(self, kind: str, article_id: str, read: set[int]) -> list[str]:
        """The chunks of an article with a sentence stating a measure of `kind`, of whatever thing,
        in the article's order, its reply first ("usually within 3 working days")."""
        found = {chunk for v in sorted(read) for article, kinds, _, _, chunk in self._sentences().get(v, []) if article == article_id and kind in kinds}
        return sorted(found, key=lambda chunk: int(chunk.rsplit("::", 1)[-1]))

    def stating(self, deed: str, thing: list[str], article_ids: list[str], read: set[int], ours_only: bool = True) -> str:
        """The first of `article_ids` with a sentence that, with its section's heading or the
        article's title, names the deed and every content word of the thing a question asks whether
        we do it to ("can you clean curtains" and "We clean wedding dresses, leather, suede, duvets,
        curtains and rugs"; "do you take amex" and "We take Visa, Mastercard and Amex"); "" for
        none, or for a thing of no content word of its own ("can you just leave it"). The sentence
        speaks of what we do (`OURS`): "Keep the vase away from radiators" offers no vases. The
        evidence asks it of the best article only: "do you take cash" is not answered by the
        lost-property sentence "Keys, cards, cash and other things we find come back with your order"."""
        stating = {article for article, _ in self._stating(deed, thing, read, ours_only=ours_only)}
        return next((article for article in article_ids if article in stating), "")

    def stating_chunks(self, deed: str, thing: list[str], article_id: str, read: set[int]) -> list[str]:
        """The chunks of an article whose sentences `stating` reads as saying we do what was asked,
        in the article's order: "do you take cash?" is the reply ("We take card, Apple Pay, Google
        Pay and cash"), not the section on deposits that MiniLM puts nearer.
        Within the article any sentence naming them counts: "do you do deep cleans?" is the section
        saying "A deep clean is a one-off top-to-bottom clean", not the guarantee's "we come back"."""
        return list(dict.fromkeys(chunk for article, chunk in self._stating(deed, thing, read, ours_only=False) if article == article_id))

    def _stating(self, deed: str, thing: list[str], read: set[int], *, ours_only: bool = True) -> list[tuple[str, str]]:
        """(article, chunk) of each sentence (of ours, unless not `ours_only`) naming the deed and every content word of the thing."""
        named = self.query_stems(" ".join(thing)) - self.own_words()
        if not named:
            return []
        asked = named | self.query_stems(deed)
        return [
            (article, chunk)
            for version in sorted(read)
            for article, _, stems, ours, chunk in self._sentences().get(version, [])
            if (ours or not ours_only) and asked <= stems
        ]

    def _sentences(self) -> dict[int, list[tuple[str, frozenset[str], frozenset[str], bool, str]]]:
        """For each language version, the articles' sentences (of their replies and sections): the
        article, the kinds of measure the sentence states (`MEASURES`, often none), the stems of
        its words and of its chunk's heading (the article's title or the section's heading),
        whether it speaks of what we do (`OURS`), and its chunk. Read once, when a measure or an offer is first asked."""
        if self._measures is None:
            measures: dict[int, list[tuple[str, frozenset[str], frozenset[str], bool, str]]] = {}
            for chunk_id, document in self._documents:
                article, number = chunk_id.rsplit("::", 1)
                if not number.isdigit() or chunk_kind(int(number)) == "title":
                    continue
                head, _, body = document.partition("\n") if chunk_kind(int(number)) == "section" else document.partition(": ")
                for sentence in SENTENCE_BREAK.split(body):
                    kinds = frozenset(kind for kind, measure in MEASURES.items() if measure.search(sentence))
                    stems = frozenset(stem for _, stem in self.words(f"{head} {sentence}"))
                    measures.setdefault(chunk_version(chunk_id), []).append((article, kinds, stems, bool(OURS.search(sentence)), chunk_id))
            self._measures = measures
        return self._measures

    def vocabulary(self, read: set[int]) -> set[str]:
        """Every word stem the folder's texts use, in the language versions `read` (kept per set of versions)."""
        key = frozenset(read)
        if key not in self._vocabularies:
            self._vocabularies[key] = set().union(*(stems for version in read for stems in self._stems.get(version, {}).values()))
        return self._vocabularies[key]

    def words(self, text: str) -> list[tuple[str, str]]:
        """The content words of `text` (none of scikit-learn's 318 English stop words; BM25's own
        list is 33 words long), each with its stem as the index sees it."""
        import bm25s

        stop = english_stop_words()
        tokens = bm25s.tokenize([text], stopwords="en", show_progress=False, return_ids=False)[0]
        words = [word for word in dict.fromkeys(tokens) if word not in stop]
        return list(zip(words, self._stemmer.stemWords(words), strict=False))

    def read_in(self, query: str) -> set[int]:
        """The language versions a post is read in (chunk thousands): the articles as written, and
        the translations into the post's own language when the folder has some. One rule for both
        retrievers and every score taken from chunks."""
        from assistant.kb.articles import version_number
        from assistant.language import NAMES, detect

        if len(self._parts) <= 1:
            return {0}
        language = detect(query)
        if language is None:
            return set(self._parts)  # too short to tell: the nearest text in any language
        own = version_number(language.code) if language.code in NAMES else -1
        if own in self._parts:
            return {0, own}
        if language.code == "en":
            return {0}
        return set(self._parts)  # a language the folder has no text in: the nearest text in any

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        """The best `n` chunks for `query`, best first: among the articles as written, and among
        the translations into the query's own language when the folder has some."""
        import bm25s

        if not self.ids:
            return []
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=self._stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        found: list[tuple[str, float]] = []
        for version in sorted(self.read_in(query)):
            if version not in self._parts:
                continue
            part_ids, bm25 = self._parts[version]
            top, scores = bm25.retrieve(tokens, k=min(n, len(part_ids)), show_progress=False, n_threads=1)
            found += [(part_ids[int(i)], float(score)) for i, score in zip(top[0], scores[0], strict=False) if score > 0]
        return sorted(found, key=lambda chunk: -chunk[1])[:n]


# The lexical indexes this process built from articles, by their ids and content hashes: a second
# index of the same articles (an evaluation's, a test's) uses the first one's. A few kept, oldest dropped.
_BUILT: dict[tuple[tuple[str, str], ...], LexicalIndex] = {}
BUILT_KEPT = 8


def lexical_of(articles: list[Article]) -> LexicalIndex:
    """The lexical index of `articles` (every chunk of every language version), built once per
    process for the same articles: an article's content hash covers its chunks and headings."""
    key = tuple(sorted((article.id, article.content_hash) for article in articles))
    built = _BUILT.get(key)
    if built is None:
        chunks = [(f"{article.id}::{chunk.number}", chunk.text, chunk.heading) for article in articles for chunk in article.chunks()]
        built = LexicalIndex([chunk[0] for chunk in chunks], [chunk[1] for chunk in chunks], [chunk[2] for chunk in chunks])
        while len(_BUILT) >= BUILT_KEPT:
            _BUILT.pop(next(iter(_BUILT)), None)
        _BUILT[key] = built
    return built
