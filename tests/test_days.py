"""Days we work. "do you deliver on sundays?" was left without an article though the delivery
article's reply says "Tuesday to Saturday"; "are you open on Christmas Eve?" was told the contact
article's weekday hours, which say nothing of Christmas. A question asking of a day of ours is
answered by the article saying which days, and left without an article when none of the articles
retrieval found says days of that kind (a holiday must be named). A day of the customer's own, or
one gone by, asks nothing of our days."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.text.asks import measured_thing
from assistant.text.days import STATES_DAYS, STATES_HOLIDAYS, asked_day
from tests.conftest import REPO, module_services

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HOLIDAYS = (
    "christmas day",
    "christmas eve",
    "boxing day",
    "new year's day",
    "new years eve",
    "easter monday",
    "good friday",
    "bank holidays",
    "a bank holiday",
)
OPENERS = ("", "hi ", "@Brand ", "quick question, ")


@given(
    st.sampled_from(OPENERS),
    st.sampled_from(("do you deliver", "can I collect", "are you open", "is the shop open", "do you do collections", "can I book a slot", "r u open")),
    st.sampled_from(WEEKDAYS),
    st.sampled_from(("{d}s", "a {d}", "on {d}s", "on a {d}")),
    st.sampled_from(("?", "", " please?", "??")),
    st.booleans(),
)
def test_a_day_in_general_asked_is_read_as_asking_our_days(opener: str, ask: str, day: str, form: str, end: str, upper: bool) -> None:
    text = f"{opener}{ask} {form.format(d=day)}{end}"
    text = text.upper() if upper else text
    kind, said, _ = asked_day(text)
    assert kind == "day", text
    assert day in said, text


@given(
    st.sampled_from(OPENERS),
    st.sampled_from(("are you open", "is reception open", "do you deliver", "will the helpline be staffed")),
    st.sampled_from(HOLIDAYS),
    st.sampled_from(("on ", "over ", "")),
)
def test_a_holiday_asked_is_read_as_asking_our_holidays(opener: str, ask: str, holiday: str, on: str) -> None:
    text = f"{opener}{ask} {on}{holiday}?"
    if not on and "open" not in ask and "staffed" not in ask:
        return  # "do you deliver christmas day" reads as no day asked; nothing to say here
    kind, said, _ = asked_day(text)
    assert kind == "holiday", text
    assert said.split()[-1] in holiday, text


@pytest.mark.parametrize(
    "text",
    [
        "can I cancel my visit on friday?",  # a day of the customer's own booking
        "what time will the crew turn up on friday?",
        "broadband off since monday. do I get anything back??",  # a day gone by
        "where are my points from last saturday?",
        "got a gift card for christmas 2 years ago, can I still use it?",  # what a thing was for
        "are you hiring for christmas",
        "we're on holiday next saturday so she'll miss her lesson, can she catch up",  # the customer's holiday
        "storm forecast for friday, are you going to close?",  # the day is the storm's
        "put my books in the book drop on sunday night and you've charged me for monday",
        "my lesson on saturdays keeps getting cancelled",
        "are there any strikes this weekend?",
        "the sundae was melted",
        "",
    ],
)
def test_a_day_of_the_customers_own_or_gone_by_asks_nothing_of_ours(text: str) -> None:
    assert asked_day(text) == ("", "", ""), text


def test_when_we_are_open_is_left_to_the_hours_and_any_other_day_question_is_a_measure() -> None:
    assert measured_thing("do you deliver on sundays?") == ("day", "do you deliver")
    assert measured_thing("can I get in on a sunday? I'm on a hot desk") == ("day", "can I get in")
    assert measured_thing("are you open on sundays?") == ("", "")  # the article saying our hours answers it (`asks_when_we_are_open`)
    assert measured_thing("how long does delivery take on a sunday?")[0] == "duration"  # how long is asked first


@pytest.mark.parametrize(
    ("sentence", "days", "holidays"),
    [
        ("We deliver in chilled vans, Tuesday to Saturday, for £6.95.", True, False),
        ("Call us Mon-Fri 9am to 5pm.", True, False),
        ("Open 8am to 8pm every day.", True, False),
        ("Hot desks are open on weekdays; offices get 24/7 access.", True, False),
        ("We're open 7 days a week.", True, False),
        ("There are no deliveries on Christmas Day, Boxing Day or New Year's Day.", False, True),
        ("Each store's hours, including bank holidays, are on the store finder.", False, True),
        ("Change the water every two days and keep it out of the sun.", False, False),
        ("We sat down with the team.", False, False),
    ],
)
def test_a_sentence_says_days_by_name_range_or_every_day(sentence: str, days: bool, holidays: bool) -> None:
    assert bool(STATES_DAYS.search(sentence)) is days, sentence
    assert bool(STATES_HOLIDAYS.search(sentence)) is holidays, sentence


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text: str) -> None:
    kind, said, thing = asked_day(text)
    assert kind in ("", "day", "holiday")
    assert bool(kind) == bool(said)


def test_a_hostile_post_is_read_in_bounded_time() -> None:
    """25,000 characters of days the customer owns, in one clause that asks: every one is looked at
    and refused, a bounded stretch around each."""
    started = time.perf_counter()
    assert asked_day("are " + "my sundays and " * 1700 + "?") == ("", "", "")
    assert time.perf_counter() - started < 2.0


@pytest.fixture(scope="module")
def bakery(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Larkspur's help centre: its delivery, collection and contact articles say "Tuesday to
    Saturday"; none names a holiday."""
    yield from module_services(tmp_path_factory, "bakery-days", knowledge_dir=REPO / "assistant" / "samples" / "larkspur" / "knowledge")


