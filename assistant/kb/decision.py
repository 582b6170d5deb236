"""The no-match decision: does any article answer this post? One function for the pipeline and the
evaluations alike, looking at the same evidence (`KnowledgeIndex.evidence`) and triage's intent.

Two kinds of decision:
- `Thresholds`: cosine and BM25 floors (NO_MATCH_* settings, or a calibration from an earlier release);
- `Learned`: a logistic regression over the evidence's features, learned from labelled cases by
  `kb eval --save` and stored as plain numbers in JSON (no pickled code is ever loaded).

Thanks, praise and spam need no article whichever decision is used: the card says so instead of
"no match".
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.kb.evidence import NEARBY, Evidence, Hit, Thresholds
from assistant.kb.lexical import MEASURE_ASKING
from assistant.kb.offers import (
    COMING_WORDS,
    asks_when_something_new_opens,
    asks_why_prices_are_high,
    brought_object,
    deed_object,
    given_object,
    means_object,
    measured_head,
    offered_object,
    works_with_object,
)
from assistant.kb.questions import need_parts, question_parts, stated_needs
from assistant.text.asks import asks_to_price_match, measured_thing, opens_asking_how_to_reach_us

NO_ARTICLE_INTENTS = {
    "praise": "thanks or praise needs no article",
    "spam": "spam needs no reply",
    "dm": "the customer took it to a direct message: answer it there",
    "follow-up": "the customer says it isn't solved but not what it is: no article can tell",
    "answer": "the customer answers a question from earlier messages: read them before replying",
    "mixed": "praise words that may be sarcasm: a person reads the tone before anyone replies",
}
INTENTS = ("question", "complaint", "venting", "praise", "spam", "dm", "follow-up", "answer", "mixed")
FEATURES = (
    "cosine",  # the best article's best chunk, by meaning
    "bm25",  # log(1 + the best word match)
    "margin",  # fused score of the best article minus the runner-up's
    "agree",  # dense and lexical retrieval chose the same first article
    "title_chunk",  # the best chunk is the article's title and tags
    "reply_chunk",  # ... or its approved reply (else a section)
    "words",  # log(1 + content words in the post)
    "covered",  # share of the post's content words the best article uses
    "unknown",  # share of the post's content words the folder never uses
    "answer",  # cosine of the best article's reply or section closest to the post (not its title)
    "complaint",
    "venting",
    "covered_words",  # log(1 + the post's content words the best article uses)
    *(f"near_{round(floor * 100)}" for floor in NEARBY),  # log(1 + the folder's chunks within that cosine of the post)
)
# The learned decision's cut-off flags at most this share of answerable posts as "no match", judged
# on probabilities each training case got from a model that did not see it: losing an answer costs
# the customer a substantive reply.
LOSS_BUDGET = 0.035
# A draft the learned decision gives less than this is sent to the agent with a flag to check that
# its article answers what was asked. Over the labelled sets' day-one drafts, about one in eight
# falls below it, and two in five of those are wrong (a post no article fits, next to one; or
# another article), against one in five of all drafts.
UNSURE = 0.5
REGULARISATION = 0.05  # scikit-learn's C: strong, for a few hundred cases and a dozen features
DECISION_VERSION = 3


@dataclass(frozen=True)
class Verdict:
    """The decision for one post. `probability` is the learned chance an article answers it (None
    for thresholds); `reason` is what the card says when no article is used."""

    answerable: bool
    reason: str = ""
    probability: float | None = None
    needs_no_article: bool = False
    article: str = ""  # the article to cite when it is not the best retrieved (`_asked_for`)


def features(evidence: Evidence, intent: str = "question") -> list[float]:
    hits = evidence.retrieved
    if not hits:
        return [0.0] * len(FEATURES)
    best = hits[0]
    margin = best.score - (hits[1].score if len(hits) > 1 else 0.0)
    kind = evidence.kind
    words = len(evidence.words)
    return [
        best.confidence,
        math.log1p(max(h.lexical for h in hits)),
        margin,
        float(evidence.dense_top == evidence.lexical_top == best.article_id),
        float(kind == "title"),
        float(kind == "reply"),
        math.log1p(words),
        len(evidence.covered) / words if words else 0.0,
        len(evidence.unknown) / words if words else 1.0,
        evidence.answer,
        float(intent == "complaint"),
        float(intent == "venting"),
        math.log1p(len(evidence.covered)),
        *(math.log1p(count) for count in evidence.nearby),
    ]


class Decision(Protocol):
    name: str

    def decide(self, evidence: Evidence, intent: str = "question") -> Verdict: ...

    def passes(self, hit: Hit) -> bool: ...

    def close_in_meaning(self, hit: Hit) -> bool: ...

    def describe(self) -> dict[str, Any]: ...


def as_decision(decision: Decision | Thresholds) -> Decision:
    return ThresholdDecision(decision) if isinstance(decision, Thresholds) else decision


def doubt(verdict: Verdict | None) -> str:
    """What the card says when the decision gave an article to a post it is unsure of ('' when it
    is sure enough, decided without a probability, or given its article by a rule: `_asked_for`)."""
    if verdict is None or not verdict.answerable or verdict.article or verdict.probability is None or verdict.probability >= UNSURE:
        return ""
    return f"unsure an article answers this ({verdict.probability:.0%} likely by the learned decision): check the reply answers what was asked"


_MEASURE_ASKED = {
    "price": "a price",
    "duration": "how long",
    "distance": "how far",
    "frequency": "how often",
    "place": "where",
    "day": "which days",
    "holiday": "whether we work on a holiday",
}  # how the card says it


def _asked_for(evidence: Evidence, verdict: Verdict) -> Verdict:
    """`verdict`, or the article the post asks for by what it is, whatever its words' nearness. A
    post asking how to reach us ("what's your phone number", "is there a number I can ring"),
    or when ("are you open on sundays"), or saying only that it reached us and heard nothing
    ("emailed you a week ago and heard nothing"), that the evidence left without an article is answered by
    the folder's contact article (or the one on our opening hours) when
    retrieval found it (`Evidence.reach`): such a post is short, so its words say little, yet every
    help centre answers it. So is a question asking a price ("how much is a year"), how long, how
    far, how often or where, by the article with a sentence stating it (`Evidence.measured`). A post some article already answers
    keeps its own, except that one asking how to complain is answered by the article saying where
    complaints go (`Evidence.complaints`) unless the decision is sure of another (`UNSURE`): "I
    want to complain about a member of staff" shares words with the article on seats, not with
    the complaint."""
    if verdict.needs_no_article:
        return verdict
    if evidence.paying:  # "can I pay for a bulky collection with cash": the article saying how we're paid answers, not the collection's
        return Verdict(
            True, "asks to pay with what the nearest article doesn't name: the article that does answers", verdict.probability, article=evidence.paying
        )
    sure = verdict.answerable and (verdict.probability is None or verdict.probability >= UNSURE)
    # "I want to complain about a member of staff": where complaints go answers it, whatever they are about; how our people behaved, however sure of another
    if evidence.complaints and (not sure or evidence.conduct):
        return Verdict(True, "asks how to complain: the article saying where complaints go answers", verdict.probability, article=evidence.complaints)
    if verdict.answerable and evidence.reach and _only_asks_to_reach_us(evidence):
        return Verdict(True, "asks how to reach us: the contact article answers", verdict.probability, article=evidence.reach)
    if verdict.answerable or not evidence.asked_for:
        return verdict
    if evidence.measured:  # "how much is plus": short, and only the sentence stating the price names its thing
        asked = _MEASURE_ASKED.get(evidence.measure, "a measure")
        return Verdict(True, f"asks {asked}: the article stating it for the thing asked answers", verdict.probability, article=evidence.measured)
    if evidence.offered:  # "can you clean curtains": short, and only the sentence saying we do names the thing
        return Verdict(True, "asks whether we do a thing: the article saying we do it answers", verdict.probability, article=evidence.offered)
    if evidence.brought:  # "is my dog allowed on?": short, and only the sentence naming dogs says whether
        return Verdict(True, "asks whether a thing may come along: the article saying so answers", verdict.probability, article=evidence.brought)
    if evidence.lost:  # "left my sunglasses on the pirate ship ride": short, and its words are the thing's, not the article's
        return Verdict(True, "tells of a thing or someone lost or left with us: the lost property article answers", verdict.probability, article=evidence.lost)
    if evidence.told:  # "twisted her ankle at your leeds park", "my son is 10": the words are the case's, not the article's
        return Verdict(True, f"{evidence.told_of}: the folder's article on it answers", verdict.probability, article=evidence.told)
    return Verdict(
        True, "asks how or when to reach us: the article saying so answers (contact, hours or closures)", verdict.probability, article=evidence.reach
    )


def _only_asks_to_reach_us(evidence: Evidence) -> bool:
    """The post's one need is a way to reach us ("whats the number to ring if the boiler packs up at
    night"): the other words say when, not what else is needed, so the article they are nearest
    (boiler cover) answers nothing asked. A post asking another thing as well, telling one before
    the question ("forgot my password, what number do I ring?"), or asking when we are open (the
    article on opening hours), keeps its articles."""
    return (
        not _asks_several(evidence)
        and opens_asking_how_to_reach_us(evidence.query)
        and bool(evidence.retrieved)
        and evidence.retrieved[0].article_id != evidence.reach
    )


def _needs_no_article(evidence: Evidence, intent: str) -> Verdict | None:
    if intent in NO_ARTICLE_INTENTS:
        return Verdict(False, NO_ARTICLE_INTENTS[intent], needs_no_article=True)
    if not evidence.hits:
        return Verdict(False, "no article shares a word or a meaning with this post")
    if evidence.wordless:  # "🏠🔑" reads as "house password"; the customer wrote no word
        return Verdict(False, "says nothing in words: emoji alone ask nothing an article answers")
    if evidence.conduct and not evidence.complaints:  # "the courier was really rude to my mum" and no article says where complaints go
        return Verdict(False, "tells how our people behaved, and no article says where complaints go: a person replies")
    if evidence.jobs_unnamed:  # "are you hiring delivery drivers?" and no article speaks of jobs
        return Verdict(False, "asks whether we're hiring, and no article speaks of jobs")
    if evidence.way_unnamed:  # "best way to get to central library from the station" and no article speaks of getting there
        return Verdict(False, "asks the way to a place, and no article says how to get there")
    if evidence.nearest_unnamed:  # "where's my nearest salon now?" and no article says where we are
        return Verdict(False, "asks where our nearest place is, and no article says where we are")
    if evidence.judging_unnamed:  # "what's the best printer for photos at home" and the printing article recommends nothing
        return Verdict(False, f"asks which is best or what we'd recommend, and '{evidence.retrieved[0].article_id}', the nearest article, recommends nothing")
    if evidence.behind_unnamed:  # "who makes your cameras" and no article names a maker
        return Verdict(False, "asks who makes, owns, designed or chose something, and no article says who")
    if evidence.neighbour_unnamed and not _asks_several(evidence):  # "my neighbour keeps putting his rubbish in my bin" and no article speaks of neighbours
        return Verdict(False, "tells of a neighbour's thing or doing, and no article speaks of neighbours: a person replies")
    if evidence.days_unsaid and not _asks_several(evidence):  # "are you open on Christmas Eve?" and the hours name no holiday
        return Verdict(False, f"asks whether we're open or do it on “{evidence.days_unsaid}”, and no article it is near says which days")
    if asks_why_prices_are_high(evidence.query):  # "why is parking so expensive everywhere now"
        return Verdict(False, "asks why prices are high in general: no article answers for a whole trade")
    if evidence.matching_unnamed:  # "do you price match other pharmacies" and no article speaks of matching
        return Verdict(False, "asks whether we match another seller's price, and no article speaks of matching prices")
    if evidence.told:  # "does the lemon drizzle have egg in it": the allergens article answers what is asked of its case, not the nearest
        return None
    kind, measured = measured_thing(evidence.query)
    named = [word for word in measured_head(measured) if word not in MEASURE_ASKING["price"].split()] if kind == "price" else []
    if named and set(named) <= set(evidence.unknown):  # "how much does a nanny cost in york?" and no article says "nanny"
        return Verdict(False, f"asks the price of “{' '.join(named)}”, a word no article uses")
    offered, means, brought = offered_object(evidence.query), means_object(evidence.query), brought_object(evidence.query)
    opens, works_with = asks_when_something_new_opens(evidence.query), works_with_object(evidence.query)
    (deed, done_to) = ("", []) if offered else deed_object(evidence.query)
    given = [] if offered else [word for word in given_object(evidence.query) if word in evidence.words]
    if not (offered or means or brought or opens or works_with or done_to or given):
        return None
    # What the post asks whether we offer (or allow) must be named by the article that would answer
    # it; in a post asking several things, by some article (each question is weighed on its own).
    several = _asks_several(evidence)
    unknown = set(evidence.unknown) if several else set(evidence.words) - set(evidence.covered)
    where = "no article uses" if several else f"'{evidence.retrieved[0].article_id}', the nearest article, doesn't use"
    unused = [word for word in offered if word in unknown]
    if unused == offered[-1:] and evidence.offer_tagged:  # "puppy intro sessions": the nearest article is tagged for the offer; "sessions" names no kind
        unused = []
    if unused and not evidence.offered:  # "do you do family plans?" and the article on plans doesn't say "family": it can't say yes or no
        return Verdict(False, f"asks whether we offer “{' '.join(unused)}”, {_a_word(unused, evidence, where)}")
    # A deed to a thing ("do you clean offices as well or just homes") names no kind of offer: only
    # a thing whose head (its last word: "music theory" is a theory) the folder never uses is one no
    # article can speak of, whatever its other words ("music" is in the jobs article's "music degree").
    # Matching a price is matching a price, whoever sells it ("would you match the price other
    # pharmacies"): the rule on matching prices weighs it.
    done_to = [word for word in done_to if word in evidence.words]
    if done_to and done_to[-1] in set(evidence.unknown) and not asks_to_price_match(evidence.query):
        return Verdict(False, f"asks whether we {deed} “{' '.join(done_to)}”, {_a_word(done_to, evidence, where)}")
    if given and set(given) <= set(evidence.unknown):  # "is parking free at the salon?" and no article says "parking"
        return Verdict(False, f"asks whether “{' '.join(given)}” is free or included, {_a_word(given, evidence, where)}")
    means = [word for word in means if word in unknown]
    if means and not evidence.paying:  # "can I pay with a credit card?" and the article on paying doesn't say "credit" or "card"
        return Verdict(False, f"asks whether “{' '.join(means)}” is taken or covered, {_a_word(means, evidence, where)}")
    if brought and brought in unknown:  # "can I take a kayak on the train?" and no article says "kayak"
        return Verdict(False, f"asks whether “{brought}” is allowed, {_a_word([brought], evidence, where)}")
    if works_with and works_with in unknown:  # "does the doorbell work with alexa?" and no article says "alexa"
        return Verdict(False, f"asks whether it works with “{works_with}”, {_a_word([works_with], evidence, where)}")
    coming = COMING_WORDS & set(evidence.words)
    if opens and coming and coming <= unknown:  # "when is the new car park opening?" and the article is on opening hours
        return Verdict(False, f"asks when something new opens, and {where.replace(' use', ' speak of')} anything new")
    return None


def _asks_several(evidence: Evidence) -> bool:
    """The post asks several things (each is weighed on its own)."""
    return len(question_parts(evidence.query)) > 1 or sum(stated_needs(need_parts(evidence.query))) > 1


def _a_word(words: list[str], evidence: Evidence, where: str) -> str:
    """How the card says the asked thing is unnamed: by any article, or by the one that would answer."""
    return "a word no article uses" if set(words) <= set(evidence.unknown) else f"a word {where}"


class ThresholdDecision:
    """Floors on the best cosine and the best BM25 among the evidence's articles."""

    name = "thresholds"

    def __init__(self, thresholds: Thresholds):
        self.thresholds = thresholds

    def decide(self, evidence: Evidence, intent: str = "question") -> Verdict:
        early = _needs_no_article(evidence, intent)
        if early:
            return early
        if self.thresholds.answerable(evidence.hits):
            return _asked_for(evidence, Verdict(True))
        return _asked_for(evidence, Verdict(False, f"no article is close enough (needs cosine ≥ {self.thresholds.dense} and BM25 ≥ {self.thresholds.lexical})"))

    def passes(self, hit: Hit) -> bool:
        return self.thresholds.passes(hit)

    def close_in_meaning(self, hit: Hit) -> bool:
        return hit.confidence >= self.thresholds.dense

    def describe(self) -> dict[str, Any]:
        return {"kind": self.name, "dense": self.thresholds.dense, "lexical": self.thresholds.lexical}


