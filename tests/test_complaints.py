"""A post asking how to complain is answered by the article saying where complaints go (a
complaints article, or the contact article tagged for them), whatever the complaint is about."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import assistant
from assistant.text.asks import asks_how_to_complain
from tests.conftest import module_services

FORMS = [
    "how do I complain about {x}",
    "how can we make a formal complaint about {x}?",
    "I'd like to make a formal complaint about {x}",
    "I want to complain about {x}, it's not good enough",
    "we wish to lodge an official complaint about {x}",
    "who do I complain to about {x}",
]
ABOUT = ["a member of staff", "how my case was handled", "the state of the screen", "the manager at the leeds cinema", "my refund taking 3 weeks"]


def _folder(name: str) -> Path:
    return Path(assistant.__file__).parent / "samples" / name / "knowledge"


@pytest.fixture(scope="module")
def cinema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from module_services(tmp_path_factory, "cinema-complaints", knowledge_dir=_folder("lumen"))


@pytest.fixture(scope="module")
def holidays(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from module_services(tmp_path_factory, "holiday-complaints", knowledge_dir=_folder("sunvista"))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # grounding only reads the index
@given(st.sampled_from(FORMS), st.sampled_from(ABOUT), st.sampled_from(["@LumenCinemas ", ""]))
def test_how_to_complain_is_answered_by_the_article_tagged_for_complaints(cinema: Any, form: str, about: str, handle: str) -> None:
    """ "how do I complain about a member of staff" got no article (its words are the staff's),
    though the cinema's contact article is tagged "complaint"."""
    grounding = cinema.knowledge.ground(handle + form.format(x=about))
    assert grounding.verdict.answerable, grounding.verdict.reason
    assert grounding.hits[0].article_id == "contact"


def test_a_complaints_article_is_chosen_over_the_contact_article(holidays: Any) -> None:
    """Sunvista has both: "Complaints after your holiday" names complaints, the contact article doesn't."""
    evidence = holidays.knowledge.index.evidence("you rejected my complaint, who else can I go to")
    assert evidence.complaints == "complaints"
    grounding = holidays.knowledge.ground("you rejected my complaint, who else can I go to")
    assert grounding.verdict.answerable and grounding.hits[0].article_id == "complaints"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("how do I make a complaint", True),
        ("who do I escalate this to", True),
        ("we need to complain about the noise", True),
        ("you rejected my complaint, who else can I go to", True),
        ("who else can I go to", False),  # beside no complaint: where else to go is no complaint
        ("my neighbour is threatening to complain", False),
        ("complained 6 weeks ago and heard nothing back", False),  # a complaint unanswered: a way to reach us
        ("no complaints, great film", False),
        # The one who wants to left unsaid, as posts do, at a clause's start:
        ("want to complain, nobody turned up twice", True),
        ("@Brand need to make a formal complaint", True),
        ("van was filthy. really want to complain", True),
        ("do you want to complain", False),
        ("i dont want to complain but the tea was cold", False),
        ("they want to complain", False),
    ],
)
def test_what_asks_how_to_complain(text: str, asks: bool) -> None:
    assert asks_how_to_complain(text) is asks


def test_a_post_no_complaint_rule_reaches_keeps_its_own_evidence(cinema: Any) -> None:
    assert cinema.knowledge.index.evidence("the film kept freezing halfway through").complaints == ""
