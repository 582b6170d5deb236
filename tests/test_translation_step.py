"""A post in a language the folder has no text in is read through the translation step (an
OpenAI-compatible completions server; here a fake one on loopback, for the real openai client)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from assistant.posts import Post
from assistant.services import Services, build_services
from tests.conftest import make_settings
from tests.fakes.openai_api import FakeOpenAI

ITALIAN = "il mio bollitore non scalda più, la spia si accende ma l'acqua resta fredda"


@pytest.fixture
def translating(tmp_path, llm: FakeOpenAI) -> Iterator[Services]:  # noqa: ANN001
    built = build_services(make_settings(tmp_path, translate_url=llm.url, translate_model="gemma", translate_timeout_seconds=2.0))
    built.knowledge.sync()
    yield built
    built.store.close()


def test_a_post_in_a_language_the_folder_lacks_is_read_in_english_and_the_card_says_so(translating: Services, llm: FakeOpenAI) -> None:
    llm.script.append(" my kettle does not heat any more, the light comes on but the water stays cold")
    ticket = translating.store.get(translating.pipeline.ingest(Post("x", "it-1", "giulia", ITALIAN)).ticket_id)
    assert [c["article_id"] for c in ticket.draft.citations] == ["kettle-not-heating"]
    assert any(flag.startswith("read through the translation step as “my kettle does not heat any more") for flag in ticket.draft.flags)
    assert any("the post is in Italian, the article in English" in flag for flag in ticket.draft.flags), "the reply itself is not translated"
    (request,) = llm.requests
    assert request["model"] == "gemma" and request["prompt"].endswith(f"Italian: {ITALIAN}\nEnglish:") and request["stop"] == ["\n"]


def test_english_and_the_folders_own_languages_are_never_sent_to_it(translating: Services, llm: FakeOpenAI) -> None:
    for number, text in enumerate(["my kettle won't heat up at all", "mi hervidor no calienta, la luz se enciende pero el agua sigue fría"]):
        translating.pipeline.ingest(Post("x", f"own-{number}", "sam", text))
    assert llm.requests == [], "English, and Spanish (the folder has Spanish text), are read as written"


def test_a_failing_translation_step_leaves_the_post_as_written_and_rests(translating: Services, llm: FakeOpenAI) -> None:
    llm.script.append(("status", 500))
    llm.script.append(("status", 500))  # the client's one retry
    ticket = translating.store.get(translating.pipeline.ingest(Post("x", "it-2", "giulia", ITALIAN)).ticket_id)
    asked = len(llm.requests)
    translator = translating.knowledge.translator
    assert translator is not None
    now = translator.resting_until - 1  # within the rest after the failure
    translator.clock = lambda: now
    translating.pipeline.ingest(Post("x", "it-3", "marco", "la mia bollitrice non si accende più da ieri sera"))
    assert len(llm.requests) == asked, "resting: the next post is read as written without asking"
    now = translator.resting_until + 1
    llm.script.append(" my kettle does not switch on since last night")
    translating.pipeline.ingest(Post("x", "it-4", "marco", "la mia bollitrice non si accende più da ieri sera, aiuto"))
    assert len(llm.requests) == asked + 1, "after the rest it is asked again"
    assert ticket is not None and ticket.draft is not None
    assert not any("translation step" in flag for flag in ticket.draft.flags)
    knowledge = translating.knowledge
    knowledge.translator = None  # the same post read as written, as an installation without the step reads it
    read_as_written = knowledge.ground(ITALIAN, ticket.intent)
    assert [c["article_id"] for c in ticket.draft.citations] == [article.id for article, _ in read_as_written.matched]
    assert ticket.no_match == (not read_as_written.matched)


def test_the_llm_drafters_card_says_what_the_post_was_read_as_too(tmp_path, llm: FakeOpenAI) -> None:  # noqa: ANN001
    from tests.test_llm_drafting import answer

    settings = make_settings(tmp_path, translate_url=llm.url, translate_model="gemma", openai_api_key="sk-test", openai_base_url=llm.url)
    built = build_services(settings.model_copy(update={"openai_model": "fake-model", "llm_timeout_seconds": 2.0, "llm_max_retries": 0}))
    built.knowledge.sync()
    llm.script += [" my kettle does not heat any more", answer("@giulia Descale the kettle, then check it sits flat on its base.", ["kettle-not-heating"])]
    draft = built.store.get(built.pipeline.ingest(Post("x", "it-3", "giulia", ITALIAN)).ticket_id).draft
    built.store.close()
    assert draft.drafter == "llm:fake-model"
    assert draft.flags[0].startswith("read through the translation step as “my kettle does not heat any more")
    assert "prompt" in llm.requests[0] and "messages" in llm.requests[1], "read first, then drafted"


def test_no_match_in_a_language_the_folder_lacks_says_so(services: Services) -> None:
    """ "No match" on a post in a language the folder has no text in (and no translation step) may
    only mean retrieval couldn't read it: the card says so. A language the folder has gets no such flag."""
    italian = services.store.get(services.pipeline.ingest(Post("x", "it-1", "dana", "il mio bollitore non scalda più")).ticket_id)
    assert italian.no_match and any("no text in Italian" in flag for flag in italian.draft.flags), italian.draft.flags
    spanish = services.store.get(services.pipeline.ingest(Post("x", "es-1", "dana", "¿enviáis a Noruega? gracias")).ticket_id)
    assert spanish.no_match and not any("no text in" in flag for flag in spanish.draft.flags), spanish.draft.flags
