"""What a post tells by a closed class of words, answered by the folder's article on it.

Someone hurt. "my daughter twisted her ankle at your leeds park yesterday and nobody wrote
anything down" got no article, and "my kid came home with a nosebleed and a massive bruise after a
marshal let big kids double bounce next to him" was told the rules on double bouncing: the post's
words are the body's, the place's and the rule's, not those of the article on injuries. A post
telling of someone hurt is answered by the folder's article on injuries (its title and tags name
them), when retrieval found it; a thing broken or a feeling hurt is no injury.

Someone's age. "my son is 10, can he come on his own?" and "I'm 23, can I rent from you?" got no
article: the folder's article on ages (title and tags: "Ages and supervision", "Age limits")
answers them; a number of minutes, kilos or pounds is no age, and a price asked stays the price's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.text.asks import asks_about_an_allergen, asks_for_a_proxy, tells_an_age, tells_of_an_injury
from tests.conftest import REPO, module_services

WHO = ("my son", "my daughter", "I", "my little boy", "our youngest", "she", "he", "my kid", "my husband")
HARMS = ("twisted his ankle", "sprained her wrist", "broke his arm", "hurt her knee", "cut his head", "banged her head", "bumped his nose", "broke a tooth")
WHERE = ("at your leeds park", "on the trampolines", "yesterday", "in the soft play", "on the big slide", "during the session")


@given(
    st.sampled_from(WHO),
    st.sampled_from(HARMS),
    st.sampled_from(WHERE),
    st.sampled_from(("", ". nobody wrote anything down", ", not happy", " 😢")),
    st.booleans(),
)
def test_someone_hurt_is_told_by_what_happened_to_their_body(who: str, harm: str, where: str, tail: str, upper: bool) -> None:
    text = f"{who} {harm} {where}{tail}"
    assert tells_of_an_injury(text.upper() if upper else text), text


@pytest.mark.parametrize(
    "text",
    [
        "came home with a nosebleed and a massive bruise",
        "she's got a black eye from another kid's head",
        "he ended up in A&E with concussion",
        "we had to call an ambulance",
        "my arm is still swollen from friday",
        "took her to hospital after she fell off",
    ],
)
def test_an_injury_is_told_in_other_words_too(text: str) -> None:
    assert tells_of_an_injury(text), text


@pytest.mark.parametrize(
    "text",
    [
        "broke my phone on the bus",
        "the screen is cracked",
        "you hurt my feelings",
        "my heart is broken, the cake was ruined",
        "the bananas were bruised",
        "hit a pothole and the tyre burst",
        "the first aider was brilliant, thanks",
        "is the park accessible for my son? he uses a wheelchair",
        "",
    ],
)
def test_a_thing_broken_or_a_feeling_hurt_is_no_injury(text: str) -> None:
    assert not tells_of_an_injury(text), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error(text: str) -> None:
    assert tells_of_an_injury(text) in (True, False)


@pytest.fixture(scope="module")
def parks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Bouncewell's help centre: "If someone is hurt" [injury, injured, hurt, accident, first aid],
    beside rules on the trampolines and complaints."""
    yield from module_services(tmp_path_factory, "parks-hurt", knowledge_dir=REPO / "assistant" / "samples" / "bouncewell" / "knowledge")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])  # grounding only reads the index
@given(st.sampled_from(WHO[:5]), st.sampled_from(HARMS), st.sampled_from(WHERE))
def test_someone_hurt_is_answered_by_the_article_on_injuries(parks: Any, who: str, harm: str, where: str) -> None:
    grounding = parks.knowledge.ground(f"@BouncewellHQ {who} {harm} {where}")
    assert grounding.verdict.answerable, grounding.verdict.reason
    assert grounding.hits[0].article_id == "injuries", [hit.article_id for hit in grounding.hits[:3]]


def test_an_injury_told_beside_the_rule_it_broke_is_answered_by_the_article_on_injuries(parks: Any) -> None:
    text = "@BouncewellHQ my kid came home with a nosebleed and a massive bruise after a marshal let big kids double bounce next to him. not ok"
    assert parks.knowledge.ground(text).hits[0].article_id == "injuries"
    assert parks.knowledge.ground("@BouncewellHQ is double bouncing allowed?").hits[0].article_id == "safety-rules"  # a rule asked stays the rules'


