"""An edit's effect before it is live (`kb diff`): the articles customers' past posts and the
labelled cases would get from the folder as it is live, and from the edited folder, side by side.

Both folders are indexed afresh in a temporary place (vectors of unchanged chunks come from the
chunk cache), so nothing live is touched; both are grounded with the same decision the bot uses.
A labelled case that got its expected article and no longer would is `broken`; the reverse is
`fixed`; any other difference is `changed`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.progress import tracked

NO_ARTICLE = "(no article)"


@dataclass(frozen=True)
class Case:
    source: str  # "ticket #12" or "sample sample-014"
    text: str
    expected: tuple[str, ...] | None = None  # labelled cases: the right articles ([] = none fits)
    intent: str = "question"  # triage's, for a past post


@dataclass(frozen=True)
class Change:
    case: Case
    before: str  # the first article, or NO_ARTICLE
    after: str
    verdict: str  # broken, fixed or changed

    def line(self) -> str:
        text = " ".join(self.case.text.split())
        return f"{self.verdict:7} {self.case.source}: {self.before} → {self.after}  “{text[:90]}{'…' if len(text) > 90 else ''}”"


@dataclass
class Impact:
    cases: int = 0
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the edited folder's broken files

    def count(self, verdict: str) -> int:
        return sum(1 for change in self.changes if change.verdict == verdict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "changed": len(self.changes),
            "broken": self.count("broken"),
            "fixed": self.count("fixed"),
            "problems": self.problems,
            "changes": [
                {"source": c.case.source, "text": c.case.text, "expected": list(c.case.expected or []) if c.case.expected is not None else None}
                | {"before": c.before, "after": c.after, "verdict": c.verdict}
                for c in self.changes
            ],
        }


def first_article(knowledge: Any, text: str, intent: str = "question") -> str:
    matched = knowledge.ground(text, intent).matched
    return matched[0][0].id if matched else NO_ARTICLE


def _right(answer: str, expected: tuple[str, ...]) -> bool:
    return answer in expected if expected else answer == NO_ARTICLE


def judge(case: Case, before: str, after: str) -> str:
    if case.expected is not None and _right(before, case.expected) and not _right(after, case.expected):
        return "broken"
    if case.expected is not None and _right(after, case.expected) and not _right(before, case.expected):
        return "fixed"
    return "changed"


def compare(settings: Any, live: Path, edited: Path, cases: list[Case]) -> Impact:
    """Ground every case on the live folder and on the edited one (each indexed in a temporary
    place); the cases whose first article differs."""
    from assistant.kb import Knowledge, open_index, resolve_decision
    from assistant.kb.articles import ArticleLimits

    decision, _ = resolve_decision(settings)
    limits = ArticleLimits.from_settings(settings)
    impact = Impact(cases=len(cases))
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as work:
        sides: list[Knowledge] = []
        for name, folder in (("live", live), ("edited", edited)):
            knowledge = Knowledge(folder, open_index(settings, Path(work) / name), decision, limits)
            report = knowledge.sync()
            if name == "edited":
                impact.problems = list(report.problems)
            if sides:
                knowledge.index.share_queries(sides[0].index)  # the posts are embedded once, for both folders
            knowledge.expect([case.text for case in cases])
            sides.append(knowledge)
        before, after = sides
        for case in tracked(cases, "Grounding each post on both folders"):
            was, will = first_article(before, case.text, case.intent), first_article(after, case.text, case.intent)
            if was != will:
                impact.changes.append(Change(case, was, will, judge(case, was, will)))
    order = {"broken": 0, "fixed": 1, "changed": 2}
    impact.changes.sort(key=lambda change: order[change.verdict])
    return impact