@dataclass
class Learned:
    """A logistic regression on standardised `FEATURES`: p(an article answers) = σ(w·z + b).
    Runners-up join the best article when they pass `floor` (cosine, BM25)."""

    weights: list[float]
    intercept: float
    means: list[float]
    scales: list[float]
    cutoff: float
    floor: Thresholds
    features: list[str] = field(default_factory=lambda: list(FEATURES))
    trained_on: dict[str, Any] = field(default_factory=dict)
    name: str = "learned"

    def probability(self, evidence: Evidence, intent: str = "question") -> float:
        values = features(evidence, intent)
        z = self.intercept + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, values, self.means, self.scales, strict=False))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def decide(self, evidence: Evidence, intent: str = "question") -> Verdict:
        early = _needs_no_article(evidence, intent)
        if early:
            return early
        p = self.probability(evidence, intent)
        if p >= self.cutoff:
            return _asked_for(evidence, Verdict(True, probability=p))
        return _asked_for(evidence, Verdict(False, f"no article fits well enough (learned decision: {p:.0%} likely, needs {self.cutoff:.0%})", probability=p))

    def passes(self, hit: Hit) -> bool:
        return self.floor.passes(hit)

    def close_in_meaning(self, hit: Hit) -> bool:
        """As close by meaning alone as nine in ten right answers are (a short question has too
        few words for the rest of the evidence)."""
        return hit.confidence >= self.floor.dense

    def describe(self) -> dict[str, Any]:
        return {"kind": self.name, "cutoff": round(self.cutoff, 4), "trained_on": self.trained_on}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["floor"] = {"dense": self.floor.dense, "lexical": self.floor.lexical}
        return {"version": DECISION_VERSION, **data}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Learned:
        """A saved decision; anything malformed raises ValueError (the caller falls back and says so)."""
        if not isinstance(data, dict) or data.get("version") != DECISION_VERSION or data.get("features") != list(FEATURES):
            raise ValueError("saved for another release's features")
        numbers = [data["weights"], data["means"], data["scales"]]
        if any(len(values) != len(FEATURES) or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values) for values in numbers):
            raise ValueError("weights, means and scales must be one finite number per feature")
        if any(scale <= 0 for scale in data["scales"]):
            raise ValueError("scales must be positive")
        floor = data["floor"]
        return cls(
            [float(v) for v in data["weights"]],
            float(data["intercept"]),
            [float(v) for v in data["means"]],
            [float(v) for v in data["scales"]],
            float(data["cutoff"]),
            Thresholds(float(floor["dense"]), float(floor["lexical"])),
            list(FEATURES),
            dict(data.get("trained_on") or {}),
        )