def test_a_folder_without_an_article_on_injuries_keeps_its_own_choice(tmp_path_factory: pytest.TempPathFactory) -> None:
    for services in module_services(tmp_path_factory, "bakery-hurt", knowledge_dir=REPO / "assistant" / "samples" / "larkspur" / "knowledge"):
        assert services.knowledge.index.evidence("my son broke a tooth on a nut in your carrot cake").told == ""


@given(
    st.sampled_from(
        ("my son is {n}", "my daughter's {n}", "I'm {n}", "she's {n}", "my {n} year old", "our {n}-year-old", "my {n}yo", "he is only {n}", "aged {n}")
    ),
    st.integers(min_value=1, max_value=99),
    st.sampled_from((", can he come on his own?", " - is that old enough?", ". can she go without me", "", " and wants to come")),
)
def test_an_age_is_told_as_a_number_beside_whose_it_is(form: str, years: int, rest: str) -> None:
    text = form.format(n=years) + rest
    assert tells_an_age(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I'm 5 months pregnant, can I jump?",
        "he's 15kg, can he go in the carrier?",
        "I'm 10 minutes away",
        "my order is 3 days late",
        "we are 4 adults and 2 kids",
        "my bill is 40 pounds this month",
        "she's 2 stone heavier now",
        "it's 3:30 and nobody is here",
        "room 12 is cold",
    ],
)
def test_a_number_of_something_else_is_no_age(text: str) -> None:
    assert not tells_an_age(text), text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_for_an_age_without_error(text: str) -> None:
    assert tells_an_age(text) in (True, False)


@pytest.mark.parametrize("text", ["my son is 10, can he come on his own?", "can my 13 year old go with her friends without me", "is it ok for my 4yo?"])
def test_an_age_told_is_answered_by_the_article_on_ages(parks: Any, text: str) -> None:
    grounding = parks.knowledge.ground(f"@BouncewellHQ {text}")
    assert grounding.verdict.answerable, grounding.verdict.reason
    assert grounding.hits[0].article_id == "age-rules", [hit.article_id for hit in grounding.hits[:3]]


def test_a_price_asked_for_an_age_stays_the_prices(parks: Any) -> None:
    assert parks.knowledge.ground("@BouncewellHQ how much is it for a 6 year old and an adult?").hits[0].article_id == "prices"


# An allergen asked. "does the lemon drizzle have egg in it" was refused as a thing the nearest
# article (ordering) doesn't name, and "does the banana bread have nuts in it" left without an
# article: the folder's article on allergens answers what is asked of an allergen, when it names it.
DISHES = ("the lemon drizzle", "the banana bread", "your carrot cake", "the pad thai", "the house granola")
ALLERGENS = ("nuts", "egg", "milk", "gluten", "sesame", "peanuts", "soya")


@given(
    st.sampled_from(DISHES),
    st.sampled_from(ALLERGENS),
    st.sampled_from(("does {d} have {a} in it", "does {d} contain {a}?", "is {d} {a} free?", "has {d} got {a} in?", "is there {a} in {d}? my son is allergic")),
)
def test_an_allergen_asked_of_a_dish_is_read_with_the_allergen(dish: str, allergen: str, form: str) -> None:
    text = form.format(d=dish, a=allergen)
    if form.startswith("is there"):  # an allergy told beside a question, the allergen named as the thing
        assert asks_about_an_allergen(text), text
        return
    assert allergen in asks_about_an_allergen(text).split(), text


@pytest.mark.parametrize(
    "text",
    [
        "delivery came, no milk, no eggs, and the bread was squashed",  # named, not asked of our food
        "picker swapped my oat milk for cow's milk",
        "is the gluten free bread made in a separate factory",  # a product's name
        "I'm allergic to your customer service",
        "where do you get your milk from",
        "",
    ],
)
def test_an_allergen_named_without_asking_of_it_asks_nothing(text: str) -> None:
    assert asks_about_an_allergen(text) == "", text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_for_an_allergen_without_error(text: str) -> None:
    assert isinstance(asks_about_an_allergen(text), str)


def test_an_allergen_asked_is_answered_by_the_article_naming_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    for services in module_services(tmp_path_factory, "bakery-allergens", knowledge_dir=REPO / "assistant" / "samples" / "larkspur" / "knowledge"):
        grounding = services.knowledge.ground("@LarkspurCakes does the lemon drizzle have egg in it")
        assert grounding.verdict.answerable and grounding.hits[0].article_id == "allergens", grounding.verdict.reason


