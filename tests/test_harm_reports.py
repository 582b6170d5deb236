"""A post reporting a person threatening, following or harassing the customer, or asking them for
money, is a hazard of its own ("harm"): only an article about it may answer it, with the section
about it, else the brand's harm line (their emergency number first) takes it to a DM; the ticket
is urgent and needs the safety skill. A threat to charge or close an account, a follower on the
platform and being scared of an update are none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.routing import needs
from assistant.text.hazard import hazard_in, speaks_of
from assistant.triage import triage
from tests.conftest import drafting_in


def kind_of(text: str) -> str:
    hazard = hazard_in(text)
    return hazard.kind if hazard else ""


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["my match", "this guy", "a seller", "the driver", "someone I met on here", "he", "she", "my ex"]),
    st.sampled_from(
        [
            "sent me a really threatening message",
            "is threatening me",
            "keeps turning up outside my work",
            "turned up at my house",
            "is stalking me",
            "has been harassing me for weeks",
            "followed me home",
            "was following me off the bus",
            "keeps following me",
            "won't leave me alone",
            "is asking me to send him a gift card",
            "keeps asking me for money",
            "sent me unsolicited nudes",
        ]
    ),
    st.sampled_from(["", " after I said no", ", I'm scared", "!!", " what do I do"]),
    st.booleans(),
)
def test_a_person_menacing_the_customer_is_read_however_it_is_put(who: str, did: str, end: str, shout: bool) -> None:
    text = f"{who} {did}{end}"
    assert kind_of(text.upper() if shout else text) == "harm", text


@pytest.mark.parametrize(
    "text",
    [
        "they threatened me with a late fee",
        "you threatened to close my account",
        "thanks for following me!",
        "I follow you on insta",
        "the driver followed the diversion",
        "I'm scared to update my phone",
        "scared my parcel won't come in time",
        "my landlord is asking for the deposit",
        "the seller is asking for a review",
        "is the app safe for teenagers?",
        "the game's villain stalks you through the level, love it",
    ],
)
def test_a_threat_to_an_account_a_follower_and_a_worry_are_no_harm(text: str) -> None:
    assert kind_of(text) == "", text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("alguien me está amenazando por la app", "harm"),
        ("il me harcèle depuis une semaine", "harm"),
        ("er bedroht mich seit gestern", "harm"),
        ("ele está me ameaçando", "harm"),
        ("someone used my card and is now threatening me", "security"),
    ],
)
def test_harm_in_other_languages_and_beside_fraud(text: str, kind: str) -> None:
    """A stranger at the card is read first as fraud when the post says so first: the order is gas,
    danger, harm, fraud only between kinds found; here the card phrase comes earlier in the list."""
    assert kind_of(text) in {kind, "harm"}


def test_what_an_article_about_harm_says() -> None:
    assert speaks_of("harm", "Report someone from their profile: tap Report. Blocking stops them.")
    assert speaks_of("harm", "In danger now. If you're in danger, call 999.")
    assert speaks_of("harm", "Harassment and threatening behaviour are never allowed.")
    assert not speaks_of("harm", "Meet in a public place and tell a friend where you're going.")
    assert not speaks_of("harm", "You match when you both like each other.")


def test_harm_is_urgent_and_needs_the_safety_skill() -> None:
    said = triage(Post("x", "1", "dana", "my match keeps turning up outside my work, I'm scared"))
    assert said.priority == "urgent" and said.hazard_kind == "harm"
    assert "safety" in needs("x", "he's stalking me", "complaint", [], [])
    assert "safety" not in needs("x", "how do I report a fake profile", "question", [], [])


_MATCHES = """---
id: matches
title: Matches and likes
tags: [matches, likes, matched, unmatched]
reply: "You match when you both like each other. A match disappears when the other person unmatches."
url: https://dates.example/help/matches
---
## Ran out of likes
Free accounts get 25 likes a day.
"""
_SAFETY = """---
id: safety
title: Reporting someone and staying safe
tags: [report, block, harassment, scam, safety]
reply: "Report someone from their profile: tap the three dots, then Report. Blocking stops them contacting you."
url: https://dates.example/help/safety
---
## Meeting safely
Meet in a public place, tell a friend where you're going, and arrange your own way there and back.

## In danger now
If you're in danger, call 999. Then report the person in the app so we can act on their account.

## Asked for money
Never send money or gift cards to someone you've met here. Report them as a scam.
"""


def test_harm_is_answered_by_the_article_about_it_and_its_section(settings: Any, tmp_path: Path) -> None:
    """Kindred, read unseen: "my match sent me a really threatening message after I said no" got the
    article on matches, and "someone I met on here keeps turning up outside my work, I'm scared"
    was told to meet in a public place."""
    with drafting_in(settings, tmp_path / "knowledge", {"matches.md": _MATCHES, "safety.md": _SAFETY}) as (_, draft):
        threat = draft("my match sent me a really threatening message after I said no", "h1")
        # Never the article on matches: the one about harm, or (unsure of it in a folder this small) the harm line.
        cited = [c["article_id"] for c in threat.draft.citations]
        assert cited == ["safety"] or cited == [] and "emergency number" in threat.draft.text, (cited, threat.draft.text)
        assert threat.priority == "urgent"
        followed = draft("someone I met on here keeps turning up outside my work, I'm scared", "h2").draft
        assert "call 999" in followed.text and "public place" not in followed.text
        money = draft("this guy I matched with is asking me to send him an amazon voucher", "h3").draft
        assert "Never send money" in money.text


def test_without_an_article_about_harm_the_harm_line_answers(settings: Any, tmp_path: Path) -> None:
    with drafting_in(settings, tmp_path / "knowledge", {"matches.md": _MATCHES}) as (_, draft):
        ticket = draft("my match sent me a really threatening message after I said no", "h4")
        assert ticket.draft.citations == [] and "emergency number" in ticket.draft.text and "@dana" in ticket.draft.text
        assert any(flag.startswith("harm report") for flag in ticket.draft.flags)
        assert ticket.draft.problems == []
        spanish = draft("mi match me está amenazando desde ayer, no sé qué hacer", "h5")
        assert spanish.draft.citations == [] and "servicios de emergencia" in spanish.draft.text and spanish.draft.problems == []


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["someone rang saying they're from you and", "got a text that", "a caller", "an email from 'support'", "some guy on the phone", "they"]),
    st.sampled_from(
        [
            "asked for my card details",
            "asked me to confirm my bank details",
            "wanted my pin",
            "is asking for my password",
            "asked me to read out the one-time code",
        ]
    ),
    st.sampled_from(["", ", is that you?", " to 'confirm delivery'", "!!"]),
)
def test_a_caller_asking_for_the_customers_details_is_a_scam_at_the_account_not_a_menace(who: str, asked: str, end: str) -> None:
    """Nestbed, read unseen: "someone rang saying they're from Nestbed and asked for my card details"
    was read as harm and told "If you're in danger, please call your local emergency number". A
    request for card, bank or login details is someone at the account ("security": don't post
    them here, a specialist secures the account); a person asking for money or gift cards stays harm."""
    assert kind_of(f"{who} {asked}{end}") == "security"


@pytest.mark.parametrize("text", ["the app asked for my card details again", "checkout asks for my card details twice", "the form wants my account number"])
def test_our_own_pages_asking_for_details_are_no_hazard(text: str) -> None:
    assert kind_of(text) == ""
