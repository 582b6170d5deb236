"""The customer's language: detected offline, shown on the card, and answered in."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.language import MIN_LETTERS, Language, detect, mismatch
from assistant.sources.replay import sample_posts_path
from tests.conftest import make_post

OTHER_LANGUAGES = [json.loads(line) for line in (sample_posts_path().parent / "languages.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_sample_posts_in_other_languages_are_recognised_and_every_english_sample_stays_english() -> None:
    assert [detect(post["text"]) for post in OTHER_LANGUAGES] == [Language("es"), Language("fr"), Language("de")]
    english = [json.loads(line)["text"] for line in sample_posts_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    found = {detect(text) for text in english}
    assert found <= {Language("en"), None}, "no English sample is taken for another language"
    assert detect("ARE YOU SERIOUS, MY ORDER IS LATE AGAIN") == Language("en"), "capitals are not another language"


MORE_LANGUAGES = [json.loads(line) for line in (sample_posts_path().parent / "other_languages.jsonl").read_text(encoding="utf-8").splitlines()]


def test_the_other_language_corpus_is_recognised_short_posts_and_turkish_without_its_letters_too() -> None:
    assert len(MORE_LANGUAGES) >= 50 and len({post["lang"] for post in MORE_LANGUAGES}) >= 6
    found = [post for post in MORE_LANGUAGES if detect(post["text"]) == Language(post["lang"])]
    assert len(found) >= len(MORE_LANGUAGES) - 2, [post["text"] for post in MORE_LANGUAGES if post not in found]
    assert detect("¿y mi pedido?") == Language("es") and detect("où en est ma commande ?") == Language("fr")
    assert detect("siparisim nerede? 10 gun oldu hala gelmedi, paket teslim edildi gorunuyor ama elime ulasmadi") == Language("tr")


def test_a_short_post_whose_language_hangs_on_one_word_is_not_named() -> None:
    """Short English posts the model reads as another language for one word ("due" is Italian for
    "two") are not named it; short posts that read as their language without any one of their
    words still are."""
    for english in ("@TidewaveHelp when am I due an upgrade?", "ARE YOU SERIOUS IM LIVID"):
        assert detect(english) in (None, Language("en")), english
    for text, code in (
        ("l'app si chiude appena la apro", "it"),
        ("o aplicativo fecha sozinho quando abro", "pt"),
        ("¿hacéis envíos a España?", "es"),
        ("mijn pakket is niet aangekomen", "nl"),
    ):
        assert detect(text) == Language(code), text


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(["do you sell {}", "where are the {}", "how do I get {}", "what about {}", "can't find the {}", "is there {}", "fix your {}"]),
    st.sampled_from(["gift vouchers", "vouchers", "croissants", "lederhosen", "sushi", "tapas", "kombucha", "the sauna", "garbage ass internet"]),
)
def test_a_short_english_post_about_a_foreign_word_is_not_named_another_language(opening: str, thing: str) -> None:
    """ "do you sell gift vouchers" read as French (0.69) and its card asked for a translation: a short
    post holding a word only English has (a closed class) is never named another language."""
    text = "@PulsefitHelp " + opening.format(thing)
    assert detect(text) in (None, Language("en")), text


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["Central Library", "Branch libraries", "Our depots", "The Harbour Road office"]),
    st.lists(st.sampled_from(["9am", "8pm", "10.30am", "7:30pm", "11am", "4pm", "0800", "12noon"]), min_size=4, max_size=4),
    st.sampled_from(["have their own hours", "post their hours on their page", "close on bank holidays"]),
)
def test_times_and_numbers_in_an_english_text_are_not_read_as_another_language(place: str, times: list[str], more: str) -> None:
    """An article's "Opening hours. Central Library is open 9am to 8pm Monday to Friday … Branch
    libraries have their own hours" read as Esperanto (0.74, for "am" and "pm"), and every draft
    from it asked the agent to translate an English reply for an English post."""
    a, b, c, d = times
    text = f"Opening hours. {place} is open {a} to {b} Monday to Friday, and {c} to {d} on Sunday. Branch libraries {more}, shown on each library's page."
    assert detect(text) in (None, Language("en")), text


def test_a_longer_post_in_another_language_quoting_one_english_phrase_keeps_its_language() -> None:
    assert detect("Dropbox caído. Don't panic, parece que no afecta a los ficheros y están trabajando en ello") == Language("es")


def test_too_little_text_has_no_language() -> None:
    letters = "a" * (MIN_LETTERS - 1)
    assert detect(f"@NimbusHome https://t.co/x 😡😡 {letters}") is None
    assert detect("ok 👍") is None and detect("") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_language_or_none_and_never_an_error(text: str) -> None:
    found = detect(text)
    assert found is None or (isinstance(found.code, str) and found.name)


def test_a_post_in_another_language_says_so_on_the_card(services: Any) -> None:
    spanish = OTHER_LANGUAGES[0]
    ticket_id = services.pipeline.ingest(make_post("es-1", spanish["text"], author=spanish["author"])).ticket_id
    ticket = services.store.get(ticket_id)
    assert "written in Spanish" in ticket.draft.flags
    # The sample folder has this article in Spanish: the post found that text, and is answered from it.
    assert not ticket.no_match and ticket.draft.citations[0]["url"].endswith(f"/es/{spanish['expected'][0]}"), ticket.draft
    english = services.pipeline.ingest(make_post("en-1", "where is my order? tracking hasn't moved since monday")).ticket_id
    assert not any("written in" in flag or "the post is in" in flag for flag in services.store.get(english).draft.flags)


def test_the_offline_draft_says_when_the_article_is_in_another_language(services: Any) -> None:
    """With a multilingual embedding model the English article is found; the card says to translate it."""
    from assistant.kb.evidence import Hit, Thresholds
    from assistant.kb.grounding import Grounding
    from assistant.triage import triage

    post = make_post("de-1", OTHER_LANGUAGES[2]["text"], author="kai_hh")
    grounding = Grounding([Hit("reset-password", 0.8, 0.8, 5.0, "reset-password::1")], services.knowledge.articles, Thresholds(0.5, 1.0))
    draft = services.drafter.draft(post, triage(post), grounding)
    assert draft.citations[0].article_id == "reset-password"
    assert "the post is in German, the article in English: translate the reply, or pass the ticket to a colleague who writes German" in draft.flags
    assert mismatch(Language("en"), Language("en")) == "" and mismatch(None, Language("en")) == ""


def test_the_model_is_asked_to_answer_in_the_customers_language(llm_services: Any) -> None:
    german = make_post("de-1", OTHER_LANGUAGES[2]["text"], author="kai_hh")
    article = llm_services.knowledge.articles["reset-password"]
    user = llm_services.drafter._messages(german, [(article, 0.8)], None, "json_schema")[1].content
    assert "The customer wrote in German: write the reply and any DM in German" in user
    english = llm_services.drafter._messages(make_post("en-1", "ok"), [(article, 0.8)], None, "json_schema")[1].content
    assert "The customer wrote in the customer's language" in english
