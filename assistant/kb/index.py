"""The knowledge index: article chunks in a Chroma collection (dense) and a BM25 index (lexical),
fused into one score per article (an article scores as its best chunk)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from assistant.kb.articles import CHUNKS_PER_VERSION, Article, chunk_kind, chunk_version
from assistant.kb.embeddings import ChunkCache, KnowledgeEmbeddingFunction, Sentences
from assistant.kb.evidence import (
    CHANNELS,
    COMPLAINT_WORDS,
    EVIDENCE_DEPTH,
    HOURS,
    LATE_RANK,
    NEARBY,
    Evidence,
    Hit,
    conduct_article,
    lost_property_article,
    reaching_article,
    with_unnamed_asks,
)
from assistant.kb.lateness import names_what_is_late
from assistant.kb.lexical import LexicalIndex, lexical_of
from assistant.kb.offers import asks_if_we_take, offered_deed, paid_with
from assistant.progress import tell
from assistant.text.asks import (
    asks_how_to_complain,
    asks_how_to_reach_us,
    asks_when_we_are_open,
    lost_thing,
    measured_thing,
    tells_of_a_lost_person,
    tells_of_conduct,
)
from assistant.text.query import clean_query, in_words

COLLECTION = "knowledge"
Mode = Literal["hybrid", "dense", "lexical"]
CANDIDATES = 40  # chunks taken from each retriever before fusion
# Fusion: cosine similarity + LEXICAL_WEIGHT x (BM25 / the query's best BM25). Scores rather than ranks,
# so a weak word match moves little: on real posts with a thin knowledge folder, rank fusion let
# common words ("phone", "update") outvote meaning. 0.2 kept dense quality there and gained on the samples.
LEXICAL_WEIGHT = 0.2
# An article whose title or tags name a word of the post ("delayed" for "Compensation for a delayed
# flight") gains this much per word, shared among the titles that name it: MiniLM puts "my flight
# was delayed 5 hours" nearer "My flight was cancelled", and a word BM25 weighs among every chunk is
# diluted by the rest of a long post. Chosen among 0.03–0.2 on the labelled sets (docs/drafts.md).
NAMED_WEIGHT = 0.1
TIE = 0.005  # fused scores closer than this are a tie, broken by meaning (`named_first`)
QUERY_CACHE = 4096  # query embeddings kept (384 floats each: about 6 MB when full)
# Evidence kept (`evidence`): at most EVIDENCE_KEPT posts of at most MEMO_CHARS characters (measured: 17 KB each at 2,000, 17 MB in all)
EVIDENCE_KEPT, MEMO_CHARS = 1024, 2000
# A section is said instead of the article's approved reply only when it is this much closer (cosine)
# to the post: the reply is the editor's answer to the article's question, a section a special case,
# and a section barely ahead is most often ahead on a shared word ("won't connect to the wifi" and the
# "Light colours" of pairing). A section less far ahead, down to POINTED_SECTION_MARGIN, is said only
# when its heading points at the post (`kb.passages.headed_section`). Chosen over the 1,483 posts of
# the 48 sets labelled with their passages, each set's pair chosen on the other 47 (docs/drafts.md).
SECTION_MARGIN = 0.05
POINTED_SECTION_MARGIN = 0.03


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks_embedded: int = 0
    rebuilt_for_model: str = ""
    problems: list[str] = field(default_factory=list)  # every file skipped, as "path:line: reason"

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{self.unchanged} unchanged ({self.chunks_embedded} chunks embedded)"
        )
        return text + (f"; rebuilt for {self.rebuilt_for_model}" if self.rebuilt_for_model else "")


EMBEDDING_STEP = "Embedding the chunks of new and changed articles"  # what a sync tells its watcher (`progress`)
ADD_BATCH = 64  # chunks embedded and written at a time (the model's best batch is 32; progress is said per batch)


class KnowledgeIndex:
    """Chunks of the knowledge articles in Chroma (embedded or a server) plus BM25 in memory."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        host: str = "",
        port: int = 8000,
        collection: str = COLLECTION,
        model: str = "minilm",
        embeddings: Any = None,
        chunk_cache: ChunkCache | None = None,
    ):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        if host:
            self.client = chromadb.HttpClient(host=host, port=port, settings=settings)
        else:
            assert path is not None, "a folder for the persistent index is needed without a Chroma server"
            path.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(path=str(path), settings=settings)
        self.model = model
        self.embedder = KnowledgeEmbeddingFunction(model, embeddings)
        self.chunk_cache = chunk_cache
        self.sentences = Sentences(self.embedder, chunk_cache)  # what the draft checks compare with
        self.rebuilt_for_model = ""
        existing = {c.name if hasattr(c, "name") else str(c) for c in self.client.list_collections()}
        if collection in existing:
            built_with = (self.client.get_collection(collection).metadata or {}).get("embedding_model")
            if built_with != model:
                # Vectors of two models must never be mixed: start the index again with the new one.
                self.client.delete_collection(collection)
                self.rebuilt_for_model = model
        self.collection = self.client.get_or_create_collection(
            collection,
            embedding_function=self.embedder,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedding_model": model},
        )
        self._lexical: LexicalIndex | None = None
        self._hashes: dict[str, str] | None = None  # see _known_hashes
        self._lexical_from: dict[str, str] = {}  # the articles (id → hash) the lexical index was built from
        self._held: dict[str, list[tuple[int, Any]]] = {}  # see _chunk_vectors
        self._chunks = -1
        self._lock = threading.Lock()
        self._vectors: dict[str, Any] = {}
        self._evidence: dict[tuple[str, int], tuple[LexicalIndex, Evidence]] = {}  # see evidence

    def indexed_hashes(self) -> dict[str, str]:
        """Article id → content hash of what is in the index now. An article whose chunks don't all
        carry the same hash (a sync stopped halfway) maps to "", so the next sync replaces it."""
        got = self.collection.get(include=["metadatas"])
        hashes: dict[str, set[str]] = {}
        for meta in got["metadatas"] or []:
            hashes.setdefault(str(meta.get("article_id")), set()).add(str(meta.get("hash", "")))
        return {article: found.pop() if len(found) == 1 else "" for article, found in hashes.items()}

    def _known_hashes(self) -> dict[str, str]:
        """`indexed_hashes`, read from Chroma once and then kept as this process writes. Read again
        when the index holds a different number of chunks than we wrote (another process synced)."""
        if self._hashes is None or self.collection.count() != self._chunks:
            self._hashes = self.indexed_hashes()
            self._chunks = self.collection.count()
        return self._hashes

    def close(self) -> None:
        """Let go of Chroma's open files and connections (an evaluation opens an index per set)."""
        self.client.close()

    def sync(self, articles: dict[str, Article]) -> SyncReport:
        """Embed only new and changed articles; drop chunks of articles that are gone.

        Crash-safe: a changed article's old chunks go, its new ones are written with no hash, and
        the hashes are written last. A sync killed at any point leaves articles without their hash,
        which the next sync sees as changed and replaces whole.
        """
        report = SyncReport(rebuilt_for_model=self.rebuilt_for_model)
        self.rebuilt_for_model = ""
        indexed = dict(self._known_hashes())
        self._hashes = None  # until this sync has written everything, read the index again next time
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
                metadatas.append({"article_id": article.id, "hash": "", "heading": chunk.heading, "chunk": chunk.number})
        if ids:
            tell(EMBEDDING_STEP, 0, len(ids))
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            batch = documents[start:end]
            vectors = self.chunk_cache.embed(batch, self.embedder) if self.chunk_cache is not None else self.embedder(batch)
            self.collection.add(ids=ids[start:end], embeddings=vectors, documents=batch, metadatas=metadatas[start:end])
            tell(EMBEDDING_STEP, min(end, len(ids)), len(ids))  # chunks embedded so far, to whoever watches
        for meta in metadatas:
            meta["hash"] = articles[meta["article_id"]].content_hash
        for start in range(0, len(ids), 1024):
            self.collection.update(ids=ids[start : start + 1024], metadatas=metadatas[start : start + 1024])
        report.chunks_embedded = len(ids)
        if ids or report.removed:
            self._evidence.clear()  # the chunks changed: what was read of them goes too
        for article_id in report.removed:
            indexed.pop(article_id, None)
        indexed.update({article.id: article.content_hash for article in articles.values()})
        self._hashes, self._chunks = indexed, self.collection.count()
        built_from = {article.id: article.content_hash for article in articles.values()}
        stale = {article_id for article_id in set(built_from) | set(self._lexical_from) if built_from.get(article_id) != self._lexical_from.get(article_id)}
        with self._lock:
            for article_id in stale | set(report.removed):
                self._held.pop(article_id, None)  # their chunk vectors changed or went
        if built_from != self._lexical_from or self._lexical is None:
            # Built here, on the syncing thread, and swapped in whole: a query never waits for it.
            # From the articles themselves, so it matches them even when another process indexed them.
            fresh = lexical_of(list(articles.values()))
            with self._lock:
                self._lexical, self._lexical_from = fresh, built_from
        return report

    def lexical(self) -> LexicalIndex:
        with self._lock:
            if self._lexical is None:
                got = self.collection.get(include=["documents", "metadatas"])
                headings = [str((meta or {}).get("heading", "")) for meta in got["metadatas"] or []]
                self._lexical = LexicalIndex(list(got["ids"]), [doc or "" for doc in got["documents"] or []], headings)
            return self._lexical

    def search(self, text: str, k: int = 3, mode: Mode = "hybrid") -> list[Hit]:
        """Best articles for a post, best first."""
        query = clean_query(text)
        if not query or self._count() == 0:
            return []
        if mode == "hybrid":
            return self.named_first(query, self._hybrid(query, max(k, EVIDENCE_DEPTH))[0])[:k]
        ranks = self._dense(query)[0] if mode == "dense" else self._lexical_ranks(query)
        ranked = sorted(ranks, key=lambda a: ranks[a][0])[:k]
        if mode == "dense":
            return [Hit(a, ranks[a][1], round(ranks[a][1], 4), 0.0, ranks[a][2]) for a in ranked]
        return [Hit(a, ranks[a][1], 0.0, round(ranks[a][1], 4), ranks[a][2]) for a in ranked]

    def evidence(self, text: str, depth: int = EVIDENCE_DEPTH) -> Evidence:
        """Everything the no-match decision looks at for a post: the best `depth` articles (hybrid),
        each retriever's own first choice, the post's content words against the folder's, and how
        many of the folder's chunks are near the post (a topic the folder covers has several).
        Read once per text while the articles are as they were (a sync changing any swaps the
        lexical index, which the memo is keyed on); bounded, dropped whole when full."""
        if self._count() == 0 or len(text) > MEMO_CHARS:  # a 25,000-character post is read each time, never kept
            return self._evidence_of(text, depth)
        lexical, memo = self.lexical(), self._evidence
        if (known := memo.get((text, depth))) is not None and known[0] is lexical:
            return known[1]
        found = self._evidence_of(text, depth)
        if len(memo) >= EVIDENCE_KEPT:
            memo.clear()
        memo[(text, depth)] = (lexical, found)
        return found

    def _evidence_of(self, text: str, depth: int) -> Evidence:
        query = clean_query(text)
        if not query or self._count() == 0:
            return Evidence.of_hits([], query)
        hits, dense, lexical, similarities = self._hybrid(query, depth)
        index = self.lexical()
        words = index.words(query)
        read = index.read_in(query)
        best = index.article_stems(hits[0].article_id, read) if hits else set()
        vocabulary = index.vocabulary(read)
        evidence = Evidence(
            query,
            hits,
            min(dense, key=lambda a: dense[a][0], default=""),
            min(lexical, key=lambda a: lexical[a][0], default=""),
            tuple(word for word, _ in words),
            tuple(word for word, stem in words if stem not in vocabulary),
            tuple(word for word, stem in words if stem in best),
            self._answer_similarity(hits[0].article_id, query) if hits else 0.0,
            tuple(sum(similarity >= floor for similarity in similarities) for floor in NEARBY),
        )
        if asks_how_to_reach_us(query):
            evidence = replace(evidence, reach=reaching_article(self.lexical(), hits))
        elif asks_when_we_are_open(query):
            evidence = replace(evidence, reach=reaching_article(self.lexical(), hits, f"{CHANNELS} {HOURS}"))
        elif asks_how_to_complain(query):
            evidence = replace(evidence, complaints=reaching_article(self.lexical(), hits, COMPLAINT_WORDS, least=1))
        elif tells_of_conduct(query):  # "the courier was so rude to my mum": the article on complaints about our people
            evidence = replace(evidence, complaints=conduct_article(self.lexical(), hits), conduct=True)
        elif tells_of_a_lost_person(query):  # "lost my son near the log flume" is no thing lost
            evidence = replace(evidence, lost=lost_property_article(self.lexical(), hits, person=True))
        elif thing := lost_thing(query):
            evidence = replace(evidence, lost=lost_property_article(self.lexical(), hits, thing))
        if (asked := measured_thing(query))[0]:  # a price, how long, how far, how often or where
            evidence = replace(evidence, measure=asked[0], measured=index.measured(*asked, [hit.article_id for hit in hits], read))
        if not evidence.reach and (doing := offered_deed(query))[1]:  # "can you clean curtains": the best article's sentence saying so
            named = index.query_stems(" ".join(doing[1])) - index.own_words() if asks_if_we_take(query) else set()  # taken: the next one's too ("card")
            asked_of = [hit.article_id for number, hit in enumerate(hits[:2]) if not number or named and named <= index.names_of(hit.article_id)]
            evidence = replace(evidence, offered=index.stating(*doing, asked_of, read))
        evidence = with_unnamed_asks(replace(evidence, wordless=not in_words(text)), index, vocabulary, read, best)
        ordered = self.named_first(query, hits, {stem for _, stem in words}, evidence.lost or evidence.told)
        # A measure asked ("how much is a wasp nest") that the leading article doesn't state for the thing and one of the next two does: that one leads.
        if asked[0] and ordered and (stated := index.measured(*asked, [hit.article_id for hit in ordered[:3]], read)) not in ("", ordered[0].article_id):
            ordered = sorted(ordered, key=lambda hit: hit.article_id != stated)
        # How the post asks to pay ("… a bulky collection with cash"), when the article that would
        # answer doesn't name it: another article with a sentence of ours that does.
        if ordered and (means := paid_with(query)) and not index.query_stems(" ".join(means)) <= index.article_stems(ordered[0].article_id, read):
            evidence = replace(evidence, paying=index.stating("", means, [hit.article_id for hit in ordered[1:]], read))
        return replace(evidence, hits=ordered, as_fused=tuple(hits)) if ordered != hits else evidence

    def named_first(self, query: str, hits: list[Hit], asked: set[str] | None = None, case: str = "") -> list[Hit]:
        """`hits` with each article's score raised by NAMED_WEIGHT for every word of the post its
        title or tags name, best first (only the order changes). The no-match decision keeps
        reading the retrievers' own order (`Evidence.retrieved`): the bonus chooses among articles,
        it is no evidence that one fits."""
        lexical = self.lexical()
        named = lexical.naming(query, asked) if hits else {}
        named = lexical.for_the_fault(query, named, [hit.article_id for hit in hits], asked)
        # The article on lost property leads for a thing lost or left with us (`Evidence.lost`), or the one on what else the post tells of (`Evidence.told`); else the one among the first few with a section for the thing the post says is late.
        late = [case] if case else [hit.article_id for hit in hits[:LATE_RANK] if names_what_is_late(lexical.headings_of(hit.article_id), query)]

        def scored(hit: Hit) -> float:
            return hit.score + NAMED_WEIGHT * named.get(hit.article_id, 0) + (1.0 if late == [hit.article_id] else 0.0)

        ordered = sorted(hits, key=lambda hit: -scored(hit)) if named or late else list(hits)
        # Two articles this close are a tie the scores can't break: the nearer in meaning leads ("the
        # leeds show got cancelled, how do I get my money back": the refunds policy 0.678, the
        # cancelled-events article 0.675 and nearer, 0.506 against 0.478).
        if len(ordered) > 1 and scored(ordered[0]) - scored(ordered[1]) < TIE and ordered[1].confidence > ordered[0].confidence:
            ordered[0], ordered[1] = ordered[1], ordered[0]
        # An article for a thing's faults, named only by the thing, answers no question that tells of
        # none: another article the post names by a word the fault article never uses leads.
        asked_for = lexical.asked_beside_the_thing(query, [hit.article_id for hit in ordered[:3]], asked) if len(ordered) > 1 and not late else ""
        if asked_for:
            ordered = sorted(ordered, key=lambda hit: hit.article_id != asked_for)
        return ordered if ordered != list(hits) else hits

    def passage(self, article_id: str, text: str, chunk_id: str, margin: float | None = None) -> str:
        """The chunk of `article_id` to say for `text`, given its closest chunk: that chunk, unless it
        is a section less than `margin` (SECTION_MARGIN) closer than the same version's reply, then
        the reply."""
        return self.passages(article_id, text, chunk_id, (SECTION_MARGIN if margin is None else margin,))[0]

    def passages(self, article_id: str, text: str, chunk_id: str, margins: tuple[float, ...]) -> tuple[str, ...]:
        """`passage` at each of `margins`, the post compared with the section and the reply once."""
        number = chunk_id.rsplit("::", 1)[-1]
        if not number.isdigit() or chunk_kind(int(number)) != "section":
            return tuple(chunk_id for _ in margins)
        reply = (int(number) // CHUNKS_PER_VERSION) * CHUNKS_PER_VERSION + 1
        chunks = dict(self._chunk_vectors([article_id])[article_id])
        if int(number) not in chunks or reply not in chunks:
            return tuple(chunk_id for _ in margins)
        vector = _unit(self.query_vector(clean_query(text)))
        lead = float(chunks[int(number)] @ vector) - float(chunks[reply] @ vector)
        return tuple(chunk_id if lead >= margin else f"{article_id}::{reply}" for margin in margins)

    def _answer_similarity(self, article_id: str, query: str) -> float:
        """How close the post is to what the article says (its reply and sections), not to its title
        and tags: a post about the right product but another question matches only the title."""
        vector = _unit(self.query_vector(query))
        chunks = self._chunk_vectors([article_id])[article_id]
        read = self.lexical().read_in(query)
        said = [float(chunk @ vector) for number, chunk in chunks if chunk_kind(number) != "title" and number // CHUNKS_PER_VERSION in read]
        return round(max(said, default=0.0), 4)

    def _chunk_vectors(self, article_ids: list[str]) -> dict[str, list[tuple[int, Any]]]:
        """Each article's chunk vectors (chunk number, unit vector), kept in memory once read from
        Chroma: a search then reads nothing for an article it has met before. A sync drops the
        articles it changed; the memory is bounded by the folder (384 floats a chunk)."""
        import numpy as np

        with self._lock:
            wanted = [article for article in dict.fromkeys(article_ids) if article not in self._held]
        if wanted:
            got = self.collection.get(where={"article_id": {"$in": wanted}}, include=["embeddings", "metadatas"])
            fresh: dict[str, list[tuple[int, Any]]] = {article: [] for article in wanted}
            for embedding, meta in zip(got["embeddings"], got["metadatas"], strict=False):
                fresh.setdefault(str(meta["article_id"]), []).append((int(meta.get("chunk", 0)), _unit(np.asarray(embedding, dtype=np.float32))))
            with self._lock:
                self._held.update(fresh)
        with self._lock:
            return {article: self._held.get(article, []) for article in article_ids}

    def _count(self) -> int:
        """Chunks in the index: as this process last wrote them, else asked of Chroma."""
        return self._chunks if self._chunks > 0 else self.collection.count()

    def _dense(self, query: str) -> tuple[dict[str, tuple[int, float, str]], Any, list[float]]:
        """Articles by their best chunk's cosine, the query's vector, and the nearest chunks' cosines."""
        ranks: dict[str, tuple[int, float, str]] = {}  # article → (rank, similarity, chunk id)
        vector = self.query_vector(query)
        # CANDIDATES chunks per language version: the nearest chunks in the post's language are then
        # the same CANDIDATES as in a folder without translations.
        versions = max(1, len(self.lexical()._parts))
        found = self.collection.query(query_embeddings=[vector], n_results=min(self._count(), CANDIDATES * versions), include=["distances"])
        # Only the texts in the languages the post is read in (`LexicalIndex.read_in`): an English
        # post about the kettle is nearer a German title naming the Smart Kettle than its own
        # question's English answer, and must not be scored on it.
        read = self.lexical().read_in(query)
        kept = [
            (chunk_id, 1.0 - float(distance))
            for chunk_id, distance in zip(found["ids"][0], found["distances"][0], strict=False)
            if chunk_version(chunk_id) in read
        ]
        for chunk_id, similarity in kept:
            _rank_article(ranks, chunk_id, similarity)
        # The chunks near the post, in the language of the nearest one (a topic is there once per language).
        near = [similarity for chunk_id, similarity in kept if chunk_version(chunk_id) == chunk_version(kept[0][0])] if kept else []
        return ranks, vector, near[:CANDIDATES]

    def _lexical_ranks(self, query: str) -> dict[str, tuple[int, float, str]]:
        ranks: dict[str, tuple[int, float, str]] = {}
        for chunk_id, score in self.lexical().search(query, CANDIDATES):
            _rank_article(ranks, chunk_id, score)
        return ranks

    def _hybrid(self, query: str, k: int) -> tuple[list[Hit], dict[str, tuple[int, float, str]], dict[str, tuple[int, float, str]], list[float]]:
        """Both retrievers fused: the best `k` hits, each retriever's own ranking, and the nearest
        chunks' cosines."""
        dense, vector, similarities = self._dense(query)
        lexical = self._lexical_ranks(query)
        similarity = {article: dense[article][1] for article in dense}
        missing = [article for article in lexical if article not in dense]
        if missing:
            similarity.update(self._similarities(missing, vector, self.lexical().read_in(query)))
        best_word_match = max((lexical[a][1] for a in lexical), default=0.0) or 1.0
        fused = {
            article: similarity.get(article, 0.0) + LEXICAL_WEIGHT * (lexical[article][1] / best_word_match if article in lexical else 0.0)
            for article in set(dense) | set(lexical)
        }
        ranked = sorted(fused, key=lambda a: -fused[a])[:k]
        hits = [
            Hit(
                article,
                round(fused[article], 6),
                round(similarity.get(article, 0.0), 4),
                round(lexical[article][1], 4) if article in lexical else 0.0,
                dense[article][2] if article in dense else lexical[article][2],
            )
            for article in ranked
        ]
        return hits, dense, lexical, similarities

    def expect(self, texts: list[str]) -> None:
        """Embed the queries of texts about to be searched in one batch (a batch of 32 costs about a
        fifth per text of embeddings one by one on 2 cores); each search then finds its vector."""
        queries = [query for query in dict.fromkeys(clean_query(text) for text in texts) if query and query not in self._vectors]
        if not queries:
            return
        vectors = self.embedder(queries[:QUERY_CACHE])  # queries and documents embed alike (minilm, OpenAI)
        if len(self._vectors) + len(vectors) > QUERY_CACHE:
            self._vectors.clear()
        self._vectors.update(zip(queries, vectors, strict=False))

    def share_queries(self, other: KnowledgeIndex) -> None:
        """Use `other`'s query vectors as this index's own (one cache between them): two indexes of
        the same model, as `kb diff`'s live and edited folders, embed each post once."""
        if other.model != self.model:
            raise ValueError(f"indexes of different models ({self.model}, {other.model}) can't share query vectors")
        self._vectors = other._vectors

    def query_vector(self, query: str) -> Any:
        """The query's embedding; the same text (a repost, an evaluation case drafted again) is
        embedded once. Bounded: the cache is dropped whole when it is full."""
        vector = self._vectors.get(query)
        if vector is None:
            vector = self.embedder.embed_query([query])[0]
            if len(self._vectors) >= QUERY_CACHE:
                self._vectors.clear()
            self._vectors[query] = vector
        return vector

    def _similarities(self, article_ids: list[str], vector: Any, read: set[int]) -> dict[str, float]:
        """Cosine similarity of each article's best chunk (in the languages the post is read in),
        for articles only the lexical side found."""
        query = _unit(vector)
        found = {
            article: [chunk for number, chunk in chunks if number // CHUNKS_PER_VERSION in read] for article, chunks in self._chunk_vectors(article_ids).items()
        }
        return {article: max(float(chunk @ query) for chunk in chunks) for article, chunks in found.items() if chunks}


def _unit(vector: Any) -> Any:
    import numpy as np

    vector = np.asarray(vector, dtype=np.float32)
    return vector / (np.linalg.norm(vector) or 1.0)


def _rank_article(ranks: dict[str, tuple[int, float, str]], chunk_id: str, score: float) -> None:
    """Chunks arrive best first: an article keeps the rank and score of its first (best) chunk."""
    article = chunk_id.rsplit("::", 1)[0]
    if article not in ranks:
        ranks[article] = (len(ranks) + 1, score, chunk_id)
