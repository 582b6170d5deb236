"""What retrieval found for one post, as the no-match decision and the drafter read it: the
articles (`Hit`), the evidence about them (`Evidence`), the floors a threshold decision uses
(`Thresholds`), and the article a question how to reach us is answered by (`reaching_article`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.kb.articles import chunk_kind
from assistant.kb.headings import headed_for_conduct, headed_for_people, headed_for_someone_else, names_a_cover, names_a_guarantee, names_a_harm, names_a_return
from assistant.kb.lexical import LexicalIndex
from assistant.kb.offers import brought_object, offered_object
from assistant.text.asks import (
    AGE_WORDS,
    ALLERGEN_WORDS,
    INJURY_WORDS,
    LOSS_WORDS,
    PROXY_WORDS,
    asks_about_an_allergen,
    asks_for_a_job,
    asks_for_a_judgement,
    asks_for_a_proxy,
    asks_the_way,
    asks_to_price_match,
    asks_where_the_nearest_is,
    asks_who_is_behind,
    tells_an_age,
    tells_of_an_injury,
)
from assistant.text.days import asked_day
from assistant.text.neighbours import NEIGHBOUR_NAMES, tells_of_a_neighbour
from assistant.text.our_work import asks_if_covered, back_after_our_work, badly_done, harmed_by_us


@dataclass(frozen=True)
class Thresholds:
    """The no-match decision: a post is answerable when some retrieved article is at least this
    similar by meaning (cosine) and some is at least this good a word match (BM25). `kb eval`
    calibrates both; a single retriever's decision is the special case with the other at its minimum."""

    dense: float
    lexical: float

    def answerable(self, hits: Sequence[Hit]) -> bool:
        return bool(hits) and self.clears(best_scores(hits))

    def clears(self, best: tuple[float, float]) -> bool:
        """Whether the best (cosine, BM25) among some articles meets both floors."""
        return best[0] >= self.dense and best[1] >= self.lexical

    def passes(self, hit: Hit) -> bool:
        return hit.confidence >= self.dense and hit.lexical >= self.lexical


@dataclass(frozen=True)
class Hit:
    """One article for a query. `score` ranks (fused, or the single retriever's own score);
    `confidence` is the cosine similarity of its best chunk and `lexical` its best BM25 score."""

    article_id: str
    score: float
    confidence: float
    lexical: float = 0.0
    chunk_id: str = ""


LATE_RANK = 3  # among the first this many articles, one with a section for what the post says is late leads
EVIDENCE_DEPTH = 10  # articles the no-match decision (in the pipeline and in `kb eval` alike) looks at
NEARBY = (0.3, 0.4, 0.5)  # cosines at which the folder's chunks near a post are counted
# The words a help centre's contact article names our channels with (`reaching_article`).
CHANNELS = "contact phone call telephone chat email e-mail helpline hotline human person agent"
# ... and the words an article naming our hours uses, for a post asking when we're open.
HOURS = "opening hours open times"
COMPLAINT_WORDS = "complaint complaints complain complaining escalate escalation ombudsman formal"  # what an article on complaints is titled and tagged with
# The words a help centre speaks of jobs with: a post asking whether we're hiring
# (`text.asks.asks_for_a_job`) can be answered only by a folder that uses one. Not "hire": a car or
# a tool is hired too.
JOB_WORDS = "job jobs career careers vacancy vacancies recruit recruiting recruitment"
# The words a help centre tells the way to a place in (`text.asks.asks_the_way`). Not "map": apps
# have maps of chargers, seats and coverage that tell nobody the way.
WAY_WORDS = "directions route bus buses coach shuttle train trains tram metro underground station taxi walk parking transfer transfers"
# The words a help centre says where we are in (`text.asks.asks_where_the_nearest_is`). Not
# "address": an email address is no place.
NEAREST_WORDS = "nearest near closest location locations locator branch branches map maps postcode"
# The words an article recommends in (`text.asks.asks_for_a_judgement`).
JUDGING_WORDS = "best better recommend recommended recommends ideal suit suits suited suitable"
# The words a help centre names who is behind a thing with, by the deed asked about
# (`text.asks.asks_who_is_behind`): who makes it is its maker or manufacturer, who owns it the
# owner or parent company. ("Made", "own" and "take" say too much else: "made the next working
# day", "your own cable".)
BEHIND_WORDS = {
    "make": "maker makers manufacturer manufacturers manufactured",
    "own": "owner owners ownership shareholder shareholders",
    "take": "photographer photographers",
    "design": "designer designers",
    "build": "builder builders",
    "found": "founder founders founded",
    "supply": "supplier suppliers",
    "choose": "buyer buyers curator curators curated selector selectors committee panel programmer programmers",
}
# The words an article on matching another seller's price speaks of it with (`Evidence.matching_unnamed`).
MATCHING_WORDS = "match matching matched beat"
# ... beside one of these in the same chunk: "match" alone is also a name that "must match the
# passport exactly", or a substitute that is "a close match".
PRICE_WORDS = "price prices priced pricing cheaper cheapest lower lowest quote quotes"


