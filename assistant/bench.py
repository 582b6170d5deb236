"""`make bench`: retrieval quality against its baselines, index and query speed at 1,000 articles,
and pipeline throughput, printed as a table and written as JSON with the machine's core count."""

from __future__ import annotations

import csv
import os
import platform
import random
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
TOPICS = [
    ("order", "delivery parcel courier tracking shipped late"),
    ("refund", "money back bank card return credited"),
    ("password", "login sign in account reset locked"),
    ("wifi", "network router connect pairing offline"),
    ("battery", "charge charging dock power flat"),
    ("subscription", "plan billing renew cancel monthly"),
    ("warranty", "repair fault broken replacement covered"),
    ("app", "crash update phone screen open"),
]
WORDS = (
    "quick easy steps check settings device kitchen home room light button screen cable plug filter water "
    "heat cool timer schedule signal speaker voice alert email invoice receipt voucher discount price"
).split()


def synthetic_folder(root: Path, count: int, seed: int = 7) -> list[str]:
    """`count` articles in the project's format, varied enough that retrieval has work to do."""
    rng = random.Random(seed)
    ids = []
    for number in range(count):
        topic, vocabulary = TOPICS[number % len(TOPICS)]
        words = vocabulary.split()
        article_id = f"{topic}-{number:04d}"
        title = f"{topic.title()} help {number}: {' '.join(rng.sample(words, 3))}"
        reply = f"For {topic} issues ({number}), {' '.join(rng.sample(WORDS, 8))}, then {' '.join(rng.sample(words, 3))}."
        sections = "\n\n".join(
            f"## {' '.join(rng.sample(WORDS, 2)).title()}\n" + " ".join(rng.sample(WORDS + words, 25)) for _ in range(2)
        )
        body = f"{' '.join(rng.sample(WORDS + words, 30))}\n\n{sections}\n"
        (root / f"{article_id}.md").write_text(
            f'---\nid: {article_id}\ntitle: "{title}"\ntags: [{topic}, {", ".join(rng.sample(words, 3))}]\nreply: "{reply}"\n---\n{body}'
        )
        ids.append(article_id)
    return ids


def _retrieval(settings: Any) -> dict[str, Any]:
    from assistant.kb.evaluate import report_for
    from assistant.sources.replay import sample_posts_path

    report = report_for(settings, Path(settings.knowledge_dir), sample_posts_path())
    hybrid, dense, lexical = report["results"]
    keys = ("hit_at_1", "hit_at_3", "mrr", "no_match_accuracy")
    report["targets"] = {
        "hit_at_3 >= 0.95": hybrid["hit_at_3"] >= 0.95,
        "hit_at_1 >= 0.85": hybrid["hit_at_1"] >= 0.85,
        "hybrid >= better baseline on hit@1, hit@3, MRR, no-match accuracy": all(
            hybrid[k] >= max(dense[k], lexical[k]) for k in keys
        ),
        "hybrid MRR > both baselines": hybrid["mrr"] > max(dense["mrr"], lexical["mrr"]),
    }
    return report


def _scale(work: Path, articles: int, queries: int) -> dict[str, Any]:
    from assistant.kb import Knowledge
    from assistant.kb.embeddings import load_minilm
    from assistant.kb.index import KnowledgeIndex, Thresholds

    load_minilm()  # model loading is start-up cost, not sync cost
    folder = work / "knowledge-1000"
    folder.mkdir()
    ids = synthetic_folder(folder, articles)
    knowledge = Knowledge(folder, KnowledgeIndex(work / "index-1000"), Thresholds(0.3, 1.0))
    started = time.perf_counter()
    full = knowledge.sync()
    full_seconds = time.perf_counter() - started
    edited = folder / f"{ids[articles // 2]}.md"
    edited.write_text(edited.read_text().replace("## ", "## Updated ", 1))
    started = time.perf_counter()
    one = knowledge.sync()
    one_seconds = time.perf_counter() - started
    rng = random.Random(3)
    texts = [f"my {topic} {' '.join(rng.sample(vocabulary.split(), 2))} {' '.join(rng.sample(WORDS, 3))} help?" for topic, vocabulary in (rng.choice(TOPICS) for _ in range(queries))]
    knowledge.index.search(texts[0])  # the first query builds the BM25 index
    latencies = []
    for text in texts:
        started = time.perf_counter()
        knowledge.index.search(text, k=3)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "articles": articles,
        "chunks": full.chunks_embedded,
        "full_sync_seconds": round(full_seconds, 2),
        "edit_one_sync_seconds": round(one_seconds, 3),
        "edit_one_chunks_embedded": one.chunks_embedded,
        "edit_one_updated": one.updated,
        "queries": queries,
        "query_p50_ms": round(statistics.median(latencies), 2),
        "query_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "targets": {
            "full sync of 1,000 articles < 60 s": full_seconds < 60,
            "one edited article re-embeds only its chunks": one.updated == [ids[articles // 2]] and 0 < one.chunks_embedded <= len(knowledge.articles[ids[articles // 2]].chunks()),
            "one-article sync < 2 s": one_seconds < 2,
            "query p95 < 50 ms": latencies[int(0.95 * (len(latencies) - 1))] < 50,
        },
    }


def _pipeline(settings: Any, work: Path) -> dict[str, Any]:
    from assistant.services import build_services
    from assistant.sources.replay import read_posts, sample_posts_path

    services = build_services(settings.model_copy(update={"data_dir": work / "pipeline", "database_url": ""}))
    services.knowledge.sync()
    posts = list(read_posts(sample_posts_path()))
    started = time.perf_counter()
    for post in posts:
        services.pipeline.ingest(post)
    seconds = time.perf_counter() - started
    result: dict[str, Any] = {"sample_posts": len(posts), "seconds": round(seconds, 2), "posts_per_second": round(len(posts) / seconds, 1)}
    real = REALDATA / "twcs_inbound_6000.csv"
    if real.is_file():
        from assistant.drafting.limits import fits_x
        from assistant.posts import Post

        with real.open(encoding="utf-8") as handle:
            rows = [row for _, row in zip(range(1000), csv.DictReader(handle))]
        started = time.perf_counter()
        for number, row in enumerate(rows):
            services.pipeline.ingest(Post("x", f"real-{number}", "customer", row["text"]))
        seconds = time.perf_counter() - started
        real_tickets = [t for t in services.store.list() if t.post.external_id.startswith("real-")]
        result.update(
            real_posts=len(rows),
            real_posts_per_second=round(len(rows) / seconds, 1),
            real_no_match_share=round(sum(t.no_match for t in real_tickets) / len(real_tickets), 3),
            real_within_x_limit=all(not t.draft or not t.draft.text or fits_x(t.draft.text) for t in real_tickets),
        )
    else:
        result["real_posts"] = "skipped: ../shared/realdata is not present"
    services.store.close()
    return result


def _drafts(settings: Any) -> dict[str, Any]:
    from assistant.drafting.evaluate import draft_report, draft_targets
    from assistant.sources.replay import sample_posts_path

    report = draft_report(settings, Path(settings.knowledge_dir), sample_posts_path(), sample_posts_path().parent / "hostile.jsonl")
    report["targets"] = draft_targets(report)
    return report


def run_bench(settings: Any, articles: int = 1000, queries: int = 200) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="social-reply-bench-"))
    try:
        scoped = settings.model_copy(update={"data_dir": work / "data", "database_url": ""})
        return {
            "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "retrieval": _retrieval(scoped),
            "scale": _scale(work, articles, queries),
            "pipeline": _pipeline(scoped, work),
            "drafts": _drafts(scoped),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
