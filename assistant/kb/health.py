"""Keeping the knowledge healthy: near-duplicate articles, articles nothing retrieves, knowledge gaps,
and noticing edits to the folder while the bot runs."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.kb.articles import Article, ArticleLimits
from assistant.kb.decision import NO_ARTICLE_INTENTS
from assistant.kb.folder import article_paths, read_article_source
from assistant.text.query import clean_query

log = logging.getLogger(__name__)
NEAR_DUPLICATE = 0.9  # cosine between two articles' title+reply above which editors should merge them
GAP_SIMILARITY = 0.35  # average cosine between two groups of unanswered posts for them to merge


def _vectors(embeddings: Any, texts: Sequence[str]) -> Any:
    import numpy as np

    matrix = np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def near_duplicates(articles: dict[str, Article], embeddings: Any, threshold: float = NEAR_DUPLICATE) -> list[tuple[str, str, float]]:
    """Pairs of articles that say nearly the same thing (by their title and reply)."""
    ids = sorted(articles)
    if len(ids) < 2:
        return []
    vectors = _vectors(embeddings, [f"{articles[i].title}. {articles[i].reply}" for i in ids])
    similarity = vectors @ vectors.T
    pairs = []
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            if similarity[a, b] >= threshold:
                pairs.append((ids[a], ids[b], round(float(similarity[a, b]), 3)))
    return sorted(pairs, key=lambda pair: -pair[2])


def never_retrieved(articles: dict[str, Article], retrieved: set[str]) -> list[str]:
    return sorted(set(articles) - retrieved)


SAME_BODY_CHARS = 40  # a body this long or longer, the same in two articles, is one copied into the other


def same_bodies(articles: dict[str, Article]) -> list[tuple[str, str, float]]:
    """Pairs of articles whose bodies (or replies) are the same text, whatever their titles: an
    article copied and retitled. Compared with spacing and case set aside."""
    seen: dict[str, str] = {}
    pairs = []
    for article_id in sorted(articles):
        article = articles[article_id]
        for text in {" ".join(article.body.split()).casefold(), " ".join(article.reply.split()).casefold()}:
            if len(text) < SAME_BODY_CHARS:
                continue
            first = seen.setdefault(text, article_id)
            if first != article_id and (first, article_id, 1.0) not in pairs:
                pairs.append((first, article_id, 1.0))
    return pairs


@dataclass
class Lint:
    """What `kb lint` and `/social kb lint` report, read from the folder and the store alone: the
    index is never written (a following sync still reports what it adds)."""

    articles: int
    problems: list[str]
    duplicates: list[tuple[str, str, float, str]]  # (a, b, similarity, why)
    unused: list[str] | None  # None: no draft has cited anything yet, so nothing can be called unused
    blocked: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (article, passage, the checks it fails)
    # (article, heading, its length, the length a draft says of it: its leading whole sentences; 0: never said)
    long_sections: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def unsaid(self) -> list[tuple[str, str, int, int]]:
        """Sections whose first sentence is longer than a post: no draft ever says them."""
        return [section for section in self.long_sections if not section[3]]

    def summary(self) -> str:
        unused = "no traffic yet" if self.unused is None else f"{len(self.unused)} never retrieved"
        blocked = f", {len(self.blocked)} passage(s) every draft would be blocked for" if self.blocked else ""
        unsaid = f", {len(self.unsaid)} section(s) no draft can say" if self.unsaid else ""
        return f"{self.articles} articles OK, {len(self.problems)} problem(s), {len(self.duplicates)} duplicate or near-duplicate pair(s), {unused}{blocked}{unsaid}."


def lint(
    folder: Path,
    limits: ArticleLimits,
    embeddings: Any,
    retrieved: set[str],
    check: Callable[[Article], list[tuple[str, list[str]]]] | None = None,
    in_part: Callable[[Article], list[tuple[str, int, int]]] | None = None,
) -> Lint:
    """Check the folder as it is on disk: format problems, articles that say the same thing (the
    same body, or a title and reply close in meaning), articles nothing has retrieved (only once
    something has: on a new install every article would be 'unused'), with `check` (the draft
    checks: `drafting.checks.blocked_passages`) the passages a draft would be blocked for, and with
    `in_part` (`drafting.offline.said_in_part`) the sections too long for a post."""
    from assistant.kb.folder import load_folder

    loaded = load_folder(folder, limits)
    copied = same_bodies(loaded.articles)
    close = [pair for pair in near_duplicates(loaded.articles, embeddings) if (pair[0], pair[1], 1.0) not in copied]
    duplicates = [(a, b, sim, "the same text") for a, b, sim in copied] + [(a, b, sim, "title and reply close in meaning") for a, b, sim in close]
    blocked = [
        (article_id, passage, names) for article_id in sorted(loaded.articles) for passage, names in (check(loaded.articles[article_id]) if check else [])
    ]
    return Lint(
        len(loaded.articles),
        [str(problem) for problem in loaded.problems],
        duplicates,
        never_retrieved(loaded.articles, retrieved) if retrieved else None,
        blocked,
        [(article_id, *found) for article_id in sorted(loaded.articles) for found in (in_part(loaded.articles[article_id]) if in_part else [])],
    )


@dataclass
class Gap:
    """A group of customer posts that found no good article: the article to write next."""

    example: str
    posts: list[str] = field(default_factory=list)
    ticket_ids: list[int] = field(default_factory=list)
    latest: datetime | None = None

    @property
    def size(self) -> int:
        return len(self.posts)


def group_gaps(tickets: Sequence[Any], embeddings: Any, *, brand: str = "", threshold: float = GAP_SIMILARITY) -> list[Gap]:
    """Unanswered posts grouped by meaning (average-linkage clustering), biggest group first.

    Spam and praise are not gaps. Short posts on one topic are often only moderately similar
    to each other, so groups merge on their average similarity rather than on a single pair.
    The brand's name is left out before comparing: it is in many posts and says nothing of the topic.
    """
    import numpy as np

    posts = [t for t in tickets if t.no_match and t.intent not in NO_ARTICLE_INTENTS]
    if not posts:
        return []
    brand_words = re.compile(r"\b(?:" + "|".join(map(re.escape, brand.split())) + r")\b", re.I) if brand.strip() else None

    def topic(text: str) -> str:
        cleaned = clean_query(text)
        return (brand_words.sub(" ", cleaned) if brand_words else cleaned).strip() or text

    vectors = _vectors(embeddings, [topic(t.post.text) for t in posts])
    sums = (vectors @ vectors.T).astype(np.float64)  # pairwise similarity sums between groups
    sizes = np.ones(len(posts))
    members: list[list[int]] = [[i] for i in range(len(posts))]
    alive: Any = np.ones(len(posts), dtype=bool)
    while alive.sum() > 1:
        average = sums / np.outer(sizes, sizes)
        np.fill_diagonal(average, -np.inf)
        average[~alive, :] = -np.inf
        average[:, ~alive] = -np.inf
        a, b = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[a, b] < threshold:
            break
        sums[a, :] += sums[b, :]
        sums[:, a] += sums[:, b]
        sizes[a] += sizes[b]
        members[a] += members[b]
        alive[b] = False
    gaps = []
    for group in (sorted(members[i]) for i in np.flatnonzero(alive)):
        chosen = [posts[i] for i in group]
        dates = [t.post.posted_at for t in chosen if t.post.posted_at]
        gaps.append(Gap(chosen[0].post.text, [t.post.text for t in chosen], [t.id for t in chosen], max(dates) if dates else None))
    return sorted(gaps, key=lambda gap: (-gap.size, gap.ticket_ids[0]))


def folder_fingerprint(folder: Path) -> tuple[tuple[str, str], ...]:
    """Every Markdown file's path and content digest: catches edits that keep size and mtime."""
    if not folder.is_dir():
        return ()
    entries = []
    for path in article_paths(folder, []):
        try:
            digest = hashlib.blake2b(read_article_source(path, ArticleLimits()).encode(), digest_size=16).hexdigest()
        except (OSError, ValueError) as exc:
            digest = f"unreadable: {exc}"  # still part of the picture: fixing the file changes it
        entries.append((os.fspath(path.relative_to(folder)), digest))
    return tuple(sorted(entries))


