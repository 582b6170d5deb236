"""The real customer posts of `../shared/realdata/`, labelled against help centres written here.

The posts themselves are not ours to copy (their licence is non-commercial), so the repository
holds only the labels (`samples/<set>/labels.jsonl`: the row's id, a hash of its text, the
articles that answer it, per need) and the folder they point to (`samples/<set>/knowledge/`,
written here). Three sets (`REAL_SETS`):
- `real`: 200 posts to a device maker's support, against the device help centre;
- `real-streaming`: the 124 posts to a music-streaming service's support among the 6,000 inbound
  posts, against a streaming help centre written before any of its posts was read;
- `real-airline`: the 215 posts to an airline's support among the 6,000, against the SkyLark
  folder (`samples/skylark/knowledge/`), an airline help centre written before any of them was
  read and never part of the shipped decision: real posts and a folder the decision has never
  seen, as a new installation meets them.

The posts are read from the real-data folder when it is present; every command that uses them
says so and skips cleanly when it is not.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES_ROOT = Path(__file__).resolve().parents[1] / "samples"


@dataclass(frozen=True)
class RealSet:
    """Where a labelled real set's posts are (a file of the real-data folder, its id and text
    columns, the mention that picks its rows) and where its labels and folder are."""

    name: str
    posts_file: str
    id_column: str
    text_column: str
    samples: Path
    mention: str = ""  # only rows whose text mentions this handle (case-insensitive), "" for all
    folder: Path | None = None  # the help centre, when not `samples/knowledge` (another set's)

    @property
    def labels(self) -> Path:
        return self.samples / "labels.jsonl"

    @property
    def knowledge(self) -> Path:
        return self.folder or self.samples / "knowledge"


REAL_SETS = {
    "real": RealSet("real", "applesupport_200.csv", "example_id", "customer_text", SAMPLES_ROOT / "devices"),
    "real-streaming": RealSet("real-streaming", "twcs_inbound_6000.csv", "", "text", SAMPLES_ROOT / "streaming", mention="@spotifycares"),
    "real-airline": RealSet(
        "real-airline", "twcs_inbound_6000.csv", "", "text", SAMPLES_ROOT / "airline", mention="@americanair", folder=SAMPLES_ROOT / "skylark" / "knowledge"
    ),
}
DEVICES = REAL_SETS["real"]
SAMPLES = DEVICES.samples
LABELS = DEVICES.labels
KNOWLEDGE = DEVICES.knowledge
POSTS_FILE = DEVICES.posts_file


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


def real_cases(folder: Path | None = None, labels: Path | None = None, real_set: RealSet = DEVICES) -> RealCases:
    """A real set's posts joined to their labels by row id, checked against the text's hash."""
    source = (folder or realdata_dir()) / real_set.posts_file
    if not source.is_file():
        return RealCases([], skipped=f"{source} is not present (real posts are never copied into the repository)")
    with source.open(encoding="utf-8", newline="") as handle:
        texts = {
            row[real_set.id_column]: row[real_set.text_column]
            for row in csv.DictReader(handle)
            if row.get(real_set.id_column) and real_set.mention in (row.get(real_set.text_column) or "").lower()
        }
    cases, mismatched = [], 0
    for line in (labels or real_set.labels).read_text(encoding="utf-8").splitlines():
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
