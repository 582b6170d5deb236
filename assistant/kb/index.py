"""The knowledge index: a Chroma collection of article chunks, kept in step with the folder."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.kb.articles import Article

COLLECTION = "knowledge"


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks_embedded: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged ({self.chunks_embedded} chunks embedded)"
        )


@dataclass(frozen=True)
class Hit:
    article_id: str
    score: float
    heading: str
    text: str


_HANDLE = re.compile(r"(?<!\w)@\w{1,30}")
_LINK = re.compile(r"https?://\S+")


def clean_query(text: str) -> str:
    """Social text to search text: unescape entities, drop @-handles and links, keep hashtag words."""
    text = html.unescape(text)
    text = _LINK.sub(" ", _HANDLE.sub(" ", text))
    return " ".join(text.replace("#", " ").split())


class KnowledgeIndex:
    """Chunks of the knowledge articles in a Chroma persistent collection (or a Chroma server)."""

    def __init__(self, path: Path | None = None, *, host: str = "", port: int = 8000, collection: str = COLLECTION):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        from assistant.kb.embeddings import MiniLMEmbeddingFunction

        settings = ChromaSettings(anonymized_telemetry=False)
        if host:
            self.client = chromadb.HttpClient(host=host, port=port, settings=settings)
        else:
            assert path is not None, "a folder for the persistent index is needed without a Chroma server"
            path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.embedder = MiniLMEmbeddingFunction()
        self.collection = self.client.get_or_create_collection(
            collection, embedding_function=self.embedder, configuration={"hnsw": {"space": "cosine"}}
        )

    def indexed_hashes(self) -> dict[str, str]:
        """Article id → content hash of what is in the index now."""
        got = self.collection.get(include=["metadatas"])
        return {meta["article_id"]: meta["hash"] for meta in got["metadatas"] or []}

    def sync(self, articles: dict[str, Article]) -> SyncReport:
        """Embed only new and changed articles; drop chunks of articles that are gone."""
        report = SyncReport()
        indexed = self.indexed_hashes()
        for article_id in sorted(set(indexed) - set(articles)):
            self.collection.delete(where={"article_id": article_id})
            report.removed.append(article_id)
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for article in articles.values():
            known = indexed.get(article.id)
            if known == article.content_hash:
                report.unchanged += 1
                continue
            if known is None:
                report.added.append(article.id)
            else:
                self.collection.delete(where={"article_id": article.id})
                report.updated.append(article.id)
            for chunk in article.chunks():
                ids.append(f"{article.id}::{chunk.number}")
                documents.append(chunk.text)
                metadatas.append(
                    {"article_id": article.id, "hash": article.content_hash, "heading": chunk.heading, "chunk": chunk.number}
                )
        for start in range(0, len(ids), 512):
            end = start + 512
            self.collection.add(ids=ids[start:end], documents=documents[start:end], metadatas=metadatas[start:end])
        report.chunks_embedded = len(ids)
        return report

    def search(self, text: str, k: int = 3) -> list[Hit]:
        """Best articles for a post, best first; an article scores as its best chunk (cosine similarity)."""
        query = clean_query(text)
        total = self.collection.count()
        if not query or total == 0:
            return []
        result = self.collection.query(
            query_texts=[query], n_results=min(total, k * 6), include=["metadatas", "distances", "documents"]
        )
        best: dict[str, Hit] = {}
        for meta, distance, document in zip(result["metadatas"][0], result["distances"][0], result["documents"][0]):
            article_id = meta["article_id"]
            score = round(1.0 - float(distance), 4)
            if article_id not in best or score > best[article_id].score:
                best[article_id] = Hit(article_id, score, str(meta.get("heading", "")), document or "")
        return sorted(best.values(), key=lambda hit: -hit.score)[:k]
