"""`kb search`'s answer, computed in one place: by the command itself, or by the running bot for it
(`GET /kb/search` on its port, loopback only), which has the model and the index loaded already."""

from __future__ import annotations

from typing import Any

MODES = ("hybrid", "dense", "lexical")
MAX_RESULTS = 50


def search_report(knowledge: Any, text: str, k: int = 5, mode: str = "hybrid") -> dict[str, Any]:
    """The best articles for `text` with their scores, and the no-match decision on it, as
    `kb search` shows them (and `--json` prints them)."""
    from assistant.kb.decision import as_decision
    from assistant.posts import Post
    from assistant.triage import triage

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode[:20]!r}")
    k = max(1, min(int(k), MAX_RESULTS))
    intent = triage(Post("cli", "search", "customer", text)).intent
    grounding = knowledge.ground(text, intent)
    verdict = grounding.decided
    matched = {article.id for article, _ in grounding.matched}
    hits = knowledge.index.search(text, k, mode=mode)
    articles = knowledge.articles
    rows = [
        {
            "article_id": h.article_id,
            "title": articles[h.article_id].title if h.article_id in articles else "",
            "score": h.score,
            "cosine": h.confidence,
            "bm25": h.lexical,
            "match": h.article_id in matched,
        }
        for h in hits
    ]
    decision = {
        **as_decision(knowledge.decision).describe(),
        "intent": intent,
        "answerable": verdict.answerable,
        "probability": None if verdict.probability is None else round(verdict.probability, 4),
        "reason": verdict.reason,
    }
    return {"query": text, "mode": mode, "decision": decision, "results": rows}
