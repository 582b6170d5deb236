"""Articles written by careless editors (or worse): each problem is reported for its path, the rest load."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.kb.articles import ArticleError, ArticleLimits, parse_article
from assistant.kb.folder import load_folder
from tests.conftest import examples

GOOD = '---\nid: good\ntitle: Reset your password\nreply: "Tap Forgot password."\n---\nIntro.\n'
BILLION_LAUGHS = "---\ntitle: T\nreply: r\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"

CARELESS = {
    "int-key.md": ("---\n1: one\ntitle: T\nreply: r\n---\n", 2, "the key 1 must be a word"),
    "list-key.md": ("---\ntitle: T\n? [a, b]\n: c\nreply: r\n---\n", 3, "must be a word"),
    "null-key.md": ("---\ntitle: T\nreply: r\nnull: x\n---\n", 4, "the key None must be a word"),
    "bomb.md": (BILLION_LAUGHS, 5, "anchors and aliases (& and *) are not allowed"),
    "dupe-key.md": ("---\ntitle: One\nreply: r\ntitle: Two\n---\n", 4, "the key 'title' appears twice"),
    "nested.md": ("---\ntitle: T\nreply: r\ntags: " + "[" * 3000 + "]" * 3000 + "\n---\n", 0, ""),
    "not-a-map.md": ("---\n- a\n- b\n---\nbody", 1, "front matter is empty"),
    "tabs.md": ("---\ntitle: T\n\treply: r\n---\n", 3, "not valid YAML"),
    "unclosed.md": ("---\ntitle: T\nreply: r\n", 1, ""),
    "title-is-a-map.md": ("---\ntitle: {a: 1}\nreply: r\n---\n", 2, "title is missing or not text"),
    "tags-nested.md": ("---\ntitle: T\nreply: r\ntags: [[a], {b: c}]\n---\n", 4, "tags must be a list of words"),
}


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_each_careless_article_is_one_reported_problem_and_the_good_one_still_loads(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    for name, (text, _, _) in CARELESS.items():
        write(tmp_path, name, text)
    loaded = load_folder(tmp_path)
    assert list(loaded.articles) == ["good"]
    problems = {problem.path: problem for problem in loaded.problems}
    assert set(problems) == set(CARELESS), "every bad file is reported once, by its path"
    for name, (_, line, reason) in CARELESS.items():
        if line:
            assert problems[name].line == line, (name, problems[name])
        assert reason in problems[name].reason, (name, problems[name])


def test_binary_files_devices_and_links_out_of_the_folder_are_skipped_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    write(root, "good.md", GOOD)
    write(root, "photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(root, "latin1.md", "---\ntitle: Caf\xe9\nreply: r\n---\n".encode("latin-1"))
    write(root, "bom.md", "\ufeff---\nid: bom\ntitle: With a BOM\nreply: r\n---\n")
    os.mkfifo(root / "pipe.md")  # reading it would block the sync forever
    secret = write(tmp_path, "outside/secret.md", GOOD.replace("good", "secret"))
    (root / "leak.md").symlink_to(secret)
    (root / "zero.md").symlink_to("/dev/zero")
    (root / "alias.md").symlink_to(root / "good.md")  # a link inside the folder is fine (and a duplicate id)
    (root / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    loaded = load_folder(root)
    assert sorted(loaded.articles) == ["bom", "good"]
    reasons = {problem.path: problem.reason for problem in loaded.problems}
    assert reasons["photo.md"].startswith("looks like a binary file")
    assert reasons["latin1.md"].startswith("not UTF-8 text") and [p.line for p in loaded.problems if p.path == "latin1.md"] == [2]
    assert reasons["pipe.md"].startswith("is not a regular file")
    assert reasons["leak.md"] == reasons["zero.md"] == "links outside the knowledge folder; skipped"
    assert "duplicate id 'good', already used by alias.md" in reasons["good.md"], "files are read in name order"
    assert "symlinked folder" in reasons["linked-folder"]


@pytest.mark.parametrize("extra", [0, 1])
def test_the_size_limit_is_exact(tmp_path: Path, extra: int) -> None:
    limit = 1000
    text = GOOD + "x" * (limit - len(GOOD.encode()) + extra)
    write(tmp_path, "big.md", text)
    loaded = load_folder(tmp_path, ArticleLimits(max_bytes=limit))
    if extra:
        assert loaded.articles == {} and "the limit is KB_MAX_ARTICLE_BYTES=1,000" in loaded.problems[0].reason
    else:
        assert list(loaded.articles) == ["good"] and loaded.problems == []


@pytest.mark.parametrize("extra", [0, 1])
def test_the_section_limit_is_exact(tmp_path: Path, extra: int) -> None:
    write(tmp_path, "many.md", GOOD + "".join(f"## Step {n}\ntext\n" for n in range(5 + extra)))
    loaded = load_folder(tmp_path, ArticleLimits(max_sections=5))
    assert bool(loaded.articles) is not bool(extra)
    if extra:
        assert "6 '## ' sections; the limit is KB_MAX_SECTIONS=5" in loaded.problems[0].reason


def test_the_limits_are_settings(tmp_path: Path) -> None:
    from assistant.config import load_settings

    settings = load_settings(_env_file=None, kb_max_article_bytes=123, kb_max_sections=4)
    assert ArticleLimits.from_settings(settings) == ArticleLimits(123, 4)


def test_bad_articles_never_stop_a_sync_of_the_good_ones(tmp_path: Path) -> None:
    from assistant.kb import Knowledge
    from assistant.kb.evidence import Thresholds
    from assistant.kb.index import KnowledgeIndex

    root = tmp_path / "kb"
    write(root, "good.md", GOOD)
    for name, (text, _, _) in CARELESS.items():
        write(root, name, text)
    os.mkfifo(root / "pipe.md")
    knowledge = Knowledge(root, KnowledgeIndex(tmp_path / "index"), Thresholds(0.0, 0.0))
    report = knowledge.sync()
    assert report.added == ["good"] and len(knowledge.problems) == len(CARELESS) + 1


front_matter_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keys=st.lists(st.sampled_from(["id", "title", "reply", "tags", "url", "private", "escalate", "lang", "translations", "other", "1", "x y"]), max_size=8),
    values=st.lists(front_matter_values, min_size=8, max_size=8),
    body=st.text(max_size=300),
)
def test_any_front_matter_is_an_article_or_a_problem_with_a_line(keys: list[str], values: list[object], body: str) -> None:
    import yaml

    lines = [yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=10_000).strip() for key, value in zip(keys, values, strict=False)]
    source = "---\n" + "\n".join(lines) + "\n---\n" + body
    try:
        article = parse_article(Path("generated.md"), source)
    except ArticleError as exc:
        assert exc.problem.path == "generated.md" and exc.problem.line >= 1 and exc.problem.reason
    else:
        assert article.title and article.reply and len(article.reply) <= 230


@settings(max_examples=examples(150), deadline=None)
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(lambda text: ("---\n" + text).encode("utf-8", "surrogatepass")))
def test_any_bytes_in_a_file_load_or_are_reported(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("any")
    write(root, "good.md", GOOD)
    write(root, "generated.md", data)
    loaded = load_folder(root)
    assert "good" in loaded.articles
    assert ("generated.md" in {p.path for p in loaded.problems}) != (len(loaded.articles) == 2 or "duplicate" in str(loaded.problems))


@pytest.mark.parametrize("extra", [0, 1])
def test_the_size_limit_holds_for_the_text_as_read(tmp_path: Path, extra: int) -> None:
    """One character NFKC spells out as eighteen ("ﷺ", 3 bytes written, 33 read) counts as read:
    at the limit the article loads, a byte over it is refused with the character named, and the
    folder's other articles load."""
    limit = 2000
    wide = "ﷺ"
    room = limit - len(GOOD.encode())
    count, rest = divmod(room, len(unicodedata.normalize("NFKC", wide).encode()))
    write(tmp_path, "wide.md", GOOD.replace("id: good", "id: wide") + wide * count + "x" * (rest + extra))
    write(tmp_path, "other.md", GOOD.replace("id: good", "id: other"))
    assert (tmp_path / "wide.md").stat().st_size < limit / 5  # under the limit as written, by far
    loaded = load_folder(tmp_path, ArticleLimits(max_bytes=limit))
    if extra:
        assert list(loaded.articles) == ["other"]
        assert [problem.path for problem in loaded.problems] == ["wide.md"]
        assert f"reads as {limit + 1:,} bytes once characters such as “{wide}” are spelled out" in loaded.problems[0].reason
        assert "KB_MAX_ARTICLE_BYTES=2,000" in loaded.problems[0].reason
    else:
        assert sorted(loaded.articles) == ["other", "wide"] and loaded.problems == []
