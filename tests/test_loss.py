"""A death told opens the reply with condolences, never "Sorry about this" or "You're welcome!":
someone close to the customer, or their pet, read from an allow-list of who may die, so a phone, a
battery or a car that "died" is a fault and someone lost in a crowd is no death."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assistant.drafting.tone import tone
from assistant.posts import Post
from assistant.text.loss import tells_of_a_death
from assistant.triage import triage
from tests.conftest import make_post

_WHOSE = st.sampled_from(["my ", "our ", "My ", "my late ", "my dear ", "our lovely ", "my best ", ""])
_CLOSE = st.sampled_from(
    ["mum", "dad", "mother", "father", "husband", "wife", "partner", "son", "daughter", "nan", "grandad", "aunt", "uncle", "friend", "dog", "cat"]
)
_ADVERB = st.sampled_from(["", "sadly ", "suddenly ", "just ", "has ", "recently "])
_DIED = st.sampled_from(["died", "passed away", "passed on", "DIED", "Passed Away"])
_AROUND = (
    st.sampled_from(["", "since ", "I'm writing because ", "hi, "]),
    st.sampled_from(["", " in march", " last week", ". how do I close the account?", " and you keep emailing"]),
)


@given(*_AROUND, _WHOSE, _CLOSE, _ADVERB, _DIED)
def test_someone_close_who_died_is_a_death(before: str, after: str, whose: str, close: str, adverb: str, died: str) -> None:
    if whose.strip() == "my late":  # "my late dad died" is no way to say it; "my late dad's account" is
        whose = "my "
    assert tells_of_a_death(f"{before}{whose}{close} {adverb}{died}{after}")


@given(
    st.sampled_from(["my ", "our ", "dad's ", "my mum's ", ""]),
    st.sampled_from(["phone", "laptop", "battery", "car", "router", "tv", "kettle", "trackpad", "headphones", "plants", "screen"]),
    st.sampled_from(["", "just ", "suddenly "]),
    st.sampled_from(["died", "died on me", "has died", "died after the update"]),
)
def test_a_thing_that_died_is_no_death(whose: str, thing: str, adverb: str, died: str) -> None:
    assert not tells_of_a_death(f"{whose}{thing} {adverb}{died}")


def test_the_forms_a_death_is_told_in_and_the_lookalikes_that_are_none() -> None:
    for text in [
        "my late husband's account is still open",
        "lost my dad to cancer last year, how do I close his account",
        "our dog was put to sleep yesterday, cancel the insurance please",
        "I'd like to do a collection at my dad's funeral for you",
        "following the death of my mother I need to close her account",
        "need to cancel my father in law's subscription, he died last week",
        "the nurses who looked after my wife in her last days were angels",
    ]:
        assert tells_of_a_death(text), text
    for text in [
        "lost my son near the log flume",  # a person lost, not dead
        "lost my mum's bank card",
        "lost my wife's ring in the pool",
        "my son passed his driving test",
        "died laughing at your advert 😂",
        "she nearly died when she saw the bill",
        "the flowers were dead on arrival",
        "my dog is scared of the trampolines",
    ]:
        assert not tells_of_a_death(text), text


@given(st.text(max_size=200))
def test_any_text_is_read_without_error(text: str) -> None:
    assert tells_of_a_death(text) in (True, False)


def test_a_death_opens_with_condolences_before_a_complaint_or_a_long_wait() -> None:
    for text in [
        "my mum passed away in march and you're still sending her letters. please stop, it's upsetting",
        "waited 3 weeks for you to close my late dad's account, still nothing",
        "is there any support for families? struggling since dad died in may",
    ]:
        assert tone(text, triage(Post("x", "1", "customer", text))).opening == "loss", text
    text = "my phone died and the battery won't charge"
    assert tone(text, triage(Post("x", "1", "customer", text))).opening == "negative"


def _draft(services: Any, text: str, external_id: str) -> Any:
    return services.store.get(services.pipeline.ingest(make_post(external_id, text)).ticket_id).draft


def test_a_draft_to_someone_bereaved_opens_with_condolences_and_praise_from_them_is_thanked_with_them(services: Any) -> None:
    draft = _draft(services, "@NimbusHome my dad passed away last month, how do I cancel his Nimbus Plus?", "loss-1")
    assert draft.citations and draft.text.startswith("We're so sorry for your loss, @sam_k.")
    assert "Sorry about this" not in draft.text
    praise = _draft(services, "@NimbusHome the engineer who came to my late mum's house was so kind to her. thank you all", "loss-2")
    assert praise.text == "Thank you so much for your kind words, @sam_k, and we're so sorry for your loss. We'll pass them on to the team."


def test_a_death_is_no_fault_no_lost_person_and_no_doubt_on_the_thanks_beside_it() -> None:
    from assistant.text.asks import tells_of_a_lost_person
    from assistant.text.needs import states_a_problem

    for text in [
        "my dad died at the hospice last week, the nurses were wonderful, thank you",
        "thank you for everything you did for mum in her last days",
        "the engineer who came to my late mum's house was so kind to her. thank you all",  # "late" is no delay
    ]:
        assert not states_a_problem(text), text
        assert triage(Post("x", "1", "customer", text)).intent == "praise", text
    assert triage(Post("x", "1", "customer", "my mum passed away, can I cancel her plan")).intent == "question"
    assert not tells_of_a_lost_person("lost my dad to cancer last year, how do I close his account")
    assert tells_of_a_lost_person("lost my son near the log flume")
    assert states_a_problem("since my husband died I cant get into his account")  # the fault told beside it stays one
