"""Articles in other languages: a `translations:` block or a `<id>.<code>.md` file, read, checked,
indexed and answered from in the customer's language."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import ConfigError
from assistant.kb.articles import CHUNKS_PER_VERSION, ArticleError, chunk_kind, parse_article, parse_translation, version_number
from assistant.kb.folder import load_folder
from tests.conftest import examples, make_post

REPO = Path(__file__).resolve().parent.parent
BASE = """---
id: reset-password
title: Reset your password
reply: "Tap Forgot password on the sign-in screen and we'll email a reset link."
url: https://help.example.com/reset-password
{extra}---
## Steps
Open the app, choose Sign in, then Forgot password.
"""
SPANISH = """---
title: Restablecer tu contraseña
reply: "Toca He olvidado mi contraseña al iniciar sesión y te enviaremos un enlace."
url: https://help.example.com/es/reset-password
{extra}---
## Pasos
Abre la app, elige Iniciar sesión y luego He olvidado mi contraseña.
"""


def write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def test_a_file_and_a_block_join_their_article_in_every_language(tmp_path: Path) -> None:
    block = 'translations:\n  pt:\n    title: "Redefinir a palavra-passe"\n    reply: "Toque em Esqueci a palavra-passe."\n'
    write(tmp_path, "account/reset-password.md", BASE.format(extra=block))
    write(tmp_path, "account/reset-password.es.md", SPANISH.format(extra=""))
    loaded = load_folder(tmp_path)
    assert loaded.problems == [] and list(loaded.articles) == ["reset-password"]
    article = loaded.articles["reset-password"]
    assert [t.lang for t in article.translations] == ["es", "pt"]
    spanish = article.in_language("es")
    assert spanish is not None and spanish.title == "Restablecer tu contraseña" and spanish.url == "https://help.example.com/es/reset-password"
    assert spanish.path == "account/reset-password.es.md" and spanish.id == "reset-password"
    portuguese = article.in_language("pt")
    # A block has no body; its url is the article's when it gives none; private and escalate stay the article's.
    assert portuguese is not None and portuguese.body == "" and portuguese.url == article.url and portuguese.private == article.private
    assert article.in_language("it") is None and article.in_language("") is article
    # Chunks: the article's from 0, each language's from its own thousand (the same in every
    # article, so a chunk's number says its language); each title is `n × 1000`.
    es, pt = version_number("es") * CHUNKS_PER_VERSION, version_number("pt") * CHUNKS_PER_VERSION
    assert 0 < es < pt and es % CHUNKS_PER_VERSION == 0
    numbers = [chunk.number for chunk in article.chunks()]
    assert numbers == [0, 1, 2, es, es + 1, es + 2, pt, pt + 1]
    assert [chunk_kind(n) for n in numbers] == ["title", "reply", "section"] * 2 + ["title", "reply"]
    assert article.passage(es + 2) == ("Pasos", "Abre la app, elige Iniciar sesión y luego He olvidado mi contraseña.")
    assert article.passage(2) == ("Steps", "Open the app, choose Sign in, then Forgot password.")
    assert spanish.passage(es + 2) == article.passage(es + 2) and spanish.passage(2) == ("", "") and list(spanish.passage_numbers()) == [es + 2]
    assert [version.lang for version in article.versions()] == ["", "es", "pt"]


def test_a_changed_translation_changes_the_article_so_the_index_re_embeds_it(tmp_path: Path) -> None:
    write(tmp_path, "reset-password.md", BASE.format(extra=""))
    write(tmp_path, "reset-password.es.md", SPANISH.format(extra=""))
    before = load_folder(tmp_path).articles["reset-password"].content_hash
    write(tmp_path, "reset-password.es.md", SPANISH.format(extra="").replace("te enviaremos", "recibirás"))
    assert load_folder(tmp_path).articles["reset-password"].content_hash != before


@pytest.mark.parametrize(
    ("files", "path", "reason"),
    [
        ({"faq.es.md": SPANISH.format(extra="")}, "faq.es.md", "is the Spanish translation of 'faq' (its name says so), but no article has the id 'faq'"),
        (
            {"reset-password.es.md": SPANISH.format(extra="id: other\n")},
            "reset-password.es.md",
            "this file is the Spanish translation of 'reset-password' (its name says so), but its id is 'other'",
        ),
        ({"reset-password.es.md": SPANISH.format(extra="lang: fr\n")}, "reset-password.es.md", "this file's name says es (Spanish), but its lang is 'fr'"),
        ({"reset-password.es.md": SPANISH.format(extra="private: true\n")}, "reset-password.es.md", "is the article's own, in every language"),
        (
            {"reset-password.es.md": SPANISH.format(extra="").replace("te enviaremos un enlace", "x" * 200)},
            "reset-password.es.md",
            "reply is 252 characters; the limit is 230",
        ),
        (
            {"reset-password.es.md": SPANISH.format(extra=""), "more/reset-password.es.md": SPANISH.format(extra="")},
            "more/reset-password.es.md",
            "'reset-password' already has its Spanish text in reset-password.es.md; keep one",
        ),
    ],
)
def test_a_careless_translation_is_reported_for_its_path_and_the_article_still_loads(tmp_path: Path, files: dict[str, str], path: str, reason: str) -> None:
    write(tmp_path, "reset-password.md", BASE.format(extra=""))
    for name, text in files.items():
        write(tmp_path, name, text)
    loaded = load_folder(tmp_path)
    assert "reset-password" in loaded.articles
    assert any(problem.path == path and reason in problem.reason for problem in loaded.problems), loaded.problems


@pytest.mark.parametrize(
    ("block", "line", "reason"),
    [
        ("translations: [es]\n", 6, "translations must map a language code to its title and reply"),
        ("translations:\n  Spanish: {title: T, reply: R}\n", 7, "translations: Spanish: a translation's key is a language code we know, in lower case: ar, cs"),
        ("lang: es\ntranslations:\n  es: {title: T, reply: R}\n", 8, "translations: es: the article itself is in Spanish (lang: es)"),
        ("translations:\n  es: {title: T}\n", 7, "translations: es: reply is missing or not text"),
        ("translations:\n  es: {title: T, reply: R, private: true}\n", 7, "translations: es: unknown field(s) private"),
        ("translations:\n  es: {title: T, reply: '" + "é" * 231 + "'}\n", 7, "translations: es: reply is 231 characters; the limit is 230"),
        ("lang: Spanish\n", 6, "lang 'Spanish' must be a language code in lower case"),
    ],
)
def test_a_careless_translations_block_names_its_line(block: str, line: int, reason: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(Path("reset-password.md"), BASE.format(extra=block))
    assert caught.value.problem.line == line and reason in caught.value.problem.reason, caught.value.problem


def test_a_translation_at_the_reply_limit_loads() -> None:
    text = BASE.format(extra="translations:\n  es: {title: T, reply: '" + "é" * 230 + "'}\n")
    assert len(parse_article(Path("reset-password.md"), text).translations[0].reply) == 230


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(["title", "reply", "url", "tags", "x"]) | st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    block=st.dictionaries(st.sampled_from(["es", "fr", "en", "ES", "x", "pt-BR", "1"]) | st.text(max_size=4), values, max_size=3),
    lang=st.sampled_from(["", "en", "es"]),
)
def test_any_translations_block_is_read_or_named_with_its_line(block: dict[str, Any], lang: str) -> None:
    extra = yaml.safe_dump({"lang": lang, "translations": block} if lang else {"translations": block}, allow_unicode=True, default_flow_style=False)
    try:
        article = parse_article(Path("reset-password.md"), BASE.format(extra=extra))
    except ArticleError as exc:
        assert exc.problem.line >= 1 and exc.problem.reason
    else:
        for translation in article.translations:
            assert translation.lang != lang and translation.title and 0 < len(translation.reply) <= 230
            assert article.in_language(translation.lang) is not None


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keys=st.lists(st.sampled_from(["id", "lang", "title", "reply", "url", "tags", "private", "other"]), max_size=6),
    items=st.lists(values, min_size=6, max_size=6),
)
def test_any_translation_file_is_read_or_named_with_its_line(keys: list[str], items: list[Any]) -> None:
    lines = [yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=10_000).strip() for key, value in zip(keys, items, strict=False)]
    try:
        translation = parse_translation(
            Path("reset-password.es.md"), "---\n" + "\n".join(lines) + "\n---\nCuerpo.\n", None, load_limits(), "reset-password", "es"
        )
    except ArticleError as exc:
        assert exc.problem.path == "reset-password.es.md" and exc.problem.line >= 1 and exc.problem.reason
    else:
        assert translation.lang == "es" and translation.title and 0 < len(translation.reply) <= 230


def load_limits() -> Any:
    from assistant.kb.articles import ArticleLimits

    return ArticleLimits()


def test_the_sample_folder_has_spanish_french_german_and_portuguese_for_the_language_set() -> None:
    loaded = load_folder(REPO / "knowledge")
    assert loaded.problems == []
    expected = {
        article
        for line in (REPO / "assistant" / "samples" / "other_languages.jsonl").read_text(encoding="utf-8").splitlines()
        for article in json.loads(line)["expected"]
    }
    for article_id in expected:
        assert {t.lang for t in loaded.articles[article_id].translations} == {"de", "es", "fr", "pt"}, article_id
    assert CHUNKS_PER_VERSION > max(len(article._chunks()) for article in loaded.articles.values())


# Drafting: the post's language picks the article's version and the brand's lines.


def _draft(services: Any, text: str, author: str = "ana_m") -> Any:
    ticket_id = services.pipeline.ingest(make_post(f"t-{abs(hash(text))}", text, author=author)).ticket_id
    return services.store.get(ticket_id)


def test_a_spanish_post_is_answered_in_spanish_from_the_spanish_text_and_passes_every_check(services: Any) -> None:
    ticket = _draft(services, "@NimbusHome olvidé mi contraseña y el correo para restablecerla no llega, ¿qué hago?")
    draft = ticket.draft
    assert [c["article_id"] for c in draft.citations] == ["reset-password"]
    assert draft.citations[0]["title"] == "Restablecer tu contraseña" and draft.citations[0]["url"].endswith("/es/reset-password")
    assert draft.text.startswith("¡Hola, @ana_m!") or draft.text.startswith("Lo sentimos, @ana_m."), draft.text
    spanish = services.knowledge.articles["reset-password"].in_language("es")
    assert any(sentence in draft.text for sentence in [spanish.reply, *(text for _, text in map(spanish.passage, spanish.passage_numbers()))])
    assert not any("the post is in" in flag or "no greetings" in flag for flag in draft.flags), draft.flags
    assert ticket.state == "awaiting_review" and not draft.blocked, draft.flags


def test_a_post_in_a_language_without_a_translation_gets_the_article_as_written_and_the_card_says_so(services: Any) -> None:
    # Italian: the sample folder has no Italian text, so the reply is English and the card says to translate it.
    from assistant.kb.evidence import Hit, Thresholds
    from assistant.kb.grounding import Grounding
    from assistant.triage import triage

    post = make_post("it-1", "ho dimenticato la password e l'email per reimpostarla non arriva mai, cosa posso fare?", author="gio")
    grounding = Grounding(
        [Hit("reset-password", 0.8, 0.8, 5.0, f"reset-password::{version_number('de')}002")], services.knowledge.articles, Thresholds(0.5, 1.0)
    )
    draft = services.drafter.draft(post, triage(post), grounding)
    assert draft.citations[0].title == "Reset your password"
    assert "the post is in Italian, the article in English: translate the reply, or pass the ticket to a colleague who writes Italian" in draft.flags


def test_a_translation_without_the_brands_lines_in_its_language_opens_with_the_handle_alone(services: Any, tmp_path: Path) -> None:
    from assistant.drafting.offline import OfflineDrafter
    from assistant.drafting.prompts import Prompts
    from assistant.kb.evidence import Hit, Thresholds
    from assistant.kb.grounding import Grounding
    from assistant.triage import triage

    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    (prompts / "greetings.pt.yaml").unlink()
    drafter = OfflineDrafter(Prompts.load(prompts))
    post = make_post("pt-1", "esqueci-me da palavra-passe e o email para a redefinir nunca chega, o que faço?", author="rui")
    grounding = Grounding(
        [Hit("reset-password", 0.8, 0.8, 5.0, f"reset-password::{version_number('pt')}001")], services.knowledge.articles, Thresholds(0.5, 1.0)
    )
    draft = drafter.draft(post, triage(post), grounding)
    portuguese = services.knowledge.articles["reset-password"].in_language("pt")
    assert draft.text.startswith(f"@rui {portuguese.reply}"), draft.text
    assert any(flag.startswith("no greetings in Portuguese: the reply opens with the handle alone") for flag in draft.flags)
    # With the file, the brand's own Portuguese line opens it.
    with_lines = OfflineDrafter(Prompts.load(REPO / "prompts")).draft(post, triage(post), grounding)
    assert with_lines.text.split(" @rui")[0] in ("Olá,", "Lamentamos,") and not any("no greetings" in flag for flag in with_lines.flags), with_lines.text


def test_no_english_sample_post_is_answered_from_a_translation(services: Any) -> None:
    """The detector calls some short English posts French ("how do i reset my password?"); the
    reply's language also needs the post to have matched that language's text, so none switches."""
    from assistant.kb.articles import version_for
    from assistant.language import detect

    texts = [json.loads(line)["text"] for line in (REPO / "assistant" / "samples" / "posts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["how do i reset my password?", "how do I cancel plus", "Merci!! kettle works now"]
    services.knowledge.expect(texts)
    switched = []
    for text in texts:
        grounding = services.knowledge.ground(text)
        for article, _ in grounding.matched:
            if version_for(article, detect(text), grounding.passages.get(article.id, "")) is not article:
                switched.append((text, article.id))
    assert switched == []


def test_praise_in_spanish_is_thanked_in_spanish(services: Any) -> None:
    ticket = _draft(services, "¡Muchísimas gracias al equipo de Nimbus! El hervidor nuevo es una maravilla y llegó en un día 😍")
    assert ticket.draft.text == "¡Muchas gracias, @ana_m! Nos has alegrado el día. Se lo haremos llegar al equipo.", ticket.draft.text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("neutral: Hola\n", "needs text for: negative, positive, praise, dm_line, persists, no_dm_line"),
        ("{}\n", "needs text for:"),
        ("- a list\n", "must map names to texts"),
        ("negative: a\nneutral: b\npositive: c\npraise: d\ndm_line: e\npersists: f\nno_dm_line: g\nhello: h\n", "has lines greetings.yaml doesn't know: hello"),
        ("negative: '{nombre}'\nneutral: b\npositive: c\npraise: d\ndm_line: e\npersists: f\nno_dm_line: g\n", "has a placeholder we don't fill"),
    ],
)
def test_a_careless_greetings_file_in_another_language_stops_the_start_with_its_name(tmp_path: Path, text: str, reason: str) -> None:
    from assistant.drafting.prompts import Prompts

    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    (prompts / "greetings.es.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        Prompts.load(prompts)
    assert "greetings.es.yaml" in str(caught.value) and reason in str(caught.value), caught.value


def test_the_model_is_given_the_article_in_the_customers_language(llm_services: Any) -> None:
    from assistant.kb.articles import version_for
    from assistant.language import detect

    post = make_post("es-1", "olvidé mi contraseña y el correo para restablecerla no llega", author="ana_m")
    article = llm_services.knowledge.articles["reset-password"]
    spanish = version_for(article, detect(post.text), f"reset-password::{version_number('es')}001")
    user = llm_services.drafter._messages(post, [(spanish, 0.8)], None, "json_schema")[1].content
    assert json.dumps(spanish.reply, ensure_ascii=False) in user and json.dumps(article.reply) not in user
    assert "The customer wrote in Spanish: write the reply and any DM in Spanish" in user


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("ma bouilloire ne chauffe plus du tout", "Désolés, @ana_m."),
        ("Mein Wasserkocher heizt nicht mehr, das Licht geht an aber das Wasser bleibt kalt", "Das tut uns leid, @ana_m."),
        ("a minha chaleira não aquece, a luz acende mas a água fica fria", "Lamentamos, @ana_m."),
        ("me habéis cobrado dos veces el mismo pedido", "Lo sentimos, @ana_m."),
        ("comment changer l'adresse e-mail de mon compte ?", "Bonjour @ana_m !"),
        ("Wie lange dauert die Rückerstattung nach der Rücksendung?", "Hallo @ana_m!"),
    ],
)
def test_a_complaint_in_another_language_is_apologised_for_and_a_question_is_not(services: Any, text: str, opening: str) -> None:
    """Harm is read in the post's own language (a negation, a word of failure, money taken twice),
    not by English words: 'ne chauffe plus' is harm, 'Rückerstattung' a plain question."""
    draft = _draft(services, text).draft
    assert draft.text.startswith(opening), draft.text
