"""Retrieval evaluation: hit@1, hit@3, MRR and the no-match decision, for hybrid and both baselines.

Cases are JSON Lines `{"text": ..., "expected": ["article-id", ...]}`; `expected: []` means no
article fits and the right outcome is "no match". Extra fields (a replay file's) are ignored.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.kb.index import KnowledgeIndex, Mode, Thresholds

MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
DEPTH = 10  # ranks looked at for MRR


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
    no_match_correct: float  # share of `expected: []` cases flagged no match
    false_no_match: float  # share of answerable cases wrongly flagged no match
    no_match_accuracy: float  # share of all cases where the match / no-match decision was right

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.threshold_dense, self.threshold_lexical)

    def as_dict(self) -> dict[str, float | int | str]:
        return {key: round(value, 4) if isinstance(value, float) else value for key, value in asdict(self).items()}


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
    return [ordered[0] - 1e-4] + [(a + b) / 2 for a, b in zip(ordered, ordered[1:])] + [ordered[-1] + 1e-4]


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
    dense = _candidates(points[:, 0].tolist()) if mode != "lexical" else [-1.0]
    lexical = _candidates(points[:, 1].tolist()) if mode != "dense" else [0.0]
    best = (-1, 0.0, 0.0)
    for d in dense:
        passes_dense = points[:, 0] >= d
        for w in lexical:
            correct = int(((passes_dense & (points[:, 1] >= w)) == truth).sum())
            if correct > best[0]:  # strictly better only: the first (lowest) thresholds win ties
                best = (correct, d, w)
    return Thresholds(round(best[1], 4), round(best[2], 4))


def evaluate(index: KnowledgeIndex, cases: list[Case], mode: Mode, thresholds: Thresholds | None = None) -> Scores:
    """Score one retriever. Without `thresholds` the no-match decision is calibrated on `cases`."""
    ranks: list[int | None] = []
    answerable_top: list[tuple[float, float]] = []
    unanswerable_top: list[tuple[float, float]] = []
    for case in cases:
        hits = index.search(case.text, k=DEPTH, mode=mode)
        # The decision looks at the best evidence among the retrieved articles (see Thresholds.answerable).
        top = (max(h.confidence for h in hits), max(h.lexical for h in hits)) if hits else (0.0, 0.0)
        if case.expected:
            ids = [hit.article_id for hit in hits]
            ranks.append(next((position for position, a in enumerate(ids, start=1) if a in case.expected), None))
            answerable_top.append(top)
        else:
            unanswerable_top.append(top)
    chosen = thresholds or calibrate(answerable_top, unanswerable_top, mode)

    def flagged(top: tuple[float, float]) -> bool:
        return not (top[0] >= chosen.dense and top[1] >= chosen.lexical)

    answerable = len(ranks)
    right_no_match = sum(flagged(top) for top in unanswerable_top)
    wrong_no_match = sum(flagged(top) for top in answerable_top)
    return Scores(
        mode=mode,
        answerable=answerable,
        unanswerable=len(unanswerable_top),
        hit_at_1=_share(sum(rank == 1 for rank in ranks), answerable),
        hit_at_3=_share(sum(rank is not None and rank <= 3 for rank in ranks), answerable),
        mrr=_share(sum(1.0 / rank for rank in ranks if rank), answerable),
        threshold_dense=chosen.dense,
        threshold_lexical=chosen.lexical,
        no_match_correct=_share(right_no_match, len(unanswerable_top)),
        false_no_match=_share(wrong_no_match, answerable),
        no_match_accuracy=_share(right_no_match + answerable - wrong_no_match, answerable + len(unanswerable_top)),
    )


def _share(count: float, total: int) -> float:
    return count / total if total else 0.0


def report_for(settings: Any, folder: Path, case_file: Path) -> dict[str, Any]:
    """Index `folder` into its own index (reused while unchanged) and score every retriever on the cases."""
    import hashlib

    from assistant.kb import open_index
    from assistant.kb.articles import ArticleLimits, load_folder

    settings.require_knowledge_dir(folder)
    key = hashlib.sha256(f"{folder.resolve()}|{settings.embedding_model}".encode()).hexdigest()[:12]
    index = open_index(settings, Path(settings.data_dir) / "eval-index" / key)
    loaded = load_folder(folder, ArticleLimits.from_settings(settings))
    sync = index.sync(loaded.articles)
    cases, problems = load_cases(case_file)
    results = [evaluate(index, cases, mode).as_dict() for mode in MODES]
    return {
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
    }
