"""`make mutants`: mutation testing of the rules and records. Each mutant changes one operator or
constant in one function of a target module (a comparison flipped at its boundary, `and`/`or`
swapped, a `not` dropped, a number moved by one, a boolean inverted); the target's tests run against
it, and a mutant they don't catch "survives". A survivor is either a missing test or an equivalent
mutant (one no input can tell apart); each is listed with its line so a person can tell which.

    python -m bench.mutants [--only policy] [--workers 2] [--out mutants.json]

Mutants run in copies of the tree (one per worker), never in the working copy.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# What is mutated, and the tests that must notice. `functions`: only these (all when empty).
TARGETS: dict[str, dict[str, list[str]]] = {
    "policy": {"files": ["assistant/policy.py"], "functions": [], "tests": ["tests/test_boundaries.py", "tests/test_policy.py", "tests/test_store.py"]},
    "privacy": {
        "files": ["assistant/privacy.py"],
        "functions": [],
        "tests": ["tests/test_boundaries.py", "tests/test_privacy.py", "tests/test_privacy_forms.py"],
    },
    "store": {
        "files": ["assistant/store/tickets.py", "assistant/store/rows.py", "assistant/store/publications.py", "assistant/store/timers.py"],
        "functions": [
            "claim",
            "release",
            "transition",
            "_move",
            "_reopen",
            "check_seen",
            "transition_values",
            "add_draft",
            "override_checks",
            "begin_publication",
            "finish_publication",
            "begin_dm",
            "queued_dms",
            "take_due",
            "fire",
            "let_go",
        ],
        "tests": ["tests/test_boundaries.py", "tests/test_store.py", "tests/test_policy.py"],
    },
    "replicas": {
        "files": [
            "assistant/store/replicas.py",
            "assistant/store/timers.py",
            "assistant/store/publications.py",
            "assistant/store/tickets.py",
            "assistant/scheduler.py",
        ],
        "functions": [
            "join",
            "beat",
            "leave",
            "alive",
            "hold",
            "give_up",
            "take_due",
            "_key",
            "fire",
            "let_go",
            "recover_interrupted",
            "_free_to_draft",
            "take_for_drafting",
            "unshown",
            "reminder",
            "tick",
        ],
        "tests": ["tests/test_replicas.py", "tests/test_boundaries.py"],
    },
    "sla": {"files": ["assistant/sla.py"], "functions": [], "tests": ["tests/test_boundaries.py", "tests/test_settings.py", "tests/test_conversations.py"]},
    "scheduler": {"files": ["assistant/scheduler.py"], "functions": [], "tests": ["tests/test_boundaries.py", "tests/test_conversations.py"]},
    "checks": {
        "files": ["assistant/drafting/checks.py", "assistant/drafting/length.py", "assistant/drafting/rules.py"],
        "functions": [],
        "tests": ["tests/test_checks.py", "tests/test_platforms.py", "tests/test_allowlist.py"],
    },
}
SWAPS: dict[type, type] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.And: ast.Or,
    ast.Or: ast.And,
}


@dataclass
class Mutant:
    target: str
    file: str
    line: int
    function: str
    change: str
    killed: bool | None = None
    seconds: float = 0.0


def _functions(tree: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node


def _sites(source: str, wanted: list[str]) -> Iterator[tuple[int, str, str, int]]:
    """(line, function, change, index) for each mutation site; `index` finds the node again."""
    tree = ast.parse(source)
    seen: set[int] = set()
    for name, function in _functions(tree):
        if wanted and name not in wanted:
            continue
        body = function.body[1:] if ast.get_docstring(function) else function.body  # type: ignore[attr-defined]
        for statement in body:
            for node in ast.walk(statement):
                if id(node) in seen:
                    continue
                seen.add(id(node))
                for index, change in _changes(node):
                    yield node.lineno, name, change, index  # type: ignore[attr-defined]


def _changes(node: ast.AST) -> Iterator[tuple[int, str]]:
    key = hash((type(node).__name__, getattr(node, "lineno", 0), getattr(node, "col_offset", 0), getattr(node, "end_col_offset", 0)))
    if isinstance(node, ast.Compare):
        for position, op in enumerate(node.ops):
            if type(op) in SWAPS:
                yield key * 10 + position, f"{type(op).__name__} -> {SWAPS[type(op)].__name__}"
    elif isinstance(node, ast.BoolOp):
        yield key * 10, f"{type(node.op).__name__} -> {SWAPS[type(node.op)].__name__}"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield key * 10, "drop not"
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield key * 10, f"{node.value} -> {not node.value}"
    elif isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        yield key * 10, f"{node.value} -> {node.value + 1}"


class _Apply(ast.NodeTransformer):
    def __init__(self, index: int):
        self.index = index

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for position, _change in _changes(node):
            if position != self.index:
                continue
            if isinstance(node, ast.Compare):
                op = node.ops[position % 10]
                node.ops[position % 10] = SWAPS[type(op)]()
            elif isinstance(node, ast.BoolOp):
                node.op = SWAPS[type(node.op)]()
            elif isinstance(node, ast.UnaryOp):
                return node.operand
            elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
                node.value = not node.value
            elif isinstance(node, ast.Constant):
                node.value = node.value + 1
        return super().generic_visit(node)


def mutate(source: str, index: int) -> str:
    return ast.unparse(ast.fix_missing_locations(_Apply(index).visit(ast.parse(source))))


def _copy(into: Path) -> Path:
    for name in ("assistant", "tests", "prompts", "knowledge", "pyproject.toml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, into / name)
    return into


def _run(tree: Path, tests: list[str], timeout: float) -> bool:
    """True when the tests fail (the mutant is killed)."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]
    try:
        done = subprocess.run(
            command, cwd=tree, capture_output=True, text=True, timeout=timeout, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": str(tree)}
        )
    except subprocess.TimeoutExpired:
        return True  # a mutant that hangs the tests is caught by them
    return done.returncode != 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help=f"one target: {', '.join(TARGETS)}")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a mutant's tests may take")
    parser.add_argument("--out", type=Path, default=Path("mutants.json"))
    parser.add_argument("--again", type=Path, default=None, help="an earlier run's JSON: only its survivors run (after tests were added)")
    args = parser.parse_args(argv)
    if args.only and args.only not in TARGETS:
        parser.error(f"--only: unknown target {args.only!r}; the targets are {', '.join(TARGETS)}")
    targets = {args.only: TARGETS[args.only]} if args.only else TARGETS
    again = None
    if args.again is not None:
        earlier = json.loads(args.again.read_text())["mutants"]
        again = {(m["file"], m["function"], m["change"]) for m in earlier if not m["killed"]}  # lines move as code is fixed
    mutants: list[tuple[Mutant, str]] = []
    for name, target in targets.items():
        for file in target["files"]:
            source = (REPO / file).read_text()
            for line, function, change, index in _sites(source, target["functions"]):
                if again is None or (file, function, change) in again:
                    mutants.append((Mutant(name, file, line, function, change), mutate(source, index)))
    print(f"{len(mutants)} mutants in {len(targets)} target(s), {args.workers} worker(s)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="mutants-"))
    trees = [_copy((work / f"w{n}").resolve()) for n in range(args.workers)] if mutants else []
    free = list(trees)

    def attempt(job: tuple[Mutant, str]) -> Mutant:
        mutant, mutated = job
        tree = free.pop()
        original = (tree / mutant.file).read_text()
        try:
            (tree / mutant.file).write_text(mutated)
            started = time.monotonic()
            mutant.killed = _run(tree, targets[mutant.target]["tests"], args.timeout)
            mutant.seconds = round(time.monotonic() - started, 1)
        finally:
            (tree / mutant.file).write_text(original)
            free.append(tree)
        print(f"{'killed  ' if mutant.killed else 'SURVIVED'} {mutant.file}:{mutant.line} {mutant.function}: {mutant.change}", flush=True)
        return mutant

    try:
        with ThreadPoolExecutor(args.workers) as pool:
            results = list(pool.map(attempt, mutants))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {}
    for name in targets:
        mine = [m for m in results if m.target == name]
        survivors = [m for m in mine if not m.killed]
        summary[name] = {"mutants": len(mine), "survived": len(survivors), "survival": round(len(survivors) / len(mine), 3) if mine else 0.0}
        print(f"{name}: {len(mine)} mutants, {len(survivors)} survived ({summary[name]['survival']:.0%})")
        for m in survivors:
            print(f"  survivor {m.file}:{m.line} {m.function}: {m.change}")
    args.out.write_text(json.dumps({"summary": summary, "mutants": [asdict(m) for m in results]}, indent=2))
    print(f"Wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