@pytest.mark.parametrize("text", ["@LarkspurCakes do you deliver on sundays?", "do you deliver at weekends?", "do u deliver on a saturday"])
def test_a_day_asked_is_answered_by_the_article_saying_which_days(bakery: Any, text: str) -> None:
    grounding = bakery.knowledge.ground(text)
    assert grounding.verdict.answerable, grounding.verdict.reason
    assert grounding.hits[0].article_id == "delivery"
    ticket = bakery.store.get(bakery.pipeline.ingest(Post("x", f"days-{abs(hash(text))}", "dana", text)).ticket_id)
    assert "Tuesday to Saturday" in ticket.draft.text, ticket.draft.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # grounding only reads the index
@given(st.sampled_from(OPENERS), st.sampled_from(("are you open", "is the bakery open", "do you deliver", "can I collect")), st.sampled_from(HOLIDAYS))
def test_a_holiday_no_article_names_gets_no_article(bakery: Any, opener: str, ask: str, holiday: str) -> None:
    grounding = bakery.knowledge.ground(f"{opener}{ask} on {holiday}?")
    assert not grounding.verdict.answerable, (ask, holiday, [h.article_id for h in grounding.hits[:1]])
    assert holiday.split()[-1] in grounding.verdict.reason


def test_a_holiday_asked_beside_another_need_keeps_the_other(bakery: Any) -> None:
    """Two needs: the one no article answers doesn't take the other's answer away."""
    grounding = bakery.knowledge.ground("how do I store the leftovers? and are you open on boxing day?")
    assert grounding.verdict.answerable, grounding.verdict.reason
    assert "storing" in [hit.article_id for hit in grounding.hits[:2]]


