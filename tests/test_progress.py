"""Long loops say how far they have got: to the command line's bar when a command watches, to
nobody otherwise (the bot)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from assistant.progress import tell, tracked, watching
from tests.test_cli import run_cli


@given(st.lists(st.integers(), max_size=30), st.integers(1, 10))
def test_a_watched_loop_yields_every_item_and_tells_each_step(items: list[int], at_least: int) -> None:
    heard: list[tuple[str, int, int]] = []
    with watching(lambda what, done, total: heard.append((what, done, total))):
        seen = list(tracked(items, "counting", at_least=at_least))
    assert seen == items
    if len(items) < at_least:
        assert heard == []
    else:
        assert heard == [("counting", done, len(items)) for done in range(len(items) + 1)]


def test_nobody_watching_is_the_plain_loop_and_a_watcher_hears_only_its_own_thread() -> None:
    assert list(tracked(range(5), "alone")) == [0, 1, 2, 3, 4]
    heard: list[str] = []
    elsewhere: list[int] = []
    with watching(lambda what, done, total: heard.append(what)):
        other = threading.Thread(target=lambda: elsewhere.extend(tracked(range(3), "another thread")))
        other.start()
        other.join()
        list(tracked(range(2), "this thread"))
    assert elsewhere == [0, 1, 2] and set(heard) == {"this thread"}
    heard.clear()
    with watching(lambda what, done, total: heard.append(f"{done}/{total}")):
        assert list(tracked(iter([1, 2, 3]), "no length")) == [1, 2, 3]
    assert heard == ["2/0", "3/0"], "a file read as it goes: its count, total not known (0), from the second item"


def test_a_loop_counted_elsewhere_is_told_to_the_watcher_only() -> None:
    tell("nobody hears this", 1, 2)
    heard: list[tuple[str, int, int]] = []
    with watching(lambda *step: heard.append(step)):
        tell("chunks", 64, 271)
    tell("after", 1, 1)
    assert heard == [("chunks", 64, 271)]


def test_kb_eval_in_a_terminal_shows_a_bar_with_counts_and_keeps_stdout_clean(tmp_path: Path) -> None:
    from assistant.sources.replay import sample_posts_path

    lines = [line for line in sample_posts_path().read_text(encoding="utf-8").splitlines() if line.strip()][::8]
    (tmp_path / "few.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    terminal = {"DATA_DIR": str(tmp_path), "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "120"}
    done = run_cli("kb", "eval", "--json", "--cases", str(tmp_path / "few.jsonl"), env=terminal)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases"] == len(lines), "the bar is drawn on stderr only"
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", done.stderr)
    for step in ("Retrieving every case (hybrid)", "Retrieving every case (lexical)", "Reading each case's evidence"):
        assert re.search(re.escape(step) + rf".*\b{len(lines)}/{len(lines)}\b", shown), f"{step} with its count: {shown[-800:]}"
