"""Retrieval evaluation: hit@1, hit@3, MRR and the no-match decision, for hybrid and both baselines.

Cases are JSON Lines `{"text": ..., "expected": ["article-id", ...]}`; `expected: []` means no
article fits and the right outcome is "no match". Extra fields (a replay file's) are ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.kb import evaluation_index_path, open_index, resolve_decision
from assistant.kb.articles import ArticleLimits
from assistant.kb.decision import (
    DEFAULT_DECISION,
    Decision,
    Example,
    Learned,
    ThresholdDecision,
    calibration_path,
    example,
    learn,
    load_learned,
    runner_up_floor,
)
from assistant.kb.evidence import EVIDENCE_DEPTH, Evidence, Thresholds, best_scores
from assistant.kb.folder import load_folder
from assistant.kb.index import KnowledgeIndex, Mode
from assistant.posts import Post
from assistant.progress import tracked
from assistant.sources.replay import sample_posts_path
from assistant.triage import triage

MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
FOLDS = 5
REPEATS = 3  # shuffles of the folds, pooled: one split of a few dozen no-fit posts is noisy


@dataclass(frozen=True)
class Case:
    text: str
    expected: list[str]


@dataclass(frozen=True)
class CaseProblem:
    line: int
    reason: str


@dataclass
class Scores:
    mode: str
    answerable: int
    unanswerable: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    threshold_dense: float
    threshold_lexical: float
    no_match_correct: float  # share of `expected: []` cases flagged no match (thresholds chosen on these cases)
    false_no_match: float  # share of answerable cases wrongly flagged no match
    no_match_accuracy: float  # share of all cases where the match / no-match decision was right
    cross_validated: dict[str, float] | None = None  # the same three, thresholds chosen on other folds

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.threshold_dense, self.threshold_lexical)

    def as_dict(self) -> dict[str, Any]:
        return _rounded(asdict(self))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def load_cases(path: Path) -> tuple[list[Case], list[CaseProblem]]:
    cases: list[Case] = []
    problems: list[CaseProblem] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            text, expected = record["text"], record["expected"]
            if not isinstance(text, str) or not text.strip():
                raise ValueError("'text' must be non-empty text")
            if not isinstance(expected, list) or not all(isinstance(item, str) for item in expected):
                raise ValueError("'expected' must be a list of article ids")
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(CaseProblem(number, f"{type(exc).__name__}: {exc}"))
            continue
        cases.append(Case(text, expected))
    return cases, problems


def _candidates(values: list[float]) -> list[float]:
    ordered = sorted(set(values))
    if not ordered:
        return [0.0]
    return [ordered[0] - 1e-4] + [(a + b) / 2 for a, b in zip(ordered, ordered[1:], strict=False)] + [ordered[-1] + 1e-4]


def calibrate(answerable: list[tuple[float, float]], unanswerable: list[tuple[float, float]], mode: Mode) -> Thresholds:
    """The thresholds that get the most match / no-match decisions right on these cases.

    Each case gives the top article's (cosine, BM25). Dense-only and lexical-only retrievers decide
    on their own score; hybrid needs both. Candidates are midpoints between observed values; ties
    go to lower thresholds, which flag fewer answerable posts as no match.
    """
    import numpy as np

    if not answerable and not unanswerable:
        return Thresholds(0.0, 0.0)
    points = np.array(answerable + unanswerable, dtype=float).reshape(-1, 2)
    truth = np.array([True] * len(answerable) + [False] * len(unanswerable))
    dense = np.array(_candidates(points[:, 0].tolist()) if mode != "lexical" else [-1.0])
    lexical = np.array(_candidates(points[:, 1].tolist()) if mode != "dense" else [0.0])
    # A case is decided right when (passes both) == answerable. For thresholds (d, w), the count is
    # Σ_answerable passes(d)·passes(w) + Σ_no-fit (1 − passes(d)·passes(w)): one matrix product
    # over all pairs, exact in float64 (counts far below 2^53), in blocks of dense thresholds.
    passes_lexical = (points[:, 1][None, :] >= lexical[:, None]).astype(float)  # (W, N)
    sign = np.where(truth, 1.0, -1.0)
    no_fit = float((~truth).sum())
    best = (-1, 0.0, 0.0)
    block = max(1, 4_000_000 // max(1, passes_lexical.size))
    for start in range(0, len(dense), block):
        passes_dense = (points[:, 0][None, :] >= dense[start : start + block, None]).astype(float)  # (B, N)
        correct = np.rint((passes_dense * sign) @ passes_lexical.T + no_fit)  # (B, W)
        first = int(correct.argmax())  # row-major: the lowest dense, then the lowest lexical threshold wins ties
        if correct.flat[first] > best[0]:  # strictly better only: earlier blocks (lower thresholds) win ties
            best = (int(correct.flat[first]), float(dense[start + first // len(lexical)]), float(lexical[first % len(lexical)]))
    return Thresholds(round(best[1], 4), round(best[2], 4))


def evaluate(index: KnowledgeIndex, cases: list[Case], mode: Mode, thresholds: Thresholds | None = None) -> Scores:
    """Score one retriever with a threshold decision. Without `thresholds` it is calibrated on `cases`
    (in sample); `cross_validated_thresholds` gives the held-out figure."""
    ranks, tops = _retrieve(index, cases, mode)
    answerable_top = [top for top, case in zip(tops, cases, strict=False) if case.expected]
    unanswerable_top = [top for top, case in zip(tops, cases, strict=False) if not case.expected]
    chosen = thresholds or calibrate(answerable_top, unanswerable_top, mode)
    labels = [bool(case.expected) for case in cases]
    decided = _decision_scores([not chosen.clears(top) for top in tops], labels)
    answerable = len(answerable_top)
    held_out = None if thresholds else _cross_validated_thresholds(tops, labels, mode)
    return Scores(
        mode=mode,
        answerable=answerable,
        unanswerable=len(unanswerable_top),
        hit_at_1=_share(sum(rank == 1 for rank in ranks), answerable),
        hit_at_3=_share(sum(rank is not None and rank <= 3 for rank in ranks), answerable),
        mrr=_share(sum(1.0 / rank for rank in ranks if rank), answerable),
        threshold_dense=chosen.dense,
        threshold_lexical=chosen.lexical,
        **decided,
        cross_validated=held_out,
    )


def _cross_validated_thresholds(tops: list[tuple[float, float]], labels: list[bool], mode: Mode) -> dict[str, float]:
    def held_out_flags(training: list[int], held_out: list[int]) -> list[bool]:
        chosen = calibrate([tops[i] for i in training if labels[i]], [tops[i] for i in training if not labels[i]], mode)
        return [not chosen.clears(tops[i]) for i in held_out]

    return _pooled_held_out(labels, held_out_flags)


def _pooled_held_out(labels: list[bool], held_out_flags: Any) -> dict[str, float]:
    """For each of REPEATS shuffles into FOLDS stratified folds, `held_out_flags(training, held_out)`
    flags the held-out positions with a decision fitted on the training positions only; the decision
    scores are pooled over every fold and shuffle."""
    flagged: list[bool] = []
    held_labels: list[bool] = []
    shuffles = [_folds(labels, repeat) for repeat in range(REPEATS)]
    splits = [(folds, number) for folds in shuffles for number in range(len(folds))]
    for folds, number in tracked(splits, f"Cross-validating ({REPEATS} shuffles × {FOLDS} folds)"):
        training = [i for other, fold in enumerate(folds) if other != number for i in fold]
        flagged += held_out_flags(training, folds[number])
        held_labels += [labels[i] for i in folds[number]]
    return _decision_scores(flagged, held_labels)


def _retrieve(index: KnowledgeIndex, cases: list[Case], mode: Mode) -> tuple[list[int | None], list[tuple[float, float]]]:
    """Each answerable case's rank of its first expected article, and each case's best (cosine, BM25)
    among the EVIDENCE_DEPTH articles the decision looks at."""
    ranks: list[int | None] = []
    tops: list[tuple[float, float]] = []
    for case in tracked(cases, f"Retrieving every case ({mode})"):
        hits = index.search(case.text, k=EVIDENCE_DEPTH, mode=mode)
        tops.append(best_scores(hits))
        if case.expected:
            ids = [hit.article_id for hit in hits]
            ranks.append(next((position for position, a in enumerate(ids, start=1) if a in case.expected), None))
    return ranks, tops


def _decision_scores(flagged: list[bool], answerable: list[bool]) -> dict[str, float]:
    """How often "no match" was right on no-fit posts, wrong on answerable ones, and right overall."""
    fits = sum(answerable)
    misfits = len(answerable) - fits
    right = sum(flag and not label for flag, label in zip(flagged, answerable, strict=False))
    wrong = sum(flag and label for flag, label in zip(flagged, answerable, strict=False))
    return {
        "no_match_correct": _share(right, misfits),
        "false_no_match": _share(wrong, fits),
        "no_match_accuracy": _share(right + fits - wrong, len(answerable)),
    }


@dataclass(frozen=True)
class Observed:
    """One case as the no-match decision sees it: the pipeline's evidence and triage's intent."""

    evidence: Evidence
    intent: str
    answerable: bool


def observe(index: KnowledgeIndex, cases: list[Case]) -> list[Observed]:
    return [
        Observed(index.evidence(case.text), triage(Post("eval", "case", "customer", case.text)).intent, bool(case.expected))
        for case in tracked(cases, "Reading each case's evidence")
    ]


def score_decision(decision: Decision, observed: list[Observed]) -> dict[str, float]:
    return _decision_scores([not decision.decide(o.evidence, o.intent).answerable for o in observed], [o.answerable for o in observed])


def _folds(labels: list[bool], repeat: int) -> list[list[int]]:
    """FOLDS stratified folds of the case positions, shuffled with seed `repeat`."""
    import random

    shuffled = list(range(len(labels)))
    random.Random(repeat).shuffle(shuffled)
    ordered = [i for i in shuffled if labels[i]] + [i for i in shuffled if not labels[i]]
    return [ordered[f::FOLDS] for f in range(FOLDS)]


def cross_validate(observed: list[Observed], fit: Any) -> dict[str, float]:
    """Held-out figures: each fold is decided by `fit(training cases)` learned on the other folds only."""

    def held_out_flags(training: list[int], held_out: list[int]) -> list[bool]:
        decision = fit([observed[i] for i in training])
        return [not decision.decide(observed[i].evidence, observed[i].intent).answerable for i in held_out]

    return _pooled_held_out([o.answerable for o in observed], held_out_flags)


def fit_thresholds(training: list[Observed]) -> ThresholdDecision:
    tops: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for o in training:
        tops[o.answerable].append(best_scores(o.evidence.hits))
    return ThresholdDecision(calibrate(tops[True], tops[False], "hybrid"))


def fit_learned(training: list[Observed], extra: list[Example] = (), **trained_on: Any) -> Learned:  # type: ignore[assignment]
    examples = [e for o in training if (e := example(o.evidence, o.intent, o.answerable)) is not None]
    floor = runner_up_floor([o.evidence for o in training if o.answerable])
    return learn(examples + list(extra), floor=floor, trained_on=trained_on)


class CrossFitted:
    """Decides each case with a decision learned without it (one shuffle of FOLDS folds), so a
    draft evaluation's no-match figures are out of sample; texts it doesn't know go to `fallback`."""

    name = "cross-fitted"
    folds = FOLDS

    def __init__(self, observed: list[Observed], extra: list[Example], fallback: Decision):
        self.fallback = fallback
        self.by_query: dict[str, Decision] = {}
        folds = _folds([o.answerable for o in observed], 0)
        for number, held_out in enumerate(folds):
            decision = fit_learned([observed[i] for other, fold in enumerate(folds) if other != number for i in fold], extra)
            self.by_query.update({observed[i].evidence.query: decision for i in held_out})

    def decide(self, evidence: Evidence, intent: str = "question") -> Any:
        return self.by_query.get(evidence.query, self.fallback).decide(evidence, intent)

    def passes(self, hit: Any) -> bool:
        return self.fallback.passes(hit)

    def close_in_meaning(self, hit: Any) -> bool:
        return self.fallback.close_in_meaning(hit)

    def describe(self) -> dict[str, Any]:
        return {"kind": self.name, "folds": FOLDS}


def decisions_report(observed: list[Observed], installed: tuple[Decision, str], extra: list[Example]) -> dict[str, Any]:
    """Each no-match decision in sample and cross-validated, and what this installation does."""
    learned = fit_learned(observed, extra)
    installed_decision, source = installed
    return {
        "thresholds": {
            "in_sample": score_decision(fit_thresholds(observed), observed),
            "cross_validated": cross_validate(observed, fit_thresholds),
        },
        "learned": {
            "in_sample": score_decision(learned, observed),
            "cross_validated": cross_validate(observed, lambda training: fit_learned(training, extra)),
            "extra_examples": len(extra),
        },
        "installed": {"source": source, **installed_decision.describe(), "scores": score_decision(installed_decision, observed)},
    }


def _share(count: float, total: int) -> float:
    return count / total if total else 0.0


def bundled_sets() -> dict[str, tuple[Path, Path]]:
    """The labelled sets that come with the product: name → (cases, knowledge folder). The sample
    brand's folder is the repository's `knowledge/`; Brightline's ships inside the package."""
    samples = sample_posts_path()
    return {
        "samples": (samples, Path(__file__).resolve().parents[2] / "knowledge"),
        "brightline": (samples.parent / "brightline" / "posts.jsonl", samples.parent / "brightline" / "knowledge"),
    }