def watch_folder(folder: Path, sync: Callable[[], Any], stop: threading.Event, interval: float, tell: Callable[[str], None] | None = None) -> None:
    """Poll the knowledge folder; when anything changed, call `sync` (which re-embeds only changes).
    A file that became broken, or was fixed, is logged with its path, line and reason, and `tell`
    (the editors' channel, by the replica holding that duty) is told in one message."""
    seen: tuple[tuple[str, str], ...] | None = None  # the first look always syncs: nothing slips in before it
    known: set[str] | None = None  # the problems last said (None: nothing said yet)
    while not stop.wait(interval):
        current = folder_fingerprint(folder)
        if current == seen:
            continue
        seen = current
        try:
            report = sync()
            if report.changed:
                log.info("knowledge folder changed: %s", report.summary())
        except AssistantError as exc:
            log.warning("knowledge sync skipped: %s", exc)
            continue
        except Exception:
            log.exception("knowledge sync after a folder change failed; the previous index stays in use")
            continue
        now = set(getattr(report, "problems", []) or [])
        news = problem_news(known, now)
        known = now
        for line in news:
            log.warning("knowledge: %s", line)
        if news and tell is not None:
            try:
                tell("Knowledge folder:\n" + "\n".join(f"• {line}" for line in news))
            except Exception:
                log.exception("could not tell the editors about the knowledge folder's problems")


def problem_news(before: set[str] | None, now: set[str]) -> list[str]:
    """What to say about the folder's broken files: each newly skipped file (all of them on the first
    look), and each one fixed since."""
    before = before or set()
    return [f"skipped {problem}" for problem in sorted(now - before)] + [f"fixed: {problem}" for problem in sorted(before - now)]
