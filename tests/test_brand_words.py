"""The brand's own name, which its help centre says in its web addresses, names no article: a
customer says it to thank or blame the brand, not to ask for the article whose title says it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assistant
from assistant.kb.lexical import _ADDRESS, LexicalIndex
from tests.conftest import module_services


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from module_services(tmp_path_factory, "news-brand", knowledge_dir=Path(assistant.__file__).parent / "samples" / "quillmark" / "knowledge")


def test_the_brand_in_a_post_names_no_article(news: Any) -> None:
    """ "love that the price went up again with no warning. thanks quillmark 🙄" named "The
    Quillmark app" (its title says the brand), so the draft told how to update the app."""
    lexical = news.knowledge.index.lexical()
    assert lexical.own_words() == {"quillmark"}
    assert "app" not in lexical.naming("the price went up again with no warning. thanks quillmark")
    assert "app" in lexical.naming("the quillmark app keeps crashing")  # "app" still names it


def _index(texts: list[str]) -> LexicalIndex:
    ids = [f"a{n}::1" for n in range(len(texts))]
    return LexicalIndex(ids, texts, ["" for _ in texts])


@pytest.mark.parametrize(
    ("texts", "own"),
    [
        (["Sign in at acme.example.", "Email help@acme.example.", "Pay in the app.", "Visit acme.example/stores."], {"acm"}),
        (["Sign in at acme.example.", "Pay in the app.", "Call us.", "Chat with us.", "Email us.", "Restart it.", "Update it.", "Wait."], set()),  # 1 in 8
        (["Sign in at acme.example.", "Email help@acme.example."], set()),  # too few articles to tell
        (["Pay by card.", "Call us.", "Chat with us.", "Email us."], set()),
        # A careless article's run of dotted letters is read once, and the addresses beside it still count.
        (["Sign in at acme.example.", "Codes: " + "a." * 5_000 + " and ...acme.example", "Pay in the app.", "Visit acme.example/stores."], {"acm"}),
    ],
)
def test_the_brand_is_the_name_of_a_web_address_said_across_the_folder(texts: list[str], own: set[str]) -> None:
    assert _index(texts).own_words() == own


@pytest.mark.parametrize(
    "text",
    [
        "love that the price went up again with no warning. thanks quillmark 🙄",
        "my subscription has gone up from £9 to £12 a month",
        "why has my price increased without a letter",
    ],
)
def test_an_amount_gone_up_names_the_article_tagged_for_rises(news: Any, text: str) -> None:
    """ "the price went up again" says "price", which the prices article's title says too, and not
    "rise", which the payments article's tags say ("price rise") and its section ("Price rises")."""
    named = news.knowledge.index.lexical().naming(text)
    assert named.get("payments", 0) > named.get("subscribe", 0), named


_PLAIN_ADDRESS = re.compile(r"\b(?:[a-z0-9-]+\.)+(?:example|com|co\.uk|org|net|io|app)\b", re.I)  # read again from every label


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.lists(st.sampled_from(["acme", "help", "a", "1", "www", "co", "uk", "example", "com", "io"]), min_size=1, max_size=6).map(".".join),
        max_size=8,
    ),
    between=st.sampled_from([" ", "/", "//", "…", "...", ", ", "@", "\n"]),
)
def test_an_address_is_read_as_before_from_its_first_label(words: list[str], between: str) -> None:
    """Addresses (labels of letters and digits) between blanks, slashes, dots or an "@" are found
    as a search from every label found them."""
    text = between.join(words)
    assert _ADDRESS.findall(text) == _PLAIN_ADDRESS.findall(text)