Example = tuple[list[float], bool]  # a case's features and whether an article answers it


def example(evidence: Evidence, intent: str, answerable: bool) -> Example | None:
    """A labelled case as the learner sees it; None for cases every decision settles the same way
    (thanks, praise, spam, or nothing retrieved)."""
    if _needs_no_article(evidence, intent) is not None:
        return None
    return features(evidence, intent), answerable


def learn(examples: Sequence[Example], *, trained_on: dict[str, Any] | None = None, floor: Thresholds | None = None) -> Learned:
    """Fit the decision on labelled examples.

    Standardised features and an L2-regularised logistic regression with balanced classes (no-fit
    posts are the minority). The cut-off is the highest that flags at most LOSS_BUDGET of the
    answerable posts, judged on out-of-fold probabilities (5 folds), so it is set as it will be used:
    on posts the model has not seen."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    x = np.array([values for values, _ in examples], dtype=float).reshape(-1, len(FEATURES))
    y = np.array([label for _, label in examples], dtype=bool)
    floor = floor or Thresholds(0.0, 0.0)
    if len(examples) < 10 or y.sum() < 5 or (~y).sum() < 5:
        raise ValueError(f"too few labelled cases to learn from ({int(y.sum())} answerable, {int((~y).sum())} with no fitting article; 5 of each at least)")
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales < 1e-9] = 1.0
    z = (x - means) / scales
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=2000)
    folds = StratifiedKFold(n_splits=min(5, int((~y).sum()), int(y.sum())), shuffle=True, random_state=0)
    unseen = cross_val_predict(model, z, y, cv=folds, method="predict_proba")[:, 1]
    positives = np.sort(unseen[y])
    cutoff = float(positives[int(math.floor(LOSS_BUDGET * len(positives)))]) - 1e-9
    model.fit(z, y)
    return Learned(model.coef_[0].tolist(), float(model.intercept_[0]), means.tolist(), scales.tolist(), max(cutoff, 0.0), floor, trained_on=trained_on or {})


def runner_up_floor(answerable: Sequence[Evidence]) -> Thresholds:
    """Runners-up join the best article only when at least this close: the lowest decile of the
    best articles' own scores on answerable posts."""
    import numpy as np

    found = [e for e in answerable if e.hits]
    if not found:
        return Thresholds(0.0, 0.0)
    cosines = [e.hits[0].confidence for e in found]
    words = [e.hits[0].lexical for e in found]
    return Thresholds(round(float(np.percentile(cosines, 10)), 4), round(float(np.percentile(words, 10)), 4))


def calibration_path(data_dir: Path, folder: Path, model: str) -> Path:
    """Where `kb eval --save` keeps the decision for this knowledge folder and embedding model."""
    key = hashlib.sha256(f"{folder.resolve()}|{model}".encode()).hexdigest()[:12]
    return Path(data_dir) / "calibration" / f"{key}.json"


DEFAULT_DECISION = Path(__file__).with_name("default_decision.json")


def load_learned(path: Path) -> Learned | None:
    try:
        return Learned.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
