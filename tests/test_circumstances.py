"""The customer's own circumstances are no fault of ours: "I'm not a UK taxpayer", "just don't have
room", "I've stopped paying tax since I retired" open with no apology, while a fault said with the
same words ("I don't have internet", "it stopped working") stays one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.tone import tone
from assistant.posts import Post
from assistant.text.circumstances import without_circumstances
from assistant.text.needs import states_a_problem
from assistant.triage import triage

_QUESTIONS = st.sampled_from(["can I still donate?", "do I need to tell you?", "can we come along?", "how do I sign up?", "is that ok?"])


@given(
    st.sampled_from(["I'm not", "I am not", "we're not", "Im not", "I’m not"]),
    st.sampled_from(["a", "an", "actually a", "yet a", ""]),
    st.sampled_from(["", "UK ", "existing ", "higher rate "]),
    st.sampled_from(["taxpayer", "tax payer", "member", "customer", "student", "resident", "members", "volunteer"]),
    _QUESTIONS,
    st.booleans(),
)
def test_who_the_customer_is_not_is_no_fault(subject: str, a: str, kind: str, who: str, question: str, first: bool) -> None:
    said = f"{subject} {a} {kind}{who}".replace("  ", " ")
    text = f"{said}, {question}" if first else f"{question} {said}"
    assert not states_a_problem(text), text
    assert tone(text, triage(Post("x", "1", "customer", text))).opening == "neutral", text


@given(
    st.sampled_from(
        [
            "just don't have room",
            "we don't have the space",
            "I don't drive",
            "we no longer live there",
            "I've stopped paying tax since I retired",
            "we stopped driving last year",
            "I dont use it much",
            "stuck in traffic on the a64, going to be 20 mins late for pickup",  # their own lateness (Littlewren)
            "I'm running late",
            "we'll be a bit late",
        ]
    ),
    _QUESTIONS,
)
def test_what_the_customer_has_no_room_for_or_stopped_doing_is_no_fault(said: str, question: str) -> None:
    text = f"{question} {said}"
    assert not states_a_problem(text), text


def test_a_fault_or_a_grievance_said_with_the_same_words_stays_one() -> None:
    for text in [
        "I don't have internet since monday",
        "I'm not getting emails from you",
        "it stopped working after the update",
        "I stopped getting notifications",
        "the lights don't work",
        "I'm not a happy customer, the parcel never came",
        "my order is late",  # ours, not theirs
        "the bus is running late again",
    ]:
        assert states_a_problem(text), text
    for text in ["I don't have time to fill any of your forms. I am sick and tired of you", "I do not need your poor quality help"]:
        assert triage(Post("x", "1", "customer", text)).intent in ("complaint", "venting"), text


@given(st.text(max_size=300))
def test_any_text_loses_only_whole_words(text: str) -> None:
    left = without_circumstances(text)
    assert len(left) <= len(text)