@dataclass(frozen=True)
class Evidence:
    """What retrieval found for one post: the best articles (hybrid, best first), each retriever's
    own first choice, the post's content words, those the folder never uses, and those the best
    article uses."""

    query: str
    hits: list[Hit]
    dense_top: str
    lexical_top: str
    words: tuple[str, ...]
    unknown: tuple[str, ...]
    covered: tuple[str, ...] = ()
    answer: float = 0.0  # cosine of the best article's best chunk that is not its title (its reply or a section)
    nearby: tuple[int, ...] = (0,) * len(NEARBY)  # the folder's chunks (of the CANDIDATES nearest) within each NEARBY cosine
    as_fused: tuple[Hit, ...] = ()  # the same articles in the retrievers' own order, where `hits` put a named one first
    reach: str = ""  # for a post asking how to reach us, the article whose title and tags name our channels (`reaching_article`)
    complaints: str = ""  # for a post asking how to complain, the article whose title and tags name complaints (`reaching_article`)
    conduct: bool = False  # the post tells how our people behaved to the customer (`text.asks.tells_of_conduct`)
    measured: str = ""  # for a question asking a price, how long, how far or how often, the article with a sentence stating it for the thing asked (`LexicalIndex.measured`)
    measure: str = ""  # ... and which of those it asks (`text.asks.measured_thing`)
    offered: str = ""  # for a question asking whether we do a thing, the article with a sentence saying the deed and the thing (`LexicalIndex.stating`)
    paying: str = ""  # for a question asking to pay with what the best article doesn't name ("with cash"), another article with a sentence of ours naming it (`LexicalIndex.stating`)
    brought: str = ""  # for a question whether a thing may come along, the first of the nearest articles with a sentence naming it (`LexicalIndex.stating`)
    lost: str = ""  # for a post telling of a thing lost or left with us, the article whose title and tags name a loss (`reaching_article`)
    told: str = ""  # the folder's article on the post's case, told or asked by a closed class of words (`TOLD`: someone hurt, an age, an allergen)
    told_of: str = ""  # ... and which case that is ("tells of someone hurt")
    jobs_unnamed: bool = False  # the post asks whether we're hiring, and no article uses a word of `JOB_WORDS`
    way_unnamed: bool = False  # the post asks the way to a place, and no article uses a word of `WAY_WORDS`
    neighbour_unnamed: bool = False  # the post tells of a neighbour's thing or doing, and no article found names neighbours (`text.neighbours`)
    offer_tagged: bool = False  # what the post asks whether we offer, but its last word, is two words or more the nearest article's title and tags say in a row ("puppy intro" of "puppy intro sessions")
    nearest_unnamed: bool = False  # the post asks where our nearest place is, and no article uses a word of `NEAREST_WORDS`
    judging_unnamed: bool = False  # the post asks which is best, and the nearest article uses no word of `JUDGING_WORDS`
    matching_unnamed: bool = False  # the post asks whether we match a price, and no article uses a word of `MATCHING_WORDS`
    behind_unnamed: bool = False  # the post asks who makes, owns, designed or chose a thing, and no article uses a word of `BEHIND_WORDS` for it
    days_unsaid: str = ""  # the day of ours the post asks of ("christmas eve", "sundays": `text.days`), when none of its articles says days of that kind
    wordless: bool = False  # the post has no word of letters of its own (emoji, numbers, handles), however `clean_query` reads its emoji

    @property
    def retrieved(self) -> list[Hit]:
        """The articles in the order the retrievers' scores put them: what the no-match decision
        reads (`hits` may put first an article whose title the post names: `KnowledgeIndex.named_first`)."""
        return list(self.as_fused) or self.hits

    @property
    def asked_for(self) -> set[str]:
        """The articles the post asks for by what it is (a way to reach us, a price or another
        measure, a thing we do, lost property, the article on its case: `told`), whatever its
        words' nearness. Where complaints go is not among them: a clause asking it ("… still
        nothing. who do I complain to") is about the need beside it."""
        return {self.reach, self.measured, self.offered, self.brought, self.lost, self.told} - {""}

    @classmethod
    def of_hits(cls, hits: list[Hit], query: str = "") -> Evidence:
        """Evidence that is only ranked articles (no word counts): what a bare list of hits says."""
        return cls(query, hits, "", "", (), ())

    @property
    def kind(self) -> str:
        """Which part of the best article matched: its title and tags, its approved reply, or a section."""
        if not self.hits:
            return ""
        number = self.retrieved[0].chunk_id.rsplit("::", 1)[-1]
        return chunk_kind(int(number)) if number.isdigit() else "section"