def test_a_folder_naming_its_holidays_is_asked_them(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Parcelwing's delivery-hours article says "There are no deliveries on Christmas Day, Boxing
    Day or New Year's Day": the rule leaves the question to it."""
    for services in module_services(tmp_path_factory, "parcels-days", knowledge_dir=REPO / "assistant" / "samples" / "parcelwing" / "knowledge"):
        evidence = services.knowledge.index.evidence("do you deliver on boxing day?")
        assert evidence.days_unsaid == ""
        grounding = services.knowledge.ground("do you deliver on boxing day?")
        assert grounding.verdict.answerable and grounding.hits[0].article_id == "delivery-hours", grounding.verdict.reason


@given(
    st.sampled_from(("bank holidays", "bank holiday", "public holidays", "good friday", "boxing day")),
    st.sampled_from(("do you work on {h}?", "are you open {h} and is it more?", "what about {h}", "is the callout dearer on {h}")),
)
def test_the_word_before_a_holidays_head_names_nothing_of_its_own(holiday: str, form: str) -> None:
    """ "do you work on bank holidays and is it more?" was given the article tagged "bank transfer":
    the word that only modifies a holiday's name is no bank, and no praise ("good")."""
    from assistant.text.days import holiday_modifiers

    text = form.format(h=holiday)
    assert holiday_modifiers(text) == holiday.split()[0], text
    word = holiday.split()[0]
    assert holiday_modifiers(f"{text} and can I pay by {word} transfer?") == "", text  # said again on its own, it names


@pytest.fixture(scope="module")
def locksmith(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Boltwise (read unseen): its paying article is tagged "bank transfer", and its prices article
    has a section for evenings, weekends and bank holidays."""
    yield from module_services(tmp_path_factory, "locksmith-days", knowledge_dir=REPO / "assistant" / "samples" / "boltwise" / "knowledge")


def test_a_holiday_asked_is_not_named_by_a_tag_sharing_its_first_word(locksmith: Any) -> None:
    ticket = locksmith.store.get(
        locksmith.pipeline.ingest(Post("x", "bank-holiday", "dana", "@BoltwiseHelp do you work on bank holidays and is it more?")).ticket_id
    )
    assert ticket.draft is not None and [c["article_id"] for c in ticket.draft.citations] == ["prices"], ticket.draft
    assert "bank holidays, the callout is £119" in ticket.draft.text


@given(
    st.sampled_from(
        ["can you take up my trousers {by}?", "I need my dress cleaned {by}, is that possible?", "will it be ready {by}?", "could you do it {by}??"]
    ),
    st.sampled_from(["by friday", "by this Saturday", "before the 12th", "by tomorrow", "by the end of the week", "in time for the wedding", "by thurs"]),
)
def test_by_when_a_thing_can_be_done_is_asked_as_a_duration_of_no_thing(form: str, by: str) -> None:
    """Hemline, read unseen: "I need my trousers taken up by friday, is that possible?" was given
    the prices of alterations: by when is asked, which the article saying how long things take
    answers, whatever the thing."""
    assert measured_thing(form.format(by=by)) == ("duration", "")


@pytest.mark.parametrize(
    "text",
    [
        "it was meant to arrive by friday, where is it?",  # a day promised before: lateness told
        "you said it'd be ready by saturday and it isn't",
        "picked it up by friday, thanks",  # no question
        "can I book for saturday?",  # a day asked, not by when
    ],
)
def test_a_day_promised_before_or_no_question_asks_no_by_when(text: str) -> None:
    assert measured_thing(text) != ("duration", "")


def test_by_when_is_answered_by_the_sentence_of_a_thing_done_in_time(tailor: Any) -> None:
    """The article saying "ready in 7 days" answers by when, not one saying "we keep finished
    items for 90 days", which states a duration too."""
    ticket = tailor.store.get(
        tailor.pipeline.ingest(Post("x", "by-when-1", "cust", "@HemlineTailors I need my trousers taken up by friday, is that possible?")).ticket_id
    )
    assert ticket.draft is not None and [c["article_id"] for c in ticket.draft.citations] == ["turnaround"], ticket.draft.citations


@pytest.fixture(scope="module")
def tailor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from module_services(tmp_path_factory, "tailor-days", knowledge_dir=REPO / "assistant" / "samples" / "hemline" / "knowledge")
