"""The labelled real posts: only labels are in the repository, and they join the posts safely."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from assistant.kb.folder import load_folder
from assistant.kb.realdata import REAL_SETS, RealSet, real_cases, text_hash, write_case_files


@pytest.mark.parametrize(("name", "posts", "several"), [("real", 200, 10), ("real-streaming", 124, 2), ("real-airline", 215, 2)])
def test_the_labels_hold_no_post_text_and_name_only_articles_of_the_folder(name: str, posts: int, several: int) -> None:
    real_set = REAL_SETS[name]
    loaded = load_folder(real_set.knowledge)
    assert not loaded.problems
    labels = [json.loads(line) for line in real_set.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(labels) == posts and len({label["example_id"] for label in labels}) == posts
    for label in labels:
        assert set(label) <= {"example_id", "text_hash", "expected", "parts", "lang"}, "no post text in the repository"
        assert all(article in loaded.articles for article in label["expected"])
        if "parts" in label:
            assert sorted({a for part in label["parts"] for a in part}) == sorted(label["expected"])
    assert sum(len(label.get("parts", [])) > 1 for label in labels) == several
    assert {article for label in labels for article in label["expected"]} <= set(loaded.articles)


def _csv(folder: Path, rows: list[tuple[str, str]]) -> None:
    with (folder / "applesupport_200.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["example_id", "customer_text"])
        writer.writerows(rows)


def test_a_missing_folder_is_skipped_with_the_reason(tmp_path: Path) -> None:
    real = real_cases(tmp_path / "absent")
    assert real.cases == [] and "is not present" in real.skipped


def test_posts_join_their_labels_and_a_changed_post_is_left_out(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text(
        "\n".join(
            json.dumps(label)
            for label in [
                {"example_id": "A1", "text_hash": text_hash("battery dies + wifi drops"), "expected": ["b", "w"], "parts": [["b"], ["w"]]},
                {"example_id": "A2", "text_hash": text_hash("thanks!"), "expected": []},
                {"example_id": "A3", "text_hash": text_hash("the original text"), "expected": ["x"], "parts": [["x"]], "lang": "es"},
            ]
        ),
        encoding="utf-8",
    )
    _csv(tmp_path, [("A1", "battery dies + wifi drops"), ("A2", "thanks!"), ("A3", "a different text now")])
    real = real_cases(tmp_path, labels)
    assert [case["id"] for case in real.cases] == ["A1", "A2"] and real.mismatched == 1
    assert [case["id"] for case in real.several] == ["A1"] and [case["id"] for case in real.single] == ["A2"]
    single, several = write_case_files(real, tmp_path / "cases")
    assert [json.loads(line)["text"] for line in several.read_text().splitlines()] == ["battery dies + wifi drops"]
    assert [json.loads(line)["expected"] for line in single.read_text().splitlines()] == [[]]


def test_a_set_drawn_from_a_shared_file_takes_only_the_rows_mentioning_its_handle(tmp_path: Path) -> None:
    """The streaming set's posts are the rows of the 6,000 inbound posts that mention its support
    handle; another brand's row with the same id is never joined to a label."""
    real_set = RealSet("streaming", "inbound.csv", "", "text", tmp_path, mention="@tunescares")
    (tmp_path / "labels.jsonl").write_text(
        json.dumps({"example_id": "7", "text_hash": text_hash("@TunesCares my downloads vanished"), "expected": ["downloads"], "parts": [["downloads"]]})
        + "\n"
        + json.dumps({"example_id": "8", "text_hash": text_hash("@OtherBrand my parcel is late"), "expected": []})
        + "\n",
        encoding="utf-8",
    )
    with (tmp_path / "inbound.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "text", "priority"])
        writer.writerows([("7", "@TunesCares my downloads vanished", "normal"), ("8", "@OtherBrand my parcel is late", "normal")])
    real = real_cases(tmp_path, real_set=real_set)
    assert [case["id"] for case in real.cases] == ["7"] and real.mismatched == 1
    assert real_cases(tmp_path / "absent", real_set=real_set).skipped.endswith("is not present (real posts are never copied into the repository)")
