"""A neighbour's thing or doing is no thing of ours: "my neighbour's burglar alarm has been going off
for 3 hours, can you switch it off?" (Boltwise, read unseen) was given the locked-out article's
section on car alarms. Without an article named or headed for neighbours it gets none; a folder
with one ("Noise from neighbours") answers it, and a neighbour as a place or a person the
customer chose ("leave it with my neighbour") is no such post."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.text.neighbours import tells_of_a_neighbour
from tests.conftest import REPO, module_services


@given(
    st.sampled_from(["my neighbour", "our neighbours", "my next door neighbour", "the neighbours", "my neighbor"]),
    st.sampled_from(["burglar alarm has been going off for hours", "tree is shading the panels", "dog barks all night", "music every night"]),
    st.sampled_from(["", ", can you do anything?", " can you switch it off", " 😤"]),
)
def test_a_neighbours_thing_is_told(neighbour: str, thing: str, end: str) -> None:
    text = f"{neighbour}{chr(39) if neighbour.endswith('s') else chr(39) + 's'} {thing}{end}"
    assert tells_of_a_neighbour(text), text


@given(
    st.sampled_from(["my neighbour", "our neighbours", "my next door neighbour", "my neighbor"]),
    st.sampled_from(
        ["keeps putting his rubbish in my bin", "keeps using my wifi", "won't cut their hedge", "is always parking across my drive", "plays music till 3am"]
    ),
    st.sampled_from(["", ", can you do anything?", " 😤"]),
)
def test_a_neighbours_doing_is_told(neighbour: str, doing: str, end: str) -> None:
    text = f"{neighbour} {doing}{end}"
    assert tells_of_a_neighbour(text), text


def test_a_neighbour_as_a_place_or_a_person_of_the_customers_choosing_is_none() -> None:
    for text in [
        "can the driver leave the box with my neighbour",
        "tracking says left with neighbour but which neighbour??",
        "how do I add my neighbour as a keyholder",
        "our heat pump rattles at night, neighbours have complained",
        "left it at my neighbour's house by mistake",
        "my neighbour has been ill so I collect her prescription",
        "lights went off in my house but the neighbours have power",  # what neighbours have measures the fault
        "our neighbours have internet, why don't we",
    ]:
        assert not tells_of_a_neighbour(text), text


@pytest.fixture(scope="module")
def locksmith(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from module_services(tmp_path_factory, "locksmith-neighbours", knowledge_dir=REPO / "assistant" / "samples" / "boltwise" / "knowledge")


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Ashvale's council: its article "Noise from neighbours" answers a neighbour's doing."""
    yield from module_services(tmp_path_factory, "council-neighbours", knowledge_dir=REPO / "assistant" / "samples" / "ashvale" / "knowledge")


def test_a_neighbours_thing_gets_no_article_where_none_speaks_of_neighbours(locksmith: Any) -> None:
    text = "@BoltwiseHelp my neighbour's burglar alarm has been going off for 3 hours, can you switch it off?"
    ticket = locksmith.store.get(locksmith.pipeline.ingest(Post("x", "neighbour-1", "cust", text)).ticket_id)
    assert ticket.draft is not None and ticket.draft.citations == []
    assert any("neighbour" in flag for flag in ticket.draft.flags), ticket.draft.flags


def test_a_folder_speaking_of_neighbours_answers_and_another_need_keeps_its_article(council: Any) -> None:
    alone = council.knowledge.ground("@AshvaleCouncil my neighbours keep playing music till 3am every weekend, what can I do")
    assert alone.verdict.answerable and alone.hits[0].article_id == "noise", alone.verdict.reason
    ticket = council.store.get(
        council.pipeline.ingest(Post("x", "neighbour-2", "cust", "@AshvaleCouncil mould in the bathroom + the neighbours' music every night")).ticket_id
    )
    assert ticket.draft is not None and {c["article_id"] for c in ticket.draft.citations} == {"noise", "housing-repairs"}
