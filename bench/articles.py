"""Hostile articles: each hostile shape as the one section of an article as long as an article may
be (KB_MAX_ARTICLE_BYTES, counted as the checks read it), synced into the sample folder and then
cited by a draft. A rule that reads a careless editor's 200 KB from every position to the end shows
here, as the hostile posts' rules do in `measure.hostile_posts`."""

from __future__ import annotations

import shutil
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from bench.figures import slowest_and_median

ASKED = "@NimbusHome what do the descaling codes on my kettle mean?"


def article_text(unit: str, max_bytes: int) -> str:
    """An article whose one section is `unit` repeated to the byte limit, as written or as read
    (NFKC), whichever is reached first."""
    head = '---\nid: hostile\ntitle: "Descaling codes"\ntags: [descaling, codes, kettle]\nreply: "The descaling codes are listed below."\n---\n## Descaling codes\n'
    room = max_bytes - len(head.encode()) - 1
    count = room // max(len(unit.encode()), len(unicodedata.normalize("NFKC", unit).encode()))
    return head + unit * count + "\n"


def hostile_articles(settings: Any, units: tuple[str, ...]) -> dict[str, Any]:
    """Per shape: the sync that reads, chunks and indexes the article, and the pipeline on a post
    asking about it (retrieval, the passage, the draft and its checks against the article)."""
    from assistant.posts import Post
    from assistant.services import scratch_services

    limit = int(settings.kb_max_article_bytes)
    with tempfile.TemporaryDirectory(prefix="bench-articles-") as work:
        folder = Path(work) / "knowledge"
        shutil.copytree(Path(settings.knowledge_dir), folder)
        article = folder / "hostile.md"
        sync: dict[str, float] = {}
        draft: dict[str, float] = {}
        cited = refused = 0
        with scratch_services(settings, folder) as services:
            services.knowledge.sync()
            services.pipeline.ingest(Post("x", "warm-up", "bench", "my kettle won't heat up"))
            for number, unit in enumerate(units):
                article.write_text(article_text(unit, limit), encoding="utf-8")
                started = time.perf_counter()
                report = services.knowledge.sync()
                sync[unit] = time.perf_counter() - started
                refused += bool(report.problems)
                started = time.perf_counter()
                came = services.pipeline.ingest(Post("x", f"asks-{number}", "bench", ASKED))
                draft[unit] = time.perf_counter() - started
                ticket = services.store.get(came.ticket_id) if came.ticket_id else None
                cited += bool(ticket and ticket.draft and any(c["article_id"] == "hostile" for c in ticket.draft.citations))
    return {
        "bytes": limit,
        "shapes": len(units),
        "refused": refused,  # over the limit as read: none should be, each is filled to it
        "cited": cited,  # drafts that cited the hostile article (its passages were read)
        **slowest_and_median(sync, "sync_"),
        **slowest_and_median(draft, "draft_"),
    }
