"""A post reporting a danger (fire, smoke, sparks, a melted plug, a swollen battery) is never
answered with a routine fix: only an article that itself speaks of a danger answers it, else the
brand's safety line, and the ticket is urgent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.posts import Post
from assistant.services import scratch_services
from assistant.text.hazard import hazard_in
from assistant.triage import triage
from tests.conftest import drafting_in


def kind_of(text: str) -> str:
    hazard = hazard_in(text)
    return hazard.kind if hazard else ""


_THINGS = ["charger", "kettle base", "phone", "power bank", "MacBook charger", "thermostat", "laptop", "dock"]
_DANGERS = [
    "{thing} caught fire",
    "{thing} caught on fire last night",
    "the {thing} started smoking",
    "my {thing} is smoking!!",
    "the {thing} was smoking when I unplugged it",
    "smoke coming out of the {thing}",
    "saw sparks from the {thing}",
    "the {thing} plug looks melted",
    "my {thing} exploded",
    "{thing} is too hot to touch",
    "there's a burning smell from the {thing}",
    "the {thing} battery is swollen",
    "got an electric shock from the {thing}",
    "scorch marks on the wall behind the {thing}",
]
# The same words, in senses that report no danger.
_HARMLESS = [
    "you guys are on fire 🔥",
    "this playlist is on fire",
    "my phone exploded with notifications",
    "burnt hash browns again",
    "what shocked me was the price",
    "my ice cream arrived melted",
    "I have a Sparks card",
    "Smoke & Mirrors isn't on the app",
    "an explosion of flavour",
    "scorching day, is the delivery late?",
    "I'm burning through my data",
    # The habit, not a thing on fire.
    "is smoking allowed on the platforms",
    "Is smoking permitted in the quiet coach?",
    "why is smoking banned at the station",
    "people are smoking on the platform every day",
    "someone is smoking in the toilets again",
]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(_DANGERS), st.sampled_from(_THINGS), st.sampled_from(["", "@Brand ", "help!! "]), st.booleans())
def test_a_danger_is_read_however_it_is_put(danger: str, thing: str, opening: str, shout: bool) -> None:
    text = opening + danger.format(thing=thing)
    assert kind_of(text.upper() if shout else text) == "safety", text


@pytest.mark.parametrize("text", _HARMLESS)
def test_the_same_words_in_another_sense_are_no_danger(text: str) -> None:
    assert hazard_in(text) is None


@pytest.mark.parametrize("text", ["mi cargador se incendió anoche", "le chargeur a pris feu", "das Ladegerät hat Feuer gefangen", "o carregador pegou fogo"])
def test_a_danger_in_a_language_the_brand_has_lines_in_is_read(text: str) -> None:
    assert kind_of(text) == "safety"


def test_a_danger_is_urgent_and_says_why() -> None:
    said = triage(Post("x", "1", "dana", "my charger caught fire, how do I get a new one?"))
    assert said.priority == "urgent" and said.hazard == "caught fire"
    assert any(reason.startswith("safety:") for reason in said.reasons)
    assert triage(Post("x", "2", "dana", "how do I get a new charger?")).hazard == ""


_ROUTINE = """---
id: charging
title: Won't charge or charges slowly
tags: [charging, charger, cable, battery]
reply: "Try another cable and wall adapter, and clear lint from the charging port with a wooden toothpick."
url: https://help.example.com/charging
---
A laptop's adapter is safe for the phone.
"""


def test_a_danger_gets_the_safety_line_not_the_routine_fix(settings: Any, tmp_path: Path) -> None:
    """The folder's only article is about charging: it answers a slow charger, and is withheld
    from a charger that caught fire."""
    with drafting_in(settings, tmp_path / "knowledge", {"charging.md": _ROUTINE}) as (_, draft):
        routine = draft("my phone charger charges really slowly, any tips?", "slow")
        assert [c["article_id"] for c in routine.draft.citations] == ["charging"]
        danger = draft("my phone charger caught fire while charging overnight", "fire")
        assert danger.priority == "urgent"
        assert danger.draft.citations == [] and "toothpick" not in danger.draft.text
        assert "stop using it" in danger.draft.text and "@dana" in danger.draft.text
        assert danger.draft.problems == []  # the brand's own line: Approve can take it as it stands
        assert any(flag.startswith("safety report") for flag in danger.draft.flags)


def test_an_article_about_a_danger_still_answers_one(services: Any) -> None:
    """The sample brand has a safety article: it answers (in a DM), though the kettle article
    ranks above it, and the reply opens with an apology, whatever the post's words."""
    ticket = services.store.get(services.pipeline.ingest(Post("x", "smoke-1", "dana", "my kettle base started smoking, is this safe??")).ticket_id)
    assert [c["article_id"] for c in ticket.draft.citations] == ["overheating-safety"]
    assert "unplug" in ticket.draft.dm_text.lower() and ticket.draft.text.startswith("Sorry")


_SPECIALIST = """---
id: allergies
title: Allergies and dietary needs
tags: [allergy, allergen, dietary]
reply: "Restaurants list allergens on each dish; tap the dish to see them before you order."
url: https://help.example.com/allergies
escalate: true
---
If you've had a reaction to an order, tell us in a DM and a specialist will contact you.
"""


