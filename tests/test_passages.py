"""Which passage of the right article a draft says: a section whose heading names the customer's
case, else the article's reply (`kb.passages`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import REPO, drafting_in

SAMPLES = REPO / "assistant" / "samples"


def _article(folder: str, name: str) -> str:
    return (SAMPLES / folder / "knowledge" / name).read_text(encoding="utf-8")


def test_a_section_whose_heading_names_the_case_is_said_though_the_post_is_nearest_the_title(settings: Any, tmp_path: Path) -> None:
    """ "got a 'sorry we missed you' card but I was in all day!! nobody knocked" is nearest the
    article's title and tags, and got the reply ("we'll try again the next working day"); the
    section headed "Card says we called but nobody knocked" answers it. A post that names no
    section's case still gets the reply."""
    articles = {
        "missed-delivery.md": _article("parcelwing", "missed-delivery.md"),
        "no-signal.md": _article("tidewave", "no-signal.md"),
        "track-parcel.md": _article("parcelwing", "track-parcel.md"),
    }
    with drafting_in(settings, tmp_path / "knowledge", articles) as (_, draft):
        knocked = draft("got a 'sorry we missed you' card but I was in all day!! nobody knocked", "knock")
        assert [c["article_id"] for c in knocked.draft.citations] == ["missed-delivery"]
        assert "GPS record" in knocked.draft.text and "next working day" not in knocked.draft.text
        weak = draft("signal in my flat is terrible, calls keep dropping. can't move house lol", "flat")
        assert "Wi-Fi Calling" in weak.draft.text and "status page" not in weak.draft.text
        plain = draft("missed my delivery, can you bring it back on saturday instead", "plain")
        assert "next working day" in plain.draft.text and "GPS record" not in plain.draft.text
        outage = draft("no signal in the whole of Cardiff since this morning, is there an outage?", "outage")
        assert "status page" in outage.draft.text