def best_scores(hits: Sequence[Hit]) -> tuple[float, float]:
    """The best cosine and the best BM25 among these articles (what thresholds are compared with)."""
    return (max(h.confidence for h in hits), max(h.lexical for h in hits)) if hits else (0.0, 0.0)


# How an article says a thing may come along: "dogs … travel free", "assistance dogs are welcome".
MAY_COME = ("welcome", "allowed", "permitted", "travel", "carry", "carried", "bring", "come")


def with_unnamed_asks(evidence: Evidence, lexical: LexicalIndex, vocabulary: set[str], read: set[int], nearest: set[str]) -> Evidence:
    """`evidence` with what its post asks of a kind only an article using its words answers
    (whether we're hiring, the way to a place, where our nearest is, who is behind a thing, whether
    we match a price; and days of ours that none of the articles it found says: `days_unsaid`;
    and the folder's article on what the post tells of by a closed class of words: `told`)
    marked unnamed when the folder's `vocabulary` (in the versions `read`) has none of them; and
    which thing is best, when the `nearest` article's own stems have none ("best" and "recommend"
    are in most folders somewhere)."""
    query = evidence.query
    if asks_for_a_job(query):
        evidence = replace(evidence, jobs_unnamed=not (lexical.query_stems(JOB_WORDS) & vocabulary))
    if asks_for_a_judgement(query):  # the nearest article's own words (`nearest`, its stems): "best" is common elsewhere
        evidence = replace(evidence, judging_unnamed=not (lexical.query_stems(JUDGING_WORDS) & nearest))
    if asks_the_way(query):
        evidence = replace(evidence, way_unnamed=not (lexical.query_stems(WAY_WORDS) & vocabulary))
    if asks_where_the_nearest_is(query):
        evidence = replace(evidence, nearest_unnamed=not (lexical.query_stems(NEAREST_WORDS) & vocabulary))
    if deed := asks_who_is_behind(query):
        evidence = replace(evidence, behind_unnamed=not (lexical.query_stems(BEHIND_WORDS[deed]) & vocabulary))
    if tells_of_a_neighbour(query):  # "my neighbour's burglar alarm has been going off": no thing of ours, unless an article speaks of neighbours
        spoken = any(NEIGHBOUR_NAMES.search(text) for hit in evidence.hits for text in lexical.headings_of(hit.article_id))
        evidence = replace(evidence, neighbour_unnamed=not spoken)
    if evidence.hits and len(offered := offered_object(query)) >= 3:  # "do you do puppy intro sessions?" and "Puppies" tagged "puppy intro"
        titled = lexical.headings_of(evidence.hits[0].article_id)[:1]  # its title with its tags, as written (a run of words may span two tags)
        evidence = replace(
            evidence, offer_tagged=any(f" {' '.join(offered[start:-1])} " in f" {text.lower()} " for text in titled for start in range(len(offered) - 2))
        )
    if asks_to_price_match(query):
        evidence = replace(evidence, matching_unnamed=not lexical.speak_together(MATCHING_WORDS, PRICE_WORDS, read))
    for told_of, tells, named, headed in TOLD:  # "twisted her ankle at your leeds park": the article on injuries
        # (A measure asked is the article's stating it: "how much are tickets for 2 adults and a 6 year old".)
        if not evidence.measure and (said := tells(query)) and (article := told_article(lexical, evidence.hits, named, said, read, headed)):
            evidence = replace(evidence, told=article, told_of=told_of)
            break
    for promised, asks, naming in PROMISED:  # "the screen you fitted … stopped responding again": the article on our warranty
        if not evidence.told and asks(query) and (article := promise_article(lexical, evidence.hits, naming)):
            evidence = replace(evidence, told=article, told_of=promised)
    kind, day, _ = asked_day(query)  # "are you open on Christmas Eve?" and no article near it names a holiday
    stating = [hit.article_id for hit in evidence.hits if lexical.chunks_stating(kind, hit.article_id, read)] if kind else []
    if kind and not stating:
        evidence = replace(evidence, days_unsaid=day)
    elif (
        evidence.reach and stating and evidence.reach not in stating
    ):  # "are you open on boxing day?": the article saying which days we close, not the weekday hours
        evidence = replace(evidence, reach=stating[0])
    if brought := brought_object(query):  # "is my dog allowed on?": "dogs on a lead … travel free", "assistance dogs are welcome"
        nearest3 = [hit.article_id for hit in evidence.hits[:3]]
        evidence = replace(evidence, brought=next(filter(None, (lexical.stating(may, [brought], nearest3, read, ours_only=False) for may in MAY_COME)), ""))
    return evidence


