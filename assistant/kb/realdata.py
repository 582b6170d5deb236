"""The real customer posts of `../shared/realdata/`, labelled against our own device help centre.

The posts themselves are not ours to copy (their licence is non-commercial), so the repository
holds only the labels (`samples/devices/labels.jsonl`: the row's id, a hash of its text, the
articles that answer it, per need) and the folder they point to (`samples/devices/knowledge/`,
written here). The posts are read from the real-data folder when it is present; every command
that uses them says so and skips cleanly when it is not.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "devices"
LABELS = SAMPLES / "labels.jsonl"
KNOWLEDGE = SAMPLES / "knowledge"
POSTS_FILE = "applesupport_200.csv"


def realdata_dir() -> Path:
    """REALDATA_DIR, or `shared/realdata` beside the checkout (where this machine keeps it)."""
    configured = os.environ.get("REALDATA_DIR", "").strip()
    return Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared" / "realdata"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class RealCases:
    """The labelled real posts as evaluation cases, or why there are none."""

    cases: list[dict[str, Any]]
    skipped: str = ""  # why the set is missing ("" when present)
    mismatched: int = 0  # labels whose post's text changed: left out, never mislabelled

    @property
    def several(self) -> list[dict[str, Any]]:
        return [case for case in self.cases if len(case.get("parts", [])) > 1]

    @property
    def single(self) -> list[dict[str, Any]]:
        return [case for case in self.cases if len(case.get("parts", [])) <= 1]


def real_cases(folder: Path | None = None, labels: Path = LABELS) -> RealCases:
    """The real posts joined to their labels by row id, checked against the text's hash."""
    source = (folder or realdata_dir()) / POSTS_FILE
    if not source.is_file():
        return RealCases([], skipped=f"{source} is not present (real posts are never copied into the repository)")
    with source.open(encoding="utf-8", newline="") as handle:
        texts = {row["example_id"]: row["customer_text"] for row in csv.DictReader(handle) if row.get("example_id")}
    cases, mismatched = [], 0
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        text = texts.get(label["example_id"])
        if text is None or text_hash(text) != label["text_hash"]:
            mismatched += 1
            continue
        case = {"id": label["example_id"], "text": text, "expected": label["expected"]}
        if label.get("parts"):
            case["parts"] = label["parts"]
        if label.get("lang"):
            case["lang"] = label["lang"]
        cases.append(case)
    return RealCases(cases, mismatched=mismatched)


def write_case_files(real: RealCases, into: Path) -> tuple[Path, Path]:
    """The cases as the evaluations read them: the posts asking one thing (or nothing we answer),
    and those asking two things, each with its parts."""
    into.mkdir(parents=True, exist_ok=True)
    cases, several = into / "real_posts.jsonl", into / "real_two_needs.jsonl"
    cases.write_text("".join(json.dumps(case) + "\n" for case in real.single), encoding="utf-8")
    several.write_text("".join(json.dumps(case) + "\n" for case in real.several), encoding="utf-8")
    return cases, several