def test_a_specialist_topic_about_something_else_does_not_answer_a_danger(settings: Any, tmp_path: Path) -> None:
    """Marked `escalate: true` but about allergies: it answers the allergy, not the smoke coming
    out of the bag beside it."""
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "allergies.md").write_text(_SPECIALIST, encoding="utf-8")
    (folder / "charging.md").write_text(_ROUTINE, encoding="utf-8")
    with scratch_services(settings, folder) as services:
        services.knowledge.sync()
        text = "is the dish safe to eat with my nut allergy? smoke came out of the bag"
        assert services.knowledge.ground(text, "question").decided.answerable  # the allergies article would answer it
        ticket = services.store.get(services.pipeline.ingest(Post("x", "melt", "dana", text)).ticket_id)
        assert ticket.draft.citations == [] and "allergens" not in ticket.draft.text
        assert "stop using it" in ticket.draft.text


def test_a_danger_asks_for_an_agent_with_the_safety_skill() -> None:
    from assistant.routing import needs

    assert "safety" in needs("x", "my charger caught fire last night", "question", [], [])
    assert "safety" not in needs("x", "my charger charges slowly", "question", [], [])


_GAS = [
    "I can smell gas in the kitchen",
    "there's a smell of gas upstairs",
    "the hall stinks of gas",
    "think we have a gas leak",
    "our CO alarm keeps going off",
]
_GAS += ["the boiler smells like gas", "leaking gas from the hob", "carbon monoxide alarm beeping", "huele a gas en la cocina", "il y a une odeur de gaz"]
_GAS += ["es riecht nach Gas im Keller", "sinto cheiro de gás na cozinha"]
_GAS += ["my co alarm went off last night", "CO detector keeps chirping", "the co alarm in the kitchen started beeping", "co sensor has gone off twice"]


@pytest.mark.parametrize("text", _GAS)
def test_a_smell_of_gas_is_its_own_danger(text: str) -> None:
    assert kind_of(text) == "gas" and kind_of(text.upper()) == "gas"


@pytest.mark.parametrize(
    "text",
    [
        "my gas bill is too high",
        "cooking on gas since 1990",
        "the petrol station ran out of gas",
        "gas and electric on one tariff?",
        "what a gas!",
        "do you fit co alarms?",
        "disco alarm went off",
        "co alarms, are they worth it",
    ],
)
def test_gas_in_another_sense_is_no_danger(text: str) -> None:
    assert kind_of(text) == ""


_BOILER = """---
id: boiler
title: Boiler not heating
tags: [boiler, heating, radiators, hot water]
reply: "Check the boiler's pressure gauge reads between 1 and 1.5 bar, and turn the thermostat up: most boilers restart on their own."
url: https://help.example.com/boiler
---
If the pressure is low, top it up with the filling loop under the boiler.
"""
_GAS_ARTICLE = """---
id: gas-emergency
title: If you smell gas
tags: [gas leak, smell gas, emergency]
reply: "Call the gas emergency line on 0800 111 999 straight away, open windows and don't use switches or flames."
url: https://help.example.com/gas
---
"""


def test_a_smell_of_gas_gets_the_gas_line_never_a_routine_fix_nor_unplugging(settings: Any, tmp_path: Path) -> None:
    """The folder's only article is about a boiler: it answers a cold radiator, and is withheld from
    a boiler smelling of gas, which gets the gas line (leave, no switches), never "keep it
    unplugged" (a plug pulled can spark). An article about gas answers it once the folder has one."""
    folder = tmp_path / "knowledge"
    with drafting_in(settings, folder, {"boiler.md": _BOILER}) as (services, draft):
        assert [c["article_id"] for c in draft("my boiler isn't heating the radiators, any tips?", "cold").draft.citations] == ["boiler"]
        gas = draft("my boiler smells of gas and the radiators are cold", "gas")
        assert gas.priority == "urgent" and gas.draft.citations == []
        assert "leave the building" in gas.draft.text and "unplugged" not in gas.draft.text and "pressure" not in gas.draft.text
        assert gas.draft.problems == [] and any(flag.startswith("gas report") for flag in gas.draft.flags)
        alarm = draft("co alarm in the hall went off and my head is pounding", "co")  # no smell: the line says what to do for the alarm too
        assert alarm.draft.citations == [] and "carbon monoxide alarm" in alarm.draft.text and "leave the building" in alarm.draft.text
        (folder / "gas-emergency.md").write_text(_GAS_ARTICLE, encoding="utf-8")
        services.knowledge.sync()
        answered = draft("I can smell gas near the boiler, what do I do?", "gas-2")
        assert [c["article_id"] for c in answered.draft.citations] == ["gas-emergency"] and "0800 111 999" in answered.draft.text


def test_a_smell_of_gas_asks_for_the_safety_skill() -> None:
    from assistant.routing import needs

    assert "safety" in needs("x", "I can smell gas in the kitchen", "question", [], [])


def test_gas_beside_another_danger_gets_the_gas_advice() -> None:
    """Unplugging is the safety line's advice, and a spark near gas is what must not happen."""
    assert kind_of("smoke from the boiler and I can smell gas") == "gas"