def bundled_examples(settings: Any, case_file: Path | None) -> tuple[list[Example], list[str]]:
    """The bundled sets' labelled examples (stored with the shipped decision, for its embedding
    model), except the set `case_file` is: extra training for a decision learned on few cases."""
    try:
        shipped = json.loads(DEFAULT_DECISION.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    if shipped.get("trained_on", {}).get("embedding_model") != settings.embedding_model:
        return [], []
    own = {name for name, (cases, _) in bundled_sets().items() if case_file is not None and cases.resolve() == case_file.resolve()}
    examples: list[Example] = []
    names = []
    for name, rows in (shipped.get("examples") or {}).items():
        if name in own:
            continue
        names.append(name)
        examples += [([float(v) for v in row[:-1]], bool(row[-1])) for row in rows]
    return examples, names


def new_folder_decision(settings: Any, case_file: Path | None) -> tuple[Learned | None, list[str]]:
    """The decision a new installation would have for this set's folder: learned on the other
    bundled sets only, never on a post of this folder (None when there are too few examples). For
    a folder outside the bundle that is the shipped decision itself, as `run` loads it."""
    extra, names = bundled_examples(settings, case_file)
    shipped = load_learned(DEFAULT_DECISION)
    if shipped is not None and set(names) == set(shipped.trained_on.get("sets", [])):
        return shipped, names
    try:
        return learn(extra, trained_on={"sets": names}), names
    except ValueError:
        return None, names


def _index_for(settings: Any, folder: Path) -> tuple[KnowledgeIndex, Any, Any]:
    settings.require_knowledge_dir(folder)
    index = open_index(settings, evaluation_index_path(settings, folder))
    loaded = load_folder(folder, ArticleLimits.from_settings(settings))
    return index, loaded, index.sync(loaded.articles)


def report_for(settings: Any, folder: Path, case_file: Path, *, save: bool = False) -> dict[str, Any]:
    """Index `folder` into its own index (reused while unchanged), score every retriever on the
    cases, and each no-match decision in sample and cross-validated. `save` stores the decision
    learned on all the cases for this folder and embedding model."""
    index, loaded, sync = _index_for(settings, folder)
    cases, problems = load_cases(case_file)
    index.expect([case.text for case in cases])  # every query embedded in batches, once for all three retrievers
    results = [evaluate(index, cases, mode).as_dict() for mode in MODES]
    observed = observe(index, cases)
    extra, extra_sets = bundled_examples(settings, case_file)
    report: dict[str, Any] = {
        "knowledge": str(folder),
        "cases_file": str(case_file),
        "articles": len(loaded.articles),
        "cases": len(cases),
        "answerable": sum(1 for case in cases if case.expected),
        "unanswerable": sum(1 for case in cases if not case.expected),
        "embedding_model": settings.embedding_model,
        "index_reused": not sync.changed,
        "problems": [str(problem) for problem in loaded.problems] + [f"{case_file}:{p.line}: {p.reason}" for p in problems],
        "results": results,
        "folds": FOLDS,
        "repeats": REPEATS,
        "extra_training_sets": extra_sets,
    }
    try:
        report["decisions"] = _rounded(decisions_report(observed, resolve_decision(settings, folder), extra))
    except ValueError as exc:  # too few labelled cases for a learned decision
        report["decisions"] = {"error": str(exc)}
        return report
    if save:
        learned = fit_learned(
            observed, extra, embedding_model=settings.embedding_model, knowledge=str(folder.resolve()), cases=str(case_file), extra_sets=extra_sets
        )
        path = calibration_path(settings.data_dir, folder, settings.embedding_model)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(learned.to_json(), indent=1), encoding="utf-8")
        report["saved"] = str(path)
    return report


def ship(settings: Any) -> dict[str, Any]:
    """Learn the shipped decision on every bundled set's posts (two brands, so no one folder's
    words teach it), and store their examples beside it (`kb eval --ship`, run by a developer when
    features or samples change). A new installation decides with it from its first post: the
    decision `draft-eval` measures "on a new folder" for any folder outside the bundle."""
    examples: dict[str, list[list[float]]] = {}
    observed: list[Observed] = []
    for name, (case_file, folder) in bundled_sets().items():
        index, _, _ = _index_for(settings, folder)
        cases, _ = load_cases(case_file)
        seen = observe(index, cases)
        observed += seen
        examples[name] = [[*values, float(label)] for o in seen if (e := example(o.evidence, o.intent, o.answerable)) for values, label in [e]]
    learned = fit_learned(observed, embedding_model=settings.embedding_model, cases="the bundled sample posts", sets=list(examples))
    data = {**learned.to_json(), "examples": {name: [[round(v, 5) for v in row] for row in rows] for name, rows in examples.items()}}
    DEFAULT_DECISION.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return {"written": str(DEFAULT_DECISION), "examples": {name: len(rows) for name, rows in examples.items()}, "cutoff": learned.cutoff}