def reaching_article(lexical: LexicalIndex, hits: Sequence[Hit], words: str = CHANNELS, least: int = 2) -> str:
    """Among these articles, the one whose title and tags name most of our channels (contact,
    phone, call, chat, email…: `CHANNELS`), at least two, the better ranked on a tie; "" for none.
    Every help centre's "Contact us" names them, and an article that merely mentions a phone
    ("two-step codes by text to your phone") names one at most. `words`: the channels, or with
    them the words of our hours for a post asking when we're open; or the words of complaints
    (`COMPLAINT_WORDS`, `least` 1) for a post asking how to complain: the article that names the
    most of them is the complaints article, or the contact article tagged for complaints."""
    channels = lexical.query_stems(words)
    named = [(len(lexical.names_of(hit.article_id) & channels), -rank, hit.article_id) for rank, hit in enumerate(hits)]
    best = max(named, default=(0, 0, ""))
    return best[2] if best[0] >= least else ""


# What an article on complaints about our people is titled or tagged with, beside a word of
# complaints: "Complaints about a store or a colleague" [rude, staff], "Feedback about a driver".
CONDUCT_NAMES = "rude staff colleague colleagues behaviour behavior manager feedback attitude"


def conduct_article(lexical: LexicalIndex, hits: Sequence[Hit]) -> str:
    """Among these articles, the best ranked whose title and tags name complaints (or feedback)
    and our people's conduct, or with a section headed for complaints about our people
    (`headed_for_conduct`: "Complaints about a crew" in the contact article), for a post telling
    how our people behaved; "" for none. A contact article only tagged "complaint" says where
    complaints go in general, which the post didn't ask."""
    complaints, conduct = lexical.query_stems(f"{COMPLAINT_WORDS} feedback"), lexical.query_stems(CONDUCT_NAMES)

    def answers(article_id: str) -> bool:
        names = lexical.names_of(article_id)
        return bool(names & complaints and names & conduct) or any(headed_for_conduct(heading) for heading in lexical.headings_of(article_id)[1:])

    return next((hit.article_id for hit in hits if answers(hit.article_id)), "")


# What a post tells or asks by a closed class of words, the first that holds, and the words the
# folder's article on it is titled and tagged with: "If someone is hurt" [injury, accident, first
# aid], "Ages and supervision" [minimum age, under 5], "Allergens and dietary needs" [nuts,
# gluten]. The post's words are the body's, the place's, the child's or the dish's ("twisted her
# ankle at your leeds park", "my son is 10, can he come on his own?", "does the banana bread have
# nuts in it"), or the rule it broke, not the article's.
# A case may also be answered by the one article among those found with a section headed for it
# ("Adding someone to your account" in the account article), when no article is titled for it.
TOLD: tuple[tuple[str, Callable[[str], bool | str], str, Callable[[str], bool] | None], ...] = (
    ("tells of someone hurt", tells_of_an_injury, INJURY_WORDS, None),
    ("tells someone's age", tells_an_age, AGE_WORDS, None),
    ("asks about an allergen", asks_about_an_allergen, ALLERGEN_WORDS, None),  # "does the banana bread have nuts in it": the article must name nuts
    ("asks for someone of theirs to act or share", asks_for_a_proxy, PROXY_WORDS, headed_for_someone_else),  # "can my brother go to the unit without me"
    ("asks whether we're hiring", asks_for_a_job, JOB_WORDS, None),  # "are you looking for a cello teacher?": the jobs article, not the teachers'
)


