"""What the desk teaches: every agent action on a ticket is a label for the no-match decision.

One rule turns the first action on a customer's post into a label:

- **sent as drafted, or edited** (at most `metrics.EDITED_UP_TO` of the characters changed) with
  an article cited: that article answers the post;
- **rewritten** (more changed) while an article was cited, or **answered by the agent's own
  words** when the system found no article: no article of the folder answered it;
- **answered from another article**: a rewrite or an own reply that carries another article's
  link or its whole approved reply (in any of its languages): that article answers the post, the
  agent chose it over ours;
- **dismissed as "no article fits"** (the reason says so): no article answers it;
- **escalated**, or dismissed for another reason (spam, no reply needed): counted, not a label
  for articles.

`kb eval --from-desk` evaluates on these labels; `kb learn` (and `run`, every
DESK_RELEARN_HOURS) learns the decision on them, shows the cross-validated figures before and
after, and keeps the new decision only when it is not worse. Every relearning is logged in
`DATA_DIR/desk-learning.json`, which the report reads.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.kb import resolve_decision
from assistant.kb.decision import calibration_path
from assistant.kb.evaluate import Case, bundled_examples, cross_validate, fit_learned, observe, score_decision
from assistant.metrics import EDITED_UP_TO, edit_distance
from assistant.store.stats import DeskTicket

if TYPE_CHECKING:
    from assistant.kb.articles import Article
    from assistant.kb.index import KnowledgeIndex

LOG_FILE = "desk-learning.json"
_NO_FIT = re.compile(r"\bno (?:article|answer)|\b(?:doesn'?t|does not|didn'?t|did not) fit|\bno[- ]fit|\bwrong article", re.I)
MIN_LABELS = 20  # fewer than this, a relearning is refused (5 of each kind at least, too)
WORSE_BY = 0.01  # the new decision may not lose more answerable posts, nor be less accurate, than this


@dataclass(frozen=True)
class Label:
    ticket_id: int
    text: str
    kind: str  # as_drafted, edited, rewritten, own_reply, other_article, no_fit, escalated, dismissed
    expected: tuple[str, ...] | None  # the articles that answer it; () none does; None: not a label for articles
    edited_share: float = 0.0  # of the characters, how many the agent changed (sent replies)


def label(ticket: DeskTicket, articles: Mapping[str, Article] | None = None) -> Label:
    """The one rule: the first agent action on a post, as a label. `articles` (the folder's) lets
    a reply that links or quotes another article count for that article."""
    if ticket.action == "approved":
        chosen = _other_article(ticket, articles or {})
        if not ticket.drafted:
            if chosen:
                return Label(ticket.ticket_id, ticket.text, "other_article", (chosen,), 1.0)
            return Label(ticket.ticket_id, ticket.text, "own_reply", () if ticket.no_match else None, 1.0)
        changed = edit_distance(ticket.drafted, ticket.sent) / max(len(ticket.drafted), len(ticket.sent), 1)
        if chosen and (not ticket.cited or changed > EDITED_UP_TO):
            return Label(ticket.ticket_id, ticket.text, "other_article", (chosen,), changed)
        if not ticket.cited:
            return Label(ticket.ticket_id, ticket.text, "own_reply", (), changed)
        if changed == 0:
            return Label(ticket.ticket_id, ticket.text, "as_drafted", ticket.cited[:1], 0.0)
        if changed <= EDITED_UP_TO:
            return Label(ticket.ticket_id, ticket.text, "edited", ticket.cited[:1], changed)
        return Label(ticket.ticket_id, ticket.text, "rewritten", (), changed)
    if ticket.action == "dismissed":
        no_fit = bool(_NO_FIT.search(ticket.note))
        return Label(ticket.ticket_id, ticket.text, "no_fit" if no_fit else "dismissed", () if no_fit else None)
    return Label(ticket.ticket_id, ticket.text, "escalated", None)


QUOTED_REPLY = 40  # characters of an article's reply an agent's text must carry whole to count as quoting it


def _other_article(ticket: DeskTicket, articles: Mapping[str, Article]) -> str:
    """The article (not the one cited first) whose link, or whose whole approved reply, in any of
    its languages, the agent's sent text carries; "" when none does."""
    sent = " ".join(ticket.sent.split()).casefold()
    if not sent:
        return ""
    ours = ticket.cited[0] if ticket.cited else ""
    for article in articles.values():
        if article.id == ours:
            continue
        for version in article.versions():
            reply = " ".join(version.reply.split()).casefold()
            if (version.url and version.url.casefold() in sent) or (len(reply) >= QUOTED_REPLY and reply in sent):
                return article.id
    return ""


def labels(store: Any, articles: Mapping[str, Article] | None = None) -> list[Label]:
    return [label(ticket, articles) for ticket in store.desk_history()]


def summary(found: list[Label]) -> dict[str, Any]:
    kinds = Counter(item.kind for item in found)
    usable = [item for item in found if item.expected is not None]
    return {
        "actions": len(found),
        "labels": len(usable),
        "answerable": sum(bool(item.expected) for item in usable),
        "no_article": sum(not item.expected for item in usable),
        "by_action": dict(sorted(kinds.items())),
    }


def write_cases(found: list[Label], path: Path) -> int:
    """The labels as evaluation cases ({text, expected}), as `kb eval --cases` reads them."""
    usable = [item for item in found if item.expected is not None]
    path.write_text(
        "".join(json.dumps({"id": f"ticket-{item.ticket_id}", "text": item.text, "expected": list(item.expected or ())}) + "\n" for item in usable),
        encoding="utf-8",
    )
    return len(usable)


def verdict(before: dict[str, float], after: dict[str, float]) -> tuple[bool, str]:
    """Keep the relearned decision only when it is not worse on the desk's labels: it may not lose
    more answerable posts, nor decide fewer posts right, than the decision in use (each judged on
    posts it never saw, for the new one; the one in use never saw them either unless it was
    learned on them)."""
    if after["false_no_match"] > before["false_no_match"] + WORSE_BY:
        return False, f"refused: it would lose {after['false_no_match']:.1%} of answerable posts, against {before['false_no_match']:.1%} now"
    if after["no_match_accuracy"] < before["no_match_accuracy"] - WORSE_BY:
        return False, f"refused: it decides {after['no_match_accuracy']:.1%} right, against {before['no_match_accuracy']:.1%} now"
    return True, (
        f"kept: no-match right {before['no_match_correct']:.1%} → {after['no_match_correct']:.1%}, "
        f"answerable lost {before['false_no_match']:.1%} → {after['false_no_match']:.1%}"
    )


def log_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / LOG_FILE


def record(data_dir: Path | str, entry: dict[str, Any], keep: int = 50) -> None:
    """Append one relearning to the log (the last `keep`), written whole and replaced at once."""
    path = log_path(data_dir)
    entries = history(data_dir)[-(keep - 1) :] + [{"at": datetime.now(UTC).isoformat(timespec="seconds"), **entry}]
    _write_whole(path, entries)


def _write_whole(path: Path, data: Any) -> None:
    """JSON written beside `path` and moved over it at once: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(data, indent=1), encoding="utf-8")
    scratch.replace(path)


def history(data_dir: Path | str) -> list[dict[str, Any]]:
    try:
        entries = json.loads(log_path(data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def relearn(
    settings: Any, index: KnowledgeIndex | Callable[[], KnowledgeIndex], folder: Path, found: list[Label], *, save: bool = True, by: str = "kb learn"
) -> dict[str, Any]:
    """Learn the no-match decision on the desk's labels (with the bundled sets as extra training),
    compare it, cross-validated, with the decision in use on the same labels, and keep it for this
    folder and embedding model only when it is not worse. Every attempt is logged."""
    counts = summary(found)
    entry: dict[str, Any] = {"by": by, "labels": counts["labels"], "answerable": counts["answerable"], "no_article": counts["no_article"]}
    if counts["labels"] < MIN_LABELS or counts["answerable"] < 5 or counts["no_article"] < 5:
        entry.update(
            kept=False,
            reason=f"too few labels ({counts['answerable']} answerable, {counts['no_article']} with no article; {MIN_LABELS} in all and 5 of each at least)",
        )
        record(settings.data_dir, entry)
        return entry
    cases = [Case(item.text, list(item.expected)) for item in found if item.expected is not None]
    observed = observe(index() if callable(index) else index, cases)  # an index to build is built only now
    extra, extra_sets = bundled_examples(settings, None)
    installed, source = resolve_decision(settings, folder)
    before = score_decision(installed, observed)
    after = cross_validate(observed, lambda training: fit_learned(training, extra))
    kept, reason = verdict(before, after)
    entry.update(before={**before, "decision": source}, after=after, kept=kept, reason=reason)
    if kept and save:
        learned = fit_learned(
            observed,
            extra,
            embedding_model=settings.embedding_model,
            knowledge=str(folder.resolve()),
            cases=f"desk labels ({counts['labels']})",
            extra_sets=extra_sets,
        )
        path = calibration_path(settings.data_dir, folder, settings.embedding_model)
        _write_whole(path, learned.to_json())
        entry["saved"] = str(path)
    elif kept:
        entry["reason"] = reason.replace("kept", "would be kept (not saved: --dry-run)")
    record(settings.data_dir, entry)
    return entry
