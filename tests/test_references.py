"""A post that is only a reference (an order, policy or booking number given in answer to an
earlier question) answers that question: no article is chosen from it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.privacy import MASKED, masked_text
from assistant.text.follow_ups import gives_only_a_reference
from assistant.triage import triage

_REFERENCES = st.from_regex(r"[A-Z]{0,3}-?[0-9]{4,9}(-[0-9]{3,7})?", fullmatch=True)
_WITH = st.sampled_from(
    [
        "{r}",
        "it's order {r}",
        "policy no. {r} thanks",
        "booking ref: {r}",
        "Here's my claim number {r}",
        "my order {r}",
        "#{r}",
        "it's tenancy ref {r}",
        "contract no {r}",
    ]
)


@pytest.mark.parametrize("reference", ["TY0000", "TY-0000", "THX-22310", "ty12345", "Thx/5521"])
def test_a_reference_whose_letters_spell_thanks_is_no_thanks(reference: str) -> None:
    """Hypothesis found "TY0000" read as "ty" (thank you) and triaged praise: letters glued to
    digits are a reference."""
    assert triage(Post("x", "1", "cust", f"@PillpostHelp {reference}")).intent == "answer"


@settings(max_examples=120, deadline=None)
@given(_REFERENCES, _WITH, st.sampled_from(["@PillpostHelp ", "", "@Brand @Other "]))
def test_a_reference_alone_is_an_answer(reference: str, form: str, handle: str) -> None:
    """ "it's order PP-58213" was read as venting and told how to follow an order."""
    text = handle + form.format(r=reference)
    assert gives_only_a_reference(text)
    assert triage(Post("x", "1", "cust", text)).intent == "answer"


@pytest.mark.parametrize(
    "text",
    [
        "order 4821 still not here",
        "where is order 48213?",
        "2 hours",
        "call me on 07700900123",
        "アマゾンで頼んだ商品が8〜16日の間に届くってあったけどまだ届いてません",
        "my order",
        "thanks!",
        "still waiting 4821",
        "cancel 48213",
        "cancel [number]",
        "call me on [phone number]",
        "my parcel came 12345",
        "my parcel came [number]",
    ],
)
def test_a_reference_with_anything_else_said_is_read_as_usual(text: str) -> None:
    assert not gives_only_a_reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_reference_only_with_a_reference_in_it(text: str) -> None:
    if gives_only_a_reference(text):
        assert any(c.isdigit() for c in text) or MASKED.search(text)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(
        ["my card number is {r}", "account number {r}", "my test is ref {r}", "membership no. {r}", "my licence is {r}", "it's {r}", "here's my email {r}"]
    ),
    st.sampled_from(["29014003318827", "4111 1111 1111 1111", "someone@example.com", "DE89370400440532013000", "07700 900123", "4821-7781-3341"]),
)
def test_a_reference_masked_on_arrival_is_still_a_reference(form: str, reference: str) -> None:
    """Readmoor's "my card number is 29014003318827" (read unseen) was masked to "my card number is
    [number]" before triage, read as a question and told how to sign in: what was masked was the
    reference the customer gave."""
    text = masked_text("@ReadmoorLib " + form.format(r=reference))
    assert gives_only_a_reference(text) and triage(Post("x", "1", "cust", text)).intent == "answer", text