def told_article(lexical: LexicalIndex, hits: Sequence[Hit], named: str, said: bool | str, read: set[int], headed: Callable[[str], bool] | None = None) -> str:
    """The folder's one article whose title and tags name most of `named` (at least two), when
    retrieval found it among its articles; else, for a case with a `headed` rule, the one article
    found with a section headed for it; "" for none. `said`, when words ("nuts"): what the post
    asks of the case, which the article must use somewhere (an article on pollen allergies can't
    say whether a hamper has nuts)."""
    article = lexical.naming_most(named)
    if not any(hit.article_id == article for hit in hits):
        sectioned = [hit.article_id for hit in hits if headed and any(headed(heading) for heading in lexical.headings_of(hit.article_id)[1:])]
        article = sectioned[0] if len(sectioned) == 1 else ""
    if not article:
        return ""
    return article if said is True or lexical.query_stems(str(said)) & lexical.article_stems(article, read) else ""


# What a post tells or asks of our work and our promise on it (`text.our_work`), and what the
# article answering it is named or headed with, in turn: a fault come back after our work is
# answered by the article on the fault again, else on our guarantee; whether a harm is covered, by
# the one on a guarantee, a warranty or insurance (the best ranked of them).
PROMISED: tuple[tuple[str, Callable[[str], bool], tuple[Callable[[str], bool], ...]], ...] = (
    ("tells of a fault come back after our work", back_after_our_work, (names_a_return, names_a_guarantee)),
    ("asks whether what it tells of is covered", asks_if_covered, (names_a_cover,)),
    ("tells of a harm we did to their thing", harmed_by_us, (names_a_harm, names_a_return, names_a_cover)),
    ("tells of our work badly done", badly_done, (names_a_return, names_a_guarantee)),
)
PROMISED_CASES = frozenset(case for case, _, _ in PROMISED)  # each clause of such a post tells the one case: no clause is a need of its own


def promise_article(lexical: LexicalIndex, hits: Sequence[Hit], named: tuple[Callable[[str], bool], ...]) -> str:
    """Among these articles, the best ranked whose title, tags or headings the first rule of
    `named` holds for, else the next rule's ("Our repair warranty" [broke again, not fixed],
    "Booking a repair" with "The same fault came back"); "" for none. The post's words are the
    thing's and its fault's, which the article on the thing's faults names better."""
    for names in named:
        found = next((hit.article_id for hit in hits if any(names(text) for text in lexical.headings_of(hit.article_id))), "")
        if found:
            return found
    return ""


def lost_property_article(lexical: LexicalIndex, hits: Sequence[Hit], thing: str = "", *, person: bool = False) -> str:
    """The folder's article on lost property (its title and tags name a loss: `LOSS_WORDS`), for a
    post telling of `thing` lost or left with us, wherever among its articles retrieval ranks it
    (the post's words are the thing's and the place's: "dropped my sunglasses on the pirate ship
    ride"); "" when one of the first LATE_RANK articles names the thing itself ("lost my annual
    season ticket on the way home" is answered by the article on season tickets, which says how to
    replace one). For someone lost (`person`), only when one of its sections is headed for people
    ("Lost children"): a train's lost property office is no answer for a lost child."""
    lost = lexical.naming_most(LOSS_WORDS)
    if all(hit.article_id != lost for hit in hits):  # cited from what retrieval found, among its EVIDENCE_DEPTH
        return ""
    if person:
        return lost if any(headed_for_people(heading) for heading in lexical.headings_of(lost)[1:]) else ""
    named = lexical.query_stems(thing)
    return "" if any(hit.article_id != lost and lexical.names_of(hit.article_id) & named for hit in hits[:LATE_RANK]) else lost