def test_an_article_on_allergies_that_never_names_the_allergen_is_not_its_answer(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Petalry's "Allergies" article is on pollen: it can't say whether a hamper has nuts."""
    for services in module_services(tmp_path_factory, "florist-allergens", knowledge_dir=REPO / "assistant" / "samples" / "petalry" / "knowledge"):
        assert services.knowledge.index.evidence("does the chocolate hamper have nuts in it? my son is allergic").told == ""


# Someone of the customer's asked to act for them or share what is theirs. "can my wife have her own
# login on my subscription" and "can my husband drive the car too" got no article, "can my mum see
# the doorbell on her phone too?" the doorbell's wiring, and "can my husband collect my parcel for
# me?" the reply on collecting rather than "Someone else collecting".
@given(
    st.sampled_from(("my husband", "my wife", "my mum", "our son", "my partner", "my brother", "my dad")),
    st.sampled_from(
        (
            "collect my parcel for me",
            "pick up the tools I booked",
            "drive the car too",
            "have the app on his phone",
            "see the camera",
            "use my account",
            "log in on her laptop",
            "book for me",
        )
    ),
    st.sampled_from(("can ", "could ", "is ")),
    st.sampled_from(("?", "", " please?")),
)
def test_someone_of_the_customers_asked_to_act_for_them_is_read(person: str, act: str, ask: str, end: str) -> None:
    text = f"{ask}{person} {'allowed to ' if ask == 'is ' else ''}{act}{end}"
    assert asks_for_a_proxy(text), text


@pytest.mark.parametrize(
    "text",
    [
        "can my mum come with me",  # a person coming along
        "can my son come on his own?",  # an age, not a proxy
        "my husband used my card without asking",  # told, not asked
        "can I collect my parcel for my mum",  # the customer acts
        "can my order be collected by a courier",
        "",
    ],
)
def test_other_asks_of_people_are_no_proxy(text: str) -> None:
    assert not asks_for_a_proxy(text), text


@pytest.mark.parametrize(
    ("heading", "for_someone_else"),
    [
        ("Someone else collecting", True),
        ("Hiring for someone else", True),
        ("Adding someone to your account", True),
        ("Sharing access with family", True),
        ("Extra drivers", True),
        ("Someone else signed in", False),  # someone uninvited
        ("Someone else used my account", False),
        ("Someone else's photos in my parcel", False),
        ("Collecting your parcel", False),
    ],
)
def test_a_heading_for_someone_acting_for_the_customer(heading: str, for_someone_else: bool) -> None:
    from assistant.kb.headings import headed_for_someone_else

    assert headed_for_someone_else(heading) is for_someone_else


def test_someone_collecting_for_the_customer_is_told_the_section_for_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    for services in module_services(tmp_path_factory, "parcels-proxy", knowledge_dir=REPO / "assistant" / "samples" / "parcelwing" / "knowledge"):
        ticket = services.store.get(
            services.pipeline.ingest(Post("x", "proxy-1", "dana", "can my husband collect my parcel from the parcelpoint for me?")).ticket_id
        )
        assert "their own photo ID" in ticket.draft.text, ticket.draft.text  # "Someone else collecting", not the reply


def test_someone_asked_to_drive_is_answered_by_the_article_on_extra_drivers(tmp_path_factory: pytest.TempPathFactory) -> None:
    for services in module_services(tmp_path_factory, "cars-proxy", knowledge_dir=REPO / "assistant" / "samples" / "roadhop" / "knowledge"):
        grounding = services.knowledge.ground("@RoadhopHelp can my husband drive the car too")
        assert grounding.verdict.answerable and grounding.hits[0].article_id == "extra-driver", grounding.verdict.reason


def test_with_no_article_titled_for_it_the_one_with_a_section_for_someone_else_answers(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Stowbay has no article on sharing; its account article's "Adding someone to your account"
    answers "can my brother go to the unit without me", which had been left without an article."""
    for services in module_services(tmp_path_factory, "storage-proxy", knowledge_dir=REPO / "assistant" / "samples" / "stowbay" / "knowledge"):
        grounding = services.knowledge.ground("@StowbayHelp can my brother go to the unit without me")
        assert grounding.verdict.answerable and grounding.hits[0].article_id == "account", grounding.verdict.reason
